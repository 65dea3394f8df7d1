package scanner

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xborder/xborder/cmd/xbench/baseline"
)

// The benchmarks below read order exports shaped like cmd/xbench's (order id, Chinese name,
// mobile, resident ID, email, address, amount, timestamp; every person on two rows on average).
// Inputs are written once per benchmark: b.Loop runs the benchmark function a single time.
// cmd/xbench measures the xborder binary on bigger inputs against the same baselines.

// benchCSVBytes is the size of the single-file benchmark input.
const benchCSVBytes = 50 << 20

// BenchmarkScanCSV scans one ~50 MB CSV, the whole pipeline: read, type, count persons.
func BenchmarkScanCSV(b *testing.B) {
	path, persons := benchOrdersCSV(b, filepath.Join(b.TempDir(), "orders.csv"), 1, benchCSVBytes, ',')
	b.SetBytes(benchFileSize(b, path))
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		var err error
		res, err = Scan(context.Background(), []string{path}, Options{Now: scanDate, SampleRows: DefaultSampleRows})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := res.Files[0].Err; err != nil {
		b.Fatal(err)
	}
	if got, _, _, _ := res.Batch.Count(); got != int64(persons) {
		b.Errorf("counted %d persons, the file holds %d", got, persons)
	}
}

// BenchmarkEncodingCSVBaseline reads the same file with the project's CSV baseline
// (baseline.CSV: encoding/csv, ReuseRecord, 1 MiB bufio.Reader, every field touched): the
// baseline BenchmarkScanCSV's MB/s is compared with.
func BenchmarkEncodingCSVBaseline(b *testing.B) {
	path, _ := benchOrdersCSV(b, filepath.Join(b.TempDir(), "orders.csv"), 1, benchCSVBytes, ',')
	b.SetBytes(benchFileSize(b, path))
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := baseline.CSV(context.Background(), f); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkScanFolder scans 200 small files (CSV and TSV, 20–120 KB) with default workers: the
// per-file costs (open, typing a sample, plan, merge into the batch) rather than throughput.
func BenchmarkScanFolder(b *testing.B) {
	dir := b.TempDir()
	var total int64
	for i := 0; i < 200; i++ {
		comma, ext := ',', ".csv"
		if i%4 == 3 {
			comma, ext = '\t', ".tsv"
		}
		size := 20<<10 + i*500
		path, _ := benchOrdersCSV(b, filepath.Join(dir, fmt.Sprintf("part-%03d%s", i, ext)), uint64(i)+2, size, comma)
		total += benchFileSize(b, path)
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Scan(context.Background(), []string{dir}, Options{Now: scanDate, SampleRows: DefaultSampleRows})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Files) != 200 {
			b.Fatalf("scanned %d files, want 200", len(res.Files))
		}
	}
}

func benchFileSize(b *testing.B, path string) int64 {
	b.Helper()
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return st.Size()
}

var (
	benchRegions  = []string{"110105", "310115", "440305", "330106", "510107", "420106", "320102", "500103"}
	benchPlaces   = []string{"北京市朝阳区", "上海市浦东新区", "广东省深圳市南山区", "浙江省杭州市西湖区", "四川省成都市武侯区", "湖北省武汉市武昌区", "江苏省南京市玄武区", "重庆市渝中区"}
	benchSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹")
	benchGiven    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华鹏飞宇浩然涵欣怡")
	benchStreets  = []string{"建国路", "人民路", "中山路", "解放路", "科技园路", "文三路", "天府大道", "和平路"}
)

// benchOrdersCSV writes order rows to path until it holds about size bytes and returns the
// number of distinct persons: even rows bring a new person, odd rows repeat one already seen.
// The same seed gives the same file.
func benchOrdersCSV(b *testing.B, path string, seed uint64, size int, comma rune) (string, int) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	cw := csv.NewWriter(bufio.NewWriterSize(f, 1<<16))
	cw.Comma = comma
	rng := rand.New(rand.NewPCG(seed, 11))
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	_ = cw.Write([]string{"order_id", "name", "mobile", "id_number", "email", "address", "amount", "created_at"})
	rec := make([]string, 8)
	written, persons := 0, 0
	for row := 0; written < size; row++ {
		p := persons
		if row%2 == 0 {
			persons++
		} else {
			p = rng.IntN(persons)
		}
		p += int(seed) * 1_000_000 // files of the folder hold different persons
		mobile := fmt.Sprintf("1%c%d%08d", "358"[p%3], p%10, p*37%100_000_000)
		if rng.IntN(10) == 0 {
			mobile = "+86 " + mobile[:3] + "-" + mobile[3:7] + "-" + mobile[7:]
		}
		body := benchRegions[p%len(benchRegions)] +
			time.Date(1960, 1, 1+p/1000%14000, 0, 0, 0, 0, time.UTC).Format("20060102") +
			fmt.Sprintf("%03d", p%1000)
		rec[0] = strconv.Itoa(100_000_000_000_000_000 + row*7)
		rec[1] = string(benchSurnames[p%len(benchSurnames)]) + string(benchGiven[p/7%len(benchGiven)]) + string(benchGiven[p/3%len(benchGiven)])
		rec[2] = mobile
		rec[3] = body + string(benchIDCheck(body))
		rec[4] = "u" + strconv.FormatInt(int64(p), 36) + "@example.com"
		rec[5] = fmt.Sprintf("%s%s%d号", benchPlaces[p%len(benchPlaces)], benchStreets[p/5%len(benchStreets)], 1+p%300)
		rec[6] = fmt.Sprintf("%d.%02d", 1+rng.IntN(5000), rng.IntN(100))
		rec[7] = start.Add(time.Duration(row) * 3 * time.Second).Format(time.DateTime)
		if err := cw.Write(rec); err != nil {
			b.Fatal(err)
		}
		for _, v := range rec {
			written += len(v) + 1
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path, persons
}

// benchIDCheck is the MOD 11-2 check character of a resident ID's first 17 digits.
func benchIDCheck(body string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}

// BenchmarkSetMerge merges an exact set of n person hashes into an empty set, as Scan does for
// each table into its file and each file into the batch, next to adding the same hashes in random
// order: merge should never cost more per hash than add, at any n. It did before cd29419: Merge
// inserted in the source's slot order, and with linear probing on the low hash bits a source more
// than half full overflowed the half-size destination into one long cluster before it grew
// (n = 1.3 M, load 0.62 in 2^21 slots: 107 s to merge against 0.23 s to add on 2 vCPU). The
// sizes are chosen on both sides of that half-full boundary.
func BenchmarkSetMerge(b *testing.B) {
	for _, n := range []int{1_000_000, 1_300_000} {
		rng := rand.New(rand.NewPCG(uint64(n), 3))
		hashes := make([]uint64, n)
		src := NewSet(0)
		for i := range hashes {
			hashes[i] = rng.Uint64()
			src.Add(hashes[i], false)
		}
		b.Run(fmt.Sprintf("merge/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				NewSet(0).Merge(src)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/hash")
		})
		b.Run(fmt.Sprintf("add/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				dst := NewSet(0)
				for _, h := range hashes {
					dst.Add(h, false)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/hash")
		})
	}
}
