package readers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fuzzLimits keep a fuzzed input from asking for more memory than a fuzz worker has, and use a
// tiny batch so that batch boundaries fall everywhere.
var fuzzLimits = Limits{ // read-only after init
	MaxFieldBytes:        1 << 20,
	MaxColumns:           512,
	MaxDecompressedBytes: 32 << 20,
	MaxSheets:            16,
	BatchRows:            7,
}

// fuzzDeadline is how long one input may take before the target reports a hang. Fuzz inputs are
// at most a few megabytes; a reader that needs longer than this is stuck, not slow. It leaves room
// for the committed looping Parquet input, which spends the reader's 5 s nested-column cut-off
// by design, on a loaded machine under -race.
const fuzzDeadline = 30 * time.Second

// sentinels are the errors every reader failure must wrap, so the scanner can label and explain it.
var sentinels = []error{ErrUnsupported, ErrCorrupt, ErrEncrypted, ErrLimit, ErrEmpty}

// readAllTables opens data under name through the default registry and reads every table to
// the end, exercising projection and sampling where the table supports them. It returns the first
// error, which the caller checks for a sentinel.
func readAllTables(name string, data []byte, lim Limits) (err error) {
	lim = lim.WithDefaults()
	src := Source{Path: name, R: bytes.NewReader(data), Size: int64(len(data)), Limits: lim}
	f, err := Default().Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	_ = f.Info()
	var b Batch
	for tables := 0; ; tables++ {
		tbl, err := f.NextTable()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if tables > lim.MaxSheets {
			return fmt.Errorf("%d tables returned, more than MaxSheets %d", tables, lim.MaxSheets)
		}
		cols := tbl.Columns()
		if len(cols) > lim.MaxColumns {
			return fmt.Errorf("%d columns returned, more than MaxColumns %d", len(cols), lim.MaxColumns)
		}
		if s, ok := tbl.(Sampler); ok {
			if err := s.Sample(5, &b); err != nil {
				return err
			}
		}
		if p, ok := tbl.(Projector); ok && len(cols) > 1 {
			if err := p.Project([]int{len(cols) - 1}); err != nil {
				return err
			}
		}
		for {
			err := tbl.Next(&b)
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			for i := range b.Columns {
				if n := b.Columns[i].Len(); n != 0 && n != b.Rows {
					return fmt.Errorf("column %d has %d cells in a batch of %d rows", i, n, b.Rows)
				}
			}
		}
		_ = tbl.Stats()
	}
}

// checkReaderContract runs readAllTables under a deadline and fails unless it ends with nil or
// an error wrapping one of the sentinels.
func checkReaderContract(t *testing.T, name string, data []byte) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- readAllTables(name, data, fuzzLimits) }()
	select {
	case err := <-done:
		if err == nil {
			return
		}
		for _, s := range sentinels {
			if errors.Is(err, s) {
				return
			}
		}
		t.Fatalf("%s: error wraps no readers sentinel: %v", name, err)
	case <-time.After(fuzzDeadline):
		t.Fatalf("%s: reading %d bytes did not finish within %v", name, len(data), fuzzDeadline)
	}
}

// addFixtures seeds f with every committed file matching the globs, each with arg as second value.
func addFixtures(f *testing.F, globs ...string) {
	f.Helper()
	n := 0
	for _, g := range globs {
		paths, err := filepath.Glob(g)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b, fuzzNameFor(p))
			n++
		}
	}
	if n == 0 {
		f.Fatalf("no seed fixtures match %v", globs)
	}
}

// delimitedNames are the names FuzzOpenDelimited opens its input under: every delimited-text
// suffix, so the suffix's preferred delimiter and the gzip layer are all exercised.
var delimitedNames = []string{"in.csv", "in.tsv", "in.txt", "in.psv", "in.csv.gz", "in.tsv.gz"}

// fuzzNameFor maps a fixture path to the selector of the name it is fuzzed under.
func fuzzNameFor(path string) uint8 {
	lower := strings.ToLower(path)
	for i, n := range delimitedNames {
		if strings.HasSuffix(lower, strings.TrimPrefix(n, "in")) {
			if i == 0 && strings.HasSuffix(lower, ".csv.gz") {
				continue
			}
			return uint8(i)
		}
	}
	return 0
}

// FuzzOpenDelimited feeds arbitrary bytes through encoding detection, gzip, dialect sniffing and
// the record splitter: nothing may panic or hang, failures wrap a readers sentinel, and reading
// in chunks (NextChunk, Chunk.Rows) gives the records Next gives.
func FuzzOpenDelimited(f *testing.F) {
	addFixtures(f, "../testdata/conformance/*.csv", "../testdata/conformance/*.tsv",
		"../testdata/conformance/*.txt", "../testdata/conformance/*.gz", "../testdata/csv/*.csv",
		"../testdata/hostile/*.csv", "../testdata/hostile/*.gz")
	for _, s := range []string{"", "\xef\xbb\xbf", "\xff\xfea\x00,\x00b\x00", "\"unterminated\n", "a\x00b,c\n"} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, name uint8) {
		n := delimitedNames[int(name)%len(delimitedNames)]
		checkReaderContract(t, n, data)
		if err := chunkedMatchesNext(n, data, fuzzLimits, 16+int(name)); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzParquetOpen opens arbitrary bytes (mutations of the committed Parquet fixtures) as
// Parquet and reads every row, sampled and projected.
func FuzzParquetOpen(f *testing.F) {
	addFixtures(f, "../testdata/conformance/*.parquet", "../testdata/parquet/*.parquet", "../testdata/parquet/codecs/*.parquet", "../testdata/hostile/*.parquet")
	f.Add([]byte("PAR1PAR1"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, _ uint8) {
		checkReaderContract(t, "in.parquet", data)
	})
}

// FuzzODSOpen opens arbitrary bytes (mutations of the committed OpenDocument spreadsheets, written
// by LibreOffice from testdata/gen/archives.sh) as ods and reads every sheet.
func FuzzODSOpen(f *testing.F) {
	addFixtures(f, "../testdata/archives/*.ods")
	f.Fuzz(func(t *testing.T, data []byte, _ uint8) {
		checkReaderContract(t, "in.ods", data)
	})
}

// FuzzXLSXOpen opens arbitrary bytes (mutations of the committed workbooks) as xlsx and reads
// every sheet.
func FuzzXLSXOpen(f *testing.F) {
	addFixtures(f, "../testdata/conformance/*.xlsx", "../testdata/xlsx/*.xlsx", "../testdata/hostile/*.xlsx")
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, _ uint8) {
		checkReaderContract(t, "in.xlsx", data)
	})
}
