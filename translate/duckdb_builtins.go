package translate

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// providerFunctions are PostgreSQL functions that DuckDB lacks, or has
// with other results, and that DuckDB's SQL cannot express. The DuckDB
// provider registers a function for each (providers/duckdb/function_udf.go),
// which the dialect calls under the name below with the same arguments.
var providerFunctions = map[string]struct {
	name  string
	nargs int
}{
	"div":              {"pgway_div_trunc", 2},
	"width_bucket":     {"pgway_width_bucket", 4},
	"sha224":           {"pgway_sha224", 1},
	"sha256":           {"pgway_sha256", 1},
	"sha384":           {"pgway_sha384", 1},
	"sha512":           {"pgway_sha512", 1},
	"encode":           {"pgway_encode", 2},
	"decode":           {"pgway_decode", 2},
	"justify_days":     {"pgway_justify_days", 1},
	"justify_hours":    {"pgway_justify_hours", 1},
	"justify_interval": {"pgway_justify_interval", 1},
	"date_bin":         {"pgway_date_bin", 3},
	"to_hex":           {"pgway_to_hex", 1},
	"octet_length":     {"pgway_octet_length", 1},
	"clock_timestamp":  {"pgway_clock_timestamp", 0},
	"reverse":          {"pgway_reverse", 1},
	"chr":              {"pgway_chr", 1},
}

// makeIntervalParams are the parameters of PostgreSQL's make_interval, in
// order, each 0 by default.
var makeIntervalParams = []string{"years", "months", "weeks", "days", "hours", "mins", "secs"}

// rewriteBuiltin rewrites a call of a PostgreSQL function that DuckDB
// lacks or computes differently, and reports whether it handled the call.
// It rejects a PostgreSQL function that the dialect cannot run on DuckDB.
func rewriteBuiltin(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if schema := schemaOf(fc.Funcname); schema != "" && schema != "pg_catalog" {
		// A function of the warehouse's own schema.
		return false, nil
	}
	if handled, err := rewriteRegexFunction(n, fc, name); handled || err != nil {
		return true, err
	}
	if handled, err := rewriteFormatFunction(n, fc, name); handled || err != nil {
		return true, err
	}
	if f, ok := providerFunctions[name]; ok {
		switch {
		case name == "width_bucket" && len(fc.Args) == 2:
			return true, unsupportedf(fc.Location, "width_bucket() with an array of thresholds is not supported on DuckDB")
		case len(fc.Args) != f.nargs:
			return true, noSuchFunction(fc, name)
		}
		fc.Funcname = stringNodes(f.name)
		return true, nil
	}
	switch name {
	case "make_interval":
		return true, rewriteMakeInterval(fc)
	case "num_nulls", "num_nonnulls":
		return true, rewriteNullCount(n, fc, name == "num_nulls")
	case "substr", "substring":
		if handled, err := rewriteSubstringRegex(n, fc, name); handled || err != nil {
			return true, err
		}
		return rewriteSubstring(n, fc), nil
	case "lpad", "rpad":
		rewritePad(n, fc)
		return true, nil
	case "string_agg":
		return true, rewriteStringAgg(n, fc)
	case "array_to_string":
		return true, rewriteArrayToString(n, fc)
	case "lag", "lead":
		return true, rewriteWindowDefault(fc, name)
	case "ntile":
		if err := rewriteNtile(fc); err != nil || fc.Over == nil {
			return true, err
		}
		// PostgreSQL's ntile() is an integer, DuckDB's a BIGINT.
		n.Node = typeCast(&pg.Node{Node: n.Node}, "int4", fc.Location).Node
		return true, nil
	case "percentile_cont", "percentile_disc":
		return true, checkOrderedSetAggregate(n, fc, name)
	case "concat", "concat_ws":
		rewriteConcat(fc, name == "concat_ws")
		return true, nil
	case "array_length":
		return rewriteArrayLength(n, fc), nil
	case "array_cat":
		return rewriteArrayCat(n, fc)
	case "array_lower", "array_upper", "array_ndims":
		return true, rewriteArrayBounds(n, fc, name)
	case "split_part":
		return rewriteSplitPart(n, fc), nil
	case "string_to_array":
		if len(fc.Args) == 3 {
			rewriteStringToArrayNulls(n, fc)
			return true, nil
		}
		return rewriteStringToArray(n, fc), nil
	case "array_positions", "array_remove", "array_replace":
		return true, rewriteArrayMacroCall(fc, name)
	case "overlaps":
		if handled, err := rewriteOverlaps(n, fc); handled || err != nil {
			return true, err
		}
	}
	if postgresOnlyFunctions[name] {
		return true, unsupportedf(fc.Location, "function %s is not supported on DuckDB", name)
	}
	return false, nil
}

