package readers

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// odsTables reads every table of an ods: name, columns and rows as text.
type odsSheet struct {
	name    string
	columns []string
	rows    [][]string
	stats   TableStats
}

func readODS(t *testing.T, data []byte, limits Limits) ([]odsSheet, error) {
	t.Helper()
	f, err := Default().Open(Source{Path: "t.ods", R: bytes.NewReader(data), Size: int64(len(data)), Limits: limits})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	assert.Equal(t, "ods", f.Info().Format)
	var out []odsSheet
	for {
		tbl, err := f.NextTable()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		s := odsSheet{name: tbl.Name(), columns: tbl.Columns()}
		var b Batch
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

// TestODSWrittenByLibreOffice reads types.ods, which LibreOffice saved from the flat ODS that
// testdata/gen/archives.sh writes: typed cells keep their type, the run of identical rows is
// expanded, the note is not part of its cell, the two paragraphs are one cell with a newline, the
// 18-digit ID typed as a number is flagged, and the million empty rows LibreOffice appends are
// not expanded.
func TestODSWrittenByLibreOffice(t *testing.T) {
	data, err := os.ReadFile("../testdata/archives/types.ods")
	require.NoError(t, err)
	start := time.Now()
	sheets, err := readODS(t, data, Limits{})
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 2*time.Second, "empty trailing rows must not be expanded")
	require.Len(t, sheets, 3)

	s := sheets[0]
	assert.Equal(t, "客户", s.name)
	assert.Equal(t, []string{"姓名", "手机号", "身份证号", "注册日期", "时间", "会员", "折扣"}, s.columns)
	require.Len(t, s.rows, 6)
	assert.Equal(t, []string{"张三", "13812345678", "11010519491231002X", "2026-11-20", "13:05:00", "true", "0.25"}, s.rows[0])
	assert.Equal(t, []string{"李四", "13912345678", "110105194912310000", "2026-11-21T08:30:00", "", "false", "0.1"}, s.rows[1])
	assert.Equal(t, []string{"王五", "13612345678", "北京市\n朝阳区", "", "", "", ""}, s.rows[2])
	for _, r := range s.rows[3:] {
		assert.Equal(t, []string{"赵六", "13512345678", "", "", "", "", ""}, r)
	}
	assert.Equal(t, int64(6), s.stats.Rows)
	assert.Equal(t, int64(1), s.stats.PrecisionLost)
	assert.Equal(t, []int{2}, s.stats.PrecisionLostColumns)
	for _, r := range s.rows {
		assert.NotContains(t, strings.Join(r, " "), "13700000000", "a note is not cell content")
	}

	assert.Equal(t, "空", sheets[1].name)
	assert.Empty(t, sheets[1].columns)
	assert.Empty(t, sheets[1].rows)

	assert.Equal(t, []string{"col_1", "col_2"}, sheets[2].columns, "a numeric first row is data")
	require.Len(t, sheets[2].rows, 5)
	assert.Equal(t, []string{"1", "2"}, sheets[2].rows[0])
	assert.Equal(t, []string{"5", "10"}, sheets[2].rows[4])
}

func TestODSOfTheCSVMatchesTheCSV(t *testing.T) {
	data, err := os.ReadFile("../testdata/archives/orders.ods")
	require.NoError(t, err)
	sheets, err := readODS(t, data, Limits{})
	require.NoError(t, err)
	require.Len(t, sheets, 1)
	assert.Equal(t, []string{"订单号", "收货人", "手机号", "金额"}, sheets[0].columns)
	assert.Len(t, sheets[0].rows, 300)
}

// odsOf packages content.xml (and optionally a manifest) as an ods.
func odsOf(t testing.TB, content string, manifest string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	require.NoError(t, err)
	io.WriteString(w, odsMimetype)
	if manifest != "" {
		w, err = zw.Create("META-INF/manifest.xml")
		require.NoError(t, err)
		io.WriteString(w, manifest)
	}
	w, err = zw.Create("content.xml")
	require.NoError(t, err)
	io.WriteString(w, content)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func odsDoc(tables string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="` + nsOffice + `" xmlns:table="` + nsTable +
		`" xmlns:text="` + nsText + `"><office:body><office:spreadsheet>` + tables + `</office:spreadsheet></office:body></office:document-content>`
}

// TestODSHostile: an inflating content.xml, a data row repeated past a spreadsheet's rows, a
// data cell repeated past the column limit, an encrypted package, an XML error next to a phone
// number (never quoted), a legacy .xls renamed .ods, a truncated package.
func TestODSHostile(t *testing.T) {
	row := `<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>`
	big := odsOf(t, odsDoc(`<table:table table:name="s">`+strings.Repeat(row, 200000)+`</table:table>`), "")
	_, err := readODS(t, big, Limits{MaxDecompressedBytes: 1 << 20})
	assert.ErrorIs(t, err, ErrLimit)

	rep := odsOf(t, odsDoc(`<table:table table:name="s">`+row+`<table:table-row table:number-rows-repeated="2000000000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>`), "")
	_, err = readODS(t, rep, Limits{})
	assert.ErrorIs(t, err, ErrCorrupt)
	assert.ErrorContains(t, err, "repeated 2000000000 times")

	wide := odsOf(t, odsDoc(`<table:table table:name="s"><table:table-row><table:table-cell table:number-columns-repeated="100000" office:value-type="string"><text:p>h</text:p></table:table-cell></table:table-row></table:table>`), "")
	_, err = readODS(t, wide, Limits{})
	assert.ErrorIs(t, err, ErrLimit)
	assert.ErrorContains(t, err, "--max-columns")

	enc := odsOf(t, odsDoc(""), `<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`)
	_, err = readODS(t, enc, Limits{})
	assert.ErrorIs(t, err, ErrEncrypted)

	bad := odsOf(t, odsDoc(`<table:table table:name="s"><table:table-row><table:table-cell><text:p>&13812345678</text:p></table:table-cell></table:table-row></table:table>`), "")
	_, err = readODS(t, bad, Limits{})
	assert.ErrorIs(t, err, ErrCorrupt)
	assert.NotContains(t, err.Error(), "13812345678")

	xls, err := os.ReadFile("../testdata/archives/orders.xls")
	require.NoError(t, err)
	_, err = readODS(t, xls, Limits{})
	assert.ErrorContains(t, err, "legacy .xls")

	good, err := os.ReadFile("../testdata/archives/types.ods")
	require.NoError(t, err)
	_, err = readODS(t, good[:len(good)/2], Limits{})
	assert.ErrorIs(t, err, ErrCorrupt)

	// Empty trailing runs, however long, cost nothing.
	tail := odsOf(t, odsDoc(`<table:table table:name="s">`+row+`<table:table-row table:number-rows-repeated="2000000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>`), "")
	sheets, err := readODS(t, tail, Limits{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, sheets[0].columns)
	assert.Empty(t, sheets[0].rows)
}
