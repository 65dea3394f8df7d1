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

// TestPreciseLocationNotForPlaces: street-level coordinates of places (mines, stores, cell
// towers) are not a person's whereabouts; the same values under a person's header are.
func TestPreciseLocationNotForPlaces(t *testing.T) {
	values := []string{"39.912345,116.401234", "31.230416,121.473701", "22.543099,114.057868", "30.274085,120.155070"}
	tests := []struct {
		header string
		want   bool
	}{
		{"收货坐标", true},
		{"user_gps", true},
		{"矿区坐标", false},
		{"门店经纬度", false},
		{"store_latlng", false},
		{"基站位置", false},
	}
	for _, tc := range tests {
		c := NewClassifier(Builtin(), tc.header, ClassifyOptions{})
		for i := 0; i < 50; i++ {
			c.Add([]byte(values[i%len(values)]))
		}
		got := false
		for _, tm := range c.Result().Types {
			got = got || tm.ID == "precise_location"
		}
		if got != tc.want {
			t.Errorf("%s: precise_location = %v, want %v", tc.header, got, tc.want)
		}
	}
}
