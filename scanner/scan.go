// Package scanner audits files: it walks the scan's arguments, reads every supported file
// through readers, types each column from a representative sample with the detect package, and
// counts the distinct persons (and persons with sensitive PI) over every row. It decides nothing
// legal: report turns its results into verdicts.
package scanner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner/detect"
)

// Options configure a scan. Zero fields take their defaults, except SampleRows, where 0 means
// every row (the meaning of --sample 0); a negative value takes DefaultSampleRows.
type Options struct {
	// Registry holds the detectors (built-in plus policy custom detectors).
	Registry *detect.Registry
	// Category maps a type id and its default category to the effective one (policy overrides).
	Category func(typeID string, def detect.Category) detect.Category
	// IgnorePath and IgnoreColumn skip paths (relative, slash-separated) and columns (policy).
	IgnorePath   func(rel string) bool
	IgnoreColumn func(name string) bool
	// Exclude, when set, leaves out on purpose the paths it matches (relative to their root,
	// slash-separated; an archive member as "a.zip!/dir/m.csv"), with the rule that did, shown
	// in the report: --exclude globs and the policy's ignore.paths. It is asked before
	// IgnorePath.
	Exclude func(rel string) (why string, excluded bool)
	// MinorAge: persons younger than this on Now are minors (sensitive). Default 14.
	MinorAge int
	// Now is the scan date: for ages, and the last birth date a detector accepts (the Registry
	// is bound to it with detect.Registry.On). Default time.Now().
	Now time.Time
	// SampleRows is the number of rows per table used to decide column types; 0 means all rows.
	// Use DefaultSampleRows for the default.
	SampleRows int
	// Workers bounds how many files are read at once, and how many goroutines count the rows of
	// one large file. Default: number of CPUs.
	Workers int
	// ParallelFileBytes is the size from which one file's rows are counted on Workers goroutines;
	// below it, a file is counted on one (small files run side by side instead, and per-file
	// parallelism would cost more in merging sets than it saves). Default 32 MiB.
	ParallelFileBytes int64
	// ChunkBytes is the size of the chunks of whole records delimited text is cut into, so that
	// several goroutines can split one file. Default DefaultChunkBytes.
	ChunkBytes int
	// FollowSymlinks follows symbolic links found inside folders (loops are detected either way).
	FollowSymlinks bool
	// SetBudget is the memory each person set may use before switching to a sketch (bytes).
	SetBudget int64
	// Limits bound input-controlled sizes in the readers.
	Limits readers.Limits
	// Readers is the format registry. Default readers.Default().
	Readers *readers.Registry
	// Progress, when set, receives the bytes read so far across the run; it is updated by
	// atomic adds and may be polled from another goroutine.
	Progress *atomic.Int64
	// OnStart, when set, is called once the walk is done with the number of files to read (an
	// archive counts once) and their total size (for a progress bar).
	OnStart func(files int, bytes int64)
	// OnFileStart and OnFile, when set, are called as each file starts and finishes (from
	// worker goroutines, so they must be safe for concurrent use). For an archive, OnFileStart is
	// called once and OnFile once per result (member), each with Container set.
	OnFileStart func(path string)
	OnFile      func(FileResult)
	// CountInBatch, when set, decides whether a file's persons join the batch union (policy:
	// files under a declared exemption may be left out of the volume). Default: all files.
	CountInBatch func(rel string) bool
	// Reuse, when set, is asked before a file is analysed; returning true reuses the given result
	// (an unchanged file recorded in the ledger) instead of reading the file.
	Reuse func(abs string, info os.FileInfo) (FileResult, bool)
	// OpenObject opens the files whose Abs is an object's URL (IsObjectURL; object.go).
	OpenObject func(ctx context.Context, url string) (Object, error)
	// ObjectInMemory is the size up to which an object is fetched whole into memory. Default
	// DefaultObjectInMemory; negative: never.
	ObjectInMemory int64

	// scratch recycles read buffers between the tables of this scan (scratch.go); set by
	// withDefaults, so each Scan owns its own.
	scratch *scratch
}

