package detect

import (
	_ "embed"
	"strconv"
	"strings"
)

//go:embed data/health_terms.txt
var healthTermsTxt string

// healthTerms are the header-only word lists of data/health_terms.txt, by section.
type healthTerms struct {
	cn []string // matched as substrings
	en wordSet  // matched as whole lower-case words
}

var healthSections = func() map[string]*healthTerms {
	m := map[string]*healthTerms{}
	var cur *healthTerms
	for line := range strings.Lines(healthTermsTxt) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
			continue
		case line[0] == '[':
			cur = &healthTerms{en: wordSet{}}
			m[strings.Trim(line, "[]")] = cur
			continue
		}
		if cur == nil {
			continue
		}
		for _, w := range strings.Fields(line) {
			if isASCII(w) {
				cur.en[strings.ToLower(w)] = struct{}{}
			} else {
				cur.cn = append(cur.cn, w)
			}
		}
	}
	return m
}()

// has reports whether v holds one of the words: a Chinese one anywhere, an English one as a
// whole word.
func (t *healthTerms) has(v []byte) bool {
	if t == nil {
		return false
	}
	s := string(v)
	for _, w := range t.cn {
		if strings.Contains(s, w) {
			return true
		}
	}
	var low [32]byte
	for i := 0; i < len(v); {
		if !isASCIILetter(v[i]) && !isDigit(v[i]) {
			i++
			continue
		}
		j := i
		for j < len(v) && (isASCIILetter(v[j]) || isDigit(v[j]) || v[j] == '-') {
			j++
		}
		if j-i <= len(low) && t.en.has(lowerASCII(low[:0], v[i:j])) {
			return true
		}
		i = j
	}
	return false
}

// healthKind is what a medical header says its values are.
type healthKind int

const (
	hkGeneral healthKind = iota
	hkBloodPressure
	hkPressureOne // systolic or diastolic alone
	hkHeight
	hkWeight
	hkGlucose
	hkBMI
	hkHeartRate
	hkTemperature
	hkBloodType
	hkRecordNo
	hkDrug
	hkVaccine
	hkAllergy
	hkFinding
)

// healthHeaderKinds maps header words to kinds, most specific first.
var healthHeaderKinds = []struct {
	kind  healthKind
	words []string
}{
	{hkPressureOne, []string{"收缩压", "舒张压", "高压", "低压", "systolic", "diastolic", "sbp", "dbp"}},
	{hkBloodPressure, []string{"血压", "bloodpressure", "bp"}},
	{hkBMI, []string{"bmi", "体质指数", "体重指数"}},
	{hkHeight, []string{"身高", "身长", "height", "bodyheight", "shengao"}},
	{hkWeight, []string{"体重", "weight", "bodyweight", "tizhong"}},
	{hkGlucose, []string{"血糖", "糖化", "glucose", "bloodsugar", "fbg", "fpg", "hba1c"}},
	{hkHeartRate, []string{"心率", "脉搏", "heartrate", "pulse"}},
	{hkTemperature, []string{"体温", "bodytemperature", "bodytemp"}},
	{hkBloodType, []string{"血型", "bloodtype", "bloodgroup"}},
	{hkRecordNo, []string{"病历号", "病案号", "住院号", "门诊号", "就诊号", "就诊卡号", "病历编号", "mrn", "medicalrecordno", "medicalrecordnumber", "patientno", "caseno"}},
	{hkVaccine, []string{"疫苗", "接种", "vaccine", "vaccination", "immunization"}},
	{hkAllergy, []string{"过敏", "allergy", "allergies", "allergen"}},
	{hkDrug, []string{"用药", "药品", "药物", "处方", "medication", "medications", "prescription", "drug", "drugs", "medicine"}},
	{hkFinding, []string{"体检", "检查", "检验", "化验", "结论", "所见", "心电图", "彩超", "影像", "finding", "findings", "examresult", "labresult", "result"}},
}

// ForHeader implements HeaderSpecific.
func (Health) ForHeader(header string) HintedMatcher {
	h := normHeader(header)
	for _, k := range healthHeaderKinds {
		if h.hasAny(k.words) {
			return healthMatcher{kind: k.kind}
		}
	}
	return nil
}

