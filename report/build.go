package report

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/xborder/xborder/scanner"
)

// Input is everything Build needs: the scan results, the persons tallies the CLI computed (with
// the ledger when there is one), and the run's identity. Only cmd knows about flags and the
// ledger; Build only decides and assembles.
type Input struct {
	Tool        Tool
	GeneratedAt time.Time
	Roots       []string
	Policy      *Policy
	Ledger      *LedgerRef
	Files       []FileInput
	Skipped     []Skipped
	// Batch is the union of the files that count toward the volume
	// (Policy.CountsTowardBatch), plus prior persons not among them.
	Batch      Tally
	Incomplete bool
	// Archives are the archive files opened; EmptyRoots the folder arguments under which
	// nothing was found.
	Archives   []Archive
	EmptyRoots []string
	// NoExamples leaves every masked example out of the report (--no-examples), for reports
	// that must hold no sample at all.
	NoExamples bool
}

// FileInput is one scanned file and its persons tally.
type FileInput struct {
	Result scanner.FileResult
	Tally  Tally
}

// Tally is a count of distinct persons for a file or the batch.
type Tally struct {
	Individuals, Sensitive int64 // this file/batch alone (point counts for the report fields)
	// IndividualsUpper and SensitiveUpper are upper bounds (= the counts when exact).
	IndividualsUpper, SensitiveUpper int64
	Method                           scanner.Method
	// PriorIndividuals and PriorSensitive are persons recorded earlier this year (ledger and
	// policy prior_totals) that are NOT in this file/batch.
	PriorIndividuals, PriorSensitive int64
	// Ledgered says a ledger was consulted; Already and AlreadySensitive are then the persons
	// of this file/batch it already holds for the year.
	Ledgered                  bool
	Already, AlreadySensitive int64
}

// newPersons splits a tally by the ledger, or returns nil when no ledger was consulted.
func (t Tally) newPersons() *NewPersons {
	if !t.Ledgered {
		return nil
	}
	return &NewPersons{
		Individuals: max(0, t.Individuals-t.Already), SensitiveIndividuals: max(0, t.Sensitive-t.AlreadySensitive),
		AlreadyIndividuals: min(t.Already, t.Individuals), AlreadySensitiveIndividuals: min(t.AlreadySensitive, t.Sensitive),
	}
}

// counts turns a tally into the numbers the volume test uses: upper bounds plus prior.
func (t Tally) counts() Counts {
	method := t.Method
	if method == "" {
		method = scanner.MethodExact
	}
	nu, su := max(t.IndividualsUpper, t.Individuals), max(t.SensitiveUpper, t.Sensitive)
	return Counts{
		N: nu + t.PriorIndividuals, S: su + t.PriorSensitive,
		NEstimate: t.Individuals + t.PriorIndividuals, SEstimate: t.Sensitive + t.PriorSensitive,
		PriorN: t.PriorIndividuals, PriorS: t.PriorSensitive,
		Method: method,
	}
}

