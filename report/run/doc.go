// Package run owns one audit end to end, so that the CLI (cmd/xborder) only parses flags, opens
// outputs, wires things and prints. The flow of a run:
//
//  1. ScanOptions turns the policy and the reading settings into the scanner's options.
//  2. New makes an Audit. With a Ledger, files the ledger recorded unchanged this year (same
//     path, size, mtime and sha256, judged under the same policy and detector set) are not read
//     again: Reuse turns their stored report entries back into scanner results.
//  3. Audit.Scan lists the inputs (local folders, s3:// prefixes) and reads them through the
//     scanner. A sharded run's plan marks the reused files (Audit.MarkReused), and its merge
//     builds the same scanner.Result from the shards' partials instead (Audit.Merge).
//  4. Audit.Conclude adds the prior totals (the policy's, and the ledger's persons of this year,
//     de-duplicated), tallies every file and the batch, decides the verdicts (report.Build) and
//     the exit decision (ExitCode). The result holds the report and the evidence manifest.
//  5. Audit.Record writes the run's persons and files into the ledger, unless the run failed.
//
// The package lives under report/ because it is the report's producer, the last layer of the
// one-way graph before the CLI (readers ← scanner ← report ← report/run ← cmd): it makes the
// report from the scanner's results and the ledger's totals, and nothing but cmd imports it. The ledger is reached only through the
// small Ledger interface, which *ledger.Ledger satisfies; a test may give it any other.
package run
