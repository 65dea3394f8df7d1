package scanner

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// Persons are the distinct persons of a file or a batch: everyone whose PI is present, and the
// subset with at least one sensitive value. Each person is a 64-bit hash of their normalised
// strongest identifier (collisions stay negligible below ~100 M distinct persons).
type Persons struct {
	All       *Set
	Sensitive *Set
	// RowsOnly is set when no identifying column existed: each row counted as one person.
	RowsOnly bool
}

// NewPersons returns empty sets sharing a memory budget of budgetBytes each (0 = default).
func NewPersons(budgetBytes int64) Persons {
	return Persons{All: NewSet(budgetBytes), Sensitive: NewSet(budgetBytes)}
}

// Merge adds o's persons to p.
func (p *Persons) Merge(o Persons) {
	if o.All == nil {
		return
	}
	p.All.Merge(o.All)
	p.Sensitive.Merge(o.Sensitive)
	p.RowsOnly = p.RowsOnly || o.RowsOnly
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
	if p.All == nil {
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
	case p.All != nil && !p.All.Exact():
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

// Set is a set of 64-bit person hashes: exact (open addressing) while it fits its memory budget,
// then a HyperLogLog sketch whose upper bound the verdict uses. Sets merge exactly or by sketch.
type Set struct {
	budget  int64
	slots   []uint64 // 0 = empty; the hash 0 is stored as hasZero
	n       int64
	hasZero bool
	hll     []uint8 // non-nil once the set is a sketch
	// seed is mixed into every hash before it picks a slot. Without it, merging one set into
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

// slot is where h starts probing.
func (s *Set) slot(h uint64, mask uint64) uint64 { return mix64(h^s.seed) & mask }

// Exact reports whether the count is exact.
func (s *Set) Exact() bool { return s.hll == nil }

// Add inserts a hash.
func (s *Set) Add(h uint64) {
	if s.hll != nil {
		s.hllAdd(h)
		return
	}
	if h == 0 {
		if !s.hasZero {
			s.hasZero = true
			s.n++
		}
		return
	}
	if (s.n+1)*5 >= int64(len(s.slots))*4 { // keep load under 0.8
		if !s.grow() {
			s.hllAdd(h)
			return
		}
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.slot(h, mask); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return
		case 0:
			s.slots[i] = h
			s.n++
			return
		}
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
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := s.slot(h, mask)
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = h
	}
	return true
}

func (s *Set) toSketch() {
	s.hll = make([]uint8, 1<<hllPrecision)
	for _, h := range s.slots {
		if h != 0 {
			s.hllAdd(h)
		}
	}
	if s.hasZero {
		s.hllAdd(0)
	}
	s.slots, s.hasZero = nil, false
}

func (s *Set) hllAdd(h uint64) {
	// Hashes from the scanner are already uniformly mixed; remix anyway so that sets fed with
	// small integers by tests behave.
	h = mix64(h)
	idx := h >> (64 - hllPrecision)
	rest := h<<hllPrecision | 1<<(hllPrecision-1)
	rank := uint8(bits.LeadingZeros64(rest)) + 1
	if rank > s.hll[idx] {
		s.hll[idx] = rank
	}
}

// Each calls f for every hash of an exact set; it does nothing for a sketch.
func (s *Set) Each(f func(uint64)) {
	if s.hasZero {
		f(0)
	}
	for _, h := range s.slots {
		if h != 0 {
			f(h)
		}
	}
}

// Contains reports whether an exact set holds h (always false for a sketch).
func (s *Set) Contains(h uint64) bool {
	if s.hll != nil {
		return false
	}
	if h == 0 {
		return s.hasZero
	}
	if len(s.slots) == 0 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.slot(h, mask); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return true
		case 0:
			return false
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
		for i, r := range o.hll {
			if r > s.hll[i] {
				s.hll[i] = r
			}
		}
		return
	}
	if s.hll == nil && s.n == 0 && int64(len(o.slots))*8 <= s.budget {
		// Into an empty set (a file's first table, the batch's first file): copy the table.
		s.slots = append([]uint64(nil), o.slots...)
		s.n, s.hasZero, s.seed = o.n, o.hasZero, o.seed
		return
	}
	o.Each(s.Add)
}

// Count returns the number of distinct persons and an upper bound: equal for an exact set; for a
// sketch the estimate plus three standard errors (99.7% one-sided bound).
func (s *Set) Count() (estimate, upper int64) {
	if s.hll == nil {
		return s.n, s.n
	}
	m := float64(len(s.hll))
	var sum float64
	zeros := 0
	for _, r := range s.hll {
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
