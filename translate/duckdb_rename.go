package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// dbt and other tools build a table or view under a temporary name and
// then rename it, and may run ANALYZE after loading it. DuckDB renames
// tables, views and columns as PostgreSQL does, ALTER TABLE renaming a
// view too, and its ANALYZE changes no data, so these run on DuckDB
// files. The other warehouses reject them.

// duckDBOnlyStatements are the statement types, by statementName, that
// only the DuckDB dialect runs.
// MERGE and COMMENT run on DuckDB as duckdb_merge.go describes.
var duckDBOnlyStatements = map[string]bool{"ALTER ... RENAME": true, "VACUUM": true, "MERGE": true, "COMMENT": true}

// checkDuckDBOnly rejects a statement that only DuckDB runs where duck is
// false: on another warehouse, and on the catalog's relations, which
// pgway mirrors for reading only.
func checkDuckDBOnly(stmt *pg.Node, duck bool) error {
	if name := statementName(stmt); !duck && duckDBOnlyStatements[name] {
		return &Error{Code: CodeFeatureNotSupported, Message: name + " is not supported on this warehouse", Position: 1}
	}
	return nil
}

// checkRenameAnalyze lets through the renames and the ANALYZE that DuckDB
// runs as PostgreSQL does, and rejects the others with 0A000. rel, which
// may be nil, gives PostgreSQL's errors for the columns of a rename.
func checkRenameAnalyze(stmt *pg.Node, rel *Relations) error {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_RenameStmt:
		r := v.RenameStmt
		kind := r.RenameType
		if kind == pg.ObjectType_OBJECT_COLUMN {
			kind = r.RelationType
		}
		switch {
		case kind != pg.ObjectType_OBJECT_TABLE && kind != pg.ObjectType_OBJECT_VIEW:
			return unsupportedf(0, "ALTER ... RENAME of this object is not supported on this warehouse")
		case r.RenameType == pg.ObjectType_OBJECT_COLUMN && kind != pg.ObjectType_OBJECT_TABLE:
			// DuckDB cannot rename a view's column.
			return unsupportedf(0, "ALTER VIEW ... RENAME COLUMN is not supported on this warehouse")
		case r.MissingOk:
			// PostgreSQL's NOTICE for a missing relation would be lost.
			return unsupportedf(0, "ALTER ... IF EXISTS ... RENAME is not supported on this warehouse")
		case !r.Relation.GetInh():
			return unsupportedf(r.Relation.GetLocation(), "ALTER TABLE ONLY is not supported on this warehouse")
		case r.Relation.Schemaname == "pg_temp" || r.Relation.Schemaname == "" && rel != nil && rel.hidden[strings.ToLower(r.Relation.Relname)]:
			// The session tracks its temporary relations by the names
			// that created them.
			return unsupportedf(r.Relation.GetLocation(), "ALTER ... RENAME of a temporary relation is not supported on this warehouse")
		}
		if err := unplaced(rel.checkCase(r.Relation)); err != nil {
			return err
		}
		if r.RenameType == pg.ObjectType_OBJECT_COLUMN {
			return checkRenamedColumn(r, rel)
		}
	case *pg.Node_VacuumStmt:
		vs := v.VacuumStmt
		if vs.IsVacuumcmd {
			return unsupportedf(0, "VACUUM is not supported on this warehouse")
		}
		if len(vs.Options) > 0 {
			// VERBOSE would send PostgreSQL's INFO messages.
			return unsupportedf(0, "ANALYZE with options is not supported on this warehouse")
		}
		if len(vs.Rels) > 1 {
			return unsupportedf(0, "ANALYZE of several tables is not supported on this warehouse")
		}
		for _, r := range vs.Rels {
			vr := r.GetVacuumRelation()
			if vr == nil {
				continue
			}
			if len(vr.VaCols) > 0 {
				return unsupportedf(vr.Relation.GetLocation(), "ANALYZE of columns is not supported on this warehouse")
			}
			if err := unplaced(rel.checkCase(vr.Relation)); err != nil {
				return err
			}
		}
	}
	return nil
}

// renameAnalyzeTag returns PostgreSQL's command tag of a rename or
// ANALYZE, or "" for another statement. PostgreSQL names the statement's
// object kind: ALTER TABLE also where it renames a view.
func renameAnalyzeTag(stmt *pg.Node) string {
	switch v := stmt.GetNode().(type) {
	case *pg.Node_RenameStmt:
		kind := v.RenameStmt.RenameType
		if kind == pg.ObjectType_OBJECT_COLUMN {
			kind = v.RenameStmt.RelationType
		}
		if kind == pg.ObjectType_OBJECT_VIEW {
			return "ALTER VIEW"
		}
		return "ALTER TABLE"
	case *pg.Node_VacuumStmt:
		if !v.VacuumStmt.IsVacuumcmd {
			return "ANALYZE"
		}
	}
	return ""
}

// checkRenamedColumn returns PostgreSQL's errors for a column to rename
// that the table does not have and for a new name that it has, where
// DuckDB's are others. It checks nothing when the columns are unknown.
func checkRenamedColumn(r *pg.RenameStmt, rel *Relations) error {
	table := rel.lookup(r.Relation.Schemaname, r.Relation.Relname)
	if table == nil || table.opaque {
		return nil
	}
	has := func(name string) bool {
		for _, c := range table.columns {
			if c.spelled == name || c.spelled == "" && c.name == name {
				return true
			}
		}
		return false
	}
	switch {
	case !has(r.Subname):
		return &Error{Code: "42703", Message: "column \"" + r.Subname + "\" does not exist"}
	case has(r.Newname):
		return &Error{Code: "42701", Message: "column \"" + r.Newname + "\" of relation \"" + r.Relation.Relname + "\" already exists"}
	}
	return nil
}

// renamedRelationError returns PostgreSQL's error for a relation that a
// rename or ANALYZE names and that does not exist, whose message names
// its schema as the statement writes it and which has no position. It
// reports false for other statements and names.
func renamedRelationError(stmt *pg.Node, name string) (NameError, bool) {
	var rv *pg.RangeVar
	switch v := stmt.GetNode().(type) {
	case *pg.Node_RenameStmt:
		rv = v.RenameStmt.Relation
	case *pg.Node_VacuumStmt:
		if len(v.VacuumStmt.Rels) == 1 {
			rv = v.VacuumStmt.Rels[0].GetVacuumRelation().GetRelation()
		}
	}
	if rv == nil || rv.Relname != name {
		return NameError{}, false
	}
	if rv.Schemaname != "" {
		name = rv.Schemaname + "." + name
	}
	return NameError{Message: "relation \"" + name + "\" does not exist"}, true
}

// unplaced drops the position of an error for the relation of a rename
// or ANALYZE, which PostgreSQL reports without one.
func unplaced(err error) error {
	if e := AsError(err); e != nil {
		e.Position = 0
		return e
	}
	return err
}
