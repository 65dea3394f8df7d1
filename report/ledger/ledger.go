// Package ledger is xborder's yearly memory of what was already transferred: an embedded SQLite
// database of runs, files and the persons they sent, so that China's cumulative thresholds ("since
// 1 January", per handler) can count this batch on top of everything sent earlier in the year.
//
// Persons are stored only as HMAC-SHA256(key, scanner hash) truncated to 16 bytes; the key lives
// in a separate file (default path + ".key", mode 0600). See docs/ledger.md for the threat model.
//
// A Ledger holds an exclusive flock on path + ".lock" for its whole life, so two runs sharing a
// ledger serialise. Nothing is written before Record, which is one transaction.
package ledger

import (
	"bytes"
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver (pure Go)

	"github.com/xborder/xborder/report/safeopen"
)

// Sentinel errors; Open and the methods wrap them with the path so callers can use errors.Is.
var (
	// ErrNotLedger means the file exists but is not an SQLite database, or is an SQLite database
	// that is not an xborder ledger. It is never modified.
	ErrNotLedger = errors.New("not an xborder ledger")
	// ErrCorrupt means the database failed PRAGMA quick_check. It is never "repaired".
	ErrCorrupt = errors.New("ledger database is corrupt")
	// ErrNewerSchema means the ledger was written by a newer xborder; it is not modified.
	ErrNewerSchema = errors.New("ledger schema is newer than this build")
	// ErrKeyMissing means the ledger exists but its key file does not: creating a new key would
	// count every returning person again.
	ErrKeyMissing = errors.New("ledger key file is missing")
	// ErrKeyMismatch means the key file does not belong to this ledger.
	ErrKeyMismatch = errors.New("ledger key does not match this ledger")
	// ErrBadKey means the key file exists but does not hold a key.
	ErrBadKey = errors.New("malformed key file")
	// ErrNoRun means Forget was given a run id the ledger does not hold.
	ErrNoRun = errors.New("no such run in the ledger")
	// ErrLedgerMissing means the database is absent or empty while its key file exists: the
	// ledger was deleted or truncated, and creating it again would silently restart the year's
	// count at zero. Options.NewLedger (--new-ledger) starts a new ledger on purpose.
	ErrLedgerMissing = errors.New("ledger database is missing or empty but its key file exists")
)

// SchemaError reports a ledger written by a newer xborder. It wraps ErrNewerSchema.
type SchemaError struct {
	Path  string
	Found int
	Known int
}

// Error says which schema was found and that the file is left alone.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("ledger %s was written by a newer xborder (schema %d, this build knows %d); refusing to modify it", e.Path, e.Found, e.Known)
}

// Unwrap makes errors.Is(err, ErrNewerSchema) hold.
func (e *SchemaError) Unwrap() error { return ErrNewerSchema }

// Options tune Open. The zero value is ready to use.
type Options struct {
	// KeyPath is the secret key file; default path + ".key". Keeping it away from the database
	// (and out of its backups) is what makes a stolen database useless.
	KeyPath string
	// Location decides when the year rolls over; default Asia/Shanghai, since the rules count
	// from 1 January in China, not in UTC.
	Location *time.Location
	// Now is the clock (tests inject one); default time.Now.
	Now func() time.Time
	// LockWait is called once, with a message for the user, if another run holds the ledger and
	// Open has to wait for it.
	LockWait func(msg string)
	// NewLedger allows creating the database although KeyPath exists (a new year or a
	// deliberate restart, reusing the key). Without it, an absent or empty database next to an
	// existing key is ErrLedgerMissing: a ledger deleted or truncated by accident must not
	// silently count the year from zero again.
	NewLedger bool
	// TotalsOnly opens an existing ledger to read its totals, history, export and approvals,
	// which are plain numbers: the key is not needed then (a missing key file is no error, as
	// docs/ledger.md "Losing the key" promises), and nothing is written, not even a migration.
	// Everything that matches or adds persons (Prior, LookupFile, Record, Forget) refuses with
	// ErrKeyMissing on a ledger opened without its key.
	TotalsOnly bool
}

// Ledger is an open ledger. It is not safe for concurrent use by several goroutines; one run uses
// one Ledger. Close it to release the lock.
type Ledger struct {
	path string
	db   *sql.DB
	key  []byte
	loc  *time.Location
	now  func() time.Time
	lock *fileLock

	// fail, when set by a test, is called at named points inside Record and Forget; an error
	// aborts the transaction there.
	fail func(step string) error
}

