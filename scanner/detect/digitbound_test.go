package detect

import (
	"math/rand/v2"
	"testing"
)

// TestDigitBoundDetectorsNeedDigits: the classifier skips DigitBound detectors for values without
// an ASCII digit, so such a detector must never match one (Match or MatchHinted).
func TestDigitBoundDetectorsNeedDigits(t *testing.T) {
	values := []string{"ABCDEFGHIJKLMNOPQR", "EABCDEFGH", "E-ABCDEFG", "GABCDEFGH", "张三", "北京市朝阳区建国路",
		"一九九〇年一月一日", "CNABCDEFGHIJKL", "GB82WESTABCDEFGHIJKLMN", "Ｅ１２３", "x@y.com", "N/A", "lat,lng", "DEABCDEFG"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ABCDEFGHJKLMNPQRSTUVWXYZabcxyz-+ ,.:/年月日京沪Ｘ")
	for i := 0; i < 20000; i++ {
		r := make([]rune, 1+rng.IntN(24))
		for k := range r {
			r[k] = alphabet[rng.IntN(len(alphabet))]
		}
		values = append(values, string(r))
	}
	for _, d := range Builtin().All() {
		if _, ok := d.(DigitBound); !ok {
			continue
		}
		hm, _ := d.(HintedMatcher)
		for _, v := range values {
			f := Fold(nil, []byte(v))
			if ShapeOf(f).Digits > 0 {
				continue
			}
			if d.Match([]byte(v)) || (hm != nil && hm.MatchHinted([]byte(v))) {
				t.Errorf("%s is DigitBound but matched %q", d.ID(), v)
			}
		}
	}
}
