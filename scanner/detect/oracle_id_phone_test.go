package detect

// This file keeps a copy (names prefixed "old") of the resident-ID and mobile normalisation paths as they were
// before the fast paths were added (commit d3a22cf), as the reference oracle of
// TestResidentIDAndPhoneMatchOracle and FuzzIdentifiers and the baseline of the old-versus-new
// benchmarks. The shared helpers that did not change (clean, Fold, floatArtifact, parsePhone,
// daysIn, ...) are called directly: the fast paths bypass them, so the oracle checks that the
// fast paths agree with the general path they skip.

import (
	"strconv"
	"strings"
	"sync"
)

var oldIDWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

func oldMod112Of(d []byte) byte {
	s := 0
	if len(d) == 17 {
		for i := 0; i < 17; i++ {
			s += int(d[i]-'0') * oldIDWeights[i]
		}
	} else {
		w := 2
		for i := len(d) - 1; i >= 0; i-- {
			s += int(d[i]-'0') * w
			w = w * 2 % 11
		}
	}
	return idCheckChars[s%11]
}

func oldMod112(b []byte) byte { return oldMod112Of(b[:17]) }

func oldValidMod112(b []byte) bool {
	if len(b) != 18 || !allDigits(b[:17]) {
		return false
	}
	return oldMod112(b) == b[17]
}

func oldCleanID(buf, v []byte) ([]byte, bool) {
	b, ok := clean(buf, v, true, 18)
	if !ok || (len(b) != 18 && len(b) != 15) {
		return nil, false
	}
	if b[len(b)-1] == 'x' {
		b[len(b)-1] = 'X'
	}
	return b, true
}

// oldValidRegion is the reference rule for the region code, written plainly: the code is in
// regions.txt or regions_retired.txt (ranges expanded), or is a listed prefecture's 00/01 code.
func oldValidRegion(b []byte) bool {
	if len(b) < 6 {
		return false
	}
	for _, c := range b[:6] {
		if !isDigit(c) {
			return false
		}
	}
	p := digitsVal(b[:2])
	if p < 11 || p > 65 {
		return false
	}
	code := string(b[:6])
	if referenceRegions()[code] {
		return true
	}
	return (code[4:] == "00" || code[4:] == "01") && referenceRegions()[code[:4]]
}

var referenceRegionsOnce = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(regionsTxt, "\n") {
		if l = strings.TrimSpace(l); (len(l) == 4 || len(l) == 6) && allDigits([]byte(l)) {
			m[l] = true
			if len(l) == 6 {
				m[l[:4]] = true
			}
		}
	}
	for _, l := range strings.Split(regionsRetiredTxt, "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		for _, tok := range strings.Fields(l) {
			lo, hi, ok := strings.Cut(tok, "-")
			if !ok {
				hi = lo
			}
			a, _ := strconv.Atoi(lo)
			z, _ := strconv.Atoi(hi)
			for c := a; c <= z; c++ {
				m[strconv.Itoa(c)] = true
				m[strconv.Itoa(c/100)] = true
			}
		}
	}
	return m
})

func referenceRegions() map[string]bool { return referenceRegionsOnce() }

func oldYMD(b []byte) (y, m, d int, ok bool) {
	if len(b) != 8 || !allDigits(b) {
		return 0, 0, 0, false
	}
	return digitsVal(b[:4]), digitsVal(b[4:6]), digitsVal(b[6:8]), true
}

func oldPlausibleBirth(y, m, d int) bool {
	if y < 1900 || !(m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)) {
		return false
	}
	ny, nm, nd := testToday.Year, testToday.Month, testToday.Day
	return y < ny || (y == ny && (m < nm || (m == nm && d <= nd)))
}

func oldResidentBirth(b []byte) (y, m, d int, ok bool) {
	if !oldValidRegion(b) {
		return 0, 0, 0, false
	}
	switch len(b) {
	case 18:
		if !oldValidMod112(b) {
			return 0, 0, 0, false
		}
		y, m, d, _ = oldYMD(b[6:14])
	case 15:
		if !allDigits(b) {
			return 0, 0, 0, false
		}
		y, m, d = 1900+digitsVal(b[6:8]), digitsVal(b[8:10]), digitsVal(b[10:12])
	default:
		return 0, 0, 0, false
	}
	if !oldPlausibleBirth(y, m, d) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func oldIDMatch(v []byte) bool {
	var buf [normBufSize]byte
	b, ok := oldCleanID(buf[:], v)
	if !ok {
		return false
	}
	_, _, _, ok = oldResidentBirth(b)
	return ok
}

func oldIDNormalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	b, ok := oldCleanID(buf[:], v)
	if !ok {
		return dst, false
	}
	if _, _, _, ok = oldResidentBirth(b); !ok {
		return dst, false
	}
	if len(b) == 18 {
		return append(dst, b...), true
	}
	var up [18]byte
	copy(up[:6], b[:6])
	up[6], up[7] = '1', '9'
	copy(up[8:17], b[6:15])
	up[17] = oldMod112(up[:])
	return append(dst, up[:]...), true
}

func oldIDBirthDateNormalized(norm []byte) (year, month, day int, ok bool) {
	if len(norm) != 18 {
		return 0, 0, 0, false
	}
	return oldYMD(norm[6:14])
}

func oldIDBirthDate(v []byte) (year, month, day int, ok bool) {
	var buf [normBufSize]byte
	b, ok := oldCleanID(buf[:], v)
	if !ok {
		return 0, 0, 0, false
	}
	return oldResidentBirth(b)
}

func oldPhoneMatch(v []byte) bool {
	var buf [normBufSize]byte
	_, ok := parsePhone(buf[:], v)
	return ok
}

func oldPhoneNormalize(dst, v []byte) ([]byte, bool) {
	var buf [normBufSize]byte
	p, ok := parsePhone(buf[:], v)
	if !ok {
		return dst, false
	}
	dst = append(dst, '+')
	if p.cc == nil {
		dst = append(dst, '8', '6')
	}
	dst = append(dst, p.cc...)
	dst = append(dst, p.nsn...)
	if len(p.ext) > 0 {
		dst = append(dst, 'x')
		dst = append(dst, p.ext...)
	}
	return dst, true
}
