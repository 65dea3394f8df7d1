package detect

import "bytes"

// Extractor finds identifiers inside a longer value: a remark, a note, a processing log. It calls
// emit once for every identifier found, with the type id and the same normal form the type's
// Identifier.Normalize returns for that identifier alone, so one person written in an ID column
// and in a remark gets one key. norm is only valid during the call; emit must copy it to keep it.
// Implementations are stateless and safe for concurrent use.
type Extractor interface {
	Extract(v []byte, emit func(typeID string, norm []byte))
}

// EmbeddedPI is the Extractor for free-text cells. It accepts only values that validate on their
// own and stand apart from other digits and letters:
//   - resident ID numbers with region, birth date and check character (15-digit legacy numbers
//     only after 身份证/证件), and the 18-digit residence permits and permanent residence IDs;
//   - mobiles with an assigned prefix, optionally +86/0086 and written in groups (138 1234 5678);
//   - e-mail addresses;
//   - card numbers of 16–19 digits that pass Luhn and either carry the UnionPay BIN 62 or follow
//     a card word (卡, 银行, 账号, card, visa…);
//   - passports and permits (E12345678, C12345678…) when the value names the document.
//
// Numbers right after an order, waybill or serial-number word (订单号, 运单, order no.) are
// skipped. Cells without '@' and with fewer than 8 ASCII digits (after folding) are skipped
// before any other work, so text without numbers costs one byte loop.
type EmbeddedPI struct {
	// Today bounds the birth dates of the ID numbers found (see Day).
	Today Day
}

var _ Extractor = EmbeddedPI{}

// EmbeddedTypes are the type ids EmbeddedPI may emit.
var EmbeddedTypes = []string{"cn_resident_id", "travel_permit", "phone_number", "email", "bank_card", "passport_number"}

// maxEmbeddedCell bounds the bytes of one cell that are scanned.
const maxEmbeddedCell = 64 << 10

// MayEmbed is the cheap pre-filter of Extract: v holds '@' or at least 8 ASCII or full-width
// digits.
func MayEmbed(v []byte) bool {
	digits := 0
	for i, c := range v {
		switch {
		case c-'0' <= 9:
			digits++
		case c == '@':
			return true
		case c == 0xEF && i+2 < len(v) && v[i+1] == 0xBC && (v[i+2] >= 0x90 && v[i+2] <= 0x99 || v[i+2] == 0xA0):
			digits++ // full-width digit or ＠
		}
		if digits >= 8 {
			return true
		}
	}
	return false
}

// Extract implements Extractor.
func (e EmbeddedPI) Extract(v []byte, emit func(typeID string, norm []byte)) {
	e.ExtractInto(v, nil, emit)
}

// ExtractInto is Extract writing the normal forms it emits into nb (emit must copy what it
// keeps) and returning the buffer it used, for a caller that extracts from every row and keeps
// one: Extract's own buffer goes to the heap at every call. A nil or small nb is replaced, only
// for a value MayEmbed lets through.
func (e EmbeddedPI) ExtractInto(v, nb []byte, emit func(typeID string, norm []byte)) []byte {
	if v = embeddedCell(v); MayEmbed(v) {
		if cap(nb) < normBufSize {
			nb = make([]byte, 0, normBufSize)
		}
		e.extract(v, nb[:0], emit)
	}
	return nb
}

// embeddedCell is the part of v Extract scans.
func embeddedCell(v []byte) []byte { return v[:min(len(v), maxEmbeddedCell)] }

// extract is Extract on an embeddedCell for which MayEmbed holds, writing the normal forms it
// emits into nb (normBufSize bytes of capacity), which a caller that extracts from many values
// keeps: a buffer of Extract's own goes to the heap at every call, since emit is free to keep
// what it is given.
func (e EmbeddedPI) extract(v, nb []byte, emit func(typeID string, norm []byte)) {
	if len(v) <= 19 && allDigits(v) {
		// A bare number (an order number, a long code): extractNumbers would find one token, the
		// whole value, with no word before it and no context words in the cell, and validate it
		// as it is. Doing just that skips the scans for folding, e-mails and context.
		if typ, norm, ok := validateNumber(v, false, false, &cellContext{v: v, today: e.Today, done: true}, nb[:0]); ok {
			emit(typ, norm)
		}
		return
	}
	if needsIdentifierFold(v) {
		v = appendCleanRunes(make([]byte, 0, len(v)), v)
	}
	ctx := &cellContext{v: v, today: e.Today}
	if bytes.IndexByte(v, '@') >= 0 {
		extractEmails(v, nb[:0], emit)
	}
	extractNumbers(v, ctx, nb[:0], emit)
	extractDocuments(v, ctx, nb[:0], emit)
}

