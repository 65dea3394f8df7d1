package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/xborder/xborder/scanner/detect"
)

// Approvals: a security assessment passed, a standard contract filed or a certification granted
// covers a stated scope and scale for a period. NDSMR Art. 38 forbids going beyond the scale
// assessed; a handler under a contract route that crosses into the assessment band mid-year must
// apply for an assessment, the volume already sent included (CAC Q&A, 2026-01).

// Approval kinds.
const (
	ApprovalAssessment       = "assessment"
	ApprovalStandardContract = "standard_contract"
	ApprovalCertification    = "certification"
)

// RuleApproval is the rule id of reasons about approvals; they never decide a label and never come
// first.
const RuleApproval = "approval"

// expiryWarning: an approval ending within this many days is flagged.
const expiryWarning = 60

// Approval statuses (ApprovalUse.Status).
const (
	ApprovalCovered      = "covered"       // valid, of a kind that meets the label, within its scale
	ApprovalExceeded     = "exceeded"      // beyond the approved scale (NDSMR Art. 38)
	ApprovalExpired      = "expired"       // past valid_to
	ApprovalNotYetValid  = "not_yet_valid" // before valid_from
	ApprovalInsufficient = "insufficient"  // a contract or certification where an assessment is needed
	ApprovalCrossing     = "crossing"      // the year crossed into the assessment band under it
)

// ApprovalUse is how one approval met a verdict (extension): the ledger keeps them per run.
type ApprovalUse struct {
	Reference string `json:"reference"`
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	// ExpiresSoon is set when the approval ends within 60 days of the transfer.
	ExpiresSoon bool `json:"expires_soon,omitempty"`
}

// Approval is one approval as the policy states it.
type Approval struct {
	Kind      string
	Reference string
	// Paths and Categories are the scope: files under Paths, or files whose personal-information
	// types are all among Categories (type ids); both when both are given.
	Paths      []string
	Categories []string
	// Individuals and SensitiveIndividuals are the approved scale (persons this year).
	Individuals, SensitiveIndividuals int64
	ValidFrom, ValidTo                time.Time
	globs                             []Glob
}

type rawApproval struct {
	Kind                 string   `yaml:"kind"`
	Reference            string   `yaml:"reference"`
	Paths                []string `yaml:"paths"`
	Categories           []string `yaml:"categories"`
	Individuals          int64    `yaml:"individuals"`
	SensitiveIndividuals int64    `yaml:"sensitive_individuals"`
	ValidFrom            string   `yaml:"valid_from"`
	ValidTo              string   `yaml:"valid_to"`
}

func compileApprovals(rs []rawApproval, known func(string) bool, loc *time.Location, bad func(path, format string, args ...any), globs func(string, []string) []Glob) []Approval {
	out := []Approval{}
	refs := map[string]bool{}
	if loc == nil {
		loc = time.UTC
	}
	for i, r := range rs {
		key := fmt.Sprintf("approvals[%d]", i)
		a := Approval{Kind: r.Kind, Reference: strings.TrimSpace(r.Reference), Paths: nonNil(r.Paths), Categories: nonNil(r.Categories),
			Individuals: r.Individuals, SensitiveIndividuals: r.SensitiveIndividuals}
		switch r.Kind {
		case ApprovalAssessment, ApprovalStandardContract, ApprovalCertification:
		case "":
			bad(key+".kind", "required (assessment, standard_contract or certification)")
		default:
			bad(key+".kind", "unknown kind %q (use assessment, standard_contract or certification)", r.Kind)
		}
		uniqueName(bad, key+".reference", a.Reference, ": the approval's number, as quoted in verdicts", "reference", refs)
		if len(r.Paths) == 0 && len(r.Categories) == 0 {
			bad(key, "needs paths, categories or both: the scope the approval covers")
		}
		a.globs = globs(key+".paths", r.Paths)
		for j, c := range r.Categories {
			if !known(c) {
				bad(fmt.Sprintf("%s.categories[%d]", key, j), "unknown type id %q (see `xborder detectors`)", c)
			}
		}
		if r.Individuals < 1 {
			bad(key+".individuals", "required: the approved number of persons (NDSMR Art. 38 forbids exceeding it)")
		}
		if r.SensitiveIndividuals < 0 {
			bad(key+".sensitive_individuals", "must not be negative")
		}
		var err error
		if a.ValidFrom, err = time.ParseInLocation(time.DateOnly, r.ValidFrom, loc); err != nil {
			bad(key+".valid_from", "required, a date written YYYY-MM-DD")
		}
		switch {
		case r.ValidTo == "" && (r.Kind == ApprovalAssessment || r.Kind == ApprovalCertification):
			bad(key+".valid_to", "required: assessments and certifications last 3 years (Order No. 16 Art. 9; Certification Measures)")
		case r.ValidTo != "":
			if a.ValidTo, err = time.ParseInLocation(time.DateOnly, r.ValidTo, loc); err != nil {
				bad(key+".valid_to", "a date written YYYY-MM-DD")
			} else if !a.ValidFrom.IsZero() && a.ValidTo.Before(a.ValidFrom) {
				bad(key+".valid_to", "is before valid_from")
			}
		}
		out = append(out, a)
	}
	return out
}

// kindName is the approval kind in words.
func (a Approval) kindName() string {
	switch a.Kind {
	case ApprovalAssessment:
		return "security assessment"
	case ApprovalStandardContract:
		return "standard contract"
	}
	return "personal-information protection certification"
}

