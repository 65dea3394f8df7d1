package detect

// TravelPermit recognises the permits and residence documents of docs/detectors.md, "Check algorithms":
// mainland permits for Hong Kong/Macau (C/W + 8), Home Return Permits (H/M + 8 or 10), mainland
// permits for Taiwan residents (L + 8), HK/Macau/Taiwan residence permits (18 digits from
// 810000/820000/830000 with the resident-ID check) and foreigner permanent residence IDs (new:
// 18 digits starting 9 with the MOD 11-2 check and a birth date at positions 7–14; old: 3 letters
// + 12 digits). The Taiwan compatriot permit's 8 bare digits (and its older 10 digits + letter)
// look like any number: only MatchHinted accepts them.
type TravelPermit struct {
	// Today bounds the birth date of the 18-digit permits (see Day); Registry.On sets it.
	Today Day
}

var (
	_ Detector      = TravelPermit{}
	_ Identifier    = TravelPermit{}
	_ BirthDater    = TravelPermit{}
	_ HintedMatcher = TravelPermit{}
)

func init() { register(TravelPermit{}) }

// permitBirth returns the birth date of the 18-digit permits (residence permits and new
// permanent residence IDs), validating their check character and date.
func permitBirth(b []byte, today Day) (y, m, d int, ok bool) {
	if len(b) != 18 {
		return 0, 0, 0, false
	}
	switch {
	case b[0] == '8' && b[1] >= '1' && b[1] <= '3' && string(b[2:6]) == "0000":
	case b[0] == '9':
	default:
		return 0, 0, 0, false
	}
	if !validMod112(b) {
		return 0, 0, 0, false
	}
	y, m, d, _ = ymd(b[6:14])
	if !plausibleBirth(y, m, d, today) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// permitShape reports the permit shapes that need no header.
func permitShape(b []byte, today Day) bool {
	switch len(b) {
	case 9:
		switch b[0] {
		case 'C', 'W', 'H', 'M', 'L':
			return allDigits(b[1:]) && !allSame(b[1:])
		}
	case 11:
		return (b[0] == 'H' || b[0] == 'M') && allDigits(b[1:]) && !allSame(b[1:])
	case 15:
		// Old permanent residence ID: nationality (3 letters), province (2 digits), birth date
		// YYMMDD, sequence and check; the month and day must be real.
		if !isUpper(b[0]) || !isUpper(b[1]) || !isUpper(b[2]) || !allDigits(b[3:]) {
			return false
		}
		m, d := digitsVal(b[7:9]), digitsVal(b[9:11])
		return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(2000, m)
	case 18:
		_, _, _, ok := permitBirth(b, today)
		return ok
	}
	return false
}

// taiwanPermit reports the Taiwan compatriot permit numbers accepted with a header: 8 digits, or
// the older 10 digits followed by a letter (optionally in brackets, removed by the caller).
func taiwanPermit(b []byte) bool {
	if len(b) == 8 {
		return allDigits(b) && !allSame(b)
	}
	return len(b) == 11 && allDigits(b[:10]) && isUpper(b[10])
}

// cleanPermit folds, strips separators and brackets and upper-cases v into buf.
func cleanPermit(buf, v []byte) ([]byte, bool) {
	b, ok := cleanUpper(buf, v, 20)
	if !ok {
		return nil, false
	}
	if n := len(b); n == 13 && (b[10] == '(' && b[12] == ')') {
		b[10] = b[11]
		b = b[:11]
	}
	if len(b) == 18 && b[17] == 'x' {
		b[17] = 'X'
	}
	return b, true
}

// ID implements Detector.
func (TravelPermit) ID() string { return "travel_permit" }

// Category implements Detector.
func (TravelPermit) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (TravelPermit) Describe() string {
	return "travel permit / residence document: C/W/L+8 digits, H/M+8 or 10, HK/MO/TW residence permit 81/82/83 0000 + birth date + MOD 11-2, foreigner permanent residence ID 9+17 with MOD 11-2 and birth date, old 3 letters+12 digits; Taiwan compatriot permit (8 digits) only with a header"
}

// Match implements Detector.
func (p TravelPermit) Match(v []byte) bool {
	if allDigits(v) { // nothing to clean; only the 18-digit permits are digits alone (TestDigitsFastPaths)
		_, _, _, ok := permitBirth(v, p.Today)
		return ok
	}
	return p.match(v)
}

// match is Match for any value.
func (p TravelPermit) match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanPermit(buf[:], v)
	return ok && permitShape(b, p.Today)
}

// MatchHinted implements HintedMatcher.
func (p TravelPermit) MatchHinted(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanPermit(buf[:], v)
	return ok && (permitShape(b, p.Today) || taiwanPermit(b))
}

// Hints implements Detector.
func (TravelPermit) Hints() Hints {
	return Hints{Words: []string{"通行证", "回乡证", "台胞证", "居住证", "居留证", "永久居留", "港澳", "台湾居民", "permit", "residencepermit", "homereturn", "permanentresidence"}}
}

// Normalize implements Identifier: upper case without separators; accepts what MatchHinted
// accepts.
func (p TravelPermit) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, ok := cleanPermit(buf[:], v)
	if !ok || !(permitShape(b, p.Today) || taiwanPermit(b)) {
		return dst, false
	}
	return append(dst, b...), true
}

// Strength implements Identifier.
func (TravelPermit) Strength() int { return 90 }

// BirthDate implements BirthDater for the 18-digit residence permits and permanent residence IDs.
func (p TravelPermit) BirthDate(v []byte) (year, month, day int, ok bool) {
	var buf [normBufSize]byte
	b, ok := cleanPermit(buf[:], v)
	if !ok {
		return 0, 0, 0, false
	}
	return permitBirth(b, p.Today)
}

// NeedsDigit implements DigitBound.
func (TravelPermit) NeedsDigit() {}

var _ DigitBound = TravelPermit{}

// MaskHead implements Masker.
func (TravelPermit) MaskHead(k int) int { return keepHalf(k) }

var _ Masker = TravelPermit{}

// IdentityDocument implements IdentityDocument.
func (TravelPermit) IdentityDocument() {}

var _ IdentityDocument = TravelPermit{}

// On implements Dated.
func (TravelPermit) On(day Day) Detector { return TravelPermit{Today: day} }

// MayMatch implements Prefilter: every shape Match accepts has at least 8 digits, and no ":" or
// "@" (code).
func (TravelPermit) MayMatch(s Shape) bool { return s.Digits >= 8 && code(s) }

var _ Prefilter = TravelPermit{}
