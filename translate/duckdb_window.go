package translate

import (
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// rewriteWindowDefault gives the value and the default of lag(value,
// offset, default) and lead() their common type. PostgreSQL resolves both
// to one type (anycompatible), so lag(integer, 1, 1.5) is numeric and
// returns 1.5. DuckDB casts the default to the value's type, which rounds
// 1.5 to 2 and raises an overflow for lag(smallint, 1, 100000). Where the
// statement does not show both types, and the default could change in a
// cast to the value's type, the call fails with 0A000.
// Where the common type is numeric and the value and the default have
// different scales, PostgreSQL keeps each one's scale (3 beside 1.5),
// which the one DECIMAL type of the call cannot: windowScales marks the
// call for that.
func rewriteWindowDefault(fc *pg.FuncCall, name string) error {
	if len(fc.Args) != 3 {
		return nil
	}
	value, def := fc.Args[0], fc.Args[2]
	if c := def.GetAConst(); c != nil && (c.Isnull || c.GetSval() != nil) {
		// NULL and a string constant take the value's type.
		return nil
	}

	valueType, defaultType := windowArgumentType(value), windowArgumentType(def)
	if valueType == "" || defaultType == "" {
		if defaultFitsAnyNumber(def) || sameExpression(value, def) {
			return nil
		}
		return unsupportedf(fc.Location, "%s() with a default whose type pgway cannot compare with the value's is not supported on DuckDB", name)
	}
	if common, ok := mixedNumericScales(value, def, valueType, defaultType); ok {
		fc.Args[0] = castToType(value, common, fc.Location)
		fc.Args[2] = castToType(def, common, fc.Location)
		windowScales(fc)
		return nil
	}
	common, err := commonWindowType(value, def, valueType, defaultType)
	if err != nil {
		return unsupportedf(fc.Location, "%s() with a value of type %s and a default of type %s is not supported on DuckDB because %v",
			name, valueType, defaultType, err)
	}
	if common == nil {
		return nil
	}

	typeName := lastName(common.Names)
	if valueType != typeName || typeName == "numeric" {
		fc.Args[0] = castToType(value, common, fc.Location)
	}
	if defaultType != typeName || typeName == "numeric" {
		fc.Args[2] = castToType(def, common, fc.Location)
	}
	return nil
}

// sameExpression reports whether a and b are the same expression, at
// any place in the statement.
func sameExpression(a, b *pg.Node) bool {
	return proto.Equal(withoutLocations(a), withoutLocations(b))
}

// withoutLocations returns a copy of n whose location fields are 0.
func withoutLocations(n *pg.Node) *pg.Node {
	clone := proto.Clone(n).(*pg.Node)
	inspect(clone.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		m := msg.ProtoReflect()
		if field := m.Descriptor().Fields().ByName("location"); field != nil {
			m.Clear(field)
		}
	})
	return clone
}

// windowArgumentType returns exactType(n), but bigint for an integer
// constant past integer's range, which the parser keeps as text and
// PostgreSQL reads as a bigint.
func windowArgumentType(n *pg.Node) string {
	if c := n.GetAConst(); c != nil && c.GetFval() != nil {
		if _, err := strconv.ParseInt(c.GetFval().Fval, 10, 64); err == nil {
			return "int8"
		}
	}
	return exactType(n)
}

// defaultFitsAnyNumber reports whether n is an integer constant that a
// cast to any numeric type, smallint included, keeps.
func defaultFitsAnyNumber(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && c.GetIval() != nil && c.GetIval().Ival >= -32768 && c.GetIval().Ival <= 32767
}

// decimalShape is the number of digits before the point and the scale of
// a numeric value.
type decimalShape struct{ whole, scale int64 }

// integerDigits are the digits before the point of the integer types.
var integerDigits = map[string]int64{"int2": 5, "int4": 10, "int8": 19}

// timestampOrder orders the types that date and the timestamps resolve to.
var timestampOrder = map[string]int{"date": 1, "timestamp": 2, "timestamptz": 3}

