package readers

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	flatbuffers "github.com/google/flatbuffers/go"
	"golang.org/x/sync/errgroup"
)

func init() {
	builtins = append(builtins, Format{
		ID:       "parquet",
		Suffixes: []string{".parquet", ".parq", ".pq"},
		Open:     openParquet,

		RandomAccess: true,
		RangeReads:   true,
	})
}

// Bounds on what a Parquet file's own bytes can make the reader allocate. Real writers keep pages
// around 1 MiB and footers in the kilobytes to low megabytes; anything near these is hostile.
const (
	// parquetMaxFooterBytes bounds the Thrift footer read into memory before parsing.
	parquetMaxFooterBytes = 256 << 20
	// parquetMaxAlloc bounds any single buffer arrow asks for while decoding (a page, a
	// dictionary, a batch's values), so a page header claiming 2 GiB fails before allocating.
	parquetMaxAlloc = 512 << 20
	// parquetStreamBuffer is the read buffer per column chunk in buffered-stream mode.
	parquetStreamBuffer = 256 << 10
)

var (
	parquetMagic          = []byte("PAR1")
	parquetEncryptedMagic = []byte("PARE")
)

// limitPanic is what cappedAllocator panics with; the reader's recover turns it into ErrLimit.
type limitPanic struct{ size, max int }

// cappedAllocator refuses single allocations above max. Arrow sizes page buffers from page
// headers, which the input controls, and has no hook to veto them other than the allocator.
type cappedAllocator struct {
	memory.Allocator
	max int
}

func (a cappedAllocator) Allocate(size int) []byte {
	if size > a.max {
		panic(limitPanic{size, a.max})
	}
	return a.Allocator.Allocate(size)
}

// Reallocate grows b to size, keeping its bytes. A buffer that must move is given half as much
// again in spare capacity: arrow grows a column chunk's page buffers page by page, each a little
// larger than the last, and moving them every time copied 0.25 CPU-s of dead bytes on the
// 10 M-row benchmark file (docs/performance.md).
func (a cappedAllocator) Reallocate(size int, b []byte) []byte {
	if size > a.max {
		panic(limitPanic{size, a.max})
	}
	if size <= cap(b) {
		return b[:size]
	}
	nb := a.Allocator.Allocate(min(max(size, size+size/2), a.max))
	copy(nb, b)
	return nb[:size]
}

// recoverParquet converts a panic raised by arrow on malformed input into an error, so one bad
// file becomes an error result instead of crashing the scan.
func recoverParquet(path string, row int64, err *error) {
	r := recover()
	if r == nil {
		return
	}
	switch v := r.(type) {
	case limitPanic:
		*err = &Error{Path: path, Row: row, Err: limitError(fmt.Sprintf("a page or buffer of %d bytes exceeds", v.size), byteSize(int64(v.max)), flagMaxDecompressedBytes)}
	case error:
		*err = &Error{Path: path, Row: row, Err: fmt.Errorf("%w: decoding failed: %w", ErrCorrupt, v)}
	default:
		*err = &Error{Path: path, Row: row, Err: fmt.Errorf("%w: decoding failed: %s", ErrCorrupt, DescribePanic(v))}
	}
}

