package readers

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// openParquetPath opens path through the default registry, as the scanner does.
func openParquetPath(t testing.TB, path string, limits Limits) File {
	t.Helper()
	f, err := openPath(t, path, limits)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// readAllRows reads a table to the end and returns its rows as strings (row-major).
func readAllRows(t testing.TB, tbl Table) [][]string {
	t.Helper()
	var rows [][]string
	var b Batch
	for {
		err := tbl.Next(&b)
		if errors.Is(err, io.EOF) {
			if b.Rows != 0 {
				t.Fatalf("io.EOF came with %d rows", b.Rows)
			}
			return rows
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		rows = append(rows, batchRows(&b)...)
	}
}

func batchRows(b *Batch) [][]string {
	out := make([][]string, b.Rows)
	for r := range out {
		out[r] = make([]string, len(b.Columns))
		for c := range b.Columns {
			if b.Columns[c].Len() > 0 {
				out[r][c] = string(b.Columns[c].Cell(r))
			}
		}
	}
	return out
}

func firstTable(t testing.TB, f File) Table {
	t.Helper()
	tbl, err := f.NextTable()
	if err != nil {
		t.Fatalf("NextTable: %v", err)
	}
	return tbl
}

func TestParquetConformanceMatchesExpectedJSON(t *testing.T) {
	const path = "../testdata/conformance/reference.parquet"
	want := referenceTable(t)

	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := pf.NumRowGroups(); n < 2 {
		t.Errorf("fixture has %d row groups, want at least 2", n)
	}
	pf.Close()

	f := openParquetPath(t, path, Limits{BatchRows: 3})
	if got := f.Info().Format; got != "parquet" {
		t.Errorf("Info().Format = %q, want parquet", got)
	}
	tbl := firstTable(t, f)
	if fmt.Sprint(tbl.Columns()) != fmt.Sprint(want.Columns) {
		t.Fatalf("columns = %q, want %q", tbl.Columns(), want.Columns)
	}
	got := readAllRows(t, tbl)
	if len(got) != len(want.Rows) {
		t.Fatalf("%d rows, want %d", len(got), len(want.Rows))
	}
	for r := range want.Rows {
		for c := range want.Columns {
			if got[r][c] != want.Rows[r][c] {
				t.Errorf("row %d column %s = %q, want %q", r+1, want.Columns[c], got[r][c], want.Rows[r][c])
			}
		}
	}
	if st := tbl.Stats(); st.Rows != int64(len(want.Rows)) {
		t.Errorf("Stats().Rows = %d, want %d", st.Rows, len(want.Rows))
	}
	if _, err := f.NextTable(); !errors.Is(err, io.EOF) {
		t.Errorf("second NextTable = %v, want io.EOF", err)
	}
}

func TestParquetTypesFixtureCells(t *testing.T) {
	// types.parquet is written by DuckDB (testdata/parquet/gen/gen.mjs) with zstd pages and two
	// row groups; the expected text was cross-checked against DuckDB's own rendering.
	f := openParquetPath(t, "../testdata/parquet/types.parquet", Limits{})
	tbl := firstTable(t, f)
	cols := tbl.Columns()
	rows := readAllRows(t, tbl)
	// Six records; tags has three elements and attrs two entries per record, so each record is
	// six rows: its non-repeated columns, then a row per tags element, then a row per attrs entry.
	if len(rows) != 36 {
		t.Fatalf("%d rows, want 36", len(rows))
	}
	if got := tbl.Stats().Rows; got != 6 {
		t.Errorf("Stats().Rows = %d records, want 6", got)
	}
	wantCols := []string{"id", "tags[]", "person.name", "person.age", "person.ok", "attrs.key", "attrs.value", "img", "uid", "ts_local", "ts_utc", "dbl", "dec18", "dec30", "i8", "u32", "d", "t", "city"}
	if fmt.Sprint(cols) != fmt.Sprint(wantCols) {
		t.Errorf("columns = %q\nwant      %q", cols, wantCols)
	}
	for r := 0; r < 6; r++ {
		want := fmt.Sprintf("%q", []string{"", "a1", "", "c", "", ""})
		want = strings.ReplaceAll(want, "a1", "a"+strconv.Itoa(r+1))
		var tags []string
		for k := 0; k < 6; k++ {
			tags = append(tags, rows[6*r+k][1])
			if k > 0 && rows[6*r+k][0] != "" {
				t.Errorf("row %d: id %q repeated on a list row", 6*r+k, rows[6*r+k][0])
			}
		}
		if got := fmt.Sprintf("%q", tags); got != want {
			t.Errorf("record %d: tags[] = %s, want %s", r+1, got, want)
		}
	}
	png := func(i int) string {
		b := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("x"), i)...)
		return BlobPrefix + strconv.Itoa(len(b)) + ":" + base64.StdEncoding.EncodeToString(b)
	}
	tests := []struct {
		col  string
		row  int // 0-based, in rows: record r starts at row 6r
		want string
	}{
		{"id", 0, "1"},
		{"id", 6, "2"},
		{"tags[]", 1, "a1"},
		{"tags[]", 2, ""},
		{"tags[]", 3, "c"},
		{"person.name", 0, "张1"},
		{"person.age", 0, "21"},
		{"person.ok", 0, "false"},
		{"person.ok", 6, "true"},
		{"attrs.key", 10, "k2"},
		{"attrs.value", 10, "20"},
		{"attrs.key", 11, "z"},
		{"attrs.value", 11, ""},
		{"attrs.key", 0, ""},
		{"img", 0, png(1)},
		{"img", 30, png(6)},
		{"uid", 12, "00000003-0000-4000-8000-000000000003"},
		{"ts_local", 0, "2026-11-22T18:00:01.123456"},
		{"ts_utc", 0, "2026-11-22T18:00:01Z"},
		{"dbl", 0, "1.5"},
		{"dbl", 6, "3"},
		{"dec18", 0, "100.250"},
		{"dec30", 30, "600.5000"},
		{"i8", 0, "-4"},
		{"u32", 18, "4000"},
		{"d", 0, "2000-01-02"},
		{"t", 0, "12:34:56.789"},
		{"city", 0, "上海"},
		{"city", 6, "北京"},
		{"city", 12, ""},
	}
	index := map[string]int{}
	for i, c := range cols {
		index[c] = i
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/row%d", tt.col, tt.row+1), func(t *testing.T) {
			c, ok := index[tt.col]
			if !ok {
				t.Fatalf("no column %q in %q", tt.col, cols)
			}
			if got := rows[tt.row][c]; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// writeArrowParquet writes rec to path with arrow's own writer, rowGroup rows per row group.
func writeArrowParquet(t testing.TB, path string, rec arrow.RecordBatch, rowGroup int64, arrProps pqarrow.ArrowWriterProperties) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(rowGroup), parquet.WithCompression(compress.Codecs.Snappy), parquet.WithDictionaryDefault(true))
	w, err := pqarrow.NewFileWriter(rec.Schema(), fh, props, arrProps)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestParquetINT96TimestampsAsSparkWritesThem(t *testing.T) {
	mem := memory.DefaultAllocator
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Nanosecond}, Nullable: true},
		{Name: "i8", Type: arrow.PrimitiveTypes.Int8, Nullable: true},
		{Name: "u64", Type: arrow.PrimitiveTypes.Uint64, Nullable: true},
		{Name: "f32", Type: arrow.PrimitiveTypes.Float32, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	at := func(s string) arrow.Timestamp {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return arrow.Timestamp(tm.UnixNano())
	}
	b.Field(0).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{at("2026-11-22T18:00:00Z"), at("1969-12-31T23:59:59.5Z"), 0}, []bool{true, true, false})
	b.Field(1).(*array.Int8Builder).AppendValues([]int8{-128, 127, 0}, []bool{true, true, false})
	b.Field(2).(*array.Uint64Builder).AppendValues([]uint64{18446744073709551615, 0, 1}, nil)
	b.Field(3).(*array.Float32Builder).AppendValues([]float32{0.1, 1e10, 3}, nil)
	rec := b.NewRecordBatch()
	defer rec.Release()

	path := filepath.Join(t.TempDir(), "int96.parquet")
	writeArrowParquet(t, path, rec, 2, pqarrow.NewArrowWriterProperties(pqarrow.WithDeprecatedInt96Timestamps(true)))
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := pf.MetaData().Schema.Column(0).PhysicalType(); got != parquet.Types.Int96 {
		t.Fatalf("ts written as %v, want INT96", got)
	}
	pf.Close()

	rows := readAllRows(t, firstTable(t, openParquetPath(t, path, Limits{})))
	want := [][]string{
		{"2026-11-22T18:00:00", "-128", "18446744073709551615", "0.1"},
		{"1969-12-31T23:59:59.5", "127", "0", "10000000000"},
		{"", "", "1", "3"},
	}
	if fmt.Sprintf("%q", rows) != fmt.Sprintf("%q", want) {
		t.Errorf("rows = %q\nwant   %q", rows, want)
	}
}

