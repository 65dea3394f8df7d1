package scanner

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ordersFile is a CSV of n order rows, every person on two rows.
func ordersFile(n int) string {
	g := newGen(9)
	var rows [][]string
	for r := 0; r < n; r++ {
		p := r / 2
		rows = append(rows, []string{fmt.Sprintf("ORD%09d", r), g.name(p), g.mobile(p), g.id(p, 1960+p%40), fmt.Sprintf("%d.%02d", r%500, r%100)})
	}
	return csvFile([]string{"order_id", "姓名", "手机号", "身份证号", "金额"}, rows)
}

// TestChunkedReportDoesNotDependOnWorkers: a file split into many chunks gives the same result,
// sample included, whether one goroutine counts it or three.
func TestChunkedReportDoesNotDependOnWorkers(t *testing.T) {
	dir := writeFiles(t, map[string]string{"orders.csv": ordersFile(30000)})
	var results []FileResult
	for _, workers := range []int{1, 3} {
		opt := testOptions()
		opt.Workers, opt.ParallelFileBytes, opt.ChunkBytes = workers, 1, 16<<10
		opt.SampleRows = 2000
		res, err := Scan(context.Background(), []string{dir}, opt)
		require.NoError(t, err)
		fr := res.Files[0]
		require.NoError(t, fr.Err)
		n, s := counts(fr.Persons)
		assert.Equal(t, int64(15000), n, "%d workers", workers)
		assert.Equal(t, int64(15000), s, "%d workers: resident IDs are sensitive", workers)
		assert.Equal(t, int64(30000), fr.Rows)
		assert.Equal(t, int64(2000), fr.SampledRows)
		fr.Persons = Persons{}
		results = append(results, fr)
	}
	assert.Equal(t, results[0], results[1])
}

// TestChunkedRecordLimit: an over-long line in the middle of a file read in chunks is a clear
// error of that file, whichever goroutine meets it, and nothing hangs.
func TestChunkedRecordLimit(t *testing.T) {
	body := ordersFile(2000)
	lines := strings.SplitAfter(body, "\n")
	lines[1000] = "ORD,张三,13812345678," + strings.Repeat("x", 5000) + ",1\n"
	dir := writeFiles(t, map[string]string{"orders.csv": strings.Join(lines, ""), "ok.csv": ordersFile(100)})
	opt := testOptions()
	opt.Workers, opt.ParallelFileBytes, opt.ChunkBytes = 3, 1, 1<<10
	opt.Limits.MaxFieldBytes = 4096
	res, err := Scan(context.Background(), []string{dir}, opt)
	require.NoError(t, err)
	require.Len(t, res.Files, 2)
	require.NoError(t, res.Files[0].Err, res.Files[0].Path)
	require.Error(t, res.Files[1].Err)
	assert.Contains(t, res.Files[1].Err.Error(), "longer than the 4 KiB limit")
}

// TestBottomKIsUniformAndMergeable: the sample spreads over the whole table, and samples kept by
// several goroutines over shares of the rows merge into the sample of one goroutine.
func TestBottomKIsUniformAndMergeable(t *testing.T) {
	const rows, k = 100000, 1000
	one := newBottomK(k, 42)
	three := []*bottomK{newBottomK(k, 42), newBottomK(k, 42), newBottomK(k, 42)}
	for pos := uint64(0); pos < rows; pos++ {
		cells := [][]byte{[]byte(fmt.Sprint(pos))}
		if prio, ok := one.wants(pos); ok {
			one.add(prio, pos, cells)
		}
		s := three[(pos/777)%3] // runs of rows, as chunks go to goroutines
		if prio, ok := s.wants(pos); ok {
			s.add(prio, pos, cells)
		}
	}
	a, b := mergeSamples([]*bottomK{one}, k), mergeSamples(three, k)
	require.Len(t, a, k)
	require.Equal(t, a, b)
	var deciles [10]int
	prev := -1
	for _, r := range a {
		var pos int
		_, err := fmt.Sscan(string(r.cell(0)), &pos)
		require.NoError(t, err)
		require.Greater(t, pos, prev, "rows come in table order")
		prev = pos
		deciles[pos*10/rows]++
	}
	for d, n := range deciles {
		// 100 expected per decile; ±40 is over four standard deviations.
		assert.InDelta(t, 100, n, 40, "decile %d holds %d rows", d, n)
	}
}

