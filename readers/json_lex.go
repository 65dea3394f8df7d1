package readers

import (
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonLexer splits a JSON text into tokens, streaming: it holds a fixed 64 KiB read buffer and
// the current token's value, which may not grow past the field limit. encoding/json's Decoder is
// not used because it buffers a whole token before returning it — a 1 GB string is held whole —
// and because its errors quote the input.
type jsonLexer struct {
	r        io.Reader
	buf      []byte
	pos, end int
	base     int64 // text offset of buf[0]
	eof      bool
	rerr     error

	// val is the last string token decoded (escapes resolved), or the last number as written.
	val []byte
	// start is the 0-based text offset where the last token began.
	start int64
	// maxValue bounds val: a string or number longer than this is ErrLimit.
	maxValue int
}

type jsonTok uint8

const (
	tokEOF jsonTok = iota
	tokBeginObject
	tokEndObject
	tokBeginArray
	tokEndArray
	tokColon
	tokComma
	tokString
	tokNumber
	tokTrue
	tokFalse
	tokNull
)

var jsonTokNames = [...]string{"end of input", "'{'", "'}'", "'['", "']'", "':'", "','", "a string", "a number", "true", "false", "null"}

func (t jsonTok) String() string { return jsonTokNames[t] }

// scalar reports tokens that are whole values.
func (t jsonTok) scalar() bool { return t >= tokString }

const jsonReadBuffer = 64 << 10

func newJSONLexer(r io.Reader, maxValue int) *jsonLexer {
	return &jsonLexer{r: r, buf: make([]byte, jsonReadBuffer), maxValue: maxValue}
}

// errJSONSyntax marks a malformed JSON text; it wraps ErrCorrupt.
type jsonSyntaxError struct {
	msg string
}

func (e *jsonSyntaxError) Error() string { return "malformed JSON: " + e.msg }
func (e *jsonSyntaxError) Unwrap() error { return ErrCorrupt }

func (lx *jsonLexer) syntax(format string, args ...any) error {
	return &jsonSyntaxError{msg: fmt.Sprintf(format, args...)}
}

// offset is the 0-based text offset of the next unread byte.
func (lx *jsonLexer) offset() int64 { return lx.base + int64(lx.pos) }

// fill reads more input into the buffer, keeping nothing before pos. It reports false at the end
// of input or on a read error (in lx.rerr).
func (lx *jsonLexer) fill() bool {
	if lx.eof || lx.rerr != nil {
		return false
	}
	if lx.pos > 0 {
		n := copy(lx.buf, lx.buf[lx.pos:lx.end])
		lx.base += int64(lx.pos)
		lx.pos, lx.end = 0, n
	}
	for lx.end < len(lx.buf) {
		n, err := lx.r.Read(lx.buf[lx.end:])
		lx.end += n
		if err == io.EOF {
			lx.eof = true
			break
		}
		if err != nil {
			lx.rerr = err
			break
		}
		if n > 0 {
			break
		}
	}
	return lx.pos < lx.end
}

// peek returns the next byte without consuming it; ok is false at the end of input.
func (lx *jsonLexer) peek() (byte, bool) {
	if lx.pos >= lx.end && !lx.fill() {
		return 0, false
	}
	return lx.buf[lx.pos], true
}

// endErr is the error for input that ends where more was required.
func (lx *jsonLexer) endErr(what string) error {
	if lx.rerr != nil {
		return lx.rerr
	}
	return lx.syntax("input ends inside %s (truncated?)", what)
}

// next reads the next token.
func (lx *jsonLexer) next() (jsonTok, error) {
	for {
		if lx.pos >= lx.end && !lx.fill() {
			if lx.rerr != nil {
				return tokEOF, lx.rerr
			}
			lx.start = lx.offset()
			return tokEOF, nil
		}
		c := lx.buf[lx.pos]
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			lx.pos++
			continue
		}
		lx.start = lx.offset()
		switch c {
		case '{':
			lx.pos++
			return tokBeginObject, nil
		case '}':
			lx.pos++
			return tokEndObject, nil
		case '[':
			lx.pos++
			return tokBeginArray, nil
		case ']':
			lx.pos++
			return tokEndArray, nil
		case ':':
			lx.pos++
			return tokColon, nil
		case ',':
			lx.pos++
			return tokComma, nil
		case '"':
			lx.pos++
			return tokString, lx.readString()
		case 't':
			return tokTrue, lx.literal("true")
		case 'f':
			return tokFalse, lx.literal("false")
		case 'n':
			return tokNull, lx.literal("null")
		}
		if c == '-' || (c >= '0' && c <= '9') {
			return tokNumber, lx.readNumber()
		}
		return tokEOF, lx.syntax("unexpected %s", describeByte(c))
	}
}

// describeByte names a byte without quoting text: a printable ASCII punctuation character is
// shown, anything else by its code (a letter or digit could be part of a value).
func describeByte(c byte) string {
	if c > ' ' && c < 0x7F && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') {
		return fmt.Sprintf("character '%c'", c)
	}
	return fmt.Sprintf("byte 0x%02X", c)
}

