package detect

import (
	"encoding/binary"
	"time"
)

// HintedMatcher is implemented by detectors with value shapes that are too generic to count on
// their own (a bare 8-digit Taiwan compatriot permit, a UUID advertising id, a single latitude,
// a "letter + 8 digits" foreign passport): MatchHinted accepts them in addition to everything
// Match accepts, and the classifier calls it only for columns whose header hints the type.
// Normalize of such detectors succeeds for every value MatchHinted accepts.
type HintedMatcher interface {
	MatchHinted(v []byte) bool
}

// normBufSize bounds the stack buffers detectors normalise into; identifiers are short, so a
// longer value is rejected before any work.
const normBufSize = 64

// clean appends v to dst[:0] cleaned as CleanCell does (trimmed, zero-width characters and
// spreadsheet guards removed, full-width forms folded) and, when strip is set, with every space
// and hyphen inside removed as well. A value longer than maxLen bytes after cleaning gives
// ok == false (and no out) so callers can bail out early.
func clean(dst, v []byte, strip bool, maxLen int) (out []byte, ok bool) {
	if len(v) > 4*maxLen+16 {
		return nil, false
	}
	src := CleanCell(dst[:0], v)
	if len(src) > 2*maxLen+8 {
		return nil, false
	}
	src = floatArtifact(src)
	// A value found too long is given up before it is copied: copying it could outgrow dst,
	// a caller's stack buffer, and allocate.
	if !strip || !hasStripped(src) {
		if len(src) > maxLen {
			return nil, false
		}
		return append(dst[:0], src...), true // one memmove, whether or not src lies in dst
	}
	out = dst[:0]
	for _, c := range src {
		if c == ' ' || c == '-' || c == '\t' {
			continue
		}
		if len(out) == maxLen {
			return nil, false
		}
		out = append(out, c) // src may alias out: the write index never passes the read index
	}
	return out, true
}

// hasStripped reports whether b holds a byte clean strips: a space, a hyphen or a tab.
func hasStripped(b []byte) bool {
	for _, c := range b {
		if c == ' ' || c == '-' || c == '\t' {
			return true
		}
	}
	return false
}

// floatArtifact drops the ".0" that spreadsheets and pandas append when an integer column went
// through a float ("13812345678.0"): all digits, at least 7 of them, then ".0". The digits are
// the identifier; anything else is returned unchanged.
func floatArtifact(v []byte) []byte {
	n := len(v)
	if n < 9 || v[n-2] != '.' || v[n-1] != '0' || !allDigits(v[:n-2]) {
		return v
	}
	return v[:n-2]
}

// trimSpaceView returns v without surrounding white space, sharing v's bytes; for callers that
// only read.
func trimSpaceView(v []byte) []byte {
	for len(v) > 0 && isSpace(v[0]) {
		v = v[1:]
	}
	for len(v) > 0 && isSpace(v[len(v)-1]) {
		v = v[:len(v)-1]
	}
	return v
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

func isLetter(c byte) bool { return isUpper(c) || isLower(c) }

func isHex(c byte) bool { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') }

func toUpper(c byte) byte {
	if isLower(c) {
		return c - 'a' + 'A'
	}
	return c
}

// upperInPlace upper-cases ASCII letters of b.
func upperInPlace(b []byte) {
	for i, c := range b {
		b[i] = toUpper(c)
	}
}

// allDigits reports whether b is non-empty and only ASCII digits.
func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// eightDigits reports whether the first 8 bytes of b are ASCII digits, with one 64-bit load:
// every byte must have high nibble 3 both as it is and after adding 6. A carry out of a byte only
// happens for bytes from 0xFA, whose high nibble already fails, so carries never hide a bad byte.
func eightDigits(b []byte) bool {
	x := binary.LittleEndian.Uint64(b)
	return (x&0xF0F0F0F0F0F0F0F0)|((x+0x0606060606060606)&0xF0F0F0F0F0F0F0F0)>>4 == 0x3333333333333333
}

// digitsVal parses a short all-digit slice; callers check allDigits first.
func digitsVal(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// allSame reports whether every byte of b equals the first.
func allSame(b []byte) bool {
	for _, c := range b {
		if c != b[0] {
			return false
		}
	}
	return true
}

// sequential reports whether the digits of b step by +1 or −1 throughout (wrapping 9→0), the
// shape of made-up test numbers such as 1234567890123456.
func sequential(b []byte) bool {
	if len(b) < 3 {
		return false
	}
	up, down := true, true
	for i := 1; i < len(b) && (up || down); i++ {
		d := (int(b[i]) - int(b[i-1]) + 10) % 10
		up = up && d == 1
		down = down && d == 9
	}
	return up || down
}

// luhn reports whether the all-digit b passes the Luhn (mod 10) check used by card numbers and
// IMEIs.
func luhn(b []byte) bool {
	sum, dbl := 0, false
	for i := len(b) - 1; i >= 0; i-- {
		d := int(b[i] - '0')
		if dbl {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		dbl = !dbl
	}
	return sum%10 == 0
}

// daysIn returns the number of days of month m in year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 1, 3, 5, 7, 8, 10, 12:
		return 31
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 0
}

// validDate reports whether y-m-d is a real calendar date.
func validDate(y, m, d int) bool {
	// Every month has 28 days: the calendar is only consulted for the last days of a month.
	return m >= 1 && m <= 12 && d >= 1 && (d <= 28 || d <= daysIn(y, m))
}

// Day is a calendar date: the scan date, which bounds the birth dates the detectors accept (a
// person cannot be born after it). Detectors that check birth dates hold one (see Dated); the
// zero Day bounds nothing but the calendar, up to 9999-12-31. No detector reads the clock: the
// scanner binds the scan date with Registry.On.
type Day struct{ Year, Month, Day int }

// DayOf is t's calendar date in t's location.
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return Day{y, int(m), d}
}

// lastYear is the last year a birth date may fall in.
func (t Day) lastYear() int {
	if t.Year == 0 {
		return 9999
	}
	return t.Year
}

// plausibleBirth reports whether y-m-d is a real date from 1900 up to today: the range a living
// person's birth date can take.
func plausibleBirth(y, m, d int, today Day) bool {
	if y < 1900 || !validDate(y, m, d) {
		return false
	}
	if y != today.lastYear() {
		return y < today.lastYear()
	}
	return today.Year == 0 || m < today.Month || (m == today.Month && d <= today.Day)
}

// ymd parses an 8-digit YYYYMMDD slice.
func ymd(b []byte) (y, m, d int, ok bool) {
	if len(b) != 8 || !allDigits(b) {
		return 0, 0, 0, false
	}
	return digitsVal(b[:4]), digitsVal(b[4:6]), digitsVal(b[6:8]), true
}
