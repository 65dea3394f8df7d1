package detect

import (
	"bytes"
	"testing"
)

// FuzzAllDetectors runs one value through every built-in detector (not only the identifier
// group FuzzIdentifiers covers): Match, MatchHinted, Normalize and the birth-date extractors must
// not panic or modify their input, and Normalize must be idempotent.
func FuzzAllDetectors(f *testing.F) {
	for _, s := range []string{"", "\xff", "王伟", "Zhang Wei", "男", "汉族", "佛教", "乙肝阳性", "E11.9",
		"北京市朝阳区建国路88号", "blob:12:/9j/4AAQ", "data:image/png;base64,iVBO", "$2b$10$abcdefghijklmnopqrstuv",
		"-----BEGIN RSA PRIVATE KEY-----", "rs12345", "ATCGATCG", "¥8,000", "有期徒刑三年", "13812345678",
		"110105199003071234", "6222021234567890123", "a@b.cn", "2001:db8::1", "31.23,121.47", "1990-03-07"} {
		f.Add([]byte(s))
	}
	dets := Builtin().All()
	f.Fuzz(func(t *testing.T, v []byte) {
		orig := bytes.Clone(v)
		for _, d := range dets {
			m := d.Match(v)
			if h, ok := d.(HintedMatcher); ok {
				if hm := h.MatchHinted(v); m && !hm {
					t.Fatalf("%s: Match but not MatchHinted", d.ID())
				}
			}
			if id, ok := d.(Identifier); ok {
				if norm, ok := id.Normalize(nil, v); ok {
					again, ok2 := id.Normalize(nil, norm)
					if !ok2 || !bytes.Equal(again, norm) {
						t.Fatalf("%s: Normalize(%q) = %q is not a fixed point (%q, %v)", d.ID(), v, norm, again, ok2)
					}
					if nb, ok := d.(NormalizedBirthDater); ok {
						nb.BirthDateNormalized(norm)
					}
				}
				// Normalize must append to dst, never overwrite what is there.
				prefix := []byte("keep")
				if out, ok := id.Normalize(prefix, v); ok && !bytes.HasPrefix(out, []byte("keep")) {
					t.Fatalf("%s: Normalize overwrote dst", d.ID())
				}
			}
			if bd, ok := d.(BirthDater); ok {
				if y, mo, day, ok := bd.BirthDate(v); ok && (mo < 1 || mo > 12 || day < 1 || day > 31 || y < 1800) {
					t.Fatalf("%s: BirthDate(%q) = %d-%d-%d", d.ID(), v, y, mo, day)
				}
			}
			if !bytes.Equal(v, orig) {
				t.Fatalf("%s modified its input %q", d.ID(), orig)
			}
		}
	})
}
