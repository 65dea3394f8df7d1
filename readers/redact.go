package readers

import (
	"encoding/xml"
	"errors"
	"fmt"
	"runtime"
	"strings"
)

// Error texts that come from a parser or a panic can quote the input: encoding/xml reports
// "invalid character entity &13812345678 (no semicolon)" for a cell with an unescaped ampersand,
// strconv quotes the number it could not parse. Reader errors end up in reports and logs, which
// must never hold a personal-information value (docs/vocabulary.md, "Masking"), so such texts are cut down to
// what they say about the structure before they are wrapped.

// describeParseError returns err's message without any quoted input. XML syntax errors keep
// their line and the kind of problem ("invalid character entity"); other errors are returned as
// they are unless they hold a quote, an ampersand or a tag, the marks of quoted input.
func describeParseError(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("XML syntax error on line %d: %s", se.Line, structuralPart(se.Msg))
	}
	if msg := err.Error(); strings.ContainsAny(msg, "\"&<'`") {
		return structuralPart(msg)
	}
	return err.Error()
}

// structuralPart keeps the leading words of a parser message, up to where it starts quoting input
// (a quote, an ampersand, a tag or a colon followed by detail).
func structuralPart(msg string) string {
	if i := strings.IndexAny(msg, "\"&<:'`"); i >= 0 {
		msg = strings.TrimSpace(msg[:i])
	}
	if msg == "" {
		return "malformed content"
	}
	return msg
}

// DescribePanic says what a recovered panic was without quoting its value, which may be a cell:
// runtime errors (index out of range, nil dereference) describe code, not data, and are kept.
// It is the one panic describer of the module: callers write "…: panic: " + DescribePanic(r).
func DescribePanic(r any) string {
	if re, ok := r.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("%T (value withheld: it may quote file content)", r)
}
