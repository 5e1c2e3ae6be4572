package duckdb

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// rows reads one result. Statements that return no rows are run to
// completion by run and only report their command tag.
//
// TODO: the driver materializes the whole result in DuckDB's memory before
// the first row is read (duckdb_execute_pending), so a large result is not
// streamed. DuckDB's streaming result API is not exposed by duckdb-go.
type rows struct {
	statement  *statement
	driverStmt *duckdb.Stmt
	// ownsStmt is set when driverStmt was prepared for this result only.
	ownsStmt bool

	result   driver.Rows // nil for a statement without rows
	raw      []driver.Value
	values   []any
	count    int64
	affected int64
	err      error
	closed   bool
}

func (r *rows) run(ctx context.Context, args []driver.NamedValue) error {
	if !r.statement.kind.returnsRows() {
		res, err := r.driverStmt.ExecContext(ctx, args)
		if err != nil {
			return err
		}
		r.affected, _ = res.RowsAffected()
		return nil
	}
	result, err := r.driverStmt.QueryContext(ctx, args)
	if err != nil {
		return err
	}
	r.result = result
	n := len(r.statement.columns)
	r.raw = make([]driver.Value, n)
	r.values = make([]any, n)
	return nil
}

func (r *rows) Next() bool {
	if r.result == nil || r.err != nil || r.closed {
		return false
	}
	if err := r.result.Next(r.raw); err != nil {
		if !errors.Is(err, io.EOF) {
			r.err = convertError(err)
		}
		return false
	}
	for i, v := range r.raw {
		if v == nil {
			r.values[i] = nil
			continue
		}
		converted, err := r.statement.converters[i](v)
		if err != nil {
			r.err = convertError(fmt.Errorf("column %q: %w", r.statement.columns[i].Name, err))
			return false
		}
		r.values[i] = converted
	}
	r.count++
	return true
}

func (r *rows) Values() []any { return r.values }
func (r *rows) Err() error    { return r.err }

func (r *rows) CommandTag() string {
	switch r.statement.kind {
	case stmtKind(duckdb.STATEMENT_TYPE_INSERT):
		return fmt.Sprintf("INSERT 0 %d", r.affected)
	case stmtKind(duckdb.STATEMENT_TYPE_UPDATE):
		return fmt.Sprintf("UPDATE %d", r.affected)
	case stmtKind(duckdb.STATEMENT_TYPE_DELETE):
		return fmt.Sprintf("DELETE %d", r.affected)
	case stmtKind(duckdb.STATEMENT_TYPE_EXPLAIN):
		return "EXPLAIN"
	}
	if r.statement.kind.returnsRows() {
		return fmt.Sprintf("SELECT %d", r.count)
	}
	return r.statement.kind.tag()
}

// Close releases the result and, when nothing else uses it, the driver
// statement it was read from.
func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var err error
	if r.result != nil {
		err = r.result.Close()
	}
	st := r.statement
	switch {
	case r.ownsStmt:
		err = errors.Join(err, r.driverStmt.Close())
	case st.closed:
		st.busy = false
		err = errors.Join(err, r.driverStmt.Close())
	default:
		st.busy = false
	}
	return err
}

// statementKind is DuckDB's statement type.
type statementKind duckdb.StmtType

func stmtKind(t duckdb.StmtType) statementKind { return statementKind(t) }

// returnsRows reports whether the statement is read as a result set.
//
// TODO: INSERT, UPDATE and DELETE with RETURNING return rows, but are run
// as commands and report only the affected row count.
func (k statementKind) returnsRows() bool {
	switch duckdb.StmtType(k) {
	case duckdb.STATEMENT_TYPE_SELECT, duckdb.STATEMENT_TYPE_EXPLAIN,
		duckdb.STATEMENT_TYPE_PRAGMA, duckdb.STATEMENT_TYPE_CALL:
		return true
	}
	return false
}

// readOnly reports whether the statement may run on a read-only database.
func (k statementKind) readOnly() bool {
	switch duckdb.StmtType(k) {
	case duckdb.STATEMENT_TYPE_SELECT, duckdb.STATEMENT_TYPE_EXPLAIN:
		return true
	}
	return false
}

// tag is the command tag of a statement without rows.
//
// TODO: PostgreSQL names the object kind in DDL tags ("CREATE TABLE");
// DuckDB's statement type does not say it.
func (k statementKind) tag() string {
	names := map[duckdb.StmtType]string{
		duckdb.STATEMENT_TYPE_SELECT:       "SELECT",
		duckdb.STATEMENT_TYPE_INSERT:       "INSERT",
		duckdb.STATEMENT_TYPE_UPDATE:       "UPDATE",
		duckdb.STATEMENT_TYPE_DELETE:       "DELETE",
		duckdb.STATEMENT_TYPE_EXPLAIN:      "EXPLAIN",
		duckdb.STATEMENT_TYPE_CREATE:       "CREATE",
		duckdb.STATEMENT_TYPE_CREATE_FUNC:  "CREATE FUNCTION",
		duckdb.STATEMENT_TYPE_DROP:         "DROP",
		duckdb.STATEMENT_TYPE_ALTER:        "ALTER",
		duckdb.STATEMENT_TYPE_COPY:         "COPY",
		duckdb.STATEMENT_TYPE_SET:          "SET",
		duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET",
		duckdb.STATEMENT_TYPE_ATTACH:       "ATTACH",
		duckdb.STATEMENT_TYPE_DETACH:       "DETACH",
		duckdb.STATEMENT_TYPE_LOAD:         "LOAD",
		duckdb.STATEMENT_TYPE_VACUUM:       "VACUUM",
		duckdb.STATEMENT_TYPE_ANALYZE:      "ANALYZE",
		duckdb.STATEMENT_TYPE_EXPORT:       "EXPORT",
		duckdb.STATEMENT_TYPE_TRANSACTION:  "TRANSACTION",
		duckdb.STATEMENT_TYPE_PRAGMA:       "PRAGMA",
		duckdb.STATEMENT_TYPE_CALL:         "CALL",
	}
	if name, ok := names[duckdb.StmtType(k)]; ok {
		return name
	}
	return "STATEMENT"
}
