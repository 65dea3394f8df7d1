package detect

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// PersonName recognises Chinese and Latin-script personal names.
type PersonName struct{}

var (
	_ Detector       = PersonName{}
	_ HintedMatcher  = PersonName{}
	_ HeaderSpecific = PersonName{}
)

func init() { register(PersonName{}) }

// ID implements Detector.
func (PersonName) ID() string { return "person_name" }

// Category implements Detector.
func (PersonName) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (PersonName) Describe() string {
	return "Chinese names: a known family name (1,075, incl. compound) plus 1–2 given-name characters, or ·-joined transliterations; " +
		"Latin names: 2–3 capitalised words starting with a common given name, or a pinyin family name with pinyin given names; product, company and place names rejected"
}

// Hints implements Detector.
func (PersonName) Hints() Hints {
	return Hints{
		Words: []string{"姓名", "名字", "收货人", "联系人", "客户姓名", "持卡人", "收件人", "寄件人", "户名", "患者", "开户名",
			"name", "fullname", "consignee", "recipient", "contact", "firstname", "lastname", "surname",
			"姓", "=名", "姓氏", "法定代表人", "法人代表", "法人", "负责人", "经办人", "申请人", "投保人", "被保险人", "受益人", "监护人", "家长", "员工", "职工", "学生", "乘客", "旅客", "住客", "会员姓名", "用户姓名", "真实姓名", "中文名", "英文名", "拼音",
			"givenname", "familyname", "forename", "middlename", "passenger", "cardholder", "holder", "patient", "employee", "guest", "applicant", "insured", "beneficiary", "guardian",
			"xingming", "xingshi", "lianxiren", "shoujianren", "shouhuoren"},
		Exclude: []string{"公司", "企业", "商品", "产品", "品牌", "店铺", "商家", "门店", "城市", "地区", "类目", "类别", "名称", "文件", "银行", "电话", "手机", "地址",
			"company", "product", "sku", "brand", "shop", "store", "city", "seller", "merchant", "category", "file", "host",
			"domain", "user", "nick", "vendor", "supplier", "item", "goods", "bank", "street", "phone", "mobile", "email", "mail", "tel", "address",
			"tablename", "columnname", "fieldname", "sheetname", "keyname", "typename", "classname", "appname", "servicename",
			"country", "province", "region", "district", "deptname", "departmentname", "orgname", "schoolname", "hospitalname",
			"projectname", "teamname", "groupname", "eventname", "tagname", "modelname", "devicename", "学校", "医院", "部门",
			"员工编号", "员工号", "工号", "学号", "乘客类型", "employeeid", "employeeno", "patientid", "guestid", "holderid", "数", "count", "qty", "人数"},
	}
}

// MatchHinted implements HintedMatcher: under a name header, also a Hong Kong or Taiwan
// romanised name ("CHAN Tai Man", "Chen Chia-hao") and a name with a courtesy title (王先生,
// 李女士), which are a person too.
func (p PersonName) MatchHinted(v []byte) bool {
	if p.Match(v) {
		return true
	}
	if len(v) < 2 || len(v) > 64 {
		return false
	}
	if v[0] < utf8.RuneSelf {
		return matchRomanisedName(v)
	}
	return matchTitledName(v)
}

// ForHeader implements HeaderSpecific: a family-name column (姓, last_name, surname) holds bare
// family names, a given-name column (名, first_name, given_name) bare given names.
func (PersonName) ForHeader(header string) HintedMatcher {
	h := normHeader(header)
	switch {
	case h.s == "姓" || h.s == "姓氏" || h.hasAny([]string{"lastname", "surname", "familyname", "xingshi"}):
		return surnameMatcher{}
	case h.s == "名" || h.hasAny([]string{"firstname", "givenname", "forename", "middlename"}):
		return givenNameMatcher{}
	}
	return nil
}

