package readers

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// The xlsx reader parses every part itself, streaming, with every token and every collection
// bounded before it is buffered (see xlsx_xml.go and the bounds below): the workbook, its
// relationships and the styles for the sheet list, the date system and the number formats; the
// shared strings into one packed table; each worksheet cell by cell. A general-purpose library
// (excelize) decodes whole parts into structures first, which a few megabytes of compressed XML
// can blow up to gigabytes, and drops what this reader needs: the cell type and style index, to
// tell an 18-digit ID typed as a number from the same digits stored as text, and a date serial
// from a plain number. Worksheets are inflated straight from the source's io.ReaderAt: no
// temporary files, and memory bounded by one batch plus the shared-string table.

func init() {
	builtins = append(builtins, Format{ID: "xlsx", Suffixes: []string{".xlsx", ".xlsm"}, Open: openXLSX, RandomAccess: true})
}

// oleMagic starts every OLE compound file; an Office Open XML workbook inside one is encrypted.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// xlsxFile is an opened workbook.
type xlsxFile struct {
	src      Source
	direct   bool // read through the source's ReadAt only (Info.RandomAccess)
	zr       *zip.Reader
	parts    map[string]*zip.File
	sheets   []xlsxSheetRef
	next     int
	sst      *sharedStrings
	sstPart  string
	styles   []numFmtClass
	date1904 bool
	cur      *xlsxTable
	closed   bool
	slowXML  bool // tests: read sheets and shared strings with encoding/xml alone (xmlEvents.slowAll)
}

// xlsxSheetRef is one sheet of the workbook, in workbook order.
type xlsxSheetRef struct {
	name string
	part string // zip entry name of the worksheet XML, "" when the sheet has no readable part
}

func openXLSX(src Source) (f File, err error) {
	src.Limits = src.Limits.WithDefaults()
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: xlsx library panic: %s", ErrCorrupt, DescribePanic(r))}
		}
	}()
	pkg, err := openZipPackage(src, "xlsx", func(ra io.ReaderAt, size int64) error {
		if oleHasEncryptionInfo(ra, size) {
			return fmt.Errorf("%w: workbook is password-protected", ErrEncrypted)
		}
		return fmt.Errorf("%w: an OLE compound file (a legacy .xls?), not an xlsx package", ErrCorrupt)
	})
	if err != nil {
		return nil, err
	}
	src.Size = pkg.size
	zr := pkg.zr
	x := &xlsxFile{src: src, direct: pkg.direct, zr: zr, parts: make(map[string]*zip.File, len(zr.File))}
	if err := x.checkSizes(); err != nil {
		return nil, err
	}
	if err := x.readWorkbook(); err != nil {
		return nil, err
	}
	return x, nil
}

// encryptionInfoName is the UTF-16LE directory name of the stream that every encrypted Office Open
// XML package holds (MS-OFFCRYPTO 2.3.4).
var encryptionInfoName = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")

// oleHasEncryptionInfo scans the compound file for the EncryptionInfo directory entry.
func oleHasEncryptionInfo(ra io.ReaderAt, size int64) bool {
	const chunk = 1 << 20
	buf := make([]byte, chunk+len(encryptionInfoName))
	for off := int64(0); off < size; off += chunk {
		n, _ := ra.ReadAt(buf, off)
		if bytes.Contains(buf[:n], encryptionInfoName) {
			return true
		}
	}
	return false
}

// checkSizes rejects a package whose declared uncompressed sizes exceed the limit before anything is
// inflated. archive/zip refuses to inflate past a part's declared size, so a lying header cannot
// get around this check.
func (x *xlsxFile) checkSizes() error {
	limit := x.src.Limits.MaxDecompressedBytes
	var total uint64
	for _, zf := range x.zr.File {
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		x.parts[strings.ToLower(name)] = zf
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > uint64(limit) || total > uint64(limit) {
			return &Error{Path: x.src.Path, Err: limitError("xlsx parts unzip to more than", byteSize(limit), flagMaxDecompressedBytes)}
		}
	}
	return nil
}

