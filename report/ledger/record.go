package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/xborder/xborder/scanner/redact"
)

// Run is one scan to record as transferred: the batch and every file it sent.
type Run struct {
	// Year the run counts toward; 0 means l.Year(Started). Pass the year used for Prior so a run
	// that straddles midnight on 31 December is counted where it was judged.
	Year         int
	Started      time.Time
	Finished     time.Time
	ToolVersion  string
	PolicySHA256 string
	Roots        []string
	// Label and Rule are the batch verdict (summary.verdict).
	Label string
	Rule  string
	Files []File
	// Approvals say how the policy's approvals met the run (approvals.go).
	Approvals []ApprovalUse
}

// File is one file of a Run.
type File struct {
	Path     string // relative, as in the report
	AbsPath  string
	SHA256   string
	Size     int64
	Modified time.Time
	Format   string
	Label    string
	Rule     string
	// Individuals and SensitiveIndividuals are the file's counts as reported (for an estimate,
	// pass the upper bound: they are used when no hashes are given).
	Individuals          int64
	SensitiveIndividuals int64
	Method               string // exact, estimate or rows
	// All and Sensitive are the scanner's person hashes. When All is nil the file's persons are
	// recorded as a count, Individuals, that cannot be de-duplicated against other files (rows-only
	// files, sketches); likewise Sensitive and SensitiveIndividuals. Sensitive persons are counted
	// among all persons whether or not All lists them.
	All       []uint64
	Sensitive []uint64
	// AllKeyed and SensitiveKeyed are persons keyed already with this ledger's key (a
	// distributed audit's partials); they are recorded like All and Sensitive.
	AllKeyed       []Keyed
	SensitiveKeyed []Keyed
	// Report is the file's report entry (JSON), returned by LookupFile so an unchanged file can be
	// reported without reading it again. It must not contain persons' values (it is masked).
	Report json.RawMessage
	// ReuseKey names the judgement the entry was made under: a digest of the policy parts that
	// decide a file and of the detector set. LookupFile returns the entry only for the same key;
	// "" means the entry must never be reused.
	ReuseKey string
}

// person is a stored person with its sensitive flag, during Record.
type person struct {
	h         keyed
	sensitive bool
}

// Record adds a run, its files and its persons in one transaction: if anything fails, nothing is
// recorded. A file whose sha256 was already recorded this year is stored as a repeat of the first
// recording, and its count-only persons are not added again.
func (l *Ledger) Record(ctx context.Context, run Run) (err error) {
	if err := l.needKey("recording"); err != nil {
		return err
	}
	defer withCancelCause(ctx, &err)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ledger %s: record: %w", l.path, err)
	}
	year := run.Year
	if year == 0 {
		year = l.Year(orNow(run.Started, l.now))
	}
	persons := l.runPersons(run.Files)
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("ledger %s: record: %w", l.path, err)
	}
	defer tx.Rollback()
	before, err := totalsTx(ctx, tx, year)
	if err != nil {
		return fmt.Errorf("ledger %s: record: %w", l.path, err)
	}
	runID, err := l.insertRun(ctx, tx, year, run)
	if err != nil {
		return err
	}
	unhashed, unhashedSens, err := l.insertFiles(ctx, tx, runID, year, run.Files)
	if err != nil {
		return err
	}
	if err := insertApprovals(ctx, tx, runID, year, run.Approvals); err != nil {
		return fmt.Errorf("ledger %s: record approvals: %w", l.path, err)
	}
	if err := l.upsertPersons(ctx, tx, year, runID, persons); err != nil {
		return fmt.Errorf("ledger %s: record persons: %w", l.path, err)
	}
	after, err := refreshYear(ctx, tx, year, l.now())
	if err != nil {
		return fmt.Errorf("ledger %s: record totals: %w", l.path, err)
	}
	var sens int64
	for _, p := range persons {
		if p.sensitive {
			sens++
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE runs SET individuals = ?, sensitive_individuals = ?, new_individuals = ?,
		new_sensitive_individuals = ? WHERE id = ?`,
		int64(len(persons))+unhashed, sens+unhashedSens,
		after.Individuals-before.Individuals, after.SensitiveIndividuals-before.SensitiveIndividuals, runID)
	if err != nil {
		return fmt.Errorf("ledger %s: record run counts: %w", l.path, err)
	}
	if err := l.step("commit"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("ledger %s: record commit: %w", l.path, err)
	}
	return nil
}

// insertRun inserts the run's row, its person counts still zero, and returns its id.
func (l *Ledger) insertRun(ctx context.Context, tx *sql.Tx, year int, run Run) (int64, error) {
	// Paths are stored through the one redaction path: a file or folder named after an ID number
	// is stored masked (path_mac finds the file again).
	shownRoots := make([]string, len(run.Roots))
	for i, r := range run.Roots {
		shownRoots[i] = redact.Text(r)
	}
	roots, err := json.Marshal(shownRoots)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO runs(year, started_ns, finished_ns, recorded_ns, tool_version,
		policy_sha256, roots, label, rule, files, individuals, sensitive_individuals, new_individuals,
		new_sensitive_individuals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)`,
		year, nanos(run.Started), nanos(run.Finished), l.now().UnixNano(), run.ToolVersion,
		run.PolicySHA256, string(roots), run.Label, run.Rule, len(run.Files))
	if err != nil {
		return 0, fmt.Errorf("ledger %s: record run: %w", l.path, err)
	}
	runID, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if err := l.step("run"); err != nil {
		return 0, err
	}
	return runID, nil
}

