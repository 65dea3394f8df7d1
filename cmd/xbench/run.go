package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// measurement is one subprocess run as the kernel accounted it.
type measurement struct {
	wall, cpu time.Duration
	rssKB     int64
	stdout    string
	timedOut  bool // killed at -timeout: wall is the timeout, a lower bound
}

// command is one measured command line of the table.
type command struct {
	label string
	argv  []string
	// okCodes are exit codes that are not failures (xborder exits 1 when something needs review).
	okCodes []int
	// stdoutNull sends stdout to /dev/null (cat); otherwise it is captured.
	stdoutNull bool
	baseline   bool // the ratio column of the input is relative to this command
	// pair is the label of the same command run with the -before binary ("" when none).
	pair string
}

// input is one benchmark input and the commands measured on it.
type input struct {
	name  string
	paths []string // files read (for the size and the page-cache warm-up)
	bytes int64
	rows  int64 // data rows, from the baseline's output; 0 when unknown
	cmds  []command
}

// row is one line of the result table.
type row struct {
	input, command string
	bytes, rows    int64
	m              measurement // medians over the reps
	ratio          float64     // baseline wall / this wall; 0 when the input has no baseline
	cpuRatio       float64     // baseline CPU / this CPU: steadier when the machine is shared
	vsBefore       float64     // the -before binary's wall / this wall; 0 when not measured
	// The same two ratios taken rep by rep (the baseline, or the before binary, and this
	// command ran moments apart in each rep), with their spread: a slow spell of the machine
	// moves both walls of a rep, so these move less than the ratios of medians.
	repRatio, repBefore spread
}

// spread is the median, least and greatest of a figure over the reps; zero when not measured.
type spread struct{ med, lo, hi float64 }

// pairedRatios is num's wall over den's, rep by rep (num[i] and den[i] ran in the same rep).
func pairedRatios(num, den []measurement) spread {
	n := min(len(num), len(den))
	if n == 0 {
		return spread{}
	}
	r := make([]float64, n)
	for i := range r {
		r[i] = float64(num[i].wall) / float64(den[i].wall)
	}
	slices.Sort(r)
	return spread{med: r[n/2], lo: r[0], hi: r[n-1]}
}