// surnameMatcher accepts a bare family name: a listed Chinese one (Simplified or Traditional), a
// pinyin or Hong Kong/Taiwan romanised one, or a capitalised Latin word.
type surnameMatcher struct{}

func (surnameMatcher) MatchHinted(v []byte) bool {
	if (PersonName{}).Match(v) {
		return true
	}
	v = trimSpaceView(v)
	if len(v) == 0 || len(v) > 32 {
		return false
	}
	if v[0] >= utf8.RuneSelf {
		var buf [32]byte
		_, ok := surnameWeight[string(simplifyHan(buf[:0], v))]
		return ok
	}
	var low [32]byte
	l := lowerASCII(low[:0], v)
	return pinyinSurnames.has(l) || romanSurnames.has(l) || (isNameWord(v, isUpperWord(v)) && !nonNameWords.has(l))
}

// givenNameMatcher accepts a bare given name: one or two Han characters that are not product or
// place characters, or a capitalised Latin word (a listed given name, pinyin syllables, or any
// capitalised word of letters).
type givenNameMatcher struct{}

func (givenNameMatcher) MatchHinted(v []byte) bool {
	if (PersonName{}).Match(v) {
		return true
	}
	v = trimSpaceView(v)
	if len(v) == 0 || len(v) > 32 {
		return false
	}
	if v[0] >= utf8.RuneSelf {
		n := 0
		for i := 0; i < len(v); {
			r, size := utf8.DecodeRune(v[i:])
			if !isHan(r) || nonGivenRunes[r] {
				return false
			}
			n++
			i += size
		}
		return n >= 1 && n <= 3
	}
	var low [32]byte
	l := lowerASCII(low[:0], v)
	if nonNameWords.has(l) {
		return false
	}
	if enGivenNames.has(l) || isPinyinWord(l) {
		return true
	}
	// Hyphenated Hong Kong/Taiwan given names: Tai-man, Chia-hao.
	a, b, ok := bytes.Cut(l, []byte("-"))
	return ok && isPinyinOrRomanSyllable(a) && isPinyinOrRomanSyllable(b)
}

// Match implements Detector.
func (PersonName) Match(v []byte) bool {
	if len(v) < 2 || len(v) > 64 {
		return false
	}
	if needsWidthFold(v) {
		var buf [64]byte // zeroed only when folding is needed
		v = Fold(buf[:0], v)
	}
	if v[0] < utf8.RuneSelf {
		return matchLatinName(v)
	}
	return matchChineseName(v)
}

// nonGivenRunes rarely appear in Chinese given names but are common in product, shop, company
// and place names that happen to start with a family-name character (王老吉, 张小泉剪刀店).
var nonGivenRunes = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "司店厂局院馆省市区县乡镇村路街巷号楼室栋茶酒饮奶糖药膏液粉袋盒瓶箱套件个元斤克吨老铺业汁饼面肉鸡鸭机器装鞋裤袜帽包车线网品牌厅科组队公州剂油膜霜片罐桶盘杯壶锅刀剪笔纸本册卡券票站场所处族教徒性为色通丰便尚棉皮邮湖化规典约务动款营评的尔格式型码级类版度率量值数额费价" {
		m[r] = true
	}
	return m
}()

// minTwoRuneSurnameWeight is the corpus weight a family name needs to start a two-rune name.
const minTwoRuneSurnameWeight = 30

// nameDots separate the parts of transliterated and minority names (阿沛·阿旺晋美).
func isNameDot(r rune) bool { return r == '·' || r == '•' || r == '・' || r == '‧' }

