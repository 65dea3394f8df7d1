package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/ulikunitz/xz"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/xborder/xborder/report"
)

// The same 12,000 resident ID numbers in every format companies send (issue 14). The readers'
// own tests use fixtures written by real tools; this test puts one large table through every
// format at once, the way a nightly export folder holds them.
const coveragePersons = 12_000

func coverageIDs() []string {
	ids := make([]string, coveragePersons)
	for p := range ids {
		ids[p] = residentIDFor(p)
	}
	return ids
}

func coverageCSV(ids []string) []byte {
	var b strings.Builder
	b.WriteString("身份证号,姓名\n")
	for p, id := range ids {
		fmt.Fprintf(&b, "%s,用户%d\n", id, p)
	}
	return []byte(b.String())
}

func coverageXLSX(t *testing.T, ids []string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	require.NoError(t, sw.SetRow("A1", []any{"身份证号", "姓名"}))
	for p, id := range ids {
		cell, _ := excelize.CoordinatesToCellName(1, p+2)
		require.NoError(t, sw.SetRow(cell, []any{id, fmt.Sprintf("用户%d", p)}))
	}
	require.NoError(t, sw.Flush())
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func coverageParquet(t *testing.T, ids []string, codec compress.Compression) []byte {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{{Name: "id_number", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for _, id := range ids {
		b.Field(0).(*array.StringBuilder).Append(id)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w, err := pqarrow.NewFileWriter(sc, &buf, parquet.NewWriterProperties(parquet.WithCompression(codec)), pqarrow.DefaultWriterProps())
	require.NoError(t, err)
	require.NoError(t, w.Write(rec))
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// coverageODS writes a minimal OpenDocument spreadsheet (mimetype first and stored, then the
// content) with the IDs as text cells.
func coverageODS(t *testing.T, ids []string) []byte {
	t.Helper()
	var content strings.Builder
	content.WriteString(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">`)
	row := func(cells ...string) {
		content.WriteString("<table:table-row>")
		for _, c := range cells {
			fmt.Fprintf(&content, `<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>`, c)
		}
		content.WriteString("</table:table-row>")
	}
	row("身份证号", "姓名")
	for p, id := range ids {
		row(id, fmt.Sprintf("用户%d", p))
	}
	content.WriteString(`</table:table></office:spreadsheet></office:body></office:document-content>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	require.NoError(t, err)
	_, _ = mw.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	for name, body := range map[string]string{
		"content.xml":           content.String(),
		"META-INF/manifest.xml": `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
	} {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, _ = w.Write([]byte(body))
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func coverageZip(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range members {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func coverageTarGz(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, data := range members {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}))
		_, err := tw.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	return buf.Bytes()
}

func compressed(t *testing.T, kind string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	switch kind {
	case "gzip":
		w := gzip.NewWriter(&buf)
		_, _ = w.Write(data)
		require.NoError(t, w.Close())
	case "xz":
		w, err := xz.NewWriter(&buf)
		require.NoError(t, err)
		_, _ = w.Write(data)
		require.NoError(t, w.Close())
	case "zstd":
		w, err := zstd.NewWriter(&buf)
		require.NoError(t, err)
		_, _ = w.Write(data)
		require.NoError(t, w.Close())
	case "bzip2":
		cmd := exec.Command("bzip2", "-c")
		cmd.Stdin = bytes.NewReader(data)
		out, err := cmd.Output()
		require.NoError(t, err, "bzip2 (Debian package bzip2) is needed to write the .bz2 case")
		return out
	}
	return buf.Bytes()
}

// TestEveryExportFormatIsAuditedOrError is issue 14's acceptance case, end to end through the
// CLI: the same 12,000 ID numbers as .json, .jsonl, .jsonl.gz, .csv.bz2, .csv.xz, .csv.zst, a .zip
// holding a CSV and an xlsx, a .tar.gz, a Big5 CSV, Parquet with LZ4_RAW and with Brotli pages,
// .xls and .ods: every file is audited with 12,000 sensitive persons, except the .xls, an error
// that says to convert it. With a .pdf, a .dat, a dangling symlink and a FIFO beside them the batch
// is not free, exit 2, each listed with its reason; with --exclude '*.pdf' the PDF is excluded.
func TestEveryExportFormatIsAuditedOrError(t *testing.T) {
	ids := coverageIDs()
	plain := coverageCSV(ids)
	type rec struct {
		ID   string `json:"id_number"`
		Name string `json:"name"`
	}
	var recs []rec
	var jsonl bytes.Buffer
	for p, id := range ids {
		r := rec{ID: id, Name: fmt.Sprintf("用户%d", p)}
		recs = append(recs, r)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		jsonl.Write(append(b, '\n'))
	}
	arrayJSON, err := json.Marshal(recs)
	require.NoError(t, err)
	big5, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(strings.NewReplacer("用户", "用戶", "身份证号", "身分證號").Replace(string(plain))))
	require.NoError(t, err)
	xls, err := os.ReadFile("../../testdata/archives/orders.xls")
	require.NoError(t, err)

	dir := t.TempDir()
	files := map[string][]byte{
		"ids.json":           arrayJSON,
		"ids.jsonl":          jsonl.Bytes(),
		"ids.jsonl.gz":       compressed(t, "gzip", jsonl.Bytes()),
		"ids.csv.bz2":        compressed(t, "bzip2", plain),
		"ids.csv.xz":         compressed(t, "xz", plain),
		"ids.csv.zst":        compressed(t, "zstd", plain),
		"exports.zip":        coverageZip(t, map[string][]byte{"2026-11/ids.csv": plain, "2026-11/ids.xlsx": coverageXLSX(t, ids)}),
		"exports.tar.gz":     coverageTarGz(t, map[string][]byte{"2026-11/ids.csv": plain}),
		"ids_big5.csv":       big5,
		"ids_lz4raw.parquet": coverageParquet(t, ids, compress.Codecs.Lz4Raw),
		"ids_brotli.parquet": coverageParquet(t, ids, compress.Codecs.Brotli),
		"legacy.xls":         xls,
		"ids.ods":            coverageODS(t, ids),
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	scan := func(args ...string) (int, report.Report) {
		t.Helper()
		code, out, errOut := testApp{now: day}.run(t, append([]string{"scan", "-q", "-f", "json", "--fail-on", "never"}, args...)...)
		require.NotEmpty(t, out, errOut)
		return code, decodeReport(t, []byte(out))
	}

	code, r := scan(dir)
	assert.Equal(t, exitError, code, "the .xls is an error: exit 2")
	audited := map[string]bool{}
	for _, f := range r.Files {
		if f.Path == "legacy.xls" {
			assert.Equal(t, report.LabelError, f.Verdict.Label)
			assert.Contains(t, f.Error, "xlsx")
			continue
		}
		audited[f.Path] = true
		assert.Empty(t, f.Error, f.Path)
		assert.Equal(t, int64(coveragePersons), f.Individuals, f.Path)
		assert.Equal(t, int64(coveragePersons), f.SensitiveIndividuals, f.Path)
		assert.Equal(t, report.LabelAssessment, f.Verdict.Label, f.Path)
	}
	for _, want := range []string{"ids.json", "ids.jsonl", "ids.jsonl.gz", "ids.csv.bz2", "ids.csv.xz", "ids.csv.zst",
		"exports.zip!/2026-11/ids.csv", "exports.zip!/2026-11/ids.xlsx", "exports.tar.gz!/2026-11/ids.csv",
		"ids_big5.csv", "ids_lz4raw.parquet", "ids_brotli.parquet", "ids.ods"} {
		assert.True(t, audited[want], "%s audited (got %v)", want, audited)
	}
	assert.Empty(t, r.Skipped)
	assert.Equal(t, int64(coveragePersons), r.Summary.SensitiveIndividuals, "one batch of the same 12,000 persons")

	// Beside them: a PDF, a .dat, a dangling symlink and a FIFO.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.pdf"), []byte("%PDF-1.4\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "dump.dat"), plain, 0o644))
	require.NoError(t, os.Symlink(filepath.Join(dir, "gone.csv"), filepath.Join(dir, "latest.csv")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o644))
	code, r = scan(dir)
	assert.Equal(t, exitError, code)
	assert.NotEqual(t, report.LabelFree, r.Summary.Verdict.Label)
	reasons := map[string]string{}
	for _, s := range r.Skipped {
		reasons[s.Path] = s.Reason
	}
	for _, p := range []string{"README.pdf", "dump.dat", "latest.csv", "pipe.csv"} {
		assert.NotEmpty(t, reasons[p], "%s listed with its reason (%v)", p, reasons)
	}

	code, r = scan("--exclude", "*.pdf", dir)
	assert.Equal(t, exitError, code)
	for _, s := range r.Skipped {
		if s.Path == "README.pdf" {
			assert.Contains(t, s.Reason, "excluded")
		}
	}
}
