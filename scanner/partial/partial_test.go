package partial

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers/archivetest"
	"github.com/xborder/xborder/report/ledger"
	"github.com/xborder/xborder/scanner"
)

func TestNewPlanSpreadsBySize(t *testing.T) {
	cases := []struct {
		name   string
		sizes  []int64
		shards int
		want   []int // shard of each file
	}{
		{"one shard", []int64{5, 1, 3}, 1, []int{0, 0, 0}},
		{"largest first to the least loaded", []int64{10, 1, 9, 2, 8}, 2, []int{0, 0, 1, 0, 1}},
		{"more shards than files", []int64{4, 4}, 3, []int{0, 1}},
		{"empty files still spread", []int64{0, 0, 0, 0}, 2, []int{0, 1, 0, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := make([]scanner.FileRef, len(c.sizes))
			for i, s := range c.sizes {
				files[i] = scanner.FileRef{Path: string(rune('a' + i)), Size: s}
			}
			p, err := NewPlan([]string{"in"}, files, nil, c.shards, "pol", "key")
			require.NoError(t, err)
			for i, f := range p.Files {
				assert.Equal(t, i, f.Index)
				assert.Equal(t, c.want[i], f.Shard, "file %d", i)
			}
			data, err := p.Encode()
			require.NoError(t, err)
			back, err := DecodePlan(data)
			require.NoError(t, err)
			assert.Equal(t, p, back)
		})
	}
	_, err := NewPlan(nil, nil, nil, 0, "", "")
	assert.Error(t, err)
}

func TestDecodePlanRefusesInconsistentPlans(t *testing.T) {
	cases := map[string]string{
		"not json":          `{`,
		"other version":     `{"version":2,"shards":1,"files":[]}`,
		"no shards":         `{"version":1,"shards":0,"files":[]}`,
		"index out of step": `{"version":1,"shards":1,"files":[{"index":1,"shard":0}]}`,
		"shard out of plan": `{"version":1,"shards":2,"files":[{"index":0,"shard":2}]}`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := DecodePlan([]byte(doc))
			assert.Error(t, err)
		})
	}
}

func TestDirRefusesNamesOutsideTheRun(t *testing.T) {
	d := Dir(t.TempDir())
	ctx := context.Background()
	for _, name := range []string{"", "../escape", "/etc/passwd", "a/../../b"} {
		assert.Error(t, d.Put(ctx, name, []byte("x")), name)
	}
	require.NoError(t, d.Put(ctx, "shard-0000-of-0001/files.json", []byte("{}")))
	names, err := d.List(ctx, "shard-")
	require.NoError(t, err)
	assert.Equal(t, []string{"shard-0000-of-0001/files.json"}, names)
}

// writeShard audits one small file through ScanList and writes shard 0 of a 1-shard plan.
func writeShard(t *testing.T) (Dir, *Plan, string) {
	t.Helper()
	in := t.TempDir()
	csv := "姓名,手机号\n张伟,13912345678\n李娜,13987654321\n张伟,13912345678\n"
	require.NoError(t, os.WriteFile(filepath.Join(in, "a.csv"), []byte(csv), 0o644))
	refs, skipped, _, err := scanner.List(context.Background(), []string{in}, scanner.Options{})
	require.NoError(t, err)
	key := make([]byte, 32)
	p, err := NewPlan([]string{in}, refs, skipped, 1, "pol", "")
	require.NoError(t, err)
	p.KeyCheck = ledger.KeyCheck(key)
	data, err := p.Encode()
	require.NoError(t, err)
	st := Dir(t.TempDir())
	require.NoError(t, st.Put(context.Background(), PlanName, data))
	res := scanner.ScanList(context.Background(), refs, scanner.Options{})
	_, err = Write(context.Background(), st, p, Digest(data), 0, key, p.Of(0), res)
	require.NoError(t, err)
	return st, p, Digest(data)
}

