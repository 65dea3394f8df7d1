package scanner

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"unsafe"
)

// Persons are the distinct persons of a file or a batch: everyone whose PI is present, each
// flagged when at least one of their values is sensitive. A person is a 64-bit hash of their
// normalised strongest identifier (collisions stay negligible below ~100 M distinct persons).
type Persons struct {
	Set *Set
	// RowsOnly is set when no identifying column existed: each row counted as one person.
	RowsOnly bool
}

// NewPersons returns an empty set that may use budgetBytes for exact counting (0 = default).
func NewPersons(budgetBytes int64) Persons {
	return Persons{Set: NewSet(budgetBytes)}
}

// Merge adds o's persons to p.
func (p *Persons) Merge(o Persons) {
	if o.Set == nil {
		return
	}
	p.Set.Merge(o.Set)
	p.RowsOnly = p.RowsOnly || o.RowsOnly
}

// Count returns the distinct persons and the distinct sensitive persons, each with an upper
// bound (equal to the count when exact). An empty Persons counts zero.
func (p Persons) Count() (n, nUpper, s, sUpper int64) {
	if p.Set == nil {
		return 0, 0, 0, 0
	}
	return p.Set.Count()
}

// Hashes lists the persons and the sensitive persons of an exact set; nil, nil for sketches,
// whose members cannot be listed. Persons without an identifier are listed too: their keys
// derive from the file's digest and their row, so they match only themselves (personkeys.go).
func (p Persons) Hashes() (all, sensitive []uint64) {
	if p.Set == nil || !p.Set.Exact() {
		return nil, nil
	}
	p.Set.Each(func(h uint64, sens bool) {
		all = append(all, h)
		if sens {
			sensitive = append(sensitive, h)
		}
	})
	return all, sensitive
}

// union accumulates person sets without copying the first one: the union of a single set is
// that set, so a one-file run holds its persons once, not three times (table, file, batch). The
// result may share sets with its inputs and must be treated as read-only.
type union struct {
	p      Persons
	n      int
	budget int64
}

func (u *union) add(p Persons) {
	if p.Set == nil {
		return
	}
	// Settle what the set staged now: from here on it may be shared and read concurrently.
	p.Set.Flush()
	switch u.n {
	case 0:
		u.p = p
	case 1:
		c := NewPersons(u.budget)
		c.Merge(u.p)
		c.Merge(p)
		u.p = c
	default:
		u.p.Merge(p)
	}
	u.n++
}

func (u *union) persons() Persons {
	if u.n == 0 {
		return NewPersons(u.budget)
	}
	return u.p
}

// Method says how p was counted.
func (p Persons) Method() Method {
	switch {
	case p.Set != nil && !p.Set.Exact():
		return MethodEstimate
	case p.RowsOnly:
		return MethodRows
	default:
		return MethodExact
	}
}

// DefaultSetBudget is the memory a set's table may use for exact counting before the set switches
// to a sketch: 256 MiB of 8-byte slots kept under 0.8 load, so 10 to 20 bytes a person (plus an
// eighth for staging, see Set) and at least 13 M distinct persons counted exactly.
const DefaultSetBudget = 256 << 20

// hllPrecision 16: 65,536 registers (64 KiB), standard error 1.04/sqrt(2^16) ≈ 0.41%.
const hllPrecision = 16

