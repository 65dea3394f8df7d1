// Package archivetest builds small archives in memory for tests: the one zip and tar.gz builder
// that the readers, scanner and command tests share. Fixtures written by independent tools (zip,
// tar, Python's zipfile) live in testdata; these are for inputs shaped inside a test.
package archivetest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

// Zip returns a zip of the members (name, body) in order, deflated.
func Zip(t testing.TB, members ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.Create(m[0])
		if err == nil {
			_, err = io.WriteString(w, m[1])
		}
		if err != nil {
			t.Fatalf("zip member %s: %v", m[0], err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TarGz returns a gzip-compressed tar of the members (name, body) in order, as regular files.
func TarGz(t testing.TB, members ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, m := range members {
		err := tw.WriteHeader(&tar.Header{Name: m[0], Mode: 0o644, Size: int64(len(m[1])), Typeflag: tar.TypeReg})
		if err == nil {
			_, err = io.WriteString(tw, m[1])
		}
		if err != nil {
			t.Fatalf("tar member %s: %v", m[0], err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
