package readers

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlEvents reads a worksheet or shared-strings part as a stream of events (start tag, end tag,
// text, other), the same stream encoding/xml's RawToken gives, at a fraction of its cost: most
// tokens are lexed in place, in the buffer of the bufio.Reader they are read through, as views,
// with no allocation.
//
// The lexer takes only what it can prove encoding/xml would return unchanged: an ASCII name
// (with at most one colon, split as encoding/xml splits it), quoted attributes, text whose bytes
// are valid UTF-8 and allowed XML characters, the five predefined entities and character
// references, all within the buffer. Anything else — the prolog, comments, CDATA sections,
// processing instructions, carriage returns (which encoding/xml rewrites), other entities,
// malformed markup, a token longer than the buffer, the end of the input — is handed to an
// encoding/xml Decoder reading the same bufio.Reader, which then returns the tokens, errors
// included, until its next end tag. The Decoder starts every part (the prolog and its checks are
// its own), and control returns to the lexer only after an end tag, when the Decoder holds no
// look-ahead: after "</x>", or the end half of "<x/>", it has read exactly up to the '>' and
// nothing else. Errors the Decoder reports carry the line it would have counted had it read the
// whole part (the lexer counts the newlines it consumed).
//
// Both read below the same boundedXML, so every bound (text, tag, declarations) is enforced on
// the bytes before either buffers them, as before.
type xmlEvents struct {
	br      *bufio.Reader
	dec     *xml.Decoder
	ahead   *readAhead // nil: the part is read in line
	slow    bool       // the Decoder reads until it returns an end tag
	slowAll bool       // encoding/xml only: the reference the lexer is tested against

	win   []byte // br's buffered bytes, peeked; win[:pos] is consumed but not yet discarded
	pos   int
	lines int // newlines consumed by the lexer, discarded from br

	ev         xmlEvent
	endPending bool   // the lexer read <x/>: the end half comes next
	endName    []byte // its name
	text, vals []byte // decoded text and attribute values that held references

	tokens    int64
	maxTokens int64 // 0: no budget
}

type xmlEventKind uint8

const (
	evOther xmlEventKind = iota // comment, processing instruction, directive
	evStart
	evEnd
	evText
)

// xmlEvent is one token. Its slices are valid until the next call to next.
type xmlEvent struct {
	kind  xmlEventKind
	local []byte    // the element's local name (start and end tags)
	attrs []xmlAttr // start tags
	text  []byte    // text, entities decoded
}

type xmlAttr struct {
	space, local, value []byte
}

// attr returns the value of the first attribute named local, whatever its prefix.
func (e *xmlEvent) attr(local string) []byte {
	for _, a := range e.attrs {
		if string(a.local) == local {
			return a.value
		}
	}
	return nil
}

// xmlEventsBuffer is the size of the bufio.Reader: the longest token the lexer takes.
const xmlEventsBuffer = 64 << 10

func newXMLEvents(r io.Reader, lim Limits) *xmlEvents {
	return newXMLEventsSize(r, lim, xmlEventsBuffer, false)
}

// newXMLEventsSize is newXMLEvents with a buffer of the given size (at least 16 bytes: tests use
// small ones to cross every boundary), reading the part ahead on a goroutine (readAhead) if
// ahead; then close must be called.
func newXMLEventsSize(r io.Reader, lim Limits, size int, ahead bool) *xmlEvents {
	var in io.Reader = newBoundedXML(r, lim.MaxFieldBytes)
	x := &xmlEvents{slow: true}
	if ahead {
		x.ahead = newReadAhead(in)
		in = x.ahead
	}
	x.br = bufio.NewReaderSize(in, size)
	x.dec = xml.NewDecoder(x.br)
	return x
}

// close stops reading ahead, if it does; the part may then be closed.
func (x *xmlEvents) close() {
	if x.ahead != nil {
		x.ahead.stop()
		x.ahead = nil
	}
}

// next returns the next event; io.EOF at the end of the part.
func (x *xmlEvents) next() (*xmlEvent, error) {
	x.tokens++
	if x.maxTokens > 0 && x.tokens > x.maxTokens {
		return nil, limitError("the part holds more than", strconv.FormatInt(x.maxTokens, 10)+"-token",
			"fixed: "+strconv.Itoa(metaTokensPerByte)+" per compressed byte of the part, at least "+strconv.Itoa(metaTokensFloor))
	}
	if x.endPending {
		x.endPending = false
		x.ev.kind, x.ev.local = evEnd, x.endName
		return &x.ev, nil
	}
	if !x.slow {
		if x.lex() {
			return &x.ev, nil
		}
		x.consume()
		x.slow = true
	}
	return x.decode()
}

// consume discards the bytes the lexer has taken from br, counting their newlines.
func (x *xmlEvents) consume() {
	if x.pos > 0 {
		x.lines += bytes.Count(x.win[:x.pos], []byte{'\n'})
		_, _ = x.br.Discard(x.pos)
	}
	x.win, x.pos = nil, 0
}

// lex lexes the next token into x.ev, reading more input as needed; false leaves the token,
// unconsumed, to the Decoder.
func (x *xmlEvents) lex() bool {
	for {
		if x.pos < len(x.win) {
			var n int
			if b := x.win[x.pos:]; b[0] == '<' {
				n = x.lexTag(b)
			} else {
				n = x.lexText(b)
			}
			if n > 0 {
				x.pos += n
				return true
			}
			if n < 0 {
				return false
			}
		}
		if !x.fill() {
			return false
		}
	}
}

// fill discards what was consumed and reads more into the window: twice what it holds of an
// unfinished token, so that a token arriving in tiny reads is lexed again only log(n) times,
// not n. False when the window cannot grow so (a full buffer, the end of the input or an error,
// which the boundedXML below keeps returning, so the Decoder meets it too).
func (x *xmlEvents) fill() bool {
	have := len(x.win) - x.pos
	x.consume()
	if have >= x.br.Size() {
		return false
	}
	if _, err := x.br.Peek(min(max(2*have, 1), x.br.Size())); err != nil {
		return false
	}
	x.win, _ = x.br.Peek(x.br.Buffered())
	return true
}

// decode returns the Decoder's next token as an event (allocating: this is the rare path).
func (x *xmlEvents) decode() (*xmlEvent, error) {
	tok, err := x.dec.RawToken()
	if err != nil {
		var se *xml.SyntaxError
		if x.lines > 0 && errors.As(err, &se) {
			return nil, &xml.SyntaxError{Msg: se.Msg, Line: se.Line + x.lines}
		}
		return nil, err
	}
	ev := &x.ev
	ev.local, ev.attrs, ev.text = nil, ev.attrs[:0], nil
	switch t := tok.(type) {
	case xml.StartElement:
		ev.kind, ev.local = evStart, []byte(t.Name.Local)
		for _, a := range t.Attr {
			ev.attrs = append(ev.attrs, xmlAttr{space: []byte(a.Name.Space), local: []byte(a.Name.Local), value: []byte(a.Value)})
		}
	case xml.EndElement:
		ev.kind, ev.local = evEnd, []byte(t.Name.Local)
		x.slow = x.slowAll // no look-ahead left in the Decoder: the lexer may go on
	case xml.CharData:
		ev.kind, ev.text = evText, t
	default:
		ev.kind = evOther
	}
	return ev, nil
}

// lexText takes the text up to the next '<': its length, 0 if no '<' is in b yet, -1 to leave
// it to the Decoder.
func (x *xmlEvents) lexText(b []byte) int {
	end := bytes.IndexByte(b, '<')
	if end < 0 {
		return 0
	}
	text, ok := decodeXMLText(b[:end], true, &x.text)
	if !ok {
		return -1
	}
	x.ev.kind, x.ev.text = evText, text
	return end
}

// lexTag takes a start or end tag (b[0] == '<'): its length, 0 if it runs past the end of b, -1
// to leave it to the Decoder.
func (x *xmlEvents) lexTag(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	if b[1] == '/' {
		_, local, n := xmlName(b[2:])
		if n <= 0 {
			return n
		}
		i := skipXMLSpace(b, 2+n)
		if i == len(b) {
			return 0
		}
		if b[i] != '>' {
			return -1
		}
		x.ev.kind, x.ev.local = evEnd, local
		return i + 1
	}
	_, local, n := xmlName(b[1:])
	if n <= 0 {
		return n
	}
	x.ev.kind, x.ev.local, x.ev.attrs, x.vals = evStart, local, x.ev.attrs[:0], x.vals[:0]
	for i := 1 + n; ; {
		i = skipXMLSpace(b, i)
		if i == len(b) {
			return 0
		}
		switch b[i] {
		case '>':
			return i + 1
		case '/':
			if i+1 == len(b) {
				return 0
			}
			if b[i+1] != '>' {
				return -1
			}
			x.endPending, x.endName = true, append(x.endName[:0], local...)
			return i + 2
		}
		if i = x.lexAttr(b, i); i <= 0 {
			return i
		}
	}
}

// lexAttr takes the attribute starting at b[i] (name, '=', quoted value, with encoding/xml's
// optional spaces between) and returns the index after it, or 0 / -1 as lexTag does.
func (x *xmlEvents) lexAttr(b []byte, i int) int {
	space, local, n := xmlName(b[i:])
	if n <= 0 {
		return n
	}
	i = skipXMLSpace(b, i+n)
	if i == len(b) {
		return 0
	}
	if b[i] != '=' {
		return -1
	}
	i = skipXMLSpace(b, i+1)
	if i == len(b) {
		return 0
	}
	q := b[i]
	if q != '"' && q != '\'' {
		return -1
	}
	k := bytes.IndexByte(b[i+1:], q)
	if k < 0 {
		return 0
	}
	// A value's decoded form is appended to x.vals; an earlier value of this tag stays valid
	// when x.vals grows (append leaves the old array as it was).
	value, ok := decodeXMLText(b[i+1:i+1+k], false, &x.vals)
	if !ok {
		return -1
	}
	x.ev.attrs = append(x.ev.attrs, xmlAttr{space: space, local: local, value: value})
	return i + 2 + k
}

func skipXMLSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// xmlNameByte marks the bytes encoding/xml reads as part of a name (isNameByte), and
// xmlNameStart those an ASCII name may start with (the ASCII part of its "first" table).
var xmlNameByte, xmlNameStart = func() (inName, start [256]bool) {
	for c := 0; c < 256; c++ {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		start[c] = letter || c == '_' || c == ':'
		inName[c] = start[c] || c >= '0' && c <= '9' || c == '.' || c == '-'
	}
	return
}()

// xmlName reads an ASCII name at the start of b as encoding/xml's nsname does: a prefix and local
// part when it holds one colon with text on both sides, else the whole name as the local part.
// n is its length; 0 when it runs to the end of b; -1 for what the lexer leaves to encoding/xml
// (a non-ASCII name, two colons, no name).
func xmlName(b []byte) (space, local []byte, n int) {
	if len(b) == 0 {
		return nil, nil, 0
	}
	if !xmlNameStart[b[0]] {
		return nil, nil, -1
	}
	colon := -1
	i := 0
	for i < len(b) && xmlNameByte[b[i]] {
		if b[i] == ':' {
			if colon >= 0 {
				return nil, nil, -1
			}
			colon = i
		}
		i++
	}
	switch {
	case i == len(b):
		return nil, nil, 0
	case b[i] >= utf8.RuneSelf:
		return nil, nil, -1
	case colon <= 0 || colon == i-1:
		return nil, b[:i], i
	}
	return b[:colon], b[colon+1 : i], i
}

// xmlPlain marks the bytes that stand for themselves in text and attribute values: printable
// ASCII, tab and newline, but not '&', '<' or ']' (which may start "]]>").
var xmlPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '&' && c != '<' && c != ']'
	}
	t['\t'], t['\n'] = true, true
	return
}()

