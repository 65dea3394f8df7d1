package scanner

import (
	"sort"

	"github.com/xborder/xborder/scanner/detect"
)

// plan says, for one table, which columns the counting pass reads and what for. It is derived
// from the column types; two plans are equal when they would count the same persons.
type plan struct {
	// ids are the identifying columns, strongest first. Each may hold several identifying types
	// (a 证件号码 column with ID numbers and passports), strongest first.
	ids []planColumn
	// sensitive columns: a row with a valid value in one of them is a sensitive person.
	sensitive []planColumn
	// births are columns whose values carry a birth date (ID numbers, birth dates): minors.
	births []planColumn
	// name, address and birth-date columns for the fallback key when no identifier is present.
	names, addresses, birthDates []int
	// anyPI lists every column with a PI type: a row with none of them is not a person.
	anyPI []int
}

type planColumn struct {
	col  int
	dets []detect.Detector
}

// identifying type ids, strongest first (spec section 5).
func isIdentifying(d detect.Detector) (detect.Identifier, bool) {
	id, ok := d.(detect.Identifier)
	return id, ok
}

// makePlan builds the counting plan from the classified columns.
func makePlan(classes []columnClass, reg *detect.Registry, category func(string, detect.Category) detect.Category) plan {
	var p plan
	for ci, c := range classes {
		var ids, sens, births []detect.Detector
		hasPI := false
		for _, t := range c.types {
			d, ok := reg.Get(t.ID)
			if !ok {
				continue
			}
			cat := category(t.ID, d.Category())
			if cat == detect.CategoryNone {
				continue
			}
			hasPI = true
			if _, ok := isIdentifying(d); ok {
				ids = append(ids, d)
			}
			if cat == detect.CategorySensitive {
				sens = append(sens, d)
			}
			if _, ok := d.(detect.BirthDater); ok {
				births = append(births, d)
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
		if len(ids) > 0 {
			sort.SliceStable(ids, func(i, j int) bool { return strength(ids[i]) > strength(ids[j]) })
			p.ids = append(p.ids, planColumn{col: ci, dets: ids})
		}
		if len(sens) > 0 {
			p.sensitive = append(p.sensitive, planColumn{col: ci, dets: sens})
		}
		if len(births) > 0 {
			p.births = append(p.births, planColumn{col: ci, dets: births})
		}
	}
	sort.SliceStable(p.ids, func(i, j int) bool { return strength(p.ids[i].dets[0]) > strength(p.ids[j].dets[0]) })
	return p
}

func strength(d detect.Detector) int {
	if id, ok := d.(detect.Identifier); ok {
		return id.Strength()
	}
	return 0
}

// columns lists every column the counting pass reads, ascending.
func (p plan) columns() []int {
	seen := map[int]bool{}
	add := func(c int) { seen[c] = true }
	for _, c := range p.ids {
		add(c.col)
	}
	for _, c := range p.sensitive {
		add(c.col)
	}
	for _, c := range p.births {
		add(c.col)
	}
	for _, cs := range [][]int{p.names, p.addresses, p.birthDates, p.anyPI} {
		for _, c := range cs {
			add(c)
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
	var b []byte
	list := func(tag byte, cs []planColumn) {
		b = append(b, tag)
		for _, c := range cs {
			b = appendInt(b, c.col)
			for _, d := range c.dets {
				b = append(b, ':')
				b = append(b, d.ID()...)
			}
			b = append(b, ';')
		}
	}
	ints := func(tag byte, cs []int) {
		b = append(b, tag)
		for _, c := range cs {
			b = appendInt(b, c)
			b = append(b, ';')
		}
	}
	list('i', p.ids)
	list('s', p.sensitive)
	list('b', p.births)
	ints('n', p.names)
	ints('a', p.addresses)
	ints('d', p.birthDates)
	ints('p', p.anyPI)
	return string(b)
}

func appendInt(b []byte, v int) []byte {
	if v >= 10 {
		b = appendInt(b, v/10)
	}
	return append(b, byte('0'+v%10))
}
