package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// recursiveColumns gives a recursive WITH query of the form
// non-recursive-term UNION [ALL] recursive-term the column types of its
// non-recursive term, as PostgreSQL does. The recursive term reads the
// query with those types. Where it gives a column another type,
// PostgreSQL raises 42804 (guardRecursiveTypes). The non-recursive term
// is resolved here and again with the whole query.
func (r *scopeResolver) recursiveColumns(cte *pg.CommonTableExpr, parent *scope, with withQueries) {
	sel := cte.GetCtequery().GetSelectStmt()
	if sel == nil || sel.Op != pg.SetOperation_SETOP_UNION || sel.Larg == nil {
		return
	}
	left := r.query(sel.Larg, parent, with)
	if left.opaque {
		return
	}
	with[strings.ToLower(cte.Ctename)] = renamed(left, cte.Aliascolnames)
}