// decodeXMLText decodes raw text (inText) or an attribute value as encoding/xml would, or reports
// false where encoding/xml might differ or fail: invalid UTF-8, a character XML does not allow, a
// carriage return, "]]>" in text, an entity other than the predefined five and character
// references. Without references the result is raw itself; with them it is appended to *buf.
func decodeXMLText(raw []byte, inText bool, buf *[]byte) ([]byte, bool) {
	i := 0
	for i < len(raw) && xmlPlain[raw[i]] {
		i++
	}
	if i == len(raw) {
		return raw, true
	}
	start, from := len(*buf), 0
	for i < len(raw) {
		c := raw[i]
		switch {
		case xmlPlain[c]:
			i++
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
				return nil, false
			}
			i += size
		case c == ']':
			if inText && i+2 < len(raw) && raw[i+1] == ']' && raw[i+2] == '>' {
				return nil, false
			}
			i++
		case c == '&':
			r, n := xmlReference(raw[i:])
			if n == 0 {
				return nil, false
			}
			*buf = utf8.AppendRune(append(*buf, raw[from:i]...), r)
			i += n
			from = i
		default: // control characters, '\r', '<' in a value
			return nil, false
		}
	}
	if from == 0 {
		return raw, true
	}
	*buf = append(*buf, raw[from:]...)
	return (*buf)[start:], true
}

