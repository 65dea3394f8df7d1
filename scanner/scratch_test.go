package scanner

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A batch back from the scratch holds none of the cells it was given: every byte its buffers
// ever held is zero, and it is empty.
func TestScratchBatchIsScrubbed(t *testing.T) {
	sc := newScratch()
	b := sc.batch()
	b.Reset(3)
	for range 50 {
		for c := range b.Columns {
			b.Columns[c].AppendString("110105199001011234")
		}
		b.Rows++
	}
	b.Reset(1) // columns past len keep their buffers: they must be scrubbed too
	cols := b.Columns[:cap(b.Columns)]
	sc.putBatch(b)
	if len(b.Columns) != 0 || b.Rows != 0 {
		t.Fatalf("scrubbed batch not empty: %d columns, %d rows", len(b.Columns), b.Rows)
	}
	for c := range cols {
		data := cols[c].Data[:cap(cols[c].Data)]
		if len(data) == 0 || bytes.ContainsFunc(data, func(r rune) bool { return r != 0 }) {
			t.Fatalf("column %d: %d bytes kept, not all zero", c, len(data))
		}
		if cols[c].Len() != 0 {
			t.Fatalf("column %d keeps %d cells", c, cols[c].Len())
		}
	}
}

// A batch one large table grew is not kept; a nil scratch pools nothing and still works.
func TestScratchDropsLargeBatches(t *testing.T) {
	sc := newScratch()
	b := sc.batch()
	b.Reset(1)
	b.Columns[0].Append(make([]byte, maxPooledBytes+1))
	sc.putBatch(b)
	for range 10 {
		if got := sc.batch(); got == b {
			t.Fatal("a batch larger than maxPooledBytes came back from the pool")
		}
	}
	var none *scratch
	nb := none.batch()
	nb.Reset(2)
	none.putBatch(nb)
}

// The scratch's buffers come back zeroed to their capacity, at the length asked, and one too
// large to keep is not kept.
func TestScratchBuffersAreZeroed(t *testing.T) {
	bufs := newScratch().buffers()
	b := bufs.Get(100)
	copy(b, "110105199001011234")
	bufs.Put(b)
	for range 3 {
		got := bufs.Get(50)
		if len(got) != 50 || bytes.ContainsFunc(got[:cap(got)], func(r rune) bool { return r != 0 }) {
			t.Fatalf("lent buffer of length %d holds %q", len(got), bytes.Trim(got[:cap(got)], "\x00"))
		}
		bufs.Put(got)
	}
	big := bufs.Get(maxPooledBytes + 1)
	bufs.Put(big)
	if got := bufs.Get(10); cap(got) > maxPooledBytes {
		t.Fatalf("a buffer of %d bytes was kept", cap(got))
	}
	if (*scratch)(nil).buffers() != nil {
		t.Fatal("a nil scratch lends buffers")
	}
}

// Key buffers come back empty and zeroed.
func TestScratchKeysAreZeroed(t *testing.T) {
	sc := newScratch()
	k := append(sc.keys(), 0xdeadbeef, 42)
	sc.putKeys(k)
	for range 3 {
		got := sc.keys()
		if len(got) != 0 || slices.ContainsFunc(got[:cap(got)], func(v uint64) bool { return v != 0 }) {
			t.Fatalf("key buffer of length %d holds old keys", len(got))
		}
		sc.putKeys(append(got, 7))
	}
}

// A table read in batches keeps its first batch (the head) aside instead of offering it to the
// sample as it is read; when the sample is needed after all, the head is in it: every row of a
// table smaller than the sample is sampled, whatever the batch size, and the column typed from
// the head alone is still typed.
func TestBatchedHeadJoinsTheSample(t *testing.T) {
	var b strings.Builder
	for r := range 300 {
		email := ""
		if r < 40 {
			email = fmt.Sprintf("buyer%d@example.com", r)
		}
		fmt.Fprintf(&b, "{\"order\":\"ORD%06d\",\"contact\":%q}\n", r, email)
	}
	dir := writeFiles(t, map[string]string{"orders.jsonl": b.String()})
	for _, batchRows := range []int{7, 64, 4096} {
		opt := testOptions()
		opt.SampleRows, opt.Limits.BatchRows = 1000, batchRows
		res, err := Scan(context.Background(), []string{dir}, opt)
		require.NoError(t, err)
		fr := res.Files[0]
		require.NoError(t, fr.Err)
		assert.Equal(t, int64(300), fr.SampledRows, "batches of %d", batchRows)
		assert.Contains(t, typesOf(fr, "contact"), "email", "batches of %d", batchRows)
	}
}
