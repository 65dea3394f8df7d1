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

	"github.com/xuri/excelize/v2"
)

// The xlsx reader parses the workbook and style parts with excelize (under explicit unzip limits)
// but streams each worksheet's XML itself. excelize's Rows.Columns returns bare strings: it drops
// the cell type and style index, so it cannot tell an 18-digit ID typed as a number from the same
// digits stored as text, nor (with RawCellValue) a date serial from a plain number. Both
// distinctions are part of this reader's contract, so the cell loop reads <c t="…" s="…"> itself,
// inflating the sheet part straight from the source's io.ReaderAt: no temporary files, and memory
// bounded by one batch plus the shared-string table (packed, one copy of the text).

func init() {
	builtins = append(builtins, Format{ID: "xlsx", Suffixes: []string{".xlsx", ".xlsm"}, Open: openXLSX})
}

// oleMagic starts every OLE compound file; an Office Open XML workbook inside one is encrypted.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// xlsxInMemoryPart is excelize's UnzipXMLSizeLimit: worksheets and shared-string tables bigger
// than this would be inflated to os.TempDir, but excelize is never given those parts.
const xlsxInMemoryPart = 16 << 20

// xlsxFile is an opened workbook.
type xlsxFile struct {
	src      Source
	zr       *zip.Reader
	parts    map[string]*zip.File
	sheets   []xlsxSheetRef
	next     int
	sst      *sharedStrings
	styles   []numFmtClass
	date1904 bool
	cur      *xlsxTable
	closed   bool
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
			f, err = nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: xlsx library panic: %s", ErrCorrupt, describePanic(r))}
		}
	}()
	ra, ok := src.ReaderAt()
	if !ok || src.Size < 0 {
		// Not random access (a pipe): a zip's directory is at its end, so buffer it, within limits.
		b, err := io.ReadAll(io.LimitReader(src.R, src.Limits.MaxDecompressedBytes+1))
		if err != nil {
			return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
		}
		if int64(len(b)) > src.Limits.MaxDecompressedBytes {
			return nil, &Error{Path: src.Path, Err: limitError("an unseekable xlsx is larger than", byteSize(src.Limits.MaxDecompressedBytes), flagMaxDecompressedBytes)}
		}
		ra, src.Size = bytes.NewReader(b), int64(len(b))
	}
	if src.Size == 0 {
		return nil, &Error{Path: src.Path, Err: ErrEmpty}
	}
	head := make([]byte, len(oleMagic))
	if n, _ := ra.ReadAt(head, 0); n == len(head) && bytes.Equal(head, oleMagic) {
		if oleHasEncryptionInfo(ra, src.Size) {
			return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: workbook is password-protected", ErrEncrypted)}
		}
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: an OLE compound file (a legacy .xls?), not an xlsx package", ErrCorrupt)}
	}
	zr, err := zip.NewReader(ra, src.Size)
	if err != nil {
		return nil, &Error{Path: src.Path, Err: fmt.Errorf("%w: not a zip package: %v", ErrCorrupt, err)}
	}
	x := &xlsxFile{src: src, zr: zr, parts: make(map[string]*zip.File, len(zr.File))}
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

// readWorkbook opens the package's metadata with excelize under explicit unzip limits and takes the
// sheet list, the number formats and the date system from it. excelize.OpenReader reads its whole
// input into memory and inflates every part (worksheets over UnzipXMLSizeLimit to os.TempDir), so
// it is handed a package holding only the small parts it needs, copied without recompression; the
// worksheets and shared strings are streamed later from the source itself.
func (x *xlsxFile) readWorkbook() error {
	lim := x.src.Limits
	wbPath := x.workbookPath()
	meta, err := x.metadataPackage(wbPath)
	if err != nil {
		return err
	}
	ef, err := excelize.OpenReader(bytes.NewReader(meta), excelize.Options{
		UnzipSizeLimit:    lim.MaxDecompressedBytes,
		UnzipXMLSizeLimit: min(lim.MaxDecompressedBytes, xlsxInMemoryPart),
	})
	if err != nil {
		return &Error{Path: x.src.Path, Err: classifyExcelizeErr(err, lim.MaxDecompressedBytes)}
	}
	defer ef.Close()
	wb := ef.WorkBook
	if wb == nil {
		return &Error{Path: x.src.Path, Err: fmt.Errorf("%w: no workbook part", ErrCorrupt)}
	}
	if len(wb.Sheets.Sheet) > lim.MaxSheets {
		return &Error{Path: x.src.Path, Err: limitError(fmt.Sprintf("%d sheets exceed", len(wb.Sheets.Sheet)), strconv.Itoa(lim.MaxSheets)+"-sheet", flagMaxSheets)}
	}
	if wb.WorkbookPr != nil {
		x.date1904 = wb.WorkbookPr.Date1904
	}
	targets, err := x.workbookRels(wbPath)
	if err != nil {
		return err
	}
	for _, s := range wb.Sheets.Sheet {
		x.sheets = append(x.sheets, xlsxSheetRef{name: s.Name, part: targets[s.ID]})
	}
	x.styles = classifyStyles(ef)
	return nil
}

