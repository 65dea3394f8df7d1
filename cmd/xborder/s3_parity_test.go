package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"

	"github.com/xborder/xborder/report"
	audit "github.com/xborder/xborder/report/run"
	"github.com/xborder/xborder/scanner"
)

// outcome is what a report says of one input (a file, an object, an archive member): the
// label, the error with the input's location taken out, its persons, format and digest.
type outcome struct {
	Label, Error, Format, SHA256 string
	Individuals, Sensitive       int64
}

// auditReport audits paths in process as `xborder scan` does, with objects fetched whole into
// memory up to inMemory bytes (negative: never), and returns the report.
func auditReport(t *testing.T, inMemory int64, paths ...string) *report.Report {
	t.Helper()
	ctx := context.Background()
	pol := report.DefaultPolicy()
	opts, err := audit.ScanOptions(pol, day, audit.Reading{SampleRows: scanner.DefaultSampleRows, Workers: 2, SetBudget: 64 << 20})
	require.NoError(t, err)
	opts.ObjectInMemory = inMemory
	au := audit.New(audit.Options{Tool: report.Tool{Name: "xborder", Version: "test"}, Policy: pol, Now: day,
		FailOn: "contract", Scan: opts, Scratch: t.TempDir()})
	out, err := au.Conclude(ctx, au.Scan(ctx, paths), paths)
	require.NoError(t, err)
	return out.Report
}

// outcomes indexes a report's files and skipped paths by their path below prefix.
func outcomes(r *report.Report, prefix, local string) (map[string]outcome, map[string]string) {
	files, skipped := map[string]outcome{}, map[string]string{}
	for _, f := range r.Files {
		p := strings.TrimPrefix(f.Path, prefix)
		errText := strings.ReplaceAll(strings.ReplaceAll(f.Error, f.Path, "PATH"), local, "LOCAL")
		files[p] = outcome{Label: f.Verdict.Label, Error: errText, Format: f.Format, SHA256: f.SHA256,
			Individuals: f.Individuals, Sensitive: f.SensitiveIndividuals}
	}
	for _, s := range r.Skipped {
		skipped[strings.TrimPrefix(s.Path, prefix)] = s.Status + ": " + s.Reason
	}
	return files, skipped
}

