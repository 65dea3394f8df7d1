package readers

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/xborder/xborder/scanner/detect"
	"github.com/xborder/xborder/scanner/redact"
)

func init() {
	builtins = append(builtins,
		Format{ID: "csv", Suffixes: withCompressions(".csv", ".txt", ".psv"), Open: OpenCSV},
		Format{ID: "tsv", Suffixes: withCompressions(".tsv"), Open: OpenTSV},
	)
}

// OpenCSV opens delimited text reported as format csv (.csv, .txt, .psv, each also compressed:
// .gz, .bz2, .xz, .zst; see compress.go). The delimiter is sniffed, so a semicolon- or
// tab-separated file named .csv reads correctly.
//
// What the delimited-text reader does with imperfect input, on purpose:
//   - Encoding is decided on the first 64 KiB. Invalid UTF-8 after that prefix in a file detected
//     as UTF-8 is delivered byte for byte (never replaced, never fatal): cells are the file's
//     bytes, and detectors must cope with invalid UTF-8 anyway. GB18030 and UTF-16 input is
//     decoded, undecodable bytes becoming U+FFFD as x/text does.
//   - Cells are delivered as written: no trimming, and a CRLF inside a quoted cell stays CRLF
//     (encoding/csv would turn it into LF). Blank lines are skipped.
//   - Quoting is lenient like encoding/csv's LazyQuotes: a bare quote in an unquoted cell is text,
//     and a quoted cell still open at the end of the input ends there; that row counts as ragged.
//   - Rows with more or fewer cells than the header are truncated or padded and counted in
//     TableStats.RaggedRows, never dropped.
//   - A record (a line, or several lines inside quotes) longer than Limits.MaxFieldBytes stops the
//     table with ErrLimit and its data row number; nothing longer than that is ever buffered.
//   - The source is read strictly sequentially, once; after an error the rest is not drained.
func OpenCSV(src Source) (File, error) { return openDelimited(src, "csv") }

// OpenTSV opens delimited text reported as format tsv (.tsv, also compressed); tab is preferred when the
// sniffer cannot tell.
func OpenTSV(src Source) (File, error) { return openDelimited(src, "tsv") }

// sniffRecords is how many leading records decide the delimiter and whether there is a header.
const sniffRecords = 20

// delimiterCandidates in order of preference when the evidence is equal.
var delimiterCandidates = [...]byte{',', '\t', ';', '|'}

// csvFile is an opened delimited-text file: one table.
type csvFile struct {
	info   Info
	table  *csvTable
	sp     *splitter // the table's; its buffer goes back to Source.Buffers on Close
	served bool
	async  *asyncReader
	closeZ func() // releases the decompressor
}

func (f *csvFile) NextTable() (Table, error) {
	if f.served {
		return nil, io.EOF
	}
	f.served = true
	return f.table, nil
}

func (f *csvFile) Info() Info { return f.info }

// Close releases the decoding goroutine if there is one, and the read buffer. It does not drain
// the source: a caller that hashes the bytes and stops early (after an error) must drain
// Source.R itself.
func (f *csvFile) Close() error {
	if f.async != nil {
		f.async.Close()
	}
	if f.sp != nil {
		f.sp.release()
		f.sp = nil
	}
	if f.closeZ != nil {
		f.closeZ()
		f.closeZ = nil
	}
	return nil
}

// csvTable delivers the rows of a delimited-text file.
type csvTable struct {
	path      string
	sp        *splitter
	delim     byte
	cols      []string
	batchRows int
	stats     TableStats
	done      bool
	err       error // sticky: returned by every Next after it happened

	// Chunked reading (NextChunk): what was read after the last whole record handed out,
	// whether the input ended after it, and the records counted by the goroutines splitting
	// the chunks.
	chunking               bool
	pend                   []byte
	pendEOF                bool
	chunkSeq               int64
	chunkOff               int64 // position in the text of the next chunk
	chunkRows, chunkRagged atomic.Int64
}

func (t *csvTable) Name() string      { return "" }
func (t *csvTable) Columns() []string { return t.cols }
func (t *csvTable) Stats() TableStats {
	st := t.stats
	st.Rows += t.chunkRows.Load()
	st.RaggedRows += t.chunkRagged.Load()
	return st
}
func (t *csvTable) wrap(err error) error {
	return &Error{Path: t.path, Row: t.stats.Rows + 1, Err: err}
}