// cellContext finds the context words of a cell the first time one is asked about: most cells
// never need them.
type cellContext struct {
	v     []byte
	today Day // bounds birth dates
	done  bool
	flags int
}

func (c *cellContext) has(flag int) bool {
	if !c.done {
		c.flags, c.done = embedContext(c.v), true
	}
	return c.flags&flag != 0
}

// Context flags: words present anywhere in the cell.
const (
	ctxCard     = 1 << iota // a card or bank-account word
	ctxID                   // 身份证, 证件
	ctxDocument             // a passport or permit word
)

var (
	cardWords     = [][]byte{[]byte("卡"), []byte("银行"), []byte("账号"), []byte("帐号"), []byte("账户"), []byte("尾号"), []byte("card"), []byte("Card"), []byte("CARD"), []byte("visa"), []byte("VISA"), []byte("Visa"), []byte("bank"), []byte("Bank")}
	idWords       = [][]byte{[]byte("身份证"), []byte("身分證"), []byte("证件"), []byte("證件"), []byte("ID")}
	documentWords = [][]byte{[]byte("护照"), []byte("護照"), []byte("通行证"), []byte("通行證"), []byte("回乡证"), []byte("台胞证"), []byte("居留"), []byte("证件"), []byte("證件"), []byte("passport"), []byte("Passport"), []byte("PASSPORT"), []byte("permit"), []byte("Permit")}
	// orderWords right before a number make it a trade number, not a person's.
	orderWords = [][]byte{[]byte("订单"), []byte("单号"), []byte("运单"), []byte("快递"), []byte("编号"), []byte("流水"), []byte("工单"), []byte("批次"), []byte("交易号"),
		[]byte("order"), []byte("Order"), []byte("ORDER"), []byte("No."), []byte("no."), []byte("NO."), []byte("#"), []byte("SKU"), []byte("sku")}
)

// needsIdentifierFold reports whether v holds a character that can hide inside an identifier: a
// full-width digit, letter or @, a zero-width character or a no-break space. Full-width
// punctuation (，：) is common in Chinese text and needs no fold: it is a separator either way.
func needsIdentifierFold(v []byte) bool {
	for i := 0; i+1 < len(v); i++ {
		switch v[i] {
		case 0xEF:
			if i+2 < len(v) {
				b1, b2 := v[i+1], v[i+2]
				if (b1 == 0xBC && (b2 >= 0x90 && b2 <= 0xA0 || b2 >= 0xA1 && b2 <= 0xBA)) || (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A) || (b1 == 0xBB && b2 == 0xBF) {
					return true
				}
			}
		case 0xE2:
			if i+2 < len(v) && v[i+1] == 0x80 && v[i+2] >= 0x8B && v[i+2] <= 0x8D || i+2 < len(v) && v[i+1] == 0x81 && v[i+2] == 0xA0 {
				return true
			}
		case 0xC2:
			if v[i+1] == 0xA0 || v[i+1] == 0xAD {
				return true
			}
		}
	}
	return false
}

func embedContext(v []byte) int {
	ctx := 0
	if !hasWordBytes(v) {
		return 0 // every context word has a letter or a character outside ASCII
	}
	for _, w := range cardWords {
		if bytes.Contains(v, w) {
			ctx |= ctxCard
			break
		}
	}
	for _, w := range idWords {
		if bytes.Contains(v, w) {
			ctx |= ctxID
			break
		}
	}
	for _, w := range documentWords {
		if bytes.Contains(v, w) {
			ctx |= ctxDocument
			break
		}
	}
	return ctx
}

func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) }

// hasWordBytes reports whether v holds an ASCII letter or a byte outside ASCII: a number, a
// date or an amount holds none, so no word can be in it.
func hasWordBytes(v []byte) bool {
	for _, c := range v {
		if c >= 0x80 || isLetter(c) {
			return true
		}
	}
	return false
}

