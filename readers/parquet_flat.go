package readers

import (
	"errors"
	"strconv"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// The flat path reads non-repeated columns of the common types (top-level, or leaves of structs
// outside any list) straight from parquet's column-chunk readers, skipping arrow's array builders:
// about twice pqarrow's speed for a few string columns (docs/performance.md), which is what the
// scanner's counting pass projects. Lists, maps, decimal, INT96 and time-of-day columns keep going
// through pqarrow; a top-level field goes one way whole.

// errShortChunk means a column chunk ended before its row group's row count; errLongChunk that
// it holds more.
var (
	errShortChunk = errors.New("column chunk holds fewer rows than its row group")
	errLongChunk  = errors.New("column chunk holds more rows than its row group declares")
)

// flatReader appends the next n cells of one column chunk to a Column.
type flatReader interface {
	read(col *Column, n int, defs []int16) error
	skip(n int64) error
	// more says whether the chunk holds values past those read.
	more() bool
}

// flatPlan builds a flatReader for one column chunk.
type flatPlan func(cc file.ColumnChunkReader) flatReader

// batchReader is the typed ReadBatch/Skip pair every parquet column-chunk reader has.
type batchReader[T any] interface {
	ReadBatch(batchSize int64, values []T, defLvls, repLvls []int16) (int64, int, error)
	Skip(nvalues int64) (int64, error)
	HasNext() bool
}

type flatCol[T any] struct {
	r      batchReader[T]
	maxDef int16
	vals   []T
	f      func(dst []byte, v T) []byte
}

func (c *flatCol[T]) read(col *Column, n int, defs []int16) error {
	if cap(c.vals) < n {
		c.vals = make([]T, n)
	}
	if len(defs) < n {
		defs = make([]int16, n)
	}
	data, ends := col.Data, col.Ends
	defer func() { col.Data, col.Ends = data, ends }()
	for n > 0 {
		total, nv, err := c.r.ReadBatch(int64(n), c.vals[:n], defs[:n], nil)
		if err != nil {
			return err
		}
		if total <= 0 {
			return errShortChunk
		}
		if c.maxDef == 0 {
			for _, v := range c.vals[:nv] {
				data = c.f(data, v)
				ends = append(ends, len(data))
			}
		} else {
			vi := 0
			for _, d := range defs[:total] {
				if d == c.maxDef {
					data = c.f(data, c.vals[vi])
					vi++
				}
				ends = append(ends, len(data))
			}
		}
		n -= int(total)
	}
	return nil
}

func (c *flatCol[T]) skip(n int64) error {
	got, err := c.r.Skip(n)
	if err != nil {
		return err
	}
	if got != n {
		return errShortChunk
	}
	return nil
}

func (c *flatCol[T]) more() bool { return c.r.HasNext() }

func flatOf[T any](maxDef int16, f func(dst []byte, v T) []byte) flatPlan {
	return func(cc file.ColumnChunkReader) flatReader {
		r := cc.(batchReader[T])
		if p, ok := cc.(inPageReader[T]); ok {
			r = inPage[T]{r, p}
		}
		return &flatCol[T]{r: r, maxDef: maxDef, f: f}
	}
}

// inPageReader is the ReadBatchInPage every parquet column-chunk reader has: it reads within
// the current page (moving to the next when it is used up) and leaves byte arrays pointing into
// the page, where ReadBatch first copies each batch's byte arrays into a new buffer. flatCol
// renders every value into the column's text before its next read, so that copy is not needed:
// it was 0.6 of 5.4 CPU-s of the 10 M-row Parquet scan.
type inPageReader[T any] interface {
	ReadBatchInPage(batchSize int64, values []T, defLvls, repLvls []int16) (int64, int, error)
}

// inPage is a batchReader whose ReadBatch is the chunk reader's ReadBatchInPage.
type inPage[T any] struct {
	batchReader[T]
	p inPageReader[T]
}

func (r inPage[T]) ReadBatch(batchSize int64, values []T, defLvls, repLvls []int16) (int64, int, error) {
	return r.p.ReadBatchInPage(batchSize, values, defLvls, repLvls)
}

// newFlatPlan returns how to read leaf c on the flat path, or nil when it needs pqarrow. The text
// is the same either way; TestParquetFlatPathMatchesArrowPath checks that.
func newFlatPlan(c *schema.Column) flatPlan {
	// A leaf inside structs (no list) is one value per row like a top-level column: present at
	// the maximum definition level, empty (a null field or a null struct above it) below.
	if c.MaxRepetitionLevel() != 0 {
		return nil
	}
	def := c.MaxDefinitionLevel()
	switch c.PhysicalType() {
	case parquet.Types.Boolean:
		if _, ok := c.LogicalType().(schema.NoLogicalType); ok {
			return flatOf(def, strconv.AppendBool)
		}
	case parquet.Types.Int32:
		switch l := c.LogicalType().(type) {
		case schema.NoLogicalType:
			return flatOf(def, func(dst []byte, v int32) []byte { return strconv.AppendInt(dst, int64(v), 10) })
		case *schema.IntLogicalType:
			if l.IsSigned() {
				return flatOf(def, func(dst []byte, v int32) []byte { return strconv.AppendInt(dst, int64(v), 10) })
			}
			return flatOf(def, func(dst []byte, v int32) []byte { return strconv.AppendUint(dst, uint64(uint32(v)), 10) })
		case schema.DateLogicalType:
			return flatOf(def, func(dst []byte, v int32) []byte { return appendDate(dst, int64(v)) })
		}
	case parquet.Types.Int64:
		switch l := c.LogicalType().(type) {
		case schema.NoLogicalType:
			return flatOf(def, func(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) })
		case *schema.IntLogicalType:
			if l.IsSigned() {
				return flatOf(def, func(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) })
			}
			return flatOf(def, func(dst []byte, v int64) []byte { return strconv.AppendUint(dst, uint64(v), 10) })
		case *schema.TimestampLogicalType:
			var perSec int64
			switch l.TimeUnit() {
			case schema.TimeUnitMillis:
				perSec = 1e3
			case schema.TimeUnitMicros:
				perSec = 1e6
			case schema.TimeUnitNanos:
				perSec = 1e9
			default:
				return nil
			}
			utc := l.IsAdjustedToUTC()
			return flatOf(def, func(dst []byte, v int64) []byte { return appendTimestamp(dst, v, perSec, utc) })
		}
	case parquet.Types.Float:
		if _, ok := c.LogicalType().(schema.NoLogicalType); ok {
			return flatOf(def, func(dst []byte, v float32) []byte { return appendFloat(dst, float64(v), 32) })
		}
	case parquet.Types.Double:
		if _, ok := c.LogicalType().(schema.NoLogicalType); ok {
			return flatOf(def, func(dst []byte, v float64) []byte { return appendFloat(dst, v, 64) })
		}
	case parquet.Types.ByteArray:
		switch c.LogicalType().(type) {
		case schema.StringLogicalType, schema.EnumLogicalType, schema.JSONLogicalType:
			return flatOf(def, func(dst []byte, v parquet.ByteArray) []byte { return append(dst, v...) })
		case schema.NoLogicalType:
			return flatOf(def, func(dst []byte, v parquet.ByteArray) []byte { return appendBlob(dst, v) })
		}
	case parquet.Types.FixedLenByteArray:
		switch c.LogicalType().(type) {
		case schema.UUIDLogicalType:
			if c.TypeLength() == 16 {
				return flatOf(def, func(dst []byte, v parquet.FixedLenByteArray) []byte { return appendUUID(dst, v) })
			}
		case schema.NoLogicalType:
			return flatOf(def, func(dst []byte, v parquet.FixedLenByteArray) []byte { return appendBlob(dst, v) })
		}
	}
	return nil
}