func matchChineseName(v []byte) bool {
	var rs [16]rune
	n, dots := 0, 0
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRune(v[i:])
		i += size
		if n == len(rs) {
			return false
		}
		switch {
		case isNameDot(r):
			if n == 0 || isNameDot(rs[n-1]) {
				return false
			}
			dots++
		case !isHan(r):
			return false
		}
		rs[n] = r
		n++
	}
	if dots > 0 {
		// Transliterated or minority name: 2–4 parts of Han characters, no trailing dot.
		return !isNameDot(rs[n-1]) && dots <= 3 && n-dots >= 3
	}
	if n < 2 || n > 4 || cnPlaces.has(v) {
		return false
	}
	given := 0
	switch {
	case n >= 3 && isCompoundSurname(v):
		given = n - 2
	default:
		first := rs[0]
		if sr, ok := tradToSimp[first]; ok {
			first = sr // Hong Kong, Macau and Taiwan write 陳, 張, 黃, 劉
		}
		var fb [4]byte
		w, ok := surnameWeight[string(fb[:utf8.EncodeRune(fb[:], first)])]
		// Two-rune values are mostly ordinary words (黄色, 中通, 好评); only a common family
		// name (about the 250 most frequent) makes one a name.
		if !ok || (n == 2 && w < minTwoRuneSurnameWeight) {
			return false
		}
		given = n - 1
	}
	if given < 1 || given > 2 {
		return false
	}
	for _, r := range rs[n-given : n] {
		if nonGivenRunes[r] {
			return false
		}
	}
	return true
}

// isCompoundSurname reports whether the first two runes of v form a compound family name.
func isCompoundSurname(v []byte) bool {
	_, s1 := utf8.DecodeRune(v)
	_, s2 := utf8.DecodeRune(v[s1:])
	_, ok := surnameWeight[string(v[:s1+s2])]
	return ok
}

// nonNameWords are capitalised words that turn a "Given Word" pair into a company, product or
// place name.
var nonNameWords = setOf("ltd", "ltda", "inc", "llc", "co", "corp", "corporation", "company", "group", "store", "shop",
	"street", "st", "avenue", "ave", "road", "rd", "city", "county", "hotel", "restaurant", "cafe", "bank", "school",
	"university", "hospital", "center", "centre", "club", "studio", "market", "mall", "park", "international", "trading",
	"limited", "gmbh", "sa", "ag", "plc", "foundation", "association", "brand", "collection", "edition", "series")

// splitWords returns the first n space-separated words of v, without allocating; ok is false
// when there are more than four.
func splitWords(v []byte) (words [4][]byte, n int, ok bool) {
	for i := 0; i < len(v); {
		for i < len(v) && v[i] == ' ' {
			i++
		}
		j := i
		for j < len(v) && v[j] != ' ' {
			j++
		}
		if j > i {
			if n == len(words) {
				return words, 0, false
			}
			words[n] = v[i:j]
			n++
		}
		i = j
	}
	return words, n, true
}

func matchLatinName(v []byte) bool {
	tokens, n, ok := splitWords(v)
	if !ok {
		return false
	}
	if n < 2 || n > 3 {
		return false
	}
	// "Smith, John" puts the family name first.
	first := 0
	if t := tokens[0]; t[len(t)-1] == ',' {
		tokens[0] = t[:len(t)-1]
		first = 1
	}
	upper := isUpperWord(tokens[0]) && isUpperWord(tokens[1])
	var low [32]byte
	for k := 0; k < n; k++ {
		t := tokens[k]
		if len(t) == 0 || len(t) > len(low) {
			return false
		}
		if nonNameWords.has(lowerASCII(low[:0], t)) {
			return false
		}
		if k > 0 && k < n-1 && len(t) == 2 && t[1] == '.' && 'A' <= t[0] && t[0] <= 'Z' {
			continue // middle initial
		}
		if !isNameWord(t, upper) {
			return false
		}
	}
	if enGivenNames.has(lowerASCII(low[:0], tokens[first])) {
		return true
	}
	// Romanised Chinese names: a pinyin family name first or last ("Zhang Wei", "Xiaoming
	// Wang"), every other word made of pinyin syllables.
	for _, sk := range [2]int{0, n - 1} {
		if !pinyinSurnames.has(lowerASCII(low[:0], tokens[sk])) {
			continue
		}
		all := true
		for k := 0; k < n && all; k++ {
			all = k == sk || isPinyinWord(lowerASCII(low[:0], tokens[k]))
		}
		if all {
			return true
		}
	}
	return false
}

