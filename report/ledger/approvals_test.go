package ledger

import (
	"context"
	"testing"
)

// TestApprovalUses: each recorded run keeps how the policy's approvals met it; the year's
// summary gives per approval the runs, the files and the latest status, and forgetting a run
// removes its uses with it.
func TestApprovalUses(t *testing.T) {
	ctx := context.Background()
	l, _ := openNew(t)
	r1 := oneFileRun(2026, "a", hashes(0, 500), hashes(0, 500))
	r1.Approvals = []ApprovalUse{{Reference: "SC-1", Kind: "standard_contract", Status: "covered", Files: 1}}
	mustRecord(t, l, r1)
	r2 := oneFileRun(2026, "b", hashes(500, 500), hashes(500, 500))
	r2.Approvals = []ApprovalUse{
		{Reference: "SC-1", Kind: "standard_contract", Status: "exceeded", Files: 1},
		{Reference: "SC-1", Kind: "standard_contract", Status: "exceeded", Files: 1}, // the batch
		{Reference: "CAC-9", Kind: "assessment", Status: "covered", Files: 2},
	}
	mustRecord(t, l, r2)
	mustRecord(t, l, oneFileRun(2027, "c", hashes(0, 5), nil))

	got, err := l.Approvals(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := l.History(ctx)
	want := []ApprovalSummary{
		{Reference: "SC-1", Kind: "standard_contract", Runs: 2, Files: 3, LastStatus: "exceeded", LastRun: hist[1].ID},
		{Reference: "CAC-9", Kind: "assessment", Runs: 1, Files: 2, LastStatus: "covered", LastRun: hist[1].ID},
	}
	if len(got) != len(want) {
		t.Fatalf("Approvals(2026) = %+v, want %+v", got, want)
	}
	for i := range want {
		g := got[i]
		g.LastAt = want[i].LastAt
		if g != want[i] {
			t.Errorf("approval %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if other, _ := l.Approvals(ctx, 2027); len(other) != 0 {
		t.Errorf("2027 has no approval uses, got %+v", other)
	}
	if err := l.Forget(ctx, hist[1].ID); err != nil {
		t.Fatal(err)
	}
	got, err = l.Approvals(ctx, 2026)
	if err != nil || len(got) != 1 || got[0].LastStatus != "covered" || got[0].Runs != 1 {
		t.Errorf("after forgetting run 2: %+v, %v; want SC-1 covered by run 1 only", got, err)
	}
}