// writeGrid writes n rows of (id int64, name string, score float64) in row groups of rg rows.
func writeGrid(t testing.TB, path string, n, rg int) {
	t.Helper()
	mem := memory.DefaultAllocator
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "name", Type: arrow.BinaryTypes.String},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	for i := 0; i < n; i++ {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append("name" + strconv.Itoa(i%97))
		b.Field(2).(*array.Float64Builder).Append(float64(i) / 4)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	writeArrowParquet(t, path, rec, int64(rg), pqarrow.DefaultWriterProps())
}

func TestParquetProjectionAndSample(t *testing.T) {
	const n, rg = 10000, 1000
	path := filepath.Join(t.TempDir(), "grid.parquet")
	writeGrid(t, path, n, rg)
	tbl := firstTable(t, openParquetPath(t, path, Limits{BatchRows: 256}))
	proj := tbl.(Projector)
	sampler := tbl.(Sampler)

	// Read two batches with all columns, then project to id and score mid-row-group.
	var b Batch
	for k := 0; k < 2; k++ {
		if err := tbl.Next(&b); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(b.Columns[1].Cell(0)); got != "name"+strconv.Itoa(256%97) {
		t.Errorf("unprojected name cell = %q", got)
	}
	if err := proj.Project([]int{2, 0}); err != nil {
		t.Fatal(err)
	}

	// Sampling must not move Next.
	var s Batch
	if err := sampler.Sample(100, &s); err != nil {
		t.Fatal(err)
	}
	if s.Rows < 100 || s.Rows > 120 {
		t.Errorf("Sample(100) gave %d rows", s.Rows)
	}
	if s.Columns[1].Len() != 0 {
		t.Errorf("Sample filled unprojected column name with %d cells", s.Columns[1].Len())
	}
	groups := map[int]bool{}
	for r := 0; r < s.Rows; r++ {
		id, err := strconv.Atoi(string(s.Columns[0].Cell(r)))
		if err != nil {
			t.Fatal(err)
		}
		groups[id/rg] = true
	}
	if len(groups) != n/rg {
		t.Errorf("Sample drew from %d row groups, want all %d", len(groups), n/rg)
	}

	next := 512
	for {
		err := tbl.Next(&b)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if b.Columns[1].Len() != 0 {
			t.Fatalf("projected Next filled column name")
		}
		if b.Columns[0].Len() != b.Rows || b.Columns[2].Len() != b.Rows {
			t.Fatalf("projected columns have %d/%d cells for %d rows", b.Columns[0].Len(), b.Columns[2].Len(), b.Rows)
		}
		for r := 0; r < b.Rows; r++ {
			if got, want := string(b.Columns[0].Cell(r)), strconv.Itoa(next); got != want {
				t.Fatalf("id = %s, want %s", got, want)
			}
			if got, want := string(b.Columns[2].Cell(r)), strconv.FormatFloat(float64(next)/4, 'f', -1, 64); got != want {
				t.Fatalf("score = %s, want %s", got, want)
			}
			next++
		}
	}
	if next != n {
		t.Errorf("read up to id %d, want %d", next, n)
	}
	if got := tbl.Stats().Rows; got != n {
		t.Errorf("Stats().Rows = %d, want %d", got, n)
	}
}

func TestParquetEmptyProjectionCountsRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grid.parquet")
	writeGrid(t, path, 2500, 1000)
	tbl := firstTable(t, openParquetPath(t, path, Limits{BatchRows: 700}))
	if err := tbl.(Projector).Project([]int{}); err != nil {
		t.Fatal(err)
	}
	if got := len(readAllRows(t, tbl)); got != 2500 {
		t.Errorf("%d rows, want 2500", got)
	}
	if err := tbl.(Projector).Project([]int{3}); err == nil {
		t.Error("Project with an out-of-range column succeeded")
	}
}

