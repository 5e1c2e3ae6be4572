package translate

import (
	"cmp"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// checkFromErrors raises PostgreSQL 15's errors for FROM clauses that
// DuckDB runs, or rejects with XX000. These are more column aliases than
// a set returning function has columns, one relation named twice
// without an alias, and a NATURAL join whose common column one side has
// twice. It also checks ORDER BY and GROUP BY positions beyond a select
// list with *, and column names that two FROM items have.
func checkFromErrors(stmt *pg.Node, r *Relations) error {
	u := newUsingStars(stmt, r)
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.RangeFunction:
			err = checkFunctionAliases(v)
		case *pg.SelectStmt:
			err = cmp.Or(checkSameRelations(v.FromClause, r, u.ctes), u.checkStarPositions(v), u.checkAmbiguousColumns(v))
		case *pg.JoinExpr:
			err = u.checkNaturalColumns(v)
		}
	})
	return err
}

// singleColumnFunctions are the set returning functions that return one
// column that is no record. unnest returns one per argument.
var singleColumnFunctions = map[string]bool{
	"generate_series": true, "generate_subscripts": true, "unnest": true,
	"regexp_split_to_table": true, "string_to_table": true, "regexp_matches": true,
	"json_array_elements": true, "json_array_elements_text": true,
	"jsonb_array_elements": true, "jsonb_array_elements_text": true,
	"json_object_keys": true, "jsonb_object_keys": true,
}

// functionWidth returns the number of columns of a function in FROM, or
// 0 when it is not known.
func functionWidth(rf *pg.RangeFunction) int {
	width := 0
	for _, item := range rf.Functions {
		list := item.GetList().GetItems()
		if len(list) == 0 || len(list) > 1 && list[1] != nil && len(list[1].GetList().GetItems()) > 0 {
			// A column definition list names the columns itself.
			return 0
		}
		call := list[0].GetFuncCall()
		if call == nil {
			return 0
		}
		name := strings.ToLower(lastName(call.Funcname))
		schema := ""
		if len(call.Funcname) > 1 {
			schema = strings.ToLower(call.Funcname[0].GetString_().GetSval())
		}
		if !singleColumnFunctions[name] || schema != "" && schema != "pg_catalog" {
			return 0
		}
		if name == "unnest" {
			width += len(call.Args)
		} else {
			width++
		}
	}
	if rf.Ordinality {
		width++
	}
	return width
}

// checkFunctionAliases raises 42P10 for a function in FROM with more
// column aliases than columns, as in generate_series(1, 3) AS g(a, b).
// DuckDB ignores the extra aliases.
func checkFunctionAliases(rf *pg.RangeFunction) error {
	if rf.Alias == nil || len(rf.Coldeflist) > 0 {
		return nil
	}
	width := functionWidth(rf)
	if width == 0 || len(rf.Alias.Colnames) <= width {
		return nil
	}
	return &Error{Code: "42P10", Message: fmt.Sprintf("table %q has %d columns available but %d columns specified",
		rf.Alias.Aliasname, width, len(rf.Alias.Colnames))}
}

// checkSameRelations raises 42712 for one relation named twice without
// an alias in one FROM clause, once with its schema and once without, as
// in FROM t, public.t, or for a WITH query and a relation of its name.
// PostgreSQL 15's checkNameSpaceConflicts lets two such names share a
// FROM clause only when they are relations of different schemas. The
// names written alike are checkFromNames' work. r looks up the relation
// that a name without a schema finds. Without r, nothing is checked.
func checkSameRelations(from []*pg.Node, r *Relations, ctes map[string]*pg.CommonTableExpr) error {
	if r == nil {
		return nil
	}
	var seen []*pg.RangeVar
	for _, item := range from {
		for _, rv := range unaliasedRelations(item) {
			for _, other := range seen {
				if rv.Relname != other.Relname || (rv.Schemaname == "") == (other.Schemaname == "") {
					continue
				}
				if sameRelation(rv, other, r, ctes) {
					return &Error{Code: "42712", Position: int(rv.Location) + 1,
						Message: fmt.Sprintf("table name %q specified more than once", rv.Relname)}
				}
			}
			seen = append(seen, rv)
		}
	}
	return nil
}

