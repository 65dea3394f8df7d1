package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers/hostile"
	"github.com/xborder/xborder/report"
)

// leakID and leakPhone are the PI values the error-path inputs carry; no output may contain them.
const (
	leakID    = "11010519491231002X"
	leakPhone = "13812345678"
)

// xlsxWithBrokenEntity is a workbook whose sheet XML has an unescaped ampersand before a phone
// number: encoding/xml quotes the "entity" in its syntax error.
func xlsxWithBrokenEntity(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>phone</t></is></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>张三&` + leakPhone + ` &a` + leakID + `;</t></is></c></row></sheetData></worksheet>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		require.NoError(t, err)
		io.WriteString(w, p.body)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// TestNoPIValueOnErrorPaths extends TestNoPIValueInAnyOutput to failures: files that fail inside
// a row holding PI (a line over --max-field-bytes, an XML error next to a phone number, binary
// junk around an ID) and a policy whose bad value is an ID number. No report format, evidence
// bundle or log line may quote the values.
func TestNoPIValueOnErrorPaths(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "long-line.csv"), []byte("身份证号,备注\n"+leakID+","+strings.Repeat("很长", 100)+leakPhone+"\n"))
	writeFile(t, filepath.Join(dir, "broken.xlsx"), xlsxWithBrokenEntity(t))
	writeFile(t, filepath.Join(dir, "junk.csv"), append([]byte(leakID+"\x00\x01\x02"+leakPhone), bytes.Repeat([]byte{0, 0xff}, 64)...))
	writeFile(t, filepath.Join(dir, "quoted.csv"), []byte("身份证号,手机号\n\""+leakID+"\",\""+leakPhone+"\n"))
	outDir := t.TempDir()

	var all strings.Builder
	for _, f := range report.Formats() {
		code, stdout, stderr := testApp{now: day}.run(t, "scan", "-f", f, "--max-field-bytes", "64",
			"--evidence", filepath.Join(outDir, "ev-"+f), dir)
		require.Equal(t, exitError, code, stderr)
		all.WriteString(stdout)
		all.WriteString(stderr)
	}
	require.NoError(t, filepath.Walk(outDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		all.Write(data)
		return err
	}))

	pol := filepath.Join(t.TempDir(), "policy.yaml")
	writeFile(t, pol, []byte("version: 1\nminor_age: "+leakID+"\n"))
	code, stdout, stderr := testApp{now: day}.run(t, "scan", "--policy", pol, dir)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "policy.yaml:2", "the policy error still names the line")
	all.WriteString(stdout)
	all.WriteString(stderr)

	text := all.String()
	assert.Contains(t, text, "long-line.csv", "the failures themselves are reported")
	assert.Contains(t, text, "--max-field-bytes")
	for _, v := range []string{leakID, leakPhone, leakID[:12], leakPhone[:8]} {
		if i := strings.Index(text, v); i >= 0 {
			t.Errorf("a PI value leaked on an error path: %q", text[max(0, i-120):min(len(text), i+40)])
		}
	}
}

// Canaries: one valid value of each kind of identifier issue 21 names. TestNoCanaryInAnyOutput
// plants them in every position where input text used to reach an output.
var canaries = []string{
	"11010519491231002X",    // resident ID
	"13812345678",           // mobile
	"zhang.san@example.com", // e-mail
	"6222021234567890128",   // bank card (Luhn)
}

// canaryTraces are the substrings no output may hold: the values, and parts of them longer than
// any mask shows (a mask keeps at most a third of a value, at its ends).
var canaryTraces = []string{
	"11010519491231002X", "110105194912", "19491231", "13812345678", "38123456", "zhang.san@", "zhang.san",
	"6222021234567890128", "622202123456", "1234567890",
}

