package translate

import (
	"errors"
	"fmt"
	"unicode/utf8"

	pgparser "github.com/pganalyze/pg_query_go/v6/parser"
)

// SQLSTATE codes that translate returns.
const (
	CodeFeatureNotSupported = "0A000"
	CodeSyntaxError         = "42601"
	CodeUndefinedFunction   = "42883"
	CodeInternalError       = "XX000"
)

// Error is a statement that pgway cannot run, with the fields of a
// PostgreSQL ErrorResponse.
type Error struct {
	// Code is the SQLSTATE.
	Code    string
	Message string
	Hint    string
	// Position is the 1-based character offset of the construct in the
	// statement text that Translate received, 0 when unknown.
	Position int
}

func (e *Error) Error() string {
	return e.Message
}

// AsError returns err as an *Error, or nil when it is not one.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// unsupported returns a 0A000 error for a construct at byte offset
// location of the statement, or -1 when the parser gave none.
func unsupported(construct string, location int32, hint string) *Error {
	return &Error{
		Code:     CodeFeatureNotSupported,
		Message:  construct + " is not supported on this warehouse",
		Hint:     hint,
		Position: int(location) + 1,
	}
}

func unsupportedf(location int32, format string, args ...any) *Error {
	return &Error{
		Code:     CodeFeatureNotSupported,
		Message:  fmt.Sprintf(format, args...),
		Position: int(location) + 1,
	}
}

// syntaxError converts an error of the parser. Parser cursor positions
// are 1-based character offsets already.
func syntaxError(err error) *Error {
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		return &Error{Code: CodeSyntaxError, Message: pe.Message, Position: pe.Cursorpos}
	}
	return &Error{Code: CodeSyntaxError, Message: err.Error()}
}

// withCharPosition turns Position from a 1-based byte offset into the
// 1-based character offset that PostgreSQL reports.
func (e *Error) withCharPosition(sql string) *Error {
	if e.Position <= 0 {
		e.Position = 0
		return e
	}
	if e.Position-1 <= len(sql) {
		e.Position = utf8.RuneCountInString(sql[:e.Position-1]) + 1
	}
	return e
}
