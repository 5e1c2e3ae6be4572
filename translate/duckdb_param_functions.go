package translate

import (
	"slices"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL resolves an untyped argument of a function from the
// function's candidates, as section 10.3 of its documentation
// ("Functions") describes. The argument takes the type of the known
// arguments where a candidate takes that type at every position.
// Otherwise it takes the preferred type of the category that all
// candidates accept, which for numbers is double precision.

// sameTypeOverloads are the argument types of functions whose candidates
// take one type at every position, each a list of that type's names.
var sameTypeOverloads = map[string][]string{
	"abs":  {"int2", "int4", "int8", "float4", "float8", "numeric"},
	"ceil": {"float8", "numeric"}, "ceiling": {"float8", "numeric"}, "floor": {"float8", "numeric"},
	"sign": {"float8", "numeric"}, "sqrt": {"float8", "numeric"}, "exp": {"float8", "numeric"},
	"ln": {"float8", "numeric"}, "log10": {"float8", "numeric"}, "cbrt": {"float8"},
	"power": {"float8", "numeric"}, "pow": {"float8", "numeric"},
	"mod": {"int2", "int4", "int8", "numeric"},
	"gcd": {"int4", "int8", "numeric"}, "lcm": {"int4", "int8", "numeric"},
	"div": {"numeric"}, "atan2": {"float8"}, "degrees": {"float8"}, "radians": {"float8"},
}

// oneArgumentOverloads are sameTypeOverloads of functions whose form of
// two arguments takes other types: round(numeric, integer). trunc() of
// one untyped argument fails in PostgreSQL, which has trunc(macaddr).
var oneArgumentOverloads = map[string][]string{
	"round": {"float8", "numeric"}, "log": {"float8", "numeric"},
}

// twoArgumentTypes are the argument types of the one candidate of two
// arguments of round(), trunc() and log().
var twoArgumentTypes = map[string][2]uint32{
	"round": {pgNumericOID, 23}, "trunc": {pgNumericOID, 23}, "log": {pgNumericOID, pgNumericOID},
}

// makeIntervalArguments are the parameter names of make_interval(), in
// order.
var makeIntervalArguments = []string{"years", "months", "weeks", "days", "hours", "mins", "secs"}

// seriesTypes are the types of generate_series()'s step by the type of
// its start and stop: the same type for numbers, interval for timestamps.
var seriesTypes = map[string]uint32{
	"int4": 23, "int8": 20, "numeric": pgNumericOID, "timestamp": 1186, "timestamptz": 1186,
}

// inferFunctionParams gives the untyped parameters among fc's arguments
// the types that PostgreSQL's function resolution gives them.
func inferFunctionParams(fc *pg.FuncCall, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		return
	}
	name, args := lastName(fc.Funcname), fc.Args
	switch {
	case name == "date_part" && len(args) == 2:
		set(args[0], pgTextOID)
	case name == "make_interval":
		inferMakeInterval(args, set)
	case name == "width_bucket" && len(args) == 4:
		// width_bucket(x, low, high, count) of double precision or numeric.
		if t := typeOf(args[0]); t == 701 || t == pgNumericOID {
			set(args[1], t)
			set(args[2], t)
		}
		set(args[3], 23)
	case name == "generate_series" && (len(args) == 2 || len(args) == 3):
		inferSeries(args, typeOf, set)
	case twoArgumentTypes[name] != [2]uint32{} && len(args) == 2:
		types := twoArgumentTypes[name]
		set(args[0], types[0])
		set(args[1], types[1])
	case oneArgumentOverloads[name] != nil && len(args) == 1:
		inferSameType(args, oneArgumentOverloads[name], typeOf, set)
	case sameTypeOverloads[name] != nil:
		inferSameType(args, sameTypeOverloads[name], typeOf, set)
	default:
		inferArrayFunction(name, args, typeOf, set)
	}
}

