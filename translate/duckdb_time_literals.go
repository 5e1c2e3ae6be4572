package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// typeTimeLiterals casts a string constant of unknown type beside a time,
// timestamp or interval operand of + or - to the type PostgreSQL 15
// resolves it to (untypedOperandType). DuckDB would find the operator
// ambiguous, read another type, or round half microseconds up. PostgreSQL
// has time + interval and interval + time but no time + time, so it reads
// the constant of time + '1 hour' as an interval. Its time - time exists,
// so time - '1 hour' reads the constant as a time and fails. It runs
// after typeColumns, which writes a cast for a column of a known type,
// and reads the constant as rewriteDateTimeConstant does.
func typeTimeLiterals(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		e, ok := msg.(*pg.A_Expr)
		if !ok || err != nil || e.Kind != pg.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || e.Lexpr == nil || e.Rexpr == nil {
			return
		}
		op := lastName(e.Name)
		if op != "+" && op != "-" {
			return
		}
		var constant **pg.Node
		var other *pg.Node
		switch {
		case e.Rexpr.GetAConst().GetSval() != nil:
			constant, other = &e.Rexpr, e.Lexpr
		case e.Lexpr.GetAConst().GetSval() != nil:
			constant, other = &e.Lexpr, e.Rexpr
		default:
			return
		}
		target := untypedOperandType(op, other)
		if target == "" {
			return
		}
		cast := typeCast(*constant, target, (*constant).GetAConst().Location)
		err = rewriteDateTimeConstant(cast.GetTypeCast(), target)
		*constant = cast
	})
	return err
}

// untypedOperandType returns the type that PostgreSQL 15 resolves a
// string constant of unknown type beside other to, for the operator op
// (+ or -), or "" where this reader leaves the constant to DuckDB. Beside
// a timestamp, timestamptz or interval, + has only the candidate with an
// interval, and interval - interval is the one - of an interval.
func untypedOperandType(op string, other *pg.Node) string {
	typ := exactType(other)
	switch {
	case isTimeOperand(other) && op == "+":
		return "interval"
	case isTimeOperand(other):
		return "time"
	case op == "+" && (typ == "timestamp" || typ == "timestamptz" || typ == "interval"):
		return "interval"
	case op == "-" && typ == "interval":
		return "interval"
	}
	return ""
}

// isTimeOperand reports whether the statement shows that n is a time
// without time zone: a cast to time or LOCALTIME.
func isTimeOperand(n *pg.Node) bool {
	if f := n.GetSqlvalueFunction(); f != nil {
		return f.Op == pg.SQLValueFunctionOp_SVFOP_LOCALTIME || f.Op == pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N
	}
	return exactType(n) == "time"
}

// foldedClockType returns the type of n when it is the folded value of
// now(), statement_timestamp(), current_date or another function of the
// clock: timestamptz, timestamp, date or time. The folder writes these
// as literals, which cannot fail. It returns "" for any other node,
// current_setting()'s text too, which may fail.
func foldedClockType(n *pg.Node) string {
	tc := n.GetTypeCast()
	marker := tc.GetArg().GetAConst().GetSval().GetSval()
	if tc == nil || !strings.HasPrefix(marker, "pgway.fold."+markerNonce+".") {
		return ""
	}
	switch typ := lastName(tc.TypeName.GetNames()); typ {
	case "timestamptz", "timestamp", "date", "time":
		return typ
	}
	return ""
}
