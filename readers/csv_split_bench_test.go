package readers

import (
	"bytes"
	"syscall"
	"testing"
)

// benchSplitRecords is the prefix of benchOrders the record-splitting benchmarks parse: large
// enough to leave the cache, small enough to build quickly.
const benchSplitRecords = 4 << 20

// benchSplitData cuts benchOrders to whole records, every field quoted when quoted is set.
func benchSplitData(quoted bool) []byte {
	data := benchOrders()[:benchSplitRecords]
	data = data[:bytes.LastIndexByte(data, '\n')+1]
	if !quoted {
		return data
	}
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		b.WriteString(`"`)
		b.Write(bytes.ReplaceAll(bytes.ReplaceAll(line[:len(line)-1], []byte(`"`), nil), []byte(","), []byte(`","`)))
		b.WriteString("\"\r\n")
	}
	return b.Bytes()
}

// benchParseRecords measures splitter.parseRecord alone, over a buffer holding the whole input.
func benchParseRecords(b *testing.B, data []byte) {
	sp := newSplitter(nil, len(data), int64(len(data)), nil)
	sp.buf, sp.w, sp.eof = data, len(data), true
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for range b.N {
		for pos := 0; pos < len(data); {
			next, st := sp.parseRecord(pos, ',')
			if st != recordOK {
				b.Fatalf("record at %d: status %v", pos, st)
			}
			pos = next
		}
	}
}

func BenchmarkParseRecordPlain(b *testing.B)  { benchParseRecords(b, benchSplitData(false)) }
func BenchmarkParseRecordQuoted(b *testing.B) { benchParseRecords(b, benchSplitData(true)) }

// reportCPU reports the process's user CPU time per op next to the wall time, which on a shared
// machine swings with other load: call it after ResetTimer and defer the function it returns.
func reportCPU(b *testing.B) func() {
	start := userTime()
	return func() { b.ReportMetric(float64(userTime()-start)/float64(b.N), "user-ns/op") }
}

func userTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano()
}
