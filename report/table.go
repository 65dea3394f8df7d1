package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

func init() {
	registerWriter(WriterFormat{Name: "table", Ext: ".txt", New: func(o WriterOptions) Writer { return newTerminal(o) }})
}

// Terminal writes the "table" format, the terminal report: one line per file, the batch verdict, then review notes,
// skipped files and errors. Text from input is passed through safeText so a file name cannot
// move the cursor or recolour the terminal; widths are display widths, so Chinese names align.
type Terminal struct {
	opt  WriterOptions
	cond *runewidth.Condition
}

func newTerminal(opt WriterOptions) Terminal {
	// A fixed condition rather than runewidth's locale-dependent default: the same report must
	// render the same bytes whatever the environment (ambiguous-width runes count as 1).
	return Terminal{opt: opt, cond: &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}}
}

// ANSI colours per label; only used when WriterOptions.Color is set.
var labelColor = map[string]string{
	LabelFree:       "\x1b[32m",
	LabelContract:   "\x1b[33m",
	LabelAssessment: "\x1b[31m",
	LabelError:      "\x1b[35m",
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
)

// Layout of the file lines: label, counts and rule are as wide as their widest value; the path
// and the type list share what is left of the width.
const (
	colGap   = 2
	minPath  = 12
	minTypes = 12
)

// noLimit is the width of a column that is never cut.
const noLimit = 1 << 30

// flexibleWidths shares the width left after the fixed columns between the path and the type
// list. Off a terminal (Width 0) nothing is cut: a cron mail or CI log keeps every path whole.
func (t Terminal) flexibleWidths(fixed, pathW int) (int, int) {
	if t.opt.Width <= 0 {
		return max(pathW, len("FILE")), noLimit
	}
	rest := max(t.opt.Width-fixed, minPath+minTypes)
	// The path gets what it needs up to three fifths of the flexible space (a path cut in the
	// middle is harder to act on than a type list ending in "+2"); types take the remainder.
	pathW = max(min(pathW, rest*3/5), min(minPath, rest-minTypes), len("FILE"))
	return pathW, max(rest-pathW, minTypes)
}

// Write implements Writer.
func (t Terminal) Write(w io.Writer, r *Report) error {
	if t.cond == nil {
		t = newTerminal(t.opt)
	}
	r = normalized(r)
	bw := bufio.NewWriter(w)

	type line struct{ label, ind, sens, rule, path, new string }
	lines := make([]line, len(r.Files))
	labelW, indW, sensW, ruleW, pathW := len("LABEL"), len("INDIVIDUALS"), len("SENSITIVE"), len("RULE"), len("FILE")
	for i, f := range r.Files {
		l := line{label: safeText(f.Verdict.Label), ind: "-", sens: "-", rule: safeText(decisiveRule(f.Verdict)), path: safeText(f.Path)}
		if f.Verdict.Label != LabelError {
			l.ind = countCell(f.Individuals, f.IndividualsMethod)
			l.sens = countCell(f.SensitiveIndividuals, f.IndividualsMethod)
		}
		if l.new = "-"; f.New != nil {
			l.new = commas(f.New.Individuals)
		}
		labelW = max(labelW, t.cond.StringWidth(l.label))
		indW = max(indW, t.cond.StringWidth(l.ind))
		sensW = max(sensW, t.cond.StringWidth(l.sens))
		ruleW = max(ruleW, t.cond.StringWidth(l.rule))
		pathW = max(pathW, t.cond.StringWidth(l.path))
		lines[i] = l
	}
	// NEW (persons not yet transferred this year) only when a ledger was consulted.
	newW, newHead := 0, ""
	if r.Summary.New != nil {
		newW = len("NEW")
		for _, l := range lines {
			newW = max(newW, len(l.new))
		}
		newHead = t.padLeft("NEW", newW) + gap()
		newW += colGap
	}
	pathW, typesW := t.flexibleWidths(labelW+indW+sensW+ruleW+newW+5*colGap, pathW)

	header := t.pad("LABEL", labelW) + gap() + t.padLeft("INDIVIDUALS", indW) + gap() +
		t.padLeft("SENSITIVE", sensW) + gap() + newHead + t.pad("RULE", ruleW) + gap() +
		t.pad("FILE", pathW) + gap() + "TYPES"
	fmt.Fprintln(bw, t.bold(header))

	for i, f := range r.Files {
		l := lines[i]
		types := t.fitList(piTypes(f), typesW)
		newCell := ""
		if newHead != "" {
			newCell = t.padLeft(l.new, newW-colGap) + gap()
		}
		out := t.colour(f.Verdict.Label, t.pad(l.label, labelW)) + gap() + t.padLeft(l.ind, indW) + gap() +
			t.padLeft(l.sens, sensW) + gap() + newCell + t.pad(l.rule, ruleW) + gap() +
			t.pad(t.truncMiddle(l.path, pathW), pathW) + gap() + types
		fmt.Fprintln(bw, strings.TrimRight(out, " "))
	}

	t.writeBatch(bw, r)
	paths := make([]string, len(lines))
	for i, l := range lines {
		paths[i] = l.path
	}
	t.writeNotes(bw, r, paths)

	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write table report: %w", err)
	}
	return nil
}

