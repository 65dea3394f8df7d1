package report

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Glob is a compiled path pattern of the policy file. It is matched against the slash-separated
// path relative to the scan root, one segment at a time: `*` matches any run of characters
// within a segment, `?` one character, `[...]` a class (`[!...]` or `[^...]` negated, ranges
// with `-`), `\` escapes the next character, and a whole segment `**` matches any number of
// segments, zero included. A pattern without a slash therefore matches top-level names only;
// write `**/*.csv` for any depth.
type Glob struct {
	pattern string
	segs    []string
}

// errBadGlob is wrapped by every glob compilation error so callers can tell them apart.
var errBadGlob = errors.New("bad glob")

// CompileGlob checks a pattern once so that matching never meets a syntax error later.
func CompileGlob(pattern string) (Glob, error) {
	if pattern == "" {
		return Glob{}, fmt.Errorf("%w: empty pattern", errBadGlob)
	}
	p := strings.TrimPrefix(pattern, "./")
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for _, s := range segs {
		if s == "**" {
			continue
		}
		if strings.Contains(s, "**") {
			return Glob{}, fmt.Errorf("%w %q: ** must be a whole path segment", errBadGlob, pattern)
		}
		if err := checkSegment(s); err != nil {
			return Glob{}, fmt.Errorf("%w %q: %v", errBadGlob, pattern, err)
		}
	}
	return Glob{pattern: pattern, segs: segs}, nil
}

// String returns the pattern as written.
func (g Glob) String() string { return g.pattern }

// Match reports whether the relative path rel matches. Backslashes and a leading "./" are
// normalised so that paths given on Windows or with a dot prefix match the same way.
func (g Glob) Match(rel string) bool {
	rel = strings.TrimPrefix(strings.ReplaceAll(rel, `\`, "/"), "./")
	return matchSegs(g.segs, strings.Split(strings.Trim(rel, "/"), "/"))
}

// MatchName matches a single name (a column name) in which a slash is an ordinary character.
func (g Glob) MatchName(name string) bool {
	if len(g.segs) == 1 {
		return matchSegment(g.segs[0], name)
	}
	return matchSegment(strings.Join(g.segs, "/"), name)
}

func matchSegs(pat, path []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for len(pat) > 0 && pat[0] == "**" {
				pat = pat[1:]
			}
			if len(pat) == 0 {
				return true
			}
			for i := 0; i <= len(path); i++ {
				if matchSegs(pat, path[i:]) {
					return true
				}
			}
			return false
		}
		if len(path) == 0 || !matchSegment(pat[0], path[0]) {
			return false
		}
		pat, path = pat[1:], path[1:]
	}
	return len(path) == 0
}

// checkSegment reports a syntax error in one segment: an unclosed class or a trailing escape.
func checkSegment(p string) error {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			if i+1 >= len(p) {
				return errors.New("trailing backslash")
			}
			i++
		case '[':
			end, ok := classEnd(p, i)
			if !ok {
				return errors.New("unclosed [")
			}
			i = end
		}
	}
	return nil
}

// classEnd returns the index of the ']' closing the class opened at p[i].
func classEnd(p string, i int) (int, bool) {
	j := i + 1
	if j < len(p) && (p[j] == '!' || p[j] == '^') {
		j++
	}
	if j < len(p) && p[j] == ']' { // a leading ] is a literal
		j++
	}
	for ; j < len(p); j++ {
		switch p[j] {
		case '\\':
			j++
		case ']':
			return j, true
		}
	}
	return 0, false
}

// matchSegment matches name against a checked segment pattern, backtracking over the last `*`.
func matchSegment(p, name string) bool {
	px, nx := 0, 0
	starP, starN := -1, -1
	for px < len(p) || nx < len(name) {
		if px < len(p) {
			switch c := p[px]; c {
			case '*':
				starP, starN = px, nx
				px++
				continue
			case '?':
				if nx < len(name) {
					_, w := utf8.DecodeRuneInString(name[nx:])
					px++
					nx += w
					continue
				}
			case '[':
				if nx < len(name) {
					end, _ := classEnd(p, px)
					r, w := utf8.DecodeRuneInString(name[nx:])
					if classMatch(p[px+1:end], r) {
						px = end + 1
						nx += w
						continue
					}
				}
			default:
				lit := c
				step := 1
				if c == '\\' && px+1 < len(p) {
					lit = p[px+1]
					step = 2
				}
				if nx < len(name) && name[nx] == lit {
					px += step
					nx++
					continue
				}
			}
		}
		if starP >= 0 && starN < len(name) {
			_, w := utf8.DecodeRuneInString(name[starN:])
			starN += w
			px, nx = starP+1, starN
			continue
		}
		return false
	}
	return true
}

// classMatch reports whether r is in the class body (without the brackets).
func classMatch(body string, r rune) bool {
	neg := false
	if body != "" && (body[0] == '!' || body[0] == '^') {
		neg = true
		body = body[1:]
	}
	in := false
	for i := 0; i < len(body); {
		lo, w := utf8.DecodeRuneInString(body[i:])
		if lo == '\\' && i+w < len(body) {
			i += w
			lo, w = utf8.DecodeRuneInString(body[i:])
		}
		i += w
		hi := lo
		if i+1 < len(body) && body[i] == '-' {
			h, hw := utf8.DecodeRuneInString(body[i+1:])
			hi = h
			i += 1 + hw
		}
		if lo <= r && r <= hi {
			in = true
		}
	}
	return in != neg
}
