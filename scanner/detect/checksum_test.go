package detect

import "testing"

func TestValidChecksum(t *testing.T) {
	tests := []struct {
		name, kind, v string
		want          bool
	}{
		{"luhn valid test card", ChecksumLuhn, "4111111111111111", true},
		{"luhn one digit off", ChecksumLuhn, "4111111111111112", false},
		{"luhn rejects letters", ChecksumLuhn, "41111111111111A1", false},
		{"mod11-2 18-char resident ID with X", ChecksumMod112, "11010519491231002X", true},
		{"mod11-2 wrong check", ChecksumMod112, "110105194912310021", false},
		{"mod11-2 other lengths (weights 2^(n+1-i) mod 11, computed apart)", ChecksumMod112, "37052100193", true},
		{"mod11-2 other lengths, wrong", ChecksumMod112, "37052100194", false},
		{"mod97 valid IBAN", ChecksumMod97, "GB82WEST12345698765432", true},
		{"mod97 altered IBAN", ChecksumMod97, "GB82WEST12345698765433", false},
		{"uscc valid", ChecksumUSCC, "91350100M000100Y43", true},
		{"uscc wrong check", ChecksumUSCC, "91350100M000100Y44", false},
		{"unknown check fails", "crc32", "123", false},
	}
	for _, tc := range tests {
		if got := ValidChecksum(tc.kind, []byte(tc.v)); got != tc.want {
			t.Errorf("%s: ValidChecksum(%s, %s) = %v, want %v", tc.name, tc.kind, tc.v, got, tc.want)
		}
	}
}
