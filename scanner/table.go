package scanner

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
)

// tableJob analyses one table: types from a sample, persons from every row.
type tableJob struct {
	opt *Options
	// table is the table's index in its file; seed, derived from it alone, seeds the sample,
	// so a file gives the same sample and report whatever else the scan reads.
	table int
	seed  uint64
	// aggregate, when set, says which types the table context dropped and why (settle).
	aggregate string
	cols      []string
	ignore    []bool
	// workers is how many goroutines count this table's rows.
	workers int
	// chunkBytes is the size of the chunks a chunked table is read in.
	chunkBytes int
	// reopen returns the same table from a fresh open of the file, for a second counting pass.
	reopen func() (readers.Table, func(), error)
}

// tableOutcome is what a table contributes to its file.
type tableOutcome struct {
	result  TableResult
	persons Persons
	// rowRefs are the persons without an identifier, keyed once the file's digest is known.
	rowRefs []uint64
	sampled int64
	stats   readers.TableStats
	notes   []string
}

func (j *tableJob) run(ctx context.Context, t readers.Table) (tableOutcome, error) {
	j.cols = t.Columns()
	j.ignore = make([]bool, len(j.cols))
	if j.opt.IgnoreColumn != nil {
		for i, c := range j.cols {
			j.ignore[i] = j.opt.IgnoreColumn(c)
		}
	}
	if s, ok := t.(readers.Sampler); ok && j.opt.SampleRows > 0 {
		return j.runSampled(ctx, t, s)
	}
	if ch, ok := t.(readers.Chunker); ok && j.opt.SampleRows > 0 {
		return j.runChunked(ctx, t, ch)
	}
	return j.runSequential(ctx, t)
}

// runSampled is for tables that can draw a spread sample without a full read (Parquet): type the
// columns from the sample, then read only the columns the plan needs over every row.
func (j *tableJob) runSampled(ctx context.Context, t readers.Table, s readers.Sampler) (tableOutcome, error) {
	var b readers.Batch
	if err := s.Sample(j.opt.SampleRows, &b); err != nil {
		return tableOutcome{}, err
	}
	classes := j.classify(b.Rows, batchCells(&b))
	p := makePlan(classes, j.cols, j.opt.Registry, j.opt.Category)
	if pr, ok := t.(readers.Projector); ok {
		cols := p.columns()
		if len(cols) == 0 && len(j.cols) > 0 {
			cols = []int{0} // rows still need counting
		}
		if err := pr.Project(cols); err != nil {
			return tableOutcome{}, err
		}
	}
	c, err := j.count(ctx, t, p)
	if err != nil {
		return tableOutcome{}, err
	}
	return j.finish(ctx, t, classes, c, int64(b.Rows))
}

// runSequential is for tables that can only be read front to back (CSV, Excel). One pass
// counts persons with a provisional plan made from the first batch while a reservoir sample of
// the whole table is drawn. Most of the time the final types agree with the provisional ones and
// the counts stand; when they do not (the head of the file was unrepresentative, e.g. an email
// column empty for its first 20,000 rows), the table is read a second time with the final plan,
// projected to the columns it needs. Correct counts over a cheaper guess.
func (j *tableJob) runSequential(ctx context.Context, t readers.Table) (tableOutcome, error) {
	var (
		final   []*detect.Classifier // fed every row when sampling all rows
		res     *reservoir
		c       *counter
		provSig string
		sampled int64
	)
	if j.opt.SampleRows == 0 {
		final = j.newClassifiers()
	} else {
		res = newReservoir(j.opt.SampleRows, j.seed)
	}
	var (
		rowBase  int64
		counters []*counter
		// head is the classification of the first batch; when the first batch is the whole
		// table (most small files) and fits the sample, it is the final classification too.
		head     []detect.ColumnClass
		headRows int64
	)
	// Sampling sees every batch in table order on the reading goroutine, so the sample (and the
	// report) is the same whatever the number of workers; counting fans out to the workers.
	inOrder := func(b *readers.Batch, _ int64) {
		if counters == nil {
			head, headRows = j.classify(b.Rows, batchCells(b)), int64(b.Rows)
			p := makePlan(head, j.cols, j.opt.Registry, j.opt.Category)
			provSig = p.signature()
			counters = j.newCounters(p)
		}
		for i := 0; i < b.Rows; i++ {
			if final != nil {
				j.feed(final, b, i)
				sampled++
			} else {
				res.offer(b, i)
			}
		}
		rowBase += int64(b.Rows)
	}
	err := pump(ctx, t, j.workers, inOrder, func(w int, b *readers.Batch, first int64) {
		counters[w].batch(b, first)
	})
	if err != nil {
		return tableOutcome{}, err
	}
	if counters != nil {
		c = mergeCounters(counters)
	}
	var classes []detect.ColumnClass
	switch {
	case final != nil:
		classes = j.results(final)
	case head != nil && rowBase == headRows && headRows <= int64(j.opt.SampleRows):
		// The reservoir holds exactly the first batch, in order: classified already.
		classes, sampled = head, headRows
	default:
		classes, sampled = j.classify(len(res.rows), sampleCells(res.rows)), int64(len(res.rows))
	}
	p := makePlan(classes, j.cols, j.opt.Registry, j.opt.Category)
	if c == nil { // no rows at all
		c = mergeCounters(j.newCounters(p))
	}
	if p.signature() != provSig && rowBase > 0 {
		again, err := j.recount(ctx, p)
		if err != nil {
			return tableOutcome{}, fmt.Errorf("second counting pass: %w", err)
		}
		c = again
	}
	return j.finish(ctx, t, classes, c, sampled)
}

