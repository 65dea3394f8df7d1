package detect

import "testing"

func TestIBANMatch(t *testing.T) {
	checkMatch(t, IBAN{}, []matchCase{
		{"GB example", "GB82WEST12345698765432", true},
		{"GB printed in groups", "GB82 WEST 1234 5698 7654 32", true},
		{"DE example", "DE89370400440532013000", true},
		{"lower case", "de89370400440532013000", true},
		{"FR example", "FR1420041010050500013M02606", true},
		{"NO shortest", "NO9386011117947", true},
		{"wrong check digits", "GB83WEST12345698765432", false},
		{"wrong length for DE", "DE8937040044053201300", false},
		{"no country", "8937040044053201300011", false},
		{"punctuation", "GB82WEST1234569876543!", false},
		{"too short", "GB82WEST", false},
		{"sha256 prefix", "9F86D081884C7D659A2FEAA0C55AD015", false},
	})
	checkNormalize(t, IBAN{}, map[string]string{
		"gb82 west 1234 5698 7654 32": "GB82WEST12345698765432",
		"GB83WEST12345698765432":      "",
	})
}

func BenchmarkIBANMatch(b *testing.B) {
	v := []byte("GB82 WEST 1234 5698 7654 32")
	for b.Loop() {
		IBAN{}.Match(v)
	}
}
