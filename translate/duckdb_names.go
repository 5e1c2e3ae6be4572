package translate

import (
	"cmp"
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DuckDB looks a name without a schema up in the temporary relations
// first, then in its search_path. The warehouse session sets that to the
// schemas of PostgreSQL's search_path that exist, or to its default
// schema when none does. DuckDB also matches WITH query names in any
// case.
// checkNames makes each name of a statement find what PostgreSQL finds,
// or rejects the statement, where these lookups differ:
//   - a name that differs only in case from a WITH query's names a
//     relation in PostgreSQL and the WITH query in DuckDB: 0A000;
//   - when no schema of search_path exists, PostgreSQL finds only the
//     temporary relations, which the name is then qualified to, and
//     creates nothing without a schema: 3F000;
//   - with pg_temp first in search_path, CREATE without a schema creates
//     a temporary relation, as CREATE of pg_temp.t does;
//   - with pg_temp after another schema, a temporary relation's name may
//     name a relation of that schema in PostgreSQL: 0A000;
//   - a name that finds a relation only in another case, such as t for
//     "T", finds none in PostgreSQL: 42P01.
//
// r's path lists the schemas that exist. Without it (nil r, or r without
// a search_path), only WITH names and pg_temp.t are checked.
func checkNames(stmt *pg.Node, r *Relations) error {
	created := createdRelations(stmt)
	withNames := map[string]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if cte, ok := msg.(*pg.CommonTableExpr); ok {
			withNames[cte.Ctename] = true
		}
	})
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.RangeVar:
			qualified := v.Schemaname != "" || v.Catalogname != ""
			switch {
			case created[v] && v.Schemaname == "pg_temp" && v.Catalogname == "":
				// CREATE TABLE pg_temp.t creates a temporary table.
				v.Schemaname, v.Relpersistence = "", "t"
			case created[v] && !qualified:
				err = r.checkCreate(v)
			case created[v] || !qualified && withNames[v.Relname]:
			case qualified:
				err = r.checkCase(v)
			default:
				for name := range withNames {
					if strings.EqualFold(name, v.Relname) {
						err = unsupportedf(v.Location,
							"relation %q named like the WITH query %q in another case is not supported on this warehouse", v.Relname, name)
						return
					}
				}
				if err = r.checkReference(v); err == nil {
					err = r.checkCase(v)
				}
			}
		case *pg.DropStmt:
			err = r.checkDropNames(v)
		case *pg.FuncCall:
			err = r.checkSequenceName(v)
		}
	})
	return err
}

// sequenceFunctions are the functions whose first argument names a
// sequence.
var sequenceFunctions = map[string]bool{"nextval": true, "currval": true, "setval": true}

// checkSequenceName fails with 42P01 for a sequence function's constant
// name without a schema when no schema of search_path exists: DuckDB
// would find the sequence in public, PostgreSQL finds none.
func (r *Relations) checkSequenceName(call *pg.FuncCall) error {
	if r.hasSchema() || !sequenceFunctions[strings.ToLower(lastName(call.Funcname))] || len(call.Args) == 0 {
		return nil
	}
	arg := call.Args[0]
	if tc := arg.GetTypeCast(); tc != nil {
		arg = tc.Arg
	}
	name := arg.GetAConst().GetSval().GetSval()
	if name == "" || strings.Contains(name, ".") || r.hidden[strings.ToLower(name)] {
		return nil
	}
	return &Error{Code: "42P01", Message: "relation \"" + name + "\" does not exist", Position: int(call.Location) + 1}
}

// createdRelations returns the relations that stmt creates.
func createdRelations(stmt *pg.Node) map[*pg.RangeVar]bool {
	created := map[*pg.RangeVar]bool{}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.CreateStmt:
			created[v.Relation] = true
		case *pg.ViewStmt:
			created[v.View] = true
		case *pg.CreateSeqStmt:
			created[v.Sequence] = true
		case *pg.IntoClause:
			created[v.Rel] = true
		}
	})
	delete(created, nil)
	return created
}

// checkCase rejects a name that finds a warehouse relation only in
// another case, such as t for "T": DuckDB matches names in any case,
// where PostgreSQL finds no relation.
func (r *Relations) checkCase(rel *pg.RangeVar) error {
	if r == nil || rel.Catalogname != "" || rel.Schemaname == "pg_temp" {
		return nil
	}
	found := r.lookup(rel.Schemaname, rel.Relname)
	if found == nil || found.name == "" || found.name == rel.Relname && (rel.Schemaname == "" || found.schema == rel.Schemaname) {
		return nil
	}
	name := rel.Relname
	if rel.Schemaname != "" {
		name = rel.Schemaname + "." + name
	}
	return &Error{Code: "42P01", Message: "relation \"" + name + "\" does not exist", Position: int(rel.Location) + 1,
		Hint: "DuckDB would find " + quoteIdentifier(found.schema) + "." + quoteIdentifier(found.name) + ", whose name differs in case."}
}

