package duckdb

import bindings "github.com/duckdb/duckdb-go-bindings"

// statementKind is DuckDB's statement type.
type statementKind bindings.StatementType

// returnsRows reports whether the statement is read as a result set. An
// INSERT, UPDATE or DELETE is read as one when it has RETURNING (see
// statement.returnsRows).
func (k statementKind) returnsRows() bool {
	switch bindings.StatementType(k) {
	case bindings.StatementTypeSelect, bindings.StatementTypeExplain,
		bindings.StatementTypePragma, bindings.StatementTypeCall:
		return true
	}
	return false
}

// modifiesRows reports whether the statement is an INSERT, UPDATE,
// DELETE or MERGE INTO.
func (k statementKind) modifiesRows() bool {
	switch bindings.StatementType(k) {
	case bindings.StatementTypeInsert, bindings.StatementTypeUpdate, bindings.StatementTypeDelete,
		bindings.StatementTypeMergeInto:
		return true
	}
	return false
}

// readOnly reports whether the statement may run on a read-only database.
func (k statementKind) readOnly() bool {
	switch bindings.StatementType(k) {
	case bindings.StatementTypeSelect, bindings.StatementTypeExplain:
		return true
	}
	return false
}

// statementTags are the command tags of statements without rows.
var statementTags = map[bindings.StatementType]string{
	bindings.StatementTypeSelect:      "SELECT",
	bindings.StatementTypeInsert:      "INSERT",
	bindings.StatementTypeUpdate:      "UPDATE",
	bindings.StatementTypeDelete:      "DELETE",
	bindings.StatementTypeExplain:     "EXPLAIN",
	bindings.StatementTypeCreate:      "CREATE",
	bindings.StatementTypeCreateFunc:  "CREATE FUNCTION",
	bindings.StatementTypeDrop:        "DROP",
	bindings.StatementTypeAlter:       "ALTER",
	bindings.StatementTypeCopy:        "COPY",
	bindings.StatementTypeSet:         "SET",
	bindings.StatementTypeVariableSet: "SET",
	bindings.StatementTypeAttach:      "ATTACH",
	bindings.StatementTypeDetach:      "DETACH",
	bindings.StatementTypeLoad:        "LOAD",
	bindings.StatementTypeVacuum:      "VACUUM",
	bindings.StatementTypeAnalyze:     "ANALYZE",
	bindings.StatementTypeExport:      "EXPORT",
	bindings.StatementTypeTransaction: "TRANSACTION",
	bindings.StatementTypePragma:      "PRAGMA",
	bindings.StatementTypeCall:        "CALL",
}

// tag is the command tag of a statement without rows.
//
// TODO: PostgreSQL names the object kind in DDL tags ("CREATE TABLE");
// DuckDB's statement type does not say it.
func (k statementKind) tag() string {
	if name, ok := statementTags[bindings.StatementType(k)]; ok {
		return name
	}
	return "STATEMENT"
}
