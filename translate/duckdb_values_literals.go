package translate

import (
	"regexp"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// plainDecimal matches a string that reads as the same numeric value as
// a numeric constant of its text.
var plainDecimal = regexp.MustCompile(`^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$`)

// castUnknownValues casts the string constants of a VALUES column to
// resolved, the type that PostgreSQL resolves the column to, so that
// VALUES ('1'), (2) is an integer column, and VALUES ('x'), (2) fails
// with 22P02. DuckDB cannot combine a string with an integer. types
// are the types of values as leafColumn returns them, "unknown" for a
// string constant or a NULL. In a numeric column a string becomes a
// numeric constant, whose scale the column keeps as PostgreSQL does,
// where a cast to numeric would not.
func castUnknownValues(values []*pg.Node, types []string, resolved string) error {
	if resolved == "" || resolved == "unknown" {
		return nil
	}
	for i, value := range values {
		c := value.GetAConst()
		if types[i] != "unknown" || c == nil || c.GetSval() == nil {
			continue
		}
		if resolved != "numeric" {
			value.Node = typeCast(cloneNode(value), resolved, c.Location).Node
			continue
		}
		if !plainDecimal.MatchString(c.GetSval().Sval) {
			return unsupported("a string in a VALUES column of numeric values", c.Location,
				"Write the value as a number.")
		}
		c.Val = &pg.A_Const_Fval{Fval: &pg.Float{Fval: c.GetSval().Sval}}
	}
	return nil
}
