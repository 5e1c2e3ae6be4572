package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The oracle's objects of these tests, which each test drops before and
// after it runs.
var writeMoreObjects = []string{
	"drop table if exists public.write_more_a, public.write_more_b, public.write_more_c, " +
		"public.write_more_self, public.write_more_child, public.write_more_parent",
}

// writeMorePair connects to pgway on a new DuckDB file and to the oracle,
// with the objects of these tests dropped on the oracle.
func writeMorePair(t *testing.T) (gw, pg *pgconn.PgConn) {
	t.Helper()
	gwConn, pgConn := typedFilePair(t)
	dropOracleObjects(t, writeMoreObjects)
	t.Cleanup(func() { dropOracleObjects(t, writeMoreObjects) })
	return gwConn.PgConn(), pgConn.PgConn()
}

// runWriteMore compares the results and errors of cases on pgway and
// the oracle.
func runWriteMore(t *testing.T, cases []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gw, pg := writeMorePair(t)
	compareWriteGaps(ctx, t, gw, pg, cases)
}

// insertFewerColumnsCases insert rows of fewer columns than the target
// has, which PostgreSQL fills with the defaults of the other columns.
var insertFewerColumnsCases = []string{
	"create table write_more_a (a int, b text default 'x', c int)",
	"insert into write_more_a select 1",
	"insert into write_more_a select 2, 'y'",
	"insert into write_more_a values (3)",
	"insert into write_more_a (c) select 4",
	"insert into write_more_a select 5, 'z', 6 returning *",
	"insert into write_more_a select 1, 'a', 2, 3",
	"insert into write_more_a select a from write_more_a where a = 1 returning b",
	"insert into write_more_a (select 9 union all select 10)",
	"insert into write_more_a with w as (select 11 as x) select x from w",
	"insert into write_more_a select 1, 'a', 2, 3 union all select 4, 'b', 5, 6",
	"insert into write_more_a select * from write_more_a, write_more_a b",
	"select * from write_more_a order by a, b, c",
}

func TestInsertSelectFewerColumns(t *testing.T) {
	runWriteMore(t, insertFewerColumnsCases)
}

// truncateCases truncate tables that foreign keys reference, which
// PostgreSQL rejects unless the referencing tables are truncated too,
// and tables named with ONLY or *.
var truncateCases = []string{
	"create table write_more_parent (id int primary key)",
	"create table write_more_child (id int, p int references write_more_parent)",
	"create table write_more_self (id int primary key, parent int references write_more_self)",
	"create table write_more_a (a int)",
	"insert into write_more_parent values (1), (2)",
	"insert into write_more_child values (1, 1)",
	"insert into write_more_self values (1, null)",
	"insert into write_more_a values (1)",
	"truncate write_more_parent",
	"truncate table write_more_parent restrict",
	"truncate public.write_more_parent",
	"begin",
	"truncate write_more_parent",
	"select 1",
	"rollback",
	"truncate write_more_child",
	"truncate write_more_parent",
	"select count(*) from write_more_parent",
	"truncate write_more_self",
	"select count(*) from write_more_self",
	"truncate only write_more_a",
	"insert into write_more_a values (1)",
	"truncate write_more_a *",
	"insert into write_more_a values (1)",
	"truncate write_more_a continue identity",
	"select count(*) from write_more_a",
}

func TestTruncateReferencedTable(t *testing.T) {
	runWriteMore(t, truncateCases)
}

// selfReferenceCases insert into a table with a foreign key to itself
// rows that reference rows of earlier statements.
var selfReferenceCases = []string{
	"create table write_more_self (id int primary key, parent int references write_more_self)",
	"insert into write_more_self values (1, null)",
	"insert into write_more_self values (2, 1)",
	"insert into write_more_self select 3, id from write_more_self where id = 2",
	"update write_more_self set parent = 1 where id = 3",
	"delete from write_more_self where id = 1",
	"select * from write_more_self order by id",
}

// TestSelfReferencingInsert compares SQLSTATEs only, since pgway's
// foreign key errors do not name the constraint.
func TestSelfReferencingInsert(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeMorePair(t)
	compareGapCases(ctx, t, gw, pg, selfReferenceCases)
}

// onCommitCases create temporary tables that the end of the transaction
// drops or empties.
var onCommitCases = []string{
	"create temp table write_more_c on commit delete rows as select 1 as a",
	"select * from write_more_c",
	"drop table write_more_c",
	"create temp table write_more_a (a int) on commit drop",
	"select count(*) from write_more_a",
	"create temp table write_more_b (a int) on commit delete rows",
	"insert into write_more_b values (1)",
	"select count(*) from write_more_b",
	"begin",
	"create temp table write_more_a (a int) on commit drop",
	"insert into write_more_a values (1)",
	"insert into write_more_b values (1)",
	"select count(*) from write_more_a",
	"select count(*) from write_more_b",
	"commit",
	"select count(*) from write_more_a",
	"select count(*) from write_more_b",
	"begin",
	"create temp table write_more_a on commit drop as select 1 as a",
	"select * from write_more_a",
	"rollback",
	"select * from write_more_a",
	"create temp table write_more_c on commit delete rows as select 1 as a",
	"select * from write_more_c",
	"begin",
	"insert into write_more_c values (2)",
	"select * from write_more_c",
	"commit",
	"select * from write_more_c",
	"create temp table write_more_a (a int) on commit drop; insert into write_more_a values (1); select * from write_more_a",
	"select * from write_more_a",
	"begin",
	"create temp table write_more_a (a int) on commit drop",
	"drop table write_more_a",
	"commit",
	"begin",
	"create temp table write_more_a (a int) on commit delete rows",
	"rollback",
	"select * from write_more_a",
	"insert into write_more_c values (3) returning a",
	"select * from write_more_c",
}

