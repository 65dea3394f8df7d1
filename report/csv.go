package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

func init() {
	registerWriter(WriterFormat{Name: "csv", Ext: ".csv", New: func(WriterOptions) Writer { return CSV{} }})
}

// CSV writes the report as one flat RFC 4180 table (documented in docs/report-schema.md) that
// a spreadsheet can filter: the first column, record, says what a row is:
//
//   - batch:   the whole run (label, rules, reasons, review, counts);
//   - file:    one scanned file (label, rules, reasons, review, counts, error);
//   - column:  one detected type of one column (sheet, column, type, category, confidence,
//     matched, sampled, masked examples);
//   - skipped: a path that was not scanned (reasons, and status: not_examined or excluded).
//
// Every cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is
// prefixed with a single quote (docs/cli.md, "Report formats"). Control, bidi and zero-width characters in
// input text are written as visible escapes (\n, \x1b, \u202e), so a name can neither spoof
// its display in a spreadsheet nor act on a terminal that prints the file.
//
// The file starts with a UTF-8 byte order mark, so Excel (notably on Chinese Windows, where it
// would otherwise read GBK) shows the Chinese names; NoBOM leaves it out for tools that choke on
// it. Confidences are rounded to two decimals.
type CSV struct {
	NoBOM bool
}

// utf8BOM is the byte order mark spreadsheets take as "this CSV is UTF-8".
const utf8BOM = "\ufeff"

// csvHeader is the fixed header row; its order is part of the documented layout.
var csvHeader = []string{
	"record", "path", "sheet", "column", "column_index", "type", "category", "confidence",
	"matched", "sampled", "examples", "label", "rules", "reasons", "review",
	"individuals", "sensitive_individuals", "individuals_method", "rows", "sha256", "error",
	"status", "new_individuals", "new_sensitive_individuals",
}

// Write implements Writer.
func (c CSV) Write(w io.Writer, r *Report) error {
	r = normalized(r)
	if !c.NoBOM {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return fmt.Errorf("write csv report: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	rows := [][]string{csvHeader}

	s := r.Summary
	batch := csvRow("batch")
	batch.set("label", s.Verdict.Label)
	batch.verdict(s.Verdict)
	batch.set("individuals", strconv.FormatInt(s.Individuals, 10))
	batch.set("sensitive_individuals", strconv.FormatInt(s.SensitiveIndividuals, 10))
	batch.set("individuals_method", s.IndividualsMethod)
	batch.newPersons(s.New)
	rows = append(rows, batch)

	for _, f := range r.Files {
		fr := csvRow("file")
		fr.set("path", f.Path)
		fr.set("label", f.Verdict.Label)
		fr.verdict(f.Verdict)
		fr.set("individuals", strconv.FormatInt(f.Individuals, 10))
		fr.set("sensitive_individuals", strconv.FormatInt(f.SensitiveIndividuals, 10))
		fr.set("individuals_method", f.IndividualsMethod)
		fr.newPersons(f.New)
		fr.set("rows", strconv.FormatInt(f.Rows, 10))
		fr.set("sha256", f.SHA256)
		fr.set("error", f.Error)
		rows = append(rows, fr)
		for _, t := range f.Tables {
			for _, c := range t.Columns {
				for _, ty := range c.Types {
					cr := csvRow("column")
					cr.set("path", f.Path)
					cr.set("sheet", t.Name)
					cr.set("column", c.Name)
					cr.set("column_index", strconv.Itoa(c.Index))
					cr.set("type", ty.Type)
					cr.set("category", ty.Category)
					cr.set("confidence", strconv.FormatFloat(ty.Confidence, 'f', 2, 64))
					cr.set("matched", strconv.FormatInt(ty.Matched, 10))
					cr.set("sampled", strconv.FormatInt(ty.Sampled, 10))
					cr.set("examples", strings.Join(ty.Examples, "; "))
					rows = append(rows, cr)
				}
			}
		}
	}
	for _, sk := range r.Skipped {
		sr := csvRow("skipped")
		sr.set("path", sk.Path)
		sr.set("reasons", sk.Reason)
		status := sk.Status
		if status == "" {
			status = SkippedNotExamined
		}
		sr.set("status", status)
		rows = append(rows, sr)
	}

	for _, row := range rows {
		for i := range row {
			row[i] = defuseFormula(visibleText(row[i]))
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write csv report: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	return nil
}

// csvIndex maps a header name to its column, so rows are filled by name, not position.
var csvIndex = func() map[string]int {
	m := make(map[string]int, len(csvHeader))
	for i, h := range csvHeader {
		m[h] = i
	}
	return m
}()

type csvRecord []string

func csvRow(kind string) csvRecord {
	r := make(csvRecord, len(csvHeader))
	r[0] = kind
	return r
}

func (r csvRecord) set(name, value string) {
	i, ok := csvIndex[name]
	if !ok {
		panic("report: unknown csv column " + name)
	}
	r[i] = value
}

// newPersons fills the new-this-year counts when a ledger was consulted.
func (r csvRecord) newPersons(n *NewPersons) {
	if n == nil {
		return
	}
	r.set("new_individuals", strconv.FormatInt(n.Individuals, 10))
	r.set("new_sensitive_individuals", strconv.FormatInt(n.SensitiveIndividuals, 10))
}

// verdict fills rules (space separated, decisive first), reasons and review notes (each joined
// with " | ").
func (r csvRecord) verdict(v Verdict) {
	rules := make([]string, len(v.Reasons))
	details := make([]string, len(v.Reasons))
	for i, reason := range v.Reasons {
		rules[i] = reason.Rule
		details[i] = reason.Detail
	}
	r.set("rules", strings.Join(rules, " "))
	r.set("reasons", strings.Join(details, " | "))
	r.set("review", strings.Join(v.Review, " | "))
}

// defuseFormula prefixes a cell that a spreadsheet would evaluate (=, +, -, @, tab, CR at the
// start) with a single quote, which spreadsheets show as text and do not run.
func defuseFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