// DefaultSampleRows is the default of --sample.
const DefaultSampleRows = 10000

// DefaultChunkBytes is the default of Options.ChunkBytes: large enough that handing a chunk to a
// goroutine costs nothing next to splitting it, small enough that a few per worker stay cheap.
const DefaultChunkBytes = 1 << 20

func (o Options) withDefaults() Options {
	if o.Registry == nil {
		o.Registry = detect.Builtin()
	}
	if o.Category == nil {
		o.Category = func(_ string, def detect.Category) detect.Category { return def }
	}
	if o.MinorAge <= 0 {
		o.MinorAge = 14
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Registry = o.Registry.On(detect.DayOf(o.Now))
	if o.SampleRows < 0 {
		o.SampleRows = DefaultSampleRows
	}
	if o.Workers <= 0 {
		o.Workers = defaultWorkers()
	}
	if o.ParallelFileBytes <= 0 {
		o.ParallelFileBytes = 32 << 20
	}
	if o.ChunkBytes <= 0 {
		o.ChunkBytes = DefaultChunkBytes
	}
	if o.Readers == nil {
		o.Readers = readers.Default()
	}
	o.Limits = o.Limits.WithDefaults()
	if o.scratch == nil {
		o.scratch = newScratch()
	}
	return o
}

// Result is the outcome of a scan.
type Result struct {
	// Files in walk order: arguments as given, folder entries sorted by name; an archive's
	// members in archive order where the archive was found.
	Files []FileResult
	// Skipped are the paths not read: excluded on purpose, or not examined.
	Skipped []Skipped
	// Archives are the archive files on disk that were opened, with their own digest (their
	// members are in Files).
	Archives []ArchiveFile
	// EmptyRoots are folder arguments under which nothing at all was found (an unmounted share?).
	EmptyRoots []string
	// Batch is the union of every file's persons (the whole batch sent together). It may share
	// sets with a file's result: read-only.
	Batch Persons
	// Incomplete is set when the scan was cancelled before every file was read.
	Incomplete bool
	// Spans say what each file of the walk (of ScanList: each FileRef, in order) gave: a plain
	// file one result, an archive one per member. A shard files its archives' members under
	// their plan file with them.
	Spans []Span
}

// Span is what one listed file gave in a Result: its count of Files and of Skipped (after the
// walk's own skipped paths), in order, and whether it added the next entry of Archives.
type Span struct {
	Files, Skipped int
	Archive        bool
}

// Scan audits the files under paths. It returns an error only for a failure of the run itself
// (cancellation still returns the partial result with Incomplete set); a file that cannot be read
// is a FileResult with Err set.
func Scan(ctx context.Context, paths []string, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	w := &walker{opt: &opt}
	if err := w.walk(ctx, paths); err != nil {
		return &Result{Incomplete: true}, nil
	}
	return scanTargets(ctx, w, &opt), nil
}

// scanTargets reads the targets of a finished walk (or of a plan's shard, see ScanList).
func scanTargets(ctx context.Context, w *walker, optp *Options) *Result {
	opt := *optp
	res := &Result{}
	batch := union{budget: opt.SetBudget}
	res.EmptyRoots = w.emptyRoots
	outs := make([]targetOutcome, len(w.targets))
	if opt.OnStart != nil {
		opt.OnStart(len(w.targets), w.bytes)
	}

	var mu sync.Mutex // guards res.Batch
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opt.Workers)
	for i, t := range w.targets {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if opt.OnFileStart != nil {
				opt.OnFileStart(t.path)
			}
			out := scanTarget(gctx, t, &opt)
			outs[i] = out
			for _, fr := range out.files {
				if fr.Err == nil && (opt.CountInBatch == nil || opt.CountInBatch(fr.Path)) {
					mu.Lock()
					batch.add(fr.Persons)
					mu.Unlock()
				}
				if opt.OnFile != nil {
					opt.OnFile(fr)
				}
			}
			return nil
		})
	}
	_ = g.Wait()
	res.Batch = batch.persons()
	if ctx.Err() != nil {
		res.Incomplete = true
		for i := range outs {
			if !outs[i].done {
				t := w.targets[i]
				outs[i] = targetOutcome{files: []FileResult{{Path: t.path, AbsPath: t.abs, Root: t.root, Err: fmt.Errorf("not scanned: %w", ctx.Err())}}}
			}
		}
	}
	res.Skipped = w.skipped
	res.Spans = make([]Span, len(outs))
	for i, out := range outs {
		res.Spans[i] = Span{Files: len(out.files), Skipped: len(out.skipped), Archive: out.archive != nil}
		res.Files = append(res.Files, out.files...)
		res.Skipped = append(res.Skipped, out.skipped...)
		if out.archive != nil {
			res.Archives = append(res.Archives, *out.archive)
		}
	}
	if res.Files == nil {
		res.Files = []FileResult{}
	}
	return res
}

