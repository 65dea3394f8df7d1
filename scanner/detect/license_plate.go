package detect

import "unicode/utf8"

// LicensePlate recognises PRC motor-vehicle plates (GA 36-2018): a province character, an
// issuing-authority letter and five characters, with the suffixes 挂学警港澳 on special plates,
// embassy (使) and consulate (领) plates, and the 8-character new-energy plates.
type LicensePlate struct{}

var _ Detector = LicensePlate{}

func init() { register(LicensePlate{}) }

// plateProvinceRunes are the province abbreviations that open a plate.
const plateProvinceRunes = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

// plateSuffixes may replace the last serial character.
const plateSuffixes = "挂学警港澳"

// isPlateAlnum reports the serial alphabet [A-HJ-NP-Z0-9].
func isPlateAlnum(c byte) bool {
	return isDigit(c) || (isUpper(c) && c != 'I' && c != 'O')
}

// plateRune reports whether r occurs in set (both short, so a linear scan is fastest).
func plateRune(set string, r rune) bool {
	for _, s := range set {
		if s == r {
			return true
		}
	}
	return false
}

// validPlate checks a folded, upper-cased plate without separators.
func validPlate(b []byte) bool {
	r, n := utf8.DecodeRune(b)
	if n < 3 {
		return false
	}
	rest := b[n:]
	if r == '使' {
		// Embassy plates: 使 + 6 digits (a 3-digit mission code and a serial).
		return len(rest) == 6 && allDigits(rest)
	}
	if !plateRune(plateProvinceRunes, r) || len(rest) < 6 {
		return false
	}
	if !isUpper(rest[0]) || rest[0] == 'I' || rest[0] == 'O' {
		return false
	}
	serial := rest[1:]
	// A trailing suffix character replaces the fifth serial character.
	if len(serial) > 3 {
		if sr, sn := utf8.DecodeLastRune(serial); sn == 3 {
			if !plateRune(plateSuffixes, sr) && sr != '领' {
				return false
			}
			serial = serial[:len(serial)-3]
			if len(serial) != 4 {
				return false
			}
			for _, c := range serial {
				if !isPlateAlnum(c) {
					return false
				}
			}
			return true
		}
	}
	for _, c := range serial {
		if !isPlateAlnum(c) {
			return false
		}
	}
	switch len(serial) {
	case 5:
		return true
	case 6:
		// New energy: small cars letter ([A-HJK]) + alnum + 4 digits; large vehicles 5 digits +
		// letter.
		if isNELetter(serial[0]) && allDigits(serial[2:]) {
			return true
		}
		return allDigits(serial[:5]) && isNELetter(serial[5])
	}
	return false
}

// isNELetter is the energy-type letter of new-energy plates (D and F originally, now A–K).
func isNELetter(c byte) bool { return c >= 'A' && c <= 'K' && c != 'I' }

// ID implements Detector.
func (LicensePlate) ID() string { return "license_plate" }

// Category implements Detector.
func (LicensePlate) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (LicensePlate) Describe() string {
	return "PRC vehicle plate (GA 36-2018): province char + letter (not I/O) + 5 of [A-HJ-NP-Z0-9], or 4 + 挂/学/警/港/澳/领; 使 + 6 digits; new-energy 8-char small (letter A-K + alnum + 4 digits) and large (5 digits + letter A-K)"
}

// Match implements Detector.
func (LicensePlate) Match(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := clean(buf[:], v, true, 24)
	if !ok {
		return false
	}
	// Plates are written with a middle dot at times ("京A·12345").
	out := b[:0]
	for i := 0; i < len(b); i++ {
		if b[i] == 0xC2 && i+1 < len(b) && b[i+1] == 0xB7 {
			i++
			continue
		}
		if b[i] == '.' {
			continue
		}
		out = append(out, b[i])
	}
	upperInPlace(out)
	return validPlate(out)
}

// Hints implements Detector.
func (LicensePlate) Hints() Hints {
	return Hints{Words: []string{"车牌", "号牌", "牌照", "车号", "licenseplate", "plate", "plateno", "vehicleno", "carno", "chepai", "cph", "车牌照"}}
}

// MaskHead implements Masker.
func (LicensePlate) MaskHead(k int) int { return keepAllButLast(k) }

var _ Masker = LicensePlate{}

// MayMatch implements Prefilter: every plate starts with a Chinese character (a province, 使).
func (LicensePlate) MayMatch(s Shape) bool { return s.NonASCII >= 3 && s.Digits+s.Letters >= 5 }

var _ Prefilter = LicensePlate{}
