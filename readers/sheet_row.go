package readers

import (
	"sort"

	"github.com/xborder/xborder/scanner/redact"
)

// sheetRow is the row a spreadsheet reader (xlsx, ods) is parsing: each column's rendered cell,
// whether it was set and whether it was text (for telling a header from data), and whether a
// cell past the table's width held a value (a ragged row). Buffers are reused from row to row.
type sheetRow struct {
	cells   [][]byte
	set     []bool
	text    []bool
	touched []int // columns set, to clear
	wide    bool
}

// reset clears the row for the next one, keeping the cells' buffers.
func (r *sheetRow) reset() {
	for _, c := range r.touched {
		r.set[c], r.text[c] = false, false
	}
	r.touched = r.touched[:0]
	r.wide = false
}

// grow makes room for n columns.
func (r *sheetRow) grow(n int) {
	for len(r.cells) < n {
		r.cells = append(r.cells, nil)
		r.set = append(r.set, false)
		r.text = append(r.text, false)
	}
}

// mark records that column c (grown to) holds a value now in r.cells[c].
func (r *sheetRow) mark(c int, text bool) {
	if !r.set[c] {
		r.set[c] = true
		r.touched = append(r.touched, c)
	}
	r.text[c] = text
}

// isHeader reports whether the row names the columns: every cell set is text, none looks like
// a number or a date as delimited text's header rule sees it (numberLike: cleaned as detectors
// clean, mostly digits) and none is or holds an identifier (redact.IsPI: an ID, a phone number,
// an e-mail address…). Column names are printed in every report and stored in the ledger, so a
// first row of a customer's name and order date, or of phone numbers, must be data. The one
// rule of the xlsx and ods readers.
func (r *sheetRow) isHeader() bool {
	for c := range r.cells {
		if r.set[c] && (!r.text[c] || numberLike(string(r.cells[c])) || redact.IsPI(r.cells[c])) {
			return false
		}
	}
	return true
}

// appendTo appends the row's first width columns to b, nil for those not set.
func (r *sheetRow) appendTo(b *Batch, width int) {
	for c := 0; c < width; c++ {
		if c < len(r.set) && r.set[c] {
			b.Columns[c].Append(r.cells[c])
		} else {
			b.Columns[c].Append(nil)
		}
	}
}

// sheetStats is a spreadsheet table's TableStats as they are counted, the columns that lost
// precision as a set.
type sheetStats struct {
	TableStats
	lostCols map[int]bool
}

// lose counts a numeric cell of column c that lost precision.
func (s *sheetStats) lose(c int) {
	s.PrecisionLost++
	if s.lostCols == nil {
		s.lostCols = map[int]bool{}
	}
	s.lostCols[c] = true
}

// table returns the statistics with the columns that lost precision in order.
func (s *sheetStats) table() TableStats {
	out := s.TableStats
	out.PrecisionLostColumns = nil
	for c := range s.lostCols {
		out.PrecisionLostColumns = append(out.PrecisionLostColumns, c)
	}
	sort.Ints(out.PrecisionLostColumns)
	return out
}
