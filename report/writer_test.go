package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenDir is testdata/golden at the repository root.
const goldenDir = "../testdata/golden"

// Hostile names used by the fixture and the escaping tests.
const (
	hostileScript  = "<script>alert(1)</script>"
	hostileFormula = `=HYPERLINK("http://x")`
	hostileCmd     = `=cmd|' /C calc'!A0`
	hostileANSI    = "\x1b[31mred\nline"
	hostileRLO     = "card\u202Egpj.exe"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func sha(c byte) string { return strings.Repeat(string(c), 64) }

// goldenReport is the one hand-built report every golden file renders: every label, Chinese
// names, hostile names, an estimate, an error file, skipped files, review notes, a ledger and a
// declaration. It is built fresh for each call so tests may modify their copy.
func goldenReport() *Report {
	return &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "xborder", Version: "1.2.3"},
		GeneratedAt:   ts("2026-11-23T02:00:00Z"),
		Roots:         []string{"exports/", "客户数据/"},
		Policy:        PolicyRef{SHA256: sha('a'), CIIO: false, Source: "policy.yaml"},
		Ledger:        &LedgerRef{Path: "audit.db", Year: 2026, PriorIndividuals: 12000, PriorSensitiveIndividuals: 30},
		Summary: Summary{
			Files: 6, Free: 3, Contract: 1, Assessment: 1, Error: 1, Skipped: 2, NotExamined: 1, Excluded: 1,
			Individuals: 183000, SensitiveIndividuals: 14250, IndividualsMethod: "estimate",
			Verdict: Verdict{
				Label: LabelAssessment,
				Reasons: []Reason{
					{Rule: RuleArt72, Detail: "14,250 sensitive individuals this year (30 from the ledger) is at least 10,000"},
				},
				Review: []string{"1 file could not be read; the batch verdict may change once it is"},
			},
		},
		Files: []File{
			{
				Path: "orders/2026-11.csv", Format: "csv", SizeBytes: 1048576, SHA256: sha('1'),
				Modified: ts("2026-11-22T18:00:00Z"), Encoding: "gb18030", Rows: 52000, SampledRows: 10000,
				Tables: []Table{{Name: "", Rows: 52000, Columns: []Column{
					{Name: "订单号", Index: 0, NonEmpty: 10000, Types: []Type{}},
					{Name: "姓名", Index: 1, NonEmpty: 9990, Types: []Type{{Type: "person_name", Category: "personal", Confidence: 0.97, Matched: 9700, Sampled: 9990, Examples: []string{"张*", "李**", "欧阳**"}}}},
					{Name: "手机号", Index: 3, NonEmpty: 9980, Types: []Type{{Type: "phone_number", Category: "personal", Confidence: 0.99, Matched: 9975, Sampled: 9980, Examples: []string{"138****5678", "+86 139****0001"}}}},
					{Name: "收货地址", Index: 4, NonEmpty: 9980, Types: []Type{{Type: "postal_address", Category: "personal", Confidence: 0.92, Matched: 9200, Sampled: 9980, Examples: []string{"北京市朝阳区****"}}}},
				}, Persons: []Role{
					{Role: "buyer", Columns: []string{"姓名", "手机号"}, KeyColumns: []string{"手机号"}, Rows: 52000},
					{Role: "receiver", Columns: []string{"收货地址"}, KeyColumns: []string{}, Rows: 51000},
				}}},
				Individuals: 48000, SensitiveIndividuals: 0, IndividualsMethod: "exact",
				Verdict: Verdict{Label: LabelFree,
					Reasons: []Reason{{Rule: RuleArt54, Detail: "48,000 individuals and no sensitive PI this year (12,000 from the ledger) stay under 100,000"}},
					Review:  []string{"possible important data: 40000 coordinates at street precision"}},
			},
			{
				Path: "hr/员工名单.xlsx", Format: "xlsx", SizeBytes: 88211, SHA256: sha('2'),
				Modified: ts("2026-11-20T09:30:00Z"), Rows: 3200, SampledRows: 3200,
				Tables: []Table{
					{Name: "在职", Rows: 3000, Columns: []Column{
						{Name: "姓名", Index: 0, NonEmpty: 3000, Types: []Type{{Type: "person_name", Category: "personal", Confidence: 1, Matched: 3000, Sampled: 3000, Examples: []string{"王*"}}}},
						{Name: "身份证号", Index: 1, NonEmpty: 3000, MaskedValues: 12, Types: []Type{{Type: "cn_resident_id", Category: "sensitive", Confidence: 1, Matched: 3000, Sampled: 3000, Examples: []string{"1101**********123X"}}}},
					}},
					{Name: "离职", Rows: 200, Columns: []Column{
						{Name: "身份证号", Index: 1, NonEmpty: 200, Types: []Type{{Type: "cn_resident_id", Category: "sensitive", Confidence: 1, Matched: 200, Sampled: 200, Examples: []string{"3101**********002X"}}}},
					}},
				},
				Individuals: 3200, SensitiveIndividuals: 3200, IndividualsMethod: "exact",
				Verdict: Verdict{Label: LabelFree,
					Reasons: []Reason{{Rule: RuleArt52, Detail: "declared: cross-border HR management of employee PI (policy declaration)"}},
					Review:  []string{"declared exemption art5.2 applies; 3,200 sensitive individuals would otherwise need a contract"}},
			},
			{
				Path: "crm/" + hostileScript + ".csv", Format: "csv", SizeBytes: 20480000, SHA256: sha('3'),
				Modified: ts("2026-11-21T12:00:00Z"), Encoding: "utf-8", Rows: 130000, SampledRows: 10000,
				Tables: []Table{{Name: "", Rows: 130000, Columns: []Column{
					{Name: hostileScript, Index: 0, NonEmpty: 10000, Types: []Type{{Type: "email", Category: "personal", Confidence: 0.98, Matched: 9800, Sampled: 10000, Examples: []string{"a***@example.com", "z***@qq.com"}}}},
					{Name: hostileFormula, Index: 1, NonEmpty: 9000, HashedValues: 4000, Types: []Type{{Type: "device_id", Category: "personal", Confidence: 0.81, Matched: 7290, Sampled: 9000, Examples: []string{"86**********123"}}}},
					{Name: "-2+3", Index: 2, NonEmpty: 10000, Types: []Type{{Type: "ip_address", Category: "personal", Confidence: 0.6, Matched: 6000, Sampled: 10000, Examples: []string{"10.***.***.7"}}}},
				}}},
				Individuals: 120000, SensitiveIndividuals: 0, IndividualsMethod: "estimate", IndividualsUpper: 121500,
				Verdict: Verdict{Label: LabelContract,
					Reasons: []Reason{{Rule: RuleArt8, Detail: "about 120,000 individuals (upper bound 121,500) plus 12,000 from the ledger is between 100,000 and 999,999"}},
					Review:  []string{}},
				Notes: []string{"individuals estimated with a sketch; the verdict used the upper bound"},
			},
			{
				Path: "payments/" + hostileANSI + ".parquet", Format: "parquet", SizeBytes: 5242880, SHA256: sha('4'),
				Modified: ts("2026-11-22T23:59:59Z"), Rows: 11000, SampledRows: 10000,
				Tables: []Table{{Name: "", Rows: 11000, Columns: []Column{
					{Name: hostileRLO, Index: 0, NonEmpty: 10000, PrecisionLost: true, Types: []Type{{Type: "bank_card", Category: "sensitive", Confidence: 0.995, Matched: 9950, Sampled: 10000, Examples: []string{"6222********1234"}}}},
					{Name: "余额", Index: 1, NonEmpty: 10000, Types: []Type{{Type: "financial_record", Category: "sensitive", Confidence: 0.9, Matched: 10000, Sampled: 10000, Examples: []string{}}}},
					{Name: "USCC", Index: 2, NonEmpty: 10000, Types: []Type{{Type: "org_credit_code", Category: "none", Confidence: 1, Matched: 10000, Sampled: 10000, Examples: []string{"9111**********XX1H"}}}},
				}}},
				Individuals: 11000, SensitiveIndividuals: 11000, IndividualsMethod: "exact",
				Verdict: Verdict{Label: LabelAssessment,
					Reasons: []Reason{{Rule: RuleArt72, Detail: "11,030 sensitive individuals this year (30 from the ledger) is at least 10,000"}},
					Review:  []string{"column \"USCC\" holds organisation codes, not personal information"}},
			},
			{
				Path: "broken/corrupt.xlsx", Format: "xlsx", SizeBytes: 1200, SHA256: sha('5'),
				Modified: ts("2026-11-19T08:00:00Z"), Tables: []Table{},
				Verdict: Verdict{Label: LabelError,
					Reasons: []Reason{{Rule: RuleError, Detail: "the file could not be read"}}},
				Error: "open broken/corrupt.xlsx: zip: not a valid zip file",
			},
			{
				Path: "reference.zip!/products.csv", Container: "reference.zip", Format: "csv", SizeBytes: 4096, SHA256: sha('6'),
				Modified: ts("2026-11-01T00:00:00Z"), Encoding: "utf-8", Rows: 80, SampledRows: 80,
				Tables: []Table{{Name: "", Rows: 80, Columns: []Column{
					{Name: "sku", Index: 0, NonEmpty: 80},
					{Name: "supplier_uscc", Index: 1, NonEmpty: 80, Types: []Type{{Type: "org_credit_code", Category: "none", Confidence: 1, Matched: 80, Sampled: 80, Examples: []string{"9131**********5X2K"}}}},
				}}},
				IndividualsMethod: "rows",
				Verdict:           Verdict{Label: LabelFree, Reasons: []Reason{{Rule: RuleArt3, Detail: "no personal information and no important data"}}},
			},
		},
		Skipped: []Skipped{
			{Path: "notes.docx", Reason: "unsupported format", Status: SkippedNotExamined},
			{Path: hostileCmd + ".pdf", Reason: `excluded by --exclude "*.pdf"`, Status: SkippedExcluded},
		},
		Archives:     []Archive{{Path: "reference.zip", SHA256: sha('7'), SizeBytes: 2048, Members: 1}},
		Declarations: []Declaration{{Paths: []string{"hr/员工名单.xlsx"}, Rule: RuleArt52, Justification: "cross-border HR management under the group labour rules"}},
	}
}

