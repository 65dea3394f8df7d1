package ledger

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
}

// SchemaVersion is the ledger schema this build writes and understands; a ledger with a higher
// version is refused rather than modified. It always equals len(migrations) (tested).
const SchemaVersion = 2
