package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"

	"github.com/xborder/xborder/scanner/redact"
)

// migrations are the schema, one step per version: migrations[i] takes a ledger from schema i to
// schema i+1. Steps are only ever appended; pending steps run in one transaction with the
// schema_version update, so a ledger is at one version or the next, never in between.
var migrations = []string{
	// 1: the first schema.
	`
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- Cached per-year totals, recomputed inside every transaction that changes persons or files.
CREATE TABLE years (
	year               INTEGER PRIMARY KEY,
	persons            INTEGER NOT NULL, -- distinct keyed persons
	sensitive          INTEGER NOT NULL, -- of which recorded with sensitive PI
	unhashed           INTEGER NOT NULL, -- persons recorded only as a count (rows-only or sketched files)
	unhashed_sensitive INTEGER NOT NULL,
	updated_ns         INTEGER NOT NULL
);

CREATE TABLE runs (
	id                       INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, even after Forget
	year                     INTEGER NOT NULL,
	started_ns               INTEGER NOT NULL,
	finished_ns              INTEGER NOT NULL,
	recorded_ns              INTEGER NOT NULL,
	tool_version             TEXT NOT NULL,
	policy_sha256            TEXT NOT NULL,
	roots                    TEXT NOT NULL, -- JSON array
	label                    TEXT NOT NULL,
	rule                     TEXT NOT NULL,
	files                    INTEGER NOT NULL,
	individuals              INTEGER NOT NULL,
	sensitive_individuals    INTEGER NOT NULL,
	new_individuals          INTEGER NOT NULL,
	new_sensitive_individuals INTEGER NOT NULL
);
CREATE INDEX runs_year ON runs(year);

CREATE TABLE files (
	id                    INTEGER PRIMARY KEY AUTOINCREMENT,
	run_id                INTEGER NOT NULL REFERENCES runs(id) DEFERRABLE INITIALLY DEFERRED,
	year                  INTEGER NOT NULL,
	path                  TEXT NOT NULL,
	abs_path              TEXT NOT NULL,
	sha256                TEXT NOT NULL,
	size                  INTEGER NOT NULL,
	mtime_ns              INTEGER NOT NULL,
	format                TEXT NOT NULL,
	label                 TEXT NOT NULL,
	rule                  TEXT NOT NULL,
	individuals           INTEGER NOT NULL,
	sensitive_individuals INTEGER NOT NULL,
	method                TEXT NOT NULL,
	unhashed              INTEGER NOT NULL,
	unhashed_sensitive    INTEGER NOT NULL,
	repeat_of             INTEGER REFERENCES files(id) DEFERRABLE INITIALLY DEFERRED, -- first recording of the same sha256 this year
	report                BLOB -- the file's report entry (JSON), never persons
);
CREATE INDEX files_run ON files(run_id);
CREATE INDEX files_digest ON files(year, sha256);
CREATE INDEX files_stat ON files(abs_path, size, mtime_ns);

-- One row per distinct person per year. first/last name the first and the latest run that sent
-- the person and runs counts the runs that did (never less than the true number); Forget uses
-- them to remove exactly the persons a run alone sent. The sens_ columns do the same for sightings
-- with sensitive PI.
CREATE TABLE persons (
	year       INTEGER NOT NULL,
	h          BLOB NOT NULL, -- HMAC-SHA256(key, scanner hash)[:16]
	first_run  INTEGER NOT NULL,
	last_run   INTEGER NOT NULL,
	runs       INTEGER NOT NULL,
	sens_first INTEGER, -- NULL: never recorded with sensitive PI
	sens_last  INTEGER,
	sens_runs  INTEGER NOT NULL,
	PRIMARY KEY (year, h)
) WITHOUT ROWID;
`,
	// 2: how each approval met a recorded run (approvals.go).
	approvalsMigration,
	// 3: reuse only under the same judgement. A file's result may be reused only when the policy
	// parts that judge it and the detector set are the ones it was recorded under (reuse_key);
	// files are looked up by a keyed digest of their path (path_mac), so the stored paths can be
	// masked. Rows recorded before have neither and are never reused.
	`
ALTER TABLE files ADD COLUMN reuse_key TEXT;
ALTER TABLE files ADD COLUMN path_mac BLOB;
CREATE INDEX files_reuse ON files(path_mac, size, mtime_ns);
`,
}

// migrationSteps are Go steps run after the SQL of a schema version, inside the same transaction,
// on an existing ledger (not on a new one).
var migrationSteps = map[int]func(ctx context.Context, tx *sql.Tx) error{
	3: maskStoredPaths,
}

// maskStoredPaths masks the paths and roots recorded before schema 3 with the one redaction path
// (redact.Text): a file named after an ID number was stored as it was.
func maskStoredPaths(ctx context.Context, tx *sql.Tx) error {
	type row struct {
		id         int64
		path, abs  string
		mpath, mab string
		report     []byte
	}
	var rows []row
	rs, err := tx.QueryContext(ctx, "SELECT id, path, abs_path, report FROM files")
	if err != nil {
		return err
	}
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.id, &r.path, &r.abs, &r.report); err != nil {
			rs.Close()
			return err
		}
		r.mpath, r.mab = redact.Text(r.path), redact.Text(r.abs)
		rep, repChanged := redactJSON(r.report)
		if r.mpath != r.path || r.mab != r.abs || repChanged {
			r.report = rep
			rows = append(rows, r)
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := tx.ExecContext(ctx, "UPDATE files SET path = ?, abs_path = ?, report = ? WHERE id = ?", r.mpath, r.mab, r.report, r.id); err != nil {
			return err
		}
	}
	type runRoots struct {
		id    int64
		roots string
	}
	var runs []runRoots
	rs, err = tx.QueryContext(ctx, "SELECT id, roots FROM runs")
	if err != nil {
		return err
	}
	for rs.Next() {
		var r runRoots
		if err := rs.Scan(&r.id, &r.roots); err != nil {
			rs.Close()
			return err
		}
		var roots []string
		if json.Unmarshal([]byte(r.roots), &roots) != nil {
			continue
		}
		changed := false
		for i, root := range roots {
			if m := redact.Text(root); m != root {
				roots[i], changed = m, true
			}
		}
		if changed {
			b, _ := json.Marshal(roots)
			runs = append(runs, runRoots{r.id, string(b)})
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	for _, r := range runs {
		if _, err := tx.ExecContext(ctx, "UPDATE runs SET roots = ? WHERE id = ?", r.roots, r.id); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the ledger schema this build writes and understands; a ledger with a higher
// version is refused rather than modified. It always equals len(migrations) (tested).
const SchemaVersion = 3

// redactJSON redacts every string of a stored report entry (names, errors, notes; masked examples
// come out as they are), keeping numbers as written.
func redactJSON(blob []byte) ([]byte, bool) {
	if len(blob) == 0 {
		return blob, false
	}
	d := json.NewDecoder(bytes.NewReader(blob))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return blob, false
	}
	changed := false
	var walk func(any) any
	walk = func(x any) any {
		switch t := x.(type) {
		case string:
			if m := redact.Text(t); m != t {
				changed = true
				return m
			}
		case []any:
			for i := range t {
				t[i] = walk(t[i])
			}
		case map[string]any:
			for k, e := range t {
				t[k] = walk(e)
			}
		}
		return x
	}
	v = walk(v)
	if !changed {
		return blob, false
	}
	out, err := json.Marshal(v)
	if err != nil {
		return blob, false
	}
	return out, true
}
