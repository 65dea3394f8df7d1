package report

import (
	"encoding/json"
	"fmt"
	"io"
)

func init() {
	registerWriter(WriterFormat{Name: "json", Ext: ".json", New: func(WriterOptions) Writer { return JSON{} }})
}

// JSON writes the report as the JSON of docs/report-schema.md: two-space indent, one trailing newline,
// empty lists as [] rather than null.
//
// HTML escaping stays on (encoding/json's default): "<script>" in a column name is written as
// "\u003cscript\u003e", which decodes to the same string but cannot break out of a <script> or
// HTML context if someone pastes the JSON into a page.
type JSON struct{}

// Write implements Writer.
func (JSON) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(unambiguous(normalized(r))); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// normalized returns a copy of r whose list fields are never nil, so JSON shows [] instead of
// null and every writer can range without nil checks. The input is not modified.
func normalized(r *Report) *Report {
	n := *r
	n.Roots = orEmpty(r.Roots)
	n.Summary.Verdict = normVerdict(r.Summary.Verdict)
	n.Files = make([]File, len(r.Files))
	for i, f := range r.Files {
		f.Verdict = normVerdict(f.Verdict)
		tables := make([]Table, len(f.Tables))
		for j, t := range f.Tables {
			cols := make([]Column, len(t.Columns))
			for k, c := range t.Columns {
				types := make([]Type, len(c.Types))
				for l, ty := range c.Types {
					ty.Examples = orEmpty(ty.Examples)
					types[l] = ty
				}
				c.Types = types
				cols[k] = c
			}
			t.Columns = cols
			tables[j] = t
		}
		f.Tables = tables
		n.Files[i] = f
	}
	n.Skipped = orEmpty(r.Skipped)
	if r.Declarations != nil {
		n.Declarations = make([]Declaration, len(r.Declarations))
		for i, d := range r.Declarations {
			d.Paths = orEmpty(d.Paths)
			n.Declarations[i] = d
		}
	}
	return &n
}

// unambiguous passes the strings of n that came from input (paths, sheet and column names, error
// texts) through inputText: encoding/json would turn every invalid byte into U+FFFD, so two files
// whose names differ only there would look the same. n must be a copy made by normalized; its
// shared slices (roots, skipped) are copied before they change.
func unambiguous(n *Report) *Report {
	n.Roots = mapStrings(n.Roots)
	n.Summary.Verdict = unambiguousVerdict(n.Summary.Verdict)
	for i := range n.Files {
		f := &n.Files[i]
		f.Path, f.Error, f.Container = inputText(f.Path), inputText(f.Error), inputText(f.Container)
		f.Notes = mapStrings(f.Notes)
		f.Verdict = unambiguousVerdict(f.Verdict)
		for j := range f.Tables {
			t := &f.Tables[j]
			t.Name = inputText(t.Name)
			for k := range t.Columns {
				t.Columns[k].Name = inputText(t.Columns[k].Name)
			}
		}
	}
	skipped := make([]Skipped, len(n.Skipped))
	for i, s := range n.Skipped {
		skipped[i] = Skipped{Path: inputText(s.Path), Reason: inputText(s.Reason), Status: s.Status}
	}
	n.Skipped = skipped
	if n.Archives != nil {
		archives := make([]Archive, len(n.Archives))
		for i, a := range n.Archives {
			a.Path = inputText(a.Path)
			archives[i] = a
		}
		n.Archives = archives
	}
	return n
}

func unambiguousVerdict(v Verdict) Verdict {
	reasons := make([]Reason, len(v.Reasons))
	for i, r := range v.Reasons {
		r.Detail = inputText(r.Detail)
		reasons[i] = r
	}
	v.Reasons = reasons
	v.Review = mapStrings(v.Review)
	return v
}

// mapStrings returns a copy of s with inputText applied, keeping nil and empty as they were.
func mapStrings(s []string) []string {
	if s == nil {
		return nil
	}
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = inputText(v)
	}
	return out
}

func normVerdict(v Verdict) Verdict {
	v.Reasons = orEmpty(v.Reasons)
	v.Review = orEmpty(v.Review)
	return v
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
