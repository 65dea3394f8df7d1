// Package partial is the file format between the three steps of a distributed audit: a plan
// (plan.json: every file of the run with its global index and shard), the partials the shards
// write (their files' results and their keyed persons, then a manifest with digests), and the
// reading side the merge uses, which refuses anything missing, duplicated or damaged.
//
// It lives under scanner because it carries scanner results and nothing legal: the merge turns
// them into verdicts with report, as a single-process scan does.
package partial

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/xborder/xborder/scanner"
)

// PlanVersion is the format version of plans.
const PlanVersion = 1

// PlanName is the plan's object name inside the run's folder.
const PlanName = "plan.json"

// Plan fixes a run: its files in global order, which shard reads each, and what every shard and
// the merge must agree on.
type Plan struct {
	Version int      `json:"version"`
	Roots   []string `json:"roots"`
	Shards  int      `json:"shards"`
	// PolicySHA256 is the digest of the policy the plan was made with ("" for the default);
	// shards and the merge refuse another.
	PolicySHA256 string `json:"policy_sha256"`
	// KeyCheck is the fingerprint of the key the shards must key persons with.
	KeyCheck string `json:"key_check"`
	// Exclude are the plan's --exclude globs: the shards leave out the archive members they
	// match, as the plan left out the files.
	Exclude []string          `json:"exclude,omitempty"`
	Files   []PlanFile        `json:"files"`
	Skipped []scanner.Skipped `json:"skipped"`
	// EmptyRoots are the folder arguments under which the listing found nothing: the merged
	// report warns of them (an unmounted share?) as one process's does. Absent in plans of
	// builds before it, which read as none.
	EmptyRoots []string `json:"empty_roots,omitempty"`
}

// PlanFile is one file of the plan.
type PlanFile struct {
	Index int `json:"index"`
	Shard int `json:"shard"`
	scanner.FileRef
	// Reused is set when the ledger already recorded the file unchanged this year (path, size,
	// modification time and sha256, or without the digest under --trust-mtime): no shard reads
	// it, and the merge takes its recorded result from the ledger.
	Reused   bool      `json:"reused,omitempty"`
	Modified time.Time `json:"modified,omitzero"`
	// ReuseNote is the note the reused result carries (what the plan verified).
	ReuseNote string `json:"reuse_note,omitempty"`
}

// NewPlan spreads files over n shards by size: largest first, each to the shard with the fewest
// bytes so far (ties to the lowest shard), so the shards finish close together. Files keep their
// global index (their position in files).
func NewPlan(roots []string, files []scanner.FileRef, skipped []scanner.Skipped, n int, policySHA, keyCheck string) (*Plan, error) {
	if n < 1 {
		return nil, errors.New("plan: the number of shards must be at least 1")
	}
	p := &Plan{Version: PlanVersion, Roots: roots, Shards: n, PolicySHA256: policySHA, KeyCheck: keyCheck,
		Files: make([]PlanFile, len(files)), Skipped: skipped}
	order := make([]int, len(files))
	for i, f := range files {
		p.Files[i] = PlanFile{Index: i, FileRef: f}
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return files[order[a]].Size > files[order[b]].Size })
	load := make([]int64, n)
	for _, i := range order {
		best := 0
		for s := 1; s < n; s++ {
			if load[s] < load[best] {
				best = s
			}
		}
		p.Files[i].Shard = best
		load[best] += max(files[i].Size, 1)
	}
	if p.Skipped == nil {
		p.Skipped = []scanner.Skipped{}
	}
	return p, nil
}

// Of returns the files of shard s, in global order.
func (p *Plan) Of(s int) []PlanFile {
	var out []PlanFile
	for _, f := range p.Files {
		if f.Shard == s {
			out = append(out, f)
		}
	}
	return out
}

// Encode returns the plan's JSON.
func (p *Plan) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	return append(b, '\n'), nil
}

// DecodePlan parses and checks a plan.
func DecodePlan(b []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	if p.Version != PlanVersion {
		return nil, fmt.Errorf("plan: version %d, this build reads version %d", p.Version, PlanVersion)
	}
	if p.Shards < 1 {
		return nil, fmt.Errorf("plan: %d shards", p.Shards)
	}
	for i, f := range p.Files {
		if f.Index != i || f.Shard < 0 || f.Shard >= p.Shards {
			return nil, fmt.Errorf("plan: file entry %d is inconsistent (index %d, shard %d of %d)", i, f.Index, f.Shard, p.Shards)
		}
	}
	return &p, nil
}

// Digest is the hex sha256 of b (a plan's digest names it in every manifest).
func Digest(b []byte) string { return digest(b) }

// digest is the hex sha256 of b.
func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
