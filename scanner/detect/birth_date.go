package detect

// BirthDate recognises birth dates: real dates from 1900 to today written YYYY-MM-DD, YYYY/MM/DD,
// YYYY.MM.DD, YYYYMMDD, YYYY年M月D日 (an all-zero time of day may follow, as database exports
// write it), or DD/MM/YYYY and MM/DD/YYYY when the day is above 12 and so the order is
// unambiguous. Any date column looks like this, so only a birth header makes the type
// (Hints.Required); without it dates are order or event dates.
type BirthDate struct {
	// Today is the last date accepted (see Day); Registry.On sets it to the scan date.
	Today Day
}

var (
	_ Detector   = BirthDate{}
	_ BirthDater = BirthDate{}
)

func init() { register(BirthDate{}) }

// readNum reads 1..max digits at b[i:], returning the value and the index after them.
func readNum(b []byte, i, max int) (n, j int, ok bool) {
	j = i
	for j < len(b) && j-i < max && isDigit(b[j]) {
		n = n*10 + int(b[j]-'0')
		j++
	}
	return n, j, j > i && (j == len(b) || !isDigit(b[j]))
}

// cutTime drops a trailing " 00:00:00", "T00:00:00" (with optional fraction and Z) time part.
func cutTime(b []byte) []byte {
	for i, c := range b {
		if c == ' ' || c == 'T' {
			for _, t := range b[i+1:] {
				if !isDigit(t) && t != ':' && t != '.' && t != 'Z' {
					return b
				}
			}
			return b[:i]
		}
	}
	return b
}

// parseBirth parses the accepted date forms of a cleaned value.
func parseBirth(b []byte, today Day) (y, m, d int, ok bool) {
	b = cutTime(b)
	if len(b) < 8 {
		return 0, 0, 0, false
	}
	if len(b) == 8 && allDigits(b) {
		y, m, d, ok = ymd(b)
	} else if isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2]) && isDigit(b[3]) {
		ok = parseYMD(b, &y, &m, &d)
	} else {
		ok = false
	}
	if !ok {
		if !parseDMY(b, &y, &m, &d) {
			return 0, 0, 0, false
		}
	}
	if !plausibleBirth(y, m, d, today) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// parseYMD reads YYYY<sep>M<sep>D with sep one of - / . or 年 月 日.
func parseYMD(b []byte, y, m, d *int) bool {
	var i int
	var ok bool
	if *y, i, ok = readNum(b, 0, 4); !ok || i != 4 {
		return false
	}
	if i < len(b) && (b[i] == '-' || b[i] == '/' || b[i] == '.') {
		sep := b[i]
		if *m, i, ok = readNum(b, i+1, 2); !ok || i >= len(b) || b[i] != sep {
			return false
		}
		*d, i, ok = readNum(b, i+1, 2)
		return ok && i == len(b)
	}
	// 年 E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5
	if i+3 > len(b) || string(b[i:i+3]) != "年" {
		return false
	}
	if *m, i, ok = readNum(b, i+3, 2); !ok || i+3 > len(b) || string(b[i:i+3]) != "月" {
		return false
	}
	if *d, i, ok = readNum(b, i+3, 2); !ok {
		return false
	}
	return i == len(b) || (i+3 == len(b) && string(b[i:]) == "日") || (i+3 == len(b) && string(b[i:]) == "号")
}

// parseDMY reads A/B/YYYY (or with - or .) when exactly one of A, B is above 12, which fixes the
// order.
func parseDMY(b []byte, y, m, d *int) bool {
	a, i, ok := readNum(b, 0, 2)
	if !ok || i >= len(b) || (b[i] != '/' && b[i] != '-' && b[i] != '.') {
		return false
	}
	sep := b[i]
	c, i, ok := readNum(b, i+1, 2)
	if !ok || i >= len(b) || b[i] != sep {
		return false
	}
	*y, i, ok = readNum(b, i+1, 4)
	if !ok || i != len(b) || *y < 1000 {
		return false
	}
	switch {
	case a > 12 && c >= 1 && c <= 12:
		*d, *m = a, c
	case c > 12 && a >= 1 && a <= 12:
		*m, *d = a, c
	default:
		return false
	}
	return true
}

// ID implements Detector.
func (BirthDate) ID() string { return "birth_date" }

// Category implements Detector.
func (BirthDate) Category() Category { return CategoryPersonal }

// Describe implements Detector.
func (BirthDate) Describe() string {
	return "birth date (header required): real date 1900..today as YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD, YYYY年M月D日 (optional zero time), or DD/MM/YYYY / MM/DD/YYYY only when the day > 12 makes the order unambiguous"
}

// Match implements Detector.
func (bd BirthDate) Match(v []byte) bool {
	_, _, _, ok := bd.BirthDate(v)
	return ok
}

// BirthDate implements BirthDater.
func (bd BirthDate) BirthDate(v []byte) (year, month, day int, ok bool) {
	var buf [normBufSize]byte
	b, ok := clean(buf[:], v, false, 32)
	if !ok {
		return 0, 0, 0, false
	}
	return parseBirth(b, bd.Today)
}

// Hints implements Detector.
func (BirthDate) Hints() Hints {
	return Hints{
		Words:    []string{"出生", "生日", "生辰", "birth", "dob", "birthday", "出生日期", "出生年月", "chushengriqi", "csrq", "shengri", "bday"},
		Exclude:  []string{"地", "place", "country", "城市", "省"},
		Required: true,
	}
}

// NeedsDigit implements DigitBound.
func (BirthDate) NeedsDigit() {}

var _ DigitBound = BirthDate{}

// FallbackKey implements FallbackKeyer.
func (BirthDate) FallbackKey() KeyPart { return KeyPartBirthDate }

var _ FallbackKeyer = BirthDate{}

// On implements Dated.
func (BirthDate) On(day Day) Detector { return BirthDate{Today: day} }
