package translate

import pg "github.com/pganalyze/pg_query_go/v6"

// Dialect rewrites warehouse statements for one kind of warehouse. The
// dialects are DuckDB's here; Snowflake and BigQuery come with their
// providers.
type Dialect interface {
	// Name identifies the dialect and its capabilities in the rewrite cache,
	// so two dialects with different capabilities must have different names.
	Name() string
	// rewrite rewrites a warehouse statement, in which session functions
	// are already fold markers, and returns its text in the dialect.
	rewrite(stmt *pg.Node) (string, error)
	// warehouseTime returns the dialect's own expression for each time
	// value that pgway folds when the session fixes it, used when it does not.
	warehouseTime() map[foldKind]string
}

// parseTreeVersion is the PostgreSQL version of pg_query's parse trees,
// which Deparse checks.
const parseTreeVersion = 170007

// deparse returns the PostgreSQL text of one statement.
func deparse(stmt *pg.Node) (string, error) {
	tree := &pg.ParseResult{Version: parseTreeVersion, Stmts: []*pg.RawStmt{{Stmt: stmt}}}
	text, err := pg.Deparse(tree)
	if err != nil {
		return "", &Error{Code: CodeInternalError, Message: "deparse rewritten statement: " + err.Error()}
	}
	return text, nil
}
