package readers

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxBenchRows is the size of the generated benchmark workbook (docs/performance.md: keep CI xlsx ≤ 100 k rows).
const xlsxBenchRows = 100_000

// xlsxBenchFile writes an order-like sheet with excelize's StreamWriter into b.TempDir(): text
// IDs, numeric mobiles, names, dates and amounts, mostly unique shared strings. The benchmarks use
// b.Loop, so this runs once per benchmark and is not timed.
func xlsxBenchFile(b *testing.B) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "orders.xlsx")
	if err := writeXLSXBench(p, xlsxBenchRows); err != nil {
		b.Fatal(err)
	}
	return p
}

func writeXLSXBench(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	money := "0.00"
	moneyStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	if err != nil {
		return err
	}
	header := []any{"身份证号", "手机号", "姓名", "地址", "出生日期", "金额", "数量", "邮编"}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := make([]any, len(header))
	for i := 0; i < n; i++ {
		row[0] = fmt.Sprintf("1101051949%08d", i)
		row[1] = 13800000000 + i
		row[2] = fmt.Sprintf("张%d", i%5000)
		row[3] = fmt.Sprintf("北京市朝阳区建国路%d号", i)
		row[4] = excelize.Cell{StyleID: dateStyle, Value: 18000 + i%20000}
		row[5] = excelize.Cell{StyleID: moneyStyle, Value: float64(i%100000) / 100}
		row[6] = i % 50
		row[7] = fmt.Sprintf("%06d", i%1000000)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// BenchmarkXLSXReader opens the workbook and reads every cell of its sheet through this reader.
func BenchmarkXLSXReader(b *testing.B) {
	path := xlsxBenchFile(b)
	var rows int64
	for b.Loop() {
		f, err := xlsxOpenPath(b, path, Limits{})
		if err != nil {
			b.Fatal(err)
		}
		tbl, err := f.NextTable()
		if err != nil {
			b.Fatal(err)
		}
		var bt Batch
		for {
			err := tbl.Next(&bt)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows += int64(bt.Rows)
		}
		f.Close()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExcelizeRowsBaseline is the floor to compare with: open the same workbook with excelize
// and iterate f.Rows + Columns over the same sheet.
func BenchmarkExcelizeRowsBaseline(b *testing.B) {
	path := xlsxBenchFile(b)
	var rows int64
	for b.Loop() {
		fh, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		f, err := excelize.OpenReader(fh)
		if err != nil {
			b.Fatal(err)
		}
		it, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		for it.Next() {
			if _, err := it.Columns(); err != nil {
				b.Fatal(err)
			}
			rows++
		}
		rows-- // header
		it.Close()
		f.Close()
		fh.Close()
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
