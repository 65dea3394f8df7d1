package readers

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// trickySheets are sheetData bodies in every shape the lexer takes and every shape it hands to
// encoding/xml: entities and character references, carriage returns, CDATA, comments and
// processing instructions, prefixed names, self-closing cells, spaces around '=', rich text and
// phonetic runs, bad references, invalid UTF-8 and characters, malformed markup, a cell longer
// than the lexer's buffer.
var trickySheets = []string{
	`<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>a&amp;b&lt;&gt;&quot;&apos;</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>x&#10;y&#x41;&#x1F600;</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a` + "\r\n" + `b` + "\r" + `c</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[cd<a>ta]]></t></is></c><!-- comment --><?pi x?></row><row r="2"><c r="A2"><v>3.5</v></c></row>`,
	`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>pre</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>fix</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2" t="b"><x:v>1</x:v></x:c></x:row>`,
	`<row r="1"><c r="A1" t="inlineStr"/><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="2" spans="1:2"><c r="A2" s="0" t="n"><v>12345678901234567890</v></c><c r="B2" t = 'inlineStr' ><is><r><t>ri</t></r><r><rPr/><t xml:space="preserve"> ch </t></r><rPh><t>ph</t></rPh></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row><c><v>1</v></c><c><v>2</v></c></row><row r="7"><c r="C7"><v>3</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="e"><v>#N/A</v></c></row><row r="3"><c r="A3" t="d"><v>2024-01-02T00:00:00</v></c></row><row r="4"><c r="A4" t="str"><v>f</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a]]b</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>]]></t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a&bogus;</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a&#0;</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a&#xD800;b&#13;&#X41;</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a` + "\xff" + `</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a` + "\x01" + `</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a` + "\uFFFE" + `</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="s"><v> 1 </v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>` + "\n" + `<row r="2"><c r="A2" t="inlineStr"><is><t>unclosed</t></is></c>` + "\n\n" + `<c r="A3" x="1" x="2"><v>1</v></c></rowz>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>` + "\n\n" + `<row r="2"><c r="A2" t=inlineStr><is><t>b</t></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2"` + "\n" + `t="inlineStr"` + "\t" + `><is><t>b</t></is></c></row><row r="3"><c r="A3" a:b:c="1"><v>1</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="&#115;"><v>0</v></c><c r="B2" r="C2"><v>5</v></c><c r="ZZZZ2"><v>6</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData><sheetData><row r="3"><c r="A3"><v>1</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>身份证</t></is></c><c r="B1" t="inlineStr"><is><t>手机</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>110105194912310021</t></is></c><c r="B2"><v>13800138000</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>` + strings.Repeat("长", 30000) + `</t></is></c></row>`,
	`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>0.1</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>b</t></is></c></row></sheetData><extLst><c r="A9"><v>9</v></c></extLst><sheetData>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2" t="inlineStr"><is><t>y&#65;z&#x4e2d;</t></is></c></row><row r="3"><c r=":A3" t="inlineStr"><is><t>1</t></is></c><c r="B3" x:="1" :y="2"><v>2</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2"><v>1</v></c ></row ><row r="3"><c r="A3"><v>2</v></c x></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><ç r="A2"><v>1</v></ç><c r="B2" é="1"><v>2</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" s="abc"><v>44000.5</v></c><c r="B2" s="-1"><v>1</v></c><c r="C2" s="99999999999999999999"><v>2</v></c></row>`,
}

// xmlEventString renders an event for comparison.
func xmlEventString(ev *xmlEvent) string {
	switch ev.kind {
	case evStart:
		var b strings.Builder
		fmt.Fprintf(&b, "<%q", ev.local)
		for _, a := range ev.attrs {
			fmt.Fprintf(&b, " %q:%q=%q", a.space, a.local, a.value)
		}
		return b.String() + ">"
	case evEnd:
		return fmt.Sprintf("</%q>", ev.local)
	case evText:
		return fmt.Sprintf("%q", ev.text)
	}
	return "other"
}

// lexedEvents reads doc through xmlEvents with a buffer of size bytes, the input arriving in the
// pieces chunking gives (0 whole, 1 a byte at a time, 2 halves of each read), read ahead or not.
func lexedEvents(doc []byte, size, chunking int, ahead bool) ([]string, error) {
	var r io.Reader = bytes.NewReader(doc)
	switch chunking {
	case 1:
		r = iotest.OneByteReader(r)
	case 2:
		r = iotest.HalfReader(r)
	}
	x := newXMLEventsSize(r, Limits{MaxFieldBytes: 1 << 20}, size, ahead)
	defer x.close()
	var out []string
	for {
		ev, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, xmlEventString(ev))
	}
}

// decodedEvents reads doc as the reader did before xmlEvents: encoding/xml's RawToken over the
// same bounded reader. It is the reference.
func decodedEvents(doc []byte) ([]string, error) {
	toks, err := xmlTokens(doc, true, 1<<20)
	out := make([]string, len(toks))
	for i, tok := range toks {
		ev := xmlEvent{}
		switch t := tok.(type) {
		case xml.StartElement:
			ev.kind, ev.local = evStart, []byte(t.Name.Local)
			for _, a := range t.Attr {
				ev.attrs = append(ev.attrs, xmlAttr{[]byte(a.Name.Space), []byte(a.Name.Local), []byte(a.Value)})
			}
		case xml.EndElement:
			ev.kind, ev.local = evEnd, []byte(t.Name.Local)
		case xml.CharData:
			ev.kind, ev.text = evText, t
		}
		out[i] = xmlEventString(&ev)
	}
	return out, err
}