// insertFiles inserts the run's files and returns the persons they count without hashing them
// (all, and sensitive).
func (l *Ledger) insertFiles(ctx context.Context, tx *sql.Tx, runID int64, year int, files []File) (unhashed, unhashedSens int64, err error) {
	for i, f := range files {
		uh, uhs, err := insertFile(ctx, tx, runID, year, f, l.key)
		if err != nil {
			return 0, 0, fmt.Errorf("ledger %s: record file %s: %w", l.path, redact.Text(f.Path), err)
		}
		unhashed += uh
		unhashedSens += uhs
		if i == 0 {
			if err := l.step("file"); err != nil {
				return 0, 0, err
			}
		}
	}
	return unhashed, unhashedSens, nil
}

// step runs the test hook.
func (l *Ledger) step(name string) error {
	if l.fail == nil {
		return nil
	}
	if err := l.fail(name); err != nil {
		return fmt.Errorf("ledger %s: record %s: %w", l.path, name, err)
	}
	return nil
}

// runPersons keys every file's hashes and returns the run's distinct persons sorted by stored
// value (inserting in key order keeps the B-tree writes sequential).
func (l *Ledger) runPersons(files []File) []person {
	var n int
	for _, f := range files {
		n += len(f.All) + len(f.Sensitive) + len(f.AllKeyed) + len(f.SensitiveKeyed)
	}
	ps := make([]person, 0, n)
	for _, f := range files {
		for _, k := range keyAll(l.key, f.All) {
			ps = append(ps, person{h: k})
		}
		for _, k := range keyAll(l.key, f.Sensitive) {
			ps = append(ps, person{h: k, sensitive: true})
		}
		for _, k := range f.AllKeyed {
			ps = append(ps, person{h: k})
		}
		for _, k := range f.SensitiveKeyed {
			ps = append(ps, person{h: k, sensitive: true})
		}
	}
	slices.SortFunc(ps, func(a, b person) int { return bytes.Compare(a.h[:], b.h[:]) })
	out := ps[:0]
	for _, p := range ps {
		if len(out) > 0 && out[len(out)-1].h == p.h {
			out[len(out)-1].sensitive = out[len(out)-1].sensitive || p.sensitive
			continue
		}
		out = append(out, p)
	}
	return out
}

