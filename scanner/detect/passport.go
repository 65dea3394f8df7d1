package detect

// Passport recognises passport numbers. The letter-led PRC formats (ordinary E/G, official
// D/S/P/DE/SE/PE, HKSAR K, Macau MA) match on their own; the all-digit PRC 14/15 series and the
// generic foreign shapes (up to two letters then 6–9 digits, or 8–9 digits) are too much like
// other numbers and match only through MatchHinted, for columns whose header says passport.
// There is no public checksum outside the machine-readable zone.
type Passport struct{}

var (
	_ Detector      = Passport{}
	_ Identifier    = Passport{}
	_ HintedMatcher = Passport{}
)

func init() { register(Passport{}) }

// cleanUpper folds, strips spaces and hyphens and upper-cases v into buf.
func cleanUpper(buf, v []byte, maxLen int) ([]byte, bool) {
	b, ok := clean(buf, v, true, maxLen)
	if !ok || len(b) == 0 {
		return nil, false
	}
	upperInPlace(b)
	return b, true
}

// letterDigits reports whether b is exactly the prefix p followed by n digits.
func letterDigits(b []byte, p string, n int) bool {
	return len(b) == len(p)+n && string(b[:len(p)]) == p && allDigits(b[len(p):])
}

// prcPassport reports the PRC passport shapes that need no header.
func prcPassport(b []byte) bool {
	switch len(b) {
	case 9:
		switch b[0] {
		case 'E':
			if allDigits(b[1:]) {
				return !allSame(b[1:])
			}
			return isUpper(b[1]) && b[1] != 'I' && b[1] != 'O' && allDigits(b[2:])
		case 'G', 'K':
			return allDigits(b[1:]) && !allSame(b[1:])
		case 'D', 'S', 'P':
			return (allDigits(b[1:]) && !allSame(b[1:])) || (b[1] == 'E' && allDigits(b[2:]) && !allSame(b[2:]))
		case 'M':
			return letterDigits(b, "MA", 7)
		}
	}
	return false
}

// genericPassport reports the shapes accepted only with a passport header: the PRC 14/15 + 7
// series and foreign numbers of up to two letters followed by 6–9 digits (8–9 if no letters).
func genericPassport(b []byte) bool {
	if len(b) == 9 && b[0] == '1' && (b[1] == '4' || b[1] == '5') && allDigits(b) {
		return true
	}
	n := 0
	for n < len(b) && n < 2 && isUpper(b[n]) {
		n++
	}
	digits := len(b) - n
	if !allDigits(b[n:]) || allSame(b[n:]) {
		return false
	}
	if n == 0 {
		return digits == 8 || digits == 9
	}
	return digits >= 6 && digits <= 9
}

// ID implements Detector.
func (Passport) ID() string { return "passport_number" }

// Category implements Detector.
func (Passport) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Passport) Describe() string {
	return "passport number: PRC E+8 digits, E+letter(not I/O)+7, G+8, D/S/P+8, DE/SE/PE+7, HKSAR K+8, Macau MA+7; with a passport header also 14/15+7 digits and foreign shapes (0-2 letters + 6-9 digits); no checksum"
}

// Match implements Detector.
func (Passport) Match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanUpper(buf[:], v, 12)
	return ok && prcPassport(b)
}

// MatchHinted implements HintedMatcher.
func (Passport) MatchHinted(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanUpper(buf[:], v, 12)
	return ok && (prcPassport(b) || genericPassport(b))
}

// Hints implements Detector.
func (Passport) Hints() Hints {
	return Hints{Words: []string{"护照", "passport", "passportno", "ppno", "旅行证件", "huzhao", "hzh"}}
}

// Normalize implements Identifier: upper case without separators. It accepts what MatchHinted
// accepts, since a column is typed passport only by its values or its header.
func (Passport) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, ok := cleanUpper(buf[:], v, 12)
	if !ok || !(prcPassport(b) || genericPassport(b)) {
		return dst, false
	}
	return append(dst, b...), true
}

// Strength implements Identifier.
func (Passport) Strength() int { return 90 }

// NeedsDigit implements DigitBound.
func (Passport) NeedsDigit() {}

var _ DigitBound = Passport{}

// MaskHead implements Masker.
func (Passport) MaskHead(k int) int { return keepHalf(k) }

var _ Masker = Passport{}

// IdentityDocument implements IdentityDocument.
func (Passport) IdentityDocument() {}

var _ IdentityDocument = Passport{}

// MayMatch implements Prefilter: a PRC passport: a letter or two and 7-8 digits.
func (Passport) MayMatch(s Shape) bool { return s.Letters >= 1 && s.Digits >= 7 }

var _ Prefilter = Passport{}
