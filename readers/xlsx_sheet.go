package readers

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// xlsxTable streams one worksheet. Choices that differ from delimited text:
//   - Fully empty rows (absent from the XML, or present with only empty cells) are skipped.
//   - The header is the first non-empty row when all its cells are text, none is a long run of
//     digits and none validates as personal information (redact.IsPI: an ID, a phone number, an
//     e-mail address…); otherwise the sheet is headerless and that row is data (col_1…). A row of
//     customers' phone numbers must never become column names, which are printed and stored.
//   - The width is the header's, extended to the sheet's declared <dimension> when that is wider
//     (a short header row; the extra columns are named col_N) — but only as far as the first
//     prescanRows rows really hold values (prescanWidth): the dimension is a claim of the file,
//     and a claim is never trusted for allocation (a one-column sheet declaring A1:XFD1 gets one
//     column, not 16,384). Cells beyond the width are dropped and the row counts as ragged. Short
//     rows are padded: xlsx omits empty trailing cells, so they do not count as ragged.
type xlsxTable struct {
	file   *xlsxFile
	name   string
	rc     io.ReadCloser
	events *xmlEvents
	done   bool

	columns []string
	width   int
	dimCols int // the sheet's declared <dimension>: used only as far as prescanWidth confirms it

	// pending holds the headerless first row until the first call to Next.
	pending    [][]byte
	hasPending bool

	row    sheetRow // the row being parsed
	rowNum int64

	// current cell
	cellCol   int
	cellType  xlsxCellType
	cellStyle int
	inV, inT  bool
	inIS      bool
	phonetic  int
	val       []byte

	stats      sheetStats
	headerLost []int
}

// Name implements Table.
func (t *xlsxTable) Name() string { return t.name }

// Columns implements Table.
func (t *xlsxTable) Columns() []string { return t.columns }

// Stats implements Table.
func (t *xlsxTable) Stats() TableStats { return t.stats.table() }

func (t *xlsxTable) close() {
	if t.events != nil {
		t.events.close()
	}
	if t.rc != nil {
		_ = t.rc.Close()
		t.rc = nil
	}
	t.done = true
}

// errorf builds an error at the current cell. Row is the worksheet's row number, as Excel shows it.
func (t *xlsxTable) errorf(col int, format string, args ...any) error {
	return &Error{Path: t.file.src.Path, Row: t.rowNum, Column: col, Err: fmt.Errorf(format, args...)}
}

// open reads up to and including the header row, so Columns is known before the first Next.
func (t *xlsxTable) open(zf *zip.File) error {
	rc, err := t.file.limitedPart(zf)
	if err != nil {
		return err
	}
	t.rc = rc
	t.events = newXMLEventsSize(rc, t.file.src.Limits, xmlEventsBuffer, zf.UncompressedSize64 >= readAheadMin)
	t.events.slowAll = t.file.slowXML
	n, err := t.readRow(-1)
	if err != nil {
		t.close()
		return err
	}
	if n == 0 {
		t.close() // empty sheet: no columns, no rows
		return nil
	}
	width := len(t.row.cells)
	isHeader := t.row.isHeader()
	if t.dimCols > width {
		seen, err := t.prescanWidth(zf)
		if err != nil {
			t.close()
			return err
		}
		width = max(width, min(t.dimCols, seen))
	}
	t.width = width
	t.columns = make([]string, width)
	for c := range t.columns {
		if isHeader && c < len(t.row.cells) && t.row.set[c] && len(t.row.cells[c]) > 0 {
			t.columns[c] = string(t.row.cells[c])
		} else {
			t.columns[c] = "col_" + strconv.Itoa(c+1)
		}
	}
	if !isHeader {
		t.pending = make([][]byte, width)
		for c := 0; c < len(t.row.cells) && c < width; c++ {
			if t.row.set[c] {
				t.pending[c] = append([]byte(nil), t.row.cells[c]...)
			}
		}
		t.hasPending = true
		for _, c := range t.headerLost {
			if c < width {
				t.stats.lose(c)
			}
		}
	}
	t.headerLost = nil
	t.row.grow(width)
	return nil
}

// Next implements Table.
func (t *xlsxTable) Next(b *Batch) (err error) {
	b.Reset(t.width)
	if t.width == 0 {
		t.close()
		return io.EOF
	}
	defer func() {
		if r := recover(); r != nil {
			t.close()
			b.Reset(t.width)
			err = t.errorf(0, "%w: sheet %q: panic: %s", ErrCorrupt, t.name, DescribePanic(r))
		}
	}()
	limit := t.file.src.Limits.BatchRows
	if t.hasPending {
		t.hasPending = false
		for c := 0; c < t.width; c++ {
			b.Columns[c].Append(t.pending[c])
		}
		b.Rows++
		t.stats.Rows++
		t.pending = nil
	}
	for b.Rows < limit && !t.done {
		n, err := t.readRow(t.width)
		if err != nil {
			t.close()
			b.Reset(t.width)
			return err
		}
		if n == 0 {
			t.close()
			break
		}
		t.row.appendTo(b, t.width)
		if t.row.wide {
			t.stats.RaggedRows++
		}
		b.Rows++
		t.stats.Rows++
	}
	if b.Rows == 0 {
		return io.EOF
	}
	return nil
}

