package scanner

import (
	"time"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
	"github.com/zeebo/xxh3"
)

// counter links every role of every row to a person and counts distinct persons. One counter
// runs on each counting goroutine of a table; mergeCounters folds them together.
type counter struct {
	p    plan
	ins  *inserter
	keys []uint64 // this batch's persons, for the inserter
	// persons is set by mergeCounters.
	persons  Persons
	rowsOnly bool
	row      uint64 // position of the current row (see rowPos)
	buf      []byte // normalised value
	// embBuf, embEmit and embFound serve countEmbedded: the extractor's buffer, kept; the
	// method value c.embedded, made once; what it found in the current cell.
	embBuf   []byte
	embEmit  func(typeID string, norm []byte)
	embFound int
	kbuf     []byte // type id + normalised value, hashed
	ages     minorTest
	minors   []int64  // per column: rows of persons under minorAge
	births   []int64  // per column: rows with a valid birth date
	damaged  []int64  // per column: identifiers a spreadsheet destroyed (detect.Damaged)
	cleaned  [][]byte // per column: scratch for detect.CleanCell
	cells    [][]byte // the current row of a batch, by column
	roleRows []int64  // per role of the plan: rows in which it described a person
	// rowKeys are the persons without an identifier, as positions (packRowRef): their keys
	// derive from the file's digest, known only once it has been read (stableRowKeys).
	rowKeys []uint64
	// edges link identifiers found together for one person of one row (plan.link), up to
	// maxEdges; unlinked is set when some were dropped.
	edges    []edge
	maxEdges int
	unlinked bool
	// weak are keys made from a weaker identifier of a role whose stronger one was missing in
	// that row (linkweak.go); weakLost is set when there were more than it keeps.
	weak     []uint64
	weakLost bool
	// chunkRows records how many rows each chunk held, to turn chunk positions into row numbers.
	chunkRows []chunkCount

	// The row countRow is at: its cells, how many leading ones are split, and, for a chunk's
	// rows, how to split more (nil when every cell is there).
	cur   [][]byte
	split int
	more  func(k int) [][]byte
}

// chunkCount is the number of rows of one chunk.
type chunkCount struct{ seq, rows int64 }

// Row positions: a batch's rows are numbered in the table from 0; a chunk's rows, counted on
// any goroutine before the rows of earlier chunks are known, are numbered chunk<<chunkShift |
// index and renumbered once every chunk's size is known (tableRowKeys).
const chunkShift = 24

