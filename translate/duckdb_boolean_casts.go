package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL casts boolean to and from integer only, where DuckDB also
// casts it to and from smallint, bigint, DECIMAL, FLOAT and DOUBLE.
// checkBooleanCasts raises PostgreSQL's error for those casts where the
// statement shows the operand's type: a cast, a constant or a column of a
// known type (typeColumns casts such a column to its type first).

// booleanCastTypes are the types that have no cast to or from boolean in
// PostgreSQL 15, by the parser's names.
var booleanCastTypes = map[string]bool{"int2": true, "int8": true, "numeric": true, "float4": true, "float8": true}

// checkBooleanCasts returns 42846 for the first cast between boolean and
// one of booleanCastTypes.
func checkBooleanCasts(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		tc, ok := msg.(*pg.TypeCast)
		if !ok || err != nil || len(tc.TypeName.GetArrayBounds()) > 0 {
			return
		}
		target, source := lastName(tc.TypeName.GetNames()), booleanCastOperandType(tc.Arg)
		if target == "bool" && booleanCastTypes[source] || source == "bool" && booleanCastTypes[target] {
			err = &Error{Code: "42846", Position: int(tc.Location) + 1, Message: fmt.Sprintf(
				"cannot cast type %s to %s", pgTypeDisplayName(source), pgTypeDisplayName(target))}
		}
	})
	return err
}

// booleanCastOperandType returns the parser's name of the type of n where
// the statement shows it, or "". The parser gives an integer constant
// beyond the range of integer the type bigint, and a larger one numeric.
func booleanCastOperandType(n *pg.Node) string {
	c := n.GetAConst()
	switch {
	case c.GetBoolval() != nil:
		return "bool"
	case c.GetFval() != nil:
		return floatConstantType(c.GetFval().Fval)
	}
	return exactType(n)
}
