package readers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The ods reader streams content.xml of an OpenDocument spreadsheet (LibreOffice, WPS) with
// encoding/xml. No maintained pure-Go ODS reader exists (knieriem/odf is not even served by the
// module proxy any more), and the format is small: a zip holding one XML document whose
// <table:table> elements are the sheets, rows and cells in order. Cells keep their type: numbers
// come from office:value (what is stored, not the display format), dates from office:date-value,
// rendered exactly as the xlsx reader renders them, so a column types the same whichever
// spreadsheet it was saved from. Sheets follow the xlsx reader's rules: fully empty rows are
// skipped, the first non-empty row is the header when it is all text, short rows are padded.
//
// ODS compresses runs of identical rows and cells with number-rows-repeated and
// number-columns-repeated: an empty run (LibreOffice ends every sheet with one of about a million
// rows) is skipped without being expanded; a run holding data is expanded, at most a spreadsheet's
// 1,048,576 rows per run.

func init() {
	builtins = append(builtins, Format{ID: "ods", Suffixes: []string{".ods"}, Open: openODS, RandomAccess: true})
}

const (
	nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	// odsMaxRepeat is the most times one row holding data may be repeated.
	odsMaxRepeat = 1 << 20
	odsMimetype  = "application/vnd.oasis.opendocument.spreadsheet"
)

type odsFile struct {
	src    Source
	direct bool // read through the source's ReadAt only (Info.RandomAccess)
	rc     io.Closer
	dec    *xml.Decoder
	cur    *odsTable
	sheets int
	done   bool
}

func openODS(src Source) (f File, err error) {
	src.Limits = src.Limits.WithDefaults()
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: panic: %s", ErrCorrupt, DescribePanic(r))}
		}
	}()
	pkg, err := openZipPackage(src, "ods", func(io.ReaderAt, int64) error {
		return fmt.Errorf("%w: an OLE compound file (a legacy .xls?), not an OpenDocument spreadsheet", ErrCorrupt)
	})
	if err != nil {
		return nil, err
	}
	src.Size = pkg.size
	direct := pkg.direct
	zr := pkg.zr
	parts := map[string]*zip.File{}
	var total uint64
	limit := src.Limits.MaxDecompressedBytes
	for _, zf := range zr.File {
		parts[zf.Name] = zf
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > uint64(limit) || total > uint64(limit) {
			return nil, &Error{Path: src.Path, Err: limitError("ods parts unzip to more than", byteSize(limit), flagMaxDecompressedBytes)}
		}
	}
	if mt, ok := parts["mimetype"]; ok {
		b, err := readSmallPart(mt, 256)
		if err != nil {
			return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: mimetype: %s", ErrCorrupt, describeZipError(err))}
		}
		if s := strings.TrimSpace(string(b)); s != odsMimetype {
			return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: not an OpenDocument spreadsheet (its mimetype is %.60q)", ErrCorrupt, s)}
		}
	}
	if mf, ok := parts["META-INF/manifest.xml"]; ok {
		b, err := readSmallPart(mf, 4<<20)
		if err == nil && bytes.Contains(b, []byte("encryption-data")) {
			return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: spreadsheet is password-protected", ErrEncrypted)}
		}
	}
	content, ok := parts["content.xml"]
	if !ok {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: no content.xml: not an OpenDocument spreadsheet", ErrCorrupt)}
	}
	rc, err := content.Open()
	if err != nil {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: content.xml: %s", ErrCorrupt, describeZipError(err))}
	}
	compressed := int64(content.CompressedSize64)
	r := &boundedReader{r: rc, limit: limit, compressed: func() int64 { return compressed }, what: "the ods content"}
	return &odsFile{src: src, direct: direct, rc: rc, dec: xml.NewDecoder(bufio.NewReaderSize(r, 64<<10))}, nil
}

// readSmallPart reads a zip entry of at most max bytes.
func readSmallPart(zf *zip.File, max int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, max))
}

