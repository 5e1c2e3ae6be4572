package translate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// columnTypes returns the type of each column reference of stmt whose type
// is certain. Names resolve as in PostgreSQL and DuckDB: a qualified name
// by a FROM item's alias, an unqualified one in the innermost query level
// whose FROM items have it. A level with a FROM item of unknown columns,
// such as a table function, leaves its unqualified names untyped, because
// a wrong type would make a wrong rewrite. It fails with 42703 for a
// reference to an output column that PostgreSQL does not find
// (checkOutputNames).
func columnTypes(stmt *pg.Node, rel *Relations) (map[*pg.ColumnRef]string, error) {
	types, _, err := resolveColumns(stmt, rel)
	return types, err
}

// resolveColumns returns the types of columnTypes, and the references to
// the whole rows of functions' FROM items (functionRowReference).
func resolveColumns(stmt *pg.Node, rel *Relations) (map[*pg.ColumnRef]string, map[*pg.ColumnRef]fromItem, error) {
	r := &scopeResolver{rel: rel, types: map[*pg.ColumnRef]string{}, wholeRows: map[*pg.ColumnRef]fromItem{}}
	r.statement(stmt, nil, nil)
	if ref := r.outputName; ref != nil {
		return nil, nil, &Error{Code: "42703", Message: fmt.Sprintf("column %q does not exist", ref.Fields[0].GetString_().GetSval()),
			Position: int(ref.Location) + 1}
	}
	if r.ungrouped != nil {
		return nil, nil, r.ungrouped
	}
	if r.ambiguousOrder != nil {
		return nil, nil, r.ambiguousOrder
	}
	return r.types, r.wholeRows, nil
}

type scopeResolver struct {
	rel   *Relations
	types map[*pg.ColumnRef]string
	// outputName is the first reference to an output column's name where
	// PostgreSQL does not look output names up (checkOutputNames).
	outputName *pg.ColumnRef
	// ungrouped is the first error for a name in HAVING that PostgreSQL
	// binds to an ungrouped column (qualifyHavingNames).
	ungrouped *Error
	// ambiguousOrder is the first error for ORDER BY or DISTINCT ON a
	// name that a column of * shares (starOrderNameError).
	ambiguousOrder *Error
	// wholeRows are the references to the whole row of a function's FROM
	// item, by the item.
	wholeRows map[*pg.ColumnRef]fromItem
	// varcharLengths, when not nil, collects n of the references to a
	// varchar(n) column (varcharColumnLengths).
	varcharLengths map[*pg.ColumnRef]int64
}

// fromItem is a relation of a query level, by the name that qualifies its
// columns.
type fromItem struct {
	alias string
	rel   *relationType
	// row is the value of a reference to the item's whole row where the
	// item is a function that rewriteFunctionRows rewrites.
	row functionRow
	// nullable is set for an item on the nullable side of an outer join,
	// whose whole row PostgreSQL makes NULL where the join adds a row.
	nullable bool
}

// scope is one query level: its FROM items, and the level it is nested in.
type scope struct {
	items  []fromItem
	parent *scope
}

// withQueries are the WITH queries in scope, by name.
type withQueries map[string]*relationType

// statement resolves the names of any statement and returns the result
// columns of a query, or opaqueRelation for other statements.
func (r *scopeResolver) statement(n *pg.Node, parent *scope, with withQueries) *relationType {
	if n == nil {
		return opaqueRelation
	}
	if sel := n.GetSelectStmt(); sel != nil {
		return r.query(sel, parent, with)
	}
	// INSERT, UPDATE, DELETE and others: the target's columns stay unknown.
	r.children(n.ProtoReflect(), unknownLevel(parent), with)
	return opaqueRelation
}

// unknownLevel returns a level below parent whose columns are unknown,
// for the names of a statement's target relation.
func unknownLevel(parent *scope) *scope {
	return &scope{items: []fromItem{{rel: opaqueRelation}}, parent: parent}
}

var opaqueRelation = &relationType{opaque: true}