// commonWindowType returns the TypeName of the common type that
// PostgreSQL resolves value and def to, or nil when DuckDB's cast of def
// to the value's type gives it already. It returns an error for types
// whose common type pgway cannot give on DuckDB.
func commonWindowType(value, def *pg.Node, valueType, defaultType string) (*pg.TypeName, error) {
	switch {
	case integerWidths[valueType] > 0 && integerWidths[defaultType] > 0:
		if integerWidths[valueType] >= integerWidths[defaultType] {
			return nil, nil
		}
		return plainTypeName(defaultType), nil
	case floatRank(valueType) > 0 || floatRank(defaultType) > 0:
		if floatRank(valueType) >= floatRank(defaultType) {
			return nil, nil
		}
		return plainTypeName(defaultType), nil
	case timestampOrder[valueType] > 0 && timestampOrder[defaultType] > 0:
		if timestampOrder[valueType] >= timestampOrder[defaultType] {
			return nil, nil
		}
		return plainTypeName(defaultType), nil
	case valueType == defaultType && valueType != "numeric":
		return nil, nil
	}
	valueShape, ok1 := numericShape(value, valueType)
	defaultShape, ok2 := numericShape(def, defaultType)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("their common type is not known")
	}
	if valueShape.whole >= defaultShape.whole && valueShape.scale >= defaultShape.scale {
		return nil, nil
	}
	whole, scale := max(valueShape.whole, defaultShape.whole), max(valueShape.scale, defaultShape.scale)
	if whole+scale > 38 {
		return nil, fmt.Errorf("their common type needs more than 38 digits")
	}
	tn := plainTypeName("numeric")
	tn.Typmods = []*pg.Node{pg.MakeAConstIntNode(whole+scale, -1), pg.MakeAConstIntNode(scale, -1)}
	return tn, nil
}

// floatRank orders the numeric types below the float types: 0 for
// others, 1 for real and 2 for double precision.
func floatRank(typ string) int {
	return map[string]int{"float4": 1, "float8": 2}[typ]
}

// numericShape returns the digits of an integer or numeric expression
// whose type the statement shows with its precision: an integer, a
// cast to numeric(p,s), or a number constant.
func numericShape(n *pg.Node, typ string) (decimalShape, bool) {
	if digits := integerDigits[typ]; digits > 0 {
		return decimalShape{whole: digits}, true
	}
	if typ != "numeric" {
		return decimalShape{}, false
	}
	if c := n.GetAConst(); c != nil && c.GetFval() != nil {
		text := strings.TrimLeft(c.GetFval().Fval, "+-")
		if strings.ContainsAny(text, "eE") {
			return decimalShape{}, false
		}
		whole, fraction, _ := strings.Cut(text, ".")
		return decimalShape{whole: max(int64(len(strings.TrimLeft(whole, "0"))), 1), scale: int64(len(fraction))}, true
	}
	tc := n.GetTypeCast()
	if tc == nil {
		return decimalShape{}, false
	}
	if digits := integerDigits[exactType(tc.Arg)]; digits > 0 {
		// An integer cast to numeric, which has the integer's digits.
		return decimalShape{whole: digits}, true
	}
	precision, ok1 := typmodInt(tc.TypeName, 0)
	scale, ok2 := typmodInt(tc.TypeName, 1)
	if !ok1 || !ok2 {
		return decimalShape{}, false
	}
	return decimalShape{whole: precision - scale, scale: scale}, true
}

// plainTypeName returns the TypeName of a type without modifiers.
func plainTypeName(name string) *pg.TypeName {
	return &pg.TypeName{Names: stringNodes(name), Typemod: -1, Location: -1}
}

// castToType returns n cast to a copy of tn.
func castToType(n *pg.Node, tn *pg.TypeName, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg: n, TypeName: proto.Clone(tn).(*pg.TypeName), Location: loc}}}
}

// rewriteNtile raises PostgreSQL's error for ntile(n) with n <= 0 when the
// window function runs, where DuckDB raises XX000. A positive integer or
// NULL constant is left alone. PostgreSQL reads the
// argument at the first row of each partition, and DuckDB at every row,
// so an argument that is not a constant fails with 0A000.
func rewriteNtile(fc *pg.FuncCall) error {
	if len(fc.Args) != 1 || fc.Over == nil {
		return nil
	}
	arg := fc.Args[0]
	if !isConstant(arg) {
		return unsupportedf(fc.Location, "ntile() with an argument that is not a constant is not supported on DuckDB")
	}
	if c := arg.GetAConst(); c != nil && (c.Isnull || c.GetIval() != nil && c.GetIval().Ival > 0) {
		return nil
	}
	loc := fc.Location
	raise := funcCall("error", loc, pg.MakeAConstStrNode("argument of ntile must be greater than zero (SQLSTATE 22014)", loc))
	notPositive := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP,
		Name: stringNodes("<="), Lexpr: arg, Rexpr: pg.MakeAConstIntNode(0, loc), Location: loc}}}
	fc.Args[0] = searchedCase(loc, arg, notPositive, raise)
	return nil
}

// isConstant reports whether n is a constant, a parameter, or a cast of
// one.
func isConstant(n *pg.Node) bool {
	for {
		switch v := n.GetNode().(type) {
		case *pg.Node_AConst, *pg.Node_ParamRef:
			return true
		case *pg.Node_TypeCast:
			n = v.TypeCast.Arg
		default:
			return false
		}
	}
}

