//go:build linux

package readers

import (
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
)

// TestParquetPeakRSS reads every column of a 10-million-row file and reports the process's peak
// RSS. It is a measurement, not a CI test: it runs only when XBORDER_PARQUET_RSS names the file.
// The first run writes the file and skips (writing would dominate the peak); the second measures:
//
//	XBORDER_PARQUET_RSS=/tmp/orders10m.parquet go test ./readers -run PeakRSS -v   # twice
func TestParquetPeakRSS(t *testing.T) {
	path := os.Getenv("XBORDER_PARQUET_RSS")
	if path == "" {
		t.Skip("set XBORDER_PARQUET_RSS to a file path to measure peak RSS")
	}
	if _, err := os.Stat(path); err != nil {
		writeOrders(t, path, 10_000_000, 1_000_000)
		t.Skip("wrote the 10 M-row file; run again to measure")
	}
	f := openParquetPath(t, path, Limits{})
	tbl := firstTable(t, f)
	var b Batch
	var rows int64
	for {
		err := tbl.Next(&b)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows += int64(b.Rows)
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	peakMB := float64(ru.Maxrss) / 1024
	t.Logf("read %d rows, all columns; peak RSS %.0f MB", rows, peakMB)
	if rows != 10_000_000 {
		t.Errorf("read %d rows, want 10000000", rows)
	}
	if peakMB >= 200 {
		t.Errorf("peak RSS %.0f MB, want < 200 MB", peakMB)
	}
}
