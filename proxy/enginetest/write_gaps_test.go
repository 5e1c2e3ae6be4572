package enginetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// The oracle's tables of these tests, which each test drops before and
// after it runs.
var writeGapObjects = []string{
	"drop table if exists public.write_gap_child, public.write_gap_child2, public.write_gap_parent, " +
		"public.write_gap_target, public.write_gap_source, public.write_gap_self, public.write_gap_fk",
	"drop schema if exists write_gap_schema cascade",
}

// writeGapPair connects to pgway on a new DuckDB file and to the oracle,
// with the tables of these tests dropped on the oracle.
func writeGapPair(t *testing.T) (gw, pg *pgconn.PgConn) {
	t.Helper()
	gwConn, pgConn := typedFilePair(t)
	dropOracleObjects(t, writeGapObjects)
	t.Cleanup(func() { dropOracleObjects(t, writeGapObjects) })
	return gwConn.PgConn(), pgConn.PgConn()
}

// writeGapResult is biResult with the DETAIL and HINT of an error.
func writeGapResult(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	results, err := conn.Exec(ctx, sql).ReadAll()
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Sprintf("error %s %s (detail %q, hint %q)", pgErr.Code, pgErr.Message, pgErr.Detail, pgErr.Hint)
	}
	if err != nil {
		return errorCode(err)
	}
	var out []string
	for _, r := range results {
		out = append(out, resultText(r))
	}
	return strings.Join(out, " | ")
}

