package readers

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers/archivetest"
)

// tarOf writes a tar of the given headers, each with its body (regular files only get one).
func tarOf(t testing.TB, entries ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := e.h
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(e.body))
		}
		h.Mode = 0o644
		h.ModTime = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		require.NoError(t, tw.WriteHeader(&h))
		if h.Typeflag == tar.TypeReg {
			_, err := io.WriteString(tw, e.body)
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	return buf.Bytes()
}

type tarEntry struct {
	h    tar.Header
	body string
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(data)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// memberOutcome is what reading one member gave.
type memberOutcome struct {
	m    Member
	body string
	err  error
}

// readAll lists an archive and reads every file member.
func readAll(t testing.TB, kind string, data []byte, limits Limits, budget *Budget) ([]memberOutcome, error) {
	t.Helper()
	a, err := OpenArchive(kind, Source{Path: "a." + kind, R: bytes.NewReader(data), Size: int64(len(data)), Limits: limits}, budget)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	var out []memberOutcome
	for {
		m, err := a.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		o := memberOutcome{m: *m}
		if m.Type == MemberFile {
			r, err := a.Open()
			if err == nil {
				var b []byte
				b, err = io.ReadAll(r)
				o.body = string(b)
			}
			o.err = err
		}
		out = append(out, o)
	}
}

func TestArchiveKind(t *testing.T) {
	for name, want := range map[string]string{
		"a.zip": ArchiveZip, "A.ZIP": ArchiveZip, "x/b.tar": ArchiveTar, "c.tar.gz": ArchiveTarGz, "d.TGZ": ArchiveTarGz,
		"e.csv.gz": "", "f.csv": "", ".zip": "", "zip": "", `dir\g.zip`: ArchiveZip, "h.xlsx": "",
	} {
		assert.Equal(t, want, ArchiveKind(name), name)
	}
}

func TestArchivesListAndReadMembers(t *testing.T) {
	members := []tarEntry{
		{h: tar.Header{Name: "dir/", Typeflag: tar.TypeDir}},
		{h: tar.Header{Name: "dir/a.csv"}, body: "x,y\n1,2\n"},
		{h: tar.Header{Name: "./b.csv"}, body: "z\n3\n"},
	}
	tarData := tarOf(t, members...)
	zipData := archivetest.Zip(t, [2]string{"dir/", ""}, [2]string{"dir/a.csv", "x,y\n1,2\n"}, [2]string{"./b.csv", "z\n3\n"})
	for kind, data := range map[string][]byte{ArchiveZip: zipData, ArchiveTar: tarData, ArchiveTarGz: gz(t, tarData)} {
		t.Run(kind, func(t *testing.T) {
			out, err := readAll(t, kind, data, Limits{}, NewBudget(1<<20))
			require.NoError(t, err)
			require.Len(t, out, 3)
			assert.Equal(t, MemberDir, out[0].m.Type)
			assert.Equal(t, "dir/a.csv", out[1].m.Path)
			assert.Equal(t, "x,y\n1,2\n", out[1].body)
			assert.Equal(t, "b.csv", out[2].m.Path, "leading ./ is dropped")
			assert.Equal(t, "z\n3\n", out[2].body)
			assert.Equal(t, 2, out[2].m.Index)
		})
	}
}

// TestArchivePathTricksAreRefused: names that would unpack outside the target folder, and a
// second member of the same name, are refused with a reason; the other members are still read.
func TestArchivePathTricksAreRefused(t *testing.T) {
	entries := []tarEntry{
		{h: tar.Header{Name: "../evil.csv"}, body: "a\n1\n"},
		{h: tar.Header{Name: "/etc/cron.d/evil.csv"}, body: "a\n1\n"},
		{h: tar.Header{Name: `..\win.csv`}, body: "a\n1\n"},
		{h: tar.Header{Name: "C:/win.csv"}, body: "a\n1\n"},
		{h: tar.Header{Name: "ok.csv"}, body: "a\n1\n"},
		{h: tar.Header{Name: "ok.csv"}, body: "a\n2\n"},
		{h: tar.Header{Name: "link.csv", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}},
		{h: tar.Header{Name: "hard.csv", Typeflag: tar.TypeLink, Linkname: "ok.csv"}},
		{h: tar.Header{Name: "fifo", Typeflag: tar.TypeFifo}},
	}
	out, err := readAll(t, ArchiveTar, tarOf(t, entries...), Limits{}, nil)
	require.NoError(t, err)
	require.Len(t, out, 9)
	for i, want := range []string{"climbs out", "absolute", "climbs out", "absolute"} {
		assert.ErrorIs(t, out[i].m.Problem, ErrUnsafeMember, out[i].m.Name)
		assert.ErrorContains(t, out[i].err, want, out[i].m.Name)
	}
	assert.NoError(t, out[4].err)
	assert.Equal(t, "a\n1\n", out[4].body)
	assert.ErrorContains(t, out[5].err, "duplicate member name")
	assert.Equal(t, MemberSymlink, out[6].m.Type)
	assert.Equal(t, "/etc/passwd", out[6].m.Kind)
	assert.Equal(t, MemberHardlink, out[7].m.Type)
	assert.Equal(t, MemberSpecial, out[8].m.Type)
	assert.Equal(t, "named pipe", out[8].m.Kind)

	zout, err := readAll(t, ArchiveZip, archivetest.Zip(t, [2]string{"../z.csv", "a\n1\n"}, [2]string{"z.csv", "a\n1\n"}, [2]string{"z.csv", "a\n1\n"}), Limits{}, nil)
	require.NoError(t, err)
	assert.ErrorContains(t, zout[0].err, "climbs out")
	assert.NoError(t, zout[1].err)
	assert.ErrorContains(t, zout[2].err, "duplicate member name")
}

// TestZipBombsAreStopped: a member past the per-member limit, an archive past the budget, a
// member past the ratio, and overlapping members (one compressed block listed many times).
func TestZipBombsAreStopped(t *testing.T) {
	rows := strings.Repeat("1,2\n", 1<<20) // 4 MiB
	bomb := archivetest.Zip(t, [2]string{"a.csv", rows}, [2]string{"b.csv", rows})

	out, err := readAll(t, ArchiveZip, bomb, Limits{MaxDecompressedBytes: 1 << 20}, nil)
	require.NoError(t, err)
	assert.ErrorIs(t, out[0].err, ErrLimit)
	assert.ErrorContains(t, out[0].err, "the zip member unzips to more than the 1 MiB limit (--max-decompressed-bytes")

	out, err = readAll(t, ArchiveZip, bomb, Limits{MaxDecompressedBytes: 6 << 20}, NewBudget(6<<20))
	require.NoError(t, err)
	assert.NoError(t, out[0].err)
	assert.ErrorContains(t, out[1].err, "the archive unpacks to more than the 6 MiB limit")

	zeros := strings.Repeat("0", ArchiveRatioGrace+(1<<20))
	out, err = readAll(t, ArchiveZip, archivetest.Zip(t, [2]string{"z.csv", zeros}), Limits{}, nil)
	require.NoError(t, err)
	assert.ErrorIs(t, out[0].err, ErrLimit)
	assert.ErrorContains(t, out[0].err, "times its compressed size")

	_, err = readAll(t, ArchiveZip, overlappingZip(t), Limits{}, nil)
	assert.ErrorIs(t, err, ErrLimit)
	assert.ErrorContains(t, err, "overlapping entries")
}

// overlappingZip lists one member's data under 50 names, as "better zip bombs" do.
func overlappingZip(t testing.TB) []byte {
	t.Helper()
	one := archivetest.Zip(t, [2]string{"a.csv", strings.Repeat("1,2\n", 1000)})
	eocd := bytes.LastIndex(one, []byte{0x50, 0x4b, 0x05, 0x06})
	cdOff := int(binary.LittleEndian.Uint32(one[eocd+16:]))
	cd := one[cdOff:eocd]
	var out bytes.Buffer
	out.Write(one[:cdOff])
	for i := 0; i < 50; i++ {
		rec := bytes.Clone(cd)
		rec[46] = byte('a' + i%26) // rename: a.csv, b.csv…
		rec[47] = byte('0' + i/26)
		out.Write(rec)
	}
	end := bytes.Clone(one[eocd:])
	binary.LittleEndian.PutUint16(end[8:], 50)
	binary.LittleEndian.PutUint16(end[10:], 50)
	binary.LittleEndian.PutUint32(end[12:], uint32(50*len(cd)))
	out.Write(end)
	return out.Bytes()
}

func TestArchiveTooManyMembersRefusedBeforeListing(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i <= MaxArchiveMembers; i++ {
		_, err := zw.CreateHeader(&zip.FileHeader{Name: "d/" + strings.Repeat("x", 1) + string(rune('a'+i%26)) + "/" + itoa(i), Method: zip.Store})
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	_, err := readAll(t, ArchiveZip, buf.Bytes(), Limits{}, nil)
	assert.ErrorIs(t, err, ErrLimit)
	assert.ErrorContains(t, err, "100001 members, more than the 100000-member limit")
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// TestTruncatedArchives: a zip cut short is not readable at all (its directory is at the end); a
// tar or tar.gz cut short gives the members before the cut, then an error.
func TestTruncatedArchives(t *testing.T) {
	body := strings.Repeat("sku,qty\nA-1,3\n", 2000)
	zipData := archivetest.Zip(t, [2]string{"a.csv", body}, [2]string{"b.csv", body})
	_, err := readAll(t, ArchiveZip, zipData[:len(zipData)/2], Limits{}, nil)
	assert.ErrorIs(t, err, ErrCorrupt)

	tarData := tarOf(t, tarEntry{h: tar.Header{Name: "a.csv"}, body: body}, tarEntry{h: tar.Header{Name: "b.csv"}, body: body})
	for kind, data := range map[string][]byte{ArchiveTar: tarData, ArchiveTarGz: gz(t, tarData)} {
		cut := data[:len(data)*3/4]
		out, err := readAll(t, kind, cut, Limits{}, nil)
		failed := err
		if failed == nil && len(out) == 2 {
			failed = out[1].err
		}
		require.Error(t, failed, kind)
		assert.ErrorIs(t, failed, ErrCorrupt, kind)
		require.NotEmpty(t, out, kind)
		assert.Equal(t, body, out[0].body, "%s: the member before the cut is whole", kind)
	}
}

func TestEncryptedAndUnsupportedZipMembers(t *testing.T) {
	data, err := os.ReadFile("../testdata/archives/encrypted.zip") // written by zip -P
	require.NoError(t, err)
	out, err := readAll(t, ArchiveZip, data, Limits{}, nil)
	require.NoError(t, err)
	require.Len(t, out, 2)
	assert.ErrorIs(t, out[0].err, ErrEncrypted)
	assert.NoError(t, out[1].err)
	assert.True(t, strings.HasPrefix(out[1].body, "sku,name,price"))

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(12, func(w io.Writer) (io.WriteCloser, error) { return nopCloser{w}, nil })
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "bz.csv", Method: 12})
	require.NoError(t, err)
	io.WriteString(w, "a\n1\n")
	require.NoError(t, zw.Close())
	out, err = readAll(t, ArchiveZip, buf.Bytes(), Limits{}, nil)
	require.NoError(t, err)
	assert.ErrorIs(t, out[0].err, ErrUnsupported)
	assert.ErrorContains(t, out[0].err, "compression method 12")
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func TestZipNeedsRandomAccess(t *testing.T) {
	_, err := OpenArchive(ArchiveZip, Source{Path: "a.zip", R: strings.NewReader("x"), Size: -1}, nil)
	assert.True(t, errors.Is(err, ErrUnsupported))
}

// FuzzOpenArchive opens arbitrary bytes as each archive kind and reads every member: no panic,
// every error wraps a sentinel, and reading stays within the 1 MiB member limit given.
func FuzzOpenArchive(f *testing.F) {
	for _, name := range []string{"exports.zip", "exports.tar", "exports.tar.gz", "encrypted.zip"} {
		data, err := os.ReadFile("../testdata/archives/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(archivetest.Zip(f, [2]string{"../a.csv", "a\n1\n"}, [2]string{"a.csv", "x"}))
	f.Add(overlappingZip(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range []string{ArchiveZip, ArchiveTar, ArchiveTarGz} {
			out, err := readAll(t, kind, data, Limits{MaxDecompressedBytes: 1 << 20}, NewBudget(4<<20))
			if err != nil {
				checkSentinel(t, kind, err)
			}
			for _, o := range out {
				if o.err != nil {
					checkSentinel(t, kind, o.err)
				}
				if len(o.body) > 1<<20 {
					t.Fatalf("%s: member %q read %d bytes past the 1 MiB limit", kind, o.m.Name, len(o.body))
				}
			}
		}
	})
}

func checkSentinel(t *testing.T, kind string, err error) {
	t.Helper()
	for _, s := range []error{ErrCorrupt, ErrLimit, ErrUnsupported, ErrEncrypted, ErrUnsafeMember} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("%s: error wraps no sentinel: %v", kind, err)
}
