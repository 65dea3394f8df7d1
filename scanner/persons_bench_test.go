package scanner

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// benchPersonKeys returns 2*persons keys as the inserter receives them: random 64-bit hashes
// from a fixed seed, every distinct person twice (the second time with a random sensitive
// flag), in shuffled order.
func benchPersonKeys(persons int) []uint64 {
	rng := rand.New(rand.NewPCG(uint64(persons), 11))
	keys := make([]uint64, 0, 2*persons)
	for range persons {
		k := rng.Uint64()
		keys = append(keys, k, k^(rng.Uint64()&1))
	}
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys
}

var benchKeys = sync.OnceValue(func() map[int][]uint64 {
	m := map[int][]uint64{}
	for _, n := range []int{100, 100_000, 1_000_000, 5_000_000} {
		m[n] = benchPersonKeys(n)
	}
	return m
})

// BenchmarkSetInsert fills a set the way the inserter does, one key at a time with Add and in
// slices of 4096 with AddKeys, from a handful of persons (a small file) to 5 M (the full audit),
// and reports the cost per key and the table's memory per distinct person. "before" is the
// single-table set that Set was until it was partitioned, the baseline for both.
func BenchmarkSetInsert(b *testing.B) {
	const batch = 4096
	for _, persons := range []int{100, 100_000, 1_000_000, 5_000_000} {
		keys := benchKeys()[persons]
		var s *Set
		b.Run(fmt.Sprintf("before/persons=%d", persons), func(b *testing.B) {
			var t *singleTable
			for b.Loop() {
				t = &singleTable{seed: 1}
				for _, k := range keys {
					t.add(k, k&1 == 1)
				}
			}
			if t.n != int64(persons) {
				b.Fatalf("counted %d persons, want %d", t.n, persons)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(keys)), "ns/key")
			b.ReportMetric(float64(len(t.slots)*8)/float64(persons), "bytes/person")
		})
		b.Run(fmt.Sprintf("add/persons=%d", persons), func(b *testing.B) {
			for b.Loop() {
				s = NewSet(0)
				for _, k := range keys {
					s.Add(k, k&1 == 1)
				}
			}
			reportSet(b, s, len(keys), persons)
		})
		b.Run(fmt.Sprintf("addkeys/persons=%d", persons), func(b *testing.B) {
			for b.Loop() {
				s = NewSet(0)
				for i := 0; i < len(keys); i += batch {
					s.AddKeys(keys[i:min(i+batch, len(keys))])
				}
			}
			reportSet(b, s, len(keys), persons)
		})
	}
}

func reportSet(b *testing.B, s *Set, keys, persons int) {
	b.Helper()
	if n, _, _, _ := s.Count(); n != int64(persons) {
		b.Fatalf("counted %d persons, want %d", n, persons)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(keys), "ns/key")
	b.ReportMetric(float64(s.memBytes())/float64(persons), "bytes/person")
}

// singleTable is Set's exact table as it was before it was split into sub-tables and staged:
// one open-addressing table that doubles under 0.8 load, every insert a cache and TLB miss at
// millions of persons. It is kept as the baseline of BenchmarkSetInsert.
type singleTable struct {
	slots []uint64
	n     int64
	seed  uint64
}

func (s *singleTable) add(h uint64, sensitive bool) {
	k := keyOf(h)
	if k == 0 {
		return // the zero key is counted aside in Set; random keys never hit it
	}
	if (s.n+1)*5 >= int64(len(s.slots))*4 {
		s.grow()
	}
	var flag uint64
	if sensitive {
		flag = 1
	}
	mask := uint64(len(s.slots) - 1)
	for i := mix64(k^s.seed) & mask; ; i = (i + 1) & mask {
		v := s.slots[i]
		if v == 0 {
			s.slots[i] = k | flag
			s.n++
			return
		}
		if keyOf(v) == k {
			if flag == 1 && v&1 == 0 {
				s.slots[i] = v | 1
			}
			return
		}
	}
}

func (s *singleTable) grow() {
	old := s.slots
	s.slots = make([]uint64, max(1024, 2*len(old)))
	mask := uint64(len(s.slots) - 1)
	for _, v := range old {
		if v != 0 {
			i := mix64(keyOf(v)^s.seed) & mask
			for s.slots[i] != 0 {
				i = (i + 1) & mask
			}
			s.slots[i] = v
		}
	}
}
