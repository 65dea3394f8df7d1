package report

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// TestWriteFileAtomicIntoAPipe: renaming a temporary file over a pipe or device (-o /dev/null
// with the benchmark) replaced the device node with a regular file; such targets are written in
// place and stay what they are.
func TestWriteFileAtomicIntoAPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "report.pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	require.NoError(t, WriteFileAtomic(fifo, writeString("{\"schema_version\":1}\n")))
	assert.Equal(t, "{\"schema_version\":1}\n", <-got)
	info, err := os.Lstat(fifo)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeNamedPipe, "the pipe must still be a pipe")
}

func TestWriteFileAtomicThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "latest.json")
	require.NoError(t, os.WriteFile(target, []byte("old"), 0o644))
	require.NoError(t, os.Symlink(target, link))
	require.NoError(t, WriteFileAtomic(link, writeString("new")))
	data, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "new", string(data))
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link must still be a link")
}

func TestWriteFileAtomicRefusesAFolder(t *testing.T) {
	assert.Error(t, WriteFileAtomic(t.TempDir(), writeString("x")))
}