// fits reports whether a file is in the approval's scope: under its paths (when given) and with
// every personal-information type among its categories (when given).
func (a Approval) fits(rel string, cols []ColumnFacts) bool {
	if len(a.globs) > 0 && !anyGlob(a.globs, rel) {
		return false
	}
	if len(a.Categories) == 0 {
		return true
	}
	for _, col := range cols {
		for _, t := range col.Types {
			if t.Category != detect.CategoryNone && !contains(a.Categories, t.Type) {
				return false
			}
		}
	}
	return true
}

// approvalsFor returns the indexes of the approvals whose scope the file fits.
func (p *Policy) approvalsFor(rel string, cols []ColumnFacts) []int {
	var out []int
	for i, a := range p.Approvals {
		if a.fits(rel, cols) {
			out = append(out, i)
		}
	}
	return out
}

// checkApprovals explains how the approvals that fit a file or batch meet its label: covered,
// not yet valid, expired or expiring, beyond the approved scale (NDSMR Art. 38), or a contract
// route crossing into the assessment band. Counts are the year's (prior persons included), so a
// scale is never checked against less than was sent.
func checkApprovals(v Verdict, c Counts, fit []int, p *Policy, on time.Time, th Thresholds) ([]Reason, []string, []ApprovalUse) {
	if len(fit) == 0 || (v.Label != LabelContract && v.Label != LabelAssessment) || on.IsZero() {
		return nil, nil, nil
	}
	var rs []Reason
	var notes []string
	var uses []ApprovalUse
	today := on.In(p.Location())
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, p.Location())
	byVolume := len(v.Reasons) > 0 && v.Reasons[0].Rule == RuleArt72
	for _, i := range fit {
		a := p.Approvals[i]
		name := fmt.Sprintf("%s %q", a.kindName(), a.Reference)
		use := ApprovalUse{Reference: a.Reference, Kind: a.Kind}
		switch {
		case day.Before(a.ValidFrom):
			notes = append(notes, fmt.Sprintf("%s is valid only from %s: it does not cover a transfer today", name, a.ValidFrom.Format(time.DateOnly)))
			use.Status = ApprovalNotYetValid
			uses = append(uses, use)
			continue
		case !a.ValidTo.IsZero() && day.After(a.ValidTo):
			rs = append(rs, Reason{RuleApproval, fmt.Sprintf("%s expired on %s: it no longer covers this transfer; renew it (an assessment may be extended, Order No. 16 Art. 9) or apply again.",
				capitalize(name), a.ValidTo.Format(time.DateOnly))})
			use.Status = ApprovalExpired
			uses = append(uses, use)
			continue
		}
		if !a.ValidTo.IsZero() {
			if left := int(a.ValidTo.Sub(day).Hours() / 24); left <= expiryWarning {
				notes = append(notes, fmt.Sprintf("%s expires on %s, in %d days: apply for its extension or renewal now", name, a.ValidTo.Format(time.DateOnly), left))
				use.ExpiresSoon = true
			}
		}
		if a.Kind != ApprovalAssessment && v.Label == LabelAssessment {
			if byVolume {
				rs = append(rs, Reason{RuleApproval, fmt.Sprintf("The year's transfers crossed into the assessment band while under %s (%s): stop transferring under it and apply for a CAC security assessment; the volume already sent this year counts (Order No. 16 Art. 7(2); CAC Q&A, 2026-01).",
					name, crossingPhrase(c, th))})
				use.Status = ApprovalCrossing
			} else {
				rs = append(rs, Reason{RuleApproval, fmt.Sprintf("%s does not cover this transfer: it needs a CAC security assessment.", capitalize(name))})
				use.Status = ApprovalInsufficient
			}
			uses = append(uses, use)
			continue
		}
		var over []string
		if c.N > a.Individuals {
			over = append(over, fmt.Sprintf("%s persons against %s approved", commas(c.N), commas(a.Individuals)))
		}
		if c.S > a.SensitiveIndividuals {
			over = append(over, fmt.Sprintf("%s persons with sensitive personal information against %s approved", commas(c.S), commas(a.SensitiveIndividuals)))
		}
		if len(over) > 0 {
			rs = append(rs, Reason{RuleApproval, fmt.Sprintf("Beyond the scale of %s: %s this year (earlier transfers included). NDSMR Art. 38 forbids exceeding the approved scale: amend the approval or apply again before sending.",
				name, strings.Join(over, " and "))})
			notes = append(notes, fmt.Sprintf("beyond the approved scale of %s (NDSMR Art. 38)", name))
			use.Status = ApprovalExceeded
			uses = append(uses, use)
			continue
		}
		valid := "no end date"
		if !a.ValidTo.IsZero() {
			valid = "valid until " + a.ValidTo.Format(time.DateOnly)
		}
		rs = append(rs, Reason{RuleApproval, fmt.Sprintf("Covered by %s (%s): %s persons and %s with sensitive personal information this year are within its approved %s and %s.",
			name, valid, commas(c.N), commas(c.S), commas(a.Individuals), commas(a.SensitiveIndividuals))})
		use.Status = ApprovalCovered
		uses = append(uses, use)
	}
	return rs, notes, uses
}

func crossingPhrase(c Counts, th Thresholds) string {
	switch {
	case c.S >= th.AssessmentSensitive:
		return fmt.Sprintf("%s persons with sensitive personal information, %s of them sent earlier this year, reach %s", commas(c.S), commas(c.PriorS), commas(th.AssessmentSensitive))
	default:
		return fmt.Sprintf("%s persons, %s of them sent earlier this year, reach %s", commas(c.N), commas(c.PriorN), commas(th.AssessmentIndividuals))
	}
}
