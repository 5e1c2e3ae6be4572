package duckdb

import (
	"math"
	"math/big"
	"math/bits"

	"pgway/providers"
)

// PostgreSQL 15 computes sqrt, exp, ln, log and power of numerics in
// numeric, with a result scale that depends on the arguments' values
// (numeric_sqrt, numeric_exp, numeric_ln, numeric_log and numeric_power in
// src/backend/utils/adt/numeric.c). The functions here choose the same
// scales and compute the values with math/big: exactly for sqrt and
// integer powers, and with at least 20 guard digits for the others,
// rounded half away from zero as PostgreSQL rounds.
//
// NOTE: PostgreSQL computes ln, exp and non-integer powers with guard
// digits too, so a value whose digits after the last one shown are within
// about 10^-20 of a half can round the other way there.

const (
	// numericMaxResultScale is NUMERIC_MAX_RESULT_SCALE. PostgreSQL's
	// exp fails for arguments of 3 times it or more.
	numericMaxResultScale = 2000
	// numericMaxWeightDigits is 3 · SHRT_MAX · DEC_DIGITS, the most
	// decimal digits before the point that PostgreSQL's integer power
	// estimates without failing.
	numericMaxWeightDigits = 3 * 32767 * numericDecimalDigits
	// guardDigits are the digits computed beyond the result's scale.
	guardDigits = 20
	// log10E is log10(e) as numeric.c writes it, for the same estimates.
	log10E = 0.434294481903252
)

var (
	errNegativeRoot = &providers.Error{Code: "2201F", Message: "cannot take square root of a negative number"}
	errLogZero      = &providers.Error{Code: "2201E", Message: "cannot take logarithm of zero"}
	errLogNegative  = &providers.Error{Code: "2201E", Message: "cannot take logarithm of a negative number"}
	errZeroNegative = &providers.Error{Code: "2201F", Message: "zero raised to a negative power is undefined"}
	errComplexPower = &providers.Error{Code: "2201F",
		Message: "a negative number raised to a non-integer power yields a complex result"}
	errNumericOverflow = &providers.Error{Code: "22003", Message: "value overflows numeric format"}
)

// resultScale clamps a result scale as numeric.c does: at least each of
// the arguments' scales and 0, at most NUMERIC_MAX_DISPLAY_SCALE.
func resultScale(scale int, argumentScales ...int) int {
	for _, s := range argumentScales {
		scale = max(scale, s)
	}
	return min(max(scale, 0), numericMaxScale)
}

// sqrtNumeric is numeric_sqrt: enough fractional digits for 16
// significant digits of the root, estimated from x's base-10000 weight.
func sqrtNumeric(x exactNumeric) (exactNumeric, error) {
	if x.unscaled.Sign() < 0 {
		return exactNumeric{}, errNegativeRoot
	}
	weight, _ := x.base10000Lead()
	rootWeight := (weight+1)*numericDecimalDigits/2 - 1
	scale := resultScale(numericMinSigDigits-rootWeight, x.scale)
	// floor(sqrt(x)·10^(scale+1)) is the integer square root of
	// unscaled·10^(2·scale+2-x.scale), whose last digit rounds.
	n := new(big.Int).Mul(x.unscaled, pow10(2*scale+2-x.scale))
	n.Sqrt(n)
	return exactNumeric{roundQuotient(n, big.NewInt(10)), scale}, nil
}

// expNumeric is numeric_exp: 16 significant digits, estimated from x
// converted to double precision.
func expNumeric(x exactNumeric) (exactNumeric, error) {
	value, _ := x.rat().Float64()
	weight := min(max(value*log10E, -numericMaxResultScale), numericMaxResultScale)
	scale := resultScale(numericMinSigDigits-int(weight), x.scale)
	if math.Abs(value) >= 3*numericMaxResultScale {
		if value > 0 {
			return exactNumeric{}, errNumericOverflow
		}
		return exactNumeric{new(big.Int), scale}, nil
	}
	prec := precisionFor(scale + max(int(weight), 0) + guardDigits)
	return roundFloat(expFloat(x.float(prec), prec), scale), nil
}

// lnNumeric is numeric_ln: 16 significant digits, estimated by
// lnDecimalWeight.
func lnNumeric(x exactNumeric) (exactNumeric, error) {
	if err := checkLogArgument(x); err != nil {
		return exactNumeric{}, err
	}
	weight := lnDecimalWeight(x)
	scale := resultScale(numericMinSigDigits-weight, x.scale)
	prec := precisionFor(scale + 5 + guardDigits)
	return roundFloat(lnFloat(x.float(prec), prec), scale), nil
}

