package readers

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// withDeadline runs f, failing the test if it has not returned after d: a hang guard for inputs
// that used to take minutes, not a timing assertion.
func withDeadline(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// TestCSVHeaderOfAMillionColumns: splitting the header used to search for the end of the line
// again from every field, so a header of n columns cost n² (1 M columns took minutes, 8 M did not
// finish in ten). It is linear now: 1 M columns are refused by the column limit, or read when
// the limit allows them; 8 M short columns are refused by the field limit.
func TestCSVHeaderOfAMillionColumns(t *testing.T) {
	var hdr bytes.Buffer
	for i := 0; i < 1_000_000; i++ {
		hdr.WriteString(letters(i) + ",") // names, not number-like cells
	}
	hdr.WriteString("last\n")
	data := append(hdr.Bytes(), strings.Repeat("1,", 999_999)+"1,2\n"...)
	withDeadline(t, time.Minute, func() {
		_, err := OpenCSV(Source{Path: "wide.csv", R: bytes.NewReader(data), Size: int64(len(data))})
		if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "1000001 columns exceed the 16384-column limit (--max-columns") {
			t.Errorf("default limits: %v, want the column limit", err)
		}
	})
	if raceEnabled {
		t.Log("race detector: reading the million columns and the 8 M-column header are left to runs without -race")
		return
	}
	withDeadline(t, time.Minute, func() {
		f, err := OpenCSV(Source{Path: "wide.csv", R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{MaxColumns: 2_000_000}})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		tbl, err := f.NextTable()
		if err != nil {
			t.Fatal(err)
		}
		if n := len(tbl.Columns()); n != 1_000_001 {
			t.Fatalf("%d columns", n)
		}
		var b Batch
		if err := tbl.Next(&b); err != nil || b.Rows != 1 {
			t.Fatalf("rows %d, %v", b.Rows, err)
		}
	})
	withDeadline(t, time.Minute, func() {
		// A million columns of one repeated name: naming them _2, _3… is linear too.
		same := []byte(strings.Repeat("a,", 999_999) + "a\n")
		f, err := OpenCSV(Source{Path: "same.csv", R: bytes.NewReader(same), Size: int64(len(same)), Limits: Limits{MaxColumns: 2_000_000}})
		if err != nil {
			t.Fatal(err)
		}
		tbl, _ := f.NextTable()
		if cols := tbl.Columns(); cols[999_999] != "a_1000000" {
			t.Fatalf("last column %q", cols[999_999])
		}
		f.Close()
	})
	withDeadline(t, 2*time.Minute, func() {
		eight := bytes.Repeat([]byte("a,"), 8_000_000)
		_, err := OpenCSV(Source{Path: "eight.csv", R: bytes.NewReader(eight), Size: int64(len(eight))})
		if !errors.Is(err, ErrLimit) {
			t.Errorf("8 M columns: %v, want a limit error", err)
		}
	})
}

// TestHeaderRowOfPersonalDataIsData: a first row whose cells validate as personal information is
// never taken for column names (they are printed in every report and stored in the ledger); it
// is read as data under col_N names, in CSV and in xlsx.
func TestHeaderRowOfPersonalDataIsData(t *testing.T) {
	rows := [][]string{{"zhang.san@example.com", "张三"}, {"li.si@example.com", "李四"}}
	var csv bytes.Buffer
	for _, r := range rows {
		csv.WriteString(strings.Join(r, ",") + "\n")
	}
	var sheet strings.Builder
	for i, r := range rows {
		fmt.Fprintf(&sheet, `<row r="%d">%s%s</row>`, i+1, xlsxIS(fmt.Sprintf("A%d", i+1), r[0]), xlsxIS(fmt.Sprintf("B%d", i+1), r[1]))
	}
	for name, data := range map[string][]byte{
		"people.csv":  csv.Bytes(),
		"people.xlsx": xlsxRawSheet(t, "", sheet.String()),
	} {
		f, err := Default().Open(Source{Path: name, R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{}.WithDefaults()})
		if err != nil {
			t.Fatal(name, err)
		}
		tbl, err := f.NextTable()
		if err != nil {
			t.Fatal(name, err)
		}
		if got := tbl.Columns(); !reflect.DeepEqual(got, []string{"col_1", "col_2"}) {
			t.Errorf("%s: columns %q, want col_1, col_2", name, got)
		}
		var b Batch
		if err := tbl.Next(&b); err != nil || b.Rows != 2 {
			t.Errorf("%s: %d rows, %v; want both rows as data", name, b.Rows, err)
		}
		f.Close()
	}
}

