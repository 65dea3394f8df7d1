package source

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob/memblob"
)

// TestRangeReader checks the range reader's io.ReaderAt contract against the object's bytes:
// reads anywhere (across fetches, at the end, past it), from several goroutines at once. The
// request logic runs against the real server in cmd/xborder (TestObjectsStreamedNotSpooled).
func TestRangeReader(t *testing.T) {
	ctx := context.Background()
	b := memblob.OpenBucket(nil)
	defer b.Close()
	data := make([]byte, 3*rangeMax+12345)
	_, _ = rand.NewChaCha8([32]byte{1}).Read(data)
	require.NoError(t, b.WriteAll(ctx, "k", data, nil))
	ra := (&Handle{b: b, key: "k", size: int64(len(data))}).ReaderAt(ctx)

	cases := []struct {
		off, n  int64
		wantN   int
		wantEOF bool
	}{
		{0, 8, 8, false},
		{int64(len(data)) - 8, 8, 8, false},
		{int64(len(data)) - 8, 16, 8, true},
		{int64(len(data)), 4, 0, true},
		{rangeMin - 3, 10, 10, false},
		{5, rangeMax * 2, rangeMax * 2, false},
	}
	for _, c := range cases {
		p := make([]byte, c.n)
		n, err := ra.ReadAt(p, c.off)
		assert.Equal(t, c.wantN, n, "ReadAt(%d, %d)", c.n, c.off)
		if c.wantEOF {
			assert.ErrorIs(t, err, io.EOF)
		} else {
			assert.NoError(t, err)
		}
		assert.True(t, bytes.Equal(data[c.off:c.off+int64(n)], p[:n]), "ReadAt(%d, %d) bytes", c.n, c.off)
	}

	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 9))
			// A sequential reader (a column chunk through a window) and random small reads.
			for off := int64(g) * rangeMax / 2; off+4096 < int64(len(data)) && off < int64(g+1)*rangeMax; off += 64 << 10 {
				p := make([]byte, 4096)
				_, err := ra.ReadAt(p, off)
				assert.NoError(t, err)
				assert.True(t, bytes.Equal(data[off:off+4096], p))
				q := make([]byte, 1+r.IntN(64))
				o := r.Int64N(int64(len(data) - len(q)))
				_, err = ra.ReadAt(q, o)
				assert.NoError(t, err)
				assert.True(t, bytes.Equal(data[o:o+int64(len(q))], q))
			}
		}()
	}
	wg.Wait()
	rr := ra.(*rangeReader)
	assert.LessOrEqual(t, rr.cached, int64(rangeCache+rangeMax), "the cache stays bounded")
}
