package readers

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Random-access formats inside a compression layer (.parquet.gz, .xlsx.zst…) are decompressed
// to a temporary file first, bounded by MaxDecompressedBytes, and the format's reader opens that:
// Parquet reads its footer first and xlsx its zip directory at the end, which a stream cannot
// give. The temporary file is unlinked as soon as it is created (on Unix nothing is left behind
// even if the process dies) and closed with the File. It lives in os.TempDir ($TMPDIR), never
// next to the input.
func init() {
	builtins = append(builtins,
		Format{ID: "parquet", Suffixes: compressedOnly(".parquet", ".parq", ".pq"), Open: openSpooled(openParquet)},
		Format{ID: "xlsx", Suffixes: compressedOnly(".xlsx", ".xlsm"), Open: openSpooled(openXLSX)},
	)
}

// compressedOnly returns each suffix followed by every compression suffix.
func compressedOnly(suffixes ...string) []string {
	return withCompressions(suffixes...)[len(suffixes):]
}

// openSpooled wraps a random-access opener: it decompresses the source to a temporary file and
// opens that, reporting the compression in Info.
func openSpooled(open Opener) Opener {
	return func(src Source) (File, error) {
		lim := src.Limits.WithDefaults()
		compression, _ := splitCompression(src.Path)
		wrap := func(err error) error { return &Error{Path: src.Path, Err: err} }
		r, closeZ, err := decompress(compression, src.R, lim)
		if err != nil {
			return nil, wrap(err)
		}
		tmp, n, err := spool(r, lim.MaxDecompressedBytes, "the decompressed file")
		closeZ()
		if err != nil {
			return nil, wrap(err)
		}
		inner := src
		inner.R, inner.Size, inner.Limits = io.NewSectionReader(tmp, 0, n), n, lim
		f, err := open(inner)
		if err != nil {
			tmp.Close()
			return nil, err
		}
		return &spooledFile{File: f, tmp: tmp, compression: compression}, nil
	}
}

// spooledFile is a File read from a temporary copy.
type spooledFile struct {
	File
	tmp         *os.File
	compression string
}

func (s *spooledFile) Info() Info {
	info := s.File.Info()
	info.Compression = s.compression
	info.RandomAccess = false // the source itself was read front to back into the copy
	return info
}

func (s *spooledFile) Close() error {
	err := s.File.Close()
	s.tmp.Close()
	return err
}

// spool copies r to an unlinked temporary file, at most limit bytes (more is ErrLimit, naming
// what was too large), and returns it with its size.
func spool(r io.Reader, limit int64, what string) (*os.File, int64, error) {
	tmp, err := os.CreateTemp("", "xborder-spool-*")
	if err != nil {
		return nil, 0, fmt.Errorf("cannot create a temporary file: %w", err)
	}
	os.Remove(tmp.Name())
	n, err := io.Copy(tmp, io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = limitError(what+" is larger than", byteSize(limit), flagMaxDecompressedBytes)
	}
	if err != nil {
		tmp.Close()
		var pe *os.PathError
		if errors.As(err, &pe) && strings.Contains(pe.Path, "xborder-spool-") {
			return nil, 0, fmt.Errorf("writing the temporary file: %w", err)
		}
		return nil, 0, err
	}
	if n == 0 {
		tmp.Close()
		return nil, 0, ErrEmpty
	}
	return tmp, n, nil
}
