package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
			// A notified catalogue lists the mine survey; the rest is free in the pilot FTZ.
			policy: "catalogue.yaml",
			files: map[string]want{
				"customers/loyalty.csv":  {"free", "art6", ""},
				"hr/staff-2026-11.csv":   {"free", "art6", ""},
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
