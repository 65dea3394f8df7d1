package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/xborder/xborder/scanner"
)

// progress draws a bar on stderr while a scan runs: bytes done of the total across the run,
// files done, the current file, rate and ETA. It exists only when stderr is a terminal and
// neither --quiet nor --no-progress is given; otherwise every method is a no-op.
type progress struct {
	bar     *progressbar.ProgressBar
	bytes   *atomic.Int64
	stop    chan struct{}
	done    chan struct{}
	mu      sync.Mutex
	files   int
	total   int
	current string
}

func (a *app) startProgress(f scanFlags, paths []string, bytes *atomic.Int64, opts *scanner.Options) *progress {
	if f.quiet || f.noProgress || !a.isTerminal(a.stderr) {
		return &progress{}
	}
	p := &progress{bytes: bytes, stop: make(chan struct{}), done: make(chan struct{})}
	opts.OnStart = func(files int, total int64) {
		p.mu.Lock()
		p.total = files
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(a.stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(24),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetDescription("scanning"),
		)
		p.mu.Unlock()
		go p.loop()
	}
	opts.OnFileStart = func(path string) {
		p.mu.Lock()
		p.current = path
		p.mu.Unlock()
	}
	archives := map[string]bool{}
	opts.OnFile = func(fr scanner.FileResult) {
		p.mu.Lock()
		// An archive counts once among the files to read, however many members it holds.
		if fr.Container == "" || !archives[fr.Container] {
			p.files++
			if fr.Container != "" {
				archives[fr.Container] = true
			}
		}
		p.mu.Unlock()
	}
	return p
}

func (p *progress) loop() {
	defer close(p.done)
	t := time.NewTicker(150 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.update()
		}
	}
}

func (p *progress) update() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf("%d/%d files  %s", p.files, p.total, shorten(shown(p.current), 32)))
	_ = p.bar.Set64(p.bytes.Load())
}

// finish stops the bar and clears its line, so what follows starts on a clean line.
func (p *progress) finish() {
	if p.stop == nil {
		return
	}
	p.mu.Lock()
	started := p.bar != nil
	p.mu.Unlock()
	if !started {
		return
	}
	close(p.stop)
	<-p.done
	p.update() // a last frame with every file counted
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.bar.Finish()
}

// shorten cuts s to at most n runes, keeping its end (the file name).
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
