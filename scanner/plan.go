package scanner

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xborder/xborder/scanner/detect"
)

// plan says, for one table, which columns the counting pass reads and what each is for. It is
// derived from the column types and headers; two plans are equal when they would count the same
// persons.
//
// A row may describe several persons (a waybill's sender and receiver): the plan groups the PI
// columns into roles, each role of each row being one person (docs/rules.md, "Persons, not rows").
type plan struct {
	// roles are the persons a row can describe, ordered by their first column.
	roles []rolePlan
	// shared are counting columns that belong to no role (a sensitive or birth-date column before
	// any named or identifying column of a table with several roles): their values mark every
	// person of the row, the conservative reading when the role cannot be told.
	shared []planCol
	// hasIDs is set when some column identifies persons.
	hasIDs bool
	// link is set when the identifiers of one role of a row must be linked to each other, so
	// that a person keyed by their phone in one role and by their ID number in another (the
	// same row holding both for them once) is one person: tables with several roles.
	link bool
	// embedded are free-text columns whose identifiers are found inside their values: each one
	// found is a person (the same as anyone else with that identifier).
	embedded []int
	// embSensitive says which types found in free text are sensitive under the policy.
	embSensitive map[string]bool
	// extract finds them (the registry's, bound to the scan date); set when embedded is.
	extract detect.EmbeddedPI
	// need lists every column the counting pass reads, ascending.
	need []int
	// linkTo, on a second pass over a table with one role, lists the keys some rows gave a
	// person from a weaker identifier because the stronger one was missing: such a key is linked
	// to the stronger key of any row that holds both (linkweak.go).
	linkTo map[uint64]struct{}
}

// rolePlan is one person of a row: the columns that describe them.
type rolePlan struct {
	// name is the canonical role its headers name ("receiver"), or "" when they name none.
	name string
	// cols are the columns with a counting use, identifying columns first, strongest first, so
	// the first valid identifier of a row is its strongest.
	cols []planCol
	// name, address and birth-date columns for the fallback key when no identifier is present.
	names, addresses, birthDates []int
	// anyPI lists every column of the role with a PI type: a row with none of them filled does
	// not describe this person.
	anyPI []int
	// hasIDs is set when some column of the role identifies persons.
	hasIDs bool
	// top is the strength of the role's strongest identifying type (0: none).
	top int
}

// planCol is one column and the uses of its types, strongest identifier first (a 证件号码
// column may hold resident IDs and passports).
type planCol struct {
	col  int
	uses []typeUse
	// afterKey is set when the column matters even once the row has a key (it can make the row
	// sensitive or carries a birth date); otherwise it is skipped then.
	afterKey bool
}

// typeUse is what one detected type of a column contributes to counting.
type typeUse struct {
	det       detect.Detector
	ident     detect.Identifier // nil unless the type identifies persons
	sensitive bool              // the type's effective category is sensitive
	// anyValue is set for a sensitive type the column was typed with although most of its values
	// do not match the type on their own (a 纬度 column of bare numbers, a salary column typed by
	// its header): every non-blank value of the column then marks its person.
	anyValue bool
	// match is the type's value check in this column, as the classifier ran it: under a header
	// that hints the type it also accepts what the type accepts only there (a bare latitude
	// under 纬度; detect.ColumnMatcher).
	match  func(v []byte) bool
	birth  detect.BirthDater // nil unless values carry a birth date
	nbirth detect.NormalizedBirthDater
}

func (u typeUse) strength() int {
	if u.ident == nil {
		return 0
	}
	return u.ident.Strength()
}

// colInfo is what grouping needs to know of one PI column.
type colInfo struct {
	col     int
	role    string   // from the header, "" when it names none
	idTypes []string // identifying types
	// oneEach are the identifying types of which a person has one in a row
	// (detect.OnePerPerson): a second column of one is someone else (two phone columns are two
	// persons, unless a row's values are equal).
	oneEach []string
	named   bool // a column of persons' names (detect.KeyPartName)
	pc      planCol
	hasUse  bool
	kinds   []detect.KeyPart // the fallback-key parts among its types (detect.FallbackKeyer)
	// embedded is set for a free-text column whose identifiers are found inside its values.
	embedded bool
}

