package readers

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"
)

// compactPageHeader encodes a minimal Thrift compact PageHeader: type (data page), uncompressed and
// compressed sizes, and a data page header declaring one value.
func compactPageHeader(uncompressed, compressed int32) []byte {
	zz := func(v int32) []byte { return binary.AppendUvarint(nil, uint64(uint32((v<<1)^(v>>31)))) }
	out := []byte{0x15, 0x00, 0x15}
	out = append(out, zz(uncompressed)...)
	out = append(out, 0x15)
	out = append(out, zz(compressed)...)
	out = append(out, 0x2c, 0x15, 0x02, 0x00) // field 5, DataPageHeader{num_values: 1}
	return append(out, 0x00)
}

func TestParquetCheckPages(t *testing.T) {
	page := func(u, c int32) []byte { return append(compactPageHeader(u, c), make([]byte, max(c, 0))...) }
	two := append(page(100, 10), page(50, 5)...)
	tests := []struct {
		name    string
		data    []byte
		maxPage int64
		want    error // nil: accepted
	}{
		{"two sound pages", two, 1 << 20, nil},
		{"compressed size beyond the file", compactPageHeader(100, 1<<30), 1 << 20, ErrCorrupt},
		{"uncompressed size above the cap", page(1<<30, 10), 1 << 20, ErrLimit},
		{"negative size", page(-5, 10), 1 << 20, ErrCorrupt},
		{"header cut short", compactPageHeader(100, 10)[:4], 1 << 20, ErrCorrupt},
		{"not thrift", []byte{0xff, 0xff, 0xff, 0xff}, 1 << 20, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkPages(bytes.NewReader(tt.data), 0, int64(len(tt.data)), int64(len(tt.data)), tt.maxPage)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParquetCheckThriftStructRefusesImpossibleLengths(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"empty struct", []byte{0x00}, true},
		{"i32 then stop", []byte{0x15, 0x02, 0x00}, true},
		{"list of 100 M structs in 10 bytes", append([]byte{0x15, 0x02, 0x19, 0xfc}, append(binary.AppendUvarint(nil, 100_000_000), 0, 0)...), false},
		{"binary longer than the buffer", []byte{0x18, 0x40, 'a', 0x00}, false},
		{"map of 1 M entries", append([]byte{0x1b}, binary.AppendUvarint(nil, 1_000_000)...), false},
		{"unterminated", []byte{0x15, 0x02}, false},
		{"nested too deep", bytes.Repeat([]byte{0x1c}, 100), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkThriftStruct(tt.data); (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestParquetHostileFooterListIsCorrupt(t *testing.T) {
	// A footer declaring 100 M schema elements in a few bytes: thrift would size the slice from
	// the declared count; the guard refuses it first.
	footer := append([]byte{0x15, 0x02, 0x19, 0xfc}, append(binary.AppendUvarint(nil, 100_000_000), 0, 0)...)
	data := append([]byte("PAR1"), footer...)
	data = binary.LittleEndian.AppendUint32(data, uint32(len(footer)))
	data = append(data, "PAR1"...)
	path := filepath.Join(t.TempDir(), "hostile.parquet")
	err := readWhole(Source{Path: path, R: bytes.NewReader(data), Size: int64(len(data))})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
}
