package providers

// OnCommitSetter is implemented by a Statement of a warehouse that cannot
// parse ON COMMIT DROP or ON COMMIT DELETE ROWS of CREATE TEMPORARY
// TABLE, whose rewrite leaves the clause out. After Prepare, the engine
// calls SetOnCommit with the created table's name, without quotes or
// schema, and drop set for ON COMMIT DROP. When the statement runs, the
// session then drops or empties the table as the transaction that
// created it commits.
type OnCommitSetter interface {
	SetOnCommit(table string, drop bool)
}
