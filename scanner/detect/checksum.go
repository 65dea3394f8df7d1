package detect

// Checksums a policy's custom detector may require of its (normalised) values: the same
// algorithms the built-in detectors validate with, so a policy and a detector never disagree on
// what a valid value is.
const (
	ChecksumLuhn   = "luhn"    // bank cards, IMEIs
	ChecksumMod112 = "mod11-2" // ISO 7064 MOD 11-2, the resident ID check (X for 10)
	ChecksumMod97  = "mod97"   // ISO 13616 IBAN check
	ChecksumUSCC   = "uscc"    // GB 32100-2015 Unified Social Credit Code
)

// ValidChecksum reports whether v, already normalised (digits and upper-case letters, no
// separators), passes the named check. Unknown names fail.
func ValidChecksum(kind string, v []byte) bool {
	switch kind {
	case ChecksumLuhn:
		return len(v) >= 2 && allDigits(v) && luhn(v)
	case ChecksumMod112:
		return len(v) >= 2 && allDigits(v[:len(v)-1]) && mod112Of(v[:len(v)-1]) == v[len(v)-1]
	case ChecksumMod97:
		return len(v) >= 5 && len(v) <= 34 && isUpper(v[0]) && isUpper(v[1]) && isDigit(v[2]) && isDigit(v[3]) && mod97(v)
	case ChecksumUSCC:
		return validUSCC(v)
	}
	return false
}
