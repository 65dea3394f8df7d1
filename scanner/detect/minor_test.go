package detect

import (
	"testing"
	"time"
)

func TestIsMinor(t *testing.T) {
	now := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		y, m, d int
		age     int
		want    bool
	}{
		{"turns 14 today", 2012, 11, 24, 14, false},
		{"turns 14 tomorrow", 2012, 11, 25, 14, true},
		{"turned 14 yesterday", 2012, 11, 23, 14, false},
		{"adult", 1990, 1, 1, 14, false},
		{"baby", 2026, 1, 1, 14, true},
		{"born today", 2026, 11, 24, 14, true},
		{"born in the future", 2026, 11, 25, 14, false},
		{"policy age 18", 2010, 1, 1, 18, true},
		{"leap-day birthday not reached on 28 Feb", 2012, 2, 29, 14, false},
	}
	for _, tt := range tests {
		if got := IsMinor(tt.y, tt.m, tt.d, now, tt.age); got != tt.want {
			t.Errorf("%s: IsMinor(%d-%d-%d, age %d) = %v, want %v", tt.name, tt.y, tt.m, tt.d, tt.age, got, tt.want)
		}
	}
	feb28 := time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	if !IsMinor(2012, 2, 29, feb28, 14) {
		t.Error("a 29 Feb 2012 child is still 13 on 28 Feb 2026")
	}
	if IsMinor(2012, 2, 29, feb28.AddDate(0, 0, 1), 14) {
		t.Error("a 29 Feb 2012 child is 14 on 1 Mar 2026")
	}
}

func TestMinorNeverMatches(t *testing.T) {
	for _, v := range []string{"2015-01-01", genID("110105", 2015, 1, 1, 1), "minor", ""} {
		if (Minor{}).Match([]byte(v)) {
			t.Errorf("Minor.Match(%q) = true", v)
		}
	}
}
