package scanner

import (
	"sort"
	"strconv"
	"strings"

	"github.com/xborder/xborder/scanner/detect"
)

// plan says, for one table, which columns the counting pass reads and what each is for. It is
// derived from the column types; two plans are equal when they would count the same persons.
type plan struct {
	// cols are the columns with a counting role: identifying columns first, strongest first,
	// so the first valid identifier of a row is its strongest.
	cols []planCol
	// name, address and birth-date columns for the fallback key when no identifier is present.
	names, addresses, birthDates []int
	// anyPI lists every column with a PI type: a row with none of them is not a person.
	anyPI []int
	// hasIDs is set when some column identifies persons.
	hasIDs bool
}

// planCol is one column and the roles of its types, strongest identifier first (a 证件号码
// column may hold resident IDs and passports).
type planCol struct {
	col   int
	roles []role
	// afterKey is set when the column matters even once the row has a key (it can make the row
	// sensitive or carries a birth date); otherwise it is skipped then.
	afterKey bool
}

// role is what one detected type of a column contributes to counting.
type role struct {
	det       detect.Detector
	ident     detect.Identifier // nil unless the type identifies persons
	sensitive bool              // the type's effective category is sensitive
	birth     detect.BirthDater // nil unless values carry a birth date
	nbirth    detect.NormalizedBirthDater
}

func (r role) strength() int {
	if r.ident == nil {
		return 0
	}
	return r.ident.Strength()
}

// makePlan builds the counting plan from the classified columns.
func makePlan(classes []detect.ColumnClass, reg *detect.Registry, category func(string, detect.Category) detect.Category) plan {
	var p plan
	for ci, c := range classes {
		pc := planCol{col: ci}
		hasPI := false
		for _, t := range c.Types {
			d, ok := reg.Get(t.ID)
			if !ok {
				continue
			}
			cat := category(t.ID, d.Category())
			if cat == detect.CategoryNone {
				continue
			}
			hasPI = true
			r := role{det: d, sensitive: cat == detect.CategorySensitive}
			r.ident, _ = d.(detect.Identifier)
			r.birth, _ = d.(detect.BirthDater)
			r.nbirth, _ = d.(detect.NormalizedBirthDater)
			if r.ident != nil || r.sensitive || r.birth != nil {
				pc.roles = append(pc.roles, r)
				pc.afterKey = pc.afterKey || r.sensitive || r.birth != nil
				p.hasIDs = p.hasIDs || r.ident != nil
			}
			switch t.ID {
			case "person_name":
				p.names = append(p.names, ci)
			case "postal_address":
				p.addresses = append(p.addresses, ci)
			case "birth_date":
				p.birthDates = append(p.birthDates, ci)
			}
		}
		if hasPI {
			p.anyPI = append(p.anyPI, ci)
		}
		if len(pc.roles) > 0 {
			sort.SliceStable(pc.roles, func(i, j int) bool { return pc.roles[i].strength() > pc.roles[j].strength() })
			p.cols = append(p.cols, pc)
		}
	}
	sort.SliceStable(p.cols, func(i, j int) bool { return p.cols[i].roles[0].strength() > p.cols[j].roles[0].strength() })
	return p
}

// columns lists every column the counting pass reads, ascending.
func (p plan) columns() []int {
	seen := map[int]bool{}
	for _, c := range p.cols {
		seen[c.col] = true
	}
	for _, cs := range [][]int{p.names, p.addresses, p.birthDates, p.anyPI} {
		for _, c := range cs {
			seen[c] = true
		}
	}
	out := make([]int, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Ints(out)
	return out
}

// signature is a canonical text of the plan, to compare a provisional plan with the final one.
func (p plan) signature() string {
	var b strings.Builder
	for _, c := range p.cols {
		b.WriteString(strconv.Itoa(c.col))
		for _, r := range c.roles {
			b.WriteString(":" + r.det.ID())
			if r.sensitive {
				b.WriteString("!")
			}
		}
		b.WriteString(";")
	}
	for _, cs := range [][]int{p.names, p.addresses, p.birthDates, p.anyPI} {
		b.WriteString("|")
		for _, c := range cs {
			b.WriteString(strconv.Itoa(c) + ",")
		}
	}
	return b.String()
}