func (lx *jsonLexer) literal(word string) error {
	for i := 0; i < len(word); i++ {
		c, ok := lx.peek()
		if !ok {
			return lx.endErr("a literal")
		}
		if c != word[i] {
			return lx.syntax("unexpected %s in a literal", describeByte(c))
		}
		lx.pos++
	}
	return nil
}

// readNumber reads a number as written, checking the JSON grammar:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func (lx *jsonLexer) readNumber() error {
	lx.val = lx.val[:0]
	// state: 0 start, 1 after '-', 2 after leading 0, 3 in integer digits, 4 after '.', 5 in
	// fraction digits, 6 after e, 7 after e sign, 8 in exponent digits.
	state := 0
	for {
		c, ok := lx.peek()
		if !ok {
			if lx.rerr != nil {
				return lx.rerr
			}
			break
		}
		next := -1
		switch {
		case c == '-' && state == 0:
			next = 1
		case c == '0' && (state == 0 || state == 1):
			next = 2
		case c >= '1' && c <= '9' && (state == 0 || state == 1):
			next = 3
		case c >= '0' && c <= '9' && state == 3:
			next = 3
		case c == '.' && (state == 2 || state == 3):
			next = 4
		case c >= '0' && c <= '9' && (state == 4 || state == 5):
			next = 5
		case (c == 'e' || c == 'E') && (state == 2 || state == 3 || state == 5):
			next = 6
		case (c == '+' || c == '-') && state == 6:
			next = 7
		case c >= '0' && c <= '9' && (state == 6 || state == 7 || state == 8):
			next = 8
		}
		if next < 0 {
			break
		}
		if len(lx.val) >= lx.maxValue {
			return lx.limitErr()
		}
		lx.val = append(lx.val, c)
		lx.pos++
		state = next
	}
	if state != 2 && state != 3 && state != 5 && state != 8 {
		return lx.syntax("incomplete number")
	}
	return nil
}

func (lx *jsonLexer) limitErr() error {
	return limitError("a JSON string or number is longer than", byteSize(int64(lx.maxValue)), flagMaxFieldBytes)
}

// readString decodes a string after its opening quote into lx.val.
func (lx *jsonLexer) readString() error {
	lx.val = lx.val[:0]
	for {
		if lx.pos >= lx.end && !lx.fill() {
			return lx.endErr("a string")
		}
		// Copy the run up to the next quote, backslash or control character.
		run := lx.buf[lx.pos:lx.end]
		i := 0
		for i < len(run) && run[i] != '"' && run[i] != '\\' && run[i] >= 0x20 {
			i++
		}
		if len(lx.val)+i > lx.maxValue {
			return lx.limitErr()
		}
		lx.val = append(lx.val, run[:i]...)
		lx.pos += i
		if i == len(run) {
			continue
		}
		c := run[i]
		lx.pos++
		switch {
		case c == '"':
			return nil
		case c < 0x20:
			return lx.syntax("control character 0x%02X inside a string", c)
		}
		// An escape.
		e, ok := lx.peek()
		if !ok {
			return lx.endErr("a string")
		}
		lx.pos++
		var r rune
		switch e {
		case '"', '\\', '/':
			r = rune(e)
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'n':
			r = '\n'
		case 'r':
			r = '\r'
		case 't':
			r = '\t'
		case 'u':
			var err error
			if r, err = lx.hex4(); err != nil {
				return err
			}
			if utf16.IsSurrogate(r) {
				r = lx.lowSurrogate(r)
			}
		default:
			return lx.syntax("invalid escape %s", describeByte(e))
		}
		if len(lx.val)+utf8.UTFMax > lx.maxValue {
			return lx.limitErr()
		}
		lx.val = utf8.AppendRune(lx.val, r)
	}
}

func (lx *jsonLexer) hex4() (rune, error) {
	var r rune
	for i := 0; i < 4; i++ {
		c, ok := lx.peek()
		if !ok {
			return 0, lx.endErr("a string")
		}
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, lx.syntax("invalid \\u escape")
		}
		lx.pos++
		r = r<<4 | rune(d)
	}
	return r, nil
}

// lowSurrogate completes a \uD8xx escape with the \uDCxx that should follow; a lone surrogate
// becomes U+FFFD, as encoding/json does.
func (lx *jsonLexer) lowSurrogate(hi rune) rune {
	if hi >= 0xDC00 {
		return utf8.RuneError
	}
	for lx.end-lx.pos < 6 {
		before := lx.end - lx.pos
		if !lx.fill() || lx.end-lx.pos == before {
			break
		}
	}
	if lx.end-lx.pos >= 6 && lx.buf[lx.pos] == '\\' && lx.buf[lx.pos+1] == 'u' {
		save := lx.pos
		lx.pos += 2
		lo, err := lx.hex4()
		if err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
			return utf16.DecodeRune(hi, lo)
		}
		lx.pos = save // not a low surrogate: leave it to be read as its own escape
	}
	return utf8.RuneError
}
