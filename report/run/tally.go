package run

import (
	"context"
	"time"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/scanner"
)

// Prior are persons transferred earlier this year that cannot be matched to this run's persons
// (policy prior_totals: transfers made outside xborder).
type Prior struct{ Individuals, Sensitive int64 }

// PriorTotals returns the policy's prior totals when they are for the calendar year of now (in
// the policy's time zone); totals of another year do not count.
func PriorTotals(pol *report.Policy, now time.Time) Prior {
	year := now.In(pol.Location()).Year()
	pt := pol.PriorTotals
	if pt.Year != 0 && pt.Year != year {
		return Prior{}
	}
	return Prior{pt.Individuals, pt.SensitiveIndividuals}
}

// tallyOf counts a person set; prior persons are added by the caller.
func tallyOf(p scanner.Persons) report.Tally {
	n, nu, s, su := p.Count()
	return report.Tally{Individuals: n, IndividualsUpper: nu, Sensitive: s, SensitiveUpper: su, Method: p.Method()}
}

// plainTallies fills the report input's tallies without a ledger: prior persons are the
// policy's prior totals only.
func plainTallies(res *scanner.Result, prior Prior, in *report.Input) {
	for _, fr := range res.Files {
		t := tallyOf(fr.Persons)
		t.PriorIndividuals, t.PriorSensitive = prior.Individuals, prior.Sensitive
		in.Files = append(in.Files, report.FileInput{Result: fr, Tally: t})
	}
	in.Batch = tallyOf(res.Batch)
	in.Batch.PriorIndividuals, in.Batch.PriorSensitive = prior.Individuals, prior.Sensitive
}

// ledgerPrior is the number of persons (and sensitive ones) recorded earlier this year that are
// not in the set p, plus the policy's prior totals.
func (a *Audit) ledgerPrior(ctx context.Context, p scanner.Persons, policyPrior Prior, t *report.Tally) error {
	var pr ledger.Prior
	var err error
	if kp, ok := a.keyed[p.Set]; ok && p.Set != nil {
		pr, err = a.opt.Ledger.PriorKeyed(ctx, a.year, kp.all, kp.sensitive)
	} else {
		all, sens := p.Hashes() // nil for sketches and rows-only sets: the ledger counts those
		pr, err = a.opt.Ledger.Prior(ctx, a.year, all, sens)
	}
	if err != nil {
		return err
	}
	t.PriorIndividuals = pr.Individuals - pr.Overlap + policyPrior.Individuals
	t.PriorSensitive = pr.SensitiveIndividuals - pr.SensitiveOverlap + policyPrior.Sensitive
	t.Ledgered, t.Already, t.AlreadySensitive = true, pr.Overlap, pr.SensitiveOverlap
	return nil
}

// ledgerTallies fills the report input with counts that include the persons recorded earlier
// this year, de-duplicated: a customer sent in March and again now counts once.
func (a *Audit) ledgerTallies(ctx context.Context, res *scanner.Result, policyPrior Prior, in *report.Input) error {
	totals, err := a.opt.Ledger.Totals(ctx, a.year)
	if err != nil {
		return err
	}
	in.Ledger = &report.LedgerRef{
		Path: a.opt.Ledger.Path(), Year: a.year,
		PriorIndividuals:          totals.Individuals + policyPrior.Individuals,
		PriorSensitiveIndividuals: totals.SensitiveIndividuals + policyPrior.Sensitive,
	}
	var reusedN, reusedS int64
	for _, fr := range res.Files {
		t := tallyOf(fr.Persons)
		switch {
		case fr.Err != nil:
		case fr.Reused:
			// Its persons are all in the ledger already: prior holds them.
			t = a.reusedTally(fr.AbsPath, in.Ledger)
			reusedN += t.Individuals
			reusedS += t.Sensitive
		default:
			if err := a.ledgerPrior(ctx, fr.Persons, policyPrior, &t); err != nil {
				return err
			}
		}
		in.Files = append(in.Files, report.FileInput{Result: fr, Tally: t})
	}
	in.Batch = tallyOf(res.Batch)
	if err := a.ledgerPrior(ctx, res.Batch, policyPrior, &in.Batch); err != nil {
		return err
	}
	// Reused files' persons are inside the prior totals; list them in the batch counts too
	// (an upper bound: they are not de-duplicated against the other files).
	in.Batch.Individuals += reusedN
	in.Batch.IndividualsUpper += reusedN
	in.Batch.Sensitive += reusedS
	in.Batch.SensitiveUpper += reusedS
	in.Batch.PriorIndividuals = max(0, in.Batch.PriorIndividuals-reusedN)
	in.Batch.PriorSensitive = max(0, in.Batch.PriorSensitive-reusedS)
	in.Batch.Already += reusedN
	in.Batch.AlreadySensitive += reusedS
	return nil
}

// reusedTally is the tally of a reused file: the counts its record holds, and the year's other
// persons as prior.
func (a *Audit) reusedTally(abs string, ref *report.LedgerRef) report.Tally {
	a.mu.Lock()
	rec := a.reused[abs]
	a.mu.Unlock()
	return report.Tally{Individuals: rec.Individuals, IndividualsUpper: rec.Individuals,
		Sensitive: rec.SensitiveIndividuals, SensitiveUpper: rec.SensitiveIndividuals, Method: scanner.Method(rec.Method),
		PriorIndividuals: max(0, ref.PriorIndividuals-rec.Individuals),
		PriorSensitive:   max(0, ref.PriorSensitiveIndividuals-rec.SensitiveIndividuals),
		// Recorded unchanged this year: every person of it was transferred already.
		Ledgered: true, Already: rec.Individuals, AlreadySensitive: rec.SensitiveIndividuals}
}
