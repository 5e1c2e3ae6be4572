package enginetest

import (
	"context"
	"testing"
)

// TestFloatToNumericColumnAssignment checks that a real or double
// precision value assigned to a numeric(p,s) column is rounded from its
// 6 or 15 significant digits, as PostgreSQL's float8_numeric does, and
// not from the double's binary value: 1.015::float8 is stored as 1.02.
func TestFloatToNumericColumnAssignment(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists fna_rows") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, []string{
		"create table fna_rows (k int primary key, n numeric(6,2), m numeric(8,3))",
		"insert into fna_rows (k, n) values (1, 1.015::float8)",
		"insert into fna_rows (k, n) select 2, 1.005::float8",
		"insert into fna_rows values (3, 1.015::real, 2.0005::float8), (4, 2.5, null::float8), (5, -1.005::float8, 0)",
		"insert into fna_rows select distinct 6, 0.125::float4, 1.0005::float8 order by 2",
		"insert into fna_rows values (7, 0, 0)",
		"update fna_rows set n = 1.005::float8, m = 8.0625::real where k = 7",
		"insert into fna_rows values (1, 0) on conflict (k) do update set n = 1.015::float8",
	})
	compareExact(t, gw, pg, []string{
		"select k, n, m from fna_rows order by k",
	})
}

// TestNumericGroupByPosition checks that GROUP BY 1 of a numeric whose
// scale varies by row groups 1.5 and 1.50 together, as GROUP BY of the
// expression does.
func TestNumericGroupByPosition(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareExact(t, gw, pg, []string{
		"select x::numeric, count(*) from (values ('1.50'), ('1.5'), ('2')) v(x) group by 1 order by 1",
		"select count(*), x::numeric * 1 as y from (values ('1.50'), ('1.5'), ('2'), (null)) v(x) group by 2 order by 2",
		"select x::numeric, count(*) from (values ('1.5'), ('2')) v(x) group by 1, x order by 1",
	})
}
