package detect

// A plan is the list of checks a value of one Shape needs in a column: the candidates its
// digits leave (DigitBound) and, among them, those whose Prefilter lets Match run. Every
// prefilter is a function of the Shape alone, so values of one shape — every mobile, ID number,
// order number or timestamp of a column — need the same plan, and a column works it out once
// per shape instead of once per value: one interface call per candidate and value fewer. Shapes
// that differ only in which digits or letters occur, or in counts past planCountCap, share a
// plan (planKey; see Prefilter), so addresses and e-mails of every length need few plans.
//
// Each entry is a candidate index i: i ≥ 0 means "Match, then MatchHinted when it has one and
// Match said no"; −(i+1) means "MatchHinted only" (the prefilter ruled Match out). Candidates
// with neither are left out.
type plan []int32

// planSlots is how many shapes a column remembers (direct-mapped): a small table's column has a
// handful of shapes, a free-text or address column many, and a miss costs only what working the
// plan out cost before. slot takes the top planSlotBits bits of a key's hash.
const (
	planSlotBits = 4
	planSlots    = 1 << planSlotBits
)

// shapePlans remembers the plans of the last shapes seen in one column. The plans share one
// array, made at the first value: slot k's plan is at most len(cands) entries from
// k·len(cands).
type shapePlans struct {
	slot [planSlots]struct {
		used bool
		key  planKey
		n    int32
	}
	buf []int32
}

// of returns the plan for shape sh among cands, the same cands at every call; the result is
// valid until the next call.
func (sp *shapePlans) of(sh *Shape, cands []candidate) plan {
	key := keyOf(sh)
	k := key.slot()
	if sp.buf == nil {
		sp.buf = make([]int32, planSlots*len(cands))
	}
	p := sp.buf[k*len(cands) : (k+1)*len(cands)]
	e := &sp.slot[k]
	if !e.used || e.key != key {
		e.used, e.key, e.n = true, key, int32(len(makePlan(p[:0], sh, cands)))
	}
	return p[:e.n]
}

// makePlan appends to p the plan of shape sh among cands.
func makePlan(p plan, sh *Shape, cands []candidate) plan {
	for i := range cands {
		cd := &cands[i]
		switch {
		case cd.digits && sh.Digits == 0:
		case cd.pf == nil || cd.pf.MayMatch(*sh):
			p = append(p, int32(i))
		case cd.hm != nil:
			p = append(p, -int32(i)-1)
		}
	}
	return p
}

// planKey is what the prefilters may look at of a shape (Prefilter): its counts up to
// planCountCap, a byte each, and the ASCII bytes seen other than digits and letters.
type planKey [3]uint64

func keyOf(sh *Shape) planKey {
	c := func(n int) uint64 { return uint64(min(n, planCountCap)) }
	return planKey{c(sh.Len) | c(sh.Digits)<<8 | c(sh.Letters)<<16 | c(sh.NonASCII)<<24,
		sh.seen[0] &^ digitBits, sh.seen[1] &^ letterBits}
}

// planCountCap is the count from which prefilters treat every count alike.
const planCountCap = 32

// The bits of Shape.seen for ASCII digits (seen[0]) and ASCII letters (seen[1]).
const (
	digitBits  = uint64(1<<10-1) << '0'
	letterBits = uint64(1<<26-1)<<('A'-64) | uint64(1<<26-1)<<('a'-64)
)

// slot picks the plan slot of a key.
func (k planKey) slot() int {
	h := k[0]*0x9E3779B97F4A7C15 ^ k[1]*0x94D049BB133111EB ^ k[2]*0xBF58476D1CE4E5B9
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	return int(h >> (64 - planSlotBits))
}
