package translate

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// duckDBTypes are the PostgreSQL type names, as the parser spells them,
// that DuckDB accepts as they are, and the DuckDB names of the others.
// Types not listed fail with 0A000.
var duckDBTypes = map[string]string{
	"int2": "", "int4": "", "int8": "", "float4": "", "float8": "",
	"bool": "", "text": "", "varchar": "", "date": "", "time": "", "timetz": "",
	"timestamp": "", "timestamptz": "", "interval": "", "uuid": "", "numeric": "",
	"name": "varchar", "bytea": "blob", "jsonb": "json",
}

// spatialTypes are PostGIS's types, which operands of && are checked for.
var spatialTypes = map[string]bool{"geometry": true, "geography": true}

// rewriteTypeName maps a type name to DuckDB's in place.
func (d *duckDB) rewriteTypeName(tn *pg.TypeName) error {
	if tn == nil {
		return nil
	}
	name := lastName(tn.Names)
	switch {
	case name == "geography":
		return unsupported("type geography", tn.Location,
			"DuckDB has no geography type and no functions that measure on the spheroid.")
	case name == "geometry" && !d.caps.Spatial:
		return unsupported("type geometry", tn.Location, noGeometryHint)
	case name == "geometry" && len(tn.Typmods) > 0:
		// geometryTypmodChecks has taken the modifiers of the columns of
		// CREATE TABLE, which a CHECK keeps.
		return unsupported("a geometry type modifier here", tn.Location,
			"DuckDB's geometry type has no type modifier.")
	case name == "geometry":
		tn.Names = stringNodes("geometry")
		return nil
	}
	mapped, ok := duckDBTypes[name]
	if name == "json" {
		// DuckDB's JSON type is pgway's jsonb, whose output differs from
		// json's, which keeps its input text verbatim.
		return unsupportedType(name, tn.Location, "Use jsonb, which pgway returns as PostgreSQL does.")
	}
	if !ok {
		return unsupportedType(name, tn.Location, "")
	}
	if err := integerTypmods(tn); err != nil {
		return err
	}
	if mapped != "" {
		tn.Names = stringNodes(mapped)
	}
	if name != "numeric" && name != "interval" && name != "varchar" {
		tn.Typmods = nil
	}
	return nil
}

// integerTypmods makes each modifier of a type an integer constant, as
// PostgreSQL's modifier input functions read them: a string or a name
// that is an integer becomes one, and another fails with 22P02. DuckDB
// takes only integer constants.
func integerTypmods(tn *pg.TypeName) error {
	for i, m := range tn.Typmods {
		if m.GetAConst().GetIval() != nil {
			continue
		}
		text := m.GetAConst().GetSval().GetSval()
		if fields := m.GetColumnRef().GetFields(); len(fields) == 1 {
			text = fields[0].GetString_().GetSval()
		}
		value, err := strconv.ParseInt(strings.TrimSpace(text), 10, 32)
		if err != nil {
			return &Error{Code: "22P02", Message: fmt.Sprintf("invalid input syntax for type integer: %q", text),
				Position: int(tn.Location) + 1}
		}
		tn.Typmods[i] = pg.MakeAConstIntNode(value, -1)
	}
	return nil
}

