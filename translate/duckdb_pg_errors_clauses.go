package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Clauses that DuckDB's parser or binder rejects with its own errors, or
// runs differently, get PostgreSQL's error, 0A000, or a rewrite that
// DuckDB runs with PostgreSQL's result.

// plainCollations are the collations that a PostgreSQL cluster with the C
// locale has for UTF8 and that compare strings by their bytes, as DuckDB
// does without a COLLATE.
var plainCollations = map[string]bool{"default": true, "C": true, "POSIX": true, "ucs_basic": true}

// checkClauses raises PostgreSQL's errors for OVER on a set-returning
// function, set operations of different widths, unknown collations and
// TABLESAMPLE arguments. It raises 0A000 for ROWS FROM with several
// functions, SEARCH and CYCLE of a recursive query, and TABLESAMPLE that
// DuckDB cannot sample as PostgreSQL does. It drops COLLATE of the plain
// collations, TABLESAMPLE of 100 percent and ROWS FROM of one function.
func checkClauses(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_FuncCall:
			name := lastName(v.FuncCall.Funcname)
			if v.FuncCall.Over != nil && setReturningFunctions[name] {
				return &Error{Code: "42809", Position: int(v.FuncCall.Location) + 1,
					Message: fmt.Sprintf("OVER specified, but %s is not a window function nor an aggregate function", name)}
			}
		case *pg.Node_SelectStmt:
			return checkSetOperationColumns(v.SelectStmt)
		case *pg.Node_CollateClause:
			return dropPlainCollation(n, v.CollateClause)
		case *pg.Node_ColumnDef:
			if c := v.ColumnDef.CollClause; c != nil {
				if err := checkCollation(c); err != nil {
					return err
				}
				v.ColumnDef.CollClause = nil
			}
		case *pg.Node_RangeTableSample:
			return rewriteTableSample(n, v.RangeTableSample)
		case *pg.Node_RangeFunction:
			rf := v.RangeFunction
			if rf.IsRowsfrom && len(rf.Functions) > 1 {
				return unsupported("ROWS FROM with more than one function", exprLocation(rf.Functions[0].GetList().GetItems()[0]), "")
			}
			// ROWS FROM (f(x)) is f(x).
			rf.IsRowsfrom = false
		case *pg.Node_CommonTableExpr:
			cte := v.CommonTableExpr
			if cte.SearchClause != nil {
				return unsupported("SEARCH of a recursive query", cte.SearchClause.Location, "")
			}
			if cte.CycleClause != nil {
				return unsupported("CYCLE of a recursive query", cte.CycleClause.Location, "")
			}
		}
		return nil
	})
}

// checkSetOperationColumns raises PostgreSQL's error for a UNION,
// INTERSECT or EXCEPT of queries with different numbers of columns,
// where pgway can count them, which DuckDB's binder raises as XX000.
func checkSetOperationColumns(sel *pg.SelectStmt) error {
	if sel == nil || sel.Op == pg.SetOperation_SETOP_NONE || sel.Larg == nil || sel.Rarg == nil {
		return nil
	}
	for _, branch := range []*pg.SelectStmt{sel.Larg, sel.Rarg} {
		if err := checkSetOperationColumns(branch); err != nil {
			return err
		}
	}
	left, right := queryWidth(sel.Larg), queryWidth(sel.Rarg)
	if left == 0 || right == 0 || left == right {
		return nil
	}
	word := map[pg.SetOperation]string{pg.SetOperation_SETOP_UNION: "UNION",
		pg.SetOperation_SETOP_INTERSECT: "INTERSECT", pg.SetOperation_SETOP_EXCEPT: "EXCEPT"}[sel.Op]
	location := int32(-1)
	rarg := sel.Rarg
	for rarg.Op != pg.SetOperation_SETOP_NONE && rarg.Larg != nil {
		rarg = rarg.Larg
	}
	if len(rarg.TargetList) > 0 {
		location = exprLocation(rarg.TargetList[0].GetResTarget().GetVal())
	}
	return &Error{Code: CodeSyntaxError, Message: "each " + word + " query must have the same number of columns",
		Position: int(location) + 1}
}

// checkCollation raises PostgreSQL's 42704 for a collation other than the
// plain ones.
func checkCollation(c *pg.CollateClause) error {
	parts := names(c.Collname)
	name := parts[len(parts)-1]
	if plainCollations[name] && (len(parts) == 1 || parts[0] == "pg_catalog") {
		return nil
	}
	return &Error{Code: "42704", Message: fmt.Sprintf("collation %q for encoding \"UTF8\" does not exist", strings.Join(parts, ".")),
		Position: int(c.Location) + 1}
}

// dropPlainCollation replaces x COLLATE "C" and the other plain
// collations by x.
func dropPlainCollation(n *pg.Node, c *pg.CollateClause) error {
	if err := checkCollation(c); err != nil {
		return err
	}
	if c.Arg != nil {
		n.Node = c.Arg.Node
	}
	return nil
}

// rewriteTableSample drops TABLESAMPLE SYSTEM or BERNOULLI of 100
// percent, which returns every row. Other percentages and REPEATABLE,
// which picks PostgreSQL's rows for a seed, fail with 0A000, because
// DuckDB's sampling picks other rows.
func rewriteTableSample(n *pg.Node, s *pg.RangeTableSample) error {
	method := strings.ToLower(lastName(s.Method))
	if method != "system" && method != "bernoulli" {
		return &Error{Code: "42704", Message: fmt.Sprintf("tablesample method %s does not exist", lastName(s.Method)),
			Position: int(s.Location) + 1}
	}
	if len(s.Args) != 1 {
		return &Error{Code: "42601", Message: fmt.Sprintf("tablesample method %s requires 1 argument, not %d", method, len(s.Args)),
			Position: int(s.Location) + 1}
	}
	if s.Repeatable != nil {
		return unsupported("TABLESAMPLE ... REPEATABLE", exprLocation(s.Repeatable), "")
	}
	c := s.Args[0].GetAConst()
	percent, ok := -1.0, false
	switch {
	case c.GetIval() != nil:
		percent, ok = float64(c.GetIval().Ival), true
	case c.GetFval() != nil:
		_, err := fmt.Sscan(c.GetFval().Fval, &percent)
		ok = err == nil
	}
	switch {
	case ok && (percent < 0 || percent > 100):
		return &Error{Code: "2202H", Message: "sample percentage must be between 0 and 100"}
	case ok && percent == 100:
		n.Node = s.Relation.Node
		return nil
	}
	return unsupported("TABLESAMPLE of less than 100 percent", exprLocation(s.Args[0]),
		"DuckDB samples other rows than PostgreSQL.")
}
