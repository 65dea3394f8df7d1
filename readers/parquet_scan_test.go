package readers_test

// Parquet through the whole path a user sees: scanner.Scan types and counts the file, report
// decides its verdict. Nested columns (issue 21) and hostile one-byte corruptions.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/xborder/xborder/report"
	"github.com/xborder/xborder/scanner"
)

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// residentID is person p's 18-character resident ID, with a valid check character.
func residentID(p int) string {
	regions := []string{"110105", "310101", "440106", "330106"}
	body := fmt.Sprintf("%s%04d%02d%02d%03d", regions[p%len(regions)], 1960+p%40, 1+p%12, 1+p%28, p%1000)
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return body + string("10X98765432"[sum%11])
}

// mobile is the k-th mainland mobile number of person p.
func mobile(p, k int) string { return fmt.Sprintf("13%d%08d", 8-k%3, 10000000+p*37+k*7919) }

var scanNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// scanOne scans one file and builds its report entry as `xborder scan` does.
func scanOne(t testing.TB, path string) (scanner.FileResult, report.File) {
	t.Helper()
	res, err := scanner.Scan(context.Background(), []string{path}, scanner.Options{SampleRows: scanner.DefaultSampleRows, Now: scanNow, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 {
		t.Fatalf("%d results for one file", len(res.Files))
	}
	fr := res.Files[0]
	n, nu, s, su := fr.Persons.Count()
	rep := report.Build(report.Input{GeneratedAt: scanNow, Files: []report.FileInput{{Result: fr,
		Tally: report.Tally{Individuals: n, IndividualsUpper: nu, Sensitive: s, SensitiveUpper: su, Method: fr.Persons.Method()}}}})
	return fr, rep.Files[0]
}

// columnTypes maps each column of the file's first table to its detected type ids.
func columnTypes(fr scanner.FileResult) map[string][]string {
	out := map[string][]string{}
	for _, tb := range fr.Tables {
		for _, c := range tb.Columns {
			out[c.Name] = []string{}
			for _, ty := range c.Types {
				out[c.Name] = append(out[c.Name], ty.Type)
			}
		}
	}
	return out
}

// writeRecord writes rec to path with arrow's writer.
func writeRecord(t testing.TB, path string, rec arrow.RecordBatch, rowGroup int64, codec compress.Compression) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(rowGroup), parquet.WithCompression(codec), parquet.WithDictionaryDefault(false))
	w, err := pqarrow.NewFileWriter(rec.Schema(), fh, props, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

var (
	contactType = arrow.StructOf(
		arrow.Field{Name: "id_card", Type: arrow.BinaryTypes.String, Nullable: true},
		arrow.Field{Name: "mobile", Type: arrow.BinaryTypes.String, Nullable: true})
	memberType = arrow.StructOf(
		arrow.Field{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
		arrow.Field{Name: "id_card", Type: arrow.BinaryTypes.String, Nullable: true})
)

// writeNested writes n records: an order number, contact struct<id_card, mobile> (null for
// every tenth record), phones list<string> of two more numbers, family list<struct<name,
// id_card>> of one or two members, and a map<string, string> of notes.
func writeNested(t testing.TB, path string, n int) {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "order", Type: arrow.PrimitiveTypes.Int64},
		{Name: "contact", Type: contactType, Nullable: true},
		{Name: "phones", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
		{Name: "family", Type: arrow.ListOf(memberType), Nullable: true},
		{Name: "notes", Type: arrow.MapOf(arrow.BinaryTypes.String, arrow.BinaryTypes.String), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	contact := b.Field(1).(*array.StructBuilder)
	phones := b.Field(2).(*array.ListBuilder)
	family := b.Field(3).(*array.ListBuilder)
	members := family.ValueBuilder().(*array.StructBuilder)
	notes := b.Field(4).(*array.MapBuilder)
	for i := 0; i < n; i++ {
		b.Field(0).(*array.Int64Builder).Append(int64(900000 + i))
		if i%10 == 9 {
			contact.AppendNull()
		} else {
			contact.Append(true)
			contact.FieldBuilder(0).(*array.StringBuilder).Append(residentID(i))
			contact.FieldBuilder(1).(*array.StringBuilder).Append(mobile(i, 0))
		}
		phones.Append(true)
		phones.ValueBuilder().(*array.StringBuilder).AppendValues([]string{mobile(i, 1), mobile(i, 2)}, nil)
		family.Append(true)
		for k := 0; k < 1+i%2; k++ {
			members.Append(true)
			members.FieldBuilder(0).(*array.StringBuilder).Append(fmt.Sprintf("member%d", k))
			members.FieldBuilder(1).(*array.StringBuilder).Append(residentID(n + 2*i + k))
		}
		notes.Append(true)
		notes.KeyBuilder().(*array.StringBuilder).Append("channel")
		notes.ItemBuilder().(*array.StringBuilder).Append("web")
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	writeRecord(t, path, rec, int64(max(n/3, 1)), compress.Codecs.Zstd)
}

func TestParquetNestedColumnsAreTypedAndCounted(t *testing.T) {
	const n = 5000
	path := filepath.Join(t.TempDir(), "nested.parquet")
	writeNested(t, path, n)
	fr, rf := scanOne(t, path)
	if fr.Err != nil {
		t.Fatal(fr.Err)
	}
	types := columnTypes(fr)
	want := map[string]string{
		"contact.id_card":  "cn_resident_id",
		"contact.mobile":   "phone_number",
		"phones[]":         "phone_number",
		"family[].id_card": "cn_resident_id",
	}
	for col, typ := range want {
		if !slices.Contains(types[col], typ) {
			t.Errorf("column %s typed %q, want %s (columns: %v)", col, types[col], typ, types)
		}
	}
	for _, col := range []string{"order", "family[].name", "notes.key", "notes.value"} {
		if _, ok := types[col]; !ok {
			t.Errorf("no column %s (columns: %v)", col, types)
		}
	}
	// Every identifier is someone: each contact (id_card and mobile on one row), each phone of
	// the phones list (its own row), each family member by their id_card.
	members := n + n/2
	nullContacts := n / 10
	wantPersons := int64(n - nullContacts + 2*n + members)
	if fr.Rows != n {
		t.Errorf("rows = %d, want %d records", fr.Rows, n)
	}
	got, _, sens, _ := fr.Persons.Count()
	if got != wantPersons {
		t.Errorf("persons = %d, want %d", got, wantPersons)
	}
	if sens == 0 {
		t.Errorf("no sensitive persons, though every record has a resident ID")
	}
	if rf.Verdict.Label == report.LabelFree || rf.Verdict.Label == report.LabelError {
		t.Errorf("verdict %s: %v", rf.Verdict.Label, rf.Verdict.Reasons)
	}
}

// TestParquetListOfIdentifiersCountsEveryElement: persons only in a list, several per record.
func TestParquetListOfIdentifiersCountsEveryElement(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{{Name: "ids", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	l := b.Field(0).(*array.ListBuilder)
	p := 0
	for i := 0; i < 2000; i++ {
		switch i % 4 {
		case 0:
			l.AppendNull()
		case 1:
			l.AppendEmptyValue()
		default:
			l.Append(true)
			for k := 0; k < i%4+1; k++ { // 3 or 4 IDs
				l.ValueBuilder().(*array.StringBuilder).Append(residentID(p))
				p++
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	path := filepath.Join(t.TempDir(), "ids.parquet")
	writeRecord(t, path, rec, 700, compress.Codecs.Snappy)
	fr, _ := scanOne(t, path)
	if fr.Err != nil {
		t.Fatal(fr.Err)
	}
	if got, _, _, _ := fr.Persons.Count(); got != int64(p) {
		t.Errorf("persons = %d, want %d (every ID in the lists)", got, p)
	}
	if !slices.Contains(columnTypes(fr)["ids[]"], "cn_resident_id") {
		t.Errorf("ids[] typed %v", columnTypes(fr)["ids[]"])
	}
}

// writePI writes n persons (resident ID, mobile, name) with arrow's writer: snappy pages,
// dictionary encoding, two row groups.
func writePI(t testing.TB, path string, n int) {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "身份证号", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "手机号", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "金额", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for i := 0; i < n; i++ {
		b.Field(0).(*array.StringBuilder).Append(residentID(i))
		b.Field(1).(*array.StringBuilder).Append(mobile(i, 0))
		b.Field(2).(*array.Int64Builder).Append(int64(i * 100))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	writeRecord(t, path, rec, int64(n/2), compress.Codecs.Snappy)
}

// TestParquetOneByteCorruptionsAreNeverFree flips one byte of a small file with resident IDs, at
// 300 positions drawn by a seeded RNG over the whole file, and runs each through the scan and the
// verdict: each must be `error` or find sensitive persons, never `free` (a file read as empty, as
// nulls or as fewer columns than it has). Each scan runs under a time bound. Two files: flat
// columns (snappy, dictionary pages) and nested ones (struct, list, list of struct, map; zstd).
func TestParquetOneByteCorruptionsAreNeverFree(t *testing.T) {
	mutations, seed := 300, uint64(21)
	if v, err := strconv.Atoi(os.Getenv("XB_MUTATIONS")); err == nil { // longer local runs
		mutations, seed = v, uint64(time.Now().UnixNano())
	}
	for _, tc := range []struct {
		name  string
		write func(testing.TB, string)
	}{
		{"flat", func(t testing.TB, p string) { writePI(t, p, 200) }},
		{"nested", func(t testing.TB, p string) { writeNested(t, p, 120) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			good := filepath.Join(dir, "good.parquet")
			tc.write(t, good)
			orig, err := os.ReadFile(good)
			if err != nil {
				t.Fatal(err)
			}
			_, rf := scanOne(t, good)
			if rf.Verdict.Label == report.LabelFree || rf.Verdict.Label == report.LabelError || rf.SensitiveIndividuals == 0 {
				t.Fatalf("unmutated file: %s with %d sensitive persons", rf.Verdict.Label, rf.SensitiveIndividuals)
			}
			t.Logf("seed %d; unmutated: %s, %d persons, %d sensitive", seed, rf.Verdict.Label, rf.Individuals, rf.SensitiveIndividuals)
			rng := rand.New(rand.NewPCG(seed, 14))
			labels := map[string]int{}
			fewest := rf.SensitiveIndividuals
			for m := 0; m < mutations; m++ {
				pos := rng.IntN(len(orig))
				flip := byte(1 + rng.IntN(255))
				data := slices.Clone(orig)
				data[pos] ^= flip
				path := filepath.Join(dir, fmt.Sprintf("m%03d.parquet", m))
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				done := make(chan report.File, 1)
				go func() {
					_, rf := scanOne(t, path)
					done <- rf
				}()
				var rf report.File
				select {
				case rf = <-done:
				case <-time.After(20 * time.Second):
					t.Fatalf("mutation %d (byte %d ^= %#x): the scan did not finish within 20s", m, pos, flip)
				}
				labels[rf.Verdict.Label]++
				if rf.Verdict.Label != report.LabelError {
					fewest = min(fewest, rf.SensitiveIndividuals)
				}
				if rf.Verdict.Label == report.LabelFree {
					t.Errorf("mutation %d (byte %d of %d ^= %#x): free with %d persons, %d sensitive: %v", m, pos, len(orig), flip, rf.Individuals, rf.SensitiveIndividuals, rf.Verdict.Reasons)
				}
				os.Remove(path)
			}
			t.Logf("%d mutations of a %d-byte file: %v; fewest sensitive persons found when read: %d", mutations, len(orig), labels, fewest)
		})
	}
}
