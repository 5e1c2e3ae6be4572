package duckdb

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/providers/geometry"
	"pgway/translate"
)

// convertError turns an error from the DuckDB driver into a
// providers.Error with the SQLSTATE PostgreSQL uses for the same failure,
// and PostgreSQL's message where it maps DuckDB's. It is the only place
// DuckDB errors are mapped.
func convertError(err error) error {
	if err == nil {
		return nil
	}
	var already *providers.Error
	if errors.As(err, &already) {
		return err
	}
	var input *geometry.InputError
	if errors.As(err, &input) {
		// A geometry that pgway cannot send, found as it converts a row.
		return &providers.Error{Code: input.Code, Message: input.Message, Err: err}
	}
	if errors.Is(err, context.Canceled) || isInterrupt(err) {
		return &providers.Error{Code: "57014", Message: "canceling statement due to user request", Err: err}
	}
	code, message := "XX000", err.Error()
	var duckErr *duckdb.Error
	if errors.As(err, &duckErr) {
		if strings.Contains(duckErr.Msg, "argument types 'sum(INTERVAL)'") {
			// The dialect computes avg() from sum(), which DuckDB has for
			// numbers only.
			return &providers.Error{Code: "0A000", Err: err,
				Message: "sum() and avg() of interval are not supported on DuckDB",
				Hint:    "Cast the argument to interval, as in sum(x::interval), so that pgway sees its type."}
		}
		if strings.Contains(duckErr.Msg, "Max expression depth limit") {
			// Subqueries and WITH queries nest in DuckDB's binder where
			// the dialect's depth check counts no operator. DuckDB's hint
			// names one of its own settings.
			return &providers.Error{Code: "54001", Err: err, Message: "stack depth limit exceeded",
				Hint: "Split the statement, or write it with fewer nested subqueries or WITH queries."}
		}
		if nestedListComparison.MatchString(duckErr.Msg) {
			// PostgreSQL compares with each element of an array of any
			// number of dimensions. DuckDB compares with the elements of
			// the outer list, here lists, as array_agg() of arrays builds.
			return &providers.Error{Code: "0A000", Err: err,
				Message: "ANY or ALL of an array of more than one dimension is not supported on DuckDB",
				Hint:    "Compare with unnest() of the array, or with array_agg() of the elements."}
		}
		if m := checkError.FindStringSubmatch(duckErr.Msg); m != nil {
			// A CHECK constraint of the dialect's, such as a varchar(n)
			// column's length, raised PostgreSQL's error.
			return &providers.Error{Code: m[2], Message: m[1], Err: err}
		}
		if m := functionError.FindStringSubmatch(duckErr.Msg); m != nil {
			// A pgway function's providers.Error, which DuckDB passes on
			// as text.
			return &providers.Error{Code: m[2], Message: m[1], Err: err}
		}
		if mapped := geometryCRSError(duckErr.Msg); mapped != nil {
			mapped.Err = err
			return mapped
		}
		code = sqlstateFor(duckErr)
		if m := missingFunction.FindStringSubmatch(duckErr.Msg); m != nil {
			// DuckDB's message quotes the rewritten statement and
			// suggests DuckDB's functions; PostgreSQL names the function.
			return &providers.Error{Code: code, Err: err,
				Message: fmt.Sprintf("function %s does not exist", m[1]),
				Hint:    "Check the function name: DuckDB has no function of this name."}
		}
		if m := mixedTypes.FindStringSubmatch(duckErr.Msg); m != nil && postgresTypeNames[m[1]] != "" && postgresTypeNames[m[2]] != "" {
			return &providers.Error{Code: "42804", Err: err,
				Message: fmt.Sprintf("%s types %s and %s cannot be matched", m[3], postgresTypeNames[m[1]], postgresTypeNames[m[2]])}
		}
		if m := concatenation.FindStringSubmatch(duckErr.Msg); m != nil {
			return &providers.Error{Code: "42883", Err: err, Message: noMatchMessage("||", m[1]+", "+m[2]),
				Hint: "No operator matches the given name and argument types. You might need to add explicit type casts."}
		}
		if m := noMatchingFunction.FindStringSubmatch(duckErr.Msg); m != nil {
			message := noMatchMessage(m[1], m[2])
			hint := "No function matches the given name and argument types. You might need to add explicit type casts."
			if strings.HasPrefix(message, "operator") {
				hint = "No operator matches the given name and argument types. You might need to add explicit type casts."
			}
			return &providers.Error{Code: code, Err: err, Message: message, Hint: hint}
		}
		if mapped := postgresStatementError(duckErr.Msg); mapped != nil {
			mapped.Err = err
			return mapped
		}
		if mapped := numericOverflowError(duckErr.Msg); mapped != nil {
			mapped.Err = err
			return mapped
		}
		if mapped := strptimeRangeError(duckErr.Msg); mapped != nil {
			mapped.Err = err
			return mapped
		}
		if mapped := unsupportedUnitError(duckErr.Msg); mapped != nil {
			mapped.Err = err
			return mapped
		}
		if mapped, ok := postgresValueError(duckErr.Msg); ok {
			mapped.Err = err
			return mapped
		}
		if mapped := postgresBinderError(duckErr.Msg); mapped != nil {
			mapped.Err = err
			return mapped
		}
		message = postgresMessage(code, duckErr.Msg, withoutExcerpt(message))
	}
	return &providers.Error{Code: code, Message: message, Err: err}
}

