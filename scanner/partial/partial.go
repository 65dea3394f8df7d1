package partial

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/scanner"
)

// Object names of a shard's partial, inside its folder.
const (
	filesName    = "files.json"
	personsName  = "persons.bin"
	manifestName = "manifest.json"
)

// personsMagic opens persons.bin.
var personsMagic = []byte("xborder persons v1\n")

// recordLen is one person in persons.bin: the 16-byte keyed hash, then 1 if sensitive.
const recordLen = len(ledger.Keyed{}) + 1

// Version is the format version of partials. Version 2 files an archive's members under their
// plan file (with the members it did not read and the archive's own digest); a partial of
// version 1, which held one result per plan file and so no archive, is refused.
const Version = 2

// ShardDir is the folder (prefix) of shard s of n.
func ShardDir(s, n int) string { return fmt.Sprintf("shard-%04d-of-%04d/", s, n) }

// Manifest is written last: a partial without it did not finish. It names the plan it belongs
// to and the digest of every other object.
type Manifest struct {
	Version    int      `json:"version"`
	PlanSHA256 string   `json:"plan_sha256"`
	Shard      int      `json:"shard"`
	Shards     int      `json:"shards"`
	KeyCheck   string   `json:"key_check"`
	Files      int      `json:"files"`
	Persons    int64    `json:"persons"`
	Objects    []Object `json:"objects"`
}

// Object is one object of a partial with its size and sha256.
type Object struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// targetEntry is what one file of the plan gave, as files.json holds it: one result for a
// file, one per member for an archive (nested members included), in the order a single-process
// scan reports them; the archive's members that were not read (excluded, not examined) and the
// archive's own digest.
type targetEntry struct {
	Index   int                  `json:"index"`
	Results []fileEntry          `json:"results"`
	Skipped []scanner.Skipped    `json:"skipped,omitempty"`
	Archive *scanner.ArchiveFile `json:"archive,omitempty"`
}

// fileEntry is a result as files.json holds it: everything the report shows (masked examples
// only, as in any report), and how its persons were counted. The persons themselves are in
// persons.bin.
type fileEntry struct {
	Path        string                `json:"path"`
	AbsPath     string                `json:"abs_path"`
	Root        string                `json:"root"`
	Container   string                `json:"container,omitempty"`
	Format      string                `json:"format"`
	Encoding    string                `json:"encoding"`
	Compression string                `json:"compression"`
	Size        int64                 `json:"size"`
	SHA256      string                `json:"sha256"`
	Modified    time.Time             `json:"modified"`
	Rows        int64                 `json:"rows"`
	SampledRows int64                 `json:"sampled_rows"`
	Tables      []scanner.TableResult `json:"tables"`
	Notes       []string              `json:"notes"`
	Error       string                `json:"error,omitempty"`
	Reused      bool                  `json:"reused,omitempty"`
	RowsOnly    bool                  `json:"rows_only,omitempty"`
	Persons     int64                 `json:"persons"`
	Sensitive   int64                 `json:"sensitive"`
}

type filesDoc struct {
	Version int           `json:"version"`
	Shard   int           `json:"shard"`
	Shards  int           `json:"shards"`
	Files   []targetEntry `json:"files"`
}

// ErrEstimated is the error given to a file whose persons outgrew the exact budget in a shard:
// a sketch cannot be keyed, so the merge could not count it exactly against the other shards.
var ErrEstimated = errors.New("more distinct persons than the counting memory holds exactly (--count-memory): a sharded run merges exact person sets only; raise --count-memory or scan this file on one machine")

// Write stores shard s's partial: files.json and persons.bin, then the manifest. res is the
// scanner's result for files, in the same order (its Spans say which results, skipped members
// and archive each file gave). Everything written is a function of the inputs, so a retried
// shard rewrites the same objects.
func Write(ctx context.Context, st Store, p *Plan, planSHA string, s int, key []byte, files []PlanFile, res *scanner.Result) (*Manifest, error) {
	targets, err := split(files, res)
	if err != nil {
		return nil, err
	}
	doc := filesDoc{Version: Version, Shard: s, Shards: p.Shards, Files: make([]targetEntry, len(files))}
	var bin bytes.Buffer
	bin.Write(personsMagic)
	var total int64
	for i, tg := range targets {
		e := targetEntry{Index: files[i].Index, Results: make([]fileEntry, len(tg.files)), Skipped: tg.skipped, Archive: tg.archive}
		for k, fr := range tg.files {
			e.Results[k] = entryOf(fr)
			total += appendPersons(&bin, key, e.Index, fr, &e.Results[k])
		}
		doc.Files[i] = e
	}
	fj, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("partial: %w", err)
	}
	dir := ShardDir(s, p.Shards)
	m := &Manifest{Version: Version, PlanSHA256: planSHA, Shard: s, Shards: p.Shards, KeyCheck: ledger.KeyCheck(key),
		Files: len(files), Persons: total}
	for _, o := range []struct {
		name string
		data []byte
	}{{filesName, fj}, {personsName, bin.Bytes()}} {
		if err := st.Put(ctx, dir+o.name, o.data); err != nil {
			return nil, fmt.Errorf("partial: shard %d: %w", s, err)
		}
		m.Objects = append(m.Objects, Object{Name: o.name, Size: int64(len(o.data)), SHA256: digest(o.data)})
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("partial: %w", err)
	}
	if err := st.Put(ctx, dir+manifestName, append(mj, '\n')); err != nil {
		return nil, fmt.Errorf("partial: shard %d: %w", s, err)
	}
	return m, nil
}

