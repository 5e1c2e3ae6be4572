package translate

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// foldArrayText replaces a cast to a string type of ARRAY[...] of number
// constants of different scales, such as ARRAY[1.50, 2]::text, with the
// text that PostgreSQL writes for it, {1.50,2}. DuckDB would write every
// element with the largest scale.
func foldArrayText(stmt *pg.Node) {
	walkNode(stmt, func(n *pg.Node) error {
		tc := n.GetTypeCast()
		array := tc.GetArg().GetAArrayExpr()
		if array == nil || !isStringType(lastName(tc.TypeName.GetNames())) || len(tc.TypeName.GetArrayBounds()) > 0 {
			return nil
		}
		elements := make([][]*pg.Node, len(array.Elements))
		texts := make([]string, len(array.Elements))
		for i, e := range array.Elements {
			elements[i] = []*pg.Node{e}
			text, ok := constantText(e)
			switch {
			case e.GetAConst().GetIsnull():
				text = "NULL"
			case !ok:
				return nil
			}
			texts[i] = numericOutText(text)
		}
		if mixedScales(elements, 0, nil) {
			tc.Arg = pg.MakeAConstStrNode("{"+strings.Join(texts, ",")+"}", array.Location)
		}
		return nil
	})
}

// numericOutText writes the text of a number constant as numeric_out
// does: without leading zeros, with 0 before the point, and without the
// sign of zero.
func numericOutText(text string) string {
	if text == "NULL" {
		return text
	}
	sign := ""
	if rest, ok := strings.CutPrefix(text, "-"); ok {
		sign, text = "-", rest
	}
	whole, fraction, point := strings.Cut(text, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if strings.Trim(whole+fraction, "0") == "" {
		sign = ""
	}
	if point {
		return sign + whole + "." + fraction
	}
	return sign + whole
}