// withoutExcerpt drops the lines from "LINE 1:" on, where DuckDB quotes
// the statement it ran: the rewritten one, not the client's.
func withoutExcerpt(message string) string {
	if i := strings.Index(message, "\nLINE "); i >= 0 {
		return strings.TrimRight(message[:i], "\n ")
	}
	return message
}

// valueErrors are DuckDB's messages for values that do not fit or do not
// read as their type, with PostgreSQL's SQLSTATE and message for each.
var valueErrors = []struct {
	pattern *regexp.Regexp
	code    string
	message func(m []string) string
}{
	// PostgreSQL's date and time input raises 22007 where others raise
	// 22P02.
	{regexp.MustCompile(`Could not convert string ['"](.*)['"] to (INTERVAL|DATE|TIME|TIMESTAMP)\b`), "22007",
		func(m []string) string {
			return fmt.Sprintf("invalid input syntax for type %s: %q", messageTypeName(m[2]), m[1])
		}},
	{regexp.MustCompile(`Could not convert string ['"](.*)['"] to ([A-Z0-9]+)`), "22P02",
		func(m []string) string {
			return fmt.Sprintf("invalid input syntax for type %s: %q", messageTypeName(m[2]), m[1])
		}},
	{regexp.MustCompile(`Failed to cast decimal value \S+ to type (INT16|INT32|INT64)\b`), "22003",
		func(m []string) string { return messageTypeName(m[1]) + " out of range" }},
	{regexp.MustCompile(`Malformed JSON`), "22P02",
		func([]string) string { return "invalid input syntax for type json" }},
	// A UDF that reads jsonb text, such as ->> of a string constant.
	{regexp.MustCompile(`API error: invalid JSON: `), "22P02",
		func([]string) string { return "invalid input syntax for type json" }},
	{regexp.MustCompile(`Overflow in [a-z]+ of (INT16|INT32|INT64)\b`), "22003",
		func(m []string) string { return messageTypeName(m[1]) + " out of range" }},
	{regexp.MustCompile(`out of range for the destination type (INT16|INT32|INT64)\b`), "22003",
		func(m []string) string { return messageTypeName(m[1]) + " out of range" }},
	{regexp.MustCompile(`(?:date|timestamp) field value out of range: "(.*)"`), "22008",
		func(m []string) string { return fmt.Sprintf("date/time field value out of range: %q", m[1]) }},
	// make_timestamptz and make_time, which DuckDB computes.
	{regexp.MustCompile(`Date out of range: (-?\d+)-(\d+)-(\d+)$`), "22008",
		func(m []string) string {
			return fmt.Sprintf("date field value out of range: %s-%02d-%02d", m[1], atoi(m[2]), atoi(m[3]))
		}},
	{regexp.MustCompile(`Time out of range: (-?\d+):(-?\d+):(\S+)$`), "22008",
		func(m []string) string {
			sec, err := strconv.ParseFloat(m[3], 64)
			if err != nil {
				return "time field value out of range: " + m[1] + ":" + m[2] + ":" + m[3]
			}
			return fmt.Sprintf("time field value out of range: %s:%02d:%s", m[1], atoi(m[2]), cFloat(sec))
		}},
	{regexp.MustCompile(`invalid (date|timestamp) field format: "(.*)"`), "22007",
		func(m []string) string { return fmt.Sprintf("invalid input syntax for type %s: %q", m[1], m[2]) }},
	// DuckDB's dates hold 32 bits of days, more than PostgreSQL's range,
	// so date + integer or timestamp + days overflowing them is also
	// outside PostgreSQL's.
	{regexp.MustCompile(`^(?:Out of Range Error: )?Date out of range$`), "22008",
		func([]string) string { return "date out of range" }},
	// A timestamp past DuckDB's last, 294247-01-10, may still be one of
	// PostgreSQL's, which end in 294276. pgway cannot tell which, so it
	// raises 0A000 and not PostgreSQL's 22008.
	{regexp.MustCompile(`(?:Date and time not in timestamp range|ICU date overflows timestamp range)$`), "0A000",
		func([]string) string {
			return "a timestamp result outside DuckDB's range, 290309 BC to 294247 AD, is not supported on DuckDB"
		}},
	{regexp.MustCompile(`Like pattern must not end with escape character`), "22025",
		func([]string) string { return "LIKE pattern must not end with escape character" }},
	// PostgreSQL's numeric holds these results, DuckDB's DECIMAL and
	// HUGEINT hold 38 digits.
	{regexp.MustCompile(`Needed scale (\d+) to accurately represent`), "0A000",
		func(m []string) string {
			return "a numeric result with " + m[1] + " fractional digits is not supported on DuckDB"
		}},
	{regexp.MustCompile(`Overflow in [a-z]+ of (DECIMAL\(\d+\)|INT128|HUGEINT)`), "0A000",
		func([]string) string { return "a numeric result of more than 38 digits is not supported on DuckDB" }},
}

