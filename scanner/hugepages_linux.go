package scanner

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on the platforms Go supports (x86-64, arm64
// with 4 KiB base pages).
const hugePage = 2 << 20

// adviseHugePages asks the kernel to back the whole 2 MiB pages inside t with transparent huge
// pages (MADV_HUGEPAGE), before t is first written. On the 2-vCPU benchmark machine touching a
// fresh 4 KiB page costs ~11 µs, most of it the fault, and a huge page's worth several times
// less (BenchmarkFreshPages); the 64 MiB of tables of 5 M persons were a good part of the set's
// CPU (docs/performance.md). It is only advice: memory the Go heap already used keeps its pages,
// and a kernel with THP off ignores it.
func adviseHugePages(t []uint64) {
	if len(t)*8 < 2*hugePage {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(t)))
	end := start + uintptr(len(t))*8
	lo := (start + hugePage - 1) &^ (hugePage - 1)
	hi := end &^ (hugePage - 1)
	if lo >= hi {
		return
	}
	// The aligned range lies inside t, which keeps it alive until Madvise returns.
	b := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(t)), lo-start)), hi-lo)
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
}
