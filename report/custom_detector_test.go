package report

import (
	"testing"

	"github.com/xborder/xborder/scanner/detect"
)

func TestChecksums(t *testing.T) {
	tests := []struct {
		name, kind, value string
		want              bool
	}{
		{"luhn valid test card", ChecksumLuhn, "4111111111111111", true},
		{"luhn one digit off", ChecksumLuhn, "4111111111111112", false},
		{"luhn rejects letters", ChecksumLuhn, "41111111111111A1", false},
		{"mod11-2 resident-ID example with X", ChecksumMod112, "11010519491231002X", true},
		{"mod11-2 resident-ID example digit check", ChecksumMod112, "440524188001010014", true},
		{"mod11-2 wrong check", ChecksumMod112, "110105194912310021", false},
		{"mod97 valid IBAN", ChecksumMod97, "GB82WEST12345698765432", true},
		{"mod97 altered IBAN", ChecksumMod97, "GB82WEST12345698765433", false},
		{"mod97 needs country letters", ChecksumMod97, "1282WEST12345698765432", false},
		{"uscc valid", ChecksumUSCC, "91350100M000100Y43", true},
		{"uscc wrong check", ChecksumUSCC, "91350100M000100Y44", false},
		{"uscc rejects letter I", ChecksumUSCC, "9135010IM000100Y43", false},
		{"uscc wrong length", ChecksumUSCC, "91350100M000100Y4", false},
		{"none accepts anything", ChecksumNone, "whatever", true},
		{"unknown kind rejects", "crc32", "1234", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := verifyChecksum(tt.kind, []byte(tt.value)); got != tt.want {
				t.Errorf("verifyChecksum(%q, %q) = %v, want %v", tt.kind, tt.value, got, tt.want)
			}
		})
	}
}

func TestCustomDetectorMatch(t *testing.T) {
	re, err := anchor(`E\d{6}`)
	if err != nil {
		t.Fatal(err)
	}
	base := &customDetector{id: "employee_id", category: detect.CategoryPersonal, re: re, checksum: ChecksumNone}
	d := identifyingDetector{base}
	tests := []struct {
		name, value string
		want        bool
	}{
		{"whole value matches", "E123456", true},
		{"pattern is anchored at the end", "E1234567", false},
		{"pattern is anchored at the start", "XE123456", false},
		{"full-width digits are folded", "Ｅ１２３４５６", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Match([]byte(tt.value)); got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
	a, ok1 := d.Normalize(nil, []byte("Ｅ１２３４５６"))
	b, ok2 := d.Normalize(nil, []byte("E123456"))
	if !ok1 || !ok2 || string(a) != string(b) {
		t.Errorf("Normalize: full-width and ASCII forms differ: %q %v, %q %v", a, ok1, b, ok2)
	}
	if _, ok := d.Normalize(nil, []byte("nope")); ok {
		t.Error("Normalize accepted an invalid value")
	}
}
