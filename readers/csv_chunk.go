package readers

import (
	"bytes"
	"io"
	"math/bits"
)

// Chunker is implemented by tables whose records can be cut, on the reading goroutine, into
// chunks of whole records that other goroutines split into cells (delimited text). Splitting is
// the costliest part of reading such a file, and with chunks it runs on every core while the
// reading goroutine only reads and finds record boundaries. A table is read either with Next or
// with NextChunk, never both.
type Chunker interface {
	// NextChunk fills c with the next run of whole records and returns io.EOF after the last.
	// The records of one table come in order over consecutive chunks; a chunk can be handed to
	// another goroutine and must be returned (reused in a later NextChunk) only once that
	// goroutine is done with it. An error is sticky and comes after the records before it.
	NextChunk(c *Chunk) error
}

// Chunk is a run of whole records of a table. Make one with NewChunk and reuse it: its buffers
// are kept. A chunk is read by one goroutine at a time.
type Chunk struct {
	// Seq numbers the chunks of a table from 0, in record order.
	Seq  int64
	off  int64  // position in the text of data[0]
	data []byte // the records are data[:n]; data[n:] may hold the start of the next chunk
	size int    // the size data starts at, allocated by the first NextChunk that fills it
	n    int
	last bool // the chunk ends the input: its final record may end without a line break
	t    *csvTable

	sp    splitter // parses quoted records of this chunk into its scratch record
	cells [][]byte

	// The record Rows is at, for FullRow: its text (a quote-free line) or, when quoted, its
	// fields in sp's scratch record.
	line   []byte
	quoted bool
	full   [][]byte
	// extended is how many leading cells Cells split for the previous record; those past need
	// are cleared before the next record is delivered.
	extended int
}

// NewChunk returns a chunk whose buffer starts at size bytes (it grows for a record that does
// not fit, up to the table's field limit). The buffer is allocated when a chunk is first filled,
// so a chunk that only meets the end of the input (the last of a small file's pool) costs none.
func NewChunk(size int) *Chunk {
	return &Chunk{size: max(size, 16)}
}

// Recycle readies a chunk for another table, as NewChunk(size) would make it, keeping its buffer
// when it is large enough, and returns the bytes of buffer it keeps. Everything the chunk held of
// its last table (records, split cells, the quote parser's scratch) is zeroed or dropped first,
// so a recycled chunk holds nothing of another file. Only once no goroutine uses the chunk.
func (c *Chunk) Recycle(size int) (kept int) {
	clear(c.data) // the chunk only ever writes within len(c.data): past it, all is zero
	clear(c.sp.fbuf[:cap(c.sp.fbuf)])
	clear(c.cells[:cap(c.cells)])
	clear(c.full[:cap(c.full)])
	return c.Resize(size)
}

// Resize readies a chunk that Recycle scrubbed (and nothing used since) for a table of size-byte
// chunks, without zeroing it again, and returns the bytes of buffer it keeps.
func (c *Chunk) Resize(size int) (kept int) {
	data, fbuf, fend, cells, full := c.data, c.sp.fbuf[:0], c.sp.fend[:0], c.cells, c.full
	*c = Chunk{size: max(size, 16), cells: cells, full: full}
	c.sp.fbuf, c.sp.fend = fbuf, fend
	if cap(data) >= c.size {
		c.data = data[:c.size]
	}
	return cap(data) + cap(fbuf)
}

// Len is the size in bytes of the chunk's records.
func (c *Chunk) Len() int { return c.n }

// Rows calls fn with the cells of every record of the chunk, in order. cells has one entry per
// column of the table: a short record is padded with empty cells and a long one cut, as Next does,
// and both are counted in the table's RaggedRows. Only the first need columns are split (all of
// them when need is negative or at least the width); the others are nil, and FullRow, called
// from fn, returns the record with every column. The cells alias the chunk and are valid only
// during the call. A record longer than the field limit stops the chunk with an ErrLimit error,
// after the records before it. Rows adds the chunk's records to the table's Stats.
func (c *Chunk) Rows(need int, fn func(cells [][]byte)) error {
	rows, ragged, err := c.eachUntil(need, func(cells [][]byte) bool { fn(cells); return true })
	c.t.chunkRows.Add(rows)
	c.t.chunkRagged.Add(ragged)
	return err
}