func parquetErr(path string, sentinel error, format string, args ...any) error {
	return &Error{Path: path, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// parquetFile is an opened Parquet file: one table.
type parquetFile struct {
	src    Source
	limits Limits
	rdr    *file.Reader
	fr     *pqarrow.FileReader
	mem    memory.Allocator
	served bool
	table  *parquetTable // released on Close

	ra       io.ReaderAt
	size     int64
	maxAlloc int
}

// checkChunks walks the page headers of the given leaf columns in row group rg before arrow
// reads them (parquet_guard.go), and checks that the values they declare agree with the chunk's
// and the row group's counts: a footer that under-states a count would otherwise have the reader
// stop early and never see the rest. Leaves for which drainFirst says so are decoded once on a
// guarded goroutine first (decodeNested).
func (f *parquetFile) checkChunks(rg int, leaves []int, drainFirst func(leaf int) bool) error {
	md := f.rdr.MetaData().RowGroup(rg)
	for _, leaf := range leaves {
		cc, err := md.ColumnChunk(leaf)
		if err != nil {
			return &Error{Path: f.src.Path, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, rg, err)}
		}
		start := cc.DataPageOffset()
		if cc.HasDictionaryPage() && cc.DictionaryPageOffset() > 0 && cc.DictionaryPageOffset() < start {
			start = cc.DictionaryPageOffset()
		}
		counts, err := checkPages(f.ra, start, cc.TotalCompressedSize(), f.size, int64(f.maxAlloc))
		if err != nil {
			return &Error{Path: f.src.Path, Column: leaf + 1, Err: fmt.Errorf("row group %d: %w", rg, err)}
		}
		col := f.rdr.MetaData().Schema.Column(leaf)
		switch {
		case counts.values != cc.NumValues():
			return &Error{Path: f.src.Path, Column: leaf + 1, Err: fmt.Errorf("%w: row group %d: the column chunk declares %d values, its pages %d", ErrCorrupt, rg, cc.NumValues(), counts.values)}
		case col.MaxRepetitionLevel() == 0 && counts.values != md.NumRows():
			return &Error{Path: f.src.Path, Column: leaf + 1, Err: fmt.Errorf("%w: row group %d declares %d rows, the column holds %d values", ErrCorrupt, rg, md.NumRows(), counts.values)}
		case counts.rows >= 0 && counts.rows != md.NumRows():
			return &Error{Path: f.src.Path, Column: leaf + 1, Err: fmt.Errorf("%w: row group %d declares %d rows, the column's pages %d", ErrCorrupt, rg, md.NumRows(), counts.rows)}
		case col.MaxRepetitionLevel() > 0 && counts.values < md.NumRows():
			return &Error{Path: f.src.Path, Column: leaf + 1, Err: fmt.Errorf("%w: row group %d declares %d rows, the column holds only %d values", ErrCorrupt, rg, md.NumRows(), counts.values)}
		}
		if len(col.ColumnPath()) > 1 && drainFirst(leaf) {
			if err := f.decodeNested(rg, leaf); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeNested decodes every value of a leaf column inside a group (a struct field) before arrow
// does, discarding them, on a goroutine whose panics are recovered. pqarrow loads a struct's children on goroutines of its own,
// and arrow panics on corrupt data rather than returning errors (zstd "magic number mismatch",
// "unimplemented encoding type"): there a panic cannot be recovered and would end the whole scan;
// here recoverParquet turns it into ErrCorrupt. Only nested leaves pay for this second decoding;
// flat columns are read on the caller's goroutine already.
func (f *parquetFile) decodeNested(rg, leaf int) error {
	// arrow v15's readBatch loops forever when a page claims more values than its level data
	// holds (no progress, no error), so the check runs on its own goroutine under a deadline: a
	// file that loops is reported corrupt, at the price of one goroutine left spinning until the
	// process exits.
	done := make(chan error, 1)
	go func() {
		var err error
		defer func() { done <- err }()
		defer recoverParquet(f.src.Path, 0, &err)
		err = f.drainNested(rg, leaf)
	}()
	select {
	case err := <-done:
		if err != nil {
			var re *Error
			if !errors.As(err, &re) {
				err = &Error{Path: f.src.Path, Column: leaf + 1, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, rg, err)}
			}
		}
		return err
	case <-time.After(nestedCheckTimeout):
		return &Error{Path: f.src.Path, Column: leaf + 1, Err: fmt.Errorf("%w: row group %d: decoding the nested column did not finish within %v (page data that never ends)", ErrCorrupt, rg, nestedCheckTimeout)}
	}
}

// nestedCheckTimeout bounds decodeNested; real nested chunks decode in well under a second.
const nestedCheckTimeout = 5 * time.Second

// drainNested decodes one nested leaf chunk of row group rg, discarding the values.
func (f *parquetFile) drainNested(rg, leaf int) error {
	// Decode no more levels than arrow will (one per row for a leaf without repetition, the
	// chunk's declared value count at most), and at most nestedCheckLevels: a mutated header can
	// claim billions of run-length-encoded levels in a few bytes. This is a best-effort check;
	// levels past the bound are left to arrow.
	rgr := f.rdr.RowGroup(rg)
	limit := min(rgr.NumRows(), nestedCheckLevels)
	if cc, err := rgr.MetaData().ColumnChunk(leaf); err == nil && cc.NumValues() >= 0 {
		if f.rdr.MetaData().Schema.Column(leaf).MaxRepetitionLevel() > 0 {
			limit = nestedCheckLevels
		}
		limit = min(limit, cc.NumValues())
	}
	cr, err := rgr.Column(leaf)
	if err != nil {
		return err
	}
	return drainChunk(cr, limit)
}

// nestedCheckLevels bounds the levels decodeNested decodes per chunk: 16 Mi levels take a few
// hundred milliseconds, more than any real row group of nested data holds.
const nestedCheckLevels = 16 << 20

// drainChunk reads up to limit levels of a column chunk.
func drainChunk(cr file.ColumnChunkReader, limit int64) error {
	const n = 1024
	defs, reps := make([]int16, n), make([]int16, n)
	switch r := cr.(type) {
	case *file.BooleanColumnChunkReader:
		return drain(r, limit, make([]bool, n), defs, reps)
	case *file.Int32ColumnChunkReader:
		return drain(r, limit, make([]int32, n), defs, reps)
	case *file.Int64ColumnChunkReader:
		return drain(r, limit, make([]int64, n), defs, reps)
	case *file.Int96ColumnChunkReader:
		return drain(r, limit, make([]parquet.Int96, n), defs, reps)
	case *file.Float32ColumnChunkReader:
		return drain(r, limit, make([]float32, n), defs, reps)
	case *file.Float64ColumnChunkReader:
		return drain(r, limit, make([]float64, n), defs, reps)
	case *file.ByteArrayColumnChunkReader:
		return drain(r, limit, make([]parquet.ByteArray, n), defs, reps)
	case *file.FixedLenByteArrayColumnChunkReader:
		return drain(r, limit, make([]parquet.FixedLenByteArray, n), defs, reps)
	}
	return fmt.Errorf("unsupported physical type %T", cr)
}

func drain[T any](r batchReader[T], limit int64, vals []T, defs, reps []int16) error {
	for limit > 0 {
		levels, _, err := r.ReadBatch(min(int64(len(vals)), limit), vals, defs, reps)
		if err != nil || levels == 0 {
			return err
		}
		limit -= levels
	}
	return nil
}

// openParquet caps every decode buffer (a page, a dictionary) at parquetMaxAlloc, or lower when
// --max-decompressed-bytes is set lower: a page is a decompressed part like an xlsx part.
func openParquet(src Source) (File, error) {
	maxAlloc := int64(parquetMaxAlloc)
	if l := src.Limits.WithDefaults().MaxDecompressedBytes; l < maxAlloc {
		maxAlloc = l
	}
	return openParquetCapped(src, int(maxAlloc))
}

// openParquetCapped opens src refusing any single decode buffer above maxAlloc bytes.
func openParquetCapped(src Source, maxAlloc int) (f File, err error) {
	defer recoverParquet(src.Path, 0, &err)
	limits := src.Limits.WithDefaults()
	ra, ok := src.ReaderAt()
	if !ok {
		return nil, parquetErr(src.Path, ErrUnsupported, "parquet needs a random-access source")
	}
	size := src.Size
	if size < 0 {
		s, ok := src.R.(io.Seeker)
		if !ok {
			return nil, parquetErr(src.Path, ErrUnsupported, "parquet needs the file size")
		}
		if size, err = s.Seek(0, io.SeekEnd); err != nil {
			return nil, &Error{Path: src.Path, Err: fmt.Errorf("finding the file size: %w", err)}
		}
	}
	if _, err := checkParquetEnvelope(src.Path, ra, size); err != nil {
		return nil, err
	}
	rs := io.NewSectionReader(ra, 0, size)

	mem := cappedAllocator{Allocator: memory.DefaultAllocator, max: maxAlloc}
	props := parquet.NewReaderProperties(mem)
	// Buffered streams read each column chunk through a small window instead of loading it whole:
	// measured ~500 MB → ~190 MB RSS on 1 M-row groups (docs/performance.md).
	props.BufferedStreamEnabled = true
	props.BufferSize = parquetStreamBuffer
	rdr, err := file.NewParquetReader(rs, file.WithReadProps(props))
	if err != nil {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: %w", ErrCorrupt, err)}
	}
	if err := checkParquetMetadata(src.Path, rdr, size, limits); err != nil {
		rdr.Close()
		return nil, err
	}
	if err := checkStoredArrowSchema(src.Path, rdr); err != nil {
		rdr.Close()
		return nil, err
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: int64(limits.BatchRows)}, mem)
	if err != nil {
		rdr.Close()
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: schema: %w", ErrCorrupt, err)}
	}
	return &parquetFile{src: src, limits: limits, rdr: rdr, fr: fr, mem: mem, ra: ra, size: size, maxAlloc: maxAlloc}, nil
}

// checkParquetEnvelope checks the magic numbers and the footer length before arrow allocates the
// footer, and tells encrypted files apart from corrupt ones.
func checkParquetEnvelope(path string, ra io.ReaderAt, size int64) (footerLen int64, err error) {
	if size == 0 {
		return 0, &Error{Path: path, Err: ErrEmpty}
	}
	if size < 12 {
		return 0, parquetErr(path, ErrCorrupt, "file of %d bytes is too small for parquet", size)
	}
	var head, tail [8]byte
	if _, err := ra.ReadAt(head[:4], 0); err != nil {
		return 0, parquetErr(path, ErrCorrupt, "reading the header: %v", err)
	}
	if _, err := ra.ReadAt(tail[:], size-8); err != nil {
		return 0, parquetErr(path, ErrCorrupt, "reading the footer: %v", err)
	}
	if bytes.Equal(tail[4:], parquetEncryptedMagic) || bytes.Equal(head[:4], parquetEncryptedMagic) {
		return 0, &Error{Path: path, Err: fmt.Errorf("%w: parquet footer is encrypted", ErrEncrypted)}
	}
	if !bytes.Equal(head[:4], parquetMagic) {
		return 0, parquetErr(path, ErrCorrupt, "missing PAR1 magic at the start")
	}
	if !bytes.Equal(tail[4:], parquetMagic) {
		return 0, parquetErr(path, ErrCorrupt, "missing PAR1 magic at the end (truncated?)")
	}
	footer := int64(binary.LittleEndian.Uint32(tail[:4]))
	if footer == 0 || footer > size-12 {
		return 0, parquetErr(path, ErrCorrupt, "footer length %d does not fit a file of %d bytes", footer, size)
	}
	if footer > parquetMaxFooterBytes {
		return 0, parquetErr(path, ErrLimit, "footer of %d bytes exceeds %d", footer, parquetMaxFooterBytes)
	}
	footerBytes := make([]byte, footer)
	if _, err := ra.ReadAt(footerBytes, size-8-footer); err != nil {
		return 0, parquetErr(path, ErrCorrupt, "reading the footer: %v", err)
	}
	if err := checkThriftStruct(footerBytes); err != nil {
		return 0, parquetErr(path, ErrCorrupt, "footer: %v", err)
	}
	return footer, nil
}

// checkParquetMetadata rejects footers whose sizes cannot be true for this file, or exceed the
// limits, before any column chunk is read.
func checkParquetMetadata(path string, rdr *file.Reader, size int64, limits Limits) error {
	md := rdr.MetaData()
	if md.IsSetEncryptionAlgorithm() {
		return &Error{Path: path, Err: fmt.Errorf("%w: parquet columns are encrypted", ErrEncrypted)}
	}
	ncols := md.Schema.NumColumns()
	if ncols > limits.MaxColumns || md.Schema.Root().NumFields() > limits.MaxColumns {
		return &Error{Path: path, Err: limitError(fmt.Sprintf("%d columns exceed", ncols), strconv.Itoa(limits.MaxColumns)+"-column", flagMaxColumns)}
	}
	if md.NumRows < 0 {
		return parquetErr(path, ErrCorrupt, "negative row count in footer")
	}
	var rows int64
	for i := 0; i < len(md.RowGroups); i++ {
		rg := md.RowGroup(i)
		if rg.NumRows() < 0 {
			return parquetErr(path, ErrCorrupt, "row group %d has a negative row count", i)
		}
		rows += rg.NumRows()
		if rg.NumColumns() != ncols {
			return parquetErr(path, ErrCorrupt, "row group %d has %d column chunks, schema has %d", i, rg.NumColumns(), ncols)
		}
		for j := 0; j < ncols; j++ {
			cc, err := rg.ColumnChunk(j)
			if err != nil {
				return parquetErr(path, ErrCorrupt, "row group %d column %d: %v", i, j+1, err)
			}
			if cc.CryptoMetadata() != nil {
				return &Error{Path: path, Column: j + 1, Err: fmt.Errorf("%w: parquet column is encrypted", ErrEncrypted)}
			}
			if c := cc.Compression(); !parquetCodecs[c] {
				return &Error{Path: path, Column: j + 1, Err: fmt.Errorf("%w: parquet column %q is compressed with %s, which xborder cannot decode (it reads UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4 and LZ4_RAW)", ErrUnsupported, md.Schema.Column(j).Path(), codecName(c))}
			}
			comp, uncomp := cc.TotalCompressedSize(), cc.TotalUncompressedSize()
			if comp < 0 || comp > size || uncomp < 0 || cc.DataPageOffset() < 0 || cc.DataPageOffset() >= size {
				return parquetErr(path, ErrCorrupt, "row group %d column %d: chunk sizes or offsets do not fit the file", i, j+1)
			}
			if uncomp > limits.MaxDecompressedBytes {
				return &Error{Path: path, Column: j + 1, Err: limitError(fmt.Sprintf("row group %d: %d bytes uncompressed exceed", i, uncomp), byteSize(limits.MaxDecompressedBytes), flagMaxDecompressedBytes)}
			}
		}
	}
	if rows != md.NumRows {
		return parquetErr(path, ErrCorrupt, "the footer declares %d rows, its row groups %d", md.NumRows, rows)
	}
	return nil
}

func (f *parquetFile) NextTable() (t Table, err error) {
	if f.served {
		return nil, io.EOF
	}
	f.served = true
	defer recoverParquet(f.src.Path, 0, &err)
	tbl, err := newParquetTable(f)
	if err != nil {
		return nil, err
	}
	f.table = tbl
	return tbl, nil
}

func (f *parquetFile) Info() Info { return Info{Format: "parquet", RandomAccess: true} }

func (f *parquetFile) Close() error {
	if f.table != nil {
		f.table.closeReader()
	}
	return f.rdr.Close()
}

// parquetTable streams one row group at a time. Its columns are the leaves of the file's schema
// (parquet_nested.go). Top-level fields whose leaves are all non-repeated and of common types are
// read with parquet's column-chunk readers (parquet_flat.go); the rest through a pqarrow record
// reader restricted to them. Both are positioned on the same record, so a batch is n records of
// each; when a projected leaf is repeated, the records are staged and come out one row per list
// element.
type parquetTable struct {
	f      *parquetFile
	names  []string
	leaves []leafColumn // per column (= parquet leaf column)
	plans  []flatPlan   // per column, nil when its field needs pqarrow
	fields []pqField    // top-level fields
	proj   []int        // columns decoded by Next, ascending
	noFlat bool         // tests force the pqarrow path to compare both

	rg          int   // current row group
	rgRead      int64 // records of rg already read
	open        bool  // readers for rg exist
	arrowFields []int // projected fields read through rr, ascending
	flat        []flatSlot
	rr          pqarrow.RecordReader
	rec         arrow.RecordBatch // current record batch, records [recOff:] not yet read
	recOff      int
	skip        int64     // records rr must drop after opening mid-row-group
	ptrs        []*Column // scratch: target column per leaf

	explode bool  // some projected column is repeated
	stage   stage // records read but not yet returned as rows, when explode

	stats TableStats
}

// pqField is one top-level field of the schema: columns [first, first+n).
type pqField struct {
	first, n int
	node     *fnode
	flat     bool // every leaf has a flat plan
}

// flatSlot is one projected column on the flat path.
type flatSlot struct {
	col  int
	r    flatReader
	defs []int16 // definition levels scratch, one per slot so slots decode side by side
}

func newParquetTable(f *parquetFile) (*parquetTable, error) {
	descr := f.rdr.MetaData().Schema
	ncols := descr.NumColumns()
	t := &parquetTable{f: f, names: make([]string, ncols), leaves: make([]leafColumn, ncols), plans: make([]flatPlan, ncols)}
	for i := range t.leaves {
		t.leaves[i].field = -1
	}
	hasOrigin := f.fr.Manifest.OriginSchema != nil
	fields := f.fr.Manifest.Fields
	for i := range fields {
		sf := &fields[i]
		leaves := collectLeaves(sf, nil)
		if len(leaves) == 0 || leaves[0] < 0 || leaves[len(leaves)-1] >= ncols {
			return nil, &Error{Path: f.src.Path, Err: fmt.Errorf("%w: schema: field %q has no columns", ErrCorrupt, sf.Field.Name)}
		}
		for k, l := range leaves {
			if l != leaves[0]+k {
				return nil, &Error{Path: f.src.Path, Err: fmt.Errorf("%w: schema: field %q has columns out of order", ErrCorrupt, sf.Field.Name)}
			}
		}
		pf := pqField{first: leaves[0], n: len(leaves), flat: true}
		pf.node = newFnode(sf.Field.Type, sf, descr, hasOrigin, sf.Field.Name, i, t.leaves)
		for _, l := range leaves {
			if t.leaves[l].field != i {
				return nil, &Error{Path: f.src.Path, Err: fmt.Errorf("%w: schema: column %d of field %q has no arrow counterpart", ErrCorrupt, l+1, sf.Field.Name)}
			}
			if !t.leaves[l].repeated {
				t.plans[l] = newFlatPlan(descr.Column(l))
			}
			pf.flat = pf.flat && t.plans[l] != nil
		}
		if !pf.flat {
			for _, l := range leaves {
				t.plans[l] = nil
			}
		}
		t.fields = append(t.fields, pf)
	}
	for i, l := range t.leaves {
		if l.field < 0 {
			return nil, &Error{Path: f.src.Path, Err: fmt.Errorf("%w: schema: column %d belongs to no field", ErrCorrupt, i+1)}
		}
		t.names[i] = l.name
	}
	t.proj = make([]int, ncols)
	for i := range t.proj {
		t.proj[i] = i
	}
	t.ptrs = make([]*Column, ncols)
	t.setExplode()
	return t, nil
}

func collectLeaves(sf *pqarrow.SchemaField, out []int) []int {
	// pqarrow leaves ColIndex at -1 on group nodes, so a leaf is a node without children.
	if len(sf.Children) == 0 {
		return append(out, sf.ColIndex)
	}
	for i := range sf.Children {
		out = collectLeaves(&sf.Children[i], out)
	}
	return out
}

func (t *parquetTable) Name() string        { return "" }
func (t *parquetTable) Columns() []string   { return t.names }
func (t *parquetTable) Stats() TableStats   { return t.stats }
func (t *parquetTable) numRowGroups() int   { return t.f.rdr.NumRowGroups() }
func (t *parquetTable) rgRows(rg int) int64 { return t.f.rdr.MetaData().RowGroup(rg).NumRows() }

func (t *parquetTable) setExplode() {
	t.explode = false
	for _, c := range t.proj {
		t.explode = t.explode || t.leaves[c].repeated
	}
}

// Project restricts later Next calls to cols; nil restores all columns. Records already returned
// are not returned again: a projection changed mid-row-group resumes at the same record (a record
// whose list elements were partly returned as rows comes again whole).
func (t *parquetTable) Project(cols []int) error {
	var proj []int
	if cols == nil {
		proj = make([]int, len(t.names))
		for i := range proj {
			proj[i] = i
		}
	} else {
		seen := make(map[int]bool, len(cols))
		for _, c := range cols {
			if c < 0 || c >= len(t.names) {
				return &Error{Path: t.f.src.Path, Err: fmt.Errorf("projection: column index %d out of range [0,%d)", c, len(t.names))}
			}
			if !seen[c] {
				seen[c] = true
				proj = append(proj, c)
			}
		}
		sort.Ints(proj)
	}
	if back := int64(t.stage.nrec - t.stage.rec); back > 0 {
		t.rgRead -= back
		t.stats.Rows -= back
	}
	t.stage.clear()
	t.proj = proj
	t.setExplode()
	t.closeReader()
	return nil
}

func (t *parquetTable) closeReader() {
	if t.rec != nil {
		t.rec.Release()
		t.rec = nil
	}
	if t.rr != nil {
		t.rr.Release()
		t.rr = nil
	}
	t.recOff, t.skip = 0, 0
	t.flat, t.arrowFields = t.flat[:0], t.arrowFields[:0]
	t.open = false
}

// fieldsOf lists, ascending, the top-level fields holding columns cols (ascending).
func (t *parquetTable) fieldsOf(cols []int) []int {
	var out []int
	for _, c := range cols {
		if f := t.leaves[c].field; len(out) == 0 || out[len(out)-1] != f {
			out = append(out, f)
		}
	}
	return out
}

// leavesOfFields lists the parquet leaf columns of fields: pqarrow reads a field whole.
func (t *parquetTable) leavesOfFields(fields []int) []int {
	var out []int
	for _, f := range fields {
		for l := t.fields[f].first; l < t.fields[f].first+t.fields[f].n; l++ {
			out = append(out, l)
		}
	}
	return out
}

// onFlatPath says whether column c is read with a column-chunk reader on the caller's goroutine.
func (t *parquetTable) onFlatPath(c int) bool { return t.plans[c] != nil && !t.noFlat }

// openRowGroup creates the readers for the projected columns of t.rg, positioned at t.rgRead.
func (t *parquetTable) openRowGroup() error {
	var arrowCols []int
	for _, c := range t.proj {
		if !t.onFlatPath(c) {
			arrowCols = append(arrowCols, c)
		}
	}
	t.arrowFields = t.fieldsOf(arrowCols)
	arrowLeaves := t.leavesOfFields(t.arrowFields)
	checked := append(slices.Clone(arrowLeaves), t.proj...)
	sort.Ints(checked)
	if err := t.f.checkChunks(t.rg, slices.Compact(checked), func(l int) bool { return !t.onFlatPath(l) }); err != nil {
		return err
	}
	rgr := t.f.rdr.RowGroup(t.rg)
	for _, c := range t.proj {
		if !t.onFlatPath(c) {
			continue
		}
		cc, err := rgr.Column(c)
		if err != nil {
			return &Error{Path: t.f.src.Path, Column: c + 1, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, err)}
		}
		r := t.plans[c](cc)
		if t.rgRead > 0 {
			if err := r.skip(t.rgRead); err != nil {
				return &Error{Path: t.f.src.Path, Column: c + 1, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, err)}
			}
		}
		t.flat = append(t.flat, flatSlot{col: c, r: r, defs: make([]int16, t.f.limits.BatchRows)})
	}
	if len(t.arrowFields) > 0 {
		rr, err := t.f.fr.GetRecordReader(context.Background(), arrowLeaves, []int{t.rg})
		if err != nil {
			return &Error{Path: t.f.src.Path, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, err)}
		}
		t.rr = rr
		t.skip = t.rgRead
	}
	t.open = true
	return nil
}