// readRow parses XML up to the end of the next row holding at least one non-empty cell and returns
// how many such cells it has (0 at the end of the sheet). width < 0 means "header row": any width
// up to MaxColumns.
func (t *xlsxTable) readRow(width int) (int, error) {
	for {
		if t.done {
			return 0, nil
		}
		t.row.reset()
		n, err := t.parseRow(width)
		if err != nil || n > 0 {
			return n, err
		}
		if t.done {
			return 0, nil
		}
	}
}

// parseRow consumes events through one </row> (or the end of sheetData).
func (t *xlsxTable) parseRow(width int) (int, error) {
	filled := 0
	for {
		ev, err := t.events.next()
		if err == io.EOF {
			t.done = true
			return filled, nil
		}
		if err != nil {
			return 0, t.parseError(err)
		}
		switch ev.kind {
		case evStart:
			t.startElement(ev)
		case evEnd:
			switch string(ev.local) {
			case "v":
				t.inV = false
			case "t":
				t.inT = false
			case "rPh":
				t.phonetic--
			case "is":
				t.inIS = false
				t.inT = false
			case "c":
				ok, err := t.endCell(width)
				if err != nil {
					return 0, err
				}
				if ok {
					filled++
				}
			case "row":
				return filled, nil
			case "sheetData":
				t.done = true
				return filled, nil
			}
		case evText:
			if t.inV || t.inT {
				if len(t.val)+len(ev.text) > t.file.src.Limits.MaxFieldBytes {
					return 0, t.errorf(t.cellCol+1, "sheet %q: %w", t.name, limitError("a cell is longer than", byteSize(int64(t.file.src.Limits.MaxFieldBytes)), flagMaxFieldBytes))
				}
				t.val = append(t.val, ev.text...)
			}
		}
	}
}

// parseError wraps an error of the sheet's XML.
func (t *xlsxTable) parseError(err error) error {
	if errors.Is(err, ErrLimit) {
		return t.errorf(0, "sheet %q: %w", t.name, err)
	}
	return t.errorf(0, "%w: sheet %q: %s", ErrCorrupt, t.name, describeParseError(err))
}

