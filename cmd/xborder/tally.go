package main

import (
	"time"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
)

// priorCounts are persons transferred earlier this year that cannot be matched to this run's
// persons (policy prior_totals: transfers made outside xborder).
type priorCounts struct{ individuals, sensitive int64 }

// priorTotals returns the policy's prior totals when they are for the scan's calendar year (in
// the policy's time zone); totals of another year do not count.
func priorTotals(pol *report.Policy, now time.Time) priorCounts {
	year := now.In(pol.Location()).Year()
	pt := pol.PriorTotals
	if pt.Year != 0 && pt.Year != year {
		return priorCounts{}
	}
	return priorCounts{pt.Individuals, pt.SensitiveIndividuals}
}

// tallyOf counts a person set; prior persons are added by the caller.
func tallyOf(p scanner.Persons) report.Tally {
	n, nu, s, su := p.Count()
	return report.Tally{Individuals: n, IndividualsUpper: nu, Sensitive: s, SensitiveUpper: su, Method: p.Method()}
}

// plainTallies fills the report input's tallies without a ledger: prior persons are the
// policy's prior totals only.
func plainTallies(res *scanner.Result, prior priorCounts, in *report.Input) {
	for _, fr := range res.Files {
		t := tallyOf(fr.Persons)
		t.PriorIndividuals, t.PriorSensitive = prior.individuals, prior.sensitive
		in.Files = append(in.Files, report.FileInput{Result: fr, Tally: t})
	}
	in.Batch = tallyOf(res.Batch)
	in.Batch.PriorIndividuals, in.Batch.PriorSensitive = prior.individuals, prior.sensitive
}
