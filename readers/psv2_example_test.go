package readers_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/xborder/xborder/readers"
	"github.com/xborder/xborder/scanner"
)

// A format is one file: this toy reader of pipe-separated text (.psv2: a header line, then one
// record per line, cells between '|', no quoting) is defined and registered here, in a test,
// and the scanner reads it like any built-in. A real format would be readers/psv2.go with
// func init() { builtins = append(builtins, psv2Format()) } plus this test.
func psv2Format() readers.Format {
	return readers.Format{ID: "psv2", Suffixes: []string{".psv2"}, Open: func(src readers.Source) (readers.File, error) {
		sc := bufio.NewScanner(src.R)
		sc.Buffer(nil, src.Limits.MaxFieldBytes)
		if !sc.Scan() {
			return nil, &readers.Error{Path: src.Path, Err: readers.ErrEmpty}
		}
		cols := split(sc.Bytes())
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = string(c)
		}
		return &psv2File{sc: sc, cols: names, batch: src.Limits.BatchRows}, nil
	}}
}

func split(line []byte) [][]byte { return bytes.Split(bytes.TrimRight(line, "\r"), []byte("|")) }

// psv2File is the file and its one table. It reads Source.R front to back and declares no
// random access (readers.Info.RandomAccess), which is the default.
type psv2File struct {
	sc    *bufio.Scanner
	cols  []string
	batch int
	done  bool
	stats readers.TableStats
}

func (f *psv2File) NextTable() (readers.Table, error) {
	if f.done {
		return nil, io.EOF
	}
	f.done = true
	return f, nil
}
func (f *psv2File) Info() readers.Info        { return readers.Info{Format: "psv2", Encoding: "utf-8"} }
func (f *psv2File) Close() error              { return nil }
func (f *psv2File) Name() string              { return "" }
func (f *psv2File) Columns() []string         { return f.cols }
func (f *psv2File) Stats() readers.TableStats { return f.stats }

func (f *psv2File) Next(b *readers.Batch) error {
	b.Reset(len(f.cols))
	for b.Rows < f.batch && f.sc.Scan() {
		cells := split(f.sc.Bytes())
		if len(cells) != len(f.cols) {
			f.stats.RaggedRows++
		}
		for ci := range b.Columns {
			var v []byte
			if ci < len(cells) {
				v = cells[ci]
			}
			b.Columns[ci].Append(v)
		}
		b.Rows++
	}
	f.stats.Rows += int64(b.Rows)
	if b.Rows > 0 {
		return nil
	}
	if err := f.sc.Err(); err != nil {
		return &readers.Error{Path: "psv2", Err: readers.ErrLimit}
	}
	return io.EOF
}

func TestPSV2FormatIsOneFile(t *testing.T) {
	dir := t.TempDir()
	body := "姓名|手机|备注\n张伟|13812345678|ok\n李娜|13912345678|ok\n王芳|13712345678\n"
	path := filepath.Join(dir, "people.psv2")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o644))

	reg := readers.Default()
	reg.Register(psv2Format())
	f, ok := reg.Lookup(path)
	require.True(t, ok)
	assert.Equal(t, "psv2", f.ID)
	_, builtin := readers.Default().Lookup(path)
	assert.False(t, builtin, "registering on a registry value must not change the built-ins")

	res, err := scanner.Scan(context.Background(), []string{dir}, scanner.Options{Readers: reg, SampleRows: scanner.DefaultSampleRows, Workers: 1})
	require.NoError(t, err)
	require.Len(t, res.Files, 1)
	fr := res.Files[0]
	require.NoError(t, fr.Err)
	assert.Equal(t, "psv2", fr.Format)
	assert.Equal(t, int64(3), fr.Rows)
	require.Len(t, fr.Tables, 1)
	var phoneTypes []string
	for _, c := range fr.Tables[0].Columns {
		if c.Name == "手机" {
			for _, ty := range c.Types {
				phoneTypes = append(phoneTypes, ty.Type)
			}
		}
	}
	assert.Contains(t, phoneTypes, "phone_number")
	assert.Equal(t, int64(1), fr.Tables[0].RaggedRows)
}
