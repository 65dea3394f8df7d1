package report

import (
	"strings"
	"time"

	"github.com/xborder/xborder/scanner/detect"
)

// Registry adds the policy's custom and important-data detectors to base.
func (p *Policy) Registry(base *detect.Registry) *detect.Registry {
	return base.With(p.extra...)
}

// Category returns the policy's category for a type id, or def when the policy says nothing.
func (p *Policy) Category(typeID string, def detect.Category) detect.Category {
	if c, ok := p.Categories[typeID]; ok {
		return c
	}
	return def
}

// IgnorePath reports whether the file at rel (relative to its scan root) is left out.
func (p *Policy) IgnorePath(rel string) bool {
	for _, g := range p.ignPaths {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// IgnoreColumn reports whether a column is left out of detection, by exact name or glob.
func (p *Policy) IgnoreColumn(name string) bool {
	for i, g := range p.ignCols {
		if p.Ignore.Columns[i] == name || g.MatchName(name) {
			return true
		}
	}
	return false
}

// Exemption returns the first declared exemption covering rel.
func (p *Policy) Exemption(rel string) (Exemption, bool) {
	if i := p.exemptionIndex(rel); i >= 0 {
		return p.Exemptions[i], true
	}
	return Exemption{}, false
}

func (p *Policy) exemptionIndex(rel string) int {
	for i, e := range p.Exemptions {
		if anyGlob(e.globs, rel) {
			return i
		}
	}
	return -1
}

// CountsTowardBatch reports whether the persons of the file at rel belong in the batch union
// (every file unless it is under a declared exemption and exempt_transfers_count is false).
// The caller building the batch tally must union only these files.
func (p *Policy) CountsTowardBatch(rel string) bool {
	if p.ExemptTransfersCount {
		return true
	}
	e, declared := p.Exemption(rel)
	// The GBA standard contract is a contract route, not an exemption: its persons count.
	return !declared || e.Article == RuleGBA
}

// Location is the time zone whose calendar year bounds the volume window and decides ages.
func (p *Policy) Location() *time.Location {
	if p.loc == nil {
		return time.UTC
	}
	return p.loc
}

// Prior returns the policy's prior totals when they are for year, else zeros.
func (p *Policy) Prior(year int) (individuals, sensitive int64) {
	if p.PriorTotals.Year != year {
		return 0, 0
	}
	return p.PriorTotals.Individuals, p.PriorTotals.SensitiveIndividuals
}

// Ref is the report's record of this policy.
func (p *Policy) Ref() PolicyRef {
	return PolicyRef{SHA256: p.SHA256, CIIO: p.CIIO, Source: p.Source}
}

// ImportantMatches returns the names of the catalogue entries a file matches, given its column
// names and the type ids detected in it (important:<name> ids come from value patterns).
func (p *Policy) ImportantMatches(rel string, columns, typeIDs []string) []string {
	var out []string
	for _, e := range p.ImportantData {
		if len(e.globs) > 0 && !anyGlob(e.globs, rel) {
			continue
		}
		hasTest := len(e.words) > 0 || e.ValuePattern != ""
		if !hasTest || headerHasWord(columns, e.words) || contains(typeIDs, e.DetectorID()) {
			out = append(out, e.Name)
		}
	}
	return out
}

func anyGlob(gs []Glob, rel string) bool {
	for _, g := range gs {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// headerHasWord reports whether a normalised column name contains one of the normalised words.
func headerHasWord(columns, words []string) bool {
	if len(words) == 0 {
		return false
	}
	for _, c := range columns {
		n := detect.NormalizeHeader(c)
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
	}
	return false
}
