package enginetest

import "testing"

// volatileCTECases are WITH queries that call random(), which PostgreSQL
// computes once however often the query refers to them, even AS NOT
// MATERIALIZED. Inlined at each reference, the two sides of a self-join
// would hold different numbers and the join would be empty.
var volatileCTECases = []divisionCase{
	{sql: "with c as not materialized (select random() r) select count(*) from c a, c b where a.r = b.r"},
	{sql: "with c as not materialized (select random() r from generate_series(1, 100)) select count(*) from c a join c b on a.r = b.r"},
	{sql: "with c as (select random() r from generate_series(1, 100)) select count(*) from c a join c b on a.r = b.r"},
	{sql: "with c as not materialized (select g from generate_series(1, 3) g) select count(*) from c a, c b where a.g = b.g"},
}

func TestVolatileCTEMatchesPostgreSQL(t *testing.T) {
	runMatchCases(t, volatileCTECases)
}
