package detect

import (
	"fmt"
	"strings"
	"testing"
)

func TestValidRegion(t *testing.T) {
	tests := []struct {
		name, code string
		want       bool
	}{
		{"Beijing Dongcheng", "110101", true},
		{"unknown county of a known prefecture", "110199", false},
		{"prefecture summary code", "110100", true},
		{"Changping County before it became a district (1999)", "110221", true},
		{"Changping District today", "110114", true},
		{"Jiangning County before 撤县设区 (2000)", "320121", true},
		{"Xingtai County, abolished 2020", "130521", true},
		{"Laiwu Laicheng District, merged into Jinan 2019", "371202", true},
		{"Shijiazhuang Prefecture county of the 1980s", "132321", true},
		{"never assigned county code", "110150", false},
		{"historic Beijing county prefecture", "110228", true},
		{"historic Chaohu prefecture", "342601", true},
		{"province-only code", "650000", false},
		{"province 10", "100101", false},
		{"province 66", "660101", false},
		{"HK residence permit prefix", "810000", false},
		{"five digits", "11010", false},
		{"letter", "1a0101", false},
	}
	for _, tt := range tests {
		if got := validRegion([]byte(tt.code)); got != tt.want {
			t.Errorf("%s: validRegion(%s) = %v, want %v", tt.name, tt.code, got, tt.want)
		}
	}
}

func TestRegionTableCoversProvinces(t *testing.T) {
	for _, p := range []int{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65} {
		if !validRegion([]byte(fmt.Sprintf("%d0101", p))) && !validRegion([]byte(fmt.Sprintf("%d0201", p))) {
			t.Errorf("province %d has neither prefecture 01 nor 02", p)
		}
	}
	n := 0
	for _, w := range cityCodes {
		for ; w != 0; w &= w - 1 {
			n++
		}
	}
	if n < 500 || n > 650 {
		t.Errorf("%d prefecture codes loaded (today's and retired), expected about 560", n)
	}
}

// validRegion is digitRegion for any b: the tests' way to ask about arbitrary text.
func validRegion(b []byte) bool {
	if len(b) < 6 {
		return false
	}
	for _, c := range b[:6] {
		if !isDigit(c) {
			return false
		}
	}
	return digitRegion(b)
}

// TestRenumberedCountyID: a person born in Changping County (110221) keeps that number after the
// county became Changping District (110114) in 1999.
func TestRenumberedCountyID(t *testing.T) {
	body := "11022119750612123"
	id := body + string(mod112Check(body))
	if !(ResidentID{}).Match([]byte(id)) {
		t.Fatalf("%s from a renumbered county is not a resident ID", id)
	}
	n, ok := ResidentID{}.Normalize(nil, []byte(id))
	if !ok || string(n) != id {
		t.Fatalf("Normalize(%s) = %s %v", id, n, ok)
	}
	// The same digits with a county code never assigned fail.
	bad := "11015019750612123"
	if (ResidentID{}).Match([]byte(bad + string(mod112Check(bad)))) {
		t.Fatal("never-assigned county code accepted")
	}
}

func TestEveryCurrentCountyIsValid(t *testing.T) {
	for _, l := range strings.Split(regionsTxt, "\n") {
		if l = strings.TrimSpace(l); len(l) == 6 && !validRegion([]byte(l)) {
			t.Errorf("current code %s rejected", l)
		}
	}
}
