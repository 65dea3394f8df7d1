package detect

import "unicode/utf8"

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
