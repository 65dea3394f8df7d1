package detect

import (
	"testing"
)

// matchCase is one row of a detector's value table.
type matchCase struct {
	name string
	v    string
	want bool
}

// checkMatch runs a table against Match.
func checkMatch(t *testing.T, d Detector, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		if got := d.Match([]byte(c.v)); got != c.want {
			t.Errorf("%s.Match(%s %q) = %v, want %v", d.ID(), c.name, c.v, got, c.want)
		}
		checkPrefilter(t, d, c.v)
	}
}

// checkPrefilter fails when d's prefilter rules out v although d.Match accepts it. The
// classifier asks the prefilter first, on the value as CleanCell leaves it, so that is the value
// checked.
func checkPrefilter(t *testing.T, d Detector, v string) {
	t.Helper()
	pf, ok := d.(Prefilter)
	if !ok {
		return
	}
	cv := CleanCell(nil, []byte(v))
	if d.Match(cv) && !pf.MayMatch(ShapeOf(cv)) {
		t.Errorf("%s: prefilter rules out %q, which Match accepts", d.ID(), v)
	}
}

// checkHinted runs a table against MatchHinted.
func checkHinted(t *testing.T, d HintedMatcher, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		if got := d.MatchHinted([]byte(c.v)); got != c.want {
			t.Errorf("MatchHinted(%s %q) = %v, want %v", c.name, c.v, got, c.want)
		}
	}
}

// checkNormalize checks Normalize outputs.
func checkNormalize(t *testing.T, d Identifier, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		got, ok := d.Normalize([]byte("prefix:"), []byte(in))
		if want == "" {
			if ok {
				t.Errorf("Normalize(%q) = %q, want failure", in, got)
			}
			continue
		}
		if !ok || string(got) != "prefix:"+want {
			t.Errorf("Normalize(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct {
		name, in string
		strip    bool
		want     string
		ok       bool
	}{
		{"trims ends", "  ab c \t", false, "ab c", true},
		{"strips separators", " 138-1234 5678 ", true, "13812345678", true},
		{"folds full width", "１３８－１２３４　５６７８", true, "13812345678", true},
		{"too long", "123456789", true, "", false},
	}
	for _, tt := range tests {
		var buf [8]byte
		got, ok := clean(buf[:], []byte(tt.in), tt.strip, 11)
		if tt.name == "too long" {
			got, ok = clean(buf[:], []byte(tt.in), tt.strip, 4)
		}
		if ok != tt.ok || (ok && string(got) != tt.want) {
			t.Errorf("%s: clean(%q) = %q, %v; want %q, %v", tt.name, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDateHelpers(t *testing.T) {
	tests := []struct {
		name    string
		y, m, d int
		valid   bool
	}{
		{"leap day 2000", 2000, 2, 29, true},
		{"no leap day 1900", 1900, 2, 29, false},
		{"leap day 2024", 2024, 2, 29, true},
		{"april 31", 2001, 4, 31, false},
		{"month 13", 2001, 13, 1, false},
		{"day 0", 2001, 1, 0, false},
	}
	for _, tt := range tests {
		if got := validDate(tt.y, tt.m, tt.d); got != tt.valid {
			t.Errorf("%s: validDate = %v", tt.name, got)
		}
	}
	births := []struct {
		name    string
		y, m, d int
		today   Day
		valid   bool
	}{
		{"today", 2026, 12, 6, testToday, true},
		{"tomorrow", 2026, 12, 7, testToday, false},
		{"next month", 2027, 1, 1, testToday, false},
		{"earlier this year", 2026, 2, 28, testToday, true},
		{"last day of a past year", 2025, 12, 31, testToday, true},
		{"before 1900", 1899, 12, 31, testToday, false},
		{"1900-01-01", 1900, 1, 1, testToday, true},
		{"a scan dated in the past", 2001, 5, 2, Day{2001, 5, 1}, false},
		{"no scan date: the calendar only", 9999, 12, 31, Day{}, true},
		{"no scan date, not a date", 2027, 2, 29, Day{}, false},
	}
	for _, tt := range births {
		if got := plausibleBirth(tt.y, tt.m, tt.d, tt.today); got != tt.valid {
			t.Errorf("%s: plausibleBirth(%d-%d-%d, %v) = %v", tt.name, tt.y, tt.m, tt.d, tt.today, got)
		}
	}
}

func TestLuhnAndJunk(t *testing.T) {
	if !luhn([]byte("79927398713")) || luhn([]byte("79927398710")) {
		t.Error("luhn reference value")
	}
	if !sequential([]byte("1234567890")) || !sequential([]byte("9876543210")) || sequential([]byte("1234567891")) {
		t.Error("sequential")
	}
}

// testToday is the scan date of the tests that need one: fixed, so no test depends on the clock.
var testToday = Day{2026, 12, 6}
