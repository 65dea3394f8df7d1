package report

import (
	"errors"
	"strings"
	"testing"

	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

// Column builders for the facts of the table below.
func col(name string, types ...TypeFacts) ColumnFacts {
	return ColumnFacts{Name: name, Rows: 1000, Types: types}
}

func typ(id string, cat detect.Category) TypeFacts {
	return TypeFacts{Type: id, Category: cat, Confidence: 0.99, Matched: 990, Sampled: 1000}
}

var (
	phoneCol = col("手机号", typ("phone_number", detect.CategoryPersonal))
	idCol    = col("身份证号", typ("cn_resident_id", detect.CategorySensitive))
	skuCol   = col("sku")
)

func exact(n, s int64) Counts { return Counts{N: n, S: s, Method: scanner.MethodExact} }

func mustPolicy(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := ParsePolicy([]byte(src), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDecide(t *testing.T) {
	def := DefaultPolicy()
	ciio := mustPolicy(t, "version: 1\nhandler:\n  ciio: true\n")
	catalogue := mustPolicy(t, `version: 1
exemptions:
  - paths: ["hr/**"]
    article: art5.2
    justification: "HR under labour rules"
important_data:
  - name: mine-survey
    column_words: ["矿区坐标"]
    source: "Notice 17"
`)
	declared := func(article string) *Policy {
		return mustPolicy(t, "version: 1\nexemptions:\n  - paths: [\"x/**\"]\n    article: "+article+"\n    justification: \"declared for the test\"\n")
	}
	ftz := mustPolicy(t, "version: 1\nhandler:\n  free_trade_zone:\n    enabled: true\n    name: Lingang\n    negative_list:\n      column_words: [\"基因\"]\n")
	idPersonal := mustPolicy(t, "version: 1\ncategories:\n  cn_resident_id: personal\n")
	idPersonalCol := col("身份证号", typ("cn_resident_id", idPersonal.Category("cn_resident_id", detect.CategorySensitive)))

	tests := []struct {
		name      string
		facts     Facts
		policy    *Policy
		label     string
		rule      string
		inDetail  []string
		inReview  []string
		noReviews bool
	}{
		{name: "error: unreadable file", facts: Facts{Path: "a.csv", Err: errors.New("gzip: invalid header")},
			label: LabelError, rule: RuleError, inDetail: []string{"gzip: invalid header"}},
		{name: "art3: no personal information", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{skuCol, col("uscc", typ("org_credit_code", detect.CategoryNone))}, Counts: exact(0, 0)},
			label: LabelFree, rule: RuleArt3, inDetail: []string{"Art. 3"}, noReviews: true},
		{name: "art5.4: 99,999 persons, no sensitive", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(99_999, 0)},
			label: LabelFree, rule: RuleArt54, inDetail: []string{"99,999", "below 100,000", "Art. 5(4)"}, noReviews: true},
		{name: "art8: exactly 100,000 persons (Civil Code Art. 1259: 以上 includes)", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(100_000, 0)},
			label: LabelContract, rule: RuleArt8, inDetail: []string{"100,000 distinct persons", "at least 100,000 and below 1,000,000", "no sensitive", "Art. 8"}},
		{name: "art8: 999,999 persons", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(999_999, 0)},
			label: LabelContract, rule: RuleArt8, inDetail: []string{"999,999"}},
		{name: "art7.2: exactly 1,000,000 persons", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(1_000_000, 0)},
			label: LabelAssessment, rule: RuleArt72, inDetail: []string{"1,000,000", "at least 1,000,000", "Art. 7(2)"}},
		{name: "art5.4: 0 sensitive persons", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(5, 0)},
			label: LabelFree, rule: RuleArt54, inDetail: []string{"5 distinct persons"}},
		{name: "art8: 1 sensitive person already needs a contract", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(1, 1)},
			label: LabelContract, rule: RuleArt8, inDetail: []string{"1 distinct person with sensitive", "at least 1 and below 10,000"}},
		{name: "art8: 9,999 sensitive persons", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(9_999, 9_999)},
			label: LabelContract, rule: RuleArt8, inDetail: []string{"9,999"}},
		{name: "art7.2: exactly 10,000 sensitive persons", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(10_000, 10_000)},
			label: LabelAssessment, rule: RuleArt72, inDetail: []string{"10,000 distinct persons with sensitive", "at least 10,000"}},
		{name: "art8: prior totals push a small file over 100,000 (Art. 8, cumulative since 1 January)",
			facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: Counts{N: 120_345, S: 0, PriorN: 80_000, Method: scanner.MethodExact}},
			label: LabelContract, rule: RuleArt8, inDetail: []string{"120,345 distinct persons with personal information (including 80,000 recorded earlier this year) is at least 100,000 and below 1,000,000, and no sensitive personal information: Art. 8 requires a standard contract or certification."}},
		{name: "art7.1: CIIO with one person", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(1, 0)}, policy: ciio,
			label: LabelAssessment, rule: RuleArt71, inDetail: []string{"critical information infrastructure", "1 distinct person", "Art. 7(1)"}},
		{name: "art3 before art7.1: CIIO without personal information", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{skuCol}}, policy: ciio,
			label: LabelFree, rule: RuleArt3},
		{name: "important-data: catalogue match under a declared Art. 5(2) exemption (Art. 5 last paragraph)",
			facts:  Facts{Path: "hr/a.csv", Columns: []ColumnFacts{phoneCol, col("矿区坐标")}, Important: []string{"mine-survey"}, Counts: exact(3, 0)},
			policy: catalogue, label: LabelAssessment, rule: RuleImportantData, inDetail: []string{`"mine-survey" (Notice 17)`, "no exemption"},
			inReview: []string{"art5.2 exemption does not apply"}},
		{name: "important-data without any personal information (Art. 2)", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{col("矿区坐标")}, Important: []string{"mine-survey"}},
			policy: catalogue, label: LabelAssessment, rule: RuleImportantData},
		{name: "art4: declared re-export", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(2_000_000, 50_000)}, policy: declared("art4"),
			label: LabelFree, rule: RuleArt4, inDetail: []string{"Art. 4", "user's declaration", "declared for the test", "findings are still listed"},
			inReview: []string{"declared Art. 4", "mainland resident ID"}},
		{name: "art5.1: declared contract with the individual", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(500_000, 0)}, policy: declared("art5.1"),
			label: LabelFree, rule: RuleArt51, inDetail: []string{"Art. 5(1)"}},
		{name: "art5.2: declared HR, customer column flagged", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{col("收货人电话", typ("phone_number", detect.CategoryPersonal))}, Counts: exact(10, 0)}, policy: declared("art5.2"),
			label: LabelFree, rule: RuleArt52, inDetail: []string{"Art. 5(2)"}, inReview: []string{"customer or consignee"}},
		{name: "art5.3: declared emergency", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(10, 0)}, policy: declared("art5.3"),
			label: LabelFree, rule: RuleArt53, inDetail: []string{"Art. 5(3)"}},
		{name: "declared exemption does not cover other paths", facts: Facts{Path: "y/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(100_000, 0)}, policy: declared("art5.1"),
			label: LabelContract, rule: RuleArt8},
		{name: "art6: FTZ, file outside the negative list", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(2_000_000, 0)}, policy: ftz,
			label: LabelFree, rule: RuleArt6, inDetail: []string{`"Lingang"`, "Art. 6"}},
		{name: "art6 does not apply: FTZ negative list covers the header", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol, col("基因型")}, Counts: exact(2_000_000, 0)}, policy: ftz,
			label: LabelAssessment, rule: RuleArt72},
		{name: "art8 with default categories: resident ID is sensitive", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(50, 50)},
			label: LabelContract, rule: RuleArt8},
		{name: "art5.4 after override cn_resident_id: personal (GB/T 45574-2025) flips contract to free", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idPersonalCol}, Counts: exact(50, 50)},
			policy: idPersonal, label: LabelFree, rule: RuleArt54, inDetail: []string{"50 distinct persons"}},
		{name: "art8: estimate uses the upper bound", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol},
			Counts: Counts{N: 100_400, NEstimate: 99_500, Method: scanner.MethodEstimate}},
			label: LabelContract, rule: RuleArt8, inDetail: []string{"up to 100,400", "estimated 99,500"}, inReview: []string{"upper bounds 100,400"}},
		{name: "art5.4: rows method is explained", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{col("姓名", typ("person_name", detect.CategoryPersonal))}, Counts: Counts{N: 40, Method: scanner.MethodRows}},
			label: LabelFree, rule: RuleArt54, inDetail: []string{"one per row"}},
		{name: "review only: genetic data mentions the HGR regime", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{col("rsid", typ("genetic", detect.CategorySensitive))}, Counts: exact(3, 3)},
			label: LabelContract, rule: RuleArt8, inReview: []string{"HGR"}},
		{name: "review only: street-precision coordinates in volume", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{{Name: "坐标", Rows: 40_000,
			Types: []TypeFacts{{Type: "precise_location", Category: detect.CategorySensitive, Confidence: 0.95, Matched: 500, Sampled: 1000}}}}, Counts: exact(100, 100)},
			label: LabelContract, rule: RuleArt8, inReview: []string{"about 20,000 coordinates"}},
		{name: "review only: plates of more than 100,000 persons", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{col("车牌", typ("license_plate", detect.CategoryPersonal))}, Counts: exact(150_000, 0)},
			label: LabelContract, rule: RuleArt8, inReview: []string{"vehicle plates", "150,000"}},
		{name: "review only: suspicious headers", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{skuCol, col("军事设施编号")}},
			label: LabelFree, rule: RuleArt3, inReview: []string{`"军事设施编号"`}},
		{name: "review only: low-confidence column", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{col("备注", TypeFacts{Type: "person_name", Category: detect.CategoryPersonal, Confidence: 0.55})}, Counts: exact(10, 0)},
			label: LabelFree, rule: RuleArt54, inReview: []string{"low confidence (0.55)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.policy
			if p == nil {
				p = def
			}
			v := Decide(tt.facts, p)
			if v.Label != tt.label {
				t.Errorf("label = %q, want %q (reasons %+v)", v.Label, tt.label, v.Reasons)
			}
			if len(v.Reasons) == 0 || v.Reasons[0].Rule != tt.rule {
				t.Fatalf("rule = %+v, want %q", v.Reasons, tt.rule)
			}
			for _, want := range tt.inDetail {
				if !strings.Contains(v.Reasons[0].Detail, want) {
					t.Errorf("detail %q does not contain %q", v.Reasons[0].Detail, want)
				}
			}
			review := strings.Join(v.Review, "\n")
			for _, want := range tt.inReview {
				if !strings.Contains(review, want) {
					t.Errorf("review %q does not contain %q", v.Review, want)
				}
			}
			if tt.noReviews && len(v.Review) > 0 {
				t.Errorf("unexpected review notes %q", v.Review)
			}
			if v.Review == nil {
				t.Error("review must be an empty list, not nil")
			}
		})
	}
}

