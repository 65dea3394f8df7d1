package readers

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/pierrec/lz4/v4"
)

// Parquet's deprecated LZ4 codec (not LZ4_RAW) is LZ4 blocks in Hadoop's framing, which
// arrow-go does not decode. arrow-rs, parquet-mr and older Spark write it, so a file with PI in
// it would be an error rather than read. hadoopLZ4 decodes it the way Arrow C++ does: Hadoop
// framing first, a bare LZ4 block (what some early writers produced under the same codec id) if
// the framing does not account for every byte.
type hadoopLZ4 struct{}

func init() { compress.RegisterCodec(compress.Codecs.Lz4, hadoopLZ4{}) }

var errLZ4Framing = errors.New("lz4: not hadoop-framed")

// decodeHadoopLZ4 decodes frames of [uncompressed size, big endian u32] followed by blocks of
// [compressed size, big endian u32][LZ4 block] adding up to that size, into dst.
func decodeHadoopLZ4(dst, src []byte) ([]byte, error) {
	out := 0
	for len(src) > 0 {
		if len(src) < 8 {
			return nil, errLZ4Framing
		}
		raw := int(binary.BigEndian.Uint32(src))
		src = src[4:]
		if raw > len(dst)-out {
			return nil, errLZ4Framing
		}
		for end := out + raw; out < end; {
			if len(src) < 4 {
				return nil, errLZ4Framing
			}
			n := int(binary.BigEndian.Uint32(src))
			src = src[4:]
			if n > len(src) {
				return nil, errLZ4Framing
			}
			got, err := lz4.UncompressBlock(src[:n], dst[out:end])
			if err != nil {
				return nil, errLZ4Framing
			}
			out += got
			src = src[n:]
			if got == 0 {
				return nil, errLZ4Framing
			}
		}
	}
	return dst[:out], nil
}

func (hadoopLZ4) DecodeWithError(dst, src []byte) ([]byte, error) {
	if out, err := decodeHadoopLZ4(dst, src); err == nil && len(out) == len(dst) {
		return out, nil
	}
	n, err := lz4.UncompressBlock(src, dst)
	if err != nil {
		return nil, fmt.Errorf("lz4 page (hadoop framing or bare block): %w", err)
	}
	return dst[:n], nil
}

func (c hadoopLZ4) Decode(dst, src []byte) []byte {
	out, err := c.DecodeWithError(dst, src)
	if err != nil {
		panic(err)
	}
	return out
}

// Encode writes one Hadoop frame holding one block; the reader never writes, tests do.
func (c hadoopLZ4) Encode(dst, src []byte) []byte {
	buf := make([]byte, lz4.CompressBlockBound(len(src)))
	var comp lz4.Compressor
	n, err := comp.CompressBlock(src, buf)
	if err != nil {
		panic(err)
	}
	out := binary.BigEndian.AppendUint32(dst[:0], uint32(len(src)))
	out = binary.BigEndian.AppendUint32(out, uint32(n))
	return append(out, buf[:n]...)
}

func (c hadoopLZ4) EncodeLevel(dst, src []byte, _ int) []byte { return c.Encode(dst, src) }

func (hadoopLZ4) CompressBound(n int64) int64 { return int64(lz4.CompressBlockBound(int(n))) + 8 }

// parquetCodecs are the compression codecs the reader decodes. Anything else (LZO, whose
// licence keeps it out of every Go library, or an id from a newer format version) makes the file
// ErrUnsupported up front, naming the codec, instead of failing somewhere in a page.
var parquetCodecs = map[compress.Compression]bool{
	compress.Codecs.Uncompressed: true,
	compress.Codecs.Snappy:       true,
	compress.Codecs.Gzip:         true,
	compress.Codecs.Brotli:       true,
	compress.Codecs.Zstd:         true,
	compress.Codecs.Lz4Raw:       true,
	compress.Codecs.Lz4:          true,
}

func codecName(c compress.Compression) string {
	if s := c.String(); s != "<UNSET>" {
		return s
	}
	return fmt.Sprintf("id %d", int(c))
}
