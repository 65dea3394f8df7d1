package readers

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxSheet is one table as read: name, columns, rows and stats.
type xlsxSheet struct {
	name  string
	cols  []string
	rows  [][]string
	stats TableStats
}

// xlsxOpenBytes opens data as a file on disk named name (an *os.File, as the scanner passes).
func xlsxOpenBytes(t testing.TB, name string, data []byte, lim Limits) (File, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return xlsxOpenPath(t, p, lim)
}

func xlsxOpenPath(t testing.TB, p string, lim Limits) (File, error) {
	t.Helper()
	return openPath(t, p, lim)
}

// xlsxReadAll reads every table of f, stopping at the first error.
func xlsxReadAll(f File) ([]xlsxSheet, error) {
	var out []xlsxSheet
	var b Batch
	for {
		tbl, err := f.NextTable()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		s := xlsxSheet{name: tbl.Name(), cols: append([]string(nil), tbl.Columns()...)}
		for {
			err := tbl.Next(&b)
			if err == io.EOF {
				break
			}
			if err != nil {
				return out, err
			}
			for r := 0; r < b.Rows; r++ {
				row := make([]string, len(b.Columns))
				for c := range b.Columns {
					row[c] = string(b.Columns[c].Cell(r))
				}
				s.rows = append(s.rows, row)
			}
		}
		s.stats = tbl.Stats()
		out = append(out, s)
	}
}

func xlsxReadFile(t testing.TB, p string, lim Limits) []xlsxSheet {
	t.Helper()
	f, err := xlsxOpenPath(t, p, lim)
	if err != nil {
		t.Fatalf("open %s: %v", p, err)
	}
	defer f.Close()
	sheets, err := xlsxReadAll(f)
	if err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	return sheets
}

func TestXLSXConformanceMatchesExpectedJSON(t *testing.T) {
	want := referenceTable(t)
	for _, batchRows := range []int{1, 3, 4096} {
		sheets := xlsxReadFile(t, "../testdata/conformance/reference.xlsx", Limits{BatchRows: batchRows})
		if got := len(sheets); got != 2 {
			t.Fatalf("batch %d: %d sheets, want 2 (the hidden one included)", batchRows, got)
		}
		for i, name := range []string{"订单", "备份"} {
			s := sheets[i]
			if s.name != name {
				t.Errorf("sheet %d name = %q, want %q", i, s.name, name)
			}
			if !reflect.DeepEqual(s.cols, want.Columns) {
				t.Errorf("sheet %s columns = %q, want %q", name, s.cols, want.Columns)
			}
			if len(s.rows) != len(want.Rows) {
				t.Fatalf("sheet %s: %d rows, want %d", name, len(s.rows), len(want.Rows))
			}
			for r := range want.Rows {
				for c := range want.Columns {
					if got, exp := s.rows[r][c], want.Rows[r][c]; got != exp {
						t.Errorf("sheet %s row %d column %s = %q, want %q", name, r+1, want.Columns[c], got, exp)
					}
				}
			}
			if s.stats.Rows != int64(len(want.Rows)) || s.stats.PrecisionLost != 0 || s.stats.RaggedRows != 0 {
				t.Errorf("sheet %s stats = %+v", name, s.stats)
			}
		}
	}
}

func TestXLSXPrecisionLostIsFlaggedOnlyForNumericCells(t *testing.T) {
	sheets := xlsxReadFile(t, "../testdata/xlsx/precision-lost.xlsx", Limits{})
	s := sheets[0]
	wantRows := [][]string{
		{"110105194912310000", "张三", "110105194912310000"},
		{"440524198001010000", "李四", "440524198001010013"},
	}
	if !reflect.DeepEqual(s.rows, wantRows) {
		t.Errorf("rows = %q, want %q", s.rows, wantRows)
	}
	if s.stats.PrecisionLost != 2 || !reflect.DeepEqual(s.stats.PrecisionLostColumns, []int{0}) {
		t.Errorf("stats = %+v, want 2 cells lost in column 0 only (text IDs are not flagged)", s.stats)
	}
}

