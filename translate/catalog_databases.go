package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// visibleDatabaseFunction is the function of each mirror database that
// passes a database name or OID through when the session's role may
// connect to that database, and otherwise treats it as a database that
// does not exist. The catalog package installs it.
const visibleDatabaseFunction = "pgway_visible_database"

// databaseArgument describes the database argument of a built-in
// function, or the function that replaces it: its position for a given
// number of arguments, and the
// SQLSTATE that the function raises for an OID of no database. An empty
// SQLSTATE means the function returns a result for such an OID, and the
// argument of a hidden database is replaced by an OID that no database
// has.
type databaseArgument struct {
	position map[int]int // by argument count
	oidError string
	// replacement, when set, is the function of the mirror database in
	// pg_catalog that a call is redirected to, with the same arguments.
	replacement string
}

// databaseFunctions are the functions of PostgreSQL 15 that take a
// database name or OID, found in pg_proc by their argument types, besides
// those that the catalog package revokes from PUBLIC in every mirror
// database. pg_stat_get_db_* are matched by prefix.
var databaseFunctions = map[string]databaseArgument{
	"has_database_privilege":               {position: map[int]int{2: 0, 3: 1}},
	"pg_database_size":                     {position: map[int]int{1: 0}, oidError: "3D000"},
	"pg_database_collation_actual_version": {position: map[int]int{1: 0}, oidError: "42704"},
	// It returns the comment of any shared object by OID, so only the
	// replacement can tell an OID of no database from one of a role.
	"shobj_description": {position: map[int]int{2: 0}, replacement: "pgway_shobj_description"},
}

// databaseFunction returns how a call's database argument is found, if
// the call is of a built-in function that takes one.
func databaseFunction(call *pg.FuncCall) (databaseArgument, bool) {
	if schema := schemaOf(call.Funcname); schema != "" && schema != "pg_catalog" {
		return databaseArgument{}, false
	}
	name := lastName(call.Funcname)
	if strings.HasPrefix(name, "pg_stat_get_db_") {
		return databaseArgument{position: map[int]int{1: 0}}, true
	}
	arg, ok := databaseFunctions[name]
	return arg, ok
}

// databaseRestriction is the state of RestrictDatabases' walk of one
// statement.
type databaseRestriction struct {
	filter  string // the allowed names as a name[] constant
	changed bool
}

// walk rewrites the references under m. ctes holds the names of the WITH
// queries in scope at m.
func (r *databaseRestriction) walk(m protoreflect.Message, ctes map[string]bool) error {
	with := withClauseOf(m)
	if with != nil {
		var err error
		if ctes, err = withScope(with, ctes, r.walkChild); err != nil {
			return err
		}
	}
	var err error
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len() && err == nil; i++ {
				err = r.walkChild(list.Get(i).Message(), ctes)
			}
			return err == nil
		}
		if with != nil && v.Message().Interface() == with {
			return true
		}
		err = r.walkChild(v.Message(), ctes)
		return err == nil
	})
	return err
}

func (r *databaseRestriction) walkChild(m protoreflect.Message, ctes map[string]bool) error {
	if err := r.walk(m, ctes); err != nil {
		return err
	}
	n, ok := m.Interface().(*pg.Node)
	if !ok {
		return nil
	}
	if rv := n.GetRangeVar(); rv != nil {
		return r.restrictRelation(n, rv, ctes)
	}
	if call := n.GetFuncCall(); call != nil {
		r.restrictCall(call)
	}
	return nil
}

// withClauseOf returns the WITH clause of a statement, or nil.
func withClauseOf(m protoreflect.Message) *pg.WithClause {
	switch s := m.Interface().(type) {
	case *pg.SelectStmt:
		return s.WithClause
	case *pg.InsertStmt:
		return s.WithClause
	case *pg.UpdateStmt:
		return s.WithClause
	case *pg.DeleteStmt:
		return s.WithClause
	case *pg.MergeStmt:
		return s.WithClause
	}
	return nil
}

// restrictRelation replaces n, a reference to a catalog relation with a
// row per database, by the subquery of the rows the user may see.
func (r *databaseRestriction) restrictRelation(n *pg.Node, rv *pg.RangeVar, ctes map[string]bool) error {
	if rv.Schemaname == "" && ctes[rv.Relname] {
		return nil
	}
	if rv.Schemaname != "" && rv.Schemaname != "pg_catalog" {
		return nil
	}
	var condition string
	if column, ok := databaseRelations[rv.Relname]; ok {
		condition = column + " = ANY (" + r.filter + ")"
		if rv.Relname == "pg_database" {
			// The databases that visibleDatabaseFunction lets through, so
			// that psql's \l+ finds every database it lists.
			condition += " AND pg_catalog.has_database_privilege(oid, 'CONNECT')"
		}
	} else if rv.Relname == "pg_shdescription" {
		condition = "classoid <> 'pg_catalog.pg_database'::pg_catalog.regclass OR pg_catalog." +
			visibleDatabaseFunction + "(objoid, NULL::text) = objoid"
	} else {
		return nil
	}
	sub, err := restrictedRelation(rv, condition)
	if err != nil {
		return err
	}
	n.Node = sub
	r.changed = true
	return nil
}

// restrictCall passes the database argument of a call of a function that
// takes one through visibleDatabaseFunction. A call in named notation is
// left alone, because these functions have no argument names, so
// PostgreSQL rejects such a call before it looks up a database.
func (r *databaseRestriction) restrictCall(call *pg.FuncCall) {
	arg, ok := databaseFunction(call)
	if !ok || call.AggStar || call.FuncVariadic {
		return
	}
	i, ok := arg.position[len(call.Args)]
	if !ok {
		return
	}
	for _, a := range call.Args {
		if a.GetNamedArgExpr() != nil {
			return
		}
	}
	r.changed = true
	if arg.replacement != "" {
		call.Funcname = stringNodes("pg_catalog", arg.replacement)
		return
	}
	oidError := typeCast(&pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true}}}, "text", -1)
	if arg.oidError != "" {
		oidError = pg.MakeAConstStrNode(arg.oidError, -1)
	}
	call.Args[i] = pg.MakeFuncCallNode(stringNodes("pg_catalog", visibleDatabaseFunction),
		[]*pg.Node{call.Args[i], oidError}, -1)
}
