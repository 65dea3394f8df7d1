package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

func init() {
	registerWriter(WriterFormat{Name: "markdown", Ext: ".md", New: func(WriterOptions) Writer { return Markdown{} }})
}

// Markdown writes the report for a ticket or a wiki page: the batch verdict, a summary table
// with one row per file, then one section per file with its reasons, review notes and columns.
// Input text is escaped so a column name cannot break a table, open a link or inject HTML.
type Markdown struct{}

// Write implements Writer.
func (Markdown) Write(w io.Writer, r *Report) error {
	r = normalized(r)
	bw := bufio.NewWriter(w)
	s := r.Summary

	fmt.Fprintf(bw, "# xborder report\n\n")
	fmt.Fprintf(bw, "**Batch verdict: %s**\n\n", strings.ToUpper(mdText(s.Verdict.Label)))
	mdVerdict(bw, s.Verdict)
	if r.Incomplete {
		fmt.Fprintf(bw, "> **Incomplete:** the run was interrupted; not every file was scanned.\n\n")
	}

	fmt.Fprintf(bw, "| files | free | contract | assessment | error | not examined | excluded | individuals | sensitive individuals |\n")
	fmt.Fprintf(bw, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(bw, "| %d | %d | %d | %d | %d | %d | %d | %s | %s |\n\n",
		s.Files, s.Free, s.Contract, s.Assessment, s.Error, len(r.NotExaminedPaths()), len(r.ExcludedPaths()),
		countCell(s.Individuals, s.IndividualsMethod), countCell(s.SensitiveIndividuals, s.IndividualsMethod))
	if nl := newLine(s.New); nl != "" {
		fmt.Fprintf(bw, "**Ledger:** %s\n\n", nl)
	}

	fmt.Fprintf(bw, "## Files\n\n")
	fmt.Fprintf(bw, "| file | label | individuals | sensitive | rule | types |\n")
	fmt.Fprintf(bw, "|---|---|---:|---:|---|---|\n")
	for _, f := range r.Files {
		ind, sens := "–", "–"
		if f.Verdict.Label != LabelError {
			ind = individualsText(f.Individuals, f.IndividualsUpper, f.IndividualsMethod)
			sens = individualsText(f.SensitiveIndividuals, f.SensitiveUpper, f.IndividualsMethod)
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s |\n", mdCode(f.Path), mdText(f.Verdict.Label), ind, sens,
			mdText(decisiveRule(f.Verdict)), mdText(orDash(strings.Join(piTypes(f), ", "))))
	}
	fmt.Fprintln(bw)

	for _, f := range r.Files {
		mdFile(bw, f)
	}

	for _, sec := range []struct {
		title string
		paths []Skipped
	}{{"Not examined", r.NotExaminedPaths()}, {"Excluded", r.ExcludedPaths()}} {
		if len(sec.paths) == 0 {
			continue
		}
		fmt.Fprintf(bw, "## %s\n\n| path | reason |\n|---|---|\n", sec.title)
		for _, sk := range sec.paths {
			fmt.Fprintf(bw, "| %s | %s |\n", mdCode(sk.Path), mdText(sk.Reason))
		}
		fmt.Fprintln(bw)
	}

	mdRun(bw, r)

	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

// mdFile writes the section of one file: its facts, verdict, notes and columns.
func mdFile(bw io.Writer, f File) {
	fmt.Fprintf(bw, "### %s\n\n", mdText(f.Path))
	fmt.Fprintf(bw, "- **Label:** %s\n", mdText(f.Verdict.Label))
	fmt.Fprintf(bw, "- **Format:** %s, %s bytes, %s rows (%s sampled), encoding %s\n",
		mdText(f.Format), commas(f.SizeBytes), commas(f.Rows), commas(f.SampledRows), mdText(orDash(f.Encoding)))
	fmt.Fprintf(bw, "- **Individuals:** %s, sensitive %s (method: %s)\n",
		individualsText(f.Individuals, f.IndividualsUpper, f.IndividualsMethod),
		individualsText(f.SensitiveIndividuals, f.SensitiveUpper, f.IndividualsMethod), mdText(orDash(f.IndividualsMethod)))
	if nl := newLine(f.New); nl != "" {
		fmt.Fprintf(bw, "- **Ledger:** %s\n", nl)
	}
	fmt.Fprintf(bw, "- **SHA-256:** %s\n", mdCode(f.SHA256))
	if f.Error != "" {
		fmt.Fprintf(bw, "- **Error:** %s\n", mdText(f.Error))
	}
	fmt.Fprintln(bw)
	mdVerdict(bw, f.Verdict)
	for _, n := range f.Notes {
		fmt.Fprintf(bw, "- Note: %s\n", mdText(n))
	}
	if len(f.Notes) > 0 {
		fmt.Fprintln(bw)
	}
	mdColumns(bw, f)
}

// mdRun writes the closing section: tool, time, policy, ledger and declarations.
func mdRun(bw io.Writer, r *Report) {
	fmt.Fprintf(bw, "## Run\n\n")
	fmt.Fprintf(bw, "- Tool: %s %s\n", mdText(r.Tool.Name), mdText(r.Tool.Version))
	fmt.Fprintf(bw, "- Generated: %s\n", r.GeneratedAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(bw, "- Policy: %s, sha256 %s, CIIO %t\n", mdText(orDash(r.Policy.Source)), mdCode(r.Policy.SHA256), r.Policy.CIIO)
	if r.Ledger != nil {
		fmt.Fprintf(bw, "- Ledger: %s, year %d, prior individuals %s, prior sensitive %s\n", mdCode(r.Ledger.Path),
			r.Ledger.Year, commas(r.Ledger.PriorIndividuals), commas(r.Ledger.PriorSensitiveIndividuals))
	}
	for _, d := range r.Declarations {
		paths := make([]string, len(d.Paths))
		for i, p := range d.Paths {
			paths[i] = mdCode(p)
		}
		fmt.Fprintf(bw, "- Declared %s for %s: %s\n", mdText(d.Rule), strings.Join(paths, ", "), mdText(d.Justification))
	}
}

func mdVerdict(w io.Writer, v Verdict) {
	for _, reason := range v.Reasons {
		fmt.Fprintf(w, "- `%s` %s\n", mdText(reason.Rule), mdText(reason.Detail))
	}
	for _, note := range v.Review {
		fmt.Fprintf(w, "- Review: %s\n", mdText(note))
	}
	alt := AlternativeLine(v)
	if alt != "" {
		fmt.Fprintf(w, "- %s\n", mdText(capitalize(alt)))
	}
	if len(v.Reasons)+len(v.Review) > 0 || alt != "" {
		fmt.Fprintln(w)
	}
}

func mdColumns(w io.Writer, f File) {
	for _, t := range f.Tables {
		if line := personsLine(t); line != "" {
			fmt.Fprintf(w, "%s\n\n", mdText(line))
		}
	}
	any := false
	for _, t := range f.Tables {
		for _, c := range t.Columns {
			if len(c.Types) == 0 {
				continue
			}
			if !any {
				fmt.Fprintf(w, "| sheet | column | type | category | confidence | matched / sampled | examples |\n")
				fmt.Fprintf(w, "|---|---|---|---|---:|---:|---|\n")
				any = true
			}
			for _, ty := range c.Types {
				ex := make([]string, len(ty.Examples))
				for i, e := range ty.Examples {
					ex[i] = mdCode(e)
				}
				fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s / %s | %s |\n",
					mdText(t.Name), mdText(c.Name)+" (#"+strconv.Itoa(c.Index)+")", mdText(ty.Type), mdText(ty.Category),
					strconv.FormatFloat(ty.Confidence, 'f', 2, 64), commas(ty.Matched), commas(ty.Sampled),
					strings.Join(ex, " "))
			}
		}
	}
	if any {
		fmt.Fprintln(w)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// mdText escapes text for a Markdown paragraph or table cell: the characters that make tables,
// emphasis, links, headings and code (\ ` * _ [ ] | # ! ~) get a backslash; < > & become
// entities so no HTML gets through; newlines become <br> and other controls visible escapes.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range inputText(s) {
		if esc := controlEscape(r); esc != "" && r != '\n' {
			b.WriteString(`\` + esc) // escape the escape's backslash so Markdown shows it
			continue
		}
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\n':
			b.WriteString("<br>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode shows a path or digest in code style. Inside a code span nothing can be escaped, so
// text holding a backtick, pipe or newline falls back to escaped plain text.
func mdCode(s string) string {
	if s == "" {
		return "-"
	}
	if strings.ContainsAny(s, "`|<>&\n\\") || needsEscape(s) {
		return mdText(s)
	}
	return "`" + s + "`"
}
