package readers

import (
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/ulikunitz/xz"
)

func readFixture(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// rowsOf opens data under name and returns the columns and rows of its first table.
func rowsOf(t *testing.T, name string, data []byte, lim Limits) ([]string, [][]string, Info, error) {
	t.Helper()
	f, err := Default().Open(Source{Path: name, R: bytes.NewReader(data), Size: int64(len(data)), Limits: lim})
	if err != nil {
		return nil, nil, Info{}, err
	}
	defer f.Close()
	tbl, err := f.NextTable()
	if err != nil {
		return nil, nil, f.Info(), err
	}
	var rows [][]string
	var b Batch
	for {
		err := tbl.Next(&b)
		if err == io.EOF {
			return tbl.Columns(), rows, f.Info(), nil
		}
		if err != nil {
			return tbl.Columns(), rows, f.Info(), err
		}
		rows = append(rows, batchRows(&b)...)
	}
}

// TestCompressedFixtures reads the xz and zstd files the command-line tools wrote
// (testdata/gen/formats_h14.sh): many blocks, every check type, concatenated streams with
// padding, zstd without checksum. Each must give the rows of the plain CSV, and the xz guard
// must have followed the whole container.
func TestCompressedFixtures(t *testing.T) {
	dir := filepath.Join("..", "testdata", "compress")
	plain := readFixture(t, filepath.Join(dir, "rows.csv"))
	wantCols, wantRows, _, err := rowsOf(t, "rows.csv", plain, Limits{})
	require.NoError(t, err)
	require.Len(t, wantRows, 150)
	for name, compression := range map[string]string{
		"rows_blocks.csv.xz": CompressionXZ, "rows_nocheck.csv.xz": CompressionXZ, "rows_sha256.csv.xz": CompressionXZ,
		"rows_streams.csv.xz": CompressionXZ, "rows_sizes.csv.xz": CompressionXZ, "rows.csv.zst": CompressionZstd, "rows_nocheck.csv.zst": CompressionZstd,
	} {
		t.Run(name, func(t *testing.T) {
			data := readFixture(t, filepath.Join(dir, name))
			cols, rows, info, err := rowsOf(t, name, data, Limits{BatchRows: 7})
			require.NoError(t, err)
			assert.Equal(t, wantCols, cols)
			assert.Equal(t, wantRows, rows)
			assert.Equal(t, compression, info.Compression)
			if compression == CompressionXZ {
				g := &xzGuard{maxDict: maxCompressionWindow}
				require.NoError(t, g.feed(data))
				assert.False(t, g.lostTrack, "the guard lost track of the container")
				assert.Equal(t, xzStreamPad, g.state)
			}
		})
	}
}

// xzWithDict returns an xz stream of data whose block header declares the dictionary size code
// code (40 is 4 GiB), its header CRC recomputed: what a hostile file looks like.
func xzWithDict(t *testing.T, data []byte, code byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xz.NewWriter(&buf)
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	b := buf.Bytes()
	const hdr = 12 // the block header follows the stream header
	size := (int(b[hdr]) + 1) * 4
	h := b[hdr : hdr+size]
	i := bytes.Index(h[2:], []byte{0x21, 0x01})
	require.GreaterOrEqual(t, i, 0, "no LZMA2 filter in the block header")
	h[2+i+2] = code
	crc := crc32.ChecksumIEEE(h[:size-4])
	h[size-4], h[size-3], h[size-2], h[size-1] = byte(crc), byte(crc>>8), byte(crc>>16), byte(crc>>24)
	return b
}

// zstdWithWindow returns a zstd frame of data whose window descriptor is patched to exponent e
// (window 2^(10+e) bytes).
func zstdWithWindow(t *testing.T, data []byte, e byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := zstd.NewWriter(&buf, zstd.WithSingleSegment(false))
	require.NoError(t, err)
	_, err = w.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	b := buf.Bytes()
	require.Zero(t, b[4]&0x20, "single-segment frame has no window descriptor")
	b[5] = e << 3
	return b
}

// bombOf compresses n bytes of "1,2\n" rows after a header with the Go encoders.
func bombOf(t *testing.T, compression string, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	var err error
	switch compression {
	case CompressionXZ:
		w, err = xz.NewWriter(&buf)
	case CompressionZstd:
		w, err = zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedBestCompression))
	case CompressionGzip:
		return gzipped(t, append([]byte("a,b\n"), bytes.Repeat([]byte("1,2\n"), n/4)...))
	}
	require.NoError(t, err)
	w.Write([]byte("a,b\n"))
	block := bytes.Repeat([]byte("1,2\n"), 16<<10)
	for k := 0; k < n; k += len(block) {
		_, err := w.Write(block)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// TestCompressionHostile: bombs, oversized windows, truncated and foreign data, empty files, and
// an I/O error of the file: each an error wrapping the right sentinel with a reason.
func TestCompressionHostile(t *testing.T) {
	rows := []byte("a,b\n1,2\n3,4\n")
	xzOK := bombOf(t, CompressionXZ, 1<<10)
	zstOK := bombOf(t, CompressionZstd, 1<<10)
	bz2Bomb := readFixture(t, filepath.Join("..", "testdata", "compress", "bomb.csv.bz2"))
	bz2OK := readFixture(t, filepath.Join("..", "testdata", "conformance", "orders.csv.bz2"))
	var jb bytes.Buffer
	zw, err := zstd.NewWriter(&jb, zstd.WithEncoderLevel(zstd.SpeedBestCompression))
	require.NoError(t, err)
	zw.Write([]byte("["))
	for range 64 << 10 {
		zw.Write(bytes.Repeat([]byte(`{"id":1},`), 128))
	}
	zw.Write([]byte(`{"id":1}]`))
	require.NoError(t, zw.Close())
	jsonBomb := jb.Bytes()
	lim := Limits{MaxDecompressedBytes: 4 << 20}
	tests := []struct {
		name, file string
		data       []byte
		want       error
		reason     string
	}{
		{"bzip2 bomb (64 MiB in 3 KB)", "b.csv.bz2", bz2Bomb, ErrLimit, "bzip2 data decompresses to more than the 4 MiB limit (--max-decompressed-bytes"},
		{"xz bomb", "b.csv.xz", bombOf(t, CompressionXZ, 64<<20), ErrLimit, "xz data decompresses to more than the 4 MiB limit"},
		{"zstd bomb", "b.csv.zst", bombOf(t, CompressionZstd, 64<<20), ErrLimit, "zstd data decompresses to more than the 4 MiB limit"},
		{"JSON in a zstd bomb", "b.json.zst", jsonBomb, ErrLimit, "zstd data decompresses to more than"},
		{"xz block asking for a 4 GiB dictionary", "d.csv.xz", xzWithDict(t, rows, 40), ErrLimit, "xz stream asks for a window larger than the fixed 128 MiB limit"},
		{"xz block asking for a 256 MiB dictionary", "d.csv.xz", xzWithDict(t, rows, 32), ErrLimit, "window larger"},
		{"zstd frame asking for a 2 GiB window", "d.csv.zst", zstdWithWindow(t, rows, 21), ErrLimit, "zstd stream asks for a window larger"},
		{"truncated bzip2", "t.csv.bz2", bz2OK[:len(bz2OK)/2], ErrCorrupt, "bzip2"},
		{"truncated xz", "t.csv.xz", xzOK[:len(xzOK)-20], ErrCorrupt, "xz"},
		{"truncated zstd", "t.csv.zst", zstOK[:len(zstOK)/2], ErrCorrupt, "zstd"},
		{"truncated xz JSON", "t.json.xz", xzOK[:len(xzOK)/2], ErrCorrupt, "xz"},
		{"not bzip2", "n.csv.bz2", rows, ErrCorrupt, "bzip2"},
		{"not xz", "n.csv.xz", rows, ErrCorrupt, "xz"},
		{"not zstd", "n.tsv.zst", rows, ErrCorrupt, "zstd"},
		{"empty bzip2 file", "e.csv.bz2", nil, ErrEmpty, "empty"},
		{"empty xz file", "e.csv.xz", nil, ErrEmpty, "empty"},
		{"empty zstd file", "e.jsonl.zst", nil, ErrEmpty, "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			peak := peakHeap(func() { _, _, _, err = rowsOf(t, tc.file, tc.data, lim) })
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.reason)
			// Memory stays near the limits, far from what the bomb or header asks for.
			assert.Less(t, peak, uint64(200<<20), "peak heap in use")
		})
	}
}

