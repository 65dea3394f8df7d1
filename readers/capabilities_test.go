package readers

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readCounter is a file that counts the calls to Read (ReadAt is free).
type readCounter struct {
	f     *os.File
	reads int
}

func (r *readCounter) Read(b []byte) (int, error)              { r.reads++; return r.f.Read(b) }
func (r *readCounter) ReadAt(b []byte, off int64) (int, error) { return r.f.ReadAt(b, off) }

// TestRandomAccessIsDeclaredAndKept holds every reader to its Info.RandomAccess: a reader that
// declares it never calls Read on its source (the scanner reads the source on another goroutine
// meanwhile, for the digest), and the formats read from a zip or a footer declare it.
func TestRandomAccessIsDeclaredAndKept(t *testing.T) {
	declared := 0
	for _, path := range conformanceFixtures(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			fh, err := os.Open(path)
			require.NoError(t, err)
			defer fh.Close()
			st, err := fh.Stat()
			require.NoError(t, err)
			src := &readCounter{f: fh}
			file, err := Default().Open(Source{Path: name, R: src, Size: st.Size()})
			require.NoError(t, err)
			defer file.Close()
			for {
				tbl, err := file.NextTable()
				if errors.Is(err, io.EOF) {
					break
				}
				require.NoError(t, err)
				readAllRows(t, tbl)
			}
			if file.Info().RandomAccess {
				declared++
				assert.Zero(t, src.reads, "a reader declaring RandomAccess called Read")
			}
		})
	}
	assert.Positive(t, declared, "no fixture was read by a random-access reader")
}
