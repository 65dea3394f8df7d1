package hostile

import (
	"bytes"
	"compress/flate"
	"io"
	"strings"
	"testing"
)

func TestDeflateRoundTrip(t *testing.T) {
	for _, p := range []string{"a", "ab", "abc", "abcd", "<si/>", "<row><c/></row>", strings.Repeat("x", 300), strings.Repeat("yz", 16000)} {
		for _, total := range []int64{0, 10, 1000, 100000, 3_000_000} {
			raw, size := Deflate("head"+p, p, "tail", total)
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
			if err != nil {
				t.Fatalf("period %q total %d: %v", p[:min(len(p), 10)], total, err)
			}
			if int64(len(got)) != size || size < total {
				t.Fatalf("period %q: size %d, got %d, want ≥ %d", p[:min(len(p), 10)], size, len(got), total)
			}
			body := strings.TrimSuffix(strings.TrimPrefix(string(got), "head"), "tail")
			if strings.Repeat(p, len(body)/len(p)) != body {
				t.Fatalf("period %q: body is not the period repeated", p[:min(len(p), 10)])
			}
		}
	}
}

func TestBombsAreSmall(t *testing.T) {
	for _, b := range XLSXBombs() {
		t.Log(b)
		if len(b.Data) > 8<<20 {
			t.Errorf("%s is %d bytes", b.Name, len(b.Data))
		}
	}
}
