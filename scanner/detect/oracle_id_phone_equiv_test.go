package detect

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// checkIDPhoneOracle compares the resident-ID and phone entry points with the oracle copies of
// the code before the fast paths (oracle_id_phone_test.go) on one value. Every answer must be
// identical: validity, normal form (appended after a non-empty dst) and birth date.
func checkIDPhoneOracle(t *testing.T, v []byte) {
	t.Helper()
	id := ResidentID{Today: testToday}
	if got, want := id.Match(v), oldIDMatch(v); got != want {
		t.Fatalf("ResidentID.Match(%q) = %v, oracle %v", v, got, want)
	}
	got, gok := id.Normalize([]byte("pre"), v)
	want, wok := oldIDNormalize([]byte("pre"), v)
	if gok != wok || !bytes.Equal(got, want) {
		t.Fatalf("ResidentID.Normalize(%q) = %q %v, oracle %q %v", v, got, gok, want, wok)
	}
	y1, m1, d1, ok1 := id.BirthDate(v)
	y2, m2, d2, ok2 := oldIDBirthDate(v)
	if y1 != y2 || m1 != m2 || d1 != d2 || ok1 != ok2 {
		t.Fatalf("ResidentID.BirthDate(%q) = %d-%d-%d %v, oracle %d-%d-%d %v", v, y1, m1, d1, ok1, y2, m2, d2, ok2)
	}
	// BirthDateNormalized is meant for normal forms, but must agree on any input.
	for _, n := range [][]byte{v, got[3:]} {
		y1, m1, d1, ok1 = id.BirthDateNormalized(n)
		y2, m2, d2, ok2 = oldIDBirthDateNormalized(n)
		if y1 != y2 || m1 != m2 || d1 != d2 || ok1 != ok2 {
			t.Fatalf("BirthDateNormalized(%q) = %d-%d-%d %v, oracle %d-%d-%d %v", n, y1, m1, d1, ok1, y2, m2, d2, ok2)
		}
	}
	if got, want := validRegion(v), oldValidRegion(v); got != want {
		t.Fatalf("validRegion(%q) = %v, oracle %v", v, got, want)
	}
	if got, want := validMod112(v), oldValidMod112(v); got != want {
		t.Fatalf("validMod112(%q) = %v, oracle %v", v, got, want)
	}
	if got, want := ValidChecksum(ChecksumMod112, v), len(v) >= 2 && allDigits(v[:len(v)-1]) && oldMod112Of(v[:len(v)-1]) == v[len(v)-1]; got != want {
		t.Fatalf("ValidChecksum(mod11-2, %q) = %v, oracle %v", v, got, want)
	}

	var ph Phone
	if got, want := ph.Match(v), oldPhoneMatch(v); got != want {
		t.Fatalf("Phone.Match(%q) = %v, oracle %v", v, got, want)
	}
	got, gok = ph.Normalize([]byte("pre"), v)
	want, wok = oldPhoneNormalize([]byte("pre"), v)
	if !wok && gok {
		// Normalize also accepts the Hong Kong/Macau/Taiwan domestic forms MatchHinted accepts
		// (the oracle predates them); those must be exactly the values it gained.
		var buf [normBufSize]byte
		cc, nsn, ok := parseRegionalPhone(buf[:], v)
		if ok && ph.MatchHinted(v) && string(got) == "pre+"+cc+string(nsn) {
			return
		}
	}
	if gok != wok || !bytes.Equal(got, want) {
		t.Fatalf("Phone.Normalize(%q) = %q %v, oracle %q %v", v, got, gok, want, wok)
	}
}

