package main

import (
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/ulikunitz/xz"
)

// compressedBomb is head then at least n bytes of repeated body, compressed with newWriter's
// encoder: one stream of head, then one stream of 1 MiB of body repeated (xz and zstd both read
// concatenated streams as one), so the pure-Go encoders compress only a megabyte.
func compressedBomb(t *testing.T, newWriter func(io.Writer) (io.WriteCloser, error), head, body []byte, n int) []byte {
	t.Helper()
	stream := func(data []byte) []byte {
		var buf bytes.Buffer
		w, err := newWriter(&buf)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
		require.NoError(t, w.Close())
		return buf.Bytes()
	}
	out := stream(head)
	chunk := stream(bytes.Repeat(body, max(1, min(n, 1<<20)/len(body))))
	for k := 0; k < n; k += 1 << 20 {
		out = append(out, chunk...)
	}
	return out
}

func newXZ(w io.Writer) (io.WriteCloser, error) { return xz.NewWriter(w) }
func newZstd(w io.Writer) (io.WriteCloser, error) {
	return zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBestCompression))
}

// TestHostileNewFormatsInOneRun is the hostile suite for the JSON reader and the bzip2, xz and
// zstd layers: bombs of each (8 times --max-decompressed-bytes), JSON nested 10,000 deep, a
// truncated .jsonl.xz, a JSON string of 200 MB (not under -short), an xz header asking for a 4 GiB
// dictionary — in one run of the real binary. Each must be an error with its reason, and the
// run's peak RSS stays under 500 MB.
func TestHostileNewFormatsInOneRun(t *testing.T) {
	root := worldDir(t)
	dir := filepath.Join(root, "exports")
	require.NoError(t, os.Mkdir(dir, 0o755))

	bz2, err := os.ReadFile("../../testdata/compress/bomb.csv.bz2") // 64 MiB of rows
	require.NoError(t, err)
	jsonl := bytes.Repeat([]byte(`{"id":"11010519491231002X","n":1}`+"\n"), 2000)
	truncated := compressedBomb(t, newXZ, nil, jsonl, len(jsonl))
	truncated = truncated[:len(truncated)/2]
	hugeDict := compressedBomb(t, newXZ, []byte("a,b\n"), []byte("1,2\n"), 4096)
	// The LZMA2 filter's dictionary byte in the first block header, then the header's CRC32.
	hdr := hugeDict[12 : 12+(int(hugeDict[12])+1)*4]
	i := bytes.Index(hdr, []byte{0x21, 0x01})
	require.Greater(t, i, 0)
	hdr[i+2] = 40
	crc := crc32IEEE(hdr[:len(hdr)-4])
	copy(hdr[len(hdr)-4:], []byte{byte(crc), byte(crc >> 8), byte(crc >> 16), byte(crc >> 24)})

	files := map[string][]byte{
		"bombs/bzip2-bomb.csv.bz2": bz2,
		"bombs/xz-bomb.csv.xz":     compressedBomb(t, newXZ, []byte("a,b\n"), []byte("1,2\n"), 8*decompressLimit),
		"bombs/zstd-bomb.jsonl.zst": compressedBomb(t, newZstd, nil,
			[]byte(`{"a":"1","b":"2"}`+"\n"), 8*decompressLimit),
		"bombs/xz-4GiB-dictionary.txt.xz": hugeDict,
		"json/deep.json":                  []byte(strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000)),
		"json/truncated.jsonl.xz":         truncated,
	}
	for name, data := range files {
		writeFile(t, filepath.Join(dir, name), data)
	}
	cases := map[string]string{
		"bombs/bzip2-bomb.csv.bz2":        "bzip2 data decompresses to more than the 8 MiB limit (--max-decompressed-bytes",
		"bombs/xz-bomb.csv.xz":            "xz data decompresses to more than the 8 MiB limit (--max-decompressed-bytes",
		"bombs/zstd-bomb.jsonl.zst":       "zstd data decompresses to more than the 8 MiB limit (--max-decompressed-bytes",
		"bombs/xz-4GiB-dictionary.txt.xz": "xz stream asks for a window larger than the fixed 128 MiB limit",
		"json/deep.json":                  "JSON nested deeper than the fixed limit of 64 levels",
		"json/truncated.jsonl.xz":         "xz: truncated data",
	}
	if !testing.Short() {
		// One 200 MB JSON string, on one line.
		f, err := os.Create(filepath.Join(dir, "json", "huge-string.json"))
		require.NoError(t, err)
		_, err = f.WriteString(`[{"id":"`)
		require.NoError(t, err)
		chunk := bytes.Repeat([]byte("7"), 1<<20)
		for range 200 {
			_, err := f.Write(chunk)
			require.NoError(t, err)
		}
		_, err = f.WriteString(`"}]`)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		cases["json/huge-string.json"] = "a JSON string or number is longer than the 16 MiB limit (--max-field-bytes"
	}

	out := filepath.Join(worldDir(t), "report.json")
	run, _ := runCLI(t, false, 120*time.Second, "scan", "-f", "json", "-o", out, "--no-progress",
		"--max-decompressed-bytes", strconv.Itoa(decompressLimit), "--workers", "2", dir)
	t.Logf("hostile formats run: exit %d in %v, peak RSS %d MiB", run.code, run.elapsed.Round(time.Millisecond), run.maxRSSBytes>>20)
	require.Equal(t, exitError, run.code, run.stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err, run.stderr)
	r := decodeReport(t, data)
	for name, reason := range cases {
		t.Run(name, func(t *testing.T) {
			f := findFile(r, name)
			require.NotNil(t, f, "%q missing from the report", name)
			assert.Equal(t, "error", f.Verdict.Label)
			assert.Contains(t, f.Error, reason)
			assert.NotContains(t, f.Error, "11010519491231002X")
		})
	}
	assert.Less(t, run.maxRSSBytes, int64(500<<20)*raceMemoryFactor, "peak RSS of the run (race detector: %v)", raceEnabled)
}

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
