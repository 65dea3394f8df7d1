package readers

import (
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// cellFunc appends the text of non-null value i of an array already bound to it.
type cellFunc func(dst []byte, i int) []byte

// binder turns one column's arrow arrays into cell text. The type switch runs once per column
// (newBinder) and the type assertion once per array (bind), leaving one indirect call per cell.
type binder struct {
	bind func(arr arrow.Array) cellFunc
}

// leafInfo is what arrow's type does not carry but the text depends on: arrow maps UUID to plain
// fixed-size binary, ENUM and JSON to binary, and marks every timestamp UTC regardless of the
// file's isAdjustedToUTC.
type leafInfo struct {
	logical  schema.LogicalType
	physical parquet.Type
	ok       bool
}

func leafOf(sf *pqarrow.SchemaField, descr *schema.Schema) leafInfo {
	if sf == nil || len(sf.Children) > 0 || sf.ColIndex < 0 || sf.ColIndex >= descr.NumColumns() {
		return leafInfo{}
	}
	c := descr.Column(sf.ColIndex)
	return leafInfo{logical: c.LogicalType(), physical: c.PhysicalType(), ok: true}
}

func childField(sf *pqarrow.SchemaField, path ...int) *pqarrow.SchemaField {
	for _, k := range path {
		if sf == nil || k >= len(sf.Children) {
			return nil
		}
		sf = &sf.Children[k]
	}
	return sf
}

// newBinder builds the text conversion for arrow type dt, whose parquet schema node is sf (nil
// when unknown). hasOrigin says the file carries a stored arrow schema, whose time zones are
// then authoritative for INT96 timestamps.
func newBinder(dt arrow.DataType, sf *pqarrow.SchemaField, descr *schema.Schema, hasOrigin bool) binder {
	leaf := leafOf(sf, descr)
	if b, ok := numberBinder(dt); ok {
		return b
	}
	if b, ok := temporalBinder(dt, leaf, hasOrigin); ok {
		return b
	}
	if b, ok := bytesBinder(dt, leaf); ok {
		return b
	}
	return nestedBinder(dt, sf, descr, hasOrigin)
}

// numberBinder builds the text conversion for a boolean or numeric arrow type; ok is false for
// others.
func numberBinder(dt arrow.DataType) (binder, bool) {
	switch t := dt.(type) {
	case *arrow.BooleanType:
		return bindAs(func(a *array.Boolean, dst []byte, i int) []byte { return strconv.AppendBool(dst, a.Value(i)) }), true
	case *arrow.Int8Type:
		return bindAs(func(a *array.Int8, dst []byte, i int) []byte { return strconv.AppendInt(dst, int64(a.Value(i)), 10) }), true
	case *arrow.Int16Type:
		return bindAs(func(a *array.Int16, dst []byte, i int) []byte { return strconv.AppendInt(dst, int64(a.Value(i)), 10) }), true
	case *arrow.Int32Type:
		return bindAs(func(a *array.Int32, dst []byte, i int) []byte { return strconv.AppendInt(dst, int64(a.Value(i)), 10) }), true
	case *arrow.Int64Type:
		return bindAs(func(a *array.Int64, dst []byte, i int) []byte { return strconv.AppendInt(dst, a.Value(i), 10) }), true
	case *arrow.Uint8Type:
		return bindAs(func(a *array.Uint8, dst []byte, i int) []byte { return strconv.AppendUint(dst, uint64(a.Value(i)), 10) }), true
	case *arrow.Uint16Type:
		return bindAs(func(a *array.Uint16, dst []byte, i int) []byte {
			return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
		}), true
	case *arrow.Uint32Type:
		return bindAs(func(a *array.Uint32, dst []byte, i int) []byte {
			return strconv.AppendUint(dst, uint64(a.Value(i)), 10)
		}), true
	case *arrow.Uint64Type:
		return bindAs(func(a *array.Uint64, dst []byte, i int) []byte { return strconv.AppendUint(dst, a.Value(i), 10) }), true
	case *arrow.Float16Type:
		return bindAs(func(a *array.Float16, dst []byte, i int) []byte {
			return appendFloat(dst, float64(a.Value(i).Float32()), 32)
		}), true
	case *arrow.Float32Type:
		return bindAs(func(a *array.Float32, dst []byte, i int) []byte { return appendFloat(dst, float64(a.Value(i)), 32) }), true
	case *arrow.Float64Type:
		return bindAs(func(a *array.Float64, dst []byte, i int) []byte { return appendFloat(dst, a.Value(i), 64) }), true
	case *arrow.Decimal128Type:
		scale := t.Scale
		return bindAs(func(a *array.Decimal128, dst []byte, i int) []byte { return appendDecimal128(dst, a.Value(i), scale) }), true
	case *arrow.Decimal256Type:
		scale := t.Scale
		return bindAs(func(a *array.Decimal256, dst []byte, i int) []byte {
			return appendScaled(dst, []byte(decimal256.Num.BigInt(a.Value(i)).String()), scale)
		}), true
	}
	return binder{}, false
}

// temporalBinder builds the text conversion for a date, time or timestamp arrow type, its parquet
// leaf deciding whether a timestamp is shown in UTC (see newBinder); ok is false for others.
func temporalBinder(dt arrow.DataType, leaf leafInfo, hasOrigin bool) (binder, bool) {
	switch t := dt.(type) {
	case *arrow.Date32Type:
		return bindAs(func(a *array.Date32, dst []byte, i int) []byte { return appendDate(dst, int64(a.Value(i))) }), true
	case *arrow.Date64Type:
		return bindAs(func(a *array.Date64, dst []byte, i int) []byte {
			return appendDate(dst, floorDiv(int64(a.Value(i)), 86400000))
		}), true
	case *arrow.Time32Type:
		perSec := unitPerSecond(t.Unit)
		return bindAs(func(a *array.Time32, dst []byte, i int) []byte {
			return appendTimeOfDay(dst, int64(a.Value(i)), perSec)
		}), true
	case *arrow.Time64Type:
		perSec := unitPerSecond(t.Unit)
		return bindAs(func(a *array.Time64, dst []byte, i int) []byte {
			return appendTimeOfDay(dst, int64(a.Value(i)), perSec)
		}), true
	case *arrow.TimestampType:
		perSec := unitPerSecond(t.Unit)
		utc := t.TimeZone != ""
		if ts, ok := leaf.logical.(*schema.TimestampLogicalType); leaf.ok && ok {
			utc = ts.IsAdjustedToUTC()
		} else if leaf.ok && leaf.physical == parquet.Types.Int96 && !hasOrigin {
			// INT96 carries no time zone flag; arrow labels it UTC anyway. Spark and Impala
			// write wall-clock values, so show them without Z unless a stored arrow schema says so.
			utc = false
		}
		return bindAs(func(a *array.Timestamp, dst []byte, i int) []byte {
			return appendTimestamp(dst, int64(a.Value(i)), perSec, utc)
		}), true
	}
	return binder{}, false
}

// bytesBinder builds the text conversion for a string or binary arrow type, its parquet leaf
// telling text and UUIDs from blobs; ok is false for others.
func bytesBinder(dt arrow.DataType, leaf leafInfo) (binder, bool) {
	switch t := dt.(type) {
	case *arrow.StringType:
		return bindAs(func(a *array.String, dst []byte, i int) []byte { return append(dst, a.Value(i)...) }), true
	case *arrow.LargeStringType:
		return bindAs(func(a *array.LargeString, dst []byte, i int) []byte { return append(dst, a.Value(i)...) }), true
	case *arrow.BinaryType:
		if isTextual(leaf) {
			return bindAs(func(a *array.Binary, dst []byte, i int) []byte { return append(dst, a.Value(i)...) }), true
		}
		return bindAs(func(a *array.Binary, dst []byte, i int) []byte { return appendBlob(dst, a.Value(i)) }), true
	case *arrow.LargeBinaryType:
		if isTextual(leaf) {
			return bindAs(func(a *array.LargeBinary, dst []byte, i int) []byte { return append(dst, a.Value(i)...) }), true
		}
		return bindAs(func(a *array.LargeBinary, dst []byte, i int) []byte { return appendBlob(dst, a.Value(i)) }), true
	case *arrow.FixedSizeBinaryType:
		if _, ok := leaf.logical.(schema.UUIDLogicalType); ok && t.ByteWidth == 16 {
			return bindAs(func(a *array.FixedSizeBinary, dst []byte, i int) []byte { return appendUUID(dst, a.Value(i)) }), true
		}
		return bindAs(func(a *array.FixedSizeBinary, dst []byte, i int) []byte { return appendBlob(dst, a.Value(i)) }), true
	}
	return binder{}, false
}

// nestedBinder builds the text conversion for the other arrow types: dictionaries, maps, lists,
// structs and extensions (from their parts' binders), null, and arrow's own text for the rest.
func nestedBinder(dt arrow.DataType, sf *pqarrow.SchemaField, descr *schema.Schema, hasOrigin bool) binder {
	switch t := dt.(type) {
	case *arrow.DictionaryType:
		values := newBinder(t.ValueType, sf, descr, hasOrigin)
		return binder{bind: func(arr arrow.Array) cellFunc {
			d := arr.(*array.Dictionary)
			vf := values.bind(d.Dictionary())
			return func(dst []byte, i int) []byte { return vf(dst, d.GetValueIndex(i)) }
		}}
	case *arrow.MapType:
		return mapBinder(t, sf, descr, hasOrigin)
	case arrow.ListLikeType:
		return listBinder(t, sf, descr, hasOrigin)
	case *arrow.StructType:
		return structBinder(t, sf, descr, hasOrigin)
	case arrow.ExtensionType:
		storage := newBinder(t.StorageType(), sf, descr, hasOrigin)
		return binder{bind: func(arr arrow.Array) cellFunc {
			return storage.bind(arr.(array.ExtensionArray).Storage())
		}}
	case *arrow.NullType:
		return binder{bind: func(arrow.Array) cellFunc { return func(dst []byte, _ int) []byte { return dst } }}
	default:
		// Types Parquet readers do not produce today (intervals, unions): arrow's own text.
		return binder{bind: func(arr arrow.Array) cellFunc {
			return func(dst []byte, i int) []byte { return append(dst, arr.ValueStr(i)...) }
		}}
	}
}

// mapBinder shows a map as {key: value, …}.
func mapBinder(t *arrow.MapType, sf *pqarrow.SchemaField, descr *schema.Schema, hasOrigin bool) binder {
	keys := newBinder(t.KeyType(), childField(sf, 0, 0), descr, hasOrigin)
	items := newBinder(t.ItemType(), childField(sf, 0, 1), descr, hasOrigin)
	return binder{bind: func(arr arrow.Array) cellFunc {
		m := arr.(*array.Map)
		ka, ia := m.Keys(), m.Items()
		kf, vf := keys.bind(ka), items.bind(ia)
		return func(dst []byte, i int) []byte {
			start, end := m.ValueOffsets(i)
			dst = append(dst, '{')
			for j := int(start); j < int(end); j++ {
				if j > int(start) {
					dst = append(dst, ", "...)
				}
				dst = appendNested(dst, ka, kf, j)
				dst = append(dst, ": "...)
				dst = appendNested(dst, ia, vf, j)
			}
			return append(dst, '}')
		}
	}}
}

// listBinder shows a list as [elem, …].
func listBinder(t arrow.ListLikeType, sf *pqarrow.SchemaField, descr *schema.Schema, hasOrigin bool) binder {
	elem := newBinder(t.Elem(), childField(sf, 0), descr, hasOrigin)
	return binder{bind: func(arr arrow.Array) cellFunc {
		l := arr.(array.ListLike)
		va := l.ListValues()
		ef := elem.bind(va)
		return func(dst []byte, i int) []byte {
			start, end := l.ValueOffsets(i)
			dst = append(dst, '[')
			for j := int(start); j < int(end); j++ {
				if j > int(start) {
					dst = append(dst, ", "...)
				}
				dst = appendNested(dst, va, ef, j)
			}
			return append(dst, ']')
		}
	}}
}

// structBinder shows a struct as {name: value, …}.
func structBinder(t *arrow.StructType, sf *pqarrow.SchemaField, descr *schema.Schema, hasOrigin bool) binder {
	fields := t.Fields()
	kids := make([]binder, len(fields))
	for k, f := range fields {
		kids[k] = newBinder(f.Type, childField(sf, k), descr, hasOrigin)
	}
	return binder{bind: func(arr arrow.Array) cellFunc {
		s := arr.(*array.Struct)
		cas := make([]arrow.Array, len(fields))
		cfs := make([]cellFunc, len(fields))
		for k := range fields {
			cas[k] = s.Field(k)
			cfs[k] = kids[k].bind(cas[k])
		}
		return func(dst []byte, i int) []byte {
			dst = append(dst, '{')
			for k, f := range fields {
				if k > 0 {
					dst = append(dst, ", "...)
				}
				dst = append(dst, f.Name...)
				dst = append(dst, ": "...)
				dst = appendNested(dst, cas[k], cfs[k], i)
			}
			return append(dst, '}')
		}
	}}
}

// bindAs adapts a per-type formatter to a binder, asserting the array's type once per array.
func bindAs[A arrow.Array](f func(a A, dst []byte, i int) []byte) binder {
	return binder{bind: func(arr arrow.Array) cellFunc {
		a := arr.(A)
		return func(dst []byte, i int) []byte { return f(a, dst, i) }
	}}
}

// appendNested writes a value inside a list, struct or map, where null must stay visible.
func appendNested(dst []byte, arr arrow.Array, f cellFunc, i int) []byte {
	if arr.IsNull(i) {
		return append(dst, "null"...)
	}
	return f(dst, i)
}

// isTextual says whether a BYTE_ARRAY without a string type is still text (ENUM, JSON).
func isTextual(leaf leafInfo) bool {
	if !leaf.ok {
		return false
	}
	switch leaf.logical.(type) {
	case schema.StringLogicalType, schema.EnumLogicalType, schema.JSONLogicalType:
		return true
	}
	return false
}

func appendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-Inf"...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits)
}

