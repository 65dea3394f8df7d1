package readers

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xborder/xborder/readers/hostile"
)

// readTables opens data as name and reads every table, returning the tables' widths and rows
// and the first error.
func readTables(name string, data []byte, lim Limits) (widths []int, rows []int64, err error) {
	f, err := Default().Open(Source{Path: name, R: bytes.NewReader(data), Size: int64(len(data)), Limits: lim.WithDefaults()})
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var b Batch
	for {
		t, err := f.NextTable()
		if err == io.EOF {
			return widths, rows, nil
		}
		if err != nil {
			return widths, rows, err
		}
		widths = append(widths, len(t.Columns()))
		for {
			err := t.Next(&b)
			if err == io.EOF {
				break
			}
			if err != nil {
				return widths, rows, err
			}
		}
		rows = append(rows, t.Stats().Rows)
	}
}

// TestXLSXBombsAreBounded reads each hostile workbook of issue 21 with the default limits: each
// is at most a few megabytes and claims gigabytes (shared strings, styles, sheets, relationships,
// a cell, a tag, a dimension). Each must end, promptly, as a limit error naming what was too big,
// or read correctly without trusting the claim. Peak memory is measured per input by the CLI's
// hostile suite (cmd/xborder); here the heap is sampled as a coarse guard.
func TestXLSXBombsAreBounded(t *testing.T) {
	want := map[string]string{
		"sst-empty-items.xlsx":   "the shared-string table holds more than",
		"sst-long-items.xlsx":    "the shared-string table holds more text than",
		"styles-56m-xf.xlsx":     "styles: the part holds more than|the styles part lists more than",
		"dimension-xfd.xlsx":     "",
		"cell-2gb.xlsx":          "a cell or a run of XML text is longer than the 16 MiB limit (--max-field-bytes",
		"tag-2gb.xlsx":           "an XML tag is longer than the 64 KiB limit",
		"sheets-10m.xlsx":        "the workbook lists more sheets than the 1024-sheet limit (--max-sheets",
		"rels-10m.xlsx":          "workbook relationships: the part holds more than",
		"content-types-10m.xlsx": "",
	}
	for _, b := range hostile.XLSXBombsScaled(bombScale) {
		t.Run(b.Name, func(t *testing.T) {
			wantErr, ok := want[b.Name]
			if !ok {
				t.Fatalf("no expectation for %s", b)
			}
			type result struct {
				widths []int
				rows   []int64
				err    error
			}
			runtime.GC()
			done := make(chan result, 1)
			var peak uint64
			stop, sampled := make(chan struct{}), make(chan struct{})
			go func() {
				defer close(sampled)
				var ms runtime.MemStats
				for {
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
					}
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
			}()
			start := time.Now()
			go func() {
				w, r, err := readTables(b.Name, b.Data, Limits{})
				done <- result{w, r, err}
			}()
			var res result
			select {
			case res = <-done:
			case <-time.After(2 * time.Minute): // a hang guard, not a timing assertion
				t.Fatalf("%s: still reading after 2 minutes", b)
			}
			close(stop)
			<-sampled
			t.Logf("%s: %v, heap in use up to %d MiB, widths %v rows %v, err %v", b, time.Since(start).Round(time.Millisecond), peak>>20, res.widths, res.rows, res.err)
			if wantErr == "" {
				if res.err != nil {
					t.Fatalf("%s: %v", b, res.err)
				}
				return
			}
			if !errors.Is(res.err, ErrLimit) {
				t.Fatalf("%s: error %v, want a limit error", b, res.err)
			}
			if !containsOneOf(res.err.Error(), wantErr) {
				t.Errorf("%s: error %q does not say %q", b, res.err, wantErr)
			}
		})
	}
}

// TestXLSXDimensionIsNotTrusted: a sheet declaring A1:XFD… that holds one column is one column
// wide, whatever it declares; a real wide row within the first rows still extends the width.
func TestXLSXDimensionIsNotTrusted(t *testing.T) {
	for _, b := range hostile.XLSXBombsScaled(bombScale) {
		if b.Name != "dimension-xfd.xlsx" {
			continue
		}
		widths, rows, err := readTables(b.Name, b.Data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(200_000 / bombScale); len(widths) != 1 || widths[0] != 1 || rows[0] < want-2 {
			t.Fatalf("widths %v rows %v, want one column of about %d rows", widths, rows, want)
		}
	}
}

// containsOneOf reports whether s contains one of the "|"-separated alternatives: which bound a
// bomb reaches first (items or tokens) depends on its size.
func containsOneOf(s, alternatives string) bool {
	for _, a := range strings.Split(alternatives, "|") {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}
