package detect

import (
	"fmt"
	"testing"
)

func TestBirthDateMatch(t *testing.T) {
	checkMatch(t, BirthDate{Today: testToday}, []matchCase{
		{"ISO", "1990-03-07", true},
		{"slashes", "1990/3/7", true},
		{"dots", "1990.03.07", true},
		{"compact", "19900307", true},
		{"Chinese", "1990年3月7日", true},
		{"Chinese without 日", "1990年03月07", true},
		{"with zero time", "1990-03-07 00:00:00", true},
		{"ISO with T", "1990-03-07T00:00:00Z", true},
		{"DD/MM/YYYY unambiguous", "25/03/1990", true},
		{"MM/DD/YYYY unambiguous", "03/25/1990", true},
		{"leap day", "2000-02-29", true},
		{"ambiguous DD/MM", "03/07/1990", false},
		{"no leap day", "1900-02-29", false},
		{"before 1900", "1899-12-31", false},
		{"today", "2026-12-06", true},
		{"future", "2026-12-07", false},
		{"month 13", "1990-13-01", false},
		{"mixed separators", "1990-03/07", false},
		{"10-digit timestamp", "1700000000", false},
		{"price", "1990.00", false},
		{"text time", "1990-03-07 noon", false},
		{"empty", "", false},
	})
	h := BirthDate{}.Hints()
	if !h.Required {
		t.Error("birth_date must need a header hint")
	}
}

func TestBirthDateValue(t *testing.T) {
	for in, want := range map[string]string{"1990年3月7日": "1990-3-7", "07/25/2001": "2001-7-25", "20000229": "2000-2-29"} {
		y, m, d, ok := BirthDate{}.BirthDate([]byte(in))
		if got := fmt.Sprintf("%d-%d-%d", y, m, d); !ok || got != want {
			t.Errorf("BirthDate(%q) = %s %v, want %s", in, got, ok, want)
		}
	}
}

func BenchmarkBirthDateMatch(b *testing.B) {
	v := []byte("1990-03-07")
	for b.Loop() {
		BirthDate{}.Match(v)
	}
}
