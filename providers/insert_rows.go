package providers

import (
	"context"
	"errors"
)

// RowInserter is implemented by a Session that can run an INSERT ...
// VALUES of one row of parameters for many rows at once, which COPY FROM
// STDIN uses. It plans the statement once for all the rows, where one
// Execute of a many-row INSERT may be planned again at each call.
type RowInserter interface {
	// InsertRows runs stmt once for each row of args, as one statement
	// in the session's transaction. args holds the rows one after the
	// other, each with one value per parameter of stmt, of the types
	// that Execute takes. It returns ErrRowsNotInsertable, before it
	// changes anything, when it cannot run stmt or these values this
	// way, and the caller then uses Execute.
	InsertRows(ctx context.Context, stmt Statement, args []any) error
}

// ErrRowsNotInsertable is returned by InsertRows for a statement or
// values that it cannot insert at once.
var ErrRowsNotInsertable = errors.New("statement cannot insert many rows at once")