// TestObjectsAndFilesGetTheSameOutcome puts every kind of input of the coverage tests (each
// export format, compressed files, archives holding a CSV and a workbook, a tar.gz holding a zip,
// a .xls and a .7z xborder refuses, a PDF and a .dat it does not read, a damaged zip, an empty
// file of an unread format) in a local folder and in a bucket of a real S3-compatible server:
// every input gets the same label, error, format, digest and persons either way — with small
// objects fetched whole, and with every object streamed, read by ranges or copied to scratch.
// Nothing unread is ever free.
func TestObjectsAndFilesGetTheSameOutcome(t *testing.T) {
	bucket := s3Bucket
	endpoint := startS3Env(t)

	ids := coverageIDs()[:1500]
	plain := coverageCSV(ids)
	xls, err := os.ReadFile("../../testdata/archives/orders.xls")
	require.NoError(t, err)
	var jb strings.Builder
	for p, id := range ids {
		fmt.Fprintf(&jb, "{\"id_number\":\"%s\",\"name\":\"用户%d\"}\n", id, p)
	}
	jsonl := []byte(jb.String())
	zipped := coverageZip(t, map[string][]byte{"2026-11/ids.csv": plain, "2026-11/ids.xlsx": coverageXLSX(t, ids)})
	cases := []struct {
		name string
		data []byte
		want string // "read", "error" or "not examined"
	}{
		{"ids.csv", plain, "read"},
		{"ids.csv.gz", compressed(t, "gzip", plain), "read"},
		{"ids.jsonl.gz", compressed(t, "gzip", jsonl), "read"},
		{"ids.csv.bz2", compressed(t, "bzip2", plain), "read"},
		{"ids.csv.xz", compressed(t, "xz", plain), "read"},
		{"ids.csv.zst", compressed(t, "zstd", plain), "read"},
		{"ids.xlsx", coverageXLSX(t, ids), "read"},
		{"ids.ods", coverageODS(t, ids), "read"},
		{"ids_lz4raw.parquet", coverageParquet(t, ids, compress.Codecs.Lz4Raw), "read"},
		{"exports.zip", zipped, "read"},
		{"exports.tar.gz", coverageTarGz(t, map[string][]byte{"2026-11/ids.csv": plain, "2026-11/nested.zip": zipped}), "read"},
		{"exports.tar", tarOf(t, map[string][]byte{"q1/ids.csv": plain}), "read"},
		{"empty.pdf", nil, "read"},
		{"legacy.xls", xls, "error"},
		{"backup.7z", []byte("7z\xbc\xaf\x27\x1c"), "error"},
		{"damaged.zip", zipped[:len(zipped)/2], "error"},
		{"README.pdf", []byte("%PDF-1.4\n"), "not examined"},
		{"dump.dat", plain, "not examined"},
	}
	local := t.TempDir()
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, "s3://"+bucket+s3Query(endpoint))
	require.NoError(t, err)
	defer b.Close()
	for _, c := range cases {
		require.NoError(t, os.WriteFile(filepath.Join(local, c.name), c.data, 0o644))
		require.NoError(t, b.WriteAll(ctx, "night/"+c.name, c.data, nil))
	}
	url := "s3://" + bucket + "/night/" + s3Query(endpoint)
	prefix := "s3://" + bucket + "/night/"
	lr := auditReport(t, 0, local)
	wantFiles, wantSkipped := outcomes(lr, "", local)
	assert.NotEqual(t, report.LabelFree, lr.Summary.Verdict.Label)

	for _, mode := range []struct {
		name     string
		inMemory int64
	}{{"small objects in memory", 0}, {"streamed, ranges or scratch", -1}} {
		t.Run(mode.name, func(t *testing.T) {
			or := auditReport(t, mode.inMemory, url)
			gotFiles, gotSkipped := outcomes(or, prefix, local)
			assert.Equal(t, wantSkipped, gotSkipped, "the same paths not examined, for the same reasons")
			assert.Equal(t, lr.Summary.Verdict.Label, or.Summary.Verdict.Label)
			assert.Equal(t, len(lr.Archives), len(or.Archives))
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					var mine []string
					for p := range wantFiles {
						if p == c.name || strings.HasPrefix(p, c.name+"!/") {
							mine = append(mine, p)
						}
					}
					switch c.want {
					case "not examined":
						assert.Empty(t, mine)
						assert.Contains(t, wantSkipped[c.name], "unsupported format")
						return
					case "error":
						require.Len(t, mine, 1)
						assert.Equal(t, report.LabelError, wantFiles[c.name].Label)
						assert.NotEmpty(t, wantFiles[c.name].Error)
					default:
						require.NotEmpty(t, mine)
					}
					for _, p := range mine {
						w, g := wantFiles[p], gotFiles[p]
						assert.Equal(t, w, g, p)
						if g.Error != "" || c.want == "error" {
							assert.Equal(t, report.LabelError, g.Label, "%s: nothing unread is free", p)
						}
						if c.want == "read" && c.name != "empty.pdf" {
							assert.Empty(t, w.Error, p)
							assert.Equal(t, int64(len(ids)), w.Sensitive, p)
						}
					}
				})
			}
			assert.Len(t, gotFiles, len(wantFiles))
		})
	}
}

// tarOf writes a plain tar of the members with GNU tar.
func tarOf(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	dir := t.TempDir()
	var names []string
	for name, data := range members {
		writeFile(t, filepath.Join(dir, name), data)
		names = append(names, name)
	}
	out, err := exec.Command("tar", append([]string{"-cf", "-", "-C", dir}, names...)...).Output()
	require.NoError(t, err, "tar (GNU tar) writes the .tar case")
	return out
}
