package report

import (
	"os"
	"reflect"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/xborder/xborder/scanner/detect"
)

func TestPolicyInitParsesToDefault(t *testing.T) {
	p, err := ParsePolicy([]byte(PolicyInit()), SourceBuiltin)
	if err != nil {
		t.Fatalf("PolicyInit does not parse: %v", err)
	}
	if d := DefaultPolicy(); !reflect.DeepEqual(p, d) {
		t.Errorf("PolicyInit parses to\n%+v\nDefaultPolicy is\n%+v", p, d)
	}
	// Every default must be written out in the text, not inherited from the Go defaults.
	var raw rawPolicy
	if err := yaml.UnmarshalWithOptions([]byte(PolicyInit()), &raw, yaml.DisallowUnknownField()); err != nil {
		t.Fatal(err)
	}
	want := defaultRaw()
	raw.Categories, raw.Exemptions, raw.ImportantData, raw.Detectors = nil, nil, nil, nil
	raw.Ignore = rawIgnore{}
	raw.Handler.FreeTradeZone.Lists, raw.Handler.FreeTradeZone.Assignments, raw.Approvals = nil, nil, nil
	if !reflect.DeepEqual(raw, want) {
		t.Errorf("PolicyInit text spells\n%+v\nthe defaults are\n%+v", raw, want)
	}
	if DefaultPolicy().SHA256 != digest([]byte(PolicyInit())) || DefaultPolicy().Source != "built-in" {
		t.Error("the default policy must record the digest of PolicyInit and source built-in")
	}
}

const fullPolicy = `version: 1
handler:
  ciio: true
  free_trade_zone:
    enabled: true
    name: Lingang
    city: Shanghai
    lists:
      - id: sh
        zone: Lingang
        city: Shanghai
        edition: "2025"
        scope: city
        applied_by: ["Hainan FTP"]
        source: "example"
        example: true
        scenarios:
          - id: orders
            sector: retail
            name: "cross-border orders"
            items:
              - name: "bank cards"
                types: [bank_card]
                column_words: ["银行卡"]
                mechanism: contract
                threshold: {min_individuals: 10000, min_sensitive_individuals: 500}
              - name: "genes"
                column_words: ["基因"]
                important_data: true
    assignments:
      - paths: ["orders/**"]
        list: sh
        scenario: orders
        justification: "order fulfilment"
approvals:
  - kind: assessment
    reference: "CAC-2026-17"
    paths: ["orders/**"]
    categories: [bank_card]
    individuals: 2000000
    sensitive_individuals: 50000
    valid_from: "2026-02-01"
    valid_to: "2029-01-31"
prior_totals:
  year: 2026
  individuals: 80000
  sensitive_individuals: 12
time_zone: Europe/Berlin
minor_age: 15
thresholds:
  contract_individuals: 100000
  assessment_individuals: 1000000
  assessment_sensitive: 10000
exempt_transfers_count: false
categories:
  cn_resident_id: personal
  employee_id: sensitive
exemptions:
  - paths: ["hr/**", "payroll/*.csv"]
    article: art5.2
    justification: "HR under the labour rules"
  - paths: ["gba/**"]
    article: gba
    justification: "Shenzhen to Hong Kong"
important_data:
  - name: survey
    column_words: ["矿区坐标"]
    value_pattern: 'KS-\d{8}'
    paths: ["survey/**"]
    source: "Notice 17"
detectors:
  - id: employee_id
    category: personal
    description: "employee number"
    header_words: ["工号"]
    value_pattern: 'E\d{6}'
    checksum: none
    identifying: true
ignore:
  paths: ["**/*.bak"]
  columns: ["note", "tmp_*"]
`

