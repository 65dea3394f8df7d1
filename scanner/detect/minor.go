package detect

import "time"

// Minor is the derived type for personal information of children: no value is a "minor" by
// itself. The scanner computes it from birth dates (resident ID numbers, permits and birth_date
// columns) with IsMinor and the policy's minor age, so Match never succeeds.
type Minor struct{}

var _ Detector = Minor{}

func init() { register(Minor{}) }

// DefaultMinorAge is the age under which PI is sensitive (PIPL Art. 28: 不满十四周岁).
const DefaultMinorAge = 14

// ID implements Detector.
func (Minor) ID() string { return "minor" }

// Category implements Detector.
func (Minor) Category() Category { return CategorySensitive }

// Describe implements Detector.
func (Minor) Describe() string {
	return "derived, never matched from values: a person whose birth date (from ID numbers, permits or birth_date columns) makes them younger than the policy's minor age (default 14) on the scan date"
}

// Match implements Detector: always false, the type is derived.
func (Minor) Match([]byte) bool { return false }

// Hints implements Detector.
func (Minor) Hints() Hints { return Hints{} }

// MayMatch implements Prefilter: Match never succeeds, so the classifier never calls it.
func (Minor) MayMatch(Shape) bool { return false }

var _ Prefilter = Minor{}

// IsMinor reports whether a person born on y-m-d is younger than minorAge full years on now's
// calendar date (in now's location). A birthday falling on the scan date counts as already
// had; a 29 February birthday is reached on 1 March in common years. Birth dates after now are
// not persons and give false.
func IsMinor(y, m, d int, now time.Time, minorAge int) bool {
	ny, nmm, nd := now.Date()
	nm := int(nmm)
	if y > ny || (y == ny && (m > nm || (m == nm && d > nd))) {
		return false
	}
	age := ny - y
	if nm < m || (nm == m && nd < d) {
		age--
	}
	return age < minorAge
}
