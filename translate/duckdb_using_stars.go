package translate

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL expands * over a JOIN with USING or NATURAL to the join
// columns first, in the order of the USING list, then the other columns
// of the left side and then those of the right side. DuckDB keeps the
// join columns in the left side's place. expandUsingStars writes the
// columns out in PostgreSQL's order where the columns of every FROM item
// are known: a join column by its unqualified name, which both databases
// resolve to the merged column (COALESCE of both sides for a FULL JOIN),
// and every other column qualified by its FROM item.

// starColumn is one column that * expands to: a join column of USING or
// NATURAL (merged), or a column of the FROM item named qualifier.
type starColumn struct {
	name, qualifier string
	merged          bool
}

// usingStars expands the stars of one statement.
type usingStars struct {
	rel *Relations
	// ctes are the WITH queries of the statement by name, nil for a name
	// that more than one WITH clause defines.
	ctes map[string]*pg.CommonTableExpr
}

// expandUsingStars rewrites each * of a select list whose FROM clause
// has a join with USING or NATURAL into the columns in PostgreSQL's
// order. Where pgway cannot see every column, the statement fails with
// 0A000 unless DuckDB's order is PostgreSQL's already: the USING columns
// lead the left side, in the order of the USING list.
func expandUsingStars(stmt *pg.Node, rel *Relations) error {
	u := newUsingStars(stmt, rel)
	u.crossNaturalJoins(stmt)
	// inspect reaches the branches of a set operation too, which are no
	// Nodes.
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if sel, ok := msg.(*pg.SelectStmt); ok && err == nil {
			err = u.expand(sel)
		}
	})
	return err
}

// expand rewrites the stars of sel's select list.
func (u *usingStars) expand(sel *pg.SelectStmt) error {
	star := slices.IndexFunc(sel.TargetList, isBareStar)
	if star < 0 || !slices.ContainsFunc(sel.FromClause, hasUsingJoin) {
		return nil
	}
	columns, known := u.fromColumns(sel.FromClause)
	if !known {
		if slices.ContainsFunc(sel.FromClause, u.duckDBOrderDiffers) {
			return unsupportedf(exprLocation(sel.TargetList[star]),
				"SELECT * over a JOIN with USING or NATURAL whose columns pgway cannot see is not supported on this warehouse")
		}
		return nil
	}
	if name, ok := ambiguousJoinColumn(columns); ok {
		return unsupportedf(exprLocation(sel.TargetList[star]),
			"SELECT * over a JOIN with USING or NATURAL where another FROM item also has the column %s is not supported on this warehouse", name)
	}
	var targets []*pg.Node
	for _, target := range sel.TargetList {
		if !isBareStar(target) {
			targets = append(targets, target)
			continue
		}
		loc := exprLocation(target)
		for _, c := range columns {
			fields := []*pg.Node{pg.MakeStrNode(c.name)}
			if !c.merged {
				fields = append([]*pg.Node{pg.MakeStrNode(c.qualifier)}, fields...)
			}
			ref := &pg.Node{Node: &pg.Node_ColumnRef{ColumnRef: &pg.ColumnRef{Fields: fields, Location: loc}}}
			targets = append(targets, &pg.Node{Node: &pg.Node_ResTarget{ResTarget: &pg.ResTarget{Val: ref, Location: loc}}})
		}
	}
	sel.TargetList = targets
	return nil
}

// isBareStar reports whether a select-list item is an unqualified *.
func isBareStar(target *pg.Node) bool {
	ref := target.GetResTarget().GetVal().GetColumnRef()
	return ref != nil && len(ref.Fields) == 1 && ref.Fields[0].GetAStar() != nil
}

// hasUsingJoin reports whether a FROM item is or contains a join with
// USING or NATURAL, outside subqueries.
func hasUsingJoin(from *pg.Node) bool {
	j := from.GetJoinExpr()
	if j == nil {
		return false
	}
	return len(j.UsingClause) > 0 || j.IsNatural || hasUsingJoin(j.Larg) || hasUsingJoin(j.Rarg)
}

// ambiguousJoinColumn returns the name of a join column that names
// another column of the expansion too, which an unqualified reference
// cannot tell apart.
func ambiguousJoinColumn(columns []starColumn) (string, bool) {
	count := map[string]int{}
	for _, c := range columns {
		count[c.name]++
	}
	for _, c := range columns {
		if c.merged && count[c.name] > 1 {
			return c.name, true
		}
	}
	return "", false
}

// fromColumns returns the columns that * expands to over the FROM items,
// and false when pgway cannot see them all.
func (u *usingStars) fromColumns(items []*pg.Node) ([]starColumn, bool) {
	var out []starColumn
	for _, item := range items {
		columns, ok := u.itemColumns(item)
		if !ok {
			return nil, false
		}
		out = append(out, columns...)
	}
	return out, true
}

// itemColumns returns the columns of one FROM item.
func (u *usingStars) itemColumns(item *pg.Node) ([]starColumn, bool) {
	switch v := item.Node.(type) {
	case *pg.Node_RangeVar:
		rv := v.RangeVar
		names, ok := u.relationNames(rv)
		if !ok {
			return nil, false
		}
		qualifier := rv.Relname
		if rv.Alias != nil {
			qualifier = rv.Alias.Aliasname
			names = renameColumns(names, rv.Alias.Colnames)
		}
		return qualified(names, qualifier), true
	case *pg.Node_RangeSubselect:
		rs := v.RangeSubselect
		if rs.Alias == nil || rs.Lateral {
			return nil, false
		}
		names, ok := u.queryNames(rs.Subquery.GetSelectStmt())
		if !ok {
			return nil, false
		}
		return qualified(renameColumns(names, rs.Alias.Colnames), rs.Alias.Aliasname), true
	case *pg.Node_JoinExpr:
		return u.joinColumns(v.JoinExpr)
	case *pg.Node_RangeFunction:
		return functionColumns(v.RangeFunction)
	}
	return nil, false
}

