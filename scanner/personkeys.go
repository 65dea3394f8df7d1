package scanner

import (
	"cmp"
	"slices"

	"github.com/zeebo/xxh3"
)

// Persons without an identifier (a row of names and diagnoses) are keyed by where they are: the
// file's content identity (its SHA-256), the table, the row and the role. Such keys never depend
// on the order of a scan, so two different files on two nights (or two shards of one night)
// never share one, while the same file read twice gives the same keys and counts once. The digest
// is known only once the file has been read, so the counters keep positions (row references) and
// the keys are made at the end (stableRowKeys).

// packRowRef packs a row position, a role and the sensitive flag into one word: the position in
// the upper 48 bits, the role in the next 15, the flag in the lowest.
func packRowRef(pos uint64, role int, sensitive bool) uint64 {
	ref := pos<<16 | uint64(role&0x7fff)<<1
	if sensitive {
		ref |= 1
	}
	return ref
}

// tableRowRefs gathers the counters' row references with their positions renumbered as rows of
// the table: a chunk's rows (chunk<<chunkShift | index) become the rows of the chunks before it
// plus the index.
func tableRowRefs(cs []*counter) []uint64 {
	var refs []uint64
	var chunks []chunkCount
	for _, c := range cs {
		refs = append(refs, c.rowKeys...)
		chunks = append(chunks, c.chunkRows...)
	}
	if len(chunks) == 0 || len(refs) == 0 {
		return refs
	}
	slices.SortFunc(chunks, func(a, b chunkCount) int { return cmp.Compare(a.seq, b.seq) })
	base := make(map[int64]uint64, len(chunks))
	var n uint64
	for _, ch := range chunks {
		base[ch.seq] = n
		n += uint64(ch.rows)
	}
	for i, ref := range refs {
		pos := ref >> 16
		seq, idx := int64(pos>>chunkShift), pos&(1<<chunkShift-1)
		refs[i] = (base[seq]+idx)<<16 | ref&0xffff
	}
	return refs
}

// tableRefs are the row references of one table of a file.
type tableRefs struct {
	table int
	refs  []uint64
}

// stableRowKeys turns row references into person keys (low bit: sensitive) from the file's
// SHA-256 (hex), the table, the row and the role.
func stableRowKeys(sha256Hex string, tables []tableRefs) []uint64 {
	var keys []uint64
	buf := make([]byte, 0, len(sha256Hex)+16)
	for _, t := range tables {
		for _, ref := range t.refs {
			buf = append(buf[:0], sha256Hex...)
			var b [16]byte
			putUint64(b[:8], uint64(t.table))
			putUint64(b[8:], ref&^1)
			buf = append(buf, b[:]...)
			k := xxh3.Hash(buf) &^ 1
			keys = append(keys, k|ref&1)
		}
	}
	return keys
}

// edge links two identifiers found for one person in one row (a and b are keys with the
// sensitive bit cleared, sa and sb the strengths of their types).
type edge struct {
	a, b   uint64
	sa, sb int32
}

// maxEdgesPerCounter bounds the links one counting goroutine keeps (24 bytes each). Past it,
// identifiers are no longer linked: a person keyed differently in two roles then counts twice,
// never less (the conservative side).
func maxEdgesPerCounter(budget int64) int {
	if budget <= 0 {
		budget = DefaultSetBudget
	}
	return int(max(1<<16, budget/64))
}

// relink merges the persons of s that edges link, keeping for each group of linked identifiers
// the strongest one (ties: the smallest hash), so the same person keyed by their ID number in
// one role and by their phone in another counts once, and is sensitive when any of their keys
// was. A sketch cannot be relinked and is returned as it is (its counts stay upper bounds).
func relink(s *Set, edges []edge, budget int64) *Set {
	if len(edges) == 0 || !s.Exact() {
		return s
	}
	var uf unionFind
	uf.idx = make(map[uint64]int32, len(edges))
	for _, e := range edges {
		uf.union(uf.node(e.a, e.sa), uf.node(e.b, e.sb))
	}
	rep := uf.representatives()
	out := NewSet(budget)
	s.Each(func(h uint64, sens bool) {
		if i, ok := uf.idx[h]; ok {
			h = rep[uf.find(i)]
		}
		out.Add(h, sens)
	})
	out.Flush()
	return out
}

// unionFind groups linked identifiers.
type unionFind struct {
	idx    map[uint64]int32
	parent []int32
	key    []uint64
	str    []int32
}

func (u *unionFind) node(k uint64, strength int32) int32 {
	if i, ok := u.idx[k]; ok {
		u.str[i] = max(u.str[i], strength)
		return i
	}
	i := int32(len(u.parent))
	u.idx[k] = i
	u.parent = append(u.parent, i)
	u.key = append(u.key, k)
	u.str = append(u.str, strength)
	return i
}

func (u *unionFind) find(i int32) int32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u.parent[rb] = ra
	}
}

// representatives returns, for every root, the key standing for its group: the strongest
// identifier, then the smallest hash, so the choice does not depend on the order of the rows.
func (u *unionFind) representatives() map[int32]uint64 {
	best := map[int32]int32{}
	for i := range u.parent {
		r := u.find(int32(i))
		b, ok := best[r]
		if !ok || u.str[i] > u.str[b] || u.str[i] == u.str[b] && u.key[i] < u.key[b] {
			best[r] = int32(i)
		}
	}
	rep := make(map[int32]uint64, len(best))
	for r, b := range best {
		rep[r] = u.key[b]
	}
	return rep
}
