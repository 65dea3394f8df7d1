package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
)

// TestPoliciesGiveReviewerLabels scans testdata/policy-exports under the example policies and
// checks the labels and reasons a compliance reviewer would expect.
func TestPoliciesGiveReviewerLabels(t *testing.T) {
	dir, err := filepath.Abs("../../testdata/policy-exports")
	require.NoError(t, err)
	type want struct{ label, rule, detail string }
	tests := []struct {
		policy string
		files  map[string]want
		batch  want
	}{
		{
			policy: "",
			files: map[string]want{
				"customers/loyalty.csv":  {"contract", "art8", "500 distinct persons with sensitive personal information"},
				"hr/staff-2026-11.csv":   {"contract", "art8", "60 distinct persons with sensitive"},
				"sales/skus.csv":         {"free", "art3", ""},
				"survey/points-2026.csv": {"free", "art3", ""},
			},
			batch: want{"contract", "art8", "560"},
		},
		{
			// Art. 5(2) declared for hr/**, ID numbers read as ordinary PI, 80,000 persons already
			// sent this year outside xborder.
			policy: "hr-exemption.yaml",
			files: map[string]want{
				"customers/loyalty.csv":  {"free", "art5.4", "80,500"},
				"hr/staff-2026-11.csv":   {"free", "art5.2", "declar"},
				"sales/skus.csv":         {"free", "art3", ""},
				"survey/points-2026.csv": {"free", "art3", ""},
			},
			// The HR staff's salaries are sensitive and exempt transfers still count by default.
			batch: want{"contract", "art8", "60"},
		},
		{
			// A notified catalogue lists the mine survey; customers and HR are assigned to a
			// scenario of the zone's list that names none of their data (Art. 6).
			policy: "catalogue.yaml",
			files: map[string]want{
				"customers/loyalty.csv":  {"free", "art6", `scenario "group-operations"`},
				"hr/staff-2026-11.csv":   {"free", "art6", "EXAMPLE pack"},
				"survey/points-2026.csv": {"assessment", "important-data", "mine-survey"},
			},
			batch: want{"assessment", "important-data", ""},
		},
		{
			// Shanghai-style city-wide pack: the handler is outside the zone but in the city.
			// Members' ID numbers stay below the item's own threshold (10,000), payroll holds the
			// HR scenario's salary item, the survey scenario designates the coordinates important.
			policy: "shanghai-style.yaml",
			files: map[string]want{
				"customers/loyalty.csv":  {"free", "art6", "city-wide in Shanghai"},
				"hr/staff-2026-11.csv":   {"contract", "art8", "60 distinct persons with sensitive"},
				"survey/points-2026.csv": {"assessment", "important-data", `designates "survey-grade coordinates of mining areas"`},
				"sales/skus.csv":         {"free", "art3", ""},
			},
			batch: want{"assessment", "important-data", ""},
		},
		{
			// Beijing-style: a Beijing-zone handler may use the Beijing list but not a Tianjin
			// zone list, so the members assigned to it get the national test.
			policy: "beijing-style.yaml",
			files: map[string]want{
				"customers/loyalty.csv":  {"contract", "art8", "500 distinct persons with sensitive"},
				"hr/staff-2026-11.csv":   {"free", "art6", `scenario "retail-hr"`},
				"survey/points-2026.csv": {"free", "art3", ""},
			},
			batch: want{"contract", "art8", "560"},
		},
		{
			// GBA standard contract for members; a statutory duty for payroll; the GBA route
			// does not cover notified important data.
			policy: "gba.yaml",
			files: map[string]want{
				"customers/loyalty.csv":  {"contract", "gba", "Greater Bay Area"},
				"hr/staff-2026-11.csv":   {"free", "ndsmr35.6", "statutory obligation"},
				"survey/points-2026.csv": {"assessment", "important-data", "mine-survey"},
			},
			batch: want{"assessment", "important-data", ""},
		},
	}
	for _, tc := range tests {
		t.Run("policy "+tc.policy, func(t *testing.T) {
			args := []string{"scan", "-f", "json", "--fail-on", "never"}
			if tc.policy != "" {
				args = append(args, "--policy", filepath.Join("../../testdata/policies", tc.policy))
			}
			code, out, errOut := testApp{now: day}.run(t, append(args, dir)...)
			require.Equal(t, exitOK, code, errOut)
			r := decodeReport(t, []byte(out))
			for path, w := range tc.files {
				f := fileByPath(t, r, path)
				require.NotEmpty(t, f.Verdict.Reasons, path)
				assert.Equal(t, w.label, f.Verdict.Label, path)
				assert.Equal(t, w.rule, f.Verdict.Reasons[0].Rule, "%s: %s", path, f.Verdict.Reasons[0].Detail)
				assert.Contains(t, f.Verdict.Reasons[0].Detail, w.detail, path)
			}
			require.NotEmpty(t, r.Summary.Verdict.Reasons)
			assert.Equal(t, tc.batch.label, r.Summary.Verdict.Label)
			assert.Equal(t, tc.batch.rule, r.Summary.Verdict.Reasons[0].Rule, r.Summary.Verdict.Reasons[0].Detail)
			assert.Contains(t, r.Summary.Verdict.Reasons[0].Detail, tc.batch.detail)
			switch tc.policy {
			case "shanghai-style.yaml":
				hr := fileByPath(t, r, "hr/staff-2026-11.csv")
				assert.Contains(t, reasonRules(hr.Verdict), "ftz-list", "the HR scenario's salary item applies its contract")
				members := fileByPath(t, r, "customers/loyalty.csv")
				assert.Contains(t, strings.Join(members.Verdict.Review, "\n"), "only from 10,000 persons this year")
			case "beijing-style.yaml":
				members := fileByPath(t, r, "customers/loyalty.csv")
				assert.Contains(t, strings.Join(members.Verdict.Review, "\n"), "national rules apply instead of Art. 6")
			case "gba.yaml":
				survey := fileByPath(t, r, "survey/points-2026.csv")
				assert.Contains(t, strings.Join(survey.Verdict.Review, "\n"), "excludes important data")
				var rules []string
				for _, d := range r.Declarations {
					rules = append(rules, d.Rule)
				}
				assert.ElementsMatch(t, []string{"gba", "ndsmr35.6"}, rules, "each route is logged with its justification")
			}
			if tc.policy == "hr-exemption.yaml" {
				hr := fileByPath(t, r, "hr/staff-2026-11.csv")
				var types []string
				for _, tb := range hr.Tables {
					for _, c := range tb.Columns {
						for _, ty := range c.Types {
							types = append(types, ty.Type)
						}
					}
				}
				assert.Contains(t, strings.Join(types, ","), "financial_record", "a declared exemption still lists every finding")
			}
		})
	}
}

