package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"

	"github.com/xborder/xborder/cmd/xbench/baseline"
)

// parquetBaselineColumns are the columns xborder's counting pass reads on orders.parquet: the
// identifiers that make a person (mobile, ID, email) plus name and address, which the plan keeps
// as personal information of the same row. The order id, amount and timestamp are typed from a
// sample and then skipped, so the fair baseline projects the same five columns.
var parquetBaselineColumns = []string{"name", "mobile", "id_number", "email", "address"}

// cmdBaseline reads a whole file the plainest way its format allows and prints "rows N".
func cmdBaseline(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) != 2 {
		return errors.New("baseline: want FORMAT FILE (csv, parquet, xlsx, or sha256 for the digest floor)")
	}
	var (
		n   int64
		err error
	)
	switch args[0] {
	case "csv":
		n, err = baselineCSV(ctx, args[1])
	case "parquet":
		n, err = baselineParquet(ctx, args[1])
	case "xlsx":
		n, err = baselineXLSX(ctx, args[1])
	case "sha256":
		return digestFloor(ctx, args[1], stdout)
	default:
		return fmt.Errorf("baseline: unknown format %q", args[0])
	}
	if err != nil {
		return fmt.Errorf("baseline %s: %w", args[0], err)
	}
	fmt.Fprintf(stdout, "rows %d\n", n)
	return nil
}

// digestFloor reads the file into sha256 (baseline.Digest) and prints "sha256 HEX BYTES".
func digestFloor(ctx context.Context, path string, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sum, n, err := baseline.Digest(ctx, f)
	if err != nil {
		return fmt.Errorf("digest floor: %s: %w", path, err)
	}
	fmt.Fprintf(stdout, "sha256 %x %d\n", sum, n)
	return nil
}

// baselineCSV is the project's CSV baseline (baseline.CSV: encoding/csv, ReuseRecord, 1 MiB
// bufio.Reader, every field touched) over the whole file; it returns data rows, header excluded.
func baselineCSV(ctx context.Context, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	res, err := baseline.CSV(ctx, f)
	if err != nil {
		return res.Records, fmt.Errorf("%s: %w", path, err)
	}
	return max(res.Records-1, 0), nil
}

// baselineParquet reads parquetBaselineColumns with the pqarrow record reader, no text conversion.
func baselineParquet(ctx context.Context, path string) (int64, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 64 * 1024}, memory.DefaultAllocator)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	var cols []int
	for _, name := range parquetBaselineColumns {
		idx := schema.FieldIndices(name)
		if len(idx) == 0 {
			return 0, fmt.Errorf("%s: no column %q", path, name)
		}
		cols = append(cols, idx[0])
	}
	rr, err := fr.GetRecordReader(ctx, cols, nil)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	defer rr.Release()
	var n int64
	for rr.Next() {
		n += rr.RecordBatch().NumRows()
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return n, fmt.Errorf("%s: row %d: %w", path, n, err)
	}
	return n, nil
}

// baselineXLSX streams the first sheet with excelize f.Rows, calling Columns on every row.
func baselineXLSX(ctx context.Context, path string) (int64, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		if n%65536 == 0 && ctx.Err() != nil {
			return n, ctx.Err()
		}
		if _, err := rows.Columns(); err != nil {
			return n, fmt.Errorf("%s: row %d: %w", path, n+1, err)
		}
		n++
	}
	if err := rows.Error(); err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	return max(n-1, 0), nil
}
