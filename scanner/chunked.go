package scanner

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
)

// runChunked is for tables read in chunks of whole records (delimited text): the reading
// goroutine only reads and cuts, and each of j.workers goroutines splits its chunks into cells,
// counts their persons and keeps its part of the sample. Counting starts with a provisional plan
// made from the head of the first chunk; the sample, drawn over every row, gives the final types,
// and when their plan differs from the provisional one the table is counted again (as in
// runSequential).
func (j *tableJob) runChunked(ctx context.Context, t readers.Table, ch readers.Chunker) (tableOutcome, error) {
	var (
		counters []*counter
		provSig  string
		samples  = make([]*bottomK, max(1, j.workers))
		// head is the classification of the first chunk's first rows; when they are the whole
		// table (most small files) and fit the sample, it is the final classification too.
		head     []detect.ColumnClass
		headRows int64
	)
	for i := range samples {
		samples[i] = newBottomK(j.opt.SampleRows, j.seed)
	}
	first := func(c *readers.Chunk) error {
		if counters != nil {
			return nil
		}
		var b readers.Batch
		c.Fill(&b, j.opt.Limits.BatchRows)
		head = j.classify(b.Rows, batchCells(&b))
		headRows = int64(b.Rows)
		p := makePlan(head, j.cols, j.opt.Registry, j.opt.Category)
		provSig = p.signature()
		counters = j.newCounters(p)
		return nil
	}
	err := j.pumpChunks(ctx, ch, first, func(w int, c *readers.Chunk) error {
		return counters[w].chunk(c, samples[w])
	})
	var c *counter
	if counters != nil {
		c = mergeCounters(counters) // also stops the inserter after an error
	}
	if err != nil {
		return tableOutcome{}, err
	}
	var (
		classes []detect.ColumnClass
		sampled int64
	)
	if rows := t.Stats().Rows; head != nil && rows == headRows && rows <= int64(j.opt.SampleRows) {
		// The sample is the head, in order: classified already.
		classes, sampled = head, rows
	} else {
		rows := mergeSamples(samples, j.opt.SampleRows)
		classes, sampled = j.classify(len(rows), sampleCells(rows)), int64(len(rows))
	}
	p := makePlan(classes, j.cols, j.opt.Registry, j.opt.Category)
	switch {
	case c == nil: // no rows at all
		c = mergeCounters(j.newCounters(p))
	case p.signature() != provSig:
		again, err := j.recount(ctx, p)
		if err != nil {
			return tableOutcome{}, err
		}
		c = again
	}
	return j.finish(ctx, t, classes, c, sampled)
}

