package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Interrupts. main cancels the run's context with an *interruptError as its cause on the first
// SIGINT or SIGTERM, and restores the default action, so that a second signal ends the process at
// once whatever it is blocked on. A scan that sees the cause writes the report of what it read
// (marked incomplete), records nothing in the ledger, and exits 128 + the signal number: 130 for
// SIGINT, 143 for SIGTERM, as shells do.

// interruptError is the cause of a context cancelled by a signal.
type interruptError struct{ sig syscall.Signal }

func (e *interruptError) Error() string {
	switch e.sig {
	case syscall.SIGINT:
		return "interrupted (SIGINT)"
	case syscall.SIGTERM:
		return "terminated (SIGTERM)"
	}
	return fmt.Sprintf("interrupted by signal %d", int(e.sig))
}

// Unwrap makes errors.Is(err, context.Canceled) hold for code that checks the plain error.
func (e *interruptError) Unwrap() error { return context.Canceled }

// interruptCode returns the exit code for a context cancelled by a signal.
func interruptCode(ctx context.Context) (int, bool) {
	var ie *interruptError
	if ctx.Err() == nil || !errors.As(context.Cause(ctx), &ie) {
		return 0, false
	}
	return 128 + int(ie.sig), true
}

// withSignals returns a context cancelled, with an *interruptError cause, by the first SIGINT or
// SIGTERM; after it the signals' default action is restored.
func withSignals(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			sig, _ := s.(syscall.Signal)
			cancel(&interruptError{sig: sig})
			signal.Reset(os.Interrupt, syscall.SIGTERM)
		case <-done:
		}
	}()
	return ctx, func() {
		close(done)
		signal.Stop(sigs)
		cancel(nil)
	}
}