// Set is a set of persons, each a 63-bit hash plus a sensitive flag: exact (open addressing, one
// 8-byte slot per person whose low bit is the flag) while it fits its memory budget, then two
// HyperLogLog sketches (all, sensitive) whose upper bounds the verdict uses. Sets merge exactly or
// by sketch. Keeping the flag in the slot means one probe per row, not one per set: at millions
// of persons each probe is a cache miss.
//
// The exact table is split into 2^p sub-tables chosen by the top p bits of a key's mixed hash.
// A small set is a single table that doubles as it fills; once that table reaches maxPartSlots,
// the set doubles by splitting every sub-table in two instead, so growth rehashes one
// cache-sized table at a time rather than one table of tens of megabytes.
type Set struct {
	budget int64
	parts  []part // 2^p sub-tables; nil until the first person
	shift  uint   // 64 - p: a mixed hash h belongs to parts[h>>shift]
	slotsN int64  // slots over all sub-tables, which the budget bounds
	n, ns  int64  // persons, sensitive persons
	// zero records the key 0 (which the empty slot value cannot): 0 absent, 1 present,
	// 2 present and sensitive.
	zero      uint8
	hll, hllS []uint8 // non-nil once the set is a sketch
	// seed is mixed into every key before it picks a slot. Without it, merging one set into
	// another walks the source in slot order, which is the destination's order too, and linear
	// probing piles the keys into ever longer runs: merging two sets of a few million persons
	// took minutes instead of milliseconds.
	seed uint64
	// stage holds keys Add and AddKeys have not inserted yet, stageKeys per sub-table, once
	// there are stageMinParts sub-tables: a sub-table's keys are inserted together when its
	// stage fills, after one sequential read of that table, so that they hit one small table
	// in cache instead of missing the cache and the TLB each. It costs an eighth of the tables'
	// memory, outside the budget. Every other method first inserts what is staged.
	stage   []uint64
	staged  []uint16 // keys staged per sub-table, apart from parts: it stays in L1
	pending int      // keys in stage
	// touched keeps the loads AddKeys issues ahead of its inserts from being optimised away.
	touched uint64
}

// part is one open-addressing sub-table; its slots' length is a power of two.
type part struct {
	slots []uint64 // 0 = empty; else key | flag
	n     int64    // occupied slots
}

const (
	// minPartSlots is a new set's table (8 KiB, allocated on the first person), so that the
	// thousands of sets of a folder of small files stay cheap.
	minPartSlots = 1024
	// maxPartSlots bounds a sub-table (64 KiB, sixteen pages) before the set splits. Measured at
	// 5 M persons: 2^12 to 2^14 slots with 512 to 2048 staged keys all insert at 37-42 ns a key.
	maxPartSlots = 1 << 13
	// prefetch is how many keys insertPart hashes, and loads the home slots of, before it
	// inserts any of them.
	prefetch = 16
	// stageKeys keys are staged per sub-table once the set has stageMinParts sub-tables (a
	// 1 MiB table, past which it no longer fits in L2): an eighth of a full sub-table's slots,
	// so that a flush uses a good part of the lines it reads.
	stageKeys     = 1024
	stageMinParts = 16
)

// NewSet returns an empty exact set that may grow to budgetBytes (0 = DefaultSetBudget).
func NewSet(budgetBytes int64) *Set {
	if budgetBytes <= 0 {
		budgetBytes = DefaultSetBudget
	}
	return &Set{budget: budgetBytes, shift: 64, seed: rand.Uint64()}
}

// keyOf drops the low bit of a hash, which the slot uses for the sensitive flag.
func keyOf(h uint64) uint64 { return h &^ 1 }

// hash is the mixed hash of key k: its top bits pick the sub-table, its low bits the slot.
func (s *Set) hash(k uint64) uint64 { return mix64(k ^ s.seed) }

// Exact reports whether the counts are exact.
func (s *Set) Exact() bool {
	s.flush()
	return s.hll == nil
}

// Add inserts a person; sensitive marks them (a person once sensitive stays sensitive). Like
// AddKeys, it stages the person when the set is large.
func (s *Set) Add(h uint64, sensitive bool) {
	k := keyOf(h)
	if s.hll != nil {
		s.sketchAdd(k, sensitive)
		return
	}
	if k == 0 {
		s.addZero(sensitive)
		return
	}
	v := k
	if sensitive {
		v |= 1
	}
	if s.stage != nil {
		s.stageOne(v)
		return
	}
	if len(s.parts) == 1 { // a small set's single table, while it has room: the common case
		t := &s.parts[0]
		if (t.n+1)*5 < int64(len(t.slots))*4 {
			mask := uint64(len(t.slots) - 1)
			added, sens := probe(t.slots, mask, s.hash(k)&mask, v)
			t.n += int64(added)
			s.n += int64(added)
			s.ns += int64(sens)
			return
		}
	}
	s.insert(s.hash(k), v)
}