// FullRow returns every cell of the record Rows is delivering, in a slice of its own (the cells
// fn was given stay as they are): only valid in Rows' fn, until it returns, like them.
func (c *Chunk) FullRow() [][]byte {
	width := len(c.t.cols)
	if cap(c.full) < width {
		c.full = make([][]byte, width)
	}
	return c.splitInto(c.full[:width], width)
}

// Cells returns the cells of the record Rows is delivering with at least the first k split (all
// of them for k ≥ the width): for fn to reach past need for the rare record that needs it. The
// cells are those fn was given, extended in place; valid only in fn, like them.
func (c *Chunk) Cells(k int) [][]byte {
	c.extended = max(c.extended, min(k, len(c.t.cols)))
	return c.splitInto(c.cells[:len(c.t.cols)], k)
}

// splitInto puts the first k cells of the current record into cells and returns cells.
func (c *Chunk) splitInto(cells [][]byte, k int) [][]byte {
	k = min(k, len(cells))
	if c.quoted {
		n := len(c.sp.fend)
		for j := range cells[:k] {
			cells[j] = nil
			if j < n {
				cells[j] = c.sp.field(j)
			}
		}
		return cells
	}
	splitLine(c.line, c.t.delim, cells[:k])
	return cells
}

// Fill puts up to maxRows records from the start of the chunk into b, without counting them in
// the table's Stats: a preview (for typing columns before counting) of rows that Rows will also
// deliver.
func (c *Chunk) Fill(b *Batch, maxRows int) {
	b.Reset(len(c.t.cols))
	if maxRows <= 0 {
		return
	}
	_, _, _ = c.eachUntil(-1, func(cells [][]byte) bool {
		for j, v := range cells {
			b.Columns[j].Append(v)
		}
		b.Rows++
		return b.Rows < maxRows
	})
}

// splitLine cuts a quote-free line (without its line break) at every delim into cells, leaving
// the cells past its last field nil, and returns how many fields it has. Only len(cells) fields
// are cut; the rest are only counted.
func splitLine(line []byte, delim byte, cells [][]byte) (fields int) {
	for {
		if fields == len(cells) {
			return fields + bytes.Count(line, []byte{delim}) + 1
		}
		k := bytes.IndexByte(line, delim)
		if k < 0 {
			cells[fields] = line
			fields++
			break
		}
		cells[fields] = line[:k]
		fields++
		line = line[k+1:]
	}
	for j := fields; j < len(cells); j++ {
		cells[j] = nil
	}
	return fields
}

// eachUntil splits the chunk's records with the same rules as csvTable.Next: quote-free lines are
// cut in place, lines with a quote go through the quote-aware parser. Quote-free lines are cut
// only up to column need (every column if need < 0). fn returning false stops.
func (c *Chunk) eachUntil(need int, fn func(cells [][]byte) bool) (rows, ragged int64, err error) {
	t := c.t
	width := len(t.cols)
	if cap(c.cells) < width {
		c.cells = make([][]byte, width)
	}
	cells := c.cells[:width]
	if need < 0 || need > width {
		need = width
	}
	for j := need; j < width; j++ {
		cells[j] = nil
	}
	sp := &c.sp
	sp.buf, sp.r, sp.w, sp.eof, sp.nextQuote = c.data[:c.n], 0, c.n, c.last, -1
	sp.maxRecord = t.sp.maxRecord
	d := t.delim
	data := sp.buf
	for pos := 0; pos < len(data); {
		rest := data[pos:]
		nl := bytes.IndexByte(rest, '\n')
		line := rest
		if nl >= 0 {
			line = rest[:nl]
		}
		if len(line) > sp.maxRecord {
			return rows, ragged, t.wrapChunk(sp.limitError(), c.off+int64(pos))
		}
		var fields int
		openQuote := false
		if sp.quoteFrom(pos) < pos+len(line) {
			next, st := sp.parseRecord(pos, d)
			if st == recordMore || next-pos > sp.maxRecord {
				// NextChunk cut the chunk after whole records, so only an over-long record
				// can get here.
				return rows, ragged, t.wrapChunk(sp.limitError(), c.off+int64(pos))
			}
			pos = next
			fields, openQuote, c.quoted = len(sp.fend), st == recordOpenQuote, true
			c.splitInto(cells, need)
		} else {
			pos += len(line)
			if nl >= 0 {
				pos++
			}
			if k := len(line); k > 0 && line[k-1] == '\r' {
				line = line[:k-1]
			}
			if len(line) == 0 {
				continue // a blank line is no record
			}
			fields = splitLine(line, d, cells[:need])
			c.line, c.quoted = line, false
		}
		rows++
		if fields != width || openQuote {
			ragged++
		}
		if c.extended > need {
			clear(cells[need:c.extended])
		}
		c.extended = 0
		if !fn(cells) {
			break
		}
	}
	return rows, ragged, nil
}