// Next fills b with the next rows: up to Limits.BatchRows records of the current row group, or,
// when a projected column is repeated, up to Limits.BatchRows rows of list elements.
func (t *parquetTable) Next(b *Batch) (err error) {
	b.Reset(len(t.names))
	defer recoverParquet(t.f.src.Path, t.stats.Rows+1, &err)
	for {
		if t.explode && t.stage.pending() {
			t.stage.emit(b, t.proj, b.Rows+t.f.limits.BatchRows)
			return nil
		}
		if t.rg >= t.numRowGroups() {
			t.closeReader()
			return io.EOF
		}
		remaining := t.rgRows(t.rg) - t.rgRead
		if remaining <= 0 {
			if t.open {
				if err := t.finishRowGroup(); err != nil {
					return err
				}
			}
			t.closeReader()
			t.rg++
			t.rgRead = 0
			continue
		}
		if !t.open {
			if err := t.openRowGroup(); err != nil {
				return err
			}
		}
		n := int(min(int64(t.f.limits.BatchRows), remaining))
		dst := b.Columns
		if t.explode {
			t.stage.reset(len(t.names), t.proj, t.leaves)
			dst = t.stage.cols
		}
		n, err := t.readRecords(n, dst)
		if err != nil {
			return err
		}
		t.rgRead += int64(n)
		t.stats.Rows += int64(n)
		if !t.explode {
			b.Rows = n
			return nil
		}
		t.stage.nrec = n
	}
}

