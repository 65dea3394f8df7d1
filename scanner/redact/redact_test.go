package redact

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// Canaries: values every built-in detector accepts. Tests elsewhere plant the same ones.
const (
	id    = "11010519491231002X"
	phone = "13812345678"
	email = "zhang.san@example.com"
	card  = "6222021234567890128"
)

func TestTextMasksIdentifiersWherever(t *testing.T) {
	for _, tc := range []struct{ in, gone string }{
		{id, id},
		{"row 3: " + id + " is not a date", id},
		{"a" + id + ";", id},
		{"invalid character entity &a" + id + "; (no semicolon)", id},
		{"张三&" + phone + " ", phone},
		{"/srv/exports/" + phone + ".csv", phone},
		{"sheet \"客户" + phone + "\"", phone},
		{"138 1234 5678", "1234 5678"},
		{"+86 138-1234-5678", "1234-5678"},
		{"mailto:" + email + ".", "zhang.san"},
		{"<" + email + ">", "zhang.san"},
		{"card 6222 0212 3456 7890 128 expired", "3456 7890"},
		{"card=" + card, card},
		{"ID" + strings.ToLower(id), strings.ToLower(id)[:12]},
		{"１３８１２３４５６７８", "１２３４５６７８"},
	} {
		got := Text(tc.in)
		if strings.Contains(got, tc.gone) {
			t.Errorf("Text(%q) = %q: still holds %q", tc.in, got, tc.gone)
		}
		if !Contains(tc.in) {
			t.Errorf("Contains(%q) = false", tc.in)
		}
	}
}

func TestTextKeepsOrdinaryText(t *testing.T) {
	for _, s := range []string{
		"",
		"big.csv: row 3: a line or field is longer than the 16 MiB limit (--max-field-bytes, Limits.MaxFieldBytes): resource limit exceeded",
		"t.parquet, column 3: row group 0: 20000000000 bytes uncompressed exceed the 16 GiB limit",
		"record at byte 1048577",
		"exports/2026-11/orders.csv",
		"sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"XML syntax error on line 12: invalid character entity",
		"姓名,手机号,城市",
		"\xff\xfe\x00 broken \\ bytes",
	} {
		if got := Text(s); got != s {
			t.Errorf("Text(%q) = %q: changed text holding no identifier", s, got)
		}
	}
}

func TestErrorKeepsTheChain(t *testing.T) {
	base := &fs.PathError{Op: "open", Path: "/x/" + id + ".csv", Err: fs.ErrNotExist}
	err := Error(base)
	if strings.Contains(err.Error(), id) {
		t.Fatalf("Error kept the value: %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("errors.Is lost the chain")
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Fatal("errors.As lost the chain")
	}
	plain := errors.New("nothing personal")
	if Error(plain) != plain || Error(nil) != nil {
		t.Fatal("an error without identifiers must come back as it is")
	}
}

func TestTextIsLinearEnough(t *testing.T) {
	// A long column name of digit groups: every candidate is bounded, so this stays fast; the
	// test only checks it finishes and masks.
	s := strings.Repeat("12 34-56:78 ", 200000) + phone
	if got := Text(s); strings.Contains(got, phone) {
		t.Fatal("the phone at the end was not masked")
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{id, phone, email, card, "a@b", "@@", "1-2-3-4-5-6-7-8-9-0", "\xff@\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if Contains(got) && got != s {
			// Masking may not leave a second, different identifier behind.
			if again := Text(got); again != got {
				t.Fatalf("Text(%q) = %q still holds an identifier (→ %q)", s, got, again)
			}
		}
	})
}