// sameRelation reports whether a and b, one with a schema and one
// without, name the same relation, or a WITH query and a relation.
func sameRelation(a, b *pg.RangeVar, r *Relations, ctes map[string]*pg.CommonTableExpr) bool {
	if a.Catalogname != "" || b.Catalogname != "" {
		return false
	}
	bare := a
	if a.Schemaname != "" {
		bare = b
	}
	if _, isCTE := ctes[strings.ToLower(bare.Relname)]; isCTE {
		return true
	}
	found, other := r.lookup(a.Schemaname, a.Relname), r.lookup(b.Schemaname, b.Relname)
	return found != nil && found == other
}

// unaliasedRelations returns the relations without an alias that a FROM
// item makes visible. A join with an alias hides those within it.
func unaliasedRelations(item *pg.Node) []*pg.RangeVar {
	switch v := item.Node.(type) {
	case *pg.Node_RangeVar:
		if v.RangeVar.Alias == nil {
			return []*pg.RangeVar{v.RangeVar}
		}
	case *pg.Node_JoinExpr:
		if v.JoinExpr.Alias == nil {
			return append(unaliasedRelations(v.JoinExpr.Larg), unaliasedRelations(v.JoinExpr.Rarg)...)
		}
	}
	return nil
}

// checkNaturalColumns raises 42702 for a NATURAL join whose common
// column one side has twice, which DuckDB joins on one of the two.
func (u *usingStars) checkNaturalColumns(j *pg.JoinExpr) error {
	if !j.IsNatural {
		return nil
	}
	left, ok := u.sideColumns(j.Larg)
	if !ok {
		return nil
	}
	right, ok := u.sideColumns(j.Rarg)
	if !ok {
		return nil
	}
	for _, name := range joinColumnNames(j, left, right) {
		for _, side := range []struct {
			columns []starColumn
			word    string
		}{{left, "left"}, {right, "right"}} {
			count := 0
			for _, c := range side.columns {
				if c.name == name {
					count++
				}
			}
			if count > 1 {
				return &Error{Code: "42702",
					Message: fmt.Sprintf("common column name %q appears more than once in %s table", name, side.word)}
			}
		}
	}
	return nil
}

// sideColumns returns the columns of a side of a join, as itemColumns
// does, and those of a join with an alias too, by the names of its
// column aliases.
func (u *usingStars) sideColumns(item *pg.Node) ([]starColumn, bool) {
	j := item.GetJoinExpr()
	if j == nil || j.Alias == nil {
		return u.itemColumns(item)
	}
	alias := j.Alias
	j.Alias = nil
	columns, ok := u.joinColumns(j)
	j.Alias = alias
	for i, name := range names(alias.Colnames) {
		if i < len(columns) {
			columns[i] = starColumn{name: name, qualifier: alias.Aliasname}
		}
	}
	return columns, ok
}

// newUsingStars returns the usingStars of stmt, with its WITH queries.
func newUsingStars(stmt *pg.Node, r *Relations) *usingStars {
	u := &usingStars{rel: r, ctes: map[string]*pg.CommonTableExpr{}}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if cte, ok := msg.(*pg.CommonTableExpr); ok {
			name := strings.ToLower(cte.Ctename)
			if _, seen := u.ctes[name]; seen {
				u.ctes[name] = nil
			} else {
				u.ctes[name] = cte
			}
		}
	})
	return u
}

// checkStarPositions raises 42P10 for an ORDER BY or GROUP BY position
// beyond a select list with *, or beyond the columns of a set operation,
// where DuckDB raises XX000. checkPositions checks the other lists.
// NOTE: a position above 0 stays DuckDB's XX000 where pgway cannot see
// the columns of *.
func (u *usingStars) checkStarPositions(sel *pg.SelectStmt) error {
	if sel.Op == pg.SetOperation_SETOP_NONE && !hasStarTarget(sel) {
		return nil
	}
	width, known := u.selectWidth(sel)
	return checkSelectPositions(sel, width, known, sel.Op == pg.SetOperation_SETOP_NONE)
}

