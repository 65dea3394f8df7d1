package scanner

import (
	"context"
	"fmt"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
)

// A customer list keys each person by their strongest identifier, the resident ID number. A row
// whose ID cell is empty keys its person by their phone instead, and the same customer on a row
// with both would count twice. The counters note such weaker keys; when there are any, the table
// is read a second time, linking each of them to the stronger key of every row that holds both
// (the union-find of personkeys.go), so the customer counts once. Tables with several roles link
// every identifier in their one pass and need no second one.

// maxWeakKeys bounds the weaker keys a counter notes (8 bytes each). Past it the second pass is
// not made: such persons may count twice, never less (a note says so).
const maxWeakKeys = 4 << 20

// noteWeak records a key made from a weaker identifier than the role's strongest.
func (c *counter) noteWeak(key uint64) {
	if len(c.weak) < maxWeakKeys/max(1, len(c.roleRows)) {
		c.weak = append(c.weak, keyOf(key))
	} else {
		c.weakLost = true
	}
}

// linked reports whether identifier h, found after a row's key, is to be linked to it: every
// other identifier in a table with several roles, or one a first pass keyed a person by.
func (c *counter) linked(h, key uint64) bool {
	if keyOf(h) == keyOf(key) {
		return false
	}
	if c.p.link {
		return true
	}
	if c.p.linkTo != nil {
		_, ok := c.p.linkTo[keyOf(h)]
		return ok
	}
	return false
}

// finish links weaker keys when the counting pass found any, then assembles the outcome.
func (j *tableJob) finish(ctx context.Context, t readers.Table, classes []detect.ColumnClass, c *counter, sampled int64) (tableOutcome, error) {
	if len(c.weak) > 0 && !c.weakLost && j.reopen != nil {
		p := c.p
		p.linkTo = make(map[uint64]struct{}, len(c.weak))
		for _, k := range c.weak {
			p.linkTo[k] = struct{}{}
		}
		again, err := j.recount(ctx, p)
		if err != nil {
			return tableOutcome{}, fmt.Errorf("linking pass: %w", err)
		}
		again.p.linkTo = nil
		c = again
	}
	out := j.outcome(t, classes, c, sampled)
	if c.weakLost {
		out.notes = append(out.notes, "too many rows lacked their strongest identifier to link them all: a person keyed by a weaker identifier on some rows and a stronger one on others may be counted twice (an overcount, never an undercount)")
	}
	return out, nil
}