// target is one plan file's share of a shard's scanner result.
type target struct {
	files   []scanner.FileResult
	skipped []scanner.Skipped
	archive *scanner.ArchiveFile
}

// split files res's results, skipped members and archives under the plan's files, by res.Spans.
func split(files []PlanFile, res *scanner.Result) ([]target, error) {
	if len(res.Spans) != len(files) {
		return nil, fmt.Errorf("partial: %d results for %d files", len(res.Spans), len(files))
	}
	out := make([]target, len(files))
	fi, si, ai := 0, 0, 0
	for i, sp := range res.Spans {
		if fi+sp.Files > len(res.Files) || si+sp.Skipped > len(res.Skipped) || (sp.Archive && ai >= len(res.Archives)) {
			return nil, fmt.Errorf("partial: file %d: the scanner's result holds fewer entries than its spans", files[i].Index)
		}
		out[i] = target{files: res.Files[fi : fi+sp.Files], skipped: res.Skipped[si : si+sp.Skipped]}
		if sp.Archive {
			out[i].archive = &res.Archives[ai]
			ai++
		}
		fi, si = fi+sp.Files, si+sp.Skipped
	}
	if fi != len(res.Files) || si != len(res.Skipped) || ai != len(res.Archives) {
		return nil, errors.New("partial: the scanner's result holds more entries than its spans")
	}
	return out, nil
}

// appendPersons appends one result's keyed persons to persons.bin (its plan file's index, a
// count, then the sorted records) and returns how many. A result whose persons cannot be keyed
// exactly becomes an error (ErrEstimated) in e.
func appendPersons(bin *bytes.Buffer, key []byte, index int, fr scanner.FileResult, e *fileEntry) int64 {
	var hs []uint64
	var flags []bool
	if fr.Err == nil && fr.Persons.Set != nil {
		if !fr.Persons.Set.Exact() {
			e.Error = ErrEstimated.Error()
		} else {
			fr.Persons.Set.Each(func(h uint64, sens bool) {
				hs = append(hs, h)
				flags = append(flags, sens)
			})
		}
	}
	if e.Error != "" {
		hs, flags = nil, nil
		e.Persons, e.Sensitive = 0, 0
	}
	keyed := ledger.KeyHashes(key, hs)
	order := make([]int, len(keyed))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(keyed[a][:], keyed[b][:]) })
	bin.Write(binary.AppendUvarint(nil, uint64(index)))
	bin.Write(binary.AppendUvarint(nil, uint64(len(keyed))))
	for _, k := range order {
		bin.Write(keyed[k][:])
		if flags[k] {
			bin.WriteByte(1)
		} else {
			bin.WriteByte(0)
		}
	}
	return int64(len(keyed))
}

func entryOf(fr scanner.FileResult) fileEntry {
	e := fileEntry{Path: fr.Path, AbsPath: fr.AbsPath, Root: fr.Root, Container: fr.Container, Format: fr.Format,
		Encoding: fr.Encoding, Compression: fr.Compression, Size: fr.Size, SHA256: fr.SHA256, Modified: fr.Modified,
		Rows: fr.Rows, SampledRows: fr.SampledRows, Tables: fr.Tables, Notes: fr.Notes, RowsOnly: fr.Persons.RowsOnly}
	e.Reused = fr.Reused
	if fr.Err != nil {
		e.Error = fr.Err.Error()
	} else {
		e.Persons, _, e.Sensitive, _ = fr.Persons.Count()
	}
	return e
}

// Target is what one file of the plan gave in a merged run: its results (one for a file, one per
// member for an archive), the archive's members that were not read, and the archive's own digest
// (nil for a file, or an archive that could not be read).
type Target struct {
	Files   []File
	Skipped []scanner.Skipped
	Archive *scanner.ArchiveFile
}

// File is one result of a merged run (a file, or an archive's member): its result, with Persons rebuilt from the keyed persons, and
// the keyed persons themselves for the ledger.
type File struct {
	Result scanner.FileResult
	// All and Sensitive are the file's keyed persons (Sensitive a subset of All), sorted.
	All, Sensitive []ledger.Keyed
}

