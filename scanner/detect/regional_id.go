package detect

// RegionalID recognises the identity card numbers of Hong Kong, Macau and Taiwan residents:
//   - Hong Kong identity card (HKID): one or two letters, six digits and a check character (0–9
//     or A), often written A123456(3). Check: letters count A=10…Z=35 and a missing second letter
//     36, weights 9…2 over the eight characters, and the check makes the sum with weight 1 a
//     multiple of 11 (10 written A).
//   - Taiwan national identification number: a letter (the registering county), 1 or 2 (sex; 8
//     or 9 for the 2021 resident certificates of foreigners) and eight digits, the last a check
//     digit. Check: the letter's two-digit code (A=10 … with I=34, O=35, W=32, X=30, Y=31,
//     Z=33) weighted 1 and 9, the nine digits weighted 8…1 and the check digit 1, sum divisible
//     by 10. The older resident certificate (two letters, eight digits) uses the second letter's
//     code's last digit in place of the first digit.
//   - Macau resident identity card (BIR): eight digits starting 1, 5 or 7, the last a check digit
//     whose algorithm is not public, often written 1234567(8). Too much like any number: only
//     under a header that names the card (MatchHinted).
type RegionalID struct{}

var (
	_ Detector      = RegionalID{}
	_ Identifier    = RegionalID{}
	_ HintedMatcher = RegionalID{}
	_ DigitBound    = RegionalID{}
)

func init() { register(RegionalID{}) }

// cleanRegional folds, strips separators, upper-cases and drops the brackets around a final
// check character: "A123456(3)" → "A1234563", "1234567(8)" → "12345678".
func cleanRegional(buf, v []byte) ([]byte, bool) {
	b, ok := cleanUpper(buf, v, 14)
	if !ok {
		return nil, false
	}
	if n := len(b); n >= 4 && b[n-3] == '(' && b[n-1] == ')' {
		b[n-3] = b[n-2]
		b = b[:n-2]
	}
	return b, true
}

// letterValue is the HKID value of an upper-case letter.
func letterValue(c byte) int { return int(c-'A') + 10 }

// validHKID checks an HKID without brackets: 1–2 letters, 6 digits, check 0–9 or A.
func validHKID(b []byte) bool {
	var p int
	switch {
	case len(b) == 8 && isUpper(b[0]):
		p = 1
	case len(b) == 9 && isUpper(b[0]) && isUpper(b[1]):
		p = 2
	default:
		return false
	}
	body := b[p : p+6]
	if !allDigits(body) || allSame(body) {
		return false
	}
	check := b[len(b)-1]
	var cv int
	switch {
	case isDigit(check):
		cv = int(check - '0')
	case check == 'A':
		cv = 10
	default:
		return false
	}
	sum := 0
	if p == 1 {
		sum = 36*9 + letterValue(b[0])*8
	} else {
		sum = letterValue(b[0])*9 + letterValue(b[1])*8
	}
	for i, c := range body {
		sum += int(c-'0') * (7 - i)
	}
	return (sum+cv)%11 == 0
}

// twLetterCode is the two-digit code of a Taiwan ID's first letter.
var twLetterCode = [26]int{10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33}

// validTaiwanID checks a Taiwan national ID or resident certificate number.
func validTaiwanID(b []byte) bool {
	if len(b) != 10 || !isUpper(b[0]) || !allDigits(b[2:]) {
		return false
	}
	var d1 int
	switch c := b[1]; {
	case c == '1' || c == '2' || c == '8' || c == '9':
		d1 = int(c - '0')
	case c >= 'A' && c <= 'D':
		d1 = twLetterCode[c-'A'] % 10
	default:
		return false
	}
	if allSame(b[2:9]) {
		return false
	}
	code := twLetterCode[b[0]-'A']
	sum := code/10 + (code%10)*9 + d1*8
	for i, c := range b[2:9] {
		sum += int(c-'0') * (7 - i)
	}
	sum += int(b[9] - '0')
	return sum%10 == 0
}

// macauID reports the Macau BIR shape: eight digits starting 1, 5 or 7.
func macauID(b []byte) bool {
	return len(b) == 8 && (b[0] == '1' || b[0] == '5' || b[0] == '7') && allDigits(b) && !allSame(b[1:])
}

// ID implements Detector.
func (RegionalID) ID() string { return "regional_id" }

// Category implements Detector: identity card numbers are specific identity information.
func (RegionalID) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (RegionalID) Describe() string {
	return "Hong Kong, Macau and Taiwan identity cards: HKID 1-2 letters + 6 digits + check (0-9/A, mod 11, A123456(3)); Taiwan ID letter + 1/2/8/9 + 8 digits with the mod 10 check (and old resident certificates, 2 letters + 8 digits); Macau BIR 8 digits from 1/5/7 only under a header"
}

// Match implements Detector.
func (RegionalID) Match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanRegional(buf[:], v)
	return ok && (validHKID(b) || validTaiwanID(b))
}

// MatchHinted implements HintedMatcher: the Macau shape counts under an identity-card header.
func (RegionalID) MatchHinted(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanRegional(buf[:], v)
	return ok && (validHKID(b) || validTaiwanID(b) || macauID(b))
}

// Hints implements Detector.
func (RegionalID) Hints() Hints {
	return Hints{
		Words: []string{"香港身份证", "澳门身份证", "台湾身份证", "身分证", "身份证", "hkid", "hkidcard", "idcard", "idno", "identitycard", "nationalid",
			"统一编号", "统一证号", "居留证", "macauid", "bir", "twid", "证件号"},
		Exclude: []string{"护照", "passport", "订单", "order"},
	}
}

// Normalize implements Identifier: upper case without separators or brackets; accepts what
// MatchHinted accepts.
func (RegionalID) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, ok := cleanRegional(buf[:], v)
	if !ok || !(validHKID(b) || validTaiwanID(b) || macauID(b)) {
		return dst, false
	}
	return append(dst, b...), true
}

// Strength implements Identifier: an identity card number, like a passport.
func (RegionalID) Strength() int { return 90 }

// NeedsDigit implements DigitBound.
func (RegionalID) NeedsDigit() {}

// MayMatch implements Prefilter: an HKID (a letter, 6 digits, a check) or a Taiwan ID (a letter, 9 digits).
func (RegionalID) MayMatch(s Shape) bool { return s.Letters >= 1 && s.Digits >= 6 }

var _ Prefilter = RegionalID{}