func TestTemporaryOnCommit(t *testing.T) {
	runWriteMore(t, onCommitCases)
}

// onlyCases name tables with ONLY, which without inheritance is the table
// itself.
var onlyCases = []string{
	"create table write_more_a (a int, b text)",
	"insert into write_more_a values (1, 'x'), (2, 'y')",
	"select * from only write_more_a order by a",
	"select * from only public.write_more_a as t where t.a = 1",
	"select * from only (write_more_a) order by a",
	"select count(*) from write_more_a * ",
	"update only write_more_a set b = 'z' where a = 1",
	"update only write_more_a t set b = 'w' where t.a = 2 returning *",
	"delete from only write_more_a where a = 2 returning a",
	"select * from write_more_a order by a",
}

func TestOnlyTables(t *testing.T) {
	runWriteMore(t, onlyCases)
}

// writeSQLSTATECases are errors whose SQLSTATE and message PostgreSQL
// gives.
var writeSQLSTATECases = []string{
	"create table write_more_a (a int, b text)",
	"values ('a'::text), (0)",
	"values (0), ('a'::text)",
	"update write_more_a set a = 1 returning count(*)",
	"delete from write_more_a returning sum(a)",
	"insert into write_more_a values (1) returning max(a)",
	"update write_more_a set a = 1 returning row_number() over ()",
	"values (1), (2.5), ('a'::text)",
	"values (null, 1), ('x', 2), ('y'::text, 'z'::text)",
	"select * from (values ('a'::text), (0)) v",
	"values (1, 'x'), (2.5, 'y')",
}

func TestWriteErrorSQLSTATEs(t *testing.T) {
	runWriteMore(t, writeSQLSTATECases)
}

// writeMoreUnsupported are statements that pgway cannot run as
// PostgreSQL 15 does, with the construct that the 0A000 names.
var writeMoreUnsupported = []struct{ sql, construct string }{
	{"truncate write_more_parent cascade", "TRUNCATE of table"},
	{"insert into write_more_self values (1, null), (2, 1)", "foreign key to itself"},
	{"insert into write_more_self values (5, 5)", "foreign key to itself"},
	{"insert into write_more_self values (6, 7)", "foreign key to itself"},
	{"insert into write_more_self values (8, null); update write_more_self set parent = 8 where id = 8", "foreign key to itself"},
	{"create temp table if not exists write_more_b (a int) on commit drop", "ON COMMIT"},
}

func TestWriteMoreUnsupported(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, _ := writeMorePair(t)
	for _, sql := range []string{
		"create table write_more_parent (id int primary key)",
		"create table write_more_child (id int, p int references write_more_parent)",
		"create table write_more_self (id int primary key, parent int references write_more_self)",
		"create table write_more_a (a int, b text, c int)",
		"insert into write_more_parent values (1)",
		"insert into write_more_child values (1, 1)",
		"insert into write_more_a values (1, 'x', 1)",
	} {
		if _, err := gw.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, c := range writeMoreUnsupported {
		got := biResult(ctx, gw, c.sql, nil, false)
		if !strings.HasPrefix(got, "error 0A000 ") || !strings.Contains(got, c.construct) {
			t.Errorf("%s\n pgway: %s, want 0A000 naming %s", c.sql, got, c.construct)
		}
	}
	// Nothing changed.
	for sql, want := range map[string]string{
		"select count(*) from write_more_parent":            "= (1)",
		"select count(*) from write_more_child":             "= (1)",
		"select count(*) from write_more_a":                 "= (1)",
		"select count(*) from write_more_self":              "= (0)",
		"select count(*) from write_more_a where c is null": "= (0)",
	} {
		if got := biResult(ctx, gw, sql, nil, false); !strings.Contains(got, want) {
			t.Errorf("%s\n pgway: %s, want %s", sql, got, want)
		}
	}
}

// TestValuesParameterTypes runs VALUES with a parameter cast to text
// beside an integer in the extended protocol.
func TestValuesParameterTypes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeMorePair(t)
	for _, sql := range []string{"values ($1::text), (0)", "values ($1::text), ('b')"} {
		got, want := biResult(ctx, gw, sql, []string{"a"}, true), biResult(ctx, pg, sql, []string{"a"}, true)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// numberedForeignKeyCases drop a table that foreign keys reference whose
// default names PostgreSQL numbers, because an earlier foreign key of the
// schema took the name.
var numberedForeignKeyCases = []string{
	"create table write_more_parent (id int primary key, v int unique)",
	"create table write_more_a (id int primary key)",
	"create table write_more_child (a int references write_more_a, b int, foreign key (a) references write_more_parent, " +
		"foreign key (b) references write_more_parent (v), foreign key (b) references write_more_parent)",
	"create table write_more_c (x int)",
	"create table write_more_b (child_a int references write_more_parent)",
	"drop table write_more_parent",
}

func TestDropReferencedNumberedNames(t *testing.T) {
	runWriteMore(t, numberedForeignKeyCases)
}
