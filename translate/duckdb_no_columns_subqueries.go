package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// fillEmptySubqueries gives the queries without result columns in FROM
// and WITH of stmt a NULL column each, as in SELECT count(*) FROM (SELECT
// FROM t) s. A set operation counts as such a query when all of its
// SELECTs lack columns. The filled column would show where the statement
// expands the query's columns, so the statement is rejected with 0A000
// where it uses *, a whole-row reference to the query, a NATURAL join or
// an alias list of columns.
func fillEmptySubqueries(stmt *pg.Node) error {
	var filled []string
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.RangeSubselect:
			if sel := v.Subquery.GetSelectStmt(); sel != nil && withoutColumns(sel) {
				if len(v.Alias.GetColnames()) > 0 && err == nil {
					err = unsupportedf(-1, "column aliases of a subquery without result columns are not supported on DuckDB")
				}
				fillLeaves(sel, noColumnsName)
				filled = append(filled, v.Alias.GetAliasname())
			}
		case *pg.CommonTableExpr:
			if sel := v.Ctequery.GetSelectStmt(); sel != nil && withoutColumns(sel) {
				if len(v.Aliascolnames) > 0 && err == nil {
					err = unsupportedf(v.Location, "column aliases of a WITH query without result columns are not supported on DuckDB")
				}
				fillLeaves(sel, noColumnsName)
				filled = append(filled, v.Ctename)
			}
		}
	})
	if err != nil || len(filled) == 0 {
		return err
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.ColumnRef:
			last := v.Fields[len(v.Fields)-1]
			if last.GetAStar() != nil {
				err = unsupportedf(v.Location, "* in a statement with a subquery without result columns is not supported on DuckDB")
			} else if len(v.Fields) == 1 && containsName(filled, last.GetString_().GetSval()) {
				err = unsupportedf(v.Location, "a whole-row reference to a subquery without result columns is not supported on DuckDB")
			}
		case *pg.JoinExpr:
			if v.IsNatural {
				err = unsupportedf(-1, "NATURAL JOIN in a statement with a subquery without result columns is not supported on DuckDB")
			}
		}
	})
	return err
}

// withoutColumns reports whether sel is a SELECT without result columns,
// or a set operation of only such SELECTs.
func withoutColumns(sel *pg.SelectStmt) bool {
	if sel == nil {
		return false
	}
	if sel.Op == pg.SetOperation_SETOP_NONE {
		return emptySelect(sel)
	}
	return withoutColumns(sel.Larg) && withoutColumns(sel.Rarg)
}

// fillLeaves gives each SELECT of sel, a query that withoutColumns
// accepts, the result column NULL AS name.
func fillLeaves(sel *pg.SelectStmt, name string) {
	if sel.Op != pg.SetOperation_SETOP_NONE {
		fillLeaves(sel.Larg, name)
		fillLeaves(sel.Rarg, name)
		return
	}
	sel.TargetList = []*pg.Node{nullTarget(name, -1)}
}

func containsName(list []string, name string) bool {
	for _, s := range list {
		if s == name {
			return true
		}
	}
	return false
}
