package readers

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// csvResult is everything a test looks at after reading a delimited file to the end.
type csvResult struct {
	info  Info
	cols  []string
	rows  [][]string
	stats TableStats
}

// readCSV opens r under name through the default registry and reads every row.
func readCSV(name string, r io.Reader, lim Limits) (csvResult, error) {
	return readCSVWith(name, r, lim, func(t Table, res *csvResult) (err error) {
		res.rows, err = readRows(t)
		return err
	})
}

// readCSVWith opens delimited text from r under name and reads its table with read, which fills
// res.rows; the rest of res is filled here.
func readCSVWith(name string, r io.Reader, lim Limits, read func(Table, *csvResult) error) (csvResult, error) {
	var res csvResult
	f, err := Default().Open(Source{Path: name, R: r, Size: -1, Limits: lim})
	if err != nil {
		return res, err
	}
	defer f.Close()
	res.info = f.Info()
	t, err := f.NextTable()
	if err != nil {
		return res, err
	}
	res.cols = t.Columns()
	err = read(t, &res)
	res.stats = t.Stats()
	if _, err2 := f.NextTable(); err == nil && err2 != io.EOF {
		return res, fmt.Errorf("second NextTable: got %v, want io.EOF", err2)
	}
	return res, err
}

// readRows drains a table, checking the batch invariants on the way.
func readRows(t Table) ([][]string, error) {
	var rows [][]string
	var b Batch
	for {
		err := t.Next(&b)
		if err == io.EOF {
			if b.Rows != 0 {
				return rows, fmt.Errorf("io.EOF came with %d rows", b.Rows)
			}
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		if len(b.Columns) != len(t.Columns()) {
			return rows, fmt.Errorf("batch has %d columns, table %d", len(b.Columns), len(t.Columns()))
		}
		for j := range b.Columns {
			if b.Columns[j].Len() != b.Rows {
				return rows, fmt.Errorf("column %d has %d cells, batch %d rows", j, b.Columns[j].Len(), b.Rows)
			}
		}
		for i := 0; i < b.Rows; i++ {
			row := make([]string, len(b.Columns))
			for j := range b.Columns {
				row[j] = string(b.Columns[j].Cell(i))
			}
			rows = append(rows, row)
		}
	}
}

func TestCSVConformance(t *testing.T) {
	want := referenceTable(t)
	tests := []struct {
		file string
		info Info
	}{
		{"orders_utf8.csv", Info{Format: "csv", Encoding: "utf-8", Delimiter: ","}},
		{"orders_crlf.csv", Info{Format: "csv", Encoding: "utf-8", Delimiter: ","}},
		{"orders_utf8_bom.csv", Info{Format: "csv", Encoding: "utf-8-bom", Delimiter: ","}},
		{"orders_gb18030.csv", Info{Format: "csv", Encoding: "gb18030", Delimiter: ","}},
		{"orders_utf16le.csv", Info{Format: "csv", Encoding: "utf-16le", Delimiter: ","}},
		{"orders.tsv", Info{Format: "tsv", Encoding: "utf-8", Delimiter: "\t"}},
		{"orders_semicolon.csv", Info{Format: "csv", Encoding: "utf-8", Delimiter: ";"}},
		{"orders_pipe.txt", Info{Format: "csv", Encoding: "utf-8", Delimiter: "|"}},
		{"orders.csv.gz", Info{Format: "csv", Encoding: "utf-8", Delimiter: ",", Compression: "gzip"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			fh, err := os.Open(filepath.Join("../testdata/conformance", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			got, err := readCSV(tt.file, fh, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got.info != tt.info {
				t.Errorf("Info = %+v, want %+v", got.info, tt.info)
			}
			if !reflect.DeepEqual(got.cols, want.Columns) {
				t.Errorf("columns = %q, want %q", got.cols, want.Columns)
			}
			if !reflect.DeepEqual(got.rows, want.Rows) {
				t.Errorf("rows differ:\n got %q\nwant %q", got.rows, want.Rows)
			}
			if got.stats.Rows != int64(len(want.Rows)) || got.stats.RaggedRows != 0 {
				t.Errorf("stats = %+v, want %d rows, none ragged", got.stats, len(want.Rows))
			}
		})
	}
}

func TestCSVExcelGBK(t *testing.T) {
	fh, err := os.Open("../testdata/csv/excel_gbk.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	got, err := readCSV("导出.csv", fh, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got.info.Encoding != "gb18030" || got.info.Delimiter != "," {
		t.Errorf("Info = %+v, want gb18030 and ','", got.info)
	}
	wantCols := []string{"订单编号", "客户姓名", "联系电话", "收货地址", "下单日期", "订单金额(元)", "备注"}
	if !reflect.DeepEqual(got.cols, wantCols) {
		t.Errorf("columns = %q, want %q", got.cols, wantCols)
	}
	if len(got.rows) != 3 {
		t.Fatalf("%d rows, want 3", len(got.rows))
	}
	if c := got.rows[0][3]; c != "浙江省杭州市西湖区文三路1号,3幢" {
		t.Errorf("quoted address = %q", c)
	}
	if c := got.rows[2][6]; c != "发票抬头：个人" {
		t.Errorf("last cell of the last CRLF row = %q", c)
	}
}

func TestCSVOlistOrders(t *testing.T) {
	const path = "/work/shared/data-src/olist-sample/olist_orders_dataset.csv"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("olist sample not available: %v", err)
	}
	got, err := readCSV(path, bytes.NewReader(raw), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got.info.Encoding != "utf-8" || got.info.Delimiter != "," {
		t.Errorf("Info = %+v", got.info)
	}
	if !reflect.DeepEqual(got.cols, want[0]) {
		t.Errorf("columns = %q, want %q", got.cols, want[0])
	}
	if !reflect.DeepEqual(got.rows, want[1:]) {
		t.Errorf("rows differ from encoding/csv (%d vs %d rows)", len(got.rows), len(want)-1)
	}
	if got.stats.RaggedRows != 0 {
		t.Errorf("%d ragged rows, want 0", got.stats.RaggedRows)
	}
}

func TestCSVParsing(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		in     string
		delim  string
		cols   []string
		rows   [][]string
		ragged int64
	}{
		{"header and LF rows", "a.csv", "name,mobile\n张三,13812345678\n李四,13912345678\n", ",",
			[]string{"name", "mobile"}, [][]string{{"张三", "13812345678"}, {"李四", "13912345678"}}, 0},
		{"CRLF line ends and no final newline", "a.csv", "name,n\r\nx,1\r\ny,2", ",",
			[]string{"name", "n"}, [][]string{{"x", "1"}, {"y", "2"}}, 0},
		{"blank lines skipped", "a.csv", "\n\nname,n\n\nx,1\r\n\r\ny,2\n\n", ",",
			[]string{"name", "n"}, [][]string{{"x", "1"}, {"y", "2"}}, 0},
		{"quoted delimiter, doubled quote, LF and CRLF inside quotes", "a.csv",
			"a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"l1\nl2\",\"c1\r\nc2\"\r\n", ",",
			[]string{"a", "b"}, [][]string{{"x,y", `say "hi"`}, {"l1\nl2", "c1\r\nc2"}}, 0},
		{"cells are not trimmed", "a.csv", "a,b\n  x , y\t\n", ",",
			[]string{"a", "b"}, [][]string{{"  x ", " y\t"}}, 0},
		{"bare quote in unquoted field kept", "a.csv", "a,b\n5\" disk,O\"Neil\n", ",",
			[]string{"a", "b"}, [][]string{{`5" disk`, `O"Neil`}}, 0},
		{"quote after closing quote is text, field stays open (as LazyQuotes)", "a.csv", "a,b\n\"x\"y,z\n", ",",
			[]string{"a", "b"}, [][]string{{"x\"y,z\n", ""}}, 1},
		{"closing quote then text then quote-delimiter", "a.csv", "a,b\n\"x\"y\",z\n", ",",
			[]string{"a", "b"}, [][]string{{`x"y`, "z"}}, 0},
		{"unterminated quote delivered and flagged", "a.csv", "a,b\nx,\"open\nrest", ",",
			[]string{"a", "b"}, [][]string{{"x", "open\nrest"}}, 1},
		{"ragged rows padded and truncated", "a.csv", "a,b,c\n1,2\n1,2,3,4\n1,2,3\n", ",",
			[]string{"a", "b", "c"}, [][]string{{"1", "2", ""}, {"1", "2", "3"}, {"1", "2", "3"}}, 2},
		{"trailing delimiter is an empty cell", "a.csv", "a,b\nx,\n", ",",
			[]string{"a", "b"}, [][]string{{"x", ""}}, 0},
		{"headerless numeric rows get col_N", "a.csv", "1,13812345678,2026-01-01\n2,13912345678,2026-01-02\n", ",",
			[]string{"col_1", "col_2", "col_3"}, [][]string{{"1", "13812345678", "2026-01-01"}, {"2", "13912345678", "2026-01-02"}}, 0},
		{"empty and duplicate header names stay distinct", "a.csv", "id,,id,name,name\n1,2,3,4,5\n", ",",
			[]string{"id", "col_2", "id_2", "name", "name_2"}, [][]string{{"1", "2", "3", "4", "5"}}, 0},
		{"one row is a header", "a.csv", "姓名,手机号\n", ",", []string{"姓名", "手机号"}, nil, 0},
		{"header only, CRLF", "a.csv", "a,b,c\r\n", ",", []string{"a", "b", "c"}, nil, 0},
		{"semicolon sniffed in a .csv", "a.csv", "a;b\n1,5;2,5\n3,5;4\n", ";",
			[]string{"a", "b"}, [][]string{{"1,5", "2,5"}, {"3,5", "4"}}, 0},
		{"tab sniffed in a .txt", "a.txt", "a\tb\n1\t2\n", "\t", []string{"a", "b"}, [][]string{{"1", "2"}}, 0},
		{"pipe sniffed over quoted commas", "a.csv", "a|b\n\"x,y,z\"|1\n\"p,q\"|2\n", "|",
			[]string{"a", "b"}, [][]string{{"x,y,z", "1"}, {"p,q", "2"}}, 0},
		{".tsv prefers tab for one column", "a.tsv", "name\nx,y\n", "\t", []string{"name"}, [][]string{{"x,y"}}, 0},
		{".psv prefers pipe for one column", "a.psv", "name\nx\n", "|", []string{"name"}, [][]string{{"x"}}, 0},
		{"quoted header with delimiter", "a.csv", "\"a,b\",c\n1,2\n", ",", []string{"a,b", "c"}, [][]string{{"1", "2"}}, 0},
		{"lone CR at end of input dropped", "a.csv", "a,b\nx,y\r", ",", []string{"a", "b"}, [][]string{{"x", "y"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range []struct {
				how string
				r   io.Reader
			}{
				{"whole", strings.NewReader(tt.in)},
				{"one byte per read", iotest.OneByteReader(strings.NewReader(tt.in))},
			} {
				got, err := readCSV(tt.file, r.r, Limits{BatchRows: 2})
				if err != nil {
					t.Fatalf("%s: %v", r.how, err)
				}
				if got.info.Delimiter != tt.delim {
					t.Errorf("%s: delimiter %q, want %q", r.how, got.info.Delimiter, tt.delim)
				}
				if !reflect.DeepEqual(got.cols, tt.cols) {
					t.Errorf("%s: columns %q, want %q", r.how, got.cols, tt.cols)
				}
				if !reflect.DeepEqual(got.rows, tt.rows) {
					t.Errorf("%s: rows %q, want %q", r.how, got.rows, tt.rows)
				}
				if got.stats.RaggedRows != tt.ragged || got.stats.Rows != int64(len(tt.rows)) {
					t.Errorf("%s: stats %+v, want %d rows, %d ragged", r.how, got.stats, len(tt.rows), tt.ragged)
				}
			}
		})
	}
}

func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSVBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(rng.IntN(256))
	}
	junk[10] = 0
	valid := gzipped(t, []byte("a,b\n1,2\n3,4\n"))
	bomb := gzipped(t, make([]byte, 1<<20))
	wide := strings.Repeat("c,", 20) + "c\n"
	tests := []struct {
		name    string
		file    string
		in      []byte
		lim     Limits
		want    error
		message string // a phrase the error must contain
	}{
		{"zero bytes", "a.csv", nil, Limits{}, ErrEmpty, "empty"},
		{"only blank lines", "a.csv", []byte("\n\r\n\n"), Limits{}, ErrEmpty, "empty"},
		{"BOM and nothing else", "a.csv", []byte("\xef\xbb\xbf"), Limits{}, ErrEmpty, "empty"},
		{"random bytes with NULs", "a.csv", junk, Limits{}, ErrCorrupt, "binary data"},
		{"control characters", "a.csv", bytes.Repeat([]byte{1, 2, 3, 'a'}, 100), Limits{}, ErrCorrupt, "binary data"},
		{"invalid in UTF-8 and GB18030", "a.csv", []byte("a,b\n\xff\xff\xff\x80\x80,1\n"), Limits{}, ErrCorrupt, "GB18030"},
		{"truncated gzip", "a.csv.gz", valid[:len(valid)-10], Limits{}, ErrCorrupt, "gzip"},
		{"not gzip at all", "a.csv.gz", []byte("a,b\n1,2\n"), Limits{}, ErrCorrupt, "gzip"},
		{"gzip over MaxDecompressedBytes", "a.csv.gz", bomb, Limits{MaxDecompressedBytes: 1000}, ErrLimit, "MaxDecompressedBytes"},
		{"empty gzip file", "a.csv.gz", nil, Limits{}, ErrEmpty, "empty"},
		{"more columns than MaxColumns", "a.csv", []byte(wide), Limits{MaxColumns: 20}, ErrLimit, "MaxColumns"},
		{"line over MaxFieldBytes", "a.csv", []byte("a,b\n1,2\n" + strings.Repeat("x", 5000) + "\n"), Limits{MaxFieldBytes: 1000}, ErrLimit, "row 2"},
		{"quoted field over MaxFieldBytes", "a.csv", []byte("a,b\n1,\"" + strings.Repeat("x\n", 3000) + "\"\n"), Limits{MaxFieldBytes: 1000}, ErrLimit, "MaxFieldBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readCSV(tt.file, bytes.NewReader(tt.in), tt.lim)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want one wrapping %v", err, tt.want)
			}
			var re *Error
			if !errors.As(err, &re) || re.Path != tt.file {
				t.Errorf("error %v does not carry the path %q", err, tt.file)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not say %q", err, tt.message)
			}
		})
	}
}

