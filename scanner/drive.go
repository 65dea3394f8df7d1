package scanner

import (
	"context"
	"fmt"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
)

// drive is the one orchestration of a table read front to back, whatever the strategy that
// reads it (batches or chunks). One pass counts persons with a provisional plan made from the
// table's first rows while a sample of the whole table is drawn (sample.go). Most of the time the
// final types agree with the provisional ones and the counts stand; when they do not (the head of
// the file was unrepresentative, e.g. an email column empty for its first 20,000 rows), the table
// is read a second time with the final plan, projected to the columns it needs. Correct counts
// over a cheaper guess.
func (j *tableJob) drive(ctx context.Context, t readers.Table, read strategy) (tableOutcome, error) {
	p := &pass{j: j}
	err := read(ctx, p)
	defer j.opt.scratch.putBatch(p.headBatch)
	var c *counter
	if p.counters != nil {
		c = mergeCounters(p.counters) // also stops the inserter after an error
	}
	if err != nil {
		return tableOutcome{}, err
	}
	classes, sampled := p.types()
	pl := j.plan(classes)
	switch {
	case c == nil: // no rows at all
		c = mergeCounters(j.newCounters(pl))
	case p.rows > 0 && pl.signature() != p.provSig:
		again, err := j.recount(ctx, pl)
		if err != nil {
			return tableOutcome{}, fmt.Errorf("second counting pass: %w", err)
		}
		c = again
	}
	return j.finish(ctx, t, classes, c, sampled)
}

// strategy reads a whole table for drive: it calls p.start with the table's first rows before
// any row is counted, has every row counted by p.counters and offered to the sample (or to
// p.every), and sets p.rows.
type strategy func(ctx context.Context, p *pass) error

// pass is the state of one front-to-back read of a table.
type pass struct {
	j        *tableJob
	counters []*counter
	provSig  string // signature of the provisional plan
	// head is the classification of the table's first rows; when they are the whole table (most
	// small files) and fit the sample, it is the final classification too.
	head     []detect.ColumnClass
	headRows int64
	// headBatch is a copy of the head's rows. They are not offered to the sample as they are
	// read: most small tables are all head, and the sample is then never used. types offers
	// them once it knows the sample is needed.
	headBatch *readers.Batch
	rows      int64 // rows read
	// samples are the parts of the sample, one per sampling goroutine, merged at the end.
	samples []*bottomK
	// every, set instead of samples when the sample is every row (--sample 0), are the column
	// classifiers each row is fed to as it is read.
	every []*detect.Classifier
}

// start makes the provisional plan from the table's first rows and the counters that use it.
func (p *pass) start(b *readers.Batch) {
	p.head, p.headRows = p.j.classify(b.Rows, batchCells(b)), int64(b.Rows)
	pl := p.j.plan(p.head)
	p.provSig = pl.signature()
	p.counters = p.j.newCounters(pl)
}

// types are the final column types and the number of rows they were decided from.
func (p *pass) types() ([]detect.ColumnClass, int64) {
	j := p.j
	switch {
	case p.every != nil:
		return j.results(p.every), p.rows
	case p.head != nil && p.rows == p.headRows && p.headRows <= int64(j.opt.SampleRows):
		// The sample is the head, in order: classified already.
		return p.head, p.headRows
	}
	if p.headBatch != nil {
		// The head starts the table: its positions start at 0, as the counters gave them.
		p.samples[0].offerBatch(p.headBatch, 0)
	}
	rows := mergeSamples(p.samples, j.opt.SampleRows)
	return j.classify(len(rows), sampleCells(rows)), int64(len(rows))
}

// batchStrategy reads t in batches (Table.Next: any reader). Sampling sees every batch but the
// first (the head, kept for types) in table order on the reading goroutine; counting fans out to
// the workers.
func (j *tableJob) batchStrategy(t readers.Table) strategy {
	return func(ctx context.Context, p *pass) error {
		var sample *bottomK
		if j.opt.SampleRows == 0 {
			p.every = j.newClassifiers()
		} else {
			sample = newBottomK(j.opt.SampleRows, j.seed)
			p.samples = []*bottomK{sample}
		}
		inOrder := func(b *readers.Batch, first int64) {
			if p.counters == nil {
				p.start(b)
				if sample != nil {
					p.headBatch = j.opt.scratch.batch()
					p.headBatch.CopyFrom(b)
					p.rows += int64(b.Rows)
					return
				}
			}
			if p.every != nil {
				for i := 0; i < b.Rows; i++ {
					j.feed(p.every, b, i)
				}
			} else {
				sample.offerBatch(b, first)
			}
			p.rows += int64(b.Rows)
		}
		return pump(ctx, j.opt.scratch, t, j.workers, inOrder, func(w int, b *readers.Batch, first int64) {
			p.counters[w].batch(b, first)
		})
	}
}

// chunkStrategy reads t in chunks of whole records (delimited text): the reading goroutine only
// reads and cuts, and each of j.workers goroutines splits its chunks into cells, counts their
// persons and keeps its part of the sample.
func (j *tableJob) chunkStrategy(t readers.Table, ch readers.Chunker) strategy {
	return func(ctx context.Context, p *pass) error {
		p.samples = make([]*bottomK, max(1, j.workers))
		for i := range p.samples {
			p.samples[i] = newBottomK(j.opt.SampleRows, j.seed)
		}
		first := func(c *readers.Chunk) error {
			if p.counters == nil {
				b := j.opt.scratch.batch()
				c.Fill(b, j.opt.Limits.BatchRows)
				p.start(b)
				p.headBatch = b
			}
			return nil
		}
		err := j.pumpChunks(ctx, ch, first, func(w int, c *readers.Chunk) error {
			// p.headRows was set by first, before this chunk was handed over.
			return p.counters[w].chunk(c, p.samples[w], uint64(p.headRows))
		})
		p.rows = t.Stats().Rows
		return err
	}
}
