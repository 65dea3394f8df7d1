package detect

// ResidentID recognises PRC resident identity card numbers (GB 11643-1999): the 18-character
// form with its MOD 11-2 check character and the 15-digit legacy form of first-generation cards.
type ResidentID struct {
	// Today bounds the birth date (see Day); Registry.On sets it to the scan date.
	Today Day
}

var (
	_ Detector             = ResidentID{}
	_ Identifier           = ResidentID{}
	_ BirthDater           = ResidentID{}
	_ NormalizedBirthDater = ResidentID{}
)

func init() { register(ResidentID{}) }

// idCheckChars maps S mod 11 to the check character.
const idCheckChars = "10X98765432"

// mod112 returns the check character of the 17 digits at the start of b (caller checks digits).
func mod112(b []byte) byte { return idCheckChars[mod112Sum(b)%11] }

// mod112Sum returns S = Σ d_i·w_i of the 17 ASCII digits at the start of b with the resident-ID
// weights 2^(18−i) mod 11, written out so that each term is a multiply by a constant with no
// bounds check, and unsigned so that the remainder needs no sign fix-up. The weights add up to
// 100, so subtracting 100·'0' once removes the ASCII offset (digits keep the sum above it).
func mod112Sum(b []byte) uint {
	_ = b[16]
	return 7*uint(b[0]) + 9*uint(b[1]) + 10*uint(b[2]) + 5*uint(b[3]) + 8*uint(b[4]) + 4*uint(b[5]) +
		2*uint(b[6]) + 1*uint(b[7]) + 6*uint(b[8]) + 3*uint(b[9]) + 7*uint(b[10]) + 9*uint(b[11]) +
		10*uint(b[12]) + 5*uint(b[13]) + 8*uint(b[14]) + 4*uint(b[15]) + 2*uint(b[16]) - 100*'0'
}

