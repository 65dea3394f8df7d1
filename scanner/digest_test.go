package scanner

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The file digest of FileSHA256 is the one a scan records, for a small and an empty file.
func TestFileSHA256IsTheScanDigest(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.csv": "手机\n13812345678\n", "empty.csv": ""})
	res, err := Scan(context.Background(), []string{dir}, testOptions())
	require.NoError(t, err)
	require.Len(t, res.Files, 2)
	for _, fr := range res.Files {
		sum, err := FileSHA256(filepath.Join(dir, fr.Path))
		require.NoError(t, err)
		assert.Equal(t, fr.SHA256, sum, fr.Path)
	}
	_, err = FileSHA256(filepath.Join(dir, "missing"))
	assert.Error(t, err)
}
