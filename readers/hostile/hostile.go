// Package hostile builds hostile inputs for tests: deflate bombs written bit by bit (a 2 GB part
// in a few megabytes, generated in milliseconds, without compressing anything) and xlsx packages
// whose parts are such bombs. It is used by the readers tests and the CLI's hostile suite.
package hostile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// bitWriter writes a deflate bit stream (least significant bit first).
type bitWriter struct {
	buf  bytes.Buffer
	acc  uint64
	nacc uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.buf.WriteByte(byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// huff writes a Huffman code of n bits, most significant bit first, as deflate wants.
func (w *bitWriter) huff(code uint64, n uint) {
	var rev uint64
	for i := uint(0); i < n; i++ {
		rev = rev<<1 | (code>>i)&1
	}
	w.bits(rev, n)
}

func (w *bitWriter) align() {
	if w.nacc > 0 {
		w.bits(0, 8-w.nacc)
	}
}

// stored writes a stored block holding p (at most 65535 bytes per block; longer p is split).
func (w *bitWriter) stored(p []byte, final bool) {
	for {
		n := min(len(p), 65535)
		last := final && n == len(p)
		if last {
			w.bits(1, 1)
		} else {
			w.bits(0, 1)
		}
		w.bits(0, 2)
		w.align()
		var hdr [4]byte
		binary.LittleEndian.PutUint16(hdr[:], uint16(n))
		binary.LittleEndian.PutUint16(hdr[2:], ^uint16(n))
		w.buf.Write(hdr[:])
		w.buf.Write(p[:n])
		p = p[n:]
		if len(p) == 0 {
			return
		}
	}
}

// distCode returns the deflate distance code of d and its extra bits.
func distCode(d int) (code int, extra uint64, nextra uint) {
	base := []int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	for c := len(base) - 1; c >= 0; c-- {
		if d >= base[c] {
			n := uint(0)
			if c >= 4 {
				n = uint(c/2 - 1)
			}
			return c, uint64(d - base[c]), n
		}
	}
	panic("distance out of range")
}

// copies writes one dynamic-Huffman block of k copies of 258 bytes at distance dist: one bit for
// the length, one for the distance code, plus its extra bits.
func (w *bitWriter) copies(k int, dist int) {
	dcode, extra, nextra := distCode(dist)
	other := 0
	if dcode == 0 {
		other = 1
	}
	lo, hi := min(dcode, other), max(dcode, other)
	w.bits(0, 1) // not final
	w.bits(2, 2) // dynamic Huffman
	w.bits(286-257, 5)
	w.bits(uint64(hi), 5) // hi+1 distance codes
	// Code-length alphabet: symbols 0, 1, 17 and 18, two bits each (canonical: 00, 01, 10, 11),
	// sent in the order of RFC 1951 3.2.7 up to symbol 1, the 18th.
	order := []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	w.bits(18-4, 4)
	for _, sym := range order[:18] {
		switch sym {
		case 0, 1, 17, 18:
			w.bits(2, 3)
		default:
			w.bits(0, 3)
		}
	}
	zeros := func(n int) {
		for n > 0 {
			switch {
			case n >= 11:
				r := min(n, 138)
				w.huff(3, 2) // 18
				w.bits(uint64(r-11), 7)
				n -= r
			case n >= 3:
				w.huff(2, 2) // 17
				w.bits(uint64(n-3), 3)
				n = 0
			default:
				w.huff(0, 2) // 0
				n--
			}
		}
	}
	one := func() { w.huff(1, 2) } // a code length of 1
	// Literal/length lengths: only 256 (end of block) and 285 (length 258), one bit each.
	zeros(256)
	one()
	zeros(28)
	one()
	// Distance lengths: lo and hi, one bit each.
	zeros(lo)
	one()
	zeros(hi - lo - 1)
	one()
	dbit := uint64(0) // canonical: the lower code gets 0
	if dcode == hi {
		dbit = 1
	}
	for i := 0; i < k; i++ {
		w.huff(1, 1) // 285 (lit/len codes: 256 → 0, 285 → 1)
		w.huff(dbit, 1)
		w.bits(extra, nextra)
	}
	w.huff(0, 1) // end of block
}

// Seg is a piece of a deflate bomb: Lit is written as it is (stored), then Repeat bytes copied
// from Dist bytes back (the last Dist bytes written so far repeat).
type Seg struct {
	Lit    string
	Dist   int
	Repeat int64
}

// DeflateSegs returns a raw deflate stream of the segments and its uncompressed size. A repeat
// is written in copies of 258 bytes, so it may run up to 257 bytes long; the bytes it adds are
// still the repeated pattern.
func DeflateSegs(segs []Seg) ([]byte, int64) {
	var w bitWriter
	var size int64
	for i, sg := range segs {
		last := i == len(segs)-1
		if sg.Lit != "" || (last && sg.Repeat == 0) {
			w.stored([]byte(sg.Lit), last && sg.Repeat == 0)
			size += int64(len(sg.Lit))
		}
		if sg.Repeat > 0 {
			if sg.Dist <= 0 || sg.Dist > 32768 || int64(sg.Dist) > size {
				panic("hostile: repeat distance out of range")
			}
			const perBlock = 1 << 16
			for remaining := (sg.Repeat + 257) / 258; remaining > 0; {
				k := int(min(remaining, perBlock))
				w.copies(k, sg.Dist)
				size += int64(k) * 258
				remaining -= int64(k)
			}
			if last {
				w.stored(nil, true)
			}
		}
	}
	w.align()
	return w.buf.Bytes(), size
}

// Deflate returns a raw deflate stream of prefix, then period repeated until the stream holds at
// least total bytes, then suffix; prefix must end with one whole period (the copies repeat the
// last len(period) bytes). It also returns the exact uncompressed size.
func Deflate(prefix, period, suffix string, total int64) ([]byte, int64) {
	if !strings.HasSuffix(prefix, period) || len(period) == 0 || len(period) > 32768 {
		panic("hostile.Deflate: prefix must end with the period, of at most 32 KiB")
	}
	n := max(total-int64(len(prefix)+len(suffix)), 0)
	n = (n + 257) / 258 * 258
	// Finish the period the copies broke off, then the suffix.
	tail := ""
	if phase := int(n % int64(len(period))); phase != 0 {
		tail = period[phase:]
	}
	return DeflateSegs([]Seg{{Lit: prefix, Dist: len(period), Repeat: n}, {Lit: tail + suffix}})
}

// Part is one part of a package: Body, or a bomb (Prefix + Period… + Suffix of Size bytes), or
// a bomb of segments.
type Part struct {
	Name                   string
	Body                   string
	Prefix, Period, Suffix string
	Size                   int64
	Segs                   []Seg
}

// Zip writes the parts into a zip package. Bomb parts are stored precompressed with their true
// uncompressed size and a zero CRC (which archive/zip does not check): a reader that inflated one
// to the end would see every byte.
func Zip(parts []Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var raw []byte
		var size int64
		switch {
		case p.Segs != nil:
			raw, size = DeflateSegs(p.Segs)
		case p.Period != "":
			raw, size = Deflate(p.Prefix, p.Period, p.Suffix, p.Size)
		default:
			w, err := zw.Create(p.Name)
			if err != nil {
				panic(err)
			}
			io.WriteString(w, p.Body)
			continue
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate,
			CompressedSize64: uint64(len(raw)), UncompressedSize64: uint64(size)})
		if err != nil {
			panic(err)
		}
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// The parts of a minimal workbook with one sheet, S, and optional shared strings and styles.
const (
	ContentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`
	PackageRels  = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	WorkbookHead = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`
	WorkbookTail = `</sheets></workbook>`
	WorkbookRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	SheetHead    = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	SheetTail    = `</worksheet>`
	SSTHead      = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	StylesHead   = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
)

// Workbook returns the parts of a one-sheet workbook with the given sheet XML (between
// <worksheet> and </worksheet>); extra parts replace the defaults of the same name.
func Workbook(sheet string, extra ...Part) []Part {
	parts := []Part{
		{Name: "[Content_Types].xml", Body: ContentTypes},
		{Name: "_rels/.rels", Body: PackageRels},
		{Name: "xl/workbook.xml", Body: WorkbookHead + `<sheet name="S" sheetId="1" r:id="rId1"/>` + WorkbookTail},
		{Name: "xl/_rels/workbook.xml.rels", Body: WorkbookRels},
		{Name: "xl/worksheets/sheet1.xml", Body: SheetHead + sheet + SheetTail},
	}
	for _, e := range extra {
		replaced := false
		for i := range parts {
			if parts[i].Name == e.Name {
				parts[i], replaced = e, true
			}
		}
		if !replaced {
			parts = append(parts, e)
		}
	}
	return parts
}

// XLSX is a hostile workbook: its name in a test and its bytes.
type XLSX struct {
	Name string
	Data []byte
	// Claim says what it claims, for messages.
	Claim string
}

// GB is 2^30 bytes.
const GB = 1 << 30

// XLSXBombs returns the workbooks of issue 21: each is a few megabytes at most and would claim
// gigabytes of memory from a reader that trusted it.
func XLSXBombs() []XLSX { return XLSXBombsScaled(1) }

// XLSXBombsScaled is XLSXBombs with every claimed size divided by div: smaller files that still
// go past every bound (tests under the race detector use div 8, where each token costs ten times
// as much).
func XLSXBombsScaled(div int64) []XLSX {
	cell := `<c t="inlineStr"><is><t>x</t></is></c>`
	return []XLSX{
		{Name: "sst-empty-items.xlsx", Claim: "shared strings inflating to 2 GB of empty items",
			Data: Zip(Workbook(`<sheetData><row><c t="s"><v>0</v></c></row></sheetData>`,
				Part{Name: "xl/sharedStrings.xml", Prefix: SSTHead + `<si/>`, Period: `<si/>`, Suffix: `</sst>`, Size: 2 * GB / div}))},
		{Name: "sst-long-items.xlsx", Claim: "shared strings inflating to 2 GB of 15 MiB strings",
			Data: Zip(Workbook(`<sheetData><row><c t="s"><v>0</v></c></row></sheetData>`,
				Part{Name: "xl/sharedStrings.xml", Segs: longItems(SSTHead+`<si><t>a`, `</t></si><si><t>a`, `</t></si></sst>`, 15<<20, 2*GB/div)}))},
		{Name: "styles-56m-xf.xlsx", Claim: "styles with 56 M <xf/>",
			Data: Zip(Workbook(`<sheetData><row>`+cell+`</row></sheetData>`,
				Part{Name: "xl/styles.xml", Prefix: StylesHead + `<cellXfs><xf/>`, Period: `<xf/>`, Suffix: `</cellXfs></styleSheet>`, Size: 56_000_000 * 5 / div}))},
		{Name: "dimension-xfd.xlsx", Claim: "a one-column sheet of 200,000 rows declaring 16,384 columns",
			Data: Zip(Workbook("", Part{Name: "xl/worksheets/sheet1.xml",
				Prefix: SheetHead + `<dimension ref="A1:XFD200000"/><sheetData><row>` + cell + `</row>`,
				Period: `<row>` + cell + `</row>`, Suffix: `</sheetData>` + SheetTail, Size: 200_000 / div * int64(len(`<row>`+cell+`</row>`))}))},
		{Name: "cell-2gb.xlsx", Claim: "one cell of 2 GB",
			Data: Zip(Workbook("", Part{Name: "xl/worksheets/sheet1.xml",
				Prefix: SheetHead + `<sheetData><row><c t="inlineStr"><is><t>a`, Period: "a",
				Suffix: `</t></is></c></row></sheetData>` + SheetTail, Size: 2 * GB / div}))},
		{Name: "tag-2gb.xlsx", Claim: "one tag of 2 GB (attributes)",
			Data: Zip(Workbook("", Part{Name: "xl/worksheets/sheet1.xml",
				Prefix: SheetHead + `<sheetData><row a0="" `, Period: ` `,
				Suffix: `><c t="inlineStr"><is><t>x</t></is></c></row></sheetData>` + SheetTail, Size: 2 * GB / div}))},
		{Name: "sheets-10m.xlsx", Claim: "a workbook listing 10 M sheets",
			Data: Zip(Workbook(`<sheetData><row>`+cell+`</row></sheetData>`,
				Part{Name: "xl/workbook.xml", Prefix: WorkbookHead + `<sheet name="S" sheetId="1" r:id="rId1"/>`,
					Period: `<sheet name="S" sheetId="1" r:id="rId1"/>`, Suffix: WorkbookTail, Size: 10_000_000 * 40 / div}))},
		{Name: "rels-10m.xlsx", Claim: "workbook relationships listing 10 M entries",
			Data: Zip(Workbook(`<sheetData><row>`+cell+`</row></sheetData>`,
				Part{Name: "xl/_rels/workbook.xml.rels", Prefix: strings.TrimSuffix(WorkbookRels, `</Relationships>`) + `<Relationship Id="x" Type="t" Target="u"/>`,
					Period: `<Relationship Id="x" Type="t" Target="u"/>`, Suffix: `</Relationships>`, Size: 10_000_000 * 42 / div}))},
		{Name: "content-types-10m.xlsx", Claim: "content types listing 10 M overrides",
			Data: Zip(Workbook(`<sheetData><row>`+cell+`</row></sheetData>`,
				Part{Name: "[Content_Types].xml", Prefix: strings.TrimSuffix(ContentTypes, `</Types>`) + `<Override PartName="/a" ContentType="b"/>`,
					Period: `<Override PartName="/a" ContentType="b"/>`, Suffix: `</Types>`, Size: 10_000_000 * 40 / div}))},
	}
}

// String describes a workbook for test names.
func (x XLSX) String() string { return fmt.Sprintf("%s (%d bytes: %s)", x.Name, len(x.Data), x.Claim) }

// longItems is a bomb of items of n bytes of 'a' each between separators, total bytes in all.
func longItems(head, sep, tail string, n, total int64) []Seg {
	segs := []Seg{{Lit: head}}
	for size := int64(len(head)); size < total; size += n + int64(len(sep)) {
		segs[len(segs)-1].Dist, segs[len(segs)-1].Repeat = 1, n-1-257
		segs = append(segs, Seg{Lit: sep})
	}
	segs[len(segs)-1].Lit += tail
	return segs
}