// Error is a refusal of the merge: a partial that is missing, duplicated, damaged or does not
// belong to the plan. The merge never counts around one.
type Error struct {
	Shard  int
	Reason string
	Err    error
}

func (e *Error) Error() string {
	if e.Shard < 0 {
		return "merge refused: " + e.Reason
	}
	return fmt.Sprintf("merge refused: shard %d: %s", e.Shard, e.Reason)
}

func (e *Error) Unwrap() error { return e.Err }

// Merge reads and checks every partial of the plan and returns what each file of the plan gave,
// in global order, every result with its persons in a set of the given budget. Sets count persons by the first 8 bytes of
// their keyed hash, which counts as exactly as the scanner's own 64-bit hashes.
func Merge(ctx context.Context, st Store, p *Plan, planSHA string, budget int64) ([]Target, error) {
	names, err := st.List(ctx, "shard-")
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for s := 0; s < p.Shards; s++ {
		want[ShardDir(s, p.Shards)] = true
	}
	for _, n := range names {
		dir := n[:strings.IndexByte(n, '/')+1]
		if !want[dir] {
			return nil, &Error{Shard: -1, Reason: fmt.Sprintf("%s does not belong to this %d-shard plan (a duplicated or foreign partial): remove it or use a fresh output folder", n, p.Shards)}
		}
	}
	out := make([]Target, len(p.Files))
	seen := make([]bool, len(p.Files))
	for s := 0; s < p.Shards; s++ {
		if err := readShard(ctx, st, p, planSHA, s, budget, out, seen); err != nil {
			return nil, err
		}
	}
	for i, ok := range seen {
		if !ok {
			return nil, &Error{Shard: p.Files[i].Shard, Reason: fmt.Sprintf("file %d (%s) is missing from its partial", i, p.Files[i].Path)}
		}
	}
	return out, nil
}

func readShard(ctx context.Context, st Store, p *Plan, planSHA string, s int, budget int64, out []Target, seen []bool) error {
	dir := ShardDir(s, p.Shards)
	m, err := readManifest(ctx, st, p, planSHA, s, dir)
	if err != nil {
		return err
	}
	objs, err := readObjects(ctx, st, s, dir, m)
	if err != nil {
		return err
	}
	fj, pb := objs[filesName], objs[personsName]
	if fj == nil || pb == nil {
		return &Error{Shard: s, Reason: "the manifest does not list files.json and persons.bin"}
	}
	var doc filesDoc
	if err := json.Unmarshal(fj, &doc); err != nil {
		return &Error{Shard: s, Reason: "damaged files.json: " + err.Error(), Err: err}
	}
	if !bytes.HasPrefix(pb, personsMagic) {
		return &Error{Shard: s, Reason: "persons.bin is not a persons file"}
	}
	pb = pb[len(personsMagic):]
	for _, e := range doc.Files {
		if e.Index < 0 || e.Index >= len(p.Files) || p.Files[e.Index].Shard != s {
			return &Error{Shard: s, Reason: fmt.Sprintf("file %d is not one of this shard's files", e.Index)}
		}
		if seen[e.Index] {
			return &Error{Shard: s, Reason: fmt.Sprintf("file %d appears twice", e.Index)}
		}
		seen[e.Index] = true
		if err := entryFits(s, e, p.Files[e.Index]); err != nil {
			return err
		}
		tg := Target{Files: make([]File, len(e.Results)), Skipped: e.Skipped, Archive: e.Archive}
		for k, r := range e.Results {
			f, rest, err := readFilePersons(s, budget, e.Index, r, pb)
			if err != nil {
				return err
			}
			pb = rest
			tg.Files[k] = f
		}
		out[e.Index] = tg
	}
	if len(pb) != 0 {
		return &Error{Shard: s, Reason: "persons.bin has trailing bytes"}
	}
	if len(doc.Files) != m.Files {
		return &Error{Shard: s, Reason: fmt.Sprintf("files.json holds %d files, the manifest %d", len(doc.Files), m.Files)}
	}
	return nil
}

// readManifest reads shard s's manifest from dir and refuses one that does not belong to the plan
// p (another version, plan, shard or key).
func readManifest(ctx context.Context, st Store, p *Plan, planSHA string, s int, dir string) (Manifest, error) {
	var m Manifest
	mb, err := st.Get(ctx, dir+manifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return m, &Error{Shard: s, Reason: "no manifest: the shard has not finished (missing partial)", Err: err}
	}
	if err != nil {
		return m, &Error{Shard: s, Reason: "reading the manifest: " + err.Error(), Err: err}
	}
	if err := json.Unmarshal(mb, &m); err != nil {
		return m, &Error{Shard: s, Reason: "damaged manifest: " + err.Error(), Err: err}
	}
	switch {
	case m.Version != Version:
		return m, &Error{Shard: s, Reason: fmt.Sprintf("partial version %d, this build reads %d (written by another xborder build: run the shards again with this one)", m.Version, Version)}
	case m.PlanSHA256 != planSHA:
		return m, &Error{Shard: s, Reason: "the partial was made from another plan"}
	case m.Shard != s || m.Shards != p.Shards:
		return m, &Error{Shard: s, Reason: fmt.Sprintf("the manifest says shard %d of %d", m.Shard, m.Shards)}
	case m.KeyCheck != p.KeyCheck:
		return m, &Error{Shard: s, Reason: "persons were keyed with another key than the plan's"}
	}
	return m, nil
}