// atoi returns the value of digits that a pattern matched, which fit an
// int unless DuckDB wrote a value out of its own range.
func atoi(digits string) int {
	n, _ := strconv.Atoi(digits)
	return n
}

// postgresValueError returns PostgreSQL's error for a DuckDB message in
// valueErrors.
func postgresValueError(duckMessage string) (*providers.Error, bool) {
	for _, e := range valueErrors {
		if m := e.pattern.FindStringSubmatch(duckMessage); m != nil {
			return &providers.Error{Code: e.code, Message: e.message(m)}, true
		}
	}
	return nil, false
}

// messageTypeName returns PostgreSQL's name of a DuckDB type in an error
// message, DuckDB's name for a type PostgreSQL names alike.
func messageTypeName(duckType string) string {
	switch duckType {
	case "INT16", "SMALLINT":
		return "smallint"
	case "INT32", "INTEGER":
		return "integer"
	case "INT64", "BIGINT":
		return "bigint"
	case "DOUBLE":
		return "double precision"
	case "FLOAT":
		return "real"
	case "BOOL", "BOOLEAN":
		return "boolean"
	case "DECIMAL", "HUGEINT":
		return "numeric"
	}
	return strings.ToLower(duckType)
}

// functionError matches the message of a providers.Error that a scalar
// function registered by pgway returned, after DuckDB's error type and,
// for an error at execution, the driver's prefix.
var functionError = regexp.MustCompile(
	`(?s)^(?:[A-Za-z ]+ Error: )?(?:database/sql/driver: API error: )?(.*) \(SQLSTATE ([0-9A-Z]{5})\)$`)

// nestedListComparison is DuckDB's binder error for a comparison with
// ANY or ALL of a list whose elements are lists.
var nestedListComparison = regexp.MustCompile(`Cannot compare values of type \S+ and \S+\] in IN/ANY/ALL clause`)

// checkError matches DuckDB's message for a CHECK constraint that raised
// an error whose message ends with a SQLSTATE, as the dialect's checks do,
// after the driver's prefix where a function registered by pgway raised it.
var checkError = regexp.MustCompile(`(?s)^(?:Constraint Error: )?CHECK constraint failed on table .* \(Error: (?:database/sql/driver: API error: )?(.*) \(SQLSTATE ([0-9A-Z]{5})\)\)$`)

