package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"sort"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// secsPerDay is SECS_PER_DAY of PostgreSQL's interval arithmetic.
const secsPerDay = 86_400

// intervalPercentileFunctions returns the functions of this file by name,
// for registerBuiltinFunctions.
func intervalPercentileFunctions() map[string][]duckdb.ScalarFunc {
	interval := typeInfo(duckdb.TYPE_INTERVAL)
	return map[string][]duckdb.ScalarFunc{
		"pgway_interval_percentile_cont": {udfSpec{
			params: []duckdb.TypeInfo{mustTypeInfo(duckdb.NewListInfo(interval)), typeInfo(duckdb.TYPE_DOUBLE)},
			result: interval, run: intervalPercentileCont, nulls: true}},
	}
}

// intervalPercentileCont is PostgreSQL 15's percentile_cont(fraction)
// WITHIN GROUP (ORDER BY x) of an interval x, given the values of x that
// are not NULL in any order, or NULL when there are none. PostgreSQL sorts them by their length with
// 30-day months and 24-hour days, and interpolates between the two values
// around the fraction as lo + (hi - lo) * (position - floor(position)),
// with its interval arithmetic.
func intervalPercentileCont(args []driver.Value) (any, error) {
	fraction, ok := args[1].(float64)
	if !ok {
		return nil, nil
	}
	if fraction < 0 || fraction > 1 || math.IsNaN(fraction) {
		// PostgreSQL checks the fraction before it looks at the rows.
		return nil, &providers.Error{Code: "22003",
			Message: fmt.Sprintf("percentile value %.6g is not between 0 and 1", fraction)}
	}
	if args[0] == nil {
		return nil, nil
	}
	items, ok := args[0].([]any)
	if !ok {
		return nil, fmt.Errorf("pgway_interval_percentile_cont: argument of Go type %T, expected a list", args[0])
	}

	values := make([]duckdb.Interval, 0, len(items))
	for _, item := range items {
		if span, ok := item.(duckdb.Interval); ok {
			values = append(values, span)
		}
	}
	if len(values) == 0 {
		return nil, nil
	}

	sort.SliceStable(values, func(i, j int) bool {
		return intervalSpan(values[i]).Cmp(intervalSpan(values[j])) < 0
	})

	position := fraction * float64(len(values)-1)
	first, second := math.Floor(position), math.Ceil(position)
	lo := values[int(first)]
	if second == first {
		return lo, nil
	}
	hi := values[int(second)]

	diff, err := intervalMinus(hi, lo)
	if err != nil {
		return nil, err
	}
	scaled, err := intervalTimes(diff, position-first)
	if err != nil {
		return nil, err
	}
	return intervalPlus(scaled, lo)
}

// intervalSpan is the length of span in microseconds with 30-day months
// and 24-hour days, by which PostgreSQL compares intervals.
func intervalSpan(span duckdb.Interval) *big.Int {
	total := big.NewInt(int64(span.Months))
	total.Mul(total, big.NewInt(daysPerMonth))
	total.Add(total, big.NewInt(int64(span.Days)))
	total.Mul(total, big.NewInt(usecsPerDay))
	return total.Add(total, big.NewInt(span.Micros))
}

// intervalMinus is PostgreSQL's interval_mi, field by field.
func intervalMinus(a, b duckdb.Interval) (duckdb.Interval, error) {
	months := int64(a.Months) - int64(b.Months)
	days := int64(a.Days) - int64(b.Days)
	micros, ok := addInt64(a.Micros, -b.Micros)
	if b.Micros == math.MinInt64 || !ok || months != int64(int32(months)) || days != int64(int32(days)) {
		return duckdb.Interval{}, errIntervalRange
	}
	return duckdb.Interval{Months: int32(months), Days: int32(days), Micros: micros}, nil
}

// intervalPlus is PostgreSQL's interval_pl, field by field.
func intervalPlus(a, b duckdb.Interval) (duckdb.Interval, error) {
	months := int64(a.Months) + int64(b.Months)
	days := int64(a.Days) + int64(b.Days)
	micros, ok := addInt64(a.Micros, b.Micros)
	if !ok || months != int64(int32(months)) || days != int64(int32(days)) {
		return duckdb.Interval{}, errIntervalRange
	}
	return duckdb.Interval{Months: int32(months), Days: int32(days), Micros: micros}, nil
}

// roundMicros is PostgreSQL's TSROUND: x rounded to six fractional digits.
func roundMicros(x float64) float64 {
	return math.RoundToEven(x*1e6) / 1e6
}

// intervalTimes is PostgreSQL 15's interval_mul: the month and day fields
// are multiplied and truncated, and their fractions cascade down to days
// and to the time, with 30-day months and 24-hour days.
func intervalTimes(span duckdb.Interval, factor float64) (duckdb.Interval, error) {
	inInt32 := func(x float64) bool { return !math.IsNaN(x) && x <= math.MaxInt32 && x >= math.MinInt32 }
	monthProduct := float64(span.Months) * factor
	dayProduct := float64(span.Days) * factor
	if !inInt32(monthProduct) || !inInt32(dayProduct) {
		return duckdb.Interval{}, errIntervalRange
	}
	result := duckdb.Interval{Months: int32(monthProduct), Days: int32(dayProduct)}

	monthRemainderDays := roundMicros((float64(span.Months)*factor - float64(result.Months)) * daysPerMonth)
	secRemainder := roundMicros((float64(span.Days)*factor - float64(result.Days) +
		monthRemainderDays - float64(int32(monthRemainderDays))) * secsPerDay)
	if math.Abs(secRemainder) >= secsPerDay {
		wholeDays := int32(secRemainder / secsPerDay)
		result.Days += wholeDays
		secRemainder -= float64(wholeDays) * secsPerDay
	}
	result.Days += int32(monthRemainderDays)
	micros := math.RoundToEven(float64(span.Micros)*factor + secRemainder*1e6)
	if math.IsNaN(micros) || micros < math.MinInt64 || micros >= math.MaxInt64 {
		return duckdb.Interval{}, errIntervalRange
	}
	result.Micros = int64(micros)
	return result, nil
}