// mod112Of returns the ISO 7064 MOD 11-2 check character of the digits d (caller checks them):
// S = Σ d_i·w_i with w_i = 2^(n+1−i) mod 11, check = (12 − S mod 11) mod 11, 10 written X. The
// 17-digit resident ID body takes the unrolled mod112Sum.
func mod112Of(d []byte) byte {
	if len(d) == 17 {
		return mod112(d)
	}
	s, w := 0, 2
	for i := len(d) - 1; i >= 0; i-- {
		s += int(d[i]-'0') * w
		w = w * 2 % 11
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

// plainID returns v without the white space around it when what remains has the shape of a
// cleaned ID (idShape), and nil otherwise. Nearly every cell of an ID column is such a value, and
// for it clean would only trim: there is nothing to fold, strip or cut, so the caller can skip
// clean and its copy. Any other value takes the general path through cleanID, which accepts
// exactly the same IDs.
func plainID(v []byte) []byte {
	// White space is at most ' ', so a value whose ends are above it needs no trimming.
	if n := len(v); n == 0 || v[0] <= ' ' || v[n-1] <= ' ' {
		if n > 3*18+16 {
			return nil // clean rejects such a value whatever it holds; so must the fast path
		}
		v = trimSpaceView(v)
	}
	if !idShape(v) {
		return nil
	}
	return v
}

// idShape reports whether b is 17 ASCII digits followed by a digit, X or x, or 15 ASCII digits:
// the only shapes residentBirth can accept.
func idShape(b []byte) bool {
	switch len(b) {
	case 18:
		c := b[17]
		return eightDigits(b[0:8]) && eightDigits(b[8:16]) && isDigit(b[16]) &&
			(isDigit(c) || c == 'X' || c == 'x')
	case 15:
		return eightDigits(b[0:8]) && eightDigits(b[7:15])
	}
	return false
}

// residentBirth validates a cleaned 15- or 18-character ID and returns its birth date.
func residentBirth(b []byte, today Day) (y, m, d int, ok bool) {
	if !idShape(b) {
		return 0, 0, 0, false
	}
	return idBirth(b, today)
}

// idBirth is residentBirth for a b of idShape: the region, the check character (x counts as X)
// and the birth date decide.
func idBirth(b []byte, today Day) (y, m, d int, ok bool) {
	if !digitRegion(b) {
		return 0, 0, 0, false
	}
	if len(b) == 18 {
		c := b[17]
		if c == 'x' {
			c = 'X'
		}
		if idCheckChars[mod112Sum(b)%11] != c {
			return 0, 0, 0, false
		}
		y = int(b[6]-'0')*1000 + int(b[7]-'0')*100 + int(b[8]-'0')*10 + int(b[9]-'0')
		m = int(b[10]-'0')*10 + int(b[11]-'0')
		d = int(b[12]-'0')*10 + int(b[13]-'0')
	} else {
		y = 1900 + int(b[6]-'0')*10 + int(b[7]-'0')
		m = int(b[8]-'0')*10 + int(b[9]-'0')
		d = int(b[10]-'0')*10 + int(b[11]-'0')
	}
	// Days 1–28 of any month of a year before the scan date's are plausible without the calendar;
	// plausibleBirth decides the rest.
	if (y < 1900 || y >= today.lastYear() || m < 1 || m > 12 || d < 1 || d > 28) && !plausibleBirth(y, m, d, today) {
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
	return "PRC resident ID: 18 chars with a GB/T 2260 county code in force at any time since 1980 (retired codes too), real birth date 1900..today and MOD 11-2 check (X); or 15-digit legacy form with the same region and a real 19YYMMDD date"
}

// Match implements Detector.
func (r ResidentID) Match(v []byte) bool {
	if t := plainID(v); t != nil {
		_, _, _, ok := idBirth(t, r.Today)
		return ok
	}
	var buf [normBufSize]byte
	b, ok := cleanID(buf[:], v)
	if !ok {
		return false
	}
	_, _, _, ok = residentBirth(b, r.Today)
	return ok
}

// Hints implements Detector.
func (ResidentID) Hints() Hints {
	return Hints{
		Words:   []string{"身份证", "证件号", "身份号", "公民身份", "idcard", "idno", "idnumber", "residentid", "nationalid", "sfz", "sfzh", "citizenid", "sfzhm", "shenfenzheng", "zjhm", "zhengjianhao", "居民身份证", "证件号码", "idcardno", "身份证件"},
		Exclude: []string{"护照", "passport", "订单", "order"},
	}
}

// Normalize implements Identifier: the 18-character upper-case form; a 15-digit legacy number is
// upgraded by inserting "19" before the year and appending its check character, so both forms of
// one person's number hash alike.
func (r ResidentID) Normalize(dst, v []byte) ([]byte, bool) {
	if t := plainID(v); t != nil {
		if _, _, _, ok := idBirth(t, r.Today); !ok {
			return dst, false
		}
		if len(t) == 15 {
			return appendUpgradedID(dst, t), true
		}
		if t[17] == 'x' {
			return append(append(dst, t[:17]...), 'X'), true
		}
		return append(dst, t...), true
	}
	var buf [normBufSize]byte
	b, ok := cleanID(buf[:], v)
	if !ok {
		return dst, false
	}
	if _, _, _, ok = residentBirth(b, r.Today); !ok {
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
	if len(norm) != 18 || !eightDigits(norm[6:14]) {
		return 0, 0, 0, false
	}
	y := int(norm[6]-'0')*1000 + int(norm[7]-'0')*100 + int(norm[8]-'0')*10 + int(norm[9]-'0')
	return y, int(norm[10]-'0')*10 + int(norm[11]-'0'), int(norm[12]-'0')*10 + int(norm[13]-'0'), true
}

// BirthDate implements BirthDater.
func (r ResidentID) BirthDate(v []byte) (year, month, day int, ok bool) {
	if t := plainID(v); t != nil {
		return idBirth(t, r.Today)
	}
	var buf [normBufSize]byte
	b, ok := cleanID(buf[:], v)
	if !ok {
		return 0, 0, 0, false
	}
	return residentBirth(b, r.Today)
}

// NeedsDigit implements DigitBound.
func (ResidentID) NeedsDigit() {}

var _ DigitBound = ResidentID{}

// MaskHead implements Masker.
func (ResidentID) MaskHead(k int) int { return keepRegionHead(k) }

var _ Masker = ResidentID{}

// IdentityDocument implements IdentityDocument.
func (ResidentID) IdentityDocument() {}

var _ IdentityDocument = ResidentID{}

// On implements Dated.
func (ResidentID) On(day Day) Detector { return ResidentID{Today: day} }

// MayMatch implements Prefilter: 15 digits, or 17 and a check character (code).
func (ResidentID) MayMatch(s Shape) bool { return s.Digits >= 15 && code(s) }

var _ Prefilter = ResidentID{}
