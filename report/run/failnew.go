package run

import (
	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
)

// failOnNew narrows a flagged exit to runs that change the year (--fail-on-new): a run that
// adds persons the ledger did not hold, or whose batch label is above the label the year's
// recorded totals had before it. Without a ledger every person is new, so the code stands.
func failOnNew(code int, rep *report.Report, pol *report.Policy) int {
	if code != ExitFlagged || AddsToYear(rep, pol) {
		return code
	}
	return ExitOK
}

// AddsToYear reports whether the run adds persons to the year or raises the year's label.
func AddsToYear(rep *report.Report, pol *report.Policy) bool {
	n := rep.Summary.New
	if n == nil || rep.Ledger == nil || n.Individuals > 0 || n.SensitiveIndividuals > 0 {
		return true
	}
	prior := rep.Ledger.PriorIndividuals
	priorS := rep.Ledger.PriorSensitiveIndividuals
	before := report.DecideVolume(report.Counts{N: prior, S: priorS, NEstimate: prior, SEstimate: priorS, Method: scanner.MethodExact}, pol, "")
	return labelRank(rep.Summary.Verdict.Label) > labelRank(before.Label)
}

func labelRank(label string) int {
	switch label {
	case report.LabelContract:
		return 1
	case report.LabelAssessment:
		return 2
	}
	return 0
}

// FilesWithNewPersons are the paths of the files that hold persons the ledger did not hold for
// the year, so a cron mail can name them.
func FilesWithNewPersons(rep *report.Report) []string {
	var out []string
	for _, f := range rep.Files {
		if f.New != nil && (f.New.Individuals > 0 || f.New.SensitiveIndividuals > 0) {
			out = append(out, f.Path)
		}
	}
	return out
}
