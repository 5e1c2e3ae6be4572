package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// The BigQuery dialect writes GoogleSQL text itself from the parse tree
// instead of deparsing PostgreSQL text, so every construct it does not
// know fails with 0A000 and none passes through with PostgreSQL's
// meaning.
//
// Conventions that the BigQuery provider relies on:
//
//   - Parameters $1, $2, ... become the named parameters @p1, @p2, ...,
//     so a parameter used twice is bound once. The provider binds each as
//     a bigquery.QueryParameter named p1, p2, ... with the BigQuery type
//     of its value: INT64, FLOAT64, NUMERIC or BIGNUMERIC, BOOL, STRING,
//     BYTES, DATE, DATETIME for timestamp, TIMESTAMP for timestamptz.
//   - A PostgreSQL schema is a dataset. Unqualified names and names in
//     the schema public are written unqualified, so the provider must set
//     the connection's default dataset on every query job. A name
//     qualified with another schema is dataset.table, prefixed with
//     BigQueryOptions.Project when set; catalog.schema.table is
//     project.dataset.table.
//   - Result columns keep PostgreSQL's names where BigQuery allows them.
//     A name that BigQuery rejects, such as ?column?, or a name that
//     repeats an earlier column's name (BigQuery rejects duplicates and
//     compares column names without case), is written as an alias that
//     DecodeBigQueryColumnName turns back into PostgreSQL's name.
//   - BigQuery converts between TIMESTAMP and DATE or DATETIME in UTC
//     unless a function gets a time zone argument. PostgreSQL uses the
//     session's TimeZone, which the dialect passes to those arguments as
//     a fold slot, filled in each time a statement is translated. A
//     conversion of a value whose type the expression does not show fails
//     with 0A000 outside UTC (see bigquery_zone.go).

// BigQueryOptions are the settings of a BigQuery connection that change
// how statements translate.
type BigQueryOptions struct {
	// Project, when set, qualifies dataset.table names as
	// project.dataset.table, for connections whose jobs run in a billing
	// project other than the data's project.
	Project string
}

type bigQuery struct {
	opts BigQueryOptions
}

// BigQuery returns the dialect of BigQuery's GoogleSQL.
func BigQuery(opts BigQueryOptions) Dialect {
	return &bigQuery{opts: opts}
}

func (d *bigQuery) Name() string {
	if d.opts.Project != "" {
		return "bigquery:" + d.opts.Project
	}
	return "bigquery"
}

// warehouseTime maps the time values to BigQuery's functions.
// foldEscapedStrings makes folded text values use BigQuery's string
// escapes. NOTE: BigQuery computes CURRENT_DATE, CURRENT_DATETIME and
// CURRENT_TIME in UTC, PostgreSQL in the session's TimeZone. They are
// written only for a session without a transaction start, which the
// engine always sets.
func (d *bigQuery) warehouseTime() map[foldKind]string {
	return map[foldKind]string{
		foldTransactionStart: "CURRENT_TIMESTAMP()",
		foldStatementStart:   "CURRENT_TIMESTAMP()",
		foldCurrentDate:      "CURRENT_DATE()",
		foldCurrentTime:      "CURRENT_TIME()",
		foldLocalTimestamp:   "CURRENT_DATETIME()",
		foldLocalTime:        "CURRENT_TIME()",
		foldEscapedStrings:   "true",
	}
}

func (d *bigQuery) rewrite(stmt *pg.Node) (string, error) {
	sel := stmt.GetSelectStmt()
	if sel == nil {
		return "", &Error{Code: CodeFeatureNotSupported, Position: 1,
			Message: statementName(stmt) + " is not supported on BigQuery",
			Hint:    "pgway runs only queries (SELECT, VALUES, WITH) on BigQuery."}
	}
	w := &bqWriter{d: d}
	w.query(sel, true)
	if w.err != nil {
		return "", w.err
	}
	if err := checkBigQueryJSONComparisons(stmt); err != nil {
		return "", err
	}
	return w.b.String(), nil
}

