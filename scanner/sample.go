package scanner

import (
	"slices"

	"github.com/xborder/xborder/readers"
)

// bottomK keeps the k rows of smallest priority, where a row's priority is a hash of its position
// in the table: a uniform random sample without replacement, reproducible, and the same however
// the rows were shared out among goroutines, since each goroutine keeps its own k smallest and
// the merge keeps the k smallest of those. It is the one sampler of tables read front to back,
// in batches or in chunks (drive.go): every row of the table has the same chance to be in the
// sample, so a column that is empty in the first half of a file and full in the second is typed
// from both halves, and the seed, per table, makes the same file always give the same report.
type bottomK struct {
	k     int
	seed  uint64
	items []sampleItem // the rows kept, in no order
	// heap orders items: a max-heap on prio once full, of entries apart from the rows, so that
	// sifting a replaced row down a sample of 10,000 reads 16-byte entries (160 KB, in L2)
	// rather than 64-byte items (640 KB): each level missed the cache, ~0.1 CPU-s on the
	// 10 M-row CSV.
	heap  []heapEntry
	cells [][]byte // scratch: the offered row (offerBatch)
	// data and ends pack the rows that enter while the sample is not full (every row of a
	// small table): one allocation for many rows instead of a few for each.
	data []byte
	ends []int
}

type sampleItem struct {
	prio, pos uint64
	row       sampleRow
}

// heapEntry is one kept row in bottomK's heap: its priority and its index in items.
type heapEntry struct {
	prio uint64
	item int
}

func newBottomK(k int, seed uint64) *bottomK {
	return &bottomK{k: k, seed: mix64(seed ^ 0x9e3779b97f4a7c15)}
}

// wants reports whether the row at position pos (unique in the table, ascending in table order)
// enters the sample, and its priority: one hash and one comparison, so that only rows that do
// enter need all their cells.
func (s *bottomK) wants(pos uint64) (prio uint64, ok bool) {
	prio = mix64(pos + s.seed)
	return prio, len(s.heap) < s.k || (s.k > 0 && prio < s.heap[0].prio)
}

// add puts a row that wants accepted into the sample.
func (s *bottomK) add(prio, pos uint64, cells [][]byte) {
	if len(s.items) < s.k {
		s.items = append(s.items, sampleItem{prio: prio, pos: pos, row: s.pack(cells)})
		s.heap = append(s.heap, heapEntry{prio: prio, item: len(s.items) - 1})
		s.up(len(s.heap) - 1)
		return
	}
	top := &s.heap[0]
	it := &s.items[top.item]
	top.prio, it.prio, it.pos = prio, prio, pos
	it.row.set(cells)
	s.down(0)
}

// pack copies a row into the packed rows and returns it, its slices capped at its end, so that
// setting the row later (once it is replaced) never writes over the next.
func (s *bottomK) pack(cells [][]byte) sampleRow {
	d0, e0 := len(s.data), len(s.ends)
	for _, v := range cells {
		s.data = append(s.data, v...)
		s.ends = append(s.ends, len(s.data)-d0)
	}
	d1, e1 := len(s.data), len(s.ends)
	return sampleRow{data: s.data[d0:d1:d1], ends: s.ends[e0:e1:e1]}
}

// reserve makes room for up to rows more rows of about bytes bytes in all, as far as they can
// still enter before the sample is full.
func (s *bottomK) reserve(rows, width, bytes int) {
	if room := s.k - len(s.items); room > 0 && rows > 0 {
		n := min(rows, room)
		s.items = slices.Grow(s.items, n)
		s.heap = slices.Grow(s.heap, n)
		s.ends = slices.Grow(s.ends, n*width)
		s.data = slices.Grow(s.data, int(int64(bytes)*int64(n)/int64(rows)))
	}
}

// reserveChunk makes room for the rows a chunk of n bytes can still add while the sample fills,
// estimated from row, the first row of the chunk offered to it (every cell): the same as reserve
// for a batch, for chunks, whose rows are not counted before they are split.
func (s *bottomK) reserveChunk(n int, row [][]byte) {
	if len(s.items) >= s.k {
		return
	}
	size := 0
	for _, v := range row {
		size += len(v)
	}
	// Each cell but the last ends with a delimiter, the row with a line break (max: a table
	// without columns would divide by zero).
	rows := n/max(size+len(row), 1) + 1
	s.reserve(rows, len(row), rows*size)
}

func (s *bottomK) up(i int) {
	h := s.heap
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent].prio >= h[i].prio {
			return
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

func (s *bottomK) down(i int) {
	h := s.heap
	n := len(h)
	for {
		l, big := 2*i+1, i
		if l < n && h[l].prio > h[big].prio {
			big = l
		}
		if r := l + 1; r < n && h[r].prio > h[big].prio {
			big = r
		}
		if big == i {
			return
		}
		h[i], h[big] = h[big], h[i]
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

// sampleRow is a copy of a sampled row's cells, packed.
type sampleRow struct {
	data []byte
	ends []int
}

func (r *sampleRow) cell(i int) []byte {
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.data[start:r.ends[i]]
}

// set makes r a copy of a row of cells. A row that outgrows r's buffer gets a quarter more room
// than it needs: over a large table most rows of a full sample are replaced many times, and each
// replacement by a longer row allocated.
func (r *sampleRow) set(cells [][]byte) {
	n := 0
	for _, v := range cells {
		n += len(v)
	}
	if cap(r.data) < n {
		r.data = make([]byte, 0, n+n/4+16)
	}
	if cap(r.ends) < len(cells) {
		r.ends = make([]int, 0, len(cells))
	}
	r.data, r.ends = r.data[:0], r.ends[:0]
	for _, v := range cells {
		r.data = append(r.data, v...)
		r.ends = append(r.ends, len(r.data))
	}
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

// offerBatch offers the sample every row of a batch whose first row is at position first.
func (s *bottomK) offerBatch(b *readers.Batch, first int64) {
	cell := batchCells(b)
	size := 0
	for ci := range b.Columns {
		size += len(b.Columns[ci].Data)
	}
	s.reserve(b.Rows, len(b.Columns), size)
	for i := 0; i < b.Rows; i++ {
		pos := uint64(first) + uint64(i)
		prio, ok := s.wants(pos)
		if !ok {
			continue
		}
		s.cells = s.cells[:0]
		for ci := range b.Columns {
			s.cells = append(s.cells, cell(ci, i))
		}
		s.add(prio, pos, s.cells)
	}
}
