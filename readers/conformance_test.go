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
// table written by python's csv module, iconv, gzip, DuckDB and LibreOffice in every supported
// format and encoding — through the default registry, as the scanner does, and requires every
// table of every file to yield exactly the cells of expected.json.
func TestConformanceAcrossFormats(t *testing.T) {
	dir := filepath.Join("..", "testdata", "conformance")
	want := referenceTable(t)

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	reg := Default()
	formats := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".json") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, name))
			require.NoError(t, err)
			defer f.Close()
			st, err := f.Stat()
			require.NoError(t, err)
			file, err := reg.Open(Source{Path: name, R: f, Size: st.Size()})
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
	for _, f := range []string{"csv", "tsv", "parquet", "xlsx"} {
		assert.True(t, formats[f], "no conformance fixture in format %s", f)
	}
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
