// Package safeopen opens the files xborder reads for itself (the policy, the ledger's key, the
// ledger's database and lock) so that a path naming something other than a regular file (a
// FIFO, a device, a folder, /dev/zero, /proc/self/fd/0) is refused with a clear error instead of
// blocking forever or reading without end:
//
//   - the path is stat'ed first (following links, as the open will) and refused unless it is a
//     regular file: a device or FIFO is never opened at all;
//   - it is then opened O_NONBLOCK|O_NOCTTY, so a FIFO swapped in after the stat cannot block the
//     open, and fstat'ed: the open file must still be a regular file and the same one (device and
//     inode) as the stat'ed path;
//   - reads are bounded: ReadFile fails once the file holds more than its limit, whatever its
//     size claims (/proc files say 0).
package safeopen

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is wrapped by every refusal of a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped when a file holds more than the caller's limit.
var ErrTooLarge = errors.New("file too large")

// Kind names the type of a non-regular file for messages: the one description the walk, the
// archive reader and the CLI's own opens give (a leaf package, so every layer may call it).
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "device"
	case m.IsDir():
		return "folder"
	case m&fs.ModeIrregular != 0:
		return "irregular file"
	}
	return "special file"
}

func notRegular(m fs.FileMode) error {
	return fmt.Errorf("%w (%s): refusing to open it", ErrNotRegular, Kind(m))
}

// Check reports whether path exists, and fails if it exists and is not a regular file. The
// returned error never holds the path: callers prefix it.
func Check(path string) (exists bool, err error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !fi.Mode().IsRegular() {
		return true, notRegular(fi.Mode())
	}
	return true, nil
}

// Open opens path with flag (os.O_RDONLY, os.O_RDWR, optionally os.O_CREATE…) after checking that
// it is a regular file if it exists; the open itself never blocks on a FIFO, and the opened file is
// checked again. O_NONBLOCK is cleared again on the open file.
func Open(path string, flag int, perm fs.FileMode) (*os.File, error) {
	before, err := os.Stat(path)
	switch {
	case err == nil:
		if !before.Mode().IsRegular() {
			return nil, notRegular(before.Mode())
		}
	case errors.Is(err, fs.ErrNotExist) && flag&os.O_CREATE != 0:
		before = nil
	default:
		return nil, err
	}
	f, err := os.OpenFile(path, flag|syscall.O_NONBLOCK|syscall.O_NOCTTY|syscall.O_CLOEXEC, perm)
	if err != nil {
		return nil, err
	}
	after, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !after.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(after.Mode())
	}
	if before != nil && !os.SameFile(before, after) {
		f.Close()
		return nil, errors.New("the file was replaced while it was being opened")
	}
	if err := clearNonblock(f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile reads a regular file of at most max bytes.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := Open(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: it holds more than %d bytes", ErrTooLarge, max)
	}
	return b, nil
}

func clearNonblock(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) { serr = syscall.SetNonblock(int(fd), false) }); err != nil {
		return err
	}
	return serr
}
