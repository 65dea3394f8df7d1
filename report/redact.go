package report

import "github.com/xborder/xborder/scanner/redact"

// redactReport passes every text of the report that can carry input through the one redaction
// path (redact.Text): file and folder names, sheet and column names, error texts (reader,
// library and operating-system messages quote cells, names and values), notes, verdict reasons
// and review items (they quote names and errors), skip reasons. An identifier in any of them (a
// file named after an ID number, a sheet named after a phone number, a cell quoted by a parser) is
// masked as it would be in a cell. Examples are masked by the scanner already and left alone.
// Every writer, the evidence bundle and the ledger's copy of a file entry read the report after
// this pass.
func redactReport(r *Report) {
	t := redact.Text
	for i := range r.Roots {
		r.Roots[i] = t(r.Roots[i])
	}
	r.Policy.Source = t(r.Policy.Source)
	if r.Ledger != nil {
		l := *r.Ledger
		l.Path = t(l.Path)
		r.Ledger = &l
	}
	redactVerdict(&r.Summary.Verdict)
	for i := range r.Files {
		f := &r.Files[i]
		f.Path = t(f.Path)
		f.Error = t(f.Error)
		for j := range f.Notes {
			f.Notes[j] = t(f.Notes[j])
		}
		for j := range f.Tables {
			tb := &f.Tables[j]
			tb.Name = t(tb.Name)
			for k := range tb.Columns {
				tb.Columns[k].Name = t(tb.Columns[k].Name)
			}
			for k := range tb.Persons {
				redactAll(tb.Persons[k].Columns)
				redactAll(tb.Persons[k].KeyColumns)
			}
			redactAll(tb.SharedColumns)
		}
		f.Container = t(f.Container)
		redactVerdict(&f.Verdict)
	}
	for i := range r.Archives {
		r.Archives[i].Path = t(r.Archives[i].Path)
	}
	for i := range r.Skipped {
		r.Skipped[i].Path = t(r.Skipped[i].Path)
		r.Skipped[i].Reason = t(r.Skipped[i].Reason)
	}
	for i := range r.Declarations {
		d := &r.Declarations[i]
		for j := range d.Paths {
			d.Paths[j] = t(d.Paths[j])
		}
		d.Justification = t(d.Justification)
	}
}

func redactVerdict(v *Verdict) {
	for i := range v.Reasons {
		v.Reasons[i].Detail = redact.Text(v.Reasons[i].Detail)
	}
	for i := range v.Review {
		v.Review[i] = redact.Text(v.Review[i])
	}
	if a := v.Alternative; a != nil {
		for i := range a.Reasons {
			a.Reasons[i].Detail = redact.Text(a.Reasons[i].Detail)
		}
		redactAll(a.Columns) // "path: column"
	}
}

// redactAll passes every string of ss through redact.Text, in place.
func redactAll(ss []string) {
	for i := range ss {
		ss[i] = redact.Text(ss[i])
	}
}
