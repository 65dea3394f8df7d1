// Package redact is the one path by which text that may carry input reaches an output: error
// messages (from readers, libraries, the operating system, the policy parser), file, sheet and
// column names. Every run of such text that validates as a personal identifier under a built-in
// detector (resident ID, mobile or landline number, e-mail, bank card, passport, travel permit,
// IBAN, social security number, device id) is replaced by its mask (detect.Mask: at most a third
// of the characters, in place). Anything else is left as it is: the text stays useful (paths,
// byte counts, row numbers), and no identifier survives.
//
// Candidates are found without knowing where the input text sits in a message: every maximal run
// of letters and digits, every digit run inside it (with an ID's trailing X), runs joined by
// single spaces, hyphens or colons ("138 1234 5678", "6222-0212-…", a MAC address), and the
// longest address around every '@'. Each candidate is checked with the detectors' own Match, so a
// value is masked in a message exactly when it would be counted as an identifier in a cell.
package redact

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xborder/xborder/scanner/detect"
)

// maxCandidate bounds the bytes of one candidate: no identifier is longer (an e-mail address is at
// most 254 bytes), and the bound keeps Text linear on long texts.
const maxCandidate = 256

// maxChecked bounds the texts checked candidate by candidate. Error messages and names are far
// shorter; a longer text (a 16 MiB "column name") is masked coarsely, in linear time: see coarse.
const maxChecked = 64 << 10

// maxGroups is how many runs a joined candidate may hold: an IBAN in groups of four has up to 9.
const maxGroups = 9

type idDetector struct {
	id string
	d  detect.Detector
}

var detectors = sync.OnceValue(func() []idDetector {
	var out []idDetector
	for _, d := range detect.Builtin().All() {
		if _, ok := d.(detect.Identifier); ok {
			out = append(out, idDetector{id: d.ID(), d: d})
		}
	}
	return out
})

// span is a matched identifier: s[start:end], of detector type id. overlap marks a span merged
// from overlapping matches ("13812345678/zhang.san@example.com" is a phone number and, slash
// included, an e-mail address): no one type's mask fits it, so it is masked whole.
type span struct {
	start, end int
	id         string
	overlap    bool
}

// Text returns s with every identifier in it masked. It never panics, whatever the bytes, and
// returns s itself when nothing matched. The result holds no identifier either: a mask's visible
// characters next to the text around it can form a new candidate ("001000000 001…"), so the
// masking is repeated until nothing matches (a few rounds at most; then the coarse rule).
func Text(s string) string {
	out := mask(s)
	for round := 0; out != s && round < 4; round++ {
		s, out = out, mask(out)
	}
	if out != s {
		if spans := coarse(out, false); len(spans) > 0 {
			return apply(out, spans)
		}
	}
	return out
}

// mask masks the identifiers find sees in s, once.
func mask(s string) string {
	spans := find(s, false)
	if len(spans) == 0 {
		return s
	}
	return apply(s, spans)
}

// apply replaces each span of s by its mask.
func apply(s string, spans []span) string {
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		if sp.overlap {
			b.WriteString(strings.Repeat("*", min(utf8.RuneCountInString(s[sp.start:sp.end]), 48)))
		} else {
			b.WriteString(detect.Mask(sp.id, []byte(s[sp.start:sp.end])))
		}
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// Contains reports whether s holds a run that validates as an identifier.
func Contains(s string) bool { return len(find(s, true)) > 0 }

// IsPI reports whether the cell value v is, or holds, an identifier: header detection uses it to
// refuse a first row of data as column names.
func IsPI(v []byte) bool { return Contains(string(v)) }

// Error returns err with its message redacted; errors.Is and errors.As still see the chain. It
// returns nil for nil and err itself when its message holds no identifier.
func Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := Text(msg)
	if red == msg {
		return err
	}
	return &redacted{msg: red, err: err}
}

type redacted struct {
	msg string
	err error
}

func (r *redacted) Error() string { return r.msg }
func (r *redacted) Unwrap() error { return r.err }

// find returns the identifiers in s, sorted and without overlaps (overlapping matches are merged
// into one span typed by the longest). first stops at the first match.
func find(s string, first bool) []span {
	if len(s) == 0 {
		return nil
	}
	if len(s) > maxChecked {
		return coarse(s, first)
	}
	f := finder{s: s}
	if f.runs(first) || f.emails(first) {
		return f.out
	}
	return merge(f.out)
}

// finder collects the identifiers found in s, in the order they are found.
type finder struct {
	s   string
	out []span
}

// try checks the candidate s[start:end] against the detectors (only the e-mail one if it holds an
// '@', only the others if not) and records it if one matches.
func (f *finder) try(start, end int) bool {
	if end-start < 5 || end-start > maxCandidate {
		return false
	}
	c := []byte(f.s[start:end])
	email := strings.IndexByte(f.s[start:end], '@') >= 0
	if !email && !plausible(f.s[start:end]) {
		return false
	}
	for _, d := range detectors() {
		if (d.id == "email") != email {
			continue
		}
		if safeMatch(d.d, c) {
			f.out = append(f.out, span{start: start, end: end, id: d.id})
			return true
		}
	}
	return false
}