func (s spread) String() string {
	if s.med == 0 {
		return "—"
	}
	if s.lo == s.hi {
		return fmt.Sprintf("%.2f", s.med)
	}
	return fmt.Sprintf("%.2f (%.2f–%.2f)", s.med, s.lo, s.hi)
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("xbench run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "folder written by xbench gen")
	xb := fs.String("xborder", "", "xborder binary to measure (default: go build ./cmd/xborder into a temp folder)")
	reps := fs.Int("reps", 3, "runs per command; the table shows medians")
	quick := fs.Bool("quick", false, "one run per command (a smoke test of the numbers)")
	md := fs.String("md", "", "also write the table as Markdown to `file`")
	timeout := fs.Duration("timeout", 0, "kill a command after this long and report its time as a lower bound (0: no limit)")
	only := fs.String("only", "", "measure only these inputs, comma-separated: csv, parquet, xlsx, folder (default: all found)")
	before := fs.String("before", "", "also measure this older xborder `binary` on every input, and compare its folder reports with the new one's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		return errors.New("run: -in is required")
	}
	if *quick {
		*reps = 1
	}
	if *reps < 1 {
		return errors.New("run: -reps must be at least 1")
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("run: locate xbench itself: %w", err)
	}
	revision := ""
	if *xb == "" {
		tmp, err := os.MkdirTemp("", "xbench-")
		if err != nil {
			return fmt.Errorf("run: %w", err)
		}
		defer os.RemoveAll(tmp)
		if *xb, revision, err = buildXborder(ctx, tmp, stderr); err != nil {
			return fmt.Errorf("run: %w", err)
		}
	}
	inputs, err := plan(*in, self, *xb, *before)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if inputs = selectInputs(inputs, *only); len(inputs) == 0 {
		return fmt.Errorf("run: -only %q matches no input in %s", *only, *in)
	}

	header := fmt.Sprintf("xbench run — %s, %d CPUs (runtime.NumCPU), %s, %s/%s, medians of %d\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, *reps)
	if revision != "" {
		header += "xborder built from git " + revision + "\n"
	}
	fmt.Fprint(stdout, header)

	var rows []row
	for i := range inputs {
		r, err := measureInput(ctx, &inputs[i], *reps, *timeout, stderr)
		if err != nil {
			return fmt.Errorf("run: %s: %w", inputs[i].name, err)
		}
		rows = append(rows, r...)
	}
	writeText(stdout, rows)
	if *before != "" && slices.ContainsFunc(inputs, func(in input) bool { return in.name == "folder/" }) {
		if err := compareFolderReports(ctx, *in, *xb, *before, stdout); err != nil {
			return fmt.Errorf("run: %w", err)
		}
	}
	if *md != "" {
		var b bytes.Buffer
		b.WriteString(strings.ReplaceAll(header, "\n", "  \n") + "\n")
		writeMarkdown(&b, rows)
		if err := os.WriteFile(*md, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("run: write %s: %w", *md, err)
		}
	}
	return nil
}

// buildXborder builds ./cmd/xborder into dir and returns the binary and its git describe ("" when
// git cannot say).
func buildXborder(ctx context.Context, dir string, log io.Writer) (bin, revision string, err error) {
	bin = filepath.Join(dir, "xborder")
	fmt.Fprintln(log, "building xborder…")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/xborder/xborder/cmd/xborder")
	build.Stdout, build.Stderr = log, log
	if err := build.Run(); err != nil {
		return "", "", fmt.Errorf("go build ./cmd/xborder (run xbench from the xborder checkout or pass -xborder): %w", err)
	}
	if out, err := exec.CommandContext(ctx, "git", "describe", "--always", "--dirty").Output(); err == nil {
		revision = strings.TrimSpace(string(out))
	}
	return bin, revision, nil
}

// plan lists the inputs found in dir and their commands; missing inputs are skipped. With a
// before binary every xborder command is followed by the same command run with it.
func plan(dir, self, xb, before string) ([]input, error) {
	scan := func(bin, workers string, path string) []string {
		argv := []string{bin, "scan", "--no-progress", "-q", "-f", "json", "-o", "/dev/null"}
		if workers != "" {
			argv = append(argv, "--workers", workers)
		}
		return append(argv, path)
	}
	var inputs []input
	for _, f := range []struct {
		name, format string
		workers      []string
	}{
		{"orders.csv", "csv", []string{"1", "2"}},
		{"orders.parquet", "parquet", []string{"2"}},
		{"orders.xlsx", "xlsx", []string{"2"}},
	} {
		path := filepath.Join(dir, f.name)
		st, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, err
		}
		in := input{name: f.name, paths: []string{path}, bytes: st.Size(), cmds: []command{
			{label: "cat > /dev/null", argv: []string{"cat", path}, stdoutNull: true},
			{label: "baseline " + f.format, argv: []string{self, "baseline", f.format, path}, baseline: true},
			// Not a baseline: the floor under any scan of the file (baseline.Digest).
			{label: "read + sha256 (floor)", argv: []string{self, "baseline", "sha256", path}},
		}}
		for _, w := range f.workers {
			in.cmds = append(in.cmds, xborderCommands("xborder --workers "+w, xb, before, func(bin string) []string { return scan(bin, w, path) })...)
		}
		inputs = append(inputs, in)
	}
	folder := filepath.Join(dir, "folder")
	if real, err := filepath.EvalSymlinks(folder); err == nil {
		folder = real // WalkDir does not enter a linked root
	}
	if st, err := os.Stat(folder); err == nil && st.IsDir() {
		in := input{name: "folder/", cmds: xborderCommands("xborder (default workers)", xb, before, func(bin string) []string { return scan(bin, "", folder) })}
		err := filepath.WalkDir(folder, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			in.paths = append(in.paths, p)
			in.bytes += info.Size()
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("walk %s: %w", folder, err)
		}
		inputs = append(inputs, in)
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("no inputs in %s (run xbench gen -out %s first)", dir, dir)
	}
	return inputs, nil
}

// selectInputs keeps the inputs whose names hold one of the comma-separated words of only (all
// of them when only is empty).
func selectInputs(inputs []input, only string) []input {
	if only == "" {
		return inputs
	}
	words := strings.Split(only, ",")
	return slices.DeleteFunc(inputs, func(in input) bool {
		return !slices.ContainsFunc(words, func(w string) bool { return w != "" && strings.Contains(in.name, strings.TrimSpace(w)) })
	})
}

// xborderCommands is one xborder command line (argv builds it for a binary), and the same with
// the before binary when there is one.
func xborderCommands(label, xb, before string, argv func(bin string) []string) []command {
	okCodes := []int{0, 1} // xborder exits 1 when something needs review
	cmds := []command{{label: label, argv: argv(xb), okCodes: okCodes}}
	if before != "" {
		cmds[0].pair = "before: " + label
		cmds = append(cmds, command{label: cmds[0].pair, argv: argv(before), okCodes: okCodes})
	}
	return cmds
}

// measureInput warms the page cache, then runs each command reps times, interleaving the
// commands so a slow spell of the shared machine spreads over all of them.
func measureInput(ctx context.Context, in *input, reps int, timeout time.Duration, log io.Writer) ([]row, error) {
	for _, p := range in.paths { // one cat: the page-cache warm-up
		if err := warm(p); err != nil {
			return nil, err
		}
	}
	got := make([][]measurement, len(in.cmds))
	for rep := 0; rep < reps; rep++ {
		for ci, c := range in.cmds {
			fmt.Fprintf(log, "%s: %s (%d/%d)\n", in.name, c.label, rep+1, reps)
			m, err := runMeasured(ctx, c, timeout)
			if err != nil {
				return nil, err
			}
			got[ci] = append(got[ci], m)
			if c.baseline && in.rows == 0 {
				in.rows = parseRows(m.stdout)
			}
		}
	}
	var rows []row
	for ci, c := range in.cmds {
		rows = append(rows, row{input: in.name, command: c.label, bytes: in.bytes, rows: in.rows, m: median(got[ci])})
	}
	for i, c := range in.cmds {
		if j := slices.IndexFunc(in.cmds, func(o command) bool { return c.pair != "" && o.label == c.pair }); j >= 0 {
			rows[i].vsBefore = float64(rows[j].m.wall) / float64(rows[i].m.wall)
			rows[i].repBefore = pairedRatios(got[j], got[i])
		}
	}
	if bi := slices.IndexFunc(in.cmds, func(c command) bool { return c.baseline }); bi >= 0 && rows[bi].m.wall > 0 {
		base := rows[bi].m
		for i := range rows {
			rows[i].ratio = float64(base.wall) / float64(rows[i].m.wall)
			if rows[i].m.cpu > 0 {
				rows[i].cpuRatio = float64(base.cpu) / float64(rows[i].m.cpu)
			}
			if i != bi {
				rows[i].repRatio = pairedRatios(got[bi], got[i])
			}
		}
	}
	return rows, nil
}

func warm(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("warm the page cache: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(io.Discard, f); err != nil {
		return fmt.Errorf("warm the page cache: %s: %w", path, err)
	}
	return nil
}

// runMeasured runs c once as a subprocess and reads its wall time, CPU time and peak RSS.
func runMeasured(ctx context.Context, c command, timeout time.Duration) (measurement, error) {
	cctx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		cctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(cctx, c.argv[0], c.argv[1:]...)
	var out, errb bytes.Buffer
	cmd.Stderr = &errb
	if c.stdoutNull {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return measurement{}, err
		}
		defer null.Close()
		cmd.Stdout = null
	} else {
		cmd.Stdout = &out
	}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	timedOut := timeout > 0 && cctx.Err() == context.DeadlineExceeded && ctx.Err() == nil
	if err != nil && !timedOut {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || !slices.Contains(c.okCodes, ee.ExitCode()) {
			return measurement{}, fmt.Errorf("%s: %w: %s", c.label, err, lastLine(errb.String()))
		}
	}
	st := cmd.ProcessState
	m := measurement{wall: wall, cpu: st.UserTime() + st.SystemTime(), stdout: out.String(), timedOut: timedOut}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		m.rssKB = ru.Maxrss // kilobytes on Linux
	}
	return m, nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func parseRows(out string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(out), "rows")), 10, 64)
	return n
}