// insertFile stores one file row and returns the count-only persons it adds to the year.
func insertFile(ctx context.Context, tx *sql.Tx, runID int64, year int, f File, key []byte) (unhashed, unhashedSens int64, err error) {
	var repeatOf sql.NullInt64
	if f.SHA256 != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM files WHERE year = ? AND sha256 = ? AND repeat_of IS NULL
			ORDER BY id LIMIT 1`, year, f.SHA256).Scan(&repeatOf)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, 0, err
		}
	}
	var uh, uhs int64
	hashed := f.All != nil || f.AllKeyed != nil
	if !hashed {
		uh = f.Individuals
	}
	if f.Sensitive == nil && f.SensitiveKeyed == nil {
		uhs = f.SensitiveIndividuals
	}
	if uhs > uh && !hashed {
		uh = uhs
	}
	var report any
	if len(f.Report) > 0 {
		report = []byte(f.Report)
	}
	var reuseKey, mac any
	if f.ReuseKey != "" && f.AbsPath != "" {
		reuseKey, mac = f.ReuseKey, pathMAC(key, f.AbsPath)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO files(run_id, year, path, abs_path, sha256, size, mtime_ns, format,
		label, rule, individuals, sensitive_individuals, method, unhashed, unhashed_sensitive, repeat_of, report,
		reuse_key, path_mac)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		runID, year, redact.Text(f.Path), redact.Text(f.AbsPath), f.SHA256, f.Size, nanos(f.Modified), f.Format, f.Label, f.Rule,
		f.Individuals, f.SensitiveIndividuals, f.Method, uh, uhs, repeatOf, report, reuseKey, mac)
	if err != nil {
		return 0, 0, err
	}
	return uh, uhs, nil
}

// upsertBatch is how many persons go into one INSERT statement (8 parameters each, well under
// SQLite's 32,766-parameter limit); fewer statements is most of the speed.
const upsertBatch = 500

// upsertPersons adds the run's persons: new ones with first = last = run, returning ones with
// last = run; a sensitive sighting sets the sensitive columns the same way.
func (l *Ledger) upsertPersons(ctx context.Context, tx *sql.Tx, year int, runID int64, ps []person) error {
	const head = `INSERT INTO persons(year, h, first_run, last_run, runs, sens_first, sens_last, sens_runs) VALUES `
	const tail = ` ON CONFLICT(year, h) DO UPDATE SET last_run = excluded.last_run, runs = persons.runs + 1,
		sens_first = coalesce(persons.sens_first, excluded.sens_first),
		sens_last = coalesce(excluded.sens_last, persons.sens_last),
		sens_runs = persons.sens_runs + excluded.sens_runs`
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, 8*upsertBatch)
	for lo := 0; lo < len(ps); lo += upsertBatch {
		hi := min(lo+upsertBatch, len(ps))
		args = args[:0]
		for i := lo; i < hi; i++ {
			var s any
			var sn int
			if ps[i].sensitive {
				s, sn = runID, 1
			}
			args = append(args, year, ps[i].h[:], runID, runID, 1, s, s, sn)
		}
		var err error
		if hi-lo == upsertBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, head+placeholders(upsertBatch)+tail); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, head+placeholders(hi-lo)+tail, args...)
		}
		if err != nil {
			return err
		}
		if lo == 0 {
			if err := l.step("persons"); err != nil {
				return err
			}
		}
	}
	return nil
}

func placeholders(n int) string {
	var b bytes.Buffer
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("(?,?,?,?,?,?,?,?)")
	}
	return b.String()
}

// Forget removes a run, its files, and the persons that run alone sent; a person that another run
// also sent stays. When a file of the forgotten run was the first recording of a digest, the next
// recording of that digest takes its place so its count-only persons are counted again.
//
// The ledger remembers, per person, the first and the latest run that sent them and how many runs
// did, not every run. That is exact while a person was sent by at most two runs still recorded;
// when a run sent a person only "in the middle" of three or more, forgetting it cannot lower that
// person's run count, and forgetting the others later may leave the person counted. The error is
// always an overcount, the conservative side for thresholds.
func (l *Ledger) Forget(ctx context.Context, runID int64) (err error) {
	if err := l.needKey("forgetting a run"); err != nil {
		return err
	}
	defer withCancelCause(ctx, &err)
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("ledger %s: forget: %w", l.path, err)
	}
	defer tx.Rollback()
	var year int
	if err := tx.QueryRowContext(ctx, "SELECT year FROM runs WHERE id = ?", runID).Scan(&year); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("ledger %s: forget run %d: %w", l.path, runID, ErrNoRun)
		}
		return fmt.Errorf("ledger %s: forget run %d: %w", l.path, runID, err)
	}
	if err := promoteRepeats(ctx, tx, runID); err != nil {
		return fmt.Errorf("ledger %s: forget run %d: %w", l.path, runID, err)
	}
	// A live run id stored in first/last certainly sent the person (ids of forgotten runs may stay
	// behind, and are never forgotten again), so runs only drops when the run is first or last.
	stmts := []string{
		"DELETE FROM persons WHERE year = ?1 AND first_run = ?2 AND last_run = ?2",
		`UPDATE persons SET runs = runs - 1,
			first_run = CASE WHEN runs = 2 AND first_run = ?2 THEN last_run ELSE first_run END,
			last_run = CASE WHEN runs = 2 AND last_run = ?2 THEN first_run ELSE last_run END
			WHERE year = ?1 AND (first_run = ?2 OR last_run = ?2)`,
		`UPDATE persons SET sens_first = NULL, sens_last = NULL, sens_runs = 0
			WHERE year = ?1 AND sens_first = ?2 AND sens_last = ?2`,
		`UPDATE persons SET sens_runs = sens_runs - 1,
			sens_first = CASE WHEN sens_runs = 2 AND sens_first = ?2 THEN sens_last ELSE sens_first END,
			sens_last = CASE WHEN sens_runs = 2 AND sens_last = ?2 THEN sens_first ELSE sens_last END
			WHERE year = ?1 AND (sens_first = ?2 OR sens_last = ?2)`,
		"DELETE FROM files WHERE run_id = ?2",
		"DELETE FROM approval_uses WHERE run_id = ?2",
		"DELETE FROM runs WHERE id = ?2",
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s, year, runID); err != nil {
			return fmt.Errorf("ledger %s: forget run %d: %w", l.path, runID, err)
		}
	}
	if _, err := refreshYear(ctx, tx, year, l.now()); err != nil {
		return fmt.Errorf("ledger %s: forget run %d: %w", l.path, runID, err)
	}
	if err := l.step("forget"); err != nil {
		return err
	}
	return tx.Commit()
}

// promoteRepeats makes, for every original file of the run, its earliest repeat in another run the
// new original, and points the other repeats at it.
func promoteRepeats(ctx context.Context, tx *sql.Tx, runID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.repeat_of FROM files r JOIN files o ON r.repeat_of = o.id
		WHERE o.run_id = ? AND r.run_id <> ? ORDER BY r.repeat_of, r.id`, runID, runID)
	if err != nil {
		return err
	}
	type pair struct{ id, orig int64 }
	var ps []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.id, &p.orig); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	newOrig := map[int64]int64{}
	for _, p := range ps {
		if n, ok := newOrig[p.orig]; ok {
			if _, err := tx.ExecContext(ctx, "UPDATE files SET repeat_of = ? WHERE id = ?", n, p.id); err != nil {
				return err
			}
			continue
		}
		newOrig[p.orig] = p.id
		if _, err := tx.ExecContext(ctx, "UPDATE files SET repeat_of = NULL WHERE id = ?", p.id); err != nil {
			return err
		}
	}
	return nil
}

