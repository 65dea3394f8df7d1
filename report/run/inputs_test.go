package run_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/run"
)

// TestOverlappingRootsAuditAFileOnce lists the same files through overlapping arguments: each
// file is listed once, under the first argument that reaches it.
func TestOverlappingRootsAuditAFileOnce(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	writeMobiles(t, filepath.Join(dir, "a.csv"), 0, 10)
	writeMobiles(t, filepath.Join(sub, "b.csv"), 10, 20)
	opts, err := run.ScanOptions(report.DefaultPolicy(), time.Now(), run.Reading{SetBudget: 1 << 20})
	require.NoError(t, err)
	tests := []struct {
		name  string
		paths []string
		want  []string // absolute paths listed, in order
	}{
		{"one root", []string{dir}, []string{filepath.Join(dir, "a.csv"), filepath.Join(sub, "b.csv")}},
		{"folder and its subfolder", []string{dir, sub}, []string{filepath.Join(dir, "a.csv"), filepath.Join(sub, "b.csv")}},
		{"subfolder first", []string{sub, dir}, []string{filepath.Join(sub, "b.csv"), filepath.Join(dir, "a.csv")}},
		{"the same folder twice", []string{dir, dir}, []string{filepath.Join(dir, "a.csv"), filepath.Join(sub, "b.csv")}},
		{"a file and its folder", []string{filepath.Join(sub, "b.csv"), dir}, []string{filepath.Join(sub, "b.csv"), filepath.Join(dir, "a.csv")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refs, _, _, err := run.ListInputs(context.Background(), tt.paths, opts)
			require.NoError(t, err)
			var got []string
			for _, r := range refs {
				got = append(got, r.Abs)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
