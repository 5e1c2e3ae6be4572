package enginetest

import "testing"

// insertStarCases insert the rows of queries whose * hides fewer columns
// than the target has, which PostgreSQL fills with the defaults of the
// other columns.
var insertStarCases = []string{
	"create table write_more_a (a int, b text default 'x', c int)",
	"create table write_more_b (p int, q text)",
	"create table write_more_c (z int)",
	"insert into write_more_b values (1, 'one'), (2, 'two')",
	"insert into write_more_c values (5)",
	"insert into write_more_a select * from (values (7)) v",
	"insert into write_more_a table write_more_b",
	"insert into write_more_a select * from write_more_b where p = 1 returning *",
	"insert into write_more_a select b.* from write_more_b b",
	"insert into write_more_a select * from write_more_c union all select 6",
	"insert into write_more_a with w as (select * from write_more_c) select * from w",
	"with w as (select p from write_more_b) insert into write_more_a select * from w",
	"insert into write_more_a select * from write_more_b, write_more_c",
	"insert into write_more_a select * from write_more_b, write_more_c, write_more_c d",
	"select * from write_more_a order by a, b, c",
}

func TestInsertStarFewerColumns(t *testing.T) {
	runWriteMore(t, insertStarCases)
}
