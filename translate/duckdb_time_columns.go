package translate

import (
	"fmt"
	"regexp"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL rounds a value assigned to a timestamp(p), timestamptz(p),
// time(p) or timetz(p) column to p fractional digits of a second. DuckDB
// keeps these columns without p and would store every microsecond. So
// timePrecisionChecks gives such a column of a CREATE TABLE, with p below
// 6, a CHECK constraint that fails with 0A000 for a value that p digits
// cannot hold. It also casts the column's DEFAULT to type(p), because
// PostgreSQL coerces a default to the column's type. The provider reads p back from the CHECK's message
// (SetTimePrecisions), and assignColumnTypes casts each value that
// INSERT, UPDATE or ON CONFLICT DO UPDATE assigns to such a column to
// type(p), which the dialect rounds as PostgreSQL does. Values that other
// statements store, such as INSERT ... SELECT * or COPY, meet the CHECK.

// timePrecisionTypes are the types whose precision timePrecisionChecks
// keeps, by the name that the parser gives them.
var timePrecisionTypes = map[string]bool{"timestamp": true, "timestamptz": true, "time": true, "timetz": true}

// timePrecisionMessage is the error message of the CHECK constraint of a
// column of type typ(p). The provider's timePrecisionPattern reads typ
// and p from it, so the two change together.
const timePrecisionMessage = "a value with more than %[2]d fractional digits of a second for a column of type %[1]s(%[2]d) " +
	"is not supported in this statement on this warehouse (SQLSTATE 0A000)"

// timePrecision returns the type name and p of timestamp(p),
// timestamptz(p), time(p) or timetz(p) with p below 6, the precisions
// that round a value.
func timePrecision(tn *pg.TypeName) (string, int64, bool) {
	if tn == nil || len(tn.ArrayBounds) > 0 || !timePrecisionTypes[lastName(tn.Names)] {
		return "", 0, false
	}
	p, ok := typmodInt(tn, 0)
	if !ok || p < 0 || p >= 6 {
		return "", 0, false
	}
	return lastName(tn.Names), p, true
}

// timePrecisionChecks adds the CHECK constraint, and the cast of the
// DEFAULT, to each column of a CREATE TABLE whose type timePrecision
// accepts.
func timePrecisionChecks(stmt *pg.Node) {
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		create, ok := msg.(*pg.CreateStmt)
		if !ok {
			return
		}
		for _, elt := range create.TableElts {
			def := elt.GetColumnDef()
			if def == nil {
				continue
			}
			typ, p, ok := timePrecision(def.TypeName)
			if !ok {
				continue
			}
			for _, c := range def.Constraints {
				if constraint := c.GetConstraint(); constraint.GetContype() == pg.ConstrType_CONSTR_DEFAULT && constraint.RawExpr != nil {
					constraint.RawExpr = castToPrecision(constraint.RawExpr, typ, p, constraint.Location)
				}
			}
			def.Constraints = append(def.Constraints, timePrecisionCheck(def, typ, p))
		}
	})
}

// timePrecisionCheck returns CHECK (CASE WHEN column <> CAST(column AS
// typ(p)) THEN error(...) ELSE true END).
func timePrecisionCheck(def *pg.ColumnDef, typ string, p int64) *pg.Node {
	loc := def.TypeName.Location
	column := func() *pg.Node { return pg.MakeColumnRefNode([]*pg.Node{pg.MakeStrNode(def.Colname)}, loc) }
	rounds := binaryOp("<>", column(), castToPrecision(column(), typ, p, loc), loc)
	message := fmt.Sprintf(timePrecisionMessage, typ, p)
	check := caseWhen(rounds, funcCall("error", loc, pg.MakeAConstStrNode(message, loc)), makeBoolConst(true, loc), loc)
	return &pg.Node{Node: &pg.Node_Constraint{Constraint: &pg.Constraint{
		Contype: pg.ConstrType_CONSTR_CHECK, RawExpr: check, Location: loc}}}
}

// castToPrecision returns CAST(value AS typ(p)).
func castToPrecision(value *pg.Node, typ string, p int64, loc int32) *pg.Node {
	cast := typeCast(value, typ, loc)
	cast.GetTypeCast().TypeName.Names = stringNodes("pg_catalog", typ)
	cast.GetTypeCast().TypeName.Typmods = []*pg.Node{pg.MakeAConstIntNode(p, loc)}
	return cast
}

// TimePrecision is p of a timestamp(p), timestamptz(p), time(p) or
// timetz(p) column, with p below 6, of a table that Relations hold.
type TimePrecision struct {
	Schema, Table, Column string
	// Type is the name that the parser gives the column's type:
	// timestamp, timestamptz, time or timetz.
	Type      string
	Precision int64
}

// SetTimePrecisions records p of the columns that round their values.
// Call it before r is shared.
func (r *Relations) SetTimePrecisions(columns []TimePrecision) {
	for _, c := range columns {
		rel := r.tables[relationKey{strings.ToLower(c.Schema), strings.ToLower(c.Table)}]
		if rel == nil || !timePrecisionTypes[c.Type] {
			continue
		}
		for i := range rel.columns {
			if rel.columns[i].spelled == c.Column {
				rel.columns[i].timeType, rel.columns[i].timePrecision = c.Type, c.Precision
			}
		}
	}
}

// formattedTimePrecision reads a time type with p below 6 as format_type
// writes it, such as "timestamp(2) without time zone", which a
// provider gives for a temporary table's column. It returns the type's
// name as the parser gives it, p, and the type without p, such as
// "timestamp without time zone".
func formattedTimePrecision(formatted string) (string, int64, string, bool) {
	m := formattedTimePrecisionPattern.FindStringSubmatch(formatted)
	if m == nil {
		return "", 0, "", false
	}
	name := map[string]string{"timestamp without": "timestamp", "timestamp with": "timestamptz",
		"time without": "time", "time with": "timetz"}[m[1]+" "+m[3]]
	return name, int64(m[2][0] - '0'), m[1] + " " + m[3] + " time zone", true
}

var formattedTimePrecisionPattern = regexp.MustCompile(`^(timestamp|time)\(([0-5])\) (with|without) time zone$`)
