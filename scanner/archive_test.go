package scanner

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/readers/archivetest"
)

// archiveTruth is testdata/archives/expected.json, written by testdata/gen/archives.sh.
type archiveTruth struct {
	Members map[string]struct {
		SHA256      string `json:"sha256"`
		Rows        *int64 `json:"rows"`
		Individuals *int64 `json:"individuals"`
	} `json:"members"`
	NotExamined []string          `json:"not_examined"`
	Both        int64             `json:"orders_and_returns_persons"`
	Archives    map[string]string `json:"archives"`
}

func loadArchiveTruth(t *testing.T) archiveTruth {
	t.Helper()
	data, err := os.ReadFile("../testdata/archives/expected.json")
	require.NoError(t, err)
	var truth archiveTruth
	require.NoError(t, json.Unmarshal(data, &truth))
	return truth
}

func resultsByPath(res *Result) (map[string]FileResult, map[string]Skipped) {
	files, skipped := map[string]FileResult{}, map[string]Skipped{}
	for _, f := range res.Files {
		files[f.Path] = f
	}
	for _, s := range res.Skipped {
		skipped[s.Path] = s
	}
	return files, skipped
}

// TestArchiveMembersAuditedLikeFiles scans the zip, tar and tar.gz written by the real tools:
// every member has its own result with the digest, rows and persons the generator computed, the
// nested tar.gz inside the zip is opened, the PDF member is not examined, and the archive file's
// own digest is reported for the evidence manifest.
func TestArchiveMembersAuditedLikeFiles(t *testing.T) {
	truth := loadArchiveTruth(t)
	for _, tc := range []struct{ name, prefix string }{
		{"exports.zip", "exports.zip!/"},
		{"exports.tar.gz", "exports.tar.gz!/exports/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			data, err := os.ReadFile("../testdata/archives/" + tc.name)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, tc.name), data, 0o644))
			res, err := Scan(context.Background(), []string{dir}, testOptions())
			require.NoError(t, err)
			files, skipped := resultsByPath(res)
			for member, want := range truth.Members {
				fr, ok := files[tc.prefix+member]
				require.True(t, ok, "%s missing; have %v", tc.prefix+member, keys(files))
				require.NoError(t, fr.Err, member)
				assert.Equal(t, want.SHA256, fr.SHA256, member)
				assert.Equal(t, tc.name, fr.Container, member)
				assert.Equal(t, filepath.Join(dir, tc.name)+"!/"+strings.TrimPrefix(tc.prefix+member, tc.name+"!/"), fr.AbsPath)
				if want.Rows != nil {
					assert.Equal(t, *want.Rows, fr.Rows, member)
				}
				if want.Individuals != nil {
					n, _ := counts(fr.Persons)
					assert.Equal(t, *want.Individuals, n, member)
				}
			}
			for _, p := range truth.NotExamined {
				s, ok := skipped[tc.prefix+p]
				require.True(t, ok, p)
				assert.False(t, s.Excluded)
				assert.Equal(t, "unsupported format", s.Reason)
			}
			require.Len(t, res.Archives, 1)
			assert.Equal(t, truth.Archives[tc.name], res.Archives[0].SHA256)
			assert.Equal(t, 8, res.Archives[0].Members)
			assert.Len(t, res.Files, len(truth.Members))
		})
	}
}