func TestDecideBatch(t *testing.T) {
	def := DefaultPolicy()
	free54 := Verdict{Label: LabelFree, Reasons: []Reason{{RuleArt54, ""}}}
	free3 := Verdict{Label: LabelFree, Reasons: []Reason{{RuleArt3, ""}}}
	freeHR := Verdict{Label: LabelFree, Reasons: []Reason{{RuleArt52, ""}}}
	errV := Verdict{Label: LabelError, Reasons: []Reason{{RuleError, ""}}}
	imp := Verdict{Label: LabelAssessment, Reasons: []Reason{{RuleImportantData, ""}}}

	tests := []struct {
		name     string
		batch    BatchFacts
		files    []Verdict
		label    string
		rules    []string
		inDetail []string
	}{
		{"art8: two art5.4 files whose union reaches 100,000", BatchFacts{Counts: exact(100_000, 0)}, []Verdict{free54, free54},
			LabelContract, []string{RuleArt8}, []string{"100,000 distinct persons with personal information over the 2 files sent together"}},
		{"art5.4: union below 100,000", BatchFacts{Counts: exact(99_999, 0)}, []Verdict{free54, free3},
			LabelFree, []string{RuleArt54, RuleArt3}, []string{"99,999"}},
		{"error: one unreadable file turns a free batch into error", BatchFacts{Counts: exact(10, 0)}, []Verdict{free54, errV},
			LabelError, []string{RuleError, RuleArt54}, []string{"1 of 2 files could not be read", "would be free"}},
		{"error: one unreadable file turns a contract batch into error", BatchFacts{Counts: exact(200_000, 0)}, []Verdict{free54, errV, free54},
			LabelError, []string{RuleError, RuleArt8}, []string{"1 of 3 files could not be read", "would be contract"}},
		{"important-data stays assessment over an unreadable file", BatchFacts{Counts: exact(10, 0)}, []Verdict{imp, errV},
			LabelAssessment, []string{RuleImportantData, RuleError}, []string{"1 of 2 files match"}},
		{"art5.2: only declared files stay free whatever the union", BatchFacts{Counts: exact(5_000_000, 0)}, []Verdict{freeHR, freeHR},
			LabelFree, []string{RuleArt52}, []string{"2 of 2 files are exempt under Art. 5(2)"}},
		{"art7.2: estimated union uses the upper bound", BatchFacts{Counts: Counts{N: 1_000_300, NEstimate: 996_000, Method: scanner.MethodEstimate}}, []Verdict{free54},
			LabelAssessment, []string{RuleArt72}, []string{"up to 1,000,300"}},
		{"error: interrupted scan", BatchFacts{Counts: exact(1, 0), Incomplete: true}, []Verdict{free54},
			LabelError, []string{RuleError, RuleArt54}, []string{"interrupted"}},
		{"art3: no files", BatchFacts{}, nil, LabelFree, []string{RuleArt3}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := DecideBatch(tt.batch, tt.files, def)
			if v.Label != tt.label {
				t.Errorf("label = %q, want %q (%+v)", v.Label, tt.label, v.Reasons)
			}
			var rules []string
			var details []string
			for _, r := range v.Reasons {
				rules = append(rules, r.Rule)
				details = append(details, r.Detail)
			}
			if strings.Join(rules, ",") != strings.Join(tt.rules, ",") {
				t.Errorf("rules = %v, want %v", rules, tt.rules)
			}
			all := strings.Join(details, "\n")
			for _, want := range tt.inDetail {
				if !strings.Contains(all, want) {
					t.Errorf("details %q do not contain %q", all, want)
				}
			}
			if v.Review == nil {
				t.Error("review must be an empty list, not nil")
			}
		})
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 120345: "120,345", 1000000: "1,000,000", -1234: "-1,234"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}
