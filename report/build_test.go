package report

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

func loadPolicy(t *testing.T, name string) *Policy {
	t.Helper()
	data, err := os.ReadFile("../testdata/policies/" + name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy(data, name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func table(name string, rows int64, cols ...scanner.ColumnResult) scanner.TableResult {
	return scanner.TableResult{Name: name, Rows: rows, Columns: cols}
}

func column(i int, name string, types ...scanner.TypeResult) scanner.ColumnResult {
	return scanner.ColumnResult{Name: name, Index: i, NonEmpty: 1000, Types: types}
}

func piType(id string, cat detect.Category, examples ...string) scanner.TypeResult {
	return scanner.TypeResult{Type: id, Category: cat, Confidence: 0.98, Matched: 1000, Sampled: 1000, Examples: examples}
}

func TestBuildHRExemptionWithPriorTotals(t *testing.T) {
	p := loadPolicy(t, "hr-exemption.yaml") // prior 80,000; cn_resident_id: personal; hr/** art5.2
	when := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	in := Input{
		Tool: Tool{Name: "xborder", Version: "test"}, GeneratedAt: when, Roots: []string{"exports/"}, Policy: p,
		Files: []FileInput{
			{Result: scanner.FileResult{Path: "orders/2026-11.csv", Format: "csv", Encoding: "gb18030", Rows: 52000, SampledRows: 10000,
				Tables: []scanner.TableResult{table("", 52000,
					column(0, "订单号"),
					column(1, "手机号", piType("phone_number", detect.CategoryPersonal, "138****5678")))},
				Notes: []string{"3 ragged rows"}},
				Tally: Tally{Individuals: 30000, IndividualsUpper: 30000, Method: scanner.MethodExact, PriorIndividuals: 80000}},
			{Result: scanner.FileResult{Path: "hr/staff.csv", Format: "csv", Rows: 200,
				Tables: []scanner.TableResult{table("", 200,
					column(0, "姓名", piType("person_name", detect.CategoryPersonal, "张*")),
					column(1, "身份证号", piType("cn_resident_id", detect.CategorySensitive, "1101**********123X")))}},
				Tally: Tally{Individuals: 200, IndividualsUpper: 200, Method: scanner.MethodExact, PriorIndividuals: 80000}},
			{Result: scanner.FileResult{Path: "catalogue.csv", Format: "csv", Rows: 10,
				Tables: []scanner.TableResult{table("", 10, column(0, "sku"))}},
				Tally: Tally{Method: scanner.MethodExact, PriorIndividuals: 80000}},
		},
		Skipped: []Skipped{{Path: "z.docx", Reason: `excluded by --exclude "*.docx"`, Status: SkippedExcluded},
			{Path: "a.pdf", Reason: `excluded by --exclude "*.pdf"`, Status: SkippedExcluded}},
		Batch: Tally{Individuals: 30200, IndividualsUpper: 30200, Method: scanner.MethodExact, PriorIndividuals: 80000},
	}
	rep := Build(in)

	if got := []string{rep.Files[0].Path, rep.Files[1].Path, rep.Files[2].Path}; strings.Join(got, " ") != "orders/2026-11.csv hr/staff.csv catalogue.csv" {
		t.Errorf("files not in input order: %v", got)
	}
	if rep.Skipped[0].Path != "a.pdf" {
		t.Errorf("skipped not sorted by path: %+v", rep.Skipped)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"orders: prior totals push 30,000 over 100,000 (Art. 8)", rep.Files[0].Verdict.Label, LabelContract},
		{"orders rule", rep.Files[0].Verdict.Reasons[0].Rule, RuleArt8},
		{"hr: declared Art. 5(2)", rep.Files[1].Verdict.Label, LabelFree},
		{"hr rule", rep.Files[1].Verdict.Reasons[0].Rule, RuleArt52},
		{"hr: category override shown in the report", rep.Files[1].Tables[0].Columns[1].Types[0].Category, "personal"},
		{"catalogue: no PI (Art. 3)", rep.Files[2].Verdict.Reasons[0].Rule, RuleArt3},
		{"untyped column lists an empty types array", rep.Files[2].Tables[0].Columns[0].Types != nil && len(rep.Files[2].Tables[0].Columns[0].Types) == 0, true},
		{"batch: union 30,200 + prior 80,000", rep.Summary.Verdict.Label, LabelContract},
		{"summary counts", [5]int64{rep.Summary.Files, rep.Summary.Free, rep.Summary.Contract, rep.Summary.Error, rep.Summary.Skipped}, [5]int64{3, 2, 1, 0, 2}},
		{"summary individuals are the batch's own", rep.Summary.Individuals, int64(30200)},
		{"policy ref", rep.Policy.Source, "hr-exemption.yaml"},
		{"declaration recorded", len(rep.Declarations), 1},
		{"notes copied", rep.Files[0].Notes, []string{"3 ragged rows"}},
		{"masked example kept", rep.Files[0].Tables[0].Columns[1].Types[0].Examples, []string{"138****5678"}},
		{"exact counts carry no upper bound", rep.Files[0].IndividualsUpper, int64(0)},
	}
	for _, c := range checks {
		if !equalJSON(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
	if d := rep.Files[0].Verdict.Reasons[0].Detail; !strings.Contains(d, "110,000") || !strings.Contains(d, "80,000 recorded earlier") {
		t.Errorf("orders detail lacks the numbers: %q", d)
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatal(err)
	}
}

func TestBuildErrorEstimateAndImportantData(t *testing.T) {
	p := loadPolicy(t, "catalogue.yaml") // customers/** and hr/** assigned to a list scenario; survey/** catalogue
	in := Input{
		Policy: p,
		Files: []FileInput{
			{Result: scanner.FileResult{Path: "broken.csv.gz", Format: "csv", Err: errors.New("broken.csv.gz: gzip: invalid header")},
				Tally: Tally{Method: scanner.MethodExact}},
			{Result: scanner.FileResult{Path: "genomics/cohort.parquet", Format: "parquet", Rows: 5_000_000,
				Tables: []scanner.TableResult{table("", 5_000_000,
					column(0, "mobile", piType("phone_number", detect.CategoryPersonal, "139****0000")),
					scanner.ColumnResult{Name: "card_no", Index: 1, PrecisionLost: true, Types: []scanner.TypeResult{piType("bank_card", detect.CategorySensitive, "6222********1234")}})}},
				Tally: Tally{Individuals: 1_200_000, IndividualsUpper: 1_215_000, Sensitive: 9_990, SensitiveUpper: 10_030, Method: scanner.MethodEstimate}},
			{Result: scanner.FileResult{Path: "survey/site.csv", Format: "csv", Rows: 10,
				Tables: []scanner.TableResult{table("", 10, column(0, "code", scanner.TypeResult{Type: "important:mine-survey", Category: detect.CategoryNone, Confidence: 1, Matched: 10, Sampled: 10}))}},
				Tally: Tally{Method: scanner.MethodRows}},
			{Result: scanner.FileResult{Path: "customers/a.csv", Format: "csv", Rows: 10,
				Tables: []scanner.TableResult{table("", 10, column(0, "mobile", piType("phone_number", detect.CategoryPersonal)))}},
				Tally: Tally{Individuals: 10, IndividualsUpper: 10, Method: scanner.MethodExact}},
		},
		Batch: Tally{Individuals: 1_200_010, IndividualsUpper: 1_215_010, Sensitive: 9_990, SensitiveUpper: 10_030, Method: scanner.MethodEstimate},
	}
	rep := Build(in)
	f := rep.Files
	checks := []struct {
		name      string
		got, want any
	}{
		{"unreadable file is error", f[0].Verdict.Label, LabelError},
		{"error text kept", f[0].Error, "broken.csv.gz: gzip: invalid header"},
		{"genomics is in no listed scenario: national test; estimate's upper bound 10,030 sensitive (Art. 7(2))", f[1].Verdict.Reasons[0].Rule, RuleArt72},
		{"estimate upper bound reported", f[1].IndividualsUpper, int64(1_215_000)},
		{"estimate method", f[1].IndividualsMethod, "estimate"},
		{"important-data by value-pattern type", f[2].Verdict.Reasons[0].Rule, RuleImportantData},
		{"Art. 6 exempts a file assigned to a listed scenario whose items it does not hold", f[3].Verdict.Reasons[0].Rule, RuleArt6},
		{"the assignment is logged as a declaration", rep.Declarations[0].Rule, RuleArt6},
		{"batch: assessment despite the unread file", rep.Summary.Verdict.Label, LabelAssessment},
		{"summary method", rep.Summary.IndividualsMethod, "estimate"},
	}
	for _, c := range checks {
		if !equalJSON(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
	review := strings.Join(f[1].Verdict.Review, "\n")
	for _, want := range []string{`column "card_no": a spreadsheet stored long numbers`, "upper bounds 1,215,000 and 10,030"} {
		if !strings.Contains(review, want) {
			t.Errorf("review %q lacks %q", review, want)
		}
	}
	var rules []string
	for _, r := range rep.Summary.Verdict.Reasons {
		rules = append(rules, r.Rule)
	}
	if strings.Join(rules, ",") != "important-data,error" {
		t.Errorf("batch reasons %v, want important-data then error (1 of 4 files unread)", rules)
	}
}

func TestBuildBatchErrorOverFreeFiles(t *testing.T) {
	rep := Build(Input{Files: []FileInput{
		{Result: scanner.FileResult{Path: "a.csv", Tables: []scanner.TableResult{table("", 1, column(0, "sku"))}}},
		{Result: scanner.FileResult{Path: "b.xlsx", Err: errors.New("b.xlsx: zip: not a valid zip file")}},
	}})
	if rep.Summary.Verdict.Label != LabelError || rep.Policy.Source != SourceBuiltin {
		t.Errorf("a batch with an unread file must not be free: %+v", rep.Summary.Verdict)
	}
	if rep.Skipped == nil || rep.Roots == nil || rep.Files[0].Verdict.Review == nil {
		t.Error("lists must be empty, not null, in the JSON")
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestBuildNoExamples leaves every masked example out of every format and marks the report.
func TestBuildNoExamples(t *testing.T) {
	in := Input{
		Tool: Tool{Name: "xborder", Version: "test"}, GeneratedAt: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),
		Roots: []string{"exports/"}, NoExamples: true,
		Files: []FileInput{{Result: scanner.FileResult{Path: "a.csv", Format: "csv", Rows: 10,
			Tables: []scanner.TableResult{table("", 10,
				column(0, "手机号", piType("phone_number", detect.CategoryPersonal, "138****5678")),
				column(1, "密码", piType("credential", detect.CategorySensitive, "[secret, 8-15 chars]")))}},
			Tally: Tally{Individuals: 10, IndividualsUpper: 10, Sensitive: 10, SensitiveUpper: 10, Method: scanner.MethodExact}}},
		Batch: Tally{Individuals: 10, IndividualsUpper: 10, Sensitive: 10, SensitiveUpper: 10, Method: scanner.MethodExact},
	}
	rep := Build(in)
	if !rep.ExamplesOmitted {
		t.Errorf("the report does not say its examples were omitted")
	}
	for _, format := range Formats() {
		out := string(render(t, format, WriterOptions{}, &rep))
		for _, ex := range []string{"138****5678", "[secret,"} {
			if strings.Contains(out, ex) {
				t.Errorf("%s holds the example %q despite NoExamples", format, ex)
			}
		}
	}
}

// TestBuildNewVersusAlreadyTransferred splits each file's and the batch's persons by the ledger
// and every format shows the split; without a ledger no format claims anything is new.
func TestBuildNewVersusAlreadyTransferred(t *testing.T) {
	file := func(path string, n, already int64) FileInput {
		return FileInput{Result: scanner.FileResult{Path: path, Format: "csv", Rows: n,
			Tables: []scanner.TableResult{table("", n, column(0, "手机号", piType("phone_number", detect.CategoryPersonal, "138****5678")))}},
			Tally: Tally{Individuals: n, IndividualsUpper: n, Method: scanner.MethodExact, Ledgered: true, Already: already}}
	}
	in := Input{
		Tool: Tool{Name: "xborder", Version: "test"}, GeneratedAt: time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),
		Roots: []string{"exports/"}, Ledger: &LedgerRef{Path: "audit.db", Year: 2026, PriorIndividuals: 500},
		Files: []FileInput{file("old.csv", 400, 400), file("mixed.csv", 300, 200)},
		Batch: Tally{Individuals: 600, IndividualsUpper: 600, Method: scanner.MethodExact, Ledgered: true, Already: 500},
	}
	rep := Build(in)
	if got := *rep.Files[1].New; got != (NewPersons{Individuals: 100, AlreadyIndividuals: 200}) {
		t.Errorf("mixed.csv split = %+v", got)
	}
	if got := *rep.Summary.New; got != (NewPersons{Individuals: 100, AlreadyIndividuals: 500}) {
		t.Errorf("batch split = %+v", got)
	}
	for format, want := range map[string]string{
		"json": `"new":{"individuals":100,"sensitive_individuals":0,"already_individuals":500`, "table": "100 new this year (0 sensitive); 500 already transferred",
		"markdown": "100 new this year (0 sensitive); 500 already transferred", "html": "new this year (0 sensitive)", "csv": ",100,0\n",
	} {
		out := string(render(t, format, WriterOptions{}, &rep))
		if format == "json" {
			out = strings.Join(strings.Fields(out), "")
			want = strings.Join(strings.Fields(want), "")
		}
		if !strings.Contains(out, want) {
			t.Errorf("%s does not show the new/already split %q", format, want)
		}
	}
	if table := string(render(t, "table", WriterOptions{}, &rep)); !strings.Contains(strings.Split(table, "\n")[0], "NEW") {
		t.Errorf("the table has no NEW column with a ledger")
	}
	in.Ledger = nil
	for i := range in.Files {
		in.Files[i].Tally.Ledgered = false
	}
	in.Batch.Ledgered = false
	plain := Build(in)
	if plain.Summary.New != nil || plain.Files[0].New != nil {
		t.Errorf("without a ledger the report claims a new/already split")
	}
	if table := string(render(t, "table", WriterOptions{}, &plain)); strings.Contains(table, "NEW") || strings.Contains(table, "new this year") {
		t.Errorf("without a ledger the table shows new persons:\n%s", table)
	}
}

// TestBuildPathsCarryTheirRootWhenSeveral: with several roots every shown path is under its root,
// so day1/orders.csv and day2/orders.csv stay apart; with one root paths stay relative; a file,
// an archive member of a file argument and an object URL are shown as given. The policy's globs
// still see the path within the root.
func TestBuildPathsCarryTheirRootWhenSeveral(t *testing.T) {
	files := func() []FileInput {
		return []FileInput{
			{Result: scanner.FileResult{Path: "orders.csv", Root: "exports/day1"}},
			{Result: scanner.FileResult{Path: "orders.csv", Root: "exports/day2"}},
			{Result: scanner.FileResult{Path: "sub/hr.csv", Root: "exports/day2"}},
			{Result: scanner.FileResult{Path: "extra.csv", Root: "extra.csv"}},
			{Result: scanner.FileResult{Path: "a.zip!/m.csv", Root: "a.zip", Container: "a.zip"}},
			{Result: scanner.FileResult{Path: "s3://b/p/x.csv", Root: "s3://b/p/"}},
		}
	}
	shown := func(rep Report) []string {
		var out []string
		for _, f := range rep.Files {
			out = append(out, f.Path)
		}
		return out
	}
	several := Build(Input{Roots: []string{"exports/day1", "exports/day2", "extra.csv", "a.zip", "s3://b/p/"}, Files: files()})
	want := []string{"exports/day1/orders.csv", "exports/day2/orders.csv", "exports/day2/sub/hr.csv", "extra.csv", "a.zip!/m.csv", "s3://b/p/x.csv"}
	if got := shown(several); !equalJSON(got, want) {
		t.Errorf("several roots: paths %q, want %q", got, want)
	}
	one := Build(Input{Roots: []string{"exports/day1"}, Files: files()[:1]})
	if got := shown(one); !equalJSON(got, []string{"orders.csv"}) {
		t.Errorf("one root: paths %q, want them relative", got)
	}
}
