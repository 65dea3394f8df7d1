package report

import (
	"sort"
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
	}
	sort.SliceStable(rep.Skipped, func(i, j int) bool { return rep.Skipped[i].Path < rep.Skipped[j].Path })

	verdicts := make([]Verdict, 0, len(in.Files))
	used := make([]bool, len(p.Exemptions))
	s := &rep.Summary
	for _, fi := range in.Files {
		f := buildFile(fi, p)
		rep.Files = append(rep.Files, f)
		verdicts = append(verdicts, f.Verdict)
		switch f.Verdict.Label {
		case LabelFree:
			s.Free++
		case LabelContract:
			s.Contract++
		case LabelAssessment:
			s.Assessment++
		case LabelError:
			s.Error++
		}
		if i := p.exemptionIndex(fi.Result.Path); i >= 0 && fi.Result.Err == nil {
			used[i] = true
		}
	}
	s.Files = int64(len(in.Files))
	s.Skipped = int64(len(in.Skipped))
	s.Individuals = in.Batch.Individuals
	s.SensitiveIndividuals = in.Batch.Sensitive
	bc := in.Batch.counts()
	s.IndividualsMethod = string(bc.Method)
	s.Verdict = DecideBatch(BatchFacts{Counts: bc, Incomplete: in.Incomplete}, verdicts, p)

	for i, e := range p.Exemptions {
		if used[i] {
			rep.Declarations = append(rep.Declarations, Declaration{Paths: append([]string{}, e.Paths...), Rule: e.Article, Justification: e.Justification})
		}
	}
	redactReport(&rep)
	return rep
}

// buildFile maps one scan result to the report and decides it.
func buildFile(fi FileInput, p *Policy) File {
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
	}
	if c.Method == scanner.MethodEstimate {
		f.IndividualsUpper = max(fi.Tally.IndividualsUpper, fi.Tally.Individuals)
		f.SensitiveUpper = max(fi.Tally.SensitiveUpper, fi.Tally.Sensitive)
	}
	if len(r.Notes) > 0 {
		f.Notes = append([]string{}, r.Notes...)
	}
	facts := Facts{Path: r.Path, Err: r.Err, Counts: c}
	var names, typeIDs []string
	for _, t := range r.Tables {
		tb := Table{Name: t.Name, Rows: t.Rows, Columns: make([]Column, 0, len(t.Columns))}
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