// rewriteCast maps the type of a cast, and keeps the PostgreSQL semantics
// of the casts whose DuckDB counterpart differs.
func (d *duckDB) rewriteCast(n *pg.Node, tc *pg.TypeCast) error {
	if replaced, err := rewriteJSONTypeCast(n, tc); replaced || err != nil {
		return err
	}
	tn := tc.TypeName
	name := lastName(tn.GetNames())
	if err := checkArrayJSONCast(tc); err != nil {
		return err
	}
	if len(tn.GetArrayBounds()) > 0 {
		if err := checkBoundedCharArray(tc); err != nil {
			return err
		}
		if err := rewriteArrayLiteralCast(tc); err != nil {
			return err
		}
		textToArray(tc)
	}
	if rewriteTIDCast(n, tc, name) {
		return nil
	}
	quotientText(tc, name)
	if width := floatWidth(tc.Arg); width != 0 && (name == "text" || name == "varchar") {
		tc.Arg = floatText(tc.Arg, width, tc.Location)
	}
	switch name {
	case "geometry":
		if handled, err := rewriteGeometryCast(n, tc); handled || err != nil {
			return err
		}
	case "bpchar":
		return rewriteCharCast(n, tc)
	case "varchar":
		if length, ok := typmodInt(tn, 0); ok {
			// PostgreSQL truncates on an explicit cast to varchar(n).
			if err := d.rewriteTypeName(tn); err != nil {
				return err
			}
			cast := &pg.Node{Node: &pg.Node_TypeCast{TypeCast: tc}}
			n.Node = funcCall("left", tc.Location, cast, pg.MakeAConstIntNode(length, tc.Location)).Node
			return nil
		}
	case "numeric":
		jsonbNumber(tc)
		if err := numericStringConstant(tc); err != nil {
			return err
		}
		if rewriteNumericCast(n, tc) {
			return nil
		}
		unconstrainedNumeric(tc)
	case "int2", "int4", "int8":
		if err := checkIntegerInput(tc, name); err != nil {
			return err
		}
		textToInteger(tc, name)
	case "float4", "float8":
		if err := checkFloatInput(tc, name); err != nil {
			return err
		}
		textFloatUnderscore(tc, name)
	case "bool":
		if err := booleanInput(tc); err != nil {
			return err
		}
		textToBoolean(tc)
	case "bytea":
		if ewkb := geometryBytea(tc.Arg, tc.Location); ewkb != nil {
			n.Node = ewkb.Node
			return nil
		}
		if _, err := rewriteByteaLiteral(tc); err != nil {
			return err
		}
	case "jsonb":
		if err := checkJSONBConstant(tc); err != nil {
			return err
		}
	case "timetz":
		if err := rewriteTimetzConstant(tc); err != nil {
			return err
		}
	case "date", "time", "timestamp", "timestamptz", "interval":
		timeIntervalCast(tc, name)
		if err := rewriteDateTimeConstant(tc, name); err != nil {
			return err
		}
		localTimeOfDay(tc, name)
		textToDateTime(tc, name)
	}
	if err := timetzLeapSecond(tc, name); err != nil {
		return err
	}
	addTimetzSeconds(tc, name)
	precision, rounds := typmodInt(tn, 0)
	if err := d.rewriteTypeName(tn); err != nil {
		return err
	}
	if rounds && precision < 6 && (name == "timestamp" || name == "timestamptz") {
		roundTimestamp(n, precision, tc.Location)
	}
	if rounds && precision >= 0 && precision < 6 && (name == "time" || name == "timetz") {
		roundTimeOfDay(n, precision, name == "timetz", tc.Location)
	}
	writeBCAsPostgreSQL(n, tc, name)
	return nil
}

// roundTimestamp rounds the timestamp n to precision fractional digits of
// a second, as a cast to timestamp(p) does in PostgreSQL, half away from
// zero, where DuckDB drops the precision. It adds the difference to the
// rounded microseconds since the epoch:
//
//	x + to_microseconds((us + CASE WHEN us >= 0 THEN half ELSE -half END) / unit * unit - us)
//
// with us = epoch_us(x), which DuckDB divides as integers
// (DuckDBSessionSetup).
func roundTimestamp(n *pg.Node, precision int64, loc int32) {
	unit := int64(1)
	for range 6 - precision {
		unit *= 10
	}
	x := &pg.Node{Node: n.Node}
	us := funcCall("epoch_us", loc, x)
	half := searchedCase(loc, pg.MakeAConstIntNode(-unit/2, loc),
		compare(us, ">=", 0, loc), pg.MakeAConstIntNode(unit/2, loc))
	units := binaryOp("/", binaryOp("+", us, half, loc), pg.MakeAConstIntNode(unit, loc), loc)
	rounded := binaryOp("*", units, pg.MakeAConstIntNode(unit, loc), loc)
	n.Node = binaryOp("+", x, funcCall("to_microseconds", loc, binaryOp("-", rounded, us, loc)), loc).Node
}

// integerInput is the text PostgreSQL 15 reads as an integer.
var integerInput = regexp.MustCompile(`^[ \t\n\r\f\v]*[+-]?[0-9]+[ \t\n\r\f\v]*$`)