// readRecords reads up to n records of every projected column into dst (indexed by column) and
// returns how many it read (fewer when a pqarrow batch ends first). When exploding, it records
// where each record's cells start in every repeated column.
func (t *parquetTable) readRecords(n int, dst []Column) (int, error) {
	if len(t.arrowFields) > 0 {
		if t.rec == nil {
			if err := t.advance(); err != nil {
				return 0, err
			}
			if t.rec == nil {
				return 0, &Error{Path: t.f.src.Path, Row: t.stats.Rows + 1, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, errShortChunk)}
			}
		}
		n = min(n, int(t.rec.NumRows())-t.recOff)
		clear(t.ptrs)
		for _, c := range t.proj {
			if !t.onFlatPath(c) {
				t.ptrs[c] = &dst[c]
			}
		}
		bound := make([]bnode, len(t.arrowFields))
		for k, f := range t.arrowFields {
			bound[k] = t.fields[f].node.bindTo(t.rec.Column(k))
		}
		for i := t.recOff; i < t.recOff+n; i++ {
			for k := range bound {
				bound[k].emit(i, true, t.ptrs)
			}
			if t.explode {
				t.stage.mark(t.proj, t.leaves)
			}
		}
		t.recOff += n
		if t.recOff >= int(t.rec.NumRows()) {
			t.rec.Release()
			t.rec = nil
			t.recOff = 0
		}
	} else if t.explode {
		for i := 0; i < n; i++ {
			t.stage.mark(t.proj, t.leaves)
		}
	}
	if err := t.readFlat(dst, n); err != nil {
		return 0, err
	}
	return n, nil
}

