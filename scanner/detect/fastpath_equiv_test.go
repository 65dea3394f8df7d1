package detect

import (
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTradHanIsTradToSimp: tradHan holds exactly the keys of tradToSimp.
func TestTradHanIsTradToSimp(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		_, inMap := tradToSimp[r]
		if tradHan.has(r) != inMap {
			t.Fatalf("%q: in tradHan %v, in tradToSimp %v", r, tradHan.has(r), inMap)
		}
		if inMap {
			n++
		}
	}
	if n != len(tradToSimp) {
		t.Fatalf("%d of %d characters of tradToSimp found", n, len(tradToSimp))
	}
}

// TestBiometricMatchAsDecoding: Biometric.Match, with its quick look at the first four bytes,
// says what decoding every value says: over base64 of random heads (every magic among them),
// line breaks put anywhere in the first bytes, blob: and data: forms, and the labelled values.
func TestBiometricMatchAsDecoding(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 7))
	magics := []string{"FMR\x00", "FIR\x00", "FAC\x00", "IIR\x00", "FMR 20", "FM", "\xFF\xD8\xFF", "RIFF0000WEBP", "GIF89a", ""}
	var vals []string
	for range 20000 {
		head := []byte(magics[r.IntN(len(magics))])
		for range r.IntN(60) {
			head = append(head, byte(r.IntN(256)))
		}
		b := []byte(base64.StdEncoding.EncodeToString(head))
		if r.IntN(3) == 0 && len(b) > 0 {
			i := r.IntN(min(len(b), 6))
			b = append(b[:i], append([]byte{"\r\n"[r.IntN(2)]}, b[i:]...)...)
		}
		if r.IntN(2) == 0 && len(b) > 2 {
			b = b[:r.IntN(len(b))]
		}
		vals = append(vals, string(b), "blob:99:"+string(b), "data:image/jpeg;base64,"+string(b))
	}
	vals = append(vals, prefilterValues(t)...)
	matched := 0
	for _, v := range vals {
		got, want := (Biometric{}).Match([]byte(v)), binaryKind([]byte(v)) == binTemplate
		if got != want {
			t.Fatalf("Biometric.Match(%q) = %v, decoding says %v", v, got, want)
		}
		if got {
			matched++
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d of %d values are templates: the test has no teeth", matched, len(vals))
	}
}

// TestIsMaskedAsReference: isMasked says what its rune loop alone says over values made of mask
// marks, look-alikes sharing their lead bytes (— ™ Ã é), Han characters, digits and the
// labelled values; and nullLead admits the first byte of every null-like word in any case.
func TestIsMaskedAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 20))
	parts := []string{"*", "×", "●", "•", "—", "™", "Ã", "é", "张", "1", "a", " ", "＊", "\u200b"}
	vals := prefilterValues(t)
	for range 50000 {
		var b []byte
		for range 1 + r.IntN(7) {
			b = append(b, parts[r.IntN(len(parts))]...)
		}
		vals = append(vals, string(b))
	}
	for _, v := range vals {
		if got, want := isMasked([]byte(v)), countsMaskMarks([]byte(v)); got != want {
			t.Fatalf("isMasked(%q) = %v, reference %v", v, got, want)
		}
	}
	for w := range nullLike {
		for _, v := range []string{w, strings.ToUpper(w)} {
			if !nullLead[v[0]] {
				t.Errorf("null-like %q: its first byte is not in nullLead", v)
			}
		}
	}
}

