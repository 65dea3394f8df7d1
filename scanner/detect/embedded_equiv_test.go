package detect

import (
	"bytes"
	"fmt"
	"testing"
)

// orderWordEndsAtReference is orderWordEndsAt as first written, with bytes.Equal.
func orderWordEndsAtReference(v []byte, j int) bool {
	for _, w := range orderWords {
		if j >= len(w) && bytes.Equal(v[j-len(w):j], w) ||
			j >= len(w)+3 && bytes.Equal(v[j-len(w)-3:j-3], w) && (string(v[j-3:j]) == "号" || string(v[j-3:j]) == "码") {
			return true
		}
	}
	return false
}

// TestAfterOrderWordAsReference: orderWordEndsAt, comparing last bytes first, says what the
// plain word loop says at every position of values built from every order word, its 号/码
// forms, separators and look-alikes.
func TestAfterOrderWordAsReference(t *testing.T) {
	var words []string
	for _, w := range orderWords {
		words = append(words, string(w), string(w)+"号", string(w)+"码", string(w[1:]), "x"+string(w))
	}
	words = append(words, "", "单", "号", "码", "为", "是", "卡号", "Sku", "N0.", "##")
	seps := []string{"", " ", ":", "：", "= ", "为", "是", "：是", " : "}
	n := 0
	for _, w := range words {
		for _, s := range seps {
			for _, pre := range []string{"", "备注", "a", "1"} {
				v := []byte(fmt.Sprintf("%s%s%s110105199003071234", pre, w, s))
				for i := range len(v) + 1 {
					n++
					if got, want := orderWordEndsAt(v, i), orderWordEndsAtReference(v, i); got != want {
						t.Fatalf("orderWordEndsAt(%q, %d) = %v, reference %v", v, i, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d positions", n)
}
