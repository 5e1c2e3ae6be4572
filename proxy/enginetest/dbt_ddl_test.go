package enginetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// These cases compare with PostgreSQL the DDL that dbt sends for its
// table and view materializations on a DuckDB file: it builds the
// relation under a temporary name, renames it, and may run ANALYZE. The
// catalog queries after each rename show that the catalog mirror that
// clients read has the new name. {db} is each session's current_database().

// dbtDDLObjects are dropped on the oracle before and after the cases.
var dbtDDLObjects = []string{"drop schema if exists dbt_ddl cascade"}

var dbtDDLSetup = []string{
	"create schema dbt_ddl",
	"create table dbt_ddl.ev (kind text, n integer)",
	"insert into dbt_ddl.ev values ('a', 1), ('b', 2), ('a', 3)",
}

// dbtDDLCatalog lists the schema's relations as a client reads them.
const dbtDDLCatalog = "select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'dbt_ddl' order by 1"

var dbtDDLCases = []string{
	// The table materialization.
	`create table "{db}"."dbt_ddl"."m1__dbt_tmp" as (select kind, count(*) as c from dbt_ddl.ev group by kind)`,
	`alter table "{db}"."dbt_ddl"."m1__dbt_tmp" rename to "m1"`,
	"select kind, c from dbt_ddl.m1 order by kind",
	"select * from dbt_ddl.m1__dbt_tmp",
	dbtDDLCatalog,
	// The view materialization: ALTER TABLE renames a view too.
	`create view "{db}"."dbt_ddl"."v1__dbt_tmp" as (select * from dbt_ddl.ev)`,
	`alter table "{db}"."dbt_ddl"."v1__dbt_tmp" rename to "v1"`,
	"select kind, n from dbt_ddl.v1 order by n",
	dbtDDLCatalog,
	"alter view dbt_ddl.v1 rename to v2",
	"select count(*) from dbt_ddl.v2",
	dbtDDLCatalog,
	// A column.
	"alter table dbt_ddl.m1 rename column c to cnt",
	"select kind, cnt from dbt_ddl.m1 order by kind",
	"alter table dbt_ddl.m1 rename c to cnt2",
	"select attname from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'dbt_ddl' and c.relname = 'm1' and a.attnum > 0 order by attnum",
	// Missing relations, columns and names taken.
	"alter table dbt_ddl.nosuch rename to m9",
	`alter table dbt_ddl."M1" rename to m9`,
	"alter table dbt_ddl.m1 rename to ev",
	"alter table dbt_ddl.m1 rename column nosuch to x",
	`alter table dbt_ddl.m1 rename column "Kind" to x`,
	"alter table dbt_ddl.m1 rename column kind to cnt",
	// A rename that a transaction undoes.
	"begin; alter table dbt_ddl.m1 rename to m3; select count(*) from dbt_ddl.m3; rollback",
	"select count(*) from dbt_ddl.m1",
	dbtDDLCatalog,
	"begin; alter table dbt_ddl.m1 rename to m3; commit",
	dbtDDLCatalog,
	"alter table dbt_ddl.m3 rename to m1",
	"analyze dbt_ddl.ev",
	"analyze",
	"analyze dbt_ddl.nosuch",
	"begin read only; alter view dbt_ddl.v2 rename to v3",
	"rollback",
	"begin read only; alter table dbt_ddl.m1 rename to m3",
	"rollback",
}

// dbtDDLRejected are the statements of this kind that PostgreSQL runs and
// pgway rejects with 0A000 on DuckDB, whose statements differ.
var dbtDDLRejected = []string{
	// DuckDB's ANALYZE takes one table.
	"analyze dbt_ddl.ev, dbt_ddl.m1",
	// DuckDB cannot rename a view's columns.
	"alter view dbt_ddl.v2 rename column n to n2",
	"vacuum dbt_ddl.ev",
	"analyze verbose dbt_ddl.ev",
	// DuckDB's read-only transactions reject ANALYZE, which PostgreSQL's run.
	"begin read only; analyze dbt_ddl.ev",
	"create temporary table dbt_tmp (a int); alter table dbt_tmp rename to dbt_tmp2",
	// DuckDB's views name relations and columns by name, and would not
	// follow a rename, as PostgreSQL's do.
	"create view dbt_ddl.w as select count(*) from dbt_ddl.ev; alter table dbt_ddl.ev rename to ev2",
	"create view dbt_ddl.w as select kind from dbt_ddl.ev; alter table dbt_ddl.ev rename column kind to k",
}

func TestDbtDDL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, dbtDDLObjects)
	t.Cleanup(func() { dropOracleObjects(t, dbtDDLObjects) })

	names := map[*pgconn.PgConn]string{}
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range dbtDDLSetup {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		results, err := conn.Exec(ctx, "select current_database()").ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		names[conn] = string(results[0].Rows[0][0])
	}

	for _, sql := range dbtDDLCases {
		got := dbtDDLResult(ctx, gw, strings.ReplaceAll(sql, "{db}", names[gw]))
		want := dbtDDLResult(ctx, pg, strings.ReplaceAll(sql, "{db}", names[pg]))
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}

	// The extended protocol, as drivers send these statements.
	for _, sql := range []string{"alter table dbt_ddl.m1 rename to m4", "analyze dbt_ddl.m4", "alter table dbt_ddl.m4 rename column kind to k", dbtDDLCatalog} {
		got, want := gw.ExecParams(ctx, sql, nil, nil, nil, nil).Read(), pg.ExecParams(ctx, sql, nil, nil, nil, nil).Read()
		if got.Err != nil || want.Err != nil || got.CommandTag.String() != want.CommandTag.String() || resultText(got) != resultText(want) {
			t.Errorf("%s (extended protocol)\n pgway:      %s %s %v\n PostgreSQL: %s %s %v", sql,
				got.CommandTag, resultText(got), got.Err, want.CommandTag, resultText(want), want.Err)
		}
	}

	for _, sql := range dbtDDLRejected {
		if got := dbtDDLResult(ctx, gw, sql); !strings.HasPrefix(got, "0A000 ") {
			t.Errorf("%s\n pgway: %s, want 0A000", sql, got)
		}
		if _, err := gw.Exec(ctx, "rollback").ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
}

// dbtDDLResult returns the command tags and rows of sql, or its error's
// code, message and position.
func dbtDDLResult(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	results, err := conn.Exec(ctx, sql).ReadAll()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Sprintf("%s %s at %d", pgErr.Code, pgErr.Message, pgErr.Position)
	}
	if err != nil {
		return err.Error()
	}
	var out []string
	for _, r := range results {
		out = append(out, r.CommandTag.String()+" "+resultText(r))
	}
	return strings.Join(out, " | ")
}
