package detect

// Phone recognises telephone numbers of persons: Chinese mobiles with an assigned prefix,
// Chinese landlines with an area code (optionally with an extension) and international numbers
// in E.164 form. Corporate 400/800 numbers and 95xxx service numbers are not personal
// information and never match.
type Phone struct{}

var (
	_ Detector      = Phone{}
	_ Identifier    = Phone{}
	_ HintedMatcher = Phone{}
)

func init() { register(Phone{}) }

// mobilePrefix is indexed by the second and third digit of a 1xx mobile prefix: true when the
// prefix is assigned to person-facing mobile service (docs/detectors.md, "Check algorithms"). 140–144 are
// 13-digit IoT numbers and 154/194 are unassigned.
var mobilePrefix = func() (t [100]bool) {
	for _, p := range []int{30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 45, 46, 47, 48, 49,
		50, 51, 52, 53, 55, 56, 57, 58, 59, 62, 65, 66, 67, 70, 71, 72, 73, 74, 75, 76, 77, 78,
		80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 95, 96, 97, 98, 99} {
		t[p] = true
	}
	return t
}()

// phoneNumber is a parsed number: the national significant digits, the country code (nil for
// China, +86) and an optional extension, all slices into one buffer.
type phoneNumber struct {
	cc, nsn, ext []byte
}

// parsePhone parses v using buf as scratch.
func parsePhone(buf, v []byte) (phoneNumber, bool) {
	var p phoneNumber
	b, ok := clean(buf, v, false, 40)
	if !ok || len(b) < 7 {
		return p, false
	}
	b, p.ext = cutExtension(b)
	intl := false
	if b[0] == '(' && len(b) > 1 && b[1] == '+' {
		b = b[1:] // "(+86) 138…": the closing bracket is a separator below
	}
	if b[0] == '+' {
		intl = true
		b = b[1:]
	}
	// Keep the digits, remembering the last separated group as a possible extension.
	d := b[:0]
	lastGroup, groups := 0, 1
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case isDigit(c):
			d = append(d, c)
		case c == ' ' || c == '-' || c == '(' || c == ')' || c == '.':
			if len(d) > 0 && (i+1 < len(b) && isDigit(b[i+1])) {
				lastGroup = len(d)
				groups++
			}
		default:
			return p, false
		}
	}
	if cc, nsn, ok := classifyPhone(d, intl); ok {
		p.cc, p.nsn = cc, nsn
		return p, true
	}
	// "010-12345678-123": a third group after a landline is an extension.
	if p.ext == nil && !intl && groups >= 3 && d[0] == '0' && len(d)-lastGroup <= 6 && lastGroup > 0 {
		cc, nsn, ok := classifyPhone(d[:lastGroup], false)
		if ok && !(len(nsn) == 11 && nsn[0] == '1') {
			return phoneNumber{cc: cc, nsn: nsn, ext: d[lastGroup:]}, true
		}
	}
	return p, false
}

// plainMobile returns v without the white space around it when what remains is 11 ASCII digits
// starting with 1, and nil otherwise. That is nearly every cell of a mobile column, and for it
// parsePhone would only trim and copy before deciding by cnNational alone (no extension, no
// country code, no groups), so the callers decide by cnNational directly. Any other value takes
// the general path.
func plainMobile(v []byte) []byte {
	t := v
	// White space is at most ' ', so a value whose ends are above it needs no trimming.
	if n := len(v); n == 0 || v[0] <= ' ' || v[n-1] <= ' ' {
		if n > 3*40+16 {
			return nil // clean rejects such a value whatever it holds; so must the fast path
		}
		t = trimSpaceView(v)
	}
	if len(t) != 11 || t[0] != '1' || !eightDigits(t) || !isDigit(t[8]) || !isDigit(t[9]) || !isDigit(t[10]) {
		return nil
	}
	return t
}

