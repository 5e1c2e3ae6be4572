package translate

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func translateOneStatement(t *testing.T, tr *Translator, sql string, s *Session) Statement {
	t.Helper()
	stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{}), sql, s)
	if err != nil {
		t.Fatalf("translate %q: %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("translate %q: %d statements, expected 1", sql, len(stmts))
	}
	return stmts[0]
}

func TestCacheFoldsPerSession(t *testing.T) {
	tr := New(10)
	query := "select current_user, current_setting('timezone'), now() from cities"
	alice := &Session{User: "alice", Settings: map[string]string{"timezone": "UTC"},
		TransactionStart: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	bob := &Session{User: "bob", Settings: map[string]string{"timezone": "Europe/Lisbon"}}

	first := translateOneStatement(t, tr, query, alice)
	second := translateOneStatement(t, tr, query, bob)
	if tr.cache.Len() != 1 {
		t.Errorf("cache holds %d entries, expected 1 shared entry", tr.cache.Len())
	}
	if !strings.Contains(first.Rewritten, "'alice'") || strings.Contains(first.Rewritten, "bob") {
		t.Errorf("alice's rewrite: %s", first.Rewritten)
	}
	if !strings.Contains(second.Rewritten, "'bob'") || strings.Contains(second.Rewritten, "alice") {
		t.Errorf("bob's rewrite: %s", second.Rewritten)
	}
	if !strings.Contains(first.Rewritten, "'2024-01-02 03:04:05+00:00'::timestamptz") {
		t.Errorf("alice's now() is not her transaction start: %s", first.Rewritten)
	}
	if !strings.Contains(second.Rewritten, "now()::timestamptz") {
		t.Errorf("bob's now() without a transaction start is not left to the warehouse: %s", second.Rewritten)
	}
	if !strings.Contains(second.Rewritten, "'Europe/Lisbon'") {
		t.Errorf("bob's current_setting: %s", second.Rewritten)
	}
}

func TestCacheKeyedByDialect(t *testing.T) {
	tr := New(10)
	query := "select st_astext(geom) from countries"
	if _, err := tr.Translate(DuckDB(DuckDBCapabilities{}), query, corpusSession); err != nil {
		t.Fatal(err)
	}
	stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{Spatial: true}), query, corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	if stmts[0].Err != nil {
		t.Errorf("spatial dialect got the plain dialect's cached error: %v", stmts[0].Err)
	}
}