// median takes the median of each figure separately.
func median(ms []measurement) measurement {
	pick := func(get func(measurement) int64) int64 {
		v := make([]int64, len(ms))
		for i, m := range ms {
			v[i] = get(m)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	return measurement{
		wall:     time.Duration(pick(func(m measurement) int64 { return int64(m.wall) })),
		cpu:      time.Duration(pick(func(m measurement) int64 { return int64(m.cpu) })),
		rssKB:    pick(func(m measurement) int64 { return m.rssKB }),
		timedOut: slices.ContainsFunc(ms, func(m measurement) bool { return m.timedOut }),
	}
}

var tableHeader = []string{"input", "command", "wall s", "MB/s", "k rows/s", "× baseline", "CPU s", "× baseline CPU", "CPU/wall", "peak RSS MB", "× before",
	"× baseline per rep", "× before per rep"}

func (r row) cells() []string {
	secs := r.m.wall.Seconds()
	krows, ratio, cpuRatio, vsBefore := "—", "—", "—", "—"
	if r.rows > 0 {
		krows = fmt.Sprintf("%.0f", float64(r.rows)/secs/1e3)
	}
	if r.ratio > 0 {
		ratio = fmt.Sprintf("%.2f", r.ratio)
	}
	if r.cpuRatio > 0 {
		cpuRatio = fmt.Sprintf("%.2f", r.cpuRatio)
	}
	if r.vsBefore > 0 {
		vsBefore = fmt.Sprintf("%.2f", r.vsBefore)
	}
	wall, repRatio := fmt.Sprintf("%.2f", secs), r.repRatio.String()
	if r.m.timedOut { // a lower bound on the time, so the rates are upper bounds
		wall, krows, ratio, cpuRatio, repRatio = "> "+wall, "< "+krows, "< "+ratio, "< "+cpuRatio, "< "+repRatio
	}
	return []string{
		r.input, r.command,
		wall,
		fmt.Sprintf("%.0f", float64(r.bytes)/secs/1e6),
		krows, ratio,
		fmt.Sprintf("%.2f", r.m.cpu.Seconds()), cpuRatio,
		fmt.Sprintf("%.2f", r.m.cpu.Seconds()/secs),
		fmt.Sprintf("%.0f", float64(r.m.rssKB)/1024),
		vsBefore,
		repRatio, r.repBefore.String(),
	}
}

func writeText(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(tableHeader, "\t")+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r.cells(), "\t")+"\t")
	}
	tw.Flush()
}

func writeMarkdown(w io.Writer, rows []row) {
	fmt.Fprintf(w, "| %s |\n", strings.Join(tableHeader, " | "))
	fmt.Fprintf(w, "|---|---|%s\n", strings.Repeat("---:|", len(tableHeader)-2))
	for _, r := range rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(r.cells(), " | "))
	}
}