// compareWriteGaps runs each statement on both connections and fails the
// test where the results or errors differ.
func compareWriteGaps(ctx context.Context, t *testing.T, gw, pg *pgconn.PgConn, statements []string) {
	t.Helper()
	for _, sql := range statements {
		got, want := writeGapResult(ctx, gw, sql), writeGapResult(ctx, pg, sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// mergeInsertCases insert fewer values than the target has columns,
// which fills the other columns with their defaults, and insert values
// that do not match the target columns.
var mergeInsertCases = []string{
	"create table write_gap_target (a int, b text default 'filled', c int default 7)",
	"create table write_gap_source (a int)",
	"insert into write_gap_source values (1), (2)",
	"merge into write_gap_target t using write_gap_source s on t.a = s.a when not matched then insert values (s.a)",
	"merge into write_gap_target as x using (values (3, 'q')) s(a, b) on x.a = s.a " +
		"when matched then update set c = 0 when not matched then insert values (s.a, s.b)",
	"merge into write_gap_target t using (values (4)) s(a) on t.a = s.a when not matched then insert values (s.a, default)",
	"merge into write_gap_target t using (values (5)) s(a) on t.a = s.a when not matched then insert default values",
	"merge into write_gap_target t using write_gap_source s on t.a = s.a " +
		"when matched then update set c = 1 when not matched then insert values (s.a, 'x', 1, 2)",
	"merge into write_gap_target t using write_gap_source s on t.a = s.a when not matched then insert (a, b) values (s.a)",
	"merge into write_gap_target t using write_gap_source s on t.a = s.a when not matched then insert (a) values (s.a, 'x')",
	"select * from write_gap_target order by a",
}

func TestMergeInsertFillsDefaults(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeGapPair(t)
	compareWriteGaps(ctx, t, gw, pg, mergeInsertCases)
}

// dropReferencedCases drop tables that foreign keys of other tables
// reference, which PostgreSQL rejects with 2BP01 and a line of DETAIL for
// each foreign key, named as PostgreSQL names it.
var dropReferencedCases = []string{
	"create table write_gap_parent (id int primary key, v int, w int, unique (v, w))",
	"create table write_gap_child (id int, p int references write_gap_parent (id))",
	"drop table write_gap_parent",
	"drop table if exists write_gap_parent restrict",
	"create table write_gap_child2 (x int, \"Y y\" int, foreign key (x, \"Y y\") references write_gap_parent (v, w))",
	"drop table write_gap_parent",
	"begin",
	"drop table write_gap_parent",
	"select 1",
	"rollback",
	"drop table write_gap_child2",
	"drop table write_gap_child",
	"drop table write_gap_parent",
	// A table's foreign key to itself does not stop its drop.
	"create table write_gap_self (id int primary key, parent int references write_gap_self)",
	"drop table write_gap_self",
	// Long names are shortened as PostgreSQL shortens them.
	"create table write_gap_parent (id int primary key)",
	"create table write_gap_fk (the_first_referencing_column_of_a_table_with_a_long_name int references write_gap_parent)",
	"drop table write_gap_parent",
	"drop table write_gap_fk",
	"drop table write_gap_parent",
	"create schema write_gap_schema",
	"create table write_gap_schema.p (id int primary key)",
	"create table write_gap_schema.c (id int references write_gap_schema.p)",
	"drop table write_gap_schema.p",
	"create temp table write_gap_parent (id int primary key)",
	"create temp table write_gap_child (id int references write_gap_parent)",
	"drop table write_gap_parent",
	"drop table write_gap_child",
	"drop table write_gap_parent",
}

func TestDropReferencedTable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeGapPair(t)
	compareWriteGaps(ctx, t, gw, pg, dropReferencedCases)
}

// writeGapUnsupported are statements that DuckDB cannot run as
// PostgreSQL 15 does, with the construct that the 0A000 names.
var writeGapUnsupported = []struct{ sql, construct string }{
	{"drop table write_gap_parent cascade", "CASCADE"},
	{"drop table if exists public.write_gap_parent cascade", "CASCADE"},
	{"create table write_gap_fk (id int references write_gap_parent on delete cascade)", "ON DELETE CASCADE"},
	{"create table write_gap_fk (id int references write_gap_parent on update cascade)", "ON UPDATE CASCADE"},
	{"create table write_gap_fk (id int references write_gap_parent on delete set null)", "ON DELETE SET NULL"},
	{"create table write_gap_fk (id int, foreign key (id) references write_gap_parent on delete set null (id))", "ON DELETE SET NULL"},
	{"create table write_gap_fk (id int, constraint k foreign key (id) references write_gap_parent on update set default)", "ON UPDATE SET DEFAULT"},
	{"create table write_gap_fk (id int references write_gap_parent on delete restrict on update set null)", "ON UPDATE SET NULL"},
	{"create table write_gap_fk (a int, b int, foreign key (a, b) references write_gap_parent (v, w) match full)", "MATCH FULL"},
	{"create table write_gap_fk (id int references write_gap_parent deferrable initially deferred)", "DEFERRABLE"},
	{"create table write_gap_fk (id int references write_gap_parent initially deferred)", "DEFERRABLE"},
	{"create table write_gap_fk (id int unique deferrable)", "DEFERRABLE"},
	{"create table write_gap_fk (id int, unique (id) deferrable)", "DEFERRABLE"},
	{"create table write_gap_fk (id int references write_gap_schema.p)", "FOREIGN KEY referencing a table of another schema"},
}

func TestWriteGapsUnsupported(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, _ := writeGapPair(t)
	for _, sql := range []string{
		"create table write_gap_parent (id int primary key, v int, w int, unique (v, w))",
		"create table write_gap_child (id int, p int references write_gap_parent (id))",
		"create schema write_gap_schema",
		"create table write_gap_schema.p (id int primary key)",
	} {
		if _, err := gw.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for _, c := range writeGapUnsupported {
		got := biResult(ctx, gw, c.sql, nil, false)
		if !strings.HasPrefix(got, "error 0A000 ") || !strings.Contains(got, c.construct) {
			t.Errorf("%s\n pgway: %s, want 0A000 naming %s", c.sql, got, c.construct)
		}
	}
	// The tables are still there, and so is the foreign key.
	for sql, want := range map[string]string{
		"select count(*) from write_gap_parent":     "= (0)",
		"insert into write_gap_child values (1, 1)": "error 23503",
	} {
		if got := biResult(ctx, gw, sql, nil, false); !strings.Contains(got, want) {
			t.Errorf("%s\n pgway: %s, want %s", sql, got, want)
		}
	}
}

// constraintClauseCases are foreign key and constraint clauses that
// DuckDB's parser rejects but that change nothing there, and ON COMMIT
// of a table that is not temporary.
var constraintClauseCases = []string{
	"create table write_gap_parent (id int primary key)",
	"create table write_gap_child (id int references write_gap_parent match full not deferrable initially immediate, " +
		"b int unique not deferrable, c int primary key not deferrable)",
	"insert into write_gap_parent values (1)",
	"insert into write_gap_child values (1, 1, 1), (null, 2, 2)",
	"insert into write_gap_child values (2, 3, 3)",
	"create table write_gap_fk (id int references write_gap_parent on delete restrict on update no action)",
	"insert into write_gap_fk values (1)",
	"delete from write_gap_parent where id = 1",
	"create table write_gap_target (a int) on commit drop",
	"create table write_gap_target (a int) on commit preserve rows",
	"create table write_gap_target on commit preserve rows as select 1 as a",
	"create temp table write_gap_source on commit preserve rows as select 1 as a",
	"select * from write_gap_source",
}

func TestConstraintClausesMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeGapPair(t)
	compareGapCases(ctx, t, gw, pg, constraintClauseCases)
}

// copyFromCases are COPY ... FROM STDIN statements and the data the
// client sends, in the text and CSV formats, with rows that fail.
var copyFromCases = []struct{ sql, data string }{
	{"copy write_gap_target from stdin", "1\tx\t2024-01-02\t1.5\n2\t\\N\t\\N\t\\N\n3\ta\\tb\\\\c\\n\t2024-02-03\t2.345\n"},
	{"copy write_gap_target (a, b) from stdin", "4\tonly\n5\t\n"},
	{"copy write_gap_target from stdin", "6\t\\x41\\101\\z\t\\N\t1"},
	{"copy write_gap_target from stdin", "7\tx\t2024-01-01\t1\n\\.\n"},
	{"copy write_gap_target from stdin with (format csv, header)", "a,b,c,d\n8,\"q,\"\"x\"\"\",2024-01-01,3\n9,,,\n10,\"\",,\n"},
	{"copy write_gap_target from stdin with (format csv, null 'NULL', delimiter ';')", "11;NULL;NULL;NULL\n12;\"multi\nline\";NULL;\"\"\n"},
	{"copy write_gap_target from stdin with (format csv, null 'NULL', delimiter ';')", "11;NULL;NULL;NULL\n12;\"multi\nline\";NULL;NULL\n"},
	{"copy write_gap_target from stdin with (format csv, quote '''', escape '\\')", "13,'it\\'s',,\n"},
	{"copy write_gap_target from stdin", "14\tx\n"},
	{"copy write_gap_target from stdin", "15\tx\t2024-01-01\t1\t5\n"},
	{"copy write_gap_target from stdin", "16\tx\t2024-01-01\t1\nabc\tx\t2024-01-01\t1\n"},
	{"copy write_gap_target from stdin with (format csv)", "17,\"unterminated\n"},
	{"copy write_gap_target from stdin with (format csv)", "18,x,2024-13-01,1\n"},
	{"copy write_gap_target from stdin with (format csv)", "19,x,,1000.5\n"},
}

func TestCopyFromStdinMatchesPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, pg := writeGapPair(t)
	compareWriteGaps(ctx, t, gw, pg, []string{"create table write_gap_target (a int, b text, c date, d numeric(5,2))"})
	for _, c := range copyFromCases {
		var results []string
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			tag, err := conn.CopyFrom(ctx, strings.NewReader(c.data), c.sql)
			if err != nil {
				results = append(results, errorCode(err))
			} else {
				results = append(results, tag.String())
			}
		}
		if results[0] != results[1] {
			t.Errorf("%s %q\n pgway:      %s\n PostgreSQL: %s", c.sql, c.data, results[0], results[1])
		}
	}
	compareWriteGaps(ctx, t, gw, pg, []string{
		"select * from write_gap_target order by a",
		// A COPY that fails in a transaction block aborts it.
		"begin",
	})
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		if _, err := conn.CopyFrom(ctx, strings.NewReader("x\n"), "copy write_gap_target (a) from stdin"); err == nil {
			t.Errorf("COPY of x into an integer column in a block succeeded")
		}
	}
	compareWriteGaps(ctx, t, gw, pg, []string{"select 1", "rollback", "select count(*) from write_gap_target"})
}