// canarySheet is a workbook part set: sheets named after canaries, a broken sheet quoting them in
// cells and row and cell attributes, a shared-string reference out of range.
func canaryWorkbook(t *testing.T, broken bool) []byte {
	t.Helper()
	id, phone, email, card := canaries[0], canaries[1], canaries[2], canaries[3]
	cell := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	// A headerless sheet: its first row is personal data, never column names.
	sheet1 := `<sheetData><row r="1">` + cell("A1", id) + cell("B1", phone) + cell("C1", email) + cell("D1", card) + `</row>` +
		`<row r="2">` + cell("A2", id) + cell("B2", phone) + cell("C2", email) + cell("D2", card) + `</row></sheetData>`
	sheet2 := `<sheetData><row r="1">` + cell("A1", "联系人"+phone) + cell("B1", "备注") + `</row><row r="2">` + cell("A2", "x") + cell("B2", "y") + `</row></sheetData>`
	if broken {
		sheet2 = `<sheetData><row r="` + phone + `x" spans="` + card + `"><c r="A1" s="` + id + `" t="inlineStr"><is><t>` + email + ` &` + phone + `</t></is></c>` +
			`<c r="B1" t="s"><v>` + phone + `</v></c></row><row><c><v>` + id + `</x></c></row></sheetData>`
	}
	wb := hostile.WorkbookHead + `<sheet name="` + phone + `" sheetId="1" r:id="rId1"/><sheet name="客户` + card + `" sheetId="2" r:id="rId2"/>` + hostile.WorkbookTail
	rels := strings.Replace(hostile.WorkbookRels, `</Relationships>`, `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`, 1)
	return hostile.Zip(hostile.Workbook(sheet1,
		hostile.Part{Name: "xl/workbook.xml", Body: wb},
		hostile.Part{Name: "xl/_rels/workbook.xml.rels", Body: rels},
		hostile.Part{Name: "xl/worksheets/sheet2.xml", Body: hostile.SheetHead + sheet2 + hostile.SheetTail}))
}

// canaryTree writes a folder whose names, sheet names, header rows and (when broken) error paths
// carry every canary.
func canaryTree(t *testing.T, dir string, broken bool) {
	t.Helper()
	id, phone, email, card := canaries[0], canaries[1], canaries[2], canaries[3]
	rows := func(first string) []byte {
		var b strings.Builder
		b.WriteString(first + "\n")
		for i := 0; i < 5; i++ {
			fmt.Fprintf(&b, "%s,139%08d,user%d@example.org,北京\n", residentID(i), 10000000+i, i)
		}
		return []byte(b.String())
	}
	writeFile(t, filepath.Join(dir, id+".csv"), rows("姓名,手机号,邮箱,城市"))                         // a file named after an ID
	writeFile(t, filepath.Join(dir, phone, email+".csv"), rows(id+","+phone+","+email+",北京")) // a headerless file in a folder named after a phone
	writeFile(t, filepath.Join(dir, "卡"+card+".xlsx"), canaryWorkbook(t, false))              // sheets named after canaries
	writeFile(t, filepath.Join(dir, "names", phone+".bin"), []byte("skipped"))                // skipped, listed by name
	if broken {
		writeFile(t, filepath.Join(dir, "坏"+email+".xlsx"), canaryWorkbook(t, true))
		writeFile(t, filepath.Join(dir, "long-"+phone+".csv"), []byte("a,b\n"+id+","+strings.Repeat("很长", 100)+phone+","+email+","+card+"\n"))
		writeFile(t, filepath.Join(dir, "junk-"+card+".parquet"), []byte("PAR1"+id+phone+"PAR1"))
	}
}