// AddKeys inserts a batch of keys, each a hash whose low bit is the sensitive flag: the same as
// Add(k, k&1 == 1) for each, faster. At millions of persons an insert into one big table is a
// cache and TLB miss; a large set stages keys per sub-table and inserts a sub-table's keys
// together (see stage), and a single-table set inserts a batch without a growth check per key.
// Staged keys are visible to every method (see Flush).
func (s *Set) AddKeys(keys []uint64) {
	for len(keys) > 0 {
		switch {
		case s.hll != nil:
			for _, k := range keys {
				s.sketchAdd(keyOf(k), k&1 == 1)
			}
			return
		case s.stage != nil:
			keys = s.stageKeys(keys)
		case len(s.parts) <= 1:
			c := keys[:min(len(keys), stageKeys)]
			s.insertPart(0, c)
			keys = keys[len(c):]
		default:
			c := keys[:min(len(keys), stageKeys)]
			s.insertKeys(c)
			keys = keys[len(c):]
		}
	}
}

// init gives an exact set without a table its first one.
func (s *Set) init() {
	if len(s.parts) == 0 {
		s.parts = []part{{slots: make([]uint64, minPartSlots)}}
		s.slotsN = minPartSlots
	}
}

// stageKeys stages keys until they are all staged or the set stops staging (it became a
// sketch), and returns those left.
func (s *Set) stageKeys(keys []uint64) []uint64 {
	for i, v := range keys {
		if s.stage == nil {
			return keys[i:]
		}
		s.stageOne(v)
	}
	return nil
}

// stageOne stages v (key | flag) for its sub-table, and inserts that table's staged keys once
// there are stageKeys of them.
func (s *Set) stageOne(v uint64) {
	pi := int(s.hash(keyOf(v)) >> s.shift)
	q := s.staged[pi]
	s.stage[pi*stageKeys+int(q)] = v
	s.staged[pi] = q + 1
	s.pending++
	if q+1 == stageKeys {
		s.flushPart(pi)
	}
}

// flushPart inserts the keys staged for sub-table pi.
func (s *Set) flushPart(pi int) {
	keys := s.stage[pi*stageKeys:][:s.staged[pi]]
	s.staged[pi] = 0
	s.pending -= len(keys)
	// Should the inserts split the set, the split restages the other tables' keys into a new
	// stage: keys stays intact.
	s.insertPart(pi, keys)
}

// insertPart inserts keys that all belong to sub-table pi. As many as the table has room for go
// in without any other check, the table read ahead so that their cache misses overlap instead
// of following one another: all of it, in order, when the keys are many enough to touch most
// of its cache lines, else the home slots of prefetch keys at a time before inserting them.
// The rest go in one by one, growing the set as Add does.
func (s *Set) insertPart(pi int, keys []uint64) {
	s.init()
	t := &s.parts[pi]
	slots := t.slots
	mask := uint64(len(slots) - 1)
	// Insert while (n+1)*5 < len*4, as Add does: keep load under 0.8.
	room := (int64(len(slots))*4-1)/5 - t.n
	fast := keys[:max(0, min(int64(len(keys)), room))]
	var touched, added, sens uint64
	if len(fast)*16 >= len(slots) {
		for i := 0; i < len(slots); i += 8 { // one load per 64-byte line
			touched += slots[i]
		}
		for _, v := range fast {
			if keyOf(v) == 0 {
				s.addZero(v&1 == 1)
				continue
			}
			a, b := probe(slots, mask, s.hash(keyOf(v))&mask, v)
			added, sens = added+a, sens+b
		}
	} else {
		var hs [prefetch]uint64
		for len(fast) > 0 {
			c := fast[:min(len(fast), len(hs))]
			fast = fast[len(c):]
			for i, v := range c {
				h := s.hash(keyOf(v)) & mask
				hs[i] = h
				touched += slots[h]
			}
			for i, v := range c {
				if keyOf(v) == 0 {
					s.addZero(v&1 == 1)
					continue
				}
				a, b := probe(slots, mask, hs[i&(prefetch-1)], v)
				added, sens = added+a, sens+b
			}
		}
	}
	t.n += int64(added)
	s.n += int64(added)
	s.ns += int64(sens)
	s.touched += touched
	if rest := keys[max(0, min(int64(len(keys)), room)):]; len(rest) > 0 {
		s.insertKeys(rest)
	}
}

