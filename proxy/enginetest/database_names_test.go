package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Names qualified with the current database, which some tools write
// (db.schema.table), and with another database, which PostgreSQL
// rejects. {db} is replaced by each session's current_database().
var databaseNameObjects = []string{"drop table if exists public.dbname_t", "drop table if exists public.dbname_new"}

var databaseNameCases = []string{
	"select id, name from {db}.public.dbname_t order by id",
	"select {db}.public.dbname_t.id from {db}.public.dbname_t order by 1",
	"select t.id from {db}.public.dbname_t t join public.dbname_t u using (id) order by 1",
	"select count(*) from other_db.public.dbname_t",
	"select other_db.public.dbname_t.id from dbname_t",
	"select 1 from dbname_t where id in (select id from nosuch.public.dbname_t)",
	"create table {db}.public.dbname_new (a int)",
	"insert into {db}.public.dbname_new values (1), (2)",
	"select sum(a) from {db}.public.dbname_new",
	"drop table {db}.public.dbname_new",
	"drop table other_db.public.dbname_t",
	"select {db}.pg_catalog.upper(name), 1::{db}.pg_catalog.int4 from dbname_t order by 1",
	"select other_db.pg_catalog.upper('a')",
	"select 1::other_db.pg_catalog.int4",
	// DuckDB's default schema main is public here, and PostgreSQL has no main.
	"select * from main.dbname_t",
	"select main.upper('a')",
	"create table main.dbname_new (a int)",
}

func TestDatabaseQualifiedNames(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, databaseNameObjects)
	t.Cleanup(func() { dropOracleObjects(t, databaseNameObjects) })
	names := map[*pgconn.PgConn]string{}
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range []string{"create table dbname_t (id integer, name text)", "insert into dbname_t values (1, 'a'), (2, 'b')"} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatal(err)
			}
		}
		results, err := conn.Exec(ctx, "select current_database()").ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		names[conn] = string(results[0].Rows[0][0])
	}
	if names[gw] == names[pg] {
		t.Fatalf("both sessions are in database %q: the test needs two names", names[gw])
	}
	for _, sql := range databaseNameCases {
		for _, extended := range []bool{false, true} {
			gwSQL, pgSQL := strings.ReplaceAll(sql, "{db}", names[gw]), strings.ReplaceAll(sql, "{db}", names[pg])
			got, want := biResult(ctx, gw, gwSQL, nil, extended), biResult(ctx, pg, pgSQL, nil, extended)
			if !strings.Contains(sql, "{db}") {
				got, want = got+" "+placedError(gw, gwSQL, extended), want+" "+placedError(pg, pgSQL, extended)
			}
			if got != want {
				t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
			}
			if strings.HasPrefix(sql, "create") || strings.HasPrefix(sql, "insert") || strings.HasPrefix(sql, "drop") {
				break
			}
		}
	}
}
