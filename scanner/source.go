package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"os"
	"sync/atomic"
)

// hashingFile is the read-only view of an input that readers get. Sequential reads feed the
// file's sha256 as they pass, so the digest comes from the same bytes the parser reads, in one
// pass; random reads (ReadAt, for Parquet) do not, and whatever sequential reading has not
// covered is read once more at the end by finish. It deliberately has no Seek, so the sequential
// position is always the hashed prefix.
type hashingFile struct {
	f        *os.File
	h        hash.Hash
	off      int64
	progress *atomic.Int64 // bytes read, for the progress bar; may be nil
}

func newHashingFile(f *os.File, progress *atomic.Int64) *hashingFile {
	return &hashingFile{f: f, h: sha256.New(), progress: progress}
}

func (s *hashingFile) Read(p []byte) (int, error) {
	n, err := s.f.Read(p)
	if n > 0 {
		s.h.Write(p[:n])
		s.off += int64(n)
		if s.progress != nil {
			s.progress.Add(int64(n))
		}
	}
	return n, err
}

// ReadAt reads without moving or hashing.
func (s *hashingFile) ReadAt(p []byte, off int64) (int, error) { return s.f.ReadAt(p, off) }

// finish hashes the rest of the file and returns the hex digest and the bytes hashed.
func (s *hashingFile) finish() (string, int64, error) {
	buf := make([]byte, 256<<10)
	for {
		n, err := s.Read(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", s.off, err
		}
		if n == 0 {
			break
		}
	}
	return hex.EncodeToString(s.h.Sum(nil)), s.off, nil
}
