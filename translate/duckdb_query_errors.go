package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkQueryErrors raises PostgreSQL 15's errors for queries that its
// parse analysis rejects and DuckDB runs or rejects with XX000. These are
// DISTINCT with an ORDER BY it cannot sort by, column aliases beyond a
// query's columns, duplicate names in FROM, conflicting explicit
// collations, rows of different widths compared, and a window function
// without OVER.
func checkQueryErrors(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.SelectStmt:
			if err = checkDistinctOrder(v); err == nil {
				err = checkFromNames(v.FromClause)
			}
		case *pg.CommonTableExpr:
			err = checkCTEAliases(v)
		case *pg.RangeSubselect:
			err = checkSubqueryAliases(v)
		case *pg.A_Expr:
			if err = checkCollationConflict(v); err == nil {
				err = checkRowWidths(v)
			}
		case *pg.FuncCall:
			err = checkWindowCall(v)
		}
	})
	return err
}

// checkDistinctOrder raises 42P10 for SELECT DISTINCT with an ORDER BY
// expression that is not a result column, and for SELECT DISTINCT ON
// whose expressions do not lead the ORDER BY list. These are the rules of
// transformDistinctClause and transformDistinctOnClause in PostgreSQL
// 15's parse_clause.c. DuckDB sorts such queries as written.
//
// NOTE: expressions are compared as written, with column references by
// their last name and without pg_catalog qualifiers (sameTerm). A select
// list with * is not checked, and neither is an ORDER BY expression with
// a subquery.
func checkDistinctOrder(sel *pg.SelectStmt) error {
	if len(sel.DistinctClause) == 0 || len(sel.SortClause) == 0 || sel.Op != pg.SetOperation_SETOP_NONE {
		return nil
	}
	for _, t := range sel.TargetList {
		if t.GetResTarget() == nil || contains[*pg.A_Star](t.GetResTarget().Val) {
			return nil
		}
	}
	var order []*pg.Node
	for _, s := range sel.SortClause {
		term, ok := resultTerm(sel, s.GetSortBy().GetNode())
		if !ok || hasSubLink(term) {
			return nil
		}
		order = append(order, term)
	}
	if len(sel.DistinctClause) == 1 && sel.DistinctClause[0].GetNode() == nil {
		return checkDistinctResultOrder(sel, order)
	}
	var distinct []*pg.Node
	for _, n := range sel.DistinctClause {
		term, ok := resultTerm(sel, n)
		if !ok || hasSubLink(term) {
			return nil
		}
		distinct = append(distinct, term)
	}
	skipped := false
	for _, term := range order {
		if !containsTerm(distinct, term) {
			skipped = true
		} else if skipped {
			return distinctOnError(sel)
		}
	}
	for _, term := range distinct {
		if skipped && !containsTerm(order, term) {
			return distinctOnError(sel)
		}
	}
	return nil
}

func distinctOnError(sel *pg.SelectStmt) error {
	return &Error{Code: "42P10", Position: int(exprLocation(sel.DistinctClause[0])) + 1,
		Message: "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"}
}

// checkDistinctResultOrder raises 42P10 for an ORDER BY term of SELECT
// DISTINCT that no result column has.
func checkDistinctResultOrder(sel *pg.SelectStmt, order []*pg.Node) error {
	var results []*pg.Node
	for _, t := range sel.TargetList {
		results = append(results, t.GetResTarget().Val)
	}
	for i, term := range order {
		if !containsTerm(results, term) {
			return &Error{Code: "42P10", Position: int(exprLocation(sel.SortClause[i].GetSortBy().GetNode())) + 1,
				Message: "for SELECT DISTINCT, ORDER BY expressions must appear in select list"}
		}
	}
	return nil
}

// resultTerm returns the expression that n, an ORDER BY or DISTINCT ON
// item of sel, sorts by: the result column that a position or a bare name
// selects, or n itself. It reports false for a position outside the
// select list.
func resultTerm(sel *pg.SelectStmt, n *pg.Node) (*pg.Node, bool) {
	if c := n.GetAConst(); c != nil && c.GetIval() != nil {
		i := int(c.GetIval().Ival)
		if i < 1 || i > len(sel.TargetList) {
			return nil, false
		}
		return sel.TargetList[i-1].GetResTarget().Val, true
	}
	ref := n.GetColumnRef()
	if ref == nil || len(ref.Fields) != 1 || ref.Fields[0].GetString_() == nil {
		return n, true
	}
	for _, t := range sel.TargetList {
		if resultName(t.GetResTarget()) == ref.Fields[0].GetString_().Sval {
			return t.GetResTarget().Val, true
		}
	}
	for _, t := range sel.TargetList {
		// PostgreSQL names such a column after its function, type or
		// keyword, as in SELECT DISTINCT lower(s) ... ORDER BY lower,
		// which resultName does not compute.
		if rt := t.GetResTarget(); resultName(rt) == "" && !unnamedResult(rt.Val) {
			return nil, false
		}
	}
	return n, true
}

