package readers

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// benchSheetXML is a worksheet part of inline-string and number cells, about 4 MiB.
func benchSheetXML() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 1; b.Len() < 4<<20; r++ {
		fmt.Fprintf(&b, `<row r="%d">`, r)
		fmt.Fprintf(&b, `<c r="A%d" t="inlineStr"><is><t>张伟%d</t></is></c>`, r, r)
		fmt.Fprintf(&b, `<c r="B%d"><v>138%08d</v></c>`, r, r)
		fmt.Fprintf(&b, `<c r="C%d" t="inlineStr"><is><t xml:space='preserve'>北京市朝阳区建国路%d号 </t></is></c>`, r, r%999)
		fmt.Fprintf(&b, `<c r="D%d" s="1"><v>%d.%02d</v></c></row>`, r, r%100000, r%100)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.Bytes()
}

// BenchmarkBoundedXMLScan measures boundedXML.scan alone, over 32 KiB reads.
func BenchmarkBoundedXMLScan(b *testing.B) {
	data := benchSheet(b)
	defer reportCPU(b)()
	for range b.N {
		bx := newBoundedXML(nil, 1<<20)
		for p := data; len(p) > 0; {
			n := min(len(p), 32<<10)
			if _, err := bx.scan(p[:n]); err != nil {
				b.Fatal(err)
			}
			p = p[n:]
		}
	}
}

// BenchmarkXLSXSheetEvents lexes a 4 MiB worksheet part with xmlEvents (what the xlsx reader
// does), and BenchmarkXLSXSheetRawToken with encoding/xml's RawToken over the same bounded reader
// (what it did before): the sheet parser alone, no zip, no cells rendered.
func BenchmarkXLSXSheetEvents(b *testing.B) {
	benchSheetTokens(b, func(r io.Reader) func() error {
		x := newXMLEvents(r, Limits{MaxFieldBytes: 1 << 20})
		return func() error { _, err := x.next(); return err }
	})
}

func BenchmarkXLSXSheetRawToken(b *testing.B) {
	benchSheetTokens(b, func(r io.Reader) func() error {
		d := newXMLDecoder(r, Limits{MaxFieldBytes: 1 << 20}, 1<<30)
		return func() error { _, err := d.RawToken(); return err }
	})
}

// benchSheet returns benchSheetXML, with b set to report its bytes and the allocations.
func benchSheet(b *testing.B) []byte {
	data := benchSheetXML()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	return data
}

func benchSheetTokens(b *testing.B, open func(io.Reader) func() error) {
	data := benchSheet(b)
	defer reportCPU(b)()
	for range b.N {
		next := open(bytes.NewReader(data))
		for {
			err := next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
