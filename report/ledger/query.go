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

// Totals are what a year's ledger holds: the persons already transferred since 1 January.
type Totals struct {
	Year int `json:"year"`
	// Individuals and SensitiveIndividuals are the totals the thresholds use.
	Individuals          int64 `json:"individuals"`
	SensitiveIndividuals int64 `json:"sensitive_individuals"`
	// HashedIndividuals and HashedSensitive are de-duplicated persons; CountedIndividuals and
	// CountedSensitive were recorded only as counts (rows-only or sketched files) and are added
	// without de-duplication.
	HashedIndividuals  int64 `json:"hashed_individuals"`
	HashedSensitive    int64 `json:"hashed_sensitive"`
	CountedIndividuals int64 `json:"counted_individuals"`
	CountedSensitive   int64 `json:"counted_sensitive"`
}

// Prior is what the ledger already holds for a year, and how much of a batch it already holds.
type Prior struct {
	Totals
	// Overlap is how many distinct given persons are already recorded this year;
	// SensitiveOverlap how many distinct given sensitive persons are already recorded as
	// sensitive.
	Overlap          int64 `json:"overlap"`
	SensitiveOverlap int64 `json:"sensitive_overlap"`
}

// Cumulative is the year's total once a batch of batch persons (batchSensitive sensitive ones,
// the same sets given to Prior) is sent: prior persons not in the batch, plus the batch.
func (p Prior) Cumulative(batch, batchSensitive int64) (individuals, sensitive int64) {
	return p.Individuals - p.Overlap + batch, p.SensitiveIndividuals - p.SensitiveOverlap + batchSensitive
}

// Totals returns a year's recorded totals (zero for a year with nothing recorded).
func (l *Ledger) Totals(ctx context.Context, year int) (Totals, error) {
	t, err := readTotals(ctx, l.db, year)
	if err != nil {
		return t, fmt.Errorf("ledger %s: totals %d: %w", l.path, year, err)
	}
	return t, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readTotals(ctx context.Context, q queryer, year int) (Totals, error) {
	t := Totals{Year: year}
	err := q.QueryRowContext(ctx, `SELECT persons, sensitive, unhashed, unhashed_sensitive FROM years WHERE year = ?`, year).
		Scan(&t.HashedIndividuals, &t.HashedSensitive, &t.CountedIndividuals, &t.CountedSensitive)
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, err
	}
	t.Individuals = t.HashedIndividuals + t.CountedIndividuals
	t.SensitiveIndividuals = t.HashedSensitive + t.CountedSensitive
	return t, nil
}

func totalsTx(ctx context.Context, tx *sql.Tx, year int) (Totals, error) {
	return readTotals(ctx, tx, year)
}

// Prior returns the year's totals and how many of the given persons (scanner hashes; duplicates
// allowed) the ledger already holds, so the caller can count prior persons not in this batch.
// A small batch is looked up person by person; a batch that is large next to the year is matched
// against one ordered scan of the year.
func (l *Ledger) Prior(ctx context.Context, year int, all, sensitive []uint64) (Prior, error) {
	return l.prior(ctx, year, len(all)+len(sensitive), func() ([]keyed, []keyed) {
		return keyAll(l.key, all), keyAll(l.key, sensitive)
	})
}

// PriorKeyed is Prior for persons keyed already (KeyHashes with this ledger's key), as the
// partials of a distributed audit hold them.
func (l *Ledger) PriorKeyed(ctx context.Context, year int, all, sensitive []Keyed) (Prior, error) {
	return l.prior(ctx, year, len(all)+len(sensitive), func() ([]keyed, []keyed) {
		return slices.Clone(all), slices.Clone(sensitive)
	})
}