// readFlat reads n records of every column on the flat path into dst. A row group's column
// chunks decode independently (each has its own page reader over the file's ReadAt, which is
// safe for parallel calls), so with Source.Workers above one they decode side by side, as
// pqarrow does when asked for parallel reads.
func (t *parquetTable) readFlat(dst []Column, n int) error {
	return sideBySide(t.f.src.Workers, len(t.flat), func(i int) (err error) {
		defer recoverParquet(t.f.src.Path, t.stats.Rows+1, &err)
		s := &t.flat[i]
		if err := s.r.read(&dst[s.col], n, s.defs); err != nil {
			return &Error{Path: t.f.src.Path, Row: t.stats.Rows + 1, Column: s.col + 1, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, err)}
		}
		return nil
	})
}

// sideBySide runs one(0) … one(n-1) on up to workers goroutines, or in order on the caller's
// (stopping at the first error) when workers is 1 or less, and returns the error of the lowest
// index that failed: a damaged file gets the same message whichever goroutine met its damage
// first.
func sideBySide(workers, n int, one func(i int) error) error {
	errs := make([]error, n)
	if workers > 1 && n > 1 {
		var g errgroup.Group
		g.SetLimit(workers)
		for i := range n {
			g.Go(func() error { errs[i] = one(i); return nil })
		}
		_ = g.Wait()
	} else {
		for i := range n {
			if errs[i] = one(i); errs[i] != nil {
				break
			}
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// finishRowGroup checks, once the row group's declared rows are read, that no column holds more:
// a footer that under-states a row count would otherwise hide the rest of the data.
func (t *parquetTable) finishRowGroup() error {
	for _, s := range t.flat {
		if s.r.more() {
			return &Error{Path: t.f.src.Path, Column: s.col + 1, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, errLongChunk)}
		}
	}
	if len(t.arrowFields) > 0 {
		extra := t.rec != nil && t.recOff < int(t.rec.NumRows())
		if !extra && t.rr.Next() {
			extra = t.rr.RecordBatch().NumRows() > 0
		}
		if extra {
			return &Error{Path: t.f.src.Path, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, errLongChunk)}
		}
		if err := t.rr.Err(); err != nil && !errors.Is(err, io.EOF) {
			return &Error{Path: t.f.src.Path, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, err)}
		}
	}
	return nil
}