func TestParquetBadInputs(t *testing.T) {
	good, err := os.ReadFile("../testdata/conformance/reference.parquet")
	if err != nil {
		t.Fatal(err)
	}
	patched := func(off int, b []byte) []byte {
		out := bytes.Clone(good)
		if off < 0 {
			off += len(out)
		}
		copy(out[off:], b)
		return out
	}
	footer := func(n uint32) []byte {
		return []byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}
	}
	junk := append(append([]byte("PAR1"), bytes.Repeat([]byte{0xA7, 0x13}, 300)...), append(footer(200), "PAR1"...)...)
	pages := bytes.Clone(good)
	for i := 4; i < len(pages)/2; i++ {
		pages[i] = 0xFF
	}
	tests := []struct {
		name   string
		data   []byte
		limits Limits
		want   error
	}{
		{"zero bytes", nil, Limits{}, ErrEmpty},
		{"too small", []byte("PAR1PAR1"), Limits{}, ErrCorrupt},
		{"truncated to half", good[:len(good)/2], Limits{}, ErrCorrupt},
		{"truncated by one byte", good[:len(good)-1], Limits{}, ErrCorrupt},
		{"bad leading magic", patched(0, []byte("XXXX")), Limits{}, ErrCorrupt},
		{"bad trailing magic", patched(-4, []byte("PAR2")), Limits{}, ErrCorrupt},
		{"footer length beyond file", patched(-8, footer(1<<30)), Limits{}, ErrCorrupt},
		{"junk with valid magic", junk, Limits{}, ErrCorrupt},
		{"junk pages", pages, Limits{}, ErrCorrupt},
		{"encrypted footer", patched(-4, []byte("PARE")), Limits{}, ErrEncrypted},
		{"more columns than allowed", good, Limits{MaxColumns: 5}, ErrLimit},
		{"column chunk larger than allowed", good, Limits{MaxDecompressedBytes: 10}, ErrLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.parquet")
			src := Source{Path: path, R: bytes.NewReader(tt.data), Size: int64(len(tt.data)), Limits: tt.limits}
			err := readWhole(src)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var re *Error
			if !errors.As(err, &re) || re.Path != path {
				t.Errorf("error %v does not carry the path", err)
			}
		})
	}
}

