package readers

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
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

// TestParquetParallelDecodeMatchesSequential: decoding a row group's column chunks side by side
// (Source.Workers > 1) gives the same cells as one at a time for every fixture written by
// pyarrow, arrow-rs, DuckDB, polars and the rest, and the same error, word for word, for
// damaged copies of them.
func TestParquetParallelDecodeMatchesSequential(t *testing.T) {
	paths, _ := filepath.Glob("../testdata/parquet/*.parquet")
	codecs, _ := filepath.Glob("../testdata/parquet/codecs/*.parquet")
	paths = append(append(paths, codecs...), "../testdata/conformance/reference.parquet")
	if len(paths) < 10 {
		t.Fatalf("only %d parquet fixtures found", len(paths))
	}
	damagedErrs := 0
	for _, p := range paths {
		good, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		damaged := bytes.Clone(good)
		for i := len(damaged) / 3; i < len(damaged)/2; i++ {
			damaged[i] ^= 0x5A
		}
		for name, data := range map[string][]byte{"": good, " (damaged)": damaged} {
			want, wantErr := readParquetWith(t, data, 1, 7)
			got, gotErr := readParquetWith(t, data, 4, 7)
			if name != "" && wantErr != "" {
				damagedErrs++
			}
			if gotErr != wantErr {
				t.Errorf("%s%s: error with 4 workers %q, with 1 %q", filepath.Base(p), name, gotErr, wantErr)
			}
			if len(got) != len(want) {
				t.Errorf("%s%s: %d rows with 4 workers, %d with 1", filepath.Base(p), name, len(got), len(want))
				continue
			}
			for i := range want {
				if !slices.Equal(got[i], want[i]) {
					t.Errorf("%s%s: row %d differs: %q vs %q", filepath.Base(p), name, i, got[i], want[i])
					break
				}
			}
		}
	}
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
	paths, _ := filepath.Glob("../testdata/parquet/*.parquet")
	codecs, _ := filepath.Glob("../testdata/parquet/codecs/*.parquet")
	paths = append(append(paths, codecs...), "../testdata/conformance/reference.parquet")
	for _, p := range paths {
		good, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		damaged := bytes.Clone(good)
		for i := len(damaged) / 3; i < len(damaged)/2; i++ {
			damaged[i] ^= 0x5A
		}
		for name, data := range map[string][]byte{"": good, " (damaged)": damaged} {
			want, wantErr := sampleParquetWith(t, data, 1, 9)
			got, gotErr := sampleParquetWith(t, data, 4, 9)
			if gotErr != wantErr || !slices.EqualFunc(got, want, slices.Equal[[]string]) {
				t.Errorf("%s%s: 4 workers %q %q, 1 worker %q %q", filepath.Base(p), name, got, gotErr, want, wantErr)
			}
		}
	}
}