// hasSchema reports whether a schema of search_path other than pg_temp
// exists. It is true when r does not know search_path.
func (r *Relations) hasSchema() bool {
	if r == nil || r.path == nil {
		return true
	}
	for _, schema := range r.path {
		if schema != "pg_temp" {
			return true
		}
	}
	return false
}

// temporaryAfterSchema reports whether search_path names pg_temp after a
// schema that exists.
func (r *Relations) temporaryAfterSchema() bool {
	if r == nil {
		return false
	}
	for i, schema := range r.path {
		if schema == "pg_temp" {
			return i > 0
		}
	}
	return false
}

// checkCreate checks rel, a relation that a statement creates without a
// schema, and makes it temporary when pg_temp comes first in search_path.
func (r *Relations) checkCreate(rel *pg.RangeVar) error {
	if rel.Relpersistence == "t" || r == nil || r.path == nil {
		return nil
	}
	if len(r.path) > 0 && r.path[0] == "pg_temp" {
		rel.Relpersistence = "t"
		return nil
	}
	if !r.hasSchema() {
		return &Error{Code: "3F000", Message: "no schema has been selected to create in", Position: int(rel.Location) + 1}
	}
	return nil
}

// checkReference checks rel, a name without a schema that a statement
// reads or changes.
func (r *Relations) checkReference(rel *pg.RangeVar) error {
	if r == nil {
		return nil
	}
	temporary := r.hidden[strings.ToLower(rel.Relname)]
	switch {
	case temporary && r.temporaryAfterSchema():
		return r.temporaryAfterSchemaError(rel.Relname, rel.Location)
	case r.hasSchema():
		return nil
	case temporary:
		rel.Catalogname, rel.Schemaname = "temp", "main"
		return nil
	}
	return &Error{Code: "42P01", Message: "relation \"" + rel.Relname + "\" does not exist", Position: int(rel.Location) + 1}
}

func (r *Relations) temporaryAfterSchemaError(name string, location int32) error {
	return &Error{Code: CodeFeatureNotSupported,
		Message:  "temporary relation \"" + name + "\" with pg_temp after other schemas in search_path is not supported on this warehouse",
		Hint:     "Name its schema, or put pg_temp first in search_path.",
		Position: int(location) + 1}
}

// droppedKinds are the words of PostgreSQL's errors for the kinds of
// relations that DROP names.
var droppedKinds = map[pg.ObjectType]string{
	pg.ObjectType_OBJECT_TABLE:    "table",
	pg.ObjectType_OBJECT_VIEW:     "view",
	pg.ObjectType_OBJECT_SEQUENCE: "sequence",
	pg.ObjectType_OBJECT_INDEX:    "index",
	pg.ObjectType_OBJECT_MATVIEW:  "materialized view",
}

// checkDropNames checks the relations without a schema that DROP names.
// When no schema of search_path exists they are looked up among the
// temporary relations only.
func (r *Relations) checkDropNames(drop *pg.DropStmt) error {
	kind, ok := droppedKinds[drop.RemoveType]
	if !ok || r == nil {
		return nil
	}
	for _, object := range drop.Objects {
		list := object.GetList()
		items := list.GetItems()
		if len(items) == 0 || len(items) > 2 {
			continue
		}
		schema, name := "", items[len(items)-1].GetString_().GetSval()
		if len(items) == 2 {
			schema = items[0].GetString_().GetSval()
		}
		missing := &Error{Code: "42P01", Message: kind + " \"" + name + "\" does not exist"}
		if drop.RemoveType == pg.ObjectType_OBJECT_INDEX {
			missing.Code = "42704"
		}
		temporary := schema == "" && r.hidden[strings.ToLower(name)]
		found := r.lookup(schema, name)
		switch {
		case schema == "pg_temp":
		case temporary && r.temporaryAfterSchema():
			return r.temporaryAfterSchemaError(name, -1)
		case !temporary && found != nil && found.name != "" && (found.name != name || schema != "" && found.schema != schema):
			// DuckDB would drop the relation of another case.
			if !drop.MissingOk {
				return missing
			}
			list.Items = qualifiedNames("temp", "main", items[len(items)-1])
		case schema != "" || r.hasSchema():
		case temporary || drop.MissingOk:
			list.Items = qualifiedNames("temp", "main", items[0])
		default:
			return missing
		}
	}
	return nil
}

