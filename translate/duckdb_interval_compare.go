package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// comparedIntervalConstants returns the casts that are direct operands of
// a comparison (an operator of comparisonOperators, IN, BETWEEN or IS
// DISTINCT FROM) or items of a VALUES list of more than one row. DuckDB
// and PostgreSQL 15 compare intervals alike, in microseconds with a
// month of 30 days and a day of 24 hours.
// DuckDB may compute an expression for another that differs only in an
// interval constant equal to its own, as d + interval '30 days' for
// d + interval '1 month'. A comparison returns the same result for
// either constant, and a bare constant in a VALUES row is no expression
// that DuckDB could share, so these casts are safe beside an equal
// constant written otherwise. Their row order, GROUP BY and DISTINCT
// compare as PostgreSQL does.
func comparedIntervalConstants(stmt *pg.Node) map[*pg.TypeCast]bool {
	out := map[*pg.TypeCast]bool{}
	mark := func(nodes ...*pg.Node) {
		for _, n := range nodes {
			if tc := n.GetTypeCast(); tc != nil {
				out[tc] = true
			}
			if list := n.GetList(); list != nil {
				for _, item := range list.Items {
					if tc := item.GetTypeCast(); tc != nil {
						out[tc] = true
					}
				}
			}
		}
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.A_Expr:
			switch v.Kind {
			case pg.A_Expr_Kind_AEXPR_OP:
				if len(v.Name) == 1 && comparisonOperators[lastName(v.Name)] {
					mark(v.Lexpr, v.Rexpr)
				}
			case pg.A_Expr_Kind_AEXPR_IN, pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT,
				pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN:
				mark(v.Lexpr, v.Rexpr)
			}
		case *pg.SelectStmt:
			if len(v.ValuesLists) > 1 {
				mark(v.ValuesLists...)
			}
		}
	})
	return out
}