// oracleInputs generates the comparison table: valid IDs of every known prefecture and of
// unknown ones, every date edge (0229 in leap and common years, month and day 0 and 13/32,
// 1899/1900, this year and the next), every single-character corruption, deletion and insertion
// of valid IDs, 15-digit forms, full-width digits, separators, white space and padding up to and
// beyond clean's length bounds for IDs (70 bytes) and phones (136), float artefacts, invalid UTF-8, and the same for mobiles.
func oracleInputs() []string {
	var in []string
	add := func(s ...string) { in = append(in, s...) }
	ny, nm, nd := testToday.Year, testToday.Month, testToday.Day

	// Regions: every prefecture code 0000–9999 with county 01, on one date.
	for c := 0; c < 10000; c++ {
		add(genID(fmt.Sprintf("%04d01", c), 1990, 3, 7, c%1000))
	}
	// Dates: months 0–13, days 0–32, over leap, common and boundary years.
	for _, y := range []int{1899, 1900, 1904, 1996, 1997, 2000, 2023, 2024, ny - 1, ny, ny + 1, 2100, 9999} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				add(genID("110105", y, m, d, (m*37+d)%1000))
				if y >= 1900 && y < 2000 {
					add(fmt.Sprintf("110105%02d%02d%02d%03d", y%100, m, d, d))
				}
			}
		}
	}
	add(genID("110105", ny, nm, nd, 1))   // today: accepted
	add(genID("110105", ny, nm, nd+1, 1)) // tomorrow (testToday is not a month's last day)

	bases := []string{genID("110105", 1990, 3, 7, 123), "11010519491231002X", genID("650102", 2000, 2, 29, 7),
		"110105900307123", "440524800101001", "13812345678", "19912345678", "17012345678"}
	for seq := 0; seq < 40; seq++ { // pick up check characters X and 0–9 on one body
		bases = append(bases, genID("320106", 1985, 12, 1, seq))
	}
	subst := []string{"0", "1", "5", "9", "X", "x", " ", "-", "\t", "a", ".", "/", ":", "\x00", "\xff", "\x80",
		"０", "９", "Ｘ", "ｘ", "　", "－", "é"}
	for _, b := range bases {
		g1, g2 := 6, 14 // ID groups: region, birth date, sequence and check
		if len(b) < 15 {
			g1, g2 = 3, 7 // mobile groups
		}
		add(b, strings.ToLower(b), " "+b, b+" ", "\t"+b+"\r\n", " \v\f"+b+"  ", b+".0", b+".00", "0"+b, b+"0",
			b[:g1]+" "+b[g1:g2]+" "+b[g2:], b[:g1]+"-"+b[g1:g2]+"-"+b[g2:], "　"+b+"　",
			strings.Repeat(" ", 70-len(b))+b, strings.Repeat(" ", 71-len(b))+b,
			strings.Repeat(" ", 136-len(b))+b, b+strings.Repeat("\t", 137-len(b)), strings.Repeat(" ", 40)+b+strings.Repeat(" ", 40),
			strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r - '0' + '０'
				}
				return r
			}, b))
		for i := 0; i <= len(b); i++ {
			add(b[:i], b[i:])
			if i < len(b) {
				add(b[:i] + b[i+1:]) // deletion
				for _, s := range subst {
					add(b[:i]+s+b[i+1:], b[:i]+s+b[i:]) // substitution and insertion
				}
			}
		}
	}
	// Mobiles: every 1xx prefix, all-same tails, 10 and 12 digits, country prefixes.
	for p := 100; p < 200; p++ {
		add(fmt.Sprintf("%d12345678", p), fmt.Sprintf("%d00000000", p), fmt.Sprintf("%d11111111", p),
			fmt.Sprintf("%d1234567", p), fmt.Sprintf("%d123456789", p), fmt.Sprintf("+86%d12345678", p),
			fmt.Sprintf("0086 %d12345678", p), fmt.Sprintf("86%d12345678", p), fmt.Sprintf(" %d12345678 ", p),
			fmt.Sprintf("%d-1234-5678", p), fmt.Sprintf("%d12345678.0", p), fmt.Sprintf("%d12345678x12", p))
	}
	add("", " ", "\xff", "\xff\xfe\xfd", "1", "X", "x", "\xef\xbc", "\xe3\x80", "11010519900307123\xef\xbc\x98",
		"010-62751234", "010-62751234转8001", "+44 20 7946 0958", "4008001234", "0000000000000000000")
	return in
}

// TestResidentIDAndPhoneMatchOracle proves the fast paths of ResidentID and Phone equivalent to the code
// they replaced on the generated table.
func TestResidentIDAndPhoneMatchOracle(t *testing.T) {
	in := oracleInputs()
	valid := 0
	for _, v := range in {
		checkIDPhoneOracle(t, []byte(v))
		if oldIDMatch([]byte(v)) {
			valid++
		}
	}
	// Guard against a generator that only produces rejects.
	if valid < 3000 {
		t.Fatalf("only %d of %d generated values are valid IDs", valid, len(in))
	}
	t.Logf("%d values, %d valid IDs", len(in), valid)
}

// TestEightDigits checks the word-at-a-time digit test against a byte loop for every byte value
// at every position, next to both digit extremes (so a carry or borrow would show).
func TestEightDigits(t *testing.T) {
	for _, fill := range []byte{'0', '9'} {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				b := bytes.Repeat([]byte{fill}, 8)
				b[pos] = byte(c)
				if got, want := eightDigits(b), allDigits(b); got != want {
					t.Fatalf("eightDigits(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
	for _, s := range []string{"\xff\xff\xff\xff\xff\xff\xff\xff", "\xfa9999999", "9999999\xfa", "\xf9\xf9\xf9\xf9\xf9\xf9\xf9\xf9"} {
		if eightDigits([]byte(s)) {
			t.Fatalf("eightDigits(%q) = true", s)
		}
	}
}