func (o *odsFile) Info() Info { return Info{Format: "ods", RandomAccess: o.direct} }

func (o *odsFile) Close() error {
	o.done = true
	if o.rc != nil {
		err := o.rc.Close()
		o.rc = nil
		return err
	}
	return nil
}

// xmlError describes a decoder error without quoting the document.
func (o *odsFile) xmlError(err error) error {
	if errors.Is(err, ErrLimit) || errors.Is(err, ErrCorrupt) {
		return &Error{Path: o.src.Path, Err: err}
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &Error{Path: o.src.Path, Err: fmt.Errorf("%w: content.xml ends early (truncated?)", ErrCorrupt)}
	}
	return &Error{Path: o.src.Path, Err: fmt.Errorf("%w: content.xml: %s", ErrCorrupt, describeParseError(err))}
}

// NextTable implements File: the next <table:table> of the spreadsheet.
func (o *odsFile) NextTable() (t Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			o.done = true
			t, err = nil, &Error{Path: o.src.Path, Err: fmt.Errorf("%w: panic: %s", ErrCorrupt, DescribePanic(r))}
		}
	}()
	if o.cur != nil && !o.cur.done {
		if err := o.cur.skipRest(); err != nil {
			o.done = true
			return nil, err
		}
	}
	o.cur = nil
	for !o.done {
		tok, err := o.dec.Token()
		if err == io.EOF {
			o.done = true
			return nil, io.EOF
		}
		if err != nil {
			o.done = true
			return nil, o.xmlError(err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Space != nsTable || el.Name.Local != "table" {
			continue
		}
		o.sheets++
		if o.sheets > o.src.Limits.MaxSheets {
			o.done = true
			return nil, &Error{Path: o.src.Path, Err: limitError(fmt.Sprintf("more than %d sheets exceed", o.src.Limits.MaxSheets), strconv.Itoa(o.src.Limits.MaxSheets)+"-sheet", flagMaxSheets)}
		}
		tbl := &odsTable{file: o, name: odsAttr(el, nsTable, "name")}
		if err := tbl.open(); err != nil {
			o.done = true
			return nil, err
		}
		o.cur = tbl
		return tbl, nil
	}
	return nil, io.EOF
}

func odsAttr(el xml.StartElement, space, local string) string {
	for _, a := range el.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// odsTable streams one sheet.
type odsTable struct {
	file  *odsFile
	name  string
	done  bool
	depth int // element depth inside <table:table>

	columns []string
	width   int

	row    sheetRow
	repeat int // further copies of the current row still to emit

	stats sheetStats
	text  []byte
}

func (t *odsTable) Name() string      { return t.name }
func (t *odsTable) Columns() []string { return t.columns }

func (t *odsTable) Stats() TableStats { return t.stats.table() }

func (t *odsTable) errorf(col int, format string, args ...any) error {
	return &Error{Path: t.file.src.Path, Row: t.stats.Rows + 1, Column: col, Err: fmt.Errorf(format, args...)}
}

// token returns the next token of the sheet, tracking depth; done is set at </table:table>.
func (t *odsTable) token() (xml.Token, error) {
	tok, err := t.file.dec.Token()
	if err != nil {
		return nil, t.file.xmlError(err)
	}
	switch el := tok.(type) {
	case xml.StartElement:
		t.depth++
	case xml.EndElement:
		if t.depth == 0 {
			t.done = true
			return el, nil
		}
		t.depth--
	}
	return tok, nil
}

// skipRest consumes the sheet through its end.
func (t *odsTable) skipRest() error {
	for !t.done {
		if _, err := t.token(); err != nil {
			return err
		}
	}
	return nil
}

// open reads the first non-empty row and decides the header, as the xlsx reader does.
func (t *odsTable) open() error {
	n, rep, err := t.readRow(-1)
	if err != nil || n == 0 {
		return err
	}
	width := len(t.row.cells)
	isHeader := t.row.isHeader()
	t.width = width
	t.columns = make([]string, width)
	for c := range t.columns {
		if isHeader && t.row.set[c] && len(t.row.cells[c]) > 0 {
			t.columns[c] = string(t.row.cells[c])
		} else {
			t.columns[c] = "col_" + strconv.Itoa(c+1)
		}
	}
	t.repeat = rep
	if isHeader {
		t.repeat = rep - 1 // the header's repeats are data rows
	}
	return nil
}

// Next implements Table.
func (t *odsTable) Next(b *Batch) (err error) {
	b.Reset(t.width)
	if t.width == 0 {
		return io.EOF
	}
	defer func() {
		if r := recover(); r != nil {
			t.done = true
			b.Reset(t.width)
			err = t.errorf(0, "%w: sheet %q: panic: %s", ErrCorrupt, t.name, DescribePanic(r))
		}
	}()
	for b.Rows < t.file.src.Limits.BatchRows {
		if t.repeat > 0 {
			t.repeat--
			t.row.appendTo(b, t.width)
			if t.row.wide {
				t.stats.RaggedRows++
			}
			b.Rows++
			t.stats.Rows++
			continue
		}
		if t.done {
			break
		}
		n, rep, err := t.readRow(t.width)
		if err != nil {
			b.Reset(t.width)
			return err
		}
		if n == 0 {
			break
		}
		t.repeat = rep
	}
	if b.Rows == 0 {
		return io.EOF
	}
	return nil
}

// readRow parses the next row holding a non-empty cell into t.row and returns how many non-empty
// cells it has (0 at the end of the sheet) and how many times it repeats. width < 0 reads the
// header row: any width up to MaxColumns.
func (t *odsTable) readRow(width int) (int, int, error) {
	for !t.done {
		t.row.reset()
		tok, err := t.token()
		if err != nil {
			return 0, 0, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Space != nsTable || el.Name.Local != "table-row" {
			continue // row groups, header rows, column definitions: descend or pass
		}
		rep, err := t.repeatAttr(el, "number-rows-repeated")
		if err != nil {
			return 0, 0, err
		}
		n, err := t.parseRow(width)
		if err != nil {
			return 0, 0, err
		}
		if n == 0 {
			continue // empty rows, however many, are skipped unexpanded
		}
		if rep > odsMaxRepeat {
			return 0, 0, t.errorf(0, "a row holding data is repeated %d times, more than a spreadsheet's %d rows: %w", rep, odsMaxRepeat, ErrCorrupt)
		}
		return n, rep, nil
	}
	return 0, 0, nil
}

func (t *odsTable) repeatAttr(el xml.StartElement, name string) (int, error) {
	v := odsAttr(el, nsTable, name)
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, t.errorf(0, "%w: sheet %q: bad %s", ErrCorrupt, t.name, name)
	}
	return n, nil
}

// parseRow reads the cells of the row whose start tag was just read, through its end tag.
func (t *odsTable) parseRow(width int) (int, error) {
	filled, col := 0, 0
	maxCols := t.file.src.Limits.MaxColumns
	rowDepth := t.depth
	for {
		tok, err := t.token()
		if err != nil {
			return 0, err
		}
		switch el := tok.(type) {
		case xml.EndElement:
			if t.depth < rowDepth {
				return filled, nil
			}
		case xml.StartElement:
			if el.Name.Space != nsTable || (el.Name.Local != "table-cell" && el.Name.Local != "covered-table-cell") {
				continue
			}
			rep, err := t.repeatAttr(el, "number-columns-repeated")
			if err != nil {
				return 0, err
			}
			val, text, lost, err := t.cellValue(el)
			if err != nil {
				return 0, err
			}
			if len(val) == 0 {
				col += min(rep, maxCols+1) // empty runs (to the sheet's last column) are skipped
				continue
			}
			for k := 0; k < rep; k++ {
				c := col + k
				if width < 0 && c >= maxCols {
					return 0, t.errorf(c+1, "%w", limitError(fmt.Sprintf("column %d exceeds", c+1), strconv.Itoa(maxCols)+"-column", flagMaxColumns))
				}
				if width >= 0 && c >= width {
					t.row.wide = true
					break
				}
				t.set(c, val, text)
				filled++
				if lost {
					t.stats.lose(c)
				}
			}
			col += rep
		}
	}
}

func (t *odsTable) set(c int, val []byte, text bool) {
	t.row.grow(c + 1)
	t.row.cells[c] = append(t.row.cells[c][:0], val...)
	t.row.mark(c, text)
}

// cellValue reads the cell whose start tag is el, through its end tag, and renders it: the
// stored value for numbers, dates, times and booleans, the paragraphs' text (joined with "\n")
// otherwise. Annotations (comments) are not part of the cell.
func (t *odsTable) cellValue(el xml.StartElement) (val []byte, text, lost bool, err error) {
	vtype := odsAttr(el, nsOffice, "value-type")
	t.text = t.text[:0]
	cellDepth := t.depth
	paragraphs, skip := 0, 0
	maxField := t.file.src.Limits.MaxFieldBytes
	for {
		tok, err := t.token()
		if err != nil {
			return nil, false, false, err
		}
		if t.depth < cellDepth {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case skip > 0 || (e.Name.Space == nsOffice && e.Name.Local == "annotation"):
				skip++
			case e.Name.Space == nsText && e.Name.Local == "p":
				if paragraphs > 0 {
					t.text = append(t.text, '\n')
				}
				paragraphs++
			case e.Name.Space == nsText && e.Name.Local == "s":
				n, _ := strconv.Atoi(odsAttr(e, nsText, "c"))
				t.text = append(t.text, bytes.Repeat([]byte{' '}, min(max(n, 1), maxField))...)
			case e.Name.Space == nsText && e.Name.Local == "tab":
				t.text = append(t.text, '\t')
			case e.Name.Space == nsText && e.Name.Local == "line-break":
				t.text = append(t.text, '\n')
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
			}
		case xml.CharData:
			if skip == 0 && paragraphs > 0 {
				t.text = append(t.text, e...)
			}
		}
		if len(t.text) > maxField {
			return nil, false, false, t.errorf(0, "%w", limitError("a cell is longer than", byteSize(int64(maxField)), flagMaxFieldBytes))
		}
	}
	switch vtype {
	case "float", "percentage", "currency":
		v := []byte(odsAttr(el, nsOffice, "value"))
		out, lost, ok := appendNumber(nil, v, numFmtClass{}, false)
		if !ok {
			return nil, false, false, t.errorf(0, "%w: sheet %q: a number cell holds no number", ErrCorrupt, t.name)
		}
		return out, false, lost, nil
	case "date":
		return appendISODate(nil, []byte(odsAttr(el, nsOffice, "date-value")), numFmtClass{}), false, false, nil
	case "time":
		return odsTime(odsAttr(el, nsOffice, "time-value")), false, false, nil
	case "boolean":
		return []byte(odsAttr(el, nsOffice, "boolean-value")), false, false, nil
	}
	return t.text, true, false, nil
}

// odsTime renders an ISO 8601 duration (PT13H05M00S) as 13:05:00; anything else as stored.
func odsTime(v string) []byte {
	s, ok := strings.CutPrefix(v, "PT")
	if !ok {
		return []byte(v)
	}
	var h, m int
	var sec float64
	for _, part := range []struct {
		unit byte
		dst  any
	}{{'H', &h}, {'M', &m}, {'S', &sec}} {
		i := strings.IndexByte(s, part.unit)
		if i < 0 {
			continue
		}
		switch d := part.dst.(type) {
		case *int:
			n, err := strconv.Atoi(s[:i])
			if err != nil {
				return []byte(v)
			}
			*d = n
		case *float64:
			f, err := strconv.ParseFloat(s[:i], 64)
			if err != nil {
				return []byte(v)
			}
			*d = f
		}
		s = s[i+1:]
	}
	return fmt.Appendf(nil, "%02d:%02d:%02d", h, m, int(sec+0.5))
}
