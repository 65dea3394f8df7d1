package report

import (
	"fmt"
	"strings"
)

// Coverage is what a run did not audit: the batch verdict may only clear what was read.
type Coverage struct {
	// Files is the number of files in the report (audited or error).
	Files int
	// NotExamined counts paths not read for a reason other than an exclusion (unsupported
	// format, symbolic link not followed, special file); Excluded those left out on purpose.
	NotExamined, Excluded int
	// EmptyRoots are folder arguments under which nothing was found.
	EmptyRoots []string
}

// applyCoverage is the coverage rule, applied to the batch verdict after DecideBatch:
//   - a run that audited nothing (no file found, or every one excluded) is `error`: "nothing to
//     audit" is never `free`;
//   - a path not examined may hold anything, like an unreadable file: unless the batch already
//     requires an assessment, it becomes `error`;
//   - an empty folder argument next to others that held files is a review note (an unmounted
//     share looks exactly like that).
//
// Excluded paths change nothing: the user left them out on purpose and the report lists them
// with the rule that did.
func applyCoverage(v Verdict, c Coverage) Verdict {
	if c.Files == 0 && c.NotExamined == 0 {
		why := "no file was found under the given paths"
		if c.Excluded > 0 {
			why = fmt.Sprintf("every file found (%s) was excluded", plural(c.Excluded, "path"))
		} else if len(c.EmptyRoots) > 0 {
			why += " (an empty folder, or a share that is not mounted?)"
		}
		return Verdict{Label: LabelError, Reasons: []Reason{{RuleError,
			"Nothing to audit: " + why + ". A run that read nothing cannot clear anything."}}, Review: []string{}}
	}
	if c.NotExamined > 0 {
		what := fmt.Sprintf("%s found %s not examined (unsupported format, link not followed or special file; listed with their reasons)",
			plural(c.NotExamined, "path"), wasWere(c.NotExamined))
		if v.Label == LabelAssessment {
			v.Reasons = append(v.Reasons, Reason{RuleError, capitalize(what) + "; the batch already requires an assessment, which " +
				map[bool]string{true: "it", false: "they"}[c.NotExamined == 1] + " cannot lower."})
		} else {
			detail := capitalize(what) + ": what was not examined may hold anything, so the batch cannot be cleared"
			if v.Label != LabelError {
				detail += fmt.Sprintf(" (what was read alone would be %s)", v.Label)
			}
			detail += ". Exclude what is not to be sent with --exclude or the policy's ignore.paths."
			v.Reasons = append([]Reason{{RuleError, detail}}, v.Reasons...)
			v.Label = LabelError
		}
	}
	if len(c.EmptyRoots) > 0 && c.Files+c.NotExamined > 0 {
		v.Review = append(v.Review, fmt.Sprintf("nothing was found under %s: check that %s not an unmounted share",
			strings.Join(c.EmptyRoots, ", "), map[bool]string{true: "it is", false: "they are"}[len(c.EmptyRoots) == 1]))
	}
	return v
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return commas(int64(n)) + " " + noun + "s"
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}