// writeBatch writes the batch verdict under the file table.
func (t Terminal) writeBatch(bw io.Writer, r *Report) {
	s := r.Summary
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "%s %s\n", t.bold("Batch verdict:"), t.colour(s.Verdict.Label, strings.ToUpper(safeText(s.Verdict.Label))))
	fmt.Fprintf(bw, "  %s files: %s free, %s contract, %s assessment, %s error; %s not examined, %s excluded\n",
		commas(s.Files), commas(s.Free), commas(s.Contract), commas(s.Assessment),
		commas(s.Error), commas(int64(len(r.NotExaminedPaths()))), commas(int64(len(r.ExcludedPaths()))))
	fmt.Fprintf(bw, "  %s individuals, %s sensitive individuals\n",
		countCell(s.Individuals, s.IndividualsMethod), countCell(s.SensitiveIndividuals, s.IndividualsMethod))
	if nl := newLine(s.New); nl != "" {
		fmt.Fprintf(bw, "  %s\n", nl)
	}
	for _, reason := range s.Verdict.Reasons {
		fmt.Fprintf(bw, "  %s: %s\n", safeText(reason.Rule), safeText(reason.Detail))
	}
	for _, note := range s.Verdict.Review {
		fmt.Fprintf(bw, "  review: %s\n", safeText(note))
	}
	if alt := AlternativeLine(s.Verdict); alt != "" {
		fmt.Fprintf(bw, "  %s\n", safeText(alt))
	}
	if r.Incomplete {
		fmt.Fprintln(bw, "  the run was interrupted: this report is incomplete")
	}
}

// writeNotes writes the sections after the batch: review notes, paths not examined or
// excluded, errors. paths are the files' paths as shown in the table.
func (t Terminal) writeNotes(bw io.Writer, r *Report, paths []string) {
	var reviews []string
	for i, f := range r.Files {
		for _, note := range f.Verdict.Review {
			reviews = append(reviews, fmt.Sprintf("  %s: %s", paths[i], safeText(note)))
		}
		if alt := AlternativeLine(f.Verdict); alt != "" {
			reviews = append(reviews, fmt.Sprintf("  %s: %s", paths[i], safeText(alt)))
		}
	}
	t.section(bw, "Review", reviews)

	t.section(bw, "Not examined", skippedLines(r.NotExaminedPaths()))
	t.section(bw, "Excluded", skippedLines(r.ExcludedPaths()))

	var errs []string
	for i, f := range r.Files {
		if f.Verdict.Label == LabelError || f.Error != "" {
			errs = append(errs, fmt.Sprintf("  %s: %s", paths[i], safeText(f.Error)))
		}
	}
	t.section(bw, "Errors", errs)
}

func skippedLines(sk []Skipped) []string {
	lines := make([]string, len(sk))
	for i, s := range sk {
		lines[i] = fmt.Sprintf("  %s: %s", safeText(s.Path), safeText(s.Reason))
	}
	return lines
}

func (t Terminal) section(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", t.bold(fmt.Sprintf("%s (%d):", title, len(lines))))
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func gap() string { return strings.Repeat(" ", colGap) }

// countCell is a short count for a column: estimates get a leading ~.
func countCell(n int64, method string) string {
	if method == "estimate" && n > 0 {
		return "~" + commas(n)
	}
	return commas(n)
}

func (t Terminal) colour(label, s string) string {
	if !t.opt.Color {
		return s
	}
	c, ok := labelColor[label]
	if !ok {
		return s
	}
	return c + s + ansiReset
}

func (t Terminal) bold(s string) string {
	if !t.opt.Color {
		return s
	}
	return ansiBold + s + ansiReset
}

// pad right-pads s with spaces to display width w.
func (t Terminal) pad(s string, w int) string {
	return s + strings.Repeat(" ", max(w-t.cond.StringWidth(s), 0))
}

// padLeft right-aligns s (numbers) in display width w.
func (t Terminal) padLeft(s string, w int) string {
	return strings.Repeat(" ", max(w-t.cond.StringWidth(s), 0)) + s
}

// truncEnd cuts s to display width w, ending with … when something was cut.
func (t Terminal) truncEnd(s string, w int) string {
	if t.cond.StringWidth(s) <= w {
		return s
	}
	return t.takeHead(s, w-1) + "…"
}

// truncMiddle cuts s to display width w by removing its middle: both the top folder and the
// file name of a long path stay visible.
func (t Terminal) truncMiddle(s string, w int) string {
	if t.cond.StringWidth(s) <= w {
		return s
	}
	headW := (w - 1) / 2
	tailW := w - 1 - headW
	return t.takeHead(s, headW) + "…" + t.takeTail(s, tailW)
}

func (t Terminal) takeHead(s string, w int) string {
	width := 0
	for i, r := range s {
		rw := t.cond.RuneWidth(r)
		if width+rw > w {
			return s[:i]
		}
		width += rw
	}
	return s
}

func (t Terminal) takeTail(s string, w int) string {
	runes := []rune(s)
	width := 0
	for i := len(runes) - 1; i >= 0; i-- {
		rw := t.cond.RuneWidth(runes[i])
		if width+rw > w {
			return string(runes[i+1:])
		}
		width += rw
	}
	return s
}

// fitList joins items with ", " within display width w; items that do not fit are counted as
// "+N" so the reader knows the list goes on.
func (t Terminal) fitList(items []string, w int) string {
	if len(items) == 0 {
		return "-"
	}
	out := ""
	for i, it := range items {
		cand := it
		if out != "" {
			cand = out + ", " + it
		}
		remaining := len(items) - i - 1
		suffix := ""
		if remaining > 0 {
			suffix = fmt.Sprintf(", +%d", remaining)
		}
		if t.cond.StringWidth(cand+suffix) > w && (remaining > 0 || t.cond.StringWidth(cand) > w) {
			if out == "" { // not even the first item fits: cut it
				if remaining == 0 {
					return t.truncEnd(it, w)
				}
				more := fmt.Sprintf("+%d", remaining)
				return t.truncEnd(it, w-len(more)-2) + ", " + more
			}
			return out + ", " + fmt.Sprintf("+%d", len(items)-i)
		}
		out = cand
	}
	return out
}