// cutExtension splits an extension of 1–6 digits written after 转, ext, x or # off the end of b.
func cutExtension(b []byte) (num, ext []byte) {
	i := len(b)
	for i > 0 && isDigit(b[i-1]) {
		i--
	}
	if i == len(b) || i == 0 || len(b)-i > 6 {
		return b, nil
	}
	m := i // start of the marker
	for m > 0 && (b[m-1] == ' ' || b[m-1] == ':' || b[m-1] == '.') {
		m--
	}
	switch {
	case m >= 3 && (string(b[m-3:m]) == "ext" || string(b[m-3:m]) == "EXT" || string(b[m-3:m]) == "Ext"):
		m -= 3
	case m >= 3 && string(b[m-3:m]) == "转":
		m -= 3
	case m >= 1 && (b[m-1] == 'x' || b[m-1] == 'X' || b[m-1] == '#'):
		m--
	default:
		return b, nil
	}
	num = b[:m]
	for len(num) > 0 && (num[len(num)-1] == ' ' || num[len(num)-1] == '-' || num[len(num)-1] == ',') {
		num = num[:len(num)-1]
	}
	if len(num) == 0 {
		return b, nil
	}
	return num, b[i:]
}

// classifyPhone splits the digit string d into country code (nil for China) and national
// significant number and reports whether it is a personal number.
func classifyPhone(d []byte, intl bool) (cc, nsn []byte, ok bool) {
	if len(d) < 7 {
		return nil, nil, false
	}
	if !intl && len(d) > 4 && d[0] == '0' && d[1] == '0' {
		intl, d = true, d[2:] // 00 international prefix
	}
	if intl {
		if len(d) > 2 && d[0] == '8' && d[1] == '6' {
			return nil, d[2:], cnNational(d[2:], false)
		}
		n := countryCodeLen(d)
		if n == 0 || len(d)-n < 7 || len(d)-n > 14 || allSame(d[n:]) {
			return nil, nil, false
		}
		return d[:n], d[n:], true
	}
	switch {
	case d[0] == '1':
		return nil, d, cnNational(d, false)
	case d[0] == '0':
		return nil, d[1:], cnNational(d[1:], true)
	case len(d) == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1':
		return nil, d[2:], cnNational(d[2:], false)
	}
	return nil, nil, false
}

// cnNational validates a Chinese national significant number (no trunk 0). trunk says a 0 was
// written, which rules out mobiles.
func cnNational(d []byte, trunk bool) bool {
	if len(d) == 0 {
		return false
	}
	if !trunk && len(d) == 11 && d[0] == '1' {
		return mobilePrefix[int(d[1]-'0')*10+int(d[2]-'0')] && !allSame(d[3:])
	}
	// Landline: area code 10 or 2x with an 8-digit local part, or a 3-digit code 3xx–9xx with
	// 7–8 digits; the local part starts 2–9.
	var area int
	switch {
	case d[0] == '1' && len(d) > 1 && d[1] == '0', d[0] == '2':
		area = 2
	case d[0] >= '3' && d[0] <= '9':
		area = 3
	default:
		return false
	}
	if len(d) < area+1 {
		return false
	}
	local := d[area:]
	if area == 3 && ((d[0] == '4' || d[0] == '8') && d[1] == '0' && d[2] == '0') {
		return false // 400/800 corporate numbers
	}
	if local[0] < '2' || allSame(local) {
		return false
	}
	if area == 2 {
		return len(local) == 8
	}
	return len(local) == 7 || len(local) == 8
}

// countryCodeLen returns the length of a plausible ITU country code at the start of d, or 0.
func countryCodeLen(d []byte) int {
	if len(d) < 3 {
		return 0
	}
	switch d[0] {
	case '1', '7':
		return 1
	case '0':
		return 0
	}
	two := int(d[0]-'0')*10 + int(d[1]-'0')
	switch two {
	case 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
		51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86,
		90, 91, 92, 93, 94, 95, 98:
		return 2
	case 21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 85, 87, 88:
		return 3
	case 96, 97, 99:
		// Sparse blocks: 960–968, 970–977, 992–996, 998.
		t := d[2]
		if (two == 96 && t <= '8') || (two == 97 && t <= '7') || (two == 99 && (t >= '2' && t <= '6' || t == '8')) {
			return 3
		}
	}
	return 0
}

// ID implements Detector.
func (Phone) ID() string { return "phone_number" }

// Category implements Detector.
func (Phone) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (Phone) Describe() string {
	return "phone number: CN mobile 1xx with an assigned prefix (not 140-144 IoT, 154, 194), optional +86/0086/86; CN landline 0+area code (10, 2x, 3-digit) + 7-8 digit local part starting 2-9, optional extension; international +cc with 7-14 digits; never 400/800 or 95xxx service numbers"
}