func TestParsePolicyEveryKey(t *testing.T) {
	p, err := ParsePolicy([]byte(fullPolicy), "full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"handler.ciio", p.CIIO, true},
		{"free_trade_zone.enabled", p.FreeTradeZone.Enabled, true},
		{"free_trade_zone.name", p.FreeTradeZone.Name, "Lingang"},
		{"free_trade_zone.city", p.FreeTradeZone.City, "Shanghai"},
		{"lists[0]", []any{p.FreeTradeZone.Lists[0].ID, p.FreeTradeZone.Lists[0].Scope, p.FreeTradeZone.Lists[0].AppliedBy, p.FreeTradeZone.Lists[0].Example},
			[]any{"sh", ScopeCity, []string{"Hainan FTP"}, true}},
		{"item threshold", []int64{p.FreeTradeZone.Lists[0].Scenarios[0].Items[0].MinIndividuals, p.FreeTradeZone.Lists[0].Scenarios[0].Items[0].MinSensitive}, []int64{10000, 500}},
		{"important item defaults to assessment", p.FreeTradeZone.Lists[0].Scenarios[0].Items[1].Mechanism, MechanismAssessment},
		{"assignment matches", third(p.FTZAssignment("orders/2026.csv")).Scenario, "orders"},
		{"no assignment elsewhere", fourth(p.FTZAssignment("hr/a.csv")), false},
		{"approval", []any{p.Approvals[0].Kind, p.Approvals[0].Reference, p.Approvals[0].Individuals, p.Approvals[0].ValidTo.Format("2006-01-02"), p.Approvals[0].ValidTo.Location().String()},
			[]any{ApprovalAssessment, "CAC-2026-17", int64(2000000), "2029-01-31", "Europe/Berlin"}},
		{"gba files still count toward the batch", p.CountsTowardBatch("gba/a.csv"), true},
		{"prior_totals", p.PriorTotals, PriorTotals{Year: 2026, Individuals: 80000, SensitiveIndividuals: 12}},
		{"time_zone", p.Location().String(), "Europe/Berlin"},
		{"minor_age", p.MinorAge, 15},
		{"thresholds", p.Thresholds, Thresholds{100000, 1000000, 10000}},
		{"exempt_transfers_count", p.ExemptTransfersCount, false},
		{"categories override", p.Category("cn_resident_id", detect.CategorySensitive), detect.CategoryPersonal},
		{"categories custom id", p.Category("employee_id", detect.CategoryPersonal), detect.CategorySensitive},
		{"categories default kept", p.Category("email", detect.CategoryPersonal), detect.CategoryPersonal},
		{"exemptions article", p.Exemptions[0].Article, RuleArt52},
		{"exemptions justification", p.Exemptions[0].Justification, "HR under the labour rules"},
		{"important_data", p.ImportantData[0].Source, "Notice 17"},
		{"detectors", p.Detectors[0], DetectorSpec{ID: "employee_id", Category: detect.CategoryPersonal,
			Description: "employee number", HeaderWords: []string{"工号"}, ValuePattern: `E\d{6}`, Checksum: "none", Identifying: true}},
		{"exemption matches second glob", second(p.Exemption("payroll/2026.csv")), true},
		{"exemption does not match elsewhere", second(p.Exemption("sales/2026.csv")), false},
		{"exempt files leave the batch", p.CountsTowardBatch("hr/a.csv"), false},
		{"other files count", p.CountsTowardBatch("sales/a.csv"), true},
		{"ignore.paths", p.IgnorePath("x/y.bak"), true},
		{"ignore.paths other", p.IgnorePath("x/y.csv"), false},
		{"ignore.columns exact", p.IgnoreColumn("note"), true},
		{"ignore.columns glob", p.IgnoreColumn("tmp_1"), true},
		{"ignore.columns other", p.IgnoreColumn("notes"), false},
		{"important by header", p.ImportantMatches("survey/a.csv", []string{"矿区坐标X"}, nil), []string{"survey"}},
		{"important by value type", p.ImportantMatches("survey/a.csv", nil, []string{"important:survey"}), []string{"survey"}},
		{"important outside its paths", p.ImportantMatches("other/a.csv", []string{"矿区坐标X"}, nil), []string(nil)},
		{"prior for its year", first(p.Prior(2026)), int64(80000)},
		{"prior for another year", first(p.Prior(2027)), int64(0)},
		{"ref", p.Ref().CIIO, true},
		{"source", p.Source, "full.yaml"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	reg := p.Registry(detect.NewRegistry())
	emp, ok := reg.Get("employee_id")
	if !ok {
		t.Fatal("custom detector missing from the registry")
	}
	if _, ok := emp.(detect.Identifier); !ok {
		t.Error("identifying detector does not implement detect.Identifier")
	}
	imp, ok := reg.Get("important:survey")
	if !ok || imp.Category() != detect.CategoryNone || !imp.Match([]byte("KS-12345678")) {
		t.Error("important-data value pattern must become a category-none detector")
	}
}

func second[A, B any](_ A, b B) B                 { return b }
func third[A, B, C, D any](_ A, _ B, c C, _ D) C  { return c }
func fourth[A, B, C, D any](_ A, _ B, _ C, d D) D { return d }
func first[A, B any](a A, _ B) A                  { return a }

func TestParsePolicyRejects(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key with suggestion", "version: 1\nhandlr:\n  ciio: true\n",
			`policy.yaml:2:1: unknown key "handlr" (did you mean "handler"?)`},
		{"unknown nested key", "version: 1\nhandler:\n  free_trade_zone:\n    enabeld: true\n",
			`policy.yaml:4:5: unknown key "enabeld" (did you mean "enabled"?)`},
		{"wrong type for a boolean", "version: 1\nhandler:\n  ciio: maybe\n",
			`policy.yaml:3:9: handler.ciio: expected true or false, got "maybe"`},
		{"wrong type for a number", "version: 1\nminor_age: [1]\n",
			`policy.yaml:2:12: minor_age: expected a whole number, got a list`},
		{"list expected", "version: 1\nexemptions: hr\n",
			`policy.yaml:2:13: exemptions: expected a list, got text`},
		{"bad glob", "version: 1\nignore:\n  paths: [\"a[\"]\n",
			`policy.yaml:3:11: ignore.paths[0]: bad glob "a[": unclosed [`},
		{"bad regexp", "version: 1\ndetectors:\n  - id: emp\n    category: personal\n    value_pattern: '(a'\n",
			"policy.yaml:5:5: detectors[0].value_pattern: bad regular expression: missing closing ): `(a`"},
		{"bad category", "version: 1\ncategories:\n  cn_resident_id: secret\n",
			`policy.yaml:3:3: categories.cn_resident_id: unknown category "secret" (use none, personal or sensitive)`},
		{"unknown type id in categories", "version: 1\ncategories:\n  resident_id: personal\n",
			"policy.yaml:3:3: categories.resident_id: unknown type id \"resident_id\" (see `xborder detectors`)"},
		{"unknown article", "version: 1\nexemptions:\n  - paths: [hr/**]\n    article: art9\n    justification: x\n",
			`policy.yaml:4:5: exemptions[0].article: unknown article "art9" (use art4, art5.1, art5.2, art5.3, ndsmr35.6, treaty or gba)`},
		// The keys negative-list packs replaced are refused with a message naming the replacement.
		{"removed negative_list", "version: 1\nhandler:\n  free_trade_zone:\n    enabled: true\n    negative_list:\n      column_words: [\"基因\"]\n      paths: [\"genomics/**\"]\n",
			"policy.yaml:5:5: handler.free_trade_zone.negative_list: " + negativeListMoved},
		{"list item without a mechanism", "version: 1\nhandler:\n  free_trade_zone:\n    enabled: true\n    lists:\n      - id: a\n        zone: z\n        edition: e\n        source: s\n        scenarios:\n          - id: s1\n            items:\n              - name: cards\n                types: [bank_card]\n",
			`policy.yaml:13:17: handler.free_trade_zone.lists[0].scenarios[0].items[0].mechanism: required (assessment or contract)`},
		{"important item under a contract", "version: 1\nhandler:\n  free_trade_zone:\n    enabled: true\n    lists:\n      - id: a\n        zone: z\n        edition: e\n        source: s\n        scenarios:\n          - id: s1\n            items:\n              - name: genes\n                types: [genetic]\n                important_data: true\n                mechanism: contract\n",
			`policy.yaml:16:17: handler.free_trade_zone.lists[0].scenarios[0].items[0].mechanism: important data always needs a security assessment (Order No. 16 Art. 7; NDSMR Art. 37)`},
		{"unknown scope", "version: 1\nhandler:\n  free_trade_zone:\n    enabled: true\n    lists:\n      - id: a\n        zone: z\n        edition: e\n        source: s\n        scope: province\n        scenarios:\n          - id: s1\n",
			`policy.yaml:10:9: handler.free_trade_zone.lists[0].scope: unknown scope "province" (use zone or city)`},
		{"assignment to an unknown scenario", "version: 1\nhandler:\n  free_trade_zone:\n    enabled: true\n    lists:\n      - id: a\n        zone: z\n        edition: e\n        source: s\n        scenarios:\n          - id: s1\n    assignments:\n      - paths: [x/**]\n        list: a\n        scenario: s2\n        justification: j\n",
			`policy.yaml:15:9: handler.free_trade_zone.assignments[0].scenario: list "a" has no scenario "s2"`},
		{"approval without an end", "version: 1\napprovals:\n  - kind: assessment\n    reference: A1\n    paths: [x/**]\n    individuals: 5\n    valid_from: \"2026-01-01\"\n",
			`policy.yaml:3:5: approvals[0].valid_to: required: assessments and certifications last 3 years (Order No. 16 Art. 9; Certification Measures)`},
		{"duplicate approval reference", "version: 1\napprovals:\n  - kind: standard_contract\n    reference: A1\n    paths: [x/**]\n    individuals: 5\n    valid_from: \"2026-01-01\"\n  - kind: standard_contract\n    reference: A1\n    paths: [y/**]\n    individuals: 5\n    valid_from: \"2026-01-01\"\n",
			`policy.yaml:9:5: approvals[1].reference: duplicate reference "A1"`},
		{"approval of an unknown kind", "version: 1\napprovals:\n  - kind: permit\n    reference: A1\n    paths: [x/**]\n    individuals: 5\n    valid_from: \"2026-01-01\"\n",
			`policy.yaml:3:5: approvals[0].kind: unknown kind "permit" (use assessment, standard_contract or certification)`},
		{"missing justification", "version: 1\nexemptions:\n  - paths: [hr/**]\n    article: art5.2\n",
			`policy.yaml:3:5: exemptions[0].justification: required: say why the exemption applies (it is logged as your declaration)`},
		{"blank justification", "version: 1\nexemptions:\n  - paths: [hr/**]\n    article: art5.2\n    justification: \"  \"\n",
			`policy.yaml:5:5: exemptions[0].justification: required: say why the exemption applies (it is logged as your declaration)`},
		{"duplicate detector id", "version: 1\ndetectors:\n  - id: emp\n    category: personal\n    header_words: [a]\n  - id: emp\n    category: personal\n    header_words: [b]\n",
			`policy.yaml:6:5: detectors[1].id: duplicate detector id "emp"`},
		{"detector id shadows a built-in", "version: 1\ndetectors:\n  - id: email\n    category: personal\n    header_words: [a]\n",
			`policy.yaml:3:5: detectors[0].id: "email" is a built-in type id; choose another id or override its category under categories`},
		{"detector id syntax", "version: 1\ndetectors:\n  - id: Emp-1\n    category: personal\n    header_words: [a]\n",
			`policy.yaml:3:5: detectors[0].id: "Emp-1" must be lower-case letters, digits and underscores, starting with a letter`},
		{"unknown checksum", "version: 1\ndetectors:\n  - id: emp\n    category: personal\n    value_pattern: 'x'\n    checksum: crc\n",
			`policy.yaml:6:5: detectors[0].checksum: unknown checksum "crc" (use none, luhn, mod11-2, mod97 or uscc)`},
		{"missing version", "handler:\n  ciio: true\n",
			`policy.yaml: version: required: the first line of a policy is "version: 1"`},
		{"future version", "version: 2\n",
			`policy.yaml:1:1: version: unsupported version 2 (this xborder reads version 1)`},
		{"duplicate key", "version: 1\nversion: 1\n",
			`policy.yaml:2:1: duplicate key "version" (first written at line 1)`},
		{"unknown time zone", "version: 1\ntime_zone: Mars/Olympus\n",
			`policy.yaml:2:1: time_zone: unknown time zone "Mars/Olympus" (an IANA name such as Asia/Shanghai)`},
		{"prior totals need a year", "version: 1\nprior_totals:\n  individuals: 5\n",
			`policy.yaml:2:1: prior_totals.year: required when prior totals are set (totals count only in their calendar year)`},
		{"catalogue entry needs a source", "version: 1\nimportant_data:\n  - name: x\n    paths: [a/**]\n",
			`policy.yaml:3:5: important_data[0].source: required: the notice or published catalogue that names this data (Art. 2)`},
		{"thresholds out of order", "version: 1\nthresholds:\n  contract_individuals: 2000000\n",
			`policy.yaml:3:3: thresholds.contract_individuals: 2000000 must be below assessment_individuals (1000000)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tt.src), "policy.yaml")
			if err == nil {
				t.Fatalf("accepted:\n%s", tt.src)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
}

func TestExamplePolicies(t *testing.T) {
	tests := []struct {
		file  string
		check func(*Policy) bool
	}{
		{"hr-exemption.yaml", func(p *Policy) bool {
			e, ok := p.Exemption("hr/2026/payroll.csv")
			return ok && e.Article == RuleArt52 && p.Category("cn_resident_id", detect.CategorySensitive) == detect.CategoryPersonal
		}},
		{"ciio.yaml", func(p *Policy) bool {
			d, ok := p.Registry(detect.NewRegistry()).Get("meter_account")
			return p.CIIO && ok && d.Match([]byte("4111111111")) == detect.ValidChecksum(detect.ChecksumLuhn, []byte("4111111111"))
		}},
		{"catalogue.yaml", func(p *Policy) bool {
			return len(p.ImportantMatches("boreholes/b1.csv", nil, nil)) == 1 && p.FreeTradeZone.Enabled && !p.ExemptTransfersCount
		}},
		{"shanghai-style.yaml", func(p *Policy) bool {
			l, sc, _, ok := p.FTZAssignment("customers/x.csv")
			return ok && sc.ID == "membership" && l.Example && l.appliesTo(p.FreeTradeZone.Name, p.FreeTradeZone.City)
		}},
		{"beijing-style.yaml", func(p *Policy) bool {
			l, _, _, ok := p.FTZAssignment("customers/x.csv")
			return ok && l.ID == "tianjin-example" && !l.appliesTo(p.FreeTradeZone.Name, p.FreeTradeZone.City)
		}},
		{"gba.yaml", func(p *Policy) bool {
			e, ok := p.Exemption("customers/x.csv")
			h, _ := p.Exemption("hr/x.csv")
			return ok && e.Article == RuleGBA && h.Article == RuleNDSMR356
		}},
		{"approval.yaml", func(p *Policy) bool {
			return len(p.Approvals) == 1 && p.Approvals[0].Kind == ApprovalStandardContract && p.Approvals[0].ValidTo.Year() == 2027
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("../testdata/policies/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := ParsePolicy(data, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(p) {
				t.Errorf("%s parsed, but not as intended: %+v", tt.file, p)
			}
		})
	}
}