// query resolves the names of a SELECT, VALUES or set operation and
// returns its result columns.
func (r *scopeResolver) query(sel *pg.SelectStmt, parent *scope, with withQueries) *relationType {
	if sel == nil {
		return opaqueRelation
	}
	if sel.WithClause != nil {
		with = r.withClause(sel.WithClause, parent, with)
	}
	if sel.Op != pg.SetOperation_SETOP_NONE {
		left := r.query(sel.Larg, parent, with)
		right := r.query(sel.Rarg, parent, with)
		r.expressions(listMessage(sel.SortClause), unknownLevel(parent), with)
		return unionColumns(left, right)
	}
	if len(sel.ValuesLists) > 0 {
		return r.values(sel, parent, with)
	}
	level := &scope{parent: parent}
	for _, from := range sel.FromClause {
		r.addFromItem(from, level, with)
	}
	for _, from := range sel.FromClause {
		r.joinConditions(from, level, with)
	}
	replaceGroupingSetAliases(sel, level)
	for _, list := range [][]*pg.Node{sel.TargetList, {sel.WhereClause}, sel.GroupClause, {sel.HavingClause},
		sel.SortClause, sel.WindowClause, sel.DistinctClause, {sel.LimitCount}, {sel.LimitOffset}} {
		for _, n := range list {
			if n != nil {
				r.expressions(n.ProtoReflect(), level, with)
			}
		}
	}
	r.checkOutputNames(sel, level)
	if err := qualifyHavingNames(sel, level); err != nil && r.ungrouped == nil {
		r.ungrouped = err
	}
	if err := starOrderNameError(sel, level); err != nil && r.ambiguousOrder == nil {
		r.ambiguousOrder = err
	}
	return r.resultColumns(sel.TargetList, level)
}

// checkOutputNames records a name that only an output column of sel
// defines, used in the select list, WHERE or HAVING, or inside an
// expression of GROUP BY or ORDER BY. DuckDB finds the output column
// there, where PostgreSQL looks up only the FROM items' columns and
// fails with 42703. A bare name in GROUP BY or ORDER BY may name an
// output column in both.
func (r *scopeResolver) checkOutputNames(sel *pg.SelectStmt, level *scope) {
	outputs := map[string]bool{}
	for _, t := range sel.TargetList {
		if name := t.GetResTarget().GetName(); name != "" {
			outputs[strings.ToLower(name)] = true
		}
	}
	if r.outputName != nil || len(outputs) == 0 {
		return
	}
	places := append([]*pg.Node{sel.WhereClause, sel.HavingClause}, sel.TargetList...)
	for _, g := range sel.GroupClause {
		if g.GetColumnRef() == nil {
			places = append(places, g)
		}
	}
	for _, s := range sel.SortClause {
		if by := s.GetSortBy(); by != nil && by.Node.GetColumnRef() == nil {
			places = append(places, by.Node)
		}
	}
	for _, n := range places {
		if n != nil && r.outputName == nil {
			r.outputName = outputReference(n.ProtoReflect(), outputs, level)
		}
	}
}

// outputReference returns the first unqualified column reference under
// m, outside subqueries, to a name in outputs that no FROM item in scope
// has, where all their columns are known.
func outputReference(m protoreflect.Message, outputs map[string]bool, level *scope) *pg.ColumnRef {
	switch v := m.Interface().(type) {
	case *pg.ColumnRef:
		if len(v.Fields) != 1 || v.Fields[0].GetString_() == nil {
			return nil
		}
		name := strings.ToLower(v.Fields[0].GetString_().GetSval())
		if outputs[name] && level.lacks(name) {
			return v
		}
		return nil
	case *pg.SelectStmt:
		return nil
	}
	var found *pg.ColumnRef
	rangeFields(m, func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		if fd.IsList() {
			list := val.List()
			for i := 0; i < list.Len() && found == nil; i++ {
				found = outputReference(list.Get(i).Message(), outputs, level)
			}
		} else {
			found = outputReference(val.Message(), outputs, level)
		}
		return found == nil
	})
	return found
}

// lacks reports whether no level from level up has a column or a FROM
// item (a whole-row reference) named name, while every one of their FROM
// items has known columns.
func (level *scope) lacks(name string) bool {
	for s := level; s != nil; s = s.parent {
		if name == "ctid" && len(s.items) > 0 {
			// The system column, which the column lists leave out.
			return false
		}
		if _, found, opaque := s.unqualified(name); found || opaque {
			return false
		}
		for _, item := range s.items {
			if strings.EqualFold(item.alias, name) {
				return false
			}
		}
	}
	return true
}