// rewriteMakeInterval turns make_interval, whose arguments may be named
// as in make_interval(days => 3), into pgway_make_interval with all
// seven arguments in order.
func rewriteMakeInterval(fc *pg.FuncCall) error {
	args := make([]*pg.Node, len(makeIntervalParams))
	if len(fc.Args) > len(args) || fc.FuncVariadic {
		return noSuchFunction(fc, "make_interval")
	}
	for i, arg := range fc.Args {
		named := arg.GetNamedArgExpr()
		if named == nil {
			args[i] = arg
			continue
		}
		at := paramIndex(named.Name)
		if at < 0 || args[at] != nil {
			return noSuchFunction(fc, "make_interval")
		}
		args[at] = named.Arg
	}
	for i := range args {
		if args[i] != nil {
			continue
		}
		if makeIntervalParams[i] == "secs" {
			args[i] = floatConstant("0.0", fc.Location)
		} else {
			args[i] = pg.MakeAConstIntNode(0, fc.Location)
		}
	}
	fc.Funcname = stringNodes("pgway_make_interval")
	fc.Args = args
	return nil
}

func paramIndex(name string) int {
	for i, p := range makeIntervalParams {
		if p == name {
			return i
		}
	}
	return -1
}

// noSuchFunction returns PostgreSQL's error for a call whose argument
// names or count match no function of that name.
func noSuchFunction(fc *pg.FuncCall, name string) *Error {
	return &Error{
		Code:     CodeUndefinedFunction,
		Message:  fmt.Sprintf("function %s does not exist with these arguments", name),
		Hint:     "No function matches the given name and argument types. You might need to add explicit type casts.",
		Position: int(fc.Location) + 1,
	}
}

// rewriteNullCount turns num_nulls(a, b, ...) into
//
//	(CASE WHEN a IS NULL THEN 1 ELSE 0 END + ...)::int4
//
// and num_nonnulls into the same with IS NOT NULL.
func rewriteNullCount(n *pg.Node, fc *pg.FuncCall, nulls bool) error {
	if len(fc.Args) == 0 {
		return noSuchFunction(fc, lastName(fc.Funcname))
	}
	if fc.FuncVariadic {
		return unsupportedf(fc.Location, "VARIADIC arguments of %s are not supported on DuckDB", lastName(fc.Funcname))
	}
	test := pg.NullTestType_IS_NOT_NULL
	if nulls {
		test = pg.NullTestType_IS_NULL
	}
	var sum *pg.Node
	for _, arg := range fc.Args {
		isNull := &pg.Node{Node: &pg.Node_NullTest{NullTest: &pg.NullTest{
			Arg: arg, Nulltesttype: test, Location: fc.Location}}}
		one := &pg.Node{Node: &pg.Node_CaseExpr{CaseExpr: &pg.CaseExpr{
			Args: []*pg.Node{{Node: &pg.Node_CaseWhen{CaseWhen: &pg.CaseWhen{
				Expr: isNull, Result: pg.MakeAConstIntNode(1, fc.Location), Location: fc.Location}}}},
			Defresult: pg.MakeAConstIntNode(0, fc.Location),
			Location:  fc.Location,
		}}}
		if sum == nil {
			sum = one
		} else {
			sum = binaryOp("+", sum, one, fc.Location)
		}
	}
	n.Node = typeCast(sum, "int4", fc.Location).Node
	return nil
}

// floatConstant returns a numeric constant, such as 0.0, written as text.
func floatConstant(text string, loc int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
		Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: text}}, Location: loc}}}
}

// PostgresFunctionName returns the PostgreSQL function that a function
// the DuckDB dialect calls in its place stands for, such as width_bucket
// for pgway_width_bucket, or name itself, so that errors name what the
// client wrote.
func PostgresFunctionName(name string) string {
	if name == "pgway_make_interval" {
		return "make_interval"
	}
	for postgres, f := range providerFunctions {
		if f.name == name {
			return postgres
		}
	}
	if postgres, ok := textFunctionName(name); ok {
		return postgres
	}
	for _, names := range []map[string]string{checkedDateFunctions, caseMappingFunctions} {
		for postgres, f := range names {
			if f == name {
				return postgres
			}
		}
	}
	return name
}
