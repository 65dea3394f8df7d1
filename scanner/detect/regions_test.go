package detect

import (
	"fmt"
	"testing"
)

func TestValidRegion(t *testing.T) {
	tests := []struct {
		name, code string
		want       bool
	}{
		{"Beijing Dongcheng", "110101", true},
		{"unknown county of a known prefecture", "110199", true},
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
	if n < 330 || n > 400 {
		t.Errorf("%d prefecture codes loaded, expected about 350", n)
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
