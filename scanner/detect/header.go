package detect

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// headerText is a normalised column name with the places where its tokens start, so short
// English hint words match whole tokens only ("tel" in tel_no but not in hotel, "ip" in
// client_ip but not in zip).
type headerText struct {
	s string
	// starts[i] is set when byte i of s begins a token: after a separator, at a change between
	// letters, digits and other scripts, and at a lower-to-upper case change (mobilePhone).
	starts []bool
}

// NormalizeHeader folds a column name for hint matching: full-width to ASCII, Traditional
// Chinese header characters to Simplified (身分證字號 → 身分证字号), lower case, spreadsheet
// required-marks and bracketed notes dropped (手机号码（必填） → 手机号码, *姓名 → 姓名), and
// spaces, underscores, hyphens, dots, slashes and other brackets removed, so "Mobile_No.",
// "mobile no" and "ＭＯＢＩＬＥ－ＮＯ" all become "mobileno". Units in brackets stay
// (体重(kg) → 体重kg): they tell what a number measures.
func NormalizeHeader(h string) string { return normHeader(h).s }

// headerNotes are bracketed remarks a form template adds to a column name; they say nothing of
// the content.
var headerNotes = []string{"必填", "选填", "非必填", "可选", "可不填", "required", "optional", "*", "**", "必須", "選填"}

func normHeader(h string) headerText {
	folded := string(appendCleanRunes(nil, []byte(h)))
	folded = dropHeaderNotes(folded)
	var (
		b      strings.Builder
		starts []bool
		prev   rune // last kept rune, before lower-casing
		sep    = true
	)
	for _, r := range folded {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '.', r == '/', r == '\\', r == '*', r == '?', r == '？',
			r == '(', r == ')', r == '[', r == ']', r == '{', r == '}', r == '（', r == '）', r == '【', r == '】',
			r == ':', r == '：', r == '#', r == '|', r == ',', r == '，', r == '、', r == '<', r == '>', r == '"', r == '\'':
			sep = true
			continue
		}
		if s, ok := tradToSimp[r]; ok {
			r = s
		}
		start := sep || prev == 0 || charClass(prev) != charClass(r) ||
			(unicode.IsLower(prev) && unicode.IsUpper(r))
		lr := unicode.ToLower(r)
		for range utf8.RuneLen(lr) {
			starts = append(starts, false)
		}
		if start {
			starts[b.Len()] = true
		}
		b.WriteRune(lr)
		prev, sep = r, false
	}
	return headerText{s: b.String(), starts: starts}
}

// dropHeaderNotes removes bracketed required-marks such as （必填） or [optional] and a leading or
// trailing run of asterisks.
func dropHeaderNotes(h string) string {
	for _, pair := range [][2]string{{"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}} {
		for {
			i := strings.Index(h, pair[0])
			if i < 0 {
				break
			}
			j := strings.Index(h[i:], pair[1])
			if j < 0 {
				break
			}
			inner := strings.ToLower(strings.TrimSpace(h[i+len(pair[0]) : i+j]))
			note := false
			for _, n := range headerNotes {
				if inner == n {
					note = true
					break
				}
			}
			if !note {
				break
			}
			h = h[:i] + h[i+j+len(pair[1]):]
		}
	}
	return h
}

// charClass groups runes for token boundaries: ASCII letters, digits, and everything else.
func charClass(r rune) int {
	switch {
	case r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z'):
		return 1
	case r >= '0' && r <= '9':
		return 2
	}
	return 3
}

// hasWord reports whether the hint word w (already normalised) occurs in h. Words with a
// non-ASCII character, and English words of five letters or more, match anywhere ("mobile" in
// mobileno). Shorter English words must line up with tokens: up to three letters a whole token
// (tel, dob, ip, sex), four letters the start or the end of one (addr in address, name in
// customername), so cid does not fire on acid_level nor tel on hotel.
func (h headerText) hasWord(w string) bool {
	if w == "" {
		return false
	}
	if w[0] == '=' {
		return h.s == w[1:] // the whole header, for one-character words such as 名
	}
	if len(w) >= 5 || !isASCII(w) {
		return strings.Contains(h.s, w)
	}
	for off := 0; ; {
		i := strings.Index(h.s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(w)
		startOK := h.starts[i]
		endOK := end == len(h.s) || h.starts[end]
		if (len(w) <= 3 && startOK && endOK) || (len(w) == 4 && (startOK || endOK)) {
			return true
		}
		off = i + 1
	}
}

// hasAny reports whether one of words (normalised here) occurs in h by hasWord. A word written
// "=名" matches only a header that is exactly that word.
func (h headerText) hasAny(words []string) bool {
	for _, w := range words {
		if h.hasWord(normWord(w)) {
			return true
		}
	}
	return false
}

// normWord is NormalizeHeader(w).s for a hint word. Nearly every hint word is already in
// normal form (lower-case ASCII letters and digits, Simplified Han), and NormalizeHeader then
// returns it unchanged; normWord sees that without allocating, since every column's classifier
// matches its header against every detector's hint words.
func normWord(w string) string {
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '=':
		case r >= 0x4E00 && r <= 0x9FFF:
			if tradHan.has(r) {
				return NormalizeHeader(w)
			}
		default:
			return NormalizeHeader(w)
		}
	}
	return w
}

