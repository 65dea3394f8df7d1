package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(utf8BOM)) {
		t.Fatalf("CSV does not start with the UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(utf8BOM)))).ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v", err)
	}
	return rows
}

func TestCSVLayout(t *testing.T) {
	rows := readCSV(t, render(t, "csv", WriterOptions{}, goldenReport()))
	if strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		t.Errorf("header row = %v", rows[0])
	}
	counts := map[string]int{}
	for _, row := range rows[1:] {
		counts[row[0]]++
	}
	// 6 files; 3+3+3+3+0+1 column findings; 2 skipped; 1 batch row.
	want := map[string]int{"batch": 1, "file": 6, "column": 13, "skipped": 2}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("%d %s rows, want %d", counts[k], k, v)
		}
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	r := goldenReport()
	r.Files[0].Tables[0].Columns[1].Name = "+cmd"
	r.Files[0].Tables[0].Columns[2].Name = "@SUM(A1)"
	r.Files[0].Tables[0].Columns[3].Name = "\t=1+1"
	rows := readCSV(t, render(t, "csv", WriterOptions{}, r))
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d column %s: cell %q would run as a formula", i, csvHeader[j], cell)
			}
		}
	}
	text := string(render(t, "csv", WriterOptions{}, r))
	for _, want := range []string{`'=HYPERLINK(""http://x"")`, `'=cmd|' /C calc'!A0.pdf`, `'+cmd`, `'@SUM(A1)`, `'-2+3`} {
		if !strings.Contains(text, want) {
			t.Errorf("CSV lacks the defused cell %s", want)
		}
	}
}

func TestCSVEscapesControlCharacters(t *testing.T) {
	data := render(t, "csv", WriterOptions{}, goldenReport())
	if bytes.ContainsRune(data, 0x1b) || bytes.ContainsRune(data, '\u202e') {
		t.Errorf("CSV holds a raw ESC or right-to-left override")
	}
	rows := readCSV(t, data)
	found := false
	for _, row := range rows {
		if row[1] == `payments/\x1b[31mred\nline.parquet` {
			found = true
		}
	}
	if !found {
		t.Errorf("the hostile path is not written with visible escapes")
	}
}

func TestCSVByteOrderMarkAndRoundedConfidence(t *testing.T) {
	r := goldenReport()
	r.Files[0].Tables[0].Columns[1].Types[0].Confidence = 0.9712345678901234
	var buf bytes.Buffer
	if err := (CSV{NoBOM: true}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(buf.Bytes(), []byte(utf8BOM)) {
		t.Errorf("NoBOM still wrote the byte order mark")
	}
	rows := readCSV(t, render(t, "csv", WriterOptions{}, r))
	conf := csvIndex["confidence"]
	for _, row := range rows[1:] {
		if row[0] != "column" {
			continue
		}
		if c := row[conf]; len(c) != 4 || c[1] != '.' {
			t.Errorf("confidence %q is not rounded to two decimals", c)
		}
	}
}