// prior keys the given persons only when the year holds persons to match them against.
func (l *Ledger) prior(ctx context.Context, year int, n int, keys func() (all, sensitive []keyed)) (Prior, error) {
	if err := l.needKey("matching persons"); err != nil {
		return Prior{}, err
	}
	p := Prior{}
	t, err := l.Totals(ctx, year)
	if err != nil {
		return p, err
	}
	p.Totals = t
	if t.HashedIndividuals == 0 || n == 0 {
		return p, nil
	}
	ka, kss := keys()
	ks := sortedUnique(ka)
	ss := sortedUnique(kss)
	var lookup func(context.Context, int, []keyed, bool) (int64, error)
	if int64(len(ks)+len(ss))*16 < t.HashedIndividuals {
		lookup = l.overlapPoint
	} else {
		lookup = l.overlapScan
	}
	if p.Overlap, err = lookup(ctx, year, ks, false); err != nil {
		return p, fmt.Errorf("ledger %s: prior %d: %w", l.path, year, err)
	}
	if p.SensitiveOverlap, err = lookup(ctx, year, ss, true); err != nil {
		return p, fmt.Errorf("ledger %s: prior %d: %w", l.path, year, err)
	}
	return p, nil
}

func sortedUnique(ks []keyed) []keyed {
	slices.SortFunc(ks, func(a, b keyed) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(ks)
}

// overlapPoint counts the persons of ks held this year (as sensitive, if sens) by index lookups.
func (l *Ledger) overlapPoint(ctx context.Context, year int, ks []keyed, sens bool) (int64, error) {
	if len(ks) == 0 {
		return 0, nil
	}
	q := "SELECT 1 FROM persons WHERE year = ? AND h = ?"
	if sens {
		q += " AND sens_first IS NOT NULL"
	}
	stmt, err := l.db.PrepareContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var n int64
	for _, k := range ks {
		var one int
		err := stmt.QueryRowContext(ctx, year, k[:]).Scan(&one)
		switch {
		case err == nil:
			n++
		case errors.Is(err, sql.ErrNoRows):
		default:
			return 0, err
		}
	}
	return n, nil
}

// overlapScan counts the persons of sorted ks held this year by merging them with the year's
// persons read in key order (the primary key's order, so no sort in SQLite).
func (l *Ledger) overlapScan(ctx context.Context, year int, ks []keyed, sens bool) (int64, error) {
	if len(ks) == 0 {
		return 0, nil
	}
	q := "SELECT h FROM persons WHERE year = ? AND h >= ? AND h <= ?"
	if sens {
		q += " AND sens_first IS NOT NULL"
	}
	rows, err := l.db.QueryContext(ctx, q+" ORDER BY h", year, ks[0][:], ks[len(ks)-1][:])
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	i := 0
	var h []byte
	for rows.Next() && i < len(ks) {
		if err := rows.Scan(&h); err != nil {
			return 0, err
		}
		for i < len(ks) && bytes.Compare(ks[i][:], h) < 0 {
			i++
		}
		if i < len(ks) && bytes.Equal(ks[i][:], h) {
			n++
			i++
		}
	}
	return n, rows.Err()
}

// RunSummary is one recorded run, for History and Export. It never holds persons.
type RunSummary struct {
	ID                      int64     `json:"id"`
	Year                    int       `json:"year"`
	Started                 time.Time `json:"started"`
	Finished                time.Time `json:"finished"`
	Recorded                time.Time `json:"recorded"`
	ToolVersion             string    `json:"tool_version"`
	PolicySHA256            string    `json:"policy_sha256"`
	Roots                   []string  `json:"roots"`
	Label                   string    `json:"label"`
	Rule                    string    `json:"rule"`
	Files                   int64     `json:"files"`
	Individuals             int64     `json:"individuals"`
	SensitiveIndividuals    int64     `json:"sensitive_individuals"`
	NewIndividuals          int64     `json:"new_individuals"`
	NewSensitiveIndividuals int64     `json:"new_sensitive_individuals"`
}

// History lists every recorded run, oldest first.
func (l *Ledger) History(ctx context.Context) ([]RunSummary, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT id, year, started_ns, finished_ns, recorded_ns, tool_version,
		policy_sha256, roots, label, rule, files, individuals, sensitive_individuals, new_individuals,
		new_sensitive_individuals FROM runs ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: history: %w", l.path, err)
	}
	defer rows.Close()
	var out []RunSummary
	for rows.Next() {
		var r RunSummary
		var s, f, rec int64
		var roots string
		if err := rows.Scan(&r.ID, &r.Year, &s, &f, &rec, &r.ToolVersion, &r.PolicySHA256, &roots, &r.Label,
			&r.Rule, &r.Files, &r.Individuals, &r.SensitiveIndividuals, &r.NewIndividuals,
			&r.NewSensitiveIndividuals); err != nil {
			return nil, fmt.Errorf("ledger %s: history: %w", l.path, err)
		}
		r.Started, r.Finished, r.Recorded = fromNanos(s), fromNanos(f), fromNanos(rec)
		if err := json.Unmarshal([]byte(roots), &r.Roots); err != nil {
			return nil, fmt.Errorf("ledger %s: history run %d roots: %w", l.path, r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger %s: history: %w", l.path, err)
	}
	return out, nil
}

// FileRecord is one recorded file.
type FileRecord struct {
	ID                   int64     `json:"id"`
	RunID                int64     `json:"run_id"`
	Year                 int       `json:"year"`
	Path                 string    `json:"path"`
	AbsPath              string    `json:"abs_path"`
	SHA256               string    `json:"sha256"`
	Size                 int64     `json:"size"`
	Modified             time.Time `json:"modified"`
	Format               string    `json:"format"`
	Label                string    `json:"label"`
	Rule                 string    `json:"rule"`
	Individuals          int64     `json:"individuals"`
	SensitiveIndividuals int64     `json:"sensitive_individuals"`
	Method               string    `json:"method"`
	// Repeat is set when the same sha256 had already been recorded that year.
	Repeat bool `json:"repeat"`
	// Report is the file's report entry as recorded.
	Report json.RawMessage `json:"report,omitempty"`
}

const fileCols = `id, run_id, year, path, abs_path, sha256, size, mtime_ns, format, label, rule, individuals,
	sensitive_individuals, method, repeat_of IS NOT NULL, report`

func scanFile(sc interface{ Scan(...any) error }) (FileRecord, error) {
	var r FileRecord
	var mt int64
	var report []byte
	err := sc.Scan(&r.ID, &r.RunID, &r.Year, &r.Path, &r.AbsPath, &r.SHA256, &r.Size, &mt, &r.Format, &r.Label,
		&r.Rule, &r.Individuals, &r.SensitiveIndividuals, &r.Method, &r.Repeat, &report)
	r.Modified = fromNanos(mt)
	if len(report) > 0 {
		r.Report = json.RawMessage(report)
	}
	return r, err
}

// LookupFile returns the latest recording of the file at absPath with this size and modification
// time made under reuseKey (the same policy judgement and detector set, see File.ReuseKey), so an
// incremental run can reuse its report entry instead of reading it again. Its persons are in the
// ledger for FileRecord.Year. The caller still verifies the digest unless it trusts modification
// times. Entries recorded without a key (before schema 2, or with "") are never returned.
func (l *Ledger) LookupFile(ctx context.Context, absPath string, size int64, mtime time.Time, reuseKey string) (FileRecord, bool, error) {
	if err := l.needKey("looking a file up"); err != nil {
		return FileRecord{}, false, err
	}
	if reuseKey == "" {
		return FileRecord{}, false, nil
	}
	row := l.db.QueryRowContext(ctx, `SELECT `+fileCols+` FROM files WHERE path_mac = ? AND size = ? AND mtime_ns = ?
		AND reuse_key = ? ORDER BY id DESC LIMIT 1`, pathMAC(l.key, absPath), size, nanos(mtime), reuseKey)
	r, err := scanFile(row)
	if errors.Is(err, sql.ErrNoRows) {
		return FileRecord{}, false, nil
	}
	if err != nil {
		return FileRecord{}, false, fmt.Errorf("ledger %s: lookup %s: %w", l.path, redact.Text(absPath), err)
	}
	return r, true, nil
}
