package scanner

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zeebo/xxh3"
)

func key(i int) uint64 {
	var b [8]byte
	putUint64(b[:], uint64(i))
	return xxh3.Hash(b[:])
}

// fill adds persons [from, to); every third is sensitive.
func fill(s *Set, from, to int) *Set {
	for i := from; i < to; i++ {
		s.Add(key(i), i%3 == 0)
	}
	return s
}

func sensitiveIn(from, to int) int64 {
	var n int64
	for i := from; i < to; i++ {
		if i%3 == 0 {
			n++
		}
	}
	return n
}

func TestSetExactCountsAndContains(t *testing.T) {
	s := fill(NewSet(0), 0, 50000)
	fill(s, 25000, 75000) // half repeats
	s.Add(key(1), true)   // a person seen again with a sensitive value becomes sensitive
	s.Add(key(1), false)  // and stays so
	s.Add(0, false)
	s.Add(1, true) // the same key as 0: the low bit is the flag
	n, nu, sens, su := s.Count()
	assert.Equal(t, int64(75001), n)
	assert.Equal(t, sensitiveIn(0, 75000)+2, sens)
	assert.Equal(t, n, nu)
	assert.Equal(t, sens, su)
	assert.True(t, s.Exact())
	present, sensitive := s.Contains(key(74999))
	assert.True(t, present)
	assert.Equal(t, 74999%3 == 0, sensitive)
	present, sensitive = s.Contains(key(1))
	assert.True(t, present && sensitive)
	present, _ = s.Contains(key(75000))
	assert.False(t, present)
}

// TestSetMergeLargeOverlappingSets merges sets of millions of persons: a destination indexed
// like its source used to degenerate into quadratic probing here (minutes, not milliseconds).
func TestSetMergeLargeOverlappingSets(t *testing.T) {
	if testing.Short() {
		t.Skip("4 M inserts")
	}
	a := fill(NewSet(0), 0, 1500000)
	b := fill(NewSet(0), 1000000, 2500000)
	u := NewSet(0)
	u.Merge(a) // into an empty set: a copy
	u.Merge(b) // into a full one: inserts in b's slot order
	n, _, s, _ := u.Count()
	assert.Equal(t, int64(2500000), n)
	assert.Equal(t, sensitiveIn(0, 2500000), s)
	for _, i := range []int{0, 999999, 1000000, 1499999, 2499999} {
		present, _ := u.Contains(key(i))
		assert.True(t, present, "key %d", i)
	}
	u.Add(key(7), false) // the copied table must stay consistent with its own seed
	n, _, _, _ = u.Count()
	assert.Equal(t, int64(2500000), n)
}

// TestSetSwitchesToSketchWithinItsBudget: past the budget the set becomes two HyperLogLogs whose
// upper bounds are above the truth and whose estimates are within a few standard errors.
func TestSetSwitchesToSketchWithinItsBudget(t *testing.T) {
	const truth = 300000
	s := fill(NewSet(1<<20), 0, truth) // 1 MiB: room for ~100k persons
	require.False(t, s.Exact())
	n, nu, sens, su := s.Count()
	assert.InDelta(t, truth, n, 0.02*truth, "estimate")
	assert.GreaterOrEqual(t, nu, int64(truth), "the verdict uses an upper bound")
	assert.Less(t, nu, int64(truth*1.05))
	assert.InDelta(t, truth/3, sens, 0.02*truth/3)
	assert.GreaterOrEqual(t, su, int64(truth/3))

	// Merging an exact set into a sketch, and a sketch into an exact set, both give sketches.
	e := fill(NewSet(0), truth-1000, truth+1000)
	s.Merge(e)
	e2 := fill(NewSet(0), 0, 10)
	e2.Merge(s)
	assert.False(t, e2.Exact())
	n, _, _, _ = e2.Count()
	assert.InDelta(t, truth+1000, n, 0.02*truth)
}

func TestPersonsMethodAndHashes(t *testing.T) {
	p := NewPersons(0)
	assert.Equal(t, MethodExact, p.Method())
	fill(p.Set, 0, 9)
	all, sens := p.Hashes()
	assert.Len(t, all, 9)
	assert.Len(t, sens, 3)
	p.RowsOnly = true
	assert.Equal(t, MethodRows, p.Method())
	all, _ = p.Hashes()
	assert.Nil(t, all, "rows-only persons cannot be matched elsewhere")
	q := NewPersons(1 << 16)
	fill(q.Set, 0, 20000)
	p.Merge(q)
	assert.Equal(t, MethodEstimate, p.Method())
	var empty Persons
	n, _, _, _ := empty.Count()
	assert.Zero(t, n)
}