// pinyinSurnames are the romanised forms of the most common Chinese family names.
var pinyinSurnames = setOf("wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
	"zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao",
	"peng", "zeng", "xiao", "tian", "dong", "yuan", "pan", "yu", "jiang", "cai", "du", "ye", "cheng", "su", "wei", "lu",
	"ding", "ren", "shen", "yao", "cui", "zhong", "tan", "fan", "jin", "shi", "liao", "jia", "xia", "fu", "fang", "bai",
	"zou", "meng", "xiong", "qin", "qiu", "yin", "xue", "yan", "duan", "lei", "hou", "long", "tao", "gu", "mao", "hao",
	"gong", "shao", "wan", "qian", "dai", "mo", "kong", "xiang", "chang", "ouyang", "situ", "shangguan", "zhuge")

var (
	pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}
	pinyinFinals   = setOf("a", "o", "e", "i", "u", "v", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "ia", "ie",
		"iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui", "uan", "un", "uang", "ue", "ve", "ueng")
)

// isPinyinWord reports whether w (lower case) splits into one to three pinyin syllables.
func isPinyinWord(w []byte) bool { return len(w) > 0 && pinyinSplit(w, 3) }

func pinyinSplit(w []byte, left int) bool {
	if len(w) == 0 {
		return true
	}
	if left == 0 {
		return false
	}
	for _, ini := range pinyinInitials {
		if len(w) < len(ini) || string(w[:len(ini)]) != ini {
			continue
		}
		rest := w[len(ini):]
		for l := min(4, len(rest)); l >= 1; l-- {
			if pinyinFinals.has(rest[:l]) && pinyinSplit(rest[l:], left-1) {
				return true
			}
		}
	}
	return false
}

// isNameWord: a capital letter, then lower-case letters, apostrophes or hyphens (O'Brien,
// Jean-Luc); all capitals when the whole name is written in capitals.
func isNameWord(t []byte, upper bool) bool {
	if len(t) < 2 || t[0] < 'A' || t[0] > 'Z' {
		return false
	}
	for i := 1; i < len(t); i++ {
		c := t[i]
		switch {
		case c == '\'' || c == '-':
		case upper && 'A' <= c && c <= 'Z':
		case !upper && 'a' <= c && c <= 'z':
		case !upper && i > 1 && 'A' <= c && c <= 'Z' && (t[i-1] == '\'' || t[i-1] == '-' || (i == 2 && t[0] == 'M' && t[1] == 'c')):
		default:
			return false
		}
	}
	return true
}

