package scanner

import (
	"fmt"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
)

// outcome assembles the table's result.
func (j *tableJob) outcome(t readers.Table, classes []detect.ColumnClass, c *counter, sampled int64) tableOutcome {
	st := t.Stats()
	lost := map[int]bool{}
	for _, ci := range st.PrecisionLostColumns {
		lost[ci] = true
	}
	tr := TableResult{Name: t.Name(), Rows: st.Rows, RaggedRows: st.RaggedRows}
	for ci, name := range j.cols {
		cc := classes[ci]
		col := ColumnResult{
			Name: name, Index: ci,
			NonEmpty: cc.NonEmpty, Masked: cc.Masked, Hashed: cc.Hashed,
			PrecisionLost: lost[ci],
			Types:         []TypeResult{},
		}
		for _, tm := range cc.Types {
			cat := tm.Category
			if d, ok := j.opt.Registry.Get(tm.ID); ok {
				cat = j.opt.Category(tm.ID, d.Category())
			}
			col.Types = append(col.Types, TypeResult{
				Type: tm.ID, Category: cat, Confidence: tm.Confidence,
				Matched: tm.Matched, Sampled: tm.Sampled, Examples: tm.Examples,
			})
		}
		if n := c.minors[ci]; n > 0 {
			col.Types = append(col.Types, TypeResult{
				Type: "minor", Category: j.opt.Category("minor", detect.CategorySensitive), Confidence: 1,
				Matched: n, Sampled: c.births[ci], Examples: []string{},
			})
		}
		tr.Columns = append(tr.Columns, col)
	}
	tr.Roles, tr.SharedColumns = roleResults(c.p, j.cols, c.roleRows)
	persons := c.persons
	persons.RowsOnly = c.rowsOnly
	out := tableOutcome{result: tr, persons: persons, rowRefs: c.rowKeys, sampled: sampled, stats: st}
	if j.aggregate != "" {
		out.notes = append(out.notes, j.aggregate)
	}
	for ci, n := range c.damaged {
		if n > 0 {
			out.notes = append(out.notes, fmt.Sprintf("column %q: %d identifiers were damaged by a spreadsheet (scientific notation or digits lost) and cannot be read; each is counted as a person of its own, of the column's type", j.cols[ci], n))
		}
	}
	if c.unlinked {
		out.notes = append(out.notes, "too many linked identifiers to keep: some persons keyed by different identifiers in different roles may be counted twice (an overcount, never an undercount)")
	}
	return out
}

// roleResults describes the plan's roles for the report: who a row can describe, by which
// columns, and in how many rows each did.
func roleResults(p plan, cols []string, rows []int64) ([]RoleResult, []string) {
	names := func(idx []int) []string {
		out := make([]string, 0, len(idx))
		for _, i := range idx {
			if i < len(cols) {
				out = append(out, cols[i])
			}
		}
		return out
	}
	var roles []RoleResult
	unnamed := 0
	for ri := range p.roles {
		r := &p.roles[ri]
		name := r.name
		if name == "" {
			unnamed++
			name = "person"
			if unnamed > 1 {
				name = fmt.Sprintf("person %d", unnamed)
			}
		}
		rr := RoleResult{Role: name, Columns: names(r.anyPI), KeyColumns: names(r.keyCols())}
		if ri < len(rows) {
			rr.Rows = rows[ri]
		}
		roles = append(roles, rr)
	}
	var shared []int
	for _, c := range p.shared {
		shared = append(shared, c.col)
	}
	return roles, names(shared)
}