func reasonRules(v report.Verdict) []string {
	var out []string
	for _, r := range v.Reasons {
		out = append(out, r.Rule)
	}
	return out
}

// TestBothReadingsOfSensitive: 500 resident ID numbers are a contract under GB/T 35273-2020 (the
// default) and free under GB/T 45574-2025, the ID column deciding; 500 bank cards are a contract
// under both. Fixtures and their truth: testdata/gen/readings.py.
func TestBothReadingsOfSensitive(t *testing.T) {
	dir, err := filepath.Abs("../../testdata/readings")
	require.NoError(t, err)
	code, out, errOut := testApp{now: day}.run(t, "scan", "-f", "json", "--fail-on", "never", dir)
	require.Equal(t, exitOK, code, errOut)
	r := decodeReport(t, []byte(out))
	tests := []struct {
		path, label, alt string
		persons          int64
		cols             []string
	}{
		{"ids.csv", "contract", "free", 500, []string{"身份证号"}},
		{"cards.csv", "contract", "contract", 500, []string{}},
	}
	for _, tt := range tests {
		f := fileByPath(t, r, tt.path)
		assert.Equal(t, tt.persons, f.Individuals, tt.path)
		assert.Equal(t, tt.label, f.Verdict.Label, tt.path)
		require.NotNil(t, f.Verdict.Alternative, tt.path)
		assert.Equal(t, tt.alt, f.Verdict.Alternative.Label, tt.path)
		assert.Equal(t, tt.cols, f.Verdict.Alternative.Columns, tt.path)
		assert.Contains(t, f.Verdict.Alternative.Reading, "GB/T 45574-2025")
	}
	// The batch is a contract under both readings (the cards), and names the column that
	// differs.
	require.NotNil(t, r.Summary.Verdict.Alternative)
	assert.Equal(t, "contract", r.Summary.Verdict.Alternative.Label)
	assert.Equal(t, []string{"ids.csv: 身份证号"}, r.Summary.Verdict.Alternative.Columns)

	// The table, Markdown and HTML show the other reading where it differs, naming the column.
	for _, format := range []string{"table", "markdown", "html"} {
		code, out, errOut := testApp{now: day}.run(t, "scan", "-f", format, "--fail-on", "never", filepath.Join(dir, "ids.csv"))
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, out, "GB/T 45574-2025", format)
		assert.Contains(t, out, "身份证号", format)
	}
	// Under a policy that follows GB/T 45574-2025 the roles swap.
	pol := filepath.Join(t.TempDir(), "45574.yaml")
	require.NoError(t, os.WriteFile(pol, []byte("version: 1\ncategories:\n  cn_resident_id: personal\n"), 0o644))
	code, out, errOut = testApp{now: day}.run(t, "scan", "-f", "json", "--fail-on", "never", "--policy", pol, filepath.Join(dir, "ids.csv"))
	require.Equal(t, exitOK, code, errOut)
	f := decodeReport(t, []byte(out)).Files[0]
	assert.Equal(t, "free", f.Verdict.Label)
	require.NotNil(t, f.Verdict.Alternative)
	assert.Equal(t, "contract", f.Verdict.Alternative.Label)
	assert.Contains(t, f.Verdict.Alternative.Reading, "GB/T 35273-2020")
}

