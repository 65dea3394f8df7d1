package run

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
	"github.com/xborder/xborder/scanner/detect"
)

// ReuseKey is a canonical digest of what judges a file: the compiled policy (every part but its
// file's identity and the prior totals, which are applied afresh each run), the detector set
// (ids, default categories, what each validates, header hints) and the tool version, which
// stands for the detectors' code. Comments or key order in the policy file do not change it; a
// changed category, ignore rule, custom detector, threshold or exemption does, and so does a new
// xborder build: the file is read again.
func ReuseKey(pol *report.Policy, version string) string {
	c := *pol
	c.Source, c.SHA256, c.PriorTotals = "", "", report.PriorTotals{}
	h := sha256.New()
	fmt.Fprintf(h, "xborder reuse v1\n%s\n", version)
	enc := json.NewEncoder(h)
	if err := enc.Encode(c); err != nil {
		return "" // never reuse what cannot be named
	}
	for _, d := range detect.Builtin().All() {
		if err := enc.Encode([]any{d.ID(), d.Category(), d.Describe(), d.Hints()}); err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Reuse is the scanner's Reuse hook: a file recorded this year with the same path, size and
// modification time (and, unless TrustMtime, the same sha256), under the same policy judgement
// and detector set (ReuseKey), is not analysed again. Its persons are in the ledger already, so
// they count through the prior totals.
func (a *Audit) Reuse(abs string, info os.FileInfo) (scanner.FileResult, bool) {
	return a.reuse(abs, info, a.opt.TrustMtime)
}

func (a *Audit) reuse(abs string, info os.FileInfo, trustMtime bool) (scanner.FileResult, bool) {
	if a.opt.Ledger == nil {
		return scanner.FileResult{}, false
	}
	rec, ok, err := a.opt.Ledger.LookupFile(context.Background(), abs, info.Size(), info.ModTime(), a.reuseKey)
	if err != nil || !ok || rec.Year != a.year || len(rec.Report) == 0 {
		return scanner.FileResult{}, false
	}
	note := fmt.Sprintf("unchanged since ledger run %d (path, size and modification time match", rec.RunID)
	if !trustMtime {
		sum, err := scanner.FileSHA256(abs)
		if err != nil || sum != rec.SHA256 {
			return scanner.FileResult{}, false
		}
		note += ", sha256 verified"
	}
	var entry report.File
	if err := json.Unmarshal(rec.Report, &entry); err != nil {
		return scanner.FileResult{}, false
	}
	fr := fileResultFromEntry(entry)
	fr.AbsPath = abs
	fr.Reused = true
	fr.Notes = append(fr.Notes, note+"): result reused, file not read again")
	a.mu.Lock()
	a.reused[abs] = rec
	a.mu.Unlock()
	return fr, true
}

// fileResultFromEntry rebuilds a scan result from a recorded report entry, so the verdict is
// decided again against this run's totals.
func fileResultFromEntry(e report.File) scanner.FileResult {
	fr := scanner.FileResult{
		Path: e.Path, Format: e.Format, Encoding: e.Encoding, Size: e.SizeBytes, SHA256: e.SHA256,
		Modified: e.Modified, Rows: e.Rows, SampledRows: e.SampledRows,
		Notes: append([]string(nil), e.Notes...),
	}
	for _, t := range e.Tables {
		tr := scanner.TableResult{Name: t.Name, Rows: t.Rows}
		for _, c := range t.Columns {
			tr.Columns = append(tr.Columns, columnFromEntry(c))
		}
		fr.Tables = append(fr.Tables, tr)
	}
	return fr
}

func columnFromEntry(c report.Column) scanner.ColumnResult {
	cr := scanner.ColumnResult{Name: c.Name, Index: c.Index, NonEmpty: c.NonEmpty, Masked: c.MaskedValues,
		Hashed: c.HashedValues, PrecisionLost: c.PrecisionLost, Types: []scanner.TypeResult{}}
	for _, ty := range c.Types {
		cr.Types = append(cr.Types, scanner.TypeResult{Type: ty.Type, Category: detect.Category(ty.Category),
			Confidence: ty.Confidence, Matched: ty.Matched, Sampled: ty.Sampled, Examples: ty.Examples})
	}
	return cr
}
