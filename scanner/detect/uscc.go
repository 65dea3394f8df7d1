package detect

// USCC recognises the Unified Social Credit Code of organisations (GB 32100-2015). It identifies
// an organisation, not a person, so it is typed to keep it apart from personal identifiers
// rather than to count anyone.
type USCC struct{}

var _ Detector = USCC{}

func init() { register(USCC{}) }

// usccSymbols is the code's 31-symbol alphabet; a symbol's value is its index.
const usccSymbols = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^(i−1) mod 31 for positions 1–17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccValues maps a byte to its symbol value plus one (0 = not a symbol). Built at init, read only.
var usccValues = func() (t [256]int8) {
	for i := 0; i < len(usccSymbols); i++ {
		t[usccSymbols[i]] = int8(i + 1)
	}
	return t
}()

// validUSCC reports whether the 18 upper-case bytes of b form a code with the right check symbol.
func validUSCC(b []byte) bool {
	if len(b) != 18 {
		return false
	}
	s := 0
	for i := 0; i < 17; i++ {
		v := int(usccValues[b[i]]) - 1
		if v < 0 {
			return false
		}
		s += v * usccWeights[i]
	}
	return usccSymbols[(31-s%31)%31] == b[17]
}

// ID implements Detector.
func (USCC) ID() string { return "org_credit_code" }

// Category implements Detector.
func (USCC) Category() Category { return CategoryNone }

// Describe implements Detector.
func (USCC) Describe() string {
	return "Unified Social Credit Code (GB 32100-2015): 18 symbols over 0-9A-Y without I O S V Z, mod-31 check symbol"
}

// Match implements Detector.
func (USCC) Match(v []byte) bool {
	if allDigits(v) { // nothing to clean, strip or upper-case (TestDigitsFastPaths)
		return len(v) == 18 && validUSCC(v)
	}
	return matchUSCC(v)
}

// matchUSCC is Match for any value.
func matchUSCC(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := clean(buf[:], v, true, 18)
	if !ok || len(b) != 18 {
		return false
	}
	upperInPlace(b)
	return validUSCC(b)
}

// Hints implements Detector.
func (USCC) Hints() Hints {
	return Hints{Words: []string{"统一社会信用代码", "信用代码", "社会信用", "uscc", "creditcode", "taxid", "纳税人识别号", "税号"}}
}

// NeedsDigit implements DigitBound.
func (USCC) NeedsDigit() {}

var _ DigitBound = USCC{}

// MayMatch implements Prefilter: 18 digits and letters (code).
func (USCC) MayMatch(s Shape) bool { return s.Digits+s.Letters >= 18 && code(s) }

var _ Prefilter = USCC{}
