package scanner

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/ulikunitz/xz"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode/utf32"

	"github.com/xborder/xborder/scanner/detect"
)

// TestNothingUnreadPassesAsFree is issue 14's case: 12,000 resident ID numbers saved as JSON,
// JSON Lines, compressed text of every kind, Big5 and UTF-32 used to come out free because
// xborder did not open them. Each file must now be read and count exactly 12,000 persons, all
// sensitive.
func TestNothingUnreadPassesAsFree(t *testing.T) {
	const persons = 12_000
	g := newGen(14)
	var csvText strings.Builder
	csvText.WriteString("身份证号,姓名\n")
	type rec struct {
		ID      string            `json:"id_number"`
		Contact map[string]string `json:"contact"`
	}
	var recs []rec
	var jsonl bytes.Buffer
	for p := 0; p < persons; p++ {
		id := g.id(p, 1960+p%40)
		fmt.Fprintf(&csvText, "%s,用户%d\n", id, p)
		r := rec{ID: id, Contact: map[string]string{"city": "台北"}}
		recs = append(recs, r)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		jsonl.Write(append(b, '\n'))
	}
	plain := []byte(csvText.String())
	array, err := json.Marshal(recs)
	require.NoError(t, err)
	api, err := json.Marshal(map[string]any{"total": persons, "data": recs})
	require.NoError(t, err)
	big5, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(strings.NewReplacer("用户", "用戶", "身份证号", "身分證號").Replace(csvText.String())))
	require.NoError(t, err)
	u32, err := utf32.UTF32(utf32.LittleEndian, utf32.UseBOM).NewEncoder().Bytes(plain)
	require.NoError(t, err)

	files := map[string][]byte{
		"ids.json":        array,
		"api.json":        api,
		"ids.jsonl":       jsonl.Bytes(),
		"ids.jsonl.gz":    compressWith(t, "gzip", jsonl.Bytes()),
		"ids.txt.gz":      compressWith(t, "gzip", plain),
		"ids.csv.xz":      compressWith(t, "xz", plain),
		"ids.csv.zst":     compressWith(t, "zstd", plain),
		"ids.json.xz":     compressWith(t, "xz", array),
		"ids_big5.csv":    big5,
		"ids_utf32le.csv": u32,
	}
	if _, err := exec.LookPath("bzip2"); err == nil {
		files["ids.csv.bz2"] = compressWith(t, "bzip2", plain)
	}
	dir := t.TempDir()
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	opt := testOptions()
	opt.Category = func(id string, def detect.Category) detect.Category { return def }
	res, err := Scan(context.Background(), []string{dir}, opt)
	require.NoError(t, err)
	require.Len(t, res.Files, len(files))
	for _, fr := range res.Files {
		t.Run(fr.Path, func(t *testing.T) {
			require.NoError(t, fr.Err)
			n, sensitive := counts(fr.Persons)
			assert.Equal(t, int64(persons), n, "persons")
			assert.Equal(t, int64(persons), sensitive, "sensitive persons")
			wantRows := int64(persons)
			if fr.Path == "api.json" {
				wantRows++ // the "$" table: the dump's other members ("total") as one row
			}
			assert.Equal(t, wantRows, fr.Rows)
			var types []string
			for _, col := range []string{"id_number", "身份证号", "身分證號"} {
				types = append(types, typesOf(fr, col)...)
			}
			assert.Contains(t, types, "cn_resident_id", "%+v", fr.Tables)
		})
	}
}

// compressWith compresses data with the named layer (bzip2 through the command-line tool: the
// standard library only decompresses it).
func compressWith(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	var err error
	switch name {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "xz":
		w, err = xz.NewWriter(&buf)
	case "zstd":
		w, err = zstd.NewWriter(&buf)
	case "bzip2":
		cmd := exec.Command("bzip2", "-c")
		cmd.Stdin = bytes.NewReader(data)
		out, err := cmd.Output()
		require.NoError(t, err)
		return out
	}
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}
