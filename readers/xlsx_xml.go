package readers

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
)

// encoding/xml buffers each token whole before returning it: a 2 GB run of text between two tags
// is one CharData, a tag with millions of attributes one StartElement. A limit checked on the
// token comes too late. boundedXML sits between the inflated part and the decoder and follows the
// same lexical structure (text, tags with quoted attribute values, comments, CDATA, processing
// instructions), failing with ErrLimit as soon as one token grows past its bound, before the
// decoder has buffered it:
//   - text, CDATA and comments: at most Limits.MaxFieldBytes bytes (--max-field-bytes);
//   - tags and processing instructions: at most xmlTagLimit bytes (fixed), which also bounds the
//     attributes of one element;
//   - DOCTYPE and other <!…> declarations are refused (no xlsx part has one; they are where
//     entity tricks live).
//
// An optional token budget (maxTokens > 0) bounds the number of tokens of a part whose items are
// not otherwise counted (metadata parts), so that a small compressed part cannot keep the parser
// busy for minutes.

// xmlTagLimit bounds one tag, attributes included. Real tags are well under 1 KiB.
const xmlTagLimit = 64 << 10

type xmlLexState uint8

const (
	lexText      xmlLexState = iota
	lexOpen                  // just read '<'
	lexBang                  // read "<!"
	lexBangDash              // read "<!-"
	lexBangCDATA             // inside "<![CDATA[" prefix
	lexTag                   // inside a start or end tag
	lexQuote                 // inside a quoted attribute value
	lexComment               // inside <!-- -->
	lexCDATA                 // inside <![CDATA[ ]]>
	lexPI                    // inside <? ?>
)

type boundedXML struct {
	r       io.Reader
	state   xmlLexState
	quote   byte
	n       int64 // bytes of the current token
	tail    int   // matched characters of the current terminator ("-->", "]]>", "?>") or "[CDATA["
	maxText int64
	maxTag  int64
	err     error
}

func newBoundedXML(r io.Reader, maxText int) *boundedXML {
	return &boundedXML{r: r, maxText: int64(maxText), maxTag: min(int64(maxText), xmlTagLimit)}
}

// Read passes the input on, and after an error (the input's or its own) returns only that error.
// When a token goes past its bound, the bytes of the tokens before it
// (and the '<' that opens it) are still passed, so the decoder returns everything before the
// refusal; the error comes with the next Read.
func (b *boundedXML) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	if ok, cerr := b.scan(p[:n]); cerr != nil {
		b.err = cerr
		if ok > 0 {
			return ok, nil
		}
		return 0, cerr
	}
	b.err = err // kept: a bufio.Reader hands an error on once, and xmlEvents may peek it first
	return n, err
}

const cdataOpen = "[CDATA["

// scan advances the lexer over p and reports the first token over its bound, with how many
// bytes of p come before that token (its opening '<' included).
func (b *boundedXML) scan(p []byte) (ok int, err error) {
	fail := func(err error) (int, error) { return ok, err }
	for i := 0; i < len(p); {
		switch b.state {
		case lexText:
			k := bytes.IndexByte(p[i:], '<')
			if k < 0 {
				b.n += int64(len(p) - i)
				i = len(p)
				break
			}
			b.n += int64(k)
			i += k + 1
			if b.n > b.maxText {
				break
			}
			b.state, b.n, ok = lexOpen, 1, i
		case lexOpen:
			switch p[i] {
			case '!':
				b.state = lexBang
			case '?':
				b.state = lexPI
				b.tail = 0
			default:
				b.state = lexTag
				continue // let lexTag see this byte (it may be '>' or a quote)
			}
			b.n++
			i++
		case lexBang, lexBangDash, lexBangCDATA:
			if err := b.declByte(p[i]); err != nil {
				return fail(err)
			}
			i++
		case lexTag:
			k := indexTagStop(p[i:])
			if k < 0 {
				b.n += int64(len(p) - i)
				i = len(p)
				break
			}
			b.n += int64(k) + 1
			c := p[i+k]
			i += k + 1
			if c == '>' {
				if b.n > b.maxTag {
					break
				}
				b.state, b.n, ok = lexText, 0, i
			} else {
				b.state, b.quote = lexQuote, c
			}
		case lexQuote:
			k := bytes.IndexByte(p[i:], b.quote)
			if k < 0 {
				b.n += int64(len(p) - i)
				i = len(p)
				break
			}
			b.n += int64(k) + 1
			i += k + 1
			b.state = lexTag
		case lexComment, lexCDATA, lexPI:
			i++
			if b.skippedByte(p[i-1]) {
				b.state, b.n, b.tail, ok = lexText, 0, 0, i
			}
		}
		if err := b.check(); err != nil {
			return fail(err)
		}
	}
	if err := b.check(); err != nil {
		return fail(err)
	}
	return len(p), nil
}