// readWhole opens src and reads every table to the end, returning the first error.
func readWhole(src Source) error {
	return eachBatch(src, func(*Batch) {})
}

// eachBatch opens src and calls fn with every batch of every table, returning the first error.
func eachBatch(src Source, fn func(*Batch)) error {
	f, err := Default().Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		tbl, err := f.NextTable()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		var b Batch
		for {
			err := tbl.Next(&b)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			fn(&b)
		}
	}
}

func TestParquetAllocatorCapBecomesErrLimit(t *testing.T) {
	a := cappedAllocator{Allocator: memory.DefaultAllocator, max: 1024}
	run := func() (err error) {
		defer recoverParquet("x.parquet", 7, &err)
		a.Allocate(4096)
		return nil
	}
	err := run()
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
}

// TestParquetAllocatorGrowsWithRoom: a buffer that must move keeps its bytes and gets spare
// capacity, so the next slightly larger page does not move it again; the spare never passes the
// cap, and a request above the cap still fails.
func TestParquetAllocatorGrowsWithRoom(t *testing.T) {
	a := cappedAllocator{Allocator: memory.DefaultAllocator, max: 3000}
	b := a.Allocate(100)
	for i := range b {
		b[i] = byte(i)
	}
	g := a.Reallocate(1000, b)
	if len(g) != 1000 || cap(g) < 1400 {
		t.Fatalf("grown to len %d cap %d, want len 1000 and room to spare", len(g), cap(g))
	}
	for i := range 100 {
		if g[i] != byte(i) {
			t.Fatalf("byte %d lost in the move: %d", i, g[i])
		}
	}
	if h := a.Reallocate(1400, g); &h[0] != &g[0] || len(h) != 1400 {
		t.Errorf("a growth within the spare capacity moved the buffer or got len %d", len(h))
	}
	if c := cap(a.Reallocate(2500, g)); c > 3000 {
		t.Errorf("spare capacity %d passes the cap 3000", c)
	}
	run := func() (err error) {
		defer recoverParquet("x.parquet", 7, &err)
		a.Reallocate(3001, g)
		return nil
	}
	if err := run(); !errors.Is(err, ErrLimit) {
		t.Errorf("growing past the cap: err = %v, want ErrLimit", err)
	}
}

