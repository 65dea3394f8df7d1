package baseline

import (
	"context"
	"crypto/sha256"
	"io"
)

// Digest reads r to the end in ReadBufferSize reads, on one goroutine, into sha256, and returns
// the digest and the bytes read. It is not a baseline to beat but the floor under every xborder
// scan of a file: the evidence digest is the sha256 of the file's bytes, a chain no number of
// cores shortens, so no scan of the file can take less wall time than this read.
func Digest(ctx context.Context, r io.Reader) (sum [sha256.Size]byte, n int64, err error) {
	h := sha256.New()
	buf := make([]byte, ReadBufferSize)
	for {
		if ctx.Err() != nil {
			return sum, n, ctx.Err()
		}
		k, rerr := r.Read(buf)
		h.Write(buf[:k])
		n += int64(k)
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return sum, n, rerr
		}
	}
	h.Sum(sum[:0])
	return sum, n, nil
}