// TestApprovalExceededBySecondRun: a standard contract approved for 800 persons a year covers
// the first recorded run (500 members) and is exceeded by the second (500 other persons: 1,000
// this year, NDSMR Art. 38); it expires within 60 days of both runs.
func TestApprovalExceededBySecondRun(t *testing.T) {
	db := filepath.Join(t.TempDir(), "audit.db")
	pol := "../../testdata/policies/approval.yaml"
	run := func(path string) report.File {
		t.Helper()
		code, out, errOut := testApp{now: day}.run(t, "scan", "-q", "-f", "json", "--fail-on", "never", "--policy", pol, "--ledger", db, "--record", path)
		require.Equal(t, exitOK, code, errOut)
		r := decodeReport(t, []byte(out))
		require.Len(t, r.Files, 1)
		return r.Files[0]
	}
	first := run("../../testdata/policy-exports/customers/loyalty.csv")
	assert.Equal(t, "contract", first.Verdict.Label)
	details := func(v report.Verdict) string {
		var s []string
		for _, r := range v.Reasons {
			s = append(s, r.Detail)
		}
		return strings.Join(s, "\n")
	}
	assert.Contains(t, details(first.Verdict), `Covered by standard contract "SC-440300-2026-0107" (valid until 2027-01-10): 500 persons`)
	assert.Contains(t, strings.Join(first.Verdict.Review, "\n"), "expires on 2027-01-10, in 48 days")

	second := run("../../testdata/readings/ids.csv")
	assert.Equal(t, "contract", second.Verdict.Label)
	assert.Contains(t, details(second.Verdict), `Beyond the scale of standard contract "SC-440300-2026-0107": 1,000 persons against 800 approved`)
	assert.Contains(t, details(second.Verdict), "NDSMR Art. 38")
	require.Len(t, second.Verdict.Approvals, 1)
	assert.Equal(t, report.ApprovalUse{Reference: "SC-440300-2026-0107", Kind: "standard_contract", Status: "exceeded", ExpiresSoon: true}, second.Verdict.Approvals[0])

	// The ledger keeps how the approval met each recorded run.
	code, out, errOut := testApp{now: day}.run(t, "ledger", "show", "--ledger", db)
	require.Equal(t, exitOK, code, errOut)
	assert.Regexp(t, `SC-440300-2026-0107\s+standard_contract\s+2 runs, 2 files\s+latest: exceeded`, out)
}

// TestOldNegativeListRefused: a policy written before negative-list packs stops the run with exit
// code 2 and a message naming the keys that replaced negative_list.
func TestOldNegativeListRefused(t *testing.T) {
	pol := filepath.Join(t.TempDir(), "old.yaml")
	require.NoError(t, os.WriteFile(pol, []byte("version: 1\nhandler:\n  free_trade_zone:\n    enabled: true\n    name: Lingang\n    negative_list:\n      column_words: [\"基因\"]\n      paths: [\"genomics/**\"]\n"), 0o644))
	code, _, errOut := testApp{now: day}.run(t, "scan", "-f", "json", "--policy", pol, "../../testdata/readings/cards.csv")
	assert.Equal(t, exitError, code)
	for _, want := range []string{"old.yaml:6:5", "handler.free_trade_zone.negative_list", "handler.free_trade_zone.lists", "handler.free_trade_zone.assignments"} {
		assert.Contains(t, errOut, want)
	}
}
