package scanner

import (
	"time"

	"github.com/xborder/xborder/scanner/detect"
)

// FileResult is everything the scan learned about one file. Results come back in input order.
type FileResult struct {
	// Path is relative to the root it was found under, or as given for a file argument.
	Path string
	// AbsPath is the absolute path (for the evidence manifest).
	AbsPath string
	// Root is the argument the file was found under.
	Root string
	// Container is set for an archive member (Path "a.zip!/dir/m.csv"): the path, as reported,
	// of the archive file on disk that holds it. AbsPath is then that archive's absolute path
	// followed by "!/" and the member's path inside it; SHA256 and Size are the member's.
	Container string

	Format      string
	Encoding    string
	Compression string
	Size        int64
	SHA256      string
	Modified    time.Time

	// Rows is the total of data rows over all tables; SampledRows the rows used for typing.
	Rows        int64
	SampledRows int64
	Tables      []TableResult

	// Persons are the distinct persons of this file (all, and those with sensitive PI); the batch
	// total is the union of every file's sets.
	Persons Persons

	// Notes are reader observations worth a reviewer's attention (ragged rows, precision lost).
	Notes []string

	// Err is set when the file could not be read; the label is then `error`.
	Err error

	// Reused is set when Options.Reuse supplied this result (an unchanged file already recorded
	// in the ledger) instead of a read; Persons is then empty.
	Reused bool
}

// TableResult is one table (sheet) of a file.
type TableResult struct {
	Name    string
	Rows    int64
	Columns []ColumnResult
	// RaggedRows counts rows with a different number of cells than the header.
	RaggedRows int64
	// Roles are the persons a row of the table can describe (a waybill's sender and receiver),
	// each counted as a person of their own (docs/rules.md, "Persons, not rows").
	Roles []RoleResult
	// SharedColumns are sensitive columns no role owns: their values mark every person of the
	// row sensitive.
	SharedColumns []string
}

// RoleResult is one person a row can describe, and how they were counted.
type RoleResult struct {
	// Role is the canonical role its headers name ("receiver"), or "person" ("person 2", …)
	// when they name none.
	Role string
	// Columns are the PI columns that describe this person.
	Columns []string
	// KeyColumns are the columns whose values identify them (identifiers, or name and address);
	// empty when each row that describes them is one person.
	KeyColumns []string
	// Rows counts the rows that described this person.
	Rows int64
}

// ColumnResult is one column: its detected types, best first.
type ColumnResult struct {
	Name     string
	Index    int
	NonEmpty int64
	// Masked and Hashed count sampled values that were already masked (138****5678) or hashed
	// (64 hex digits): not counted as PI.
	Masked int64
	Hashed int64
	// PrecisionLost is set when a spreadsheet stored long digit strings as floats here.
	PrecisionLost bool
	Types         []TypeResult
}

// TypeResult is one type detected in a column.
type TypeResult struct {
	Type       string
	Category   detect.Category
	Confidence float64
	Matched    int64
	Sampled    int64
	// Examples are masked; never a full value.
	Examples []string
}

// Method says how individuals were counted.
type Method string

// Counting methods (docs/report-schema.md, individuals_method).
const (
	MethodExact    Method = "exact"
	MethodEstimate Method = "estimate"
	MethodRows     Method = "rows"
)

// ArchiveFile is an archive file on disk that the scan opened: its own digest, for the evidence
// manifest (its members are results of their own).
type ArchiveFile struct {
	Path, AbsPath, Root string
	Kind                string // readers.ArchiveKind
	SHA256              string
	Size                int64
	Modified            time.Time
	// Members counts the entries read from it, nested archives' included (folders excluded).
	Members int
}
