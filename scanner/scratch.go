package scanner

import (
	"sync"

	"github.com/xborder/xborder/readers"
)

// scratch recycles the buffers a table is read into (batches) from one table to the next, within
// one scan: in a folder of thousands of small files, growing them afresh for each file, append by
// append, was a tenth of the run's CPU and most of the garbage the collector chased.
//
// A buffer held cells, so it is scrubbed (zeroed to its capacity) before it is pooled: nothing of
// one file stays readable in memory once the file is done, and nothing pooled is reachable from a
// result. A buffer that one large table grew past maxPooledBytes is dropped, so a pool never
// holds more than a few small buffers per worker. A nil *scratch pools nothing.
type scratch struct {
	batches sync.Pool // *readers.Batch
}

// maxPooledBytes is the largest buffer a scratch keeps: a batch of the default 4,096 rows of a
// dozen short columns fits, one of a table of long texts does not.
const maxPooledBytes = 4 << 20

func newScratch() *scratch { return &scratch{} }

// batch returns an empty batch, recycled when one is free.
func (s *scratch) batch() *readers.Batch {
	if s != nil {
		if b, ok := s.batches.Get().(*readers.Batch); ok {
			return b
		}
	}
	return new(readers.Batch)
}

// putBatch scrubs b and keeps it for a later table unless it grew too large. b must not be used
// afterwards, nor any cell taken from it.
func (s *scratch) putBatch(b *readers.Batch) {
	if s == nil || b == nil {
		return
	}
	if b.Scrub() <= maxPooledBytes {
		s.batches.Put(b)
	}
}
