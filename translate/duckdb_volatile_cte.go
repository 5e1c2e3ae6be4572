package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL does not fold a WITH query that calls a volatile function
// into the query around it, even AS NOT MATERIALIZED. Each row of the CTE
// is computed once, so every reference reads the same random() or
// clock_timestamp(). DuckDB inlines a NOT MATERIALIZED CTE at
// each reference, which computes it again for each. The dialect writes
// such a CTE as MATERIALIZED.

// volatileFunctions return a new value on each call, so an expression
// with them cannot be evaluated twice: PostgreSQL's volatile functions a
// query can call through pgway, and uniform(), Snowflake's random().
var volatileFunctions = map[string]bool{
	"random": true, "setseed": true, "clock_timestamp": true, "timeofday": true,
	"nextval": true, "setval": true, "currval": true, "lastval": true,
	"gen_random_uuid": true, "pg_sleep": true, "uniform": true,
}

// materializeVolatileCTE makes cte MATERIALIZED when its query calls a
// volatile function.
func materializeVolatileCTE(cte *pg.CommonTableExpr) {
	if cte.Ctematerialized == pg.CTEMaterialize_CTEMaterializeAlways {
		return
	}
	volatile := false
	walkNode(cte.Ctequery, func(n *pg.Node) error {
		if fc := n.GetFuncCall(); fc != nil && volatileFunctions[lastName(fc.Funcname)] {
			volatile = true
		}
		return nil
	})
	if volatile {
		cte.Ctematerialized = pg.CTEMaterialize_CTEMaterializeAlways
	}
}