// TestCellNeedsWorkAndSequentialAsReference: cellNeedsWork, reading eight ASCII bytes at a time,
// and sequential, stopping at the first step that is neither +1 nor −1, say what the plain loops
// say over random values of every length, special lead bytes anywhere.
func TestCellNeedsWorkAndSequentialAsReference(t *testing.T) {
	needsWork := func(v []byte) bool {
		if v[0] == '=' || v[0] == '\'' || v[0] == '"' || v[len(v)-1] == '"' || v[len(v)-1] == '\'' {
			return true
		}
		for _, c := range v {
			if c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF {
				return true
			}
		}
		return false
	}
	seq := func(b []byte) bool {
		if len(b) < 3 {
			return false
		}
		up, down := true, true
		for i := 1; i < len(b); i++ {
			d := (int(b[i]) - int(b[i-1]) + 10) % 10
			up, down = up && d == 1, down && d == 9
		}
		return up || down
	}
	r := rand.New(rand.NewPCG(8, 20))
	alphabet := []byte{'a', '1', ' ', '=', '"', '\'', 0x80, 0xA0, 0xC2, 0xC3, 0xE2, 0xE3, 0xE4, 0xEF, 0xFF}
	for range 200000 {
		v := make([]byte, 1+r.IntN(40))
		for i := range v {
			v[i] = alphabet[r.IntN(len(alphabet))]
			if r.IntN(4) > 0 {
				v[i] = alphabet[r.IntN(3)]
			}
		}
		if got, want := cellNeedsWork(v), needsWork(v); got != want {
			t.Fatalf("cellNeedsWork(%q) = %v, reference %v", v, got, want)
		}
		d := make([]byte, r.IntN(20))
		start, step := byte(r.IntN(10)), []int{1, 9, 1 + r.IntN(9)}[r.IntN(3)]
		for i := range d {
			d[i] = '0' + byte((int(start)+i*step)%10)
			if r.IntN(30) == 0 {
				d[i] = '0' + byte(r.IntN(10))
			}
		}
		if got, want := sequential(d), seq(d); got != want {
			t.Fatalf("sequential(%q) = %v, reference %v", d, got, want)
		}
	}
}

// TestWordListsHoldNoDigit: the prefilters of ethnicity, gender and religion rule out values
// with a digit, which holds while their word lists (those Match looks values up in) hold none.
func TestWordListsHoldNoDigit(t *testing.T) {
	for name, set := range map[string]wordSet{"ethnicCN": ethnicCN, "genderWords": genderWords, "religionWords": religionWords} {
		for w := range set {
			if strings.ContainsAny(w, "0123456789") {
				t.Errorf("%s holds %q: its prefilter must let digits through", name, w)
			}
		}
	}
}

// TestCompanyAddressesStayRejected: matchChineseAddress spots 公司 and 集团 rune by rune instead of
// by byte search; every value holding their bytes is still rejected, whatever surrounds them
// (inserted at any byte offset of an address, after stray bytes that are not UTF-8).
func TestCompanyAddressesStayRejected(t *testing.T) {
	r := newRand(21)
	n := 0
	for range 20000 {
		a := []byte(genCNAddress(r))
		for _, w := range []string{"公司", "集团"} {
			for _, junk := range []string{"", "\xE5", "\xE5\x85", "\x80", "\xFF"} {
				at := r.IntN(len(a) + 1)
				v := append(append(append(append([]byte{}, a[:at]...), junk...), w...), a[at:]...)
				n++
				if matchChineseAddress(v) {
					t.Fatalf("matchChineseAddress(%q) = true, but it holds %s", v, w)
				}
			}
		}
	}
	if n < 100000 {
		t.Fatalf("only %d values tried", n)
	}
}

// TestSecondCleanDropsFewNonASCII: cleaning a cleaned value again (what clean does to the value
// the classifier hands a detector) removes at most 12 bytes outside ASCII, so a value holding
// more never becomes the ASCII letters and digits the code prefilters stand for (fewNonASCII):
// over the labelled values and values wrapped in up to five layers of quotes, guards and spaces.
func TestSecondCleanDropsFewNonASCII(t *testing.T) {
	r := newRand(12)
	layers := [][2]string{{"“", "”"}, {"‘", "’"}, {"「", "」"}, {"『", "』"}, {"\"", "\""}, {"'", "'"}, {"=\"", "\""}, {"'", ""},
		{"\u3000", "\u3000"}, {"\u200b", ""}, {"\u00a0", " "}, {"（", "）"}}
	vals := prefilterValues(t)
	for range 100000 {
		v := []string{genResidentID(r), genBankCard(r), genTravelPermit(r), genCreditCode(r), genDeviceID(r), "张伟"}[r.IntN(6)]
		for range r.IntN(6) {
			l := layers[r.IntN(len(layers))]
			v = l[0] + v + l[1]
		}
		vals = append(vals, v)
	}
	nonASCII := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c >= 0x80 {
				n++
			}
		}
		return n
	}
	for _, v := range vals {
		once := CleanCell(nil, []byte(v))
		twice := CleanCell(nil, once)
		if d := nonASCII(once) - nonASCII(twice); d > 12 {
			t.Fatalf("cleaning %q again removed %d bytes outside ASCII (%q → %q)", v, d, once, twice)
		}
		if nonASCII(twice) == 0 && !fewNonASCII(ShapeOf(once)) {
			t.Fatalf("%q: cleaned twice it is ASCII, but fewNonASCII rules out %q", v, once)
		}
	}
}