// NextChunk implements Chunker. The chunk's buffer is filled straight from the source, after the
// unfinished record the previous chunk left over; only that tail is copied.
func (t *csvTable) NextChunk(c *Chunk) error {
	c.t = t
	c.n, c.last = 0, false
	if t.err != nil {
		return t.err
	}
	if !t.chunking {
		// The first chunk starts with what opening the file buffered after the header.
		t.chunking = true
		sp := t.sp
		t.pend, t.pendEOF = sp.buf[sp.r:sp.w], sp.eof
		t.chunkOff = sp.base + int64(sp.r)
		sp.r = sp.w
	}
	if len(t.pend) == 0 && t.pendEOF {
		t.done = true
		return io.EOF
	}
	if c.data == nil {
		// Room to spare up to a power of two, so that a recycled chunk (Recycle) keeps its buffer
		// for files a little larger than the last, not only for smaller ones; only len is used.
		c.data = make([]byte, c.size, 1<<bits.Len(uint(c.size-1)))
	}
	if len(c.data) < len(t.pend) {
		c.data = make([]byte, max(len(t.pend), 2*len(c.data)))
	}
	w := copy(c.data, t.pend)
	t.pend = nil
	eof := t.pendEOF
	for {
		if !eof {
			n, err := io.ReadFull(t.sp.rd, c.data[w:])
			w += n
			switch err {
			case nil:
			case io.EOF, io.ErrUnexpectedEOF:
				eof = true
			default:
				// Deliver the whole records read so far; the error comes next time.
				t.err = t.wrapChunk(err, -1)
				eof = true
			}
		}
		if eof {
			c.n, c.last = w, t.err == nil
			if t.err != nil {
				c.n = lastRecordEnd(&c.sp, c.data[:w], t.delim)
			}
			t.pend, t.pendEOF = nil, true
			break
		}
		if end := lastRecordEnd(&c.sp, c.data[:w], t.delim); end > 0 {
			c.n = end
			t.pend = c.data[end:w]
			break
		}
		// Not one whole record in the buffer: grow it, up to the record limit.
		if w > t.sp.maxRecord {
			t.err = t.wrapChunk(t.sp.limitError(), t.chunkOff)
			t.pend, t.pendEOF = nil, true
			return t.err
		}
		nd := make([]byte, min(2*len(c.data), t.sp.maxBuf))
		copy(nd, c.data[:w])
		c.data = nd
	}
	c.Seq, c.off = t.chunkSeq, t.chunkOff
	t.chunkSeq++
	t.chunkOff += int64(c.n)
	if c.n == 0 {
		if t.err != nil {
			return t.err
		}
		t.done = true
		return io.EOF
	}
	return nil
}

// wrapChunk wraps an error of chunked reading, where the row number is not known but the
// position in the text of the record at fault (off, 0-based; negative if none) is.
func (t *csvTable) wrapChunk(err error, off int64) error {
	return &Error{Path: t.path, Byte: off + 1, Err: err}
}

// lastRecordEnd returns where the last record that ends inside data ends (0 if none does), data
// starting at a record. Quote-free data is cut after its last line break; from the first line
// with a quote on, records are walked with the parser Next uses, so both agree on every file.
func lastRecordEnd(sp *splitter, data []byte, delim byte) int {
	last := bytes.LastIndexByte(data, '\n')
	if last < 0 {
		return 0
	}
	q := bytes.IndexByte(data[:last], '"')
	if q < 0 {
		return last + 1
	}
	sp.buf, sp.r, sp.w, sp.eof, sp.nextQuote = data, 0, len(data), false, -1
	pos := bytes.LastIndexByte(data[:q], '\n') + 1 // the lines before are whole records
	end := pos
	for pos < len(data) {
		nl := bytes.IndexByte(data[pos:], '\n')
		if nl < 0 {
			break
		}
		if sp.quoteFrom(pos) < pos+nl {
			next, st := sp.parseRecord(pos, delim)
			if st == recordMore {
				break
			}
			pos = next
		} else {
			pos += nl + 1
		}
		end = pos
	}
	return end
}
