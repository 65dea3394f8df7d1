package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Approvals in the ledger: every recorded run keeps how each approval of the policy met it
// (covered, beyond its scale, expired, crossing into the assessment band …), so the year's record
// shows which transfers went under which assessment, standard contract or certification, and when
// one stopped covering them (NDSMR Art. 38).

// ApprovalUse is one approval as a run met it: Files of the run (the batch counts as one when
// it is checked as a whole) had Status under the approval Reference.
type ApprovalUse struct {
	Reference string
	Kind      string
	Status    string
	Files     int
}

// ApprovalSummary is one approval over a year: the runs that used it, the files, and the status
// of the latest run.
type ApprovalSummary struct {
	Reference  string
	Kind       string
	Runs       int
	Files      int
	LastStatus string
	LastRun    int64
	LastAt     time.Time
}

// approvalsMigration is schema step 2.
const approvalsMigration = `
CREATE TABLE approval_uses (
	run_id    INTEGER NOT NULL REFERENCES runs(id) DEFERRABLE INITIALLY DEFERRED,
	year      INTEGER NOT NULL,
	reference TEXT NOT NULL,
	kind      TEXT NOT NULL,
	status    TEXT NOT NULL,
	files     INTEGER NOT NULL,
	PRIMARY KEY (run_id, reference, status)
) WITHOUT ROWID;
CREATE INDEX approval_uses_year ON approval_uses(year, reference);
`

func insertApprovals(ctx context.Context, tx *sql.Tx, runID int64, year int, uses []ApprovalUse) error {
	for _, u := range uses {
		if _, err := tx.ExecContext(ctx, `INSERT INTO approval_uses(run_id, year, reference, kind, status, files)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(run_id, reference, status) DO UPDATE SET files = files + excluded.files`,
			runID, year, u.Reference, u.Kind, u.Status, u.Files); err != nil {
			return fmt.Errorf("approval %q: %w", u.Reference, err)
		}
	}
	return nil
}

// Approvals summarises, per approval, the recorded runs of a year that used it, in the order
// they were first used.
func (l *Ledger) Approvals(ctx context.Context, year int) ([]ApprovalSummary, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT a.reference, a.kind, a.run_id, a.status, a.files, r.finished_ns
		FROM approval_uses a JOIN runs r ON r.id = a.run_id WHERE a.year = ? ORDER BY a.run_id, a.reference, a.status`, year)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: approvals: %w", l.path, err)
	}
	defer rows.Close()
	out := []ApprovalSummary{}
	at := map[[2]string]int{}
	for rows.Next() {
		var ref, kind, status string
		var run, finished int64
		var files int
		if err := rows.Scan(&ref, &kind, &run, &status, &files, &finished); err != nil {
			return nil, fmt.Errorf("ledger %s: approvals: %w", l.path, err)
		}
		k := [2]string{ref, kind}
		i, seen := at[k]
		if !seen {
			i = len(out)
			at[k] = i
			out = append(out, ApprovalSummary{Reference: ref, Kind: kind})
		}
		s := &out[i]
		if s.LastRun != run {
			s.Runs++
		}
		s.Files += files
		// Within a run a worse status outranks covered (rows come sorted by status).
		if s.LastRun != run || s.LastStatus == "covered" {
			s.LastStatus = status
		}
		s.LastRun, s.LastAt = run, fromNanos(finished)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger %s: approvals: %w", l.path, err)
	}
	return out, nil
}