// checkOrderedSetAggregate raises PostgreSQL's errors for
// percentile_cont and percentile_disc where DuckDB's differ: 0A000 for an
// OVER clause, and 22003 for a constant fraction outside [0, 1], which
// PostgreSQL raises for each group when the aggregate finishes. The
// latter becomes
//
//	CASE WHEN count(*) >= 0 THEN error('percentile value ...') ELSE percentile_cont(0) ... END
//
// which keeps the aggregate's type and raises once a group exists. A
// NULL fraction, for which PostgreSQL returns NULL, fails with 0A000.
func checkOrderedSetAggregate(n *pg.Node, fc *pg.FuncCall, name string) error {
	if !fc.AggWithinGroup {
		return nil
	}
	if fc.Over != nil {
		return &Error{Code: CodeFeatureNotSupported, Position: int(fc.Location) + 1,
			Message: "OVER is not supported for ordered-set aggregate " + name}
	}
	if err := checkConstantFraction(fc, name); err != nil {
		return err
	}
	if err := checkFractionArray(n, fc, name); err != nil {
		return err
	}

	if len(fc.Args) != 1 {
		return nil
	}
	if isNullFraction(fc.Args[0]) {
		return nullPercentile(n, fc, name)
	}
	c := fc.Args[0].GetAConst()
	if c == nil {
		return nil
	}

	var fraction float64
	switch {
	case c.GetIval() != nil:
		fraction = float64(c.GetIval().Ival)
	case c.GetFval() != nil:
		f, err := strconv.ParseFloat(c.GetFval().Fval, 64)
		if err != nil {
			return nil
		}
		fraction = f
	default:
		return nil
	}
	if fraction >= 0 && fraction <= 1 {
		return nil
	}

	loc := fc.Location
	message := fmt.Sprintf("percentile value %.6g is not between 0 and 1 (SQLSTATE 22003)", fraction)
	raise := funcCall("error", loc, pg.MakeAConstStrNode(message, loc))
	valid := proto.Clone(fc).(*pg.FuncCall)
	valid.Args[0] = pg.MakeAConstIntNode(0, loc)
	count := &pg.Node{Node: &pg.Node_FuncCall{FuncCall: &pg.FuncCall{Funcname: stringNodes("count"), AggStar: true, Location: loc}}}
	groupExists := &pg.Node{Node: &pg.Node_AExpr{AExpr: &pg.A_Expr{Kind: pg.A_Expr_Kind_AEXPR_OP,
		Name: stringNodes(">="), Lexpr: count, Rexpr: pg.MakeAConstIntNode(0, loc), Location: loc}}}
	n.Node = searchedCase(loc, &pg.Node{Node: &pg.Node_FuncCall{FuncCall: valid}}, groupExists, raise).Node
	return nil
}

// typeRangeOffsets casts the string constant offsets of a RANGE frame,
// as in RANGE BETWEEN '1 day' PRECEDING AND CURRENT ROW, to the type
// PostgreSQL 15 reads them as. That is an interval for a date, time or
// timestamp sort key, and the key's type for a number key. DuckDB compares an
// untyped string with the key and fails with 42725. Where the statement
// does not show the key's type, text that is no number is read as an
// interval, and a number is left to DuckDB.
// The sort key is order's, the ORDER BY of w or of the window it names,
// and columns are the types of the statement's column references.
func typeRangeOffsets(w *pg.WindowDef, order []*pg.Node, columns map[*pg.ColumnRef]string) {
	if w == nil || w.FrameOptions&frameRange == 0 || len(order) != 1 {
		return
	}
	key := order[0].GetSortBy().GetNode()
	keyType := exactType(key)
	if ref := key.GetColumnRef(); keyType == "" && ref != nil {
		keyType, _, _ = strings.Cut(columns[ref], "(")
	}
	for _, offset := range []**pg.Node{&w.StartOffset, &w.EndOffset} {
		constant := (*offset).GetAConst()
		text := constant.GetSval()
		if text == nil {
			continue
		}
		number, numberErr := strconv.ParseFloat(strings.TrimSpace(text.Sval), 64)
		offsetType := rangeOffsetTypes[keyType]
		if keyType == "" && numberErr != nil {
			offsetType = "interval"
		}
		if offsetType == "" {
			continue
		}
		negative := numberErr == nil && number < 0
		if offsetType == "interval" {
			span, err := parseInterval(text.Sval)
			negative = err == nil && span.negative()
		}
		if negative {
			// PostgreSQL raises this error when it compares a row with
			// the offset, and DuckDB raises 22003.
			*offset = funcCall("error", constant.Location, pg.MakeAConstStrNode(
				"invalid preceding or following size in window function (SQLSTATE 22013)", constant.Location))
		}
		*offset = typeCast(*offset, offsetType, constant.Location)
	}
}