// unnamedResult reports whether PostgreSQL names a result column of
// expression n "?column?".
func unnamedResult(n *pg.Node) bool {
	switch n.Node.(type) {
	case *pg.Node_AConst, *pg.Node_AExpr, *pg.Node_BoolExpr, *pg.Node_ParamRef, *pg.Node_NullTest:
		return true
	}
	return false
}

// containsTerm reports whether terms has an expression that sameTerm
// finds equal to term.
func containsTerm(terms []*pg.Node, term *pg.Node) bool {
	for _, t := range terms {
		if sameTerm(t, term) {
			return true
		}
	}
	return false
}

// sameTerm reports whether a and b are the same expression, with column
// references compared by their last name and function and type names
// without a pg_catalog qualifier.
func sameTerm(a, b *pg.Node) bool {
	return sameExpression(plainTerm(a), plainTerm(b))
}

func plainTerm(n *pg.Node) *pg.Node {
	clone := withoutLocations(n)
	inspect(clone.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.ColumnRef:
			v.Fields = v.Fields[len(v.Fields)-1:]
		case *pg.FuncCall:
			v.Funcname = withoutCatalog(v.Funcname)
		case *pg.TypeName:
			v.Names = withoutCatalog(v.Names)
		}
	})
	return clone
}

func withoutCatalog(name []*pg.Node) []*pg.Node {
	if len(name) == 2 && name[0].GetString_().GetSval() == "pg_catalog" {
		return name[1:]
	}
	return name
}

// checkCTEAliases raises 42P10 for a WITH query with more column aliases
// than columns, which DuckDB runs with the columns it has.
func checkCTEAliases(cte *pg.CommonTableExpr) error {
	width := queryWidth(cte.Ctequery.GetSelectStmt())
	if width == 0 || len(cte.Aliascolnames) <= width {
		return nil
	}
	return &Error{Code: "42P10", Position: int(cte.Location) + 1,
		Message: fmt.Sprintf("WITH query %q has %d columns available but %d columns specified", cte.Ctename, width, len(cte.Aliascolnames))}
}

// checkSubqueryAliases raises 42P10 for a subquery in FROM with more
// column aliases than columns.
func checkSubqueryAliases(sub *pg.RangeSubselect) error {
	width := queryWidth(sub.Subquery.GetSelectStmt())
	if sub.Alias == nil || width == 0 || len(sub.Alias.Colnames) <= width {
		return nil
	}
	return &Error{Code: "42P10",
		Message: fmt.Sprintf("table %q has %d columns available but %d columns specified", sub.Alias.Aliasname, width, len(sub.Alias.Colnames))}
}

// fromName is the name by which a FROM item is referenced: its alias, or
// the name of the table or function. The schema qualifies a table
// without an alias.
type fromName struct {
	name, schema string
	aliased      bool
	location     int32
}

// checkFromNames raises 42712 for two FROM items of one query level with
// the same name, as checkNameSpaceConflicts in PostgreSQL 15's
// parse_relation.c does. DuckDB runs FROM t AS x JOIN u AS x and raises
// XX000 for FROM t, t. Two tables without an alias conflict only when
// their names are written with the same schema, because PostgreSQL lets
// tables of different schemas share a name.
func checkFromNames(from []*pg.Node) error {
	var seen []fromName
	for _, item := range from {
		names, err := fromItemNames(item)
		if err != nil {
			return err
		}
		if err := checkNameConflicts(seen, names); err != nil {
			return err
		}
		seen = append(seen, names...)
	}
	return nil
}

