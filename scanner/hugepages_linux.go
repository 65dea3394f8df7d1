package scanner

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePage is the size of a transparent huge page on the platforms Go supports (x86-64, arm64
// with 4 KiB base pages).
const hugePage = 2 << 20

// adviseHugePages asks the kernel to back the whole 2 MiB pages inside t with transparent huge
// pages (MADV_HUGEPAGE), before t is first written. On the 2-vCPU benchmark machine a 4 KiB page
// fault costs ~12 µs: the 64 MiB table of 5 M persons cost 0.35 CPU-s in faults alone, ~8 ms with
// huge pages (docs/performance.md). It is only advice: memory the Go heap already used keeps its
// pages, and a kernel with THP off ignores it.
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
