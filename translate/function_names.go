package translate

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A warehouse has functions that PostgreSQL does not, such as DuckDB's
// read_csv() and list_value(), Snowflake's iff() and BigQuery's
// safe_divide(). A client's call of one of them fails as in PostgreSQL
// 15 with PostGIS, whose function names postgres_function_names.go
// lists, and never reaches the warehouse.

// functionNameSets are the names of PostgreSQL's functions by the schema
// that a call may name: pg_catalog's, and public's, which are PostGIS's.
type functionNameSets struct {
	catalog, postgis map[string]bool
}

var postgresFunctionNames = sync.OnceValue(func() functionNameSets {
	return functionNameSets{catalog: nameSet(catalogFunctionNamesText), postgis: nameSet(postgisFunctionNamesText)}
})

func nameSet(text string) map[string]bool {
	fields := strings.Fields(text)
	set := make(map[string]bool, len(fields))
	for _, name := range fields {
		set[name] = true
	}
	return set
}

// PostgresFunctionNames returns the sorted names of PostgreSQL's
// functions that a call may name in schema: pg_catalog's, or for public
// those of PostGIS.
func PostgresFunctionNames(schema string) []string {
	text := catalogFunctionNamesText
	if schema == "public" {
		text = postgisFunctionNamesText
	}
	names := strings.Fields(text)
	slices.Sort(names)
	return names
}

// undefinedCall is the error of a call of a function that PostgreSQL
// does not have, found before the dialect's rewrite.
type undefinedCall struct {
	err *Error
	// columns are the positions, as Error.Position counts them, of the
	// column references in the call's arguments, which PostgreSQL
	// resolves before the function.
	columns map[int]bool
}

// findUndefinedFunction returns PostgreSQL's error for the first call in
// stmt, a warehouse statement of dialect d as the client wrote it, of a
// function that PostgreSQL does not have, or nil when there is none. The
// error is 42P01 when a relation of an earlier FROM clause is missing
// from the DuckDB dialect's Relations. The call of
// pgway_refresh_catalog(), which pgway runs itself, passes.
func findUndefinedFunction(d Dialect, stmt *pg.Node) *undefinedCall {
	if isRefreshCall(stmt) {
		return nil
	}
	var rel *Relations
	if duck, ok := d.(*duckDB); ok {
		rel = duck.caps.Relations
	}
	finder := &callFinder{rel: rel, stmt: stmt}
	call := finder.first(stmt.ProtoReflect())
	if call == nil {
		return nil
	}
	if rv := finder.missing; rv != nil {
		// PostgreSQL finds the relation missing before it reaches the
		// call.
		name := rv.Relname
		if rv.Schemaname != "" {
			name = rv.Schemaname + "." + name
		}
		return &undefinedCall{err: &Error{Code: "42P01", Message: fmt.Sprintf("relation %q does not exist", name),
			Position: int(rv.Location) + 1}}
	}
	found := &undefinedCall{err: callError(stmt, call, rel), columns: map[int]bool{}}
	for _, arg := range call.Args {
		_ = walkNode(arg, func(n *pg.Node) error {
			if ref := n.GetColumnRef(); ref != nil {
				found.columns[int(ref.Location)+1] = true
			}
			return nil
		})
	}
	return found
}

// precede returns the error that PostgreSQL raises first, of u and the
// dialect's error err: a missing relation or schema, which PostgreSQL
// finds in FROM before it resolves functions, or a missing column before
// the call or in its arguments. Otherwise it returns u's.
func (u *undefinedCall) precede(err error) error {
	if u == nil {
		return err
	}
	if e := AsError(err); e != nil && u.err.Code == CodeUndefinedFunction {
		switch {
		case e.Code == "42P01" || e.Code == "3F000":
			return e
		case e.Code == "42703" && e.Position > 0 && (e.Position < u.err.Position || u.columns[e.Position]):
			return e
		}
	}
	return u.err
}

// callError returns PostgreSQL's 42883 error for call, a call in stmt,
// which names the types of the arguments where the statement shows them
// or rel, which may be nil, has the type of a column.
func callError(stmt *pg.Node, call *pg.FuncCall, rel *Relations) *Error {
	types := argumentTypes(call.Args)
	for i, arg := range call.Args {
		switch {
		case types[i] != "":
		case isComparison(arg):
			types[i] = "boolean"
		case arg.GetSqlvalueFunction() != nil:
			types[i] = sqlValueFunctionTypes[arg.GetSqlvalueFunction().Op]
		default:
			types[i] = arrayTypeName(arg)
		}
	}
	var columns map[*pg.ColumnRef]string
	for i, arg := range call.Args {
		if types[i] != "" {
			continue
		}
		if named := arg.GetNamedArgExpr(); named != nil {
			// PostgreSQL writes a named argument as name => type.
			if typ := postgresTypeName(named.Arg); typ != "" {
				types[i] = named.Name + " => " + typ
			}
			continue
		}
		if ref := arg.GetColumnRef(); ref != nil && rel != nil {
			if columns == nil {
				columns, _ = columnTypes(stmt, rel)
			}
			typ, _, _ := strings.Cut(columns[ref], "(")
			types[i] = postgresTypeNames[typ]
		}
	}
	name := strings.Join(names(call.Funcname), ".")
	e := missingFunction(name, call.Location, types...)
	if strings.HasSuffix(e.Message, "for these argument types") {
		// NOTE: PostgreSQL names the type of every argument. Where the
		// statement does not show one, such as the result of a nested
		// call, the message names none.
		e.Message = "function " + name + " does not exist"
	}
	return e
}

