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
	if e := AsError(err); e != nil {
		return e // checkExpressionDepth's
	}
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		return &Error{Code: parserErrorCode(pe.Message), Message: pe.Message, Position: pe.Cursorpos}
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

// postgresTypes are the names, as the parser writes them, of PostgreSQL's
// built-in types and PostGIS's, which a warehouse may lack.
var postgresTypes = map[string]bool{
	"bit": true, "varbit": true, "bool": true, "box": true, "bpchar": true, "bytea": true, "char": true,
	"cid": true, "cidr": true, "circle": true, "date": true, "float4": true, "float8": true, "inet": true,
	"int2": true, "int4": true, "int8": true, "interval": true, "json": true, "jsonb": true, "jsonpath": true,
	"line": true, "lseg": true, "macaddr": true, "macaddr8": true, "money": true, "name": true,
	"numeric": true, "oid": true, "path": true, "pg_lsn": true, "pg_snapshot": true, "point": true,
	"polygon": true, "text": true, "tid": true, "time": true, "timetz": true, "timestamp": true,
	"timestamptz": true, "tsquery": true, "tsvector": true, "txid_snapshot": true, "uuid": true,
	"varchar": true, "xid": true, "xid8": true, "xml": true, "record": true, "void": true,
	"int4range": true, "int8range": true, "numrange": true, "tsrange": true, "tstzrange": true,
	"daterange": true, "int4multirange": true, "int8multirange": true, "nummultirange": true,
	"tsmultirange": true, "tstzmultirange": true, "datemultirange": true,
	"regclass": true, "regcollation": true, "regconfig": true, "regdictionary": true,
	"regnamespace": true, "regoper": true, "regoperator": true, "regproc": true,
	"regprocedure": true, "regrole": true, "regtype": true, "int2vector": true, "oidvector": true,
	"serial": true, "bigserial": true, "smallserial": true, "serial2": true, "serial4": true, "serial8": true,
	"geometry": true, "geography": true, "box2d": true, "box3d": true,
}

// unsupportedType returns the error for a type that a warehouse cannot
// take: 0A000 for a type of PostgreSQL's, and PostgreSQL's 42704 for
// another name, such as that of a type created in another database.
func unsupportedType(name string, location int32, hint string) *Error {
	if !postgresTypes[name] {
		return &Error{Code: "42704", Message: fmt.Sprintf("type %q does not exist", name), Position: int(location) + 1}
	}
	return unsupported("type "+name, location, hint)
}