func TestLiteralWithMarkerText(t *testing.T) {
	st := translateOneStatement(t, New(1), "select 'pgway.fold.x.0' as a, current_user", corpusSession)
	if !strings.Contains(st.Rewritten, "'pgway.fold.x.0'") {
		t.Errorf("a literal that looks like a marker was changed: %s", st.Rewritten)
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	_, err := New(1).Translate(DuckDB(DuckDBCapabilities{}), "select 'é', )", corpusSession)
	e := AsError(err)
	if e == nil {
		t.Fatalf("expected *Error, got %v", err)
	}
	if e.Code != CodeSyntaxError {
		t.Errorf("code %s, expected 42601", e.Code)
	}
	if e.Position != 13 {
		t.Errorf("position %d, expected 13 (characters, not bytes)", e.Position)
	}
}

func TestUnsupportedPositionInCharacters(t *testing.T) {
	st := translateOneStatement(t, New(1), "select 'é', 'x' similar to name from cities", corpusSession)
	e := AsError(st.Err)
	if e == nil || e.Code != CodeFeatureNotSupported {
		t.Fatalf("expected 0A000, got %v", st.Err)
	}
	if e.Position != 17 {
		t.Errorf("position %d, expected 17", e.Position)
	}
}

func TestStatementErrorKeepsEarlierStatements(t *testing.T) {
	stmts, err := New(1).Translate(DuckDB(DuckDBCapabilities{}), "select 1; listen x; select 2", corpusSession)
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 3 {
		t.Fatalf("%d statements, expected 3", len(stmts))
	}
	if stmts[0].Err != nil || stmts[2].Err != nil {
		t.Errorf("statements around LISTEN failed: %v, %v", stmts[0].Err, stmts[2].Err)
	}
	if AsError(stmts[1].Err) == nil {
		t.Errorf("LISTEN translated: %+v", stmts[1])
	}
	if stmts[1].SQL != "listen x" {
		t.Errorf("statement text %q, expected %q", stmts[1].SQL, "listen x")
	}
}

func TestGeodesicOnlyDialectRejectsPlanar(t *testing.T) {
	table := gisTable{"st_distance": {geodesic: "st_distance_geodesic"}}
	err := table.rewriteMeasure(nil, parseFuncCall(t, "select st_distance(a, b)"), "st_distance")
	e := AsError(err)
	if e == nil || e.Code != CodeFeatureNotSupported {
		t.Fatalf("expected 0A000, got %v", err)
	}
	if !strings.Contains(e.Hint, "cast the arguments to geography") {
		t.Errorf("hint %q does not say to cast to geography", e.Hint)
	}
}

func TestTranslateConcurrently(t *testing.T) {
	tr := New(4)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &Session{User: strings.Repeat("u", i+1)}
			for range 50 {
				st := translateOneStatement(t, tr, "select current_user, name from cities", s)
				if !strings.Contains(st.Rewritten, quoteLiteral(s.User)) {
					t.Errorf("session %q got %s", s.User, st.Rewritten)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func parseFuncCall(t *testing.T, sql string) *pg.FuncCall {
	t.Helper()
	tree, err := pg.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	return tree.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val.GetFuncCall()
}

// TestPrefixTildeIsBitwiseNot pins a crash: the regular expression rewrite
// of ~ once took a prefix ~ for a match with no left operand, and the
// deparser dereferenced the missing operand.
func TestPrefixTildeIsBitwiseNot(t *testing.T) {
	tr := New(10)
	stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{}), "select ~abs(1), ~5, 'ab' ~ 'b'", &Session{})
	if err != nil {
		t.Fatal(err)
	}
	got := stmts[0].Rewritten
	if !strings.Contains(got, "~ abs(1)") || !strings.Contains(got, "~ 5") {
		t.Errorf("prefix ~ rewritten: %s", got)
	}
	if !strings.Contains(got, "pgway_regex_test('ab', 'b', '')") {
		t.Errorf("infix ~ not rewritten to pgway_regex_test: %s", got)
	}
}

// TestLikePatternsShareNoRewrite translates LIKE patterns that differ
// only in a backslash through one cache: the one with a backslash needs
// like_escape(), so it must not reuse the other's rewrite.
func TestLikePatternsShareNoRewrite(t *testing.T) {
	tr := New(10)
	plain := translateOneStatement(t, tr, "select name from cities where name like 'a_%'", corpusSession)
	escaped := translateOneStatement(t, tr, `select name from cities where name like 'a\_%'`, corpusSession)
	if !strings.Contains(plain.Rewritten, "LIKE 'a_%'") {
		t.Errorf("plain pattern: %s", plain.Rewritten)
	}
	if !strings.Contains(escaped.Rewritten, `like_escape(name, E'a\\_%', E'\\')`) {
		t.Errorf("pattern with a backslash: %s", escaped.Rewritten)
	}
}

// TestIntegerInputSharesNoRewrite translates string constants cast to an
// integer through one cache: a rewrite shared by the valid ones must not
// let an invalid one run.
func TestIntegerInputSharesNoRewrite(t *testing.T) {
	tr := New(10)
	for _, valid := range []string{"12", "34", "56"} {
		translateOneStatement(t, tr, "select '"+valid+"'::int from cities", corpusSession)
	}
	st := translateOneStatement(t, tr, "select '1.5'::int from cities", corpusSession)
	var terr *Error
	if !errors.As(st.Err, &terr) || terr.Code != "22P02" {
		t.Errorf("'1.5'::int after valid constants: %v, %s", st.Err, st.Rewritten)
	}
}
