package detect

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// genCheck computes the GB 11643 check character straight from the standard's formula, as an
// oracle independent of mod112: weights 2^(18−i) mod 11, check = (12 − S mod 11) mod 11.
func genCheck(body string) string {
	s := 0
	for i := 0; i < 17; i++ {
		w := 1
		for j := 0; j < 17-i; j++ {
			w = w * 2 % 11
		}
		s += int(body[i]-'0') * w
	}
	c := (12 - s%11) % 11
	if c == 10 {
		return "X"
	}
	return fmt.Sprint(c)
}

// genID builds a valid 18-character ID.
func genID(region string, y, m, d, seq int) string {
	body := fmt.Sprintf("%s%04d%02d%02d%03d", region, y, m, d, seq)
	return body + genCheck(body)
}

// sampleRegions spans provinces from 11 to 65 plus a historic prefecture.
var sampleRegions = []string{"110101", "110105", "120101", "130102", "310115", "320106", "330106",
	"370202", "410105", "440305", "460105", "500103", "510107", "540102", "650102", "652201", "342601", "110228"}

func TestResidentIDGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	d := ResidentID{}
	for i := 0; i < 3000; i++ {
		region := sampleRegions[r.IntN(len(sampleRegions))]
		y, m := 1900+r.IntN(125), 1+r.IntN(12)
		day := 1 + r.IntN(daysIn(y, m))
		id := genID(region, y, m, day, r.IntN(1000))
		if !d.Match([]byte(id)) {
			t.Fatalf("valid ID %s rejected", id)
		}
		gy, gm, gd, ok := d.BirthDate([]byte(strings.ToLower(id)))
		if !ok || gy != y || gm != m || gd != day {
			t.Fatalf("BirthDate(%s) = %d-%d-%d %v", id, gy, gm, gd, ok)
		}
		// Any single changed digit breaks the check.
		pos := r.IntN(17)
		b := []byte(id)
		b[pos] = '0' + (b[pos]-'0'+byte(1+r.IntN(9)))%10
		if d.Match(b) {
			t.Fatalf("ID with digit %d changed (%s) accepted", pos, b)
		}
	}
}

func TestResidentIDMatch(t *testing.T) {
	valid := genID("110105", 1990, 3, 7, 123)
	x := genID("440305", 1985, 12, 1, 2) // pick one ending in X below
	for seq := 0; !strings.HasSuffix(x, "X"); seq++ {
		x = genID("440305", 1985, 12, 1, seq)
	}
	ny := testToday.Year
	future := genID("110105", ny+1, 1, 1, 1)
	bad := []byte(valid)
	bad[17] = map[byte]byte{'X': '0'}[bad[17]]
	if bad[17] == 0 {
		bad[17] = 'X'
	}
	checkMatch(t, ResidentID{Today: testToday}, []matchCase{
		{"valid 18", valid, true},
		{"check X", x, true},
		{"lower-case x", strings.ToLower(x), true},
		{"spaced groups", valid[:6] + " " + valid[6:14] + " " + valid[14:], true},
		{"full width", strings.Map(func(r rune) rune { return r - '0' + '０' }, valid[:17]) + valid[17:], true},
		{"legacy 15", "110105900307123", true},
		{"legacy 15 bad date", "110105901332123", false},
		{"wrong check", string(bad), false},
		{"future birth", future, false},
		{"born 1899", genID("110105", 1899, 12, 31, 1), false},
		{"Feb 30", genID("110105", 1990, 2, 30, 1), false},
		{"province 99", genID("990105", 1990, 1, 1, 1), false},
		{"province 71 Taiwan", genID("710101", 1990, 1, 1, 1), false},
		{"unknown prefecture", genID("119901", 1990, 1, 1, 1), false},
		{"HK residence permit", genID("810000", 1990, 1, 1, 1), false},
		{"foreigner permanent residence", genID("911156", 1990, 1, 1, 1), false},
		{"18-digit order number", "202403151234567890", false},
		{"13-digit timestamp", "1700000000000", false},
		{"17 digits", valid[:17], false},
		{"19 digits", valid + "1", false},
		{"letters inside", "11010519900307A23X", false},
		{"empty", "", false},
	})
}

func TestResidentIDNormalize(t *testing.T) {
	valid := genID("110105", 1990, 3, 7, 123)
	checkNormalize(t, ResidentID{}, map[string]string{
		valid:                 valid,
		"110105900307123":     genID("110105", 1990, 3, 7, 123),
		" 110105-900307-123 ": genID("110105", 1990, 3, 7, 123),
		"110105900230123":     "",
	})
}

func BenchmarkResidentIDMatch(b *testing.B) {
	v := []byte(genID("110105", 1990, 3, 7, 123))
	d := ResidentID{}
	for b.Loop() {
		d.Match(v)
	}
}

func TestBirthDateNormalizedAgreesWithBirthDate(t *testing.T) {
	for _, v := range []string{"11010519491231002X", "110105 19491231 002x", "440524800101001"} {
		var d ResidentID
		norm, ok := d.Normalize(nil, []byte(v))
		if !ok {
			t.Fatalf("%s: not valid", v)
		}
		y1, m1, d1, ok1 := d.BirthDate([]byte(v))
		y2, m2, d2, ok2 := d.BirthDateNormalized(norm)
		if !ok1 || !ok2 || y1 != y2 || m1 != m2 || d1 != d2 {
			t.Errorf("%s: BirthDate %d-%d-%d %v, BirthDateNormalized %d-%d-%d %v", v, y1, m1, d1, ok1, y2, m2, d2, ok2)
		}
	}
}
