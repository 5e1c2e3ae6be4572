package translate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// duckDBDecimalDigits is the precision of DuckDB's widest DECIMAL. A
// numeric constant with more digits would be a DOUBLE or a BIGNUM there,
// with other values and types than PostgreSQL's exact numeric.
const duckDBDecimalDigits = 38

// checkWideConstants rejects the numeric constants of more than 38 digits
// that DuckDB cannot read even as a double. DuckDB reads such an integer
// as a BIGNUM, which pgway cannot send, and a number beyond a double's
// range as infinity or zero. A constant cast to float4 or float8 is read
// as a double first, as PostgreSQL reads it, so that 1e300::float8 runs
// and 1e400::float8 fails with PostgreSQL's error.
// NOTE: other constants of more than 38 digits, such as 1e300 or
// 0.1234567890123456789012345678901234567890, are doubles on DuckDB,
// where PostgreSQL keeps every digit unless the context is a float.
func checkWideConstants(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if err != nil {
			return
		}
		switch v := msg.(type) {
		case *pg.TypeCast:
			err = readAsDouble(v)
		case *pg.A_Const:
			if f := v.GetFval(); f != nil && !fitsDuckDBDecimal(f.Fval) && !fitsDouble(f.Fval) {
				err = unsupportedf(v.Location,
					"numeric constant %s is not supported on DuckDB, whose numbers have at most %d digits",
					shortened(f.Fval), duckDBDecimalDigits)
			}
		}
	})
	return err
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