// withClause resolves the queries of a WITH clause and returns the WITH
// queries in scope after it. A recursive query's columns are not known.
func (r *scopeResolver) withClause(clause *pg.WithClause, parent *scope, outer withQueries) withQueries {
	with := make(withQueries, len(outer)+len(clause.Ctes))
	for name, q := range outer {
		with[name] = q
	}
	if clause.Recursive {
		for _, n := range clause.Ctes {
			with[strings.ToLower(n.GetCommonTableExpr().GetCtename())] = opaqueRelation
		}
	}
	for _, n := range clause.Ctes {
		cte := n.GetCommonTableExpr()
		if cte == nil {
			continue
		}
		if clause.Recursive {
			r.recursiveColumns(cte, parent, with)
		}
		columns := r.statement(cte.Ctequery, parent, with)
		if !clause.Recursive {
			with[strings.ToLower(cte.Ctename)] = renamed(columns, cte.Aliascolnames)
		}
	}
	return with
}

// values returns the columns of a VALUES list: a column has a type when
// every row's expression has it, or is NULL or a string constant.
func (r *scopeResolver) values(sel *pg.SelectStmt, parent *scope, with withQueries) *relationType {
	level := &scope{parent: parent}
	var out *relationType
	for _, row := range sel.ValuesLists {
		r.expressions(row.ProtoReflect(), level, with)
		items := row.GetList().GetItems()
		columns := make([]typedColumn, len(items))
		for i, item := range items {
			columns[i] = typedColumn{name: "column" + strconv.Itoa(i+1), typ: r.literalType(item)}
		}
		out = unionColumns(out, &relationType{columns: columns})
	}
	return out
}

// addFromItem resolves the names inside a FROM item and adds its
// relations to level: one for a relation, those of both sides for a join
// without an alias. A LATERAL subquery and a table function see the items
// added before them.
func (r *scopeResolver) addFromItem(from *pg.Node, level *scope, with withQueries) {
	switch v := from.Node.(type) {
	case *pg.Node_RangeVar:
		rv := v.RangeVar
		alias := rv.Relname
		var rel *relationType
		// DuckDB finds WITH queries by name in any case, where PostgreSQL
		// matches the case, and the types must be those of what DuckDB reads.
		if q, ok := with[strings.ToLower(rv.Relname)]; ok && rv.Schemaname == "" && rv.Catalogname == "" {
			rel = q
		} else if rv.Catalogname == "" {
			rel = r.rel.lookup(rv.Schemaname, rv.Relname)
		}
		if rel == nil {
			rel = opaqueRelation
		}
		if rv.Alias != nil {
			alias = rv.Alias.Aliasname
			rel = renamed(rel, rv.Alias.Colnames)
		}
		level.items = append(level.items, fromItem{alias: alias, rel: rel})
	case *pg.Node_RangeSubselect:
		rs := v.RangeSubselect
		parent := level.parent
		if rs.Lateral {
			parent = &scope{items: slices.Clone(level.items), parent: level.parent}
		}
		rel := r.statement(rs.Subquery, parent, with)
		item := fromItem{rel: rel}
		if rs.Alias != nil {
			item = fromItem{alias: rs.Alias.Aliasname, rel: renamed(rel, rs.Alias.Colnames)}
		}
		level.items = append(level.items, item)
	case *pg.Node_JoinExpr:
		j := v.JoinExpr
		before := len(level.items)
		r.addFromItem(j.Larg, level, with)
		middle := len(level.items)
		r.addFromItem(j.Rarg, level, with)
		markNullable(level.items[before:middle], j.Jointype == pg.JoinType_JOIN_RIGHT || j.Jointype == pg.JoinType_JOIN_FULL)
		markNullable(level.items[middle:], j.Jointype == pg.JoinType_JOIN_LEFT || j.Jointype == pg.JoinType_JOIN_FULL)
		if j.Alias != nil {
			// The alias hides the names of both sides.
			level.items = append(level.items[:before], fromItem{alias: j.Alias.Aliasname, rel: opaqueRelation})
		}
	default:
		// Table functions and others, whose arguments may name the items
		// before them.
		r.children(from.ProtoReflect(), &scope{items: slices.Clone(level.items), parent: level.parent}, with)
		alias := ""
		if rf := from.GetRangeFunction(); rf != nil && rf.Alias != nil {
			alias = rf.Alias.Aliasname
		}
		item := fromItem{alias: alias, rel: opaqueRelation}
		if typed, ok := jsonbFunctionItem(from.GetRangeFunction()); ok {
			item = typed
		} else if typed, ok := populateFunctionItem(from.GetRangeFunction(), r.rel); ok {
			item = typed
		}
		level.items = append(level.items, item)
	}
}