// makePlan builds the counting plan from the classified columns and their headers.
func makePlan(classes []detect.ColumnClass, headers []string, reg *detect.Registry, category func(string, detect.Category) detect.Category) plan {
	var (
		infos    []colInfo
		embedded []int
	)
	for ci, c := range classes {
		info, hasPI := columnInfo(ci, c, headers, reg, category)
		if !hasPI {
			continue
		}
		if info.embedded {
			embedded = append(embedded, ci)
			continue
		}
		infos = append(infos, info)
	}
	p := plan{embedded: embedded}
	if len(embedded) > 0 {
		p.embSensitive = map[string]bool{}
		p.extract = reg.Embedded()
		for _, id := range detect.EmbeddedTypes {
			if d, ok := reg.Get(id); ok {
				p.embSensitive[id] = category(id, d.Category()) == detect.CategorySensitive
			}
		}
	}
	groups := groupRoles(infos)
	for _, g := range groups {
		if !g.person() && len(groups) > 1 {
			// No name or identifier: not a person of its own; its values mark everyone.
			for _, in := range g.cols {
				if in.hasUse {
					p.shared = append(p.shared, in.pc)
				}
			}
			continue
		}
		p.roles = append(p.roles, g.plan())
	}
	for _, r := range p.roles {
		p.hasIDs = p.hasIDs || r.hasIDs
	}
	p.hasIDs = p.hasIDs || len(p.embedded) > 0
	p.link = len(p.roles) > 1 && p.hasIDs
	p.need = p.columns()
	return p
}

// columnInfo is what the types of column ci say for counting; hasPI is false when none of them
// is personal information under the policy.
func columnInfo(ci int, c detect.ColumnClass, headers []string, reg *detect.Registry, category func(string, detect.Category) detect.Category) (info colInfo, hasPI bool) {
	info = colInfo{col: ci, pc: planCol{col: ci}}
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
		u := typeUse{det: d, sensitive: cat == detect.CategorySensitive}
		u.ident, _ = d.(detect.Identifier)
		u.birth, _ = d.(detect.BirthDater)
		u.nbirth, _ = d.(detect.NormalizedBirthDater)
		u.anyValue = u.sensitive && u.ident == nil && t.Matched*2 < t.Sampled
		if u.sensitive && u.ident == nil && ci < len(headers) {
			u.match = detect.ColumnMatcher(d, headers[ci], headers...)
		}
		if u.ident != nil && t.Embedded > 0 && t.Embedded*2 >= t.Matched {
			// Identifiers written inside free text (备注: "客户电话 138…"): the column is
			// read by the extractor, and forms no role of its own.
			info.embedded = true
		}
		if u.ident != nil || u.sensitive || u.birth != nil {
			info.pc.uses = append(info.pc.uses, u)
			info.pc.afterKey = info.pc.afterKey || u.sensitive || u.birth != nil
		}
		if u.ident != nil {
			info.idTypes = append(info.idTypes, t.ID)
			if _, ok := d.(detect.OnePerPerson); ok {
				info.oneEach = append(info.oneEach, t.ID)
			}
		}
		if fk, ok := d.(detect.FallbackKeyer); ok && fk.FallbackKey() != detect.KeyPartNone {
			info.named = info.named || fk.FallbackKey() == detect.KeyPartName
			info.kinds = append(info.kinds, fk.FallbackKey())
		}
	}
	info.hasUse = len(info.pc.uses) > 0
	sort.SliceStable(info.pc.uses, func(i, j int) bool { return info.pc.uses[i].strength() > info.pc.uses[j].strength() })
	if ci < len(headers) {
		info.role = detect.RoleOf(headers[ci])
	}
	return info, hasPI
}

// group is one role's columns while grouping.
type group struct {
	name string
	cols []colInfo
}

// person reports whether the group can stand for a person: it has a name or an identifier, or
// its headers name a role.
func (g *group) person() bool {
	if g.name != "" {
		return true
	}
	for _, c := range g.cols {
		if c.named || len(c.idTypes) > 0 {
			return true
		}
	}
	return false
}

// has reports whether the group already holds a column of one of the identifying types that a
// person has one of.
func (g *group) has(types []string) bool {
	for _, c := range g.cols {
		for _, t := range c.oneEach {
			if slices.Contains(types, t) {
				return true
			}
		}
	}
	return false
}

// groupRoles assigns every PI column to a role (docs/rules.md, "Persons, not rows"):
//   - a column whose header names a role (收件人电话, receiver_mobile) belongs to that role;
//   - a column that names none joins the role of the column before it, unless that role already
//     has a column of one of its identifying types: then it starts a new role (two phone columns
//     are two persons);
//   - columns before any role form a role of their own; when exactly one named role follows and
//     the two share no identifying type, they are one person (姓名, 联系电话, … 联系人).
func groupRoles(infos []colInfo) []*group {
	var (
		groups []*group
		named  = map[string]*group{}
		cur    *group
	)
	for _, in := range infos {
		switch {
		case in.role != "":
			g := named[in.role]
			if g == nil || g.has(in.idTypes) {
				g = &group{name: in.role}
				named[in.role] = g
				groups = append(groups, g)
			}
			g.cols = append(g.cols, in)
			cur = g
		case cur == nil || cur.has(in.idTypes):
			cur = &group{}
			groups = append(groups, cur)
			cur.cols = append(cur.cols, in)
		default:
			cur.cols = append(cur.cols, in)
		}
	}
	if len(groups) == 2 && groups[0].name == "" && groups[1].name != "" {
		var ids []string
		for _, c := range groups[0].cols {
			ids = append(ids, c.idTypes...)
		}
		if !groups[1].has(ids) && !(namedIn(groups[0]) && namedIn(groups[1])) {
			groups[1].cols = append(groups[0].cols, groups[1].cols...)
			groups = groups[1:]
		}
	}
	return groups
}

