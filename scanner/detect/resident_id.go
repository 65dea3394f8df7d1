package detect

// ResidentID recognises PRC resident identity card numbers (GB 11643-1999): the 18-character
// form with its MOD 11-2 check character and the 15-digit legacy form of first-generation cards.
type ResidentID struct{}

var (
	_ Detector             = ResidentID{}
	_ Identifier           = ResidentID{}
	_ BirthDater           = ResidentID{}
	_ NormalizedBirthDater = ResidentID{}
)

func init() { register(ResidentID{}) }

// idWeights are the MOD 11-2 weights of positions 1–17 (2^(18−i) mod 11).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps S mod 11 to the check character.
const idCheckChars = "10X98765432"

// mod112 returns the check character of the 17 digits at the start of b (caller checks digits).
func mod112(b []byte) byte { return mod112Of(b[:17]) }

// mod112Of returns the ISO 7064 MOD 11-2 check character of the digits d (caller checks them):
// S = Σ d_i·w_i with w_i = 2^(n+1−i) mod 11, check = (12 − S mod 11) mod 11, 10 written X. The
// 17-digit resident ID body uses the precomputed weights.
func mod112Of(d []byte) byte {
	s := 0
	if len(d) == 17 {
		for i := 0; i < 17; i++ {
			s += int(d[i]-'0') * idWeights[i]
		}
	} else {
		w := 2
		for i := len(d) - 1; i >= 0; i-- {
			s += int(d[i]-'0') * w
			w = w * 2 % 11
		}
	}
	return idCheckChars[s%11]
}

// validMod112 reports whether the 18-byte b is 17 digits followed by the right check character
// (digit or upper-case X).
func validMod112(b []byte) bool {
	if len(b) != 18 || !allDigits(b[:17]) {
		return false
	}
	return mod112(b) == b[17]
}

// cleanID normalises a candidate ID into buf: folded, spaces and hyphens removed, x upper-cased.
func cleanID(buf, v []byte) ([]byte, bool) {
	b, ok := clean(buf, v, true, 18)
	if !ok || (len(b) != 18 && len(b) != 15) {
		return nil, false
	}
	if b[len(b)-1] == 'x' {
		b[len(b)-1] = 'X'
	}
	return b, true
}

// residentBirth validates a cleaned 15- or 18-character ID and returns its birth date.
func residentBirth(b []byte) (y, m, d int, ok bool) {
	if !validRegion(b) {
		return 0, 0, 0, false
	}
	switch len(b) {
	case 18:
		if !validMod112(b) {
			return 0, 0, 0, false
		}
		y, m, d, _ = ymd(b[6:14])
	case 15:
		if !allDigits(b) {
			return 0, 0, 0, false
		}
		y, m, d = 1900+digitsVal(b[6:8]), digitsVal(b[8:10]), digitsVal(b[10:12])
	default:
		return 0, 0, 0, false
	}
	if !plausibleBirth(y, m, d) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// ID implements Detector.
func (ResidentID) ID() string { return "cn_resident_id" }

// Category implements Detector.
func (ResidentID) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (ResidentID) Describe() string {
	return "PRC resident ID: 18 chars with province 11-65 and known prefecture code, real birth date 1900..today and MOD 11-2 check (X); or 15-digit legacy form with the same region and a real 19YYMMDD date"
}

// Match implements Detector.
func (ResidentID) Match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanID(buf[:], v)
	if !ok {
		return false
	}
	_, _, _, ok = residentBirth(b)
	return ok
}

// Hints implements Detector.
func (ResidentID) Hints() Hints {
	return Hints{
		Words:   []string{"身份证", "证件号", "身份号", "公民身份", "idcard", "idno", "idnumber", "residentid", "nationalid", "sfz", "sfzh", "citizenid"},
		Exclude: []string{"护照", "passport", "订单", "order"},
	}
}

// Normalize implements Identifier: the 18-character upper-case form; a 15-digit legacy number is
// upgraded by inserting "19" before the year and appending its check character, so both forms of
// one person's number hash alike.
func (ResidentID) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, ok := cleanID(buf[:], v)
	if !ok {
		return dst, false
	}
	if _, _, _, ok = residentBirth(b); !ok {
		return dst, false
	}
	if len(b) == 18 {
		return append(dst, b...), true
	}
	return appendUpgradedID(dst, b), true
}

// appendUpgradedID appends the 18-character form of a valid 15-digit ID.
func appendUpgradedID(dst, b []byte) []byte {
	var up [18]byte
	copy(up[:6], b[:6])
	up[6], up[7] = '1', '9'
	copy(up[8:17], b[6:15])
	up[17] = mod112(up[:])
	return append(dst, up[:]...)
}

// Strength implements Identifier: a resident ID is the strongest identifier of a person.
func (ResidentID) Strength() int { return 100 }

// BirthDateNormalized implements NormalizedBirthDater: the normal form is always the 18-character
// number, whose characters 7–14 are the birth date.
func (ResidentID) BirthDateNormalized(norm []byte) (year, month, day int, ok bool) {
	if len(norm) != 18 {
		return 0, 0, 0, false
	}
	return ymd(norm[6:14])
}

// BirthDate implements BirthDater.
func (ResidentID) BirthDate(v []byte) (year, month, day int, ok bool) {
	var buf [normBufSize]byte
	b, ok := cleanID(buf[:], v)
	if !ok {
		return 0, 0, 0, false
	}
	return residentBirth(b)
}

// NeedsDigit implements DigitBound.
func (ResidentID) NeedsDigit() {}

var _ DigitBound = ResidentID{}