func TestParquetTextFormatting(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"scaled positive", string(appendScaled(nil, []byte("123450"), 2)), "1234.50"},
		{"scaled small", string(appendScaled(nil, []byte("5"), 3)), "0.005"},
		{"scaled negative", string(appendScaled(nil, []byte("-9999"), 2)), "-99.99"},
		{"scaled zero scale", string(appendScaled(nil, []byte("42"), 0)), "42"},
		{"scaled negative scale", string(appendScaled(nil, []byte("42"), -2)), "4200"},
		{"date epoch", string(appendDate(nil, 0)), "1970-01-01"},
		{"date before epoch", string(appendDate(nil, -7305)), "1950-01-01"},
		{"date leap day", string(appendDate(nil, 11016)), "2000-02-29"},
		{"timestamp millis", string(appendTimestamp(nil, 1763834400123, 1e3, false)), "2025-11-22T18:00:00.123"},
		{"timestamp before epoch utc", string(appendTimestamp(nil, -1, 1e6, true)), "1969-12-31T23:59:59.999999Z"},
		{"time nanos", string(appendTimeOfDay(nil, 45296000000001, 1e9)), "12:34:56.000000001"},
		{"float shortest", string(appendFloat(nil, 0.1, 64)), "0.1"},
		{"float large no exponent", string(appendFloat(nil, 1e21, 64)), "1000000000000000000000"},
		{"float NaN", string(appendFloat(nil, nan(), 64)), "NaN"},
		{"uuid", string(appendUUID(nil, []byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8})), "12345678-9abc-def0-0102-030405060708"},
		{"blob head only", string(appendBlob(nil, make([]byte, 100))), BlobPrefix + "100:" + base64.StdEncoding.EncodeToString(make([]byte, BlobHeadBytes))},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func nan() float64 { z := 0.0; return z / z }

func TestParquetEncryptedFilesAreErrEncrypted(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	b.Field(0).(*array.StringBuilder).AppendValues([]string{"11010519491231002X", "440524198001010013"}, nil)
	rec := b.NewRecordBatch()
	defer rec.Release()
	tests := []struct {
		name string
		opts []parquet.EncryptOption
	}{
		{"encrypted footer", nil},
		{"plaintext footer, encrypted columns", []parquet.EncryptOption{parquet.WithPlaintextFooter()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := parquet.NewFileEncryptionProperties("0123456789012345", tt.opts...)
			props := parquet.NewWriterProperties(parquet.WithEncryptionProperties(enc))
			w, err := pqarrow.NewFileWriter(sc, &buf, props, pqarrow.DefaultWriterProps())
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Write(rec); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			err = readWhole(Source{Path: "enc.parquet", R: bytes.NewReader(buf.Bytes()), Size: int64(buf.Len())})
			if !errors.Is(err, ErrEncrypted) {
				t.Fatalf("err = %v, want ErrEncrypted", err)
			}
		})
	}
}

func TestParquetPageLargerThanAllocationCapIsErrLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grid.parquet")
	writeGrid(t, path, 5000, 5000)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Path: path, R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{}.WithDefaults()}
	f, err := openParquetCapped(src, 1024) // the id column's pages are ~40 KB
	if err == nil {
		defer f.Close()
		var tbl Table
		if tbl, err = f.NextTable(); err == nil {
			err = tbl.Next(&Batch{})
		}
	}
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
	var re *Error
	if !errors.As(err, &re) || re.Path != path {
		t.Errorf("error %v does not carry the path", err)
	}
}