// refreshYear recomputes and stores a year's cached totals.
func refreshYear(ctx context.Context, tx *sql.Tx, year int, now time.Time) (Totals, error) {
	t := Totals{Year: year}
	err := tx.QueryRowContext(ctx, `SELECT count(*), count(sens_first) FROM persons WHERE year = ?`, year).
		Scan(&t.HashedIndividuals, &t.HashedSensitive)
	if err != nil {
		return t, err
	}
	err = tx.QueryRowContext(ctx, `SELECT coalesce(sum(unhashed), 0), coalesce(sum(unhashed_sensitive), 0)
		FROM files WHERE year = ? AND repeat_of IS NULL`, year).Scan(&t.CountedIndividuals, &t.CountedSensitive)
	if err != nil {
		return t, err
	}
	t.Individuals = t.HashedIndividuals + t.CountedIndividuals
	t.SensitiveIndividuals = t.HashedSensitive + t.CountedSensitive
	_, err = tx.ExecContext(ctx, `INSERT INTO years(year, persons, sensitive, unhashed, unhashed_sensitive, updated_ns)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(year) DO UPDATE SET persons = excluded.persons,
		sensitive = excluded.sensitive, unhashed = excluded.unhashed,
		unhashed_sensitive = excluded.unhashed_sensitive, updated_ns = excluded.updated_ns`,
		year, t.HashedIndividuals, t.HashedSensitive, t.CountedIndividuals, t.CountedSensitive, now.UnixNano())
	return t, err
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func orNow(t time.Time, now func() time.Time) time.Time {
	if t.IsZero() {
		return now()
	}
	return t
}

// withCancelCause makes an error that happened because ctx was cancelled say so: when a context
// ends mid-transaction, database/sql may report a closed statement or connection before the
// context error itself, and callers need errors.Is(err, context.Canceled) to tell an interrupted
// run from a broken ledger.
func withCancelCause(ctx context.Context, err *error) {
	if *err == nil || ctx.Err() == nil || errors.Is(*err, ctx.Err()) {
		return
	}
	*err = fmt.Errorf("%w (interrupted: %w)", *err, ctx.Err())
}
