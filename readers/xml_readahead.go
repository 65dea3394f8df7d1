package readers

import (
	"fmt"
	"io"
)

// readAhead reads a large part on a goroutine of its own, a few buffers ahead of the parser, so
// that inflating it and checking its bounds (boundedXML) run on one core while the lexer and the
// scanner run on the other. It holds readAheadBuffers buffers of readAheadSize bytes, no more,
// and passes on the input's bytes and then its error exactly as they came.
type readAhead struct {
	full   chan readAheadChunk
	free   chan []byte
	done   chan struct{} // closed by stop
	exited chan struct{} // closed by the goroutine
	cur    readAheadChunk
	off    int
}

type readAheadChunk struct {
	buf []byte
	n   int
	err error
}

const (
	readAheadBuffers = 4
	readAheadSize    = 64 << 10
	// readAheadMin is the smallest part read ahead: smaller ones are read in line (a folder of
	// small workbooks keeps both cores busy with files).
	readAheadMin = 4 << 20
)

func newReadAhead(r io.Reader) *readAhead {
	ra := &readAhead{
		full:   make(chan readAheadChunk, readAheadBuffers),
		free:   make(chan []byte, readAheadBuffers),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range readAheadBuffers {
		ra.free <- make([]byte, readAheadSize)
	}
	go ra.fill(r)
	return ra
}

// fill reads r into free buffers until an error (io.EOF included) or stop.
func (ra *readAhead) fill(r io.Reader) {
	defer close(ra.exited)
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.done:
			return
		}
		n, err := readRecovered(r, buf)
		select {
		case ra.full <- readAheadChunk{buf, n, err}:
		case <-ra.done:
			return
		}
		if err != nil {
			return
		}
	}
}

// readRecovered is r.Read, a panic of the decompressor turned into an error: on this goroutine no
// recover of the reader's callers would catch it.
func readRecovered(r io.Reader, buf []byte) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			n, err = 0, fmt.Errorf("%w: panic: %s", ErrCorrupt, DescribePanic(p))
		}
	}()
	return r.Read(buf)
}

// Read implements io.Reader; after an error it returns that error only.
func (ra *readAhead) Read(p []byte) (int, error) {
	for ra.off == ra.cur.n {
		if ra.cur.err != nil {
			return 0, ra.cur.err
		}
		if ra.cur.buf != nil {
			ra.free <- ra.cur.buf // never blocks: free holds every buffer
		}
		ra.cur, ra.off = <-ra.full, 0
	}
	n := copy(p, ra.cur.buf[ra.off:ra.cur.n])
	ra.off += n
	return n, nil
}

// stop ends the goroutine and waits for it, so the part can be closed under it. It must be called
// once, after the last Read.
func (ra *readAhead) stop() {
	close(ra.done)
	<-ra.exited
}
