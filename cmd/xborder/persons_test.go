package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
)

// yearTotals reads the year's totals from a ledger.
func yearTotals(t *testing.T, db string, year int) ledger.Totals {
	t.Helper()
	l, err := ledger.Open(context.Background(), db, ledger.Options{})
	require.NoError(t, err)
	defer l.Close()
	tot, err := l.Totals(context.Background(), year)
	require.NoError(t, err)
	return tot
}

// writeDiagnoses writes 500 patients with a mobile, then n patients without any identifier (a
// name and a diagnosis): each of those rows is a person of their own. seed makes the contents
// of two nights differ.
func writeDiagnoses(t *testing.T, path string, n int, seed int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("姓名,手机号,诊断\n")
	diags := []string{"高血压", "2型糖尿病", "慢性胃炎", "冠心病"}
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "患者%d,139%08d,%s\n", seed*100000+i, seed*100000+i, diags[i%4])
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s%s%d,,%s\n", []string{"王", "李", "张", "刘"}[i%4], "某", seed*100000+i, diags[(i+seed)%4])
	}
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
}

// TestTwoNightsOfPersonsWithoutIdentifiers: persons without an identifier are keyed by their
// file's content and row, not by where the file stood in the scan, so two nights of 2,000 such
// persons each (each night's file first in its scan, beside 500 persons with a mobile) make
// 4,000 (plus 2 × 500) for the year, and recording a night again adds nobody.
func TestTwoNightsOfPersonsWithoutIdentifiers(t *testing.T) {
	work := t.TempDir()
	db := filepath.Join(t.TempDir(), "audit.db")
	night := func(when time.Time, dir string) report.Report {
		t.Helper()
		code, out, errOut := testApp{now: when}.run(t, "scan", "-q", "-f", "json", "--fail-on", "never", "--ledger", db, "--record", dir)
		require.Equal(t, exitOK, code, errOut)
		return decodeReport(t, []byte(out))
	}
	one, two := filepath.Join(work, "2026-11-01"), filepath.Join(work, "2026-11-02")
	writeDiagnoses(t, filepath.Join(one, "clinic.csv"), 2000, 1)
	writeDiagnoses(t, filepath.Join(two, "clinic.csv"), 2000, 2)

	r1 := night(time.Date(2026, 11, 1, 18, 0, 0, 0, time.UTC), one)
	require.Equal(t, int64(2500), r1.Files[0].Individuals)
	require.Equal(t, int64(2500), r1.Files[0].SensitiveIndividuals)
	r2 := night(time.Date(2026, 11, 2, 18, 0, 0, 0, time.UTC), two)
	assert.Equal(t, int64(2500), r2.Files[0].Individuals)
	assert.Equal(t, int64(2500), r2.Ledger.PriorIndividuals)

	tot := yearTotals(t, db, 2026)
	assert.Equal(t, int64(4000+1000), tot.Individuals)
	assert.Equal(t, int64(4000+1000), tot.SensitiveIndividuals)

	// The first night's file again, on a third night (copied elsewhere, so not reused by path):
	// the same content gives the same keys, nobody new.
	three := filepath.Join(work, "2026-11-03")
	require.NoError(t, os.MkdirAll(three, 0o755))
	data, err := os.ReadFile(filepath.Join(one, "clinic.csv"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(three, "clinic-again.csv"), data, 0o644))
	night(time.Date(2026, 11, 3, 18, 0, 0, 0, time.UTC), three)
	assert.Equal(t, int64(4000+1000), yearTotals(t, db, 2026).Individuals)
}

// propertyPolicy lowers the thresholds so that small random batches reach every label.
const propertyPolicy = `version: 1
thresholds:
  contract_individuals: 250
  assessment_individuals: 900
  assessment_sensitive: 200
`

