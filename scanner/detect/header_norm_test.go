package detect

import "testing"

// TestNormWordIsNormalizeHeader checks the allocation-free path of hint-word normalisation
// against NormalizeHeader on every hint word of the built-in detectors and on words it must
// send down the slow path.
func TestNormWordIsNormalizeHeader(t *testing.T) {
	words := []string{"", "=名", "Mobile_No.", "身分證字號", "ＭＯＢＩＬＥ", "e-mail", "手机号码（必填）", "tel ", "Ａ", "ip地址", "x\u200by"}
	for _, d := range Builtin().All() {
		h := d.Hints()
		words = append(append(append(words, h.Words...), h.Exclude...), h.NotFor...)
	}
	words = append(words, bodyMeasureWords...)
	for _, w := range words {
		if got, want := normWord(w), NormalizeHeader(w); got != want {
			t.Errorf("normWord(%q) = %q, NormalizeHeader = %q", w, got, want)
		}
	}
}

func FuzzNormWord(f *testing.F) {
	for _, w := range []string{"mobile", "手机", "電話", "Tel", "a b", "=名"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if got, want := normWord(w), NormalizeHeader(w); got != want {
			t.Errorf("normWord(%q) = %q, NormalizeHeader = %q", w, got, want)
		}
	})
}