// hasStarTarget reports whether sel's select list has * or alias.*.
func hasStarTarget(sel *pg.SelectStmt) bool {
	for _, t := range sel.TargetList {
		if ref := t.GetResTarget().GetVal().GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			return true
		}
	}
	return false
}

// selectWidth returns the number of result columns of sel, the first
// branch of a set operation, and false when pgway cannot see them.
func (u *usingStars) selectWidth(sel *pg.SelectStmt) (int, bool) {
	for sel != nil && sel.Op != pg.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	switch {
	case sel == nil:
		return 0, false
	case len(sel.ValuesLists) > 0:
		return len(sel.ValuesLists[0].GetList().GetItems()), true
	}
	width := 0
	for _, target := range sel.TargetList {
		ref := target.GetResTarget().GetVal().GetColumnRef()
		if ref == nil || ref.Fields[len(ref.Fields)-1].GetAStar() == nil {
			width++
			continue
		}
		columns, ok := u.fromColumns(sel.FromClause)
		if !ok {
			return 0, false
		}
		qualifier := fieldName(ref.Fields, 2)
		for _, c := range columns {
			switch {
			case qualifier == "" || !c.merged && c.qualifier == qualifier:
				width++
			case c.merged:
				// alias.* of a join side includes its join columns.
				return 0, false
			}
		}
	}
	return width, true
}

// derivedNames returns the names of the result columns of query, a
// subquery whose names its reader sees, after the column aliases: the
// alias, column or function name that PostgreSQL gives each column. A
// column of another expression has an empty name. Without aliases, the
// columns of * are left out; with them, only the aliases are returned.
func derivedNames(query *pg.Node, aliases []*pg.Node) []string {
	sel := query.GetSelectStmt()
	for sel != nil && sel.Op != pg.SetOperation_SETOP_NONE {
		sel = sel.Larg
	}
	out := names(aliases)
	if sel == nil || len(sel.ValuesLists) > 0 || len(aliases) > 0 && hasStarTarget(sel) {
		return out
	}
	for i, t := range sel.TargetList {
		if i >= len(aliases) {
			out = append(out, createdColumnName(t.GetResTarget()))
		}
	}
	return out
}

// columnDefNames returns the names of the columns that CREATE TABLE
// defines.
func columnDefNames(elements []*pg.Node) []string {
	var out []string
	for _, e := range elements {
		if def := e.GetColumnDef(); def != nil {
			out = append(out, def.Colname)
		}
	}
	return out
}

// functionColumns returns the columns of a call in FROM of one function
// of singleColumnFunctions with one column, as PostgreSQL names them:
// by the column alias, else the OUT parameter (outColumnNames), else the
// table alias, else the function's name.
func functionColumns(rf *pg.RangeFunction) ([]starColumn, bool) {
	if len(rf.Functions) != 1 || len(rf.Coldeflist) > 0 || functionWidth(rf) != 1+boolInt(rf.Ordinality) {
		return nil, false
	}
	call := rf.Functions[0].GetList().GetItems()[0].GetFuncCall()
	qualifier := lastName(call.Funcname)
	if rf.Alias != nil {
		qualifier = rf.Alias.Aliasname
	}
	names := []string{qualifier}
	if out, ok := outColumnNames[strings.ToLower(lastName(call.Funcname))]; ok {
		names[0] = out
	}
	if rf.Ordinality {
		names = append(names, "ordinality")
	}
	if rf.Alias != nil {
		names = renameColumns(names, rf.Alias.Colnames)
	}
	return qualified(names, qualifier), true
}