// endlessLine yields n bytes of one line without a newline, never holding them.
type endlessLine struct{ left, read int64 }

func (e *endlessLine) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), e.left)
	for i := range p[:n] {
		p[i] = 'x'
	}
	if e.read == 0 && n > 4 {
		copy(p, "a,b\n")
	}
	e.left -= n
	e.read += n
	return int(n), nil
}

func TestCSVHugeLineKeepsMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads tens of megabytes")
	}
	src := &endlessLine{left: 200 << 20}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readCSV("big.csv", src, Limits{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("error %v, want ErrLimit", err)
	}
	const bound = 64 << 20
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > bound {
		t.Errorf("heap grew by %d MB, want < 64 MB", grew>>20)
	}
	if after.TotalAlloc-before.TotalAlloc > 3*bound {
		t.Errorf("allocated %d MB in total for one line", (after.TotalAlloc-before.TotalAlloc)>>20)
	}
	if src.read >= 200<<20 {
		t.Errorf("read the whole line (%d bytes) before failing", src.read)
	}
}

func TestCSVInvalidUTF8AfterPrefixPassesThrough(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,note\n")
	for b.Len() < 2*sniffPrefixBytes {
		b.WriteString("张三,正常\n")
	}
	b.WriteString("bad\xff\xfe,x\n")
	got, err := readCSV("a.csv", strings.NewReader(b.String()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got.info.Encoding != "utf-8" {
		t.Errorf("encoding %q, want utf-8", got.info.Encoding)
	}
	last := got.rows[len(got.rows)-1]
	if last[0] != "bad\xff\xfe" {
		t.Errorf("invalid bytes not delivered as written: %q", last[0])
	}
}

// rawTable reads UTF-8 data with a fixed delimiter and width and no header, so that its records
// can be compared with encoding/csv's.
func rawTable(data []byte, width int, r io.Reader) *csvTable {
	if r == nil {
		r = bytes.NewReader(data)
	}
	sp := newSplitter(r, DefaultMaxFieldBytes, 0, nil)
	sp.fill()
	return &csvTable{path: "raw.csv", sp: sp, delim: ',', batchRows: 3, cols: make([]string, width)}
}

// compareWithEncodingCSV reports how our records differ from encoding/csv's on data it accepts.
// Intentional difference: a CRLF inside a quoted field is kept as written, encoding/csv turns it
// into LF; cells are compared after the same normalisation. Blank lines are skipped by both.
func compareWithEncodingCSV(data []byte, r io.Reader) error {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	want, err := cr.ReadAll()
	if err != nil {
		return nil
	}
	width := 1
	for _, rec := range want {
		width = max(width, len(rec))
	}
	ragged := int64(0)
	for i, rec := range want {
		if len(rec) != width {
			ragged++
		}
		for len(rec) < width {
			rec = append(rec, "")
		}
		want[i] = rec
	}
	t := rawTable(data, width, r)
	got, err := readRows(t)
	if err != nil {
		return err
	}
	for _, row := range got {
		for j := range row {
			row[j] = strings.ReplaceAll(row[j], "\r\n", "\n")
		}
	}
	if len(got) == 0 && len(want) == 0 {
		return nil
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("records differ on %q:\n got %q\nwant %q", data, got, want)
	}
	if st := t.Stats(); st.Rows != int64(len(want)) || st.RaggedRows < ragged {
		return fmt.Errorf("stats %+v, want %d rows, at least %d ragged", st, len(want), ragged)
	}
	return nil
}

func FuzzCSVMatchesEncodingCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"a,\"b\nc\",d\r\n\"x\"\"y\",z",
		"\"open",
		"x\"y,\"q\"r\n",
		"\r\n\n,\r",
		"\"a\"\r\"b\"\n",
		"a,b,\n,,\n\"\"",
		"\"\"\"\",\"\r\"\n",
		"张三,\"北京,朝阳\"\r\n李四,上海\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := compareWithEncodingCSV(data, nil); err != nil {
			t.Fatal(err)
		}
		if err := compareWithEncodingCSV(data, iotest.HalfReader(bytes.NewReader(data))); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCSVMatchesEncodingCSVAcrossBuffers(t *testing.T) {
	// Several buffers' worth of rows with quoted fields, embedded newlines and CRLF, so that
	// records straddle refills of the splitter.
	rng := rand.New(rand.NewPCG(7, 8))
	var b bytes.Buffer
	cells := []string{"plain", "\"q,uoted\"", "\"multi\nline\"", "\"dq\"\"x\"", "", "张三", "13812345678"}
	for b.Len() < 3*splitBufBytes {
		n := 1 + rng.IntN(6)
		for j := range n {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(cells[rng.IntN(len(cells))])
		}
		if rng.IntN(2) == 0 {
			b.WriteString("\r\n")
		} else {
			b.WriteByte('\n')
		}
	}
	if err := compareWithEncodingCSV(b.Bytes(), nil); err != nil {
		t.Fatal(err)
	}
	if err := compareWithEncodingCSV(b.Bytes(), iotest.HalfReader(bytes.NewReader(b.Bytes()))); err != nil {
		t.Fatal(err)
	}
}

func TestCSVLargeEncodedFilesMatchUTF8(t *testing.T) {
	// Bigger than the sniffing prefix and the decode buffers, so that decoding runs on its own
	// goroutine and characters are cut at every buffer boundary.
	var b strings.Builder
	b.WriteString("姓名,手机号,地址,备注\r\n")
	for i := 0; b.Len() < 600<<10; i++ {
		fmt.Fprintf(&b, "欧阳娜娜%d,139%08d,\"上海市浦东新区, 世纪大道%d号\",€ 😀 第%d行\r\n", i, i, i, i)
	}
	utf8Text := b.String()
	want, err := readCSV("a.csv", strings.NewReader(utf8Text), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	gb := mustEncode(t, utf8Text, simplifiedchinese.GB18030.NewEncoder())
	u16 := mustEncode(t, utf8Text, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder())
	u16be := mustEncode(t, utf8Text, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder())
	tests := []struct {
		name, file string
		in         []byte
		enc        string
	}{
		{"gb18030", "a.csv", gb, "gb18030"},
		{"gb18030 gzip", "a.csv.gz", gzipped(t, gb), "gb18030"},
		{"utf-16le", "a.csv", u16, "utf-16le"},
		{"utf-16be", "a.csv", u16be, "utf-16be"},
		{"utf-8 bom", "a.csv", append([]byte("\xef\xbb\xbf"), utf8Text...), "utf-8-bom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readCSV(tt.file, iotest.HalfReader(bytes.NewReader(tt.in)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got.info.Encoding != tt.enc {
				t.Errorf("encoding %q, want %q", got.info.Encoding, tt.enc)
			}
			if !reflect.DeepEqual(got.cols, want.cols) || !reflect.DeepEqual(got.rows, want.rows) {
				t.Errorf("table differs from the UTF-8 original (%d vs %d rows)", len(got.rows), len(want.rows))
			}
		})
	}
}
