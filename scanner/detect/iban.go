package detect

// IBAN recognises International Bank Account Numbers (ISO 13616): country code, two check digits
// and the domestic account number, with the mod-97 check.
type IBAN struct{}

var (
	_ Detector   = IBAN{}
	_ Identifier = IBAN{}
)

func init() { register(IBAN{}) }

// ibanLengths holds the registered total length of the countries seen most often; other
// countries fall back to the 15–34 range of the standard.
var ibanLengths = map[[2]byte]int{
	{'A', 'D'}: 24, {'A', 'E'}: 23, {'A', 'T'}: 20, {'B', 'E'}: 16, {'B', 'G'}: 22, {'B', 'H'}: 22,
	{'B', 'R'}: 29, {'C', 'H'}: 21, {'C', 'Y'}: 28, {'C', 'Z'}: 24, {'D', 'E'}: 22, {'D', 'K'}: 18,
	{'E', 'E'}: 20, {'E', 'S'}: 24, {'F', 'I'}: 18, {'F', 'R'}: 27, {'G', 'B'}: 22, {'G', 'R'}: 27,
	{'H', 'R'}: 21, {'H', 'U'}: 28, {'I', 'E'}: 22, {'I', 'L'}: 23, {'I', 'S'}: 26, {'I', 'T'}: 27,
	{'K', 'W'}: 30, {'K', 'Z'}: 20, {'L', 'I'}: 21, {'L', 'T'}: 20, {'L', 'U'}: 20, {'L', 'V'}: 21,
	{'M', 'C'}: 27, {'M', 'T'}: 31, {'N', 'L'}: 18, {'N', 'O'}: 15, {'P', 'K'}: 24, {'P', 'L'}: 28,
	{'P', 'T'}: 25, {'Q', 'A'}: 29, {'R', 'O'}: 24, {'R', 'S'}: 22, {'S', 'A'}: 24, {'S', 'E'}: 24,
	{'S', 'I'}: 19, {'S', 'K'}: 24, {'T', 'R'}: 26, {'U', 'A'}: 29,
}

// cleanIBAN folds, strips spaces and hyphens and upper-cases a candidate into buf.
func cleanIBAN(buf, v []byte) ([]byte, bool) {
	b, ok := clean(buf, v, true, 34)
	if !ok || len(b) < 15 {
		return nil, false
	}
	upperInPlace(b)
	return b, true
}

// validIBAN checks the shape, the country length and the mod-97 remainder of an upper-case b.
func validIBAN(b []byte) bool {
	if !isUpper(b[0]) || !isUpper(b[1]) || !isDigit(b[2]) || !isDigit(b[3]) {
		return false
	}
	if n, known := ibanLengths[[2]byte{b[0], b[1]}]; known && n != len(b) {
		return false
	}
	return mod97(b)
}

// mod97 is the ISO 13616 check of an upper-case IBAN-shaped b: rearranged (BBAN, then country
// and check digits), letters counting as 10–35, the number mod 97 must be 1.
func mod97(b []byte) bool {
	rem := 0
	for i := 0; i < len(b); i++ {
		c := b[(i+4)%len(b)]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case isUpper(c):
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// ID implements Detector.
func (IBAN) ID() string { return "iban" }

// Category implements Detector.
func (IBAN) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (IBAN) Describe() string {
	return "IBAN: 2-letter country, 2 check digits, alphanumeric BBAN; registered length for common countries (else 15-34), mod-97 remainder 1"
}

// Match implements Detector.
func (IBAN) Match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := cleanIBAN(buf[:], v)
	return ok && validIBAN(b)
}

// Hints implements Detector.
func (IBAN) Hints() Hints {
	return Hints{Words: []string{"iban", "国际银行账号", "国际银行帐号", "bankaccount", "账户", "账号"}}
}

// Normalize implements Identifier: upper case without separators.
func (IBAN) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, ok := cleanIBAN(buf[:], v)
	if !ok || !validIBAN(b) {
		return dst, false
	}
	return append(dst, b...), true
}

// Strength implements Identifier.
func (IBAN) Strength() int { return 60 }

// NeedsDigit implements DigitBound.
func (IBAN) NeedsDigit() {}

var _ DigitBound = IBAN{}

// MaskHead implements Masker.
func (IBAN) MaskHead(k int) int { return keepHalf(k) }

var _ Masker = IBAN{}

// MayMatch implements Prefilter: a country code (2 letters) and check digits (2).
func (IBAN) MayMatch(s Shape) bool { return s.Letters >= 2 && s.Digits >= 2 }

var _ Prefilter = IBAN{}
