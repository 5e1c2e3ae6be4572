package duckdb

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// DuckDB keeps a varchar(n) column as VARCHAR, without n. The DuckDB
// dialect gives each varchar(n) column of a CREATE TABLE a CHECK
// constraint whose error message names n (translate's
// varcharLengthChecks), so the column types read here recover n from
// that message. The catalog mirror then has a varchar(n) column, which
// gives result columns PostgreSQL's type and type modifier, and the
// dialect's Relations have n, which it applies on assignment.

// varcharLengthsSQL lists the column and n of each CHECK constraint that
// the dialect wrote for a varchar(n) column. A CHECK that a client wrote
// with the same error message counts as such a constraint too.
const varcharLengthsSQL = `
SELECT database_name, schema_name, table_name, constraint_column_names[1] AS column_name,
	min(CAST(regexp_extract(expression, '` + varcharCheckPattern + `', 1) AS INTEGER)) AS varchar_length
FROM duckdb_constraints()
WHERE constraint_type = 'CHECK' AND len(constraint_column_names) = 1
	AND regexp_matches(expression, '` + varcharCheckPattern + `')
GROUP BY ALL`

// varcharCheckPattern matches the error message of the dialect's CHECK
// and captures n. DuckDB does not treat a backslash in a string constant
// as an escape, so the regular expression gets it as written.
const varcharCheckPattern = `value too long for type character varying\(([0-9]+)\) \(SQLSTATE 22001\)`

// varcharColumnType returns the data_type of duckdb_columns() c, written
// VARCHAR(n) for a column that varcharLengthsSQL, joined as v, lists.
// exactType reads it as varchar(n).
const varcharColumnType = `CASE WHEN c.data_type = 'VARCHAR' AND v.varchar_length IS NOT NULL
	THEN 'VARCHAR(' || v.varchar_length || ')' ELSE c.data_type END`

// varcharLengthsJoin joins varcharLengthsSQL to duckdb_columns() c.
const varcharLengthsJoin = `LEFT JOIN (` + varcharLengthsSQL + `) v
	ON v.database_name = c.database_name AND v.schema_name = c.schema_name
	AND v.table_name = c.table_name AND v.column_name = c.column_name`

// varcharType returns "character varying(n)" for the DuckDB type
// VARCHAR(n) that varcharColumnType writes, and "" for another type.
func varcharType(duckType string) string {
	modifier, ok := strings.CutPrefix(duckType, "VARCHAR(")
	if !ok || !strings.HasSuffix(modifier, ")") {
		return ""
	}
	return "character varying(" + modifier
}

// varcharAssign is pgway_varchar_assign(value, n): value as PostgreSQL
// assigns it to a varchar(n) column. A value longer than n characters is
// cut to n when only spaces follow, and fails with 22001 otherwise.
func varcharAssign(args []driver.Value) (any, error) {
	value := args[0].(string)
	limit := int(args[1].(int32))
	if utf8.RuneCountInString(value) <= limit {
		return value, nil
	}
	cut := 0
	for i := 0; i < limit; i++ {
		_, size := utf8.DecodeRuneInString(value[cut:])
		cut += size
	}
	if strings.TrimRight(value[cut:], " ") != "" {
		return nil, &providers.Error{Code: "22001",
			Message: fmt.Sprintf("value too long for type character varying(%d)", limit)}
	}
	return value[:cut], nil
}

// varcharFunctions returns pgway_varchar_assign for
// registerBuiltinFunctions.
func varcharFunctions() map[string][]duckdb.ScalarFunc {
	return map[string][]duckdb.ScalarFunc{
		"pgway_varchar_assign": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, typeInfo(duckdb.TYPE_INTEGER)},
			result: varcharInfo, run: varcharAssign}},
	}
}
