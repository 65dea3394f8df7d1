package report

import (
	"fmt"
	"strings"
)

// Negative-list packs (Order No. 16 Art. 6). A pilot free-trade zone's negative list speaks only
// for the sectors and scenarios it names: a file is exempt under Art. 6 only when the user assigns
// it to a listed scenario and no item of that scenario covers its data; an item it hits applies
// its own mechanism; every other file gets the national test (Arts. 3-5, 7-8).

// Mechanisms a list item can require.
const (
	MechanismAssessment = "assessment"
	MechanismContract   = "contract"
)

// Scopes of a list: the zone that published it, or the whole city (the Shanghai and Beijing
// lists since 2026).
const (
	ScopeZone = "zone"
	ScopeCity = "city"
)

// ListPack is one negative list as the policy writes it.
type ListPack struct {
	ID      string
	Zone    string
	City    string
	Edition string
	Scope   string
	// AppliedBy names other zones that apply this list (a zone may adopt another zone's list).
	AppliedBy []string
	Source    string
	// Example marks a pack written for illustration, not checked against the official list.
	Example   bool
	Scenarios []ListScenario
}

// ListScenario is a sector and scenario the list names, with its items.
type ListScenario struct {
	ID     string
	Sector string
	Name   string
	Items  []ListItem
}

// ListItem is one data item of a scenario: the headers or types that show it, the mechanism it
// requires, its own threshold if any, and whether the list designates it important data.
type ListItem struct {
	Name        string
	ColumnWords []string
	Types       []string
	Mechanism   string
	// MinIndividuals and MinSensitive, when set, are the item's own threshold: it applies only
	// from that many persons (or sensitive persons) this year.
	MinIndividuals, MinSensitive int64
	ImportantData                bool
	words                        []string
}

// Assignment puts files (by path) into a scenario of a list: the user's declaration.
type Assignment struct {
	Paths         []string
	List          string
	Scenario      string
	Justification string
	globs         []Glob
}

type rawPack struct {
	ID        string        `yaml:"id"`
	Zone      string        `yaml:"zone"`
	City      string        `yaml:"city"`
	Edition   string        `yaml:"edition"`
	Scope     string        `yaml:"scope"`
	AppliedBy []string      `yaml:"applied_by"`
	Source    string        `yaml:"source"`
	Example   bool          `yaml:"example"`
	Scenarios []rawScenario `yaml:"scenarios"`
}

type rawScenario struct {
	ID     string    `yaml:"id"`
	Sector string    `yaml:"sector"`
	Name   string    `yaml:"name"`
	Items  []rawItem `yaml:"items"`
}

type rawItem struct {
	Name          string       `yaml:"name"`
	ColumnWords   []string     `yaml:"column_words"`
	Types         []string     `yaml:"types"`
	Mechanism     string       `yaml:"mechanism"`
	Threshold     rawItemLimit `yaml:"threshold"`
	ImportantData bool         `yaml:"important_data"`
}

type rawItemLimit struct {
	MinIndividuals int64 `yaml:"min_individuals"`
	MinSensitive   int64 `yaml:"min_sensitive_individuals"`
}

type rawAssignment struct {
	Paths         []string `yaml:"paths"`
	List          string   `yaml:"list"`
	Scenario      string   `yaml:"scenario"`
	Justification string   `yaml:"justification"`
}

// negativeListMoved is the message for the keys packs replaced.
const negativeListMoved = "removed: negative_list.{column_words,paths} made every file the list did not name free, " +
	"but a list speaks only for the scenarios it names. Write the list as a pack under " +
	"handler.free_trade_zone.lists (zone, edition, scope, scenarios with items: column_words or types, mechanism, " +
	"threshold, important_data) and assign files to a scenario under handler.free_trade_zone.assignments; see docs/policy.md"

