package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
	"sync/atomic"

	"github.com/xborder/xborder/readers"
)

// hashingFile is the read-only view of an input that readers get. Sequential reads feed the
// file's sha256 as they pass, so the digest comes from the same bytes the parser reads, in one
// pass; random reads (ReadAt, for Parquet) do not, and whatever sequential reading has not
// covered is read once more at the end by finish. It deliberately has no Seek, so the sequential
// position is always the hashed prefix.
//
// Hashing runs on its own goroutine (sha256 costs about a quarter of a CSV read): each read is
// copied into one of a few recycled chunks and handed over, so the parser never waits for the
// digest unless the hasher falls a whole pool behind. When the reading goroutine has time to
// spare, hashInline moves the hashing onto it instead, without the copy.
type hashingFile struct {
	f        io.Reader
	ra       io.ReaderAt // nil for a stream (an archive member read in order)
	off      int64
	size     int64         // the expected size, -1 if unknown
	progress *atomic.Int64 // bytes read, for the progress bar; may be nil

	chunks chan []byte    // to the hasher
	free   chan []byte    // back from the hasher
	done   chan hash.Hash // the digest so far, once chunks is closed
	h      hash.Hash      // set once hashing is inline (hashInline) or finished

	ahead chan error      // set by hashAhead: the result of reading the rest of the file
	bufs  readers.Buffers // lends drain its buffer, when set
}

const (
	hashChunkBytes = 1 << 20
	hashChunks     = 4
	// inlineHashBytes is the size below which a file is hashed on the goroutine that reads it,
	// as hashInline does, from the start: a small file's digest costs less than the chunks,
	// the copies and the goroutine that would overlap it with parsing (files that small are read
	// several at a time anyway), and a folder of thousands of them allocated a copy of each.
	inlineHashBytes = 1 << 20
)

// newHashingFile starts the hasher for a file of the given size; its chunks are sized to the file
// (a folder of thousands of small files should not allocate megabytes for each).
func newHashingFile(f *os.File, size int64, progress *atomic.Int64) *hashingFile {
	return newHashing(f, f, size, progress)
}

// newHashing is newHashingFile for any input: ra may be nil for a stream that can only be read
// in order, which readers then see without ReadAt.
func newHashing(r io.Reader, ra io.ReaderAt, size int64, progress *atomic.Int64) *hashingFile {
	if size >= 0 && size < inlineHashBytes {
		return &hashingFile{f: r, ra: ra, progress: progress, size: size, h: sha256.New()}
	}
	chunk := int64(hashChunkBytes)
	if size >= 0 && size < chunk*hashChunks {
		chunk = max(size/hashChunks+1, 4<<10)
	}
	s := &hashingFile{
		f: r, ra: ra, progress: progress, size: size,
		chunks: make(chan []byte, hashChunks),
		free:   make(chan []byte, hashChunks),
		done:   make(chan hash.Hash, 1),
	}
	for i := 0; i < hashChunks; i++ {
		s.free <- make([]byte, 0, chunk)
	}
	go func() {
		h := sha256.New()
		for c := range s.chunks {
			h.Write(c)
			s.free <- c[:0]
		}
		s.done <- h
	}()
	return s
}

// hashInline makes later reads hash the bytes on the reading goroutine, straight from the
// caller's buffer, once the hasher has caught up. For a reader whose goroutine has time to spare
// (delimited text read in chunks, split and counted on other goroutines), this saves copying
// every byte into the hasher's chunks and handing them over.
func (s *hashingFile) hashInline() { s.stopHasher() }

func (s *hashingFile) Read(p []byte) (int, error) {
	n, err := s.f.Read(p)
	if n > 0 {
		if s.h != nil {
			s.h.Write(p[:n])
		} else {
			for rest := p[:n]; len(rest) > 0; {
				c := <-s.free
				k := min(len(rest), cap(c))
				s.chunks <- append(c, rest[:k]...)
				rest = rest[k:]
			}
		}
		s.off += int64(n)
		if s.progress != nil {
			s.progress.Add(int64(n))
		}
	}
	return n, err
}

// ReadAt reads without moving or hashing.
func (s *hashingFile) ReadAt(p []byte, off int64) (int, error) { return s.ra.ReadAt(p, off) }

// reader is what readers get: the hashingFile itself, or for a stream a view without ReadAt, so
// that a random-access reader never takes it for a file.
func (s *hashingFile) reader() io.Reader {
	if s.ra == nil {
		return streamOnly{s}
	}
	return s
}

// streamOnly hides every method of a reader but Read.
type streamOnly struct{ r io.Reader }

func (s streamOnly) Read(p []byte) (int, error) { return s.r.Read(p) }

// hashAhead starts reading the file sequentially for its digest on another goroutine, while a
// random-access reader (Parquet, which uses only ReadAt) decodes it: the digest then costs no
// wall time after the parse. Only for readers that will not call Read again.
//
// The goroutine reads the whole file, so it hashes what it reads itself, straight from its
// buffer: handing each read to the hasher goroutine would copy the file once more.
func (s *hashingFile) hashAhead() {
	s.ahead = make(chan error, 1)
	s.stopHasher()
	go func() { s.ahead <- s.drain(s.drainSize(1 << 20)) }()
}

// drain reads the rest of the file through the hasher into a buffer of n bytes (lent by bufs
// when set): small after a reader that read the whole file (nearly always), whose first read
// meets the end.
func (s *hashingFile) drain(n int) error {
	var buf []byte
	if s.bufs != nil && n >= minLentBytes {
		buf = s.bufs.Get(n)
		defer s.bufs.Put(buf)
	} else {
		buf = make([]byte, n) // a small tail: a lent buffer is never smaller than minLentBytes
	}
	for {
		n, err := s.Read(buf)
		if err == io.EOF || (n == 0 && err == nil) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// drainSize is drain's buffer: limit bytes, or what is left of a file of known size (plus one
// byte, to meet the end) when that is less, so that a small file, or one a sequential reader
// read whole, costs a few hundred bytes.
func (s *hashingFile) drainSize(limit int64) int {
	if s.size >= 0 {
		limit = min(limit, max(s.size-s.off+1, 512))
	}
	return int(limit)
}

// stopHasher brings the digest from the hasher goroutine, once it has hashed every chunk handed
// to it, to this one: later reads hash inline. It does nothing once done (or for a small file,
// hashed inline from the start).
func (s *hashingFile) stopHasher() {
	if s.h == nil {
		close(s.chunks)
		s.h = <-s.done
	}
}

// finish hashes the rest of the file and returns the hex digest and the bytes hashed. It must be
// called exactly once, after the reader is done with the file: it stops the hasher.
func (s *hashingFile) finish() (string, int64, error) {
	var rerr error
	if s.ahead != nil {
		rerr = <-s.ahead
	} else {
		rerr = s.drain(s.drainSize(64 << 10))
	}
	s.stopHasher()
	if rerr != nil {
		return "", s.off, rerr
	}
	return hex.EncodeToString(s.h.Sum(nil)), s.off, nil
}