// tagStop marks the bytes that end a stretch of a tag: a quote or '>'.
var tagStop = func() (t [256]bool) {
	t['"'], t['\''], t['>'] = true, true, true
	return
}()

// indexTagStop is bytes.IndexAny(p, `"'>`) without building the set on every call: tags are
// short, and a sheet is mostly tags.
func indexTagStop(p []byte) int {
	for i, c := range p {
		if tagStop[c] {
			return i
		}
	}
	return -1
}

// declByte takes byte c of a markup declaration's start (<!-- or <![CDATA[), refusing any other
// declaration: a DOCTYPE has no place in an OOXML or ODF part.
func (b *boundedXML) declByte(c byte) error {
	switch b.state {
	case lexBang:
		switch c {
		case '-':
			b.state = lexBangDash
		case '[':
			b.state, b.tail = lexBangCDATA, 1
		default:
			return fmt.Errorf("%w: an XML declaration (<!%c…) where none belongs", ErrCorrupt, printable(c))
		}
	case lexBangDash:
		if c != '-' {
			return fmt.Errorf("%w: a malformed XML comment", ErrCorrupt)
		}
		b.state, b.tail = lexComment, 0
	case lexBangCDATA:
		if c != cdataOpen[b.tail] {
			return fmt.Errorf("%w: an XML declaration (<![…) where none belongs", ErrCorrupt)
		}
		b.tail++
		if b.tail == len(cdataOpen) {
			b.state, b.tail = lexCDATA, 0
		}
	}
	b.n++
	return nil
}

// skippedByte takes byte c inside a comment, a CDATA section or a processing instruction and
// reports whether it completes the terminator (-->, ]]> or ?>).
func (b *boundedXML) skippedByte(c byte) (ended bool) {
	term := "-->"
	if b.state == lexCDATA {
		term = "]]>"
	} else if b.state == lexPI {
		term = "?>"
	}
	b.n++
	switch {
	case c == term[b.tail]:
		b.tail++
	case b.tail == 2 && term[0] == term[1] && c == term[0]:
		// "]]]>" ends a CDATA section after a ']' of content: keep the two matched.
	case c == term[0]:
		b.tail = 1
	default:
		b.tail = 0
	}
	return b.tail == len(term)
}

func (b *boundedXML) check() error {
	switch b.state {
	case lexText, lexComment, lexCDATA:
		if b.n > b.maxText {
			return limitError("a cell or a run of XML text is longer than", byteSize(b.maxText), flagMaxFieldBytes)
		}
	default:
		if b.n > b.maxTag {
			if b.maxTag < xmlTagLimit {
				return limitError("an XML tag is longer than", byteSize(b.maxTag), flagMaxFieldBytes)
			}
			return limitError("an XML tag is longer than", byteSize(b.maxTag), "fixed")
		}
	}
	return nil
}

func printable(c byte) rune {
	if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
		return rune(c)
	}
	return '?'
}

// xmlDecoder is encoding/xml over a bounded reader, with an optional budget of tokens.
type xmlDecoder struct {
	d         *xml.Decoder
	tokens    int64
	maxTokens int64 // 0: no budget
}

// newXMLDecoder reads r (an inflated part of size bytes, as its zip entry declares) with every
// token bounded. The Decoder reads a byte at a time, so its buffer's size changes nothing but the
// memory: 64 KiB, or the part's size for the small metadata parts (a workbook's few hundred
// bytes of workbook.xml should not cost 64 KiB each).
func newXMLDecoder(r io.Reader, lim Limits, size uint64) *xmlDecoder {
	buf := int(min(size, 64<<10-1) + 1)
	return &xmlDecoder{d: xml.NewDecoder(bufio.NewReaderSize(newBoundedXML(r, lim.MaxFieldBytes), buf))}
}

// RawToken returns the next token, failing with ErrLimit once the token budget is spent.
func (x *xmlDecoder) RawToken() (xml.Token, error) {
	if x.maxTokens > 0 {
		x.tokens++
		if x.tokens > x.maxTokens {
			return nil, limitError("the part holds more than", strconv.FormatInt(x.maxTokens, 10)+"-token",
				"fixed: "+strconv.Itoa(metaTokensPerByte)+" per compressed byte of the part, at least "+strconv.Itoa(metaTokensFloor))
		}
	}
	return x.d.RawToken()
}
