package translate

import (
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// rewriteRowField replaces a field of a ROW constructor, such as
// (row(1, 'a')).f1, by the constructor's argument. PostgreSQL names the
// fields of an anonymous record f1, f2 and so on, where DuckDB's fields
// of row() have no names. Another field name fails with PostgreSQL's
// 42703. A field that is a string constant fails with 0A000: its type is
// unknown, which PostgreSQL cannot output (XX000) but may convert
// elsewhere.
func rewriteRowField(n *pg.Node, ind *pg.A_Indirection) error {
	row := ind.Arg.GetRowExpr()
	if row == nil || len(ind.Indirection) == 0 || ind.Indirection[0].GetString_() == nil {
		return nil
	}

	name := ind.Indirection[0].GetString_().Sval
	digits, ok := strings.CutPrefix(name, "f")
	k, err := strconv.Atoi(digits)
	if !ok || err != nil || k < 1 || k > len(row.Args) || strconv.Itoa(k) != digits {
		return &Error{Code: "42703", Message: fmt.Sprintf("could not identify column %q in record data type", name),
			Position: int(row.Location) + 1}
	}

	value := row.Args[k-1]
	if c := value.GetAConst(); c != nil && c.GetSval() != nil {
		return unsupported("a field of ROW() that is a string constant of unknown type", row.Location,
			"Cast the constant to a type, as in ROW(1, 'a'::text).")
	}
	if len(ind.Indirection) == 1 {
		n.Node = value.Node
		return nil
	}
	ind.Arg = value
	ind.Indirection = ind.Indirection[1:]
	return nil
}