// Build decides every file and the batch and assembles the report. Files keep their input
// order, skipped files are sorted by path, and nothing but the scanner's masked examples is
// copied from the data: no raw value can reach a writer through here. Names and error texts pass
// through the one redaction path last (redactReport). A nil Policy means
// DefaultPolicy.
func Build(in Input) Report {
	p := in.Policy
	if p == nil {
		p = DefaultPolicy()
	}
	rep := Report{
		SchemaVersion: SchemaVersion,
		Tool:          in.Tool,
		GeneratedAt:   in.GeneratedAt,
		Roots:         append([]string{}, in.Roots...),
		Policy:        p.Ref(),
		Ledger:        in.Ledger,
		Files:         make([]File, 0, len(in.Files)),
		Skipped:       append([]Skipped{}, in.Skipped...),
		Incomplete:    in.Incomplete,
		thresholds:    p.Thresholds,
	}
	if len(in.Archives) > 0 {
		rep.Archives = append([]Archive{}, in.Archives...)
	}
	sort.SliceStable(rep.Skipped, func(i, j int) bool { return rep.Skipped[i].Path < rep.Skipped[j].Path })

	verdicts := make([]Verdict, 0, len(in.Files))
	counted := make([]bool, len(in.Files))
	used := make([]bool, len(p.Exemptions))
	assigned := map[string]bool{}
	s := &rep.Summary
	for _, fi := range in.Files {
		f := buildFile(fi, p, in.GeneratedAt)
		if len(in.Roots) > 1 {
			f.Path = rootedPath(fi.Result.Path, fi.Result.Root)
		}
		rep.Files = append(rep.Files, f)
		verdicts = append(verdicts, f.Verdict)
		s.countLabel(f.Verdict.Label)
		if i := p.exemptionIndex(fi.Result.Path); i >= 0 && fi.Result.Err == nil {
			used[i] = true
		}
		if _, _, a, ok := p.FTZAssignment(fi.Result.Path); ok && fi.Result.Err == nil {
			assigned[a.List+"\x00"+a.Scenario] = true
		}
	}
	s.Files = int64(len(in.Files))
	s.Skipped = int64(len(in.Skipped))
	s.countSkipped(rep.Skipped)
	s.Individuals = in.Batch.Individuals
	s.SensitiveIndividuals = in.Batch.Sensitive
	s.New = in.Batch.newPersons()
	bc := in.Batch.counts()
	// The batch is a union: never below any file that belongs to it, whatever a sketch's
	// estimate or a file's conservative assumption says.
	for i, fi := range in.Files {
		fc := verdicts[i].counts
		if fi.Result.Err != nil || !p.CountsTowardBatch(fi.Result.Path) {
			continue
		}
		counted[i] = true
		bc.N, bc.S = max(bc.N, fc.N), max(bc.S, fc.S)
		bc.NEstimate, bc.SEstimate = max(bc.NEstimate, fc.NEstimate), max(bc.SEstimate, fc.SEstimate)
		s.Individuals = max(s.Individuals, fc.NEstimate-fc.PriorN)
		s.SensitiveIndividuals = max(s.SensitiveIndividuals, fc.SEstimate-fc.PriorS)
	}
	s.IndividualsMethod = string(bc.Method)
	s.Verdict = DecideBatch(BatchFacts{Counts: bc, Incomplete: in.Incomplete, On: in.GeneratedAt,
		AltCounts: altBatchCounts(bc, verdicts, counted, p)}, verdicts, p)
	cov := Coverage{Files: len(in.Files), NotExamined: int(s.NotExamined), Excluded: int(s.Excluded), EmptyRoots: in.EmptyRoots}
	s.Verdict = applyCoverage(s.Verdict, cov)
	if alt := s.Verdict.Alternative; alt != nil && (cov.NotExamined > 0 || cov.Files == 0) && alt.Label != LabelAssessment {
		// What was not examined keeps the other reading from clearing the batch too.
		alt.Label = LabelError
	}

	rep.Declarations = declarations(p, used, assigned)
	redactReport(&rep)
	if in.NoExamples {
		rep.OmitExamples()
	}
	return rep
}

// countLabel counts a file's label in the summary.
func (s *Summary) countLabel(label string) {
	switch label {
	case LabelFree:
		s.Free++
	case LabelContract:
		s.Contract++
	case LabelAssessment:
		s.Assessment++
	case LabelError:
		s.Error++
	}
}

// countSkipped gives every skipped path a status (none means not examined) and counts them.
func (s *Summary) countSkipped(sk []Skipped) {
	for i := range sk {
		if sk[i].Status == "" {
			sk[i].Status = SkippedNotExamined
		}
		if sk[i].Status == SkippedExcluded {
			s.Excluded++
		} else {
			s.NotExamined++
		}
	}
}

// declarations records the declared exemptions (by index, used) and free-trade-zone scenario
// assignments (by list and scenario, assigned) that applied to files of the run.
func declarations(p *Policy, used []bool, assigned map[string]bool) []Declaration {
	var out []Declaration
	for i, e := range p.Exemptions {
		if used[i] {
			out = append(out, Declaration{Paths: append([]string{}, e.Paths...), Rule: e.Article, Justification: e.Justification})
		}
	}
	for _, a := range p.FreeTradeZone.Assignments {
		if assigned[a.List+"\x00"+a.Scenario] {
			out = append(out, Declaration{Paths: append([]string{}, a.Paths...), Rule: RuleArt6,
				Justification: fmt.Sprintf("assigned to scenario %q of negative list %q: %s", a.Scenario, a.List, a.Justification)})
			delete(assigned, a.List+"\x00"+a.Scenario)
		}
	}
	return out
}

