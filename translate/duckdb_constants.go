package translate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// duckDBDecimalDigits is the precision of DuckDB's widest DECIMAL. A
// numeric constant with more digits would be a DOUBLE or a BIGNUM there,
// with other values and types than PostgreSQL's exact numeric.
const duckDBDecimalDigits = 38

// checkWideConstants rejects the numeric constants of more than 38
// digits, which DuckDB would read as a double, losing digits that
// PostgreSQL keeps, or as a BIGNUM, which pgway cannot send. A constant
// cast to float4 or float8 is read as a double first, as PostgreSQL reads
// it, so that 1e300::float8 runs and 1e400::float8 fails with
// PostgreSQL's error.
func checkWideConstants(stmt *pg.Node) error {
	floatContextConstants(stmt)
	assigned := assignedConstants(stmt)
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.TypeCast:
			err = readAsDouble(v)
		case *pg.A_Const:
			if f := v.GetFval(); f != nil && !fitsDuckDBDecimal(f.Fval) && !(assigned[v] && inDoubleRange(f.Fval)) {
				err = wideConstant(f.Fval, v.Location)
			}
		}
	})
	return err
}

// floatContextConstants casts to float8 the wide numeric constants that
// are operands of arithmetic or comparison, or arguments of a function,
// beside a float, such as the bounds of width_bucket(x::float8, -1e308,
// 1e308, 10): PostgreSQL converts them to double precision there.
func floatContextConstants(stmt *pg.Node) {
	toFloat := func(operands []*pg.Node) {
		if !slices.ContainsFunc(operands, func(n *pg.Node) bool { return staticType(n) == typeFloat }) {
			return
		}
		for i, n := range operands {
			if c := n.GetAConst(); c != nil && c.GetFval() != nil && !fitsDuckDBDecimal(c.GetFval().Fval) {
				operands[i] = typeCast(n, "float8", c.Location)
			}
		}
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		switch v := msg.(type) {
		case *pg.FuncCall:
			toFloat(v.Args)
		case *pg.A_Expr:
			if v.Lexpr != nil && v.Rexpr != nil {
				operands := []*pg.Node{v.Lexpr, v.Rexpr}
				toFloat(operands)
				v.Lexpr, v.Rexpr = operands[0], operands[1]
			}
		}
	})
}

// assignedConstants returns the constants that INSERT ... VALUES or
// UPDATE ... SET assigns to a column as they are, which DuckDB converts
// to the column's type: a wide one is read as a double, which a float
// column keeps.
// NOTE: a numeric column gets the double's digits, where PostgreSQL
// stores every digit or fails with 22003.
func assignedConstants(stmt *pg.Node) map[*pg.A_Const]bool {
	assigned := map[*pg.A_Const]bool{}
	add := func(n *pg.Node) {
		if c := n.GetAConst(); c != nil {
			assigned[c] = true
		}
	}
	switch v := stmt.GetNode().(type) {
	case *pg.Node_InsertStmt:
		for _, row := range v.InsertStmt.SelectStmt.GetSelectStmt().GetValuesLists() {
			for _, item := range row.GetList().GetItems() {
				add(item)
			}
		}
	case *pg.Node_UpdateStmt:
		for _, target := range v.UpdateStmt.TargetList {
			add(target.GetResTarget().GetVal())
		}
	}
	return assigned
}

func wideConstant(text string, location int32) error {
	return &Error{Code: CodeFeatureNotSupported, Position: int(location) + 1,
		Message: fmt.Sprintf("numeric constant %s is not supported on DuckDB, whose numbers have at most %d digits",
			shortened(text), duckDBDecimalDigits),
		Hint: "Cast it to double precision to compute in floating point."}
}

// readAsDouble turns a wide numeric constant cast to float4 or float8
// into the string DuckDB reads as a double.
func readAsDouble(tc *pg.TypeCast) error {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetFval() == nil || castClasses[lastName(tc.TypeName.GetNames())] != typeFloat {
		return nil
	}
	text := c.GetFval().Fval
	if fitsDuckDBDecimal(text) {
		return nil
	}
	if !inDoubleRange(text) {
		// PostgreSQL reads the constant as a numeric first, and its
		// message quotes the numeric's text.
		if expanded, _, _, ok := exponentDecimal(text); ok && strings.ContainsAny(text, "eE") {
			text = expanded
		}
		return &Error{Code: "22003", Position: int(c.Location) + 1,
			Message: fmt.Sprintf("%q is out of range for type double precision", text)}
	}
	tc.Arg = pg.MakeAConstStrNode(text, c.Location)
	return nil
}

