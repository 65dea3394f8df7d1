package detect

// Gender recognises sex/gender values.
type Gender struct{}

var (
	_ Detector      = Gender{}
	_ HintedMatcher = Gender{}
)

func init() { register(Gender{}) }

// ID implements Detector.
func (Gender) ID() string { return "gender" }

// Category implements Detector.
func (Gender) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (Gender) Describe() string {
	return "男/女/男性/女性/male/female/man/woman; the codes M/F, 0/1/2 and 未知/unknown only under a gender header"
}

// Hints implements Detector.
func (Gender) Hints() Hints {
	return Hints{
		Words:   []string{"性别", "gender", "sex", "sexo", "xingbie", "xb"},
		Exclude: []string{"sexual", "性取向", "essex", "sussex", "middlesex"},
	}
}

// genderWords are unambiguous alone; genderCodes only under a header (a column of M/F without
// one is as likely clothing sizes, 0/1 a boolean).
var (
	genderWords = setOf("男", "女", "男性", "女性", "男士", "女士", "male", "female", "man", "woman", "masculino", "feminino",
		"femenino", "homme", "femme", "männlich", "weiblich")
	genderCodes = setOf("m", "f", "0", "1", "2", "9", "u", "x", "未知", "unknown", "其他", "other", "不详", "保密",
		"未说明", "未知的性别", "未说明的性别", "n/a", "d")
)

// Match implements Detector.
func (Gender) Match(v []byte) bool {
	if len(v) > 24 {
		return false
	}
	var buf [24]byte
	return genderWords.has(lowerASCII(buf[:0], v))
}

// MatchHinted implements HintedMatcher: under a gender header the codes count too.
func (g Gender) MatchHinted(v []byte) bool {
	if len(v) > 24 {
		return false
	}
	var buf [24]byte
	l := lowerASCII(buf[:0], v)
	return genderWords.has(l) || genderCodes.has(l)
}

// MayMatch implements Prefilter: a word from the word list (no digit in it), at most 24 bytes
// (the codes need the header: MatchHinted).
func (Gender) MayMatch(s Shape) bool { return wordy(s) && s.Digits == 0 && s.Len <= 24 }

var _ Prefilter = Gender{}
