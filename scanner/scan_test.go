package scanner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/scanner/detect"
)

var scanDate = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func testOptions() Options {
	return Options{SampleRows: DefaultSampleRows, Now: scanDate, Workers: 2}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	return dir
}

func counts(p Persons) (int64, int64) {
	n, _, s, _ := p.Count()
	return n, s
}

func typesOf(fr FileResult, column string) []string {
	var out []string
	for _, tb := range fr.Tables {
		for _, c := range tb.Columns {
			if c.Name == column {
				for _, ty := range c.Types {
					out = append(out, ty.Type)
				}
			}
		}
	}
	return out
}

// TestCountsOfKnownTruth checks distinct persons and sensitive persons on generated files whose
// truth is known by construction.
func TestCountsOfKnownTruth(t *testing.T) {
	g := newGen(1)
	idPersonal := func(id string, def detect.Category) detect.Category {
		if id == "cn_resident_id" {
			return detect.CategoryPersonal
		}
		return def
	}
	tests := []struct {
		name          string
		header        []string
		rows          func() [][]string
		category      func(string, detect.Category) detect.Category
		wantPersons   int64
		wantSensitive int64
		wantMethod    Method
	}{
		{
			name:   "each person on three order rows counts once",
			header: []string{"订单号", "姓名", "身份证号", "手机号", "金额"},
			rows: func() (rows [][]string) {
				for k := 0; k < 3; k++ {
					for p := 0; p < 400; p++ {
						rows = append(rows, []string{fmt.Sprint(900000 + k*1000 + p), g.name(p), g.id(p, 1980), g.mobile(p), "12.50"})
					}
				}
				return rows
			},
			wantPersons: 400, wantSensitive: 400, wantMethod: MethodExact,
		},
		{
			name:   "one mobile written in three formats is one person",
			header: []string{"收货人", "联系电话", "金额"},
			rows: func() (rows [][]string) {
				for p := 0; p < 300; p++ {
					m := g.mobile(p)
					rows = append(rows,
						[]string{g.name(p), m, "1.00"},
						[]string{g.name(p), "+86 " + m[:3] + "-" + m[3:7] + "-" + m[7:], "2.00"},
						[]string{g.name(p), "0086" + m, "3.00"})
				}
				return rows
			},
			wantPersons: 300, wantSensitive: 0, wantMethod: MethodExact,
		},
		{
			name:   "rows with only a name count one person per row",
			header: []string{"姓名", "金额"},
			rows: func() (rows [][]string) {
				for r := 0; r < 250; r++ {
					rows = append(rows, []string{g.name(r % 50), "9.90"})
				}
				return rows
			},
			wantPersons: 250, wantSensitive: 0, wantMethod: MethodRows,
		},
		{
			name:   "sensitive values in only some rows",
			header: []string{"手机号", "银行卡号"},
			rows: func() (rows [][]string) {
				for p := 0; p < 200; p++ {
					card := ""
					if p%4 == 0 {
						card = g.card(p)
					}
					rows = append(rows, []string{g.mobile(p), card})
				}
				return rows
			},
			wantPersons: 200, wantSensitive: 50, wantMethod: MethodExact,
		},
		{
			name:   "minors by resident ID number when ID numbers are personal by policy",
			header: []string{"姓名", "身份证号"},
			rows: func() (rows [][]string) {
				for p := 0; p < 100; p++ {
					year := 1990
					if p < 30 {
						year = 2015 // 11 years old on the scan date
					}
					rows = append(rows, []string{g.name(p), g.id(p, year)})
				}
				return rows
			},
			category:    idPersonal,
			wantPersons: 100, wantSensitive: 30, wantMethod: MethodExact,
		},
		{
			name:   "minors by birth date column",
			header: []string{"手机号", "出生日期"},
			rows: func() (rows [][]string) {
				for p := 0; p < 100; p++ {
					born := "1985-03-04"
					switch {
					case p < 40:
						born = "2016-05-06"
					case p < 45:
						born = "2012-11-23" // 14 today: no longer a minor
					case p < 50:
						born = "2012-11-24" // 14 tomorrow: still a minor
					}
					rows = append(rows, []string{g.mobile(p), born})
				}
				return rows
			},
			wantPersons: 100, wantSensitive: 45, wantMethod: MethodExact,
		},
		{
			name:   "empty and all-null columns do not count anyone",
			header: []string{"sku", "空列", "备注", "数量"},
			rows: func() (rows [][]string) {
				for r := 0; r < 100; r++ {
					rows = append(rows, []string{fmt.Sprintf("SKU-%05d", r), "", "NULL", fmt.Sprint(r)})
				}
				return rows
			},
			wantPersons: 0, wantSensitive: 0, wantMethod: MethodExact,
		},
	}
	for _, tc := range tests {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/%d counting goroutines", tc.name, workers), func(t *testing.T) {
				dir := writeFiles(t, map[string]string{"data.csv": csvFile(tc.header, tc.rows())})
				opt := testOptions()
				opt.Category = tc.category
				opt.Workers, opt.ParallelFileBytes = workers, 1
				opt.Limits.BatchRows = 64 // many batches and chunks, so every goroutine gets some
				opt.ChunkBytes = 512
				res, err := Scan(context.Background(), []string{dir}, opt)
				require.NoError(t, err)
				require.Len(t, res.Files, 1)
				fr := res.Files[0]
				require.NoError(t, fr.Err)
				n, s := counts(fr.Persons)
				assert.Equal(t, tc.wantPersons, n, "persons")
				assert.Equal(t, tc.wantSensitive, s, "sensitive persons")
				assert.Equal(t, tc.wantMethod, fr.Persons.Method())
			})
		}
	}
}

