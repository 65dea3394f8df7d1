package readers

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/pierrec/lz4/v4"
)

// codecRecord is one record of testdata/parquet/codecs/records.json.
type codecRecord struct {
	ID      int     `json:"id"`
	IDCard  *string `json:"id_card"`
	Mobile  string  `json:"mobile"`
	Name    string  `json:"name"`
	Contact *struct {
		IDCard *string `json:"id_card"`
		Mobile *string `json:"mobile"`
	} `json:"contact"`
	Phones []string `json:"phones"`
}

var codecColumns = []string{"id", "id_card", "mobile", "name", "contact.id_card", "contact.mobile", "phones[]"}

// codecRows is how the reader presents the records: a row of each record's non-repeated columns,
// then a row per phone.
func codecRows(t *testing.T) [][]string {
	data, err := os.ReadFile("../testdata/parquet/codecs/records.json")
	if err != nil {
		t.Fatal(err)
	}
	var recs []codecRecord
	if err := json.Unmarshal(data, &recs); err != nil {
		t.Fatal(err)
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	var rows [][]string
	for _, r := range recs {
		row := []string{strconv.Itoa(r.ID), str(r.IDCard), r.Mobile, r.Name, "", "", ""}
		if r.Contact != nil {
			row[4], row[5] = str(r.Contact.IDCard), str(r.Contact.Mobile)
		}
		rows = append(rows, row)
		for _, p := range r.Phones {
			rows = append(rows, []string{"", "", "", "", "", "", p})
		}
	}
	return rows
}

// TestParquetEveryCodecOfIndependentWriters reads the same records written by DuckDB, arrow-rs
// (parquet-wasm) and Polars with every codec each offers (testdata/parquet/gen/gen.mjs).
func TestParquetEveryCodecOfIndependentWriters(t *testing.T) {
	want := codecRows(t)
	files, err := filepath.Glob("../testdata/parquet/codecs/*.parquet")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".parquet")
		t.Run(name, func(t *testing.T) {
			// The codec the file really uses, from its own metadata.
			pf, err := file.OpenParquetFile(path, false)
			if err != nil {
				t.Fatal(err)
			}
			cc, err := pf.MetaData().RowGroup(0).ColumnChunk(1)
			if err != nil {
				t.Fatal(err)
			}
			codec := cc.Compression().String()
			pf.Close()
			seen[codec] = true
			t.Logf("codec %s", codec)

			tbl := firstTable(t, openParquetPath(t, path, Limits{BatchRows: 7}))
			if fmt.Sprint(tbl.Columns()) != fmt.Sprint(codecColumns) {
				t.Fatalf("columns %q, want %q", tbl.Columns(), codecColumns)
			}
			got := readAllRows(t, tbl)
			if len(got) != len(want) {
				t.Fatalf("%d rows, want %d", len(got), len(want))
			}
			for r := range want {
				if fmt.Sprintf("%q", got[r]) != fmt.Sprintf("%q", want[r]) {
					t.Errorf("row %d = %q, want %q", r+1, got[r], want[r])
				}
			}
		})
	}
	for _, c := range []string{"UNCOMPRESSED", "SNAPPY", "GZIP", "BROTLI", "ZSTD", "LZ4", "LZ4_RAW"} {
		if !seen[c] {
			t.Errorf("no fixture uses %s", c)
		}
	}
}

// lzoStandIn lets arrow's writer label pages LZO (no Go library has LZO): the pages are stored
// as they are, and the reader must refuse them by the label.
type lzoStandIn struct{}

func (lzoStandIn) Encode(dst, src []byte) []byte             { return append(dst[:0], src...) }
func (lzoStandIn) EncodeLevel(dst, src []byte, _ int) []byte { return append(dst[:0], src...) }
func (lzoStandIn) CompressBound(n int64) int64               { return n }
func (lzoStandIn) Decode(dst, src []byte) []byte             { return append(dst[:0], src...) }

func writeCodec(t *testing.T, path string, codec compress.Compression) {
	sc := arrow.NewSchema([]arrow.Field{{Name: "id_card", Type: arrow.BinaryTypes.String}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for i := 0; i < 500; i++ {
		b.Field(0).(*array.StringBuilder).Append("11010519491231002X")
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(sc, fh, parquet.NewWriterProperties(parquet.WithCompression(codec), parquet.WithDictionaryDefault(false)), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestParquetLZOIsUnsupportedByName(t *testing.T) {
	if _, err := compress.GetCodec(compress.Codecs.Lzo); err == nil {
		t.Fatal("an LZO codec is registered: the stand-in would hide it")
	}
	compress.RegisterCodec(compress.Codecs.Lzo, lzoStandIn{})
	path := filepath.Join(t.TempDir(), "lzo.parquet")
	writeCodec(t, path, compress.Codecs.Lzo)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	err = readWhole(Source{Path: path, R: strings.NewReader(string(data)), Size: int64(len(data))})
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "LZO") {
		t.Fatalf("err = %v, want ErrUnsupported naming LZO", err)
	}
	t.Log(err)
}

func TestParquetHadoopLZ4(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lz4.parquet")
	writeCodec(t, path, compress.Codecs.Lz4)
	rows := readAllRows(t, firstTable(t, openParquetPath(t, path, Limits{})))
	if len(rows) != 500 || rows[499][0] != "11010519491231002X" {
		t.Fatalf("%d rows, last %q", len(rows), rows[len(rows)-1])
	}
	// A bare LZ4 block under the LZ4 id (early writers) reads too; a corrupt one is an error.
	src := []byte(strings.Repeat("13800138000,", 50))
	raw := make([]byte, 1024)
	var comp lz4Compressor
	n := comp.compress(src, raw)
	dst := make([]byte, len(src))
	if out, err := (hadoopLZ4{}).DecodeWithError(dst, raw[:n]); err != nil || string(out) != string(src) {
		t.Fatalf("bare block: %q, %v", out, err)
	}
	framed := (hadoopLZ4{}).Encode(nil, src)
	if out, err := (hadoopLZ4{}).DecodeWithError(dst, framed); err != nil || string(out) != string(src) {
		t.Fatalf("framed: %q, %v", out, err)
	}
	framed[len(framed)-3] ^= 0xff
	framed[9] ^= 0x55
	if out, err := (hadoopLZ4{}).DecodeWithError(dst, framed); err == nil && string(out) == string(src) {
		t.Fatal("a corrupt block decoded to the original")
	}
}

type lz4Compressor struct{ c lz4.Compressor }

func (c *lz4Compressor) compress(src, dst []byte) int {
	n, err := c.c.CompressBlock(src, dst)
	if err != nil {
		panic(err)
	}
	return n
}