func appendDecimal128(dst []byte, n decimal128.Num, scale int32) []byte {
	hi, lo := n.HighBits(), n.LowBits()
	var digits [40]byte
	switch {
	case hi == 0 && lo <= math.MaxInt64:
		return appendScaled(dst, strconv.AppendInt(digits[:0], int64(lo), 10), scale)
	case hi == -1 && lo > math.MaxInt64:
		return appendScaled(dst, strconv.AppendInt(digits[:0], int64(lo), 10), scale)
	}
	return appendScaled(dst, []byte(n.BigInt().String()), scale)
}

// appendScaled writes an unscaled integer (decimal digits, optional leading '-') with exactly
// scale digits after the point: 12345 at scale 2 is 123.45, 5 at scale 3 is 0.005.
func appendScaled(dst, digits []byte, scale int32) []byte {
	neg := len(digits) > 0 && digits[0] == '-'
	if neg {
		dst = append(dst, '-')
		digits = digits[1:]
	}
	if scale <= 0 {
		dst = append(dst, digits...)
		for ; scale < 0; scale++ {
			dst = append(dst, '0')
		}
		return dst
	}
	s := int(scale)
	if len(digits) <= s {
		dst = append(dst, '0', '.')
		for k := len(digits); k < s; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-s]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-s:]...)
}

