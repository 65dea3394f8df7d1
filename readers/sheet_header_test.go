package readers

import (
	"reflect"
	"strings"
	"testing"
)

// TestSheetFirstRowOfPIIsNeverAHeader: a first row of text cells that are or hold identifiers is
// data in both spreadsheet formats, never column names (which every report prints and the ledger
// stores). The ods reader once lacked the check the xlsx reader had; sheetRow.isHeader is now
// the one rule of both.
func TestSheetFirstRowOfPIIsNeverAHeader(t *testing.T) {
	for _, first := range [][]string{
		{"zhang.wei@example.com", "张伟"},
		{"手机 13812345678", "张伟"},
		{"11010519491231002X", "张伟"},
		{"+86 138 1234 5678", "张伟"},
		{"张伟", "2024-03-07"},
	} {
		second := []string{"li.na@example.com", "李娜"}
		want := [][]string{first, second}
		// xlsx, inline strings
		var x strings.Builder
		for r, row := range want {
			x.WriteString(`<row r="` + string(rune('1'+r)) + `">`)
			for c, v := range row {
				x.WriteString(xlsxIS(string(rune('A'+c))+string(rune('1'+r)), v))
			}
			x.WriteString(`</row>`)
		}
		f, err := xlsxOpenBytes(t, "pi.xlsx", xlsxRawSheet(t, "", x.String()), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		sheets, err := xlsxReadAll(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if s := sheets[0]; !reflect.DeepEqual(s.cols, []string{"col_1", "col_2"}) || !reflect.DeepEqual(s.rows, want) {
			t.Errorf("xlsx, first row %q: cols %q rows %q", first, s.cols, s.rows)
		}
		// ods, string cells
		var o strings.Builder
		o.WriteString(`<table:table table:name="s">`)
		for _, row := range want {
			o.WriteString(`<table:table-row>`)
			for _, v := range row {
				o.WriteString(`<table:table-cell office:value-type="string"><text:p>` + v + `</text:p></table:table-cell>`)
			}
			o.WriteString(`</table:table-row>`)
		}
		o.WriteString(`</table:table>`)
		ods, err := readODS(t, odsOf(t, odsDoc(o.String()), ""), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if s := ods[0]; !reflect.DeepEqual(s.columns, []string{"col_1", "col_2"}) || !reflect.DeepEqual(s.rows, want) {
			t.Errorf("ods, first row %q: cols %q rows %q", first, s.columns, s.rows)
		}
	}
}

// TestLibreOfficeSheetsWithAPersonFirst: the same rule on workbooks LibreOffice saved
// (testdata/gen/pi_first_row.sh): a first row of an e-mail, an ID number and a name, all text
// cells, is data in both formats.
func TestLibreOfficeSheetsWithAPersonFirst(t *testing.T) {
	ids := [][]string{{"zhang.wei@example.com", "11010519491231002X", "张伟"}, {"li.na@example.com", "440524198001010013", "李娜"}}
	// A name, a date and a city: no identifier, but the date is a number as delimited text's
	// header rule sees it (numberLike), so the row is data in every format.
	dated := [][]string{{"张伟", "2024-03-07", "上海"}, {"李娜", "2024-03-08", "杭州"}}
	for name, want := range map[string][][]string{
		"pi-first-row.ods": ids, "pi-first-row.xlsx": ids,
		"pi-first-row-date.ods": dated, "pi-first-row-date.xlsx": dated,
	} {
		f, err := openPath(t, "../testdata/xlsx/"+name, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tbl, err := f.NextTable()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := tbl.Columns(); !reflect.DeepEqual(got, []string{"col_1", "col_2", "col_3"}) {
			t.Errorf("%s: columns %q: a person's values became column names", name, got)
		}
		if got := readAllRows(t, tbl); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows %q, want %q", name, got, want)
		}
		f.Close()
	}
}