// goldenCase is one format of the writer registry with its golden file, report<ext> under
// testdata/golden.
type goldenCase struct {
	format string
	file   string
}

// goldenCases lists every registered format: a new format is checked against its golden file
// without editing this test. (A function, not a variable: the registry fills at init, after the
// package's variables.)
func goldenCases() []goldenCase {
	var out []goldenCase
	for _, f := range DefaultWriters().All() {
		out = append(out, goldenCase{f.Name, "report" + f.Ext})
	}
	return out
}

func render(t testing.TB, format string, opt WriterOptions, r *Report) []byte {
	t.Helper()
	w, err := NewWriter(format, opt)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func TestGoldenFilesMatchByteForByte(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.format, func(t *testing.T) {
			got := render(t, tc.format, WriterOptions{}, goldenReport())
			path := filepath.Join(goldenDir, tc.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file (run go test ./report -update if the change is intended):\n%s",
					path, lineDiff(string(want), string(got)))
			}
		})
	}
}

func TestRenderingIsDeterministic(t *testing.T) {
	for _, tc := range goldenCases() {
		a := render(t, tc.format, WriterOptions{}, goldenReport())
		b := render(t, tc.format, WriterOptions{}, goldenReport())
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings of the same report differ", tc.format)
		}
	}
}