// Names in DuckDB's messages for missing tables and columns.
var (
	missingTable  = regexp.MustCompile(`Table with name "?([^" ]+)"? does not exist`)
	missingColumn = regexp.MustCompile(`Referenced column "([^"]+)" not found`)
	// ungroupedColumn and ambiguousColumn match DuckDB's binder errors for
	// a column outside GROUP BY and a name that several FROM items have.
	ungroupedColumn = regexp.MustCompile(`column "([^"]+)" must appear in the GROUP BY clause`)
	ambiguousColumn = regexp.MustCompile(`Ambiguous reference to column name "([^"]+)"`)
	// missingFunction matches DuckDB's catalog error for a function name
	// it does not know, such as "Scalar Function with name foo does not
	// exist!".
	// noMatchingFunction matches DuckDB's binder error for a call whose
	// argument types no overload takes, which also lists the candidates.
	noMatchingFunction = regexp.MustCompile(`No function matches the given name and argument types '([^(']+)\(([^']*)\)'`)
	missingFunction    = regexp.MustCompile(`(?:Scalar|Table|Aggregate) Function with name (\S+) does not exist!`)
	// concatenation matches DuckDB's binder error for || of types it
	// cannot concatenate, such as a list and a string.
	concatenation = regexp.MustCompile(`Cannot concatenate types (.+?) and (.+?) - an explicit cast is required`)
	// mixedTypes matches DuckDB's binder error for COALESCE or CASE of
	// values without a common type.
	mixedTypes = regexp.MustCompile(`Cannot mix values of type (.+?) and (.+?) in (COALESCE|CASE) (?:operator|expression)`)
	// bitSizes matches DuckDB's error for &, | or # of bit strings of
	// different lengths.
	bitSizes = regexp.MustCompile(`Cannot (AND|OR|XOR) bit strings of different sizes`)
)

// postgresMessage returns PostgreSQL's message for the failures whose
// DuckDB message would mislead a PostgreSQL client, such as a division by
// zero whose hint gives DuckDB settings, or a missing table with a
// suggestion from DuckDB's own catalog. Other messages stay DuckDB's.
func postgresMessage(code, duckMessage, message string) string {
	switch code {
	case "22012":
		return "division by zero"
	case "22026":
		if m := bitSizes.FindStringSubmatch(duckMessage); m != nil {
			return fmt.Sprintf("cannot %s bit strings of different sizes", m[1])
		}
	case "42P01":
		if m := missingTable.FindStringSubmatch(duckMessage); m != nil {
			return fmt.Sprintf("relation %q does not exist", m[1])
		}
	case "42703":
		if m := missingColumn.FindStringSubmatch(duckMessage); m != nil {
			return fmt.Sprintf("column %q does not exist", m[1])
		}
	case "42803":
		if m := ungroupedColumn.FindStringSubmatch(duckMessage); m != nil {
			return fmt.Sprintf("column %q must appear in the GROUP BY clause or be used in an aggregate function", m[1])
		}
	case "42702":
		if m := ambiguousColumn.FindStringSubmatch(duckMessage); m != nil {
			return fmt.Sprintf("column reference %q is ambiguous", m[1])
		}
	}
	return message
}

// DuckDB's messages for failures that PostgreSQL reports with a SQLSTATE
// and text of their own.
var (
	multipleRows = regexp.MustCompile(`More than one row returned by a subquery used as an expression`)
	// mergeTwice matches MERGE INTO changing a target row that two
	// source rows match.
	mergeTwice = regexp.MustCompile(`MERGE INTO command cannot affect the same target row more than once`)
	// crossSchemaForeignKey matches CREATE TABLE with a foreign key to a
	// table of another schema or database.
	crossSchemaForeignKey = regexp.MustCompile(`Creating foreign keys across different schemas or catalogs is not supported`)
	// existingRelation matches CREATE of a table or view whose name is
	// taken.
	missingSequence  = regexp.MustCompile(`Sequence with name "?([^"! ]+)"? does not exist`)
	existingRelation = regexp.MustCompile(`(?:Table|View) with name "?([^"! ]+)"? already exists!`)
	// renamedOntoRelation matches ALTER ... RENAME TO a name that is taken.
	renamedOntoRelation = regexp.MustCompile(`Could not rename "[^"]+" to "([^"]+)": another entry with this name already exists!`)
	// conflict matches DuckDB's errors for transactions that changed the
	// same rows or a table another one dropped, which PostgreSQL's
	// serializable transactions report as 40001.
	conflict           = regexp.MustCompile(`Conflict on (?:update|tuple deletion)|another transaction has (?:dropped|altered) this table|Catalog write-write conflict`)
	commitDuplicateKey = regexp.MustCompile(`Failed to commit: .*(?:PRIMARY KEY or UNIQUE constraint violation|duplicate key)`)
	duplicateKey       = regexp.MustCompile(`Duplicate key "(.+?): (.*)" violates (?:primary key|unique) constraint`)
	notNull            = regexp.MustCompile(`NOT NULL constraint failed: (?:[^ .]+\.)?([^ .]+)\.([^ .]+)`)
	notUniqueMatch     = regexp.MustCompile(`Could not choose a best candidate function for the function call "([^(]+)\((.*?)\)"`)
	// readOnlyDatabase matches a change to a database that the connection
	// opened read-only.
	readOnlyDatabase = regexp.MustCompile(`attached in read-only mode`)
)

