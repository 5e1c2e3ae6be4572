package duckdb

import (
	"context"
	"regexp"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// The UNIQUE constraints, column defaults and estimated row counts that
// Describe adds to the tables it lists, for the catalog mirror.

// describeUniqueKeysSQL lists the columns of the tables' UNIQUE
// constraints, in the order the table declares them.
const describeUniqueKeysSQL = `
SELECT schema_name, table_name, constraint_column_names FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type = 'UNIQUE'
ORDER BY schema_name, table_name, constraint_index`

// describeDefaultsSQL lists the default expressions of the columns that
// have one, as DuckDB writes them.
const describeDefaultsSQL = `
SELECT schema_name, table_name, column_name, column_default FROM duckdb_columns()
WHERE database_name = current_database() AND NOT internal AND column_default IS NOT NULL`

// describeGeometryTypesSQL lists the geometry type of each column that
// the DuckDB dialect gave a type modifier, such as Point for
// geometry(Point), read from the CHECK constraint that checks it
// (translate's geometryTypmodChecks). A CHECK that a client wrote in the
// same form counts too.
const describeGeometryTypesSQL = `
SELECT schema_name, table_name, constraint_column_names[1],
	regexp_extract(expression, '` + geometryCheckPattern + `', 1)
FROM duckdb_constraints()
WHERE database_name = current_database() AND constraint_type = 'CHECK'
	AND len(constraint_column_names) = 1 AND regexp_matches(expression, '` + geometryCheckPattern + `')`

// geometryCheckPattern matches the expression of the dialect's CHECK and
// captures the geometry type. DuckDB does not treat a backslash in a
// string constant as an escape, so the regular expression gets it as
// written.
const geometryCheckPattern = `^pgway_geometry_typmod\(.+, ''([A-Za-z]+)''\)$`

// describeEstimatedRowsSQL lists DuckDB's estimate of each table's row
// count.
const describeEstimatedRowsSQL = `
SELECT schema_name, table_name, estimated_size FROM duckdb_tables()
WHERE database_name = current_database() AND NOT temporary AND NOT internal`

// constantDefault matches a default that DuckDB writes as PostgreSQL
// writes the same constant: a number, a string constant or a boolean.
// PostgreSQL stores no default for DEFAULT NULL. The DuckDB dialect turns
// function calls such as now() into DuckDB expressions whose PostgreSQL
// form is not known, so those are left out.
//
// NOTE: a column whose default calls a function, such as now(), is
// mirrored without a default.
var constantDefault = regexp.MustCompile(`^(-?[0-9]+(\.[0-9]+)?|'([^']|'')*'|true|false)$`)

// tableFacts are the constraints, defaults and row counts of the tables,
// by schema and table name as DuckDB names them.
type tableFacts struct {
	uniqueKeys map[[2]string][][]string
	// defaults are the defaults that constantDefault matches, by column.
	defaults      map[columnKey]string
	estimatedRows map[[2]string]int64
	// geometryTypes are the geometry types of the columns of type
	// geometry(type), such as Point.
	geometryTypes map[columnKey]string
}

func (s *session) describeTableFacts(ctx context.Context) (*tableFacts, error) {
	facts := &tableFacts{uniqueKeys: map[[2]string][][]string{}, defaults: map[columnKey]string{},
		estimatedRows: map[[2]string]int64{}, geometryTypes: map[columnKey]string{}}
	rows, err := s.db.sqlDB.QueryContext(ctx, describeUniqueKeysSQL)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var schema, table string
		var columns duckdb.Composite[[]string]
		if err := rows.Scan(&schema, &table, &columns); err != nil {
			rows.Close()
			return nil, err
		}
		key := [2]string{schema, table}
		facts.uniqueKeys[key] = append(facts.uniqueKeys[key], columns.Get())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = s.db.sqlDB.QueryContext(ctx, describeDefaultsSQL)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var key columnKey
		var expression string
		if err := rows.Scan(&key.schema, &key.table, &key.column, &expression); err != nil {
			rows.Close()
			return nil, err
		}
		if constantDefault.MatchString(expression) {
			facts.defaults[key] = expression
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = s.db.sqlDB.QueryContext(ctx, describeGeometryTypesSQL)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var key columnKey
		var geometryType string
		if err := rows.Scan(&key.schema, &key.table, &key.column, &geometryType); err != nil {
			rows.Close()
			return nil, err
		}
		facts.geometryTypes[key] = geometryType
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = s.db.sqlDB.QueryContext(ctx, describeEstimatedRowsSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var schema, table string
		var estimate int64
		if err := rows.Scan(&schema, &table, &estimate); err != nil {
			return nil, err
		}
		facts.estimatedRows[[2]string{schema, table}] = estimate
	}
	return facts, rows.Err()
}

// tableRows returns the estimated row count of a table and whether
// there is one. An estimate of 0 counts as none: PostgreSQL's reltuples
// is -1, not 0, for a table that VACUUM and ANALYZE have not seen, such
// as one just created.
func tableRows(facts *tableFacts, schema, table string) (float64, bool) {
	estimate := facts.estimatedRows[[2]string{schema, table}]
	return float64(estimate), estimate > 0
}

// withGeometryType returns the geometry column type typ, as formatType
// writes it, with the geometry type geometryType in place of Geometry:
// geometry(Point) for geometry, geometry(Point,4326) for
// geometry(Geometry,4326). It returns typ unchanged for another type or
// an empty geometryType.
func withGeometryType(typ, geometryType string) string {
	if geometryType == "" {
		return typ
	}
	if typ == "geometry" {
		return "geometry(" + geometryType + ")"
	}
	if srid, ok := strings.CutPrefix(typ, "geometry(Geometry,"); ok {
		return "geometry(" + geometryType + "," + srid
	}
	return typ
}