// TestNoCanaryInAnyOutput plants a valid resident ID, mobile number, e-mail address and bank card
// number in file and folder names, sheet names, header rows, the cells and attributes of broken
// workbooks, over-long lines and policy values, and finds none of them in any report format, the
// evidence bundle (manifest included), stderr and the log, the ledger's bytes or its exports.
func TestNoCanaryInAnyOutput(t *testing.T) {
	var all strings.Builder
	collect := func(s string) { all.WriteString(s); all.WriteString("\n") }
	collectDir := func(dir string) {
		require.NoError(t, filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			collect(string(data))
			return err
		}))
	}

	broken := filepath.Join(t.TempDir(), "exports")
	canaryTree(t, broken, true)
	outDir := t.TempDir()
	for _, f := range report.Formats() {
		code, stdout, stderr := testApp{now: day}.run(t, "scan", "-f", f, "--max-field-bytes", "256",
			"--evidence", filepath.Join(outDir, "ev-"+f), broken)
		require.Equal(t, exitError, code, stderr)
		require.NotEmpty(t, stdout)
		collect(stdout)
		collect(stderr)
		code, _, stderr = testApp{now: day}.run(t, "scan", "-q", "-f", f, "--max-field-bytes", "256", "-o", filepath.Join(outDir, "report."+f), broken)
		require.Equal(t, exitError, code, stderr)
		collect(stderr)
	}
	collectDir(outDir)
	text := all.String()
	assert.Contains(t, text, "坏", "the broken workbook is reported")
	assert.Contains(t, text, "long-", "the over-long line is reported")

	// Policy values: each error quotes the bad value.
	for _, body := range []string{
		"minor_age: " + canaries[0],
		"time_zone: Asia/" + canaries[1],
		"ignore:\n  paths: [\"x**" + canaries[1] + "\"]",
		"detectors:\n  - id: custom\n    category: personal\n    value_pattern: '(" + canaries[0] + "'",
		"categories:\n  " + canaries[2] + ": personal",
		"exemptions:\n  - paths: [\"a**" + canaries[3] + "\"]\n    article: art5.1\n    justification: x",
	} {
		pol := filepath.Join(t.TempDir(), "policy.yaml")
		writeFile(t, pol, []byte("version: 1\n"+body+"\n"))
		code, stdout, stderr := testApp{now: day}.run(t, "scan", "--policy", pol, broken)
		assert.Equal(t, exitError, code, body)
		assert.Contains(t, stderr, "policy.yaml:", "the policy error still names its line: %s", stderr)
		collect(stdout)
		collect(stderr)
		code, stdout, stderr = testApp{now: day}.run(t, "detectors", "--policy", pol)
		assert.Equal(t, exitError, code)
		collect(stdout)
		collect(stderr)
	}

	// A run that succeeds and is recorded: names, sheets and refused headers reach the ledger.
	clean := filepath.Join(t.TempDir(), "clean")
	canaryTree(t, clean, false)
	db := filepath.Join(t.TempDir(), "audit.db")
	// The .bin file named after a mobile is excluded (listed, masked) so the run can be recorded.
	code, stdout, stderr := testApp{now: day}.run(t, "scan", "-f", "json", "--fail-on", "never", "--exclude", "**/*.bin", "--ledger", db, "--record", clean)
	require.Equal(t, exitOK, code, stderr)
	collect(stdout)
	collect(stderr)
	r := decodeReport(t, []byte(stdout))
	var cols []string
	for _, f := range r.Files {
		for _, tb := range f.Tables {
			for _, c := range tb.Columns {
				cols = append(cols, c.Name)
			}
		}
	}
	assert.Contains(t, cols, "col_1", "a header row of personal data is read as data")
	for _, sub := range [][]string{{"ledger", "export", "--format", "json"}, {"ledger", "export", "--format", "csv"}, {"ledger", "history"}, {"ledger", "show"}} {
		code, stdout, stderr := testApp{now: day}.run(t, append(sub, "--ledger", db)...)
		require.Equal(t, exitOK, code, stderr)
		collect(stdout)
		collect(stderr)
	}
	// A second run reuses the recorded entries.
	code, stdout, stderr = testApp{now: day}.run(t, "scan", "-f", "json", "--fail-on", "never", "--exclude", "**/*.bin", "--ledger", db, clean)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "result reused")
	collect(stdout)
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if data, err := os.ReadFile(p); err == nil {
			collect(string(data))
		}
	}

	text = all.String()
	for _, v := range canaryTraces {
		for i := 0; ; {
			j := strings.Index(text[i:], v)
			if j < 0 {
				break
			}
			k := i + j
			t.Errorf("an identifier leaked (%q): …%q…", v, text[max(0, k-80):min(len(text), k+40)])
			i = k + len(v)
		}
	}
}