// peakHeap runs fn and returns the most heap in use seen while it ran, sampled every
// millisecond (an estimate from below, enough to tell megabytes from gigabytes).
func peakHeap(fn func()) uint64 {
	runtime.GC()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				done <- peak
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	return <-done
}

// TestCompressionIOErrorIsNotCorrupt: a read error of the file itself is passed on, not
// reported as damaged data.
func TestCompressionIOErrorIsNotCorrupt(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, name := range []string{"a.csv.bz2", "a.csv.xz", "a.csv.zst", "a.json.xz"} {
		t.Run(name, func(t *testing.T) {
			compression, _ := splitCompression(name)
			data := bombOf(t, CompressionXZ, 1<<20)
			if compression == CompressionZstd {
				data = bombOf(t, CompressionZstd, 1<<20)
			}
			if compression == CompressionBzip2 {
				data = readFixture(t, filepath.Join("..", "testdata", "compress", "bomb.csv.bz2"))
			}
			r := io.MultiReader(bytes.NewReader(data[:len(data)/2]), iotest.ErrReader(boom))
			f, err := Default().Open(Source{Path: name, R: r, Size: -1})
			if err == nil {
				tbl := firstTable(t, f)
				var b Batch
				for err == nil {
					err = tbl.Next(&b)
				}
				f.Close()
			}
			assert.ErrorIs(t, err, boom)
			assert.NotErrorIs(t, err, ErrCorrupt)
		})
	}
}