// probe inserts v (key | flag, key non-zero) into a sub-table's slots from its home slot i, the
// table having room, and returns how many persons and sensitive persons that added (0 or 1
// each).
func probe(slots []uint64, mask, i, v uint64) (added, sens uint64) {
	k := keyOf(v)
	for ; ; i = (i + 1) & mask {
		w := slots[i]
		if w == 0 {
			slots[i] = v
			return 1, v & 1
		}
		if keyOf(w) == k {
			slots[i] = w | v&1
			return 0, v &^ w & 1
		}
	}
}

// Flush inserts the keys Add and AddKeys staged. Every other method does so first, so a set needs
// no Flush to be correct; but that first call writes the set: Flush a set before goroutines share
// it for reading.
func (s *Set) Flush() { s.flush() }

// flush inserts every staged key.
func (s *Set) flush() {
	if s.pending == 0 {
		return
	}
	// A flush may split the set (which restages the keys left) or make it a sketch (which takes
	// them): read parts afresh each time.
	for pi := 0; pi < len(s.parts) && s.pending > 0; pi++ {
		if s.staged[pi] > 0 {
			s.flushPart(pi)
		}
	}
}

// unstage removes and returns the staged keys.
func (s *Set) unstage() []uint64 {
	if s.pending == 0 {
		return nil
	}
	out := make([]uint64, 0, s.pending)
	for pi, q := range s.staged {
		out = append(out, s.stage[pi*stageKeys:][:q]...)
		s.staged[pi] = 0
	}
	s.pending = 0
	return out
}

// insertKeys inserts keys into the table (or the sketch) now, one by one.
func (s *Set) insertKeys(keys []uint64) {
	for _, v := range keys {
		switch {
		case s.hll != nil:
			s.sketchAdd(keyOf(v), v&1 == 1)
		case keyOf(v) == 0:
			s.addZero(v&1 == 1)
		default:
			s.insert(s.hash(keyOf(v)), v)
		}
	}
}

// insert adds v (key | flag, key non-zero) whose mixed hash is h to the exact table, growing it
// first when needed; past the budget the set becomes a sketch and v goes there.
func (s *Set) insert(h, v uint64) {
	s.init()
	t := &s.parts[h>>s.shift]
	if (t.n+1)*5 >= int64(len(t.slots))*4 { // keep load under 0.8
		if !s.grow(h >> s.shift) {
			s.sketchAdd(keyOf(v), v&1 == 1)
			return
		}
		t = &s.parts[h>>s.shift]
	}
	k, flag := keyOf(v), v&1
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		w := t.slots[i]
		if w == 0 {
			t.slots[i] = v
			t.n++
			s.n++
			s.ns += int64(flag)
			return
		}
		if keyOf(w) == k {
			if flag == 1 && w&1 == 0 {
				t.slots[i] = w | 1
				s.ns++
			}
			return
		}
	}
}

func (s *Set) addZero(sensitive bool) {
	if s.zero == 0 {
		s.zero = 1
		s.n++
	}
	if sensitive && s.zero == 1 {
		s.zero = 2
		s.ns++
	}
}

// grow makes room in sub-table pi: it doubles that table, or splits every sub-table in two once
// they are maxPartSlots, or turns the set into a sketch when either would exceed the budget.
func (s *Set) grow(pi uint64) bool {
	t := &s.parts[pi]
	size := len(t.slots)
	if size >= maxPartSlots {
		return s.split()
	}
	if (s.slotsN+int64(size))*8 > s.budget {
		s.toSketch()
		return false
	}
	old := t.slots
	t.slots = make([]uint64, 2*size)
	s.slotsN += int64(size)
	mask := uint64(len(t.slots) - 1)
	for _, v := range old {
		if v != 0 {
			t.place(s.hash(keyOf(v))&mask, v)
		}
	}
	return true
}