// checkIntegerInput raises PostgreSQL's error for a string constant cast
// to an integer type that PostgreSQL cannot read as one, where DuckDB
// would round 1.5 to 2 or read 1e3 as 1000.
// textToInteger checks other text.
func checkIntegerInput(tc *pg.TypeCast, name string) error {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil {
		return nil
	}
	text := c.GetSval().Sval
	if strings.HasPrefix(text, "pgway.fold."+markerNonce+".") {
		// A session value that the fold writes in later, such as
		// extra_float_digits, met again where a rewrite walks its own
		// output.
		return nil
	}
	typeName := map[string]string{"int2": "smallint", "int4": "integer", "int8": "bigint"}[name]
	if !integerInput.MatchString(text) {
		return &Error{Code: "22P02", Position: int(c.Location) + 1,
			Message: fmt.Sprintf("invalid input syntax for type %s: %q", typeName, text)}
	}
	bits := map[string]int{"int2": 16, "int4": 32, "int8": 64}[name]
	if _, err := strconv.ParseInt(strings.TrimSpace(text), 10, bits); err != nil {
		return &Error{Code: "22003", Position: int(c.Location) + 1,
			Message: fmt.Sprintf("value %q is out of range for type %s", text, typeName)}
	}
	return nil
}

// checkFloatInput raises PostgreSQL's error for a string constant cast to
// a float type whose value is beyond the type's range, which PostgreSQL
// reads as out of range where DuckDB reads Infinity or 0. Text that is no
// number is left to DuckDB, whose error the provider maps.
func checkFloatInput(tc *pg.TypeCast, name string) error {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil {
		return nil
	}
	text := c.GetSval().Sval
	bits, typeName := 64, "double precision"
	if name == "float4" {
		bits, typeName = 32, "real"
	}
	if err := checkFloatUnderscore(text, typeName, c.Location); err != nil {
		return err
	}
	goText, hex := HexFloatInput(text)
	if !hex {
		goText = strings.TrimSpace(text)
	}
	value, err := strconv.ParseFloat(goText, bits)
	overflow := errors.Is(err, strconv.ErrRange)
	mantissa, nonZeroDigits := strings.SplitN(strings.ToLower(text), "e", 2)[0], "123456789"
	if hex {
		mantissa, nonZeroDigits = strings.SplitN(strings.ToLower(goText), "p", 2)[0], "123456789abcdef"
	}
	underflow := err == nil && value == 0 && strings.ContainsAny(mantissa, nonZeroDigits)
	if hex && !overflow && !underflow {
		// DuckDB's cast reads no hexadecimal numbers, so the constant
		// becomes the decimal text of the same value.
		c.GetSval().Sval = strconv.FormatFloat(value, 'g', -1, bits)
		return nil
	}
	if !overflow && !underflow {
		return nil
	}
	return &Error{Code: "22003", Position: int(c.Location) + 1,
		Message: fmt.Sprintf("%q is out of range for type %s", text, typeName)}
}

// rewriteCharCast turns a cast to char(n) into the padded string
// PostgreSQL returns, because DuckDB has no blank-padded type.
func rewriteCharCast(n *pg.Node, tc *pg.TypeCast) error {
	length, ok := typmodInt(tc.TypeName, 0)
	if !ok {
		length = 1
	}
	str := typeCast(tc.Arg, "varchar", tc.Location)
	left := funcCall("left", tc.Location, str, pg.MakeAConstIntNode(length, tc.Location))
	n.Node = funcCall("rpad", tc.Location, left, pg.MakeAConstIntNode(length, tc.Location), pg.MakeAConstStrNode(" ", tc.Location)).Node
	return nil
}

func typmodInt(tn *pg.TypeName, i int) (int64, bool) {
	if len(tn.GetTypmods()) <= i {
		return 0, false
	}
	v := tn.Typmods[i].GetAConst().GetIval()
	if v == nil {
		return 0, false
	}
	return int64(v.Ival), true
}