// xmlTokens decodes every raw token of doc, through the bounded reader or not.
func xmlTokens(doc []byte, bounded bool, maxText int) ([]xml.Token, error) {
	var d interface{ RawToken() (xml.Token, error) }
	if bounded {
		d = newXMLDecoder(bytes.NewReader(doc), Limits{MaxFieldBytes: maxText}, uint64(len(doc)))
	} else {
		d = xml.NewDecoder(bytes.NewReader(doc))
	}
	var out []xml.Token
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, xml.CopyToken(tok))
	}
}

func TestBoundedXMLAgreesWithEncodingXML(t *testing.T) {
	for _, doc := range []string{
		`<?xml version="1.0"?><a x="1>2" y='<'><b>text &amp; more</b><!-- a -- b? no: comment --><c/></a>`,
		`<a><![CDATA[x]]]></a>`,
		`<a><![CDATA[]]><b>]]&gt;</b></a>`,
		`<a><!----><?pi a?b??></a>`,
		`<a b="&quot;'>'"/>`,
	} {
		want, werr := xmlTokens([]byte(doc), false, 0)
		got, gerr := xmlTokens([]byte(doc), true, 1<<20)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(want, got) {
			t.Errorf("%s:\nencoding/xml %v %v\nbounded      %v %v", doc, want, werr, got, gerr)
		}
	}
	for doc, want := range map[string]string{
		`<a>` + strings.Repeat("x", 2000) + `</a>`:                        "a cell or a run of XML text is longer than the 1000 bytes limit",
		`<a><![CDATA[` + strings.Repeat("x", 2000) + `]]></a>`:            "a cell or a run of XML text is longer than",
		`<a><!--` + strings.Repeat("x", 2000) + `--></a>`:                 "a cell or a run of XML text is longer than",
		`<a ` + strings.Repeat(`b="" `, 400) + `/>`:                       "an XML tag is longer than the 1000 bytes limit",
		`<a b="` + strings.Repeat(`>`, 2000) + `"/>`:                      "an XML tag is longer than",
		`<?pi ` + strings.Repeat("x", 2000) + `?><a/>`:                    "an XML tag is longer than",
		`<!DOCTYPE a [<!ENTITY e "` + strings.Repeat("x", 9) + `">]><a/>`: "an XML declaration",
	} {
		_, err := xmlTokens([]byte(doc), true, 1000)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40s…: %v, want %q", doc, err, want)
		}
	}
}

// FuzzBoundedXML: under generous bounds, the bounded reader never changes what encoding/xml
// decodes; it only stops early, with a limit or a refused declaration.
func FuzzBoundedXML(f *testing.F) {
	for _, s := range []string{`<a b="1">c</a>`, `<a><![CDATA[]]]]>]]></a>`, `<!-- x --><?p q?><a/>`, `<a b='>'/>`, `<a>&lt;&#x41;</a>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		want, werr := xmlTokens(doc, false, 0)
		got, gerr := xmlTokens(doc, true, 1<<20)
		if gerr != nil && (errors.Is(gerr, ErrLimit) || errors.Is(gerr, ErrCorrupt)) {
			// Refused early: what was decoded before must agree.
			if len(got) > len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want[:len(got)])) {
				t.Fatalf("tokens before the refusal differ: %v vs %v", got, want)
			}
			return
		}
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(want, got) {
			t.Fatalf("encoding/xml: %v %v\nbounded: %v %v", want, werr, got, gerr)
		}
	})
}

// letters spells i in base 26 with the letters a-z.
func letters(i int) string {
	b := []byte{'a' + byte(i%26)}
	for i /= 26; i > 0; i /= 26 {
		b = append(b, 'a'+byte(i%26))
	}
	return string(b)
}