// advance loads the next record batch of the current row group not wholly skipped into t.rec;
// t.rec stays nil at the end of the row group.
func (t *parquetTable) advance() error {
	for {
		if !t.rr.Next() {
			if err := t.rr.Err(); err != nil && !errors.Is(err, io.EOF) {
				return &Error{Path: t.f.src.Path, Row: t.stats.Rows + 1, Err: fmt.Errorf("%w: row group %d: %w", ErrCorrupt, t.rg, err)}
			}
			return nil
		}
		rec := t.rr.RecordBatch()
		n := rec.NumRows()
		if n <= t.skip {
			t.skip -= n
			continue
		}
		rec.Retain()
		t.rec = rec
		t.recOff = int(t.skip)
		t.skip = 0
		return nil
	}
}

// Sample fills b with about n records drawn from every row group in proportion to its size (the
// first records of each), through separate readers so Next's position is untouched. Records
// with list elements give a row per element, as Next does.
func (t *parquetTable) Sample(n int, b *Batch) (err error) {
	b.Reset(len(t.names))
	defer recoverParquet(t.f.src.Path, 0, &err)
	total := t.f.rdr.NumRows()
	if n <= 0 || total == 0 {
		return nil
	}
	fields := t.fieldsOf(t.proj)
	leaves := t.leavesOfFields(fields)
	var parts []*rgSample
	for rg := 0; rg < t.numRowGroups(); rg++ {
		rows := t.rgRows(rg)
		if rows == 0 {
			continue
		}
		want := max(1, (int64(n)*rows+total-1)/total)
		want = min(want, rows, int64(t.f.limits.BatchRows))
		if len(leaves) == 0 {
			b.Rows += int(want)
			continue
		}
		parts = append(parts, &rgSample{rg: rg, want: want})
	}
	if err := t.sampleParts(parts, fields, leaves); err != nil {
		return err
	}
	for _, p := range parts {
		for c := range p.b.Columns {
			for i := range p.b.Columns[c].Len() {
				b.Columns[c].Append(p.b.Columns[c].Cell(i))
			}
		}
		b.Rows += p.b.Rows
	}
	return nil
}