// writeFlatTypes writes every type the flat path handles, nullable, with arrow's writer.
func writeFlatTypes(t testing.TB, path string) {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "b", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "i8", Type: arrow.PrimitiveTypes.Int8, Nullable: true},
		{Name: "u16", Type: arrow.PrimitiveTypes.Uint16, Nullable: true},
		{Name: "u32", Type: arrow.PrimitiveTypes.Uint32, Nullable: true},
		{Name: "u64", Type: arrow.PrimitiveTypes.Uint64, Nullable: true},
		{Name: "f32", Type: arrow.PrimitiveTypes.Float32, Nullable: true},
		{Name: "d", Type: arrow.FixedWidthTypes.Date32, Nullable: true},
		{Name: "ts_ms_utc", Type: &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "ts_ns_local", Type: &arrow.TimestampType{Unit: arrow.Nanosecond}, Nullable: true},
		{Name: "bin", Type: arrow.BinaryTypes.Binary, Nullable: true},
		{Name: "fixed", Type: &arrow.FixedSizeBinaryType{ByteWidth: 4}, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for i := 0; i < 3000; i++ {
		if i%7 == 3 {
			for k := range sc.Fields() {
				b.Field(k).AppendNull()
			}
			continue
		}
		b.Field(0).(*array.BooleanBuilder).Append(i%2 == 0)
		b.Field(1).(*array.Int8Builder).Append(int8(i))
		b.Field(2).(*array.Uint16Builder).Append(uint16(65535 - i))
		b.Field(3).(*array.Uint32Builder).Append(uint32(4294967295 - i))
		b.Field(4).(*array.Uint64Builder).Append(uint64(18446744073709551615 - uint64(i)))
		b.Field(5).(*array.Float32Builder).Append(float32(i) / 10)
		b.Field(6).(*array.Date32Builder).Append(arrow.Date32(i*13 - 20000))
		b.Field(7).(*array.TimestampBuilder).Append(arrow.Timestamp(int64(i)*86_400_123 - 1e12))
		b.Field(8).(*array.TimestampBuilder).Append(arrow.Timestamp(int64(i) * 1_000_000_007))
		b.Field(9).(*array.BinaryBuilder).Append(bytes.Repeat([]byte{byte(i)}, i%60))
		b.Field(10).(*array.FixedSizeBinaryBuilder).Append([]byte{1, 2, 3, byte(i)})
		b.Field(11).(*array.StringBuilder).Append("值" + strconv.Itoa(i%11))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	writeArrowParquet(t, path, rec, 1000, pqarrow.DefaultWriterProps())
}

func TestParquetFlatPathMatchesArrowPath(t *testing.T) {
	flatTypes := filepath.Join(t.TempDir(), "flat.parquet")
	writeFlatTypes(t, flatTypes)
	grid := filepath.Join(t.TempDir(), "grid.parquet")
	writeGrid(t, grid, 3000, 1000)
	for _, path := range []string{"../testdata/conformance/reference.parquet", "../testdata/parquet/types.parquet", "../testdata/parquet/nested.parquet", "../testdata/parquet/codecs/polars-zstd.parquet", "../testdata/parquet/codecs/duckdb-snappy.parquet", flatTypes, grid} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			read := func(noFlat bool) ([][]string, int) {
				tbl := firstTable(t, openParquetPath(t, path, Limits{BatchRows: 333}))
				pt := tbl.(*parquetTable)
				pt.noFlat = noFlat
				flat := 0
				for _, p := range pt.plans {
					if p != nil {
						flat++
					}
				}
				return readAllRows(t, tbl), flat
			}
			want, _ := read(true)
			got, flat := read(false)
			if flat == 0 {
				t.Fatal("no column takes the flat path")
			}
			// The sample, of the columns on the flat path only, so that it is drawn there.
			sample := func(noFlat bool) string {
				tbl := firstTable(t, openParquetPath(t, path, Limits{BatchRows: 333}))
				pt := tbl.(*parquetTable)
				var cols []int
				for c, p := range pt.plans {
					if p != nil {
						cols = append(cols, c)
					}
				}
				if err := pt.Project(cols); err != nil {
					t.Fatal(err)
				}
				if pt.noFlat = noFlat; !noFlat && !pt.sampleIsFlat() {
					t.Fatal("the sample is not drawn on the flat path")
				}
				var b Batch
				if err := tbl.(Sampler).Sample(700, &b); err != nil {
					t.Fatal(err)
				}
				return fmt.Sprintf("%d %q", b.Rows, batchRows(&b))
			}
			if f, a := sample(false), sample(true); f != a {
				t.Errorf("samples differ:\nflat    %.300s\npqarrow %.300s", f, a)
			}
			if len(got) != len(want) {
				t.Fatalf("%d rows on the flat path, %d through pqarrow", len(got), len(want))
			}
			for r := range want {
				if fmt.Sprintf("%q", got[r]) != fmt.Sprintf("%q", want[r]) {
					t.Fatalf("row %d differs:\nflat   %q\npqarrow %q", r+1, got[r], want[r])
				}
			}
		})
	}
}

