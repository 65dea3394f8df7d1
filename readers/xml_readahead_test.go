package readers

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// TestReadAheadPassesBytesThenError: what comes through is the input, then its error, for good.
func TestReadAheadPassesBytesThenError(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 50_000) // several buffers
	boom := errors.New("boom")
	for name, in := range map[string]io.Reader{
		"eof":         bytes.NewReader(data),
		"data+eof":    iotest.DataErrReader(bytes.NewReader(data)),
		"half reads":  iotest.HalfReader(bytes.NewReader(data)),
		"then error":  io.MultiReader(bytes.NewReader(data), iotest.ErrReader(boom)),
		"empty input": strings.NewReader(""),
	} {
		ra := newReadAhead(in)
		got, err := io.ReadAll(iotest.OneByteReader(ra))
		want := data
		if name == "empty input" {
			want = nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, want %d", name, len(got), len(want))
		}
		wantErr := error(nil) // io.ReadAll drops io.EOF
		if name == "then error" {
			wantErr = boom
		}
		if err != wantErr {
			t.Errorf("%s: error %v, want %v", name, err, wantErr)
		}
		if n, err2 := ra.Read(make([]byte, 8)); n != 0 || err2 == nil {
			t.Errorf("%s: after the end, Read = %d, %v", name, n, err2)
		}
		ra.stop()
	}
}

// endless is an input that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) { return len(p), nil }

// TestReadAheadStopsMidway: a part abandoned in the middle stops its goroutine (stop returns).
func TestReadAheadStopsMidway(t *testing.T) {
	ra := newReadAhead(endless{})
	if _, err := io.ReadFull(ra, make([]byte, 3*readAheadSize+7)); err != nil {
		t.Fatal(err)
	}
	// stop waits for the goroutine: a stop that did not end it would block, so it runs on a
	// goroutine of its own, given a minute.
	stopped := make(chan struct{})
	go func() { ra.stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(time.Minute):
		t.Fatal("stop did not return: the read-ahead goroutine is still running")
	}
	select {
	case <-ra.exited:
	default:
		t.Fatal("the goroutine is still running after stop")
	}
}

// panicky panics on its first read, as a broken decompressor might.
type panicky struct{}

func (panicky) Read([]byte) (int, error) { panic("index out of range") }

func TestReadAheadTurnsAPanicIntoCorrupt(t *testing.T) {
	ra := newReadAhead(panicky{})
	defer ra.stop()
	if _, err := ra.Read(make([]byte, 8)); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("error %v, want ErrCorrupt", err)
	}
}
