package scanner

import (
	"context"

	"github.com/xborder/xborder/readers"
)

// A table is analysed in one of two ways (both end in finish, linkweak.go):
//
//   - runSampled, for tables that draw a spread sample without a full read (readers.Sampler);
//   - drive (drive.go), for tables read front to back, in batches (Table.Next) or in chunks of
//     whole records (readers.Chunker): one pass counts persons with a provisional plan while a
//     sample (sample.go) of the whole table is drawn.
//
// The files of this concept: table.go (the job), drive.go (the one orchestration of a table read
// front to back), sample.go (the one sampler), typing.go (column typing), counters.go (the
// counting goroutines), outcome.go (the table's result) and fanout.go (reading on one goroutine,
// working on several).

// tableJob analyses one table: types from a sample, persons from every row.
type tableJob struct {
	opt *Options
	// table is the table's index in its file; seed, derived from it alone, seeds the sample,
	// so a file gives the same sample and report whatever else the scan reads.
	table int
	seed  uint64
	// aggregate, when set, says which types the table context dropped and why (settle).
	aggregate string
	cols      []string
	ignore    []bool
	// workers is how many goroutines count this table's rows.
	workers int
	// chunkBytes is the size of the chunks a chunked table is read in.
	chunkBytes int
	// reopen returns the same table from a fresh open of the file, for a second counting pass.
	reopen func() (readers.Table, func(), error)
}

// tableOutcome is what a table contributes to its file.
type tableOutcome struct {
	result  TableResult
	persons Persons
	// rowRefs are the persons without an identifier, keyed once the file's digest is known.
	rowRefs []uint64
	sampled int64
	stats   readers.TableStats
	notes   []string
}

func (j *tableJob) run(ctx context.Context, t readers.Table) (tableOutcome, error) {
	j.cols = t.Columns()
	j.ignore = make([]bool, len(j.cols))
	if j.opt.IgnoreColumn != nil {
		for i, c := range j.cols {
			j.ignore[i] = j.opt.IgnoreColumn(c)
		}
	}
	if s, ok := t.(readers.Sampler); ok && j.opt.SampleRows > 0 {
		return j.runSampled(ctx, t, s)
	}
	if ch, ok := t.(readers.Chunker); ok && j.opt.SampleRows > 0 {
		return j.drive(ctx, t, j.chunkStrategy(t, ch))
	}
	return j.drive(ctx, t, j.batchStrategy(t))
}

// runSampled is for tables that can draw a spread sample without a full read (Parquet): type the
// columns from the sample, then read only the columns the plan needs over every row.
func (j *tableJob) runSampled(ctx context.Context, t readers.Table, s readers.Sampler) (tableOutcome, error) {
	b := j.opt.scratch.batch()
	defer j.opt.scratch.putBatch(b)
	if err := s.Sample(j.opt.SampleRows, b); err != nil {
		return tableOutcome{}, err
	}
	classes := j.classify(b.Rows, batchCells(b))
	p := j.plan(classes)
	if pr, ok := t.(readers.Projector); ok {
		cols := p.columns()
		if len(cols) == 0 && len(j.cols) > 0 {
			cols = []int{0} // rows still need counting
		}
		if err := pr.Project(cols); err != nil {
			return tableOutcome{}, err
		}
	}
	c, err := j.count(ctx, t, p)
	if err != nil {
		return tableOutcome{}, err
	}
	return j.finish(ctx, t, classes, c, int64(b.Rows))
}