// callFinder finds the first call in a statement, in the order in which
// PostgreSQL's parse analysis reaches them, whose function PostgreSQL
// does not have. PostgreSQL 15 reports the first of several such calls
// of a SELECT in this order of clauses: WITH, FROM, the select list,
// WHERE, HAVING, ORDER BY, GROUP BY, DISTINCT, OFFSET, LIMIT and WINDOW.
type callFinder struct {
	// rel, which may be nil, has the warehouse's relations and macros.
	rel *Relations
	// stmt is the whole statement, whose WITH queries name relations.
	stmt *pg.Node
	// missing is the first relation of a FROM clause that rel does not
	// have, before the first undefined call.
	missing *pg.RangeVar
	// queryNames are the names of the statement's WITH queries, read
	// when a relation is missing from rel.
	queryNames map[string]bool
}

// first returns the first undefined call under m, or nil.
func (f *callFinder) first(m protoreflect.Message) *pg.FuncCall {
	switch v := m.Interface().(type) {
	case *pg.SelectStmt:
		return f.inSelect(v)
	case *pg.FuncCall:
		return f.inCall(v)
	}
	var found *pg.FuncCall
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len() && found == nil; i++ {
				found = f.first(list.Get(i).Message())
			}
		} else {
			found = f.first(v.Message())
		}
		return found == nil
	})
	return found
}

// firstIn returns the first undefined call of the messages in order,
// skipping nil ones.
func (f *callFinder) firstIn(messages ...protoreflect.ProtoMessage) *pg.FuncCall {
	for _, msg := range messages {
		if msg == nil || !msg.ProtoReflect().IsValid() {
			continue
		}
		if call := f.first(msg.ProtoReflect()); call != nil {
			return call
		}
	}
	return nil
}

// inCall returns the first undefined call of fc and its arguments.
// PostgreSQL takes the arguments and FILTER before it looks the function
// up, and ORDER BY and OVER after.
func (f *callFinder) inCall(fc *pg.FuncCall) *pg.FuncCall {
	for _, arg := range fc.Args {
		if call := f.firstIn(arg); call != nil {
			return call
		}
	}
	if call := f.firstIn(fc.AggFilter); call != nil {
		return call
	}
	if !postgresHasFunction(fc, f.rel) {
		return fc
	}
	for _, n := range fc.AggOrder {
		if call := f.firstIn(n); call != nil {
			return call
		}
	}
	return f.firstIn(fc.Over)
}

// inSelect returns the first undefined call of sel, taking its clauses
// in the order of callFinder. The queries of UNION, INTERSECT and EXCEPT
// come before the ORDER BY and LIMIT of the whole.
func (f *callFinder) inSelect(sel *pg.SelectStmt) *pg.FuncCall {
	if call := f.firstIn(sel.WithClause); call != nil {
		return call
	}
	for _, n := range sel.ValuesLists {
		if call := f.firstIn(n); call != nil {
			return call
		}
	}
	for _, n := range sel.FromClause {
		if call := f.inFromItem(n); call != nil {
			return call
		}
	}
	clauses := []protoreflect.ProtoMessage{}
	for _, n := range sel.TargetList {
		clauses = append(clauses, n)
	}
	clauses = append(clauses, sel.Larg, sel.Rarg, sel.WhereClause, sel.HavingClause)
	for _, list := range [][]*pg.Node{sel.SortClause, sel.GroupClause, sel.DistinctClause} {
		for _, n := range list {
			clauses = append(clauses, n)
		}
	}
	clauses = append(clauses, sel.LimitOffset, sel.LimitCount)
	for _, list := range [][]*pg.Node{sel.WindowClause, sel.LockingClause} {
		for _, n := range list {
			clauses = append(clauses, n)
		}
	}
	return f.firstIn(clauses...)
}

// inFromItem returns the first undefined call of a FROM item, and notes
// a relation that the warehouse does not have. A join takes its left
// item, its right item and then its condition.
func (f *callFinder) inFromItem(n *pg.Node) *pg.FuncCall {
	if rv := n.GetRangeVar(); rv != nil {
		f.noteRelation(rv)
		return nil
	}
	if join := n.GetJoinExpr(); join != nil {
		if call := f.inFromItem(join.Larg); call != nil {
			return call
		}
		if call := f.inFromItem(join.Rarg); call != nil {
			return call
		}
		return f.firstIn(join.Quals)
	}
	return f.firstIn(n)
}

