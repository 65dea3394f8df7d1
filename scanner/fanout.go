package scanner

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/xborder/xborder/readers"
)

// pump reads batches from t on its own goroutine, so that decoding overlaps analysis, and hands
// them to `workers` goroutines running work. Its batches come from sc and go back to it. inOrder, when set, sees every batch first, on the
// reading goroutine and in table order. first is the index of the batch's first row in the table.
func pump(ctx context.Context, sc *scratch, t readers.Table, workers int, inOrder func(b *readers.Batch, first int64), work func(w int, b *readers.Batch, first int64)) error {
	type item struct {
		b     *readers.Batch
		first int64
	}
	var next int64
	var seen func(*item) error
	if inOrder != nil {
		seen = func(it *item) error { inOrder(it.b, it.first); return nil }
	}
	items := itemKind[item]{
		make:    func() *item { return &item{b: sc.batch()} },
		recycle: func(it *item) { sc.putBatch(it.b) },
	}
	return fanOut(ctx, workers, items,
		func(it *item) error {
			err := t.Next(it.b)
			it.first = next
			next += int64(it.b.Rows)
			return err
		},
		seen,
		func(w int, it *item) error { work(w, it.b, it.first); return nil })
}

// pumpChunks reads ch's chunks on a goroutine of its own (head, when set, sees each first, in
// order) and hands them to j.workers goroutines running work.
func (j *tableJob) pumpChunks(ctx context.Context, ch readers.Chunker, head func(*readers.Chunk) error, work func(w int, c *readers.Chunk) error) error {
	sc := j.opt.scratch
	items := itemKind[readers.Chunk]{
		make:    func() *readers.Chunk { return sc.chunk(j.chunkBytes) },
		recycle: sc.putChunk,
	}
	return fanOut(ctx, j.workers, items, ch.NextChunk, head, work)
}

// fanOut produces items with next on a goroutine of its own, in order (inOrder, when set, sees
// each there first), and consumes them with work on `workers` goroutines. Items are recycled
// through a pool of at most workers+4, so memory stays flat whatever the table's size, and are
// handed to kind.recycle once fanOut is done with them. The first
// error of next (other than io.EOF), inOrder or work stops the reading and is returned; a panic
// in any of them becomes an error too (a library choking on hostile input, a detector bug), so
// one bad file never takes the run down.
func fanOut[T any](ctx context.Context, workers int, kind itemKind[T], next func(*T) error, inOrder func(*T) error, work func(w int, it *T) error) error {
	workers = max(1, workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Four spare items let the reading goroutine run ahead while a worker is slow (a person
	// set splitting under it): with two spares, the 10 M-row CSV's reader waited 0.26 s for a
	// free chunk, with four 0.09 s (runtime trace, docs/performance.md).
	depth := workers + 4
	pool := &itemPool[T]{free: make(chan *T, depth), depth: depth, kind: kind}
	defer pool.release()
	jobs := make(chan *T, depth)
	var (
		readErr  error
		failOnce sync.Once
		failErr  error
	)
	fail := func(err error) {
		failOnce.Do(func() { failErr = err })
		cancel()
	}
	// A panic on these goroutines is out of reach of scanFile's recover: catch it here.
	safely := func(f func() error) (ok bool) {
		defer func() {
			if r := recover(); r != nil {
				fail(fmt.Errorf("internal error while analysing the table: panic: %s", readers.DescribePanic(r)))
				ok = false
			}
		}()
		if err := f(); err != nil {
			fail(err)
			return false
		}
		return true
	}
	go func() {
		defer close(jobs)
		for {
			it := pool.get(ctx)
			if err := ctx.Err(); err != nil {
				pool.put(it)
				readErr = err
				return
			}
			if err := safeRead(func() error { return next(it) }); err != nil {
				pool.put(it) // the end of every table: the item goes back to the scratch too
				if err != io.EOF {
					readErr = err
				}
				return
			}
			if inOrder != nil && !safely(func() error { return inOrder(it) }) {
				pool.put(it)
				return
			}
			jobs <- it
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			failed := false
			for it := range jobs {
				if !failed {
					failed = !safely(func() error { return work(w, it) })
				}
				pool.free <- it
			}
		}()
	}
	wg.Wait() // jobs is closed only after the reader has set readErr
	if failErr != nil {
		return failErr
	}
	return readErr
}

// itemKind makes fanOut's items and takes them back (recycle) once fanOut is done.
type itemKind[T any] struct {
	make    func() *T
	recycle func(*T)
}

// itemPool recycles at most depth items between fanOut's reading goroutine and its workers.
type itemPool[T any] struct {
	free  chan *T
	made  int
	depth int
	kind  itemKind[T]
}

// put gives back an item the reading goroutine holds and will not hand to a worker (nil: none).
// It never waits: at most depth items exist, and free holds depth.
func (p *itemPool[T]) put(it *T) {
	if it != nil {
		p.free <- it
	}
}

// release hands the free items to kind.recycle. It is called once every goroutine of fanOut has
// stopped, when every item is free again.
func (p *itemPool[T]) release() {
	for {
		select {
		case it := <-p.free:
			p.kind.recycle(it)
		default:
			return
		}
	}
}

// get returns a free item, a new one while fewer than depth exist, or else waits for one to be
// freed; it returns nil once ctx is done.
func (p *itemPool[T]) get(ctx context.Context) *T {
	select {
	case it := <-p.free:
		return it
	default:
	}
	if p.made < p.depth {
		p.made++
		return p.kind.make()
	}
	select {
	case it := <-p.free:
		return it
	case <-ctx.Done():
		return nil
	}
}

// safeRead turns a reader panic (a library choking on hostile input) into an error.
func safeRead(read func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: reader failed: panic: %s", readers.ErrCorrupt, readers.DescribePanic(r))
		}
	}()
	return read()
}