// sqliteMagic starts every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// shanghai is the default location; China has kept UTC+8 without daylight saving since 1991, so
// the fixed zone is exact if the system has no tzdata.
func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// Open opens the ledger at path, creating it (and its key) on first use. It waits for any other
// run holding the ledger, then refuses anything it cannot trust: a file that is not a ledger, a
// corrupt database, a newer schema, a missing or foreign key.
func Open(ctx context.Context, path string, opt Options) (_ *Ledger, err error) {
	if path == "" {
		return nil, errors.New("ledger: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	}
	if strings.ContainsRune(abs, '?') {
		return nil, fmt.Errorf("ledger %s: the path must not contain '?'", path)
	}
	opt.setDefaults(path)
	lock, err := acquireLock(ctx, abs+".lock", opt.LockWait,
		fmt.Sprintf("waiting for another xborder run to release %s…", path))
	if err != nil {
		return nil, err
	}
	l := &Ledger{path: path, loc: opt.Location, now: opt.Now, lock: lock}
	defer func() {
		if err != nil {
			l.Close()
		}
	}()

	fresh, err := prepareFile(abs, path, opt)
	if err != nil {
		return nil, err
	}
	if err := l.openDB(ctx, abs, fresh); err != nil {
		return nil, err
	}
	if err := l.setUp(ctx, opt); err != nil {
		return nil, err
	}
	return l, nil
}

// setDefaults fills the options Open needs and the caller left zero.
func (opt *Options) setDefaults(path string) {
	if opt.KeyPath == "" {
		opt.KeyPath = path + ".key"
	}
	if opt.Location == nil {
		opt.Location = shanghai()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
}

// prepareFile checks the ledger file at abs and its -wal/-shm side files, refuses to recreate a
// ledger whose key file survives it (unless opt.NewLedger), and creates a new file private (0600).
// It reports whether the ledger is new.
func prepareFile(abs, path string, opt Options) (fresh bool, err error) {
	fresh, err = checkMagic(abs)
	if err != nil {
		return false, fmt.Errorf("ledger %s: %w", path, err)
	}
	for _, side := range []string{abs + "-wal", abs + "-shm"} {
		if _, err := safeopen.Check(side); err != nil {
			return false, fmt.Errorf("ledger %s: %s: %w", path, filepath.Base(side), err)
		}
	}
	if !fresh {
		return false, nil
	}
	if opt.TotalsOnly {
		return false, fmt.Errorf("ledger %s: %w: there is no ledger to read", path, fs.ErrNotExist)
	}
	if !opt.NewLedger {
		keyExists, err := safeopen.Check(opt.KeyPath)
		if err != nil {
			return false, fmt.Errorf("ledger key %s: %w", opt.KeyPath, err)
		}
		if keyExists {
			return false, fmt.Errorf("ledger %s: %w (%s): it was deleted or truncated, and recreating it would count this year's persons from zero again; restore it from a backup, or start a new ledger on purpose with --new-ledger (Options.NewLedger), or remove the key file too", path, ErrLedgerMissing, opt.KeyPath)
		}
	}
	// Create the file ourselves so it is private (0600) from its first byte; SQLite treats an
	// empty file as a new database.
	f, err := safeopen.Open(abs, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return false, fmt.Errorf("ledger %s: %w", path, err)
	}
	f.Close()
	return true, nil
}

// openDB opens the SQLite database at abs on one connection and, for an existing ledger, runs
// SQLite's quick check.
func (l *Ledger) openDB(ctx context.Context, abs string, fresh bool) error {
	// synchronous stays FULL (the default): one fsync per Record is nothing next to a scan, and a
	// run lost to a power cut would be counted as never sent.
	// secure_delete zeroes what a transaction removes or rewrites: a forgotten run, or a path the
	// schema-2 migration masked, does not linger in free pages of the file.
	dsn := abs + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=cache_size(-65536)&_pragma=secure_delete(1)&_txlock=immediate"
	var err error
	l.db, err = sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("ledger %s: %w", l.path, err)
	}
	// One connection: the lock already serialises runs, and temp tables live per connection.
	l.db.SetMaxOpenConns(1)
	if err := l.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ledger %s: %w", l.path, classify(err))
	}
	if !fresh {
		if err := l.quickCheck(ctx); err != nil {
			return fmt.Errorf("ledger %s: %w", l.path, err)
		}
	}
	return nil
}

// setUp refuses a schema newer than this build, loads (or, for an empty ledger, creates) the key,
// switches to WAL and migrates the schema. With opt.TotalsOnly a missing key is no error and the
// file is left as it is (no WAL, no migration).
func (l *Ledger) setUp(ctx context.Context, opt Options) error {
	version, empty, err := l.schemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("ledger %s: %w", l.path, err)
	}
	if version > SchemaVersion {
		return &SchemaError{Path: l.path, Found: version, Known: SchemaVersion}
	}
	switch {
	case opt.TotalsOnly:
		l.key, err = l.checkKey(ctx, opt.KeyPath)
		if errors.Is(err, ErrKeyMissing) {
			l.key, err = nil, nil
		}
	case empty:
		l.key, err = loadOrCreateKey(opt.KeyPath)
	default:
		l.key, err = l.checkKey(ctx, opt.KeyPath)
	}
	if err != nil || opt.TotalsOnly {
		return err
	}
	// WAL lets readers (a report, an export) run beside a writer and makes commits cheap; it is set
	// only after every check above, so a refused file is never touched.
	var mode string
	if err := l.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
		return fmt.Errorf("ledger %s: journal mode: %w", l.path, err)
	}
	if err := l.migrate(ctx, version, empty); err != nil {
		return fmt.Errorf("ledger %s: %w", l.path, err)
	}
	return nil
}

