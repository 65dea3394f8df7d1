package source

import (
	"context"
	"errors"
	"io"
	"sync"
)

// rangeReader is an io.ReaderAt over range requests. Readers of random-access formats make many
// small reads (Parquet's footer length, then its footer, page headers, then column chunks through
// a 256 KiB window), so it fetches at least rangeMin bytes at a time, keeps the most recent
// fetches (up to rangeCache bytes) to answer later reads from, and doubles the length of a fetch
// that continues the previous one, up to rangeMax, so a column chunk read in order costs few
// requests. It is safe for concurrent use; two goroutines may fetch the same range at once.
type rangeReader struct {
	ctx context.Context
	o   *Handle

	mu      sync.Mutex
	extents []extent // most recent last
	cached  int64
}

type extent struct {
	off  int64
	data []byte
}

const (
	rangeMin   = 256 << 10
	rangeMax   = 8 << 20
	rangeCache = 24 << 20
)

func (r *rangeReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("object range: negative offset")
	}
	n := 0
	for n < len(p) && off+int64(n) < r.o.size {
		pos := off + int64(n)
		if k := r.fromCache(p[n:], pos); k > 0 {
			n += k
			continue
		}
		data, err := r.fetch(pos, int64(len(p)-n))
		if err != nil {
			return n, err
		}
		n += copy(p[n:], data)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// fromCache copies what a cached extent holds from pos on.
func (r *rangeReader) fromCache(p []byte, pos int64) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.extents) - 1; i >= 0; i-- {
		e := r.extents[i]
		if pos >= e.off && pos < e.off+int64(len(e.data)) {
			return copy(p, e.data[pos-e.off:])
		}
	}
	return 0
}

// fetch reads the object from pos, at least want bytes (within the object), in one request.
func (r *rangeReader) fetch(pos, want int64) ([]byte, error) {
	n := min(max(r.span(pos), want), r.o.size-pos)
	rd, err := r.o.open(r.ctx, pos, n)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	data := make([]byte, n)
	if _, err := io.ReadFull(rd, data); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
			return nil, changed("a range ended early")
		}
		return nil, describe(err)
	}
	if n <= rangeCache/2 {
		r.keep(extent{pos, data})
	}
	return data, nil
}

// span is the length of a fetch from pos: twice the fetch it continues, else rangeMin.
func (r *rangeReader) span(pos int64) int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.extents {
		if e.off+int64(len(e.data)) == pos {
			return min(2*int64(len(e.data)), rangeMax)
		}
	}
	return rangeMin
}

// keep caches an extent, dropping the oldest beyond rangeCache bytes.
func (r *rangeReader) keep(e extent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.extents = append(r.extents, e)
	r.cached += int64(len(e.data))
	for r.cached > rangeCache && len(r.extents) > 1 {
		r.cached -= int64(len(r.extents[0].data))
		r.extents = r.extents[1:]
	}
}
