package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers/archivetest"
	"github.com/xborder/xborder/readers/hostile"
	"github.com/xborder/xborder/report"
)

// runMainEnv makes the test binary act as the xborder command (TestMain in progress_test.go), so
// tests can run the real CLI as a separate process (to measure its peak memory, or run it as
// another user) without a go build.
const runMainEnv = "XBORDER_RUN_MAIN"

// unprivileged is the uid and gid the CLI runs as when the tests run as root: root reads through
// chmod 000, so unreadable inputs can only be tested as someone else.
const unprivileged = 65534

// cliRun is one run of the CLI as a subprocess.
type cliRun struct {
	code           int
	stdout, stderr string
	maxRSSBytes    int64
	elapsed        time.Duration
}

// runCLI runs the test binary as the xborder command with args. When dropPrivileges is set and
// the tests run as root, it runs as uid/gid 65534 through setpriv; it reports whether it did.
func runCLI(t *testing.T, dropPrivileges bool, timeout time.Duration, args ...string) (cliRun, bool) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	var argv []string
	dropped := false
	if dropPrivileges && os.Geteuid() == 0 {
		setpriv, err := exec.LookPath("setpriv")
		if err == nil {
			// The go test binary lives in a private build folder: copy it where the user can run it.
			dir := worldDir(t)
			copyFile(t, exe, filepath.Join(dir, "xborder.test"), 0o755)
			exe = filepath.Join(dir, "xborder.test")
			argv = []string{setpriv, "--reuid=" + strconv.Itoa(unprivileged), "--regid=" + strconv.Itoa(unprivileged), "--clear-groups", "--"}
			dropped = true
		}
	}
	argv = append(argv, exe)
	argv = append(argv, args...)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	peakFile := filepath.Join(worldDir(t), "peak")
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1", peakFileEnv+"="+peakFile)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err = cmd.Run()
	run := cliRun{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("xborder %v did not finish within %v\nstderr:\n%s", args, timeout, errb.String())
	}
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running xborder: %v", err)
		}
	}
	run.code = cmd.ProcessState.ExitCode()
	if peak, err := os.ReadFile(peakFile); err == nil {
		run.maxRSSBytes, _ = strconv.ParseInt(strings.TrimSpace(string(peak)), 10, 64)
	} else if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		// The child's rusage includes the RSS of the test process it was forked from (Linux keeps
		// the high-water mark across exec), so this is only an upper bound.
		run.maxRSSBytes = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return run, dropped
}

// peakFileEnv names the file where a subprocess run writes its peak resident size in bytes.
const peakFileEnv = "XBORDER_PEAK_FILE"

// recordPeak writes the process's peak resident size (VmHWM: its own, since exec) to path.
func recordPeak(path string) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				os.WriteFile(path, []byte(strconv.FormatInt(kb*1024, 10)), 0o666)
			}
			return
		}
	}
}

// worldDir is a fresh temporary folder that every user can enter and write (so the unprivileged
// CLI can reach the inputs and write its report there).
func worldDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for p := dir; p != os.TempDir() && p != "/" && strings.HasPrefix(p, os.TempDir()); p = filepath.Dir(p) {
		require.NoError(t, os.Chmod(p, 0o777|os.ModeSticky))
	}
	return dir
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, mode))
	require.NoError(t, os.Chmod(to, mode))
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

// goodCSV is a small export with goodPersons persons identified by name and mobile number.
const goodPersons = 40

func goodCSV() []byte {
	var b strings.Builder
	b.WriteString("姓名,手机号,城市\n")
	for i := 0; i < goodPersons; i++ {
		fmt.Fprintf(&b, "用户%d,139%08d,北京\n", i, 10000000+i*7919)
	}
	return []byte(b.String())
}

// repeatedDeflate writes size bytes of chunk repeated through w.
func repeatedDeflate(t *testing.T, w io.Writer, chunk []byte, size int) {
	t.Helper()
	block := bytes.Repeat(chunk, (64<<10)/len(chunk))
	for n := 0; n < size; n += len(block) {
		_, err := w.Write(block)
		require.NoError(t, err)
	}
}

