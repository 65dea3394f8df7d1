// Package readers streams tabular files (delimited text, JSON and JSON Lines, Parquet, Excel,
// each also gzip, bzip2, xz or zstd compressed) into one table abstraction: a File yields Tables, a Table yields column names and then column-major Batches of
// cells until io.EOF. Every cell is the text a person would see in the source application,
// losslessly: readers know nothing of detectors, the law or reports.
package readers

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Sentinel errors. Reader errors wrap one of these (with the path and, where known, the row and
// column) so callers can use errors.Is.
var (
	// ErrUnsupported means no reader is registered for the file's extension.
	ErrUnsupported = errors.New("unsupported format")
	// ErrCorrupt means the file is not a valid instance of its format (bad magic, truncated, junk).
	ErrCorrupt = errors.New("corrupt or unreadable file")
	// ErrEncrypted means the file is password-protected.
	ErrEncrypted = errors.New("encrypted file")
	// ErrLimit means an input-controlled size exceeded a configured limit (zip bomb, giant line).
	ErrLimit = errors.New("resource limit exceeded")
	// ErrEmpty means the file holds no data at all (zero bytes or no rows and no header).
	ErrEmpty = errors.New("empty file")
)

// BlobPrefix marks a cell that held binary data (a Parquet BYTE_ARRAY without a string logical
// type, for instance). The rest of the cell is "<total length>:<standard base64 of the first
// BlobHeadBytes bytes>", enough for the biometric detector to see an image's magic number without
// holding whole images in memory.
const BlobPrefix = "blob:"

// BlobHeadBytes is how many leading bytes of a binary cell are kept in its text form.
const BlobHeadBytes = 48

// Column holds one column's cells of a Batch, packed: cell i is Data[Ends[i-1]:Ends[i]] (with
// Ends[-1] = 0). Packing avoids one allocation per cell on the hot path.
type Column struct {
	Data []byte
	Ends []int
}

// Len is the number of cells in the column.
func (c *Column) Len() int { return len(c.Ends) }

// Cell returns cell i. The slice aliases the batch's buffer: copy it to keep it past the next
// call to Table.Next.
func (c *Column) Cell(i int) []byte {
	start := 0
	if i > 0 {
		start = c.Ends[i-1]
	}
	return c.Data[start:c.Ends[i]]
}

// Append adds a cell.
func (c *Column) Append(b []byte) {
	c.Data = append(c.Data, b...)
	c.Ends = append(c.Ends, len(c.Data))
}

// AppendString adds a cell.
func (c *Column) AppendString(s string) {
	c.Data = append(c.Data, s...)
	c.Ends = append(c.Ends, len(c.Data))
}

// Reset empties the column, keeping its buffers.
func (c *Column) Reset() {
	c.Data = c.Data[:0]
	c.Ends = c.Ends[:0]
}

// Batch is a block of rows, column-major. Every column of a batch has the same number of cells,
// Rows. A table with projection set fills only the projected columns; the others stay empty.
type Batch struct {
	Columns []Column
	Rows    int
}

// Reset empties the batch for n columns, keeping buffers.
func (b *Batch) Reset(n int) {
	if cap(b.Columns) < n {
		cols := make([]Column, n)
		copy(cols, b.Columns)
		b.Columns = cols
	}
	b.Columns = b.Columns[:n]
	for i := range b.Columns {
		b.Columns[i].Reset()
	}
	b.Rows = 0
}

// CopyFrom makes b a copy of src, reusing b's buffers.
func (b *Batch) CopyFrom(src *Batch) {
	b.Reset(len(src.Columns))
	for i := range src.Columns {
		b.Columns[i].Data = append(b.Columns[i].Data, src.Columns[i].Data...)
		b.Columns[i].Ends = append(b.Columns[i].Ends, src.Columns[i].Ends...)
	}
	b.Rows = src.Rows
}

// Scrub zeroes every byte the batch's buffers hold, up to their capacity, and empties it,
// keeping the buffers: a batch recycled for another file then holds no cell of this one. It
// returns the bytes of buffer kept, so a caller can drop a batch one huge table grew.
func (b *Batch) Scrub() (kept int) {
	cols := b.Columns[:cap(b.Columns)]
	for i := range cols {
		c := &cols[i]
		clear(c.Data[:cap(c.Data)])
		c.Reset()
		kept += cap(c.Data) + 8*cap(c.Ends)
	}
	b.Columns = b.Columns[:0]
	b.Rows = 0
	return kept
}

// Table is one sheet of a workbook, or the single table of a CSV or Parquet file.
type Table interface {
	// Name is the sheet name for Excel, the member's key for a JSON table read from a top-level
	// object's array ("$" for its other members), "" otherwise.
	Name() string
	// Columns are the column names: the header row, or col_1, col_2… for headerless data.
	Columns() []string
	// Next fills b with the next rows (b is reset first) and returns io.EOF after the last row.
	// A batch may be returned together with a nil error only; io.EOF comes with an empty batch.
	Next(b *Batch) error
	// Stats reports what the reader noticed so far; final after io.EOF.
	Stats() TableStats
}

// Projector is implemented by tables that can skip decoding columns (Parquet). After Project,
// Next fills only the listed columns (indexes into Columns()); nil restores all.
type Projector interface {
	Project(cols []int) error
}

// Sampler is implemented by tables that can cheaply draw rows spread over the whole table without
// reading all of it (Parquet row groups). Sample fills b with about n rows and does not disturb Next.
type Sampler interface {
	Sample(n int, b *Batch) error
}

// TableStats are facts a reader noticed while reading that the report should carry.
type TableStats struct {
	// Rows read so far (data rows, header excluded).
	Rows int64
	// RaggedRows counts rows whose cell count differed from the header's; they are padded or
	// truncated to the header's width, not dropped.
	RaggedRows int64
	// PrecisionLost counts numeric cells that a spreadsheet had already stored as a float with
	// more than 15 significant digits (an 18-digit ID typed as a number): their last digits are gone.
	PrecisionLost int64
	// PrecisionLostColumns lists the column indexes where that happened, ascending.
	PrecisionLostColumns []int
}

// File is an opened input. Tables come one after the other; a table is valid until the next call
// to NextTable or Close.
type File interface {
	// NextTable returns the next table, or io.EOF when there are no more.
	NextTable() (Table, error)
	// Info describes the file as read so far (encoding is known after opening).
	Info() Info
	Close() error
}

// Info describes an opened file.
type Info struct {
	// Format is the report's format id: csv, tsv, json, jsonl, parquet, xlsx.
	Format string
	// Encoding of delimited text and JSON: utf-8, utf-8-bom, utf-16le, utf-16be, utf-32le,
	// utf-32be, gb18030, big5, shift_jis, euc-kr. Empty for binary formats.
	Encoding string
	// Delimiter of delimited text, as a one-character string.
	Delimiter string
	// Compression of the container: gzip, bzip2, xz, zstd; empty when none.
	Compression string
	// RandomAccess is set by a reader that reads its Source only through ReadAt and never calls
	// Read (Parquet, xlsx and ods opened from a file): the caller may then read Source.R
	// sequentially on another goroutine (the scanner hashes the file that way while the reader
	// decodes it). The default, false, is a sequential reader: nobody else may touch Source.R.
	RandomAccess bool
}

// Source is what a reader opens: the file's path plus a read-only handle. Readers never open the
// path themselves, so the caller controls how (read-only, no following links, hashing the bytes).
type Source struct {
	Path string
	// R reads the file from the start. Sequential readers use only this; when it also implements
	// io.ReaderAt (and Size is known) random-access formats may use ReadAt only and never Read,
	// and say so with Info.RandomAccess.
	R io.Reader
	// Size in bytes, or -1 if unknown.
	Size int64
	// Limits bounds input-controlled sizes.
	Limits Limits
	// Workers is how many goroutines a reader may decode on at once (0 and 1: only the caller's).
	// The scanner gives a large file its workers, so that a format whose parts decode
	// independently (a Parquet row group's column chunks) uses every core.
	Workers int
	// Buffers, when set, lends the reader its large read buffers for as long as the file is
	// open. Nil: the reader allocates them.
	Buffers Buffers
}

// Buffers lends byte buffers, so that a caller opening thousands of small files recycles the
// buffers each reads into instead of allocating them afresh. Get returns a buffer of length n
// whose bytes are all zero. Put takes back a buffer Get returned, at the length Get gave it,
// once the reader will never touch it again; it may hold the file's bytes, which the lender
// must erase before lending it again. Both are safe for concurrent use.
type Buffers interface {
	Get(n int) []byte
	Put(b []byte)
}

// getBuffer returns a zeroed buffer of length n, from bs when set.
func getBuffer(bs Buffers, n int) []byte {
	if bs == nil {
		return make([]byte, n)
	}
	return bs.Get(n)
}

// ReaderAt returns the source as an io.ReaderAt if it supports random access.
func (s Source) ReaderAt() (io.ReaderAt, bool) {
	ra, ok := s.R.(io.ReaderAt)
	return ra, ok
}

// Limits bounds what input can make a reader allocate or do. Zero fields take the defaults.
type Limits struct {
	// MaxFieldBytes is the longest cell or line accepted (delimited text).
	MaxFieldBytes int
	// MaxColumns is the most columns a table may have.
	MaxColumns int
	// MaxDecompressedBytes bounds gzip, bzip2, xz and zstd output, a spooled temporary copy and
	// the unzipped size of an xlsx part.
	MaxDecompressedBytes int64
	// MaxSheets is the most sheets a workbook may have.
	MaxSheets int
	// BatchRows is the number of rows per batch.
	BatchRows int
}

// Default limits.
const (
	DefaultMaxFieldBytes        = 16 << 20
	DefaultMaxColumns           = 16384
	DefaultMaxDecompressedBytes = 16 << 30
	DefaultMaxSheets            = 1024
	DefaultBatchRows            = 4096
)

// WithDefaults returns l with zero fields set to the defaults.
func (l Limits) WithDefaults() Limits {
	if l.MaxFieldBytes <= 0 {
		l.MaxFieldBytes = DefaultMaxFieldBytes
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultMaxColumns
	}
	if l.MaxDecompressedBytes <= 0 {
		l.MaxDecompressedBytes = DefaultMaxDecompressedBytes
	}
	if l.MaxSheets <= 0 {
		l.MaxSheets = DefaultMaxSheets
	}
	if l.BatchRows <= 0 {
		l.BatchRows = DefaultBatchRows
	}
	return l
}

// Error is a reader error with where it happened. It wraps a sentinel (or an underlying error).
type Error struct {
	Path   string
	Row    int64 // 1-based data row, 0 if unknown
	Column int   // 1-based column, 0 if unknown
	// Byte is the 1-based position in the text where the record at fault starts, 0 if unknown:
	// delimited text read in chunks knows where a record is, not its row number. It counts the
	// file's bytes for UTF-8 text, the decoded text's UTF-8 bytes for other encodings and gzip.
	Byte int64
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	} else if e.Byte > 0 {
		fmt.Fprintf(&b, ": record at byte %d", e.Byte)
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Opener opens one format.
type Opener func(src Source) (File, error)

// Format registers a reader for a set of file-name suffixes.
type Format struct {
	// ID is the report's format id.
	ID string
	// Suffixes are lower-case name endings including the dot, e.g. ".csv.gz".
	Suffixes []string
	Open     Opener
	// RandomAccess declares that Open reads its Source through ReadAt (Source.ReaderAt): a caller
	// holding a stream (an archive member, an object) must give it a random-access copy or ranges.
	// Formats that read sequentially leave it false.
	RandomAccess bool
	// RangeReads declares, for a RandomAccess format, that Open makes few reads, most of them
	// large (a footer, then whole column chunks): an object in a store is then best read with
	// range requests rather than copied whole first. A format of many small scattered reads (a
	// zip-packaged workbook) leaves it false and gets a copy.
	RangeReads bool
}

// Registry maps file names to formats. The zero value is empty; Default returns the built-in one.
type Registry struct {
	formats []Format
}

// Register adds a format. Later registrations win for the same suffix.
func (r *Registry) Register(f Format) { r.formats = append(r.formats, f) }

// Lookup returns the format for a file name, matching the longest suffix case-insensitively.
func (r *Registry) Lookup(name string) (Format, bool) {
	lower := strings.ToLower(filepath.Base(name))
	best, bestLen := Format{}, 0
	for _, f := range r.formats {
		for _, s := range f.Suffixes {
			if strings.HasSuffix(lower, s) && len(s) >= bestLen && len(lower) > len(s) {
				best, bestLen = f, len(s)
			}
		}
	}
	return best, bestLen > 0
}

// Open opens src with the reader registered for its path.
func (r *Registry) Open(src Source) (File, error) {
	f, ok := r.Lookup(src.Path)
	if !ok {
		return nil, &Error{Path: src.Path, Err: ErrUnsupported}
	}
	src.Limits = src.Limits.WithDefaults()
	return f.Open(src)
}

// Default returns a registry with every built-in format. Each format's file adds itself to
// builtins in its own init, so adding a format is one file plus its test.
func Default() *Registry {
	r := &Registry{}
	for _, f := range builtins {
		r.Register(f)
	}
	return r
}

// builtins is filled once at init by each format's file and never modified afterwards.
var builtins []Format
