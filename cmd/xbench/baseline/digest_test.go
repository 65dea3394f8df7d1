package baseline

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"testing/iotest"
)

func TestDigestIsTheFileSHA256(t *testing.T) {
	for _, size := range []int{0, 1, ReadBufferSize - 1, ReadBufferSize, 2*ReadBufferSize + 17} {
		data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		// HalfReader returns short reads: Digest must hash what each read returns, not the buffer.
		sum, n, err := Digest(context.Background(), iotest.HalfReader(bytes.NewReader(data)))
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if n != int64(size) || sum != sha256.Sum256(data) {
			t.Errorf("size %d: read %d bytes, digest %x; want %d, %x", size, n, sum, size, sha256.Sum256(data))
		}
	}
}

func TestDigestStopsOnReadErrorAndCancel(t *testing.T) {
	boom := errors.New("boom")
	if _, _, err := Digest(context.Background(), iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("read error: got %v, want %v", err, boom)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Digest(ctx, bytes.NewReader(make([]byte, 10))); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want %v", err, context.Canceled)
	}
}
