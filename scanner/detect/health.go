package detect

import (
	"bytes"
	"unicode/utf8"
)

// Health recognises diagnoses, health conditions and ICD-10 codes.
type Health struct{}

var (
	_ Detector       = Health{}
	_ HintedMatcher  = Health{}
	_ HeaderSpecific = Health{}
)

func init() { register(Health{}) }

// ID implements Detector.
func (Health) ID() string { return "health" }

// Category implements Detector.
func (Health) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Health) Describe() string {
	return "a diagnosis or health-condition word (about 290 curated, Chinese and English) anywhere in the value; " +
		"bare ICD-10 codes (letter A–Z except U, 2 digits, optional .1–3 digits, clinical-edition extension x001) only under a medical header, since they look like SKUs; " +
		"under measurement headers (身高, 体重, 血压 120/80, 血糖, BMI, 心率, 体温, 血型) values in the human range, record numbers under 病历号/住院号/MRN, " +
		"and drugs, vaccines, allergens and exam findings (word lists after the WHO essential medicines list, the NHC immunisation schedule and GB 7718) under their headers"
}

// Hints implements Detector.
func (Health) Hints() Hints {
	return Hints{
		Words: []string{"病历", "诊断", "病史", "疾病", "健康", "过敏", "体检", "病症", "病情", "症状", "既往史", "主诉", "icd",
			"diagnosis", "diagnoses", "medical", "health", "allergy", "allergies", "disease", "condition", "illness", "symptom",
			"身高", "体重", "血压", "收缩压", "舒张压", "血糖", "糖化", "bmi", "心率", "脉搏", "体温", "血型", "病案号", "住院号", "门诊号", "就诊号",
			"用药", "处方", "药物", "疫苗", "接种", "检查结果", "检验结果", "化验", "心电图", "彩超",
			"bodyheight", "bodyweight", "bloodpressure", "systolic", "diastolic", "glucose", "bloodsugar", "hba1c", "heartrate", "pulse",
			"bloodtype", "mrn", "medication", "prescription", "vaccine", "vaccination", "immunization", "allergen", "labresult", "examresult"},
		Exclude: []string{"healthcheck", "健康检查接口", "conditionid", "shipping", "payment",
			"product", "package", "parcel", "item", "goods", "sku", "carton", "box", "freight", "cargo", "net", "gross", "volume",
			"商品", "产品", "包裹", "货物", "快递", "毛重", "净重", "物流", "font", "image", "pixel", "row", "line"},
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
	return containsDiagnosis(v) && !isMedicineProduct(v)
}

// medicineForms mark a product name (a pharmacy's catalogue, a shop's listing): the disease it
// names is what the product treats, not what a person has.
var medicineForms = [][]byte{[]byte("颗粒"), []byte("胶囊"), []byte("口服液"), []byte("注射液"), []byte("软膏"), []byte("乳膏"), []byte("喷雾"),
	[]byte("滴眼液"), []byte("糖浆"), []byte("冲剂"), []byte("含片"), []byte("缓释片"), []byte("肠溶片"), []byte("分散片"), []byte("泡腾片"),
	[]byte("咀嚼片"), []byte("贴剂"), []byte("试纸"), []byte("试剂"), []byte("血压计"), []byte("血糖仪"), []byte("体温计"), []byte("保健品"),
	[]byte("药膏"), []byte("丸"), []byte("粒/盒"), []byte("片/盒"), []byte("袋/盒"), []byte("*")}

func isMedicineProduct(v []byte) bool {
	for _, f := range medicineForms {
		if bytes.Contains(v, f) {
			return true
		}
	}
	return false
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
			if j-i <= len(low) && diagnosisENLead[j-i][(c|0x20)-'a'] && diagnosisEN.has(lowerASCII(low[:0], v[i:j])) {
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
// rarely seen), two digits, then optionally a dot and one to three digits or x (the dotless form
// takes one), and optionally the national clinical edition's extension "x" plus three digits
// (K35.900x001, I10.x00x002).
func isICD10(v []byte) bool {
	if len(v) < 3 || len(v) > 12 {
		return false
	}
	c := v[0] &^ 0x20
	if c < 'A' || c > 'Z' || c == 'U' || !asciiDigit(v[1]) || !asciiDigit(v[2]) {
		return false
	}
	rest := v[3:]
	// The clinical edition's extension.
	if n := len(rest); n >= 4 && (rest[n-4] == 'x' || rest[n-4] == 'X') && asciiDigit(rest[n-3]) && asciiDigit(rest[n-2]) && asciiDigit(rest[n-1]) {
		rest = rest[:n-4]
		if len(rest) == 0 || rest[0] != '.' {
			return false
		}
	}
	switch {
	case len(rest) == 0:
		return true
	case rest[0] == '.':
		rest = rest[1:]
		if len(rest) == 0 || len(rest) > 3 {
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

// MayMatch implements Prefilter: a diagnosis word.
func (Health) MayMatch(s Shape) bool { return wordy(s) }

var _ Prefilter = Health{}