// joinConditions resolves the ON conditions of the joins in from.
func (r *scopeResolver) joinConditions(from *pg.Node, level *scope, with withQueries) {
	j := from.GetJoinExpr()
	if j == nil {
		return
	}
	r.joinConditions(j.Larg, level, with)
	r.joinConditions(j.Rarg, level, with)
	if j.Quals != nil {
		r.expressions(j.Quals.ProtoReflect(), level, with)
	}
}

// expressions resolves the column references under m in level, and the
// queries under it with level as their parent.
func (r *scopeResolver) expressions(m protoreflect.Message, level *scope, with withQueries) {
	switch v := m.Interface().(type) {
	case *pg.ColumnRef:
		if typ := level.columnType(v); typ != "" {
			r.types[v] = typ
		}
		if r.varcharLengths != nil && r.types[v] == "text" {
			if n := level.columnVarcharLength(v); n > 0 {
				r.varcharLengths[v] = n
			}
		}
		r.functionRowReference(v, level)
		return
	case *pg.SelectStmt:
		r.query(v, level, with)
		return
	case *pg.UpdateStmt:
		r.update(v, level, with)
		return
	case *pg.InsertStmt, *pg.DeleteStmt, *pg.MergeStmt:
		// The target relation's columns are not resolved. The statement's
		// WITH queries are in scope in all of it.
		if clause := withClauseOf(m); clause != nil {
			with = r.withClause(clause, level, with)
		}
		r.children(m, unknownLevel(level), with)
		return
	case *pg.WithClause:
		return // resolved by the statement it belongs to
	}
	r.children(m, level, with)
}

// children resolves the expressions in the fields of m.
func (r *scopeResolver) children(m protoreflect.Message, level *scope, with withQueries) {
	rangeFields(m, func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		if fd.IsList() {
			list := val.List()
			for i := 0; i < list.Len(); i++ {
				r.expressions(list.Get(i).Message(), level, with)
			}
		} else {
			r.expressions(val.Message(), level, with)
		}
		return true
	})
}

// resultColumns returns the columns of a query's select list.
func (r *scopeResolver) resultColumns(targets []*pg.Node, level *scope) *relationType {
	out := &relationType{}
	for _, t := range targets {
		rt := t.GetResTarget()
		if rt == nil {
			return opaqueRelation
		}
		if ref := rt.Val.GetColumnRef(); ref != nil && ref.Fields[len(ref.Fields)-1].GetAStar() != nil {
			columns, ok := level.starColumns(ref)
			if !ok {
				return opaqueRelation
			}
			out.columns = append(out.columns, columns...)
			continue
		}
		out.columns = append(out.columns, typedColumn{name: strings.ToLower(targetName(rt)), typ: r.literalType(rt.Val),
			varcharLength: r.varcharLengths[rt.Val.GetColumnRef()]})
	}
	return out
}

// targetName returns the name of a select-list column as PostgreSQL names
// it, as far as an outer query can refer to it.
func targetName(rt *pg.ResTarget) string {
	if rt.Name != "" {
		return rt.Name
	}
	switch v := rt.Val.Node.(type) {
	case *pg.Node_ColumnRef:
		return fieldName(v.ColumnRef.Fields, 1)
	case *pg.Node_FuncCall:
		return lastName(v.FuncCall.Funcname)
	case *pg.Node_TypeCast:
		if ref := v.TypeCast.Arg.GetColumnRef(); ref != nil {
			return fieldName(ref.Fields, 1)
		}
		return lastName(v.TypeCast.TypeName.Names)
	}
	return "?column?"
}

// literalType returns the type of an expression of the statement as the
// client wrote it: a column's, a cast's, a constant's, or "" when pgway
// does not know it. A string constant is "unknown" and NULL "null",
// which unionColumns resolves as PostgreSQL does.
func (r *scopeResolver) literalType(n *pg.Node) string {
	switch c := n.GetAConst(); {
	case n.GetColumnRef() != nil:
		return r.types[n.GetColumnRef()]
	case c.GetIsnull():
		return "null"
	case c.GetSval() != nil:
		return "unknown"
	case c.GetBoolval() != nil:
		return "bool"
	case returnsJSON(n):
		// So is a json value, whose column has no equality
		// (checkJSONEquality).
		return "json"
	case showsJSONB(n):
		// A jsonb value in VALUES or a derived table's select list
		// makes its column jsonb, which GROUP BY, DISTINCT, ORDER BY
		// and IN then treat as a jsonb column.
		return "jsonb"
	case computedColumnTypes(r.types).derivedText(n):
		return "text"
	case n.GetFuncCall() != nil:
		return setFunctionType(n.GetFuncCall())
	}
	return exactType(n)
}

