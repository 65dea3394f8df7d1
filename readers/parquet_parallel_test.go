package readers

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readParquetWith reads every table of data with the given decode workers and returns the cells
// (row-major, tables one after another) and the first error's text.
func readParquetWith(t *testing.T, data []byte, workers, perBatch int) ([][]string, string) {
	t.Helper()
	var rows [][]string
	err := eachBatch(Source{Path: "in.parquet", R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{BatchRows: perBatch}, Workers: workers},
		func(b *Batch) { rows = append(rows, batchRows(b)...) })
	if err != nil {
		return rows, err.Error()
	}
	return rows, ""
}

// eachParquetFixture calls fn with every Parquet fixture (pyarrow, arrow-rs, DuckDB, polars…)
// and with a copy of each damaged in its middle third; name says which.
func eachParquetFixture(t *testing.T, fn func(name string, data []byte)) {
	t.Helper()
	paths, _ := filepath.Glob("../testdata/parquet/*.parquet")
	codecs, _ := filepath.Glob("../testdata/parquet/codecs/*.parquet")
	paths = append(append(paths, codecs...), "../testdata/conformance/reference.parquet")
	if len(paths) < 10 {
		t.Fatalf("only %d parquet fixtures found", len(paths))
	}
	for _, p := range paths {
		good, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		damaged := bytes.Clone(good)
		for i := len(damaged) / 3; i < len(damaged)/2; i++ {
			damaged[i] ^= 0x5A
		}
		fn(filepath.Base(p), good)
		fn(filepath.Base(p)+" (damaged)", damaged)
	}
}

// TestParquetParallelDecodeMatchesSequential: decoding a row group's column chunks side by side
// (Source.Workers > 1) gives the same cells as one at a time for every fixture written by
// pyarrow, arrow-rs, DuckDB, polars and the rest, and the same error, word for word, for
// damaged copies of them.
func TestParquetParallelDecodeMatchesSequential(t *testing.T) {
	damagedErrs := 0
	eachParquetFixture(t, func(name string, data []byte) {
		want, wantErr := readParquetWith(t, data, 1, 7)
		got, gotErr := readParquetWith(t, data, 4, 7)
		if strings.HasSuffix(name, "(damaged)") && wantErr != "" {
			damagedErrs++
		}
		if gotErr != wantErr {
			t.Errorf("%s: error with 4 workers %q, with 1 %q", name, gotErr, wantErr)
		}
		if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("%s: %d rows with 4 workers differ from the %d with 1", name, len(got), len(want))
		}
	})
	if damagedErrs == 0 {
		t.Error("no damaged copy failed to decode: the error comparison was never exercised")
	}
}

// sampleParquetWith draws an n-row sample of the first table of data with the given workers and
// returns its cells and the error's text.
func sampleParquetWith(t *testing.T, data []byte, workers, n int) ([][]string, string) {
	t.Helper()
	f, err := Default().Open(Source{Path: "in.parquet", R: bytes.NewReader(data), Size: int64(len(data)), Limits: Limits{BatchRows: 5}, Workers: workers})
	if err != nil {
		return nil, err.Error()
	}
	defer f.Close()
	tbl, err := f.NextTable()
	if err != nil {
		return nil, err.Error()
	}
	var b Batch
	if err := tbl.(Sampler).Sample(n, &b); err != nil {
		return nil, err.Error()
	}
	return batchRows(&b), ""
}

// TestParquetParallelSampleMatchesSequential: row groups sampled side by side give the sample,
// and the error, that one goroutine gives, for every fixture and a damaged copy of each.
func TestParquetParallelSampleMatchesSequential(t *testing.T) {
	eachParquetFixture(t, func(name string, data []byte) {
		want, wantErr := sampleParquetWith(t, data, 1, 9)
		got, gotErr := sampleParquetWith(t, data, 4, 9)
		if gotErr != wantErr || !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("%s: 4 workers %q %q, 1 worker %q %q", name, got, gotErr, want, wantErr)
		}
	})
}
