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

func fill(s *Set, from, to int) *Set {
	for i := from; i < to; i++ {
		s.Add(key(i))
	}
	return s
}

func TestSetExactCountsAndContains(t *testing.T) {
	s := fill(NewSet(0), 0, 50000)
	fill(s, 25000, 75000) // half repeats
	s.Add(0)
	s.Add(0)
	n, upper := s.Count()
	assert.Equal(t, int64(75001), n)
	assert.Equal(t, n, upper)
	assert.True(t, s.Exact())
	assert.True(t, s.Contains(key(74999)))
	assert.True(t, s.Contains(0))
	assert.False(t, s.Contains(key(75000)))
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
	n, _ := u.Count()
	assert.Equal(t, int64(2500000), n)
	for _, i := range []int{0, 999999, 1000000, 1499999, 2499999} {
		assert.True(t, u.Contains(key(i)), "key %d", i)
	}
	u.Add(key(7)) // the copied table must stay consistent with its own seed
	n, _ = u.Count()
	assert.Equal(t, int64(2500000), n)
}

// TestSetSwitchesToSketchWithinItsBudget: past the budget the set becomes a HyperLogLog whose
// upper bound is above the truth and whose estimate is within a few standard errors.
func TestSetSwitchesToSketchWithinItsBudget(t *testing.T) {
	const truth = 300000
	s := fill(NewSet(1<<20), 0, truth) // 1 MiB: room for ~100k persons
	require.False(t, s.Exact())
	est, upper := s.Count()
	assert.InDelta(t, truth, est, 0.02*truth, "estimate")
	assert.GreaterOrEqual(t, upper, int64(truth), "the verdict uses an upper bound")
	assert.Less(t, upper, int64(truth*1.05))

	// Merging an exact set into a sketch, and a sketch into an exact set, both give sketches.
	e := fill(NewSet(0), truth-1000, truth+1000)
	s.Merge(e)
	e2 := fill(NewSet(0), 0, 10)
	e2.Merge(s)
	assert.False(t, e2.Exact())
	est, _ = e2.Count()
	assert.InDelta(t, truth+1000, est, 0.02*truth)
}

func TestPersonsMethod(t *testing.T) {
	p := NewPersons(0)
	assert.Equal(t, MethodExact, p.Method())
	p.RowsOnly = true
	assert.Equal(t, MethodRows, p.Method())
	q := NewPersons(1 << 16)
	fill(q.All, 0, 20000)
	p.Merge(q)
	assert.Equal(t, MethodEstimate, p.Method())
}