// openDelimited detects compression, encoding, delimiter and header, leaving the table positioned
// at the first data row. It reads Source.R strictly sequentially.
func openDelimited(src Source, format string) (File, error) {
	lim := src.Limits.WithDefaults()
	wrap := func(err error) error { return &Error{Path: src.Path, Err: err} }

	compression, base := splitCompression(src.Path)
	prefer := preferredDelimiter(base)

	info := Info{Format: format, Compression: compression}
	r, closeZ, err := decompress(compression, src.R, lim)
	if err != nil {
		return nil, wrap(err)
	}

	sizeHint := src.Size
	if info.Compression != "" {
		sizeHint = 0 // the decompressed size is unknown
	}
	sp := newSplitter(nil, lim.MaxFieldBytes, sizeHint, src.Buffers)
	f := &csvFile{info: info, closeZ: closeZ, sp: sp}
	n, more, err := readPrefix(r, sp.buf[:sniffPrefixBytes])
	if err != nil {
		f.Close()
		return nil, wrap(err)
	}
	enc, bom, err := detectEncoding(sp.buf[:n], more)
	if err != nil {
		f.Close()
		return nil, wrap(err)
	}
	info.Encoding = enc
	f.info = info

	if dec := decoderFor(enc); dec != nil {
		prefix := bytes.Clone(sp.buf[:n])
		var dr io.Reader = newDecodeReader(io.MultiReader(bytes.NewReader(prefix), r), dec)
		if more {
			f.async = newAsyncReader(dr)
			dr = f.async
		}
		sp.rd = dr
	} else {
		sp.rd, sp.r, sp.w, sp.eof = r, bom, n, !more
	}
	sp.fill()
	if sp.rerr != nil {
		f.Close()
		return nil, wrap(sp.rerr)
	}

	delim := sniffDelimiter(sp, prefer)
	f.info.Delimiter = string(rune(delim))
	t := &csvTable{path: src.Path, sp: sp, delim: delim, batchRows: lim.BatchRows}
	f.table = t
	if err := t.readHeader(lim.MaxColumns); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// preferredDelimiter is the delimiter the file name base suggests: a tab for .tsv, '|' for .psv,
// a comma otherwise.
func preferredDelimiter(base string) byte {
	switch {
	case strings.HasSuffix(base, ".tsv"):
		return '\t'
	case strings.HasSuffix(base, ".psv"):
		return '|'
	}
	return ','
}

// readHeader reads the first record and, if it looks like a header next to the records after it,
// takes the column names from it; otherwise the columns are col_1, col_2… and the first record
// stays the first data row.
func (t *csvTable) readHeader(maxColumns int) error {
	sp := t.sp
	first, err := t.readScratchRecord()
	if err != nil {
		if err == io.EOF {
			return &Error{Path: t.path, Err: ErrEmpty}
		}
		return err
	}
	width := len(sp.fend)
	if width > maxColumns {
		return &Error{Path: t.path, Err: limitError(fmt.Sprintf("%d columns exceed", width), strconv.Itoa(maxColumns)+"-column", flagMaxColumns)}
	}
	header := make([]string, width)
	for i := range header {
		header[i] = string(sp.field(i))
	}
	// Peek at the rows after the first without consuming them.
	rest := peekRecords(sp, first, t.delim, sniffRecords)
	if looksLikeHeader(header, rest) {
		sp.r = first
		t.cols = headerNames(header)
	} else {
		t.cols = make([]string, width)
		for i := range t.cols {
			t.cols[i] = "col_" + strconv.Itoa(i+1)
		}
	}
	return nil
}

// readScratchRecord parses the next record into the splitter's scratch with the quote-aware
// parser, reading more as needed, and returns where the record after it starts (the splitter's
// position is not moved). io.EOF means there is no record left.
func (t *csvTable) readScratchRecord() (next int, err error) {
	sp := t.sp
	for {
		pos, st := sp.skipBlank(sp.r)
		if st == recordEnd {
			return 0, io.EOF
		}
		if st == recordOK {
			sp.r = pos
			var end int
			end, st = sp.parseRecord(pos, t.delim)
			if st != recordMore {
				if end-pos > sp.maxRecord {
					return 0, t.wrap(sp.limitError())
				}
				return end, nil
			}
		}
		if err := t.more(); err != nil {
			return 0, err
		}
	}
}

// more reads more input for an unfinished record, enforcing the record limit.
func (t *csvTable) more() error {
	sp := t.sp
	if sp.w-sp.r > sp.maxRecord {
		return t.wrap(sp.limitError())
	}
	if !sp.fill() {
		if sp.rerr != nil {
			return t.wrap(sp.rerr)
		}
		if !sp.eof {
			return t.wrap(sp.limitError())
		}
	}
	return nil
}

// peekRecords parses up to n records from pos with delimiter delim without consuming them. Only
// records that end inside the buffer are returned. Their cells are substrings of one string, and
// the records share one slice of cells: a few allocations per file, not one per cell.
func peekRecords(sp *splitter, pos int, delim byte, n int) [][]string {
	var (
		text   []byte
		ends   []int // where each cell ends in text
		widths []int // cells per record
	)
	for len(widths) < n {
		p, st := sp.skipBlank(pos)
		if st != recordOK {
			break
		}
		next, st := sp.parseRecord(p, delim)
		if st == recordMore {
			break
		}
		for i := range sp.fend {
			text = append(text, sp.field(i)...)
			ends = append(ends, len(text))
		}
		widths = append(widths, len(sp.fend))
		pos = next
		if st == recordOpenQuote {
			break
		}
	}
	if len(widths) == 0 {
		return nil
	}
	all, cells := string(text), make([]string, len(ends))
	start := 0
	for i, e := range ends {
		cells[i], start = all[start:e], e
	}
	out := make([][]string, len(widths))
	for r, w := range widths {
		out[r], cells = cells[:w:w], cells[w:]
	}
	return out
}

// peekWidths is peekRecords counting each record's fields only: sniffing a header of millions of
// columns under every candidate delimiter must not turn each field into a string.
func peekWidths(sp *splitter, pos int, delim byte, n int) []int {
	var out []int
	for len(out) < n {
		p, st := sp.skipBlank(pos)
		if st != recordOK {
			break
		}
		next, st := sp.parseRecord(p, delim)
		if st == recordMore {
			break
		}
		out = append(out, len(sp.fend))
		pos = next
		if st == recordOpenQuote {
			break
		}
	}
	return out
}

// sniffDelimiter picks the candidate under which the first record (the header, or the first data
// row, which sets the table's width) has more than one field and most of the following records
// have that many fields too. The suffix's delimiter wins ties, then the wider split; it is also
// the answer when no candidate splits the first record.
func sniffDelimiter(sp *splitter, prefer byte) byte {
	best, bestScore, bestWidth := prefer, 0.0, 0
	for _, d := range delimiterCandidates {
		recs := peekWidths(sp, sp.r, d, sniffRecords)
		if len(recs) == 0 || recs[0] < 2 {
			continue
		}
		width, same := recs[0], 0
		for _, w := range recs {
			if w == width {
				same++
			}
		}
		score := float64(same) / float64(len(recs))
		better := score > bestScore ||
			(score == bestScore && d == prefer) ||
			(score == bestScore && best != prefer && width > bestWidth)
		if better {
			best, bestScore, bestWidth = d, score, width
		}
	}
	return best
}

// looksLikeHeader decides whether the first record names the columns. A header has no number- or
// ID-like cells and none that validates as personal information; it is confirmed when some column's data is number-like (or of one fixed length)
// while its header cell is not, and rejected when its cells repeat with nothing to confirm it. A
// lone record is a header: a file of column names and no rows is more likely than one data row.
func looksLikeHeader(first []string, rest [][]string) bool {
	for _, h := range first {
		// A cell that validates as personal information (an ID, a phone number, an e-mail
		// address) is data: column names are printed in every report and stored in the ledger.
		if numberLike(h) || redact.Contains(h) {
			return false
		}
	}
	if len(rest) == 0 {
		return true
	}
	for j, h := range first {
		numeric, sameLen, n := 0, true, 0
		length := -1
		for _, r := range rest {
			if j >= len(r) || r[j] == "" {
				continue
			}
			n++
			if numberLike(r[j]) {
				numeric++
			}
			l := utf8.RuneCountInString(r[j])
			if length >= 0 && l != length {
				sameLen = false
			}
			length = l
		}
		if n == 0 {
			continue
		}
		if numeric*2 > n || (sameLen && n >= 2 && length != utf8.RuneCountInString(h)) {
			return true
		}
	}
	seen := map[string]bool{}
	for _, h := range first {
		if h == "" {
			continue
		}
		if seen[h] {
			return false
		}
		seen[h] = true
	}
	return true
}

// numberLike reports cells made mostly of digits: amounts, dates, timestamps, phone numbers, IDs
// (an 18-digit resident ID may end in X). Header names almost never are. The cell is cleaned as
// the detectors see it (detect.CleanCell: the one trim), so a value in an Excel text guard
// (="13812345678") or between no-break spaces is data here as it is there.
func numberLike(s string) bool {
	s = string(detect.CleanCell(nil, []byte(s)))
	digits, letters := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return digits > 0 && digits*3 >= len(s)*2 && letters <= 2
}

// headerNames makes header cells usable as column names: an empty name becomes col_N (its 1-based
// position) and a repeated name gets _2, _3… so that every column stays distinguishable.
func headerNames(cells []string) []string {
	names := make([]string, len(cells))
	used := make(map[string]bool, len(cells))
	for i, c := range cells {
		if c != "" && !used[c] {
			names[i] = c
			used[c] = true
		}
	}
	// next remembers, per base name, the suffix to try next: a header of a million copies of one
	// name costs one probe per column, not one per earlier copy.
	next := map[string]int{}
	for i, c := range cells {
		if names[i] != "" {
			continue
		}
		base := c
		if base == "" {
			base = "col_" + strconv.Itoa(i+1)
		}
		name := base
		if used[name] {
			k := max(next[base], 2)
			for name = base + "_" + strconv.Itoa(k); used[name]; name = base + "_" + strconv.Itoa(k) {
				k++
			}
			next[base] = k + 1
		}
		names[i] = name
		used[name] = true
	}
	return names
}

// Next fills b with up to BatchRows rows. Quote-free lines take the fast path: split in place and
// appended straight into the packed columns.
func (t *csvTable) Next(b *Batch) error {
	n := len(t.cols)
	b.Reset(n)
	if t.err != nil {
		return t.err
	}
	if t.done {
		return io.EOF
	}
	sp := t.sp
	d := t.delim
	for b.Rows < t.batchRows {
		data := sp.buf[sp.r:sp.w]
		nl := bytes.IndexByte(data, '\n')
		line := data
		if nl >= 0 {
			line = data[:nl]
		} else if !sp.eof {
			if err := t.more(); err != nil {
				return t.fail(b, err)
			}
			continue
		} else if len(data) == 0 {
			t.done = true
			break
		}
		if len(line) > sp.maxRecord {
			return t.fail(b, t.wrap(sp.limitError()))
		}
		if sp.quoteFrom(sp.r) < sp.r+len(line) {
			next, st := sp.parseRecord(sp.r, d)
			if st == recordMore {
				if err := t.more(); err != nil {
					return t.fail(b, err)
				}
				continue
			}
			if next-sp.r > sp.maxRecord {
				return t.fail(b, t.wrap(sp.limitError()))
			}
			sp.r = next
			t.appendScratch(b, st == recordOpenQuote)
			continue
		}
		sp.r += len(line)
		if nl >= 0 {
			sp.r++
		}
		if k := len(line); k > 0 && line[k-1] == '\r' {
			line = line[:k-1]
		}
		if len(line) == 0 {
			continue
		}
		cols := b.Columns
		j := 0
		for {
			k := bytes.IndexByte(line, d)
			f := line
			if k >= 0 {
				f = line[:k]
			}
			if j < n {
				c := &cols[j]
				c.Data = append(c.Data, f...)
				c.Ends = append(c.Ends, len(c.Data))
			}
			j++
			if k < 0 {
				break
			}
			line = line[k+1:]
		}
		t.finishRow(b, j, false)
	}
	if b.Rows == 0 {
		return io.EOF
	}
	return nil
}

// appendScratch adds the quote-aware parser's record to b.
func (t *csvTable) appendScratch(b *Batch, openQuote bool) {
	sp := t.sp
	w := min(len(sp.fend), len(b.Columns))
	for j := range w {
		b.Columns[j].Append(sp.field(j))
	}
	t.finishRow(b, len(sp.fend), openQuote)
}

// finishRow pads a short row and counts ragged ones. A row whose quoted field was still open at
// the end of the input is counted as ragged too: its shape cannot be trusted.
func (t *csvTable) finishRow(b *Batch, fields int, openQuote bool) {
	for j := fields; j < len(b.Columns); j++ {
		c := &b.Columns[j]
		c.Ends = append(c.Ends, len(c.Data))
	}
	if fields != len(b.Columns) || openQuote {
		t.stats.RaggedRows++
	}
	b.Rows++
	t.stats.Rows++
}

// fail records err; rows already in b are delivered first and err comes with the next call.
func (t *csvTable) fail(b *Batch, err error) error {
	t.err = err
	if b.Rows > 0 {
		return nil
	}
	return err
}