// TestUnrepresentativeHead: the email column is empty for the first 20,000 rows and full
// afterwards; the sample must still see it, and the persons must be counted over every row.
func TestUnrepresentativeHead(t *testing.T) {
	var rows [][]string
	for r := 0; r < 30000; r++ {
		email := ""
		if r >= 20000 {
			email = fmt.Sprintf("buyer%d@example.com", r-20000)
		}
		rows = append(rows, []string{fmt.Sprintf("ORD%09d", r), email, "19.90"})
	}
	dir := writeFiles(t, map[string]string{"orders.csv": csvFile([]string{"order_id", "contact", "amount"}, rows)})
	res, err := Scan(context.Background(), []string{dir}, testOptions())
	require.NoError(t, err)
	fr := res.Files[0]
	require.NoError(t, fr.Err)
	assert.Contains(t, typesOf(fr, "contact"), "email")
	n, _ := counts(fr.Persons)
	assert.Equal(t, int64(10000), n)
	assert.Equal(t, int64(30000), fr.Rows)
	assert.Equal(t, int64(DefaultSampleRows), fr.SampledRows)
}

// TestBatchUnionAcrossFiles: the same customers in several monthly files count once in the batch.
func TestBatchUnionAcrossFiles(t *testing.T) {
	g := newGen(2)
	files := map[string]string{}
	for month := 1; month <= 3; month++ {
		var rows [][]string
		for p := (month - 1) * 100; p < (month-1)*100+200; p++ { // 200 a month, 100 shared with the next
			rows = append(rows, []string{g.name(p), g.mobile(p)})
		}
		files[fmt.Sprintf("2026-%02d.csv", month)] = csvFile([]string{"姓名", "手机"}, rows)
	}
	dir := writeFiles(t, files)
	res, err := Scan(context.Background(), []string{dir}, testOptions())
	require.NoError(t, err)
	require.Len(t, res.Files, 3)
	for _, fr := range res.Files {
		n, _ := counts(fr.Persons)
		assert.Equal(t, int64(200), n, fr.Path)
	}
	n, s := counts(res.Batch)
	assert.Equal(t, int64(400), n)
	assert.Equal(t, int64(0), s)
}

