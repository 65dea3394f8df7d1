package detect

import (
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// ClassifyOptions tune a Classifier. Zero values mean the defaults.
type ClassifyOptions struct {
	// MinConfidence is the confidence a type needs to be listed (default 0.5).
	MinConfidence float64
	// MaxExamples bounds the masked examples kept per type (default 3, docs/vocabulary.md, "Masking").
	MaxExamples int
	// Table lists the names of every column of the column's table (its own included), when
	// known. Some hints depend on the table: a plain "height" or "weight" column is health in a
	// clinical table (one with a diagnosis, patient or medical-record column) and nothing
	// elsewhere. See also TableContext, which applies the table's context after classifying.
	Table []string
}

// ColumnClass is what the sampled cells of one column say about its content.
type ColumnClass struct {
	// NonEmpty counts cells that were neither empty nor null-like after trimming.
	NonEmpty int64
	// Masked counts already-masked values (138****5678, 张*); they are never matched as PI.
	Masked int64
	// Hashed counts hex digests (32, 40, 64 or 128 hex digits); never matched as PI.
	Hashed int64
	// Unusable counts values a spreadsheet damaged beyond recovery (Damaged: 4.40106E+17, or 15
	// significant digits then zeros) that no type matched. Under an identifying header they keep
	// the column typed (see Result); the report can say how many rows could not be read.
	Unusable int64
	// Types lists the types found, best first.
	Types []TypeMatch
}

// TypeMatch is one type found in a column.
type TypeMatch struct {
	// ID is the detector's type id.
	ID string
	// Category is the detector's default category; the policy may override it later.
	Category Category
	// Confidence in [0, 1]; see Classifier.Result for the formula.
	Confidence float64
	// Matched counts values the type's check accepted; Sampled the values it was tried on
	// (NonEmpty − Masked − Hashed).
	Matched, Sampled int64
	// Examples are masked with Mask, distinct, at most MaxExamples. Raw values are never kept.
	Examples []string
	// Embedded counts sampled values in which Embedded found this type inside a longer text (a
	// remark holding an ID number) and that the type's own check rejected as a whole; they are
	// part of Matched. When it is not zero the counter must run Embedded (an Extractor) on the
	// values Normalize rejects, keying the row by what it emits.
	Embedded int64
	// Unusable counts damaged values (see ColumnClass.Unusable) credited to this type because
	// the header names it; they are not part of Matched.
	Unusable int64
}

// Classifier decides the types of one column from its header and a sample of its cells. It is
// not safe for concurrent use; use one per column.
type Classifier struct {
	opt        ClassifyOptions
	cands      []candidate
	nonEmpty   int64
	masked     int64
	hashed     int64
	hintedHits int64 // values matched by at least one header-hinted type
	anyHits    int64 // values matched by at least one type
	memo       valueMemo
	plans      shapePlans // what each shape of value needs tried
	// slab holds the candidates each value matched, a bit each, c.words words a value: the
	// current value's, then those the memo keeps (outcome.at).
	slab     []uint64
	words    int
	buf      []byte
	unusable int64
	extract  EmbeddedPI                       // identifiers inside free text, bound to the scan date
	normBuf  []byte                           // where extract writes what it finds
	emit     func(typeID string, norm []byte) // c.foundEmbedded, made once: a closure per value would be allocated
	found    uint8                            // what emit saw in the current value (bit k: EmbeddedTypes[k])
	emb      []embStat                        // per EmbeddedTypes entry
	embCands []int                            // index in cands of each EmbeddedTypes entry, -1 when absent
}

// embStat counts what Embedded found for one type.
type embStat struct {
	values   int64 // values holding it that the type did not match as a whole
	examples []string
}

type candidate struct {
	d        Detector
	digits   bool      // d is DigitBound: skip values without an ASCII digit
	pf       Prefilter // d's prefilter of Match, nil when it has none
	hinted   bool
	hm       HintedMatcher // non-nil only when hinted and d implements HintedMatcher
	ident    bool          // d is an Identifier
	matched  int64
	alone    int64 // values this type matched that no hinted type matched
	only     int64 // values this type alone matched
	tries    int   // Mask calls spent looking for distinct examples
	examples []string
}

// maxExampleTries bounds the Mask calls per type, so a column whose values all mask alike does
// not call Mask for every cell.
const maxExampleTries = 16

// NewClassifier prepares a classifier for one column. Types whose Hints are Required and not
// hinted by the header, and types the header rules out (Hints.NotFor), are dropped here and never
// tried.
func NewClassifier(reg *Registry, header string, opt ClassifyOptions) *Classifier {
	if opt.MinConfidence <= 0 {
		opt.MinConfidence = 0.5
	}
	if opt.MaxExamples <= 0 {
		opt.MaxExamples = 3
	}
	c := &Classifier{opt: opt, buf: make([]byte, 0, 256), extract: reg.Embedded()}
	c.emit = c.foundEmbedded
	set := reg.candidates(header, opt.Table)
	c.memo.pool = &reg.memos
	c.cands = slices.Clone(set.cands)
	c.words = (len(c.cands) + 63) / 64
	c.emb = make([]embStat, len(EmbeddedTypes))
	c.embCands = set.emb // read only
	return c
}

// candidateSet is what a header makes of a registry's detectors: the candidates a classifier of
// such a column starts from (their counts zero) and, per EmbeddedTypes entry, its index among
// them (-1 when absent). It is read only once made.
type candidateSet struct {
	cands []candidate
	emb   []int
}

// headerCandidates caches a registry's candidate sets by header: the files of a nightly folder
// repeat the same few headers thousands of times, and working out which detectors a header
// hints, excludes or requires costs more than typing a small table's column. At most
// maxCachedHeaders headers are kept, so a hostile input with endless distinct headers costs
// only the work it would have cost anyway.
type headerCandidates struct {
	m sync.Map // header → *headerEntry
	n atomic.Int64
}

const maxCachedHeaders = 4096

// headerEntry holds a header's candidate sets: plain, and in a clinical table (a plain height
// or weight column is health there: tableIsClinical), made only when the header names a body
// measure.
type headerEntry struct {
	plain, clinical *candidateSet
}

// candidates returns the candidate set of a column named header in a table with the given
// column names.
func (r *Registry) candidates(header string, table []string) *candidateSet {
	e, ok := r.headers.m.Load(header)
	if !ok {
		e = r.newHeaderEntry(header)
		if r.headers.n.Add(1) <= maxCachedHeaders {
			e, _ = r.headers.m.LoadOrStore(header, e)
		}
	}
	he := e.(*headerEntry)
	if he.clinical != nil && len(table) > 0 && tableIsClinical(table) {
		return he.clinical
	}
	return he.plain
}

func (r *Registry) newHeaderEntry(header string) *headerEntry {
	h := normHeader(header)
	e := &headerEntry{plain: r.candidateSet(header, h, false)}
	if h.hasAny(bodyMeasureWords) {
		e.clinical = r.candidateSet(header, h, true)
	}
	return e
}

// candidateSet works out the candidates for a header. Types whose Hints are Required and not
// hinted by the header, and types the header rules out (Hints.NotFor), are left out.
func (r *Registry) candidateSet(header string, h headerText, clinical bool) *candidateSet {
	set := &candidateSet{emb: make([]int, len(EmbeddedTypes))}
	for _, d := range r.All() {
		hints := d.Hints()
		hinted := h.s != "" && headerHints(h, hints)
		if clinical && d.ID() == "health" && !h.containsAny(hints.Exclude) {
			hinted = true
		}
		if (hints.Required && !hinted) || (h.s != "" && h.containsAny(hints.NotFor)) {
			continue
		}
		_, digits := d.(DigitBound)
		pf, _ := d.(Prefilter)
		cand := candidate{d: d, hinted: hinted, digits: digits, pf: pf}
		cand.hm = hintedMatcher(d, header, hinted)
		cand.ident = isIdentifier(d)
		set.cands = append(set.cands, cand)
	}
	for k, id := range EmbeddedTypes {
		set.emb[k] = -1
		for i := range set.cands {
			if set.cands[i].d.ID() == id {
				set.emb[k] = i
			}
		}
	}
	return set
}

// weakCheck lists identifier types whose check a random number passes about one time in ten.
var weakCheck = map[string]bool{"bank_card": true, "device_id": true, "regional_id": true}

// HeaderSpecific is implemented by detectors whose hinted value check depends on which header
// hinted them: a 身高 column takes heights, a 血压 column blood pressures, a 病历号 column record
// numbers, all as health. ForHeader gets the column name as written and returns the check for
// it, or nil when the detector's MatchHinted (or Match) applies. It is only asked about headers
// that hint the type.
type HeaderSpecific interface {
	ForHeader(header string) HintedMatcher
}

func hintedMatcher(d Detector, header string, hinted bool) HintedMatcher {
	if !hinted {
		return nil
	}
	if _, ok := d.(Health); ok {
		// In a clinical table plain height and weight columns take body measurements.
		h := normHeader(header)
		if h.hasAny([]string{"height", "heightcm", "高度"}) && !h.hasAny([]string{"身高"}) {
			return healthMatcher{kind: hkHeight}
		}
		if h.hasAny([]string{"weight", "weightkg", "重量"}) && !h.hasAny([]string{"体重"}) {
			return healthMatcher{kind: hkWeight}
		}
	}
	if hs, ok := d.(HeaderSpecific); ok {
		if m := hs.ForHeader(header); m != nil {
			return m
		}
	}
	hm, _ := d.(HintedMatcher)
	return hm
}

func isIdentifier(d Detector) bool {
	_, ok := d.(Identifier)
	return ok
}

// ColumnMatcher returns the value check the classifier applies for type d in a column named
// header: the header-specific or hinted check when the header hints the type, d.Match
// otherwise. A counter deciding per row whether a value makes the row sensitive should use it,
// so rows are judged by the same check that typed the column (an ICD code under 诊断编码, a
// blood pressure under 血压). table, when given, is every column name of the table, as for
// ClassifyOptions.Table.
func ColumnMatcher(d Detector, header string, table ...string) func(v []byte) bool {
	h := normHeader(header)
	hinted := h.s != "" && headerHints(h, d.Hints())
	if !hinted && d.ID() == "health" && len(table) > 0 && h.hasAny(bodyMeasureWords) && tableIsClinical(table) {
		hinted = true
	}
	if hm := hintedMatcher(d, header, hinted); hm != nil {
		return func(v []byte) bool { return d.Match(v) || hm.MatchHinted(v) }
	}
	return d.Match
}

// headerHints reports whether the normalised header h holds one of the hint words (by
// headerText.hasWord) and none of the exclusions (as substrings).
func headerHints(h headerText, hints Hints) bool {
	return h.hasAny(hints.Words) && !h.containsAny(hints.Exclude)
}

// HeaderHints reports whether the column name header suggests the detector's type: one of its
// hint words is there, none of its exclusions is, and the header does not rule the type out.
func HeaderHints(d Detector, header string) bool {
	h := normHeader(header)
	hints := d.Hints()
	return h.s != "" && headerHints(h, hints) && !h.containsAny(hints.NotFor)
}

// nullLike cells carry nothing: database nulls, spreadsheet errors and placeholders. 无, 暂无 and
// 没有 ("none recorded") count as empty too: they disclose nothing about a person, and counting
// them would let a criminal-record column of 98% 无 hide its 2% records behind a low match rate.
var nullLike = setOf("null", "nil", "nan", "n/a", "#n/a", "na", "-", "--", "—", "\\n", "(null)", "undefined",
	"无", "暂无", "没有", "/", "?", "#value!", "#ref!")

// nullLead marks the first bytes of the nullLike words in either case: a value starting with
// any other byte (a digit, most Han characters) is not looked up.
var nullLead = func() (lead [256]bool) {
	for w := range nullLike {
		lead[w[0]] = true
		if c := w[0]; 'a' <= c && c <= 'z' {
			lead[c-'a'+'A'] = true
		}
	}
	return lead
}()

// Add classifies one sampled cell. v is the raw cell; it is not retained.
//
// A value seen before in the column (a repeated name, category or mobile) is not tried again:
// what the detectors said of it is replayed from a memo, which gives the same counts and the
// same examples as trying it again, since every check is a function of the cleaned value.
func (c *Classifier) Add(v []byte) {
	v, c.buf = cleanCell(c.buf, v)
	if len(v) == 0 {
		return
	}
	if o, ok := c.memo.get(v); ok {
		c.apply(o, nil)
		return
	}
	o := c.evaluate(v)
	c.apply(o, v)
	if !c.memo.put(v, o) && o.kind == outTried {
		c.slab = c.slab[:o.at] // not kept: its bits are free again
	}
}

// outcome is what the checks said of one cleaned value.
type outcome struct {
	kind     uint8 // outNull, outMasked, outHashed or outTried
	unusable bool  // damaged beyond recovery (Damaged) and matched by no type
	emb      uint8 // bit k: EmbeddedTypes[k] found inside the value
	at       int32 // bit i of c.slab[at:]: candidate i matched (outTried)
}

const (
	outNull uint8 = iota
	outMasked
	outHashed
	outTried
)

// evaluate runs the checks on the cleaned, non-empty value v. It changes no count, except the
// examples of embedded identifiers, which only a value's first occurrence can add.
func (c *Classifier) evaluate(v []byte) outcome {
	if len(v) <= 12 && nullLead[v[0]] {
		var low [12]byte
		if nullLike.has(lowerASCII(low[:0], v)) {
			return outcome{kind: outNull}
		}
	}
	if isMasked(v) {
		return outcome{kind: outMasked}
	}
	if isHexDigest(v) {
		return outcome{kind: outHashed}
	}
	o := outcome{kind: outTried, at: int32(len(c.slab))}
	c.slab = append(c.slab, make([]uint64, c.words)...)
	hitBits := c.slab[o.at:]
	hits, identHit := 0, false
	sh := ShapeOf(v)
	for _, e := range c.plans.of(&sh, c.cands) {
		i := int(max(e, -e-1)) // e < 0: the prefilter ruled Match out, MatchHinted is not filtered
		cd := &c.cands[i]
		ok := e >= 0 && cd.d.Match(v)
		if !ok && cd.hm != nil {
			ok = cd.hm.MatchHinted(v)
		}
		if ok {
			hitBits[i/64] |= 1 << (i % 64)
			hits++
			identHit = identHit || cd.ident
		}
	}
	if !identHit && len(v) >= 8 {
		o.unusable, o.emb = c.embedded(v, hits == 0)
	}
	return o
}

// apply counts outcome o of one value; v is the value at its first occurrence (it may add
// examples) and nil when o is replayed from the memo.
func (c *Classifier) apply(o outcome, v []byte) {
	switch o.kind {
	case outNull:
		return
	case outMasked:
		c.nonEmpty++
		c.masked++
		return
	case outHashed:
		c.nonEmpty++
		c.hashed++
		return
	}
	c.nonEmpty++
	if o.unusable {
		c.unusable++
	}
	for k := range c.emb {
		if o.emb&(1<<k) != 0 {
			c.emb[k].values++
		}
	}
	hits, last, anyHinted := 0, -1, false
	hitBits := c.slab[o.at : int(o.at)+c.words]
	for i := range eachBit(hitBits) {
		cd := &c.cands[i]
		cd.matched++
		hits++
		last = i
		anyHinted = anyHinted || cd.hinted
		if len(cd.examples) < c.opt.MaxExamples && cd.tries < maxExampleTries {
			// A replayed value's mask is among the examples already: its first occurrence
			// met the same condition (examples and tries only grow) and added it.
			cd.tries++
			if v != nil {
				if m := Mask(cd.d.ID(), v); !slices.Contains(cd.examples, m) {
					cd.examples = append(cd.examples, m)
				}
			}
		}
	}
	if hits == 0 {
		return
	}
	c.anyHits++
	if hits == 1 {
		c.cands[last].only++
	}
	if anyHinted {
		c.hintedHits++
		return
	}
	for i := range eachBit(hitBits) {
		c.cands[i].alone++
	}
}

// eachBit yields the positions of the set bits of b in increasing order.
func eachBit(b []uint64) func(yield func(int) bool) {
	return func(yield func(int) bool) {
		for w, x := range b {
			for x != 0 {
				if !yield(w*64 + bits.TrailingZeros64(x)) {
					return
				}
				x &= x - 1
			}
		}
	}
}

// embedded looks for identifiers inside a value no identifier matched as a whole; none is set
// when no type matched it at all, so it may be a damaged number. It returns whether the value is
// damaged and which EmbeddedTypes it holds, and keeps the first masked examples of each.
func (c *Classifier) embedded(v []byte, none bool) (unusable bool, found uint8) {
	if none && Damaged(v) {
		return true, 0
	}
	c.found = 0
	c.normBuf = c.extract.ExtractInto(v, c.normBuf, c.emit)
	return false, c.found
}

// foundEmbedded notes one identifier Extract found in the current value, keeping the first
// masked examples of each type.
func (c *Classifier) foundEmbedded(typeID string, norm []byte) {
	k := slices.Index(EmbeddedTypes, typeID)
	if k < 0 || c.found&(1<<k) != 0 {
		return
	}
	c.found |= 1 << k
	st := &c.emb[k]
	if len(st.examples) < c.opt.MaxExamples {
		if m := Mask(typeID, norm); !slices.Contains(st.examples, m) {
			st.examples = append(st.examples, m)
		}
	}
}

// valueMemo remembers the outcome of each distinct value of a column. It turns itself off when
// the column's values hardly repeat (order numbers, timestamps), where it would only cost. Values
// are kept in one arena and found through an open-addressing table of their hashes, so keeping
// one allocates nothing (a map of strings allocated a string per value: 0.4 CPU-s of the
// 2,000-file folder).
type valueMemo struct {
	slots      []memoSlot   // nil until the first put; a power of two
	arena      []byte       // the kept values, one after another
	n          int          // values kept
	seed       maphash.Seed // made by the first get
	seeded     bool
	h          uint64 // hash of the value the last get looked up, for the put that follows
	gets, hits int
	off        bool
	pool       *sync.Pool // the registry's recycled tables (memoBuf); nil: allocate
}

// memoBuf is a memo's table and arena, recycled between columns through the registry: a folder
// of small files types thousands of columns, and growing a new table and arena for each was a
// quarter of the bytes the 2,000-file folder allocated (422 of 1,500 MB).
type memoBuf struct {
	slots []memoSlot
	arena []byte
}

// Recycled tables are kept up to these sizes: a small table's columns' (1,420 rows at most in
// the benchmark folder). A grown one is dropped rather than handed to every later column, which
// would clear it whole each time for a few values.
const (
	memoKeepSlots = 4 * memoFirstSlots
	memoKeepArena = 64 << 10
)

// memoSlot is one kept value: its hash (0: empty slot), where it is in the arena, its outcome.
type memoSlot struct {
	h      uint64
	at, ln uint32
	o      outcome
}

// Memo bounds: a memo is given up after memoProbe lookups that found fewer than one value in
// memoMinRepeat already seen, and stops growing at memoMaxValues distinct values. Values longer
// than memoMaxLen bytes (remarks, free text) are not kept, so a memo holds at most 2 MiB of
// values and 768 KiB of slots.
const (
	memoProbe     = 128
	memoMinRepeat = 8
	memoMaxValues = 1 << 14
	memoMaxLen    = 128
	// memoFirstSlots holds the memoProbe values a memo keeps before it may be given up
	// without growing: columns of unique values (order numbers, timestamps) never rehash.
	memoFirstSlots = 256
	memoFirstArena = 4096 // bytes: memoProbe values of 32 bytes
)

func (m *valueMemo) get(v []byte) (outcome, bool) {
	if m.off {
		return outcome{}, false
	}
	m.gets++
	if !m.seeded {
		m.seed, m.seeded = maphash.MakeSeed(), true
	}
	m.h = maphash.Bytes(m.seed, v) | 1
	if m.slots != nil {
		mask := uint64(len(m.slots) - 1)
		for i := m.h & mask; m.slots[i].h != 0; i = (i + 1) & mask {
			if sl := &m.slots[i]; sl.h == m.h && string(m.arena[sl.at:sl.at+sl.ln]) == string(v) {
				m.hits++
				return sl.o, true
			}
		}
	}
	if m.gets >= memoProbe && m.hits*memoMinRepeat < m.gets {
		m.release()
		m.off = true
	}
	return outcome{}, false
}

// put keeps o as the outcome of v, which the last get looked up and did not find, and reports
// whether it did.
func (m *valueMemo) put(v []byte, o outcome) bool {
	if m.off || m.n >= memoMaxValues || len(v) > memoMaxLen {
		return false
	}
	if m.slots == nil {
		m.alloc()
	} else if (m.n+1)*4 > len(m.slots)*3 {
		m.grow()
	}
	mask := uint64(len(m.slots) - 1)
	i := m.h & mask
	for m.slots[i].h != 0 {
		i = (i + 1) & mask
	}
	m.slots[i] = memoSlot{h: m.h, at: uint32(len(m.arena)), ln: uint32(len(v)), o: o}
	m.arena = append(m.arena, v...)
	m.n++
	return true
}

// alloc gives the memo its table and arena: recycled ones when the registry has some (any
// power of two from memoFirstSlots serves), else new ones.
func (m *valueMemo) alloc() {
	if m.pool != nil {
		if b, ok := m.pool.Get().(*memoBuf); ok {
			m.slots, m.arena = b.slots, b.arena
			return
		}
	}
	m.slots = make([]memoSlot, memoFirstSlots)
	m.arena = make([]byte, 0, memoFirstArena)
}

// release gives the memo's table and arena back to the registry, cleared (the arena held cell
// values, which must not outlive the column), and leaves the memo empty.
func (m *valueMemo) release() {
	if m.slots != nil && m.pool != nil && len(m.slots) <= memoKeepSlots && cap(m.arena) <= memoKeepArena {
		clear(m.slots)
		clear(m.arena)
		m.pool.Put(&memoBuf{slots: m.slots, arena: m.arena[:0]})
	}
	m.slots, m.arena, m.n = nil, nil, 0
}

// grow doubles the slots, keeping every value.
func (m *valueMemo) grow() {
	old := m.slots
	m.slots = make([]memoSlot, 2*len(old))
	mask := uint64(len(m.slots) - 1)
	for _, sl := range old {
		if sl.h == 0 {
			continue
		}
		i := sl.h & mask
		for m.slots[i].h != 0 {
			i = (i + 1) & mask
		}
		m.slots[i] = sl
	}
}

// Damaged reports whether v is a long number a spreadsheet damaged: written in scientific
// notation with an exponent of 10 or more (4.40106E+17, 1.38123E+10), or 16–19 digits whose
// digits after the fifteenth are all zero (Excel keeps 15 significant digits:
// 440106199001011000). Such a value no longer says which identifier it was. A counter may count
// the row as one person of its own, sensitive when the column's type is. v is a cell as
// CleanCell returns it (the one trim: both callers, the classifier and the counter, clean first).
func Damaged(v []byte) bool {
	n := len(v)
	if n >= 16 && n <= 19 && allDigits(v) {
		for _, c := range v[15:] {
			if c != '0' {
				return false
			}
		}
		return true
	}
	// d[.ddd]E+dd
	if n < 5 || n > 24 || !isDigit(v[0]) || v[0] == '0' {
		return false
	}
	i := 1
	if v[i] == '.' {
		i++
		for i < n && isDigit(v[i]) {
			i++
		}
	}
	if i+4 != n || (v[i] != 'E' && v[i] != 'e') || v[i+1] != '+' || !isDigit(v[i+2]) || !isDigit(v[i+3]) {
		return false
	}
	return v[i+2] >= '1'
}

// damagedFits reports whether a damaged number may have been an identifier of type id: the
// types whose values are long digit strings.
func damagedFits(id string) bool {
	switch id {
	case "cn_resident_id", "bank_card", "phone_number", "social_security_number", "travel_permit", "device_id":
		return true
	}
	return false
}

// Result returns the types found so far, best first.
//
// Confidence formula. Let s be the sampled values (non-empty, not masked, not hashed), m the
// values a type matched, and r = m/(s+1): the match rate, shrunk towards zero for tiny samples so
// one matching cell out of one is not certainty (r = 0.5, just listed; 3 of 3 gives 0.75).
//   - Without a header hint the values alone speak: confidence = r.
//   - With a hint, the hint adds half the remaining distance to 1 — confidence = 0.5 + 0.5·r —
//     when the values support it: either r ≥ 0.5 (most values fit), or the type is a genuine
//     part of a mixed column: m ≥ 2, r ≥ 0.03 and at least 80% of the sampled values are
//     explained by hinted types together. Otherwise confidence = r, so a hint never makes a
//     type out of values that contradict it (a 身份证号 column of invalid numbers, a "name"
//     column of product names).
//   - An unhinted type that explains the rest of a hinted column is listed the same way. With a
//     = the values it matched that no hinted type matched: a ≥ 2, a/s ≥ 0.03 and hinted plus a
//     covering at least 90% of the values, confidence = 0.5 + 0.5·a/(s+1). A 证件号码 column of
//     90% resident IDs and 10% passports lists both; the 10% of resident IDs that happen to be
//     Luhn-valid do not make it a bank-card column, since the hinted type already explains them.
//   - In a column no header hints, a type listed alongside others needs the same kind of
//     support: with o = the values only this type matched, o ≥ 2, o/s ≥ 0.2 and at least 90% of
//     the values matched by some type, confidence = 0.5 + 0.5·o/(s+1) (an unlabelled column of
//     60% phone numbers and 40% e-mail addresses lists both).
//
// The thresholds were tuned on the labelled columns of labelled_test.go.
func (c *Classifier) Result() ColumnClass {
	res := ColumnClass{NonEmpty: c.nonEmpty, Masked: c.masked, Hashed: c.hashed, Unusable: c.unusable}
	s := c.nonEmpty - c.masked - c.hashed
	if s <= 0 {
		return res
	}
	coverage := float64(c.hintedHits) / float64(s)
	listed := make([]bool, len(c.cands))
	for i, cd := range c.cands {
		unusable := int64(0)
		if cd.hinted && cd.ident && damagedFits(cd.d.ID()) {
			unusable = c.unusable
		}
		if cd.matched == 0 && unusable == 0 {
			continue
		}
		conf := c.confidence(cd, s, coverage, unusable)
		if conf < c.opt.MinConfidence {
			continue
		}
		listed[i] = true
		tm := TypeMatch{
			ID: cd.d.ID(), Category: cd.d.Category(), Confidence: conf,
			Matched: cd.matched, Sampled: s, Examples: slices.Clone(cd.examples),
		}
		if unusable > 0 {
			tm.Unusable = unusable
		}
		res.Types = append(res.Types, tm)
	}
	res.Types = c.addEmbedded(res.Types, listed, s)
	slices.SortFunc(res.Types, func(a, b TypeMatch) int {
		if n := cmp.Compare(b.Confidence, a.Confidence); n != 0 {
			return n
		}
		if n := cmp.Compare(b.Matched, a.Matched); n != 0 {
			return n
		}
		return strings.Compare(a.ID, b.ID)
	})
	return res
}

// Release gives the classifier's memo back to its registry for another column. Call it once
// Result has been taken; the classifier must not be used after.
func (c *Classifier) Release() { c.memo.release() }

// confidence is the confidence of candidate cd among s sampled values (see Result), given the
// share of values hinted types matched (coverage) and the damaged values that count for it.
func (c *Classifier) confidence(cd candidate, s int64, coverage float64, unusable int64) float64 {
	r := float64(cd.matched) / float64(s+1)
	conf := r
	switch {
	case cd.hinted && (r >= 0.5 || (cd.matched >= 2 && r >= 0.03 && coverage >= 0.8)):
		conf = 0.5 + 0.5*r
	case cd.hinted && cd.ident && (cd.matched >= 1 && !weakCheck[cd.d.ID()] || cd.matched >= 2 && r >= 0.2):
		// Under an identifying header every fully valid value counts, however few: the
		// rest may be damaged, masked or junk, but these persons are in the file. Types
		// whose check one random number in ten passes (Luhn, mod 10/11 letters) need a
		// fifth of the values, more than chance gives.
		conf = 0.5 + 0.5*r
	case cd.hinted && unusable > 0 && float64(cd.matched+unusable) >= 0.5*float64(s):
		// A column a spreadsheet damaged keeps the type its header names.
		conf = 0.5 + 0.5*float64(cd.matched+unusable)/float64(s+1)
	case !cd.hinted && c.hintedHits > 0 && cd.alone >= 2:
		a := float64(cd.alone) / float64(s+1)
		if a >= 0.03 && float64(c.hintedHits+cd.alone) >= 0.9*float64(s) {
			conf = max(conf, 0.5+0.5*a)
		}
	case c.hintedHits == 0 && cd.only >= 2:
		o := float64(cd.only) / float64(s+1)
		if o >= 0.2 && float64(c.anyHits) >= 0.9*float64(s) {
			conf = max(conf, 0.5+0.5*o)
		}
	}
	return conf
}

// addEmbedded adds to types the identifiers found inside longer values: each was validated on its
// own, so one is enough. A type already listed (listed is indexed like c.cands) gains them as
// embedded matches.
func (c *Classifier) addEmbedded(types []TypeMatch, listed []bool, s int64) []TypeMatch {
	for k, st := range c.emb {
		ci := c.embCands[k]
		if st.values == 0 || ci < 0 {
			continue
		}
		if listed[ci] {
			for t := range types {
				if types[t].ID == EmbeddedTypes[k] {
					types[t].Embedded = st.values
					types[t].Matched += st.values
				}
			}
			continue
		}
		cd := c.cands[ci]
		conf := 0.5 + 0.5*float64(st.values)/float64(s+1)
		types = append(types, TypeMatch{
			ID: cd.d.ID(), Category: cd.d.Category(), Confidence: conf,
			Matched: st.values, Sampled: s, Examples: slices.Clone(st.examples), Embedded: st.values,
		})
	}
	return types
}

// needsWidthFold reports whether v holds a full-width form (U+FF01–U+FF5E, encoded EF BC 81 to
// EF BD 9E) or an ideographic space (E3 80 80): cheaper than folding every non-ASCII value.
// Eight bytes at a time it skips to the first word holding an EF or E3 byte (Han text has few).
func needsWidthFold(v []byte) bool {
	i := 0
	for ; i+8 <= len(v); i += 8 {
		if x := binary.LittleEndian.Uint64(v[i:]); x&hiBits != 0 && (hasByte(x, 0xEF) || hasByte(x, 0xE3)) {
			break
		}
	}
	return widthFormFrom(v, i)
}

// widthFormFrom is needsWidthFold looking from byte i on, one byte at a time.
func widthFormFrom(v []byte, i int) bool {
	for ; i+2 < len(v); i++ {
		switch v[i] {
		case 0xEF:
			if (v[i+1] == 0xBC && v[i+2] >= 0x81) || (v[i+1] == 0xBD && v[i+2] <= 0x9E) {
				return true
			}
		case 0xE3:
			if v[i+1] == 0x80 && v[i+2] == 0x80 {
				return true
			}
		}
	}
	return false
}

// isMasked recognises values someone already masked: a run of two or more mask marks (*, ×, ＊
// folds to *), or a single * in a short value (张*, 李*明).
func isMasked(v []byte) bool { return mayHoldMaskMark(v) && countsMaskMarks(v) }

// countsMaskMarks is isMasked without the quick look for a mask mark.
func countsMaskMarks(v []byte) bool {
	run, stars := 0, 0
	for i := 0; i < len(v); {
		r, size := rune(v[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(v[i:])
		}
		i += size
		if r == '*' || r == '×' || r == '●' || r == '•' {
			if r == '*' {
				stars++
			}
			run++
			if run >= 2 {
				return true
			}
			continue
		}
		run = 0
	}
	return stars == 1 && utf8.RuneCount(v) <= 4
}

// mayHoldMaskMark reports whether v holds a '*' or a lead byte of ×, ● or • (C3, E2), the
// mask marks isMasked counts: names, addresses and numbers hold none and skip decoding.
func mayHoldMaskMark(v []byte) bool {
	for _, c := range v {
		if c == '*' || c == 0xC3 || c == 0xE2 {
			return true
		}
	}
	return false
}

// isHexDigest recognises MD5, SHA-1, SHA-256 and SHA-512 hex digests (any case).
func isHexDigest(v []byte) bool {
	switch len(v) {
	case 32, 40, 64, 128:
	default:
		return false
	}
	for _, ch := range v {
		if !asciiDigit(ch) && (ch|0x20 < 'a' || ch|0x20 > 'f') {
			return false
		}
	}
	return true
}