// split doubles the number of sub-tables: each one's keys go to two tables of its size, by the
// next bit of their hashes.
func (s *Set) split() bool {
	if s.slotsN*2*8 > s.budget {
		s.toSketch()
		return false
	}
	staged := s.unstage()
	parts := make([]part, 2*len(s.parts))
	shift := s.shift - 1
	var scratch []uint64
	// The upper halves are one new block, advised into huge pages before it is written: a
	// split's memory is fresh, and faulting it in page by page cost more than the split itself.
	total := 0
	for _, old := range s.parts {
		total += len(old.slots)
	}
	block := newTable(total)
	for i, old := range s.parts {
		// The lower half reuses the old table: its keys are copied aside (a table in cache)
		// and the table cleared, which halves the memory a split allocates and faults in.
		scratch = append(scratch[:0], old.slots...)
		clear(old.slots)
		lo, hi := &parts[2*i], &parts[2*i+1]
		lo.slots = old.slots
		hi.slots, block = block[:len(old.slots):len(old.slots)], block[len(old.slots):]
		mask := uint64(len(old.slots) - 1)
		for _, v := range scratch {
			if v == 0 {
				continue
			}
			h := s.hash(keyOf(v))
			t := &parts[2*i+int(h>>shift&1)] // lo or hi, without a branch to mispredict
			t.place(h&mask, v)
			t.n++
		}
	}
	s.parts, s.shift = parts, shift
	s.slotsN *= 2
	s.stage, s.staged = nil, nil
	s.makeStage()
	// Each table staged fewer than stageKeys keys, and each of its halves has a stage of its
	// own: restaging cannot fill one, so it inserts nothing and cannot split again.
	if s.stage != nil {
		s.stageKeys(staged)
	} else {
		s.insertKeys(staged)
	}
	return true
}

// newTable allocates n zeroed slots, in huge pages where the platform allows (adviseHugePages).
func newTable(n int) []uint64 {
	t := make([]uint64, n)
	adviseHugePages(t)
	return t
}

// makeStage gives a set with stageMinParts sub-tables or more its stage.
func (s *Set) makeStage() {
	if s.stage == nil && len(s.parts) >= stageMinParts {
		s.stage = newTable(len(s.parts) * stageKeys)
		s.staged = make([]uint16, len(s.parts))
	}
}

// place stores v, known to be absent, at the first free slot from i.
func (t *part) place(i, v uint64) {
	mask := uint64(len(t.slots) - 1)
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = v
}

func (s *Set) toSketch() {
	s.hll = make([]uint8, 1<<hllPrecision)
	s.hllS = make([]uint8, 1<<hllPrecision)
	staged := s.unstage()
	s.Each(s.sketchAdd)
	for _, v := range staged {
		s.sketchAdd(keyOf(v), v&1 == 1)
	}
	s.parts, s.shift, s.slotsN, s.zero, s.n, s.ns = nil, 64, 0, 0, 0, 0
	s.stage, s.staged = nil, nil
}

func (s *Set) sketchAdd(k uint64, sensitive bool) {
	hllAdd(s.hll, k)
	if sensitive {
		hllAdd(s.hllS, k)
	}
}

func hllAdd(regs []uint8, k uint64) {
	// Keys from the scanner are already uniformly mixed; remix anyway so that sets fed with
	// small integers by tests behave.
	h := mix64(k)
	idx := h >> (64 - hllPrecision)
	rest := h<<hllPrecision | 1<<(hllPrecision-1)
	rank := uint8(bits.LeadingZeros64(rest)) + 1
	if rank > regs[idx] {
		regs[idx] = rank
	}
}