// DuckDB's messages for constraints that one statement violates.
var (
	// statementDuplicateKey matches two rows of one statement with the
	// same key, which DuckDB finds before it commits.
	statementDuplicateKey = regexp.MustCompile(`^(?:Constraint Error: )?PRIMARY KEY or UNIQUE constraint violation: duplicate key`)
	// checkViolation matches a table's own CHECK constraint. checkError
	// takes those of the dialect, whose expressions raise PostgreSQL's
	// errors.
	checkViolation = regexp.MustCompile(`^(?:Constraint Error: )?CHECK constraint failed on table (?:"([^"]*)"|(\S+)) with expression`)
	// missingForeignKey matches a row whose foreign key has no row in the
	// referenced table. The key names the referenced column.
	missingForeignKey = regexp.MustCompile(`^(?:Constraint Error: )?Violates foreign key constraint because key "(.+?): (.*)" does not exist in the referenced table`)
	// referencedForeignKey matches a deleted or changed row that rows of
	// another table still reference. The key names the referencing column.
	referencedForeignKey = regexp.MustCompile(`^(?:Constraint Error: )?Violates foreign key constraint because key "(.+?): (.*)" is still referenced by a foreign key in a different table`)
)

// postgresStatementError returns PostgreSQL's error for a scalar subquery
// with several rows, a violated key or NOT NULL constraint, and a call or
// operator that several overloads match, or nil.
// NOTE: DuckDB's messages do not name the violated constraint, which
// PostgreSQL's do.
func postgresStatementError(duckMessage string) *providers.Error {
	if mapped := insertWidthError(duckMessage); mapped != nil {
		return mapped
	}
	if conflict.MatchString(duckMessage) {
		return &providers.Error{Code: "40001", Message: "could not serialize access due to concurrent update",
			Hint: "Another transaction changed the same rows or table. Run the transaction again."}
	}
	if readOnlyDatabase.MatchString(duckMessage) {
		// The proxy names the statement (see readOnlyError).
		return &providers.Error{Code: "25006", Message: "cannot execute this statement in a read-only transaction",
			Hint: "The connection's DuckDB database is read-only."}
	}
	if m := missingSequence.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "42P01", Message: fmt.Sprintf("relation %q does not exist", m[1])}
	}
	if m := existingRelation.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "42P07", Message: fmt.Sprintf("relation %q already exists", m[1])}
	}
	if m := renamedOntoRelation.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "42P07", Message: fmt.Sprintf("relation %q already exists", m[1])}
	}
	if commitDuplicateKey.MatchString(duckMessage) || statementDuplicateKey.MatchString(duckMessage) {
		return &providers.Error{Code: "23505", Message: "duplicate key value violates unique constraint"}
	}
	if m := checkViolation.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "23514", Message: fmt.Sprintf("new row for relation %q violates check constraint", m[1]+m[2])}
	}
	if multipleRows.MatchString(duckMessage) {
		return &providers.Error{Code: "21000", Message: "more than one row returned by a subquery used as an expression"}
	}
	if crossSchemaForeignKey.MatchString(duckMessage) {
		return &providers.Error{Code: "0A000",
			Message: "FOREIGN KEY referencing a table of another schema is not supported on this warehouse",
			Hint:    "DuckDB's foreign keys reference tables of their own schema only."}
	}
	if mergeTwice.MatchString(duckMessage) {
		return &providers.Error{Code: "21000", Message: "MERGE command cannot affect row a second time",
			Hint: "Ensure that not more than one source row matches any one target row."}
	}
	if m := missingForeignKey.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "23503", Message: "insert or update violates foreign key constraint",
			Detail: fmt.Sprintf("Key (%s)=(%s) is not present in the referenced table.", m[1], m[2])}
	}
	if m := referencedForeignKey.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "23503", Message: "update or delete violates foreign key constraint",
			Detail: fmt.Sprintf("Key (%s)=(%s) is still referenced from another table.", m[1], m[2])}
	}
	if m := duplicateKey.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "23505", Message: "duplicate key value violates unique constraint",
			Detail: fmt.Sprintf("Key (%s)=(%s) already exists.", m[1], m[2])}
	}
	if m := notNull.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "23502",
			Message: fmt.Sprintf("null value in column %q of relation %q violates not-null constraint", m[2], m[1])}
	}
	if m := notUniqueMatch.FindStringSubmatch(duckMessage); m != nil {
		return notUniqueError(m[1], m[2])
	}
	if mapped := conflictTargetError(duckMessage); mapped != nil {
		return mapped
	}
	return missingNameError(duckMessage)
}