// xmlReference decodes the entity or character reference at the start of b (b[0] == '&') as
// encoding/xml does, returning the rune and the reference's length, or n = 0 for one it leaves to
// encoding/xml.
func xmlReference(b []byte) (r rune, n int) {
	for _, e := range [...]struct {
		ref string
		r   rune
	}{{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&apos;", '\''}, {"&quot;", '"'}} {
		if bytes.HasPrefix(b, []byte(e.ref)) {
			return e.r, len(e.ref)
		}
	}
	if len(b) < 3 || b[1] != '#' {
		return 0, 0
	}
	i, base := 2, 10
	if b[2] == 'x' {
		i, base = 3, 16
	}
	digits := i
	for i < len(b) && (b[i] >= '0' && b[i] <= '9' || base == 16 && (b[i]|0x20 >= 'a' && b[i]|0x20 <= 'f')) {
		i++
	}
	if i == len(b) || b[i] != ';' || i == digits || i-digits > 8 {
		return 0, 0
	}
	v := 0 // at most 8 digits: no overflow
	for _, c := range b[digits:i] {
		d := int(c - '0')
		if c > '9' {
			d = int(c|0x20-'a') + 10
		}
		v = v*base + d
	}
	if v > utf8.MaxRune {
		return 0, 0
	}
	r = rune(v)
	if r >= 0xD800 && r <= 0xDFFF {
		r = utf8.RuneError // string(rune(n)) of a surrogate, as encoding/xml decodes it
	}
	if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000) {
		return 0, 0
	}
	return r, i + 1
}