// joinColumns returns the columns of a join in PostgreSQL's order.
func (u *usingStars) joinColumns(j *pg.JoinExpr) ([]starColumn, bool) {
	if j.Alias != nil {
		return nil, false
	}
	left, ok := u.itemColumns(j.Larg)
	if !ok {
		return nil, false
	}
	right, ok := u.itemColumns(j.Rarg)
	if !ok {
		return nil, false
	}
	using := joinColumnNames(j, left, right)
	if len(using) == 0 {
		return append(left, right...), true
	}
	out := make([]starColumn, 0, len(left)+len(right))
	for _, name := range using {
		out = append(out, starColumn{name: name, merged: true})
	}
	for _, side := range [][]starColumn{left, right} {
		for _, c := range side {
			if !slices.Contains(using, c.name) {
				out = append(out, c)
			}
		}
	}
	return out, true
}

// joinColumnNames returns the names of a join's USING list, or for
// NATURAL the left side's names that the right side has too.
func joinColumnNames(j *pg.JoinExpr, left, right []starColumn) []string {
	if !j.IsNatural {
		return names(j.UsingClause)
	}
	var out []string
	for _, l := range left {
		if slices.ContainsFunc(right, func(r starColumn) bool { return r.name == l.name }) && !slices.Contains(out, l.name) {
			out = append(out, l.name)
		}
	}
	return out
}

// relationNames returns the column names of a WITH query or warehouse
// relation.
func (u *usingStars) relationNames(rv *pg.RangeVar) ([]string, bool) {
	if rv.Schemaname == "" && rv.Catalogname == "" {
		if cte, isCTE := u.ctes[strings.ToLower(rv.Relname)]; isCTE {
			if cte == nil {
				return nil, false
			}
			names, ok := u.queryNames(cte.Ctequery.GetSelectStmt())
			return renameColumns(names, cte.Aliascolnames), ok
		}
	}
	if rv.Catalogname != "" {
		return nil, false
	}
	rel := u.rel.lookup(rv.Schemaname, rv.Relname)
	if rel == nil || rel.opaque {
		return nil, false
	}
	out := make([]string, len(rel.columns))
	for i, c := range rel.columns {
		if c.spelled != "" && c.spelled != c.name {
			// A name in another case than PostgreSQL's folding gives.
			return nil, false
		}
		out[i] = c.name
	}
	return out, true
}

// queryNames returns the names of a query's result columns as
// PostgreSQL names them, which aliasTargets has written out.
func (u *usingStars) queryNames(sel *pg.SelectStmt) ([]string, bool) {
	switch {
	case sel == nil:
		return nil, false
	case sel.Op != pg.SetOperation_SETOP_NONE:
		return u.queryNames(sel.Larg)
	case len(sel.ValuesLists) > 0:
		out := make([]string, len(sel.ValuesLists[0].GetList().GetItems()))
		for i := range out {
			out[i] = "column" + strconv.Itoa(i+1)
		}
		return out, true
	}
	var out []string
	for _, target := range sel.TargetList {
		rt := target.GetResTarget()
		ref := rt.GetVal().GetColumnRef()
		switch {
		case rt == nil:
			return nil, false
		case rt.Name != "":
			out = append(out, rt.Name)
		case ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil:
			columns, ok := u.fromColumns(sel.FromClause)
			if !ok {
				return nil, false
			}
			qualifier := fieldName(ref.Fields, 2)
			for _, c := range columns {
				if qualifier == "" || !c.merged && c.qualifier == qualifier {
					out = append(out, c.name)
				} else if c.merged {
					// alias.* of a join side includes its join columns.
					return nil, false
				}
			}
		case ref != nil:
			out = append(out, fieldName(ref.Fields, 1))
		default:
			return nil, false
		}
	}
	return out, true
}

// renameColumns returns names with the first ones replaced by an alias's
// column list.
func renameColumns(names []string, aliases []*pg.Node) []string {
	out := slices.Clone(names)
	for i, alias := range aliases {
		if i < len(out) {
			out[i] = alias.GetString_().GetSval()
		}
	}
	return out
}

func qualified(names []string, qualifier string) []starColumn {
	out := make([]starColumn, len(names))
	for i, name := range names {
		out[i] = starColumn{name: name, qualifier: qualifier}
	}
	return out
}

// duckDBOrderDiffers reports whether DuckDB might expand * over a FROM
// item in another order than PostgreSQL. It does not for an item without
// USING or NATURAL joins, nor for one join with USING whose left side has
// no such join and starts with the USING columns in their order, and
// whose right side has no such join either.
func (u *usingStars) duckDBOrderDiffers(item *pg.Node) bool {
	if !hasUsingJoin(item) {
		return false
	}
	j := item.GetJoinExpr()
	if j.IsNatural || j.Alias != nil || hasUsingJoin(j.Larg) || hasUsingJoin(j.Rarg) {
		return true
	}
	left, ok := u.itemColumns(j.Larg)
	if !ok || len(left) < len(j.UsingClause) {
		return true
	}
	for i, name := range names(j.UsingClause) {
		if left[i].name != name {
			return true
		}
	}
	return false
}