func unitPerSecond(u arrow.TimeUnit) int64 {
	switch u {
	case arrow.Second:
		return 1
	case arrow.Millisecond:
		return 1e3
	case arrow.Microsecond:
		return 1e6
	default:
		return 1e9
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date.
func civil(days int64) (year int64, month, day int) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return y, int(m), int(d)
}

func appendPad(dst []byte, v int64, width int) []byte {
	if v < 0 {
		dst = append(dst, '-')
		v = -v
	}
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], v, 10)
	for k := len(s); k < width; k++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

func appendDate(dst []byte, days int64) []byte {
	y, m, d := civil(days)
	dst = appendPad(dst, y, 4)
	dst = append(dst, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return dst
}

// appendClock writes HH:MM:SS and, when frac (in units of 1/perSec second) is non-zero, the
// fraction without trailing zeros.
func appendClock(dst []byte, secOfDay, frac, perSec int64) []byte {
	h, m, s := secOfDay/3600, secOfDay/60%60, secOfDay%60
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if frac == 0 {
		return dst
	}
	width := 0
	for p := perSec; p > 1; p /= 10 {
		width++
	}
	var buf [9]byte
	for k := width - 1; k >= 0; k-- {
		buf[k] = byte('0' + frac%10)
		frac /= 10
	}
	n := width
	for n > 0 && buf[n-1] == '0' {
		n--
	}
	dst = append(dst, '.')
	return append(dst, buf[:n]...)
}

func appendTimeOfDay(dst []byte, v, perSec int64) []byte {
	sec, frac := floorDiv(v, perSec), v-floorDiv(v, perSec)*perSec
	if sec < 0 || sec >= 86400 {
		// Not a time of day; show the raw count rather than inventing one.
		return strconv.AppendInt(dst, v, 10)
	}
	return appendClock(dst, sec, frac, perSec)
}

func appendTimestamp(dst []byte, v, perSec int64, utc bool) []byte {
	sec := floorDiv(v, perSec)
	frac := v - sec*perSec
	days := floorDiv(sec, 86400)
	dst = appendDate(dst, days)
	dst = append(dst, 'T')
	dst = appendClock(dst, sec-days*86400, frac, perSec)
	if utc {
		dst = append(dst, 'Z')
	}
	return dst
}

func appendBlob(dst, b []byte) []byte {
	dst = append(dst, BlobPrefix...)
	dst = strconv.AppendInt(dst, int64(len(b)), 10)
	dst = append(dst, ':')
	return base64.StdEncoding.AppendEncode(dst, b[:min(len(b), BlobHeadBytes)])
}

func appendUUID(dst, b []byte) []byte {
	var buf [36]byte
	hex.Encode(buf[0:8], b[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], b[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], b[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], b[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], b[10:16])
	return append(dst, buf[:]...)
}