// inferSameType gives the untyped args the type of the known ones where
// a candidate of overloads takes it, and otherwise double precision, the
// preferred type of numbers, where a candidate takes that.
func inferSameType(args []*pg.Node, overloads []string, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	known := uint32(0)
	for _, arg := range args {
		if arg.GetParamRef() != nil {
			continue
		}
		t := typeOf(arg)
		if t == 0 || known != 0 && t != known {
			// Known arguments of different types or of a type pgway
			// cannot see leave the choice to other rules.
			return
		}
		known = t
	}
	var chosen uint32
	for _, name := range overloads {
		if inferredTypeOIDs[name] == known && known != 0 {
			chosen = known
		}
	}
	if chosen == 0 && slices.Contains(overloads, "float8") && (known == 0 || numericTypeOIDs[known]) {
		chosen = 701
	}
	if len(overloads) == 1 {
		// The one candidate, such as div(numeric, numeric), takes an
		// untyped argument beside an integer too.
		chosen = inferredTypeOIDs[overloads[0]]
	}
	for _, arg := range args {
		set(arg, chosen)
	}
}

// inferMakeInterval types make_interval()'s arguments, given by position
// or by name: integers, and double precision for secs.
func inferMakeInterval(args []*pg.Node, set func(*pg.Node, uint32)) {
	for i, arg := range args {
		name := ""
		if i < len(makeIntervalArguments) {
			name = makeIntervalArguments[i]
		}
		if named := arg.GetNamedArgExpr(); named != nil {
			name, arg = named.Name, named.Arg
		}
		switch {
		case name == "secs":
			set(arg, 701)
		case slices.Contains(makeIntervalArguments, name):
			set(arg, 23)
		}
	}
}

// inferSeries types generate_series(start, stop [, step]): start and
// stop take the type of the known one, and the step of timestamps is an
// interval.
func inferSeries(args []*pg.Node, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	known := uint32(0)
	for _, arg := range args[:2] {
		if arg.GetParamRef() == nil {
			known = typeOf(arg)
		}
	}
	var step uint32
	for name, stepType := range seriesTypes {
		if inferredTypeOIDs[name] == known && known != 0 {
			step = stepType
			if stepType != 1186 {
				step = known
			}
		}
	}
	if step == 0 {
		return
	}
	set(args[0], known)
	set(args[1], known)
	if len(args) == 3 {
		set(args[2], step)
	}
}

// inferArrayFunction types the untyped element or array argument of the
// array functions from the array's type.
func inferArrayFunction(name string, args []*pg.Node, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	if len(args) < 2 {
		return
	}
	switch name {
	case "array_append", "array_remove", "array_position", "array_positions", "array_replace":
		if element := paramArrayElements[typeOf(args[0])]; element != 0 {
			for _, arg := range args[1:min(len(args), 3)] {
				set(arg, element)
			}
		}
	case "array_prepend":
		set(args[0], paramArrayElements[typeOf(args[1])])
	case "array_cat":
		if array := typeOf(args[0]); paramArrayElements[array] != 0 {
			set(args[1], array)
		} else if array := typeOf(args[1]); paramArrayElements[array] != 0 {
			set(args[0], array)
		}
	}
}

// inferCommonType gives the untyped parameters among values, the inputs
// of COALESCE, GREATEST, LEAST, NULLIF or the results of CASE, the type
// PostgreSQL resolves them to. That is the type of the known inputs where
// they share one, the widest where they are numbers, and text where no
// input shows its type.
func inferCommonType(values []*pg.Node, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	common, params := uint32(0), false
	for _, v := range values {
		if v == nil {
			continue
		}
		if v.GetParamRef() != nil {
			params = true
			continue
		}
		if c := v.GetAConst(); c != nil && (c.Isnull || c.GetSval() != nil) {
			// NULL and string constants are unknown too.
			continue
		}
		t := typeOf(v)
		switch {
		case t == 0:
			return
		case common == 0 || common == t:
			common = t
		case numberRank[common] > 0 && numberRank[t] > 0:
			if numberRank[t] > numberRank[common] {
				common = t
			}
		default:
			return
		}
	}
	if !params {
		return
	}
	if common == 0 {
		common = pgTextOID
	}
	for _, v := range values {
		if v != nil {
			set(v, common)
		}
	}
}

