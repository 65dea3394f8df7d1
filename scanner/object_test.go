package scanner

import (
	"bytes"
	"context"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers"
)

// fakeObject is an object in memory that records how it was read.
type fakeObject struct {
	data []byte
	mu   sync.Mutex
	used []string
}

func (o *fakeObject) note(s string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.used = append(o.used, s)
}

func (o *fakeObject) Size() int64        { return int64(len(o.data)) }
func (o *fakeObject) ModTime() time.Time { return time.Unix(0, 0) }
func (o *fakeObject) Stream(context.Context) (io.ReadCloser, error) {
	o.note("stream")
	return io.NopCloser(bytes.NewReader(o.data)), nil
}
func (o *fakeObject) ReaderAt(context.Context) io.ReaderAt {
	o.note("ranges")
	return bytes.NewReader(o.data)
}
func (o *fakeObject) Spool(context.Context) (*os.File, error) {
	o.note("spool")
	f, err := os.CreateTemp("", "fake-object-*")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	if _, err := f.Write(o.data); err != nil {
		f.Close()
		return nil, err
	}
	_, err = f.Seek(0, io.SeekStart)
	return f, err
}

// TestObjectReadByDeclaredCapability: how an object is read follows what its format declares
// (readers.Format.RandomAccess, RangeReads), not its id: a new range-read format is one file.
func TestObjectReadByDeclaredCapability(t *testing.T) {
	parquet, ok := readers.Default().Lookup("x.parquet")
	require.True(t, ok)
	assert.True(t, parquet.RangeReads, "Parquet declares range reads")
	xlsx, ok := readers.Default().Lookup("x.xlsx")
	require.True(t, ok)
	cases := []struct {
		name   string
		format readers.Format
		want   []string
	}{
		{"sequential", readers.Format{ID: "lines"}, []string{"stream"}},
		{"random access, copied", xlsx, []string{"spool"}},
		{"random access by ranges, any id", readers.Format{ID: "columnar", RandomAccess: true, RangeReads: true}, []string{"ranges"}},
		{"parquet", parquet, []string{"ranges"}},
	}
	opt := &Options{ObjectInMemory: -1}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			obj := &fakeObject{data: bytes.Repeat([]byte("x"), 1000)}
			in, err := openObjectInput(context.Background(), obj, c.format, opt)
			require.NoError(t, err)
			defer in.release()
			assert.Equal(t, c.want, obj.used)
		})
	}
}
