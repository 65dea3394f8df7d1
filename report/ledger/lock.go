package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/xborder/xborder/report/safeopen"
)

// lockPoll is how often a waiting Open retries the lock. flock cannot be interrupted by a context,
// so waiting is a loop of non-blocking attempts.
const lockPoll = 50 * time.Millisecond

// fileLock is an exclusive advisory lock (flock) on a side file. flock locks belong to the open
// file description, so two Opens in one process exclude each other as two processes do, and the
// kernel drops the lock when the process dies: a crashed run never leaves a stale lock behind.
type fileLock struct {
	f *os.File
}

// acquireLock takes the lock on path, calling wait once (if non-nil) when another holder makes us
// wait, then polling until the lock is free or ctx is done. The lock file is never removed:
// removing it would let a third process lock a new inode while the second holds the old one.
func acquireLock(ctx context.Context, path string, wait func(string), msg string) (*fileLock, error) {
	f, err := safeopen.Open(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("ledger lock %s: %w", path, err)
	}
	waited := false
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return &fileLock{f: f}, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, fmt.Errorf("ledger lock %s: %w", path, err)
		}
		if !waited {
			waited = true
			if wait != nil {
				wait(msg)
			}
		}
		t := time.NewTimer(lockPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, fmt.Errorf("ledger lock %s: gave up waiting for another xborder run: %w", path, ctx.Err())
		case <-t.C:
		}
	}
}

// release drops the lock; closing the descriptor releases it.
func (l *fileLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
