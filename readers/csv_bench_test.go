package readers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// benchOrdersBytes is the size of the generated order export the benchmarks read.
const benchOrdersBytes = 64 << 20

// benchOrders builds (once per process) an order export like the ones xborder audits: Chinese
// name, mobile, 18-digit ID, email, address (one in twenty quoted because it holds a comma),
// amount and timestamp.
var benchOrders = sync.OnceValue(func() []byte {
	rng := rand.New(rand.NewPCG(42, 42))
	surnames := []string{"张", "王", "李", "赵", "刘", "陈", "欧阳", "黄"}
	given := []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"}
	cities := []string{"北京市朝阳区", "上海市浦东新区", "广州市天河区", "深圳市南山区", "杭州市西湖区"}
	var b bytes.Buffer
	b.Grow(benchOrdersBytes + 1024)
	b.WriteString("order_id,姓名,手机号,身份证号,email,地址,金额,下单时间\n")
	for i := 0; b.Len() < benchOrdersBytes; i++ {
		addr := fmt.Sprintf("%s建国路%d号", cities[rng.IntN(len(cities))], rng.IntN(999)+1)
		if rng.IntN(20) == 0 {
			addr = `"` + addr + `,` + fmt.Sprintf("%d幢", rng.IntN(30)+1) + `"`
		}
		fmt.Fprintf(&b, "%d,%s%s,1%d%09d,%06d%04d%02d%02d%03d%d,user%d@example.com,%s,%d.%02d,2026-%02d-%02d %02d:%02d:%02d\n",
			1000000+i, surnames[rng.IntN(len(surnames))], given[rng.IntN(len(given))],
			3+rng.IntN(7), rng.IntN(1e9),
			110000+rng.IntN(500000), 1950+rng.IntN(70), 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(1000), rng.IntN(10),
			rng.IntN(1e7), addr, rng.IntN(100000), rng.IntN(100),
			1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60))
	}
	return b.Bytes()
})

var benchOrdersGB18030 = sync.OnceValue(func() []byte {
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(benchOrders())
	if err != nil {
		panic(err)
	}
	return out
})

func benchReader(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	var batch Batch
	for range b.N {
		f, err := OpenCSV(Source{Path: "orders.csv", R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{}.WithDefaults()})
		if err != nil {
			b.Fatal(err)
		}
		t, _ := f.NextTable()
		rows := 0
		for {
			err := t.Next(&batch)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows += batch.Rows
		}
		f.Close()
		if rows == 0 {
			b.Fatal("no rows")
		}
	}
}

// BenchmarkCSVReader measures the whole reader, encoding detection and sniffing included.
func BenchmarkCSVReader(b *testing.B) { benchReader(b, benchOrders()) }

// BenchmarkCSVReaderGB18030 is the same rows saved as GB18030, decoded on the fly.
func BenchmarkCSVReaderGB18030(b *testing.B) { benchReader(b, benchOrdersGB18030()) }

// BenchmarkEncodingCSVBaseline is encoding/csv with ReuseRecord on the same bytes: the baseline
// the reader must beat by 2.5× (docs/performance.md).
func BenchmarkEncodingCSVBaseline(b *testing.B) {
	data := benchOrders()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		r := csv.NewReader(bytes.NewReader(data))
		r.ReuseRecord = true
		rows := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		if rows == 0 {
			b.Fatal("no rows")
		}
	}
}