// rgSample is the sample of one row group, drawn on its own goroutine.
type rgSample struct {
	rg   int
	want int64
	b    Batch
}

// sampleParts draws the row groups' samples, on up to Source.Workers goroutines (sideBySide):
// row groups decode independently, each on the flat path when every projected column is on it,
// else through a record reader of its own (a pqarrow reader's properties hold the batch size, so
// readers are not shared).
func (t *parquetTable) sampleParts(parts []*rgSample, fields, leaves []int) error {
	flat := t.sampleIsFlat()
	return sideBySide(t.f.src.Workers, len(parts), func(i int) (err error) {
		defer recoverParquet(t.f.src.Path, 0, &err)
		p := parts[i]
		p.b.Reset(len(t.names))
		if err := t.f.checkChunks(p.rg, leaves, func(int) bool { return true }); err != nil {
			return err
		}
		if flat {
			return t.sampleFlat(p.rg, p.want, &p.b)
		}
		fr, err := pqarrow.NewFileReader(t.f.rdr, pqarrow.ArrowReadProperties{BatchSize: p.want}, t.f.mem)
		if err != nil {
			return &Error{Path: t.f.src.Path, Err: fmt.Errorf("%w: schema: %w", ErrCorrupt, err)}
		}
		return t.sampleRowGroup(fr, p.rg, fields, leaves, p.want, &p.b)
	})
}

// sampleIsFlat says whether every projected column is read on the flat path, so that the
// sample can be drawn there too: a folder's small Parquet files are read whole by the sample,
// and pqarrow's record reader cost twice the flat path's time (0.55 of 5.9 CPU-s of the 2,000-file
// folder). TestParquetFlatPathMatchesArrowPath holds both samples to the same cells.
func (t *parquetTable) sampleIsFlat() bool {
	if t.explode || len(t.proj) == 0 {
		return false
	}
	for _, c := range t.proj {
		if !t.onFlatPath(c) {
			return false
		}
	}
	return true
}

// sampleFlat reads the first want rows of row group rg into b on the flat path.
func (t *parquetTable) sampleFlat(rg int, want int64, b *Batch) error {
	n := int(min(want, t.rgRows(rg)))
	rgr := t.f.rdr.RowGroup(rg)
	defs := make([]int16, n)
	for _, c := range t.proj {
		cc, err := rgr.Column(c)
		if err == nil {
			err = t.plans[c](cc).read(&b.Columns[c], n, defs)
		}
		if err != nil {
			return &Error{Path: t.f.src.Path, Column: c + 1, Err: fmt.Errorf("%w: sampling row group %d: %w", ErrCorrupt, rg, err)}
		}
	}
	b.Rows += n
	return nil
}

