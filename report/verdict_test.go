package report

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

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

// zonePolicy is a negative-list pack for TestDecide; HZ is the handler's zone, SCOPE the list's.
const zonePolicy = `version: 1
handler:
  free_trade_zone:
    enabled: true
    name: "HZ"
    city: Shanghai
    lists:
      - id: sh
        zone: Lingang
        city: Shanghai
        edition: "2025 ed."
        scope: SCOPE
        applied_by: ["Hainan FTP"]
        source: "example for the tests"
        example: true
        scenarios:
          - id: orders
            sector: retail
            name: "cross-border orders"
            items:
              - name: "bank cards"
                types: [bank_card]
                mechanism: contract
              - name: "health records"
                types: [health]
                mechanism: assessment
              - name: "contacts of 50,000 persons or more"
                types: [phone_number]
                mechanism: contract
                threshold: {min_individuals: 50000}
              - name: "contacts of more than 10 million persons"
                types: [phone_number]
                important_data: true
                threshold: {min_individuals: 10000001}
              - name: "genes"
                column_words: ["基因"]
                important_data: true
    assignments:
      - paths: ["orders/**"]
        list: sh
        scenario: orders
        justification: "order fulfilment"
`

// approvalPolicy holds one approval of each kind, each scoped by path.
const approvalPolicy = `version: 1
approvals:
  - kind: standard_contract
    reference: SC-1
    paths: ["x/**"]
    individuals: 1000
    sensitive_individuals: 100
    valid_from: "2026-01-01"
    valid_to: "2026-12-31"
  - kind: certification
    reference: CERT-2
    paths: ["big/**"]
    individuals: 999999
    sensitive_individuals: 0
    valid_from: "2026-01-01"
    valid_to: "2028-12-31"
  - kind: assessment
    reference: CAC-3
    paths: ["cac/**"]
    categories: [phone_number]
    individuals: 2000000
    sensitive_individuals: 0
    valid_from: "2025-04-01"
    valid_to: "2028-03-31"
`

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
	// A negative-list pack (Order No. 16 Art. 6; docs/rules.md, "Free-trade-zone negative lists"): the handler's zone, city
	// and the list's scope vary per row.
	zone := func(handlerZone, scope string) *Policy {
		return mustPolicy(t, strings.NewReplacer("HZ", handlerZone, "SCOPE", scope).Replace(zonePolicy))
	}
	inZone, cityWide, outside, adopted := zone("Lingang", "zone"), zone("", "city"), zone("", "zone"), zone("Hainan FTP", "zone")
	route := func(article string) *Policy {
		return mustPolicy(t, "version: 1\nexemptions:\n  - paths: [\"x/**\"]\n    article: "+article+"\n    justification: \"declared for the test\"\nimportant_data:\n  - name: mine-survey\n    column_words: [\"矿区坐标\"]\n    source: \"Notice 17\"\n")
	}
	gbaCIIO := mustPolicy(t, "version: 1\nhandler:\n  ciio: true\nexemptions:\n  - paths: [\"x/**\"]\n    article: gba\n    justification: \"Shenzhen to Hong Kong\"\n")
	approvals := mustPolicy(t, approvalPolicy)
	on := func(date string) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, date, approvals.Location())
		if err != nil {
			t.Fatal(err)
		}
		return d.Add(10 * time.Hour)
	}
	cardCol := col("银行卡号", typ("bank_card", detect.CategorySensitive))
	healthCol := col("诊断", typ("health", detect.CategorySensitive))
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
		// inReasons must appear in some reason (approvals and list items come after the first).
		inReasons []string
		// alt is the label under the other reading of identity-document numbers, altCols the
		// columns that decide it.
		alt     string
		altCols []string
	}{
		{name: "error: unreadable file", facts: Facts{Path: "a.csv", Err: errors.New("gzip: invalid header")},
			label: LabelError, rule: RuleError, inDetail: []string{"gzip: invalid header"}},
		{name: "art3: no personal information", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{skuCol, col("uscc", typ("org_credit_code", detect.CategoryNone))}, Counts: exact(0, 0)},
			label: LabelFree, rule: RuleArt3, inDetail: []string{"Art. 3"}, noReviews: true},
		{name: "art5.4: 99,999 persons, no sensitive", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(99_999, 0)},
			label: LabelFree, rule: RuleArt54, inDetail: []string{"99,999", "below 100,000", "Art. 5(4)"}, noReviews: true},
		{name: "art8: exactly 100,000 persons (Civil Code Art. 1259: 以上 includes); contract names both routes (SC Measures Arts. 7-8; Certification Measures, Order No. 20)", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(100_000, 0)},
			label: LabelContract, rule: RuleArt8, inDetail: []string{"100,000 distinct persons", "at least 100,000 and below 1,000,000", "no sensitive", "Art. 8",
				"standard contract (filed with the provincial CAC within 10 working days of taking effect) or a personal-information protection certification"}},
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
			label: LabelContract, rule: RuleArt8, inDetail: []string{"120,345 distinct persons with personal information (including 80,000 recorded earlier this year) is at least 100,000 and below 1,000,000, and no sensitive personal information: Art. 8 requires a standard contract"}},
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
		// Art. 6 as the lists are written (docs/rules.md, "Free-trade-zone negative lists"): a list speaks only for its scenarios.
		{name: "art6: assigned to a listed scenario, no item covers the data (Order No. 16 Art. 6)", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{col("姓名", typ("person_name", detect.CategoryPersonal))}, Counts: exact(2_000_000, 0)}, policy: inZone,
			label: LabelFree, rule: RuleArt6, inDetail: []string{`scenario "orders"`, `"sh" (Lingang, 2025 ed.`, "EXAMPLE", "order fulfilment", "Art. 6"}},
		{name: "art7.2: a file in no listed scenario gets the national test, zone or not (Art. 6 speaks only for listed scenarios)", facts: Facts{Path: "other/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(2_000_000, 0)}, policy: inZone,
			label: LabelAssessment, rule: RuleArt72},
		{name: "art6: a city-wide list binds a handler registered outside the zone (Shanghai list, city-wide since 2026-04)", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{col("姓名", typ("person_name", detect.CategoryPersonal))}, Counts: exact(2_000_000, 0)}, policy: cityWide,
			label: LabelFree, rule: RuleArt6, inDetail: []string{"city-wide in Shanghai"}},
		{name: "art7.2: a zone-only list does not bind a handler outside the zone: national test", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{col("姓名", typ("person_name", detect.CategoryPersonal))}, Counts: exact(2_000_000, 0)}, policy: outside,
			label: LabelAssessment, rule: RuleArt72, inReview: []string{"binds handlers only in Lingang and the zones that apply it (Hainan FTP)", "national rules apply instead of Art. 6"}},
		{name: "art6: a zone may apply a list another zone published", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{col("姓名", typ("person_name", detect.CategoryPersonal))}, Counts: exact(2_000_000, 0)}, policy: adopted,
			label: LabelFree, rule: RuleArt6},
		{name: "ftz-list: an item the file holds applies its mechanism, above the national label (health item: assessment at 50 sensitive persons)", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{healthCol}, Counts: exact(50, 50)}, policy: inZone,
			label: LabelAssessment, rule: RuleFTZList, inDetail: []string{`item "health records"`, "a CAC security assessment", "Art. 6 does not exempt"}, inReasons: []string{"Art. 8 requires"}},
		{name: "ftz-list: an item whose mechanism the national test already requires is listed after it (bank cards: contract)", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{cardCol}, Counts: exact(50, 50)}, policy: inZone,
			label: LabelContract, rule: RuleArt8, inReasons: []string{`item "bank cards"`}},
		{name: "art6: below a zone item's own threshold (49,999 of 50,000 contacts) the item does not apply", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(49_999, 0)}, policy: inZone,
			label: LabelFree, rule: RuleArt6, inReview: []string{`item "contacts of 50,000 persons or more" needs a standard contract or certification only from 50,000 persons this year`}},
		{name: "ftz-list: at a zone item's own threshold (50,000 contacts) its contract applies where the national test says free", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(50_000, 0)}, policy: inZone,
			label: LabelContract, rule: RuleFTZList, inDetail: []string{"from 50,000 persons this year", "a standard contract"}},
		{name: "important-data: a list item designated important data (Order No. 16 Art. 7; NDSMR Art. 37)", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{col("基因序列")}, Counts: exact(0, 0)}, policy: inZone,
			label: LabelAssessment, rule: RuleImportantData, inDetail: []string{`designates "genes"`, "no exemption"}},
		{name: "important-data: a zone volume trigger reached (more than 10 million persons' contacts, Shanghai-style)", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(10_000_001, 0)}, policy: inZone,
			label: LabelAssessment, rule: RuleImportantData, inDetail: []string{"from 10,000,001 persons this year", "10,000,001 persons"}},
		{name: "review: a zone volume trigger for important data not reached yet; NDSMR Art. 28 at 10 million persons", facts: Facts{Path: "orders/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(10_000_000, 0)}, policy: inZone,
			label: LabelAssessment, rule: RuleArt72, inReview: []string{"(a volume trigger)", "watch the year's volume", "NDSMR Art. 28"}, inReasons: []string{`item "contacts of 50,000 persons or more"`}},
		// Routes of the Network Data Security Management Regulations (Decree No. 790, in force 2025-01-01) and the GBA contract.
		{name: "ndsmr35.6: declared statutory duty or obligation (NDSMR Art. 35(6))", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(20_000, 20_000)}, policy: route(RuleNDSMR356),
			label: LabelFree, rule: RuleNDSMR356, inDetail: []string{"NDSMR Art. 35(6)", "declared for the test", "user's declaration"}},
		{name: "treaty: declared treaty conditions (NDSMR Art. 36)", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(2_000_000, 0)}, policy: route(RuleTreaty),
			label: LabelFree, rule: RuleTreaty, inDetail: []string{"NDSMR Art. 36", "treaty"}},
		{name: "gba: the GBA standard contract in place of an assessment (GBA guideline, 2023-12)", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(2_000_000, 0)}, policy: route(RuleGBA),
			label: LabelContract, rule: RuleGBA, inDetail: []string{"Greater Bay Area", "takes the place of what the national test requires (a CAC security assessment)"}, inReasons: []string{"Art. 7(2)"}},
		{name: "gba: a transfer the national test frees needs no contract (Art. 5(4))", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(10, 0)}, policy: route(RuleGBA),
			label: LabelFree, rule: RuleArt54},
		{name: "important-data: the GBA standard contract excludes important data", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{phoneCol, col("矿区坐标")}, Important: []string{"mine-survey"}, Counts: exact(10, 0)}, policy: route(RuleGBA),
			label: LabelAssessment, rule: RuleImportantData, inReview: []string{"GBA standard contract does not apply: it excludes important data"}},
		{name: "art7.1: a CIIO does not rely on the GBA contract (conservative reading)", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(10, 0)}, policy: gbaCIIO,
			label: LabelAssessment, rule: RuleArt71, inDetail: []string{"GBA standard contract is not relied on"}},
		// Approvals (Order No. 16 Art. 9; NDSMR Art. 38; Certification Measures; CAC Q&A 2026-01).
		{name: "approval covers: a filed standard contract within its scale and period", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(50, 50), On: on("2026-06-01")}, policy: approvals,
			label: LabelContract, rule: RuleArt8, inReasons: []string{`Covered by standard contract "SC-1" (valid until 2026-12-31): 50 persons and 50 with sensitive personal information this year are within its approved 1,000 and 100.`}},
		{name: "approval exceeded: the year's persons beyond the approved scale (NDSMR Art. 38)", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{idCol}, Counts: Counts{N: 1_200, S: 120, PriorN: 700, PriorS: 70, Method: scanner.MethodExact}, On: on("2026-06-01")}, policy: approvals,
			label: LabelContract, rule: RuleArt8, inReasons: []string{`Beyond the scale of standard contract "SC-1": 1,200 persons against 1,000 approved and 120 persons with sensitive personal information against 100 approved`, "NDSMR Art. 38"},
			inReview: []string{"beyond the approved scale"}},
		{name: "approval expiring within 60 days (2026-11-15 → 2026-12-31: 46 days)", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(50, 50), On: on("2026-11-15")}, policy: approvals,
			label: LabelContract, rule: RuleArt8, inReview: []string{`standard contract "SC-1" expires on 2026-12-31, in 46 days`}, inReasons: []string{"Covered by"}},
		{name: "approval expired: it no longer covers the transfer", facts: Facts{Path: "x/a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(50, 50), On: on("2027-01-05")}, policy: approvals,
			label: LabelContract, rule: RuleArt8, inReasons: []string{`expired on 2026-12-31`}},
		{name: "approval: mid-year crossing into the assessment band under a contract, earlier volume included (CAC Q&A 2026-01)", facts: Facts{Path: "big/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: Counts{N: 1_000_000, PriorN: 950_000, Method: scanner.MethodExact}, On: on("2026-06-01")}, policy: approvals,
			label: LabelAssessment, rule: RuleArt72, inReasons: []string{`crossed into the assessment band while under personal-information protection certification "CERT-2"`, "1,000,000 persons, 950,000 of them sent earlier this year, reach 1,000,000", "apply for a CAC security assessment"}},
		{name: "approval covers: an assessment covers a transfer in the assessment band", facts: Facts{Path: "cac/a.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(1_500_000, 0), On: on("2026-06-01")}, policy: approvals,
			label: LabelAssessment, rule: RuleArt72, inReasons: []string{`Covered by security assessment "CAC-3" (valid until 2028-03-31)`}},
		// Both readings of sensitive (GB/T 35273-2020 Annex B; GB/T 45574-2025, CAC PI Q&A 2026-01).
		{name: "art8 with default categories: resident ID is sensitive; free under GB/T 45574-2025, decided by the ID column", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(50, 50)},
			label: LabelContract, rule: RuleArt8, alt: LabelFree, altCols: []string{"身份证号"}},
		{name: "art8: bank cards are sensitive under both readings", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{cardCol}, Counts: exact(500, 500)},
			label: LabelContract, rule: RuleArt8, alt: LabelContract, altCols: []string{}},
		{name: "art8: another sensitive column keeps the alternative at the active count", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idCol, cardCol}, Counts: exact(500, 500)},
			label: LabelContract, rule: RuleArt8, alt: LabelContract, altCols: []string{"身份证号"}},
		{name: "art5.4 after override cn_resident_id: personal (GB/T 45574-2025) flips contract to free; contract under GB/T 35273-2020", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{idPersonalCol}, Counts: exact(50, 50)},
			policy: idPersonal, label: LabelFree, rule: RuleArt54, inDetail: []string{"50 distinct persons"}, alt: LabelContract, altCols: []string{"身份证号"}},
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
		{name: "review only: vehicle data under the Automotive Data Outbound Security Guidelines (2026): national bands, scenario exemptions", facts: Facts{Path: "a.csv", Columns: []ColumnFacts{col("车牌", typ("license_plate", detect.CategoryPersonal))}, Counts: exact(150_000, 0)},
			label: LabelContract, rule: RuleArt8, inReview: []string{`plates in column "车牌"`, "Automotive Data Outbound Security Guidelines", "national bands", "OTA"}},
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
			var all []string
			for _, r := range v.Reasons {
				all = append(all, r.Detail)
			}
			for _, want := range tt.inReasons {
				if !strings.Contains(strings.Join(all, "\n"), want) {
					t.Errorf("reasons %q do not contain %q", all, want)
				}
			}
			if tt.alt != "" {
				if v.Alternative == nil || v.Alternative.Label != tt.alt || !reflect.DeepEqual(v.Alternative.Columns, tt.altCols) {
					t.Errorf("alternative = %+v, want %s decided by %q", v.Alternative, tt.alt, tt.altCols)
				} else if (tt.alt != tt.label) != (len(v.Alternative.Reasons) > 0) {
					t.Errorf("alternative reasons %+v: wanted only when the labels differ", v.Alternative.Reasons)
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
		{"art7.2: a file under a zone list item takes the batch volume test (Art. 6 does not exempt it)", BatchFacts{Counts: exact(1_000_000, 0)},
			[]Verdict{{Label: LabelContract, Reasons: []Reason{{RuleFTZList, ""}}}, free54}, LabelAssessment, []string{RuleArt72}, []string{"over the 2 files"}},
		{"gba: the batch is never below a GBA contract file", BatchFacts{Counts: exact(10, 0)},
			[]Verdict{{Label: LabelContract, Reasons: []Reason{{RuleGBA, ""}}}}, LabelContract, []string{RuleArt54, RuleGBA}, []string{"requires a standard contract (filed within 10 working days) or certification on its own"}},
		{"ndsmr35.6 and treaty files stay free like declared exemptions", BatchFacts{Counts: exact(5_000_000, 0)},
			[]Verdict{{Label: LabelFree, Reasons: []Reason{{RuleNDSMR356, ""}}}, {Label: LabelFree, Reasons: []Reason{{RuleTreaty, ""}}}},
			LabelFree, []string{RuleNDSMR356, RuleTreaty}, []string{"NDSMR Art. 35(6)", "NDSMR Art. 36"}},
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

// TestBothReadingsInTheBatch: the batch carries the verdict under the other reading of
// identity-document numbers (GB/T 45574-2025 against the default GB/T 35273-2020), decided from
// the files' alternative verdicts and counts, never below what the other reading still finds
// sensitive in any file.
func TestBothReadingsInTheBatch(t *testing.T) {
	def := DefaultPolicy()
	cardCol := col("银行卡号", typ("bank_card", detect.CategorySensitive))
	healthCol := col("诊断", typ("health", detect.CategorySensitive))
	tests := []struct {
		name     string
		files    []Facts
		batch    Counts
		label    string
		alt      string
		altCols  []string
		altCount int64
	}{
		{"ID numbers only: contract, free under GB/T 45574-2025",
			[]Facts{{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(500, 500)}, {Path: "b.csv", Columns: []ColumnFacts{phoneCol}, Counts: exact(300, 0)}},
			exact(800, 500), LabelContract, LabelFree, []string{"a.csv: 身份证号"}, 0},
		{"bank cards in another file keep the batch a contract under both readings",
			[]Facts{{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(500, 500)}, {Path: "b.csv", Columns: []ColumnFacts{cardCol}, Counts: exact(500, 500)}},
			exact(1000, 1000), LabelContract, LabelContract, []string{"a.csv: 身份证号"}, 500},
		// One person with an ID number in a.csv and a diagnosis in b.csv: the other reading still
		// counts them sensitive (the union bound, not the active union minus a.csv's persons).
		{"a person sensitive elsewhere stays sensitive",
			[]Facts{{Path: "a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(1, 1)}, {Path: "b.csv", Columns: []ColumnFacts{healthCol}, Counts: exact(1, 1)}},
			exact(1, 1), LabelContract, LabelContract, []string{"a.csv: 身份证号"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := make([]Verdict, len(tt.files))
			counted := make([]bool, len(tt.files))
			for i, f := range tt.files {
				vs[i] = Decide(f, def)
				counted[i] = true
			}
			alt := altBatchCounts(tt.batch, vs, counted, def)
			if alt.S != tt.altCount {
				t.Errorf("alternative sensitive persons = %d, want %d", alt.S, tt.altCount)
			}
			v := DecideBatch(BatchFacts{Counts: tt.batch, AltCounts: alt}, vs, def)
			if v.Label != tt.label || v.Alternative == nil || v.Alternative.Label != tt.alt || !reflect.DeepEqual(v.Alternative.Columns, tt.altCols) {
				t.Errorf("batch %s, alternative %+v; want %s, %s decided by %q", v.Label, v.Alternative, tt.label, tt.alt, tt.altCols)
			}
			if got := AlternativeLine(v); (tt.alt != tt.label) != strings.Contains(got, "GB/T 45574-2025") {
				t.Errorf("AlternativeLine = %q", got)
			}
		})
	}
}

// TestBatchApprovals: an approval every file needing a mechanism fits is checked against the
// batch's year counts (NDSMR Art. 38); an approval only some files fit says nothing for the batch.
func TestBatchApprovals(t *testing.T) {
	p := mustPolicy(t, approvalPolicy)
	on := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	a := Decide(Facts{Path: "x/a.csv", Columns: []ColumnFacts{idCol}, Counts: exact(600, 60), On: on}, p)
	b := Decide(Facts{Path: "x/b.csv", Columns: []ColumnFacts{idCol}, Counts: exact(600, 60), On: on}, p)
	c := Decide(Facts{Path: "y/c.csv", Columns: []ColumnFacts{idCol}, Counts: exact(5, 5), On: on}, p)
	v := DecideBatch(BatchFacts{Counts: exact(1200, 120), On: on}, []Verdict{a, b}, p)
	if got := reasonDetails(v); !strings.Contains(got, `Beyond the scale of standard contract "SC-1": 1,200 persons against 1,000 approved`) {
		t.Errorf("batch of two covered files beyond the scale: %s", got)
	}
	if want := []ApprovalUse{{Reference: "SC-1", Kind: ApprovalStandardContract, Status: ApprovalExceeded}}; !reflect.DeepEqual(v.Approvals, want) {
		t.Errorf("batch approvals %+v, want %+v", v.Approvals, want)
	}
	if want := []ApprovalUse{{Reference: "SC-1", Kind: ApprovalStandardContract, Status: ApprovalCovered}}; !reflect.DeepEqual(a.Approvals, want) {
		t.Errorf("file approvals %+v, want %+v", a.Approvals, want)
	}
	v = DecideBatch(BatchFacts{Counts: exact(1205, 125), On: on}, []Verdict{a, b, c}, p)
	if got := reasonDetails(v); strings.Contains(got, "SC-1") {
		t.Errorf("a file outside the approval's scope: the batch must not claim it: %s", got)
	}
}

func reasonDetails(v Verdict) string {
	var s []string
	for _, r := range v.Reasons {
		s = append(s, r.Detail)
	}
	return strings.Join(s, "\n")
}
