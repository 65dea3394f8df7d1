package detect

import (
	"bytes"
	"unicode/utf8"
)

// PostalAddress recognises Chinese and Latin-script postal addresses down to street level.
type PostalAddress struct{}

var _ Detector = PostalAddress{}

func init() { register(PostalAddress{}) }

// ID implements Detector.
func (PostalAddress) ID() string { return "postal_address" }

// Category implements Detector.
func (PostalAddress) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (PostalAddress) Describe() string {
	return "Chinese addresses: an administrative division (省/市/区/县/镇/乡/街道 or a known city) followed by a street-level part " +
		"(路/街/巷/号/栋/单元/室/村/小区…), or a street with a house number; Latin addresses: a house number and a street name with a street-type word"
}

// Hints implements Detector.
func (PostalAddress) Hints() Hints {
	return Hints{
		Words:   []string{"地址", "收货地址", "住址", "联系地址", "家庭住址", "通讯地址", "户籍地址", "居住地", "address", "addr", "street", "dizhi", "住所", "居所", "现住址", "详细地址", "收件地址", "通信地址", "domicile"},
		Exclude: []string{"ip", "mac", "email", "mail", "邮箱", "网址", "url", "web", "wallet", "钱包"},
	}
}

// addrStreetWords mark a street-level part made of two runes.
var addrStreetWords = [][]byte{[]byte("单元"), []byte("小区"), []byte("大厦"), []byte("花园"), []byte("公寓"), []byte("广场"),
	[]byte("大街"), []byte("胡同"), []byte("社区"), []byte("家园"), []byte("新村")}

// isDivisionRune: the last rune of an administrative division name.
func isDivisionRune(r rune) bool {
	switch r {
	case '省', '市', '区', '县', '镇', '乡', '旗', '州':
		return true
	}
	return false
}

// isRoadRune: the last rune of a road name.
func isRoadRune(r rune) bool {
	switch r {
	case '路', '街', '道', '巷', '弄':
		return true
	}
	return false
}

// isStreetRune: a rune marking a street-level part (road, number, building, room, village).
func isStreetRune(r rune) bool {
	switch r {
	case '路', '街', '道', '巷', '弄', '号', '栋', '幢', '室', '楼', '村', '组', '苑', '里', '胡', '屯', '座', '层':
		return true
	}
	return false
}

// Match implements Detector.
func (PostalAddress) Match(v []byte) bool {
	if len(v) < 8 || len(v) > 400 {
		return false
	}
	if needsWidthFold(v) {
		var buf [400]byte // zeroed only when folding is needed
		v = Fold(buf[:0], v)
	}
	if v[0] < utf8.RuneSelf {
		return matchLatinAddress(v)
	}
	if hasTraditional(v) {
		var buf [400]byte // Hong Kong, Macau and Taiwan addresses: 號, 樓, 區, 臺
		v = simplifyHan(buf[:0], v)
	}
	return matchChineseAddress(v)
}

// hasTraditional reports whether v holds a Traditional character of tradToSimp.
func hasTraditional(v []byte) bool {
	for i := 0; i < len(v); {
		if v[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(v[i:])
		if tradHan.has(r) {
			return true
		}
		i += size
	}
	return false
}

// tradHan holds the Traditional characters of tradToSimp, all of them ideographs of hanSet's
// range (TestTradHanIsTradToSimp): a bit test per character instead of a map lookup.
var tradHan = func() *hanSet {
	s := &hanSet{}
	for r := range tradToSimp {
		s.add(r)
	}
	return s
}()

func matchChineseAddress(v []byte) bool {
	divisionEnd := -1 // byte offset just after the first division suffix or known place
	han, digits := 0, 0
	roadThenNumber := false
	lastRoad := -1
	var prev rune
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRune(v[i:])
		if (prev == '公' && r == '司') || (prev == '集' && r == '团') {
			return false // a company's address (every byte match of 公司 or 集团 is a rune match)
		}
		prev = r
		switch {
		case isHan(r):
			han++
			if divisionEnd < 0 && han >= 2 && isDivisionRune(r) {
				divisionEnd = i + size
			}
			if isRoadRune(r) {
				lastRoad = i + size
			}
			if r == '号' && lastRoad >= 0 && digits > 0 {
				roadThenNumber = true
			}
		case r >= '0' && r <= '9':
			digits++
		}
		i += size
	}
	if han < 4 {
		return false
	}
	if divisionEnd < 0 {
		divisionEnd = knownPlacePrefix(v)
	}
	if divisionEnd < 0 {
		return roadThenNumber
	}
	rest := v[divisionEnd:]
	for i := 0; i < len(rest); {
		r, size := utf8.DecodeRune(rest[i:])
		if isStreetRune(r) && i > 0 {
			return true
		}
		i += size
	}
	for _, w := range addrStreetWords {
		if bytes.Contains(rest, w) {
			return true
		}
	}
	return false
}

// knownPlacePrefix returns the length of a known province or city name at the start of v, or -1.
func knownPlacePrefix(v []byte) int {
	end := 0
	for k := 0; k < 4 && end < len(v); k++ {
		_, size := utf8.DecodeRune(v[end:])
		end += size
		if k >= 1 && cnPlaces.has(v[:end]) {
			return end
		}
	}
	return -1
}

// streetTypes are street-type words of English, Portuguese, Spanish, French and German addresses.
var streetTypes = setOf("st", "street", "rd", "road", "ave", "avenue", "av", "blvd", "boulevard", "lane", "ln", "dr",
	"drive", "way", "ct", "court", "pl", "place", "ter", "terrace", "hwy", "highway", "pkwy", "parkway", "sq", "square",
	"cres", "crescent", "rua", "avenida", "travessa", "alameda", "rodovia", "calle", "carrera", "camino", "paseo",
	"rue", "chemin", "strasse", "straße", "str", "weg", "platz", "via", "viale", "piazza", "close", "row", "walk")

func matchLatinAddress(v []byte) bool {
	if bytes.IndexByte(v, ' ') < 0 && bytes.IndexByte(v, ',') < 0 {
		return false // one token: an address needs three (an e-mail, a code, a word)
	}
	tokens, number, street := 0, false, false
	var low [32]byte
	for i := 0; i < len(v); {
		for i < len(v) && (v[i] == ' ' || v[i] == ',') {
			i++
		}
		j := i
		for j < len(v) && v[j] != ' ' && v[j] != ',' {
			j++
		}
		if j == i {
			break
		}
		t := v[i:j]
		tokens++
		if t[0] >= '0' && t[0] <= '9' && len(t) <= 6 {
			number = true
		} else if t[len(t)-1] == '.' {
			t = t[:len(t)-1]
		}
		if len(t) <= len(low) && len(t) > 0 && streetTypes.has(lowerASCII(low[:0], t)) {
			street = true
		}
		i = j
	}
	return tokens >= 3 && number && street
}

// FallbackKey implements FallbackKeyer.
func (PostalAddress) FallbackKey() KeyPart { return KeyPartAddress }

var _ FallbackKeyer = PostalAddress{}

// MayMatch implements Prefilter: place words.
func (PostalAddress) MayMatch(s Shape) bool { return wordy(s) }

var _ Prefilter = PostalAddress{}
