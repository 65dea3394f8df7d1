package scanner

import (
	"fmt"
	"math/rand/v2"
	"sync"
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
	assert.Len(t, all, 9, "rows-only persons have stable keys: the ledger keeps them like any other")
	q := NewPersons(1 << 16)
	fill(q.Set, 0, 20000)
	p.Merge(q)
	assert.Equal(t, MethodEstimate, p.Method())
	var empty Persons
	n, _, _, _ := empty.Count()
	assert.Zero(t, n)
}

// personKeys returns keys as the inserter sends them for persons distinct persons: random
// hashes, each person about twice, some only sensitive the second time, with the zero key
// (which the table cannot store in a slot) among them, in random order.
func personKeys(seed uint64, persons int) []uint64 {
	rng := rand.New(rand.NewPCG(seed, 5))
	keys := make([]uint64, 0, 2*persons+2)
	for i := range persons {
		k := keyOf(rng.Uint64())
		if i == persons/2 {
			k = 0
		}
		keys = append(keys, k) // the first time not sensitive
		if rng.IntN(4) > 0 {
			keys = append(keys, k|rng.Uint64()&1) // later maybe sensitive
		}
	}
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys
}

// truth is what a set of keys should hold: each key with its sensitive flag.
func truth(keys []uint64) map[uint64]bool {
	m := map[uint64]bool{}
	for _, k := range keys {
		m[keyOf(k)] = m[keyOf(k)] || k&1 == 1
	}
	return m
}

func addKeysIn(s *Set, keys []uint64, batch int) *Set {
	for i := 0; i < len(keys); i += batch {
		s.AddKeys(keys[i:min(i+batch, len(keys))])
	}
	return s
}

// assertHolds checks that s, an exact set, holds exactly want.
func assertHolds(t *testing.T, want map[uint64]bool, s *Set) {
	t.Helper()
	require.True(t, s.Exact())
	var sens int64
	for _, v := range want {
		if v {
			sens++
		}
	}
	n, nu, ns, nsu := s.Count()
	assert.Equal(t, int64(len(want)), n)
	assert.Equal(t, n, nu)
	assert.Equal(t, sens, ns)
	assert.Equal(t, ns, nsu)
	got := map[uint64]bool{}
	s.Each(func(h uint64, sensitive bool) {
		_, dup := got[h]
		assert.False(t, dup, "Each repeats a person")
		got[h] = sensitive
	})
	assert.Equal(t, want, got)
	rng := rand.New(rand.NewPCG(uint64(len(want)), 9))
	checked := 0
	for k, v := range want {
		if checked++; checked > 2000 {
			break
		}
		present, sensitive := s.Contains(k | rng.Uint64()&1) // the flag bit is not part of the key
		assert.True(t, present)
		assert.Equal(t, v, sensitive)
	}
	for range 2000 {
		k := keyOf(rng.Uint64())
		if _, ok := want[k]; !ok {
			present, _ := s.Contains(k)
			assert.False(t, present)
		}
	}
}

// TestSetAddKeysAgreesWithAdd fills sets through every size at which the table grows or splits,
// in batches of several sizes, and checks that AddKeys, Add and the truth agree.
func TestSetAddKeysAgreesWithAdd(t *testing.T) {
	for _, tc := range []struct {
		persons, batch int
	}{
		{0, 4096},
		{1, 1},
		{100, 4096},
		{1000, 7},
		{5000, 1},
		{20_000, 4096},
		{100_000, 333},
		{300_000, 4096},
	} {
		t.Run(fmt.Sprintf("persons=%d/batch=%d", tc.persons, tc.batch), func(t *testing.T) {
			keys := personKeys(uint64(tc.persons), tc.persons)
			want := truth(keys)
			viaAdd := NewSet(0)
			for _, k := range keys {
				viaAdd.Add(k, k&1 == 1)
			}
			viaKeys := addKeysIn(NewSet(0), keys, tc.batch)
			assertHolds(t, want, viaAdd)
			assertHolds(t, want, viaKeys)
			if tc.persons >= 20_000 {
				// Staging and sub-tables cost little memory: 8-byte slots under 0.8 load and
				// at least 0.4, plus a stage of an eighth of the table.
				assert.LessOrEqual(t, float64(viaKeys.memBytes())/float64(tc.persons), 23.0)
			}
		})
	}
}