// logNumeric is numeric_log, the logarithm of x to base: 16 significant
// digits, estimated from both logarithms' weights. PostgreSQL's
// log(numeric) is log(10, x).
func logNumeric(base, x exactNumeric) (exactNumeric, error) {
	if err := checkLogArgument(base); err != nil {
		return exactNumeric{}, err
	}
	if err := checkLogArgument(x); err != nil {
		return exactNumeric{}, err
	}
	if base.equal(exactNumeric{big.NewInt(1), 0}) {
		return exactNumeric{}, errDivisionByZero
	}
	baseWeight, xWeight := lnDecimalWeight(base), lnDecimalWeight(x)
	scale := resultScale(numericMinSigDigits-(xWeight-baseWeight), base.scale, x.scale)
	// ln(base) near 0 magnifies the errors of both logarithms.
	prec := precisionFor(scale + absInt(xWeight) + 2*absInt(baseWeight) + 5 + guardDigits)
	quotient := new(big.Float).SetPrec(prec).Quo(lnFloat(x.float(prec), prec), lnFloat(base.float(prec), prec))
	return roundFloat(quotient, scale), nil
}

func checkLogArgument(x exactNumeric) error {
	switch x.unscaled.Sign() {
	case 0:
		return errLogZero
	case -1:
		return errLogNegative
	}
	return nil
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// lnDecimalWeight is numeric.c's estimate_ln_dweight: the decimal
// exponent of ln(x)'s first significant digit, from x - 1 when x is
// within [0.9, 1.1], otherwise from x's first two base-10000 digits in
// double precision.
func lnDecimalWeight(x exactNumeric) int {
	if x.unscaled.Sign() <= 0 {
		return 0
	}
	if compareNumeric(x, exactNumeric{big.NewInt(9), 1}) >= 0 && compareNumeric(x, exactNumeric{big.NewInt(11), 1}) <= 0 {
		d := subtractNumeric(x, exactNumeric{big.NewInt(1), 0})
		if d.unscaled.Sign() == 0 {
			return 0
		}
		return decimalDigits(new(big.Int).Abs(d.unscaled)) - 1 - d.scale
	}
	digits, exponent := leadingDigits(x, 2)
	ln := math.Log(digits) + float64(exponent)*2.302585092994046
	if ln == 0 {
		return 0
	}
	return int(math.Log10(math.Abs(ln)))
}

// leadingDigits returns |x| ≈ digits·10^exponent from up to count of its
// leading base-10000 digits, as numeric.c reads a NumericVar's digits:
// only as many as there are up to the last nonzero one.
func leadingDigits(x exactNumeric, count int) (digits float64, exponent int) {
	weight, _ := x.base10000Lead()
	abs := new(big.Int).Abs(x.unscaled)
	value := big.NewInt(0)
	for i := range count {
		// The digits up to index i are floor(|x| / 10000^(weight-i)).
		shift := x.scale + numericDecimalDigits*(weight-i)
		if i > 0 && !hasDigitsBelow(abs, shift+numericDecimalDigits) {
			break
		}
		if shift >= 0 {
			value.Quo(abs, pow10(shift))
		} else {
			value.Mul(abs, pow10(-shift))
		}
		exponent = numericDecimalDigits * (weight - i)
	}
	digits, _ = new(big.Float).SetInt(value).Float64()
	return digits, exponent
}

// hasDigitsBelow reports whether abs has a nonzero digit below 10^shift.
func hasDigitsBelow(abs *big.Int, shift int) bool {
	if shift <= 0 {
		return false
	}
	return new(big.Int).Rem(abs, pow10(shift)).Sign() != 0
}

// isInteger reports whether x has no nonzero fractional digit.
func (x exactNumeric) isInteger() bool {
	return x.scale <= 0 || new(big.Int).Rem(x.unscaled, pow10(x.scale)).Sign() == 0
}

// integerPart returns x without its fraction, which must be zero.
func (x exactNumeric) integerPart() *big.Int {
	return new(big.Int).Quo(x.unscaled, pow10(x.scale))
}

// powerNumeric is numeric_power: an integer exponent that fits int32
// takes powerInteger, any other exponent exp(e·ln(base)) with the scale
// that power_var estimates from ln(base) to 8 significant digits.
func powerNumeric(base, e exactNumeric) (exactNumeric, error) {
	if base.unscaled.Sign() == 0 && e.unscaled.Sign() < 0 {
		return exactNumeric{}, errZeroNegative
	}
	if e.isInteger() {
		if n := e.integerPart(); n.IsInt64() && n.Int64() >= math.MinInt32 && n.Int64() <= math.MaxInt32 {
			return powerInteger(base, n.Int64())
		}
	}
	if base.unscaled.Sign() == 0 {
		return exactNumeric{new(big.Int), numericMinSigDigits}, nil
	}
	negative := false
	if base.unscaled.Sign() < 0 {
		if !e.isInteger() {
			return exactNumeric{}, errComplexPower
		}
		negative = e.integerPart().Bit(0) == 1
		base = exactNumeric{new(big.Int).Neg(base.unscaled), base.scale}
	}

	// The estimate of the result's weight: ln(base) rounded to about 8
	// significant digits, times e, rounded to the same scale.
	lnWeight := lnDecimalWeight(base)
	estimateScale := max(8-lnWeight, 0)
	estimatePrec := precisionFor(estimateScale + 5 + guardDigits)
	lnBase := roundFloat(lnFloat(base.float(estimatePrec), estimatePrec), estimateScale)
	product := exactNumeric{new(big.Int).Mul(lnBase.unscaled, e.unscaled), lnBase.scale + e.scale}
	product = roundNumeric(product, estimateScale, false)
	value, _ := product.rat().Float64()
	if math.Abs(value) > numericMaxResultScale*3.01 {
		if value > 0 {
			return exactNumeric{}, errNumericOverflow
		}
		return exactNumeric{new(big.Int), numericMaxScale}, nil
	}
	value *= log10E
	scale := resultScale(numericMinSigDigits-int(value), base.scale, e.scale)

	// e magnifies the error of ln(base), and e·ln(base) has up to 4
	// digits before the point.
	exponentDigits := max(decimalDigits(new(big.Int).Abs(e.unscaled))-e.scale, 0)
	prec := precisionFor(scale + max(int(value), 0) + exponentDigits + 4 + guardDigits)
	exponent := new(big.Float).SetPrec(prec).Mul(lnFloat(base.float(prec), prec), e.float(prec))
	if f, _ := exponent.Float64(); math.Abs(f) >= 3*numericMaxResultScale {
		if f > 0 {
			return exactNumeric{}, errNumericOverflow
		}
		return exactNumeric{new(big.Int), scale}, nil
	}
	r := roundFloat(expFloat(exponent, prec), scale)
	if negative {
		r.unscaled.Neg(r.unscaled)
	}
	return r, nil
}

// powerInteger is PostgreSQL 15's power_var_int: base^n with 16
// fractional digits, or as many as base has, and 0 where base^n is
// certainly smaller than that, estimated in double precision from
// base's first 16 decimal digits.
func powerInteger(base exactNumeric, n int64) (exactNumeric, error) {
	scale := resultScale(numericMinSigDigits, base.scale)
	weight := 0.0
	if base.unscaled.Sign() != 0 {
		digits, exponent := leadingDigits(base, 4)
		weight = float64(n) * (math.Log10(digits) + float64(exponent))
	}
	if weight > numericMaxWeightDigits {
		return exactNumeric{}, errNumericOverflow
	}
	if n != 0 && (weight+1 < -float64(scale) || weight+1 < -numericMaxScale) {
		return exactNumeric{new(big.Int), scale}, nil
	}
	switch {
	case n == 0:
		return exactNumeric{pow10(scale), scale}, nil
	case base.unscaled.Sign() == 0:
		return exactNumeric{new(big.Int), scale}, nil
	}

	abs := n
	if abs < 0 {
		abs = -abs
	}
	if int64(decimalDigits(new(big.Int).Abs(base.unscaled)))*abs > 20000 {
		// Too many digits to compute exactly: base^|n| in binary
		// floating point with guard digits.
		prec := precisionFor(scale+max(int(weight), 0)+guardDigits) + uint(bits.Len64(uint64(abs)))
		p := powFloat(base.float(prec), abs, prec)
		if n < 0 {
			p.Quo(new(big.Float).SetPrec(prec).SetInt64(1), p)
		}
		return roundFloat(p, scale), nil
	}
	// base^|n| = unscaled^|n| · 10^(-scale·|n|), exactly.
	power := new(big.Int).Exp(base.unscaled, big.NewInt(abs), nil)
	powerScale := base.scale * int(abs)
	if n < 0 {
		// 1 / base^|n| rounded to scale.
		return exactNumeric{roundQuotient(pow10(powerScale+scale), power), scale}, nil
	}
	if powerScale <= scale {
		return exactNumeric{power.Mul(power, pow10(scale-powerScale)), scale}, nil
	}
	return exactNumeric{roundQuotient(power, pow10(powerScale-scale)), scale}, nil
}

// precisionFor returns a big.Float precision in bits for digits decimal
// digits, with 64 bits more.
func precisionFor(digits int) uint {
	return uint(float64(max(digits, 1))*math.Log2(10)) + 64
}

// float returns x as a big.Float of precision prec.
func (x exactNumeric) float(prec uint) *big.Float {
	f := new(big.Float).SetPrec(prec).SetInt(x.unscaled)
	return f.Quo(f, new(big.Float).SetPrec(prec).SetInt(pow10(x.scale)))
}

// roundFloat rounds v half away from zero to scale fractional digits.
func roundFloat(v *big.Float, scale int) exactNumeric {
	scaled := new(big.Float).SetPrec(v.Prec() + uint(float64(scale)*math.Log2(10)) + 64).SetInt(pow10(scale))
	scaled.Mul(scaled, v)
	whole, _ := scaled.Int(nil)
	fraction := new(big.Float).Sub(scaled, new(big.Float).SetInt(whole))
	if fraction.Abs(fraction).Cmp(big.NewFloat(0.5)) >= 0 {
		if scaled.Sign() < 0 {
			whole.Sub(whole, big.NewInt(1))
		} else {
			whole.Add(whole, big.NewInt(1))
		}
	}
	return exactNumeric{whole, scale}
}

// lnFloat returns ln(x) for x > 0 with an absolute error far below
// 2^-prec·max(1, |ln x|): square roots bring x within 2^-10 of 1, where
// ln x = 2·atanh((x-1)/(x+1)) converges fast.
func lnFloat(x *big.Float, prec uint) *big.Float {
	p := prec + 64
	y := new(big.Float).SetPrec(p).Set(x)
	one := new(big.Float).SetPrec(p).SetInt64(1)
	limit := new(big.Float).SetFloat64(1.0 / 1024)
	halvings := 0
	for {
		d := new(big.Float).SetPrec(p).Sub(y, one)
		if d.Abs(d).Cmp(limit) <= 0 {
			break
		}
		y.Sqrt(y)
		halvings++
	}
	z := new(big.Float).SetPrec(p).Sub(y, one)
	z.Quo(z, new(big.Float).SetPrec(p).Add(y, one))
	z2 := new(big.Float).SetPrec(p).Mul(z, z)
	sum := new(big.Float).SetPrec(p).Set(z)
	term := new(big.Float).SetPrec(p).Set(z)
	for k := int64(3); term.Sign() != 0; k += 2 {
		term.Mul(term, z2)
		t := new(big.Float).SetPrec(p).Quo(term, new(big.Float).SetInt64(k))
		if t.Sign() == 0 || sum.Sign() != 0 && t.MantExp(nil) < sum.MantExp(nil)-int(p) {
			break
		}
		sum.Add(sum, t)
	}
	return sum.SetMantExp(sum, halvings+1)
}

// expFloat returns e^x with a relative error far below 2^-prec: the
// Taylor series of x/2^k, |x/2^k| <= 2^-10, squared k times.
func expFloat(x *big.Float, prec uint) *big.Float {
	halvings := 0
	if x.Sign() != 0 {
		if e := x.MantExp(nil); e > -10 {
			halvings = e + 10
		}
	}
	p := prec + 64 + uint(halvings)
	r := new(big.Float).SetPrec(p).SetMantExp(x, -halvings)
	sum := new(big.Float).SetPrec(p).SetInt64(1)
	sum.Add(sum, r)
	term := new(big.Float).SetPrec(p).Set(r)
	for k := int64(2); term.Sign() != 0; k++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(k))
		if term.MantExp(nil) < sum.MantExp(nil)-int(p) {
			break
		}
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	return sum
}

// powFloat returns x^n for n > 0 by repeated squaring.
func powFloat(x *big.Float, n int64, prec uint) *big.Float {
	result := new(big.Float).SetPrec(prec).SetInt64(1)
	square := new(big.Float).SetPrec(prec).Set(x)
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			result.Mul(result, square)
		}
		square.Mul(square, square)
	}
	return result
}