// unionColumns returns the columns of a UNION, or of the rows of VALUES:
// the left side's names, and a type where both sides agree. NULL and
// string constants take the other side's type; two string constants are
// text.
func unionColumns(left, right *relationType) *relationType {
	if left == nil {
		return right
	}
	if left.opaque || right.opaque || len(left.columns) != len(right.columns) {
		return opaqueRelation
	}
	out := &relationType{columns: make([]typedColumn, len(left.columns))}
	for i, l := range left.columns {
		out.columns[i] = typedColumn{name: l.name, typ: unifyTypes(l.typ, right.columns[i].typ)}
	}
	return out
}

func unifyTypes(a, b string) string {
	switch {
	case a == b:
		return a
	case a == "null" || a == "unknown" && b != "null":
		return b
	case b == "null" || b == "unknown":
		return a
	case numberRanks[a] > 0 && numberRanks[b] > 0:
		// PostgreSQL casts the integers and real to the wider type,
		// as for real beside integer.
		if numberRanks[a] > numberRanks[b] {
			return a
		}
		return b
	}
	return ""
}

// numberRanks orders the integer and float types by the implicit casts
// between them: each casts to every type of a higher rank.
var numberRanks = map[string]int{"int2": 1, "int4": 2, "int8": 3, "float4": 4, "float8": 5}

// renamed returns rel with its first columns named names, as an alias's
// column list names them.
func renamed(rel *relationType, names []*pg.Node) *relationType {
	if len(names) == 0 || rel.opaque {
		return rel
	}
	out := &relationType{columns: append([]typedColumn(nil), rel.columns...)}
	for i, n := range names {
		if i < len(out.columns) {
			out.columns[i].name = strings.ToLower(n.GetString_().GetSval())
		}
	}
	return out
}

// columnType returns the type of a column reference in level, "" when
// pgway cannot be sure of it.
func (level *scope) columnType(ref *pg.ColumnRef) string {
	fields := ref.Fields
	if len(fields) == 0 || fields[len(fields)-1].GetAStar() != nil {
		return ""
	}
	name := strings.ToLower(fieldName(fields, 1))
	switch len(fields) {
	case 1:
		for s := level; s != nil; s = s.parent {
			typ, found, opaque := s.unqualified(name)
			if found || opaque {
				return resolved(typ)
			}
		}
	case 2:
		alias := fieldName(fields, 2)
		for s := level; s != nil; s = s.parent {
			for _, item := range s.items {
				if item.alias == alias {
					return resolved(item.rel.column(name))
				}
			}
		}
	}
	return ""
}

// resolved returns the type of a column of a derived table, VALUES list
// or WITH query: text for string constants, as in PostgreSQL, and no type
// for NULL constants, whose type PostgreSQL decides from the context.
func resolved(typ string) string {
	if typ == "unknown" {
		return "text"
	}
	if typ == "null" {
		return ""
	}
	return typ
}

// unqualified looks an unqualified column name up in one level. It
// returns the column's type where the level's known items have it, and
// the same type where several do (the columns of JOIN USING). found is
// set when a known item has it, and opaque when an item's columns are
// unknown.
func (level *scope) unqualified(name string) (typ string, found, opaque bool) {
	for _, item := range level.items {
		if item.rel.opaque {
			opaque = true
			continue
		}
		for _, c := range item.rel.columns {
			if c.name != name {
				continue
			}
			if found && typ != c.typ {
				return "", true, opaque
			}
			typ, found = c.typ, true
		}
	}
	if opaque {
		return "", found, true
	}
	return typ, found, false
}

// column returns the type of a relation's column.
func (rel *relationType) column(name string) string {
	var typ string
	found := false
	for _, c := range rel.columns {
		if c.name == name {
			if found && typ != c.typ {
				return ""
			}
			typ, found = c.typ, true
		}
	}
	return typ
}

// starColumns returns the columns that * or alias.* expands to in level,
// and false when a relation's columns are unknown.
func (level *scope) starColumns(ref *pg.ColumnRef) ([]typedColumn, bool) {
	var out []typedColumn
	alias := fieldName(ref.Fields, 2)
	for _, item := range level.items {
		if alias != "" && item.alias != alias {
			continue
		}
		if item.rel.opaque {
			return nil, false
		}
		out = append(out, item.rel.columns...)
	}
	return out, alias == "" || out != nil
}

func listMessage(list []*pg.Node) protoreflect.Message {
	return (&pg.List{Items: list}).ProtoReflect()
}