// checkMagic reports whether path is new (absent or empty) and refuses a file that is not SQLite,
// or not a regular file (a FIFO would block the open, a device never end).
func checkMagic(path string) (fresh bool, err error) {
	f, err := safeopen.Open(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	if n == 0 && err == io.EOF {
		return true, nil // an empty file is what SQLite itself treats as a new database
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, err
	}
	if !bytes.Equal(head[:n], sqliteMagic) {
		return false, fmt.Errorf("%w: the file is not an SQLite database; refusing to overwrite it", ErrNotLedger)
	}
	return false, nil
}

// classify maps SQLite's "not a database" failures onto ErrNotLedger.
func classify(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "file is not a database"):
		return fmt.Errorf("%w: %w", ErrNotLedger, err)
	case strings.Contains(msg, "malformed"), strings.Contains(msg, "corrupt"):
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

func (l *Ledger) quickCheck(ctx context.Context) error {
	rows, err := l.db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return classify(err)
		}
		if s != "ok" && len(problems) < 3 {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: quick_check: %s; restore it from a backup (it is not repaired automatically)", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// schemaVersion reads meta.schema_version; empty reports a database with no tables at all (a new
// ledger, or one whose creation was interrupted before its first commit).
func (l *Ledger) schemaVersion(ctx context.Context) (version int, empty bool, err error) {
	var tables int
	if err := l.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&tables); err != nil {
		return 0, false, classify(err)
	}
	if tables == 0 {
		return 0, true, nil
	}
	var v string
	err = l.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'schema_version'").Scan(&v)
	if err != nil {
		return 0, false, fmt.Errorf("%w: no readable schema_version (%w); refusing to modify it", ErrNotLedger, err)
	}
	version, err = strconv.Atoi(v)
	if err != nil || version < 1 {
		return 0, false, fmt.Errorf("%w: schema_version %q; refusing to modify it", ErrNotLedger, v)
	}
	return version, false, nil
}

// loadOrCreateKey is used for a new ledger: an existing key file is reused (it may be kept
// elsewhere on purpose), otherwise a new one is created.
func loadOrCreateKey(path string) ([]byte, error) {
	key, err := loadKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		return createKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger key %s: %w", path, err)
	}
	return key, nil
}

// checkKey loads the key of an existing ledger and compares it with the stored key check.
func (l *Ledger) checkKey(ctx context.Context, keyPath string) ([]byte, error) {
	key, err := loadKey(keyPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("ledger %s: %w: %s (a new key would count every person again; restore the key, or start a new ledger and carry the totals over with prior_totals in the policy)", l.path, ErrKeyMissing, keyPath)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", l.path, err)
	}
	var stored string
	if err := l.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'key_check'").Scan(&stored); err != nil {
		return nil, fmt.Errorf("ledger %s: %w: no key check stored (%w)", l.path, ErrNotLedger, err)
	}
	if subtle.ConstantTimeCompare([]byte(stored), []byte(keyCheck(key))) != 1 {
		return nil, fmt.Errorf("ledger %s: %w: %s belongs to another ledger (persons could not be matched; restore this ledger's key)", l.path, ErrKeyMismatch, keyPath)
	}
	return key, nil
}

// migrate applies the pending schema steps and, for a new ledger, the meta rows, in one
// transaction.
func (l *Ledger) migrate(ctx context.Context, from int, empty bool) error {
	if from == SchemaVersion && !empty {
		return nil
	}
	if len(migrations) != SchemaVersion {
		return fmt.Errorf("internal: %d migrations for schema %d", len(migrations), SchemaVersion)
	}
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for v := from; v < SchemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrating to schema %d: %w", v+1, err)
		}
		if step := migrationSteps[v+1]; step != nil && !empty {
			if err := step(ctx, tx); err != nil {
				return fmt.Errorf("migrating to schema %d: %w", v+1, err)
			}
		}
	}
	if empty {
		_, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('key_check', ?), ('created', ?)",
			keyCheck(l.key), l.now().UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		strconv.Itoa(SchemaVersion)); err != nil {
		return err
	}
	return tx.Commit()
}

// Close releases the database and the lock. It is safe to call more than once.
func (l *Ledger) Close() error {
	var err error
	if l.db != nil {
		err = l.db.Close()
		l.db = nil
	}
	if lerr := l.lock.release(); err == nil {
		err = lerr
	}
	return err
}

// needKey refuses an operation that matches or adds persons on a ledger opened without its key.
func (l *Ledger) needKey(op string) error {
	if l.key == nil {
		return fmt.Errorf("ledger %s: %w: %s needs the key (opened for its totals only)", l.path, ErrKeyMissing, op)
	}
	return nil
}

// Path is the ledger's path as given to Open (for the report's ledger.path).
func (l *Ledger) Path() string { return l.path }

// Year is the calendar year t falls in, in the ledger's location: the year rolls over at midnight
// on 1 January in Shanghai by default, eight hours before it does in UTC.
func (l *Ledger) Year(t time.Time) int { return t.In(l.loc).Year() }