func TestXLSXBadInputs(t *testing.T) {
	ref, err := os.ReadFile("../testdata/conformance/reference.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	enc, err := os.ReadFile("../testdata/xlsx/encrypted.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		lim     Limits
		want    error
		mention string
	}{
		{"LibreOffice password-protected workbook is ErrEncrypted", enc, Limits{}, ErrEncrypted, "password-protected"},
		{"zip bomb sheet past the unzip limit is ErrLimit", xlsxBomb(t, 64<<20, false), Limits{MaxDecompressedBytes: 1 << 20}, ErrLimit, "MaxDecompressedBytes"},
		{"zip bomb lying about its size is not read past the limit", xlsxBomb(t, 64<<20, true), Limits{MaxDecompressedBytes: 1 << 20}, nil, ""},
		{"OLE file without EncryptionInfo (legacy .xls renamed) is ErrCorrupt", append(append([]byte(nil), oleMagic...), make([]byte, 4096)...), Limits{}, ErrCorrupt, "legacy .xls"},
		{"junk bytes named .xlsx are ErrCorrupt", []byte("this is not a spreadsheet at all, just text\n"), Limits{}, ErrCorrupt, ""},
		{"truncated workbook is ErrCorrupt", ref[:len(ref)/2], Limits{}, ErrCorrupt, ""},
		{"zero bytes are ErrEmpty", nil, Limits{}, ErrEmpty, ""},
		{"more sheets than MaxSheets is ErrLimit", ref, Limits{MaxSheets: 1}, ErrLimit, "MaxSheets"},
		{"header wider than MaxColumns is ErrLimit", ref, Limits{MaxColumns: 5}, ErrLimit, "MaxColumns"},
		{"shared string longer than MaxFieldBytes is ErrLimit", ref, Limits{MaxFieldBytes: 8}, ErrLimit, "MaxFieldBytes"},
		{"inline cell longer than MaxFieldBytes is ErrLimit", xlsxRawSheet(t, "", `<row>`+xlsxIS("A1", strings.Repeat("x", 100))+`</row>`), Limits{MaxFieldBytes: 50}, ErrLimit, "MaxFieldBytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := xlsxOpenBytes(t, "in.xlsx", tc.data, tc.lim)
			if err == nil {
				_, err = xlsxReadAll(f)
				f.Close()
			}
			if tc.want == nil {
				// The lying bomb must fail somehow (limit or corrupt), never inflate fully.
				if err == nil || !(errors.Is(err, ErrLimit) || errors.Is(err, ErrCorrupt)) {
					t.Fatalf("err = %v, want ErrLimit or ErrCorrupt", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var re *Error
			if !errors.As(err, &re) || re.Path == "" {
				t.Errorf("err = %v, want a *readers.Error carrying the path", err)
			}
			if tc.mention != "" && !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("err = %q, want it to mention %q", err, tc.mention)
			}
		})
	}
}

// xlsxBomb builds a minimal workbook whose one sheet inflates to about size bytes of XML from a
// few tens of kilobytes. With lie set, the zip headers declare a tiny uncompressed size.
func xlsxBomb(t testing.TB, size int, lie bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, body); err != nil {
			t.Fatal(err)
		}
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)
	fh := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate}
	w, err := zw.CreateHeader(fh)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	row := []byte(`<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>`)
	for n := 0; n < size; n += len(row) {
		w.Write(row)
	}
	io.WriteString(w, `</sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if lie {
		xlsxPatchSize(t, data, fh.Name, 1000)
	}
	return data
}

// xlsxPatchSize rewrites the declared uncompressed size of one entry in both the local and the
// central directory header, as a hostile zip would.
func xlsxPatchSize(t testing.TB, data []byte, name string, size uint32) {
	t.Helper()
	patched := 0
	for _, sig := range []struct {
		magic []byte
		off   int // offset of the uncompressed size field
		name  int // offset of the file name
	}{{[]byte("PK\x03\x04"), 22, 30}, {[]byte("PK\x01\x02"), 24, 46}} {
		for i := 0; ; {
			j := bytes.Index(data[i:], sig.magic)
			if j < 0 {
				break
			}
			p := i + j
			if bytes.HasPrefix(data[p+sig.name:], []byte(name)) {
				data[p+sig.off] = byte(size)
				data[p+sig.off+1] = byte(size >> 8)
				data[p+sig.off+2] = byte(size >> 16)
				data[p+sig.off+3] = byte(size >> 24)
				patched++
			}
			i = p + 4
		}
	}
	if patched == 0 {
		t.Fatal("no header patched")
	}
}

// TestXLSXCellRendering checks the text of every cell kind on a workbook written by excelize with
// explicit number formats, both date systems and awkward layouts.
func TestXLSXCellRendering(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprintf("date1904=%v", date1904), func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if date1904 {
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
					t.Fatal(err)
				}
			}
			style := func(code string) int {
				id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
				if err != nil {
					t.Fatal(err)
				}
				return id
			}
			builtin := func(n int) int {
				id, err := f.NewStyle(&excelize.Style{NumFmt: n})
				if err != nil {
					t.Fatal(err)
				}
				return id
			}
			serial := 18264.0 // 1950-01-01 in the 1900 system
			if date1904 {
				serial -= 1462
			}
			cases := []struct {
				name  string
				set   func(cell string) error
				style int
				want  string
			}{
				{"text keeps leading zeros", func(c string) error { return f.SetCellStr("Sheet1", c, "010020") }, 0, "010020"},
				{"integer without .0 or exponent", func(c string) error { return f.SetCellValue("Sheet1", c, 13812345678) }, 0, "13812345678"},
				{"float as stored", func(c string) error { return f.SetCellFloat("Sheet1", c, 1234.5678, -1, 64) }, 0, "1234.5678"},
				{"tiny float without exponent", func(c string) error { return f.SetCellFloat("Sheet1", c, 1.5e-7, -1, 64) }, 0, "0.00000015"},
				{"0.00 pads decimals", func(c string) error { return f.SetCellFloat("Sheet1", c, 1234.5, -1, 64) }, style("0.00"), "1234.50"},
				{"0.00 rounds half away from zero", func(c string) error { return f.SetCellFloat("Sheet1", c, 0.125, -1, 64) }, style("0.00"), "0.13"},
				{"#,##0.00 drops grouping", func(c string) error { return f.SetCellFloat("Sheet1", c, -1000000, -1, 64) }, builtin(4), "-1000000.00"},
				{"percent keeps the fraction", func(c string) error { return f.SetCellFloat("Sheet1", c, 0.25, -1, 64) }, builtin(10), "0.25"},
				{"builtin date 14 is ISO", func(c string) error { return f.SetCellFloat("Sheet1", c, serial, -1, 64) }, builtin(14), "1950-01-01"},
				{"custom Chinese date is ISO", func(c string) error { return f.SetCellFloat("Sheet1", c, serial, -1, 64) }, style(`yyyy"年"m"月"d"日"`), "1950-01-01"},
				{"datetime to the second", func(c string) error { return f.SetCellFloat("Sheet1", c, serial+0.75, -1, 64) }, style("yyyy-mm-dd hh:mm:ss"), "1950-01-01T18:00:00"},
				{"time only", func(c string) error { return f.SetCellFloat("Sheet1", c, 0.5, -1, 64) }, builtin(21), "12:00:00"},
				{"boolean true", func(c string) error { return f.SetCellBool("Sheet1", c, true) }, 0, "true"},
				{"boolean false", func(c string) error { return f.SetCellBool("Sheet1", c, false) }, 0, "false"},
				{"formula gives its cached value", func(c string) error {
					if err := f.SetCellFormula("Sheet1", c, "1+1"); err != nil {
						return err
					}
					return f.SetCellValue("Sheet1", c, 2) // excelize drops the formula on SetCellValue…
				}, 0, "2"},
				{"rich text is plain text", func(c string) error {
					return f.SetCellRichText("Sheet1", c, []excelize.RichTextRun{{Text: "张"}, {Text: "三", Font: &excelize.Font{Bold: true}}})
				}, 0, "张三"},
				{"newline kept", func(c string) error { return f.SetCellStr("Sheet1", c, "a\nb") }, 0, "a\nb"},
				{"18-digit number keeps its stored digits", func(c string) error { return f.SetCellValue("Sheet1", c, 110105194912310002) }, 0, "110105194912310002"},
			}
			for i, tc := range cases {
				col, _ := excelize.ColumnNumberToName(i + 1)
				if err := f.SetCellStr("Sheet1", col+"1", tc.name); err != nil {
					t.Fatal(err)
				}
				if err := tc.set(col + "2"); err != nil {
					t.Fatal(err)
				}
				if tc.style != 0 {
					if err := f.SetCellStyle("Sheet1", col+"2", col+"2", tc.style); err != nil {
						t.Fatal(err)
					}
				}
			}
			// A formula cell with a cached error and one with a cached string.
			p := filepath.Join(t.TempDir(), "cells.xlsx")
			if err := f.SaveAs(p); err != nil {
				t.Fatal(err)
			}
			s := xlsxReadFile(t, p, Limits{})[0]
			if len(s.rows) != 1 {
				t.Fatalf("rows = %q", s.rows)
			}
			for i, tc := range cases {
				if s.cols[i] != tc.name {
					t.Errorf("column %d = %q, want %q", i, s.cols[i], tc.name)
				}
				if got := s.rows[0][i]; got != tc.want {
					t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
				}
			}
			lastCol := len(cases) - 1
			if s.stats.PrecisionLost != 1 || !reflect.DeepEqual(s.stats.PrecisionLostColumns, []int{lastCol}) {
				t.Errorf("stats = %+v, want the 18-digit number flagged in column %d", s.stats, lastCol)
			}
		})
	}
}

// xlsxRawSheet writes a workbook whose single sheet has the given sheetData XML verbatim.
func xlsxRawSheet(t testing.TB, dimension, sheetData string) []byte {
	t.Helper()
	return xlsxRawBook(t, dimension, sheetData, "", false)
}

// xlsxRawBook is xlsxRawSheet with an optional shared-string part (the <sst> body) and an optional
// chart sheet listed first in the workbook.
func xlsxRawBook(t testing.TB, dimension, sheetData, sst string, chart bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + dimension + `<sheetData>` + sheetData + `</sheetData></worksheet>`,
	}
	names := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"}
	if sst != "" {
		parts["xl/sharedStrings.xml"] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sst + `</sst>`
		parts["xl/_rels/workbook.xml.rels"] = strings.Replace(parts["xl/_rels/workbook.xml.rels"], "</Relationships>", `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, 1)
		names = append(names, "xl/sharedStrings.xml")
	}
	if chart {
		parts["xl/workbook.xml"] = strings.Replace(parts["xl/workbook.xml"], "<sheets>", `<sheets><sheet name="图表" sheetId="2" r:id="rId2"/>`, 1)
		parts["xl/_rels/workbook.xml.rels"] = strings.Replace(parts["xl/_rels/workbook.xml.rels"], "</Relationships>", `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`, 1)
		parts["xl/chartsheets/sheet1.xml"] = `<?xml version="1.0" encoding="UTF-8"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`
		names = append(names, "xl/chartsheets/sheet1.xml")
	}
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xlsxIS(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}
func xlsxN(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }

