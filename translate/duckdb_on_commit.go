package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// OnCommitDropMarker and OnCommitDeleteRowsMarker end the DuckDB rewrite
// of CREATE TEMPORARY TABLE ... ON COMMIT DROP or ON COMMIT DELETE ROWS,
// as SQL comments, because DuckDB cannot parse the clause. The DuckDB
// provider reads them and drops or empties the table when the
// transaction commits.
const (
	OnCommitDropMarker       = " /* pgway: ON COMMIT DROP */"
	OnCommitDeleteRowsMarker = " /* pgway: ON COMMIT DELETE ROWS */"
)

var onCommitMarkers = map[pg.OnCommitAction]string{
	pg.OnCommitAction_ONCOMMIT_DROP:        OnCommitDropMarker,
	pg.OnCommitAction_ONCOMMIT_DELETE_ROWS: OnCommitDeleteRowsMarker,
}

// takeTemporaryOnCommit removes ON COMMIT DROP or ON COMMIT DELETE ROWS
// from CREATE TEMPORARY TABLE and returns its marker, or "". IF NOT
// EXISTS with either fails with 0A000, because the provider could not
// tell whether the statement created the table.
func takeTemporaryOnCommit(stmt *pg.Node) (string, error) {
	var relation *pg.RangeVar
	var onCommit *pg.OnCommitAction
	ifNotExists := false
	if create := stmt.GetCreateStmt(); create != nil {
		relation, onCommit, ifNotExists = create.Relation, &create.Oncommit, create.IfNotExists
	} else if ctas := stmt.GetCreateTableAsStmt(); ctas.GetInto() != nil {
		relation, onCommit, ifNotExists = ctas.Into.Rel, &ctas.Into.OnCommit, ctas.IfNotExists
	} else {
		return "", nil
	}
	marker := onCommitMarkers[*onCommit]
	if marker == "" || relation.GetRelpersistence() != "t" {
		return "", nil
	}
	if ifNotExists {
		return "", unsupported("CREATE TEMPORARY TABLE IF NOT EXISTS ... ON COMMIT", relation.GetLocation(), "")
	}
	*onCommit = pg.OnCommitAction_ONCOMMIT_NOOP
	return marker, nil
}
