package detect

import (
	"bytes"
	"testing"
)

// ownedDetectors are the identifier and format detectors of this file group.
var ownedDetectors = []Detector{ResidentID{}, USCC{}, BankCard{}, IBAN{}, Phone{}, Email{}, Passport{},
	TravelPermit{}, SocialSecurity{}, LicensePlate{}, IPAddress{}, DeviceID{}, PreciseLocation{},
	BirthDate{}, Minor{}}

func TestOwnedDetectorsRegistered(t *testing.T) {
	reg := Builtin()
	for _, d := range ownedDetectors {
		got, ok := reg.Get(d.ID())
		if !ok {
			t.Errorf("%s not registered", d.ID())
			continue
		}
		if got != d {
			t.Errorf("%s registered as %T", d.ID(), got)
		}
		if d.Describe() == "" {
			t.Errorf("%s has no description", d.ID())
		}
		h := d.Hints()
		if len(h.Words) == 0 && d.ID() != "minor" {
			t.Errorf("%s has no header hints", d.ID())
		}
		for _, w := range append(append([]string{}, h.Words...), h.Exclude...) {
			if NormalizeHeader(w) != w {
				t.Errorf("%s hint %q is not in normalised form %q and can never match", d.ID(), w, NormalizeHeader(w))
			}
		}
	}
}

// checkContract runs one value through every owned detector. The contracts:
//   - nothing panics;
//   - Normalize succeeds iff the value matches: Match, or MatchHinted for HintedMatcher detectors
//     (whose generic shapes are typed by header and must still be counted);
//   - the normalised form is a fixed point of Normalize;
//   - BirthDate succeeds only for matching values, and always for matching values of the
//     resident-ID and birth-date detectors (permits and SSNs carry a date only in some forms).
func checkContract(t *testing.T, v []byte) {
	orig := bytes.Clone(v)
	for _, d := range ownedDetectors {
		m := d.Match(v)
		accepted := m
		if h, ok := d.(HintedMatcher); ok {
			accepted = h.MatchHinted(v)
			if m && !accepted {
				t.Fatalf("%s: Match(%q) but not MatchHinted", d.ID(), v)
			}
		}
		if id, ok := d.(Identifier); ok {
			norm, ok := id.Normalize(nil, v)
			if ok != accepted {
				t.Fatalf("%s: Normalize(%q) ok=%v but match=%v", d.ID(), v, ok, accepted)
			}
			if ok {
				again, ok2 := id.Normalize(nil, norm)
				if !ok2 || !bytes.Equal(again, norm) {
					t.Fatalf("%s: Normalize(%q) = %q is not a fixed point (%q, %v)", d.ID(), v, norm, again, ok2)
				}
			}
		}
		if bd, ok := d.(BirthDater); ok {
			_, _, _, ok := bd.BirthDate(v)
			if ok && !m {
				t.Fatalf("%s: BirthDate(%q) ok without Match", d.ID(), v)
			}
			if _, strict := d.(ResidentID); (strict || d.ID() == "birth_date") && ok != m {
				t.Fatalf("%s: BirthDate(%q) ok=%v, Match=%v", d.ID(), v, ok, m)
			}
		}
		if !bytes.Equal(v, orig) {
			t.Fatalf("%s modified its input %q", d.ID(), orig)
		}
	}
}

func FuzzIdentifiers(f *testing.F) {
	for _, s := range []string{
		genID("110105", 1990, 3, 7, 123), "110105900307123", "91350100M000100Y43", "4111 1111 1111 1111",
		"GB82 WEST 1234 5698 7654 32", "+86 138-1234-5678", "010-62751234转8001", "A@Example.com",
		"E12345678", "1234567890(B)", genID("810000", 1990, 3, 7, 1), "123-45-6789", "京A12345", "粤B12345D",
		"2001:db8::1", "192.168.1.1", "00:1A:2B:3C:4D:5E", "6D92078A82464BA4AE5B76104861E7DC",
		"31.230416,121.473701", "1990年3月7日", "25/03/1990", "１３８１２３４５６７８", "", "\xff", "+", "0086",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		checkContract(t, v)
		checkIDPhoneOracle(t, v)
	})
}

// BenchmarkMatchMixed runs every owned detector over a mix of typical cell values, most of which
// are not of the detector's type (the common case while classifying columns).
func BenchmarkMatchMixed(b *testing.B) {
	values := [][]byte{[]byte(genID("110105", 1990, 3, 7, 123)), []byte("13812345678"), []byte("zhang@example.com"),
		[]byte("张三"), []byte("北京市海淀区中关村大街1号"), []byte("2024-03-15 10:22:01"), []byte("199.00"),
		[]byte("202403151234567890"), []byte("SKU-2023-001"), []byte("1700000000000")}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range ownedDetectors {
			for _, v := range values {
				d.Match(v)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(values)*len(ownedDetectors)), "ns/value")
}

// TestHardNegatives feeds the look-alikes that fill real exports (order and waybill numbers,
// timestamps, SKUs, prices, hashes, record UUIDs, versions, city-level coordinates, service
// numbers) to every owned detector. Only the listed header-driven types may claim them.
func TestHardNegatives(t *testing.T) {
	allowed := map[string]string{
		"91350100M000100Y43": "org_credit_code",        // a USCC is a USCC, never a person's ID
		"123456789":          "social_security_number", // shape of a US SSN; header required
		"2024-03-15":         "birth_date",             // any date; header required
	}
	values := []string{"202403151234567890", "202311250000123456", "1700000000", "1700000000000",
		"10000000000", "12345678901", "15412345678", "19412345678", "14012345678", "SF1234567890",
		"YT2345678901234", "SKU-2023-001", "A1234-B56", "199.00", "1,299.00", "¥1299",
		"123e4567-e89b-12d3-a456-426614174000",
		"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"v1.2.3", "1.2.3", "31.23,121.47", "4008001234", "400-800-1234", "800-820-8820", "95588",
		"91350100M000100Y43", "12345678", "123456789", "1234567890123456", "0", "N/A", "null", "-",
		"2024-03-15", "第1234567号", genID("110105", 1990, 3, 7, 123)[:17] + "0"}
	for _, v := range values {
		for _, d := range ownedDetectors {
			if d.Match([]byte(v)) && allowed[v] != d.ID() {
				if d.ID() == "cn_resident_id" && validMod112([]byte(v)) {
					continue // the mutated ID happened to keep a valid check character
				}
				t.Errorf("%s claims the look-alike %q", d.ID(), v)
			}
		}
	}
}