// outColumnNames are the columns of the functions of
// singleColumnFunctions whose OUT parameter names their column.
var outColumnNames = map[string]string{
	"json_array_elements": "value", "json_array_elements_text": "value",
	"jsonb_array_elements": "value", "jsonb_array_elements_text": "value",
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkAmbiguousColumns raises 42702 for a column name without a
// qualifier in the select list, WHERE, GROUP BY or HAVING of sel that two
// of its FROM items have, where pgway sees the columns of every FROM
// item. DuckDB raises the same error, but after pgway's own checks, such
// as the 0A000 of mixed numeric scales, which PostgreSQL does not reach.
func (u *usingStars) checkAmbiguousColumns(sel *pg.SelectStmt) error {
	if len(sel.FromClause) == 0 {
		return nil
	}
	columns, ok := u.fromColumns(sel.FromClause)
	if !ok || joinCallsFunction(sel.FromClause) || repeatsFromName(sel.FromClause) {
		return nil
	}
	count := map[string]int{}
	for _, c := range columns {
		count[c.name]++
	}
	var err error
	check := func(ref *pg.ColumnRef) {
		name := ref.Fields[0].GetString_().GetSval()
		if err == nil && len(ref.Fields) == 1 && count[name] > 1 {
			err = &Error{Code: "42702", Position: int(ref.Location) + 1,
				Message: fmt.Sprintf("column reference %q is ambiguous", name)}
		}
	}
	clauses := append(append([]*pg.Node{}, sel.TargetList...), sel.WhereClause)
	clauses = append(append(clauses, sel.GroupClause...), sel.HavingClause)
	for _, n := range clauses {
		if n != nil {
			inspectLevel(n.ProtoReflect(), check)
		}
	}
	return err
}

// repeatsFromName reports whether two items of from have the same name,
// which PostgreSQL raises 42712 for before it reads any column.
func repeatsFromName(from []*pg.Node) bool {
	seen := map[string]bool{}
	repeated := false
	var visit func(item *pg.Node)
	visit = func(item *pg.Node) {
		name := ""
		switch v := item.Node.(type) {
		case *pg.Node_JoinExpr:
			visit(v.JoinExpr.Larg)
			visit(v.JoinExpr.Rarg)
			if v.JoinExpr.Alias != nil {
				name = v.JoinExpr.Alias.Aliasname
			}
		case *pg.Node_RangeVar:
			name = v.RangeVar.Relname
			if v.RangeVar.Alias != nil {
				name = v.RangeVar.Alias.Aliasname
			}
		case *pg.Node_RangeFunction:
			if v.RangeFunction.Alias != nil {
				name = v.RangeFunction.Alias.Aliasname
			}
		case *pg.Node_RangeSubselect:
			if v.RangeSubselect.Alias != nil {
				name = v.RangeSubselect.Alias.Aliasname
			}
		}
		if name != "" {
			repeated = repeated || seen[name]
			seen[name] = true
		}
	}
	for _, item := range from {
		visit(item)
	}
	return repeated
}

// joinCallsFunction reports whether a join condition in from calls a
// function or has a subquery. PostgreSQL reads the join conditions
// before the select list, so their errors, such as an aggregate in ON,
// come first.
func joinCallsFunction(from []*pg.Node) bool {
	found := false
	for _, item := range from {
		inspect(item.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
			if j, ok := msg.(*pg.JoinExpr); ok && j.Quals != nil {
				found = found || contains[*pg.FuncCall](j.Quals) || contains[*pg.SubLink](j.Quals)
			}
		})
	}
	return found
}

// inspectLevel calls f for each column reference under m, outside
// subqueries, whose names may resolve in another query level.
func inspectLevel(m protoreflect.Message, f func(*pg.ColumnRef)) {
	switch v := m.Interface().(type) {
	case *pg.ColumnRef:
		f(v)
		return
	case *pg.SubLink, *pg.SelectStmt, *pg.RangeSubselect:
		return
	}
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				inspectLevel(list.Get(i).Message(), f)
			}
			return true
		}
		inspectLevel(v.Message(), f)
		return true
	})
}
