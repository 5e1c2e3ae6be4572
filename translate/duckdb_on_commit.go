package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// OnCommit is the ON COMMIT DROP or ON COMMIT DELETE ROWS of CREATE
// TEMPORARY TABLE on DuckDB. DuckDB cannot parse the clause, so the
// rewrite leaves it out and the DuckDB provider drops or empties the
// table when the transaction commits.
type OnCommit struct {
	// Table is the table's name, without quotes or schema.
	Table string
	// Drop is set for ON COMMIT DROP, and unset for ON COMMIT DELETE
	// ROWS.
	Drop bool
}

// temporaryOnCommit returns the OnCommit of CREATE TEMPORARY TABLE ...
// ON COMMIT DROP or ON COMMIT DELETE ROWS, or nil. It reads stmt before
// the rewrite, which removes the clause (takeTemporaryOnCommit).
func temporaryOnCommit(stmt *pg.Node) *OnCommit {
	relation, onCommit, _ := createdOnCommit(stmt)
	if relation.GetRelpersistence() != "t" {
		return nil
	}
	switch onCommit {
	case pg.OnCommitAction_ONCOMMIT_DROP:
		return &OnCommit{Table: relation.Relname, Drop: true}
	case pg.OnCommitAction_ONCOMMIT_DELETE_ROWS:
		return &OnCommit{Table: relation.Relname}
	}
	return nil
}

// createdOnCommit returns the relation, ON COMMIT action and IF NOT
// EXISTS of CREATE TABLE or CREATE TABLE AS, or a nil relation.
func createdOnCommit(stmt *pg.Node) (*pg.RangeVar, pg.OnCommitAction, bool) {
	if create := stmt.GetCreateStmt(); create != nil {
		return create.Relation, create.Oncommit, create.IfNotExists
	}
	if ctas := stmt.GetCreateTableAsStmt(); ctas.GetInto() != nil {
		return ctas.Into.Rel, ctas.Into.OnCommit, ctas.IfNotExists
	}
	return nil, pg.OnCommitAction_ONCOMMIT_NOOP, false
}

// takeTemporaryOnCommit removes ON COMMIT DROP or ON COMMIT DELETE ROWS
// from CREATE TEMPORARY TABLE, which temporaryOnCommit read. IF NOT
// EXISTS with either fails with 0A000, because the provider could not
// tell whether the statement created the table.
func takeTemporaryOnCommit(stmt *pg.Node) error {
	relation, _, ifNotExists := createdOnCommit(stmt)
	if temporaryOnCommit(stmt) == nil {
		return nil
	}
	if ifNotExists {
		return unsupported("CREATE TEMPORARY TABLE IF NOT EXISTS ... ON COMMIT", relation.GetLocation(), "")
	}
	if create := stmt.GetCreateStmt(); create != nil {
		create.Oncommit = pg.OnCommitAction_ONCOMMIT_NOOP
	} else {
		stmt.GetCreateTableAsStmt().Into.OnCommit = pg.OnCommitAction_ONCOMMIT_NOOP
	}
	return nil
}
