package detect

import (
	"encoding/binary"
	"unicode/utf8"
)

// CleanCell returns one cell value as every detector and the person counter see it. It is the
// one place where cell values are trimmed and cleaned; the classifier, every identifier's
// Normalize and the counter's cell accessor apply the same rules:
//
//   - white space at both ends goes: ASCII white space, the no-break space (U+00A0), the
//     ideographic space (U+3000) and the other Unicode spaces (U+2000–U+200A, U+202F, U+205F);
//     inside the value those become an ASCII space;
//   - zero-width characters go wherever they are: U+200B–U+200D, U+2060, U+FEFF, the soft
//     hyphen U+00AD (spreadsheets and copy-paste from web pages leave them inside numbers);
//   - full-width ASCII forms (U+FF01–U+FF5E) become ASCII, as Fold does;
//   - spreadsheet text guards go: ="440106…" (Excel's formula form that keeps leading zeros), a
//     leading ' (Excel/WPS text prefix) and one pair of wrapping quotes ("…", '…', “…”, ‘…’,
//     「…」), each followed by another trim.
//
// The result is a sub-slice of v when trimming was all the value needed (nearly every cell: no
// copy), and otherwise a sub-slice of dst[:0] grown as needed. Callers must not retain it past
// the next use of dst or v. v is never modified.
func CleanCell(dst, v []byte) []byte {
	out, _ := cleanCell(dst, v)
	return out
}

// cleanCell is CleanCell that also returns dst after growth, so a caller keeps the larger
// buffer for the next cell.
func cleanCell(dst, v []byte) (out, buf []byte) {
	v = trimSpaceView(v)
	if len(v) == 0 || !cellNeedsWork(v) {
		return v, dst
	}
	buf = appendCleanRunes(dst[:0], v)
	b := trimSpaceView(buf)
	for range 2 { // ="'…'" or '"…"' needs two rounds at most
		n := len(b)
		switch {
		case n >= 3 && b[0] == '=' && b[1] == '"' && b[n-1] == '"':
			b = trimSpaceView(b[2 : n-1])
		case n >= 2 && (b[0] == '"' || b[0] == '\'') && b[n-1] == b[0]:
			b = trimSpaceView(b[1 : n-1])
		case n >= 6 && wrappingQuotes(b):
			b = trimSpaceView(b[3 : n-3])
		case n >= 1 && b[0] == '\'':
			b = trimSpaceView(b[1:])
		default:
			return b, buf
		}
	}
	return b, buf
}

// cellNeedsWork reports whether v (already trimmed of ASCII white space) may hold anything
// CleanCell changes besides that trim: a guard or quote at either end, or a lead byte of one of
// the special characters (C2: U+00A0/U+00AD; E2: U+2000–U+206F and curly quotes; E3: U+3000
// and corner brackets; EF: U+FEFF and the full-width forms). Han characters lead with E4–E9, so
// Chinese text takes the fast path.
func cellNeedsWork(v []byte) bool {
	switch v[0] {
	case '=', '\'', '"':
		return true
	}
	if c := v[len(v)-1]; c == '"' || c == '\'' {
		return true
	}
	i := 0
	for ; i+8 <= len(v); i += 8 {
		if x := binary.LittleEndian.Uint64(v[i:]); x&hiBits != 0 && specialLeadIn(x) {
			return true
		}
	}
	return hasSpecialLead(v[i:])
}

const (
	loBits = 0x0101010101010101
	hiBits = 0x8080808080808080
)

// specialLeadIn reports whether one of the eight bytes of x is C2, E2, E3 or EF: x ^ b·loBits
// has a zero byte where x holds b (hasByte). E2 and E3 differ in the lowest bit only.
func specialLeadIn(x uint64) bool {
	return hasZeroByte(x^(0xC2*loBits)) || hasZeroByte(x&^loBits^(0xE2*loBits)) || hasByte(x, 0xEF)
}

// hasByte reports whether one of the eight bytes of x is b.
func hasByte(x uint64, b byte) bool { return hasZeroByte(x ^ uint64(b)*loBits) }

// hasZeroByte reports whether one of the eight bytes of y is zero.
func hasZeroByte(y uint64) bool { return (y-loBits)&^y&hiBits != 0 }

// hasSpecialLead reports whether b holds a lead byte C2, E2, E3 or EF (cellNeedsWork).
func hasSpecialLead(b []byte) bool {
	for _, c := range b {
		if c >= 0xC2 && (c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF) {
			return true
		}
	}
	return false
}

// wrappingQuotes reports whether b starts and ends with one pair of 3-byte typographic quotes.
func wrappingQuotes(b []byte) bool {
	n := len(b)
	open, close := string(b[:3]), string(b[n-3:])
	return (open == "“" && close == "”") || (open == "‘" && close == "’") || (open == "「" && close == "」") ||
		(open == "『" && close == "』")
}

// appendCleanRunes appends v to dst with zero-width characters dropped, Unicode spaces turned
// into ASCII spaces and full-width forms folded. A byte that is not UTF-8 becomes U+FFFD: kept
// as it was, dropping a zero-width character between two such bytes could join them into a
// character (EF BC, U+200B, 91 into a full-width １) that a second clean, a detector's, folds
// into a digit the classifier's shape never saw, so a prefilter would rule out a value its
// detector accepts.
func appendCleanRunes(dst, v []byte) []byte {
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = utf8.AppendRune(dst, utf8.RuneError)
		case isZeroWidth(r):
		case isUnicodeSpace(r):
			dst = append(dst, ' ')
		case r >= 0xFF01 && r <= 0xFF5E:
			dst = append(dst, byte(r-0xFF01+'!'))
		default:
			dst = append(dst, v[i:i+size]...)
		}
		i += size
	}
	return dst
}

func isZeroWidth(r rune) bool {
	return (r >= 0x200B && r <= 0x200D) || r == 0x2060 || r == 0xFEFF || r == 0x00AD
}

func isUnicodeSpace(r rune) bool {
	return r == 0x00A0 || r == 0x3000 || (r >= 0x2000 && r <= 0x200A) || r == 0x202F || r == 0x205F
}