// TestSetAddKeysSensitiveStaysSet: a person once sensitive stays so, whichever way and in
// whichever order their keys arrive.
func TestSetAddKeysSensitiveStaysSet(t *testing.T) {
	for _, persons := range []int{10, 200_000} {
		keys := personKeys(7, persons)
		s := addKeysIn(NewSet(0), keys, 4096)
		for _, k := range keys {
			s.Add(keyOf(k), true) // everyone sensitive now
		}
		plain := make([]uint64, len(keys))
		for i, k := range keys {
			plain[i] = keyOf(k)
		}
		s.AddKeys(plain) // and not sensitive again
		for _, k := range plain[:min(100, len(plain))] {
			s.Add(k, false)
		}
		n, _, ns, _ := s.Count()
		assert.Equal(t, int64(len(truth(keys))), n)
		assert.Equal(t, n, ns)
	}
}

// TestSetAddKeysSwitchesToSketchMidBatch: past the budget in the middle of a batch, the rest of
// the batch goes to the sketch; a set that fits stays exact, as it does with Add.
func TestSetAddKeysSwitchesToSketchMidBatch(t *testing.T) {
	const budget = 1 << 20 // 131,072 slots: exact up to 104,857 persons
	for _, tc := range []struct {
		persons int
		exact   bool
	}{
		{100_000, true},
		{300_000, false},
	} {
		keys := personKeys(3, tc.persons)
		want := truth(keys)
		viaAdd := NewSet(budget)
		for _, k := range keys {
			viaAdd.Add(k, k&1 == 1)
		}
		viaKeys := NewSet(budget)
		viaKeys.AddKeys(keys) // a single batch
		require.Equal(t, tc.exact, viaAdd.Exact())
		require.Equal(t, tc.exact, viaKeys.Exact())
		if tc.exact {
			assertHolds(t, want, viaKeys)
			continue
		}
		var sens int
		for _, v := range want {
			if v {
				sens++
			}
		}
		n, nu, ns, nsu := viaKeys.Count()
		assert.InDelta(t, len(want), n, 0.02*float64(len(want)))
		assert.GreaterOrEqual(t, nu, int64(len(want)))
		assert.InDelta(t, sens, ns, 0.02*float64(sens))
		assert.GreaterOrEqual(t, nsu, int64(sens))
		viaKeys.AddKeys(keys) // a sketch takes batches too
		n2, _, _, _ := viaKeys.Count()
		assert.Equal(t, n, n2)
		present, _ := viaKeys.Contains(keys[0])
		assert.False(t, present, "a sketch holds no one")
	}
}

// TestSetMergePartitionedSets merges sets of every shape into each other, both ways, with keys
// still staged on either side.
func TestSetMergePartitionedSets(t *testing.T) {
	shapes := []int{0, 50, 30_000, 120_000}
	for _, a := range shapes {
		for _, b := range shapes {
			t.Run(fmt.Sprintf("%d<-%d", a, b), func(t *testing.T) {
				ka := personKeys(1, a)
				kb := personKeys(2, b)
				kb = append(kb, ka[:len(ka)/3]...) // overlapping persons
				dst := addKeysIn(NewSet(0), ka, 4096)
				src := addKeysIn(NewSet(0), kb, 4096)
				dst.Merge(src)
				assertHolds(t, truth(append(append([]uint64(nil), ka...), kb...)), dst)
				assertHolds(t, truth(kb), src) // the source is left as it was

				// Into an empty set (a copy), then more keys on both sides.
				cp := NewSet(0)
				cp.Merge(src)
				extra := personKeys(4, 10_000)
				cp.AddKeys(extra)
				assertHolds(t, truth(append(append([]uint64(nil), kb...), extra...)), cp)
				assertHolds(t, truth(kb), src)
			})
		}
	}
}

// TestSetFlushedSetIsReadConcurrently: once flushed, a set's readers write nothing (run it with
// -race).
func TestSetFlushedSetIsReadConcurrently(t *testing.T) {
	keys := personKeys(5, 200_000)
	s := addKeysIn(NewSet(0), keys, 4096)
	p := Persons{Set: s}
	var u union
	u.add(p) // the scanner shares a file's persons once they are in its union
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			n, _, _, _ := s.Count()
			assert.Equal(t, int64(len(truth(keys))), n)
			s.Contains(keys[0])
			s.Each(func(uint64, bool) {})
			assert.True(t, s.Exact())
		})
	}
	wg.Wait()
}
