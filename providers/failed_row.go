package providers

import "context"

// FailedRowFinder is implemented by a RowInserter that can find the row
// of a batch whose error made InsertRows fail, which the warehouse does
// not name.
type FailedRowFinder interface {
	// FindFailedRow inserts leading rows of args, in the form InsertRows
	// takes, on a connection outside the session's transaction, and
	// rolls every insert back. It returns the index of the first row
	// whose insert fails after the rows before it, with that insert's
	// error, or -1 and nil when all the rows insert. The inserts see the
	// committed data only, without the session transaction's changes.
	FindFailedRow(ctx context.Context, stmt Statement, args []any) (int, error)
}
