package readers

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestEveryLimitErrorNamesItsFlag hits each input-controlled limit in each reader and checks the
// error wraps ErrLimit, names the flag that raises it and says the limit in words a person can use.
func TestEveryLimitErrorNamesItsFlag(t *testing.T) {
	reference, err := os.ReadFile("../testdata/conformance/reference.parquet")
	if err != nil {
		t.Fatal(err)
	}
	wideRow := "<row>" + xlsxIS("A1", "a") + xlsxIS("B1", "b") + xlsxIS("C1", "c") + "</row>"
	longCell := "<row>" + xlsxIS("A1", strings.Repeat("x", 300)) + "</row>"
	for _, tc := range []struct {
		name string
		file string
		data []byte
		lim  Limits
		want []string // substrings of the error
	}{
		{"csv line longer than max-field-bytes", "a.csv", []byte("id,name\n1," + strings.Repeat("张", 200) + "\n"),
			Limits{MaxFieldBytes: 256}, []string{"row 1", "longer than the 256 bytes limit (--max-field-bytes, Limits.MaxFieldBytes)"}},
		{"csv header wider than max-columns", "a.csv", []byte(strings.Repeat("c,", 40) + "c\n1\n"),
			Limits{MaxColumns: 10}, []string{"41 columns exceed the 10-column limit (--max-columns, Limits.MaxColumns)"}},
		{"gzip output larger than max-decompressed-bytes", "a.csv.gz", gzipped(t, bytes.Repeat([]byte("a,b\n"), 100_000)),
			Limits{MaxDecompressedBytes: 64 << 10}, []string{"gzip data unzips to more than the 64 KiB limit (--max-decompressed-bytes, Limits.MaxDecompressedBytes)"}},
		{"xlsx part larger than max-decompressed-bytes", "a.xlsx", xlsxBomb(t, 1<<20, false),
			Limits{MaxDecompressedBytes: 128 << 10}, []string{"unzip", "128 KiB limit (--max-decompressed-bytes, Limits.MaxDecompressedBytes)"}},
		{"xlsx row wider than max-columns", "a.xlsx", xlsxRawSheet(t, "", wideRow),
			Limits{MaxColumns: 2}, []string{"2-column limit (--max-columns, Limits.MaxColumns)"}},
		{"xlsx cell longer than max-field-bytes", "a.xlsx", xlsxRawSheet(t, "", longCell),
			Limits{MaxFieldBytes: 100}, []string{"longer than the 100 bytes limit (--max-field-bytes, Limits.MaxFieldBytes)"}},
		{"xlsx with more sheets than max-sheets", "a.xlsx", xlsxRawBook(t, "", wideRow, "", true),
			Limits{MaxSheets: 1}, []string{"the workbook lists more sheets than the 1-sheet limit (--max-sheets, Limits.MaxSheets)"}},
		{"parquet wider than max-columns", "a.parquet", reference,
			Limits{MaxColumns: 1}, []string{"-column limit (--max-columns, Limits.MaxColumns)"}},
		{"parquet chunk larger than max-decompressed-bytes", "a.parquet", reference,
			Limits{MaxDecompressedBytes: 16}, []string{"16 bytes limit (--max-decompressed-bytes, Limits.MaxDecompressedBytes)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := readAllTables(tc.file, tc.data, tc.lim)
			if !errors.Is(err, ErrLimit) {
				t.Fatalf("got %v, want ErrLimit", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"}, {1023, "1023 bytes"}, {1024, "1 KiB"}, {1536, "1.5 KiB"}, {16 << 20, "16 MiB"}, {16 << 30, "16 GiB"},
	} {
		if got := byteSize(tc.n); got != tc.want {
			t.Errorf("byteSize(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