func TestParquetNestedFixtureCells(t *testing.T) {
	// nested.parquet (DuckDB, testdata/parquet/gen/gen.mjs): a struct in a struct, a list of
	// structs holding a list, a map of structs and a list of lists, with nulls at every level.
	tbl := firstTable(t, openParquetPath(t, "../testdata/parquet/nested.parquet", Limits{BatchRows: 2}))
	wantCols := []string{"id", "person.name", "person.ids.id_card", "person.ids.mobile", "family[].name", "family[].id_card", "family[].phones[]", "contacts.key", "contacts.value.mobile", "matrix[][]"}
	if fmt.Sprint(tbl.Columns()) != fmt.Sprint(wantCols) {
		t.Fatalf("columns = %q\nwant      %q", tbl.Columns(), wantCols)
	}
	row := func(cells map[int]string) []string {
		r := make([]string, len(wantCols))
		for c, v := range cells {
			r[c] = v
		}
		return r
	}
	want := [][]string{
		row(map[int]string{0: "1", 1: "张伟", 2: "11010519491231002X", 3: "13800138000"}),
		row(map[int]string{4: "王芳", 5: "440524198001010013"}), // family, element 1
		row(nil),                              // family, element 2: all null
		row(map[int]string{6: "13900139000"}), // family[].phones[], flattened over the elements
		row(map[int]string{6: "13700137000"}),
		row(map[int]string{7: "home", 8: "13600136000"}),
		row(map[int]string{7: "work"}),
		row(map[int]string{9: "a"}),
		row(map[int]string{9: "b"}),
		row(map[int]string{9: "c"}),
		row(map[int]string{0: "2"}),
		row(map[int]string{0: "3", 1: "李娜"}),
	}
	got := readAllRows(t, tbl)
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("rows:\n%q\nwant\n%q", got, want)
	}
	if n := tbl.Stats().Rows; n != 3 {
		t.Errorf("Stats().Rows = %d, want 3 records", n)
	}
}

// TestParquetSampleMatchesNext: a sample as large as the table is the table, nested or not, and
// projecting to some leaves of a nested column gives those leaves' rows.
func TestParquetSampleMatchesNext(t *testing.T) {
	for _, path := range []string{"../testdata/parquet/nested.parquet", "../testdata/parquet/types.parquet", "../testdata/parquet/codecs/arrow-rs-lz4.parquet"} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			tbl := firstTable(t, openParquetPath(t, path, Limits{}))
			var s Batch
			if err := tbl.(Sampler).Sample(1000, &s); err != nil {
				t.Fatal(err)
			}
			sample := batchRows(&s)
			all := readAllRows(t, tbl)
			if fmt.Sprintf("%q", sample) != fmt.Sprintf("%q", all) {
				t.Errorf("sample:\n%q\nNext:\n%q", sample, all)
			}
		})
	}
	tbl := firstTable(t, openParquetPath(t, "../testdata/parquet/nested.parquet", Limits{}))
	if err := tbl.(Projector).Project([]int{2, 6}); err != nil { // person.ids.id_card, family[].phones[]
		t.Fatal(err)
	}
	var got []string
	for _, r := range readAllRows(t, tbl) {
		got = append(got, r[2]+"|"+r[6])
	}
	want := []string{"11010519491231002X|", "|13900139000", "|13700137000", "|", "|"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("projected rows %q, want %q", got, want)
	}
}