// compileFTZ checks the packs and assignments of the free-trade-zone block.
func compileFTZ(r rawFTZ, known func(string) bool, bad func(path, format string, args ...any), globs func(string, []string) []Glob) FreeTradeZone {
	const base = "handler.free_trade_zone"
	z := FreeTradeZone{Enabled: r.Enabled, Name: r.Name, City: r.City, Lists: []ListPack{}, Assignments: []Assignment{}}
	if r.NegativeList != nil {
		bad(base+".negative_list", "%s", negativeListMoved)
	}
	ids, seen := map[string]int{}, map[string]bool{}
	for i, rp := range r.Lists {
		key := fmt.Sprintf("%s.lists[%d]", base, i)
		uniqueName(bad, key+".id", rp.ID, ": assignments name the list by it", "list id", seen)
		if ids[rp.ID] == 0 {
			ids[rp.ID] = i + 1
		}
		if strings.TrimSpace(rp.Zone) == "" {
			bad(key+".zone", "required: the pilot free trade zone that published the list")
		}
		if strings.TrimSpace(rp.Edition) == "" {
			bad(key+".edition", "required: lists are revised, say which edition this is")
		}
		if strings.TrimSpace(rp.Source) == "" {
			bad(key+".source", "required: where the list was published")
		}
		scope := rp.Scope
		if scope == "" {
			scope = ScopeZone
		}
		switch scope {
		case ScopeZone:
		case ScopeCity:
			if strings.TrimSpace(rp.City) == "" {
				bad(key+".city", "required when scope is city")
			}
		default:
			bad(key+".scope", "unknown scope %q (use zone or city)", rp.Scope)
		}
		pack := ListPack{ID: rp.ID, Zone: rp.Zone, City: rp.City, Edition: rp.Edition, Scope: scope,
			AppliedBy: nonNil(rp.AppliedBy), Source: rp.Source, Example: rp.Example, Scenarios: []ListScenario{}}
		if len(rp.Scenarios) == 0 {
			bad(key+".scenarios", "required: a list speaks only for the scenarios it names")
		}
		sids := map[string]bool{}
		for j, rs := range rp.Scenarios {
			skey := fmt.Sprintf("%s.scenarios[%d]", key, j)
			uniqueName(bad, skey+".id", rs.ID, ": assignments name the scenario by it", "scenario id", sids)
			sc := ListScenario{ID: rs.ID, Sector: rs.Sector, Name: rs.Name, Items: []ListItem{}}
			for k, ri := range rs.Items {
				sc.Items = append(sc.Items, compileItem(ri, fmt.Sprintf("%s.items[%d]", skey, k), known, bad))
			}
			pack.Scenarios = append(pack.Scenarios, sc)
		}
		z.Lists = append(z.Lists, pack)
	}
	for i, ra := range r.Assignments {
		key := fmt.Sprintf("%s.assignments[%d]", base, i)
		if len(ra.Paths) == 0 {
			bad(key+".paths", "required: the files you assign to the scenario")
		}
		gs := globs(key+".paths", ra.Paths)
		if at := ids[ra.List]; at == 0 {
			bad(key+".list", "unknown list %q (an id under handler.free_trade_zone.lists)", ra.List)
		} else if z.Lists[at-1].scenario(ra.Scenario) == nil {
			bad(key+".scenario", "list %q has no scenario %q", ra.List, ra.Scenario)
		}
		if strings.TrimSpace(ra.Justification) == "" {
			bad(key+".justification", "required: say why the files belong to the scenario (it is logged as your declaration)")
		}
		z.Assignments = append(z.Assignments, Assignment{Paths: nonNil(ra.Paths), List: ra.List, Scenario: ra.Scenario,
			Justification: strings.TrimSpace(ra.Justification), globs: gs})
	}
	if (len(z.Lists) > 0 || len(z.Assignments) > 0) && !z.Enabled {
		bad(base+".enabled", "must be true when lists or assignments are given")
	}
	return z
}

func compileItem(ri rawItem, key string, known func(string) bool, bad func(path, format string, args ...any)) ListItem {
	it := ListItem{Name: ri.Name, ColumnWords: nonNil(ri.ColumnWords), Types: nonNil(ri.Types), Mechanism: ri.Mechanism,
		MinIndividuals: ri.Threshold.MinIndividuals, MinSensitive: ri.Threshold.MinSensitive,
		ImportantData: ri.ImportantData, words: normalizeWords(ri.ColumnWords)}
	if strings.TrimSpace(ri.Name) == "" {
		bad(key+".name", "required")
	}
	if len(ri.ColumnWords) == 0 && len(ri.Types) == 0 {
		bad(key, "needs column_words, types or both: how xborder recognises the item")
	}
	for i, t := range ri.Types {
		if !known(t) {
			bad(fmt.Sprintf("%s.types[%d]", key, i), "unknown type id %q (see `xborder detectors`)", t)
		}
	}
	switch {
	case ri.ImportantData && ri.Mechanism == "":
		it.Mechanism = MechanismAssessment
	case ri.ImportantData && ri.Mechanism != MechanismAssessment:
		bad(key+".mechanism", "important data always needs a security assessment (Order No. 16 Art. 7; NDSMR Art. 37)")
	case ri.Mechanism == "":
		bad(key+".mechanism", "required (assessment or contract)")
	case ri.Mechanism != MechanismAssessment && ri.Mechanism != MechanismContract:
		bad(key+".mechanism", "unknown mechanism %q (use assessment or contract)", ri.Mechanism)
	}
	if ri.Threshold.MinIndividuals < 0 || ri.Threshold.MinSensitive < 0 {
		bad(key+".threshold", "must not be negative")
	}
	return it
}

