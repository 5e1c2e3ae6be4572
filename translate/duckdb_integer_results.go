package translate

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// An integer constant is an integer in PostgreSQL, so COALESCE(s, 1),
// GREATEST(s, 2) and CASE ... THEN s ELSE 0 END of a smallint s are
// integers. DuckDB gives such a constant the smallint's type, and the
// result would be described as smallint. The dialect casts the constants
// to integer when a smallint is among the results.

// widenSmallintResults casts the integer constants among results to
// integer when another of them is a smallint.
func widenSmallintResults(results []*pg.Node) {
	smallint := false
	for _, r := range results {
		if r != nil && exactType(r) == "int2" {
			smallint = true
		}
	}
	if !smallint {
		return
	}
	for _, r := range results {
		if c := r.GetAConst(); c != nil && c.GetIval() != nil {
			r.Node = typeCast(&pg.Node{Node: r.Node}, "int4", c.Location).Node
		}
	}
}

// caseResults returns the results of a CASE expression: each THEN and
// the ELSE.
func caseResults(c *pg.CaseExpr) []*pg.Node {
	results := []*pg.Node{c.Defresult}
	for _, when := range c.Args {
		results = append(results, when.GetCaseWhen().GetResult())
	}
	return results
}

// integerGCD casts gcd() and lcm() of two integers to integer, their
// type in PostgreSQL, where DuckDB returns a BIGINT. It reports whether
// it rewrote n.
func integerGCD(n *pg.Node, fc *pg.FuncCall, name string) bool {
	if (name != "gcd" && name != "lcm") || len(fc.Args) != 2 {
		return false
	}
	for _, arg := range fc.Args {
		if t := exactType(arg); t != "int2" && t != "int4" {
			return false
		}
	}
	n.Node = typeCast(&pg.Node{Node: &pg.Node_FuncCall{FuncCall: fc}}, "int4", fc.Location).Node
	return true
}
