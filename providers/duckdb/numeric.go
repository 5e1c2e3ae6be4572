package duckdb

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// DuckDB divides DECIMAL values in double precision. PostgreSQL divides
// numeric values exactly and gives the quotient a scale that depends on
// the operands' values. The DuckDB dialect therefore turns / and avg()
// into the functions in numeric_udf.go, which compute numeric quotients
// here, as PostgreSQL's numeric_div does.

// exactNumeric is an exact decimal value: unscaled × 10^-scale. Its scale is
// PostgreSQL's display scale, so 3.50 and 3.5 are different numerics
// that compare equal.
type exactNumeric struct {
	unscaled *big.Int
	scale    int
}

// PostgreSQL's numeric constants that the quotient's scale depends on
// (src/backend/utils/adt/numeric.c): quotients get at least 16
// significant digits, and never more than 1000 fractional digits. Its
// digits are in base 10000, four decimal digits each.
const (
	numericMinSigDigits  = 16
	numericMaxScale      = 1000
	numericDecimalDigits = 4
)

// powersOfTen caches 10^0 to 10^80, which cover DECIMAL(38,20) values
// and their quotients' scales. Callers must not modify them.
var powersOfTen = func() []*big.Int {
	p := make([]*big.Int, 81)
	p[0] = big.NewInt(1)
	for i := 1; i < len(p); i++ {
		p[i] = new(big.Int).Mul(p[i-1], big.NewInt(10))
	}
	return p
}()

