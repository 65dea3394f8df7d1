package scanner

import (
	"sync"
	"sync/atomic"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
)

// classify types the columns from n rows, cell(ci, i) giving column ci of row i (nil when the
// row is short). Columns are independent, so they are classified on j.workers goroutines: typing
// the sample is the only step of a chunked table that no other goroutine overlaps.
func (j *tableJob) classify(n int, cell func(ci, i int) []byte) []detect.ColumnClass {
	out := make([]detect.ColumnClass, len(j.cols))
	var (
		next      atomic.Int64
		wg        sync.WaitGroup
		panicOnce sync.Once
		panicked  any
	)
	for range max(1, min(j.workers, len(j.cols))) {
		wg.Go(func() {
			// A detector's panic is raised again on the caller's goroutine, whose recover
			// turns it into the file's error.
			defer func() {
				if r := recover(); r != nil {
					panicOnce.Do(func() { panicked = r })
				}
			}()
			for {
				ci := int(next.Add(1) - 1)
				if ci >= len(j.cols) {
					return
				}
				if j.ignore[ci] {
					continue
				}
				cl := detect.NewClassifier(j.opt.Registry, j.cols[ci], detect.ClassifyOptions{Table: j.cols})
				for i := 0; i < n; i++ {
					if v := cell(ci, i); v != nil {
						cl.Add(v)
					}
				}
				out[ci] = cl.Result()
				cl.Release()
			}
		})
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	return j.settle(out)
}

func (j *tableJob) newClassifiers() []*detect.Classifier {
	cls := make([]*detect.Classifier, len(j.cols))
	for i, name := range j.cols {
		cls[i] = detect.NewClassifier(j.opt.Registry, name, detect.ClassifyOptions{Table: j.cols})
	}
	return cls
}

func (j *tableJob) feed(cls []*detect.Classifier, b *readers.Batch, row int) {
	for ci, cl := range cls {
		if j.ignore[ci] || ci >= len(b.Columns) || row >= b.Columns[ci].Len() {
			continue
		}
		cl.Add(b.Columns[ci].Cell(row))
	}
}

func (j *tableJob) results(cls []*detect.Classifier) []detect.ColumnClass {
	out := make([]detect.ColumnClass, len(cls))
	for i, cl := range cls {
		if j.ignore[i] {
			continue
		}
		out[i] = cl.Result()
		cl.Release()
	}
	return j.settle(out)
}

// settle applies what the table as a whole says to its column types (detect.TableContext: a
// summary's figures describe groups, a store list's coordinates a store); what it dropped and
// why is kept for the file's notes.
func (j *tableJob) settle(classes []detect.ColumnClass) []detect.ColumnClass {
	classes, j.aggregate = detect.TableContext(j.cols, classes)
	return classes
}

// plan is the counting plan of the table typed classes.
func (j *tableJob) plan(classes []detect.ColumnClass) plan {
	return makePlan(classes, j.cols, j.opt.Registry, j.opt.Category)
}
