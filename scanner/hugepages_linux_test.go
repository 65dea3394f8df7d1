package scanner

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestHugePageAdvice checks that a table from newTable is backed by transparent huge pages once
// written, where the kernel offers them on advice. It runs in a fresh process: memory the test
// binary's heap has already used keeps its small pages, whatever the advice.
func TestHugePageAdvice(t *testing.T) {
	if os.Getenv("XBORDER_HUGEPAGE_CHILD") == "1" {
		hugePageChild()
		return
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[madvise]") {
		// With "always" the kernel gives huge pages without advice, so the test would pass
		// whatever adviseHugePages does; with "never" it gives none.
		t.Skipf("transparent huge pages are not given on advice alone here (%q)", strings.TrimSpace(string(mode)))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHugePageAdvice$")
	cmd.Env = append(os.Environ(), "XBORDER_HUGEPAGE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var kb int
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "huge-kb "); ok {
			kb, _ = strconv.Atoi(v)
		}
	}
	// 32 MiB of table hold at least 14 whole 2 MiB pages. A kernel short of contiguous memory
	// may give small pages for many of them, so one huge page is enough to show the advice
	// took; without it there are none.
	if kb < 2048 {
		t.Errorf("a written 32 MiB table has %d KiB in huge pages, want at least one 2 MiB page\n%s", kb, out)
	}
}

// hugePageChild writes a 32 MiB table and prints how much of the memory around it is in huge
// pages (/proc/self/smaps, AnonHugePages of the mappings the table overlaps).
func hugePageChild() {
	tbl := newTable(4 << 20)
	for i := 0; i < len(tbl); i += 512 {
		tbl[i] = 1
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(tbl)))
	hi := lo + uintptr(len(tbl))*8
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		os.Stdout.WriteString("huge-kb 0\n")
		return
	}
	defer f.Close()
	kb, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 0 && strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":") {
			a, b, _ := strings.Cut(fields[0], "-")
			start, _ := strconv.ParseUint(a, 16, 64)
			end, _ := strconv.ParseUint(b, 16, 64)
			in = uintptr(start) < hi && uintptr(end) > lo
			continue
		}
		if in && len(fields) >= 2 && fields[0] == "AnonHugePages:" {
			n, _ := strconv.Atoi(fields[1])
			kb += n
		}
	}
	os.Stdout.WriteString("huge-kb " + strconv.Itoa(kb) + "\n")
	_ = tbl[0]
}

// BenchmarkFreshPages touches 128 MiB of fresh anonymous memory, one write per 4 KiB page, in
// small pages and after MADV_HUGEPAGE: what a page fault costs on this machine, the reason the
// person set's tables are advised (docs/performance.md). Run it with -benchtime 3x.
func BenchmarkFreshPages(b *testing.B) {
	const n = 128 << 20
	for _, huge := range []bool{false, true} {
		name := "4KiB pages"
		if huge {
			name = "huge pages"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
				if err != nil {
					b.Fatal(err)
				}
				if huge {
					_ = unix.Madvise(m, unix.MADV_HUGEPAGE)
				}
				for i := 0; i < n; i += 4096 {
					m[i] = 1
				}
				_ = unix.Munmap(m)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n/4096), "ns/page")
		})
	}
}
