package proxy

import (
	"context"

	"pgway/translate"
)

// temporaryColumns returns the column types of the session's temporary
// tables and views, nil when the session has none or they are unknown,
// and a number that changes when they may have changed.
func (e *engine) temporaryColumns() (map[string][]translate.RelationColumn, uint64) {
	if len(e.temporaryRelations) == 0 {
		return nil, 0
	}
	typer, ok := e.provider.(relationTyper)
	if !ok {
		return nil, 0
	}
	return typer.TemporaryColumns(context.Background())
}

// withTemporaryTables returns the query that the mirror database
// describes for sql, whose temporary tables it lacks
// (translate.WithTemporaryTables). It reports false when sql names one of
// them and the mirror cannot describe it.
func (e *engine) withTemporaryTables(sql string) (string, bool) {
	columns, _ := e.temporaryColumns()
	return translate.WithTemporaryTables(sql, e.temporaryRelations, columns)
}
