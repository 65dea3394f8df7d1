package detect

import (
	"bytes"
	"unicode/utf8"
)

// Ethnicity recognises the 56 ethnic groups of China (民族).
type Ethnicity struct{}

var (
	_ Detector      = Ethnicity{}
	_ HintedMatcher = Ethnicity{}
)

func init() { register(Ethnicity{}) }

// ID implements Detector.
func (Ethnicity) ID() string { return "ethnicity" }

// Category implements Detector.
func (Ethnicity) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (Ethnicity) Describe() string {
	return "one of the 56 ethnic groups (GB/T 3304) written with 族 or as a multi-character name; " +
		"single-character names, English names and 其他 only under an ethnicity header"
}

// Hints implements Detector. "nationality" is left out on purpose: in most exports it means
// citizenship (国籍), which is not ethnicity.
func (Ethnicity) Hints() Hints {
	return Hints{
		Words:   []string{"民族", "族别", "ethnicity", "ethnic", "ethnicgroup", "minzu"},
		Exclude: []string{"国籍", "nationality", "citizenship", "民族乐器", "民族风"},
	}
}

var (
	zuSuffix     = []byte("族")
	ethnicOthers = setOf("其他", "其它", "未识别民族", "外国血统", "外国人入籍", "穿青人", "other", "others", "unknown")
)

// Match implements Detector.
func (Ethnicity) Match(v []byte) bool {
	if len(v) > 20 || len(v) < 3 {
		return false
	}
	if bytes.HasSuffix(v, zuSuffix) {
		return ethnicCN.has(v[:len(v)-len(zuSuffix)])
	}
	// Without 族 only names of two or more characters are distinctive (汉, 白, 水 are not).
	return utf8.RuneCount(v) >= 2 && ethnicCN.has(v)
}

// MatchHinted implements HintedMatcher.
func (e Ethnicity) MatchHinted(v []byte) bool {
	if e.Match(v) || ethnicCN.has(v) || ethnicOthers.has(v) {
		return true
	}
	if len(v) > 20 {
		return false
	}
	var buf [20]byte
	l := lowerASCII(buf[:0], v)
	return ethnicEN.has(l) || ethnicOthers.has(l)
}

// MayMatch implements Prefilter: a name from the word list (no digit in it), 3 to 20 bytes.
func (Ethnicity) MayMatch(s Shape) bool {
	return wordy(s) && s.Digits == 0 && s.Len >= 3 && s.Len <= 20
}

var _ Prefilter = Ethnicity{}
