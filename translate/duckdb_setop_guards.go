package translate

import (
	"maps"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// guardSetOperationTree guards the quotient columns of the arms of the
// set operation sel and of the set operations that it contains. It does
// so as guardSetOperationQuotients does for each of them that compares
// rows (without ALL), and for sel itself when rootAll is set. guardNestedDecimal
// guards a column once, so a column takes the guard of the outermost of
// those set operations at which no arm shows it to be float4 or float8.
// Guarding each set operation of a chain of n in turn walked the arms
// below it again, in time n², which took seconds for thousands of UNION
// terms; this walks the tree twice. It records the set operations it
// covers in done.
func guardSetOperationTree(sel *pg.SelectStmt, rootAll bool, done map[*pg.SelectStmt]bool) {
	floats := map[*pg.SelectStmt]map[int]bool{}
	floatColumns(sel, floats)
	var guard func(s *pg.SelectStmt, names columnGuards)
	guard = func(s *pg.SelectStmt, names columnGuards) {
		done[s] = true
		switch {
		case !s.All:
			names = names.add(setOperationName(s.Op)+" without ALL", floats[s])
		case s == sel && rootAll:
			names = names.add(setOperationName(s.Op)+" ALL", floats[s])
		}
		for _, arm := range []*pg.SelectStmt{s.Larg, s.Rarg} {
			switch {
			case arm == nil:
			case isSetOperation(arm):
				guard(arm, names)
			default:
				for i, t := range arm.TargetList {
					if rt := t.GetResTarget(); rt != nil && rt.Val != nil && names.name(i) != "" {
						guardNestedDecimal(rt.Val, "a numeric quotient as a column of "+names.name(i))
					}
				}
			}
		}
	}
	guard(sel, columnGuards{})
}

// floatColumns records in floats, for s and each set operation it
// contains, the positions of the columns that an arm below it shows to be
// float4 or float8, and returns those of s.
func floatColumns(s *pg.SelectStmt, floats map[*pg.SelectStmt]map[int]bool) map[int]bool {
	set := map[int]bool{}
	for _, arm := range []*pg.SelectStmt{s.Larg, s.Rarg} {
		switch {
		case arm == nil:
		case isSetOperation(arm):
			maps.Copy(set, floatColumns(arm, floats))
		default:
			for i, t := range arm.TargetList {
				if typ := exactType(t.GetResTarget().GetVal()); typ == "float4" || typ == "float8" {
					set[i] = true
				}
			}
		}
	}
	floats[s] = set
	return set
}

// columnGuards names, for each column position, the outermost set
// operation that guards it. all names it for every column but those of
// except, which were float columns there, and named the outermost set
// operation below for those that are not float columns there.
type columnGuards struct {
	all    string
	except map[int]bool
	named  map[int]string
}

// add returns the guards with those of a set operation, operation, whose
// float columns are floats. It copies a map only when it changes it.
func (g columnGuards) add(operation string, floats map[int]bool) columnGuards {
	if g.all == "" {
		return columnGuards{all: operation, except: floats}
	}
	for i := range g.except {
		if _, ok := g.named[i]; !ok && !floats[i] {
			g.named = maps.Clone(g.named)
			if g.named == nil {
				g.named = map[int]string{}
			}
			g.named[i] = operation
		}
	}
	return g
}

// name returns the set operation that guards column i, or "".
func (g columnGuards) name(i int) string {
	if g.except[i] {
		return g.named[i]
	}
	return g.all
}
