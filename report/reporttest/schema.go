// Package reporttest holds test helpers for anything that produces a report: validation of
// report JSON against the published schema and rendering of the HTML report in headless
// Chromium with the network observed.
package reporttest

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/xborder/xborder/docs"
)

const schemaURL = "https://xborder.dev/schema/report-v1.json"

// compiled caches the schema: compiling it once per test binary keeps every JSON-producing test
// cheap. The schema is immutable, so sharing it is safe.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(docs.ReportSchema))
	if err != nil {
		return nil, fmt.Errorf("parse docs/report.schema.json: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("load docs/report.schema.json: %w", err)
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("compile docs/report.schema.json: %w", err)
	}
	return s, nil
})

// ValidateJSON fails the test when data is not a report that conforms to docs/report.schema.json.
// Every test that produces report JSON calls it, so the schema and the code cannot drift apart.
func ValidateJSON(t testing.TB, data []byte) {
	t.Helper()
	if err := Validate(data); err != nil {
		t.Fatalf("report JSON does not match docs/report.schema.json: %v", err)
	}
}

// Validate is ValidateJSON as a plain error, for negative tests that expect a rejection.
func Validate(data []byte) error {
	s, err := compiled()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := s.Validate(doc); err != nil {
		return err
	}
	return nil
}