// TestArchiveMembersJoinTheBatch: persons of members count in the batch like files: orders.csv
// and the nested returns.csv share 10 customers.
func TestArchiveMembersJoinTheBatch(t *testing.T) {
	truth := loadArchiveTruth(t)
	opt := testOptions()
	opt.Exclude = func(rel string) (string, bool) {
		return "test", strings.HasSuffix(rel, ".parquet") || strings.HasSuffix(rel, ".xlsx")
	}
	res, err := Scan(context.Background(), []string{"../testdata/archives/exports.zip"}, opt)
	require.NoError(t, err)
	n, _ := counts(res.Batch)
	assert.Equal(t, truth.Both, n)
	_, skipped := resultsByPath(res)
	s := skipped["../testdata/archives/exports.zip!/2026-11/reference.xlsx"]
	assert.True(t, s.Excluded, "an excluded member is listed as excluded: %v", res.Skipped)
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// unrepresentativeCSV has an email column empty for its first 20,000 rows: the types change after
// the first batch, so the table is counted a second time, which for an archive member means
// reading the member again from the archive.
func unrepresentativeCSV() string {
	var b strings.Builder
	b.WriteString("order_id,contact,amount\n")
	for r := 0; r < 30000; r++ {
		email := ""
		if r >= 20000 {
			email = fmt.Sprintf("buyer%d@example.com", r-20000)
		}
		fmt.Fprintf(&b, "ORD%09d,%s,19.90\n", r, email)
	}
	return b.String()
}

// TestSecondCountingPassReadsTheMemberAgain: a member whose types change after its first batch is
// counted again from the archive (zip: the entry again; tar.gz, and a tar.gz inside a zip: the
// stream again down to the member), with the same persons as the same CSV on disk.
func TestSecondCountingPassReadsTheMemberAgain(t *testing.T) {
	body := unrepresentativeCSV()
	inner := archivetest.TarGz(t, [2]string{"orders.csv", body})
	dir := writeFiles(t, map[string]string{
		"plain.csv":  body,
		"a.zip":      string(archivetest.Zip(t, [2]string{"orders.csv", body})),
		"b.tar.gz":   string(archivetest.TarGz(t, [2]string{"orders.csv", body})),
		"nested.zip": string(archivetest.Zip(t, [2]string{"in.tar.gz", string(inner)})),
	})
	res, err := Scan(context.Background(), []string{dir}, testOptions())
	require.NoError(t, err)
	files, _ := resultsByPath(res)
	for _, p := range []string{"plain.csv", "a.zip!/orders.csv", "b.tar.gz!/orders.csv", "nested.zip!/in.tar.gz!/orders.csv"} {
		fr, ok := files[p]
		require.True(t, ok, "%s missing: %v", p, keys(files))
		require.NoError(t, fr.Err, p)
		n, _ := counts(fr.Persons)
		assert.Equal(t, int64(10000), n, p)
		assert.Contains(t, typesOf(fr, "contact"), "email", p)
		assert.Equal(t, files["plain.csv"].SHA256, fr.SHA256, p)
	}
}

// TestArchiveEdgeCases: an empty archive holds nothing to transfer; a 0-byte member likewise; a
// member in a format xborder refuses is an error; nesting past MaxArchiveDepth is an error; a
// corrupt archive is one error result; a large Parquet-like member is spooled and the spool
// file is gone afterwards.
func TestArchiveEdgeCases(t *testing.T) {
	deep := archivetest.Zip(t, [2]string{"x.csv", "a\n1\n"})
	for i := 0; i < MaxArchiveDepth; i++ {
		deep = archivetest.Zip(t, [2]string{fmt.Sprintf("level%d.zip", i), string(deep)})
	}
	dir := writeFiles(t, map[string]string{
		"empty.zip":   string(archivetest.Zip(t)),
		"zero.zip":    string(archivetest.Zip(t, [2]string{"zero.dat", ""}, [2]string{"old.xls", "not read"})),
		"deep.zip":    string(deep),
		"corrupt.zip": "PK\x03\x04 this is not a zip",
		"zero.tar.gz": "",
	})
	res, err := Scan(context.Background(), []string{dir}, testOptions())
	require.NoError(t, err)
	files, _ := resultsByPath(res)

	assert.NoError(t, files["empty.zip"].Err)
	assert.Contains(t, files["empty.zip"].Notes[0], "holds no file")
	assert.NoError(t, files["zero.tar.gz"].Err)
	assert.Equal(t, emptySHA256, files["zero.tar.gz"].SHA256)
	assert.NoError(t, files["zero.zip!/zero.dat"].Err)
	assert.Equal(t, emptySHA256, files["zero.zip!/zero.dat"].SHA256)
	assert.ErrorContains(t, files["zero.zip!/old.xls"].Err, "save it as .xlsx")
	assert.ErrorContains(t, files["corrupt.zip"].Err, "not a readable zip archive")
	deepest := "deep.zip!/level2.zip!/level1.zip!/level0.zip"
	require.Contains(t, files, deepest, keys(files))
	assert.ErrorIs(t, files[deepest].Err, readers.ErrLimit)
	assert.ErrorContains(t, files[deepest].Err, "nested more than 3 levels")
}

// TestLargeMembersAreSpooledAndLeaveNothing: members needing random access past the in-memory
// size are spooled to $TMPDIR, read the same, and leave no file behind (the spool is unlinked as
// soon as it is created).
func TestLargeMembersAreSpooledAndLeaveNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	defer func(n int64) { memberInMemory = n }(memberInMemory)
	memberInMemory = 1 << 10

	res, err := Scan(context.Background(), []string{"../testdata/archives/exports.zip"}, testOptions())
	require.NoError(t, err)
	memberInMemory = 32 << 20
	again, err := Scan(context.Background(), []string{"../testdata/archives/exports.zip"}, testOptions())
	require.NoError(t, err)
	require.Equal(t, len(again.Files), len(res.Files))
	for i, fr := range res.Files {
		require.NoError(t, fr.Err, fr.Path)
		assert.Equal(t, again.Files[i].SHA256, fr.SHA256, fr.Path)
		assert.Equal(t, again.Files[i].Rows, fr.Rows, fr.Path)
		n1, s1 := counts(fr.Persons)
		n2, s2 := counts(again.Files[i].Persons)
		assert.Equal(t, [2]int64{n2, s2}, [2]int64{n1, s1}, fr.Path)
	}
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left, "spool files left behind")
}
