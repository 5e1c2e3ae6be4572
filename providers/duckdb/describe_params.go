package duckdb

import (
	"strconv"
	"strings"

	bindings "github.com/duckdb/duckdb-go-bindings"
	pg "github.com/pganalyze/pg_query_go/v6"
)

// DuckDB binds a table function, such as generate_series(1, $1) in FROM,
// only once the values of its parameters are known, so a prepared
// statement with one reports a single column named "unknown" of no type.
// Clients need the result's names and types before they bind (pgx and
// pgjdbc describe the statement first). The result's types depend only
// on the parameters' types, so the statement is described again with each
// parameter written as a NULL of its type. Execution checks that the
// result has the described types (sameResultTypes).

// paramTypeNames are the DuckDB types a parameter can stand for as a
// typed NULL.
var paramTypeNames = map[bindings.Type]string{
	bindings.TypeBoolean: "BOOLEAN", bindings.TypeTinyInt: "TINYINT",
	bindings.TypeSmallInt: "SMALLINT", bindings.TypeInteger: "INTEGER",
	bindings.TypeBigInt: "BIGINT", bindings.TypeHugeInt: "HUGEINT",
	bindings.TypeFloat: "FLOAT", bindings.TypeDouble: "DOUBLE",
	bindings.TypeVarchar: "VARCHAR", bindings.TypeBlob: "BLOB",
	bindings.TypeDate: "DATE", bindings.TypeTime: "TIME",
	bindings.TypeTimestamp: "TIMESTAMP", bindings.TypeTimestampTZ: "TIMESTAMP WITH TIME ZONE",
	bindings.TypeInterval: "INTERVAL", bindings.TypeUUID: "UUID",
}

// numberTypes are the number types of paramTypeNames, and the names of
// number types in a cast after a parameter.
var numberTypes = map[string]bool{
	"TINYINT": true, "SMALLINT": true, "INTEGER": true, "BIGINT": true, "HUGEINT": true,
	"FLOAT": true, "DOUBLE": true, "int2": true, "int4": true, "int8": true,
	"float4": true, "float8": true, "numeric": true,
}

// withNullParams returns sql with each parameter $n written as a NULL.
// Where a cast follows the parameter, as the translation writes one for
// each type it infers, the NULL is bare. Else it is a NULL of types[n-1]
// where DuckDB inferred that, and an untyped NULL otherwise, in which case
// the executed result can have other types and execution fails. With
// zeros, a parameter of a number type is 0 instead, for the functions
// that DuckDB binds only with a value, such as the fraction of
// percentile_cont().
func withNullParams(sql string, types []bindings.Type, zeros bool) (string, bool) {
	scan, err := pg.Scan(sql)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	last := int32(0)
	for i, tok := range scan.Tokens {
		if tok.Token != pg.Token_PARAM {
			continue
		}
		value := "NULL"
		if i+2 < len(scan.Tokens) && scan.Tokens[i+1].Token == pg.Token_TYPECAST {
			if next := scan.Tokens[i+2]; zeros && numberTypes[sql[next.Start:next.End]] {
				value = "0"
			}
		} else {
			n, err := strconv.Atoi(sql[tok.Start+1 : tok.End])
			if err != nil || n < 1 || n > len(types) {
				return "", false
			}
			if name, ok := paramTypeNames[types[n-1]]; ok {
				if zeros && numberTypes[name] {
					value = "0"
				}
				value = "CAST(" + value + " AS " + name + ")"
			}
		}
		b.WriteString(sql[last:tok.Start])
		b.WriteString(value)
		last = tok.End
	}
	b.WriteString(sql[last:])
	return b.String(), true
}

// describeWithNullParams describes st's result from its statement with
// typed NULLs, or zeros where DuckDB rejects those, for the parameters,
// and reports whether that resolved every column.
func (st *statement) describeWithNullParams() bool {
	for _, zeros := range []bool{false, true} {
		if st.describeWith(zeros) {
			return true
		}
	}
	return false
}

// describeWith describes st's result from withNullParams(st.sql, zeros)
// and reports whether that resolved every column.
func (st *statement) describeWith(zeros bool) bool {
	sql, ok := withNullParams(st.sql, st.paramTypes, zeros)
	if !ok {
		return false
	}
	prepared, err := prepare(st.conn, sql)
	if err != nil {
		return false
	}
	defer bindings.DestroyPrepare(&prepared)
	columns, types, converters := describeColumns(prepared, st.session.db.defaultSRID)
	for _, t := range types {
		if t.id == bindings.TypeInvalid {
			return false
		}
	}
	st.columns, st.types, st.converters = columns, types, converters
	return true
}