// afterOrderWord reports whether an order or serial-number word ends within a few bytes before
// position i of v (only separators between).
func afterOrderWord(v []byte, i int) bool {
	j := i
	for j > 0 && j > i-4 && (v[j-1] == ' ' || v[j-1] == ':' || v[j-1] == '=') {
		j--
	}
	if j >= 3 && string(v[j-3:j]) == "：" {
		j -= 3
	}
	if j >= 3 && string(v[j-3:j]) == "为" || j >= 3 && string(v[j-3:j]) == "是" {
		j -= 3
	}
	if j == 0 || (v[j-1] < 0x80 && !isLetter(v[j-1]) && v[j-1] != '.' && v[j-1] != '#') {
		return false // every order word ends in a letter, '.', '#' or a character outside ASCII
	}
	return orderWordEndsAt(v, j)
}

// orderWordEndsAt reports whether an order word, or one followed by 号 or 码 (订单号, 运单号),
// ends at position j of v.
func orderWordEndsAt(v []byte, j int) bool {
	numbered := j >= 3 && (string(v[j-3:j]) == "号" || string(v[j-3:j]) == "码")
	for _, w := range orderWords {
		if endsWith(v[:j], w) || numbered && endsWith(v[:j-3], w) {
			return true
		}
	}
	return false
}

// endsWith is bytes.HasSuffix comparing the last byte first, which tells most words apart.
func endsWith(v, w []byte) bool {
	return len(v) >= len(w) && v[len(v)-1] == w[len(w)-1] && string(v[len(v)-len(w):]) == string(w)
}

// numGroup is one run of digits of a number token.
type numGroup struct{ start, end int }

// extractNumbers finds digit tokens (runs of digits, possibly in groups separated by one space or
// hyphen, standing apart from other letters and digits) and validates each.
func extractNumbers(v []byte, ctx *cellContext, nb []byte, emit func(string, []byte)) {
	var groups [8]numGroup
	for i := 0; i < len(v); {
		if !isDigit(v[i]) || (i > 0 && isAlnum(v[i-1])) {
			i++
			continue
		}
		// Collect the groups of this token.
		n := 0
		j := i
		for n < len(groups) {
			k := j
			for k < len(v) && isDigit(v[k]) {
				k++
			}
			groups[n] = numGroup{j, k}
			n++
			if k+1 < len(v) && (v[k] == ' ' || v[k] == '-') && isDigit(v[k+1]) {
				j = k + 1
				continue
			}
			j = k
			break
		}
		end := groups[n-1].end
		// A resident ID's check character X right after the digits.
		tailX := end < len(v) && (v[end] == 'X' || v[end] == 'x') && (end+1 == len(v) || !isAlnum(v[end+1]))
		if end < len(v) && isLetter(v[end]) && !tailX {
			i = end + 1 // letters glued to the number: a code, not an identifier
			continue
		}
		if digitCount(groups[:n]) >= minEmbeddedDigits {
			matchGroups(v, groups[:n], tailX, afterOrderWord(v, i), ctx, nb, emit)
		}
		i = end
		if tailX {
			i++
		}
	}
}

// minEmbeddedDigits is the fewest digits validateNumber accepts (a mobile's 11): a token with
// fewer (a house number, a date, a time) is not looked at.
const minEmbeddedDigits = 11

func digitCount(groups []numGroup) int {
	n := 0
	for _, g := range groups {
		n += g.end - g.start
	}
	return n
}

// matchGroups tries, from each group on, the longest join of consecutive groups that validates.
func matchGroups(v []byte, groups []numGroup, tailX, orderish bool, ctx *cellContext, nb []byte, emit func(string, []byte)) {
	var d [24]byte
	for s := 0; s < len(groups); {
		best, bestLen, bestType := -1, 0, ""
		var bestNorm []byte
		L := 0
		for e := s; e < len(groups); e++ {
			g := groups[e]
			if L+g.end-g.start > 19 {
				break
			}
			L += copy(d[L:], v[g.start:g.end])
			x := e == len(groups)-1 && tailX
			if typ, norm, ok := validateNumber(d[:L], x, orderish, ctx, nb); ok {
				best, bestLen, bestType, bestNorm = e, L, typ, norm
			}
		}
		if best < 0 {
			s++
			continue
		}
		_ = bestLen
		emit(bestType, bestNorm)
		s = best + 1
	}
}

