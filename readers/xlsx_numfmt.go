package readers

import (
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// numFmtKind is what a cell style's number format makes of a numeric value.
type numFmtKind uint8

const (
	fmtPlain    numFmtKind = iota // the number itself (General, 0, #,##0, @, percent…)
	fmtDecimals                   // fixed decimals, e.g. 0.00
	fmtDate                       // YYYY-MM-DD
	fmtTime                       // HH:MM:SS
	fmtDateTime                   // YYYY-MM-DDTHH:MM:SS
)

// numFmtClass is the rendering class of one cellXfs entry: two bytes, since a workbook may list
// millions of cell formats (each is bounded, see readStyles).
type numFmtClass struct {
	kind     numFmtKind
	decimals uint8
}

// maxDecimals is the most decimal places a format shows (Excel's own limit is 30).
const maxDecimals = 30

// builtinNumFmt classifies the built-in number format ids (ECMA-376 part 1, 18.8.30, plus the
// East Asian ids 27–36 and 50–58 that Excel shows as dates and times in zh-CN).
func builtinNumFmt(id int) numFmtClass {
	switch {
	case id == 2 || id == 4 || id == 11 || id == 40 || id == 39 || id == 8 || id == 7:
		return numFmtClass{kind: fmtDecimals, decimals: 2}
	case id == 10: // 0.00%: kept as the stored fraction
		return numFmtClass{}
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 54, id == 57, id == 58:
		return numFmtClass{kind: fmtDate}
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47, id == 55, id == 56:
		return numFmtClass{kind: fmtTime}
	case id == 22:
		return numFmtClass{kind: fmtDateTime}
	}
	return numFmtClass{}
}

// classifyNumFmtCode classifies a custom format code by its first section: date and time tokens
// outside quotes, escapes and brackets make it a date/time; otherwise digits after the decimal
// point make it fixed-decimal, unless it is a percentage or scientific format.
func classifyNumFmtCode(code string) numFmtClass {
	if strings.EqualFold(strings.TrimSpace(code), "general") || code == "" {
		return numFmtClass{}
	}
	var b strings.Builder
	elapsed := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch c {
		case ';':
			i = len(code)
			continue
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				i = len(code)
			} else {
				i += j + 1
			}
			continue
		case '\\', '_', '*':
			i++
			continue
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			inner := ""
			if j >= 0 {
				inner = strings.ToLower(code[i+1 : i+1+j])
				i += j + 1
			} else {
				i = len(code)
			}
			if inner != "" && strings.Trim(inner, "hms") == "" {
				elapsed = true
			}
			continue
		}
		b.WriteByte(c)
	}
	s := strings.ToLower(b.String())
	s = strings.ReplaceAll(s, "am/pm", "")
	s = strings.ReplaceAll(s, "a/p", "")
	hasDate := strings.ContainsAny(s, "yde") && !strings.ContainsAny(s, "0#?") // "e" is the era year
	hasTime := strings.ContainsAny(s, "hs") || elapsed
	if strings.ContainsRune(s, 'm') && !hasDate && !hasTime {
		hasDate = true // a lone m is a month
	}
	switch {
	case hasDate && hasTime:
		return numFmtClass{kind: fmtDateTime}
	case hasDate:
		return numFmtClass{kind: fmtDate}
	case hasTime:
		return numFmtClass{kind: fmtTime}
	}
	if strings.ContainsAny(s, "%e") {
		return numFmtClass{}
	}
	if dot := strings.IndexByte(s, '.'); dot >= 0 {
		n := 0
		for _, c := range s[dot+1:] {
			if c == '0' || c == '#' || c == '?' {
				n++
			} else if c != ',' {
				break
			}
		}
		if n > 0 {
			return numFmtClass{kind: fmtDecimals, decimals: uint8(min(n, maxDecimals))}
		}
	}
	return numFmtClass{}
}