// DuckDB's binder errors for names that PostgreSQL reports otherwise.
var (
	missingTableReference  = regexp.MustCompile(`Referenced table "([^"]+)" not found`)
	missingQualifiedColumn = regexp.MustCompile(`Table "([^"]+)" does not have a column named "([^"]+)"`)
	missingUsingColumn     = regexp.MustCompile(`Column "([^"]+)" does not exist on (left|right) side of join`)
	missingUpdateColumn    = regexp.MustCompile(`Referenced update column (\S+) not found in table`)
	columnWithoutFrom      = regexp.MustCompile(`Referenced column "([^"]+)" was not found because the FROM clause is missing`)
)

// missingNameError returns PostgreSQL's error for a table or column name
// that no relation of the statement defines, or nil.
func missingNameError(duckMessage string) *providers.Error {
	if m := missingTableReference.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "42P01", Message: fmt.Sprintf("missing FROM-clause entry for table %q", m[1])}
	}
	if m := missingQualifiedColumn.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "42703", Message: fmt.Sprintf("column %s.%s does not exist", m[1], m[2])}
	}
	if m := missingUsingColumn.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "42703",
			Message: fmt.Sprintf("column %q specified in USING clause does not exist in %s table", m[1], m[2])}
	}
	if m := missingUpdateColumn.FindStringSubmatch(duckMessage); m != nil {
		// DuckDB's message does not name the table, which PostgreSQL's does.
		return &providers.Error{Code: "42703", Message: fmt.Sprintf("column %q of the updated relation does not exist", m[1])}
	}
	if m := columnWithoutFrom.FindStringSubmatch(duckMessage); m != nil {
		return &providers.Error{Code: "42703", Message: fmt.Sprintf("column %q does not exist", m[1])}
	}
	return nil
}

// notUniqueError returns PostgreSQL's error for a call or operator whose
// argument types several overloads take.
func notUniqueError(function, duckTypes string) *providers.Error {
	types := strings.Split(duckTypes, ", ")
	for i, t := range types {
		if name, ok := postgresTypeNames[t]; ok {
			types[i] = name
		}
	}
	if strings.Trim(function, "+-*/%<>=!~&|^#@") == "" && len(types) == 2 {
		return &providers.Error{Code: "42725",
			Message: fmt.Sprintf("operator is not unique: %s %s %s", types[0], function, types[1]),
			Hint:    "Could not choose a best candidate operator. You might need to add explicit type casts."}
	}
	return &providers.Error{Code: "42725",
		Message: fmt.Sprintf("function %s(%s) is not unique", translate.PostgresFunctionName(function), strings.Join(types, ", ")),
		Hint:    "Could not choose a best candidate function. You might need to add explicit type casts."}
}

// noMatchMessage returns PostgreSQL's message for a call or operator
// whose argument types match no overload, with PostgreSQL's type names
// where DuckDB's are among postgresTypeNames.
func noMatchMessage(function, duckTypes string) string {
	var types []string
	for _, t := range strings.Split(duckTypes, ", ") {
		element, array := strings.CutSuffix(t, "[]")
		name, ok := postgresTypeNames[element]
		if strings.HasPrefix(element, "DECIMAL(") {
			// A numeric of any precision, such as a nested quotient's
			// DECIMAL(38,20).
			name, ok = "numeric", true
		}
		if array {
			name += "[]"
		}
		if !ok {
			types = nil
			break
		}
		types = append(types, name)
	}
	operator := strings.Trim(function, "+-*/%<>=!~&|^#@") == ""
	switch {
	case operator && len(types) == 2:
		return fmt.Sprintf("operator does not exist: %s %s %s", types[0], function, types[1])
	case types != nil:
		duckTypes = strings.Join(types, ", ")
	}
	return fmt.Sprintf("function %s(%s) does not exist", translate.PostgresFunctionName(function), duckTypes)
}