// Bounds of the metadata parts, in proportion to their compressed size where a fixed bound would
// be too loose for one file and too tight for another. Distinct items compress to at least two or
// three bytes each (a million sequential order numbers as shared strings: 0.38 items per
// compressed byte), while a deflate bomb packs over 30 empty items into one byte; so at most
// itemsPerByte items per compressed byte are accepted, and never fewer than itemsFloor.
const (
	itemsPerByte = 2
	itemsFloor   = 1 << 16
	// metaTokensPerByte and metaTokensFloor bound every token of a metadata part (workbook,
	// relationships, styles), counted or ignored alike, so a small part cannot keep the parser
	// busy for minutes on elements nobody reads.
	metaTokensPerByte = 2
	metaTokensFloor   = 1 << 20
	// sstTextPerByte and sstTextFloor bound the text of the shared-string table held in memory.
	sstTextPerByte = 32
	sstTextFloor   = 64 << 20
	// prescanRows is how many rows of a sheet decide its width, and prescanTokens how many tokens
	// the prescan may read to find them (a first row of millions of empty cells ends it early).
	prescanRows   = 1024
	prescanTokens = 1 << 20
)

// itemLimit is how many items a part of compressed size c may hold.
func itemLimit(c uint64) int64 {
	return max(itemsFloor, int64(min(c, 1<<40))*itemsPerByte)
}

// itemLimitError says a part holds more items than its compressed size allows.
func itemLimitError(what string, limit int64) error {
	return limitError(what+" more than", strconv.FormatInt(limit, 10)+"-item",
		"fixed: "+strconv.Itoa(itemsPerByte)+" per compressed byte of the part, at least "+strconv.Itoa(itemsFloor))
}

// readWorkbook reads the package relationships, the workbook (sheet list, date system), its
// relationships and the styles, each with its own bounded streaming parser: no metadata part is
// ever decoded whole into memory, and each holds at most what it needs (the sheets, at most
// MaxSheets of them; one class per cell format).
func (x *xlsxFile) readWorkbook() error {
	wbPath, err := x.workbookPath()
	if err != nil {
		return err
	}
	if _, ok := x.parts[strings.ToLower(wbPath)]; !ok {
		return &Error{Path: x.src.Path, Err: fmt.Errorf("%w: no workbook part", ErrCorrupt)}
	}
	ids, err := x.readSheetList(wbPath)
	if err != nil {
		return err
	}
	rels, err := x.workbookRels(wbPath, ids)
	if err != nil {
		return err
	}
	for i := range x.sheets {
		x.sheets[i].part = rels.sheets[ids[i]]
	}
	x.sstPart = rels.sharedStrings
	if x.sstPart == "" {
		x.sstPart = path.Join(path.Dir(wbPath), "sharedStrings.xml")
	}
	stylesPart := rels.styles
	if stylesPart == "" {
		stylesPart = path.Join(path.Dir(wbPath), "styles.xml")
	}
	x.styles, err = x.readStyles(stylesPart)
	return err
}

// metaPart opens a metadata part for streaming with a token budget; nil when the part is absent.
func (x *xlsxFile) metaPart(name string) (*xmlDecoder, io.Closer, error) {
	zf, ok := x.parts[strings.ToLower(name)]
	if !ok {
		return nil, nil, nil
	}
	rc, err := x.limitedPart(zf)
	if err != nil {
		return nil, nil, err
	}
	d := newXMLDecoder(rc, x.src.Limits, zf.UncompressedSize64)
	d.maxTokens = max(metaTokensFloor, int64(min(zf.CompressedSize64, 1<<40))*metaTokensPerByte)
	return d, rc, nil
}

// metaErr wraps a metadata parse error.
func (x *xlsxFile) metaErr(what string, err error) error {
	return &Error{Path: x.src.Path, Err: partErr(what, err)}
}

// workbookPath finds the workbook part from the package relationships (xl/workbook.xml by default).
func (x *xlsxFile) workbookPath() (string, error) {
	wbPath := "xl/workbook.xml"
	d, rc, err := x.metaPart("_rels/.rels")
	if err != nil || d == nil {
		return wbPath, err
	}
	defer rc.Close()
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return wbPath, nil
		}
		if err != nil {
			return "", x.metaErr("package relationships", err)
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "Relationship" &&
			strings.HasSuffix(attr(el, "Type"), "/officeDocument") {
			wbPath = strings.TrimPrefix(attr(el, "Target"), "/")
		}
	}
}