// readObjects reads every object the manifest m lists, by name, checking each one's size and
// sha256.
func readObjects(ctx context.Context, st Store, s int, dir string, m Manifest) (map[string][]byte, error) {
	objs := map[string][]byte{}
	for _, o := range m.Objects {
		b, err := st.Get(ctx, dir+o.Name)
		if err != nil {
			return nil, &Error{Shard: s, Reason: "missing object " + o.Name, Err: err}
		}
		if int64(len(b)) != o.Size || digest(b) != o.SHA256 {
			return nil, &Error{Shard: s, Reason: fmt.Sprintf("damaged object %s: %d bytes and a sha256 that do not match the manifest (%d bytes); run the shard again", o.Name, len(b), o.Size)}
		}
		objs[o.Name] = b
	}
	return objs, nil
}

// readFilePersons decodes the persons of result e of plan file index from the head of pb (the
// index, a count, then count records) and returns the result and the rest of pb. For a result
// without an error, the persons must count what files.json says.
func readFilePersons(s int, budget int64, index int, e fileEntry, pb []byte) (File, []byte, error) {
	idx, n := binary.Uvarint(pb)
	if n <= 0 || idx != uint64(index) {
		return File{}, nil, &Error{Shard: s, Reason: fmt.Sprintf("persons.bin is out of step with files.json at file %d", index)}
	}
	pb = pb[n:]
	count, n := binary.Uvarint(pb)
	if n <= 0 || count > uint64(len(pb)-n)/uint64(recordLen) {
		return File{}, nil, &Error{Shard: s, Reason: fmt.Sprintf("persons.bin is cut short at file %d", index)}
	}
	pb = pb[n:]
	f := File{Result: resultOf(e)}
	persons := scanner.NewPersons(budget)
	persons.RowsOnly = e.RowsOnly
	for k := uint64(0); k < count; k++ {
		var h ledger.Keyed
		copy(h[:], pb[:len(h)])
		sens := pb[len(h)] == 1
		pb = pb[recordLen:]
		f.All = append(f.All, h)
		if sens {
			f.Sensitive = append(f.Sensitive, h)
		}
		persons.Set.Add(binary.BigEndian.Uint64(h[:8]), sens)
	}
	persons.Set.Flush()
	if e.Error == "" {
		f.Result.Persons = persons
		if n, _, sn, _ := persons.Count(); n != e.Persons || sn != e.Sensitive {
			return File{}, nil, &Error{Shard: s, Reason: fmt.Sprintf("file %d: %d persons (%d sensitive) in persons.bin, %d (%d) in files.json", index, n, sn, e.Persons, e.Sensitive)}
		}
	}
	return f, pb, nil
}

func resultOf(e fileEntry) scanner.FileResult {
	fr := scanner.FileResult{Path: e.Path, AbsPath: e.AbsPath, Root: e.Root, Container: e.Container, Format: e.Format, Encoding: e.Encoding,
		Compression: e.Compression, Size: e.Size, SHA256: e.SHA256, Modified: e.Modified, Rows: e.Rows,
		SampledRows: e.SampledRows, Tables: e.Tables, Notes: e.Notes, Reused: e.Reused}
	if e.Error != "" {
		fr.Err = errors.New(e.Error)
	}
	return fr
}

// entryFits checks that a shard's entry has the shape of its plan file: a plain file exactly one
// result and nothing of an archive's, an archive at least a result (its own error) or its listing.
// Anything else would drop the file from the merged report, or count it twice.
func entryFits(s int, e targetEntry, pf PlanFile) error {
	if pf.Archive == "" && (len(e.Results) != 1 || e.Archive != nil || len(e.Skipped) > 0) {
		return &Error{Shard: s, Reason: fmt.Sprintf("file %d is a plain file, but its entry is not one result (%d results, %d skipped members, archive listing: %t)", e.Index, len(e.Results), len(e.Skipped), e.Archive != nil)}
	}
	if len(e.Results) == 0 && e.Archive == nil {
		return &Error{Shard: s, Reason: fmt.Sprintf("file %d has no result", e.Index)}
	}
	return nil
}