// TestSpooledRandomAccessFormats: Parquet and xlsx inside any compression are decompressed to a
// temporary file and read like the plain file, their compression reported; the temporary file
// is gone from the folder at once; a bomb stops at MaxDecompressedBytes.
func TestSpooledRandomAccessFormats(t *testing.T) {
	want := referenceTable(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, src := range []string{"reference.parquet", "reference.xlsx"} {
		plain := readFixture(t, filepath.Join("..", "testdata", "conformance", src))
		for _, compression := range []string{CompressionGzip, CompressionXZ, CompressionZstd} {
			t.Run(src+"."+compression, func(t *testing.T) {
				var data []byte
				switch compression {
				case CompressionGzip:
					data = gzipped(t, plain)
				case CompressionXZ:
					var buf bytes.Buffer
					w, err := xz.NewWriter(&buf)
					require.NoError(t, err)
					w.Write(plain)
					require.NoError(t, w.Close())
					data = buf.Bytes()
				case CompressionZstd:
					enc, err := zstd.NewWriter(nil)
					require.NoError(t, err)
					data = enc.EncodeAll(plain, nil)
				}
				name := src + map[string]string{CompressionGzip: ".gz", CompressionXZ: ".xz", CompressionZstd: ".zst"}[compression]
				f, err := Default().Open(Source{Path: name, R: bytes.NewReader(data), Size: int64(len(data))})
				require.NoError(t, err)
				assert.Equal(t, compression, f.Info().Compression)
				assert.Equal(t, strings.TrimPrefix(filepath.Ext(src), "."), f.Info().Format)
				entries, err := os.ReadDir(tmp)
				require.NoError(t, err)
				assert.Empty(t, entries, "the spooled copy is unlinked")
				tbl := firstTable(t, f)
				assert.Equal(t, want.Columns, tbl.Columns())
				assert.Equal(t, want.Rows, readAllRows(t, tbl))
				require.NoError(t, f.Close())
			})
		}
	}
	bomb := gzipped(t, make([]byte, 8<<20))
	_, err := Default().Open(Source{Path: "b.parquet.gz", R: bytes.NewReader(bomb), Size: int64(len(bomb)), Limits: Limits{MaxDecompressedBytes: 1 << 20}})
	assert.ErrorIs(t, err, ErrLimit)
	assert.Contains(t, err.Error(), "gzip data unzips to more than the 1 MiB limit")
}

// TestEveryCompressedSuffixIsRegistered: every readable format is reachable under every
// compression suffix (a .txt.gz of IDs must not be skipped as unsupported).
func TestEveryCompressedSuffixIsRegistered(t *testing.T) {
	r := Default()
	ids := map[string]string{".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".psv": "csv", ".json": "json",
		".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".xlsx": "xlsx"}
	for base, id := range ids {
		for _, c := range compressionSuffixes {
			f, ok := r.Lookup("x" + base + strings.ToUpper(c.suffix))
			if assert.True(t, ok, base+c.suffix) {
				assert.Equal(t, id, f.ID, base+c.suffix)
			}
		}
	}
}

// TestConformanceInfoOfNewFixtures: what Info reports for the fixtures of
// testdata/conformance/README-json-compression.md (their cells are checked by
// TestConformanceAcrossFormats).
func TestConformanceInfoOfNewFixtures(t *testing.T) {
	for file, want := range map[string]Info{
		"orders.csv.bz2":     {Format: "csv", Encoding: "utf-8", Delimiter: ",", Compression: "bzip2"},
		"orders.csv.xz":      {Format: "csv", Encoding: "utf-8", Delimiter: ",", Compression: "xz"},
		"orders.csv.zst":     {Format: "csv", Encoding: "utf-8", Delimiter: ",", Compression: "zstd"},
		"orders_utf32le.csv": {Format: "csv", Encoding: "utf-32le", Delimiter: ","},
		"orders_utf32be.csv": {Format: "csv", Encoding: "utf-32be", Delimiter: ","},
		"orders.json":        {Format: "json", Encoding: "utf-8"},
		"orders_api.json":    {Format: "json", Encoding: "utf-8"},
		"orders.jsonl":       {Format: "jsonl", Encoding: "utf-8"},
		"orders.jsonl.gz":    {Format: "jsonl", Encoding: "utf-8", Compression: "gzip"},
		"orders.jsonl.xz":    {Format: "jsonl", Encoding: "utf-8", Compression: "xz"},
	} {
		t.Run(file, func(t *testing.T) {
			f, err := openPath(t, filepath.Join("..", "testdata", "conformance", file), Limits{})
			require.NoError(t, err)
			defer f.Close()
			assert.Equal(t, want, f.Info())
		})
	}
}