// recount reads the table again from a fresh open and counts persons with plan p.
func (j *tableJob) recount(ctx context.Context, p plan) (*counter, error) {
	t, done, err := j.reopen()
	if err != nil {
		return nil, err
	}
	defer done()
	if pr, ok := t.(readers.Projector); ok {
		if err := pr.Project(p.columns()); err != nil {
			return nil, err
		}
	}
	return j.count(ctx, t, p)
}

// count counts persons over every row of t with plan p, on j.workers goroutines.
func (j *tableJob) count(ctx context.Context, t readers.Table, p plan) (*counter, error) {
	counters := j.newCounters(p)
	var err error
	if ch, ok := t.(readers.Chunker); ok {
		err = j.pumpChunks(ctx, ch, nil, func(w int, c *readers.Chunk) error {
			return counters[w].chunk(c, nil)
		})
	} else {
		err = pump(ctx, t, j.workers, nil, func(w int, b *readers.Batch, first int64) {
			counters[w].batch(b, first)
		})
	}
	if err != nil {
		return nil, err
	}
	return mergeCounters(counters), nil
}

// newCounters returns one counter per worker, all feeding one inserter goroutine that owns the
// table's person set: keying (validation, normalisation, hashing) runs in parallel, while the
// set, whose inserts are cache misses at millions of persons, is filled on a goroutine of its own
// and never has to be merged.
func (j *tableJob) newCounters(p plan) []*counter {
	ins := newInserter(j.opt.SetBudget)
	cs := make([]*counter, max(1, j.workers))
	for i := range cs {
		cs[i] = j.newCounter(p, ins)
	}
	return cs
}

// mergeCounters waits for the counters' persons to be inserted and folds their statistics into
// the first counter.
func mergeCounters(cs []*counter) *counter {
	c := cs[0]
	for _, o := range cs {
		o.flush()
	}
	set := c.ins.close()
	c.rowKeys = tableRowRefs(cs)
	for _, o := range cs[1:] {
		c.rowsOnly = c.rowsOnly || o.rowsOnly
		c.unlinked = c.unlinked || o.unlinked
		c.weakLost = c.weakLost || o.weakLost
		c.weak = append(c.weak, o.weak...)
		o.weak = nil
		c.edges = append(c.edges, o.edges...)
		o.edges = nil
		for col, n := range o.minors {
			c.minors[col] += n
		}
		for col, n := range o.births {
			c.births[col] += n
		}
		for col, n := range o.damaged {
			c.damaged[col] += n
		}
		for ri, n := range o.roleRows {
			c.roleRows[ri] += n
		}
	}
	c.persons = Persons{Set: relink(set, c.edges, c.ins.set.budget)}
	c.edges = nil
	return c
}

func (j *tableJob) newClassifiers() []*detect.Classifier {
	cls := make([]*detect.Classifier, len(j.cols))
	for i, name := range j.cols {
		cls[i] = detect.NewClassifier(j.opt.Registry, name, detect.ClassifyOptions{Table: j.cols})
	}
	return cls
}

func (j *tableJob) feed(cls []*detect.Classifier, b *readers.Batch, row int) {
	for ci, cl := range cls {
		if j.ignore[ci] || ci >= len(b.Columns) || row >= b.Columns[ci].Len() {
			continue
		}
		cl.Add(b.Columns[ci].Cell(row))
	}
}

func (j *tableJob) results(cls []*detect.Classifier) []detect.ColumnClass {
	out := make([]detect.ColumnClass, len(cls))
	for i, cl := range cls {
		if j.ignore[i] {
			continue
		}
		out[i] = cl.Result()
	}
	return j.settle(out)
}

