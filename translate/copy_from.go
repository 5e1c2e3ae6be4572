package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// CopyFromTable is the key of Statement.Copy that COPY table [(columns)]
// FROM STDIN sets, to the table's name as an INSERT names it. The query
// of the statement selects the columns that the rows fill, in order.
const CopyFromTable = "pgway.copy_from_table"

// checkCopyFrom rejects the forms of COPY FROM that pgway does not run:
// from a server file or program, which would read pgway's own files,
// with WHERE, and an option named as CopyFromTable.
func checkCopyFrom(c *pg.CopyStmt) error {
	for _, opt := range c.Options {
		if opt.GetDefElem().GetDefname() == CopyFromTable {
			return &Error{Code: CodeSyntaxError, Message: "option \"" + CopyFromTable + "\" not recognized"}
		}
	}
	switch {
	case !c.IsFrom:
		return nil
	case c.Filename != "" || c.IsProgram:
		return unsupportedf(-1, "COPY FROM a server file or program is not supported")
	case c.WhereClause != nil:
		return unsupported("COPY FROM ... WHERE", exprLocation(c.WhereClause), "")
	}
	return nil
}

// copyFromTable returns the quoted, qualified name of the table of COPY
// FROM, as PostgreSQL SQL writes it.
func copyFromTable(rv *pg.RangeVar) string {
	name := QuoteIdentifier(rv.Relname)
	if rv.Schemaname != "" {
		name = QuoteIdentifier(rv.Schemaname) + "." + name
	}
	if rv.Catalogname != "" {
		name = QuoteIdentifier(rv.Catalogname) + "." + name
	}
	return name
}
