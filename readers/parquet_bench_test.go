//go:build unix

package readers

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// ordersSchema mimics the order exports xborder audits: identifiers, names, addresses, amounts.
var ordersFields = []arrow.Field{
	{Name: "身份证号", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "手机号", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "姓名", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "邮箱", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "地址", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "金额", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	{Name: "数量", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "下单时间", Type: &arrow.TimestampType{Unit: arrow.Microsecond}, Nullable: true},
}

// writeOrders writes n synthetic order rows to path in row groups of rg rows, building one row
// group at a time so generating 10 M rows stays within a few hundred MB.
func writeOrders(t testing.TB, path string, n, rg int) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := arrow.NewSchema(ordersFields, nil)
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(int64(rg)), parquet.WithCompression(compress.Codecs.Snappy), parquet.WithDictionaryDefault(true))
	w, err := pqarrow.NewFileWriter(sc, fh, props, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	surnames := []string{"张", "王", "李", "赵", "欧阳", "陈", "刘"}
	given := []string{"伟", "芳", "娜娜", "强", "磊", "静", "洋"}
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	var buf []byte
	for start := 0; start < n; start += rg {
		for i := start; i < min(start+rg, n); i++ {
			p := i * 7919 % 4800000
			buf = strconv.AppendInt(append(buf[:0], "110105"...), 19000000000+int64(p), 10)
			b.Field(0).(*array.StringBuilder).Append(string(buf[:18]))
			buf = strconv.AppendInt(append(buf[:0], "13"...), 800000000+int64(p), 10)
			b.Field(1).(*array.StringBuilder).Append(string(buf))
			b.Field(2).(*array.StringBuilder).Append(surnames[p%7] + given[p/7%7])
			b.Field(3).(*array.StringBuilder).Append("user" + strconv.Itoa(p) + "@example.com")
			b.Field(4).(*array.StringBuilder).Append("北京市朝阳区建国路" + strconv.Itoa(p%1000) + "号")
			b.Field(5).(*array.Float64Builder).Append(float64(i%100000) / 100)
			b.Field(6).(*array.Int64Builder).Append(int64(i % 50))
			b.Field(7).(*array.TimestampBuilder).Append(arrow.Timestamp(base + int64(i)*1_000_003))
		}
		rec := b.NewRecordBatch()
		err := w.Write(rec)
		rec.Release()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

const benchRows, benchRowGroup = 1_500_000, 500_000

// benchProjections are the column sets both benchmarks compare: everything, and the two
// identifying columns the scanner's counting pass reads.
var benchProjections = []struct {
	name   string
	cols   []int
	noFlat bool // reader only: force every column through pqarrow, to see what the flat path buys
}{
	{"all", nil, false},
	{"2cols", []int{0, 1}, false},
	{"all-pqarrow-path", nil, true},
}

// BenchmarkParquetReader measures the reader end to end: decoding plus conversion to cell text.
func BenchmarkParquetReader(b *testing.B) {
	path := filepath.Join(b.TempDir(), "orders.parquet")
	writeOrders(b, path, benchRows, benchRowGroup)
	for _, p := range benchProjections {
		b.Run(p.name, func(b *testing.B) {
			var rows int64
			cpu0 := processCPU(b)
			for i := 0; i < b.N; i++ {
				f := openParquetPath(b, path, Limits{})
				tbl := firstTable(b, f)
				tbl.(*parquetTable).noFlat = p.noFlat
				if p.cols != nil {
					if err := tbl.(Projector).Project(p.cols); err != nil {
						b.Fatal(err)
					}
				}
				var bt Batch
				for {
					err := tbl.Next(&bt)
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					rows += int64(bt.Rows)
				}
				f.Close()
			}
			reportRates(b, rows, processCPU(b)-cpu0)
		})
	}
}

// BenchmarkArrowBaseline is pqarrow's record reader over the same columns with the same reader
// properties and no text conversion: the ceiling BenchmarkParquetReader is compared with.
func BenchmarkArrowBaseline(b *testing.B) {
	path := filepath.Join(b.TempDir(), "orders.parquet")
	writeOrders(b, path, benchRows, benchRowGroup)
	for _, p := range benchProjections {
		if p.noFlat {
			continue
		}
		b.Run(p.name, func(b *testing.B) {
			var rows int64
			cpu0 := processCPU(b)
			for i := 0; i < b.N; i++ {
				props := parquet.NewReaderProperties(memory.DefaultAllocator)
				props.BufferedStreamEnabled = true
				props.BufferSize = parquetStreamBuffer
				rdr, err := file.OpenParquetFile(path, false, file.WithReadProps(props))
				if err != nil {
					b.Fatal(err)
				}
				fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: DefaultBatchRows}, memory.DefaultAllocator)
				if err != nil {
					b.Fatal(err)
				}
				rr, err := fr.GetRecordReader(context.Background(), p.cols, nil)
				if err != nil {
					b.Fatal(err)
				}
				for rr.Next() {
					rows += rr.RecordBatch().NumRows()
				}
				if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
					b.Fatal(err)
				}
				rr.Release()
				rdr.Close()
			}
			reportRates(b, rows, processCPU(b)-cpu0)
		})
	}
}

// processCPU is the process's user+system CPU time. The benchmark machine is shared, so wall-clock
// rates swing several-fold between runs; CPU time is the steadier basis for the reader/baseline ratio.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportRates(b *testing.B, rows int64, cpu time.Duration) {
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	if cpu > 0 {
		b.ReportMetric(float64(rows)/cpu.Seconds(), "rows/cpu-s")
	}
}