func (j *tableJob) newCounter(p plan, ins *inserter) *counter {
	return &counter{
		p:        p,
		ins:      ins,
		keys:     ins.buffer(),
		ages:     newMinorTest(j.opt.Now, j.opt.MinorAge),
		minors:   make([]int64, len(j.cols)),
		births:   make([]int64, len(j.cols)),
		damaged:  make([]int64, len(j.cols)),
		cleaned:  make([][]byte, len(j.cols)),
		roleRows: make([]int64, len(p.roles)),
		maxEdges: maxEdgesPerCounter(j.opt.SetBudget) / max(1, j.workers),
	}
}

// outcome assembles the table's result.
func (j *tableJob) outcome(t readers.Table, classes []detect.ColumnClass, c *counter, sampled int64) tableOutcome {
	st := t.Stats()
	lost := map[int]bool{}
	for _, ci := range st.PrecisionLostColumns {
		lost[ci] = true
	}
	tr := TableResult{Name: t.Name(), Rows: st.Rows, RaggedRows: st.RaggedRows}
	for ci, name := range j.cols {
		cc := classes[ci]
		col := ColumnResult{
			Name: name, Index: ci,
			NonEmpty: cc.NonEmpty, Masked: cc.Masked, Hashed: cc.Hashed,
			PrecisionLost: lost[ci],
			Types:         []TypeResult{},
		}
		for _, tm := range cc.Types {
			cat := tm.Category
			if d, ok := j.opt.Registry.Get(tm.ID); ok {
				cat = j.opt.Category(tm.ID, d.Category())
			}
			col.Types = append(col.Types, TypeResult{
				Type: tm.ID, Category: cat, Confidence: tm.Confidence,
				Matched: tm.Matched, Sampled: tm.Sampled, Examples: tm.Examples,
			})
		}
		if n := c.minors[ci]; n > 0 {
			col.Types = append(col.Types, TypeResult{
				Type: "minor", Category: j.opt.Category("minor", detect.CategorySensitive), Confidence: 1,
				Matched: n, Sampled: c.births[ci], Examples: []string{},
			})
		}
		tr.Columns = append(tr.Columns, col)
	}
	tr.Roles, tr.SharedColumns = roleResults(c.p, j.cols, c.roleRows)
	persons := c.persons
	persons.RowsOnly = c.rowsOnly
	out := tableOutcome{result: tr, persons: persons, rowRefs: c.rowKeys, sampled: sampled, stats: st}
	if j.aggregate != "" {
		out.notes = append(out.notes, j.aggregate)
	}
	for ci, n := range c.damaged {
		if n > 0 {
			out.notes = append(out.notes, fmt.Sprintf("column %q: %d identifiers were damaged by a spreadsheet (scientific notation or digits lost) and cannot be read; each is counted as a person of its own, of the column's type", j.cols[ci], n))
		}
	}
	if c.unlinked {
		out.notes = append(out.notes, "too many linked identifiers to keep: some persons keyed by different identifiers in different roles may be counted twice (an overcount, never an undercount)")
	}
	return out
}

// roleResults describes the plan's roles for the report: who a row can describe, by which
// columns, and in how many rows each did.
func roleResults(p plan, cols []string, rows []int64) ([]RoleResult, []string) {
	names := func(idx []int) []string {
		out := make([]string, 0, len(idx))
		for _, i := range idx {
			if i < len(cols) {
				out = append(out, cols[i])
			}
		}
		return out
	}
	var roles []RoleResult
	unnamed := 0
	for ri := range p.roles {
		r := &p.roles[ri]
		name := r.name
		if name == "" {
			unnamed++
			name = "person"
			if unnamed > 1 {
				name = fmt.Sprintf("person %d", unnamed)
			}
		}
		rr := RoleResult{Role: name, Columns: names(r.anyPI), KeyColumns: names(r.keyCols())}
		if ri < len(rows) {
			rr.Rows = rows[ri]
		}
		roles = append(roles, rr)
	}
	var shared []int
	for _, c := range p.shared {
		shared = append(shared, c.col)
	}
	return roles, names(shared)
}

// pump reads batches from t on its own goroutine, so that decoding overlaps analysis, and hands
// them to `workers` goroutines running work. inOrder, when set, sees every batch first, on the
// reading goroutine and in table order. first is the index of the batch's first row in the table.
func pump(ctx context.Context, t readers.Table, workers int, inOrder func(b *readers.Batch, first int64), work func(w int, b *readers.Batch, first int64)) error {
	type item struct {
		b     readers.Batch
		first int64
	}
	var next int64
	var seen func(*item) error
	if inOrder != nil {
		seen = func(it *item) error { inOrder(&it.b, it.first); return nil }
	}
	return fanOut(ctx, workers, func() *item { return &item{} },
		func(it *item) error {
			err := t.Next(&it.b)
			it.first = next
			next += int64(it.b.Rows)
			return err
		},
		seen,
		func(w int, it *item) error { work(w, &it.b, it.first); return nil })
}

