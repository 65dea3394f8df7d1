package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Writer renders a finished Report in one output format. Writers decide nothing: every label,
// count and reason is already in the Report, so two writers never disagree.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// WriterOptions carries the few presentation choices the command line can make.
type WriterOptions struct {
	// Color enables ANSI colours in the table format; cmd sets it only for a terminal.
	Color bool
	// Width is the terminal width in columns used by the table format; 0 means DefaultWidth.
	Width int
}

// DefaultWidth is the table width used when the terminal width is unknown.
const DefaultWidth = 100

// writerFactories is the one explicit list of formats: adding a format touches this list and
// its own file.
var writerFactories = map[string]func(WriterOptions) Writer{
	"table":    func(o WriterOptions) Writer { return newTerminal(o) },
	"json":     func(WriterOptions) Writer { return JSON{} },
	"csv":      func(WriterOptions) Writer { return CSV{} },
	"html":     func(WriterOptions) Writer { return HTML{} },
	"markdown": func(WriterOptions) Writer { return Markdown{} },
}

// Formats lists the valid format names, sorted, for help texts and error messages.
func Formats() []string {
	names := make([]string, 0, len(writerFactories))
	for name := range writerFactories {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// NewWriter returns the writer for a format name as given to --format.
func NewWriter(format string, opt WriterOptions) (Writer, error) {
	f, ok := writerFactories[format]
	if !ok {
		return nil, fmt.Errorf("unknown report format %q (valid: %s)", format, strings.Join(Formats(), ", "))
	}
	if opt.Width <= 0 {
		opt.Width = DefaultWidth
	}
	return f(opt), nil
}

// safeText makes a string that came from input (a path, sheet or column name, an error message)
// safe to print on a terminal or in plain text: control characters, ANSI escapes, bidirectional
// overrides and invalid UTF-8 are shown as visible escapes (\n, \x1b, \u202e) instead of acting
// on the terminal or reordering the line. A backslash is doubled so the escapes stay unambiguous.
func safeText(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && isInvalidAt(s, i):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		default:
			if esc := controlEscape(r); esc != "" {
				b.WriteString(esc)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// inputText makes a string from input unambiguous in the formats that must hold valid UTF-8 and
// cannot show raw bytes (JSON, CSV, Markdown, HTML). A string with invalid UTF-8 or a backslash
// goes through safeText, so an invalid byte shows as \xe9 and a literal backslash as \\: two files
// whose names differ only in invalid bytes stay distinct instead of both becoming U+FFFD. Any
// other string is returned unchanged, for the format's own escaping.
func inputText(s string) string {
	if utf8.ValidString(s) && !strings.Contains(s, `\`) {
		return s
	}
	return safeText(s)
}

// controlEscape returns the visible escape for a control or invisible formatting rune, or ""
// for a rune that prints as itself.
func controlEscape(r rune) string {
	switch {
	case r == '\n':
		return `\n`
	case r == '\r':
		return `\r`
	case r == '\t':
		return `\t`
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r)
	case isInvisibleControl(r):
		return fmt.Sprintf(`\u%04x`, r)
	}
	return ""
}

// isInvalidAt reports whether the U+FFFD decoded at byte i is an encoding error rather than a
// literal replacement character in the input.
func isInvalidAt(s string, i int) bool {
	return !strings.HasPrefix(s[i:], string(utf8.RuneError))
}

func needsEscape(s string) bool {
	for i, r := range s {
		if r == '\\' || controlEscape(r) != "" || (r == utf8.RuneError && isInvalidAt(s, i)) {
			return true
		}
	}
	return false
}

// isInvisibleControl covers C1 controls (0x9b is a one-byte CSI on some terminals) and the
// Unicode formatting characters that reorder or hide text (bidi embeddings, overrides, isolates,
// marks; zero-width characters; the BOM).
func isInvisibleControl(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff:
		return true
	}
	return false
}

// decisiveRule is the rule of the first reason: the verdict procedure stops at the first match,
// so the first reason is the one that decided.
func decisiveRule(v Verdict) string {
	if len(v.Reasons) == 0 {
		return ""
	}
	return v.Reasons[0].Rule
}

// piTypes lists the distinct type ids found in a file whose category makes them personal
// information (category "none", such as org_credit_code, is left out), sorted.
func piTypes(f File) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range f.Tables {
		for _, c := range t.Columns {
			for _, ty := range c.Types {
				if ty.Category == "none" || ty.Category == "" || seen[ty.Type] {
					continue
				}
				seen[ty.Type] = true
				out = append(out, ty.Type)
			}
		}
	}
	sort.Strings(out)
	return out
}

// individualsText shows a count and marks estimates with their upper bound, so a reader never
// mistakes a sketch for an exact figure.
func individualsText(n, upper int64, method string) string {
	if method == "estimate" && n == 0 && upper == 0 {
		return "0"
	}
	if method == "estimate" && upper > 0 {
		return "~" + commas(n) + " (≤" + commas(upper) + ")"
	}
	if method == "estimate" {
		return "~" + commas(n)
	}
	return commas(n)
}

// personsLine says in one line who a table's rows describe and by which columns they were
// counted ("receiver by 收件人电话 in 3,000 rows; sender by 寄件人电话 in 3,000 rows"), or "" for
// a table without persons.
func personsLine(t Table) string {
	if len(t.Persons) == 0 {
		return ""
	}
	parts := make([]string, 0, len(t.Persons)+1)
	for _, r := range t.Persons {
		how := "one per row"
		if len(r.KeyColumns) > 0 {
			how = "by " + strings.Join(r.KeyColumns, ", ")
		}
		parts = append(parts, fmt.Sprintf("%s %s in %s rows", r.Role, how, commas(r.Rows)))
	}
	if len(t.SharedColumns) > 0 {
		parts = append(parts, "every person of a row marked by "+strings.Join(t.SharedColumns, ", "))
	}
	label := "Persons"
	if t.Name != "" {
		label += " (sheet " + t.Name + ")"
	}
	return label + ": " + strings.Join(parts, "; ")
}
