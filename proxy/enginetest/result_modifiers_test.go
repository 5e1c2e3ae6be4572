package enginetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// modifierObjects are dropped on the oracle before and after the test.
var modifierObjects = []string{"drop table if exists public.modifiers_t"}

// modifierQueries have a numeric(12,2) column whose type modifier
// PostgreSQL describes as -1 for the prepared statement but keeps in a
// portal's RowDescription, because the planner folds the expression to
// the column, or keeps in both.
var modifierQueries = []string{
	"select case when true then amt end from modifiers_t",
	"select coalesce(null, amt), nullif(amt, 0), case when id > 1 then amt end from modifiers_t",
	"select x from (select case when false then null else amt end as x from modifiers_t) s",
}

// TestResultModifiersStatementAndPortal compares the type modifiers of
// Describe of a prepared statement, and of the portal that ExecParams
// describes, with PostgreSQL's.
func TestResultModifiersStatementAndPortal(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, modifierObjects)
	t.Cleanup(func() { dropOracleObjects(t, modifierObjects) })
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range []string{"create table modifiers_t (id integer, amt numeric(12,2))", "insert into modifiers_t values (1, 1.50)"} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	for _, sql := range modifierQueries {
		if got, want := statementModifiers(ctx, gw, sql), statementModifiers(ctx, pg, sql); got != want {
			t.Errorf("Describe statement of %s: modifiers %s, want %s", sql, got, want)
		}
		if got, want := portalModifiers(ctx, gw, sql), portalModifiers(ctx, pg, sql); got != want {
			t.Errorf("Describe portal of %s: modifiers %s, want %s", sql, got, want)
		}
	}
}

// statementModifiers returns the type modifiers of the result columns of
// sql prepared as an unnamed statement, or its error.
func statementModifiers(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	desc, err := conn.Prepare(ctx, "", sql, nil)
	if err != nil {
		return errorCode(err)
	}
	var modifiers []int32
	for _, f := range desc.Fields {
		modifiers = append(modifiers, f.TypeModifier)
	}
	return fmt.Sprint(modifiers)
}

// portalModifiers returns the type modifiers of the result columns of a
// portal of sql, or its error.
func portalModifiers(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	result := conn.ExecParams(ctx, sql, nil, nil, nil, nil).Read()
	if result.Err != nil {
		return errorCode(result.Err)
	}
	var modifiers []int32
	for _, f := range result.FieldDescriptions {
		modifiers = append(modifiers, f.TypeModifier)
	}
	return fmt.Sprint(modifiers)
}