// fromItemNames returns the names that a FROM item makes visible, after
// it checks the two sides of a join against each other. A join with an
// alias hides the names within it.
func fromItemNames(item *pg.Node) ([]fromName, error) {
	switch v := item.Node.(type) {
	case *pg.Node_RangeVar:
		if v.RangeVar.Alias != nil {
			return []fromName{{name: v.RangeVar.Alias.Aliasname, aliased: true, location: v.RangeVar.Location}}, nil
		}
		return []fromName{{name: v.RangeVar.Relname, schema: v.RangeVar.Schemaname, location: v.RangeVar.Location}}, nil
	case *pg.Node_RangeSubselect:
		if v.RangeSubselect.Alias != nil {
			return []fromName{{name: v.RangeSubselect.Alias.Aliasname, aliased: true}}, nil
		}
	case *pg.Node_RangeFunction:
		if v.RangeFunction.Alias != nil {
			return []fromName{{name: v.RangeFunction.Alias.Aliasname, aliased: true}}, nil
		}
	case *pg.Node_JoinExpr:
		left, err := fromItemNames(v.JoinExpr.Larg)
		if err != nil {
			return nil, err
		}
		right, err := fromItemNames(v.JoinExpr.Rarg)
		if err != nil {
			return nil, err
		}
		if err := checkNameConflicts(left, right); err != nil {
			return nil, err
		}
		if v.JoinExpr.Alias != nil {
			return []fromName{{name: v.JoinExpr.Alias.Aliasname, aliased: true}}, nil
		}
		return append(left, right...), nil
	}
	return nil, nil
}

func checkNameConflicts(seen, names []fromName) error {
	for _, a := range seen {
		for _, b := range names {
			if a.name != b.name || !a.aliased && !b.aliased && a.schema != b.schema {
				continue
			}
			return &Error{Code: "42712", Position: int(b.location) + 1,
				Message: fmt.Sprintf("table name %q specified more than once", b.name)}
		}
	}
	return nil
}

// checkCollationConflict raises 42P21 for an operator whose two operands
// have different explicit collations, as in 'a' COLLATE "C" < 'b'
// COLLATE "POSIX". DuckDB compares them with one of the two.
// NOTE: only COLLATE clauses that are the operands themselves are
// compared, not those deeper in an operand, which PostgreSQL compares too.
func checkCollationConflict(e *pg.A_Expr) error {
	left, right := e.Lexpr.GetCollateClause(), e.Rexpr.GetCollateClause()
	if left == nil || right == nil {
		return nil
	}
	a, b := lastName(left.Collname), lastName(right.Collname)
	if a == b {
		return nil
	}
	return &Error{Code: "42P21", Position: int(right.Location) + 1,
		Message: fmt.Sprintf("collation mismatch between explicit collations %q and %q", a, b)}
}

// windowOnlyFunctions are PostgreSQL 15's window functions that are no
// aggregate, which need OVER.
var windowOnlyFunctions = map[string]bool{
	"row_number": true, "ntile": true, "lag": true, "lead": true,
	"first_value": true, "last_value": true, "nth_value": true,
}

// checkWindowCall raises 42809 for a window function called without
// OVER, which DuckDB rejects with XX000. rank() and its kin without
// arguments count too, since with arguments and WITHIN GROUP they are
// aggregates.
func checkWindowCall(f *pg.FuncCall) error {
	name := lastName(f.Funcname)
	if f.Over != nil || len(f.Funcname) > 2 || len(f.Funcname) == 2 && schemaOf(f.Funcname) != "pg_catalog" {
		return nil
	}
	rankLike := (name == "rank" || name == "dense_rank" || name == "percent_rank" || name == "cume_dist") &&
		len(f.Args) == 0 && !f.AggStar && len(f.AggOrder) == 0 && !f.AggWithinGroup
	if !windowOnlyFunctions[name] && !rankLike {
		return nil
	}
	return &Error{Code: "42809", Position: int(f.Location) + 1,
		Message: fmt.Sprintf("window function %s requires an OVER clause", strings.Join(names(f.Funcname), "."))}
}

// checkRowWidths raises 42601 for a comparison of row constructors with
// different numbers of fields, as in ROW(1, 2) = ROW(1, 2, 3) or (1, 2)
// IN ((1, 2, 3)), which DuckDB rejects with XX000.
func checkRowWidths(e *pg.A_Expr) error {
	left := e.Lexpr.GetRowExpr()
	if left == nil {
		return nil
	}
	rights := []*pg.Node{e.Rexpr}
	if list := e.Rexpr.GetList(); list != nil && e.Kind == pg.A_Expr_Kind_AEXPR_IN {
		rights = list.Items
	}
	for _, r := range rights {
		if right := r.GetRowExpr(); right != nil && len(right.Args) != len(left.Args) {
			return &Error{Code: "42601", Position: int(e.Location) + 1,
				Message: "unequal number of entries in row expressions"}
		}
	}
	return nil
}
