package readers

import (
	"fmt"
	"strconv"
)

// The knob that raises each limit: the command-line flag, then the Limits field for programs that
// use the package. Readers know nothing else of the command line, but a person who hits a limit
// needs to know which knob raises it, so every limit error names it.
const (
	flagMaxFieldBytes        = "--max-field-bytes, Limits.MaxFieldBytes"
	flagMaxColumns           = "--max-columns, Limits.MaxColumns"
	flagMaxDecompressedBytes = "--max-decompressed-bytes, Limits.MaxDecompressedBytes"
	flagMaxSheets            = "--max-sheets, Limits.MaxSheets"
)

// limitError reports that input went past a limit:
// "<what> the 16 MiB limit (--max-field-bytes, Limits.MaxFieldBytes)".
// what ends with the comparison ("is longer than", "unzips to more than"); the result wraps ErrLimit.
func limitError(what string, limit string, flag string) error {
	return fmt.Errorf("%s the %s limit (%s): %w", what, limit, flag, ErrLimit)
}

// byteSize renders a byte count the way limits are usually set: 16 MiB, 1.5 GiB, 900 bytes.
func byteSize(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB"}
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	f, u := float64(n), 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s + " " + units[u]
}