// noteRelation records rv as the first missing relation when rel shows
// that the warehouse has no relation of its name, and no WITH query of
// the statement has that name.
func (f *callFinder) noteRelation(rv *pg.RangeVar) {
	if f.rel == nil || f.missing != nil || rv.Catalogname != "" {
		return
	}
	switch rv.Schemaname {
	case "pg_temp", "pg_catalog", "information_schema":
		return
	case "":
		if f.rel.hidden[strings.ToLower(rv.Relname)] {
			return
		}
	}
	if f.rel.lookup(rv.Schemaname, rv.Relname) != nil {
		return
	}
	if rv.Schemaname == "" {
		if f.queryNames == nil {
			f.queryNames = map[string]bool{}
			inspect(f.stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
				if cte, ok := msg.(*pg.CommonTableExpr); ok {
					f.queryNames[cte.Ctename] = true
				}
			})
		}
		if f.queryNames[rv.Relname] {
			return
		}
	}
	f.missing = rv
}

// postgresHasFunction reports whether PostgreSQL may resolve the call fc,
// as far as its name shows: a function of pg_catalog or PostGIS, a
// function-style cast to one of PostgreSQL's types, or a macro of the
// warehouse's (rel). A name qualified with a schema other than
// pg_catalog and public is left to the warehouse.
func postgresHasFunction(fc *pg.FuncCall, rel *Relations) bool {
	name := lastName(fc.Funcname)
	sets := postgresFunctionNames()
	switch schemaOf(fc.Funcname) {
	case "":
		if sets.catalog[name] || sets.postgis[name] {
			return true
		}
	case "pg_catalog":
		return sets.catalog[name] || isTypeCall(fc, name)
	case "public":
		if sets.postgis[name] {
			return true
		}
	default:
		// NOTE: a function of another schema may be the warehouse's
		// own, such as a user-defined function, which PostgreSQL clients
		// call there. It runs as the warehouse defines it.
		return true
	}
	return isTypeCall(fc, name) || rel.hasMacro(name)
}

// isTypeCall reports whether fc calls name, one of PostgreSQL's types,
// with one argument, which PostgreSQL reads as a cast to the type.
func isTypeCall(fc *pg.FuncCall, name string) bool {
	return len(fc.Args) == 1 && !fc.AggStar && fc.Over == nil && postgresTypes[name]
}

// SetMacros records the names of the warehouse's own functions, such as
// DuckDB's macros, which a call may name although PostgreSQL has no
// function of that name. Call it before r is shared.
func (r *Relations) SetMacros(names []string) {
	r.macros = make(map[string]bool, len(names))
	for _, name := range names {
		r.macros[strings.ToLower(name)] = true
	}
}

// hasMacro reports whether the warehouse has a macro of name, which
// DuckDB, unlike PostgreSQL, matches in any case.
func (r *Relations) hasMacro(name string) bool {
	return r != nil && r.macros[strings.ToLower(name)]
}

// isComparison reports whether n is a comparison whose operator
// PostgreSQL defines as boolean for every type: =, <>, <, >, <=, >=,
// LIKE, IN, BETWEEN and IS DISTINCT FROM.
func isComparison(n *pg.Node) bool {
	e := n.GetAExpr()
	if e == nil {
		return false
	}
	switch e.Kind {
	case pg.A_Expr_Kind_AEXPR_OP:
		switch lastName(e.Name) {
		case "=", "<>", "!=", "<", ">", "<=", ">=":
			return len(e.Name) == 1
		}
	case pg.A_Expr_Kind_AEXPR_LIKE, pg.A_Expr_Kind_AEXPR_ILIKE, pg.A_Expr_Kind_AEXPR_IN,
		pg.A_Expr_Kind_AEXPR_BETWEEN, pg.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg.A_Expr_Kind_AEXPR_DISTINCT, pg.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		return true
	}
	return false
}

// sqlValueFunctionTypes are the types of current_date, current_user and
// the other functions that SQL calls without parentheses.
var sqlValueFunctionTypes = map[pg.SQLValueFunctionOp]string{
	pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "date",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        "time with time zone",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      "time with time zone",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "timestamp with time zone",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "timestamp with time zone",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIME:           "time without time zone",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "time without time zone",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "timestamp without time zone",
	pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "timestamp without time zone",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        "name",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_USER:        "name",
	pg.SQLValueFunctionOp_SVFOP_USER:                "name",
	pg.SQLValueFunctionOp_SVFOP_SESSION_USER:        "name",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     "name",
	pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      "name",
}

// arrayTypeName returns the type of an array that n shows, as
// PostgreSQL's errors write it: a cast to an array of a type of
// postgresTypeNames, or an ARRAY of string constants, which is text[].
// It returns "" for other expressions.
func arrayTypeName(n *pg.Node) string {
	if tc := n.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) > 0 {
		if element := postgresTypeNames[lastName(tc.TypeName.GetNames())]; element != "" {
			return element + "[]"
		}
		return ""
	}
	a := n.GetAArrayExpr()
	if a == nil || len(a.Elements) == 0 {
		return ""
	}
	for _, e := range a.Elements {
		if e.GetAConst().GetSval() == nil {
			return ""
		}
	}
	return "text[]"
}