// fitsDouble reports whether DuckDB reads a numeric constant as a double
// near its value: one written with a point or an exponent, within a
// double's range.
func fitsDouble(text string) bool {
	return strings.ContainsAny(text, ".eE") && inDoubleRange(text)
}

// inDoubleRange reports whether a number is within a double's range,
// neither overflowing nor, unless it is zero, underflowing to zero.
func inDoubleRange(text string) bool {
	value, err := strconv.ParseFloat(text, 64)
	mantissa, _, _ := strings.Cut(strings.ToLower(text), "e")
	underflow := value == 0 && strings.Trim(mantissa, "+-0.") != ""
	return err == nil && !math.IsInf(value, 0) && !underflow
}

// fitsDuckDBDecimal reports whether a numeric constant's digits fit
// DuckDB's widest DECIMAL.
func fitsDuckDBDecimal(text string) bool {
	text = strings.TrimLeft(text, "+-")
	if strings.ContainsAny(text, "eE") {
		_, precision, _, ok := exponentDecimal(text)
		return ok && precision <= duckDBDecimalDigits
	}
	// DuckDB counts a leading zero, as in 0.5, among the digits.
	whole, fraction, _ := strings.Cut(text, ".")
	return max(len(whole), 1)+len(fraction) <= duckDBDecimalDigits
}

// shortened returns a constant's text, cut in the middle when long.
func shortened(text string) string {
	if len(text) <= 40 {
		return text
	}
	return text[:18] + "..." + text[len(text)-18:]
}

// checkBitString rejects a bit string constant with a digit that its
// base does not have, as PostgreSQL's bit input does; DuckDB's parser
// would fail on it instead. A hexadecimal one is written in binary.
func checkBitString(c *pg.A_Const) error {
	text := c.GetBsval().GetBsval()
	if len(text) < 1 {
		return nil
	}
	base, digits, kind := text[0], text[1:], "binary"
	if digits == "" {
		// DuckDB reads b'' as the bit string 0.
		return unsupported("a bit string constant without bits", c.Location, "")
	}
	valid := "01"
	if base == 'x' || base == 'X' {
		valid, kind = "0123456789abcdefABCDEF", "hexadecimal"
	}
	for _, r := range digits {
		if !strings.ContainsRune(valid, r) {
			return &Error{Code: "22P02", Message: fmt.Sprintf("%q is not a valid %s digit", string(r), kind),
				Position: int(c.Location) + 1}
		}
	}
	if kind == "hexadecimal" {
		// DuckDB reads x'..' as a BLOB, PostgreSQL as 4 bits a digit.
		var bits strings.Builder
		bits.WriteByte('b')
		for _, r := range digits {
			value, _ := strconv.ParseUint(string(r), 16, 8)
			fmt.Fprintf(&bits, "%04b", value)
		}
		c.Val = &pg.A_Const_Bsval{Bsval: &pg.BitString{Bsval: bits.String()}}
	}
	return nil
}

// booleanInput reads a string constant cast to boolean as PostgreSQL 15's
// boolin does and replaces it with true or false, which DuckDB reads.
// DuckDB rejects on, off, unique prefixes such as tr, and white space
// around the text. Text that PostgreSQL rejects raises its 22P02.
func booleanInput(tc *pg.TypeCast) error {
	c := tc.Arg.GetAConst()
	if c == nil || c.GetSval() == nil {
		return nil
	}
	text := c.GetSval().Sval
	value, ok := ParseBooleanInput(text)
	if !ok {
		return &Error{Code: "22P02", Position: int(c.Location) + 1,
			Message: fmt.Sprintf("invalid input syntax for type boolean: %q", text)}
	}
	c.GetSval().Sval = strconv.FormatBool(value)
	return nil
}

// parseBoolean returns the value of PostgreSQL's boolean input words:
// true, yes, on, 1 and false, no, off, 0, in any case, or a prefix of one
// of the words that matches no other (on and off need two letters).
func parseBoolean(text string) (value, ok bool) {
	if text == "" {
		return false, false
	}
	lower := strings.ToLower(text)
	switch lower {
	case "1":
		return true, true
	case "0":
		return false, true
	}
	words := []struct {
		word      string
		value     bool
		minLength int
	}{{"true", true, 1}, {"false", false, 1}, {"yes", true, 1}, {"no", false, 1}, {"on", true, 2}, {"off", false, 2}}
	for _, w := range words {
		if len(lower) >= w.minLength && strings.HasPrefix(w.word, lower) {
			return w.value, true
		}
	}
	return false, false
}
