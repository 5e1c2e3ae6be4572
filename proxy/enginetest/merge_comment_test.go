package enginetest

import (
	"context"
	"strings"
	"testing"
	"time"
)

// These cases compare with PostgreSQL MERGE and COMMENT ON, which run on
// a DuckDB file as MERGE INTO and DuckDB's COMMENT ON, and deeply nested
// expressions.

// mergeCommentObjects are dropped on the oracle before and after the
// cases.
var mergeCommentObjects = []string{"drop schema if exists merge_ddl cascade"}

var mergeCommentSetup = []string{
	"create schema merge_ddl",
	"create table merge_ddl.tgt (id int primary key, v text, code varchar(3))",
	"create table merge_ddl.src (id int, v text, code text)",
	"insert into merge_ddl.tgt values (1, 'a', 'x'), (2, 'b', 'y')",
	"insert into merge_ddl.src values (1, 'one', 'pq    '), (3, 'three', 'q'), (4, 'four', 'r')",
	"create view merge_ddl.vw as select id, v from merge_ddl.tgt",
}

// mergeCommentCases run in order on both servers, so each reads the rows
// that the ones before it changed.
var mergeCommentCases = []string{
	// The command tag counts inserted, updated and deleted rows. A
	// varchar(3) column takes a longer value whose extra characters are
	// spaces, cut to three.
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id " +
		"when matched then update set v = s.v, code = s.code " +
		"when not matched and s.id < 4 then insert values (s.id, s.v, s.code)",
	"select id, v, code, length(code) from merge_ddl.tgt order by id",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id " +
		"when matched and s.v = 'three' then delete when matched then do nothing " +
		"when not matched then insert (v, id) values (s.v || '!', s.id)",
	"select id, v, code from merge_ddl.tgt order by id",
	"with q as (select 7 as id, 'seven' as v) merge into only merge_ddl.tgt as t using q on t.id = q.id " +
		"when not matched then insert (id, v) values (q.id, q.v)",
	"merge into merge_ddl.tgt t using (select id, v from merge_ddl.src where id = 1) s on (t.id = s.id) " +
		"when matched then update set (v, code) = (upper(s.v), default)",
	"select id, v, code from merge_ddl.tgt order by id",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id and false when matched then delete",
	// A target row that two source rows match fails when both would
	// change it, and not when the second finds no action.
	"insert into merge_ddl.src values (1, 'uno', null)",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when matched then update set v = s.v",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when matched and s.v = 'uno' then update set v = s.v",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when matched then do nothing",
	"select id, v, code from merge_ddl.tgt order by id",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when not matched then insert default values",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when matched then update set code = 'toolong'",
	"begin; merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when matched and s.v = 'uno' then delete; rollback",
	"select count(*) from merge_ddl.tgt",
	// COMMENT ON a table, view or column.
	"comment on table merge_ddl.tgt is 'targets'",
	"comment on column merge_ddl.tgt.v is 'value'",
	"comment on view merge_ddl.vw is 'a view'",
	"comment on column merge_ddl.vw.v is 'value'",
	"comment on table merge_ddl.tgt is null",
	"comment on table merge_ddl.tgt is ''",
	"comment on table merge_ddl.vw is 'x'",
	"comment on view merge_ddl.tgt is 'x'",
	"comment on column merge_ddl.tgt.nosuch is 'x'",
	// Expressions that DuckDB's default max_expression_depth would reject,
	// as the parentheses around each operator count as levels.
	"select " + strings.Repeat("1+", 998) + "1",
	// PostgreSQL runs out of stack, and pgway stops at its limit.
	"select " + strings.Repeat("1+", 4998) + "1",
}

// mergeCommentRejected fail with 0A000: RETURNING and WHEN NOT MATCHED BY
// SOURCE, which PostgreSQL 15 rejects as syntax errors, OVERRIDING, and
// comments on other objects.
var mergeCommentRejected = []string{
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when matched then delete returning *",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when not matched by source then delete",
	"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id when not matched then insert overriding user value values (s.id)",
	"comment on schema merge_ddl is 'x'",
	"comment on function abs(int) is 'x'",
}

func TestMergeCommentMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	dropOracleObjects(t, mergeCommentObjects)
	t.Cleanup(func() { dropOracleObjects(t, mergeCommentObjects) })
	for _, sql := range mergeCommentSetup {
		if _, err := gw.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("pgway: %s: %v", sql, err)
		}
		if _, err := pg.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("PostgreSQL: %s: %v", sql, err)
		}
	}

	for _, sql := range mergeCommentCases {
		got, want := dbtDDLResult(ctx, gw, sql), dbtDDLResult(ctx, pg, sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", shortSQL(sql), got, want)
		}
	}

	// The extended protocol, as drivers send these statements.
	for _, sql := range []string{
		"merge into merge_ddl.tgt t using merge_ddl.src s on t.id = s.id and s.v <> 'uno' when matched then update set v = s.v",
		"comment on table merge_ddl.tgt is 'again'",
	} {
		got, want := gw.ExecParams(ctx, sql, nil, nil, nil, nil).Read(), pg.ExecParams(ctx, sql, nil, nil, nil, nil).Read()
		if got.Err != nil || want.Err != nil || got.CommandTag.String() != want.CommandTag.String() {
			t.Errorf("%s (extended protocol)\n pgway:      %s %v\n PostgreSQL: %s %v", sql,
				got.CommandTag, got.Err, want.CommandTag, want.Err)
		}
	}

	for _, sql := range mergeCommentRejected {
		if got := dbtDDLResult(ctx, gw, sql); !strings.HasPrefix(got, "0A000 ") {
			t.Errorf("%s\n pgway: %s, want 0A000", sql, got)
		}
	}
}

// shortSQL cuts a long statement for a failure message.
func shortSQL(sql string) string {
	if len(sql) > 200 {
		return sql[:200] + "..."
	}
	return sql
}
