// Package docs embeds the published report JSON Schema so tests anywhere in the module validate
// against the very file that is documented, not a copy.
package docs

import _ "embed"

// ReportSchema is docs/report.schema.json, the JSON Schema (draft 2020-12) of the report,
// schema_version 1 with its documented extensions.
//
//go:embed report.schema.json
var ReportSchema []byte