// copyFromUnsupported are forms of COPY FROM that pgway rejects. A server
// file is never read on pgway's machine.
var copyFromUnsupported = []string{
	"copy write_gap_target from '/etc/hostname'",
	"copy write_gap_target from program 'true'",
	"copy write_gap_target from stdin where a > 1",
	"copy write_gap_target from stdin (format binary)",
}

func TestCopyFromUnsupported(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	gw, _ := writeGapPair(t)
	if _, err := gw.Exec(ctx, "create table write_gap_target (a int)").ReadAll(); err != nil {
		t.Fatal(err)
	}
	for _, sql := range copyFromUnsupported {
		_, err := gw.CopyFrom(ctx, strings.NewReader("1\n"), sql)
		if got := fmt.Sprint(err); !strings.Contains(got, "0A000") {
			t.Errorf("%s: err = %s, want 0A000", sql, got)
		}
	}
	err := gw.ExecParams(ctx, "copy write_gap_target from stdin", nil, nil, nil, nil).Read().Err
	if got := fmt.Sprint(err); !strings.Contains(got, "0A000") {
		t.Errorf("COPY FROM STDIN in the extended protocol: err = %s, want 0A000", got)
	}
	if got := biResult(ctx, gw, "select count(*) from write_gap_target", nil, false); !strings.Contains(got, "= (0)") {
		t.Errorf("after the rejected COPY statements: %s, want no rows", got)
	}
}

// TestCopyFromPsql runs psql's \copy, which sends COPY ... FROM STDIN and
// the lines of a file, through pgway.
func TestCopyFromPsql(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql is not installed")
	}
	g := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	data := filepath.Join(t.TempDir(), "rows.csv")
	if err := os.WriteFile(data, []byte("a,b\n1,\"x, y\"\n2,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	script := "create table write_gap_target (a int, b text);\n" +
		`\copy write_gap_target from '` + data + `' with (format csv, header)` + "\n" +
		"select a, coalesce(b, 'null') from write_gap_target order by a;\n"
	cmd := exec.Command(psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
		g.dsn(config.DemoUser, config.DemoPassword, "typed", "disable"))
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql: %v\n%s", err, out)
	}
	if got, want := string(out), "1|x, y\n2|null\n"; got != want {
		t.Errorf("psql output %q, want %q", got, want)
	}
}
