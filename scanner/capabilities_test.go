package scanner

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers"
)

// linesFormat is a toy sequential reader of a binary-looking format (no text encoding in its
// Info): one column, one cell per line, read front to back from Source.R. It does not declare
// Info.RandomAccess, so the scanner must leave Source.R to it alone.
func linesFormat() readers.Format {
	return readers.Format{ID: "lines", Suffixes: []string{".lines"}, Open: func(src readers.Source) (readers.File, error) {
		return &linesFile{sc: bufio.NewScanner(src.R)}, nil
	}}
}

type linesFile struct {
	sc   *bufio.Scanner
	done bool
	rows int64
}

func (f *linesFile) NextTable() (readers.Table, error) {
	if f.done {
		return nil, io.EOF
	}
	f.done = true
	return f, nil
}
func (f *linesFile) Info() readers.Info { return readers.Info{Format: "lines"} }
func (f *linesFile) Close() error       { return nil }
func (f *linesFile) Name() string       { return "" }
func (f *linesFile) Columns() []string  { return []string{"身份证号"} }
func (f *linesFile) Stats() readers.TableStats {
	return readers.TableStats{Rows: f.rows}
}
func (f *linesFile) Next(b *readers.Batch) error {
	b.Reset(1)
	for b.Rows < 100 && f.sc.Scan() {
		b.Columns[0].Append(f.sc.Bytes())
		b.Rows++
	}
	f.rows += int64(b.Rows)
	if b.Rows == 0 {
		if err := f.sc.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	return nil
}

// A sequential reader whose Info has no encoding is not taken for a random-access one: the file
// is read once, by the reader, and its digest and rows are right.
func TestSequentialReaderWithoutEncodingIsNotRandomAccess(t *testing.T) {
	g := newGen(5)
	var lines []string
	for i := range 5000 {
		lines = append(lines, g.id(i%28, 1960+i%40))
	}
	body := strings.Join(lines, "\n") + "\n"
	dir := writeFiles(t, map[string]string{"ids.lines": body})
	opt := testOptions()
	opt.Readers = readers.Default()
	opt.Readers.Register(linesFormat())
	res, err := Scan(context.Background(), []string{dir}, opt)
	require.NoError(t, err)
	require.Len(t, res.Files, 1)
	fr := res.Files[0]
	require.NoError(t, fr.Err)
	sum := sha256.Sum256([]byte(body))
	assert.Equal(t, hex.EncodeToString(sum[:]), fr.SHA256)
	assert.Equal(t, int64(len(lines)), fr.Rows)
	assert.Contains(t, typesOf(fr, "身份证号"), "cn_resident_id")
}
