// Package detect holds the value recognisers for every personal-information type of the report
// vocabulary (docs/vocabulary.md), the header hints, the column classifier and the masking functions.
// Detectors are small stateless values: a stable id, a default category, a value check and header
// hints. They know nothing of files, sampling, counting or the law.
package detect

import (
	"sort"
	"sync"
)

// Category is how the law treats a type. The default comes from the detector; a policy may
// override it.
type Category string

// Categories, from least to most protected.
const (
	CategoryNone      Category = "none"
	CategoryPersonal  Category = "personal"
	CategorySensitive Category = "sensitive"
)

// Detector recognises one type.
type Detector interface {
	// ID is the stable type id of docs/vocabulary.md (or a policy-defined custom id).
	ID() string
	// Category is the default category (docs/vocabulary.md, "Categories", conservative column).
	Category() Category
	// Describe says in one line what the value check validates; `xborder detectors` prints it.
	Describe() string
	// Match reports whether one non-empty cell value, trimmed of surrounding white space, is an
	// instance of the type. It must not retain v.
	Match(v []byte) bool
	// Hints returns the header words that suggest this type.
	Hints() Hints
}

// Hints are header keywords for a type. Headers and words are compared after NormalizeHeader.
type Hints struct {
	// Words suggest the type when the normalised header contains one of them.
	Words []string
	// Exclude vetoes a Words match when the header also contains one of these
	// (e.g. "email" for a phone column named "contact", "公司" for a name column).
	Exclude []string
	// Required means values alone never make the type: the header must hint it (free-text
	// types such as financial_record or criminal_record, whose values look like any number or text).
	Required bool
	// NotFor rules the type out when the header contains one of these words: the column
	// describes something other than a person (the coordinates of a store or a mine are not a
	// person's whereabouts), whatever its values look like.
	NotFor []string
}

// Identifier is implemented by detectors whose values identify a natural person (docs/vocabulary.md,
// "Identifying columns"). The scanner hashes the normalised form to count distinct persons.
type Identifier interface {
	// Normalize appends the canonical form of a valid value to dst (so "+86 138-1234-5678" and
	// "13812345678" give the same bytes) and reports whether v was valid.
	Normalize(dst, v []byte) ([]byte, bool)
	// Strength orders identifying types when a row holds several: the highest present decides
	// which value stands for the person.
	Strength() int
}

// BirthDater is implemented by detectors whose values carry a birth date (resident ID numbers,
// birth-date columns). The scanner uses it to derive `minor`.
type BirthDater interface {
	BirthDate(v []byte) (year, month, day int, ok bool)
}

// DigitBound is implemented by detectors that can only match a value holding an ASCII digit
// (after Fold): ID, card, phone and account numbers, dates, coordinates. The classifier skips them
// for values without one, which are most of a name, address or category column.
type DigitBound interface {
	NeedsDigit()
}

// NormalizedBirthDater is implemented by identifiers whose normalised form (from Normalize)
// carries the birth date at a fixed place, so the scanner reads it without validating the value
// a second time on the per-row hot path.
type NormalizedBirthDater interface {
	BirthDateNormalized(norm []byte) (year, month, day int, ok bool)
}

// KeyPart is the part a type's values play in the fallback key of a person without an
// identifier: a name together with an address or a birth date (docs/rules.md, "Persons, not
// rows").
type KeyPart int

// Fallback-key parts.
const (
	KeyPartNone KeyPart = iota
	KeyPartName
	KeyPartAddress
	KeyPartBirthDate
)

// FallbackKeyer is implemented by detectors whose values make part of the fallback key of a
// person without an identifier (person names, postal addresses, birth dates). A column of a
// name type also anchors a role: it describes one person of the row.
type FallbackKeyer interface {
	FallbackKey() KeyPart
}

// OnePerPerson is implemented by identifying types of which a person has one in a row (a phone
// number, an email): a second column of the type is someone else. A person holds several
// documents and a device several ids, so most identifying types do not implement it.
type OnePerPerson interface {
	OnePerPerson()
}

// IdentityDocument is implemented by the types of identity-document numbers, on which the two
// readings of "sensitive" disagree (GB/T 35273-2020 Annex B: sensitive; GB/T 45574-2025: an ID
// number alone is not).
type IdentityDocument interface {
	IdentityDocument()
}

// IsIdentityDocument reports whether typeID is a built-in identity-document type.
func IsIdentityDocument(typeID string) bool {
	_, ok := builtinByID()[typeID].(IdentityDocument)
	return ok
}

// Registry is an ordered set of detectors.
type Registry struct {
	list  []Detector
	byID  map[string]Detector
	today Day // the scan date its Dated detectors are bound to (On); zero when unbound
	// headers caches what each column header makes of the detectors (classify.go); a new
	// registry (With, On) starts with an empty cache.
	headers headerCandidates
	// memos recycles the value memos' tables between the columns the registry types (classify.go).
	memos sync.Pool
}

// Dated is implemented by detectors whose check depends on the scan date (a birth date cannot be
// after it): On returns a copy bound to day. Registry.On binds every Dated detector, so no
// detector reads the clock and a scan dated in the past types its files as it did that day.
type Dated interface {
	On(day Day) Detector
}

// NewRegistry builds a registry from detectors, sorted by id. A later detector with the same id
// replaces an earlier one.
func NewRegistry(ds ...Detector) *Registry {
	r := &Registry{byID: map[string]Detector{}}
	for _, d := range ds {
		r.byID[d.ID()] = d
	}
	for _, d := range r.byID {
		r.list = append(r.list, d)
	}
	sort.Slice(r.list, func(i, j int) bool { return r.list[i].ID() < r.list[j].ID() })
	return r
}

// Builtin returns a registry of every built-in detector. Each detector's file adds itself to
// builtins in its own init, so adding a type is one file plus its test.
func Builtin() *Registry { return NewRegistry(builtins...) }

// With returns a new registry holding r's detectors plus extra ones (policy custom detectors),
// bound to r's scan date.
func (r *Registry) With(extra ...Detector) *Registry {
	all := append(append([]Detector{}, r.list...), extra...)
	return NewRegistry(all...).On(r.today)
}

// On returns r with every Dated detector bound to day, the scan date. The zero Day unbinds
// (see Day).
func (r *Registry) On(day Day) *Registry {
	ds := make([]Detector, len(r.list))
	for i, d := range r.list {
		if dd, ok := d.(Dated); ok {
			d = dd.On(day)
		}
		ds[i] = d
	}
	out := NewRegistry(ds...)
	out.today = day
	return out
}

// Embedded returns the extractor for identifiers inside free text, bound to r's scan date.
func (r *Registry) Embedded() EmbeddedPI { return EmbeddedPI{Today: r.today} }

// All returns the detectors sorted by id.
func (r *Registry) All() []Detector { return r.list }

// Get returns the detector with the given id.
func (r *Registry) Get(id string) (Detector, bool) {
	d, ok := r.byID[id]
	return d, ok
}

// builtins is appended to once per detector file at init and never modified afterwards.
var builtins []Detector

// builtinByID are the built-in detectors by id, derived once, after every init, for the
// questions asked by type id (Mask, IsIdentityDocument).
var builtinByID = sync.OnceValue(func() map[string]Detector {
	m := make(map[string]Detector, len(builtins))
	for _, d := range builtins {
		m[d.ID()] = d
	}
	return m
})

func register(d Detector) { builtins = append(builtins, d) }
