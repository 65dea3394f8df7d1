package detect

import (
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

// TestTradHanIsTradToSimp: tradHan holds exactly the keys of tradToSimp.
func TestTradHanIsTradToSimp(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		_, inMap := tradToSimp[r]
		if tradHan.has(r) != inMap {
			t.Fatalf("%q: in tradHan %v, in tradToSimp %v", r, tradHan.has(r), inMap)
		}
		if inMap {
			n++
		}
	}
	if n != len(tradToSimp) {
		t.Fatalf("%d of %d characters of tradToSimp found", n, len(tradToSimp))
	}
}

// TestBiometricMatchAsDecoding: Biometric.Match, with its quick look at the first four bytes,
// says what decoding every value says: over base64 of random heads (every magic among them),
// line breaks put anywhere in the first bytes, blob: and data: forms, and the labelled values.
func TestBiometricMatchAsDecoding(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 7))
	magics := []string{"FMR\x00", "FIR\x00", "FAC\x00", "IIR\x00", "FMR 20", "FM", "\xFF\xD8\xFF", "RIFF0000WEBP", "GIF89a", ""}
	var vals []string
	for range 20000 {
		head := []byte(magics[r.IntN(len(magics))])
		for range r.IntN(60) {
			head = append(head, byte(r.IntN(256)))
		}
		b := []byte(base64.StdEncoding.EncodeToString(head))
		if r.IntN(3) == 0 && len(b) > 0 {
			i := r.IntN(min(len(b), 6))
			b = append(b[:i], append([]byte{"\r\n"[r.IntN(2)]}, b[i:]...)...)
		}
		if r.IntN(2) == 0 && len(b) > 2 {
			b = b[:r.IntN(len(b))]
		}
		vals = append(vals, string(b), "blob:99:"+string(b), "data:image/jpeg;base64,"+string(b))
	}
	vals = append(vals, prefilterValues(t)...)
	matched := 0
	for _, v := range vals {
		got, want := (Biometric{}).Match([]byte(v)), binaryKind([]byte(v)) == binTemplate
		if got != want {
			t.Fatalf("Biometric.Match(%q) = %v, decoding says %v", v, got, want)
		}
		if got {
			matched++
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d of %d values are templates: the test has no teeth", matched, len(vals))
	}
}
