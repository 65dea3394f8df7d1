package scanner

import (
	"math"
	"math/bits"
	"math/rand/v2"
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

// Hashes lists the persons and the sensitive persons of an exact set; nil, nil for sketches and
// rows-only sets, whose members cannot be matched to anyone elsewhere.
func (p Persons) Hashes() (all, sensitive []uint64) {
	if p.Set == nil || !p.Set.Exact() || p.RowsOnly {
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
// to a sketch: 256 MiB of 8-byte slots kept under 0.8 load, so 10 to 20 bytes a person and at
// least 13 M distinct persons counted exactly.
const DefaultSetBudget = 256 << 20

// hllPrecision 16: 65,536 registers (64 KiB), standard error 1.04/sqrt(2^16) ≈ 0.41%.
const hllPrecision = 16

// Set is a set of persons, each a 63-bit hash plus a sensitive flag: exact (open addressing, one
// 8-byte slot per person whose low bit is the flag) while it fits its memory budget, then two
// HyperLogLog sketches (all, sensitive) whose upper bounds the verdict uses. Sets merge exactly or
// by sketch. Keeping the flag in the slot means one probe per row, not one per set: at millions
// of persons each probe is a cache miss.
type Set struct {
	budget int64
	slots  []uint64 // 0 = empty; else key | flag
	n, ns  int64    // persons, sensitive persons
	// zero records the key 0 (which the empty slot value cannot): 0 absent, 1 present,
	// 2 present and sensitive.
	zero      uint8
	hll, hllS []uint8 // non-nil once the set is a sketch
	// seed is mixed into every key before it picks a slot. Without it, merging one set into
	// another walks the source in slot order, which is the destination's order too, and linear
	// probing piles the keys into ever longer runs: merging two sets of a few million persons
	// took minutes instead of milliseconds.
	seed uint64
}

// NewSet returns an empty exact set that may grow to budgetBytes (0 = DefaultSetBudget).
func NewSet(budgetBytes int64) *Set {
	if budgetBytes <= 0 {
		budgetBytes = DefaultSetBudget
	}
	return &Set{budget: budgetBytes, seed: rand.Uint64()}
}

// keyOf drops the low bit of a hash, which the slot uses for the sensitive flag.
func keyOf(h uint64) uint64 { return h &^ 1 }

// slot is where key k starts probing.
func (s *Set) slot(k, mask uint64) uint64 { return mix64(k^s.seed) & mask }

// Exact reports whether the counts are exact.
func (s *Set) Exact() bool { return s.hll == nil }

// Add inserts a person; sensitive marks them (a person once sensitive stays sensitive).
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
	if (s.n+1)*5 >= int64(len(s.slots))*4 { // keep load under 0.8
		if !s.grow() {
			s.sketchAdd(k, sensitive)
			return
		}
	}
	var flag uint64
	if sensitive {
		flag = 1
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.slot(k, mask); ; i = (i + 1) & mask {
		v := s.slots[i]
		if v == 0 {
			s.slots[i] = k | flag
			s.n++
			s.ns += int64(flag)
			return
		}
		if keyOf(v) == k {
			if flag == 1 && v&1 == 0 {
				s.slots[i] = v | 1
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

// grow doubles the table, or turns the set into a sketch when that would exceed the budget.
func (s *Set) grow() bool {
	size := 1024
	if len(s.slots) > 0 {
		size = len(s.slots) * 2
	}
	if int64(size)*8 > s.budget {
		s.toSketch()
		return false
	}
	old := s.slots
	s.slots = make([]uint64, size)
	mask := uint64(size - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		i := s.slot(keyOf(v), mask)
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = v
	}
	return true
}

func (s *Set) toSketch() {
	s.hll = make([]uint8, 1<<hllPrecision)
	s.hllS = make([]uint8, 1<<hllPrecision)
	s.Each(s.sketchAdd)
	s.slots, s.zero, s.n, s.ns = nil, 0, 0, 0
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
	if s.zero > 0 {
		f(0, s.zero == 2)
	}
	for _, v := range s.slots {
		if v != 0 {
			f(keyOf(v), v&1 == 1)
		}
	}
}

// Contains reports whether an exact set holds h, and whether that person is sensitive (always
// false for a sketch).
func (s *Set) Contains(h uint64) (present, sensitive bool) {
	k := keyOf(h)
	if s.hll != nil {
		return false, false
	}
	if k == 0 {
		return s.zero > 0, s.zero == 2
	}
	if len(s.slots) == 0 {
		return false, false
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.slot(k, mask); ; i = (i + 1) & mask {
		v := s.slots[i]
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
	if s.hll == nil && s.n == 0 && int64(len(o.slots))*8 <= s.budget {
		// Into an empty set (a file's first table, the batch's first file): copy the table.
		s.slots = append([]uint64(nil), o.slots...)
		s.n, s.ns, s.zero, s.seed = o.n, o.ns, o.zero, o.seed
		return
	}
	o.Each(s.Add)
}

// Count returns the number of distinct persons and of distinct sensitive persons, each with an
// upper bound: equal for an exact set; for a sketch the estimate plus three standard errors
// (a 99.7% one-sided bound).
func (s *Set) Count() (n, nUpper, sens, sensUpper int64) {
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
