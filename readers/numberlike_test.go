package readers

import "testing"

// TestNumberLikeSeesCellsAsDetectorsDo: header detection cleans a cell with detect.CleanCell,
// the one trim the detectors use, so guards, zero-width and Unicode spaces around or inside a
// number do not make a data row look like a header.
func TestNumberLikeSeesCellsAsDetectorsDo(t *testing.T) {
	for _, tt := range []struct {
		cell string
		want bool
	}{
		{"13812345678", true},
		{"\u00a013812345678\u3000", true},
		{"138\u200b1234\u200b5678", true}, // zero-width spaces copied from a web page
		{"=\"440106199001011234\"", true},
		{"'440106199001011234", true},
		{"１３８１２３４５６７８", true}, // full-width digits
		{"2024-03-07 10:00:00", true},
		{"手机号", false},
		{"order_id", false},
		{"id2", false},
		{"", false},
	} {
		if got := numberLike(tt.cell); got != tt.want {
			t.Errorf("numberLike(%q) = %v, want %v", tt.cell, got, tt.want)
		}
	}
}
