package report

import (
	"regexp"
	"strings"

	"github.com/xborder/xborder/scanner/detect"
)

// Checksums a policy's custom detector may require of its values. They are re-implemented here,
// independent of the detect package, so that a policy never depends on detector internals.
const (
	ChecksumNone   = "none"
	ChecksumLuhn   = "luhn"
	ChecksumMod112 = "mod11-2"
	ChecksumMod97  = "mod97"
	ChecksumUSCC   = "uscc"
)

// customStrength ranks policy-defined identifiers below every built-in one: a house employee
// number should stand for a person only when no resident ID, phone or e-mail is present.
const customStrength = 1

// customDetector is a detector defined in the policy file (`detectors:`) or derived from an
// important-data catalogue entry's value pattern.
type customDetector struct {
	id          string
	category    detect.Category
	description string
	hints       detect.Hints
	re          *regexp.Regexp // anchored; nil means header-only
	checksum    string
}

// identifyingDetector is a custom detector whose normalised value identifies a person.
type identifyingDetector struct{ *customDetector }

var (
	_ detect.Detector   = (*customDetector)(nil)
	_ detect.Detector   = identifyingDetector{}
	_ detect.Identifier = identifyingDetector{}
)

func (d *customDetector) ID() string                { return d.id }
func (d *customDetector) Category() detect.Category { return d.category }
func (d *customDetector) Describe() string          { return d.description }
func (d *customDetector) Hints() detect.Hints       { return d.hints }

// Match checks the full-width-folded value against the anchored pattern, then the checksum on
// the normalised form. A header-only detector (no pattern) accepts any value: the scanner only
// types a column with it when the header hints it (Hints.Required).
func (d *customDetector) Match(v []byte) bool {
	if d.re == nil {
		return true
	}
	var buf [64]byte
	f := v
	if detect.NeedsFold(v) {
		f = detect.Fold(buf[:0], v)
	}
	if !d.re.Match(f) {
		return false
	}
	return verifyChecksum(d.checksum, normalizeCustom(nil, f))
}

// Normalize upper-cases the value and strips spaces and hyphens, so "ab-12 3" and "AB123" count
// as one person.
func (d identifyingDetector) Normalize(dst, v []byte) ([]byte, bool) {
	if !d.Match(v) {
		return dst, false
	}
	return normalizeCustom(dst, detect.Fold(nil, v)), true
}

// Strength ranks custom identifiers below the built-in ones.
func (identifyingDetector) Strength() int { return customStrength }

func normalizeCustom(dst, v []byte) []byte {
	for _, c := range v {
		switch {
		case c == ' ' || c == '-' || c == '\t':
		case c >= 'a' && c <= 'z':
			dst = append(dst, c-'a'+'A')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// anchor makes a user pattern match whole cells only.
func anchor(pattern string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, err // report the error against the pattern as the user wrote it
	}
	return regexp.Compile(`^(?:` + pattern + `)$`)
}

func normalizeWords(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if n := detect.NormalizeHeader(w); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// verifyChecksum reports whether the normalised value passes the named check.
func verifyChecksum(kind string, v []byte) bool {
	switch kind {
	case "", ChecksumNone:
		return true
	case ChecksumLuhn:
		return luhnValid(v)
	case ChecksumMod112:
		return mod112Valid(v)
	case ChecksumMod97:
		return mod97Valid(v)
	case ChecksumUSCC:
		return usccValid(v)
	}
	return false
}

// luhnValid: digits only, at least two, Luhn sum divisible by 10.
func luhnValid(v []byte) bool {
	if len(v) < 2 {
		return false
	}
	sum := 0
	double := false
	for i := len(v) - 1; i >= 0; i-- {
		c := v[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// mod112Valid is ISO 7064 MOD 11-2 (the resident ID check): digits then a check character,
// 0-9 or X for 10.
func mod112Valid(v []byte) bool {
	if len(v) < 2 {
		return false
	}
	sum := 0
	for _, c := range v[:len(v)-1] {
		if c < '0' || c > '9' {
			return false
		}
		sum = (sum + int(c-'0')) * 2 % 11
	}
	want := (12 - sum%11) % 11
	last := v[len(v)-1]
	switch {
	case last == 'X':
		return want == 10
	case last >= '0' && last <= '9':
		return want == int(last-'0')
	}
	return false
}

// mod97Valid is the ISO 13616 IBAN check: two letters, two digits, then alphanumerics; the
// first four characters moved to the end, letters as 10..35, the number mod 97 must be 1.
func mod97Valid(v []byte) bool {
	if len(v) < 5 || len(v) > 34 {
		return false
	}
	if !isUpper(v[0]) || !isUpper(v[1]) || !isDigit(v[2]) || !isDigit(v[3]) {
		return false
	}
	rem := 0
	for i := range v {
		c := v[(i+4)%len(v)]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpper(c):
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// usccAlphabet is the GB 32100-2015 character set; a symbol's value is its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccValid checks the 18-character Unified Social Credit Code: weights 3^(i-1) mod 31 over the
// first 17 symbols, check = (31 - sum mod 31) mod 31.
func usccValid(v []byte) bool {
	if len(v) != 18 {
		return false
	}
	sum, w := 0, 1
	for i := 0; i < 17; i++ {
		x := strings.IndexByte(usccAlphabet, v[i])
		if x < 0 {
			return false
		}
		sum += x * w
		w = w * 3 % 31
	}
	check := strings.IndexByte(usccAlphabet, v[17])
	return check >= 0 && check == (31-sum%31)%31
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
