package detect

import "testing"

var permitCases = []matchCase{
	{"HK/Macau permit card C+8", "C12345678", true},
	{"HK/Macau permit booklet W+8", "W12345678", true},
	{"Home Return Permit H+8", "H12345678", true},
	{"Home Return Permit M+10", "M1234567890", true},
	{"Taiwan permit for mainland L+8", "L12345678", true},
	{"lower case", "c12345678", true},
	{"HK residence permit", genID("810000", 1990, 3, 7, 123), true},
	{"Macau residence permit", genID("820000", 1988, 1, 2, 11), true},
	{"Taiwan residence permit", genID("830000", 2001, 12, 31, 5), true},
	{"permanent residence ID new", genID("911156", 1980, 5, 6, 12), true},
	{"permanent residence ID old", "USA317501010012", true},
	{"residence permit wrong check", genID("810000", 1990, 3, 7, 123)[:17] + "Z", false},
	{"residence permit future birth", genID("810000", 2999, 1, 1, 1), false},
	{"810001 prefix", genID("810001", 1990, 3, 7, 123), false},
	{"resident ID", genID("110105", 1990, 3, 7, 123), false},
	{"old permanent bad month", "USA317513010012", false},
	{"C+7", "C1234567", false},
	{"X+8", "X12345678", false},
	{"all same", "C00000000", false},
}

func TestTravelPermitMatch(t *testing.T) {
	checkMatch(t, TravelPermit{Today: testToday}, append(permitCases,
		matchCase{"Taiwan compatriot 8 digits needs header", "12345678", false},
		matchCase{"Taiwan compatriot old needs header", "1234567890(B)", false},
	))
}

func TestTravelPermitMatchHinted(t *testing.T) {
	checkHinted(t, TravelPermit{Today: testToday}, append(permitCases,
		matchCase{"Taiwan compatriot 8 digits", "12345678", true},
		matchCase{"Taiwan compatriot old", "1234567890(B)", true},
		matchCase{"Taiwan compatriot old bare", "1234567890B", true},
		matchCase{"7 digits", "1234567", false},
		matchCase{"all same", "00000000", false},
	))
	hk := genID("810000", 1990, 3, 7, 123)
	checkNormalize(t, TravelPermit{}, map[string]string{"c 1234 5678": "C12345678", hk: hk, "12345678": "12345678", "1234567": ""})
	y, m, d, ok := TravelPermit{}.BirthDate([]byte(hk))
	if !ok || y != 1990 || m != 3 || d != 7 {
		t.Errorf("BirthDate(residence permit) = %d-%d-%d %v", y, m, d, ok)
	}
}

func BenchmarkTravelPermitMatch(b *testing.B) {
	v := []byte(genID("810000", 1990, 3, 7, 123))
	for b.Loop() {
		TravelPermit{}.Match(v)
	}
}