func (t *xlsxTable) startElement(ev *xmlEvent) {
	switch string(ev.local) {
	case "dimension":
		if t.rowNum == 0 {
			t.dimCols = dimensionCols(string(ev.attr("ref")))
		}
	case "row":
		t.cellCol = -1
		if r, ok := parseInt64(ev.attr("r")); ok {
			t.rowNum = r
		} else {
			t.rowNum++
		}
	case "c":
		t.startCell(ev)
	case "v":
		t.inV = true
		t.val = t.val[:0]
	case "is":
		t.inIS = true
		t.val = t.val[:0]
	case "rPh":
		t.phonetic++
	case "t":
		t.inT = t.inIS && t.phonetic == 0
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// xlsxCellType is a cell's t attribute.
type xlsxCellType uint8

const (
	cellNumber xlsxCellType = iota // "n", absent or unknown
	cellShared                     // "s"
	cellInline                     // "inlineStr", "str"
	cellBool                       // "b"
	cellError                      // "e"
	cellDate                       // "d"
)

func cellTypeOf(v []byte) xlsxCellType {
	switch string(v) {
	case "s":
		return cellShared
	case "inlineStr", "str":
		return cellInline
	case "b":
		return cellBool
	case "e":
		return cellError
	case "d":
		return cellDate
	}
	return cellNumber
}

func (t *xlsxTable) startCell(ev *xmlEvent) {
	t.cellCol++
	t.cellType, t.cellStyle = cellNumber, 0
	t.val = t.val[:0]
	t.inV, t.inT, t.inIS, t.phonetic = false, false, false, 0
	for _, a := range ev.attrs {
		switch string(a.local) {
		case "r":
			if c, ok := refCol(a.value); ok {
				t.cellCol = c
			}
		case "t":
			t.cellType = cellTypeOf(a.value)
		case "s":
			if s, ok := parseInt64(a.value); ok && s == int64(int(s)) {
				t.cellStyle = int(s)
			}
		}
	}
}

// parseInt64 parses a decimal integer as strconv.ParseInt(string(b), 10, 64) does, without
// allocating for the short numbers cells hold.
func parseInt64(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) >= 19 {
		n, err := strconv.ParseInt(string(b), 10, 64)
		return n, err == nil
	}
	digits := b
	if b[0] == '-' || b[0] == '+' {
		digits = b[1:]
		if len(digits) == 0 {
			return 0, false
		}
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if b[0] == '-' {
		n = -n
	}
	return n, true
}

// endCell renders the finished cell into the row buffer; it reports whether the cell is non-empty.
func (t *xlsxTable) endCell(width int) (bool, error) {
	col := t.cellCol
	if col < 0 {
		return false, nil
	}
	if width < 0 && col >= t.file.src.Limits.MaxColumns {
		return false, t.errorf(col+1, "%w", limitError(fmt.Sprintf("column %d exceeds", col+1), strconv.Itoa(t.file.src.Limits.MaxColumns)+"-column", flagMaxColumns))
	}
	if width >= 0 && col >= width {
		if len(t.val) > 0 {
			t.row.wide = true
		}
		return false, nil
	}
	if len(t.val) == 0 {
		return false, nil
	}
	t.row.grow(col + 1)
	dst := t.row.cells[col][:0]
	text := false
	switch t.cellType {
	case cellShared:
		i, isInt := parseInt64(bytes.TrimSpace(t.val))
		s, ok := t.file.sst.get(int(i))
		if !isInt || !ok || i != int64(int(i)) {
			return false, t.errorf(col+1, "%w: sheet %q: shared string index out of range", ErrCorrupt, t.name)
		}
		dst = append(dst, s...)
		text = true
	case cellInline:
		dst = append(dst, t.val...)
		text = true
	case cellBool:
		switch string(t.val) {
		case "1", "true", "TRUE":
			dst = append(dst, "true"...)
		case "0", "false", "FALSE":
			dst = append(dst, "false"...)
		default:
			dst = append(dst, t.val...)
		}
	case cellError:
		dst = append(dst, t.val...)
	case cellDate:
		dst = appendISODate(dst, t.val, t.styleClass())
	default:
		out, lost, ok := appendNumber(dst, t.val, t.styleClass(), t.file.date1904)
		if !ok {
			out = append(dst, t.val...)
		}
		dst = out
		if lost && width < 0 {
			t.headerLost = append(t.headerLost, col) // counted if the first row turns out to be data
		} else if lost {
			t.stats.lose(col)
		}
	}
	t.row.cells[col] = dst
	if len(dst) == 0 {
		return false, nil
	}
	t.row.mark(col, text)
	return true, nil
}

func (t *xlsxTable) styleClass() numFmtClass {
	if t.cellStyle > 0 && t.cellStyle < len(t.file.styles) {
		return t.file.styles[t.cellStyle]
	}
	return numFmtClass{}
}

// appendISODate renders a date-typed cell (ISO 8601 text in the XML): the date alone for a date
// format or a midnight value, else date and time to the second.
func appendISODate(dst, v []byte, class numFmtClass) []byte {
	s := string(v)
	if len(s) >= 19 && s[10] == 'T' {
		if class.kind == fmtDate || (class.kind != fmtDateTime && s[11:19] == "00:00:00") {
			return append(dst, s[:10]...)
		}
		return append(dst, s[:19]...)
	}
	return append(dst, v...)
}

// refCol returns the 0-based column of a cell reference such as "AB12".
func refCol[T string | []byte](ref T) (int, bool) {
	col, n := 0, 0
	for n < len(ref) {
		c := ref[n]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
		n++
		if n > 3 {
			return 0, false
		}
	}
	if n == 0 {
		return 0, false
	}
	return col - 1, true
}

// prescanWidth reads the first prescanRows rows of the sheet part (inflating it a second time,
// from the start) and returns one past the last column holding a value, at most MaxColumns:
// the table's width, from what the sheet holds rather than what it declares.
func (t *xlsxTable) prescanWidth(zf *zip.File) (int, error) {
	rc, err := t.file.limitedPart(zf)
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	d := newXMLEvents(rc, t.file.src.Limits)
	d.slowAll, d.maxTokens = t.file.slowXML, prescanTokens
	maxCols := t.file.src.Limits.MaxColumns
	widest, rows, col := 0, 0, -1
	inValue, filled := false, false
	for rows < prescanRows && d.tokens < prescanTokens {
		ev, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, t.parseError(err)
		}
		switch ev.kind {
		case evStart:
			switch string(ev.local) {
			case "row":
				col = -1
			case "c":
				col++
				if c, ok := refCol(ev.attr("r")); ok {
					col = c
				}
				filled = false
			case "v", "t":
				inValue = true
			}
		case evEnd:
			switch string(ev.local) {
			case "v", "t":
				inValue = false
			case "c":
				if filled && col >= widest && col < maxCols {
					widest = col + 1
				}
			case "row":
				rows++
			case "sheetData":
				return widest, nil
			}
		case evText:
			if inValue && len(ev.text) > 0 {
				filled = true
			}
		}
	}
	return widest, nil
}

// dimensionCols returns the number of columns declared by a <dimension ref="A1:L5">, 0 if unknown.
func dimensionCols(ref string) int {
	_, last, ok := strings.Cut(ref, ":")
	if !ok {
		return 0
	}
	c, ok := refCol(last)
	if !ok {
		return 0
	}
	return c + 1
}
