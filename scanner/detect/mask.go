package detect

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Masking rule (docs/vocabulary.md, "Masking", as decided for auditors who must not leak): a mask shows at most
// ⌈n/3⌉ of the n characters (runes) of the value, in their original positions, and replaces the
// others with '*'. Spaces and hyphens of the original are dropped first, and full-width forms
// folded, so "138 1234 5678" and "13812345678" mask alike. Which characters stay depends on the
// type, to keep the informative and least identifying part; each detector declares its own
// (Masker, ValueMasker), next to its value check:
//
//   - cn_resident_id, social_security_number: the region prefix (4) and the tail
//     ("1101************3X"): keepRegionHead;
//   - phone_number, license_plate: the carrier prefix (province and authority letter) and the
//     last character ("138*******8"): keepAllButLast;
//   - email: the rule applies to the local part; of the domain only the top level stays, each
//     other label becomes as many '*' ("al***@*******.com");
//   - credential: nothing of the value, only its length class ("[secret, 8-15 chars]"), by
//     SecretMask;
//   - bank_card, iban, passport_number, travel_permit, device_id: half at each end: keepHalf;
//   - everything else (names, addresses, dates, unknown text): the head, which keeps a
//     surname or the province/city of an address ("张*").
//
// Secrets (credential: passwords, PINs, keys, tokens) are masked whole: the mask shows only the
// length class of the value ("[secret, 8-15 chars]"), never one of its characters, since any
// leading character of a password narrows a guess. SecretTypes lists them.
//
// A one-character value shows nothing, so a mask never equals an input of two or more characters.
// Values longer than maskMaxRunes are masked as their first maskMaxRunes characters followed by
// "…", so a long free-text cell cannot flood a report.
const maskMaxRunes = 48

// Masker is implemented by detectors whose masks keep other characters than the head: given the
// number of characters k a mask may show (⌈n/3⌉ of n), MaskHead says how many of them are at the
// head; the other k−head are at the tail. Results outside [0, k] are clamped.
type Masker interface {
	MaskHead(k int) int
}

// ValueMasker is implemented by detectors that mask a value by parts (an email's local part
// only). MaskValue must follow the rule above for every part it hides.
type ValueMasker interface {
	MaskValue(v []byte) string
}

// Mask returns the masked form of a value of the given type for reports and evidence, by the
// built-in detector of that id (the head for any other type). It never panics, whatever the bytes.
func Mask(typeID string, v []byte) string {
	return MaskWith(builtinByID()[typeID], v)
}

// MaskWith masks v as a value of d's type; a nil d masks it as text of unknown type.
func MaskWith(d Detector, v []byte) string {
	switch m := d.(type) {
	case ValueMasker:
		return m.MaskValue(v)
	case Masker:
		return maskRunes(m.MaskHead, v)
	}
	return maskRunes(keepHead, v)
}

// secretClasses are the upper bounds (exclusive) of the length classes a secret is shown as.
var secretClasses = []int{8, 16, 32, 64}

// SecretMask returns the length class of a secret, "[secret, 8-15 chars]", and nothing of its
// characters; "" for an empty value. Separators count, as they are part of a password.
func SecretMask(v []byte) string {
	n := utf8.RuneCount(v)
	if n == 0 {
		return ""
	}
	lo := 1
	for _, hi := range secretClasses {
		if n < hi {
			return "[secret, " + strconv.Itoa(lo) + "-" + strconv.Itoa(hi-1) + " chars]"
		}
		lo = hi
	}
	return "[secret, " + strconv.Itoa(lo) + "+ chars]"
}

// maskDomain keeps the top-level label of a domain and replaces every other character but the
// dots with '*': "mail.example.com" becomes "****.*******.com". A domain without a dot is masked
// whole.
func maskDomain(d string) string {
	head, top := d, ""
	if i := strings.LastIndexByte(d, '.'); i >= 0 {
		head, top = d[:i], d[i:]
	}
	var b strings.Builder
	for _, r := range head {
		if r == '.' {
			b.WriteByte('.')
		} else {
			b.WriteByte('*')
		}
	}
	return b.String() + top
}

// MaskText masks a value of unknown type with the same rule, keeping the head.
func MaskText(v []byte) string { return maskRunes(keepHead, v) }

// Visible parts of a mask of k characters (Masker.MaskHead).
func keepHead(k int) int { return k }

// keepRegionHead keeps up to 4 leading characters (an ID number's region), and at least one at
// the tail.
func keepRegionHead(k int) int {
	head := min(k, 4)
	if k > 1 && head == k {
		head = k - 1
	}
	return head
}

// keepAllButLast keeps the head and the last character.
func keepAllButLast(k int) int {
	if k == 1 {
		return 1
	}
	return k - 1
}

// keepHalf keeps half at each end.
func keepHalf(k int) int { return (k + 1) / 2 }

// maskEmail masks an email's local part and keeps its domain.
func maskEmail(v []byte) string {
	if NeedsFold(v) {
		v = Fold(nil, v)
	}
	if at := lastAt(v); at > 0 && at < len(v)-1 && len(v)-at-1 <= 64 {
		domain := strings.TrimSpace(string(v[at+1:]))
		return maskRunes(keepHead, v[:at]) + "@" + maskDomain(strings.ToValidUTF8(domain, "\uFFFD"))
	}
	return maskRunes(keepHead, v)
}

func lastAt(v []byte) int {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] == '@' {
			return i
		}
	}
	return -1
}

// maskRunes applies the rule to v, keep saying how many visible characters are at its head.
func maskRunes(keep func(k int) int, v []byte) string {
	var stack [maskMaxRunes]rune
	rs := stack[:0]
	truncated := false
	folded := v
	if NeedsFold(v) {
		folded = Fold(nil, v)
	}
	for i := 0; i < len(folded); {
		r, size := utf8.DecodeRune(folded[i:])
		i += size
		if r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if len(rs) == maskMaxRunes {
			truncated = true
			break
		}
		rs = append(rs, r)
	}
	n := len(rs)
	head, tail := maskSplit(keep, n)
	var sb strings.Builder
	sb.Grow(n*3 + 3)
	for i, r := range rs {
		if i < head || i >= n-tail {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('*')
		}
	}
	if truncated {
		sb.WriteString("…")
	}
	return sb.String()
}

// maskSplit returns how many leading and trailing characters of an n-character value stay
// visible, keep saying how many are at the head; head+tail ≤ ⌈n/3⌉ and < n for every n ≥ 1.
func maskSplit(keep func(k int) int, n int) (head, tail int) {
	if n <= 1 {
		return 0, 0
	}
	k := (n + 2) / 3
	head = max(0, min(k, keep(k)))
	return head, k - head
}
