package readers

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// lender is a Buffers that checks the contract: what it lends is zeroed, and every buffer comes
// back once, at the length it was lent.
type lender struct {
	out map[*byte]int // lent buffers by first byte: their length
	got int
}

func (l *lender) Get(n int) []byte {
	b := make([]byte, n, n+7)
	l.out[&b[:1][0]] = n
	l.got++
	return b
}

func (l *lender) Put(b []byte) {
	k := &b[:1][0]
	if n, ok := l.out[k]; !ok || n != len(b) {
		panic(fmt.Sprintf("Put of a buffer not lent, or at another length (%d)", len(b)))
	}
	delete(l.out, k)
}

// openFirstTable opens src and returns the file and its first table.
func openFirstTable(t *testing.T, src Source) (File, Table) {
	t.Helper()
	f, err := Default().Open(src)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := f.NextTable()
	if err != nil {
		f.Close()
		t.Fatal(err)
	}
	return f, tbl
}

// openLent reads name's table with Next through a lender and checks every buffer came back.
func openLent(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	l := &lender{out: map[*byte]int{}}
	f, tbl := openFirstTable(t, Source{Path: name, R: bytes.NewReader(data), Size: int64(len(data)), Buffers: l})
	rows, err := readRows(tbl)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if l.got == 0 || len(l.out) != 0 {
		t.Fatalf("%s: %d buffers lent, %d not given back", name, l.got, len(l.out))
	}
	return rows
}

// Delimited text read with lent buffers reads the same, and gives every buffer back on Close,
// also the ones a long record made it trade for larger ones.
func TestDelimitedTextGivesLentBuffersBack(t *testing.T) {
	long := "name,note\n张三,\"" + strings.Repeat("长", 300<<10) + "\"\n李四,x\n"
	inputs := map[string][]byte{
		"small.csv":   []byte("name,mobile\n张三,13800138000\n李四,\"139 0013 9000\"\n"),
		"long.csv":    []byte(long),
		"long.csv.gz": gzipped(t, []byte(long)),
		"gbk.csv":     {0xd5, 0xc5, 0xc8, 0xfd, ',', 'x', '\n', 0xc0, 0xee, 0xcb, 0xc4, ',', 'y', '\n'},
	}
	for name, data := range inputs {
		want, err := readCSV(name, bytes.NewReader(data), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got := openLent(t, name, data); !reflect.DeepEqual(got, want.rows) {
			t.Errorf("%s: rows with lent buffers differ:\n got %.200q\nwant %.200q", name, got, want.rows)
		}
	}
}

// chunkRows reads the table of data through NextChunk with the one chunk c.
func chunkRows(t *testing.T, data []byte, c *Chunk) [][]string {
	t.Helper()
	f, tbl := openFirstTable(t, Source{Path: "t.csv", R: bytes.NewReader(data), Size: -1})
	defer f.Close()
	var rows [][]string
	for {
		if err := tbl.(Chunker).NextChunk(c); err == io.EOF {
			return rows
		} else if err != nil {
			t.Fatal(err)
		}
		err := c.Rows(-1, func(cells [][]byte) {
			row := make([]string, len(cells))
			for j, v := range cells {
				row[j] = string(v)
			}
			rows = append(rows, row)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// A recycled chunk holds nothing of its last table and reads the next like a new one, whether its
// buffer is kept (smaller table) or not (larger).
func TestRecycledChunkReadsLikeANewOne(t *testing.T) {
	first := []byte("id,name\n110105199001011234,\"张,三\"\n" + strings.Repeat("110105199001011234,李四\n", 40))
	small := []byte("a,b\n1,\"x\"\"y\"\n2,z\n")
	large := []byte("a,b\n" + strings.Repeat("3,\"long, quoted\"\n", 500))
	for _, next := range [][]byte{small, large} {
		c := NewChunk(256)
		chunkRows(t, first, c)
		if kept := c.Recycle(64); kept < 256 {
			t.Fatalf("Recycle kept %d bytes, want the buffer of 256", kept)
		}
		for _, buf := range [][]byte{c.data[:cap(c.data)], c.sp.fbuf[:cap(c.sp.fbuf)]} {
			if bytes.ContainsFunc(buf, func(r rune) bool { return r != 0 }) {
				t.Fatalf("recycled chunk still holds %q", bytes.Trim(buf, "\x00"))
			}
		}
		for _, v := range c.cells[:cap(c.cells)] {
			if v != nil {
				t.Fatalf("recycled chunk still points at a cell")
			}
		}
		if got, want := chunkRows(t, next, c), chunkRows(t, next, NewChunk(64)); !reflect.DeepEqual(got, want) {
			t.Fatalf("recycled chunk read %q, a new one %q", got, want)
		}
	}
}
