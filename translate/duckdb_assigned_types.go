package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// checkAssignedTypes raises PostgreSQL's 42804 for a value of INSERT ...
// VALUES, or of the select list of INSERT ... SELECT, whose type has no
// assignment cast to its column's type, such as '2'::text or true for an
// integer column. DuckDB casts such values. Only a value whose type the
// statement shows, a cast or a boolean or number constant, is checked,
// and only for columns of the types in assignedTypeNames.
func checkAssignedTypes(stmt *pg.Node, r *Relations) error {
	insert := stmt.GetInsertStmt()
	if insert == nil || r == nil {
		return nil
	}
	rel := r.lookup(insert.Relation.GetSchemaname(), insert.Relation.GetRelname())
	sel := insert.SelectStmt.GetSelectStmt()
	if rel == nil || rel.opaque || sel == nil || sel.Op != pg.SetOperation_SETOP_NONE {
		return nil
	}
	columns := targetColumns(insert, rel)
	rows := [][]*pg.Node{}
	for _, row := range sel.ValuesLists {
		rows = append(rows, row.GetList().GetItems())
	}
	if len(sel.ValuesLists) == 0 {
		var values []*pg.Node
		for _, t := range sel.TargetList {
			value := t.GetResTarget().GetVal()
			if ref := value.GetColumnRef(); ref != nil && isStarRef(ref) {
				// The columns after a * take values whose positions
				// the statement does not show.
				break
			}
			values = append(values, value)
		}
		rows = append(rows, values)
	}
	for _, row := range rows {
		for i, value := range row {
			if i >= len(columns) || columns[i] == nil {
				continue
			}
			if err := checkAssignedType(value, *columns[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// targetColumns returns the columns that an INSERT fills, by the
// position of their values, nil where a column is unknown or has a
// subscript or field.
func targetColumns(insert *pg.InsertStmt, rel *relationType) []*typedColumn {
	var columns []*typedColumn
	if len(insert.Cols) == 0 {
		for i := range rel.columns {
			columns = append(columns, &rel.columns[i])
		}
		return columns
	}
	for _, col := range insert.Cols {
		var column *typedColumn
		if rt := col.GetResTarget(); rt != nil && len(rt.Indirection) == 0 {
			if c, ok := rel.uniqueColumn(strings.ToLower(rt.Name)); ok {
				column = &c
			}
		}
		columns = append(columns, column)
	}
	return columns
}

// assignedTypeNames are PostgreSQL's names of the column types that
// checkAssignedType checks, by the names of Relations.
var assignedTypeNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric",
	"float4": "real", "float8": "double precision", "bool": "boolean", "date": "date",
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
	"time": "time without time zone", "interval": "interval",
}

// assignedCastNames are PostgreSQL's names of the types of the casts that
// checkAssignedType reads, by the name the parser gives them.
var assignedCastNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "numeric": "numeric",
	"float4": "real", "float8": "double precision", "bool": "boolean", "date": "date",
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
	"time": "time without time zone", "interval": "interval",
	"text": "text", "varchar": "character varying", "bpchar": "character",
}

// assignmentGroups are the type groups within which PostgreSQL 15 has an
// assignment or implicit cast between any two types.
var assignmentGroups = map[string]string{
	"smallint": "number", "integer": "number", "bigint": "number", "numeric": "number",
	"real": "number", "double precision": "number",
	"text": "string", "character varying": "string", "character": "string",
	"boolean":                     "boolean",
	"timestamp without time zone": "timestamp", "timestamp with time zone": "timestamp",
	"date": "date", "time without time zone": "time", "interval": "interval",
}

// assignmentCasts are the other assignment or implicit casts between the
// types of assignmentGroups, from one group to another.
var assignmentCasts = map[[2]string]bool{
	{"date", "timestamp"}: true, {"timestamp", "date"}: true, {"timestamp", "time"}: true,
	{"time", "interval"}: true, {"interval", "time"}: true,
}

func checkAssignedType(value *pg.Node, column typedColumn) error {
	base, _, _ := strings.Cut(column.typ, "(")
	target, ok := assignedTypeNames[base]
	if !ok {
		return nil
	}
	source := ""
	if tc := value.GetTypeCast(); tc != nil && len(tc.TypeName.GetArrayBounds()) == 0 {
		source = assignedCastNames[lastName(tc.TypeName.GetNames())]
	} else if c := value.GetAConst(); c != nil {
		switch {
		case c.GetBoolval() != nil:
			source = "boolean"
		case c.GetIval() != nil:
			source = "integer"
		case c.GetFval() != nil:
			source = "numeric"
		}
	}
	from, to := assignmentGroups[source], assignmentGroups[target]
	if source == "" || from == to || assignmentCasts[[2]string{from, to}] {
		return nil
	}
	return &Error{Code: "42804", Position: int(exprLocation(value)) + 1,
		Message: fmt.Sprintf("column %q is of type %s but expression is of type %s", column.name, target, source),
		Hint:    "You will need to rewrite or cast the expression."}
}