// targetOutcome is what one target of the walk gave: one result for a file, one per member for
// an archive (plus its members that were not examined or were excluded).
type targetOutcome struct {
	done    bool
	files   []FileResult
	skipped []Skipped
	archive *ArchiveFile
}

// scanTarget reads one target of the walk.
// A local file and an object take the same decisions: an archive is opened (scanArchive reads
// either), a path the walk or listing could not take (t.err) is the same error.
func scanTarget(ctx context.Context, t target, opt *Options) targetOutcome {
	switch {
	case t.err != nil:
		return targetOutcome{done: true, files: []FileResult{scanFile(ctx, t, opt)}}
	case t.archive != "":
		out := scanArchive(ctx, t, opt)
		out.done = true
		return out
	case IsObjectURL(t.abs):
		if opt.OpenObject == nil {
			t.err = errNoObjects
		}
		return targetOutcome{done: true, files: []FileResult{scanObject(ctx, t, opt)}}
	}
	return targetOutcome{done: true, files: []FileResult{scanFile(ctx, t, opt)}}
}

// fileChanged reports a local file that changed while it was read: the digest covered another
// length than the file had when opened (before), or its size or modification time now differ.
// A file that can no longer be examined (deleted, or a network mount's stat failing) passes only
// when every byte it had was read.
func fileChanged(path string, before os.FileInfo, hashed int64) error {
	after, err := os.Stat(path)
	switch {
	case hashed != before.Size():
		return fmt.Errorf("file changed while it was read (%d bytes when opened, %d read): scan it again once it is complete", before.Size(), hashed)
	case err != nil:
		return nil
	case after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()):
		return fmt.Errorf("file changed while it was read (size %d → %d bytes): scan it again once it is complete", before.Size(), after.Size())
	}
	return nil
}

// emptySHA256 is the digest of no bytes.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// emptyFile makes fr the result of a 0-byte file: read in full, nothing to transfer.
func emptyFile(fr *FileResult) {
	fr.SHA256 = emptySHA256
	fr.Size = 0
	fr.Tables = []TableResult{}
	fr.Persons = Persons{}
	fr.Notes = append(fr.Notes, "empty (0 bytes): nothing to transfer")
}

