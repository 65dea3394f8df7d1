package detect

import (
	"bytes"
	"unicode/utf8"
)

// MilitaryID recognises the numbers of the PLA officer's and soldier's identity cards (军官证,
// 士兵证, 文职干部证 and the armed police's 警官证 of the same series): the issuing command's
// one-character prefix, 字第, six to eight digits and 号, e.g. 南字第1234567号. An identity
// document of GB/T 35273-2020 Annex B (个人身份信息: 身份证、军官证、护照…): sensitive by
// default, like the resident ID (regulation.md section (d) 4: the two readings disagree, both
// are recommended texts). The full shape matches on its own; under a header naming the card the
// shorter forms people type are accepted too (南字1234567, bare 7–8 digits). There is no public
// checksum.
type MilitaryID struct{}

var (
	_ Detector         = MilitaryID{}
	_ Identifier       = MilitaryID{}
	_ HintedMatcher    = MilitaryID{}
	_ IdentityDocument = MilitaryID{}
	_ DigitBound       = MilitaryID{}
)

func init() { register(MilitaryID{}) }

// militaryPrefixes are the issuing commands' characters: the former military regions (北 沈 兰
// 济 南 广 成 京), the services and arms (海 空 火 武 战 联), the former general departments
// (参 政 后 装), the theatre commands (东 西 中) and the generic 军.
const militaryPrefixes = "北沈兰济南广成京海空火武战联参政后装东西中军"

// militaryMaxLen bounds a cleaned value in bytes: prefix, 字第, eight digits and 号.
const militaryMaxLen = 24

// militaryParts splits a cleaned value into its prefix (nil for bare digits) and digits, and
// reports whether it had the full 字第…号 form.
func militaryParts(b []byte) (prefix, digits []byte, full, ok bool) {
	r, n := utf8.DecodeRune(b)
	if r == utf8.RuneError || !bytes.ContainsRune([]byte(militaryPrefixes), r) {
		return nil, b, false, len(b) >= 7 && len(b) <= 8 && allDigits(b) && !allSame(b)
	}
	prefix, rest := b[:n], b[n:]
	var zi, di, hao bool
	rest, zi = bytes.CutPrefix(rest, []byte("字"))
	rest, di = bytes.CutPrefix(rest, []byte("第"))
	if rest, hao = bytes.CutSuffix(rest, []byte("号")); !hao {
		rest, hao = bytes.CutSuffix(rest, []byte("號"))
	}
	ok = zi && len(rest) >= 6 && len(rest) <= 8 && allDigits(rest) && !allSame(rest)
	return prefix, rest, zi && di && hao, ok
}

func militaryClean(buf, v []byte) []byte {
	b, ok := clean(buf, v, true, militaryMaxLen)
	if !ok {
		return nil
	}
	return b
}

// ID implements Detector.
func (MilitaryID) ID() string { return "military_id" }

// Category implements Detector.
func (MilitaryID) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (MilitaryID) Describe() string {
	return "PLA officer's or soldier's card number: issuing command (南 北 沈 兰 济 广 成 海 空 军…) + 字第 + 6-8 digits + 号; with an officer-card header also without 第/号, or bare 7-8 digits; no checksum"
}

// Match implements Detector: the full form only.
func (MilitaryID) Match(v []byte) bool {
	var buf [normBufSize]byte
	_, _, full, ok := militaryParts(militaryClean(buf[:], v))
	return ok && full
}

// MatchHinted implements HintedMatcher: the shorter forms too.
func (MilitaryID) MatchHinted(v []byte) bool {
	var buf [normBufSize]byte
	_, _, _, ok := militaryParts(militaryClean(buf[:], v))
	return ok
}

// Hints implements Detector.
func (MilitaryID) Hints() Hints {
	return Hints{Words: []string{"军官证", "军官證", "士兵证", "士兵證", "军人证", "文职干部证", "军官证号", "officerid", "officercard", "militaryid", "soldierid", "junguanzheng", "jgz"}}
}

// Normalize implements Identifier: the prefix and the digits, "南1234567" (bare digits stay
// digits). It accepts what MatchHinted accepts.
func (MilitaryID) Normalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	prefix, digits, _, ok := militaryParts(militaryClean(buf[:], v))
	if !ok {
		return dst, false
	}
	return append(append(dst, prefix...), digits...), true
}

// Strength implements Identifier: a national identity document, below the resident ID.
func (MilitaryID) Strength() int { return 90 }

// IdentityDocument implements IdentityDocument.
func (MilitaryID) IdentityDocument() {}

// NeedsDigit implements DigitBound.
func (MilitaryID) NeedsDigit() {}

// MayMatch implements Prefilter: the full form: a command character, 字第, 6-8 digits and 号.
func (MilitaryID) MayMatch(s Shape) bool { return s.NonASCII >= 12 && s.Digits >= 6 }

var _ Prefilter = MilitaryID{}
