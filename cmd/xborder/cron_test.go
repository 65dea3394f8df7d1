package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeCronLine is the command of the README's cron recipe: the line under "# m h dom mon dow"
// in its ```cron block, without the five schedule fields, with cron's \% turned into %.
func readmeCronLine(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```cron\n# m h dom mon dow  command\n([^\n]+)\n```").FindSubmatch(data)
	require.NotNil(t, m, "README.md has no ```cron block with the recipe")
	cmd := regexp.MustCompile(`^\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(.+)$`).FindStringSubmatch(string(m[1]))
	require.NotNil(t, cmd, "the cron line has no five schedule fields")
	return strings.ReplaceAll(cmd[1], `\%`, "%")
}

// TestREADMECronRecipe runs the README's cron line as written, through sh, on a fresh temporary
// root (its absolute folders moved under it, nothing created beforehand), with xborder, date and
// mail on the PATH as small stand-ins (xborder is this test binary acting as the command). Night
// 1 sends sensitive persons: the mail goes out. Night 2 sends the same files again: nothing new,
// exit 0, no mail. Night 3 adds one new person: exit 1, and the mail names that person's file.
// The ledger's runs have distinct times, each finishing after it started.
func TestREADMECronRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the CLI three times as a subprocess")
	}
	line := readmeCronLine(t)
	root := t.TempDir()
	for _, abs := range []string{"/var/lib/xborder", "/var/log/xborder", "/srv/exports"} {
		require.Contains(t, line, abs)
		line = strings.ReplaceAll(line, abs, root+abs)
	}
	bin := filepath.Join(root, "bin")
	require.NoError(t, os.Mkdir(bin, 0o755))
	exe, err := os.Executable()
	require.NoError(t, err)
	stub := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755))
	}
	stub("xborder", fmt.Sprintf("XBORDER_RUN_MAIN=1 exec %q \"$@\"", exe))
	stub("date", `echo "$NIGHT"`)
	stub("mail", `{ echo "mail $*"; cat; } >> "$MAILBOX"`)
	mailbox := filepath.Join(root, "mailbox")

	exports := filepath.Join(root, "srv", "exports")
	require.NoError(t, os.MkdirAll(exports, 0o755))
	var ids strings.Builder
	ids.WriteString("姓名,身份证号\n")
	for i := range 20 {
		fmt.Fprintf(&ids, "客户%d,%s\n", i, residentID(i))
	}
	require.NoError(t, os.WriteFile(filepath.Join(exports, "members.csv"), []byte(ids.String()), 0o644))

	night := func(date string) (int, string) {
		os.Remove(mailbox)
		cmd := exec.Command("sh", "-c", line)
		cmd.Env = append(os.Environ(), "PATH="+bin+":/usr/bin:/bin", "NIGHT="+date, "MAILBOX="+mailbox)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "the cron line failed as a whole: %s", out)
		mail, _ := os.ReadFile(mailbox)
		_, statErr := os.Stat(filepath.Join(root, "var", "log", "xborder", date+".json"))
		require.NoError(t, statErr, "night %s wrote no report", date)
		if len(mail) == 0 {
			return 0, ""
		}
		return 1, string(mail)
	}

	mailed, mail := night("2026-11-23")
	assert.Equal(t, 1, mailed, "night 1 sends 20 sensitive persons for the first time: it must mail")
	assert.Contains(t, mail, "exit 1")
	assert.Contains(t, mail, "members.csv")

	mailed, mail = night("2026-11-24")
	assert.Equal(t, 0, mailed, "night 2 sends only persons already transferred: no mail, got %s", mail)

	require.NoError(t, os.WriteFile(filepath.Join(exports, "late-signup.csv"),
		[]byte("姓名,身份证号\n新客户,"+residentID(777)+"\n"), 0o644))
	mailed, mail = night("2026-11-25")
	assert.Equal(t, 1, mailed, "night 3 adds one new person: it must mail")
	assert.Contains(t, mail, "exit 1")
	assert.Contains(t, mail, "late-signup.csv", "the mail names the new person's file")
	assert.NotContains(t, mail, "file=members.csv", "only the file with the new person is named")

	var rep struct {
		Summary struct {
			New struct {
				Individuals        int64 `json:"individuals"`
				AlreadyIndividuals int64 `json:"already_individuals"`
			} `json:"new"`
		} `json:"summary"`
	}
	data, err := os.ReadFile(filepath.Join(root, "var", "log", "xborder", "2026-11-25.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.Equal(t, int64(1), rep.Summary.New.Individuals, "night 3's report: one new person")
	assert.Equal(t, int64(20), rep.Summary.New.AlreadyIndividuals, "night 3's report: 20 already transferred")

	code, out, errOut := testApp{}.run(t, "ledger", "export", "--format", "json", "--ledger", filepath.Join(root, "var", "lib", "xborder", "audit.db"))
	require.Equal(t, exitOK, code, errOut)
	var export struct {
		Runs []struct {
			Started  time.Time `json:"started"`
			Finished time.Time `json:"finished"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &export))
	runs := export.Runs
	require.Len(t, runs, 3)
	for i, r := range runs {
		assert.True(t, r.Finished.After(r.Started), "run %d finished %v, not after it started %v", i+1, r.Finished, r.Started)
		if i > 0 {
			assert.True(t, r.Started.After(runs[i-1].Started), "runs %d and %d have the same time", i, i+1)
		}
	}
}