// postgresTypeNames are PostgreSQL's names of DuckDB's types in its
// binder errors, where a string constant is a STRING_LITERAL, PostgreSQL's
// unknown.
var postgresTypeNames = map[string]string{
	"VARCHAR": "text", "STRING_LITERAL": "unknown", "INTEGER_LITERAL": "integer", "BOOLEAN": "boolean",
	"SMALLINT": "smallint", "INTEGER": "integer", "BIGINT": "bigint", "HUGEINT": "numeric",
	"FLOAT": "real", "DOUBLE": "double precision", "DATE": "date", "TIME": "time without time zone",
	"TIMESTAMP": "timestamp without time zone", "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
	"INTERVAL": "interval", "BLOB": "bytea", "UUID": "uuid", "JSON": "jsonb", "TIME WITH TIME ZONE": "time with time zone",
}

func sqlstateFor(e *duckdb.Error) string {
	msg := e.Msg
	switch e.Type {
	case duckdb.ErrorTypeParser, duckdb.ErrorTypeSyntax:
		return "42601" // syntax_error
	case duckdb.ErrorTypeCatalog:
		switch {
		case strings.Contains(msg, "Table with name"):
			return "42P01" // undefined_table
		case strings.Contains(msg, "Scalar Function with name"),
			strings.Contains(msg, "Table Function with name"):
			return "42883" // undefined_function
		case strings.Contains(msg, "Schema with name"):
			return "3F000" // invalid_schema_name
		}
	case duckdb.ErrorTypeBinder:
		switch {
		case strings.Contains(msg, "Referenced column"),
			strings.Contains(msg, "not found in FROM clause"):
			return "42703" // undefined_column
		case strings.Contains(msg, "No function matches"):
			return "42883" // undefined_function
		case ungroupedColumn.MatchString(msg):
			return "42803" // grouping_error
		case ambiguousColumn.MatchString(msg):
			return "42702" // ambiguous_column
		}
	case duckdb.ErrorTypeDivideByZero:
		return "22012" // division_by_zero
	case duckdb.ErrorTypeInvalidInput:
		if strings.Contains(msg, "Division by zero") {
			return "22012" // division_by_zero
		}
		if bitSizes.MatchString(msg) {
			return "22026" // string_data_length_mismatch
		}
	case duckdb.ErrorTypeConversion:
		return "22P02" // invalid_text_representation
	case duckdb.ErrorTypeOutOfRange:
		return "22003" // numeric_value_out_of_range
	case duckdb.ErrorTypeConstraint:
		return "23000" // integrity_constraint_violation
	case duckdb.ErrorTypePermission:
		return "42501" // insufficient_privilege
	case duckdb.ErrorTypeOutOfMemory:
		return "53200" // out_of_memory
	}
	return "XX000"
}

// newError makes the driver's error type from a message of DuckDB's C API,
// which starts with the error type, as in "Catalog Error: ...".
func newError(message string) error {
	return &duckdb.Error{Type: errorType(message), Msg: message}
}

// errorTypes maps the prefixes of DuckDB's error messages to error types.
var errorTypes = map[string]duckdb.ErrorType{
	"Out of Range Error":       duckdb.ErrorTypeOutOfRange,
	"Conversion Error":         duckdb.ErrorTypeConversion,
	"Divide by Zero Error":     duckdb.ErrorTypeDivideByZero,
	"Catalog Error":            duckdb.ErrorTypeCatalog,
	"Parser Error":             duckdb.ErrorTypeParser,
	"Syntax Error":             duckdb.ErrorTypeSyntax,
	"Binder Error":             duckdb.ErrorTypeBinder,
	"Constraint Error":         duckdb.ErrorTypeConstraint,
	"INTERRUPT Error":          duckdb.ErrorTypeInterrupt,
	"Invalid Input Error":      duckdb.ErrorTypeInvalidInput,
	"Out of Memory Error":      duckdb.ErrorTypeOutOfMemory,
	"Permission Error":         duckdb.ErrorTypePermission,
	"Not implemented Error":    duckdb.ErrorTypeNotImplemented,
	"TransactionContext Error": duckdb.ErrorTypeTransaction,
	"IO Error":                 duckdb.ErrorTypeIO,
}