// Each calls f for every person of an exact set with their sensitive flag; it does nothing for a
// sketch. Hashes come with their low bit cleared.
func (s *Set) Each(f func(h uint64, sensitive bool)) {
	s.flush()
	if s.zero > 0 {
		f(0, s.zero == 2)
	}
	for _, t := range s.parts {
		for _, v := range t.slots {
			if v != 0 {
				f(keyOf(v), v&1 == 1)
			}
		}
	}
}

// Contains reports whether an exact set holds h, and whether that person is sensitive (always
// false for a sketch).
func (s *Set) Contains(h uint64) (present, sensitive bool) {
	s.flush()
	k := keyOf(h)
	if s.hll != nil {
		return false, false
	}
	if k == 0 {
		return s.zero > 0, s.zero == 2
	}
	if len(s.parts) == 0 {
		return false, false
	}
	x := s.hash(k)
	t := &s.parts[x>>s.shift]
	mask := uint64(len(t.slots) - 1)
	for i := x & mask; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			return false, false
		}
		if keyOf(v) == k {
			return true, v&1 == 1
		}
	}
}

// Merge adds every person of o to s. Merging a sketch into an exact set makes s a sketch.
func (s *Set) Merge(o *Set) {
	if o == nil {
		return
	}
	s.flush()
	o.flush()
	if o.hll != nil {
		if s.hll == nil {
			s.toSketch()
		}
		for i := range o.hll {
			s.hll[i] = max(s.hll[i], o.hll[i])
			s.hllS[i] = max(s.hllS[i], o.hllS[i])
		}
		return
	}
	if s.hll == nil && s.n == 0 && o.slotsN*8 <= s.budget {
		// Into an empty set (a file's first table, the batch's first file): copy the tables.
		s.parts = make([]part, len(o.parts))
		for i, t := range o.parts {
			s.parts[i] = part{slots: append([]uint64(nil), t.slots...), n: t.n}
		}
		s.shift, s.slotsN = o.shift, o.slotsN
		s.n, s.ns, s.zero, s.seed = o.n, o.ns, o.zero, o.seed
		s.stage, s.staged = nil, nil
		s.makeStage()
		return
	}
	if o.zero > 0 {
		s.Add(0, o.zero == 2)
	}
	// The slots hold key | flag, which is what AddKeys takes; feed it in batches.
	var buf [1024]uint64
	n := 0
	for _, t := range o.parts {
		for _, v := range t.slots {
			if v == 0 {
				continue
			}
			buf[n] = v
			if n++; n == len(buf) {
				s.AddKeys(buf[:])
				n = 0
			}
		}
	}
	s.AddKeys(buf[:n])
}

// memBytes is the memory the set's tables hold.
func (s *Set) memBytes() int64 {
	s.flush()
	b := int64(cap(s.hll)+cap(s.hllS)+cap(s.stage)*8+cap(s.staged)*2) + int64(cap(s.parts))*int64(unsafe.Sizeof(part{}))
	for _, t := range s.parts {
		b += int64(cap(t.slots)) * 8
	}
	return b
}

// Count returns the number of distinct persons and of distinct sensitive persons, each with an
// upper bound: equal for an exact set; for a sketch the estimate plus three standard errors
// (a 99.7% one-sided bound).
func (s *Set) Count() (n, nUpper, sens, sensUpper int64) {
	s.flush()
	if s.hll == nil {
		return s.n, s.n, s.ns, s.ns
	}
	n, nUpper = hllCount(s.hll)
	sens, sensUpper = hllCount(s.hllS)
	return n, nUpper, sens, sensUpper
}

func hllCount(regs []uint8) (estimate, upper int64) {
	m := float64(len(regs))
	var sum float64
	zeros := 0
	for _, r := range regs {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	alpha := 0.7213 / (1 + 1.079/m)
	e := alpha * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros)) // linear counting for small cardinalities
	}
	if zeros == len(regs) {
		return 0, 0
	}
	se := 1.04 / math.Sqrt(m)
	return int64(math.Round(e)), int64(math.Ceil(e * (1 + 3*se)))
}

// mix64 is the splitmix64 finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