// OmitExamples removes every masked example from the report and marks it, so a reader knows the
// examples were left out on purpose rather than never found.
func (r *Report) OmitExamples() {
	for i := range r.Files {
		for j := range r.Files[i].Tables {
			for k := range r.Files[i].Tables[j].Columns {
				for l := range r.Files[i].Tables[j].Columns[k].Types {
					r.Files[i].Tables[j].Columns[k].Types[l].Examples = []string{}
				}
			}
		}
	}
	r.ExamplesOmitted = true
}

// rootedPath is a file's path as the report shows it when the run has several roots: under its
// root, so that two roots holding the same names stay apart. A path that is its root already (a
// file given as an argument, an archive member of one, an object URL) is shown as it is. Only the
// shown path changes: the policy's globs and the verdict keep matching the path within the root.
func rootedPath(path, root string) string {
	if root == "" || path == root || strings.HasPrefix(path, root+"!/") || strings.Contains(path, "://") {
		return path
	}
	return filepath.Join(root, path)
}

// buildFile maps one scan result to the report and decides it.
func buildFile(fi FileInput, p *Policy, on time.Time) File {
	r := fi.Result
	c := fi.Tally.counts()
	f := File{
		Path:                 r.Path,
		Format:               r.Format,
		SizeBytes:            r.Size,
		SHA256:               r.SHA256,
		Modified:             r.Modified,
		Encoding:             r.Encoding,
		Rows:                 r.Rows,
		SampledRows:          r.SampledRows,
		Tables:               make([]Table, 0, len(r.Tables)),
		Individuals:          fi.Tally.Individuals,
		SensitiveIndividuals: fi.Tally.Sensitive,
		IndividualsMethod:    string(c.Method),
		Container:            r.Container,
		New:                  fi.Tally.newPersons(),
	}
	if c.Method == scanner.MethodEstimate {
		f.IndividualsUpper = max(fi.Tally.IndividualsUpper, fi.Tally.Individuals)
		f.SensitiveUpper = max(fi.Tally.SensitiveUpper, fi.Tally.Sensitive)
	}
	if len(r.Notes) > 0 {
		f.Notes = append([]string{}, r.Notes...)
	}
	facts := Facts{Path: r.Path, Err: r.Err, Counts: c, On: on}
	var names, typeIDs []string
	for _, t := range r.Tables {
		tb := Table{Name: t.Name, Rows: t.Rows, Columns: make([]Column, 0, len(t.Columns)),
			SharedColumns: append([]string(nil), t.SharedColumns...)}
		for _, r := range t.Roles {
			tb.Persons = append(tb.Persons, Role{Role: r.Role, Columns: append([]string{}, r.Columns...),
				KeyColumns: append([]string{}, r.KeyColumns...), Rows: r.Rows})
		}
		for _, col := range t.Columns {
			rc := Column{Name: col.Name, Index: col.Index, NonEmpty: col.NonEmpty, Types: make([]Type, 0, len(col.Types)),
				MaskedValues: col.Masked, HashedValues: col.Hashed, PrecisionLost: col.PrecisionLost}
			cf := ColumnFacts{Table: t.Name, Name: col.Name, Rows: t.Rows, PrecisionLost: col.PrecisionLost}
			for _, ty := range col.Types {
				cat := p.Category(ty.Type, ty.Category)
				ex := append([]string{}, ty.Examples...)
				rc.Types = append(rc.Types, Type{Type: ty.Type, Category: string(cat), Confidence: ty.Confidence,
					Matched: ty.Matched, Sampled: ty.Sampled, Examples: ex})
				cf.Types = append(cf.Types, TypeFacts{Type: ty.Type, Category: cat, Confidence: ty.Confidence,
					Matched: ty.Matched, Sampled: ty.Sampled, Examples: ex})
				typeIDs = append(typeIDs, ty.Type)
			}
			names = append(names, col.Name)
			tb.Columns = append(tb.Columns, rc)
			facts.Columns = append(facts.Columns, cf)
		}
		f.Tables = append(f.Tables, tb)
	}
	if r.Err != nil {
		f.Error = r.Err.Error()
	} else {
		facts.Important = p.ImportantMatches(r.Path, names, typeIDs)
	}
	f.Verdict = Decide(facts, p)
	return f
}
