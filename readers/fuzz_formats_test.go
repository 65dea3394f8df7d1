package readers

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// jsonNames are the names FuzzOpenJSON opens its input under.
// The .gz name gets the input gzipped, so the mutations reach the JSON parser through the layer.
var jsonNames = []string{"in.json", "in.jsonl", "in.ndjson", "in.json.gz", "in.jsonl.zst"}

// FuzzOpenJSON feeds arbitrary bytes to the JSON reader under every JSON suffix: nothing may
// panic or hang, failures wrap a readers sentinel, batches are rectangular (checkReaderContract);
// and any text encoding/json accepts as one valid JSON value must not be refused as malformed.
func FuzzOpenJSON(f *testing.F) {
	addFixtures(f, "../testdata/conformance/*.json", "../testdata/conformance/*.jsonl", "../testdata/conformance/*.jsonl.*")
	for _, s := range []string{`[]`, `{}`, `[{"a":{"b":[1,"x",null,true]}}]`, `{"data":[{"a":1}],"n":2}`,
		`"\ud83d\ude00"`, "{\"a\":1}\n{\"a\":[2]}\n", `[1e5,-0.5,0]`, `{"a":1,"a":2}`, `[[[[[]]]]]`} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, name uint8) {
		n := jsonNames[int(name)%len(jsonNames)]
		if strings.HasSuffix(n, ".gz") {
			data = gzippedBytes(data)
		}
		checkReaderContract(t, n, data)
		if n != "in.json" || !json.Valid(data) || !utf8.Valid(data) {
			return
		}
		err := readAllTables(n, data, fuzzLimits)
		if errors.Is(err, ErrCorrupt) {
			t.Fatalf("valid JSON refused as malformed: %v", err)
		}
	})
}

// compressedNames are the names FuzzDecompress opens its input under: each layer around text.
var compressedNames = []string{"in.csv.bz2", "in.csv.xz", "in.csv.zst", "in.csv.gz", "in.json.xz", "in.parquet.zst"}

// FuzzDecompress feeds arbitrary bytes (mutations of real .bz2, .xz and .zst files) through the
// compression layers and the xz dictionary guard: no panic or hang, errors wrap a sentinel, and
// the decompressed output never exceeds MaxDecompressedBytes.
func FuzzDecompress(f *testing.F) {
	for _, g := range []string{"../testdata/compress/*.xz", "../testdata/compress/*.zst", "../testdata/conformance/*.bz2", "../testdata/conformance/*.xz", "../testdata/conformance/*.zst"} {
		paths, _ := filepath.Glob(g)
		for _, p := range paths {
			compression, _ := splitCompression(p)
			if compression == "" {
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			for i, n := range compressedNames {
				if c, _ := splitCompression(n); c == compression {
					f.Add(b, uint8(i))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, name uint8) {
		n := compressedNames[int(name)%len(compressedNames)]
		checkReaderContract(t, n, data)
		compression, _ := splitCompression(n)
		r, closeZ, err := decompress(compression, bytes.NewReader(data), fuzzLimits)
		if err != nil {
			requireSentinel(t, err)
			return
		}
		defer closeZ()
		got, err := io.Copy(io.Discard, r)
		if got > fuzzLimits.MaxDecompressedBytes {
			t.Fatalf("%d bytes out, over the %d limit", got, fuzzLimits.MaxDecompressedBytes)
		}
		if err != nil {
			requireSentinel(t, err)
		}
	})
}

// requireSentinel fails unless err wraps one of the readers sentinels.
func requireSentinel(t *testing.T, err error) {
	t.Helper()
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	if strings.Contains(err.Error(), "panic") {
		t.Fatalf("panic: %v", err)
	}
	t.Fatalf("error wraps no readers sentinel: %v", err)
}

// gzippedBytes compresses b with gzip.
func gzippedBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