func (c *counter) batch(b *readers.Batch, first int64) {
	c.row = uint64(first)
	if !c.p.counts() {
		return
	}
	if len(c.cells) < len(b.Columns) {
		c.cells = make([][]byte, len(b.Columns))
	}
	cells := c.cells[:len(b.Columns)]
	for i := 0; i < b.Rows; i++ {
		for _, ci := range c.p.need {
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

// chunk counts the rows of a chunk, offering each at or after position sampleFrom to sample
// when it is set.
func (c *counter) chunk(ch *readers.Chunk, sample *bottomK, sampleFrom uint64) error {
	base := uint64(ch.Seq) << chunkShift
	c.row = base
	count := c.p.counts()
	// Rows are split up to the column of the strongest identifier of each role, which settles
	// nearly every row; countRow has the chunk split further the rare row that needs more.
	need := 0
	if count {
		need = c.p.splitNeed()
	}
	c.more = ch.Cells
	defer func() { c.more = nil }()
	reserved := false
	err := ch.Rows(need, func(cells [][]byte) {
		if sample != nil && c.row >= sampleFrom {
			// The sample's positions only need to be unique and in table order; those below
			// sampleFrom (the head's rows) are offered later if at all (pass.headBatch).
			if prio, ok := sample.wants(c.row); ok {
				row := ch.FullRow()
				if !reserved { // room for the rows of this chunk, not one append at a time
					sample.reserveChunk(ch.Len(), row)
					reserved = true
				}
				sample.add(prio, c.row, row)
			}
		}
		if count {
			c.countRow(cells, need)
		}
		c.row++
	})
	c.chunkRows = append(c.chunkRows, chunkCount{ch.Seq, int64(c.row - base)})
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

// cell is the trimmed cell of column col of the current row (nil when the row is shorter),
// splitting the row further first when col is past its split cells.
func (c *counter) cell(col int) []byte {
	if col >= c.split && c.more != nil {
		c.cur, c.split = c.more(col+1), col+1
	}
	if col >= len(c.cur) {
		return nil
	}
	// Each column cleans into its own scratch, since a row's name and address are held at once.
	// Nearly every value only needs trimming and comes back as a part of the cell itself; a
	// cleaned value longer than the scratch is allocated (CleanCell grows dst).
	if c.cleaned[col] == nil {
		c.cleaned[col] = make([]byte, 0, 64)
	}
	return detect.CleanCell(c.cleaned[col], c.cur[col])
}

// countRow counts the persons of one row, given as its cells by column of which the first split
// are there (only the plan's columns are read): one per role the row fills.
func (c *counter) countRow(cells [][]byte, split int) {
	c.cur, c.split = cells, split
	shared := false
	for i := range c.p.shared {
		_, s := c.scanCol(&c.p.shared[i], false, 0, nil)
		shared = shared || s
	}
	persons := 0
	for ri := range c.p.roles {
		if c.countRole(ri, shared) {
			persons++
		}
	}
	for _, col := range c.p.embedded {
		persons += c.countEmbedded(col)
	}
	if persons == 0 && len(c.p.shared) > 0 && c.anyShared() {
		// Values that belong to no role in a row whose roles are all empty: still someone.
		c.rowKeys = append(c.rowKeys, packRowRef(c.row, len(c.p.roles), shared))
	}
}

// countEmbedded counts the persons whose identifiers a free-text cell holds (a remark quoting a
// phone and an ID number): each is a person, the same as anyone else with that identifier, and
// sensitive when the type is. It returns how many it found.
func (c *counter) countEmbedded(col int) int {
	v := c.cell(col)
	if len(v) == 0 {
		return 0
	}
	if c.embEmit == nil {
		c.embEmit = c.embedded // once: a closure per cell would be allocated
	}
	c.embFound = 0
	c.embBuf = c.p.extract.ExtractInto(v, c.embBuf, c.embEmit)
	return c.embFound
}

// embedded keys one identifier countEmbedded's cell holds.
func (c *counter) embedded(typeID string, norm []byte) {
	key := c.hash(typeID, norm) &^ 1
	if c.p.embSensitive[typeID] {
		key |= 1
	}
	c.keys = append(c.keys, key)
	c.embFound++
}

// countRole counts the person of role ri in the current row, if the row describes them, and
// reports whether it did. shared marks them sensitive whatever their own values.
func (c *counter) countRole(ri int, shared bool) bool {
	r := &c.p.roles[ri]
	var (
		key       uint64
		strength  int
		have      bool
		sensitive = shared
	)
	linking := c.p.link || c.p.linkTo != nil
	for pi := range r.cols {
		pc := &r.cols[pi]
		if have && !pc.afterKey && !linking {
			continue // only a weaker identifier: the person already has their key
		}
		h, s := c.scanCol(pc, have, strength, &key)
		sensitive = sensitive || s
		if h != 0 && !have {
			have, strength = true, h
		}
	}
	if !have {
		name := c.firstNonBlank(r.names)
		other := c.firstNonBlank(r.addresses)
		if other == nil {
			other = c.firstNonBlank(r.birthDates)
		}
		if name != nil && other != nil {
			c.buf = append(append(append(c.buf[:0], name...), 0), other...)
			key, have = c.hash("name+", c.buf), true
		}
	}
	if !have {
		if c.firstNonBlank(r.anyPI) == nil {
			return false // the row does not describe this person
		}
		// No identifier: this role of this row is one person of its own.
		c.rowKeys = append(c.rowKeys, packRowRef(c.row, ri, sensitive))
		if !c.p.hasIDs {
			c.rowsOnly = true
		}
		c.roleRows[ri]++
		return true
	}
	if strength > 0 && strength < r.top && !c.p.link && c.p.linkTo == nil {
		c.noteWeak(key)
	}
	if sensitive {
		key |= 1
	} else {
		key &^= 1
	}
	c.keys = append(c.keys, key)
	c.roleRows[ri]++
	return true
}

// scanCol reads one counting column of the current row. For an identifying column it validates
// the value once and answers every question with it: is it an identifier (its strength is
// returned, and *key set when it is the row's first; with plan.link a later one is linked to the
// key), does it make the person sensitive, and whose birth date is it. have and strength
// describe the key found so far; key is nil for shared columns, which key nobody.
func (c *counter) scanCol(pc *planCol, have bool, strength int, key *uint64) (found int, sensitive bool) {
	v := c.cell(pc.col)
	if len(v) == 0 {
		return 0, false
	}
	for _, u := range pc.uses {
		if u.ident != nil && key != nil {
			if have && !u.sensitive && u.birth == nil && !c.p.link && c.p.linkTo == nil {
				continue
			}
			norm, ok := u.ident.Normalize(c.buf[:0], v)
			if !ok {
				if detect.Damaged(v) || u.sensitive && lostDigits(v) {
					// A spreadsheet destroyed this identifier (4.40106E+17): still someone,
					// of this type, though nobody can tell who (docs/rules.md).
					c.damaged[pc.col]++
					sensitive = sensitive || u.sensitive
					break
				}
				continue
			}
			c.buf = norm
			h := c.hash(u.det.ID(), norm)
			switch {
			case !have:
				*key, found = h, max(1, u.strength())
			case c.linked(h, *key):
				if len(c.edges) < c.maxEdges {
					c.edges = append(c.edges, edge{a: keyOf(*key), b: keyOf(h), sa: int32(strength), sb: int32(u.strength())})
				} else {
					c.unlinked = true
				}
			}
			sensitive = sensitive || u.sensitive
			if u.birth != nil {
				sensitive = c.birthday(pc.col, u, v, norm) || sensitive
			}
			break
		}
		if u.sensitive && !sensitive && c.marks(u, v) {
			sensitive = true
		}
		if u.birth != nil {
			sensitive = c.birthday(pc.col, u, v, nil) || sensitive
		}
	}
	return found, sensitive
}

// marks reports whether value v of a column typed with sensitive type u makes its person
// sensitive: a value of the type, or for a column typed although most values do not match on
// their own (coordinates split over two columns, a salary column typed by its header), any value
// that says something.
func (c *counter) marks(u typeUse, v []byte) bool {
	if detect.Blank(v) {
		return false // empty, a placeholder (无, N/A) or already masked: says nothing
	}
	if u.anyValue {
		return true
	}
	if u.match != nil {
		return u.match(v)
	}
	return u.det.Match(v)
}

// anyShared reports whether a column shared by the roles holds a value in the current row.
func (c *counter) anyShared() bool {
	for i := range c.p.shared {
		if !detect.Blank(c.cell(c.p.shared[i].col)) {
			return true
		}
	}
	return false
}

// birthday reads the birth date of value v (or of its normal form norm, when the detector can)
// in column col, counts it, and reports whether the person is a minor.
func (c *counter) birthday(col int, u typeUse, v, norm []byte) bool {
	var (
		y, m, d int
		ok      bool
	)
	if norm != nil && u.nbirth != nil {
		y, m, d, ok = u.nbirth.BirthDateNormalized(norm)
	} else {
		y, m, d, ok = u.birth.BirthDate(v)
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

// firstNonBlank returns the first value of cols in the current row that says something about a
// person (not empty, not a null placeholder, not already masked).
func (c *counter) firstNonBlank(cols []int) []byte {
	for _, ci := range cols {
		if v := c.cell(ci); !detect.Blank(v) {
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

// inserter owns a person set and fills it on its own goroutine from batches of keys (a person's
// hash with the low bit set when the row was sensitive).
type inserter struct {
	set  *Set
	in   chan []uint64
	free chan []uint64
	done chan struct{}
	sc   *scratch // lends the key buffers, and takes them back on close
}

func newInserter(budget int64, sc *scratch) *inserter {
	// 32 batches in flight: a split of a large set holds the inserter for tens of milliseconds,
	// and with 8 the counters waited for it (0.37 s of the 10 M-row CSV; 0.11 s with 32).
	ins := &inserter{set: NewSet(budget), in: make(chan []uint64, 32), free: make(chan []uint64, 40), done: make(chan struct{}), sc: sc}
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
		return ins.sc.keys()
	}
}

// close waits until every submitted key is in the set and returns it. The free key buffers go
// back to the scratch (the counters' own go back in mergeCounters).
func (ins *inserter) close() *Set {
	close(ins.in)
	<-ins.done
	for len(ins.free) > 0 {
		ins.sc.putKeys(<-ins.free)
	}
	ins.set.Flush() // settled before other goroutines may read it
	return ins.set
}

// lostDigits reports whether v is a long number (16 to 19 digits) that failed validation in an
// identifying column: what a spreadsheet leaves of an ID or card number it stored as a float
// (440106199410261060). Its person is still someone of the column's type.
func lostDigits(v []byte) bool {
	if len(v) < 16 || len(v) > 19 {
		return false
	}
	for _, b := range v {
		if b < '0' || b > '9' {
			return false
		}
	}
	return true
}
