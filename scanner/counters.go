package scanner

import (
	"context"

	"github.com/xborder/xborder/readers"
)

// recount reads the table again from a fresh open and counts persons with plan p.
func (j *tableJob) recount(ctx context.Context, p plan) (*counter, error) {
	t, done, err := j.reopen()
	if err != nil {
		return nil, err
	}
	defer done()
	if pr, ok := t.(readers.Projector); ok {
		if err := pr.Project(p.columns()); err != nil {
			return nil, err
		}
	}
	return j.count(ctx, t, p)
}

// count counts persons over every row of t with plan p, on j.workers goroutines.
func (j *tableJob) count(ctx context.Context, t readers.Table, p plan) (*counter, error) {
	counters := j.newCounters(p)
	var err error
	if ch, ok := t.(readers.Chunker); ok {
		err = j.pumpChunks(ctx, ch, nil, func(w int, c *readers.Chunk) error {
			return counters[w].chunk(c, nil, 0)
		})
	} else {
		err = pump(ctx, j.opt.scratch, t, j.workers, nil, func(w int, b *readers.Batch, first int64) {
			counters[w].batch(b, first)
		})
	}
	c := mergeCounters(counters) // also after an error: it stops the inserter's goroutine
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newCounters returns one counter per worker, all feeding one inserter goroutine that owns the
// table's person set: keying (validation, normalisation, hashing) runs in parallel, while the
// set, whose inserts are cache misses at millions of persons, is filled on a goroutine of its own
// and never has to be merged.
func (j *tableJob) newCounters(p plan) []*counter {
	ins := newInserter(j.opt.SetBudget, j.opt.scratch)
	cs := make([]*counter, max(1, j.workers))
	for i := range cs {
		cs[i] = j.newCounter(p, ins)
	}
	return cs
}

// mergeCounters waits for the counters' persons to be inserted and folds their statistics into
// the first counter.
func mergeCounters(cs []*counter) *counter {
	c := cs[0]
	for _, o := range cs {
		o.flush()
	}
	set := c.ins.close()
	for _, o := range cs {
		c.ins.sc.putKeys(o.keys)
		o.keys = nil
	}
	c.rowKeys = tableRowRefs(cs)
	for _, o := range cs[1:] {
		c.rowsOnly = c.rowsOnly || o.rowsOnly
		c.unlinked = c.unlinked || o.unlinked
		c.weakLost = c.weakLost || o.weakLost
		c.weak = append(c.weak, o.weak...)
		o.weak = nil
		c.edges = append(c.edges, o.edges...)
		o.edges = nil
		for col, n := range o.minors {
			c.minors[col] += n
		}
		for col, n := range o.births {
			c.births[col] += n
		}
		for col, n := range o.damaged {
			c.damaged[col] += n
		}
		for ri, n := range o.roleRows {
			c.roleRows[ri] += n
		}
	}
	c.persons = Persons{Set: relink(set, c.edges, c.ins.set.budget)}
	c.edges = nil
	return c
}

func (j *tableJob) newCounter(p plan, ins *inserter) *counter {
	return &counter{
		p:        p,
		ins:      ins,
		keys:     ins.buffer(),
		ages:     newMinorTest(j.opt.Now, j.opt.MinorAge),
		minors:   make([]int64, len(j.cols)),
		births:   make([]int64, len(j.cols)),
		damaged:  make([]int64, len(j.cols)),
		cleaned:  make([][]byte, len(j.cols)),
		roleRows: make([]int64, len(p.roles)),
		maxEdges: maxEdgesPerCounter(j.opt.SetBudget) / max(1, j.workers),
	}
}
