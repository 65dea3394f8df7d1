package scanner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