// typeWindowOffsets applies typeRangeOffsets to the windows of each
// WINDOW clause and OVER clause. A frame that names a window, as in
// OVER (w RANGE BETWEEN '1 day' PRECEDING AND CURRENT ROW), takes the
// ORDER BY of the window it names.
func typeWindowOffsets(stmt *pg.Node, columns map[*pg.ColumnRef]string) {
	walkNode(stmt, func(n *pg.Node) error {
		sel := n.GetSelectStmt()
		if sel == nil {
			return nil
		}
		named := map[string]*pg.WindowDef{}
		for _, w := range sel.WindowClause {
			if def := w.GetWindowDef(); def != nil {
				named[def.Name] = def
			}
		}
		// orderOf follows the names a window copies its ORDER BY from,
		// at most as many as the clause has windows.
		orderOf := func(def *pg.WindowDef) []*pg.Node {
			for range len(named) + 1 {
				if def == nil || len(def.OrderClause) > 0 || def.Refname == "" {
					break
				}
				def = named[def.Refname]
			}
			return def.GetOrderClause()
		}
		for _, def := range named {
			typeRangeOffsets(def, orderOf(def), columns)
		}
		// Subqueries were visited first, so their frames are typed
		// already and keep their own windows.
		return walkNode(n, func(inner *pg.Node) error {
			if over := inner.GetFuncCall().GetOver(); over != nil {
				typeRangeOffsets(over, orderOf(over), columns)
			}
			return nil
		})
	})
}

// rangeOffsetTypes are the types of RANGE offsets by the sort key's type,
// those of the in_range support functions that PostgreSQL 15 picks.
var rangeOffsetTypes = map[string]string{
	"date": "interval", "time": "interval", "timestamp": "interval", "timestamptz": "interval",
	"int2": "int2", "int4": "int4", "int8": "int8", "numeric": "numeric",
	"float4": "float8", "float8": "float8",
}

// mixedNumericScales returns the numeric type that PostgreSQL resolves a
// window function's value and default to when both are integers or
// numerics of known shape, at least one a numeric, and their scales
// differ. It reports false otherwise, and when that type would need more
// than 38 digits.
func mixedNumericScales(value, def *pg.Node, valueType, defaultType string) (*pg.TypeName, bool) {
	if valueType != "numeric" && defaultType != "numeric" {
		return nil, false
	}
	valueShape, ok1 := numericShape(value, valueType)
	defaultShape, ok2 := numericShape(def, defaultType)
	if !ok1 || !ok2 || valueShape.scale == defaultShape.scale {
		return nil, false
	}
	whole, scale := max(valueShape.whole, defaultShape.whole), max(valueShape.scale, defaultShape.scale)
	if whole+scale > 38 {
		return nil, false
	}
	tn := plainTypeName("numeric")
	tn.Typmods = []*pg.Node{pg.MakeAConstIntNode(whole+scale, -1), pg.MakeAConstIntNode(scale, -1)}
	return tn, true
}

// windowScales turns fc, a call of lag or lead whose value and default
// are cast to their common numeric type, into pgway_pick(call), a
// quotient. As a result column or an operand of another quotient
// function it takes the _result form pgway_numeric_result(call), in
// which the call passes on the texts of the value and the default
// (windowTexts), so each row keeps its scale. Elsewhere dropPicks leaves
// the call, with the common type's scale.
func windowScales(fc *pg.FuncCall) {
	call := proto.Clone(fc).(*pg.FuncCall)
	proto.Reset(fc)
	fc.Funcname = stringNodes(pickFunction)
	fc.Args = []*pg.Node{{Node: &pg.Node_FuncCall{FuncCall: call}}}
	fc.Location = call.Location
}

// isWindowDefault reports whether n is a call of lag or lead with a
// default that windowScales marked.
func isWindowDefault(n *pg.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil || fc.Over == nil || len(fc.Args) != 3 || fc.Args[0].GetTypeCast() == nil || fc.Args[2].GetTypeCast() == nil {
		return false
	}
	name := strings.ToLower(lastName(fc.Funcname))
	return name == "lag" || name == "lead"
}

// windowTexts returns a copy of the call that windowScales marked, which
// passes on the texts of its value and default before their cast to the
// common type.
func windowTexts(call *pg.Node) *pg.Node {
	c := proto.Clone(call).(*pg.Node)
	args := c.GetFuncCall().Args
	args[0] = textOf(args[0].GetTypeCast().Arg)
	args[2] = textOf(args[2].GetTypeCast().Arg)
	return c
}
