package scanner

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers"
)

// TestFileChangedNeedsEveryByte: a file counts as read only when the digest covered every byte
// it had when opened. A short read fails even when the file can no longer be examined (deleted,
// or its stat failing on a network mount): the bytes not read could hold the persons.
func TestFileChangedNeedsEveryByte(t *testing.T) {
	for _, tc := range []struct {
		name    string
		hashed  int64
		after   func(path string) // what happens to the file once it was read
		changed bool
	}{
		{name: "read whole, unchanged", hashed: 10, after: func(string) {}},
		{name: "read whole, then deleted", hashed: 10, after: func(p string) { require.NoError(t, os.Remove(p)) }},
		{name: "short read, unchanged", hashed: 4, after: func(string) {}, changed: true},
		{name: "short read, then deleted", hashed: 4, after: func(p string) { require.NoError(t, os.Remove(p)) }, changed: true},
		{name: "grew", hashed: 10, after: func(p string) { require.NoError(t, os.WriteFile(p, []byte("0123456789more"), 0o644)) }, changed: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "export.csv")
			require.NoError(t, os.WriteFile(p, []byte("0123456789"), 0o644))
			before, err := os.Stat(p)
			require.NoError(t, err)
			tc.after(p)
			err = fileChanged(p, before, tc.hashed)
			if tc.changed {
				assert.ErrorContains(t, err, "changed while it was read")
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

// failingTable is a table whose read fails at once.
type failingTable struct{}

func (failingTable) Name() string              { return "" }
func (failingTable) Columns() []string         { return []string{"mobile"} }
func (failingTable) Next(*readers.Batch) error { return errors.New("disk error") }
func (failingTable) Stats() readers.TableStats { return readers.TableStats{} }

// TestCountStopsItsInserterOnError: a counting pass that fails (a second pass whose read breaks)
// still stops the inserter goroutine it started; before, it stayed blocked for the rest of the
// scan, holding its person set.
func TestCountStopsItsInserterOnError(t *testing.T) {
	opt := testOptions().withDefaults()
	j := &tableJob{opt: &opt, cols: []string{"mobile"}, workers: 2}
	before := runtime.NumGoroutine()
	for range 20 {
		_, err := j.count(context.Background(), failingTable{}, plan{})
		require.ErrorContains(t, err, "disk error")
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines left after 20 failed passes")
}
