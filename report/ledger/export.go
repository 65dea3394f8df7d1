package ledger

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ExportRun is a run with its files, as Export writes it in JSON.
type ExportRun struct {
	RunSummary
	FileList []FileRecord `json:"file_list"`
}

// export is the JSON document Export writes.
type export struct {
	SchemaVersion int         `json:"ledger_schema_version"`
	Exported      time.Time   `json:"exported"`
	Years         []Totals    `json:"years"`
	Runs          []ExportRun `json:"runs"`
}

// Export writes every run and file for an evidence file: "json" (runs with their files, report
// entries included, and the yearly totals) or "csv" (one row per file, run columns repeated). It
// never writes stored persons.
func (l *Ledger) Export(ctx context.Context, w io.Writer, format string) error {
	runs, err := l.exportRuns(ctx)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		doc := export{SchemaVersion: SchemaVersion, Exported: l.now().UTC(), Runs: runs, Years: []Totals{}}
		seen := map[int]bool{}
		for _, r := range runs {
			if seen[r.Year] {
				continue
			}
			seen[r.Year] = true
			t, err := l.Totals(ctx, r.Year)
			if err != nil {
				return err
			}
			doc.Years = append(doc.Years, t)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return fmt.Errorf("ledger %s: export: %w", l.path, err)
		}
		return nil
	case "csv":
		return l.exportCSV(w, runs)
	}
	return fmt.Errorf("ledger %s: export: unknown format %q (want csv or json)", l.path, format)
}

func (l *Ledger) exportRuns(ctx context.Context) ([]ExportRun, error) {
	hist, err := l.History(ctx)
	if err != nil {
		return nil, err
	}
	runs := make([]ExportRun, len(hist))
	index := map[int64]int{}
	for i, r := range hist {
		runs[i] = ExportRun{RunSummary: r, FileList: []FileRecord{}}
		index[r.ID] = i
	}
	rows, err := l.db.QueryContext(ctx, `SELECT `+fileCols+` FROM files ORDER BY run_id, id`)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: export: %w", l.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("ledger %s: export: %w", l.path, err)
		}
		if i, ok := index[f.RunID]; ok {
			runs[i].FileList = append(runs[i].FileList, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger %s: export: %w", l.path, err)
	}
	return runs, nil
}

var csvHeader = []string{"run_id", "year", "run_started", "run_finished", "recorded", "tool_version",
	"policy_sha256", "roots", "run_label", "run_rule", "run_individuals", "run_sensitive_individuals",
	"run_new_individuals", "run_new_sensitive_individuals", "path", "abs_path", "sha256", "size_bytes",
	"modified", "format", "label", "rule", "individuals", "sensitive_individuals", "individuals_method",
	"repeat"}

func (l *Ledger) exportCSV(w io.Writer, runs []ExportRun) error {
	cw := csv.NewWriter(w)
	write := func(rec []string) error {
		for i, c := range rec {
			rec[i] = csvSafe(c)
		}
		return cw.Write(rec)
	}
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("ledger %s: export: %w", l.path, err)
	}
	for _, r := range runs {
		run := []string{itoa(r.ID), strconv.Itoa(r.Year), ts(r.Started), ts(r.Finished), ts(r.Recorded),
			r.ToolVersion, r.PolicySHA256, strings.Join(r.Roots, ";"), r.Label, r.Rule, itoa(r.Individuals),
			itoa(r.SensitiveIndividuals), itoa(r.NewIndividuals), itoa(r.NewSensitiveIndividuals)}
		if len(r.FileList) == 0 {
			if err := write(append(run, make([]string, len(csvHeader)-len(run))...)); err != nil {
				return fmt.Errorf("ledger %s: export: %w", l.path, err)
			}
		}
		for _, f := range r.FileList {
			rec := append(append([]string(nil), run...), f.Path, f.AbsPath, f.SHA256, itoa(f.Size), ts(f.Modified),
				f.Format, f.Label, f.Rule, itoa(f.Individuals), itoa(f.SensitiveIndividuals), f.Method,
				strconv.FormatBool(f.Repeat))
			if err := write(rec); err != nil {
				return fmt.Errorf("ledger %s: export: %w", l.path, err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("ledger %s: export: %w", l.path, err)
	}
	return nil
}

// csvSafe keeps spreadsheets from running a cell as a formula (docs/vocabulary.md, "Masking").
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
