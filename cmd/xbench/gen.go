package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
	"golang.org/x/sync/errgroup"
)

// ordersSeed fixes the order stream: every run of gen writes the same bytes.
const ordersSeed = 20261123

// parquetRowGroup is the row-group length of orders.parquet.
const parquetRowGroup = 1_000_000

func cmdGen(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("xbench gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder to write the inputs to (created if missing)")
	scaleName := fs.String("scale", "full", "full (10 M rows, ~1.4 GB CSV) or small (500 k rows)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("gen: -out is required")
	}
	sc, err := scaleByName(*scaleName)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := generate(ctx, *out, sc, stderr); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

// generate writes orders.csv, orders.parquet, orders.xlsx and folder/ under dir, each from its
// own generator with the same seed, so they hold the same rows and can be written in parallel.
func generate(ctx context.Context, dir string, sc scale, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	g, ctx := errgroup.WithContext(ctx)
	timed := func(name string, f func() error) {
		g.Go(func() error {
			start := time.Now()
			if err := f(); err != nil {
				return err
			}
			fmt.Fprintf(log, "wrote %s in %s\n", name, time.Since(start).Round(time.Millisecond))
			return nil
		})
	}
	orders := func() func() []string {
		rg := newRowGen(ordersSeed, sc.Persons, 0)
		return func() []string { r, _ := rg.next(); return r }
	}
	timed("orders.csv", func() error {
		return writeCSV(ctx, filepath.Join(dir, "orders.csv"), ',', false, orderHeader, sc.Rows, orders())
	})
	timed("orders.parquet", func() error {
		return writeParquet(ctx, filepath.Join(dir, "orders.parquet"), orderHeader, sc.Rows, orders())
	})
	timed("orders.xlsx", func() error {
		return writeXLSX(ctx, filepath.Join(dir, "orders.xlsx"), orderHeader, sc.XLSXRows, orders())
	})
	timed("folder/", func() error { return writeFolder(ctx, filepath.Join(dir, "folder"), sc.FolderFiles) })
	return g.Wait()
}

// writeFolder writes n small files in 20 sub-folders: csv, tsv, csv.gz, parquet and xlsx in turn;
// two in three hold order rows (persons overlapping between neighbouring files), the rest a
// product list without personal information.
func writeFolder(ctx context.Context, dir string, n int) error {
	kinds := []string{".csv", ".tsv", ".csv.gz", ".parquet", ".xlsx"}
	rng := rand.New(rand.NewPCG(ordersSeed, 2))
	for j := 0; j < n; j++ {
		rows := 20 + rng.IntN(1400)
		kind := kinds[j%len(kinds)]
		sub := filepath.Join(dir, fmt.Sprintf("d%02d", j%20))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return fmt.Errorf("create %s: %w", sub, err)
		}
		header, next := orderHeader, func() func() []string {
			rg := newRowGen(uint64(j), rows/2+1, 6_000_000+j*300)
			return func() []string { r, _ := rg.next(); return r }
		}()
		name := fmt.Sprintf("orders-%04d%s", j, kind)
		if j%3 == 0 {
			header, next = productHeader, newProductGen(uint64(j)).next
			name = fmt.Sprintf("products-%04d%s", j, kind)
		}
		path := filepath.Join(sub, name)
		var err error
		switch kind {
		case ".csv":
			err = writeCSV(ctx, path, ',', false, header, rows, next)
		case ".tsv":
			err = writeCSV(ctx, path, '\t', false, header, rows, next)
		case ".csv.gz":
			err = writeCSV(ctx, path, ',', true, header, rows, next)
		case ".parquet":
			err = writeParquet(ctx, path, header, rows, next)
		case ".xlsx":
			err = writeXLSX(ctx, path, header, rows, next)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeAtomic writes path through a temporary sibling renamed at the end, so an interrupted gen
// never leaves a truncated input that a later run would measure.
func writeAtomic(path string, write func(w io.Writer) error) error {
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("create %s: %w", tmp, err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	return nil
}

func writeCSV(ctx context.Context, path string, comma rune, gz bool, header []string, n int, next func() []string) error {
	return writeAtomic(path, func(w io.Writer) error {
		var zw *gzip.Writer
		if gz {
			zw = gzip.NewWriter(w)
			w = zw
		}
		cw := csv.NewWriter(w)
		cw.Comma = comma
		if err := cw.Write(header); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if i%65536 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := cw.Write(next()); err != nil {
				return fmt.Errorf("row %d: %w", i+1, err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		if zw != nil {
			return zw.Close()
		}
		return nil
	})
}

// writeParquet writes string columns, snappy-compressed with dictionaries, one Write per row
// group so at most one row group is held in memory.
func writeParquet(ctx context.Context, path string, header []string, n int, next func() []string) error {
	fields := make([]arrow.Field, len(header))
	for i, h := range header {
		fields[i] = arrow.Field{Name: h, Type: arrow.BinaryTypes.String, Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithDictionaryDefault(true),
		parquet.WithMaxRowGroupLength(parquetRowGroup),
	)
	return writeAtomic(path, func(w io.Writer) error {
		fw, err := pqarrow.NewFileWriter(schema, w, props, pqarrow.DefaultWriterProps())
		if err != nil {
			return err
		}
		b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
		defer b.Release()
		for start := 0; start < n; start += parquetRowGroup {
			if ctx.Err() != nil {
				fw.Close()
				return ctx.Err()
			}
			for i := start; i < min(n, start+parquetRowGroup); i++ {
				for c, v := range next() {
					b.Field(c).(*array.StringBuilder).Append(v)
				}
			}
			rec := b.NewRecordBatch()
			err := fw.Write(rec)
			rec.Release()
			if err != nil {
				fw.Close()
				return fmt.Errorf("row group at row %d: %w", start, err)
			}
		}
		return fw.Close()
	})
}

// writeXLSX writes one sheet through excelize's StreamWriter.
func writeXLSX(ctx context.Context, path string, header []string, n int, next func() []string) error {
	return writeAtomic(path, func(w io.Writer) error {
		f := excelize.NewFile()
		defer f.Close()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			return err
		}
		vals := make([]any, len(header))
		set := func(r int, rec []string) error {
			for i, v := range rec {
				vals[i] = v
			}
			cell, err := excelize.CoordinatesToCellName(1, r)
			if err != nil {
				return err
			}
			return sw.SetRow(cell, vals)
		}
		if err := set(1, header); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if i%65536 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := set(i+2, next()); err != nil {
				return fmt.Errorf("row %d: %w", i+1, err)
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		return f.Write(w)
	})
}
