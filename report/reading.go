package report

import (
	"strings"

	"github.com/xborder/xborder/scanner/detect"
)

// Both readings of "sensitive" for identity-document numbers. GB/T 35273-2020 Annex B (the
// built-in default) lists the resident ID number as sensitive; GB/T 45574-2025 (in force
// 2025-11-01) and the CAC's PI Q&A (2026-01) treat an ID number alone as not sensitive (an ID
// photo still is). Every verdict carries the verdict under the reading the policy did not choose,
// and the columns that decide the difference.

// Readings, as named in reports.
const (
	reading35273 = "GB/T 35273-2020 Annex B: identity-document numbers are sensitive"
	reading45574 = "GB/T 45574-2025: an identity-document number alone is not sensitive"
)

// Alternative is the verdict under the other reading of identity-document numbers (extension).
type Alternative struct {
	// Reading names the alternative reading.
	Reading string `json:"reading"`
	Label   string `json:"label"`
	// Reasons are given when Label differs from the active verdict's.
	Reasons []Reason `json:"reasons,omitempty"`
	// Columns are the identity-document columns whose category the alternative reading changes
	// ("path: column" in the batch); they alone decide any difference.
	Columns []string `json:"columns"`
}

// alternativeReading returns the category identity-document numbers take under the reading the
// policy did not choose (decided by the policy's category of the resident ID number).
func alternativeReading(p *Policy) (detect.Category, string) {
	if p.Category("cn_resident_id", detect.CategorySensitive) == detect.CategorySensitive {
		return detect.CategoryPersonal, reading45574
	}
	return detect.CategorySensitive, reading35273
}

// decideAlternative decides the file again with identity-document types in the other category.
// The counts follow without a second count of persons: when identity documents stop being
// sensitive, a file with no other sensitive type has no sensitive person of its own and any
// other keeps its count as an upper bound; when they become sensitive, every person of a table
// holding them may be sensitive (at most the file's persons). Both bounds are conservative.
func decideAlternative(f Facts, p *Policy, v Verdict) (*Alternative, *Verdict) {
	if f.Err != nil {
		return nil, nil
	}
	target, reading := alternativeReading(p)
	af := f
	af.alternative = true
	af.Columns = make([]ColumnFacts, len(f.Columns))
	cols := []string{}
	tables := map[string]int64{}
	for i, col := range f.Columns {
		nc := col
		nc.Types = append([]TypeFacts(nil), col.Types...)
		for j, t := range nc.Types {
			if detect.IsIdentityDocument(t.Type) && t.Category != detect.CategoryNone && t.Category != target {
				nc.Types[j].Category = target
				if name := columnLabel(col); !contains(cols, name) {
					cols = append(cols, name)
				}
				tables[col.Table] = col.Rows
			}
		}
		af.Columns[i] = nc
	}
	if target == detect.CategorySensitive && len(tables) > 0 {
		var rows int64
		for _, r := range tables {
			rows += r
		}
		ownN, ownS := f.N-f.PriorN, f.S-f.PriorS
		ownAlt := min(ownN, ownS+rows)
		af.S, af.SEstimate = f.PriorS+ownAlt, f.PriorS+ownAlt
	}
	altV := Decide(af, p)
	altV.path = f.Path
	a := &Alternative{Reading: reading, Label: altV.Label, Columns: cols}
	if altV.Label != v.Label {
		a.Reasons = altV.Reasons
	}
	return a, &altV
}

func columnLabel(c ColumnFacts) string {
	if c.Table == "" {
		return c.Name
	}
	return c.Table + "/" + c.Name
}

// altBatchCounts bounds the batch's sensitive persons under the alternative reading from the
// active union and the files' alternative counts (only the files that count toward the batch).
func altBatchCounts(bc Counts, files []Verdict, counted []bool, p *Policy) Counts {
	target, _ := alternativeReading(p)
	alt := bc
	var own, extra int64
	for i, f := range files {
		if !counted[i] || f.alt == nil {
			continue
		}
		a := f.alt.counts
		own += a.S - a.PriorS
		extra += max(0, (a.S-a.PriorS)-(f.counts.S-f.counts.PriorS))
	}
	if target == detect.CategoryPersonal {
		alt.S = min(bc.S, bc.PriorS+own)
	} else {
		alt.S = min(bc.N, bc.S+extra)
	}
	if alt.S != bc.S {
		alt.SEstimate = alt.S
	}
	return alt
}

// alternativeBatch decides the batch again from the files' alternative verdicts.
func alternativeBatch(b BatchFacts, files []Verdict, p *Policy, v Verdict) (*Alternative, *Verdict) {
	if b.alternative {
		return nil, nil
	}
	_, reading := alternativeReading(p)
	altFiles := make([]Verdict, len(files))
	cols := []string{}
	for i, f := range files {
		altFiles[i] = f
		if f.alt != nil {
			altFiles[i] = *f.alt
			for _, c := range f.Alternative.Columns {
				cols = append(cols, f.path+": "+c)
			}
		}
	}
	ab := b
	ab.alternative = true
	if ab.AltCounts == (Counts{}) {
		ab.AltCounts = b.Counts
		if target, _ := alternativeReading(p); target == detect.CategorySensitive {
			ab.AltCounts.S, ab.AltCounts.SEstimate = b.Counts.N, b.Counts.N
		}
	}
	ab.Counts = ab.AltCounts
	altV := DecideBatch(ab, altFiles, p)
	a := &Alternative{Reading: reading, Label: altV.Label, Columns: cols}
	if altV.Label != v.Label {
		a.Reasons = altV.Reasons
	}
	return a, &altV
}

// AlternativeLine says, for a reader, what the other reading decides when it differs from the
// verdict: "under GB/T 45574-2025 (…): free, decided by column 身份证号". Empty when both agree.
func AlternativeLine(v Verdict) string {
	a := v.Alternative
	if a == nil || a.Label == v.Label {
		return ""
	}
	s := "other reading of identity-document numbers — " + a.Reading + ": " + a.Label
	switch len(a.Columns) {
	case 0:
	case 1:
		s += ", decided by column " + a.Columns[0]
	default:
		s += ", decided by columns " + strings.Join(a.Columns, ", ")
	}
	return s
}
