package readers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// readChunked opens data like readCSV and reads the table through NextChunk with chunks of
// chunkSize bytes.
func readChunked(name string, r io.Reader, lim Limits, chunkSize int) (csvResult, error) {
	return readCSVWith(name, r, lim, func(t Table, res *csvResult) error {
		return readChunks(t, res, chunkSize)
	})
}

// readChunks reads t's records into res.rows through NextChunk, with chunks of chunkSize bytes
// taken in turn from a pool of three as the scanner does, checking Fill and FullRow against Rows
// on every chunk.
func readChunks(t Table, res *csvResult, chunkSize int) error {
	ch, ok := t.(Chunker)
	if !ok {
		return fmt.Errorf("%T is not a Chunker", t)
	}
	pool := []*Chunk{NewChunk(chunkSize), NewChunk(chunkSize), NewChunk(chunkSize)}
	var b Batch
	for seq := int64(0); ; seq++ {
		c := pool[seq%3]
		err := ch.NextChunk(c)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if c.Seq != seq {
			return fmt.Errorf("chunk %d has Seq %d", seq, c.Seq)
		}
		c.Fill(&b, 3)
		first := len(res.rows)
		// Vary how many leading columns are split: the rest must be nil, and FullRow whole.
		need := int(seq%int64(len(res.cols)+2)) - 1
		var bad error
		err = c.Rows(need, func(cells [][]byte) {
			if len(cells) != len(res.cols) {
				panic(fmt.Sprintf("%d cells for %d columns", len(cells), len(res.cols)))
			}
			full := c.FullRow()
			row := make([]string, len(full))
			for j, v := range full {
				row[j] = string(v)
				if need >= 0 && j >= need {
					if cells[j] != nil && bad == nil {
						bad = fmt.Errorf("cell %d of %d split with need %d", j, len(cells), need)
					}
				} else if !bytes.Equal(cells[j], v) && bad == nil {
					bad = fmt.Errorf("cell %d = %q, FullRow has %q", j, cells[j], v)
				}
			}
			if need >= 0 {
				// Splitting further extends the cells in place, agreeing with FullRow.
				ext := c.Cells(need + 2)
				for j := range min(need+2, len(full)) {
					if !bytes.Equal(ext[j], full[j]) && bad == nil {
						bad = fmt.Errorf("Cells(%d): cell %d = %q, FullRow has %q", need+2, j, ext[j], full[j])
					}
				}
			}
			res.rows = append(res.rows, row)
		})
		if bad != nil {
			return bad
		}
		for i := 0; i < b.Rows; i++ {
			for j := range b.Columns {
				if got, want := string(b.Columns[j].Cell(i)), res.rows[first+i][j]; got != want {
					return fmt.Errorf("Fill row %d col %d = %q, Rows gave %q", i, j, got, want)
				}
			}
		}
		if err != nil {
			return err
		}
	}
	res.stats = t.Stats()
	return nil
}