// containsAny reports whether one of words (normalised here) occurs in h: exclusions are matched
// loosely, as substrings, so that they rule out more rather than less, except short English words
// (up to four letters), which follow hasWord's token rules (tip must not veto client_ip).
func (h headerText) containsAny(words []string) bool {
	for _, w := range words {
		w = normWord(w)
		if w == "" {
			continue
		}
		if len(w) <= 4 && isASCII(w) {
			if h.hasWord(w) {
				return true
			}
			continue
		}
		if strings.Contains(h.s, w) {
			return true
		}
	}
	return false
}

// tradToSimp maps the Traditional Chinese characters of common header words and family names to
// their Simplified forms (Hong Kong, Macau and Taiwan exports write 身分證字號, 電話, 聯絡地址,
// 陳大文). Hand-built from the Simplified/Traditional pairs of the General List of Standard
// Chinese Characters (通用规范汉字表, 2013), limited to characters seen in headers and names.
var tradToSimp = func() map[rune]rune {
	pairs := "證证號号碼码電电話话機机護护銀银帳账戶户郵邮聯联絡络址址別别齡龄" +
		"診诊斷断歷历醫医藥药體体檢检驗验測测壓压糖糖脈脉過过敏敏種种" +
		"國国籍籍際际類类員员務务職职單单據据資资訊讯號号賬账額额薪薪貸贷" +
		"稱称屬属輛辆車车牌牌駕驾險险債债業业門门區区縣县鄉乡鎮镇街街樓楼" +
		"臺台灣湾澳澳門门內内護护簽签頭头像像紋纹聲声指指臉脸圖图錄录" +
		"陳陈張张黃黄劉刘吳吴趙赵楊杨許许鄭郑謝谢賴赖葉叶蘇苏莊庄呂吕蕭萧羅罗" +
		"簡简鍾钟盧卢顏颜孫孙鄧邓馬马溫温藍蓝蔣蒋紀纪連连馮冯湯汤鄒邹龔龚嚴严" +
		"韓韩陸陆錢钱譚谭駱骆顧顾萬万饒饶闕阙歐欧龍龙韋韦麥麦賀贺賈贾關关華华" +
		"魯鲁鮑鲍塗涂閻阎練练鄔邬聶聂繆缪陽阳齊齐應应畢毕喬乔項项雲云樂乐樓楼" +
		"費费衛卫諶谌欒栾宮宫時时談谈蓋盖竇窦農农邊边鄺邝龐庞蘭兰聞闻閔闵" +
		"偉伟強强華华傑杰嬌娇麗丽蘭兰婷婷雯雯國国東东軍军榮荣輝辉鳳凤鵬鹏" +
		"誌志維维達达來来寶宝勝胜貴贵慶庆瑩莹嫻娴瓊琼倫伦樂乐綺绮儀仪靜静" +
		"廣广場场濟济寧宁遠远實实賢贤鴻鸿騰腾義义禮礼陰阴雙双聖圣鐘钟"
	m := map[rune]rune{}
	rs := []rune(pairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// simplifyHan appends v to dst with Traditional characters of tradToSimp made Simplified.
func simplifyHan(dst, v []byte) []byte {
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRune(v[i:])
		if s, ok := tradToSimp[r]; ok {
			dst = utf8.AppendRune(dst, s)
		} else {
			dst = append(dst, v[i:i+size]...)
		}
		i += size
	}
	return dst
}
