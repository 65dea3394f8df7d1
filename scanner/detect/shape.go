package detect

import "unicode/utf8"

// Shape is what one pass over a cleaned cell tells about it: its length and how many ASCII
// digits, ASCII letters and bytes of other characters it holds, and which ASCII bytes occur. The
// classifier computes it once per distinct value, so that every detector implementing Prefilter
// can rule itself out before it cleans and parses the value again.
type Shape struct {
	Len      int // bytes
	Digits   int // ASCII digits
	Letters  int // ASCII letters
	NonASCII int // bytes of characters outside ASCII (a Han character is 3)
	seen     [2]uint64
}

// ShapeOf returns the shape of v, a cell as CleanCell returns it.
func ShapeOf(v []byte) Shape {
	s := Shape{Len: len(v)}
	for _, c := range v {
		switch {
		case c >= utf8.RuneSelf:
			s.NonASCII++
			continue
		case c-'0' <= 9:
			s.Digits++
		case (c|0x20)-'a' <= 'z'-'a':
			s.Letters++
		}
		s.seen[c>>6] |= 1 << (c & 63)
	}
	return s
}

// Has reports whether the ASCII byte c occurs in the value.
func (s Shape) Has(c byte) bool {
	return c < utf8.RuneSelf && s.seen[c>>6]&(1<<(c&63)) != 0
}

// Prefilter is implemented by detectors that can rule a value out from its Shape alone. MayMatch
// must hold for every cleaned value Match accepts (MatchHinted is not filtered): a prefilter that
// is wrong once hides persons, so each states only what its Match plainly requires (so many
// digits, an @, a character outside ASCII). TestPrefiltersAreSound and FuzzPrefiltersAreSound hold
// every built-in to it over the tests' values and the labelled corpus. MayMatch may count digits
// and letters but must not ask which ones occur (Has of an ASCII digit or letter), and must
// treat every count from 32 on alike (thresholds of at most 32): the classifier works the
// prefilters out once for all values whose shapes differ only in that (planKey,
// TestPrefiltersDecideOnPlanKeys).
type Prefilter interface {
	MayMatch(s Shape) bool
}

// code is part of the prefilters of the detectors whose Match accepts letters and digits only,
// once clean has stripped spaces, hyphens, guards and quotes (ID, permit, card and credit-code
// numbers): a ':' or '@', which no cleaning removes, rules a value out (timestamps, e-mails),
// and so do more than 12 bytes outside ASCII (addresses, remarks; fewNonASCII).
func code(s Shape) bool { return !s.Has(':') && !s.Has('@') && fewNonASCII(s) }

// fewNonASCII reports whether a value with shape s may become pure ASCII when a detector cleans
// it again (clean calls CleanCell on the value the classifier cleaned): that pass folds and
// drops nothing the first left, and takes off at most two more pairs of typographic quotes
// (“「…」”), 12 bytes outside ASCII.
func fewNonASCII(s Shape) bool { return s.NonASCII <= 12 }

// wordy is the prefilter of the detectors that look words up (names, addresses, diagnoses,
// religions): a word needs a letter or a character outside ASCII.
func wordy(s Shape) bool { return s.Letters > 0 || s.NonASCII > 0 }