func TestXLSXLayout(t *testing.T) {
	tests := []struct {
		name      string
		dimension string
		data      string
		cols      []string
		rows      [][]string
		ragged    int64
	}{
		{"empty sheet has no columns and no rows", "", "", nil, nil, 0},
		{"header only has columns and no rows", "", `<row r="1">` + xlsxIS("A1", "姓名") + xlsxIS("B1", "手机号") + `</row>`,
			[]string{"姓名", "手机号"}, nil, 0},
		{"header is the first non-empty row", "", `<row r="3"><c r="A3"/></row><row r="4">` + xlsxIS("A4", "姓名") + `</row><row r="5">` + xlsxIS("A5", "张三") + `</row>`,
			[]string{"姓名"}, [][]string{{"张三"}}, 0},
		{"numeric first row is data, named col_N", "", `<row r="1">` + xlsxN("A1", "13812345678") + xlsxIS("B1", "张三") + `</row><row r="2">` + xlsxN("A2", "15900001111") + xlsxIS("B2", "李四") + `</row>`,
			[]string{"col_1", "col_2"}, [][]string{{"13812345678", "张三"}, {"15900001111", "李四"}}, 0},
		{"digit-string first row is data", "", `<row r="1">` + xlsxIS("A1", "11010519491231002X") + xlsxIS("B1", "13812345678") + `</row>`,
			[]string{"col_1", "col_2"}, [][]string{{"11010519491231002X", "13812345678"}}, 0},
		{"short rows are padded, not ragged", "", `<row r="1">` + xlsxIS("A1", "a") + xlsxIS("B1", "b") + xlsxIS("C1", "c") + `</row><row r="2">` + xlsxIS("B2", "x") + `</row>`,
			[]string{"a", "b", "c"}, [][]string{{"", "x", ""}}, 0},
		{"wider rows are cut and counted ragged", "", `<row r="1">` + xlsxIS("A1", "a") + `</row><row r="2">` + xlsxIS("A2", "x") + xlsxIS("C2", "y") + `</row>`,
			[]string{"a"}, [][]string{{"x"}}, 1},
		{"short header is extended to the dimension with col_N", `<dimension ref="A1:C2"/>`, `<row r="1">` + xlsxIS("A1", "a") + `</row><row r="2">` + xlsxIS("A2", "x") + xlsxIS("C2", "y") + `</row>`,
			[]string{"a", "col_2", "col_3"}, [][]string{{"x", "", "y"}}, 0},
		{"empty header cell is named col_N", "", `<row r="1">` + xlsxIS("A1", "a") + xlsxIS("C1", "c") + `</row><row r="2">` + xlsxIS("B2", "x") + `</row>`,
			[]string{"a", "col_2", "c"}, [][]string{{"", "x", ""}}, 0},
		{"blank rows between data are skipped", "", `<row r="1">` + xlsxIS("A1", "a") + `</row><row r="2">` + xlsxIS("A2", "x") + `</row><row r="3"><c r="A3" t="inlineStr"><is><t></t></is></c></row><row r="9">` + xlsxIS("A9", "y") + `</row>`,
			[]string{"a"}, [][]string{{"x"}, {"y"}}, 0},
		{"cells without references fill left to right", "", `<row>` + `<c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row><row><c><v>1</v></c><c t="e"><v>#N/A</v></c></row>`,
			[]string{"a", "b"}, [][]string{{"1", "#N/A"}}, 0},
		{"formula string result and phonetic runs", "", `<row r="1">` + xlsxIS("A1", "名") + xlsxIS("B1", "读") + `</row><row r="2"><c r="A2" t="str"><f>A1&amp;"x"</f><v>名x</v></c><c r="B2" t="inlineStr"><is><r><t>東</t></r><r><t>京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c></row>`,
			[]string{"名", "读"}, [][]string{{"名x", "東京"}}, 0},
		{"stored numbers: shortest round trip, no exponent, precision loss counted", "", `<row r="1">` + xlsxIS("A1", "f") + xlsxIS("B1", "id") + xlsxIS("C1", "big") + `</row><row r="2">` + xlsxN("A2", "0.30000000000000004") + xlsxN("B2", "1.1010519491231E+17") + xlsxN("C2", "1E+21") + `</row><row r="3">` + xlsxN("A3", "-0") + xlsxN("B3", "+00123") + xlsxN("C3", "-2.5E-3") + `</row>`,
			[]string{"f", "id", "big"}, [][]string{{"0.30000000000000004", "110105194912310000", "1000000000000000000000"}, {"0", "123", "-0.0025"}}, 0},
		{"date-typed cells are ISO", "", `<row r="1">` + xlsxIS("A1", "d") + xlsxIS("B1", "t") + `</row><row r="2"><c r="A2" t="d"><v>1949-12-31T00:00:00</v></c><c r="B2" t="d"><v>2026-11-22T18:00:00.000Z</v></c></row>`,
			[]string{"d", "t"}, [][]string{{"1949-12-31", "2026-11-22T18:00:00"}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := xlsxOpenBytes(t, "layout.xlsx", xlsxRawSheet(t, tc.dimension, tc.data), Limits{BatchRows: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets, err := xlsxReadAll(f)
			if err != nil {
				t.Fatal(err)
			}
			s := sheets[0]
			if s.name != "S" || !reflect.DeepEqual(s.cols, tc.cols) || !reflect.DeepEqual(s.rows, tc.rows) {
				t.Errorf("got name %q cols %q rows %q, want cols %q rows %q", s.name, s.cols, s.rows, tc.cols, tc.rows)
			}
			if s.stats.RaggedRows != tc.ragged || s.stats.Rows != int64(len(tc.rows)) {
				t.Errorf("stats = %+v, want %d ragged, %d rows", s.stats, tc.ragged, len(tc.rows))
			}
		})
	}
}

func TestXLSXNumFmtClassification(t *testing.T) {
	tests := []struct {
		code string
		want numFmtClass
	}{
		{"General", numFmtClass{}},
		{"0", numFmtClass{}},
		{"@", numFmtClass{}},
		{"0.00", numFmtClass{fmtDecimals, 2}},
		{"#,##0.000_);[Red](#,##0.000)", numFmtClass{fmtDecimals, 3}},
		{`"¥"#,##0.0`, numFmtClass{fmtDecimals, 1}},
		{"0.00%", numFmtClass{}},
		{"0.00E+00", numFmtClass{}},
		{"yyyy-mm-dd", numFmtClass{kind: fmtDate}},
		{`yyyy\-mm\-dd\ hh:mm:ss`, numFmtClass{kind: fmtDateTime}},
		{`[$-804]yyyy"年"m"月"d"日"`, numFmtClass{kind: fmtDate}},
		{"h:mm AM/PM", numFmtClass{kind: fmtTime}},
		{"[h]:mm", numFmtClass{kind: fmtTime}},
		{"mmm-yy", numFmtClass{kind: fmtDate}},
		{`"TRUE";"TRUE";"FALSE"`, numFmtClass{}},
	}
	for _, tc := range tests {
		if got := classifyNumFmtCode(tc.code); got != tc.want {
			t.Errorf("classifyNumFmtCode(%q) = %+v, want %+v", tc.code, got, tc.want)
		}
	}
}

// TestXLSXEncryptedFixtureIsGenuine guards the fixture: with the password, excelize can decrypt it,
// so ErrEncrypted above is reported for a real encrypted workbook and not for junk.
func TestXLSXEncryptedFixtureIsGenuine(t *testing.T) {
	f, err := excelize.OpenFile("../testdata/xlsx/encrypted.xlsx", excelize.Options{Password: "secret"})
	if err != nil {
		t.Fatalf("decrypt with the fixture password: %v", err)
	}
	defer f.Close()
	got, err := f.GetCellValue(f.GetSheetName(0), "A1")
	if err != nil || got != "手机号" {
		t.Fatalf("A1 = %q, %v; want 手机号", got, err)
	}
}

func TestXLSXHeaderlessFirstRowCountsPrecisionLoss(t *testing.T) {
	data := xlsxRawSheet(t, "", `<row r="1">`+xlsxN("A1", "1.1010519491231E+17")+xlsxIS("B1", "张三")+`</row>`+
		`<row r="2">`+xlsxN("A2", "440524198001010013")+xlsxIS("B2", "李四")+`</row>`)
	f, err := xlsxOpenBytes(t, "headerless.xlsx", data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets, err := xlsxReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	s := sheets[0]
	want := [][]string{{"110105194912310000", "张三"}, {"440524198001010013", "李四"}}
	if !reflect.DeepEqual(s.cols, []string{"col_1", "col_2"}) || !reflect.DeepEqual(s.rows, want) {
		t.Errorf("cols %q rows %q, want col_1, col_2 and %q", s.cols, s.rows, want)
	}
	if s.stats.PrecisionLost != 2 || !reflect.DeepEqual(s.stats.PrecisionLostColumns, []int{0}) {
		t.Errorf("stats = %+v, want 2 lost cells in column 0 (the data first row included)", s.stats)
	}
}

func TestXLSXRegisteredAndReadsUnseekableSource(t *testing.T) {
	for _, name := range []string{"a.xlsx", "B.XLSM"} {
		if f, ok := Default().Lookup(name); !ok || f.ID != "xlsx" {
			t.Errorf("Lookup(%q) = %q, %v; want xlsx", name, f.ID, ok)
		}
	}
	data, err := os.ReadFile("../testdata/conformance/reference.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	// io.MultiReader hides ReaderAt, as a pipe would.
	f, err := Default().Open(Source{Path: "pipe.xlsx", R: io.MultiReader(bytes.NewReader(data)), Size: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets, err := xlsxReadAll(f)
	if err != nil || len(sheets) != 2 || len(sheets[0].rows) != 4 {
		t.Fatalf("got %d sheets, err %v; want 2 sheets of 4 rows", len(sheets), err)
	}
}

func TestXLSXAppendNumber(t *testing.T) {
	date, dt := numFmtClass{kind: fmtDate}, numFmtClass{kind: fmtDateTime}
	tests := []struct {
		v        string
		class    numFmtClass
		date1904 bool
		want     string
		lost     bool
	}{
		{"1", date, false, "1900-01-01", false},
		{"59", date, false, "1900-02-28", false},
		{"61", date, false, "1900-03-01", false},
		{"0", date, true, "1904-01-01", false},
		{"45984.5", dt, false, "2025-11-23T12:00:00", false},
		{"44519.999999", dt, false, "2021-11-20T00:00:00", false}, // rounds to the shown second, as Excel does
		{"-1", date, false, "-1", false},
		{"123456789012345", numFmtClass{}, false, "123456789012345", false},
		{"1234567890123456", numFmtClass{}, false, "1234567890123456", true},
		{"1E+15", numFmtClass{}, false, "1000000000000000", true},
		{"-6.2220212345678902E+18", numFmtClass{}, false, "-6222021234567890000", true},
		{"9.995", numFmtClass{fmtDecimals, 2}, false, "10.00", false},
		{"-0.001", numFmtClass{fmtDecimals, 2}, false, "0.00", false},
	}
	for _, tc := range tests {
		got, lost, ok := appendNumber(nil, []byte(tc.v), tc.class, tc.date1904)
		if !ok || string(got) != tc.want || lost != tc.lost {
			t.Errorf("appendNumber(%q, %+v, 1904=%v) = %q, lost %v, ok %v; want %q, lost %v", tc.v, tc.class, tc.date1904, got, lost, ok, tc.want, tc.lost)
		}
	}
}

func TestXLSXSharedStringsAndChartSheets(t *testing.T) {
	sst := `<si><t>姓名</t></si><si><r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></si><si><t>a&amp;b&lt;c&gt;</t></si>`
	sheet := `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="s"><v>2</v></c></row>`
	f, err := xlsxOpenBytes(t, "sst.xlsx", xlsxRawBook(t, "", sheet, sst, true), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets, err := xlsxReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 2 || sheets[0].name != "图表" || sheets[0].cols != nil || sheets[0].rows != nil {
		t.Fatalf("sheets = %+v, want the chart sheet first (workbook order) as an empty table", sheets)
	}
	got := sheets[1]
	if !reflect.DeepEqual(got.cols, []string{"姓名"}) || !reflect.DeepEqual(got.rows, [][]string{{"张三 "}, {"a&b<c>"}}) {
		t.Errorf("cols %q rows %q", got.cols, got.rows)
	}

	bad := `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row>`
	f, err = xlsxOpenBytes(t, "badsst.xlsx", xlsxRawBook(t, "", bad, sst, false), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := xlsxReadAll(f); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "row 2, column 1") {
		t.Errorf("err = %v, want ErrCorrupt at row 2, column 1 for a shared-string index out of range", err)
	}
}