// TestChunkedRowsSplitFurtherWhenTheirIDIsMissing: a chunked table is split only up to its
// strongest identifier; rows without one are split further, to a weaker identifier or to name and
// address, and count exactly as reading every cell (the sequential path with --sample 0) counts.
func TestChunkedRowsSplitFurtherWhenTheirIDIsMissing(t *testing.T) {
	g := newGen(5)
	var rows [][]string
	for r := 0; r < 3000; r++ {
		p := r / 2
		id, mobile := g.id(p, 1970+p%30), g.mobile(p)
		switch p % 3 {
		case 1:
			id = ""
		case 2:
			id, mobile = "", ""
		}
		rows = append(rows, []string{id, mobile, g.name(p), fmt.Sprintf("北京市朝阳区建国路%d号", p)})
	}
	dir := writeFiles(t, map[string]string{"people.csv": csvFile([]string{"身份证号", "手机号", "姓名", "地址"}, rows)})
	for _, sample := range []int{DefaultSampleRows, 0} { // chunked, then every row sequentially
		opt := testOptions()
		opt.Workers, opt.ParallelFileBytes, opt.ChunkBytes, opt.SampleRows = 3, 1, 2<<10, sample
		res, err := Scan(context.Background(), []string{dir}, opt)
		require.NoError(t, err)
		fr := res.Files[0]
		require.NoError(t, fr.Err)
		n, s := counts(fr.Persons)
		assert.Equal(t, int64(1500), n, "sample %d: persons", sample)
		assert.Equal(t, int64(500), s, "sample %d: persons with a resident ID", sample)
		assert.Equal(t, MethodExact, fr.Persons.Method())
	}
}

// TestChunkedSampleHoldsTheHead: the head's rows reach the sample even though the counters do
// not offer them as they read (pass.headBatch): a column whose only values are in the head types
// the same when the table is far longer than the head and the sample takes every row.
func TestChunkedSampleHoldsTheHead(t *testing.T) {
	g := newGen(4)
	var rows [][]string
	for r := range 6000 {
		email := ""
		if r < 600 {
			email = g.email(r)
		}
		rows = append(rows, []string{fmt.Sprintf("ORD%09d", r), email, "9.90"})
	}
	dir := writeFiles(t, map[string]string{"orders.csv": csvFile([]string{"order_id", "contact", "amount"}, rows)})
	for _, workers := range []int{1, 2} {
		opt := testOptions()
		opt.Workers, opt.ParallelFileBytes, opt.ChunkBytes = workers, 1, 16<<10
		opt.SampleRows = 10000 // every row
		res, err := Scan(context.Background(), []string{dir}, opt)
		require.NoError(t, err)
		fr := res.Files[0]
		require.NoError(t, fr.Err)
		assert.Equal(t, int64(6000), fr.SampledRows, "%d workers", workers)
		assert.Contains(t, typesOf(fr, "contact"), "email", "%d workers: the head's e-mails are in the sample", workers)
		n, _ := counts(fr.Persons)
		assert.Equal(t, int64(600), n, "%d workers", workers)
	}
}

// TestBottomKKeepsRowsWhateverItReserves: reserving room for a chunk's rows (reserveChunk, from
// an estimate that may be far off) and replacing rows by longer ones never changes what the
// sample holds: every kept row reads back as it was offered.
func TestBottomKKeepsRowsWhateverItReserves(t *testing.T) {
	const rows, k = 20000, 500
	plain, reserved := newBottomK(k, 7), newBottomK(k, 7)
	row := func(pos uint64) [][]byte {
		// Lengths from 0 to ~70 bytes, so that a replacing row is often longer than the one
		// it replaces, and an estimate from one row is wrong for the next.
		n := int(mix64(pos) % 23)
		return [][]byte{[]byte(fmt.Sprint(pos)), []byte(strings.Repeat("x", n)), []byte(strings.Repeat("y", 3*n))}
	}
	for pos := uint64(0); pos < rows; pos++ {
		if pos%1000 == 0 { // a chunk of 1000 rows starts: its first wanted row sizes the room
			reserved.reserveChunk(int(1000*(pos%7+1)), row(pos))
		}
		if prio, ok := plain.wants(pos); ok {
			plain.add(prio, pos, row(pos))
		}
		if prio, ok := reserved.wants(pos); ok {
			reserved.add(prio, pos, row(pos))
		}
	}
	a, b := mergeSamples([]*bottomK{plain}, k), mergeSamples([]*bottomK{reserved}, k)
	require.Len(t, b, k)
	for i := range a {
		var pos uint64
		_, err := fmt.Sscan(string(b[i].cell(0)), &pos)
		require.NoError(t, err)
		want := row(pos)
		for ci := range want {
			require.Equal(t, string(want[ci]), string(b[i].cell(ci)), "row %d cell %d", pos, ci)
			require.Equal(t, string(a[i].cell(ci)), string(b[i].cell(ci)))
		}
	}
}
