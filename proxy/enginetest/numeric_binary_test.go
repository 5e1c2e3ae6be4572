package enginetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// numericBinaryQueries are queries of numerics whose binary form has zero
// digit groups to strip at either end, a zero, a sign or a scale to keep.
var numericBinaryQueries = []string{
	"select 0::numeric, 0.00::numeric, -0.00, 100.00::numeric, -100.00, 10000::numeric",
	"select 1e20::numeric, 1e-20::numeric, 0.0001, -0.00010, 12345.678, 123456789012345678901234567890.12",
	"select 99999999.99999999, -1.5, 1e30::numeric, 1e-30::numeric",
	"select x, -x, x * 100 from (values (0.50), (100.00), (0.00), (20000.01)) v(x) order by x",
	"select sum(x), avg(x), min(x) from (values (1.50), (2.50)) v(x)",
	"select round(2.5), round(1234.5678, 2), trunc(1e8::numeric, 2), div(10000, 1)",
	"select array[1.00, 0.00, 100.00, null], array[10000::numeric]",
	"select row(1.00, 0.00, -100.00)",
	// The recursive query's numeric column has no modifier.
	"with recursive r(i, x) as (select 1, 1.5 union all select i + 1, x * 2 from r where i < 5) select * from r",
	"with recursive r(i, x) as (select 1, 1.5 union all select i + 1, x * 2 from r where i < 5) select x from r",
	"with r(x) as (select 1.5) select * from r",
}

// TestNumericBinaryBytes compares the bytes of numerics in binary
// results, which pgx would read alike whatever zero groups they carry,
// and the type modifiers of their columns.
func TestNumericBinaryBytes(t *testing.T) {
	ctx := context.Background()
	gw, pg := typedFilePair(t)
	for _, sql := range numericBinaryQueries {
		want, got := binaryResult(ctx, pg.PgConn(), sql), binaryResult(ctx, gw.PgConn(), sql)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
		want, got = columnTypmods(ctx, pg.PgConn(), sql), columnTypmods(ctx, gw.PgConn(), sql)
		if got != want {
			t.Errorf("%s: type modifiers\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// columnTypmods returns the type modifier of each result column of sql,
// or the SQLSTATE of its error.
func columnTypmods(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	result := conn.ExecParams(ctx, sql, nil, nil, nil, nil).Read()
	if result.Err != nil {
		return errorCode(result.Err)
	}
	var out string
	for _, fd := range result.FieldDescriptions {
		out += fmt.Sprintf("%d ", fd.TypeModifier)
	}
	return out
}
