package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// sameTypeAggregates return a value of their argument's type, or double
// precision, which DuckDB writes as text in its own form: max(ia) of an
// int[] column as [1, 2], percent_rank() as 1.0 where PostgreSQL writes
// {1,2} and 1.
var sameTypeAggregates = map[string]bool{
	"max": true, "min": true, "percent_rank": true, "cume_dist": true, "percentile_cont": true,
	"percentile_disc": true, "mode": true, "first_value": true, "last_value": true, "nth_value": true,
	"lag": true, "lead": true,
}

// aggregateTypeUnseen reports whether n is a call of one of
// sameTypeAggregates whose text textByType should write by the type
// DuckDB gives the result. That holds for a call without a value
// argument, such as percent_rank(), and for a value whose text DuckDB
// may write in its own form. A column or cast of another type keeps its
// plain cast to text.
func aggregateTypeUnseen(n *pg.Node, types map[*pg.ColumnRef]string) bool {
	fc := n.GetFuncCall()
	if fc == nil || fc.AggStar || !sameTypeAggregates[strings.ToLower(lastName(fc.Funcname))] {
		return false
	}
	if len(fc.Args) == 0 || fc.AggWithinGroup {
		return true
	}
	argType := ""
	if ref := fc.Args[0].GetColumnRef(); ref != nil {
		argType = types[ref]
	} else if tc := fc.Args[0].GetTypeCast(); tc != nil && !arrayCast(fc.Args[0]) {
		argType = lastName(tc.TypeName.GetNames())
	}
	return argType == "" || ownTextForms[argType] || strings.HasSuffix(argType, "]")
}

// ownTextForms are the types whose text DuckDB writes otherwise than
// PostgreSQL.
var ownTextForms = map[string]bool{
	"bytea": true, "interval": true, "float4": true, "float8": true, "json": true, "jsonb": true,
	"geometry": true,
}

// arrayCast reports whether n is a cast to an array type. staticType
// reads only the element type of such a cast.
func arrayCast(n *pg.Node) bool {
	tc := n.GetTypeCast()
	return tc != nil && len(tc.TypeName.GetArrayBounds()) > 0
}
