package detect

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// prefilterValues are the values the prefilters are held to: every labelled column's and every
// cell of the CSV files of the labelled corpus in testdata/corpus (written by Python's csv).
func prefilterValues(t testing.TB) []string {
	var vals []string
	for _, c := range labelledColumns() {
		vals = append(vals, c.values...)
	}
	files, err := filepath.Glob("../../testdata/corpus/files/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("labelled corpus CSV files not found: %v", err)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(fh)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, row := range rows {
			vals = append(vals, row...)
		}
	}
	return vals
}

// checkPrefilters fails when a built-in detector's Match accepts v, cleaned as the classifier
// cleans it, while its prefilter rules v out. It reports whether any detector matched.
func checkPrefilters(t testing.TB, v []byte) bool {
	t.Helper()
	cv := CleanCell(nil, v)
	sh := ShapeOf(cv)
	any := false
	for _, d := range Builtin().All() {
		if !d.Match(cv) {
			continue
		}
		any = true
		if pf, ok := d.(Prefilter); ok && !pf.MayMatch(sh) {
			t.Errorf("%s.Match(%q) is true but its prefilter rules the value out (shape %+v)", d.ID(), cv, sh)
		}
	}
	return any
}

// cellDresses are what exports wrap values in: nested typographic quotes, an Excel text guard,
// spaces (ideographic too) and zero-width characters.
var cellDresses = [][2]string{{"“「‘", "’」”"}, {"=\"", "\""}, {"\u3000 \u200b", "\u200b\u3000"}, {"「‘", "’」"}}

// TestPrefiltersAreSound: no prefilter rules out a value its detector accepts, over every
// labelled value and corpus cell. Most of them match some type, so the test has teeth.
func TestPrefiltersAreSound(t *testing.T) {
	vals := prefilterValues(t)
	matched := 0
	for _, v := range vals {
		if checkPrefilters(t, []byte(v)) {
			matched++
		}
		// The dress cells carry that cleaning takes off, in two passes: the classifier's
		// CleanCell, then the detector's own. The prefilter sees the value after the first
		// only (a card in three pairs of quotes kept one pair, and BankCard's prefilter,
		// requiring pure ASCII, hid it).
		for _, dress := range cellDresses {
			checkPrefilters(t, []byte(dress[0]+v+dress[1]))
		}
	}
	if matched < len(vals)/4 {
		t.Fatalf("only %d of %d values matched any type: the test would not notice a wrong prefilter", matched, len(vals))
	}
	t.Logf("%d values, %d matched by some type", len(vals), matched)
}

// TestEveryCheapDetectorHasAPrefilter: the detectors tried on every column without a header
// hint declare a prefilter, so a new one is not silently left out (criminal records, financial
// records, birth dates and social security numbers need their header).
func TestEveryCheapDetectorHasAPrefilter(t *testing.T) {
	for _, d := range Builtin().All() {
		if _, ok := d.(Prefilter); !ok && !d.Hints().Required {
			t.Errorf("%s has no Prefilter: every value of every column is parsed by it", d.ID())
		}
	}
}

func TestShapeOf(t *testing.T) {
	s := ShapeOf([]byte("张伟 Zhang-13812345678@x.cn"))
	if s.Len != 29 || s.Digits != 11 || s.Letters != 8 || s.NonASCII != 6 {
		t.Errorf("shape %+v", s)
	}
	for _, c := range []byte{' ', '-', '@', '.', 'Z', '1'} {
		if !s.Has(c) {
			t.Errorf("Has(%q) = false", c)
		}
	}
	for _, c := range []byte{':', ',', 'y', '0', 0xE5} {
		if s.Has(c) {
			t.Errorf("Has(%q) = true", c)
		}
	}
}

// FuzzPrefiltersAreSound runs the soundness check on arbitrary values, seeded with the labelled
// ones.
func FuzzPrefiltersAreSound(f *testing.F) {
	for i, v := range prefilterValues(f) {
		if i%7 == 0 {
			f.Add(v)
		}
	}
	f.Fuzz(func(t *testing.T, v string) { checkPrefilters(t, []byte(v)) })
}

// TestCleaningNeverJoinsBrokenBytes: a zero-width character between the bytes of a broken
// full-width digit (EF BC, U+200B, 91) must not become a digit only at the detector's own clean:
// the classifier's shape would not have it, and the prefilter would hide an ID or an IMEI
// written so. Cleaning twice gives what cleaning once gives, and no prefilter rules out what its
// detector then matches.
func TestCleaningNeverJoinsBrokenBytes(t *testing.T) {
	broken := func(digits string) string {
		var b strings.Builder
		for i, d := range []byte(digits) {
			if i < 5 || d < '0' || d > '9' {
				b.WriteByte(d)
				continue
			}
			b.WriteString("\xef\xbc\u200b")
			b.WriteByte(0x90 + d - '0')
		}
		return b.String()
	}
	for _, v := range []string{broken("11010519491231002X"), broken("490154203237518"), "\xef\xbc\u200b\x91", "\xef\u200b\xbc\x91"} {
		once := CleanCell(nil, []byte(v))
		if twice := CleanCell(nil, once); string(twice) != string(once) {
			t.Errorf("%q: cleaned once %q, twice %q", v, once, twice)
		}
		checkPrefilters(t, []byte(v))
	}
}