// validateNumber decides what the digits d (with a trailing X when x) are, if anything.
func validateNumber(d []byte, x, orderish bool, ctx *cellContext, nb []byte) (string, []byte, bool) {
	var id [18]byte
	switch n := len(d); {
	case n == 17 && x, n == 18 && !x:
		copy(id[:], d)
		if x {
			id[17] = 'X'
		}
		if _, _, _, ok := idBirth(id[:], ctx.today); ok {
			return "cn_resident_id", append(nb[:0], id[:]...), true
		}
		if _, _, _, ok := permitBirth(id[:], ctx.today); ok {
			return "travel_permit", append(nb[:0], id[:]...), true
		}
	case x:
	case n == 15 && ctx.has(ctxID):
		if _, _, _, ok := idBirth(d, ctx.today); ok {
			return "cn_resident_id", appendUpgradedID(nb[:0], d), true
		}
	case orderish:
	case n == 11 && d[0] == '1':
		if cnNational(d, false) {
			return "phone_number", append(append(nb[:0], '+', '8', '6'), d...), true
		}
	case n == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1':
		if cnNational(d[2:], false) {
			return "phone_number", append(append(nb[:0], '+'), d...), true
		}
	case n == 15 && d[0] == '0' && d[1] == '0' && d[2] == '8' && d[3] == '6' && d[4] == '1':
		if cnNational(d[4:], false) {
			return "phone_number", append(append(nb[:0], '+'), d[2:]...), true
		}
	}
	if !x && !orderish && len(d) >= 16 && len(d) <= 19 &&
		((d[0] == '6' && d[1] == '2' && validCard(d)) || (d[0] >= '3' && d[0] <= '6' && validCard(d) && ctx.has(ctxCard))) {
		return "bank_card", append(nb[:0], d...), true
	}
	return "", nil, false
}

// extractEmails validates the address around every '@'.
func extractEmails(v, nb []byte, emit func(string, []byte)) {
	for i := 0; i < len(v); i++ {
		if v[i] != '@' {
			continue
		}
		lo := i
		for lo > 0 && isEmailLocalByte(v[lo-1]) && i-lo < 64 {
			lo--
		}
		for lo < i && v[lo] == '.' {
			lo++
		}
		hi := i + 1
		for hi < len(v) && (isAlnum(v[hi]) || v[hi] == '.' || v[hi] == '-') && hi-i < 255 {
			hi++
		}
		for hi > i+1 && (v[hi-1] == '.' || v[hi-1] == '-') {
			hi--
		}
		if lo == i || hi == i+1 || hi-lo > emailMax {
			continue
		}
		if validEmail(v[lo:hi]) {
			out := nb[:0]
			for _, c := range v[lo:hi] {
				out = append(out, lower(c))
			}
			emit("email", out)
		}
		i = hi - 1
	}
}

func isEmailLocalByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// extractDocuments finds letter-led passport and permit numbers (one or two capitals followed by
// 7–10 digits, standing apart) in a value that names such a document. The context words are
// looked for only once such a token is there: most values hold none.
func extractDocuments(v []byte, ctx *cellContext, nb []byte, emit func(string, []byte)) {
	for i := 0; i < len(v); i++ {
		if !isLetter(v[i]) || (i > 0 && isAlnum(v[i-1])) {
			continue
		}
		j := i
		for j < len(v) && j-i < 2 && isLetter(v[j]) {
			j++
		}
		k := j
		for k < len(v) && isDigit(v[k]) {
			k++
		}
		if k-j < 7 || k-j > 10 || (k < len(v) && isAlnum(v[k])) {
			i = k
			continue
		}
		if !ctx.has(ctxDocument) {
			return
		}
		var t [12]byte
		n := copy(t[:], v[i:k])
		upperInPlace(t[:n])
		switch {
		case prcPassport(t[:n]):
			emit("passport_number", append(nb[:0], t[:n]...))
		case permitShape(t[:n], ctx.today):
			emit("travel_permit", append(nb[:0], t[:n]...))
		}
		i = k
	}
}
