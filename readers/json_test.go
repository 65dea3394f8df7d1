package readers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/unicode"
)

// jsonTable is one table a JSON input must yield.
type wantTable struct {
	name string
	cols []string
	rows [][]string
}

// readJSONTables opens data under name and reads every table.
func readJSONTables(t *testing.T, name string, r io.Reader, size int64, lim Limits) ([]wantTable, Info, error) {
	t.Helper()
	f, err := Default().Open(Source{Path: name, R: r, Size: size, Limits: lim})
	if err != nil {
		return nil, Info{}, err
	}
	defer f.Close()
	var out []wantTable
	for {
		tbl, err := f.NextTable()
		if err == io.EOF {
			return out, f.Info(), nil
		}
		if err != nil {
			return out, f.Info(), err
		}
		wt := wantTable{name: tbl.Name(), cols: tbl.Columns()}
		var b Batch
		for {
			err := tbl.Next(&b)
			if err == io.EOF {
				break
			}
			if err != nil {
				return out, f.Info(), err
			}
			wt.rows = append(wt.rows, batchRows(&b)...)
		}
		assert.Equal(t, int64(len(wt.rows)), tbl.Stats().Rows)
		out = append(out, wt)
	}
}

// TestJSONFlattening is the table of how JSON shapes become tables, columns and cells.
func TestJSONFlattening(t *testing.T) {
	tests := []struct {
		name, file, in string
		want           []wantTable
	}{
		{"array of flat objects", "a.json", `[{"id":"1","name":"张三"},{"id":"2","name":"李四"}]`,
			[]wantTable{{"", []string{"id", "name"}, [][]string{{"1", "张三"}, {"2", "李四"}}}}},
		{"nested objects become dotted paths", "a.json", `[{"contact":{"phone":"13812345678","addr":{"city":"北京"}}}]`,
			[]wantTable{{"", []string{"contact.phone", "contact.addr.city"}, [][]string{{"13812345678", "北京"}}}}},
		{"arrays of scalars get one column per index", "a.json", `[{"phones":["138","139"]},{"phones":["150"]}]`,
			[]wantTable{{"", []string{"phones[0]", "phones[1]"}, [][]string{{"138", "139"}, {"150", ""}}}}},
		{"arrays of objects inside a row", "a.json", `[{"items":[{"sku":"A"},{"sku":"B","qty":2}]}]`,
			[]wantTable{{"", []string{"items[0].sku", "items[1].sku", "items[1].qty"}, [][]string{{"A", "B", "2"}}}}},
		{"a key first seen late is still a column", "a.json", `[{"a":"1"},{"a":"2"},{"a":"3","email":"x@example.com"}]`,
			[]wantTable{{"", []string{"a", "email"}, [][]string{{"1", ""}, {"2", ""}, {"3", "x@example.com"}}}}},
		{"numbers as written, literals as words, null empty", "a.json", `[{"id":110105194912310021,"f":1.50e3,"t":true,"n":null,"z":-0}]`,
			[]wantTable{{"", []string{"id", "f", "t", "n", "z"}, [][]string{{"110105194912310021", "1.50e3", "true", "", "-0"}}}}},
		{"escapes and surrogate pairs", "a.json", `[{"s":"a\"b\\c\/d\n\u5f20\ud83d\ude00\ud800x"}]`,
			[]wantTable{{"", []string{"s"}, [][]string{{"a\"b\\c/d\n张😀\uFFFDx"}}}}},
		{"duplicate member names", "a.json", `[{"a":"1","a":"2"},{"a":"3"}]`,
			[]wantTable{{"", []string{"a", "a#2"}, [][]string{{"1", "2"}, {"3", ""}}}}},
		{"scalar rows are column $", "a.json", `["13812345678", 5, null]`,
			[]wantTable{{"", []string{"$"}, [][]string{{"13812345678"}, {"5"}, {""}}}}},
		{"empty objects and arrays add nothing", "a.json", `[{"a":{},"b":[],"c":"x"},{}]`,
			[]wantTable{{"", []string{"c"}, [][]string{{"x"}, {""}}}}},
		{"JSON Lines", "a.jsonl", "{\"id\":\"1\"}\n{\"id\":\"2\",\"x\":[1]}\n\n",
			[]wantTable{{"", []string{"id", "x[0]"}, [][]string{{"1", ""}, {"2", "1"}}}}},
		{"ndjson is JSON Lines", "a.ndjson", "{\"id\":\"1\"}\r\n{\"id\":\"2\"}",
			[]wantTable{{"", []string{"id"}, [][]string{{"1"}, {"2"}}}}},
		{"a JSON Lines file of one API dump stays one row", "a.jsonl", `{"data":[{"id":"1"}]}`,
			[]wantTable{{"", []string{"data[0].id"}, [][]string{{"1"}}}}},
		{"concatenated values in a .json are rows", "a.json", `{"id":"1"} {"id":"2"}`,
			[]wantTable{{"", []string{"id"}, [][]string{{"1"}, {"2"}}}}},
		{"concatenated arrays in a .json are rows", "a.json", `[1,2][3]`,
			[]wantTable{{"", []string{"[0]", "[1]"}, [][]string{{"1", "2"}, {"3", ""}}}}},
		{"API dump: the array of objects is the table", "a.json", `{"data":[{"id":"1"},{"id":"2"}]}`,
			[]wantTable{{"data", []string{"id"}, [][]string{{"1"}, {"2"}}}}},
		{"API dump with paging members: they make a last table", "a.json",
			`{"total":2,"page":{"n":1},"data":[{"id":"1"},{"id":"2"}],"tags":["a","b"],"next":null}`,
			[]wantTable{
				{"data", []string{"id"}, [][]string{{"1"}, {"2"}}},
				{"$", []string{"total", "page.n", "tags[0]", "tags[1]", "next"}, [][]string{{"2", "1", "a", "b", ""}}},
			}},
		{"two arrays of objects are two tables", "a.json", `{"users":[{"id":"u1"}],"skip":[],"orders":[{"no":"o1"},{"no":"o2"}]}`,
			[]wantTable{
				{"users", []string{"id"}, [][]string{{"u1"}}},
				{"orders", []string{"no"}, [][]string{{"o1"}, {"o2"}}},
			}},
		{"a single record object", "a.json", `{"name":"张三","id":"11010519491231002X"}`,
			[]wantTable{{"", []string{"name", "id"}, [][]string{{"张三", "11010519491231002X"}}}}},
		{"an empty array is a table without rows", "a.json", `[]`,
			[]wantTable{{"", nil, nil}}},
		{"a lone scalar", "a.json", ` "x" `,
			[]wantTable{{"", []string{"$"}, [][]string{{"x"}}}}},
		{"UTF-8 BOM", "a.json", "\xef\xbb\xbf[{\"a\":\"1\"}]",
			[]wantTable{{"", []string{"a"}, [][]string{{"1"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := readJSONTables(t, tc.file, strings.NewReader(tc.in), int64(len(tc.in)), Limits{BatchRows: 2})
			require.NoError(t, err)
			require.Equal(t, len(tc.want), len(got), "tables: %+v", got)
			for i := range tc.want {
				assert.Equal(t, tc.want[i].name, got[i].name)
				if len(tc.want[i].cols) == 0 {
					assert.Empty(t, got[i].cols)
				} else {
					assert.Equal(t, tc.want[i].cols, got[i].cols)
				}
				assert.Equal(t, tc.want[i].rows, got[i].rows)
			}
		})
	}
}

// TestJSONInfoAndEncodings: the format id, encoding and compression reported, for UTF-16 text
// and a reader without ReadAt (spooled), and an unread table drained before the next.
func TestJSONInfoAndEncodings(t *testing.T) {
	text := `{"a":[{"id":"1"},{"id":"2"}],"b":[{"x":"张"}]}`
	u16 := mustEncode(t, text, utf16LEWithBOM())
	f, err := Default().Open(Source{Path: "x.JSON", R: iotest.OneByteReader(bytes.NewReader(u16)), Size: -1})
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, Info{Format: "json", Encoding: EncodingUTF16LE}, f.Info())
	_, err = f.NextTable() // table a, not read
	require.NoError(t, err)
	tb, err := f.NextTable()
	require.NoError(t, err)
	assert.Equal(t, "b", tb.Name())
	assert.Equal(t, [][]string{{"张"}}, readAllRows(t, tb))
	_, err = f.NextTable()
	assert.Equal(t, io.EOF, err)

	gz := gzipped(t, []byte("{\"id\":\"1\"}\n"))
	_, info, err := readJSONTables(t, "x.jsonl.gz", bytes.NewReader(gz), int64(len(gz)), Limits{})
	require.NoError(t, err)
	assert.Equal(t, Info{Format: "jsonl", Encoding: EncodingUTF8, Compression: CompressionGzip}, info)
}

// TestJSONErrors: malformed and hostile inputs are per-file errors wrapping a sentinel, with a
// reason, and never quote the input.
func TestJSONErrors(t *testing.T) {
	secret := "11010519491231002X"
	tests := []struct {
		name, in string
		lim      Limits
		want     error
		reason   string
	}{
		{"empty", "", Limits{}, ErrEmpty, "empty"},
		{"only whitespace", " \n ", Limits{}, ErrEmpty, "empty"},
		{"truncated array", `[{"id":"` + secret + `"},{"id":`, Limits{}, ErrCorrupt, "input ends inside"},
		{"truncated string", `[{"id":"` + secret, Limits{}, ErrCorrupt, "input ends inside a string"},
		{"trailing comma", `[{"id":"` + secret + `"},]`, Limits{}, ErrCorrupt, "where a value belongs"},
		{"missing colon", `[{"id" "` + secret + `"}]`, Limits{}, ErrCorrupt, "expected ':'"},
		{"bare word", `[{"id":` + secret + `}]`, Limits{}, ErrCorrupt, "malformed JSON"},
		{"bad number", `[1.]`, Limits{}, ErrCorrupt, "incomplete number"},
		{"bad escape", `["\x"]`, Limits{}, ErrCorrupt, "invalid escape"},
		{"control character in a string", "[\"a\x01\"]", Limits{}, ErrCorrupt, "control character"},
		{"garbage after the array", `[1] x`, Limits{}, ErrCorrupt, "malformed JSON"},
		{"unclosed object in JSON Lines", `{"a":1`, Limits{}, ErrCorrupt, "input ends inside an object"},
		{"string over the field limit", `[{"id":"` + strings.Repeat("x", 2000) + `"}]`, Limits{MaxFieldBytes: 1000}, ErrLimit, "--max-field-bytes"},
		{"number over the field limit", `[` + strings.Repeat("1", 2000) + `]`, Limits{MaxFieldBytes: 1000}, ErrLimit, "--max-field-bytes"},
		{"record over the field limit", `[{"a":"` + strings.Repeat("x", 600) + `","b":"` + strings.Repeat("y", 600) + `"}]`, Limits{MaxFieldBytes: 1000}, ErrLimit, "a JSON record is longer than"},
		{"too many paths", `[{"a":1,"b":2,"c":3}]`, Limits{MaxColumns: 2}, ErrLimit, "--max-columns"},
		{"nesting over 64 levels", strings.Repeat("[", 65) + strings.Repeat("]", 65), Limits{}, ErrLimit, "deeper than the fixed limit of 64"},
		{"nesting of 10,000 levels", strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000), Limits{}, ErrLimit, "deeper"},
		{"a path over 4 KiB", `[{"` + strings.Repeat("k", 5000) + `":1}]`, Limits{}, ErrLimit, "path is longer"},
		{"binary junk", "\x00\x01\x02\x03[]", Limits{}, ErrCorrupt, "binary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "a.json"
			if strings.HasPrefix(tc.name, "unclosed") {
				name = "a.jsonl"
			}
			_, _, err := readJSONTables(t, name, strings.NewReader(tc.in), int64(len(tc.in)), tc.lim)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.reason)
			assert.Contains(t, err.Error(), name)
			assert.NotContains(t, err.Error(), secret)
			assert.NotContains(t, err.Error(), "xxxxxxxx")
		})
	}
}