// healthMatcher is Health's hinted check for one kind of medical column: a diagnosis or an ICD
// code always, and the values the kind takes.
type healthMatcher struct{ kind healthKind }

func (m healthMatcher) MatchHinted(v []byte) bool {
	if (Health{}).MatchHinted(v) {
		return true
	}
	v = trimSpaceView(v)
	if len(v) == 0 || len(v) > 256 || isNoneWord(v) {
		return false
	}
	switch m.kind {
	case hkBloodPressure:
		return bloodPressure(v) || measure(v, 30, 260, "mmhg", "毫米汞柱")
	case hkPressureOne:
		return measure(v, 30, 260, "mmhg", "毫米汞柱")
	case hkHeight:
		return measure(v, 40, 250, "cm", "厘米", "公分") || measure(v, 0.4, 2.5, "m", "米")
	case hkWeight:
		return measure(v, 2, 300, "kg", "公斤", "千克") || measure(v, 4, 600, "斤")
	case hkGlucose:
		return measure(v, 1, 35, "mmol/l", "mmol") || measure(v, 18, 600, "mg/dl") || measure(v, 3, 20, "%")
	case hkBMI:
		return measure(v, 10, 70, "kg/m2", "kg/m²") && strings.IndexByte(string(v), '.') >= 0
	case hkHeartRate:
		return measure(v, 30, 220, "bpm", "次/分", "次/分钟", "次")
	case hkTemperature:
		return measure(v, 34, 43, "℃", "°c", "度")
	case hkBloodType:
		return bloodType(v)
	case hkRecordNo:
		return recordNumber(v)
	case hkDrug:
		return healthSections["drugs"].has(v)
	case hkVaccine:
		return healthSections["vaccines"].has(v)
	case hkAllergy:
		return healthSections["allergens"].has(v) || healthSections["drugs"].has(v)
	case hkFinding:
		return healthSections["findings"].has(v)
	}
	return false
}

// measure reports whether v is a number in [lo, hi], optionally followed by one of units (any
// case, after optional spaces).
func measure(v []byte, lo, hi float64, units ...string) bool {
	i := 0
	for i < len(v) && (isDigit(v[i]) || v[i] == '.') {
		i++
	}
	if i == 0 {
		return false
	}
	x, err := strconv.ParseFloat(string(v[:i]), 64)
	if err != nil || x < lo || x > hi {
		return false
	}
	rest := strings.ToLower(strings.TrimSpace(string(v[i:])))
	if rest == "" {
		return true
	}
	for _, u := range units {
		if rest == u {
			return true
		}
	}
	return false
}

// bloodPressure reports "120/80" (optionally mmHg): systolic 60–260 over diastolic 30–160, the
// first above the second.
func bloodPressure(v []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(v)))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "mmhg"), "毫米汞柱"))
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return false
	}
	x, err1 := strconv.Atoi(strings.TrimSpace(a))
	y, err2 := strconv.Atoi(strings.TrimSpace(b))
	return err1 == nil && err2 == nil && x >= 60 && x <= 260 && y >= 30 && y <= 160 && x > y
}

var bloodTypes = setOf("a", "b", "ab", "o", "a型", "b型", "ab型", "o型", "a+", "a-", "b+", "b-", "ab+", "ab-", "o+", "o-",
	"a型rh阳性", "b型rh阳性", "ab型rh阳性", "o型rh阳性", "a型rh阴性", "b型rh阴性", "ab型rh阴性", "o型rh阴性", "rh阴性", "rh阳性",
	"a rh+", "b rh+", "ab rh+", "o rh+", "a rh-", "b rh-", "ab rh-", "o rh-", "熊猫血")

func bloodType(v []byte) bool {
	if len(v) > 32 {
		return false
	}
	var buf [32]byte
	return bloodTypes.has(lowerASCII(buf[:0], v))
}

// recordNumber accepts a medical record number: 4–24 letters, digits and hyphens with at least
// four digits.
func recordNumber(v []byte) bool {
	if len(v) < 4 || len(v) > 24 {
		return false
	}
	digits := 0
	for _, c := range v {
		switch {
		case isDigit(c):
			digits++
		case isLetter(c) || c == '-':
		default:
			return false
		}
	}
	return digits >= 4 && !allSame(v)
}