// scanFile reads and analyses one file. It never panics and never returns without a result.
func scanFile(ctx context.Context, t target, opt *Options) (fr FileResult) {
	fr = FileResult{Path: t.path, AbsPath: t.abs, Root: t.root}
	if t.err != nil {
		fr.Err = t.err
		return fr
	}
	defer func() {
		if r := recover(); r != nil {
			// Never print the panic value: a detector or reader may have panicked with a cell.
			fr.Err = fmt.Errorf("internal error while reading the file: panic: %s", readers.DescribePanic(r))
		}
	}()
	if f, ok := opt.Readers.Lookup(t.abs); ok {
		fr.Format = f.ID
	}
	f, err := openReadOnly(t.abs)
	if err != nil {
		fr.Err = describeOSError(err)
		return fr
	}
	defer f.Close()
	before, err := f.Stat()
	if err != nil {
		fr.Err = describeOSError(err)
		return fr
	}
	if !before.Mode().IsRegular() {
		fr.Err = errors.New("not a regular file")
		return fr
	}
	fr.Size, fr.Modified = before.Size(), before.ModTime().UTC()
	if before.Size() == 0 {
		emptyFile(&fr)
		return fr
	}
	if _, ok := opt.Readers.Lookup(t.abs); !ok {
		// Only a 0-byte file of another format is read; this one grew since the walk.
		fr.Err = errGrown
		return fr
	}
	if opt.Reuse != nil {
		if prev, ok := opt.Reuse(t.abs, before); ok {
			prev.Path, prev.AbsPath, prev.Root = t.path, t.abs, t.root
			return prev
		}
	}

	src := newHashingFile(f, before.Size(), opt.Progress)
	refs, err := analyse(ctx, &fr, src, t.path, opt, func(ti int) func() (readers.Table, func(), error) {
		return reopenTable(t.path, ti, opt, localOpener(t.abs))
	})
	sum, hashed, herr := src.finish()
	if err == nil && herr != nil {
		err = fmt.Errorf("reading for the digest: %w", describeOSError(herr))
	}
	fr.SHA256 = sum
	if err == nil {
		err = fileChanged(t.abs, before, hashed)
	}
	if err != nil {
		fr.Err = err
		fr.Persons = Persons{}
		return fr
	}
	addRowKeys(&fr, sum, refs)
	return fr
}

// addRowKeys adds the persons without an identifier of a file read whole, keyed from its digest
// (personkeys.go).
func addRowKeys(fr *FileResult, sum string, refs []tableRefs) {
	if keys := stableRowKeys(sum, refs); len(keys) > 0 && fr.Persons.Set != nil {
		fr.Persons.Set.AddKeys(keys)
		fr.Persons.Set.Flush()
	}
}

// analyse opens the file (or archive member) at path with its reader and analyses every table.
// reopen(ti) returns the function that opens table ti again for a second counting pass.
// It returns the row references of the persons without an identifier, to be keyed once the
// digest is known (addRowKeys).
func analyse(ctx context.Context, fr *FileResult, src *hashingFile, path string, opt *Options,
	reopen func(ti int) func() (readers.Table, func(), error)) (refs []tableRefs, err error) {
	bufs := opt.scratch.buffers()
	src.bufs = bufs // the digest's drain borrows from the same pool as the readers, for every kind of input
	source := readers.Source{Path: path, R: src.reader(), Size: fr.Size, Limits: opt.Limits, Workers: countWorkers(fr.Size, opt), Buffers: bufs}
	file, err := opt.Readers.Open(source)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info := file.Info()
	fr.Format, fr.Encoding, fr.Compression = info.Format, info.Encoding, info.Compression
	switch {
	case info.RandomAccess && src.off == 0 && src.ra != nil:
		// A random-access reader (it reads the file by ReadAt only, never in order): hash the
		// file alongside the parse instead of after it.
		src.hashAhead()
	case info.Compression == "" && (info.Encoding == "utf-8" || info.Encoding == "utf-8-bom") && opt.SampleRows > 0:
		// Delimited text read in chunks: the reading goroutine only reads and cuts, while
		// others split and count, so it hashes too. (Decoded or decompressed text keeps the
		// hasher apart: its reading goroutine is busy decoding.)
		src.hashInline()
	}
	persons := union{budget: opt.SetBudget}
	defer func() { fr.Persons = persons.persons() }()
	fr.Tables = []TableResult{}
	for ti := 0; ; ti++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		tbl, err := file.NextTable()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		job := &tableJob{opt: opt, table: ti, seed: uint64(ti), workers: countWorkers(fr.Size, opt), chunkBytes: chunkBytes(fr.Size, fr.Compression, opt), reopen: reopen(ti)}
		out, err := job.run(ctx, tbl)
		if err != nil {
			return nil, err
		}
		if len(out.rowRefs) > 0 {
			refs = append(refs, tableRefs{table: ti, refs: out.rowRefs})
		}
		for _, n := range out.notes {
			fr.Notes = append(fr.Notes, tableLabel(out.result.Name)+n)
		}
		fr.Tables = append(fr.Tables, out.result)
		fr.Rows += out.result.Rows
		fr.SampledRows += out.sampled
		persons.add(out.persons)
		if out.stats.RaggedRows > 0 {
			fr.Notes = append(fr.Notes, fmt.Sprintf("%s%d rows had a different number of cells than the header (padded or cut to fit)", tableLabel(out.result.Name), out.stats.RaggedRows))
		}
		if out.stats.PrecisionLost > 0 {
			fr.Notes = append(fr.Notes, fmt.Sprintf("%s%d numeric cells had more than 15 significant digits: the spreadsheet already lost their last digits (long IDs stored as numbers)", tableLabel(out.result.Name), out.stats.PrecisionLost))
		}
	}
	// Sequential readers stop at their last record; hash whatever trails it.
	return refs, nil
}

