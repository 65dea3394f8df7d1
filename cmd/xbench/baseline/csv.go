// Package baseline holds the project's one definition of the CSV baseline that xborder's
// throughput is compared with: the plainest full read of a CSV file with the standard library.
// cmd/xbench runs it as a subprocess, scanner's in-process benchmark calls it directly, and
// docs/performance.md and the README quote ratios against it.
package baseline

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
)

// ReadBufferSize is the bufio.Reader size of the baseline read: 1 MiB.
const ReadBufferSize = 1 << 20

// CSVResult is what a baseline read saw.
type CSVResult struct {
	Records int64 // records read, the header included
	Fields  int64 // fields over all records
	Bytes   int64 // sum of the fields' lengths: every field is touched
}

// CSV reads r to the end with encoding/csv (ReuseRecord, FieldsPerRecord -1, LazyQuotes off)
// through a 1 MiB bufio.Reader and touches every field by summing their lengths, so no part of
// the parse can be skipped.
func CSV(ctx context.Context, r io.Reader) (CSVResult, error) {
	cr := csv.NewReader(bufio.NewReaderSize(r, ReadBufferSize))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	var res CSVResult
	for {
		if res.Records%65536 == 0 && ctx.Err() != nil {
			return res, ctx.Err()
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return res, nil
		} else if err != nil {
			return res, fmt.Errorf("record %d: %w", res.Records+1, err)
		}
		res.Records++
		res.Fields += int64(len(rec))
		for _, f := range rec {
			res.Bytes += int64(len(f))
		}
	}
}
