package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/report"
)

// treeState is everything about a folder tree that a read-only scan must leave as it was: every
// entry's path, type, permissions, size, modification time and content digest.
func treeState(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		line := fmt.Sprintf("%q %v size=%d mtime=%d", rel, info.Mode(), info.Size(), info.ModTime().UnixNano())
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			line += " sha256=" + hex.EncodeToString(sum[:])
		}
		out = append(out, line)
		return nil
	}))
	sort.Strings(out)
	return out
}

// copyTree copies the regular files and folders under from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	}))
}

// TestScanLeavesInputsUntouched scans a copy of the sample exports (plus a gzip file, a workbook,
// a Parquet file and zip, tar and tar.gz archives, whose Parquet and workbook members are spooled) with every output option — each format to a file outside the tree, an
// evidence bundle, a ledger with --record — and checks that not one byte, size, mode or mtime in
// the tree changed and that nothing was added (folder mtimes would show a created-then-removed
// temporary file too).
func TestScanLeavesInputsUntouched(t *testing.T) {
	tree := filepath.Join(t.TempDir(), "exports")
	copyTree(t, sampleDir(t), tree)
	require.NoError(t, os.MkdirAll(filepath.Join(tree, "more"), 0o755))
	for _, f := range []string{"conformance/orders.csv.gz", "conformance/reference.xlsx", "conformance/reference.parquet",
		"archives/exports.zip", "archives/exports.tar.gz", "archives/exports.tar", "archives/types.ods",
		"conformance/orders.json", "conformance/orders.jsonl.xz", "conformance/orders.csv.zst", "conformance/orders.csv.bz2",
		"conformance/orders_utf32le.csv", "csv/big5.csv", "parquet/codecs/arrow-rs-lz4_raw.parquet", "parquet/nested.parquet"} {
		copyFile(t, filepath.Join("../../testdata", f), filepath.Join(tree, "more", filepath.Base(f)), 0o644)
	}
	require.NoError(t, os.Symlink("../finance", filepath.Join(tree, "more", "finance-link")))
	before := treeState(t, tree)

	out := t.TempDir()
	ledger := filepath.Join(out, "ledger.db")
	ta := testApp{now: day}
	for _, f := range report.Formats() {
		code, _, stderr := ta.run(t, "scan", "-q", "--exclude", "**/*.pdf", "--exclude", "more/finance-link", "-f", f, "-o", filepath.Join(out, "report."+f), tree)
		require.NotEqual(t, exitError, code, stderr)
	}
	code, _, stderr := ta.run(t, "scan", "-q", "--exclude", "**/*.pdf", "--evidence", filepath.Join(out, "bundle"), "--follow-symlinks", tree)
	require.NotEqual(t, exitError, code, stderr)
	for i := 0; i < 2; i++ { // the second run reuses unchanged files from the ledger
		code, _, stderr = ta.run(t, "scan", "-q", "--exclude", "**/*.pdf", "--exclude", "more/finance-link", "--ledger", ledger, "--record", "-o", filepath.Join(out, fmt.Sprintf("ledger-run%d.txt", i)), tree)
		require.NotEqual(t, exitError, code, stderr)
	}

	after := treeState(t, tree)
	assert.Equal(t, strings.Join(before, "\n"), strings.Join(after, "\n"), "the scanned tree changed")
}

// TestOutputsNeverOverwriteAnInput points every output option at an input path or inside the
// scanned folder: the CLI refuses each before reading, and the input is unchanged.
func TestOutputsNeverOverwriteAnInput(t *testing.T) {
	tree := filepath.Join(t.TempDir(), "exports")
	in := filepath.Join(tree, "orders.csv")
	writeFile(t, in, goodCSV())
	before := treeState(t, tree)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"report over the input file", []string{"-o", in}},
		{"report inside the scanned folder", []string{"-o", filepath.Join(tree, "report.json")}},
		{"evidence bundle inside the scanned folder", []string{"--evidence", filepath.Join(tree, "bundle")}},
		{"ledger over the input file", []string{"--ledger", in, "--record"}},
		{"ledger inside the scanned folder", []string{"--ledger", filepath.Join(tree, "ledger.db"), "--record"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{"scan", "-q"}, tc.args...), tree)
			code, _, stderr := testApp{now: day}.run(t, args...)
			assert.Equal(t, exitError, code, "output allowed: %s", stderr)
			assert.NotEmpty(t, stderr)
			assert.Equal(t, before, treeState(t, tree), "the scanned tree changed")
		})
	}
}
