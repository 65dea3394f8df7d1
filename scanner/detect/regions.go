package detect

import (
	"bufio"
	_ "embed"
	"strconv"
	"strings"
)

// regionsTxt lists GB/T 2260 division codes in force today, one per line: 2-digit provinces,
// 4-digit cities (prefectures) and 6-digit counties. Built from
// github.com/modood/Administrative-divisions-of-China at commit
// 57a0aa9cef47169a2eb74cf057b0245052a34e8c (licence WTFPL), plus a handful of historic prefecture
// codes.
//
//go:embed data/regions.txt
var regionsTxt string

// regionsRetiredTxt lists the county and prefecture codes in force at some time since 1980 and
// retired since (see its header for the sources). A resident ID number keeps the code of the place
// it was first issued in for life, so a number from 110221 (Changping County, a district since
// 1999) is as valid today as it was then.
//
//go:embed data/regions_retired.txt
var regionsRetiredTxt string

// regionBase is the lowest code of the region bitmap: provinces 11–65 are codes 110000–659999.
const regionBase = 110000

// regionSet has bit c−regionBase set for every 6-digit code c ever in force since 1980, and for
// every known prefecture's codes ending 00 and 01 (the prefecture itself and its 市辖区 summary
// code, both printed on some older IDs). cityCodes has bit c set for every known 4-digit
// prefecture code. Both are built once at init and read only afterwards.
var regionSet, cityCodes = buildRegions(regionsTxt, regionsRetiredTxt)

func buildRegions(current, retired string) (*[(660000 - regionBase + 63) / 64]uint64, *[10000/64 + 1]uint64) {
	var set [(660000 - regionBase + 63) / 64]uint64
	var cities [10000/64 + 1]uint64
	add := func(code int) {
		if code >= regionBase && code < 660000 {
			i := code - regionBase
			set[i/64] |= 1 << (i % 64)
			c := code / 100
			cities[c/64] |= 1 << (c % 64)
		}
	}
	city := func(c int) {
		cities[c/64] |= 1 << (c % 64)
	}
	sc := bufio.NewScanner(strings.NewReader(current))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || !allDigits([]byte(line)) {
			continue
		}
		switch len(line) {
		case 4:
			city(digitsVal([]byte(line)))
		case 6:
			add(digitsVal([]byte(line)))
		}
	}
	for line := range strings.Lines(retired) {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		for _, tok := range strings.Fields(line) {
			lo, hi, isRange := strings.Cut(tok, "-")
			a, err := strconv.Atoi(lo)
			if err != nil {
				continue
			}
			b := a
			if isRange {
				if b, err = strconv.Atoi(hi); err != nil {
					continue
				}
			}
			for c := a; c <= b; c++ {
				add(c)
			}
		}
	}
	// A prefecture's own code and its 市辖区 summary code.
	for c := 1100; c < 6600; c++ {
		if cities[c/64]&(1<<(c%64)) != 0 {
			add(c * 100)
			add(c*100 + 1)
		}
	}
	return &set, &cities
}

// digitRegion reports whether the area code at the start of b, whose first 6 bytes are known to
// be ASCII digits, can open a resident ID: a GB/T 2260 code in force today or at any time since
// 1980 (provinces 11–65). One subtraction and one bit test decide.
func digitRegion(b []byte) bool {
	_ = b[5]
	c := uint(b[0]-'0')*100000 + uint(b[1]-'0')*10000 + uint(b[2]-'0')*1000 + uint(b[3]-'0')*100 +
		uint(b[4]-'0')*10 + uint(b[5]-'0') - regionBase
	return c < 660000-regionBase && regionSet[c/64]&(1<<(c%64)) != 0
}
