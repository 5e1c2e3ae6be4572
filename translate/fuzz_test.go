package translate

import (
	"database/sql"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// FuzzTranslate checks that the translator never panics, that every error
// carries a SQLSTATE, and that every rewritten SELECT parses in DuckDB.
func FuzzTranslate(f *testing.F) {
	for _, path := range corpusFiles(f) {
		for _, c := range readCorpus(f, path) {
			f.Add(c.sql)
		}
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	tr := New(1000)
	f.Fuzz(func(t *testing.T, query string) {
		stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{}), query, corpusSession)
		if err != nil {
			if e := AsError(err); e == nil || len(e.Code) != 5 {
				t.Fatalf("error without SQLSTATE for %q: %v", query, err)
			}
			return
		}
		for _, st := range stmts {
			checkStatement(t, db, st)
		}
		if !strings.Contains(query, "$") {
			return
		}
		// Parameters typed as the engine types them on DuckDB.
		stmts, err = tr.Translate(WithParamTypes(DuckDB(DuckDBCapabilities{}), fuzzParamTypes), query, corpusSession)
		if err != nil {
			t.Fatalf("translation with parameter types failed where it succeeded without: %v", err)
		}
		for _, st := range stmts {
			checkStatement(t, db, st)
		}
	})
}

// fuzzParamTypes are the types of $1 to $8 in FuzzTranslate: integer,
// numeric, text[], text, timestamptz, boolean, double precision, int4[].
var fuzzParamTypes = []uint32{23, 1700, 1009, 25, 1184, 16, 701, 1007}

func checkStatement(t *testing.T, db *sql.DB, st Statement) {
	if st.Err != nil {
		if e := AsError(st.Err); e == nil || len(e.Code) != 5 {
			t.Fatalf("error without SQLSTATE for %q: %v", st.SQL, st.Err)
		}
		return
	}
	if st.Kind != KindWarehouse || !strings.HasPrefix(st.Rewritten, "SELECT") {
		return
	}
	// json_serialize_sql parses a SELECT without binding it, so the tables
	// need not exist.
	var parsed string
	if err := db.QueryRow("select json_serialize_sql($1)::varchar", st.Rewritten).Scan(&parsed); err != nil {
		t.Fatalf("DuckDB: %v", err)
	}
	if strings.Contains(parsed, `"error":true`) && strings.Contains(parsed, `"error_type":"parser"`) {
		t.Fatalf("rewrite of %q does not parse in DuckDB: %s\n%s", st.SQL, st.Rewritten, parsed)
	}
}