// pow10 returns 10^n, which the caller must not modify.
func pow10(n int) *big.Int {
	if n < len(powersOfTen) {
		return powersOfTen[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// decimalDigits returns the number of decimal digits of abs > 0.
func decimalDigits(abs *big.Int) int {
	// 10^(n-1) <= abs < 10^n; log10(2) < 0.30103 gives a guess that is
	// at most one too small.
	n := int(float64(abs.BitLen()-1)*0.30102999566398) + 1
	for abs.CmpAbs(pow10(n)) >= 0 {
		n++
	}
	return n
}

// base10000Lead returns the weight of x's first nonzero base-10000 digit
// (the power of 10000 it multiplies) and that digit, as PostgreSQL stores
// numerics. Zero has weight 0 and digit 0.
func (x exactNumeric) base10000Lead() (weight int, digit int64) {
	if x.unscaled.Sign() == 0 {
		return 0, 0
	}
	abs := new(big.Int).Abs(x.unscaled)
	// The first significant decimal digit multiplies 10^exp10.
	exp10 := decimalDigits(abs) - 1 - x.scale
	weight = floorDiv(exp10, numericDecimalDigits)
	// digit = floor(|x| / 10000^weight) = floor(abs / 10^(scale + 4·weight)).
	shift := x.scale + numericDecimalDigits*weight
	if shift >= 0 {
		abs.Quo(abs, pow10(shift))
	} else {
		abs.Mul(abs, pow10(-shift))
	}
	return weight, abs.Int64()
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// divScale is PostgreSQL's select_div_scale: enough fractional digits for
// 16 significant digits of the quotient, estimated from the operands'
// leading base-10000 digits, and never fewer than either operand has.
func divScale(x, y exactNumeric) int {
	w1, d1 := x.base10000Lead()
	w2, d2 := y.base10000Lead()
	qweight := w1 - w2
	if d1 <= d2 {
		qweight--
	}
	scale := numericMinSigDigits - qweight*numericDecimalDigits
	scale = max(scale, x.scale, y.scale, 0)
	return min(scale, numericMaxScale)
}

// errDivisionByZero is PostgreSQL's error for x / 0 on every number type.
var errDivisionByZero = &providers.Error{Code: "22012", Message: "division by zero"}

// divide returns x / y rounded half away from zero to PostgreSQL's
// quotient scale, as numeric_div does.
func divide(x, y exactNumeric) (exactNumeric, error) {
	if y.unscaled.Sign() == 0 {
		return exactNumeric{}, errDivisionByZero
	}
	scale := divScale(x, y)
	// x/y = (ux·10^-sx) / (uy·10^-sy); scaled by 10^scale it is
	// ux·10^(sy+scale) / (uy·10^sx).
	num := new(big.Int).Mul(x.unscaled, pow10(y.scale+scale))
	den := new(big.Int).Mul(y.unscaled, pow10(x.scale))
	return exactNumeric{roundQuotient(num, den), scale}, nil
}

// roundQuotient returns num/den rounded half away from zero.
func roundQuotient(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Sign() == 0 {
		return q
	}
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if twice.CmpAbs(den) >= 0 {
		if (num.Sign() < 0) != (den.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// rescale returns x's value with the given scale, which must not be
// smaller than x's.
func (x exactNumeric) rescale(scale int) *big.Int {
	return new(big.Int).Mul(x.unscaled, pow10(scale-x.scale))
}

// equal reports whether x and y have the same value, whatever their
// scales.
func (x exactNumeric) equal(y exactNumeric) bool {
	scale := max(x.scale, y.scale)
	return x.rescale(scale).Cmp(y.rescale(scale)) == 0
}

// trimScale returns x without the zeros that end its fraction beyond
// scale digits: the same value, with a scale of at least scale.
func (x exactNumeric) trimScale(scale int) exactNumeric {
	ten := big.NewInt(10)
	for x.scale > scale {
		q, r := new(big.Int).QuoRem(x.unscaled, ten, new(big.Int))
		if r.Sign() != 0 {
			break
		}
		x = exactNumeric{q, x.scale - 1}
	}
	return x
}

// String writes x as PostgreSQL's numeric_out does: every digit of the
// display scale, trailing zeros included.
func (x exactNumeric) String() string {
	digits := new(big.Int).Abs(x.unscaled).String()
	sign := ""
	if x.unscaled.Sign() < 0 {
		sign = "-"
	}
	if x.scale == 0 {
		return sign + digits
	}
	if len(digits) <= x.scale {
		digits = strings.Repeat("0", x.scale-len(digits)+1) + digits
	}
	cut := len(digits) - x.scale
	return sign + digits[:cut] + "." + digits[cut:]
}

// parseNumeric reads a numeric's text as String writes it.
func parseNumeric(s string) (exactNumeric, error) {
	intPart, frac, _ := strings.Cut(s, ".")
	u, ok := new(big.Int).SetString(intPart+frac, 10)
	if !ok {
		return exactNumeric{}, fmt.Errorf("invalid numeric %q", s)
	}
	return exactNumeric{u, len(frac)}, nil
}

// toNumeric converts a value of a DuckDB integer or DECIMAL argument.
// typeName is the argument's DuckDB type as typeof() writes it, or "" when
// it is not known: a DECIMAL argument arrives cast to the function's
// parameter type, and the scale in typeName is the value's own.
func toNumeric(v any, typeName string) (exactNumeric, error) {
	switch x := v.(type) {
	case int8:
		return exactNumeric{big.NewInt(int64(x)), 0}, nil
	case int16:
		return exactNumeric{big.NewInt(int64(x)), 0}, nil
	case int32:
		return exactNumeric{big.NewInt(int64(x)), 0}, nil
	case int64:
		return exactNumeric{big.NewInt(x), 0}, nil
	case *big.Int:
		return exactNumeric{x, 0}, nil
	case duckdb.Decimal:
		n := exactNumeric{x.Value, int(x.Scale)}
		if typeName == "" {
			// No type to take the scale from: the value keeps the
			// parameter's.
			return n, nil
		}
		scale, err := declaredScale(typeName)
		if err != nil || scale >= n.scale {
			return n, err
		}
		// The parameter's scale is wider than the argument's: the
		// extra digits are zeros.
		n.unscaled = new(big.Int).Quo(n.unscaled, pow10(n.scale-scale))
		n.scale = scale
		return n, nil
	case map[string]any:
		text, _ := x[numericTextField].(string)
		return parseNumeric(text)
	}
	return exactNumeric{}, fmt.Errorf("numeric argument has type %T", v)
}

// declaredScale returns the scale of a DuckDB type name: s in
// DECIMAL(w,s), 0 for integer types.
func declaredScale(typeName string) (int, error) {
	inner, ok := strings.CutPrefix(typeName, "DECIMAL(")
	if !ok {
		return 0, nil
	}
	_, scale, _ := strings.Cut(strings.TrimSuffix(inner, ")"), ",")
	n, err := strconv.Atoi(strings.TrimSpace(scale))
	if err != nil {
		return 0, fmt.Errorf("type %s has no scale", typeName)
	}
	if n > nestedScale {
		return 0, &providers.Error{Code: "0A000", Message: fmt.Sprintf(
			"pgway divides DECIMAL values with at most %d fractional digits on DuckDB, not %s", nestedScale, typeName)}
	}
	return n, nil
}

// orderKey encodes x so that comparing keys byte by byte orders them as
// the numbers, and equal numbers of different scales get equal keys.
// Zero is 0x80. A positive number 0.d1d2…×10^e is 0x81, e+32768 as two
// bytes, then its digits. A negative one is 0x7f, 32767-e as two bytes,
// the nines' complement of its digits and 0xff, so that a longer digit
// string sorts first.
func (x exactNumeric) orderKey() []byte {
	sign := x.unscaled.Sign()
	if sign == 0 {
		return []byte{0x80}
	}
	digits := strings.TrimRight(new(big.Int).Abs(x.unscaled).String(), "0")
	exp := len(new(big.Int).Abs(x.unscaled).String()) - x.scale
	key := make([]byte, 0, 4+len(digits))
	if sign > 0 {
		e := uint16(exp + 32768)
		key = append(key, 0x81, byte(e>>8), byte(e))
		return append(key, digits...)
	}
	e := uint16(32767 - exp)
	key = append(key, 0x7f, byte(e>>8), byte(e))
	for i := 0; i < len(digits); i++ {
		key = append(key, '0'+'9'-digits[i])
	}
	return append(key, 0xff)
}