func TestMergeReadsBackAndRefusesTampering(t *testing.T) {
	ctx := context.Background()
	st, p, sum := writeShard(t)
	targets, err := Merge(ctx, st, p, sum, 0)
	require.NoError(t, err)
	require.Len(t, targets, 1)
	require.Len(t, targets[0].Files, 1)
	n, _, s, _ := targets[0].Files[0].Result.Persons.Count()
	assert.Equal(t, int64(2), n)
	assert.Equal(t, int64(0), s)
	assert.Len(t, targets[0].Files[0].All, 2)

	manifest := filepath.Join(string(st), ShardDir(0, 1), manifestName)
	orig, err := os.ReadFile(manifest)
	require.NoError(t, err)
	edit := func(f func(m *Manifest)) {
		var m Manifest
		require.NoError(t, json.Unmarshal(orig, &m))
		f(&m)
		b, err := json.Marshal(m)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(manifest, b, 0o644))
	}
	// editFiles rewrites files.json and gives the manifest its new digest, as a writer with a
	// bug (not a tamperer) would: only the merge's own checks can refuse it.
	files := filepath.Join(string(st), ShardDir(0, 1), filesName)
	origFiles, err := os.ReadFile(files)
	require.NoError(t, err)
	editFiles := func(f func(d *filesDoc)) {
		var d filesDoc
		require.NoError(t, json.Unmarshal(origFiles, &d))
		f(&d)
		b, err := json.Marshal(d)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(files, b, 0o644))
		edit(func(m *Manifest) {
			for i := range m.Objects {
				if m.Objects[i].Name == filesName {
					m.Objects[i].Size, m.Objects[i].SHA256 = int64(len(b)), digest(b)
				}
			}
		})
	}
	cases := []struct {
		name, reason string
		tamper       func()
	}{
		{"a plain file listed as an archive without results", "a plain file, but its entry is not one result", func() {
			editFiles(func(d *filesDoc) { d.Files[0].Results, d.Files[0].Archive = nil, &scanner.ArchiveFile{Path: "a.csv"} })
		}},
		{"a plain file with two results", "a plain file, but its entry is not one result", func() {
			editFiles(func(d *filesDoc) { d.Files[0].Results = append(d.Files[0].Results, d.Files[0].Results[0]) })
		}},
		{"a version-1 partial", "partial version 1, this build reads 2 (written by another xborder build: run the shards again", func() { edit(func(m *Manifest) { m.Version = 1 }) }},
		{"another plan", "another plan", func() { edit(func(m *Manifest) { m.PlanSHA256 = "0" }) }},
		{"another key", "another key", func() { edit(func(m *Manifest) { m.KeyCheck = "0" }) }},
		{"another shard", "says shard", func() { edit(func(m *Manifest) { m.Shard = 1 }) }},
		{"wrong digest", "damaged object", func() { edit(func(m *Manifest) { m.Objects[1].SHA256 = "00" }) }},
		{"wrong file count", "manifest 5", func() { edit(func(m *Manifest) { m.Files = 5 }) }},
		{"damaged manifest", "damaged manifest", func() { require.NoError(t, os.WriteFile(manifest, orig[:10], 0o644)) }},
		{"no manifest", "no manifest", func() { require.NoError(t, os.Remove(manifest)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.tamper()
			_, err := Merge(ctx, st, p, sum, 0)
			var me *Error
			require.ErrorAs(t, err, &me)
			assert.Contains(t, err.Error(), c.reason)
			require.NoError(t, os.WriteFile(manifest, orig, 0o644))
			require.NoError(t, os.WriteFile(files, origFiles, 0o644))
		})
	}
}

// TestArchiveMembersFiledUnderTheirPlanFile: a shard holding an archive writes one result per
// member (nested ones too), the members it did not read and the archive's digest under the
// archive's plan file; the merge gives back exactly what the scanner gave, in its order.
func TestArchiveMembersFiledUnderTheirPlanFile(t *testing.T) {
	ctx := context.Background()
	in := t.TempDir()
	csv := func(phones ...string) string {
		b := "姓名,手机号\n"
		for i, p := range phones {
			b += fmt.Sprintf("用户%d,%s\n", i, p)
		}
		return b
	}
	inner := archivetest.Zip(t, [2]string{"c.csv", csv("13911110003", "13911110004")})
	require.NoError(t, os.WriteFile(filepath.Join(in, "a.csv"), []byte(csv("13911110001", "13911110002")), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(in, "b.zip"), archivetest.Zip(t,
		[2]string{"docs/manual.pdf", "%PDF-1.4\n"}, [2]string{"inner.zip", string(inner)}, [2]string{"m1.csv", csv("13911110001", "13911110005")}), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(in, "c.csv"), []byte(csv("13911110009")), 0o644))
	refs, skipped, _, err := scanner.List(ctx, []string{in}, scanner.Options{})
	require.NoError(t, err)
	require.Len(t, refs, 3)
	key := make([]byte, 32)
	for _, shards := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			p, err := NewPlan([]string{in}, refs, skipped, shards, "pol", ledger.KeyCheck(key))
			require.NoError(t, err)
			data, err := p.Encode()
			require.NoError(t, err)
			st := Dir(t.TempDir())
			want := scanner.ScanList(ctx, refs, scanner.Options{})
			require.Len(t, want.Files, 4, "a.csv, b.zip's m1.csv and inner.zip!/c.csv, c.csv")
			for s := 0; s < shards; s++ {
				res := scanner.ScanList(ctx, refOf(p.Of(s)), scanner.Options{})
				_, err := Write(ctx, st, p, Digest(data), s, key, p.Of(s), res)
				require.NoError(t, err)
			}
			targets, err := Merge(ctx, st, p, Digest(data), 0)
			require.NoError(t, err)
			var got []scanner.FileResult
			var gotSkipped []scanner.Skipped
			var gotArchives []scanner.ArchiveFile
			for _, tg := range targets {
				for _, f := range tg.Files {
					got = append(got, f.Result)
				}
				gotSkipped = append(gotSkipped, tg.Skipped...)
				if tg.Archive != nil {
					gotArchives = append(gotArchives, *tg.Archive)
				}
			}
			require.Len(t, got, len(want.Files))
			for i, w := range want.Files {
				g := got[i]
				assert.Equal(t, [4]string{w.Path, w.AbsPath, w.Container, w.SHA256}, [4]string{g.Path, g.AbsPath, g.Container, g.SHA256})
				wn, _, ws, _ := w.Persons.Count()
				gn, _, gs, _ := g.Persons.Count()
				assert.Equal(t, [2]int64{wn, ws}, [2]int64{gn, gs}, w.Path)
			}
			assert.Equal(t, want.Skipped, gotSkipped)
			require.Len(t, gotArchives, 1)
			assert.Equal(t, want.Archives[0].SHA256, gotArchives[0].SHA256)
			assert.Equal(t, want.Archives[0].Members, gotArchives[0].Members)
			assert.True(t, want.Archives[0].Modified.Equal(gotArchives[0].Modified))
		})
	}
}

func refOf(files []PlanFile) []scanner.FileRef {
	var out []scanner.FileRef
	for _, f := range files {
		out = append(out, f.FileRef)
	}
	return out
}