// Match implements Detector.
func (Phone) Match(v []byte) bool {
	if t := plainMobile(v); t != nil {
		return cnNational(t, false)
	}
	if allDigits(v) { // nothing to clean, cut or group: parsePhone decides by classifyPhone alone (TestDigitsFastPaths)
		_, _, ok := classifyPhone(v, false)
		return len(v) <= 40 && ok
	}
	return matchPhone(v)
}

// matchPhone is Match for any value.
func matchPhone(v []byte) bool {
	var buf [normBufSize]byte
	_, ok := parsePhone(buf[:], v)
	return ok
}

// MatchHinted implements HintedMatcher: under a phone header, also the domestic forms of Hong
// Kong, Macau (8 digits, optionally 4+4) and Taiwan (09xx-xxx-xxx mobiles, 0x-xxxx-xxxx
// landlines: ten digits from 0, a length no mainland number has).
func (p Phone) MatchHinted(v []byte) bool {
	if p.Match(v) {
		return true
	}
	var buf [normBufSize]byte
	_, _, ok := parseRegionalPhone(buf[:], v)
	return ok
}

// parseRegionalPhone parses the Hong Kong/Macau and Taiwan domestic forms into a country code
// and national number (slices of buf).
func parseRegionalPhone(buf, v []byte) (cc string, nsn []byte, ok bool) {
	b, ok := clean(buf, v, false, 20)
	if !ok || len(b) < 8 {
		return "", nil, false
	}
	d := b[:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case isDigit(c):
			d = append(d, c)
		case c == ' ' || c == '-' || c == '(' || c == ')':
		default:
			return "", nil, false
		}
	}
	switch {
	case len(d) == 8 && d[0] >= '2' && d[0] <= '9' && d[0] != '4' && d[0] != '8' && !allSame(d):
		// Hong Kong (2/3 fixed, 5/6/7/9 mobile) or Macau (28 fixed, 6 mobile): written alike,
		// keyed as +852.
		return "852", d, true
	case len(d) == 10 && d[0] == '0' && d[1] >= '2' && d[1] <= '9' && !allSame(d[2:]):
		return "886", d[1:], true
	}
	return "", nil, false
}

// Hints implements Detector.
func (Phone) Hints() Hints {
	return Hints{
		Words: []string{"手机", "电话", "联系方式", "联系电话", "手机号", "座机", "固话", "phone", "mobile", "tel", "cellphone", "contact", "msisdn", "传真", "fax",
			"mob", "telno", "telephone", "联络电话", "联系电话号码", "shoujihao", "shouji", "dianhua", "lianxidianhua", "sjh", "lxdh", "whatsapp"},
		Exclude: []string{"email", "邮箱", "mail", "型号", "model", "地址", "address", "hotel"},
	}
}

// Normalize implements Identifier: E.164 ("+8613812345678", "+861012345678") followed by "x"
// and the extension when one was given (colleagues behind one switchboard are different persons).
func (Phone) Normalize(dst, v []byte) ([]byte, bool) {
	if t := plainMobile(v); t != nil {
		if !cnNational(t, false) {
			return dst, false
		}
		dst = append(dst, '+', '8', '6')
		return append(dst, t...), true
	}
	var buf [normBufSize]byte
	p, ok := parsePhone(buf[:], v)
	if !ok {
		cc, nsn, ok := parseRegionalPhone(buf[:], v)
		if !ok {
			return dst, false
		}
		dst = append(append(append(dst, '+'), cc...), nsn...)
		return dst, true
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

// Strength implements Identifier: a mobile usually belongs to one person; landlines are shared.
func (Phone) Strength() int { return 70 }

// NeedsDigit implements DigitBound.
func (Phone) NeedsDigit() {}

var _ DigitBound = Phone{}

// MaskHead implements Masker.
func (Phone) MaskHead(k int) int { return keepAllButLast(k) }

var _ Masker = Phone{}

// OnePerPerson implements OnePerPerson: a second column of the type is someone else.
func (Phone) OnePerPerson() {}

var _ OnePerPerson = Phone{}

// MayMatch implements Prefilter: at least 7 digits (classifyPhone).
func (Phone) MayMatch(s Shape) bool { return s.Digits >= 7 }

var _ Prefilter = Phone{}