// sampleRowGroup reads the first want rows of row group rg into b through pqarrow (its pages
// checked already: sampleParts).
func (t *parquetTable) sampleRowGroup(fr *pqarrow.FileReader, rg int, fields, leaves []int, want int64, b *Batch) error {
	rr, err := fr.GetRecordReader(context.Background(), leaves, []int{rg})
	if err != nil {
		return &Error{Path: t.f.src.Path, Err: fmt.Errorf("%w: sampling row group %d: %w", ErrCorrupt, rg, err)}
	}
	defer rr.Release()
	if !rr.Next() {
		if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
			return &Error{Path: t.f.src.Path, Err: fmt.Errorf("%w: sampling row group %d: %w", ErrCorrupt, rg, err)}
		}
		return nil
	}
	rec := rr.RecordBatch()
	got := int(min(rec.NumRows(), want))
	var st stage
	dst := b.Columns
	if t.explode {
		st.reset(len(t.names), t.proj, t.leaves)
		dst = st.cols
	}
	ptrs := make([]*Column, len(t.names))
	for _, c := range t.proj {
		ptrs[c] = &dst[c]
	}
	bound := make([]bnode, len(fields))
	for k, f := range fields {
		bound[k] = t.fields[f].node.bindTo(rec.Column(k))
	}
	for i := 0; i < got; i++ {
		for k := range bound {
			bound[k].emit(i, true, ptrs)
		}
		if t.explode {
			st.mark(t.proj, t.leaves)
		}
	}
	if !t.explode {
		b.Rows += got
		return nil
	}
	st.nrec = got
	st.emit(b, t.proj, b.Rows+t.f.limits.BatchRows)
	return nil
}

// checkStoredArrowSchema parses the arrow schema a file may carry in its key-value metadata
// (ARROW:schema, an IPC message in base64) before pqarrow does, refusing lengths the message
// cannot back: arrow's IPC reader makes a buffer of the length the message declares before
// reading it, so one flipped byte there cost 700 MB for a 7 KB file.
func checkStoredArrowSchema(path string, rdr *file.Reader) (err error) {
	kv := rdr.MetaData().KeyValueMetadata()
	if kv == nil {
		return nil
	}
	s := kv.FindValue("ARROW:schema")
	if s == nil {
		return nil
	}
	var raw []byte
	if len(*s)%4 == 0 { // as pqarrow decodes it: padded, else unpadded base64
		raw, err = base64.StdEncoding.DecodeString(*s)
	}
	if len(raw) == 0 || err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(*s); err != nil {
			return parquetErr(path, ErrCorrupt, "the stored arrow schema is not base64: %v", err)
		}
	}
	msg := raw
	if len(msg) >= 4 && binary.LittleEndian.Uint32(msg) == 0xFFFFFFFF {
		msg = msg[4:]
	}
	if len(msg) < 4 {
		return parquetErr(path, ErrCorrupt, "the stored arrow schema is truncated")
	}
	if n := int64(int32(binary.LittleEndian.Uint32(msg))); n < 0 || n > int64(len(msg)-4) {
		return parquetErr(path, ErrCorrupt, "the stored arrow schema declares %d bytes, holds %d", n, len(msg)-4)
	}
	n := int(binary.LittleEndian.Uint32(msg))
	if err := checkSchemaVectors(msg[4 : 4+n]); err != nil {
		return parquetErr(path, ErrCorrupt, "the stored arrow schema: %v", err)
	}
	// The body, which a schema message does not have, is allocated through mem: cap it at the
	// message's own size.
	defer func() {
		if r := recover(); r != nil {
			err = parquetErr(path, ErrCorrupt, "the stored arrow schema: %s", DescribePanic(r))
		}
	}()
	mem := cappedAllocator{Allocator: memory.DefaultAllocator, max: len(raw)}
	ir, err := ipc.NewReader(bytes.NewReader(raw), ipc.WithAllocator(mem))
	if err != nil {
		return parquetErr(path, ErrCorrupt, "the stored arrow schema: %v", err)
	}
	ir.Release()
	return nil
}

// checkSchemaVectors walks the vectors of an arrow IPC Schema message (flatbuffers: Message.header
// → Schema.fields → Field.children, and the custom metadata of each) and checks that each
// declared length fits in the message: arrow makes a slice of that length before reading it.
func checkSchemaVectors(buf []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed flatbuffer: %s", DescribePanic(r))
		}
	}()
	if len(buf) < 4 {
		return errors.New("message too short")
	}
	vec := func(t *flatbuffers.Table, slot flatbuffers.VOffsetT) (start flatbuffers.UOffsetT, n int, err error) {
		o := t.Offset(slot)
		if o == 0 {
			return 0, 0, nil
		}
		n, start = t.VectorLen(flatbuffers.UOffsetT(o)), t.Vector(flatbuffers.UOffsetT(o))
		if n < 0 || int64(start)+4*int64(n) > int64(len(buf)) {
			return 0, 0, fmt.Errorf("a vector of %d elements in a %d-byte message", n, len(buf))
		}
		return start, n, nil
	}
	var fields func(t *flatbuffers.Table, slot flatbuffers.VOffsetT, depth int) error
	fields = func(t *flatbuffers.Table, slot flatbuffers.VOffsetT, depth int) error {
		if depth > 64 {
			return errors.New("fields nested deeper than 64")
		}
		start, n, err := vec(t, slot)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			f := &flatbuffers.Table{Bytes: buf, Pos: t.Indirect(start + flatbuffers.UOffsetT(4*i))}
			if err := fields(f, 14, depth+1); err != nil { // Field.children
				return err
			}
			if _, _, err := vec(f, 16); err != nil { // Field.custom_metadata
				return err
			}
		}
		return nil
	}
	msg := &flatbuffers.Table{Bytes: buf, Pos: flatbuffers.GetUOffsetT(buf)}
	if _, _, err := vec(msg, 12); err != nil { // Message.custom_metadata
		return err
	}
	o := msg.Offset(8) // Message.header
	if o == 0 {
		return nil
	}
	sch := &flatbuffers.Table{Bytes: buf, Pos: msg.Indirect(flatbuffers.UOffsetT(o) + msg.Pos)}
	if _, _, err := vec(sch, 8); err != nil { // Schema.custom_metadata
		return err
	}
	return fields(sch, 6, 0) // Schema.fields
}
