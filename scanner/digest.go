package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
)

// FileSHA256 returns the hex SHA-256 of the file at path, the digest FileResult.SHA256 records
// for a file read whole. It is the one file digest of the module: a ledger verifying that a file
// is unchanged uses it, not a copy.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
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
