package translate

import (
	"strings"
	"testing"
)

// The functions that the dialect rewrites, or sends elsewhere, must not
// be rejected as PostgreSQL functions that DuckDB lacks.
func TestPostgresOnlyFunctionsExcludeRewrites(t *testing.T) {
	handled := map[string]bool{"make_interval": true, "num_nulls": true, "num_nonnulls": true,
		"round": true, "extract": true, "date_part": true, "to_char": true, "to_number": true, "to_timestamp": true, "to_date": true,
		"avg": true, "generate_series": true}
	for name := range renamedFunctions {
		handled[name] = true
	}
	for name := range unsupportedFunctions {
		handled[name] = true
	}
	for name := range providerFunctions {
		handled[name] = true
	}
	for name := range regexFunctions {
		handled[name] = true
	}
	for name := range regexPositionFunctions {
		handled[name] = true
	}
	for name := range formatFunctions {
		handled[name] = true
	}
	for name := range domainChecks {
		handled[name] = true
	}
	for name := range sessionFunctions {
		handled[name] = true
	}
	for name := range catalogFunctions {
		handled[name] = true
	}
	for name := range postgresOnlyFunctions {
		if handled[name] || strings.HasPrefix(name, "pg_") || strings.HasPrefix(name, "st_") || postgisFunctions[name] {
			t.Errorf("%s is rewritten or routed elsewhere, so it must not be in postgresOnlyFunctions", name)
		}
	}
}

func TestPostgresOnlyFunctionPosition(t *testing.T) {
	tr := New(10)
	sql := "select 1, to_ascii(name, 'LATIN1') from cities"
	stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{}), sql, corpusSession)
	if err == nil && len(stmts) == 1 {
		err = stmts[0].Err
	}
	e := AsError(err)
	if e == nil {
		t.Fatalf("Translate(%q) returned %v, expected an error", sql, err)
	}
	if e.Code != CodeFeatureNotSupported {
		t.Errorf("code = %s, expected %s", e.Code, CodeFeatureNotSupported)
	}
	if e.Position != strings.Index(sql, "to_ascii")+1 {
		t.Errorf("position = %d, expected %d", e.Position, strings.Index(sql, "to_ascii")+1)
	}
	if !strings.Contains(e.Message, "to_ascii") {
		t.Errorf("message %q does not name to_ascii", e.Message)
	}
}