// bqWriter writes GoogleSQL text. The first error sticks and ends the
// rewrite; writing after it is harmless.
type bqWriter struct {
	d   *bigQuery
	b   strings.Builder
	err error
}

func (w *bqWriter) write(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

func (w *bqWriter) fail(err *Error) {
	if w.err == nil {
		w.err = err
	}
}

// failf fails with a 0A000 error at byte offset location.
func (w *bqWriter) failf(location int32, format string, args ...any) {
	w.fail(unsupportedf(location, format, args...))
}

// unsupportedOn fails with "construct is not supported on BigQuery" and
// a hint.
func (w *bqWriter) unsupportedOn(construct string, location int32, hint string) {
	w.fail(&Error{Code: CodeFeatureNotSupported, Message: construct + " is not supported on BigQuery",
		Hint: hint, Position: int(location) + 1})
}

// list writes items separated by commas.
func (w *bqWriter) list(items []*pg.Node, each func(*pg.Node)) {
	for i, item := range items {
		if i > 0 {
			w.write(", ")
		}
		each(item)
	}
}

// bigQueryReserved are GoogleSQL's reserved keywords, which an identifier
// must be quoted to use.
var bigQueryReserved = map[string]bool{
	"all": true, "and": true, "any": true, "array": true, "as": true, "asc": true,
	"assert_rows_modified": true, "at": true, "between": true, "by": true, "case": true,
	"cast": true, "collate": true, "contains": true, "create": true, "cross": true,
	"cube": true, "current": true, "default": true, "define": true, "desc": true,
	"distinct": true, "else": true, "end": true, "enum": true, "escape": true,
	"except": true, "exclude": true, "exists": true, "extract": true, "false": true,
	"fetch": true, "following": true, "for": true, "from": true, "full": true,
	"group": true, "grouping": true, "groups": true, "hash": true, "having": true,
	"if": true, "ignore": true, "in": true, "inner": true, "intersect": true,
	"interval": true, "into": true, "is": true, "join": true, "lateral": true,
	"left": true, "like": true, "limit": true, "lookup": true, "merge": true,
	"natural": true, "new": true, "no": true, "not": true, "null": true, "nulls": true,
	"of": true, "on": true, "or": true, "order": true, "outer": true, "over": true,
	"partition": true, "preceding": true, "proto": true, "qualify": true, "range": true,
	"recursive": true, "respect": true, "right": true, "rollup": true, "rows": true,
	"select": true, "set": true, "some": true, "struct": true, "tablesample": true,
	"then": true, "to": true, "treat": true, "true": true, "unbounded": true,
	"union": true, "unnest": true, "using": true, "when": true, "where": true,
	"window": true, "with": true, "within": true,
}

// bqQuoteIdent returns name as a GoogleSQL identifier: bare when it is a
// plain word that is not reserved, else in backticks with backslash
// escapes.
func bqQuoteIdent(name string) string {
	if bqPlainIdent(name) && !bigQueryReserved[strings.ToLower(name)] {
		return name
	}
	return "`" + bqEscape(name, '`') + "`"
}

func bqPlainIdent(name string) bool {
	if name == "" || isDigit(name[0]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(isLetter(c) || isDigit(c) || c == '_') {
			return false
		}
	}
	return true
}

// quoteEscapedString returns s as a GoogleSQL string literal. Double quotes are
// escaped too although a single-quoted literal may contain them: the
// sentinels of the shared-template cache contain one, so a string literal
// never becomes a template slot. Slots are filled with PostgreSQL's
// literal text, whose ” and raw newlines BigQuery reads differently.
func quoteEscapedString(s string) string {
	return "'" + bqEscape(s, '\'') + "'"
}

func bqEscape(s string, quote rune) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == quote || r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bqQuoteBytes returns b as a GoogleSQL bytes literal.
func bqQuoteBytes(data []byte) string {
	var b strings.Builder
	b.WriteString("b'")
	for _, c := range data {
		fmt.Fprintf(&b, `\x%02x`, c)
	}
	b.WriteString("'")
	return b.String()
}
