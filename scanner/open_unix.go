//go:build linux

package scanner

import (
	"os"
	"runtime"
	"syscall"
)

// openReadOnly opens an input for reading only. O_NONBLOCK keeps a FIFO or device swapped in
// after the walk from blocking the open (the caller then rejects it as not a regular file), and
// O_NOATIME, where the kernel allows it, leaves even the access time untouched.
func openReadOnly(path string) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY
	f, err := os.OpenFile(path, flags|syscall.O_NOATIME, 0)
	if err != nil {
		f, err = os.OpenFile(path, flags, 0)
	}
	return f, err
}

func defaultWorkers() int { return runtime.NumCPU() }
