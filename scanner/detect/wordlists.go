package detect

import (
	_ "embed"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The word lists below are embedded so the binary needs no data files at run time. They are
// parsed once at package initialisation into read-only maps; nothing modifies them afterwards.

//go:embed data/surnames.txt
var surnamesTxt string

//go:embed data/en_given_names.txt
var enGivenNamesTxt string

//go:embed data/cn_places.txt
var cnPlacesTxt string

//go:embed data/ethnicities.txt
var ethnicitiesTxt string

//go:embed data/diagnoses.txt
var diagnosesTxt string

// wordSet is a read-only set of words, indexed with m[string(b)] so lookups do not allocate.
type wordSet map[string]struct{}

func (s wordSet) has(b []byte) bool {
	_, ok := s[string(b)]
	return ok
}

// dataLines calls fn for each non-empty line of an embedded list that is not a # comment.
func dataLines(txt string, fn func(line string)) {
	for line := range strings.Lines(txt) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		fn(line)
	}
}

// surnameWeight maps a Chinese family name (one or two runes) to its corpus frequency weight
// (王 9520 … rare names 5).
var surnameWeight = func() map[string]float64 {
	m := map[string]float64{}
	dataLines(surnamesTxt, func(line string) {
		name, w, _ := strings.Cut(line, "\t")
		n, err := strconv.ParseFloat(strings.TrimSpace(w), 64)
		if err != nil {
			n = 1
		}
		m[name] = n
	})
	return m
}()

// enGivenNames holds common Latin-script given names, lower case.
var enGivenNames = wordsOf(enGivenNamesTxt)

// cnPlaces holds Chinese province and city names with and without their suffix.
var cnPlaces = wordsOf(cnPlacesTxt)

// ethnicCN holds the Chinese ethnic-group names without 族; ethnicEN their lower-case English
// names.
var ethnicCN, ethnicEN = func() (wordSet, wordSet) {
	cn, en := wordSet{}, wordSet{}
	dataLines(ethnicitiesTxt, func(line string) {
		zh, e, _ := strings.Cut(line, "\t")
		cn[zh] = struct{}{}
		en[strings.ToLower(strings.TrimSpace(e))] = struct{}{}
	})
	return cn, en
}()

// diagnosisCN holds Chinese diagnosis words (matched as substrings); diagnosisEN holds English
// and Latin-script words (matched as whole lower-case tokens). diagnosisMaxRunes bounds the
// substring search; diagnosisFirst and diagnosisPrefix2 (first runes, first two runes of the
// Chinese words) cut it short.
var diagnosisCN, diagnosisEN, diagnosisMaxRunes, diagnosisFirst, diagnosisPrefix2 = func() (wordSet, wordSet, int, *hanSet, wordSet) {
	cn, en, pre := wordSet{}, wordSet{}, wordSet{}
	first := &hanSet{}
	maxRunes := 0
	dataLines(diagnosesTxt, func(line string) {
		for _, w := range strings.Fields(line) {
			if isASCII(w) {
				en[strings.ToLower(w)] = struct{}{}
				continue
			}
			cn[w] = struct{}{}
			r, n1 := utf8.DecodeRuneInString(w)
			first.add(r)
			_, n2 := utf8.DecodeRuneInString(w[n1:])
			pre[w[:n1+n2]] = struct{}{}
			maxRunes = max(maxRunes, utf8.RuneCountInString(w))
		}
	})
	return cn, en, maxRunes, first, pre
}()

// diagnosisENLead marks the lengths (up to 32) and first letters of the English diagnosis words,
// so containsDiagnosis looks up only the words of a value that may be one.
var diagnosisENLead = func() (lead [33][26]bool) {
	for w := range diagnosisEN {
		if len(w) <= 32 && w[0] >= 'a' && w[0] <= 'z' {
			lead[len(w)][w[0]-'a'] = true
		}
	}
	return lead
}()

func wordsOf(txt string) wordSet {
	s := wordSet{}
	dataLines(txt, func(line string) {
		for _, w := range strings.Fields(line) {
			s[w] = struct{}{}
		}
	})
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// setOf builds a wordSet from literal words (for the short lists kept in the detector files).
func setOf(words ...string) wordSet {
	s := make(wordSet, len(words))
	for _, w := range words {
		s[w] = struct{}{}
	}
	return s
}

// lowerASCII appends v to dst with ASCII letters in lower case.
func lowerASCII(dst, v []byte) []byte {
	for _, c := range v {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// hanSet is a bitmap over the CJK ideographs isHan accepts (U+3400–U+9FFF), for first-rune
// filters that cost one shift instead of a map lookup.
type hanSet [(0x9FFF - 0x3400 + 1 + 63) / 64]uint64

func (s *hanSet) add(r rune) {
	if r >= 0x3400 && r <= 0x9FFF {
		s[(r-0x3400)>>6] |= 1 << ((r - 0x3400) & 63)
	}
}

func (s *hanSet) has(r rune) bool {
	return r >= 0x3400 && r <= 0x9FFF && s[(r-0x3400)>>6]&(1<<((r-0x3400)&63)) != 0
}

// isHan reports whether r is a CJK unified ideograph (basic block or extension A).
func isHan(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF)
}

// noneWords are answers meaning "nothing to report"; header-driven detectors do not count them.
var noneWords = setOf("无", "没有", "否", "暂无", "未知", "不详", "none", "no", "nil", "n/a", "na",
	"null", "0", "false", "无记录", "无犯罪记录", "无违法记录", "无前科", "无违法犯罪记录", "-", "/", "—")

// isNoneWord reports whether v (ASCII compared case-insensitively) is one of noneWords.
func isNoneWord(v []byte) bool {
	if len(v) > 32 {
		return false
	}
	var buf [32]byte
	return noneWords.has(lowerASCII(buf[:0], v))
}

// asciiDigit is named apart from the identifier files' helpers so both sets of files compile alone.
func asciiDigit(c byte) bool { return '0' <= c && c <= '9' }
