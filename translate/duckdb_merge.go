package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL 15's MERGE runs on DuckDB as MERGE INTO, which has the same
// clauses and tries them in the same order for each joined row. These
// are WHEN MATCHED [AND condition] THEN UPDATE, DELETE or DO NOTHING, and
// WHEN NOT MATCHED [AND condition] THEN INSERT or DO NOTHING. Both count the
// inserted, updated and deleted rows in the command tag, and both fail
// when an UPDATE or DELETE would change a target row that a second source
// row matches, which the DuckDB provider sends as PostgreSQL's 21000.
// RETURNING and WHEN NOT MATCHED BY SOURCE, which PostgreSQL added in
// version 17, fail with 0A000, as does OVERRIDING.
// NOTE: WHEN NOT MATCHED BY TARGET, version 17's spelling of WHEN NOT
// MATCHED, parses to the same tree, so it runs where PostgreSQL 15
// raises a syntax error.

// checkMerge rejects the parts of MERGE that DuckDB does not run as
// PostgreSQL 15 does, and drops ONLY.
func checkMerge(stmt *pg.Node) error {
	merge := stmt.GetMergeStmt()
	if merge == nil {
		return nil
	}
	if len(merge.ReturningList) > 0 {
		return unsupported("MERGE ... RETURNING", exprLocation(merge.ReturningList[0]), "")
	}
	// DuckDB's tables have no children, so ONLY changes nothing there.
	merge.Relation.Inh = true
	for _, n := range merge.MergeWhenClauses {
		when := n.GetMergeWhenClause()
		if when.GetMatchKind() == pg.MergeMatchKind_MERGE_WHEN_NOT_MATCHED_BY_SOURCE {
			return unsupportedf(0, "MERGE ... WHEN NOT MATCHED BY SOURCE is not supported on this warehouse")
		}
		if when.GetOverride() != pg.OverridingKind_OVERRIDING_NOT_SET {
			return unsupportedf(0, "MERGE ... INSERT OVERRIDING is not supported on this warehouse")
		}
	}
	return nil
}

// assignMergeColumnTypes applies the types of the target's columns to
// the values that the UPDATE and INSERT actions of MERGE assign to them,
// as assignColumnTypes does for INSERT and UPDATE.
func assignMergeColumnTypes(stmt *pg.Node, r *Relations) {
	merge := stmt.GetMergeStmt()
	if merge == nil {
		return
	}
	rel := r.lookup(merge.Relation.GetSchemaname(), merge.Relation.GetRelname())
	if rel == nil || rel.opaque {
		return
	}
	for _, n := range merge.MergeWhenClauses {
		when := n.GetMergeWhenClause()
		switch when.GetCommandType() {
		case pg.CmdType_CMD_UPDATE:
			assignSetList(when.TargetList, rel)
		case pg.CmdType_CMD_INSERT:
			columns := insertedColumns(&pg.InsertStmt{Cols: when.TargetList}, rel)
			for i, value := range when.Values {
				if column, ok := columns[i]; ok && value.GetSetToDefault() == nil {
					when.Values[i] = assignedValue(value, column)
				}
			}
		}
	}
}

// commentedRelation returns the table or view that COMMENT ON TABLE, VIEW
// or COLUMN names, and nil for other objects.
func commentedRelation(c *pg.CommentStmt) *pg.RangeVar {
	names := c.GetObject().GetList().GetItems()
	if c.GetObjtype() == pg.ObjectType_OBJECT_COLUMN && len(names) > 1 {
		names = names[:len(names)-1]
	} else if c.GetObjtype() != pg.ObjectType_OBJECT_TABLE && c.GetObjtype() != pg.ObjectType_OBJECT_VIEW {
		return nil
	}
	rv := &pg.RangeVar{Inh: true, Relpersistence: "p", Location: -1}
	switch len(names) {
	case 1:
		rv.Relname = names[0].GetString_().GetSval()
	case 2:
		rv.Schemaname, rv.Relname = names[0].GetString_().GetSval(), names[1].GetString_().GetSval()
	case 3:
		rv.Catalogname, rv.Schemaname, rv.Relname = names[0].GetString_().GetSval(),
			names[1].GetString_().GetSval(), names[2].GetString_().GetSval()
	default:
		return nil
	}
	return rv
}

// rewriteComment lets COMMENT ON TABLE, VIEW and COLUMN run on DuckDB,
// which stores the comment in its own catalog, and rejects comments on
// other objects with 0A000. It renames the schemas public and pg_temp as
// publicToMain does. A column that Relations lists the relation without fails
// with PostgreSQL's 42703. PostgreSQL drops a comment of ” as it drops
// NULL, and the deparser writes both as IS NULL.
// NOTE: COMMENT ON TABLE of a view and COMMENT ON VIEW of a table, which
// PostgreSQL rejects with 42809, are checked by the DuckDB provider.
func rewriteComment(stmt *pg.Node, r *Relations) error {
	c := stmt.GetCommentStmt()
	if c == nil {
		return nil
	}
	rv := commentedRelation(c)
	if rv == nil {
		word := strings.TrimPrefix(c.Objtype.String(), "OBJECT_")
		return unsupportedf(0, "COMMENT ON %s is not supported on this warehouse", strings.ReplaceAll(word, "_", " "))
	}
	if c.Objtype == pg.ObjectType_OBJECT_COLUMN {
		items := c.Object.GetList().GetItems()
		column := items[len(items)-1].GetString_().GetSval()
		if rel := r.lookup(rv.Schemaname, rv.Relname); rel != nil && !rel.opaque && !rel.has(strings.ToLower(column)) {
			return &Error{Code: "42703",
				Message: "column \"" + column + "\" of relation \"" + strings.Join(names(items[:len(items)-1]), ".") + "\" does not exist"}
		}
	}
	list := c.Object.GetList()
	catalog := ""
	if r != nil {
		catalog = r.catalog
	}
	if rv.Catalogname == "" {
		switch rv.Schemaname {
		case "public":
			list.Items = append(qualifiedNames(catalog, "main", list.Items[1]), list.Items[2:]...)
		case "pg_temp":
			list.Items = append(qualifiedNames("temp", "main", list.Items[1]), list.Items[2:]...)
		}
	}
	return nil
}