// gzipBomb is a small gzip stream of CSV rows that unzips to size bytes.
func gzipBomb(t *testing.T, size int) []byte {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	zw.Write([]byte("a,b\n"))
	repeatedDeflate(t, zw, []byte("1,2\n"), size)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// xlsxZipBomb is a valid-looking workbook whose sheet part unzips to size bytes of rows.
func xlsxZipBomb(t *testing.T, size int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		require.NoError(t, err)
		io.WriteString(w, p.body)
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	repeatedDeflate(t, w, []byte(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`), size)
	io.WriteString(w, `</sheetData></worksheet>`)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// zipBomb is a zip whose one CSV member unzips to size bytes of rows.
func zipBomb(t *testing.T, size int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	w, err := zw.Create("bomb.csv")
	require.NoError(t, err)
	io.WriteString(w, "a,b\n")
	repeatedDeflate(t, w, []byte("1,2\n"), size)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// overlappingZipBomb lists one member's compressed data under 1,000 names ("better zip bomb").
func overlappingZipBomb(t *testing.T) []byte {
	t.Helper()
	one := archivetest.Zip(t, [2]string{"a.csv", strings.Repeat("1,2\n", 1000)})
	eocd := bytes.LastIndex(one, []byte{0x50, 0x4b, 0x05, 0x06})
	cdOff := int(binary.LittleEndian.Uint32(one[eocd+16:]))
	cd := one[cdOff:eocd]
	var out bytes.Buffer
	out.Write(one[:cdOff])
	const copies = 1000
	for i := 0; i < copies; i++ {
		rec := bytes.Clone(cd)
		copy(rec[46:], fmt.Sprintf("%03d", i)) // a.csv → 000.v, 001.v…: distinct names
		out.Write(rec)
	}
	end := bytes.Clone(one[eocd:])
	binary.LittleEndian.PutUint16(end[8:], copies)
	binary.LittleEndian.PutUint16(end[10:], copies)
	binary.LittleEndian.PutUint32(end[12:], uint32(copies*len(cd)))
	out.Write(end)
	return out.Bytes()
}

// nestedZips is testdata/archives/nested-10000.zip.gz unpacked: 10,000 zips nested in each
// other by python3's zipfile (testdata/gen/archives.sh), a CSV at the bottom.
func nestedZips(t *testing.T) []byte {
	t.Helper()
	f, err := os.Open("../../testdata/archives/nested-10000.zip.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	data, err := io.ReadAll(zr)
	require.NoError(t, err)
	return data
}

// trickyTar holds a member climbing out with "..", an absolute one, a symbolic link to
// /etc/passwd, a duplicate name and one good member.
func trickyTar(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	body := "sku,qty\nA-1,3\n"
	for _, h := range []tar.Header{
		{Name: "../escape.csv", Typeflag: tar.TypeReg},
		{Name: "/etc/cron.d/abs.csv", Typeflag: tar.TypeReg},
		{Name: "link.csv", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"},
		{Name: "good.csv", Typeflag: tar.TypeReg},
		{Name: "good.csv", Typeflag: tar.TypeReg},
	} {
		h.Mode = 0o644
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(body))
		}
		require.NoError(t, tw.WriteHeader(&h))
		if h.Typeflag == tar.TypeReg {
			io.WriteString(tw, body)
		}
	}
	require.NoError(t, tw.Close())
	return buf.Bytes()
}

// truncatedTarGz is a tar.gz of two CSV members cut in the middle of the second.
func truncatedTarGz(t *testing.T) []byte {
	t.Helper()
	var raw bytes.Buffer
	zw := gzip.NewWriter(&raw)
	tw := tar.NewWriter(zw)
	first := string(goodCSV())
	var second strings.Builder
	second.WriteString("order_id,qty\n")
	for i := 0; second.Len() < 256<<10; i++ {
		fmt.Fprintf(&second, "SO%08d,%d\n", i*7919%100000000, i%13)
	}
	for _, m := range [][2]string{{"first.csv", first}, {"second.csv", second.String()}} {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: m[0], Mode: 0o644, Size: int64(len(m[1])), Typeflag: tar.TypeReg}))
		io.WriteString(tw, m[1])
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	return raw.Bytes()[:raw.Len()*2/3]
}

// hostileCase is one crafted input of the hostile folder and what the report must say about it.
type hostileCase struct {
	name string // path relative to the scanned folder
	// shown is the path as the JSON report writes it, when it differs from name (invalid UTF-8
	// is written as \xNN escapes rather than U+FFFD).
	shown string
	// label is the expected verdict label; "" means the path must be under skipped instead.
	label string
	// reason is a substring of the error (label error) or of the skip reason.
	reason string
	// privileged cases are only meaningful when the CLI runs without root's read-anything rights.
	unprivileged bool
	big          bool
}

// decompressLimit is the --max-decompressed-bytes of the hostile run: the bombs unzip to 8 times
// as much, so they are caught without the test spending seconds inflating gigabytes.
const decompressLimit = 8 << 20

// buildHostileTree writes the hostile folder and returns the cases it holds.
func buildHostileTree(t *testing.T, dir string, withBig bool) []hostileCase {
	t.Helper()
	reference, err := os.ReadFile("../../testdata/conformance/reference.parquet")
	require.NoError(t, err)
	encrypted, err := os.ReadFile("../../testdata/xlsx/encrypted.xlsx")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(rng.UintN(256))
	}
	badMagic := bytes.Clone(reference)
	copy(badMagic, "XXXX")
	corrupt := append([]byte("PAR1"), bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 64)...)
	corrupt = append(corrupt, 0x80, 0, 0, 0)
	corrupt = append(corrupt, "PAR1"...)

	files := map[string][]byte{
		"good.csv":                      goodCSV(),
		"parquet/corrupt.parquet":       corrupt,
		"parquet/bad-magic.parquet":     badMagic,
		"parquet/truncated.parquet":     reference[:len(reference)/2],
		"junk.csv":                      junk,
		"bombs/zip-bomb.xlsx":           xlsxZipBomb(t, 8*decompressLimit),
		"bombs/gzip-bomb.csv.gz":        gzipBomb(t, 8*decompressLimit),
		"encrypted.xlsx":                encrypted,
		"ragged.csv":                    []byte("sku,qty,price\nA-1,3\nA-2,4,5.00,extra\n"),
		"empty.csv":                     {},
		"header-only.csv":               []byte("sku,qty,price\n"),
		"names/new\nline.csv":           []byte("sku,qty\nA-1,3\n"),
		"names/tab\tand \"quotes\".csv": []byte("sku,qty\nA-1,3\n"),
		"names/latin1-\xe9t\xe9.csv":    []byte("sku,qty\nA-1,3\n"),
		"unreadable/secret.csv":         []byte("sku,qty\nA-1,3\n"),
		"locked/inside.csv":             []byte("sku,qty\nA-1,3\n"),
		"archives/bomb.zip":             zipBomb(t, 2*decompressLimit),
		"archives/overlap.zip":          overlappingZipBomb(t),
		"archives/nested-10000.zip":     nestedZips(t),
		"archives/tricky.tar":           trickyTar(t),
		"archives/truncated.tar.gz":     truncatedTarGz(t),
		"archives/truncated.zip":        archivetest.Zip(t, [2]string{"a.csv", string(goodCSV())})[:200],
		"archives/good.zip":             archivetest.Zip(t, [2]string{"in/good.csv", string(goodCSV())}),
	}
	for name, data := range files {
		writeFile(t, filepath.Join(dir, name), data)
	}
	require.NoError(t, os.Chmod(filepath.Join(dir, "unreadable/secret.csv"), 0))
	require.NoError(t, os.Chmod(filepath.Join(dir, "locked"), 0))
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "locked"), 0o755) })
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "loops"), 0o755))
	require.NoError(t, os.Symlink("..", filepath.Join(dir, "loops", "parent")))
	require.NoError(t, os.Symlink("b.csv", filepath.Join(dir, "loops", "a.csv")))
	require.NoError(t, os.Symlink("a.csv", filepath.Join(dir, "loops", "b.csv")))
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o644))
	// A device, reached through a link (the run follows links): creating one needs mknod rights.
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "device.csv")))

	cases := []hostileCase{
		{name: "parquet/corrupt.parquet", label: "error", reason: "corrupt"},
		{name: "parquet/bad-magic.parquet", label: "error", reason: "missing PAR1 magic at the start"},
		{name: "parquet/truncated.parquet", label: "error", reason: "missing PAR1 magic at the end (truncated?)"},
		{name: "junk.csv", label: "error", reason: "binary data, not delimited text"},
		{name: "bombs/zip-bomb.xlsx", label: "error", reason: "unzip to more than the 8 MiB limit (--max-decompressed-bytes"},
		{name: "bombs/gzip-bomb.csv.gz", label: "error", reason: "gzip data unzips to more than the 8 MiB limit (--max-decompressed-bytes"},
		{name: "encrypted.xlsx", label: "error", reason: "password-protected"},
		// Ragged rows are padded or cut and noted, not an error (readers' documented behaviour).
		{name: "ragged.csv", label: "free"},
		// 0 bytes hold nothing to transfer: read in full, free under Art. 3.
		{name: "empty.csv", label: "free"},
		{name: "header-only.csv", label: "free"},
		{name: "names/new\nline.csv", label: "free"},
		{name: "names/tab\tand \"quotes\".csv", label: "free"},
		{name: "names/latin1-\xe9t\xe9.csv", shown: `names/latin1-\xe9t\xe9.csv`, label: "free"},
		{name: "unreadable/secret.csv", label: "error", reason: "permission denied", unprivileged: true},
		{name: "locked", label: "error", reason: "cannot read folder: permission denied", unprivileged: true},
		{name: "loops/a.csv", reason: "symbolic link loop"},
		{name: "loops/b.csv", reason: "symbolic link loop"},
		{name: "loops/parent", reason: "symbolic link loop: folder already visited"},
		{name: "pipe.csv", reason: "not a regular file (named pipe): never opened"},
		{name: "device.csv", reason: "not a regular file (character device): never opened"},
		{name: "archives/bomb.zip!/bomb.csv", label: "error", reason: "the zip member unzips to more than the 8 MiB limit (--max-decompressed-bytes"},
		{name: "archives/overlap.zip", label: "error", reason: "members share compressed data (overlapping entries, a zip bomb): refused"},
		{name: "archives/nested-10000.zip!/n.zip!/n.zip!/n.zip", label: "error", reason: "archive nested more than 3 levels deep: not opened"},
		{name: "archives/tricky.tar!/../escape.csv", label: "error", reason: "climbs out of the archive"},
		{name: "archives/tricky.tar!//etc/cron.d/abs.csv", label: "error", reason: "absolute member path"},
		{name: "archives/tricky.tar!/link.csv", reason: "symbolic link member (to \"/etc/passwd\")"},
		{name: "archives/tricky.tar!/good.csv", label: "free"},
		{name: "archives/truncated.tar.gz!/first.csv", label: "free"},
		{name: "archives/truncated.tar.gz!/second.csv", label: "error", reason: "truncated"},
		{name: "archives/truncated.zip", label: "error", reason: "not a readable zip archive"},
		{name: "archives/good.zip!/in/good.csv", label: "free"},
	}
	if withBig {
		// One 200 MB line: the reader must stop at --max-field-bytes without holding the line.
		f, err := os.Create(filepath.Join(dir, "one-line.csv"))
		require.NoError(t, err)
		line := bytes.Repeat([]byte("x"), 1<<20)
		for i := 0; i < 200; i++ {
			_, err := f.Write(line)
			require.NoError(t, err)
		}
		require.NoError(t, f.Close())
		cases = append(cases, hostileCase{name: "one-line.csv", label: "error", reason: "longer than the 16 MiB limit (--max-field-bytes", big: true})
	}
	return cases
}

// TestHostileFolderInOneRun scans one folder of every kind of hostile input in a single run of
// the real binary: it must finish, exit 2, label each bad file error with a reason that names the
// problem (or skip it with a reason), still audit the good file exactly, and stay within a bounded
// peak memory. When the tests run as root the CLI runs as an unprivileged user, so that chmod 000
// really makes a file and a folder unreadable.
func TestHostileFolderInOneRun(t *testing.T) {
	root := worldDir(t)
	dir := filepath.Join(root, "exports")
	require.NoError(t, os.Mkdir(dir, 0o755))
	cases := buildHostileTree(t, dir, !testing.Short())
	outDir := worldDir(t)
	out := filepath.Join(outDir, "report.json")

	run, dropped := runCLI(t, true, 90*time.Second, "scan", "-f", "json", "-o", out, "--no-progress",
		"--follow-symlinks", "--max-decompressed-bytes", strconv.Itoa(decompressLimit), "--workers", "2", dir)
	t.Logf("hostile run: exit %d in %v, peak RSS %d MiB, unprivileged=%v", run.code, run.elapsed.Round(time.Millisecond), run.maxRSSBytes>>20, dropped)
	require.Equal(t, exitError, run.code, run.stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err, run.stderr)
	r := decodeReport(t, data)

	good := fileByPath(t, r, "good.csv")
	assert.Equal(t, "free", good.Verdict.Label)
	assert.Equal(t, int64(goodPersons), good.Individuals)
	assert.Equal(t, int64(goodPersons), good.Rows)
	assert.Empty(t, good.Error)

	skipped := map[string]string{}
	for _, s := range r.Skipped {
		skipped[s.Path] = s.Reason
	}
	for _, c := range cases {
		t.Run(strings.NewReplacer("\n", `\n`, "\t", `\t`).Replace(c.name), func(t *testing.T) {
			if c.unprivileged && os.Geteuid() == 0 && !dropped {
				t.Skip("running as root without setpriv: chmod 000 does not stop root from reading")
			}
			if c.label == "" {
				reason, ok := skipped[c.name]
				require.True(t, ok, "%q is neither skipped nor reported; skipped: %v", c.name, skipped)
				assert.Contains(t, reason, c.reason)
				return
			}
			shown := c.name
			if c.shown != "" {
				shown = c.shown
			}
			f := findFile(r, shown)
			require.NotNil(t, f, "%q missing from the report", shown)
			assert.Equal(t, c.label, f.Verdict.Label, f.Error)
			if c.label == "error" {
				assert.Contains(t, f.Error, c.reason)
			} else {
				assert.Empty(t, f.Error)
			}
		})
	}
	assert.Equal(t, "error", r.Summary.Verdict.Label)
	// 103-106 MiB measured without -race; the bound catches a 200 MB line or a bomb held whole.
	assert.Less(t, run.maxRSSBytes, int64(300<<20)*raceMemoryFactor, "peak RSS of the hostile run (race detector: %v)", raceEnabled)
	for _, c := range cases {
		if strings.ContainsAny(c.name, "\n\t") || !isUTF8(c.name) {
			assert.NotContains(t, run.stderr, c.name, "a hostile name must be escaped on stderr")
		}
	}
}

func findFile(r report.Report, path string) *report.File {
	for i := range r.Files {
		if r.Files[i].Path == path {
			return &r.Files[i]
		}
	}
	return nil
}

func isUTF8(s string) bool { return strings.ToValidUTF8(s, "") == s }

// TestHostileNamesEscapedInEveryFormat checks that file names with a newline, a tab, quotes and
// invalid UTF-8 come out escaped, valid UTF-8 and distinct in every report format and on stderr:
// two names differing only in an invalid byte must not both become U+FFFD.
func TestHostileNamesEscapedInEveryFormat(t *testing.T) {
	dir := t.TempDir()
	body := []byte("sku,qty\nA-1,3\n")
	names := []string{"new\nline.csv", "tab\t\"quoted\".csv", "bad\xff.csv", "bad\xfe.csv", "back\\slash.csv"}
	for _, n := range names {
		writeFile(t, filepath.Join(dir, n), body)
	}
	writeFile(t, filepath.Join(dir, "broken\xff\n.parquet"), []byte("not parquet"))
	for _, f := range report.Formats() {
		t.Run(f, func(t *testing.T) {
			code, out, errOut := testApp{now: day}.run(t, "scan", "-f", f, dir)
			require.Equal(t, exitError, code, errOut)
			for _, text := range []string{out, errOut} {
				assert.True(t, utf8.ValidString(text), "output is not valid UTF-8")
				assert.NotContains(t, text, "\uFFFD", "an invalid byte became U+FFFD: names would collide")
				assert.NotContains(t, text, "new\nline", "a raw newline inside a name")
				assert.NotContains(t, text, "tab\t", "a raw tab inside a name")
			}
			for _, want := range []string{"xff", "xfe", "new", "line", "quoted"} {
				assert.Contains(t, out, want)
			}
			assert.Contains(t, errOut, "broken")
		})
	}
}

// TestFileGrowingDuringScanIsError appends to a large export while it is being scanned, as an
// upload still in progress would: that file is labelled error "changed while it was read", and
// the other file of the run is audited normally.
func TestFileGrowingDuringScanIsError(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.csv"), goodCSV())
	growing := filepath.Join(dir, "growing.csv")
	var b bytes.Buffer
	b.WriteString("order_id,sku,qty\n")
	for i := 0; b.Len() < 24<<20; i++ {
		fmt.Fprintf(&b, "%d,SKU-%d,%d\n", i, i%977, i%13)
	}
	writeFile(t, growing, b.Bytes())

	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(growing, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			done <- err
			return
		}
		defer f.Close()
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			case <-time.After(time.Millisecond):
			}
			if _, err := fmt.Fprintf(f, "%d,SKU-late,1\n", i); err != nil {
				done <- err
				return
			}
		}
	}()
	code, out, stderr := testApp{now: day}.run(t, "scan", "-f", "json", dir)
	close(stop)
	require.NoError(t, <-done)
	require.Equal(t, exitError, code, stderr)
	r := decodeReport(t, []byte(out))
	g := fileByPath(t, r, "growing.csv")
	assert.Equal(t, "error", g.Verdict.Label)
	assert.Contains(t, g.Error, "changed while it was read")
	good := fileByPath(t, r, "good.csv")
	assert.Equal(t, "free", good.Verdict.Label)
	assert.Equal(t, int64(goodPersons), good.Individuals)
}

// TestSymlinkLoopsWithoutFollowing checks the default walk: links inside folders are listed as
// skipped and never followed, so a loop costs nothing; a looping link named on the command line
// is an error result, not a hang.
func TestSymlinkLoopsWithoutFollowing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.csv"), goodCSV())
	require.NoError(t, os.Symlink("..", filepath.Join(dir, "parent")))
	require.NoError(t, os.Symlink("b.csv", filepath.Join(dir, "a.csv")))
	require.NoError(t, os.Symlink("a.csv", filepath.Join(dir, "b.csv")))
	code, out, stderr := testApp{now: day}.run(t, "scan", "-f", "json", dir, filepath.Join(dir, "a.csv"))
	require.Equal(t, exitError, code, stderr)
	r := decodeReport(t, []byte(out))
	skipped := map[string]string{}
	for _, s := range r.Skipped {
		skipped[s.Path] = s.Reason
	}
	for _, name := range []string{"parent", "a.csv", "b.csv"} {
		assert.Contains(t, skipped[name], "symbolic link not followed", name)
	}
	arg := fileByPath(t, r, filepath.Join(dir, "a.csv"))
	assert.Equal(t, "error", arg.Verdict.Label)
	assert.Contains(t, arg.Error, "too many levels of symbolic links")
	// Two roots (the folder and a file in it): every shown path carries its root.
	assert.Equal(t, "free", fileByPath(t, r, filepath.Join(dir, "good.csv")).Verdict.Label)
}

// hostileInput is one input of issue 21's second hardening round, run on its own so that its
// peak memory and time are its own.
type hostileInput struct {
	name  string
	setup func(t *testing.T, dir string) []string // writes the input, returns the CLI arguments
	code  int
	// says is a substring of the file's error in the report, or of stderr when no report is
	// written (files the CLI opens for itself).
	says string
}

func hostileInputs() []hostileInput {
	var in []hostileInput
	scale := int64(1)
	if raceEnabled {
		scale = 8 // every token costs about ten times as much: smaller bombs, past every bound still
	}
	for _, b := range hostile.XLSXBombsScaled(scale) {
		want := map[string]string{
			"sst-empty-items.xlsx":   "the shared-string table holds more than",
			"sst-long-items.xlsx":    "the shared-string table holds more text than",
			"styles-56m-xf.xlsx":     "styles: the part holds more than|the styles part lists more than",
			"cell-2gb.xlsx":          "longer than the 16 MiB limit (--max-field-bytes",
			"tag-2gb.xlsx":           "an XML tag is longer than the 64 KiB limit",
			"sheets-10m.xlsx":        "more sheets than the 1024-sheet limit (--max-sheets",
			"rels-10m.xlsx":          "workbook relationships: the part holds more than",
			"dimension-xfd.xlsx":     "",
			"content-types-10m.xlsx": "",
		}[b.Name]
		code := exitError
		if want == "" {
			code = exitOK
		}
		in = append(in, hostileInput{name: b.String(), code: code, says: want,
			setup: func(t *testing.T, dir string) []string {
				writeFile(t, filepath.Join(dir, b.Name), b.Data)
				return []string{filepath.Join(dir, b.Name)}
			}})
	}
	wide := func(n int, cell string) func(t *testing.T, dir string) []string {
		return func(t *testing.T, dir string) []string {
			p := filepath.Join(dir, fmt.Sprintf("wide-%d.csv", n))
			hdr := bytes.Repeat([]byte(cell+","), n)
			writeFile(t, p, append(append(hdr[:len(hdr)-1], '\n'), "1\n"...))
			return []string{p}
		}
	}
	in = append(in, hostileInput{name: "CSV header of 1 M columns", setup: wide(1_000_000, "name"), code: exitError, says: "1000000 columns exceed the 16384-column limit"})
	if !raceEnabled {
		in = append(in, hostileInput{name: "CSV header of 8 M columns", setup: wide(8_000_000, "a"), code: exitError, says: "8000000 columns exceed the 16384-column limit"})
	}
	special := func(flag string, target func(t *testing.T, dir string) string) func(t *testing.T, dir string) []string {
		return func(t *testing.T, dir string) []string {
			writeFile(t, filepath.Join(dir, "data", "good.csv"), goodCSV())
			args := []string{flag, target(t, dir)}
			if flag == "--ledger-key" {
				args = append(args, "--ledger", filepath.Join(dir, "new.db"))
			}
			return append(args, filepath.Join(dir, "data"))
		}
	}
	fifo := func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "fifo")
		require.NoError(t, syscall.Mkfifo(p, 0o666))
		return p
	}
	devZero := func(*testing.T, string) string { return "/dev/zero" }
	in = append(in,
		hostileInput{name: "--policy /dev/zero", setup: special("--policy", devZero), code: exitError, says: "not a regular file (character device)"},
		hostileInput{name: "--policy FIFO", setup: special("--policy", fifo), code: exitError, says: "not a regular file (named pipe)"},
		hostileInput{name: "--ledger FIFO", setup: special("--ledger", fifo), code: exitError, says: "not a regular file (named pipe)"},
		hostileInput{name: "--ledger-key FIFO", setup: special("--ledger-key", fifo), code: exitError, says: "not a regular file (named pipe)"},
		hostileInput{name: "--ledger-key /dev/zero", setup: special("--ledger-key", devZero), code: exitError, says: "not a regular file (character device)"},
	)
	return in
}

// TestHostileInputsOneByOne runs the real CLI once per hostile input of the second hardening
// round (tiny workbooks claiming gigabytes, headers of millions of columns, special files as the
// policy, ledger or key) with the default limits, and reports each run's time and peak RSS. Each
// must end within its deadline (a hang guard, not a timing assertion) with the expected outcome,
// and stay under 500 MB.
func TestHostileInputsOneByOne(t *testing.T) {
	for _, hi := range hostileInputs() {
		t.Run(hi.name, func(t *testing.T) {
			dir := worldDir(t)
			args := hi.setup(t, dir)
			out := filepath.Join(worldDir(t), "report.json")
			run, _ := runCLI(t, true, 3*time.Minute, append([]string{"scan", "-f", "json", "-o", out, "--no-progress"}, args...)...)
			t.Logf("%s: exit %d in %v, peak RSS %d MiB", hi.name, run.code, run.elapsed.Round(time.Millisecond), run.maxRSSBytes>>20)
			assert.Equal(t, hi.code, run.code, run.stderr)
			assert.Less(t, run.maxRSSBytes, int64(500<<20)*raceMemoryFactor, "peak RSS (race detector: %v)", raceEnabled)
			if hi.says == "" {
				return
			}
			data, err := os.ReadFile(out)
			if err != nil {
				assert.Contains(t, run.stderr, hi.says)
				return
			}
			r := decodeReport(t, data)
			require.Len(t, r.Files, 1)
			ok := false
			for _, alt := range strings.Split(hi.says, "|") {
				ok = ok || strings.Contains(r.Files[0].Error, alt)
			}
			assert.True(t, ok, "error %q does not say %q", r.Files[0].Error, hi.says)
		})
	}
}