// sameSentinel reports whether two errors are both nil or wrap the same readers sentinel.
func sameSentinel(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	for _, s := range sentinels {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	return true
}

// chunkedMatchesNext reads data both ways and reports any difference in rows, stats or error.
func chunkedMatchesNext(name string, data []byte, lim Limits, chunkSize int) error {
	want, werr := readCSV(name, bytes.NewReader(data), lim)
	got, gerr := readChunked(name, iotest.HalfReader(bytes.NewReader(data)), lim, chunkSize)
	if !sameSentinel(werr, gerr) {
		return fmt.Errorf("%s, chunks of %d: error %v, Next gave %v", name, chunkSize, gerr, werr)
	}
	if !reflect.DeepEqual(got.cols, want.cols) {
		return fmt.Errorf("%s, chunks of %d: columns %q, Next gave %q", name, chunkSize, got.cols, want.cols)
	}
	if !reflect.DeepEqual(got.rows, want.rows) {
		return fmt.Errorf("%s, chunks of %d: %d rows differ from Next's %d:\n got %.300q\nwant %.300q", name, chunkSize, len(got.rows), len(want.rows), got.rows, want.rows)
	}
	if werr == nil && (got.stats.Rows != want.stats.Rows || got.stats.RaggedRows != want.stats.RaggedRows) {
		return fmt.Errorf("%s, chunks of %d: stats %+v, Next gave %+v", name, chunkSize, got.stats, want.stats)
	}
	return nil
}

func TestChunksMatchNext(t *testing.T) {
	inputs := map[string][]byte{
		"quotes.csv":      []byte("a,b,c\n1,\"x\ny\",3\r\n\"q\"\"q\",,\n\n\nlast,\"open"),
		"ragged.csv":      []byte("a,b,c\n1\n1,2,3,4\n,,\n\"\",\"\"\n"),
		"crlf.csv":        []byte("h1,h2\r\nv1,v2\r\n\r\nv3,\"v\r\n4\"\r\n"),
		"noeol.csv":       []byte("x,y\n1,2\n3,4"),
		"stray.csv":       []byte("x,y\nab\"c,d\ne,f\n\"g\"h,i\nj,k\n"),
		"only-header.csv": []byte("x,y\n"),
		"blank-tail.csv":  []byte("x,y\n1,2\n\n\n\r\n"),
		"lone-cr.csv":     []byte("x,y\n1,2\r"),
		"tabs.tsv":        []byte("a\tb\n1\t\"2\t3\"\n"),
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var big bytes.Buffer
	big.WriteString("name,note,mobile\n")
	cells := []string{"plain", "\"q,uoted\"", "\"multi\nline\"", "\"dq\"\"x\"", "", "张三", "13812345678", "a\"b"}
	for big.Len() < 1300<<10 { // more than the first chunk, which holds what opening read
		n := 1 + rng.IntN(4)
		for j := range n {
			if j > 0 {
				big.WriteByte(',')
			}
			big.WriteString(cells[rng.IntN(len(cells))])
		}
		big.WriteString([]string{"\n", "\r\n", "\n\n"}[rng.IntN(3)])
	}
	inputs["random.csv"] = big.Bytes()
	fixtures, err := filepath.Glob("../testdata/conformance/*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fixtures {
		if !strings.Contains(p, ".csv") && !strings.Contains(p, ".tsv") && !strings.Contains(p, ".txt") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(p)] = b
	}
	for name, data := range inputs {
		for _, size := range []int{16, 17, 1000, 64 << 10, 1 << 20} {
			if err := chunkedMatchesNext(name, data, Limits{}, size); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestChunksEnforceTheRecordLimit(t *testing.T) {
	data := []byte("id,name\n1,a\n2," + strings.Repeat("张", 200) + "\n3,c\n")
	for _, size := range []int{16, 100, 4096} {
		got, err := readChunked("a.csv", bytes.NewReader(data), Limits{MaxFieldBytes: 256}, size)
		if !errors.Is(err, ErrLimit) {
			t.Fatalf("chunks of %d: error %v, want ErrLimit", size, err)
		}
		if len(got.rows) != 1 {
			t.Errorf("chunks of %d: %d rows before the error, want 1", size, len(got.rows))
		}
		// The long record starts after "id,name\n1,a\n": its 13th byte.
		var re *Error
		if !errors.As(err, &re) || re.Byte != 13 || !strings.Contains(err.Error(), "a.csv: record at byte 13: ") {
			t.Errorf("chunks of %d: error %q does not say the record starts at byte 13", size, err)
		}
	}
}

// TestChunksLocateAnOverLongRecordPastTheFirstBuffer: a record longer than the limit after what
// opening the file buffered is found while cutting chunks (not while splitting one), and its
// position is still reported.
func TestChunksLocateAnOverLongRecordPastTheFirstBuffer(t *testing.T) {
	// 5,000 bytes fit a grown chunk and fail while splitting it; 600,000 do not fit any chunk
	// (the first one holds the 512 KiB opening read) and fail while cutting.
	for _, long := range []int{5000, 600000} {
		var b bytes.Buffer
		b.WriteString("id,name\n")
		for i := 0; b.Len() < 700<<10; i++ {
			fmt.Fprintf(&b, "%d,name %d\n", i, i)
		}
		at := b.Len()
		b.WriteString("x," + strings.Repeat("y", long) + "\nlast,row\n")
		_, err := readChunked("a.csv", bytes.NewReader(b.Bytes()), Limits{MaxFieldBytes: 4096}, 1000)
		var re *Error
		if !errors.As(err, &re) || !errors.Is(err, ErrLimit) || re.Byte != int64(at)+1 {
			t.Errorf("%d-byte record: error %v, want ErrLimit for the record at byte %d", long, err, at+1)
		}
	}
}
