package detect

import "testing"

var locationCases = []matchCase{
	{"lat,lng street level", "31.230416,121.473701", true},
	{"lng,lat", "121.473701,31.230416", true},
	{"space separated", "39.9042 116.4074", true},
	{"comma space", "39.904, 116.407", true},
	{"brackets", "(39.904, 116.407)", true},
	{"negative", "-33.868,151.209", true},
	{"WKT point", "POINT(121.473701 31.230416)", true},
	{"WKT point city level", "POINT(121.47 31.23)", false},
	{"full-width comma", "39.904，116.407", true},
	{"city level 2 decimals", "31.23,121.47", false},
	{"one precise one coarse", "31.2304,121.47", false},
	{"integers", "31,121", false},
	{"lat out of range both orders", "95.123,200.456", false},
	{"both zero", "0.000,0.000", false},
	{"version string", "1.2.3.4", false},
	{"two separators", "31.230,,121.473", false},
	{"price pair", "12.50/13.75", false},
	{"trailing junk", "31.230416,121.473701x", false},
	{"empty", "", false},
}

func TestPreciseLocationMatch(t *testing.T) {
	checkMatch(t, PreciseLocation{}, append(locationCases,
		matchCase{"single coordinate needs header", "31.230416", false},
	))
}

func TestPreciseLocationMatchHinted(t *testing.T) {
	checkHinted(t, PreciseLocation{}, append(locationCases,
		matchCase{"single latitude", "31.230416", true},
		matchCase{"single longitude negative", "-121.473", true},
		matchCase{"single city level", "31.23", false},
		matchCase{"single out of range", "181.123", false},
		matchCase{"single 180.000", "180.000", true},
		matchCase{"single 180.001", "180.001", false},
	))
}

func BenchmarkPreciseLocationMatch(b *testing.B) {
	v := []byte("31.230416,121.473701")
	for b.Loop() {
		PreciseLocation{}.Match(v)
	}
}
