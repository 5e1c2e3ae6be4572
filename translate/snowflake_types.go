package translate

import (
	"math/big"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// snowflakeTypes are the Snowflake types of PostgreSQL's, by the name the
// parser gives them. The integer types are NUMBER with the precision that
// holds their range, so that the provider returns them as int8 (NUMBER(p,0)
// with p <= 18). Types that are not listed fail with 0A000, with the
// reason from unsupportedTypes where it has one.
// Snowflake raises no error where a value exceeds int4 but fits
// NUMBER(10,0), and int8 values of 19 digits overflow NUMBER(18,0).
var snowflakeTypes = map[string]string{
	"int2": "number(5,0)", "int4": "number(10,0)", "int8": "number(18,0)",
	"float8": "float", "bool": "boolean", "text": "text", "varchar": "text",
	"date": "date", "time": "time", "timestamp": "timestamp_ntz",
	"timestamptz": "timestamp_ltz", "bytea": "binary", "json": "variant", "jsonb": "variant",
	"geography": "geography",
}

// unsupportedTypes are the reasons why some PostgreSQL types have no
// Snowflake counterpart.
var unsupportedTypes = map[string]string{
	"float4":   "Snowflake has no single-precision floating-point type; use double precision",
	"bpchar":   "Snowflake has no blank-padded character type; use varchar or text",
	"timetz":   "Snowflake has no time with time zone type",
	"interval": "Snowflake has no interval values; intervals work only added to or subtracted from a date or timestamp",
	"uuid":     "Snowflake has no uuid type; use text",
	"name":     "Snowflake has no name type; use text",
}

// snowflakeTypeName returns the Snowflake type of a PostgreSQL type name
// without array bounds.
func snowflakeTypeName(tn *pg.TypeName) (*pg.TypeName, error) {
	name := lastName(tn.Names)
	if s := schemaOf(tn.Names); s != "" && s != "pg_catalog" {
		return nil, unsupported("type "+strings.Join(names(tn.Names), "."), tn.Location, "")
	}
	if len(tn.ArrayBounds) > 0 {
		return nil, unsupported("type "+name+"[]", tn.Location, "Snowflake arrays are untyped.")
	}
	if reason, ok := unsupportedTypes[name]; ok {
		return nil, unsupported("type "+name, tn.Location, reason+".")
	}
	out := &pg.TypeName{Typemod: -1, Location: tn.Location}
	switch name {
	case "numeric":
		if len(tn.Typmods) == 0 {
			return nil, unsupported("numeric without a precision", tn.Location,
				"Snowflake's NUMBER without precision has no fractional digits; give numeric(p,s).")
		}
		out.Names, out.Typmods = stringNodes("number"), tn.Typmods
		return out, nil
	case "varchar":
		if len(tn.Typmods) > 0 {
			out.Names, out.Typmods = stringNodes("varchar"), tn.Typmods
			return out, nil
		}
	case "geometry":
		return nil, unsupported("type geometry", tn.Location,
			"This warehouse stores spatial values as GEOGRAPHY; cast to geography.")
	}
	mapped, ok := snowflakeTypes[name]
	if !ok {
		return nil, unsupportedType(name, tn.Location, "")
	}
	return parseSnowflakeType(mapped, tn.Location), nil
}

// parseSnowflakeType returns the type name of spec, such as number(10,0).
func parseSnowflakeType(spec string, location int32) *pg.TypeName {
	tn := &pg.TypeName{Typemod: -1, Location: location}
	name, mods, ok := strings.Cut(spec, "(")
	tn.Names = stringNodes(name)
	if ok {
		for _, m := range strings.Split(strings.TrimSuffix(mods, ")"), ",") {
			v, _ := strconv.Atoi(m)
			tn.Typmods = append(tn.Typmods, pg.MakeAConstIntNode(int64(v), -1))
		}
	}
	return tn
}

// typeNotInteger is the class of an expression that is numeric or double
// precision, such as avg(x), whose type depends on x's.
const typeNotInteger staticTypeClass = -1

// snowflakeStaticType returns the type class of an expression of the
// rewrite as far as the expression alone shows it, without a catalog.
func snowflakeStaticType(n *pg.Node) staticTypeClass {
	switch v := n.GetNode().(type) {
	case *pg.Node_AConst:
		switch {
		case v.AConst.GetIval() != nil:
			return typeInteger
		case v.AConst.GetFval() != nil:
			if strings.ContainsAny(v.AConst.GetFval().Fval, ".eE") {
				return typeNumeric
			}
			return typeInteger
		case v.AConst.GetSval() != nil:
			return typeText
		}
	case *pg.Node_TypeCast:
		return snowflakeCastClass(v.TypeCast.TypeName)
	case *pg.Node_FuncCall:
		switch lastName(v.FuncCall.Funcname) {
		case "count", "length", "octet_length", "charindex":
			return typeInteger
		case "cbrt", "pi", "uniform":
			return typeFloat
		case "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop",
			"sqrt", "power", "exp", "ln", "log":
			// checkNumericMath lets these through only where
			// PostgreSQL computes them in double precision.
			return typeFloat
		case "avg", "percentile_cont":
			return typeNotInteger
		case "year", "month", "day", "hour", "minute", "quarter", "dayofyear", "weekiso",
			"dayofweekiso", "yearofweekiso":
			// The rewrites of extract and date_part, which return numeric
			// and double precision in PostgreSQL.
			return typeNumeric
		}
	case *pg.Node_AExpr:
		return arithmeticClass(v.AExpr)
	}
	return typeUnknown
}

// arithmeticClass returns the type class of a sign or of +, -, * or % as
// PostgreSQL resolves it: float if an operand is float, else numeric if
// one is numeric, else integer if both are.
func arithmeticClass(e *pg.A_Expr) staticTypeClass {
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || !strings.Contains("+-*%", lastName(e.Name)) {
		return typeUnknown
	}
	right := snowflakeStaticType(e.Rexpr)
	if e.Lexpr == nil {
		return right
	}
	left := snowflakeStaticType(e.Lexpr)
	switch {
	case left == typeUnknown || right == typeUnknown:
		return typeUnknown
	case left == typeFloat || right == typeFloat:
		return typeFloat
	case left == typeNotInteger || right == typeNotInteger:
		return typeNotInteger
	case left == typeNumeric || right == typeNumeric:
		return typeNumeric
	case left == typeInteger && right == typeInteger:
		return typeInteger
	}
	return typeUnknown
}

func snowflakeCastClass(tn *pg.TypeName) staticTypeClass {
	switch lastName(tn.GetNames()) {
	case "number":
		// NUMBER(p,0) with p <= 18 reaches clients as bigint, and a wider
		// one as numeric, which PostgreSQL divides with a fraction.
		precision, hasPrecision := typmodInt(tn, 0)
		if scale, ok := typmodInt(tn, 1); ok && scale == 0 && hasPrecision && precision <= 18 {
			return typeInteger
		}
		return typeNumeric
	case "float":
		return typeFloat
	case "text", "varchar":
		return typeText
	case "date", "time", "timestamp_ntz", "timestamp_ltz":
		return typeTime
	}
	return typeUnknown
}

// rewriteCast maps a cast to Snowflake's type and keeps PostgreSQL's
// semantics where a plain cast would differ.
func (r *snowflakeRewriter) rewriteCast(n *pg.Node, tc *pg.TypeCast) error {
	tn := tc.TypeName
	name := lastName(tn.GetNames())
	if err := rewriteZoneAbbreviationConstant(tc, name); err != nil {
		return err
	}
	literal := tc.Arg.GetAConst().GetSval()
	switch {
	case len(tn.GetArrayBounds()) > 0:
		return r.rewriteArrayCast(n, tc)
	case name == "interval":
		// Left for the + or - around it; checkLeftovers rejects the rest.
		return nil
	case name == "geometry" || name == "geography":
		return r.rewriteSpatialCast(n, tc, name)
	case name == "json" || name == "jsonb":
		return r.rewriteJSONCast(n, tc)
	case name == "bytea" && literal != nil:
		return r.rewriteByteaLiteral(n, tc, literal.Sval)
	case name == "bytea":
		return unsupported("a cast to bytea of an expression", tc.Location,
			"PostgreSQL reads text as bytea in its escape or hex format, Snowflake in BINARY_INPUT_FORMAT; cast a literal such as '\\x4142'::bytea.")
	case name == "numeric" && len(tn.Typmods) == 0:
		return unconstrainedSnowflakeNumber(tc)
	case name == "varchar" && len(tn.Typmods) > 0:
		return r.rewriteVarcharCast(n, tc)
	case (name == "text" || name == "varchar") && isTimestampExpr(tc.Arg):
		return unsupported("a cast of a time or timestamp to text", tc.Location,
			"Snowflake formats fractional seconds differently; use to_char() with a template.")
	case (name == "int2" || name == "int4" || name == "int8") && snowflakeStaticType(tc.Arg) == typeFloat:
		// PostgreSQL rounds double precision half to even when casting to
		// an integer, Snowflake half away from zero.
		tc.Arg = r.roundHalfEven(tc.Arg, tc.Location)
	}
	mapped, err := snowflakeTypeName(tn)
	if err != nil {
		return err
	}
	if name == "numeric" {
		r.numericCasts[tc] = true
	}
	tc.TypeName = mapped
	return nil
}

// isTimestampExpr reports whether n is evidently a time or timestamp: a
// cast to one, as rewritten.
func isTimestampExpr(n *pg.Node) bool {
	switch lastName(n.GetTypeCast().GetTypeName().GetNames()) {
	case "time", "timestamp_ntz", "timestamp_ltz":
		return true
	}
	return false
}

// unconstrainedSnowflakeNumber gives a cast to numeric without precision
// the scale of its argument, which Snowflake's NUMBER would round away:
// the literal's own scale, or 0 for an integer. Other arguments fail with
// 0A000.
func unconstrainedSnowflakeNumber(tc *pg.TypeCast) error {
	scale := -1
	switch c := tc.Arg.GetAConst(); {
	case c.GetIval() != nil:
		scale = 0
	case c.GetFval() != nil:
		_, scale = literalDecimal(c.GetFval().Fval)
	case snowflakeStaticType(tc.Arg) == typeInteger:
		scale = 0
	}
	if scale < 0 || scale > 37 {
		return unsupported("numeric without a precision", tc.Location,
			"Snowflake's NUMBER without precision has no fractional digits; give numeric(p,s).")
	}
	tc.TypeName = &pg.TypeName{Names: stringNodes("number"), Typemod: -1, Location: tc.Location,
		Typmods: []*pg.Node{pg.MakeAConstIntNode(38, -1), pg.MakeAConstIntNode(int64(scale), -1)}}
	return nil
}

// rewriteVarcharCast truncates, as PostgreSQL does on an explicit cast to
// varchar(n), where Snowflake raises an error.
func (r *snowflakeRewriter) rewriteVarcharCast(n *pg.Node, tc *pg.TypeCast) error {
	length, ok := typmodInt(tc.TypeName, 0)
	if !ok {
		return unsupported("varchar with this length", tc.Location, "")
	}
	mapped, err := snowflakeTypeName(tc.TypeName)
	if err != nil {
		return err
	}
	text := typeCast(tc.Arg, "text", tc.Location)
	left := r.call("left", tc.Location, text, pg.MakeAConstIntNode(length, tc.Location))
	n.Node = &pg.Node_TypeCast{TypeCast: &pg.TypeCast{Arg: left, TypeName: mapped, Location: tc.Location}}
	return nil
}

// rewriteJSONCast parses text as JSON. Only a string literal or an
// expression cast to text is evidently text; a column may already be a
// VARIANT, which PARSE_JSON would not take.
func (r *snowflakeRewriter) rewriteJSONCast(n *pg.Node, tc *pg.TypeCast) error {
	if tc.Arg.GetAConst().GetSval() == nil && snowflakeStaticType(tc.Arg) != typeText {
		if isVariantExpr(tc.Arg) {
			n.Node = tc.Arg.Node
			return nil
		}
		return unsupported("a cast to json of an expression that is not text", tc.Location,
			"pgway cannot see the operand's type: cast it to text first, or leave out the cast for a VARIANT column.")
	}
	n.Node = r.call("parse_json", tc.Location, tc.Arg).Node
	return nil
}

// isVariantExpr reports whether n is evidently a VARIANT: a JSON operator
// or PARSE_JSON call that the rewrite produced.
func isVariantExpr(n *pg.Node) bool {
	switch lastName(n.GetFuncCall().GetFuncname()) {
	case "get", "parse_json", "strip_null_value":
		return true
	}
	return false
}

// rewriteByteaLiteral turns a bytea literal in hex format, '\x4142', into
// TO_BINARY with Snowflake's HEX format, and one without backslashes into
// the bytes of its UTF-8 text.
func (r *snowflakeRewriter) rewriteByteaLiteral(n *pg.Node, tc *pg.TypeCast, text string) error {
	format := "UTF-8"
	if strings.HasPrefix(text, `\x`) {
		text, format = text[2:], "HEX"
		for _, c := range text {
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return unsupported("this bytea literal", tc.Location, "")
			}
		}
		if len(text)%2 != 0 {
			return unsupported("this bytea literal", tc.Location, "")
		}
	} else if strings.Contains(text, `\`) {
		return unsupported("a bytea literal in escape format", tc.Location, `Write bytea literals in hex format, such as '\x4142'.`)
	}
	n.Node = r.call("to_binary", tc.Location, pg.MakeAConstStrNode(text, tc.Location),
		pg.MakeAConstStrNode(format, tc.Location)).Node
	return nil
}

// rewriteArrayCast turns an array literal cast, '{1,2}'::int[], into
// ARRAY_CONSTRUCT of the elements cast to the element type. Snowflake
// arrays hold VARIANT values, so the cast of a non-literal to an array
// type fails with 0A000.
func (r *snowflakeRewriter) rewriteArrayCast(n *pg.Node, tc *pg.TypeCast) error {
	name := lastName(tc.TypeName.Names)
	lit := tc.Arg.GetAConst().GetSval()
	if lit == nil {
		if fc := tc.Arg.GetFuncCall(); fc != nil && lastName(fc.Funcname) == "array_construct" {
			return r.castArrayElements(n, fc.Args, tc)
		}
		return unsupported("a cast to "+name+"[]", tc.Location, "Snowflake arrays are untyped.")
	}
	elems, ok := parseArrayLiteral(lit.Sval)
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
	return r.castArrayElements(n, items, tc)
}

func (r *snowflakeRewriter) castArrayElements(n *pg.Node, items []*pg.Node, tc *pg.TypeCast) error {
	elemType := &pg.TypeName{Names: tc.TypeName.Names, Typmods: tc.TypeName.Typmods, Typemod: -1, Location: tc.Location}
	mapped, err := snowflakeTypeName(elemType)
	if err != nil {
		return err
	}
	casts := make([]*pg.Node, len(items))
	for i, item := range items {
		if item.GetAConst().GetIsnull() {
			// ARRAY_CONSTRUCT stores a SQL NULL as JSON null, as PostgreSQL
			// stores NULL elements.
			casts[i] = item
			continue
		}
		cast := &pg.TypeCast{Arg: item, TypeName: elemType, Location: tc.Location}
		if err := rewriteZoneAbbreviationConstant(cast, lastName(elemType.Names)); err != nil {
			return err
		}
		cast.TypeName = mapped
		casts[i] = &pg.Node{Node: &pg.Node_TypeCast{TypeCast: cast}}
	}
	n.Node = r.call("array_construct", tc.Location, casts...).Node
	return nil
}

// rewriteSnowflakeColumnDef maps the type of a column of CREATE TABLE.
func rewriteSnowflakeColumnDef(cd *pg.ColumnDef) error {
	if cd.TypeName == nil {
		return nil
	}
	name := lastName(cd.TypeName.Names)
	switch name {
	case "serial", "bigserial", "smallserial":
		return unsupported("type "+name, cd.TypeName.Location, "Snowflake has no serial types.")
	case "numeric":
		if len(cd.TypeName.Typmods) == 0 {
			return unsupported("a numeric column without a precision", cd.TypeName.Location,
				"Snowflake's NUMBER without precision has no fractional digits; give numeric(p,s).")
		}
	case "geometry":
		cd.TypeName = &pg.TypeName{Names: stringNodes("geography"), Typemod: -1, Location: cd.TypeName.Location}
		return nil
	}
	mapped, err := snowflakeTypeName(cd.TypeName)
	if err != nil {
		return err
	}
	cd.TypeName = mapped
	return nil
}

// rewriteSnowflakeConst rejects bit strings and writes numbers with an
// exponent, which Snowflake reads as FLOAT where PostgreSQL reads numeric,
// in plain decimal notation.
func rewriteSnowflakeConst(c *pg.A_Const) error {
	if c.GetBsval() != nil {
		return unsupported("a bit string", c.Location, "Snowflake has no bit string type.")
	}
	f := c.GetFval()
	if f == nil || !strings.ContainsAny(f.Fval, "eE") {
		return nil
	}
	mantissa, exponent, _ := strings.Cut(strings.ToLower(f.Fval), "e")
	exp, err := strconv.Atoi(exponent)
	if err != nil || exp > 100 || exp < -100 {
		return unsupportedf(c.Location, "numeric literal %s is not supported", f.Fval)
	}
	digits := 0
	if _, frac, ok := strings.Cut(mantissa, "."); ok {
		digits = len(frac)
	}
	value, ok := new(big.Rat).SetString(f.Fval)
	if !ok {
		return unsupportedf(c.Location, "numeric literal %s is not supported", f.Fval)
	}
	f.Fval = value.FloatString(max(digits-exp, 0))
	return nil
}