func errorType(message string) duckdb.ErrorType {
	prefix, _, _ := strings.Cut(message, ": ")
	if t, ok := errorTypes[prefix]; ok {
		return t
	}
	return duckdb.ErrorTypeInvalid
}

func isInterrupt(err error) bool {
	var duckErr *duckdb.Error
	return errors.As(err, &duckErr) && duckErr.Type == duckdb.ErrorTypeInterrupt
}

// numericCastFailures match DuckDB's errors for a cast to DECIMAL(p,s)
// that failed: of a DECIMAL, of a number of another type, and of a string.
// The first group is the value, the others are p and s.
var numericCastFailures = []*regexp.Regexp{
	regexp.MustCompile(`Casting value "([^"]*)" to type DECIMAL\((\d+),(\d+)\) failed: value is out of range`),
	regexp.MustCompile(`Could not cast value (\S+) to DECIMAL\((\d+),(\d+)\)`),
	regexp.MustCompile(`Could not convert string ["'](.*)["'] to DECIMAL\((\d+),(\d+)\)`),
}

// numericSyntax is the text that PostgreSQL 15's numeric input reads as a
// finite number: spaces around it, a sign, digits with a decimal point
// and an exponent.
var numericSyntax = regexp.MustCompile(`^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*$`)

// infinitySyntax is the text of an infinite value, as PostgreSQL 15's
// numeric input and DuckDB's messages for a double write it.
var infinitySyntax = regexp.MustCompile(`(?i)^\s*[+-]?inf(inity)?\s*$`)

// numericOverflowError returns PostgreSQL's "numeric field overflow"
// (22003) for a DuckDB cast to DECIMAL(p,s) of a value that does not fit
// numeric(p,s), or nil for other errors. DuckDB reports these as
// conversion errors, which would map to 22P02. NaN, which PostgreSQL's
// numeric(p,s) accepts and DECIMAL cannot contain, fails with 0A000.
func numericOverflowError(duckMessage string) *providers.Error {
	for _, pattern := range numericCastFailures {
		m := pattern.FindStringSubmatch(duckMessage)
		if m == nil {
			continue
		}
		precision, errP := strconv.Atoi(m[2])
		scale, errS := strconv.Atoi(m[3])
		if errP != nil || errS != nil {
			return nil
		}
		if strings.EqualFold(strings.TrimSpace(m[1]), "NaN") {
			return &providers.Error{Code: "0A000", Message: `numeric "NaN" is not supported on DuckDB`}
		}
		if infinitySyntax.MatchString(m[1]) {
			return &providers.Error{Code: "22003", Message: "numeric field overflow",
				Detail: fmt.Sprintf("A field with precision %d, scale %d cannot hold an infinite value.", precision, scale)}
		}
		if !numericOverflows(m[1], precision, scale) {
			return nil
		}
		return &providers.Error{Code: "22003", Message: "numeric field overflow", Detail: overflowDetail(precision, scale)}
	}
	return nil
}

// numericOverflows reports whether text is a finite number that, rounded
// half away from zero to scale fractional digits as PostgreSQL rounds it,
// has more than precision-scale integer digits.
func numericOverflows(text string, precision, scale int) bool {
	m := numericSyntax.FindStringSubmatch(text)
	if m == nil {
		return false
	}
	value, ok := new(big.Rat).SetString(m[1])
	if !ok {
		return false
	}
	// |value| rounds to 10^(precision-scale) or more exactly when
	// |value| * 10^scale + 1/2 >= 10^precision.
	shift := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
	scaled := new(big.Rat).Mul(new(big.Rat).Abs(value), shift)
	scaled.Add(scaled, big.NewRat(1, 2))
	limit := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(precision)), nil))
	return scaled.Cmp(limit) >= 0
}

// overflowDetail is PostgreSQL 15's detail for a value too large for
// numeric(precision, scale), which writes 10^0 as 1.
func overflowDetail(precision, scale int) string {
	bound := "1"
	if digits := precision - scale; digits != 0 {
		bound = "10^" + strconv.Itoa(digits)
	}
	return fmt.Sprintf("A field with precision %d, scale %d must round to an absolute value less than %s.", precision, scale, bound)
}