// readStyles streams the styles part and returns the rendering class of every cellXfs index. Only
// the top-level numFmts (custom format codes, classified as they come: a code is never kept) and
// cellXfs are read; cellStyleXfs and dxfs, which hold elements of the same names, are skipped.
// Cell formats are bounded by the part's compressed size (itemLimit), like every other item.
func (x *xlsxFile) readStyles(name string) ([]numFmtClass, error) {
	d, rc, err := x.metaPart(name)
	if err != nil || d == nil {
		return nil, err
	}
	defer rc.Close()
	zf := x.parts[strings.ToLower(name)]
	maxItems := itemLimit(zf.CompressedSize64)
	custom := map[int]numFmtClass{}
	var xfNumFmt []int32 // numFmtId per cellXfs entry, -1 when absent
	depth, section := 0, ""
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, x.metaErr("styles", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 2:
				section = el.Name.Local
			case depth == 3 && section == "numFmts" && el.Name.Local == "numFmt":
				if int64(len(custom)) >= maxItems {
					return nil, &Error{Path: x.src.Path, Err: itemLimitError("the styles part lists", maxItems)}
				}
				id, err := strconv.Atoi(attr(el, "numFmtId"))
				if err != nil {
					continue
				}
				code := attr(el, "formatCode")
				if c16 := attr(el, "formatCode16"); c16 != "" {
					code = c16
				}
				custom[id] = classifyNumFmtCode(code)
			case depth == 3 && section == "cellXfs" && el.Name.Local == "xf":
				if int64(len(xfNumFmt)) >= maxItems {
					return nil, &Error{Path: x.src.Path, Err: itemLimitError("the styles part lists", maxItems)}
				}
				id := int32(-1)
				if v, err := strconv.ParseInt(attr(el, "numFmtId"), 10, 32); err == nil && v >= 0 {
					id = int32(v)
				}
				xfNumFmt = append(xfNumFmt, id)
			}
		case xml.EndElement:
			if depth == 2 {
				section = ""
			}
			depth--
		}
	}
	out := make([]numFmtClass, len(xfNumFmt))
	for i, id := range xfNumFmt {
		if id < 0 {
			continue
		}
		if c, ok := custom[int(id)]; ok {
			out[i] = c
		} else {
			out[i] = builtinNumFmt(int(id))
		}
	}
	return out, nil
}

// appendNumber renders a numeric cell's stored text v the way a person reads it, without exponent.
// It reports precisionLost when the value carries more than 15 significant integer digits: a
// spreadsheet has already rounded such a number (an 18-digit ID typed as a number).
func appendNumber(dst []byte, v []byte, class numFmtClass, date1904 bool) (out []byte, precisionLost, ok bool) {
	if digits, isInt := plainInteger(v); isInt && class.kind != fmtDecimals && class.kind < fmtDate {
		// Already exactly what is stored: keep every digit, drop a '+' and leading zeros.
		if digits >= 16 {
			precisionLost = true
		}
		return appendCanonicalInt(dst, v), precisionLost, true
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, false, false
	}
	switch class.kind {
	case fmtDate, fmtTime, fmtDateTime:
		if f >= 0 && f < 2958466 { // up to 9999-12-31
			if t, err := excelize.ExcelDateToTime(f, date1904); err == nil {
				t = t.Round(time.Second)
				switch class.kind {
				case fmtDate:
					return t.AppendFormat(dst, "2006-01-02"), false, true
				case fmtTime:
					if f >= 1 {
						return t.AppendFormat(dst, "2006-01-02T15:04:05"), false, true
					}
					return t.AppendFormat(dst, "15:04:05"), false, true
				default:
					return t.AppendFormat(dst, "2006-01-02T15:04:05"), false, true
				}
			}
		}
	case fmtDecimals:
		return appendRoundedDecimal(dst, strconv.FormatFloat(f, 'f', -1, 64), int(class.decimals)), false, true
	}
	if f == math.Trunc(f) && math.Abs(f) >= 1e15 {
		precisionLost = true
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64), precisionLost, true
}

// plainInteger reports whether v is an optionally signed run of decimal digits, and how many
// significant digits it has.
func plainInteger(v []byte) (sig int, ok bool) {
	i := 0
	if len(v) > 0 && (v[0] == '-' || v[0] == '+') {
		i = 1
	}
	if i == len(v) {
		return 0, false
	}
	lead := true
	for ; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if lead && c == '0' {
			continue
		}
		lead = false
		sig++
	}
	return sig, true
}

func appendCanonicalInt(dst, v []byte) []byte {
	neg := false
	if v[0] == '-' || v[0] == '+' {
		neg = v[0] == '-'
		v = v[1:]
	}
	for len(v) > 1 && v[0] == '0' {
		v = v[1:]
	}
	if neg && !(len(v) == 1 && v[0] == '0') {
		dst = append(dst, '-')
	}
	return append(dst, v...)
}

// appendRoundedDecimal rounds the plain decimal text s (no exponent) to n places, half away from
// zero as spreadsheets display it, working on the digits so 0.125 shows as 0.13.
func appendRoundedDecimal(dst []byte, s string, n int) []byte {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	digits := []byte(intPart + frac)
	for len(frac) < n {
		frac += "0"
		digits = append(digits, '0')
	}
	keep := len(intPart) + n
	if len(digits) > keep && digits[keep] >= '5' {
		digits = digits[:keep]
		i := keep - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
			keep++
		}
	} else {
		digits = digits[:keep]
	}
	ip := digits[:keep-n]
	zero := true
	for _, c := range digits {
		if c != '0' {
			zero = false
			break
		}
	}
	if neg && !zero {
		dst = append(dst, '-')
	}
	dst = append(dst, ip...)
	if n > 0 {
		dst = append(dst, '.')
		dst = append(dst, digits[keep-n:]...)
	}
	return dst
}