// checkColumnCase rejects a name of a column or of a FROM item that the
// statement, or a warehouse relation it reads, defines only in another
// case, such as amount for "Amount" or orders.id for "Orders". DuckDB
// matches such names in any case, where PostgreSQL finds none. It also
// rejects names that differ only in case in one list of columns, which
// DuckDB cannot tell apart. Such lists are aliases, as in 1 AS "A", 2 AS
// a, and the columns of CREATE TABLE, of a subquery in FROM or of a WITH
// query.
// NOTE: the check is over the whole statement, not by scope: a name
// defined in its case anywhere in it counts as found.
func (r *Relations) checkColumnCase(stmt *pg.Node) error {
	// defined holds each name that the statement or its relations define,
	// by its lower-case form, and exact the names themselves.
	defined := map[string]string{}
	exact := map[string]bool{}
	define := func(name string) {
		if name != "" {
			defined[strings.ToLower(name)], exact[name] = name, true
		}
	}
	// assigned are the columns that INSERT and UPDATE name, by the name of
	// their relation.
	assigned := map[*pg.ResTarget]string{}
	type use struct {
		name, relation string
		qualifier      bool
		location       int32
	}
	var checked []use
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.InsertStmt:
			for _, col := range v.Cols {
				assigned[col.GetResTarget()] = v.Relation.GetRelname()
			}
		case *pg.UpdateStmt:
			for _, t := range v.TargetList {
				assigned[t.GetResTarget()] = v.Relation.GetRelname()
			}
		case *pg.SelectStmt:
			var names []string
			for _, t := range v.TargetList {
				if _, ok := assigned[t.GetResTarget()]; !ok {
					names = append(names, t.GetResTarget().GetName())
				}
			}
			err = cmp.Or(err, sameButCase(names))
		case *pg.Alias:
			err = cmp.Or(err, sameButCase(names(v.Colnames)))
		case *pg.CommonTableExpr:
			err = cmp.Or(err, sameButCase(names(v.Aliascolnames)), sameButCase(derivedNames(v.Ctequery, v.Aliascolnames)))
		case *pg.RangeSubselect:
			err = cmp.Or(err, sameButCase(derivedNames(v.Subquery, v.GetAlias().GetColnames())))
		case *pg.CreateTableAsStmt:
			err = cmp.Or(err, sameButCase(derivedNames(v.Query, v.GetInto().GetColNames())))
		case *pg.ViewStmt:
			err = cmp.Or(err, sameButCase(derivedNames(v.Query, v.Aliases)))
		case *pg.CreateStmt:
			err = cmp.Or(err, sameButCase(columnDefNames(v.TableElts)))
		}
	})
	if err != nil {
		return err
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.RangeVar:
			define(v.Relname)
			if r == nil || v.Catalogname != "" || v.Schemaname == "pg_temp" {
				return
			}
			if rel := r.lookup(v.Schemaname, v.Relname); rel != nil {
				for _, c := range rel.columns {
					define(c.spelled)
				}
			}
		case *pg.ResTarget:
			if relation, ok := assigned[v]; ok {
				checked = append(checked, use{name: v.Name, relation: relation, location: v.Location})
			} else {
				define(v.Name)
			}
		case *pg.Alias:
			define(v.Aliasname)
			for _, c := range v.Colnames {
				define(c.GetString_().GetSval())
			}
		case *pg.CommonTableExpr:
			define(v.Ctename)
			for _, c := range v.Aliascolnames {
				define(c.GetString_().GetSval())
			}
		case *pg.ColumnDef:
			define(v.Colname)
		case *pg.ColumnRef:
			for i, field := range v.Fields {
				if name := field.GetString_().GetSval(); name != "" {
					checked = append(checked, use{name: name, qualifier: i < len(v.Fields)-1, location: v.Location})
				}
			}
		}
	})
	for _, u := range checked {
		spelled, ok := defined[strings.ToLower(u.name)]
		if !ok || exact[u.name] {
			continue
		}
		hint := "DuckDB would find " + quoteIdentifier(spelled) + ", whose name differs in case."
		switch {
		case u.qualifier:
			return &Error{Code: "42P01", Message: "missing FROM-clause entry for table \"" + u.name + "\"",
				Position: int(u.location) + 1, Hint: hint}
		case u.relation != "":
			return &Error{Code: "42703", Message: "column \"" + u.name + "\" of relation \"" + u.relation + "\" does not exist",
				Position: int(u.location) + 1, Hint: hint}
		}
		return &Error{Code: "42703", Message: "column \"" + u.name + "\" does not exist", Position: int(u.location) + 1, Hint: hint}
	}
	return nil
}

// sameButCase rejects a list of column names two of which differ only in
// case.
func sameButCase(names []string) error {
	seen := map[string]string{}
	for _, name := range names {
		if name == "" {
			continue
		}
		if other, ok := seen[strings.ToLower(name)]; ok && other != name {
			return &Error{Code: CodeFeatureNotSupported,
				Message: fmt.Sprintf("columns %q and %q, whose names differ only in case, are not supported on this warehouse", other, name),
				Hint:    "DuckDB matches names in any case. Rename one of them."}
		}
		seen[strings.ToLower(name)] = name
	}
	return nil
}