// readSheetList streams the workbook part: its sheets in order (at most MaxSheets, counted as
// they come) and the date system. It returns each sheet's relationship id.
func (x *xlsxFile) readSheetList(wbPath string) ([]string, error) {
	d, rc, err := x.metaPart(wbPath)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var ids []string
	inSheets := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return ids, nil
		}
		if err != nil {
			return nil, x.metaErr("workbook", err)
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == "sheets" {
			inSheets = false
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "workbookPr":
			v := attr(el, "date1904")
			x.date1904 = v == "1" || v == "true"
		case "sheets":
			inSheets = true
		case "sheet":
			if !inSheets {
				continue // an element of that name in an extension, not a sheet of the workbook
			}
			if len(x.sheets) == x.src.Limits.MaxSheets {
				return nil, &Error{Path: x.src.Path, Err: limitError("the workbook lists more sheets than", strconv.Itoa(x.src.Limits.MaxSheets)+"-sheet", flagMaxSheets)}
			}
			id := ""
			for _, a := range el.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" { // r:id, whatever the prefix
					id = a.Value
				}
			}
			x.sheets = append(x.sheets, xlsxSheetRef{name: attr(el, "name")})
			ids = append(ids, id)
		}
	}
}

// wbRels is what the workbook relationships say: the worksheet part of each wanted id ("" for
// other kinds of sheet), and the shared-strings and styles parts.
type wbRels struct {
	sheets                map[string]string
	sharedStrings, styles string
}

// workbookRels streams the workbook's relationships, keeping only those of the listed sheets.
func (x *xlsxFile) workbookRels(wbPath string, ids []string) (wbRels, error) {
	out := wbRels{sheets: make(map[string]string, len(ids))}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	relsPath := path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels")
	d, rc, err := x.metaPart(relsPath)
	if err != nil {
		return out, err
	}
	if d == nil {
		if len(ids) == 0 {
			return out, nil
		}
		return out, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: workbook relationships: missing part %s", ErrCorrupt, relsPath)}
	}
	defer rc.Close()
	resolve := func(t string) string {
		if strings.HasPrefix(t, "/") {
			return strings.TrimPrefix(t, "/")
		}
		return path.Join(path.Dir(wbPath), t)
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, x.metaErr("workbook relationships", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok || el.Name.Local != "Relationship" {
			continue
		}
		typ, target := attr(el, "Type"), attr(el, "Target")
		switch {
		case strings.HasSuffix(typ, "/sharedStrings"):
			out.sharedStrings = resolve(target)
		case strings.HasSuffix(typ, "/styles"):
			out.styles = resolve(target)
		case want[attr(el, "Id")]:
			if strings.HasSuffix(typ, "/worksheet") {
				out.sheets[attr(el, "Id")] = resolve(target)
			} else {
				out.sheets[attr(el, "Id")] = "" // chart sheets, dialog and macro sheets hold no cells
			}
		}
	}
}

// Info implements File.
func (x *xlsxFile) Info() Info { return Info{Format: "xlsx", RandomAccess: x.direct} }

// Close implements File.
func (x *xlsxFile) Close() error {
	x.closeTable()
	x.closed = true
	return nil
}

func (x *xlsxFile) closeTable() {
	if x.cur != nil {
		x.cur.close()
		x.cur = nil
	}
}

// NextTable implements File: one table per sheet, hidden sheets included, in workbook order.
func (x *xlsxFile) NextTable() (t Table, err error) {
	x.closeTable()
	if x.closed || x.next >= len(x.sheets) {
		return nil, io.EOF
	}
	ref := x.sheets[x.next]
	x.next++
	tbl := &xlsxTable{file: x, name: ref.name}
	defer func() {
		if r := recover(); r != nil {
			tbl.close() // the part, and its read-ahead goroutine if it was started
			t, err = nil, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: sheet %d: panic: %s", ErrCorrupt, x.next, DescribePanic(r))}
		}
	}()
	zf, ok := x.parts[strings.ToLower(ref.part)]
	if ref.part == "" || !ok {
		// A chart sheet or a sheet without a part: an empty table, not an error.
		tbl.done = true
		return tbl, nil
	}
	if x.sst == nil {
		if x.sst, err = x.loadSharedStrings(); err != nil {
			return nil, err
		}
	}
	if err := tbl.open(zf); err != nil {
		return nil, err
	}
	x.cur = tbl
	return tbl, nil
}

// limitedPart opens a zip entry, failing with ErrLimit if it inflates past the limit.
func (x *xlsxFile) limitedPart(zf *zip.File) (io.ReadCloser, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: part %s: %v", ErrCorrupt, zf.Name, err)}
	}
	return &limitReadCloser{rc: rc, left: x.src.Limits.MaxDecompressedBytes, limit: x.src.Limits.MaxDecompressedBytes}, nil
}