// runs tries each alphanumeric run, the long digit runs inside it and the runs joined to it by
// single separators. It reports whether it stopped early because first is set and a match was found.
func (f *finder) runs(first bool) (stopped bool) {
	s := f.s
	runs := alnumRuns(s)
	for i, r := range runs {
		if first && len(f.out) > 0 {
			return true
		}
		f.try(r.start, r.end)
		// Digit runs inside a longer run ("客户13812345678", "a11010519491231002X"), of 11 or
		// more characters: a mobile number, an ID, a card, an IMEI. Shorter ones (a landline
		// without its trunk 0 has 10 digits) are checked only standing alone, or a name like
		// "TestExport1053361739" (go test's temporary folders) would be masked now and then.
		for _, d := range digitRuns(s, r) {
			if (d.start != r.start || d.end != r.end) && utf8.RuneCountInString(s[d.start:d.end]) >= 11 {
				f.try(d.start, d.end)
			}
		}
		// Runs joined by single separators: "138 1234 5678", "+86 138-1234-5678", a MAC.
		end := r.end
		for k := i + 1; k < len(runs) && k-i < maxGroups; k++ {
			gap := s[end:runs[k].start]
			if len(gap) != 1 || !isJoin(gap[0]) || runs[k].end-r.start > maxCandidate {
				break
			}
			end = runs[k].end
			f.try(r.start, end)
		}
	}
	return false
}

// emails tries, around each '@', the widest address-like text, then narrower starts. It reports
// whether it stopped early because first is set and a match was found.
func (f *finder) emails(first bool) (stopped bool) {
	s := f.s
	for at := strings.IndexByte(s, '@'); at >= 0; {
		if first && len(f.out) > 0 {
			return true
		}
		lo, hi := emailBounds(s, at)
		for st := lo; st < at; st++ {
			if st == lo || !isAlnumByte(s[st-1]) {
				if f.try(st, hi) {
					break
				}
			}
		}
		next := strings.IndexByte(s[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return false
}

// emailBounds returns the widest address-like text around the '@' at s[at]: a local part of at
// most 64 bytes before it, a domain of at most 255 after it, without trailing dots.
func emailBounds(s string, at int) (lo, hi int) {
	lo = at
	for lo > 0 && isLocal(s[lo-1]) && at-lo < 64 {
		lo--
	}
	hi = at + 1
	for hi < len(s) && isDomain(s[hi]) && hi-at < 255 {
		hi++
	}
	for hi > at+1 && s[hi-1] == '.' {
		hi--
	}
	return lo, hi
}

// safeMatch runs a detector, treating a panic as no match: redaction must never fail.
func safeMatch(d detect.Detector, v []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return d.Match(v)
}

func merge(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.start < last.end {
			if sp.end > last.end || sp.id != last.id {
				last.overlap = true
			}
			last.end = max(last.end, sp.end)
			continue
		}
		out = append(out, sp)
	}
	return out
}

type run struct{ start, end int }

// alnumRuns returns the maximal runs of letters and digits (ASCII and full-width forms) of s.
func alnumRuns(s string) []run {
	var out []run
	start := -1
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isAlnum(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, run{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, run{start, len(s)})
	}
	return out
}

// digitRuns returns the digit runs inside r, each with a directly following X or x (the check
// character of a resident ID).
func digitRuns(s string, r run) []run {
	var out []run
	start := -1
	for i := r.start; i < r.end; {
		c, size := utf8.DecodeRuneInString(s[i:])
		if isDigit(c) {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 {
			end := i
			if c == 'X' || c == 'x' || c == 'Ｘ' || c == 'ｘ' {
				end += size
			}
			out = append(out, run{start, end})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, run{start, r.end})
	}
	return out
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isAlnum(r rune) bool {
	return isDigit(r) || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
		r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ'
}

func isAlnumByte(c byte) bool { return c < utf8.RuneSelf && isAlnum(rune(c)) }

func isJoin(c byte) bool { return c == ' ' || c == '-' || c == ':' }

// isLocal is a character of an e-mail local part (dot-atom).
func isLocal(c byte) bool {
	return isAlnumByte(c) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0
}

func isDomain(c byte) bool { return isAlnumByte(c) || c == '.' || c == '-' }

// plausible is a cheap filter before the detectors: every identifier but an e-mail address holds
// at least six digits, except a MAC address (six hex octets, 17 characters).
func plausible(c string) bool {
	digits := 0
	for i := 0; i < len(c); i++ {
		if c[i] >= '0' && c[i] <= '9' || c[i] == 0xef && i+2 < len(c) && c[i+1] == 0xbc && c[i+2] >= 0x90 && c[i+2] <= 0x99 {
			digits++
			if digits >= 6 {
				return true
			}
		}
	}
	return len(c) == 17
}

// coarse masks a long text without validating: every run of letters and digits holding six or
// more digits, and every address-like text around an '@'. It over-masks, never under-masks.
func coarse(s string, first bool) []span {
	var out []span
	for _, r := range alnumRuns(s) {
		if plausible(s[r.start:r.end]) || r.end-r.start == 2 {
			if r.end-r.start == 2 && !macOctets(s, r) {
				continue
			}
			out = append(out, span{start: r.start, end: r.end})
			if first {
				return out
			}
		}
	}
	for at := strings.IndexByte(s, '@'); at >= 0; {
		lo, hi := at, at+1
		for lo > 0 && isLocal(s[lo-1]) {
			lo--
		}
		for hi < len(s) && isDomain(s[hi]) {
			hi++
		}
		out = append(out, span{start: lo, end: hi, id: "email"})
		if first {
			return out
		}
		next := strings.IndexByte(s[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return merge(out)
}

// macOctets reports a two-character run that is part of a colon- or hyphen-separated MAC address.
func macOctets(s string, r run) bool {
	return r.start > 0 && isJoin(s[r.start-1]) && s[r.start-1] != ' ' || r.end < len(s) && isJoin(s[r.end]) && s[r.end] != ' '
}