// randomBatch writes between 2 and 5 files of persons drawn from one pool (so files share
// persons), in random shapes: mobiles only, mobiles with ID numbers (sensitive), two roles per
// row, names with coordinates, or names with a diagnosis and no identifier.
func randomBatch(t *testing.T, rng *rand.Rand, dir string) []string {
	t.Helper()
	mobile := func(p int) string { return fmt.Sprintf("139%08d", 20000000+p) }
	id := func(p int) string { return residentIDFor(p) }
	var files []string
	for f := range 2 + rng.IntN(4) {
		var b strings.Builder
		n := 1 + rng.IntN(200)
		switch shape := rng.IntN(5); shape {
		case 0:
			b.WriteString("客户,手机号\n")
			for range n {
				p := rng.IntN(700)
				fmt.Fprintf(&b, "客户%d,%s\n", p, mobile(p))
			}
		case 1:
			b.WriteString("姓名,手机号,身份证号\n")
			for range n {
				p := rng.IntN(700)
				fmt.Fprintf(&b, "会员%d,%s,%s\n", p, mobile(p), id(p))
			}
		case 2:
			b.WriteString("寄件人,寄件人电话,收件人,收件人电话\n")
			for range n {
				s, r := rng.IntN(700), rng.IntN(700)
				fmt.Fprintf(&b, "寄件%d,%s,收件%d,%s\n", s, mobile(s), r, mobile(r))
			}
		case 3:
			// Coordinates in two columns: sensitive values that are not identifiers.
			b.WriteString("姓名,纬度,经度\n")
			for i := range n {
				fmt.Fprintf(&b, "用户%d,%.6f,%.6f\n", rng.IntN(1000000)+i, 22+rng.Float64()*18, 100+rng.Float64()*21)
			}
		default:
			b.WriteString("姓名,诊断\n")
			for i := range n {
				fmt.Fprintf(&b, "病人%d,%s\n", rng.IntN(1000000)+i, []string{"高血压", "糖尿病", "胃炎"}[rng.IntN(3)])
			}
		}
		p := filepath.Join(dir, fmt.Sprintf("f%d.csv", f))
		require.NoError(t, os.WriteFile(p, []byte(b.String()), 0o644))
		files = append(files, p)
	}
	return files
}

// residentIDFor returns a valid resident ID number for person p (GB 11643 check digit).
func residentIDFor(p int) string {
	body := fmt.Sprintf("110105%04d%02d%02d%03d", 1960+p%40, 1+p%12, 1+p%28, p%1000)
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	s := 0
	for i, c := range body {
		s += int(c-'0') * w[i]
	}
	return body + string("10X98765432"[s%11])
}

func labelRank(l string) int {
	return map[string]int{report.LabelFree: 0, report.LabelContract: 1, report.LabelAssessment: 2, report.LabelError: 3}[l]
}

// TestBatchIsNeverBelowItsFilesProperty: over random batches, the batch label is never lower
// than any file's, the batch counts never below any file's, and recording a batch as two runs
// gives the same year totals as recording it as one.
func TestBatchIsNeverBelowItsFilesProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261206, 13))
	pol := filepath.Join(t.TempDir(), "policy.yaml")
	require.NoError(t, os.WriteFile(pol, []byte(propertyPolicy), 0o644))
	when := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	scan := func(db string, args ...string) report.Report {
		t.Helper()
		base := []string{"scan", "-q", "-f", "json", "--fail-on", "never", "--policy", pol}
		if db != "" {
			base = append(base, "--ledger", db, "--record")
		}
		code, out, errOut := testApp{now: when}.run(t, append(base, args...)...)
		require.Equal(t, exitOK, code, errOut)
		return decodeReport(t, []byte(out))
	}
	labels := map[string]int{}
	for trial := range 16 {
		dir := t.TempDir()
		files := randomBatch(t, rng, dir)
		r := scan("", files...)
		labels[r.Summary.Verdict.Label]++
		for _, f := range r.Files {
			assert.GreaterOrEqual(t, labelRank(r.Summary.Verdict.Label), labelRank(f.Verdict.Label), "trial %d: batch below %s", trial, f.Path)
			assert.GreaterOrEqual(t, r.Summary.Individuals, f.Individuals, "trial %d: %s", trial, f.Path)
			assert.GreaterOrEqual(t, r.Summary.SensitiveIndividuals, f.SensitiveIndividuals, "trial %d: %s", trial, f.Path)
		}

		// One recorded run, or the same files split over two recorded runs: same year.
		whole, split := filepath.Join(t.TempDir(), "whole.db"), filepath.Join(t.TempDir(), "split.db")
		scan(whole, files...)
		cut := 1 + rng.IntN(len(files)-1)
		scan(split, files[:cut]...)
		scan(split, files[cut:]...)
		a, b := yearTotals(t, whole, 2026), yearTotals(t, split, 2026)
		assert.Equal(t, a.Individuals, b.Individuals, "trial %d: year persons, one run vs two", trial)
		assert.Equal(t, a.SensitiveIndividuals, b.SensitiveIndividuals, "trial %d: year sensitive persons, one run vs two", trial)
		assert.Equal(t, r.Summary.Individuals, a.Individuals, "trial %d: the batch is the year", trial)
	}
	t.Logf("batch labels over the trials: %v", labels)
	assert.GreaterOrEqual(t, len(labels), 2, "the trials should reach more than one label")
}