// unconstrainedNumeric gives a cast to numeric without precision that
// rewriteNumericCast leaves a DuckDB DECIMAL: for a literal the literal's
// own scale, so that 1.50::numeric prints 1.50 as in PostgreSQL, otherwise
// DECIMAL(38,10), as for a parameter. A literal's
// DECIMAL holds 18 integer digits or its own, whichever is more, not 38.
// DuckDB gives a UNION, VALUES or CASE of DECIMALs the widest integer part
// and the largest scale among them, capped at 38 digits. So a literal of
// 38 digits would round 2.25 in a later row to its own scale.
// TODO: $1::numeric is DECIMAL(38,10), which rounds to 10 digits and
// prints trailing zeros where PostgreSQL's numeric keeps the value's scale.
func unconstrainedNumeric(tc *pg.TypeCast) {
	if len(tc.TypeName.Typmods) > 0 {
		return
	}
	if inner := tc.Arg.GetTypeCast(); inner != nil && lastName(inner.TypeName.Names) == "numeric" && len(inner.TypeName.Typmods) == 2 {
		// A constant with an exponent, which rewriteExponentLiteral has
		// made a DECIMAL of its own scale.
		tc.TypeName.Typmods = inner.TypeName.Typmods
		return
	}
	precision, scale := 38, 10
	if c := tc.Arg.GetAConst(); c != nil {
		switch {
		case c.GetIval() != nil:
			precision, scale = 18, 0
		case c.GetFval() != nil:
			precision, scale = literalDecimal(c.GetFval().Fval)
		}
	}
	tc.TypeName.Typmods = []*pg.Node{pg.MakeAConstIntNode(int64(precision), -1), pg.MakeAConstIntNode(int64(scale), -1)}
}

// numericStringConstant gives a string constant cast to numeric without
// a precision, such as '1.50'::numeric, the scale that PostgreSQL's
// numeric input gives it (2), as the literal 1.50 has: it becomes that
// literal, written without an exponent. A string that is no number fails
// with 22P02 as in PostgreSQL, and NaN and Infinity, which a DECIMAL
// cannot hold, with 0A000.
func numericStringConstant(tc *pg.TypeCast) error {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil {
		return nil
	}
	input := c.GetSval().Sval
	text := strings.TrimSpace(input)
	if err := specialNumericConstant(text, tc.TypeName, c.Location); err != nil || len(tc.TypeName.Typmods) > 0 {
		return err
	}
	if !numericInput.MatchString(text) {
		return &Error{Code: "22P02", Position: int(c.Location) + 1,
			Message: fmt.Sprintf("invalid input syntax for type numeric: %q", input)}
	}
	if strings.ContainsAny(text, "eE") {
		sign := ""
		if strings.HasPrefix(text, "-") {
			sign = "-"
		}
		plain, _, _, ok := exponentDecimal(strings.TrimLeft(text, "+-"))
		if !ok {
			return unsupportedf(c.Location, "numeric %s is not supported on this warehouse", strconv.Quote(text))
		}
		text = sign + plain
	}
	if !fitsDuckDBDecimal(text) {
		return wideConstant(text, c.Location)
	}
	tc.Arg = &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
		Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: strings.TrimPrefix(text, "+")}}, Location: c.Location}}}
	return nil
}

// numericInput matches the numbers that PostgreSQL 15's numeric input
// reads, without the white space around them.
var numericInput = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// literalDecimal returns the DECIMAL precision and scale that
// unconstrainedNumeric gives a numeric literal.
func literalDecimal(s string) (precision, scale int) {
	if strings.ContainsAny(s, "eE") {
		return 38, 10
	}
	whole, fraction, _ := strings.Cut(strings.TrimLeft(s, "+-"), ".")
	scale = min(len(fraction), 38)
	return min(max(len(strings.TrimLeft(whole, "0"))+scale, 18+scale), 38), scale
}

// rewriteArrayLiteralCast turns '{1,2}'::int[] into ARRAY['1','2']::int[],
// because DuckDB reads only its own list syntax from a string.
func rewriteArrayLiteralCast(tc *pg.TypeCast) error {
	lit := tc.Arg.GetAConst().GetSval()
	if lit == nil {
		return nil
	}
	elems, ok := parseArrayLiteral(lit.Sval)
	if err := checkArrayLiteral(tc, lit.Sval, elems); err != nil {
		return err
	}
	if !ok {
		return unsupportedf(tc.Location, "array literal %s is not supported", strconv.Quote(lit.Sval))
	}
	items := make([]*pg.Node, len(elems))
	for i, el := range elems {
		if el.null {
			items[i] = &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{Isnull: true, Location: tc.Location}}}
		} else {
			items[i] = pg.MakeAConstStrNode(el.text, tc.Location)
		}
	}
	tc.Arg = &pg.Node{Node: &pg.Node_AArrayExpr{AArrayExpr: &pg.A_ArrayExpr{Elements: items, Location: tc.Location}}}
	return nil
}
