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

// digitRegion reports whether the area code at the start of b, whose first 6 bytes are known to
// be ASCII digits, can open a resident ID: the province is 11–65 and the 4-digit prefecture prefix
// is a known code. County codes are not checked because they change over the decades an ID stays
// valid; the prefecture prefix alone already rejects most random digit strings. Provinces 11–65
// are exactly the prefecture codes 1100–6599, so one range check and one bit test decide.
func digitRegion(b []byte) bool {
	_ = b[3]
	c := uint(b[0]-'0')*1000 + uint(b[1]-'0')*100 + uint(b[2]-'0')*10 + uint(b[3]-'0')
	return c >= 1100 && c < 6600 && cityCodes[c/64]&(1<<(c%64)) != 0
}