// TestSampleAllRows: --sample 0 types from every row.
func TestSampleAllRows(t *testing.T) {
	g := newGen(3)
	var rows [][]string
	for p := 0; p < 500; p++ {
		rows = append(rows, []string{g.email(p)})
	}
	dir := writeFiles(t, map[string]string{"a.csv": csvFile([]string{"mail"}, rows)})
	opt := testOptions()
	opt.SampleRows = 0
	res, err := Scan(context.Background(), []string{dir}, opt)
	require.NoError(t, err)
	assert.Equal(t, int64(500), res.Files[0].SampledRows)
	n, _ := counts(res.Files[0].Persons)
	assert.Equal(t, int64(500), n)
}

func TestResultCarriesDigestSizeAndNoRawValues(t *testing.T) {
	g := newGen(4)
	id := g.id(7, 1970)
	body := csvFile([]string{"身份证号"}, [][]string{{id}, {g.id(8, 1971)}})
	dir := writeFiles(t, map[string]string{"ids.csv": body})
	res, err := Scan(context.Background(), []string{dir}, testOptions())
	require.NoError(t, err)
	fr := res.Files[0]
	require.NoError(t, fr.Err)
	assert.Equal(t, int64(len(body)), fr.Size)
	assert.Len(t, fr.SHA256, 64)
	assert.Equal(t, "ids.csv", fr.Path)
	dump := fmt.Sprintf("%+v", fr.Tables)
	assert.NotContains(t, dump, id, "a raw ID number reached the result")
	assert.Contains(t, typesOf(fr, "身份证号"), "cn_resident_id")
}

func TestWalkSkipsAndLoops(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.csv":          "x\n1\n",
		"notes.docx":     "not data",
		"sub/b.tsv":      "y\n2\n",
		"sub/deep/c.TXT": "z\n3\n",
	})
	require.NoError(t, os.Symlink(dir, filepath.Join(dir, "sub", "loop")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "a.csv"), filepath.Join(dir, "link.csv")))

	res, err := Scan(context.Background(), []string{dir}, testOptions())
	require.NoError(t, err)
	var paths []string
	for _, f := range res.Files {
		paths = append(paths, f.Path)
	}
	assert.Equal(t, []string{"a.csv", "sub/b.tsv", "sub/deep/c.TXT"}, paths)
	reasons := map[string]string{}
	for _, s := range res.Skipped {
		reasons[s.Path] = s.Reason
	}
	assert.Equal(t, "unsupported format", reasons["notes.docx"])
	assert.Contains(t, reasons["link.csv"], "symbolic link not followed")
	assert.Contains(t, reasons["sub/loop"], "symbolic link not followed")

	opt := testOptions()
	opt.FollowSymlinks = true
	res, err = Scan(context.Background(), []string{dir}, opt)
	require.NoError(t, err)
	reasons = map[string]string{}
	for _, s := range res.Skipped {
		reasons[s.Path] = s.Reason
	}
	assert.Contains(t, reasons["sub/loop"], "loop")
	assert.Len(t, res.Files, 4, "a.csv, link.csv, sub/b.tsv, sub/deep/c.TXT")
}

func TestUnreadableAndSpecialFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"ok.csv": "x\n1\n"})
	fifo := filepath.Join(dir, "pipe.csv")
	if err := mkfifo(fifo); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	res, err := Scan(context.Background(), []string{dir, filepath.Join(dir, "missing.csv")}, testOptions())
	require.NoError(t, err)
	var skippedFIFO bool
	for _, s := range res.Skipped {
		if s.Path == "pipe.csv" {
			skippedFIFO = strings.Contains(s.Reason, "named pipe")
		}
	}
	assert.True(t, skippedFIFO, "FIFO must be skipped, never opened")
	last := res.Files[len(res.Files)-1]
	assert.Equal(t, filepath.Join(dir, "missing.csv"), last.Path)
	assert.Error(t, last.Err)
}

func TestCancelledScanIsIncomplete(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 20; i++ {
		files[fmt.Sprintf("f%02d.csv", i)] = "a\n1\n"
	}
	dir := writeFiles(t, files)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Scan(ctx, []string{dir}, testOptions())
	require.NoError(t, err)
	assert.True(t, res.Incomplete)
}
