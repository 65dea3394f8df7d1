package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
)

// compareFolderReports scans dir/folder once with each binary, writing JSON reports, and prints
// whether the reports agree file for file once the fields that differ between any two runs
// (generated_at, tool) are dropped. It prints the first differing files.
func compareFolderReports(ctx context.Context, dir, xb, before string, w io.Writer) error {
	folder := filepath.Join(dir, "folder")
	if real, err := filepath.EvalSymlinks(folder); err == nil {
		folder = real
	}
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		return nil
	}
	tmp, err := os.MkdirTemp("", "xbench-reports-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var reports [2]map[string]any
	for i, bin := range []string{xb, before} {
		out := filepath.Join(tmp, fmt.Sprintf("report%d.json", i))
		cmd := exec.CommandContext(ctx, bin, "scan", "--no-progress", "-q", "-f", "json", "-o", out, folder)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				return fmt.Errorf("report of %s: %w: %s", bin, err, lastLine(errb.String()))
			}
		}
		if reports[i], err = readReport(out); err != nil {
			return err
		}
	}
	diff := diffReports(reports[0], reports[1])
	if len(diff) == 0 {
		fmt.Fprintf(w, "folder/ reports of xborder and -before: identical file for file (%d files; generated_at and tool ignored)\n", len(files(reports[0])))
		return nil
	}
	fmt.Fprintf(w, "folder/ reports of xborder and -before DIFFER in %d places, first: %v\n", len(diff), diff[:min(len(diff), 10)])
	return nil
}

func readReport(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r map[string]any
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	delete(r, "generated_at")
	delete(r, "tool")
	return r, nil
}

func files(r map[string]any) map[string]any {
	out := map[string]any{}
	list, _ := r["files"].([]any)
	for _, f := range list {
		if m, ok := f.(map[string]any); ok {
			out[fmt.Sprint(m["path"])] = m
		}
	}
	return out
}

// diffReports lists the file paths whose entries differ, then "batch" when the rest does.
func diffReports(a, b map[string]any) []string {
	fa, fb := files(a), files(b)
	var diff []string
	for p, x := range fa {
		if !reflect.DeepEqual(x, fb[p]) {
			diff = append(diff, p)
		}
	}
	for p := range fb {
		if _, ok := fa[p]; !ok {
			diff = append(diff, p)
		}
	}
	slices.Sort(diff)
	ra, rb := withoutFiles(a), withoutFiles(b)
	if !reflect.DeepEqual(ra, rb) {
		diff = append(diff, "batch")
	}
	return diff
}

// withoutFiles is r without its files list.
func withoutFiles(r map[string]any) map[string]any {
	out := make(map[string]any, len(r))
	for k, v := range r {
		if k != "files" {
			out[k] = v
		}
	}
	return out
}
