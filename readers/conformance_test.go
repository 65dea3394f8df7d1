package readers

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConformanceAcrossFormats opens every fixture of testdata/conformance — the same logical
// table written by python's csv and json modules, iconv, gzip, bzip2, xz, zstd, DuckDB and
// LibreOffice in every supported format, encoding and compression — through the default registry, as the scanner does, and requires every
// table of every file to yield exactly the cells of expected.json.
func TestConformanceAcrossFormats(t *testing.T) {
	want := referenceTable(t)
	formats := map[string]bool{}
	for _, path := range conformanceFixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			file, err := openPath(t, path, Limits{})
			require.NoError(t, err)
			defer file.Close()
			formats[file.Info().Format] = true
			tables := 0
			for {
				tbl, err := file.NextTable()
				if errors.Is(err, io.EOF) {
					break
				}
				require.NoError(t, err)
				tables++
				assert.Equal(t, want.Columns, tbl.Columns(), "columns of table %q", tbl.Name())
				assert.Equal(t, want.Rows, readAllRows(t, tbl), "cells of table %q", tbl.Name())
			}
			assert.GreaterOrEqual(t, tables, 1)
		})
	}
	for _, f := range []string{"csv", "tsv", "parquet", "xlsx", "json", "jsonl"} {
		assert.True(t, formats[f], "no conformance fixture in format %s", f)
	}
}

// conformanceFixtures are the paths of the fixtures of testdata/conformance.
func conformanceFixtures(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join("..", "testdata", "conformance")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range entries {
		if name := e.Name(); !strings.HasSuffix(name, ".md") && name != "expected.json" {
			out = append(out, filepath.Join(dir, name))
		}
	}
	return out
}

// reference is the logical table of testdata/conformance/expected.json.
type reference struct {
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

// referenceTable loads the table every conformance fixture must yield.
func referenceTable(t *testing.T) reference {
	t.Helper()
	var want reference
	data, err := os.ReadFile(filepath.Join("..", "testdata", "conformance", "expected.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &want))
	return want
}

// openPath opens the file at path through the default registry, as the scanner does (read-only
// handle, size known); the handle is closed when the test ends.
func openPath(t testing.TB, path string, limits Limits) (File, error) {
	t.Helper()
	fh, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { fh.Close() })
	st, err := fh.Stat()
	require.NoError(t, err)
	return Default().Open(Source{Path: path, R: fh, Size: st.Size(), Limits: limits})
}