// numberRank orders the number types by PostgreSQL's implicit casts
// between them: each casts to every type of a higher rank.
var numberRank = map[uint32]int{21: 1, 23: 2, 20: 3, pgNumericOID: 4, 700: 5, 701: 6}

// arrayConstructorType returns the type of ARRAY[...] whose elements
// share a type that typeOf shows, or 0.
func arrayConstructorType(a *pg.A_ArrayExpr, typeOf func(*pg.Node) uint32) uint32 {
	element := uint32(0)
	for _, e := range a.Elements {
		t := typeOf(e)
		if t == 0 || element != 0 && t != element {
			return 0
		}
		element = t
	}
	return arrayOID(element)
}

// inferArrayOperands gives an untyped operand of @>, <@ or && the type of
// the other operand where that is an array.
func inferArrayOperands(e *pg.A_Expr, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	if op := lastName(e.Name); e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil || op != "@>" && op != "<@" && op != "&&" {
		return
	}
	if left := typeOf(e.Lexpr); paramArrayElements[left] != 0 {
		set(e.Rexpr, left)
	}
	if right := typeOf(e.Rexpr); paramArrayElements[right] != 0 {
		set(e.Lexpr, right)
	}
}

// inferDateTimeOperands gives an untyped operand of - beside a date,
// timestamp or interval that value's type, and of + beside a timestamp
// or interval the type interval, the one candidate PostgreSQL finds.
// The operands of NULLIF take their common type.
func inferDateTimeOperands(e *pg.A_Expr, typeOf func(*pg.Node) uint32, set func(*pg.Node, uint32)) {
	if e.Kind == pg.A_Expr_Kind_AEXPR_NULLIF {
		inferCommonType([]*pg.Node{e.Lexpr, e.Rexpr}, typeOf, set)
		return
	}
	if e.Kind != pg.A_Expr_Kind_AEXPR_OP || e.Lexpr == nil {
		return
	}
	switch lastName(e.Name) {
	case "-":
		if left := typeOf(e.Lexpr); dateTimeOIDs[left] {
			set(e.Rexpr, left)
		}
	case "+":
		if left := typeOf(e.Lexpr); left == 1114 || left == 1184 || left == 1186 {
			set(e.Rexpr, 1186)
		}
		if right := typeOf(e.Rexpr); right == 1114 || right == 1184 || right == 1186 {
			set(e.Lexpr, 1186)
		}
	}
}

// dateTimeOIDs are date, timestamp, timestamptz and interval, whose - of
// an untyped operand PostgreSQL resolves to the operator of two values of
// the type.
var dateTimeOIDs = map[uint32]bool{1082: true, 1114: true, 1184: true, 1186: true}

// aggregateType returns the type of count(), or of sum(), avg(), min() or
// max() of a value whose type typeOf shows, as PostgreSQL types them, or
// 0.
func aggregateType(fc *pg.FuncCall, typeOf func(*pg.Node) uint32) uint32 {
	name := lastName(fc.Funcname)
	if len(fc.Funcname) != 1 {
		return 0
	}
	if name == "count" {
		return 20
	}
	if len(fc.Args) != 1 {
		return 0
	}
	arg := typeOf(fc.Args[0])
	switch name {
	case "min", "max":
		return arg
	case "sum":
		switch arg {
		case 21, 23:
			return 20
		case 20, pgNumericOID:
			return pgNumericOID
		case 700, 701, 1186:
			return arg
		}
	case "avg":
		switch arg {
		case 21, 23, 20, pgNumericOID:
			return pgNumericOID
		case 700, 701:
			return 701
		case 1186:
			return 1186
		}
	}
	return 0
}