// classify types the columns from n rows, cell(ci, i) giving column ci of row i (nil when the
// row is short). Columns are independent, so they are classified on j.workers goroutines: typing
// the sample is the only step of a chunked table that no other goroutine overlaps.
func (j *tableJob) classify(n int, cell func(ci, i int) []byte) []detect.ColumnClass {
	out := make([]detect.ColumnClass, len(j.cols))
	var (
		next      atomic.Int64
		wg        sync.WaitGroup
		panicOnce sync.Once
		panicked  any
	)
	for range max(1, min(j.workers, len(j.cols))) {
		wg.Go(func() {
			// A detector's panic is raised again on the caller's goroutine, whose recover
			// turns it into the file's error.
			defer func() {
				if r := recover(); r != nil {
					panicOnce.Do(func() { panicked = r })
				}
			}()
			for {
				ci := int(next.Add(1) - 1)
				if ci >= len(j.cols) {
					return
				}
				if j.ignore[ci] {
					continue
				}
				cl := detect.NewClassifier(j.opt.Registry, j.cols[ci], detect.ClassifyOptions{Table: j.cols})
				for i := 0; i < n; i++ {
					if v := cell(ci, i); v != nil {
						cl.Add(v)
					}
				}
				out[ci] = cl.Result()
			}
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	return j.settle(out)
}

// batchCells gives classify (or a sample) the cells of a batch's rows.
func batchCells(b *readers.Batch) func(ci, i int) []byte {
	return func(ci, i int) []byte {
		if ci >= len(b.Columns) || i >= b.Columns[ci].Len() {
			return nil
		}
		return b.Columns[ci].Cell(i)
	}
}

// sampleCells gives classify the cells of sampled rows.
func sampleCells(rows []sampleRow) func(ci, i int) []byte {
	return func(ci, i int) []byte {
		if ci >= len(rows[i].ends) {
			return nil
		}
		return rows[i].cell(ci)
	}
}

// pumpChunks reads ch's chunks on a goroutine of its own (head, when set, sees each first, in
// order) and hands them to j.workers goroutines running work.
func (j *tableJob) pumpChunks(ctx context.Context, ch readers.Chunker, head func(*readers.Chunk) error, work func(w int, c *readers.Chunk) error) error {
	return fanOut(ctx, j.workers, func() *readers.Chunk { return readers.NewChunk(j.chunkBytes) }, ch.NextChunk, head, work)
}

// bottomK keeps the k rows of smallest priority, where a row's priority is a hash of its position
// in the table: a uniform random sample without replacement, reproducible, and the same however
// the rows were shared out among goroutines, since each goroutine keeps its own k smallest and
// the merge keeps the k smallest of those.
type bottomK struct {
	k     int
	seed  uint64
	items []sampleItem // a max-heap on prio once full
}

type sampleItem struct {
	prio, pos uint64
	row       sampleRow
}

func newBottomK(k int, seed uint64) *bottomK {
	return &bottomK{k: k, seed: mix64(seed ^ 0x9e3779b97f4a7c15)}
}

// wants reports whether the row at position pos (unique in the table, ascending in table order)
// enters the sample, and its priority: one hash and one comparison, so that only rows that do
// enter need all their cells.
func (s *bottomK) wants(pos uint64) (prio uint64, ok bool) {
	prio = mix64(pos + s.seed)
	return prio, len(s.items) < s.k || (s.k > 0 && prio < s.items[0].prio)
}

// add puts a row that wants accepted into the sample.
func (s *bottomK) add(prio, pos uint64, cells [][]byte) {
	if len(s.items) < s.k {
		s.items = append(s.items, sampleItem{prio: prio, pos: pos})
		s.items[len(s.items)-1].row.set(cells)
		s.up(len(s.items) - 1)
		return
	}
	top := &s.items[0]
	top.prio, top.pos = prio, pos
	top.row.set(cells)
	s.down(0)
}

func (s *bottomK) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if s.items[parent].prio >= s.items[i].prio {
			return
		}
		s.items[parent], s.items[i] = s.items[i], s.items[parent]
		i = parent
	}
}

func (s *bottomK) down(i int) {
	n := len(s.items)
	for {
		l, big := 2*i+1, i
		if l < n && s.items[l].prio > s.items[big].prio {
			big = l
		}
		if r := l + 1; r < n && s.items[r].prio > s.items[big].prio {
			big = r
		}
		if big == i {
			return
		}
		s.items[i], s.items[big] = s.items[big], s.items[i]
		i = big
	}
}

// mergeSamples returns the k rows of smallest priority over all samples, in table order.
func mergeSamples(samples []*bottomK, k int) []sampleRow {
	var all []sampleItem
	for _, s := range samples {
		all = append(all, s.items...)
	}
	slices.SortFunc(all, func(a, b sampleItem) int { return cmpUint64(a.prio, b.prio) })
	all = all[:min(k, len(all))]
	slices.SortFunc(all, func(a, b sampleItem) int { return cmpUint64(a.pos, b.pos) })
	rows := make([]sampleRow, len(all))
	for i := range all {
		rows[i] = all[i].row
	}
	return rows
}

func cmpUint64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