// TestDigitsFastPaths: for a value of ASCII digits alone, the shortcuts of BankCard, Phone,
// TravelPermit and USCC say what their general paths (clean, strip, group, parse) say, and
// leave the value as it was: over random digit strings of 1 to 45 digits and valid cards,
// landlines, international numbers, 18-digit residence permits and all-digit credit codes.
func TestDigitsFastPaths(t *testing.T) {
	r := newRand(33)
	permit := TravelPermit{Today: Day{Year: 2026, Month: 12, Day: 6}}
	var vals []string
	for range 50000 {
		vals = append(vals, digits(r, 1+r.IntN(45)), strings.ReplaceAll(genBankCard(r), " ", ""),
			"0"+digits(r, 2+r.IntN(2))+digits(r, 7+r.IntN(2)), "00"+digits(r, 1+r.IntN(3))+digits(r, 6+r.IntN(9)),
			"86"+pick(r, mobilePrefixes)+digits(r, 8), "0086"+pick(r, mobilePrefixes)+digits(r, 8), genResidentID(r))
		body := pick(r, []string{"810000", "820000", "830000", "9" + digits(r, 5)}) + pick(r, []string{"1990", "2005", "1958"}) + "0" + digits(r, 1) + "1" + digits(r, 1) + digits(r, 3)
		vals = append(vals, body+string(mod112([]byte(body))))
		code := "91" + digits(r, 15)
		for _, c := range "0123456789" {
			if validUSCC([]byte(code + string(c))) {
				vals = append(vals, code+string(c))
			}
		}
	}
	checks := []struct {
		name          string
		fast, general func([]byte) bool
	}{
		{"bank_card", BankCard{}.Match, matchCard},
		{"phone_number", Phone{}.Match, matchPhone},
		{"travel_permit", permit.Match, permit.match},
		{"org_credit_code", USCC{}.Match, matchUSCC},
	}
	hits := map[string]int{}
	for _, s := range vals {
		if !allDigits([]byte(s)) {
			continue
		}
		for _, c := range checks {
			v := []byte(s)
			got := c.fast(v)
			if string(v) != s {
				t.Fatalf("%s.Match changed %q into %q", c.name, s, v)
			}
			if want := c.general(v); got != want {
				t.Fatalf("%s.Match(%q) = %v, general path %v", c.name, s, got, want)
			}
			if got {
				hits[c.name]++
			}
		}
	}
	for _, c := range checks {
		if hits[c.name] < 1000 {
			t.Errorf("%s matched only %d values: the test has no teeth", c.name, hits[c.name])
		}
	}
}

// TestNeedsWidthFoldAsByteLoop: needsWidthFold, skipping eight bytes at a time to the first EF or
// E3, says what the byte loop from the start says, over random values rich in the bytes of
// full-width forms and ideographic spaces, split anywhere across words.
func TestNeedsWidthFoldAsByteLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 20))
	alphabet := []byte{'a', '1', 0xE4, 0xB8, 0x80, 0x81, 0x9E, 0x9F, 0xBC, 0xBD, 0xE3, 0xEF}
	for range 300000 {
		v := make([]byte, r.IntN(40))
		for i := range v {
			v[i] = alphabet[r.IntN(len(alphabet))]
		}
		if got, want := needsWidthFold(v), widthFormFrom(v, 0); got != want {
			t.Fatalf("needsWidthFold(%q) = %v, byte loop %v", v, got, want)
		}
	}
}