func namedIn(g *group) bool {
	for _, c := range g.cols {
		if c.named {
			return true
		}
	}
	return false
}

// plan turns a group into the role's counting plan.
func (g *group) plan() rolePlan {
	r := rolePlan{name: g.name}
	for _, in := range g.cols {
		r.anyPI = append(r.anyPI, in.col)
		if in.hasUse {
			r.cols = append(r.cols, in.pc)
			r.hasIDs = r.hasIDs || len(in.idTypes) > 0
		}
		for _, k := range in.kinds {
			switch k {
			case detect.KeyPartName:
				r.names = append(r.names, in.col)
			case detect.KeyPartAddress:
				r.addresses = append(r.addresses, in.col)
			case detect.KeyPartBirthDate:
				r.birthDates = append(r.birthDates, in.col)
			}
		}
	}
	sort.SliceStable(r.cols, func(i, j int) bool { return r.cols[i].uses[0].strength() > r.cols[j].uses[0].strength() })
	if len(r.cols) > 0 && r.cols[0].uses[0].ident != nil {
		r.top = max(1, r.cols[0].uses[0].strength())
	}
	return r
}

// keyCols are the columns whose values key the role's persons: its identifiers, or the name and
// address (or birth date) of the fallback key.
func (r *rolePlan) keyCols() []int {
	var out []int
	for _, c := range r.cols {
		if c.uses[0].ident != nil {
			out = append(out, c.col)
		}
	}
	if len(out) == 0 && len(r.names) > 0 && len(r.addresses)+len(r.birthDates) > 0 {
		out = append(out, r.names...)
		out = append(out, r.addresses...)
		out = append(out, r.birthDates...)
	}
	return out
}

// columns lists every column the counting pass reads, ascending.
func (p plan) columns() []int {
	seen := map[int]bool{}
	for _, c := range p.shared {
		seen[c.col] = true
	}
	for _, c := range p.embedded {
		seen[c] = true
	}
	for _, r := range p.roles {
		for _, c := range r.cols {
			seen[c.col] = true
		}
		for _, cs := range [][]int{r.names, r.addresses, r.birthDates, r.anyPI} {
			for _, c := range cs {
				seen[c] = true
			}
		}
	}
	out := make([]int, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Ints(out)
	return out
}

// counts reports whether the plan counts anyone at all.
func (p plan) counts() bool { return len(p.roles) > 0 || len(p.shared) > 0 || len(p.embedded) > 0 }

// splitNeed is how many leading cells of a row the counting pass needs split before it starts:
// up to the strongest identifier of every role, which settles nearly every row (a row that needs
// more has it split on demand).
func (p plan) splitNeed() int {
	need := 0
	for _, r := range p.roles {
		switch {
		case len(r.cols) > 0 && r.cols[0].uses[0].ident != nil:
			need = max(need, r.cols[0].col+1)
		case len(r.anyPI) > 0:
			need = max(need, r.anyPI[len(r.anyPI)-1]+1)
		}
	}
	if len(p.shared)+len(p.embedded) > 0 && len(p.need) > 0 {
		need = max(need, p.need[len(p.need)-1]+1)
	}
	return need
}

// signature is a canonical text of the plan, to compare a provisional plan with the final one.
func (p plan) signature() string {
	var b strings.Builder
	writeCols := func(cols []planCol) {
		for _, c := range cols {
			b.WriteString(strconv.Itoa(c.col))
			for _, u := range c.uses {
				b.WriteString(":" + u.det.ID())
				if u.sensitive {
					b.WriteString("!")
				}
				if u.anyValue {
					b.WriteString("*")
				}
			}
			b.WriteString(";")
		}
	}
	for _, r := range p.roles {
		b.WriteString("[" + r.name + "]")
		writeCols(r.cols)
		for _, cs := range [][]int{r.names, r.addresses, r.birthDates, r.anyPI} {
			b.WriteString("|")
			for _, c := range cs {
				b.WriteString(strconv.Itoa(c) + ",")
			}
		}
	}
	b.WriteString("[shared]")
	writeCols(p.shared)
	b.WriteString("[embedded]")
	for _, c := range p.embedded {
		b.WriteString(strconv.Itoa(c) + ",")
	}
	return b.String()
}
