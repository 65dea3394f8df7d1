package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var tiny = scale{Rows: 2000, Persons: 700, XLSXRows: 300, FolderFiles: 10}

// TestGenerateIsDeterministic writes the tiny scale twice and compares every file byte for byte.
func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := generate(context.Background(), dir, tiny, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	files := 0
	err := filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		other, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		this, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if sha256.Sum256(this) != sha256.Sum256(other) {
			t.Errorf("%s differs between two runs", rel)
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 3 + tiny.FolderFiles; files != want {
		t.Errorf("generated %d files, want %d", files, want)
	}
}

var (
	mobileRe = regexp.MustCompile(`^(\+86 1\d{2}-\d{4}-\d{4}|1\d{10})$`)
	emailRe  = regexp.MustCompile(`^u[0-9a-z]+@[a-z0-9.]+$`)
)

// TestOrdersAreValidAndCountAsDesigned reads orders.csv back: every ID has a valid check digit
// and a real date, mobiles and emails are well formed, each person's identifiers are consistent
// across rows, and the distinct persons are exactly as designed, whichever identifier counts.
func TestOrdersAreValidAndCountAsDesigned(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "orders.csv")
	rg := newRowGen(ordersSeed, tiny.Persons, 0)
	if err := writeCSV(context.Background(), path, ',', false, orderHeader, tiny.Rows, func() []string { r, _ := rg.next(); return r }); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(recs) - 1; got != tiny.Rows {
		t.Fatalf("%d data rows, want %d", got, tiny.Rows)
	}
	ids := map[string]string{} // id → mobile, normalised
	mobiles, emails, plus := map[string]bool{}, map[string]bool{}, 0
	for i, rec := range recs[1:] {
		id, mobile, email := rec[3], rec[2], rec[4]
		if len(id) != 18 || idCheck(id) != id[17] {
			t.Fatalf("row %d: ID check digit invalid", i+1)
		}
		if _, err := time.Parse("20060102", id[6:14]); err != nil {
			t.Fatalf("row %d: ID birth date: %v", i+1, err)
		}
		if !mobileRe.MatchString(mobile) || !emailRe.MatchString(email) {
			t.Fatalf("row %d: malformed mobile or email", i+1)
		}
		if strings.HasPrefix(mobile, "+86") {
			plus++
			mobile = strings.NewReplacer("+86 ", "", "-", "").Replace(mobile)
		}
		if prev, ok := ids[id]; ok && prev != mobile {
			t.Fatalf("row %d: the same ID with another mobile", i+1)
		}
		ids[id] = mobile
		mobiles[mobile], emails[email] = true, true
	}
	want := min((tiny.Rows+1)/2, tiny.Persons)
	for name, got := range map[string]int{"IDs": len(ids), "mobiles": len(mobiles), "emails": len(emails)} {
		if got != want {
			t.Errorf("%d distinct %s, want %d", got, name, want)
		}
	}
	if plus < tiny.Rows/20 || plus > tiny.Rows/5 {
		t.Errorf("%d of %d mobiles written +86 …, want about 10%%", plus, tiny.Rows)
	}
}

// TestPersonsAreDistinctAtFullScale checks the identifier constructions stay injective over the
// person numbers the full scale and the folder use (sampled at the ends and the block edges).
func TestPersonsAreDistinctAtFullScale(t *testing.T) {
	seen := map[string]int{}
	check := func(p int) {
		ps := makePerson(0x5eed, p)
		for _, k := range []string{ps.id[:17], ps.mobile, ps.email[:strings.IndexByte(ps.email, '@')]} {
			if q, ok := seen[k]; ok && q != p {
				t.Fatalf("persons %d and %d share an identifier", q, p)
			}
			seen[k] = p
		}
	}
	for _, base := range []int{0, 999, 1000, 4_999_000, 6_000_000, 6_600_000} {
		for p := base; p < base+2000; p++ {
			check(p)
		}
	}
}