func isUpperWord(t []byte) bool {
	if len(t) < 2 {
		return false
	}
	for _, c := range t {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// romanSurnames are Hong Kong (Cantonese) and Taiwan (Wade–Giles) romanisations of common family
// names, lower case.
var romanSurnames = setOf("chan", "wong", "lee", "cheung", "lau", "ng", "leung", "ho", "lam", "tsang", "yeung", "cheng", "tang",
	"chow", "kwok", "lo", "law", "mak", "yip", "tam", "choi", "fung", "lui", "poon", "kwan", "siu", "chu", "tse", "hui", "au",
	"kong", "ko", "ling", "yu", "chiu", "chung", "wan", "sze", "mok", "pang", "tong", "fong", "lai", "shek", "man", "to",
	"chen", "lin", "huang", "chang", "wang", "li", "wu", "liu", "tsai", "yang", "hsu", "hsieh", "kuo", "hung", "tseng",
	"liao", "chou", "yeh", "su", "chuang", "lu", "chiang", "hsiao", "kao", "pan", "chien", "peng", "tsou", "chao", "chin",
	"hsueh", "tu", "fang", "shih", "hou", "tsui", "wei", "kang", "tsao", "yen", "hsieh", "teng", "chi", "chai", "ou", "ip", "hon")

// romanInitials are the initials of pinyin, Wade–Giles and Cantonese romanisations, longest first.
var romanInitials = []string{"tsz", "chh", "hs", "ts", "tz", "ch", "sh", "zh", "kw", "gw", "ng", "sz", "b", "p", "m", "f", "d", "t", "n", "l",
	"g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}

// isPinyinOrRomanSyllable reports whether w (lower case) is one syllable of a romanised Chinese
// name: an initial, one to three vowels and an optional final n, ng, m, p, t, k or h (Tai, Man,
// Chia, Hsiung, Kwok).
func isPinyinOrRomanSyllable(w []byte) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for _, ini := range romanInitials {
		if len(w) < len(ini) || string(w[:len(ini)]) != ini {
			continue
		}
		rest := w[len(ini):]
		v := 0
		for v < len(rest) && v < 3 && strings.IndexByte("aeiouy", rest[v]) >= 0 {
			v++
		}
		if v == 0 {
			continue
		}
		switch string(rest[v:]) {
		case "", "n", "ng", "m", "p", "t", "k", "h":
			return true
		}
	}
	return false
}

// matchRomanisedName accepts "CHAN Tai Man", "Chan Tai-man", "Chen Chia-hao", "Tai Man CHAN":
// 2–4 words, a romanised family name first or last, the other words capitalised syllables
// (possibly hyphenated). It does not allocate.
func matchRomanisedName(v []byte) bool {
	words, n, ok := splitWords(v)
	if !ok {
		return false
	}
	if n < 2 {
		return false
	}
	var low [32]byte
	for _, sk := range [2]int{0, n - 1} {
		w := words[sk]
		if len(w) > 0 && w[len(w)-1] == ',' {
			w = w[:len(w)-1]
		}
		if len(w) > len(low) {
			return false
		}
		l := lowerASCII(low[:0], w)
		if !romanSurnames.has(l) && !pinyinSurnames.has(l) {
			continue
		}
		ok := true
		for k := 0; k < n && ok; k++ {
			if k == sk {
				continue
			}
			f := words[k]
			if len(f) == 0 || len(f) > len(low) || f[0] < 'A' || f[0] > 'Z' {
				ok = false
				break
			}
			lf := lowerASCII(low[:0], f)
			for len(lf) > 0 && ok {
				part := lf
				if h := bytes.IndexByte(lf, '-'); h >= 0 {
					part, lf = lf[:h], lf[h+1:]
				} else {
					lf = nil
				}
				ok = isPinyinOrRomanSyllable(part)
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// courtesyTitles follow a family name in place of the given name.
var courtesyTitles = [][]byte{[]byte("先生"), []byte("女士"), []byte("小姐"), []byte("太太"), []byte("老师"), []byte("同学"), []byte("阿姨"), []byte("师傅")}

// matchTitledName accepts a family name followed by a courtesy title: 王先生, 陳小姐.
func matchTitledName(v []byte) bool {
	for _, t := range courtesyTitles {
		if rest, ok := bytes.CutSuffix(v, t); ok && len(rest) > 0 && len(rest) <= 6 {
			var buf [8]byte
			_, known := surnameWeight[string(simplifyHan(buf[:0], rest))]
			return known
		}
	}
	return false
}

// FallbackKey implements FallbackKeyer.
func (PersonName) FallbackKey() KeyPart { return KeyPartName }

var _ FallbackKeyer = PersonName{}

// MayMatch implements Prefilter: a name, which holds no digit (a Chinese name is Han characters
// and dots, a Latin one letters, apostrophes, hyphens, periods and a comma).
func (PersonName) MayMatch(s Shape) bool { return wordy(s) && s.Digits == 0 }

var _ Prefilter = PersonName{}
