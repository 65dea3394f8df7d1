package detect

import (
	"strings"
	"testing"
)

func TestEmailMatch(t *testing.T) {
	checkMatch(t, Email{}, []matchCase{
		{"simple", "a@example.com", true},
		{"dots and plus", "zhang.san+tag@mail.example.com.cn", true},
		{"upper case", "Zhang@Example.COM", true},
		{"qq", "12345678@qq.com", true},
		{"hyphen in domain", "x@my-site.org", true},
		{"full-width at", "a＠example.com", true},
		{"no at", "example.com", false},
		{"two ats", "a@b@example.com", false},
		{"no TLD", "a@localhost", false},
		{"numeric TLD", "a@example.123", false},
		{"one-letter TLD", "a@example.c", false},
		{"leading dot local", ".a@example.com", false},
		{"trailing dot local", "a.@example.com", false},
		{"double dot local", "a..b@example.com", false},
		{"leading hyphen label", "a@-example.com", false},
		{"trailing hyphen label", "a@example-.com", false},
		{"empty label", "a@example..com", false},
		{"space inside", "a b@example.com", false},
		{"local too long", strings.Repeat("a", 65) + "@example.com", false},
		{"mention", "@example.com", false},
	})
	checkNormalize(t, Email{}, map[string]string{
		" Zhang@Example.COM ": "zhang@example.com",
		"bad@":                "",
	})
}

func BenchmarkEmailMatch(b *testing.B) {
	v := []byte("zhang.san@example.com.cn")
	for b.Loop() {
		Email{}.Match(v)
	}
}
