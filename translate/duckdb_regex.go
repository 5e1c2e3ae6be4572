package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostgreSQL's regular expressions run on DuckDB in functions of the
// provider (providers/duckdb/regex_udf.go), which read the pattern as
// PostgreSQL does and fail with 0A000 where Go's engine could match
// otherwise. Each takes the flags as its last argument, empty for none.
// The provider checks the flags too: a check here would treat some
// constants differently, which shared templates (shared.go) cannot keep.

// regexFunctions are the regexp functions, by PostgreSQL name, with the
// provider's function, the numbers of arguments PostgreSQL takes and
// whether the result is a set, which the select list unnests.
var regexFunctions = map[string]struct {
	name    string
	minArgs int
	maxArgs int
	set     bool
}{
	"regexp_match":          {"pgway_regexp_match", 2, 3, false},
	"regexp_matches":        {"pgway_regexp_matches", 2, 3, true},
	"regexp_split_to_array": {"pgway_regexp_split", 2, 3, false},
	"regexp_split_to_table": {"pgway_regexp_split_table", 2, 3, true},
	"regexp_replace":        {"pgway_regexp_replace", 3, 4, false},
	"regexp_like":           {"pgway_regex_test", 2, 3, false},
}

// regexPositionFunctions are PostgreSQL 15's functions that take a start
// position, with the provider's function and the defaults of their
// optional arguments, in order. The string default is that of the flags.
var regexPositionFunctions = map[string]struct {
	name     string
	defaults []any
}{
	"regexp_count":  {"pgway_regexp_count", []any{1, ""}},
	"regexp_instr":  {"pgway_regexp_instr", []any{1, 1, 0, "", 0}},
	"regexp_substr": {"pgway_regexp_substr", []any{1, 1, "", 0}},
}

// rewriteRegexPositionFunction rewrites a call of one of
// regexPositionFunctions with every argument, and reports whether it did.
func rewriteRegexPositionFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	f, ok := regexPositionFunctions[name]
	if !ok {
		return false, nil
	}
	if len(fc.Args) < 2 || len(fc.Args) > 2+len(f.defaults) || fc.FuncVariadic || hasNamedArg(fc) {
		return true, noSuchFunction(fc, name)
	}
	args := fc.Args
	for i, value := range f.defaults {
		if 2+i < len(fc.Args) {
			continue
		}
		if text, isFlags := value.(string); isFlags {
			args = append(args, pg.MakeAConstStrNode(text, fc.Location))
		} else {
			args = append(args, pg.MakeAConstIntNode(int64(value.(int)), fc.Location))
		}
	}
	n.Node = funcCall(f.name, fc.Location, args...).Node
	return true, nil
}

// rewriteRegexFunction rewrites a call of one of regexFunctions or
// regexPositionFunctions and reports whether it did.
func rewriteRegexFunction(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	f, ok := regexFunctions[name]
	if !ok {
		return rewriteRegexPositionFunction(n, fc, name)
	}
	if name == "regexp_replace" && !fc.FuncVariadic && !hasNamedArg(fc) && rewriteRegexpReplaceStart(n, fc) {
		return true, nil
	}
	if len(fc.Args) < f.minArgs || len(fc.Args) > f.maxArgs || fc.FuncVariadic || hasNamedArg(fc) {
		return true, noSuchFunction(fc, name)
	}
	args := fc.Args
	if len(args) < f.maxArgs {
		args = append(args, pg.MakeAConstStrNode("", fc.Location))
	}
	call := funcCall(f.name, fc.Location, args...)
	if f.set {
		call = funcCall("unnest", fc.Location, call)
	}
	n.Node = call.Node
	return true, nil
}

func hasNamedArg(fc *pg.FuncCall) bool {
	for _, arg := range fc.Args {
		if arg.GetNamedArgExpr() != nil {
			return true
		}
	}
	return false
}

// rewriteSubstringRegex turns substring(s FROM pattern), which the parser
// gives as substring(s, pattern), into pgway_substring_regex, and
// substring(s SIMILAR pattern ESCAPE e) or substring(s FROM pattern FOR
// e) into pgway_substring_similar. A text as the second argument shows
// these forms, since the position form takes an integer. It reports
// whether it rewrote the call.
func rewriteSubstringRegex(n *pg.Node, fc *pg.FuncCall, name string) (bool, error) {
	if len(fc.Args) < 2 || !showsTextArgument(fc.Args[1]) {
		return false, nil
	}
	if name == "substr" {
		return true, unsupportedf(fc.Location, "substr() with a text as its start is not supported on DuckDB")
	}
	fn := "pgway_substring_regex"
	if len(fc.Args) == 3 {
		fn = "pgway_substring_similar"
	}
	n.Node = funcCall(fn, fc.Location, fc.Args...).Node
	return true, nil
}

// showsTextArgument reports whether n is a string constant or a cast to
// text or varchar.
func showsTextArgument(n *pg.Node) bool {
	if n.GetAConst().GetSval() != nil {
		return true
	}
	tc := n.GetTypeCast()
	if tc == nil || len(tc.TypeName.GetArrayBounds()) > 0 {
		return false
	}
	name := lastName(tc.TypeName.GetNames())
	return name == "text" || name == "varchar"
}

// regexMatch turns PostgreSQL's regular expression operators into
// pgway_regex_test(s, pattern, flags), negated for !~ and !~*.
func regexMatch(e *pg.A_Expr, op string) *pg.Node {
	flags := ""
	if strings.Contains(op, "*") {
		flags = "i"
	}
	match := funcCall("pgway_regex_test", e.Location, e.Lexpr, e.Rexpr, pg.MakeAConstStrNode(flags, e.Location))
	if strings.HasPrefix(op, "!") {
		return pg.MakeBoolExprNode(pg.BoolExprType_NOT_EXPR, []*pg.Node{match}, e.Location)
	}
	return match
}

// nameRegexRangeFunction names the column of regexp_matches or
// regexp_split_to_table in FROM after its alias, or the function without
// one, as PostgreSQL does, since the unnest() that they become would name
// it unnest.
func nameRegexRangeFunction(rf *pg.RangeFunction) error {
	if len(rf.Functions) != 1 {
		return nil
	}
	items := rf.Functions[0].GetList().GetItems()
	if len(items) == 0 || items[0].GetFuncCall() == nil {
		return nil
	}
	fc := items[0].GetFuncCall()
	name := strings.ToLower(lastName(fc.Funcname))
	if inner := firstArgumentCall(fc); name == "unnest" && inner != nil {
		// The walk has rewritten the call already.
		name = map[string]string{"pgway_regexp_matches": "regexp_matches",
			"pgway_regexp_split_table": "regexp_split_to_table"}[lastName(inner.Funcname)]
	}
	if f, ok := regexFunctions[name]; !ok || !f.set {
		return nil
	}
	if rf.Ordinality {
		return unsupportedf(fc.Location, "%s() WITH ORDINALITY is not supported on DuckDB", name)
	}
	if rf.Alias == nil {
		rf.Alias = &pg.Alias{Aliasname: name}
	}
	if len(rf.Alias.Colnames) == 0 {
		// A function of one column names it after the alias.
		rf.Alias.Colnames = []*pg.Node{pg.MakeStrNode(rf.Alias.Aliasname)}
	}
	return nil
}

func firstArgumentCall(fc *pg.FuncCall) *pg.FuncCall {
	if len(fc.Args) == 0 {
		return nil
	}
	return fc.Args[0].GetFuncCall()
}
