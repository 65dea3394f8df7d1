package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
