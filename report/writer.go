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
	// Width is the terminal width in columns used by the table format; 0 means the output is
	// no terminal (a file, a pipe, a cron or CI log): lines are then never cut.
	Width int
}

// DefaultWidth is the width to assume for a terminal whose width cannot be read.
const DefaultWidth = 100

// WriterFormat is one report format of the writer registry: its --format name, the file
// extension of its output, and how to build its writer.
type WriterFormat struct {
	// Name is the format's name as given to --format.
	Name string
	// Ext is the usual file extension of the format's output, with its dot (".json").
	Ext string
	// New builds the format's writer for the command line's presentation choices.
	New func(WriterOptions) Writer
}

// WriterRegistry is an explicit, read-only set of report formats (docs/architecture.md, "One
// registry style").
type WriterRegistry struct {
	list   []WriterFormat
	byName map[string]WriterFormat
}

// writerBuiltins is appended to once per writer file at init (registerWriter) and never modified
// afterwards: adding a format is one new file plus its test.
var writerBuiltins []WriterFormat

func registerWriter(f WriterFormat) { writerBuiltins = append(writerBuiltins, f) }

// NewWriterRegistry builds a registry from formats, sorted by name. A later format with the same
// name replaces an earlier one.
func NewWriterRegistry(fs ...WriterFormat) *WriterRegistry {
	r := &WriterRegistry{byName: map[string]WriterFormat{}}
	for _, f := range fs {
		r.byName[f.Name] = f
	}
	for _, f := range r.byName {
		r.list = append(r.list, f)
	}
	sort.Slice(r.list, func(i, j int) bool { return r.list[i].Name < r.list[j].Name })
	return r
}

// DefaultWriters returns a registry of every built-in report format.
func DefaultWriters() *WriterRegistry { return NewWriterRegistry(writerBuiltins...) }

// All returns the formats sorted by name.
func (r *WriterRegistry) All() []WriterFormat { return r.list }

// Names lists the format names, sorted, for help texts and error messages.
func (r *WriterRegistry) Names() []string {
	names := make([]string, len(r.list))
	for i, f := range r.list {
		names[i] = f.Name
	}
	return names
}

// New returns the writer for a format name as given to --format.
func (r *WriterRegistry) New(format string, opt WriterOptions) (Writer, error) {
	f, ok := r.byName[format]
	if !ok {
		return nil, fmt.Errorf("unknown report format %q (valid: %s)", format, strings.Join(r.Names(), ", "))
	}
	return f.New(opt), nil
}

// Formats lists the built-in format names, sorted: DefaultWriters().Names().
func Formats() []string { return DefaultWriters().Names() }

// NewWriter returns the built-in writer for a format name: DefaultWriters().New.
func NewWriter(format string, opt WriterOptions) (Writer, error) {
	return DefaultWriters().New(format, opt)
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

// newLine says in one line what a ledger knows of a file's or the batch's persons ("120 new this
// year (3 sensitive); 13,459 already transferred (12,597 sensitive)"), or "" without a ledger.
func newLine(n *NewPersons) string {
	if n == nil {
		return ""
	}
	return fmt.Sprintf("%s new this year (%s sensitive); %s already transferred (%s sensitive)",
		commas(n.Individuals), commas(n.SensitiveIndividuals),
		commas(n.AlreadyIndividuals), commas(n.AlreadySensitiveIndividuals))
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