// limitReadCloser fails (rather than truncating silently) once more than left bytes were read.
type limitReadCloser struct {
	rc          io.ReadCloser
	left, limit int64
}

func (l *limitReadCloser) Read(p []byte) (int, error) {
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, limitError("an xlsx part unzips to more than", byteSize(l.limit), flagMaxDecompressedBytes)
	}
	return n, err
}

func (l *limitReadCloser) Close() error { return l.rc.Close() }

// sharedStrings holds the workbook's shared-string table packed in one buffer: string i is
// data[ends[i-1]:ends[i]].
type sharedStrings struct {
	data []byte
	ends []uint32
}

func (s *sharedStrings) get(i int) ([]byte, bool) {
	if i < 0 || i >= len(s.ends) {
		return nil, false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.data[start:s.ends[i]], true
}

// loadSharedStrings streams the shared-string table. Phonetic runs (<rPh>) are not part of the
// visible text and are skipped; rich-text runs are concatenated. The table is bounded before it
// grows: at most itemLimit items for the part's compressed size, each at most MaxFieldBytes, and
// at most max(sstTextFloor, sstTextPerByte × compressed size) bytes of text (and 4 GiB), so a few
// megabytes of compressed XML cannot claim gigabytes of memory.
func (x *xlsxFile) loadSharedStrings() (*sharedStrings, error) {
	sst := &sharedStrings{}
	zf, ok := x.parts[strings.ToLower(x.sstPart)]
	if !ok {
		return sst, nil
	}
	rc, err := x.limitedPart(zf)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	maxItems := itemLimit(zf.CompressedSize64)
	maxText := min(max(sstTextFloor, int64(min(zf.CompressedSize64, 1<<40))*sstTextPerByte), 1<<32-1)
	d := newXMLEventsSize(rc, x.src.Limits, xmlEventsBuffer, zf.UncompressedSize64 >= readAheadMin)
	defer d.close()
	d.slowAll = x.slowXML
	inSI, inT, phonetic := false, false, 0
	for {
		ev, err := d.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &Error{Path: x.src.Path, Err: partErr("shared strings", err)}
		}
		switch ev.kind {
		case evStart:
			switch string(ev.local) {
			case "si":
				inSI = true
			case "rPh":
				phonetic++
			case "t":
				inT = inSI && phonetic == 0
			}
		case evEnd:
			switch string(ev.local) {
			case "si":
				inSI = false
				if int64(len(sst.ends)) >= maxItems {
					return nil, &Error{Path: x.src.Path, Err: itemLimitError("the shared-string table holds", maxItems)}
				}
				sst.ends = append(sst.ends, uint32(len(sst.data)))
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case evText:
			if inT {
				if err := x.appendShared(sst, ev.text, maxText); err != nil {
					return nil, err
				}
			}
		}
	}
	return sst, nil
}

// appendShared appends text to the shared string being read, within the bounds.
func (x *xlsxFile) appendShared(sst *sharedStrings, t []byte, maxText int64) error {
	start := 0
	if n := len(sst.ends); n > 0 {
		start = int(sst.ends[n-1])
	}
	if len(sst.data)-start+len(t) > x.src.Limits.MaxFieldBytes {
		return &Error{Path: x.src.Path, Err: limitError(fmt.Sprintf("shared string %d is longer than", len(sst.ends)+1), byteSize(int64(x.src.Limits.MaxFieldBytes)), flagMaxFieldBytes)}
	}
	need := int64(len(sst.data) + len(t))
	if need > maxText {
		return &Error{Path: x.src.Path, Err: limitError("the shared-string table holds more text than", byteSize(maxText),
			"fixed: "+strconv.Itoa(sstTextPerByte)+" bytes per compressed byte of the part, at least "+byteSize(sstTextFloor))}
	}
	if need > int64(cap(sst.data)) {
		// Grow by half rather than double near the bound, never past it.
		grown := make([]byte, len(sst.data), min(max(need, int64(cap(sst.data))*3/2, 4096), maxText))
		copy(grown, sst.data)
		sst.data = grown
	}
	sst.data = append(sst.data, t...)
	return nil
}

// partErr wraps a parse error of a part as corrupt unless it is already a limit error.
func partErr(part string, err error) error {
	if errors.Is(err, ErrLimit) {
		return fmt.Errorf("%s: %w", part, err)
	}
	return fmt.Errorf("%w: %s: %s", ErrCorrupt, part, describeParseError(err))
}