func TestWritersDoNotModifyTheReport(t *testing.T) {
	r := &Report{SchemaVersion: 1}
	for _, tc := range goldenCases() {
		render(t, tc.format, WriterOptions{}, r)
	}
	if r.Files != nil || r.Skipped != nil || r.Roots != nil || r.Summary.Verdict.Reasons != nil {
		t.Errorf("a writer filled nil lists in its input: %+v", r)
	}
}

func TestNewWriter(t *testing.T) {
	reg := DefaultWriters()
	for _, f := range reg.All() {
		if _, err := NewWriter(f.Name, WriterOptions{}); err != nil {
			t.Errorf("NewWriter(%q): %v", f.Name, err)
		}
		if !strings.HasPrefix(f.Ext, ".") || f.New == nil {
			t.Errorf("format %q: extension %q must start with a dot and New must be set", f.Name, f.Ext)
		}
	}
	_, err := NewWriter("xml", WriterOptions{})
	if err == nil {
		t.Fatal("NewWriter(xml) returned no error")
	}
	if want := strings.Join(reg.Names(), ", "); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not list the valid formats %q", err, want)
	}
}

// TestEveryGoldenFileHasItsFormat catches a format whose registration was lost: each golden
// report file must belong to a registered format.
func TestEveryGoldenFileHasItsFormat(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "report.*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden report files under %s: %v", goldenDir, err)
	}
	registered := map[string]bool{}
	for _, tc := range goldenCases() {
		registered[tc.file] = true
	}
	for _, f := range files {
		if !registered[filepath.Base(f)] {
			t.Errorf("%s has no registered format", f)
		}
	}
}

