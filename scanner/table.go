package scanner

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
	"github.com/zeebo/xxh3"
)

// tableJob analyses one table: types from a sample, persons from every row.
type tableJob struct {
	opt    *Options
	seed   uint64 // distinguishes row keys of different files and tables
	cols   []string
	ignore []bool
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
	sampled int64
	stats   readers.TableStats
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
	p := makePlan(classes, j.opt.Registry, j.opt.Category)
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
	return j.outcome(t, classes, c, int64(b.Rows)), nil
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
			p := makePlan(head, j.opt.Registry, j.opt.Category)
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
	p := makePlan(classes, j.opt.Registry, j.opt.Category)
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
	return j.outcome(t, classes, c, sampled), nil
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
	c.persons = Persons{Set: c.ins.close()}
	for _, o := range cs[1:] {
		c.rowsOnly = c.rowsOnly || o.rowsOnly
		for col, n := range o.minors {
			c.minors[col] += n
		}
		for col, n := range o.births {
			c.births[col] += n
		}
	}
	return c
}

func (j *tableJob) newClassifiers() []*detect.Classifier {
	cls := make([]*detect.Classifier, len(j.cols))
	for i, name := range j.cols {
		cls[i] = detect.NewClassifier(j.opt.Registry, name, detect.ClassifyOptions{})
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
	return out
}

func (j *tableJob) newCounter(p plan, ins *inserter) *counter {
	return &counter{
		p:      p,
		ins:    ins,
		keys:   ins.buffer(),
		ages:   newMinorTest(j.opt.Now, j.opt.MinorAge),
		seed:   j.seed,
		minors: make([]int64, len(j.cols)),
		births: make([]int64, len(j.cols)),
		need:   p.columns(),
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
	persons := c.persons
	persons.RowsOnly = c.rowsOnly
	return tableOutcome{result: tr, persons: persons, sampled: sampled, stats: st}
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

// counter links every row to a person and counts distinct persons.
type counter struct {
	p        plan
	ins      *inserter
	keys     []uint64 // this batch's persons, for the inserter
	persons  Persons  // set by mergeCounters
	rowsOnly bool
	seed     uint64
	row      uint64
	buf      []byte // normalised value
	kbuf     []byte // type id + normalised value, hashed
	ages     minorTest
	minors   []int64  // per column: rows of persons under minorAge
	births   []int64  // per column: rows with a valid birth date
	need     []int    // the columns the plan reads
	cells    [][]byte // the current row of a batch, by column

	// The row countRow is at: its cells, how many leading ones are split, and, for a chunk's
	// rows, how to split more (nil when every cell is there).
	cur   [][]byte
	split int
	more  func(k int) [][]byte
}

func (c *counter) batch(b *readers.Batch, first int64) {
	c.row = uint64(first)
	if len(c.p.anyPI) == 0 {
		return
	}
	if len(c.cells) < len(b.Columns) {
		c.cells = make([][]byte, len(b.Columns))
	}
	cells := c.cells[:len(b.Columns)]
	for i := 0; i < b.Rows; i++ {
		for _, ci := range c.need {
			if ci < len(cells) {
				cells[ci] = nil
				if i < b.Columns[ci].Len() {
					cells[ci] = b.Columns[ci].Cell(i)
				}
			}
		}
		c.countRow(cells, len(cells))
		c.row++
	}
	c.flush()
}

// chunk counts the rows of a chunk, offering each to sample when it is set. Rows get numbers
// unique in the table from the chunk's sequence number, whatever goroutine counts them.
func (c *counter) chunk(ch *readers.Chunk, sample *bottomK) error {
	c.row = uint64(ch.Seq) << 32
	count := len(c.p.anyPI) > 0
	// Rows are split up to the column of the strongest identifier, which settles nearly every
	// row; countRow has the chunk split further the rare row that needs more.
	need := 0
	switch {
	case !count:
	case len(c.p.cols) > 0:
		need = c.p.cols[0].col + 1
	case len(c.need) > 0:
		need = c.need[len(c.need)-1] + 1
	}
	c.more = ch.Cells
	defer func() { c.more = nil }()
	err := ch.Rows(need, func(cells [][]byte) {
		if sample != nil {
			if prio, ok := sample.wants(c.row); ok {
				sample.add(prio, c.row, ch.FullRow())
			}
		}
		if count {
			c.countRow(cells, need)
		}
		c.row++
	})
	c.flush()
	return err
}

// flush hands the keys collected so far to the inserter.
func (c *counter) flush() {
	if len(c.keys) > 0 {
		c.ins.submit(c.keys)
		c.keys = c.ins.buffer()
	}
}

// inserter owns a person set and fills it on its own goroutine from batches of keys (a person's
// hash with the low bit set when the row was sensitive).
type inserter struct {
	set  *Set
	in   chan []uint64
	free chan []uint64
	done chan struct{}
}

func newInserter(budget int64) *inserter {
	ins := &inserter{set: NewSet(budget), in: make(chan []uint64, 8), free: make(chan []uint64, 16), done: make(chan struct{})}
	go func() {
		defer close(ins.done)
		for keys := range ins.in {
			ins.set.AddKeys(keys)
			select {
			case ins.free <- keys[:0]:
			default:
			}
		}
	}()
	return ins
}

func (ins *inserter) submit(keys []uint64) { ins.in <- keys }

// buffer returns an empty key buffer, recycled when one is free.
func (ins *inserter) buffer() []uint64 {
	select {
	case b := <-ins.free:
		return b
	default:
		return make([]uint64, 0, readers.DefaultBatchRows)
	}
}

// close waits until every submitted key is in the set and returns it.
func (ins *inserter) close() *Set {
	close(ins.in)
	<-ins.done
	ins.set.Flush() // settled before other goroutines may read it
	return ins.set
}

// cell is the trimmed cell of column col of the current row (nil when the row is shorter),
// splitting the row further first when col is past its split cells.
func (c *counter) cell(col int) []byte {
	if col >= c.split && c.more != nil {
		c.cur, c.split = c.more(col+1), col+1
	}
	if col >= len(c.cur) {
		return nil
	}
	return trimSpace(c.cur[col])
}

// countRow links a row, given as its cells by column of which the first split are there (only
// the plan's columns are read), to a person and hands the person's key to the inserter.
func (c *counter) countRow(cells [][]byte, split int) {
	c.cur, c.split = cells, split
	var key uint64
	have, sensitive := false, false
	for pi := range c.p.cols {
		pc := &c.p.cols[pi]
		if have && !pc.afterKey {
			continue // only a weaker identifier: the row already has its key
		}
		v := c.cell(pc.col)
		if len(v) == 0 {
			continue
		}
		for _, r := range pc.roles {
			if r.ident != nil {
				if have && !r.sensitive && r.birth == nil {
					continue
				}
				// One validation answers every question about the value: is it this
				// identifier (the key), is the row sensitive, and whose birth date is it.
				norm, ok := r.ident.Normalize(c.buf[:0], v)
				if !ok {
					continue
				}
				c.buf = norm
				if !have {
					key, have = c.hash(r.det.ID(), norm), true
				}
				sensitive = sensitive || r.sensitive
				if r.birth != nil {
					sensitive = c.birthday(pc.col, r, v, norm) || sensitive
				}
				break
			}
			if r.sensitive && !sensitive && r.det.Match(v) {
				sensitive = true
			}
			if r.birth != nil {
				sensitive = c.birthday(pc.col, r, v, nil) || sensitive
			}
		}
	}
	if !have {
		name := c.firstNonEmpty(c.p.names)
		other := c.firstNonEmpty(c.p.addresses)
		if other == nil {
			other = c.firstNonEmpty(c.p.birthDates)
		}
		if name != nil && other != nil {
			c.buf = append(append(append(c.buf[:0], name...), 0), other...)
			key, have = c.hash("name+", c.buf), true
		}
	}
	if !have {
		if !sensitive && c.firstNonEmpty(c.p.anyPI) == nil {
			return // no PI in this row: not a person
		}
		// No identifier: this row is one person of its own.
		var rb [16]byte
		putUint64(rb[:8], c.seed)
		putUint64(rb[8:], c.row)
		key = xxh3.Hash(rb[:])
		if !c.p.hasIDs {
			c.rowsOnly = true
		}
	}
	if sensitive {
		key |= 1
	} else {
		key &^= 1
	}
	c.keys = append(c.keys, key)
}

// birthday reads the birth date of value v (or of its normal form norm, when the detector can)
// in column col, counts it, and reports whether the person is a minor.
func (c *counter) birthday(col int, r role, v, norm []byte) bool {
	var (
		y, m, d int
		ok      bool
	)
	if norm != nil && r.nbirth != nil {
		y, m, d, ok = r.nbirth.BirthDateNormalized(norm)
	} else {
		y, m, d, ok = r.birth.BirthDate(v)
	}
	if !ok {
		return false
	}
	c.births[col]++
	if c.ages.minor(y, m, d) {
		c.minors[col]++
		return true
	}
	return false
}

// minorTest decides "younger than minorAge on the scan date" with two integer comparisons per
// row instead of calendar arithmetic: a person is a minor when born after the date minorAge years
// before the scan date (YYYYMMDD as an integer), and not born after the scan date itself. It
// agrees with detect.IsMinor, birthdays on the scan date and 29 February included.
type minorTest struct{ cutoff, today int }

func newMinorTest(now time.Time, minorAge int) minorTest {
	y, m, d := now.Date()
	return minorTest{cutoff: (y-minorAge)*10000 + int(m)*100 + d, today: y*10000 + int(m)*100 + d}
}

func (t minorTest) minor(y, m, d int) bool {
	born := y*10000 + m*100 + d
	return born > t.cutoff && born <= t.today
}

// hash hashes a normalised identifier together with its type, so equal digits of different
// types (a mobile and an account number) are different persons.
func (c *counter) hash(typeID string, norm []byte) uint64 {
	c.kbuf = append(append(append(c.kbuf[:0], typeID...), 0), norm...)
	return xxh3.Hash(c.kbuf)
}

func (c *counter) firstNonEmpty(cols []int) []byte {
	for _, ci := range cols {
		if v := c.cell(ci); len(v) > 0 {
			return v
		}
	}
	return nil
}

func putUint64(b []byte, v uint64) {
	for k := 0; k < 8; k++ {
		b[k] = byte(v >> (56 - 8*k))
	}
}

// trimSpace trims ASCII white space, NBSP and the ideographic space from both ends.
func trimSpace(v []byte) []byte {
	for len(v) > 0 {
		c := v[0]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' {
			v = v[1:]
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(v)
			if r == 0x3000 || r == 0xA0 || r == 0xFEFF {
				v = v[n:]
				continue
			}
		}
		break
	}
	for len(v) > 0 {
		c := v[len(v)-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' {
			v = v[:len(v)-1]
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeLastRune(v)
			if r == 0x3000 || r == 0xA0 || r == 0xFEFF {
				v = v[:len(v)-n]
				continue
			}
		}
		break
	}
	return v
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
