package readers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
)

// zipPackage is the zip package of a spreadsheet (xlsx, ods).
type zipPackage struct {
	zr   *zip.Reader
	size int64
	// direct is set when the package is read through the source's ReadAt only
	// (Info.RandomAccess); otherwise the source was buffered.
	direct bool
}

// openZipPackage opens the zip package of a spreadsheet of the given kind from src (whose
// limits have their defaults). A source without random access (a pipe) is buffered within
// MaxDecompressedBytes, a zip's directory being at its end. An OLE compound file (a legacy .xls,
// or an encrypted workbook) is refused with the error ole gives.
func openZipPackage(src Source, kind string, ole func(ra io.ReaderAt, size int64) error) (zipPackage, error) {
	wrap := func(err error) (zipPackage, error) { return zipPackage{}, &Error{Path: src.Path, Err: err} }
	ra, ok := src.ReaderAt()
	p := zipPackage{size: src.Size, direct: ok && src.Size >= 0}
	if !p.direct {
		b, err := io.ReadAll(io.LimitReader(src.R, src.Limits.MaxDecompressedBytes+1))
		if err != nil {
			return wrap(fmt.Errorf("%w: %v", ErrCorrupt, err))
		}
		if int64(len(b)) > src.Limits.MaxDecompressedBytes {
			return wrap(limitError("an unseekable "+kind+" is larger than", byteSize(src.Limits.MaxDecompressedBytes), flagMaxDecompressedBytes))
		}
		ra, p.size = bytes.NewReader(b), int64(len(b))
	}
	if p.size == 0 {
		return wrap(ErrEmpty)
	}
	head := make([]byte, len(oleMagic))
	if n, _ := ra.ReadAt(head, 0); n == len(head) && bytes.Equal(head, oleMagic) {
		return wrap(ole(ra, p.size))
	}
	zr, err := zip.NewReader(ra, p.size)
	if err != nil {
		return wrap(fmt.Errorf("%w: not a zip package: %s", ErrCorrupt, describeZipError(err)))
	}
	p.zr = zr
	return p, nil
}