// fanOut produces items with next on a goroutine of its own, in order (inOrder, when set, sees
// each there first), and consumes them with work on `workers` goroutines. Items are recycled
// through a pool of at most workers+2, so memory stays flat whatever the table's size. The first
// error of next (other than io.EOF), inOrder or work stops the reading and is returned; a panic
// in any of them becomes an error too (a library choking on hostile input, a detector bug), so
// one bad file never takes the run down.
func fanOut[T any](ctx context.Context, workers int, newItem func() *T, next func(*T) error, inOrder func(*T) error, work func(w int, it *T) error) error {
	workers = max(1, workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	depth := workers + 2
	free := make(chan *T, depth)
	jobs := make(chan *T, depth)
	var (
		readErr  error
		failOnce sync.Once
		failErr  error
	)
	fail := func(err error) {
		failOnce.Do(func() { failErr = err })
		cancel()
	}
	// A panic on these goroutines is out of reach of scanFile's recover: catch it here.
	safely := func(f func() error) (ok bool) {
		defer func() {
			if r := recover(); r != nil {
				fail(fmt.Errorf("internal error while analysing the table: %s", describePanic(r)))
				ok = false
			}
		}()
		if err := f(); err != nil {
			fail(err)
			return false
		}
		return true
	}
	go func() {
		defer close(jobs)
		made := 0
		for {
			var it *T
			select {
			case it = <-free:
			default:
				if made < depth {
					it, made = newItem(), made+1
				} else {
					select {
					case it = <-free:
					case <-ctx.Done():
					}
				}
			}
			if err := ctx.Err(); err != nil {
				readErr = err
				return
			}
			if err := safeRead(func() error { return next(it) }); err != nil {
				if err != io.EOF {
					readErr = err
				}
				return
			}
			if inOrder != nil && !safely(func() error { return inOrder(it) }) {
				return
			}
			jobs <- it
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			failed := false
			for it := range jobs {
				if !failed {
					failed = !safely(func() error { return work(w, it) })
				}
				free <- it
			}
		}()
	}
	wg.Wait() // jobs is closed only after the reader has set readErr
	if failErr != nil {
		return failErr
	}
	return readErr
}

// safeRead turns a reader panic (a library choking on hostile input) into an error.
func safeRead(read func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: reader failed: %s", readers.ErrCorrupt, describePanic(r))
		}
	}()
	return read()
}

// reservoir keeps a uniform random sample of n rows of a table read front to back (Vitter's
// algorithm R). Every row of the table has the same chance to be in the sample, so a column that
// is empty in the first half of a file and full in the second is typed from both halves. The
// generator is seeded per table, so the same file always gives the same sample and report.
type reservoir struct {
	n     int
	seen  int64
	rows  []sampleRow
	rng   *rand.Rand
	cells [][]byte // scratch: the offered row
}

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

func newReservoir(n int, seed uint64) *reservoir {
	return &reservoir{n: n, rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

func (r *reservoir) offer(b *readers.Batch, i int) {
	r.seen++
	slot := -1
	if len(r.rows) < r.n {
		r.rows = append(r.rows, sampleRow{})
		slot = len(r.rows) - 1
	} else if k := r.rng.Int64N(r.seen); k < int64(r.n) {
		slot = int(k)
	}
	if slot < 0 {
		return
	}
	cell := batchCells(b)
	r.cells = r.cells[:0]
	for ci := range b.Columns {
		r.cells = append(r.cells, cell(ci, i))
	}
	r.rows[slot].set(r.cells)
}

// set makes r a copy of a row of cells.
func (r *sampleRow) set(cells [][]byte) {
	r.data, r.ends = r.data[:0], r.ends[:0]
	for _, v := range cells {
		r.data = append(r.data, v...)
		r.ends = append(r.ends, len(r.data))
	}
}

// settle applies what the table as a whole says to its column types (detect.TableContext: a
// summary's figures describe groups, a store list's coordinates a store); what it dropped and
// why is kept for the file's notes.
func (j *tableJob) settle(classes []detect.ColumnClass) []detect.ColumnClass {
	classes, j.aggregate = detect.TableContext(j.cols, classes)
	return classes
}