// checkEventsAgree fails unless xmlEvents gives encoding/xml's tokens and error for doc; chunking
// 0-2 is lexedEvents', 3-5 the same read ahead.
func checkEventsAgree(t *testing.T, doc []byte, size, chunking int) {
	t.Helper()
	want, werr := decodedEvents(doc)
	got, gerr := lexedEvents(doc, size, chunking%3, chunking >= 3)
	if fmt.Sprint(werr) != fmt.Sprint(gerr) || !slices.Equal(want, got) {
		t.Fatalf("buffer %d, chunking %d, %.200q:\nencoding/xml %v\n%q\nxmlEvents    %v\n%q", size, chunking, doc, werr, want, gerr, got)
	}
}

func sheetDoc(sheetData string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData>` +
		sheetData + `</sheetData></worksheet>`)
}

func TestXMLEventsAgreeWithEncodingXML(t *testing.T) {
	docs := [][]byte{benchSheetXML()[:200_000]}
	for _, s := range trickySheets {
		docs = append(docs, sheetDoc(s))
	}
	for _, doc := range docs {
		for _, size := range []int{16, 37, 4096, xmlEventsBuffer} {
			for chunking := range 6 {
				checkEventsAgree(t, doc, size, chunking)
			}
		}
	}
}

// TestXMLEventsLexMostTokens guards the speed: on a plain sheet the Decoder reads the prolog and
// the first element only.
func TestXMLEventsLexMostTokens(t *testing.T) {
	doc := sheetDoc(strings.Repeat(`<row r="1"><c r="A1" t="inlineStr"><is><t>x &amp; y</t></is></c><c r="B1" s="2"><v>1.5</v></c></row>`, 100))
	x := newXMLEvents(bytes.NewReader(doc), Limits{MaxFieldBytes: 1 << 20})
	slow := 0
	for {
		wasSlow := x.slow
		if _, err := x.next(); err != nil {
			break
		}
		if wasSlow {
			slow++
		}
	}
	if slow > 5 {
		t.Errorf("%d of %d tokens went to encoding/xml", slow, x.tokens)
	}
}

// FuzzXMLEvents: on arbitrary XML, with any buffer size and any chunking of the input, xmlEvents
// returns exactly the tokens and the error encoding/xml returns.
func FuzzXMLEvents(f *testing.F) {
	for _, s := range trickySheets {
		f.Add(sheetDoc(s), uint8(0), uint8(0))
	}
	for _, s := range []string{`<a b="1">c</a>`, `<a><![CDATA[]]]]>]]></a>`, `<!-- x --><?p q?><a/>`, `<a b='>'/>`, `<a>&lt;&#x41;</a>`, "<a>\r\n</a>"} {
		f.Add([]byte(s), uint8(1), uint8(2))
	}
	f.Fuzz(func(t *testing.T, doc []byte, size, chunking uint8) {
		checkEventsAgree(t, doc, 16+int(size), int(chunking%6))
	})
}

// readXLSXBoth reads data with the lexer and with encoding/xml alone, and fails unless every
// sheet, row, statistic and error agree.
func readXLSXBoth(t *testing.T, name string, data []byte) {
	t.Helper()
	var out [2]string
	for i, slow := range []bool{false, true} {
		f, err := Default().Open(Source{Path: name, R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{}.WithDefaults()})
		if err != nil {
			out[i] = "open: " + err.Error()
			continue
		}
		if x, ok := f.(*xlsxFile); ok {
			x.slowXML = slow
		}
		sheets, err := xlsxReadAll(f)
		f.Close()
		out[i] = fmt.Sprintf("%+v %v", sheets, err)
	}
	if out[0] != out[1] {
		t.Fatalf("%s:\nlexer        %.2000s\nencoding/xml %.2000s", name, out[0], out[1])
	}
}

// TestXLSXLexerMatchesEncodingXML reads every committed workbook (openpyxl, xlsxwriter, exceljs,
// SheetJS, LibreOffice, excelize, hostile ones) and the tricky sheets, with and without
// shared strings, both ways.
func TestXLSXLexerMatchesEncodingXML(t *testing.T) {
	var paths []string
	for _, root := range []string{"../testdata", "testdata"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".xlsx") {
				paths = append(paths, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(paths) < 50 {
		t.Fatalf("only %d workbooks found", len(paths))
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		readXLSXBoth(t, p, data)
	}
	// A sheet past readAheadMin, so the table reads it ahead on a goroutine of its own, while
	// the prescan of its declared width inflates it again from the same source.
	var big strings.Builder
	for r := 1; big.Len() <= readAheadMin; r++ {
		fmt.Fprintf(&big, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>张伟&amp;%d</t></is></c><c r="B%d"><v>138%08d</v></c></row>`, r, r, r, r, r)
	}
	readXLSXBoth(t, "big.xlsx", xlsxRawSheet(t, `<dimension ref="A1:C9"/>`, big.String()))
	const sst = `<si><t>s&amp;0</t></si><si><r><t>a</t></r><r><t>b</t></r><rPh><t>x</t></rPh></si><si><t/></si>`
	for i, s := range trickySheets {
		readXLSXBoth(t, fmt.Sprintf("tricky%d.xlsx", i), xlsxRawSheet(t, `<dimension ref="A1:C3"/>`, s))
		readXLSXBoth(t, fmt.Sprintf("tricky%d-sst.xlsx", i), xlsxRawBook(t, "", s, sst+`<si><t>`+s+`</t></si>`, false))
	}
}

// FuzzXLSXSheetLexer: a workbook around arbitrary sheet XML (and the same as its shared-string
// part) reads the same with the lexer as with encoding/xml alone.
func FuzzXLSXSheetLexer(f *testing.F) {
	for _, s := range trickySheets {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sheetData string) {
		readXLSXBoth(t, "in.xlsx", xlsxRawBook(t, `<dimension ref="A1:C9"/>`, sheetData, sheetData, false))
	})
}
