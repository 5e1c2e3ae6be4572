package snowflakeemu

import (
	"context"
	"errors"
	"regexp"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Error is an error response of the emulated service: Snowflake's error
// code, SQLSTATE and message.
type Error struct {
	Code     string // such as 002003
	SQLState string // such as 42S02
	Message  string
}

func (e *Error) Error() string { return e.Code + " (" + e.SQLState + "): " + e.Message }

// Snowflake's codes for the errors the emulator returns.
var (
	errCanceled = &Error{Code: "000604", SQLState: "57014", Message: "SQL execution canceled"}
	errLogin    = &Error{Code: "390100", SQLState: "08004",
		Message: "Incorrect username or password was specified."}
)

var (
	missingTable  = regexp.MustCompile(`(?:Table|View|Schema|Catalog) with name (\S+) does not exist`)
	missingColumn = regexp.MustCompile(`Referenced column "?([^"\s]+)"? not found`)
	missingFunc   = regexp.MustCompile(`(?:Scalar|Table|Aggregate) Function with name (\S+) does not exist`)
)

// convertError turns an error of DuckDB into the error Snowflake returns
// for the same failure, with names in Snowflake's spelling.
func convertError(err error) *Error {
	var sfErr *Error
	if errors.As(err, &sfErr) {
		return sfErr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errCanceled
	}
	message := err.Error()
	var duckErr *duckdb.Error
	if errors.As(err, &duckErr) {
		message = duckErr.Msg
		if duckErr.Type == duckdb.ErrorTypeInterrupt {
			return errCanceled
		}
	}
	firstLine, _, _ := strings.Cut(message, "\n")
	if m := missingTable.FindStringSubmatch(firstLine); m != nil {
		return &Error{Code: "002003", SQLState: "42S02",
			Message: "SQL compilation error:\nObject '" + displayName(m[1]) + "' does not exist or not authorized."}
	}
	if m := missingColumn.FindStringSubmatch(firstLine); m != nil {
		return &Error{Code: "000904", SQLState: "42000",
			Message: "SQL compilation error: error line 1 at position 0\ninvalid identifier '" + displayName(m[1]) + "'"}
	}
	if m := missingFunc.FindStringSubmatch(firstLine); m != nil {
		return &Error{Code: "002140", SQLState: "42601",
			Message: "SQL compilation error:\nUnknown function " + displayName(m[1])}
	}
	switch {
	case strings.HasPrefix(firstLine, "Parser Error"):
		return &Error{Code: "001003", SQLState: "42000", Message: "SQL compilation error:\n" + decodeName(firstLine)}
	case strings.Contains(firstLine, "Division by zero"):
		return &Error{Code: "100051", SQLState: "22012", Message: "Division by zero"}
	case strings.HasPrefix(firstLine, "Conversion Error"):
		return &Error{Code: "100038", SQLState: "22018", Message: decodeName(firstLine)}
	case strings.HasPrefix(firstLine, "Catalog Error") && strings.Contains(firstLine, "already exists"):
		return &Error{Code: "002002", SQLState: "42710", Message: "SQL compilation error:\n" + decodeName(firstLine)}
	}
	return &Error{Code: "002003", SQLState: "42000", Message: "SQL compilation error:\n" + decodeName(firstLine)}
}

// displayName writes a DuckDB name in an error message as Snowflake does:
// quoted when it is not all upper case.
func displayName(name string) string {
	name = decodeName(strings.Trim(name, `"`))
	if name != strings.ToUpper(name) {
		return `"` + name + `"`
	}
	return name
}
