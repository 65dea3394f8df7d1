package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/xborder/xborder/report/safeopen"
)

// recorded makes a ledger with one run of 10 persons and returns its path.
func recorded(t *testing.T) string {
	t.Helper()
	l, path := openNew(t)
	mustRecord(t, l, oneFileRun(2026, "s1", hashes(0, 10), nil))
	l.Close()
	return path
}

// TestLedgerGoneButKeyLeftIsAnError: a database deleted or truncated to 0 bytes while its key
// file remains used to be recreated silently, restarting the year's count at 0. It is an error
// that says how to start again on purpose; NewLedger (or removing the key too) does.
func TestLedgerGoneButKeyLeftIsAnError(t *testing.T) {
	ctx := context.Background()
	for name, lose := range map[string]func(string) error{
		"deleted":   func(p string) error { os.Remove(p + "-wal"); os.Remove(p + "-shm"); return os.Remove(p) },
		"truncated": func(p string) error { os.Remove(p + "-wal"); os.Remove(p + "-shm"); return os.Truncate(p, 0) },
	} {
		t.Run(name, func(t *testing.T) {
			path := recorded(t)
			if err := lose(path); err != nil {
				t.Fatal(err)
			}
			_, err := Open(ctx, path, testOptions())
			if !errors.Is(err, ErrLedgerMissing) {
				t.Fatalf("Open = %v, want ErrLedgerMissing", err)
			}
			for _, hint := range []string{"--new-ledger", "remove the key file"} {
				if !bytes.Contains([]byte(err.Error()), []byte(hint)) {
					t.Errorf("error %q does not say %q", err, hint)
				}
			}
			opt := testOptions()
			opt.NewLedger = true
			l, err := Open(ctx, path, opt)
			if err != nil {
				t.Fatalf("Open with NewLedger: %v", err)
			}
			if got := mustTotals(t, l, 2026).Individuals; got != 0 {
				t.Errorf("a new ledger starts at %d", got)
			}
			l.Close()
		})
	}
	t.Run("key removed too", func(t *testing.T) {
		path := recorded(t)
		os.Remove(path + "-wal")
		os.Remove(path)
		os.Remove(path + ".key")
		l, err := Open(ctx, path, testOptions())
		if err != nil {
			t.Fatalf("Open after removing database and key: %v", err)
		}
		l.Close()
	})
}

// TestSpecialFilesAsLedgerOrKeyAreRefusedPromptly: a FIFO (or a device) named as the ledger, its
// key, its lock or its WAL is refused with a clear error; nothing blocks on it.
func TestSpecialFilesAsLedgerOrKeyAreRefusedPromptly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	fifo := func(t *testing.T, p string) {
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T) (string, Options)
	}{
		{"FIFO as the ledger", func(t *testing.T) (string, Options) {
			p := filepath.Join(t.TempDir(), "audit.db")
			fifo(t, p)
			return p, testOptions()
		}},
		{"FIFO as the key of a new ledger", func(t *testing.T) (string, Options) {
			dir := t.TempDir()
			o := testOptions()
			o.KeyPath = filepath.Join(dir, "k")
			fifo(t, o.KeyPath)
			o.NewLedger = true
			return filepath.Join(dir, "audit.db"), o
		}},
		{"FIFO as the key of an existing ledger", func(t *testing.T) (string, Options) {
			p := recorded(t)
			fifo(t, p+".key")
			return p, testOptions()
		}},
		{"FIFO as the lock", func(t *testing.T) (string, Options) {
			p := filepath.Join(t.TempDir(), "audit.db")
			fifo(t, p+".lock")
			return p, testOptions()
		}},
		{"FIFO as the WAL", func(t *testing.T) (string, Options) {
			p := recorded(t)
			fifo(t, p+"-wal")
			return p, testOptions()
		}},
		{"/dev/zero as the key", func(t *testing.T) (string, Options) {
			o := testOptions()
			o.KeyPath = "/dev/zero"
			o.NewLedger = true
			return filepath.Join(t.TempDir(), "audit.db"), o
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, opt := tc.prepare(t)
			done := make(chan error, 1)
			go func() {
				l, err := Open(ctx, path, opt)
				if err == nil {
					l.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, safeopen.ErrNotRegular) {
					t.Fatalf("Open = %v, want a not-a-regular-file error", err)
				}
			case <-ctx.Done():
				t.Fatal("Open blocked on a special file")
			}
		})
	}
}

