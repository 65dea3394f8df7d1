package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold appends v to dst with full-width ASCII forms (U+FF01–U+FF5E) turned into ASCII and the
// ideographic space (U+3000) into a space. Values typed with a Chinese input method often carry
// full-width digits and letters; every detector sees the folded form.
func Fold(dst, v []byte) []byte {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			dst = append(dst, byte(r-0xFF01+'!'))
		case r == 0x3000:
			dst = append(dst, ' ')
		default:
			dst = append(dst, v[i:i+size]...)
		}
		i += size
	}
	return dst
}

// NeedsFold reports whether v holds any byte outside ASCII (so Fold could change it).
func NeedsFold(v []byte) bool {
	for _, c := range v {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// NormalizeHeader folds a column name for hint matching: full-width to ASCII, lower case, and
// spaces, underscores, hyphens, dots, slashes and brackets removed, so "Mobile_No.", "mobile no"
// and "ＭＯＢＩＬＥ－ＮＯ" all become "mobileno".
func NormalizeHeader(h string) string {
	folded := string(Fold(nil, []byte(h)))
	var b strings.Builder
	for _, r := range folded {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '.', r == '/', r == '\\',
			r == '(', r == ')', r == '[', r == ']', r == '（', r == '）', r == '【', r == '】', r == ':', r == '：', r == '#':
			continue
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
