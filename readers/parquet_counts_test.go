package readers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// rewriteFooter re-encodes the Thrift footer of a Parquet file, replacing each i64 field for
// which f returns a different value. A field is named by its path of field ids; list elements
// add 1000+index (FileMetaData.row_groups[0].num_rows is [4, 1000, 3]).
func rewriteFooter(t *testing.T, file []byte, f func(path []int16, v int64) int64) []byte {
	t.Helper()
	n := int(binary.LittleEndian.Uint32(file[len(file)-8:]))
	footer := file[len(file)-8-n : len(file)-8]
	r := &thriftRewrite{in: footer}
	if err := r.structAt(nil, f); err != nil {
		t.Fatal(err)
	}
	out := append([]byte{}, file[:len(file)-8-n]...)
	out = append(out, r.out...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(r.out)))
	return append(out, "PAR1"...)
}

type thriftRewrite struct {
	in  []byte
	pos int
	out []byte
}

func (r *thriftRewrite) copyTo(end int) {
	r.out = append(r.out, r.in[r.pos:end]...)
	r.pos = end
}

func (r *thriftRewrite) uvarint() uint64 {
	v, k := binary.Uvarint(r.in[r.pos:])
	r.pos += k
	return v
}

func (r *thriftRewrite) structAt(path []int16, f func([]int16, int64) int64) error {
	var id int16
	for {
		h := r.in[r.pos]
		r.copyTo(r.pos + 1)
		if h == 0 {
			return nil
		}
		if d := h >> 4; d != 0 {
			id += int16(d)
		} else {
			start := r.pos
			u := r.uvarint()
			id = int16(int64(u>>1) ^ -int64(u&1))
			r.pos = start
			r.copyTo(start + binary.PutUvarint(make([]byte, 10), u))
		}
		p := append(append([]int16{}, path...), id)
		switch t := h & 0x0f; t {
		case 6:
			u := r.uvarint()
			v := int64(u>>1) ^ -int64(u&1)
			v = f(p, v)
			r.out = binary.AppendUvarint(r.out, uint64(v<<1)^uint64(v>>63))
		case 12:
			if err := r.structAt(p, f); err != nil {
				return err
			}
		case 9:
			lh := r.in[r.pos]
			r.copyTo(r.pos + 1)
			size := int(lh >> 4)
			if size == 15 {
				start := r.pos
				size = int(r.uvarint())
				r.pos = start
				r.copyTo(start + binary.PutUvarint(make([]byte, 10), uint64(size)))
			}
			for k := 0; k < size; k++ {
				if lh&0x0f == 12 {
					if err := r.structAt(append(p, int16(1000+k)), f); err != nil {
						return err
					}
					continue
				}
				w := thriftWalker{buf: r.in, pos: r.pos}
				if err := w.skip(lh & 0x0f); err != nil {
					return err
				}
				r.copyTo(w.pos)
			}
		default:
			w := thriftWalker{buf: r.in, pos: r.pos}
			if err := w.skip(t); err != nil {
				return err
			}
			r.copyTo(w.pos)
		}
	}
}

func pathIs(p []int16, want ...int16) bool { return fmt.Sprint(p) == fmt.Sprint(want) }

// TestParquetUnderstatedCountsAreErrors: a footer that under-states rows (the file's, a row
// group's, or a row group's together with every column chunk's value count) would have the
// reader stop early and never see the rest; each is ErrCorrupt saying which count disagrees.
func TestParquetUnderstatedCountsAreErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grid.parquet")
	writeGrid(t, path, 3000, 1000)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := rewriteFooter(t, good, func(_ []int16, v int64) int64 { return v }); !bytes.Equal(got, good) {
		t.Fatal("the footer rewriter changes an unchanged footer")
	}
	if err := readWhole(Source{Path: path, R: bytes.NewReader(good), Size: int64(len(good))}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    func(p []int16, v int64) int64
		want string
	}{
		{"file rows", func(p []int16, v int64) int64 {
			if pathIs(p, 3) {
				return 2000
			}
			return v
		}, "the footer declares 2000 rows, its row groups 3000"},
		{"row group rows", func(p []int16, v int64) int64 {
			switch {
			case pathIs(p, 3):
				return 2500
			case pathIs(p, 4, 1000, 3):
				return 500
			}
			return v
		}, "row group 0 declares 500 rows, the column holds 1000 values"},
		{"row group rows and every chunk's values", func(p []int16, v int64) int64 {
			switch {
			case pathIs(p, 3):
				return 2500
			case pathIs(p, 4, 1000, 3):
				return 500
			case len(p) == 6 && pathIs(p[:3], 4, 1000, 1) && pathIs(p[4:], 3, 5):
				return 500
			}
			return v
		}, "the column chunk declares 500 values, its pages 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := rewriteFooter(t, good, tt.f)
			err := readWhole(Source{Path: path, R: bytes.NewReader(data), Size: int64(len(data))})
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrCorrupt: %s", err, tt.want)
			}
		})
	}
}

// TestParquetUnderstatedRowsOfAListColumn: a column inside a list holds more values than rows, so
// only reading tells a row group's under-stated row count: the records past it must be an error.
func TestParquetUnderstatedRowsOfAListColumn(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{{Name: "ids", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	l := b.Field(0).(*array.ListBuilder)
	for i := 0; i < 100; i++ {
		l.Append(true)
		l.ValueBuilder().(*array.StringBuilder).AppendValues([]string{"11010519491231002X", "13800138000"}, nil)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	path := filepath.Join(t.TempDir(), "list.parquet")
	writeArrowParquet(t, path, rec, 1000, pqarrow.DefaultWriterProps())
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data := rewriteFooter(t, good, func(p []int16, v int64) int64 {
		if pathIs(p, 3) || pathIs(p, 4, 1000, 3) {
			return 60
		}
		return v
	})
	for _, batch := range []int{7, 1000} {
		err = readWhole(Source{Path: path, R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{BatchRows: batch}})
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), errLongChunk.Error()) {
			t.Fatalf("batch %d: err = %v, want ErrCorrupt: %v", batch, err, errLongChunk)
		}
	}
}

// TestParquetStoredArrowSchemaLengthsAreChecked: one flipped byte in the arrow schema a writer
// stores in the footer (ARROW:schema) made arrow's IPC reader allocate 700 MB for a 7 KB file
// (a fields vector of 8 M elements) before failing; now the lengths are checked first.
func TestParquetStoredArrowSchemaLengthsAreChecked(t *testing.T) {
	data, err := os.ReadFile("../testdata/parquet/codecs/arrow-rs-uncompressed.parquet")
	if err != nil {
		t.Fatal(err)
	}
	data[7450] ^= 0x30 // found by mutating the fixture: the high byte of Schema.fields' length
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err = readWhole(Source{Path: "x.parquet", R: bytes.NewReader(data), Size: int64(len(data))})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "stored arrow schema") {
		t.Fatalf("err = %v, want ErrCorrupt about the stored arrow schema", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 16<<20 {
		t.Errorf("allocated %d MB", n>>20)
	}
}