// TestPathsAreStoredMaskedAndFoundByMAC: a file named after an ID number is stored with the name
// masked (the database bytes never hold it), and LookupFile still finds it by its real path.
func TestPathsAreStoredMaskedAndFoundByMAC(t *testing.T) {
	const id = "11010519491231002X"
	l, path := openNew(t)
	r := oneFileRun(2026, "s1", hashes(0, 10), nil)
	r.Roots = []string{"/data/" + id}
	r.Files[0].Path = id + ".csv"
	r.Files[0].AbsPath = "/data/" + id + "/" + id + ".csv"
	mustRecord(t, l, r)
	rec, ok, err := l.LookupFile(context.Background(), "/data/"+id+"/"+id+".csv", 10, fixedNow, "judgement-1")
	if err != nil || !ok {
		t.Fatalf("LookupFile = %v, %v", ok, err)
	}
	if bytes.Contains([]byte(rec.Path+rec.AbsPath), []byte(id)) {
		t.Errorf("stored paths %q, %q hold the ID", rec.Path, rec.AbsPath)
	}
	l.Close()
	for _, p := range []string{path, path + "-wal"} {
		if b, err := os.ReadFile(p); err == nil && bytes.Contains(b, []byte(id)) {
			t.Errorf("%s holds the ID number", filepath.Base(p))
		}
	}
}

// TestMigrationFromSchema1 opens a schema-1 ledger: it is migrated in place, its rows are never
// reused (they carry no judgement), and the paths, roots and report entries they stored are
// masked.
func TestMigrationFromSchema1(t *testing.T) {
	const id = "11010519491231002X"
	path := filepath.Join(t.TempDir(), "old.db")
	key, err := createKey(path + ".key")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0],
		"INSERT INTO meta(key, value) VALUES ('schema_version', '1'), ('key_check', '" + keyCheck(key) + "'), ('created', 'x')",
		`INSERT INTO runs(id, year, started_ns, finished_ns, recorded_ns, tool_version, policy_sha256, roots, label, rule,
			files, individuals, sensitive_individuals, new_individuals, new_sensitive_individuals)
			VALUES (1, 2026, 0, 0, 0, 'old', 'p', '["/data/` + id + `"]', 'free', 'r', 1, 0, 0, 0, 0)`,
		`INSERT INTO files(run_id, year, path, abs_path, sha256, size, mtime_ns, format, label, rule, individuals,
			sensitive_individuals, method, unhashed, unhashed_sensitive, report)
			VALUES (1, 2026, '` + id + `.csv', '/data/` + id + `.csv', 's', 10, ` + strconv.FormatInt(fixedNow.UnixNano(), 10) + `,
			'csv', 'free', 'r', 0, 0, 'exact', 0, 0, '{"path":"` + id + `.csv","tables":[{"columns":[{"name":"` + id + `","non_empty":3}]}]}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	l, err := Open(context.Background(), path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	var v string
	l.db.QueryRow("SELECT value FROM meta WHERE key = 'schema_version'").Scan(&v)
	if v != strconv.Itoa(SchemaVersion) {
		t.Errorf("schema %s after migration", v)
	}
	if _, ok, _ := l.LookupFile(context.Background(), "/data/"+id+".csv", 10, fixedNow, "anything"); ok {
		t.Error("a schema-1 entry was reused")
	}
	var buf bytes.Buffer
	if err := l.Export(context.Background(), &buf, "json"); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte(id)) {
		t.Errorf("the migrated ledger still exports the ID: %s", buf.String())
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"non_empty": 3`)) {
		t.Errorf("the report entry lost its numbers: %s", buf.String())
	}
	l.Close()
	for _, p := range []string{path, path + "-wal"} {
		if b, err := os.ReadFile(p); err == nil && bytes.Contains(b, []byte(id)) {
			t.Errorf("%s still holds the ID number in its bytes", filepath.Base(p))
		}
	}
}