// metadataPackage copies the content types, relationships, workbook, styles and theme parts into a
// new in-memory zip, compressed bytes as they are.
func (x *xlsxFile) metadataPackage(wbPath string) ([]byte, error) {
	wbPath = strings.ToLower(wbPath)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range x.zr.File {
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		if !(name == "[content_types].xml" || strings.HasSuffix(name, ".rels") || name == wbPath ||
			path.Base(name) == "styles.xml" || strings.Contains(name, "/theme/")) {
			continue
		}
		raw, err := zf.OpenRaw()
		if err != nil {
			return nil, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: part %s: %v", ErrCorrupt, zf.Name, err)}
		}
		fh := zf.FileHeader
		w, err := zw.CreateRaw(&fh)
		if err == nil {
			_, err = io.Copy(w, raw)
		}
		if err != nil {
			return nil, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: part %s: %v", ErrCorrupt, zf.Name, err)}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: %v", ErrCorrupt, err)}
	}
	return buf.Bytes(), nil
}

// classifyExcelizeErr maps an excelize open error onto the reader sentinels.
func classifyExcelizeErr(err error, limit int64) error {
	switch {
	case strings.Contains(err.Error(), "unzip size"):
		return limitError("xlsx parts unzip to more than", byteSize(limit), flagMaxDecompressedBytes)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return fmt.Errorf("%w: workbook is password-protected", ErrEncrypted)
	default:
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
}

// workbookPath finds the workbook part from the package relationships (xl/workbook.xml by default).
func (x *xlsxFile) workbookPath() string {
	wbPath := "xl/workbook.xml"
	var root struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := x.readSmallXML("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = strings.TrimPrefix(r.Target, "/")
			}
		}
	}
	return wbPath
}

// workbookRels maps relationship ids of the workbook part to the zip entry names of the worksheets
// they point at ("" for other kinds of sheet).
func (x *xlsxFile) workbookRels(wbPath string) (map[string]string, error) {
	relsPath := path.Join(path.Dir(wbPath), "_rels", path.Base(wbPath)+".rels")
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := x.readSmallXML(relsPath, &rels); err != nil {
		return nil, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: workbook relationships: %v", ErrCorrupt, err)}
	}
	out := make(map[string]string, len(rels.Rels))
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join(path.Dir(wbPath), t)
		}
		if !strings.HasSuffix(r.Type, "/worksheet") {
			t = "" // chart sheets, dialog and macro sheets hold no cells
		}
		out[r.ID] = t
	}
	return out, nil
}

// readSmallXML decodes a metadata part; its size was bounded by checkSizes.
func (x *xlsxFile) readSmallXML(name string, v any) error {
	zf, ok := x.parts[strings.ToLower(name)]
	if !ok {
		return fmt.Errorf("missing part %s", name)
	}
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// Info implements File.
func (x *xlsxFile) Info() Info { return Info{Format: "xlsx"} }

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
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &Error{Path: x.src.Path, Err: fmt.Errorf("%w: sheet %q: panic: %v", ErrCorrupt, ref.name, r)}
		}
	}()
	tbl := &xlsxTable{file: x, name: ref.name}
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

// sharedStrings holds the workbook's shared-string table packed in one buffer.
type sharedStrings struct {
	data []byte
	ends []int
}

func (s *sharedStrings) get(i int) ([]byte, bool) {
	if i < 0 || i >= len(s.ends) {
		return nil, false
	}
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.data[start:s.ends[i]], true
}

// loadSharedStrings streams the shared-string table. Phonetic runs (<rPh>) are not part of the
// visible text and are skipped; rich-text runs are concatenated.
func (x *xlsxFile) loadSharedStrings() (*sharedStrings, error) {
	sst := &sharedStrings{}
	var zf *zip.File
	for name, f := range x.parts {
		if strings.HasSuffix(name, "sharedstrings.xml") && strings.HasPrefix(name, "xl/") {
			zf = f
			break
		}
	}
	if zf == nil {
		return sst, nil
	}
	rc, err := x.limitedPart(zf)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	inSI, inT, phonetic := false, false, 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &Error{Path: x.src.Path, Err: partErr("shared strings", err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
			case "rPh":
				phonetic++
			case "t":
				inT = inSI && phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				inSI = false
				sst.ends = append(sst.ends, len(sst.data))
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				start := 0
				if n := len(sst.ends); n > 0 {
					start = sst.ends[n-1]
				}
				if len(sst.data)-start+len(t) > x.src.Limits.MaxFieldBytes {
					return nil, &Error{Path: x.src.Path, Err: limitError(fmt.Sprintf("shared string %d is longer than", len(sst.ends)+1), byteSize(int64(x.src.Limits.MaxFieldBytes)), flagMaxFieldBytes)}
				}
				sst.data = append(sst.data, t...)
			}
		}
	}
	return sst, nil
}

// partErr wraps a parse error of a part as corrupt unless it is already a limit error.
func partErr(part string, err error) error {
	if errors.Is(err, ErrLimit) {
		return fmt.Errorf("%s: %w", part, err)
	}
	return fmt.Errorf("%w: %s: %s", ErrCorrupt, part, describeParseError(err))
}