// TestJSONErrorSaysWhere: a syntax error carries the byte offset of the bad token.
func TestJSONErrorSaysWhere(t *testing.T) {
	in := `[{"a":1},` + "\n" + `{"a":2,}]`
	_, _, err := readJSONTables(t, "a.json", strings.NewReader(in), int64(len(in)), Limits{})
	var re *Error
	require.ErrorAs(t, err, &re)
	assert.Equal(t, int64(strings.Index(in, ",}")+2), re.Byte, "%v", err)
}

// hugeJSONString is a JSON array holding one string of n bytes, produced on the fly.
type hugeJSONString struct {
	n, off int64
}

func (h *hugeJSONString) Read(p []byte) (int, error) {
	total := h.n + 4 // ["…"]
	if h.off >= total {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && h.off < total {
		switch {
		case h.off == 0:
			p[k] = '['
		case h.off == 1 || h.off == total-2:
			p[k] = '"'
		case h.off == total-1:
			p[k] = ']'
		default:
			p[k] = '7'
		}
		k++
		h.off++
	}
	return k, nil
}

// TestJSONHugeStringIsBounded: a 1 GB string (streamed from a generator, never written) stops at
// MaxFieldBytes with ErrLimit, after reading only a little more than that.
func TestJSONHugeStringIsBounded(t *testing.T) {
	h := &hugeJSONString{n: 1 << 30}
	f, err := Default().Open(Source{Path: "big.json", R: h, Size: -1, Limits: Limits{MaxFieldBytes: 1 << 20, MaxDecompressedBytes: 8 << 20}})
	require.Error(t, err)
	// Without ReadAt the input is spooled first, within MaxDecompressedBytes.
	assert.ErrorIs(t, err, ErrLimit)
	assert.Nil(t, f)
	assert.Less(t, h.off, int64(16<<20))

	// With ReadAt (as the scanner opens files), the string itself hits the field limit.
	ra := &hugeReaderAt{n: 1 << 30}
	_, err = Default().Open(Source{Path: "big.json", R: io.NewSectionReader(ra, 0, ra.size()), Size: ra.size(), Limits: Limits{MaxFieldBytes: 1 << 20}})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrLimit)
	assert.Contains(t, err.Error(), "a JSON string or number is longer than the 1 MiB limit")
	assert.Less(t, ra.maxOff, int64(4<<20), "read far past the limit")
}