func (l *ListPack) scenario(id string) *ListScenario {
	for i := range l.Scenarios {
		if l.Scenarios[i].ID == id {
			return &l.Scenarios[i]
		}
	}
	return nil
}

// appliesTo reports whether the list binds a handler registered in zone and city: a zone list
// in its own zone or a zone that applies it, a city-wide list anywhere in its city.
func (l *ListPack) appliesTo(zone, city string) bool {
	if l.Scope == ScopeCity && city != "" && strings.EqualFold(strings.TrimSpace(city), strings.TrimSpace(l.City)) {
		return true
	}
	if zone == "" {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(zone), strings.TrimSpace(l.Zone)) {
		return true
	}
	for _, z := range l.AppliedBy {
		if strings.EqualFold(strings.TrimSpace(zone), strings.TrimSpace(z)) {
			return true
		}
	}
	return false
}

// label names the list in explanations: "shanghai-example (Shanghai, 2025 ed., example)".
func (l *ListPack) label() string {
	s := fmt.Sprintf("%q (%s, %s", l.ID, l.Zone, l.Edition)
	if l.Scope == ScopeCity {
		s += ", city-wide in " + l.City
	}
	if l.Example {
		s += ", an EXAMPLE pack not checked against the official list"
	}
	return s + ")"
}

// FTZAssignment returns the list and scenario the file at rel is assigned to (first match).
func (p *Policy) FTZAssignment(rel string) (*ListPack, *ListScenario, Assignment, bool) {
	if !p.FreeTradeZone.Enabled {
		return nil, nil, Assignment{}, false
	}
	for _, a := range p.FreeTradeZone.Assignments {
		if !anyGlob(a.globs, rel) {
			continue
		}
		for i := range p.FreeTradeZone.Lists {
			l := &p.FreeTradeZone.Lists[i]
			if l.ID == a.List {
				return l, l.scenario(a.Scenario), a, true
			}
		}
	}
	return nil, nil, Assignment{}, false
}

// itemHit is a list item a file's data falls under.
type itemHit struct {
	item ListItem
	// below is set when the item's data is present but the counts stay under its own threshold.
	below bool
}

// listHits returns the items of a scenario the file's columns show, split into those that apply
// (threshold reached or none) and those below their own threshold.
func listHits(sc *ListScenario, cols []ColumnFacts, c Counts) []itemHit {
	var hits []itemHit
	names := columnNames(cols)
	for _, it := range sc.Items {
		seen := headerHasWord(names, it.words)
		for _, col := range cols {
			for _, t := range col.Types {
				if contains(it.Types, t.Type) {
					seen = true
				}
			}
		}
		if !seen {
			continue
		}
		reached := it.MinIndividuals == 0 && it.MinSensitive == 0 ||
			it.MinIndividuals > 0 && c.N >= it.MinIndividuals ||
			it.MinSensitive > 0 && c.S >= it.MinSensitive
		hits = append(hits, itemHit{item: it, below: !reached})
	}
	return hits
}

// thresholdPhrase: "from 10,000 persons" / "from 1,000 persons with sensitive personal information".
func (it ListItem) thresholdPhrase() string {
	var parts []string
	if it.MinIndividuals > 0 {
		parts = append(parts, commas(it.MinIndividuals)+" persons")
	}
	if it.MinSensitive > 0 {
		parts = append(parts, commas(it.MinSensitive)+" persons with sensitive personal information")
	}
	if len(parts) == 0 {
		return ""
	}
	return "from " + strings.Join(parts, " or ") + " this year"
}
