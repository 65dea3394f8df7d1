package detect

import "unicode/utf8"

// Health recognises diagnoses, health conditions and ICD-10 codes.
type Health struct{}

var (
	_ Detector      = Health{}
	_ HintedMatcher = Health{}
)

func init() { register(Health{}) }

// ID implements Detector.
func (Health) ID() string { return "health" }

// Category implements Detector.
func (Health) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Health) Describe() string {
	return "a diagnosis or health-condition word (about 290 curated, Chinese and English) anywhere in the value; " +
		"bare ICD-10 codes (letter A–Z except U, 2 digits, optional .1–2 digits) only under a medical header, since they look like SKUs"
}

// Hints implements Detector.
func (Health) Hints() Hints {
	return Hints{
		Words: []string{"病历", "诊断", "病史", "疾病", "健康", "过敏", "体检", "病症", "病情", "症状", "既往史", "主诉", "icd",
			"diagnosis", "diagnoses", "medical", "health", "allergy", "allergies", "disease", "condition", "illness", "symptom"},
		Exclude: []string{"healthcheck", "健康检查接口", "conditionid", "shipping", "payment"},
	}
}

// Match implements Detector.
func (Health) Match(v []byte) bool {
	if len(v) < 2 || len(v) > 1024 {
		return false
	}
	if needsWidthFold(v) {
		var buf [1024]byte // zeroed only when folding is needed
		v = Fold(buf[:0], v)
	}
	return containsDiagnosis(v)
}

// MatchHinted implements HintedMatcher: under a medical header, bare ICD-10 codes count too.
func (h Health) MatchHinted(v []byte) bool {
	return isICD10(v) || h.Match(v)
}

// containsDiagnosis looks for a Chinese diagnosis word as a substring and an English one as a
// whole ASCII word.
func containsDiagnosis(v []byte) bool {
	var low [32]byte
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				i++
				continue
			}
			j := i
			for j < len(v) && (isASCIILetter(v[j]) || v[j] == '-' || v[j] == '\'' || ('0' <= v[j] && v[j] <= '9')) {
				j++
			}
			if j-i <= len(low) && diagnosisEN.has(lowerASCII(low[:0], v[i:j])) {
				return true
			}
			i = j
			continue
		}
		// Try the Han substrings starting here, up to the longest listed word, when a listed
		// word starts with this rune.
		r0, size0 := utf8.DecodeRune(v[i:])
		if !diagnosisFirst.has(r0) {
			i += size0
			continue
		}
		end := i
		for k := 0; k < diagnosisMaxRunes && end < len(v); k++ {
			r, size := utf8.DecodeRune(v[end:])
			if r < utf8.RuneSelf && !isASCIILetter(byte(r)) {
				break
			}
			end += size
			if k == 1 && !diagnosisPrefix2.has(v[i:end]) {
				break
			}
			if k >= 1 && diagnosisCN.has(v[i:end]) {
				return true
			}
		}
		_, size := utf8.DecodeRune(v[i:])
		i += size
	}
	return false
}

func isASCIILetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// isICD10 checks the shape of an ICD-10 code: a letter (U is reserved for special purposes and
// rarely seen), two digits, then optionally a dot and one or two digits (or the dotless form).
func isICD10(v []byte) bool {
	if len(v) < 3 || len(v) > 6 {
		return false
	}
	c := v[0] &^ 0x20
	if c < 'A' || c > 'Z' || c == 'U' || !asciiDigit(v[1]) || !asciiDigit(v[2]) {
		return false
	}
	rest := v[3:]
	switch {
	case len(rest) == 0:
		return true
	case rest[0] == '.':
		rest = rest[1:]
		if len(rest) == 0 || len(rest) > 2 {
			return false
		}
	case len(rest) > 1:
		return false
	}
	for _, d := range rest {
		if !asciiDigit(d) && d != 'x' && d != 'X' {
			return false
		}
	}
	return true
}
