package report

import (
	"regexp"

	"github.com/xborder/xborder/scanner/detect"
)

// Checksums a policy's custom detector may require of its values: the built-in detectors' own
// algorithms (detect.ValidChecksum), so a policy and a detector never disagree.
const (
	ChecksumNone   = "none"
	ChecksumLuhn   = detect.ChecksumLuhn
	ChecksumMod112 = detect.ChecksumMod112
	ChecksumMod97  = detect.ChecksumMod97
	ChecksumUSCC   = detect.ChecksumUSCC
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
	if kind == "" || kind == ChecksumNone {
		return true
	}
	return detect.ValidChecksum(kind, v)
}