func TestWriterRegistryLaterFormatReplacesEarlier(t *testing.T) {
	a := WriterFormat{Name: "x", Ext: ".a", New: func(WriterOptions) Writer { return JSON{} }}
	b := WriterFormat{Name: "x", Ext: ".b", New: func(WriterOptions) Writer { return CSV{} }}
	reg := NewWriterRegistry(a, b)
	if got := reg.All(); len(got) != 1 || got[0].Ext != ".b" {
		t.Fatalf("All() = %+v, want only the later format", got)
	}
	w, err := reg.New("x", WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := w.(CSV); !ok {
		t.Errorf("New(x) = %T, want the later format's writer", w)
	}
}

func TestFormatCount(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {99999, "99,999"}, {100000, "100,000"}, {1234567, "1,234,567"}, {-1234, "-1,234"}, {-123, "-123"}} {
		if got := commas(tc.in); got != tc.want {
			t.Errorf("commas(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSafeText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain text unchanged", "订单/2026.csv", "订单/2026.csv"},
		{"ANSI escape made visible", "\x1b[31mred", `\x1b[31mred`},
		{"newline made visible", "a\nb", `a\nb`},
		{"backslash doubled", `C:\x`, `C:\\x`},
		{"right-to-left override made visible", "a\u202Eb", `a\u202eb`},
		{"C1 CSI made visible", "a\u009bb", `a\u009bb`},
		{"invalid UTF-8 shown as bytes", "a\xffb", `a\xffb`},
		{"literal replacement character kept", "a\uFFFDb", "a\uFFFDb"},
	} {
		if got := safeText(tc.in); got != tc.want {
			t.Errorf("%s: safeText(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

// lineDiff is a small longest-common-subsequence line diff: enough to see what changed in a
// golden file without leaving .got files behind.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(a)*len(b) > 4_000_000 {
		return fmt.Sprintf("(too large to diff: %d vs %d lines)", len(a), len(b))
	}
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	shown := 0
	i, j := 0, 0
	for (i < len(a) || j < len(b)) && shown < 80 {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i++
			j++
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&out, "+%4d %q\n", j+1, b[j])
			j++
			shown++
		default:
			fmt.Fprintf(&out, "-%4d %q\n", i+1, a[i])
			i++
			shown++
		}
	}
	if shown == 80 {
		out.WriteString("… (diff truncated)\n")
	}
	return out.String()
}

// BenchmarkWriters renders a 1,200-file report in every format: writers must stay cheap next to
// scanning even for large batches.
func BenchmarkWriters(b *testing.B) {
	r := goldenReport()
	base := r.Files
	for i := 0; len(r.Files) < 1200; i++ {
		f := base[i%len(base)]
		f.Path = fmt.Sprintf("batch/%04d/%s", i, f.Path)
		r.Files = append(r.Files, f)
	}
	for _, tc := range goldenCases() {
		b.Run(tc.format, func(b *testing.B) {
			w, err := NewWriter(tc.format, WriterOptions{})
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := w.Write(&buf, r); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
