package detect

import (
	"bufio"
	_ "embed"
	"strings"
)

// regionsTxt lists GB/T 2260 division codes one per line: 2-digit provinces, 4-digit cities
// (prefectures) and 6-digit counties. Built from github.com/modood/Administrative-divisions-of-China
// at commit 57a0aa9cef47169a2eb74cf057b0245052a34e8c (licence WTFPL), plus a handful of historic
// prefecture codes that were abolished or renumbered but are still printed on older ID numbers.
//
//go:embed data/regions.txt
var regionsTxt string

// cityCodes has bit c set for every known 4-digit prefecture code c. Built once at init and read
// only afterwards.
var cityCodes = buildCityCodes(regionsTxt)

func buildCityCodes(txt string) *[10000/64 + 1]uint64 {
	var set [10000/64 + 1]uint64
	sc := bufio.NewScanner(strings.NewReader(txt))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if len(line) < 4 || line[0] == '#' || !allDigits([]byte(line)) {
			continue
		}
		c := digitsVal([]byte(line[:4]))
		set[c/64] |= 1 << (c % 64)
	}
	return &set
}

// validRegion reports whether the 6-digit area code at the start of b can open a resident ID:
// the province is 11–65 and the 4-digit prefecture prefix is a known code. County codes are not
// checked because they change over the decades an ID stays valid; the prefecture prefix alone
// already rejects most random digit strings.
func validRegion(b []byte) bool {
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
	c := digitsVal(b[:4])
	return cityCodes[c/64]&(1<<(c%64)) != 0
}
