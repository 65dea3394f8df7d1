package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
)

// FileSHA256 is the hex sha256 of a local file's bytes, the digest FileResult.SHA256 holds for a
// file the scanner read (there it is computed while the file is parsed). It opens the file the
// way the scanner does (read-only, without updating its access time, never blocking on a FIFO).
func FileSHA256(path string) (string, error) {
	f, err := openReadOnly(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