// hugeReaderAt is ["777…"] of n digits, random access.
type hugeReaderAt struct {
	n, maxOff int64
}

func (h *hugeReaderAt) size() int64 { return h.n + 4 }

func (h *hugeReaderAt) ReadAt(p []byte, off int64) (int, error) {
	g := &hugeJSONString{n: h.n, off: off}
	n, err := io.ReadFull(g, p)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	h.maxOff = max(h.maxOff, off+int64(n))
	return n, err
}

// TestJSONManyRowsInBatches: batches respect BatchRows and every row arrives once.
func TestJSONManyRowsInBatches(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"meta":"x","rows":[`)
	for i := 0; i < 10_000; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%d"}`, i)
	}
	b.WriteString(`]}`)
	got, _, err := readJSONTables(t, "a.json", strings.NewReader(b.String()), int64(b.Len()), Limits{BatchRows: 333})
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Len(t, got[0].rows, 10_000)
	assert.Equal(t, "9999", got[0].rows[9999][0])
	assert.Equal(t, [][]string{{"x"}}, got[1].rows)
}

// TestJSONChangedBetweenPasses: a file whose second pass differs from the first is an error, not
// silently fewer columns.
func TestJSONChangedBetweenPasses(t *testing.T) {
	first := []byte(`[{"a":"1"}]`)
	second := []byte(`[{"b":"1"}]`)
	src := Source{Path: "a.json", R: bytes.NewReader(second), Size: int64(len(first))}
	src.R = struct {
		io.Reader
		io.ReaderAt
	}{bytes.NewReader(second), bytes.NewReader(first)}
	f, err := Default().Open(src)
	require.NoError(t, err)
	defer f.Close()
	tbl := firstTable(t, f)
	var b Batch
	err = tbl.Next(&b)
	assert.ErrorIs(t, err, ErrCorrupt)
	assert.Contains(t, err.Error(), "changed between the two passes")
	assert.True(t, errors.Is(tbl.Next(&b), ErrCorrupt), "the error is sticky")
}

func utf16LEWithBOM() interface{ Bytes([]byte) ([]byte, error) } {
	return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()
}

// TestJSONErrorStopsLaterTables: once the second pass fails inside a table, the next tables are
// not read from a stream left mid-value: NextTable returns the same error.
func TestJSONErrorStopsLaterTables(t *testing.T) {
	first := []byte(`{"a":[{"x":1}],"b":[{"y":2}]}`)
	second := []byte(`{"a":[{"z":1}],"b":[{"y":2}]}`)
	src := Source{Path: "a.json", Size: int64(len(first)), R: struct {
		io.Reader
		io.ReaderAt
	}{bytes.NewReader(second), bytes.NewReader(first)}}
	f, err := Default().Open(src)
	require.NoError(t, err)
	defer f.Close()
	var b Batch
	err = firstTable(t, f).Next(&b)
	require.ErrorIs(t, err, ErrCorrupt)
	_, err2 := f.NextTable()
	assert.Equal(t, err, err2)
}
