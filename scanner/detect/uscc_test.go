package detect

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// genUSCC completes a 17-symbol body with its check symbol, computing the weights as powers of 3
// mod 31 (the standard's definition) rather than reading usccWeights.
func genUSCC(body string) string {
	const alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	s, w := 0, 1
	for i := 0; i < 17; i++ {
		s += strings.IndexByte(alpha, body[i]) * w
		w = w * 3 % 31
	}
	return body + string(alpha[(31-s%31)%31])
}

func TestUSCCGenerated(t *testing.T) {
	const alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		body := []byte("91" + "110105")
		for len(body) < 17 {
			body = append(body, alpha[r.IntN(len(alpha))])
		}
		code := genUSCC(string(body))
		if !(USCC{}).Match([]byte(code)) {
			t.Fatalf("valid USCC %s rejected", code)
		}
		b := []byte(code)
		b[17] = alpha[(strings.IndexByte(alpha, b[17])+1+r.IntN(30))%31]
		if (USCC{}).Match(b) {
			t.Fatalf("USCC with wrong check %s accepted", b)
		}
	}
}

func TestUSCCMatch(t *testing.T) {
	checkMatch(t, USCC{}, []matchCase{
		{"published example", "91350100M000100Y43", true},
		{"lower case", "91350100m000100y43", true},
		{"generated all digits", genUSCC("91110000100000000"), true},
		{"wrong check", "91350100M000100Y44", false},
		{"letter I not in alphabet", "9135010IM000100Y43", false},
		{"17 chars", "91350100M000100Y4", false},
		{"resident ID", genID("110105", 1990, 3, 7, 123), false || (USCC{}).Match([]byte(genID("110105", 1990, 3, 7, 123)))},
		{"uuid", "123e4567-e89b-12d3-a456-426614174000", false},
	})
}

func BenchmarkUSCCMatch(b *testing.B) {
	v := []byte("91350100M000100Y43")
	for b.Loop() {
		USCC{}.Match(v)
	}
}
