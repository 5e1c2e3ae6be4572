package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// ctidObjects are dropped on the oracle before and after the test.
var ctidObjects = []string{"drop table if exists public.ctid_t"}

// ctidCases read rows by their ctid, as QGIS does for a table without a
// primary key. A new table's first rows are (0,1), (0,2), ... in
// PostgreSQL, and pgway numbers DuckDB's rows the same way.
var ctidCases = []biCase{
	{sql: "select ctid, id from ctid_t order by ctid"},
	{sql: "select id from ctid_t where ctid = '(0,2)'"},
	{sql: "select id, ctid::text from ctid_t where ctid = '(0,3)'::tid"},
	{sql: "select id from ctid_t where ctid in ('(0,1)', '(0,3)', '(5,1)') order by id"},
	{sql: "select t.id from ctid_t t where t.ctid > '(0,2)' order by 1"},
	{sql: "select id from ctid_t where ctid between '(0,2)' and '(0,3)' order by 1"},
	{sql: "select id from ctid_t where ctid >= '(0,2)' and ctid <= '(0,3)' or ctid not between '(0,1)' and '(0,3)' order by 1"},
	{sql: "select id from ctid_t where ctid = $1", args: []string{"(0,4)"}},
	{sql: "select ctid || '!' from ctid_t where id = 1"},
	{sql: "select '(7,8)'::tid, ' (-1,2)'::tid, '(,1)'::tid::text"},
	{sql: "select '( 0,1 )'::tid"},
	{sql: "select '(0,65536)'::tid"},
}

func TestCtidMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, ctidObjects)
	t.Cleanup(func() { dropOracleObjects(t, ctidObjects) })
	for _, sql := range []string{"create table ctid_t (id integer)", "insert into ctid_t values (1), (2), (3), (4)"} {
		for _, conn := range []*pgconn.PgConn{gw, pg} {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	for _, c := range ctidCases {
		for _, diff := range biDifferences(t, gw, pg, c) {
			t.Error(diff)
		}
	}
}
