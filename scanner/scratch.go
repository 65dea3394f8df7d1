package scanner

import (
	"sync"

	"github.com/xborder/xborder/readers"
)

// scratch recycles, within one scan, the buffers tables are read into (batches, chunks, the
// readers' read buffers, the persons' keys) from one table to the next: in a folder of thousands
// of small files, allocating and growing them afresh for each file, append by append, was most of
// the garbage, and allocation and collection about a sixth of the run's CPU.
//
// A buffer held cells, so it is zeroed before it is pooled: nothing of one file stays readable in
// memory once the file is done, and nothing pooled is reachable from a result. A buffer that one
// large table grew past maxPooledBytes is dropped, so a pool never holds more than a few small
// buffers per worker. A nil *scratch pools nothing.
type scratch struct {
	batches sync.Pool // *readers.Batch
	chunks  sync.Pool // *readers.Chunk
	keyBufs sync.Pool // *[]uint64, persons' keys on their way to a set
	bufs    bufferPool
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

// chunk returns a chunk for a table read in chunks of size bytes (readers.NewChunk), recycled
// when one is free.
func (s *scratch) chunk(size int) *readers.Chunk {
	if s != nil {
		if c, ok := s.chunks.Get().(*readers.Chunk); ok {
			c.Resize(size) // scrubbed when it was put back
			return c
		}
	}
	return readers.NewChunk(size)
}

// putChunk scrubs c and keeps it unless it grew too large. Only once no goroutine uses c.
func (s *scratch) putChunk(c *readers.Chunk) {
	if s == nil {
		return
	}
	if c.Recycle(0) <= maxPooledBytes {
		s.chunks.Put(c)
	}
}

// keys returns an empty buffer of persons' keys (counter.keys).
func (s *scratch) keys() []uint64 {
	if s != nil {
		if p, ok := s.keyBufs.Get().(*[]uint64); ok {
			return (*p)[:0]
		}
	}
	return make([]uint64, 0, readers.DefaultBatchRows)
}

// putKeys zeroes a buffer of keys (hashes of PI: not to be left lying around) and keeps it
// unless it grew too large.
func (s *scratch) putKeys(b []uint64) {
	if s == nil || cap(b) == 0 || 8*cap(b) > maxPooledBytes {
		return
	}
	b = b[:cap(b)]
	clear(b)
	s.keyBufs.Put(&b)
}

// buffers lends the readers their read buffers (readers.Source.Buffers); nil for a nil scratch.
func (s *scratch) buffers() readers.Buffers {
	if s == nil {
		return nil
	}
	return &s.bufs
}

// bufferPool is the readers.Buffers of a scratch. Every buffer it holds is zero to its capacity:
// a reader writes only within the length it was lent, and Put zeroes that.
type bufferPool struct{ p sync.Pool }

// minLentBytes is the least capacity bufferPool allocates: the largest buffer a delimited-text
// reader starts with, so that one buffer serves the next file whatever its size.
const minLentBytes = 512 << 10

// Get implements readers.Buffers. A pooled buffer too small for n is dropped.
func (bp *bufferPool) Get(n int) []byte {
	if p, ok := bp.p.Get().(*[]byte); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]byte, n, max(n, minLentBytes))
}

// Put implements readers.Buffers.
func (bp *bufferPool) Put(b []byte) {
	if cap(b) > maxPooledBytes {
		return
	}
	clear(b)
	bp.p.Put(&b)
}