// countWorkers is how many goroutines count one file's rows: all workers for a large file (a
// single 5 GB export must use every core), one for small files (they run side by side instead).
func countWorkers(size int64, opt *Options) int {
	if size >= opt.ParallelFileBytes {
		return opt.Workers
	}
	return 1
}

// chunkBytes is the size of the chunks a delimited-text file is cut into: Options.ChunkBytes, or
// less for a small file, so a folder of thousands of small files does not allocate megabytes for
// each: the file's size plus one when uncompressed, else a guess of 4× the compressed size (a
// chunk too small for the text only means more chunks; one too small for a record grows).
func chunkBytes(size int64, compression string, opt *Options) int {
	n := opt.ChunkBytes
	switch {
	case size < 0:
	case compression == "" && size < int64(n):
		n = int(size) + 1
	case compression != "" && 4*size+(64<<10) < int64(n):
		n = int(4*size) + 64<<10
	}
	return n
}

func tableLabel(name string) string {
	if name == "" {
		return ""
	}
	return "sheet " + name + ": "
}

// reopenTable returns a function that opens the input at path again (open returns its bytes,
// their size and how to release them) and returns its table ti, for a second counting pass. The
// second read is not hashed: the digest comes from the first.
func reopenTable(path string, ti int, opt *Options, open func() (io.Reader, int64, func(), error)) func() (readers.Table, func(), error) {
	return func() (readers.Table, func(), error) {
		r, size, release, err := open()
		if err != nil {
			return nil, nil, err
		}
		file, err := opt.Readers.Open(readers.Source{Path: path, R: r, Size: size, Limits: opt.Limits, Buffers: opt.scratch.buffers()})
		if err != nil {
			release()
			return nil, nil, err
		}
		done := func() { file.Close(); release() }
		for k := 0; ; k++ {
			tbl, err := file.NextTable()
			if err != nil {
				done()
				if err == io.EOF {
					err = errors.New("table vanished between passes")
				}
				return nil, nil, err
			}
			if k == ti {
				return tbl, done, nil
			}
		}
	}
}

// plainFile exposes only Read and ReadAt of a file, like hashingFile.
type plainFile struct{ f *os.File }

func (p plainFile) Read(b []byte) (int, error)              { return p.f.Read(b) }
func (p plainFile) ReadAt(b []byte, off int64) (int, error) { return p.f.ReadAt(b, off) }
