package enginetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// viewNumericObjects are dropped on the oracle before and after the test.
var viewNumericObjects = []string{
	"drop view if exists public.nsv_cols_v, public.nsv_cast_v, public.nsv_star_v, public.nsv_nested_v",
	"drop view if exists public.nsv_v, public.nsv_expr_v, public.nsv_derived_v, public.nsv_union_v, public.nsv_alias_v",
	"drop table if exists public.nsv_t cascade",
}

// plainNumericViews have a column that PostgreSQL types as numeric
// without a type modifier, which keeps each value's scale. DuckDB would
// store the column as a DECIMAL with a fixed precision and scale, so
// pgway rejects the view.
var plainNumericViews = []string{
	"create view nsv_v as select avg(n) a, sum(n) s, max(n) * 2 p, max(n) m from nsv_t",
	"create view nsv_expr_v as select n / 3 q, round(n, 1) r, n2 + 1 n2_plus from nsv_t",
	"create view nsv_derived_v as select q from (select n / 3 q from nsv_t) s",
	"create view nsv_union_v as select n from nsv_t union all select n2 from nsv_t",
	"create view nsv_alias_v (total) as select sum(n) from nsv_t",
	"create temp view nsv_tv as select avg(n) a, n2 from nsv_t group by n2",
	"create temp view nsv_star_sub_tv as select * from (select avg(n) a from nsv_t) s",
	"create temp view nsv_star_with_tv as with c as (select avg(n) a from nsv_t) select * from c",
	"create temp view nsv_qualified_star_tv as select s.* from (select avg(n) a from nsv_t) s",
	"create temp view nsv_star_union_tv as select * from nsv_t union all select n2, n from nsv_t",
	"create temp view nsv_with_tv as with c as (select avg(n) a from nsv_t) select a from c",
	"create temp view nsv_scalar_tv as select (select avg(n) from nsv_t) a",
	"create temp view nsv_values_tv as select a from (values (1.5), (2.25)) v(a)",
}

// TestViewNumericColumns checks that pgway rejects views with a numeric
// column without a type modifier, and compares the values, type OIDs and
// type modifiers of the numeric columns of views it accepts with
// PostgreSQL's.
func TestViewNumericColumns(t *testing.T) {
	gw, pg := typedFilePair(t)
	dropOracleObjects(t, viewNumericObjects)
	t.Cleanup(func() { dropOracleObjects(t, viewNumericObjects) })
	ctx := context.Background()
	execOnBoth(t, gw, pg, []string{
		"create table nsv_t (n numeric(10,3), n2 numeric(10,2))",
		"insert into nsv_t values (1.5, 1.25), (2.25, 2.5), (8.5, 3), (4.25, null)",
	})
	for _, sql := range plainNumericViews {
		if _, err := pg.Exec(ctx, sql); err != nil {
			t.Fatalf("PostgreSQL: %s: %v", sql, err)
		}
		for _, mode := range protocolModes {
			var pgErr *pgconn.PgError
			if _, err := gw.Exec(ctx, sql, mode); !errors.As(err, &pgErr) || pgErr.Code != "0A000" {
				t.Errorf("%s (%v): error %v, want 0A000", sql, mode, err)
			}
		}
	}
	execOnBoth(t, gw, pg, []string{
		"create view nsv_cols_v as select n, n2 from nsv_t",
		"create view nsv_cast_v as select n2, avg(n)::numeric(20,4) a, (n2 + 1)::numeric(12,2) p from nsv_t group by n2",
		"create view nsv_star_v as select * from nsv_t",
		"create view nsv_nested_v as select n2 from nsv_cols_v",
		"create temp view nsv_cast_tv as select n2, sum(n)::numeric(12,1) s from nsv_t group by n2",
	})
	for _, sql := range []string{
		"select * from nsv_cols_v order by n",
		"select * from nsv_cast_v order by n2",
		"select * from nsv_star_v order by n",
		"select * from nsv_nested_v order by n2",
		"select * from nsv_cast_tv order by n2",
	} {
		for _, mode := range protocolModes {
			want, got := typedResult(ctx, pg, sql, mode), typedResult(ctx, gw, sql, mode)
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}

// typedResult returns the name, type OID and type modifier of each
// result column of sql and its rows as text, or the error's SQLSTATE.
func typedResult(ctx context.Context, conn *pgx.Conn, sql string, mode any) string {
	rows, err := conn.Query(ctx, sql, mode)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	out := ""
	for _, fd := range rows.FieldDescriptions() {
		out += fmt.Sprintf("%s %d(%d) ", fd.Name, fd.DataTypeOID, fd.TypeModifier)
	}
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return errorCode(err)
		}
		out += "|"
		for i, v := range values {
			if raw := rows.RawValues()[i]; raw != nil && rows.FieldDescriptions()[i].Format == pgx.TextFormatCode {
				v = string(raw)
			}
			out += fmt.Sprintf(" %v", v)
		}
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out
}
