package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// guardIntervalSeriesStep makes generate_series(start, stop, step) of
// timestamps raise PostgreSQL's 22023 error for a step equal to zero,
// where DuckDB returns no rows in the select list and fails with its own
// binder error in FROM:
//
//	CASE WHEN step = INTERVAL '0' THEN error('step size cannot equal zero') ELSE step END::interval
//
// PostgreSQL and DuckDB both compare intervals with 30-day months, so
// '1 mon -30 days' is zero to both. Only a step that isIntervalSeriesStep
// reports as an interval is guarded. The step is written twice, so a step
// that calls a function is left alone, since the function might be
// volatile, and so is a constant that is not zero.
func guardIntervalSeriesStep(fc *pg.FuncCall) {
	step := fc.Args[2]
	if !isIntervalSeriesStep(fc) || callsFunction(step) {
		return
	}
	if text, ok := intervalConstantText(step); ok {
		if v, err := parseInterval(text); err == nil && (v.months*30+v.days)*86400_000_000+v.micros != 0 {
			return
		}
	}
	loc := fc.Location
	interval := func() *pg.Node { return typeCast(cloneNode(step), "interval", loc) }
	zero := typeCast(pg.MakeAConstStrNode("0", loc), "interval", loc)
	raise := funcCall("error", loc, pg.MakeAConstStrNode("step size cannot equal zero (SQLSTATE 22023)", loc))
	fc.Args[2] = typeCast(searchedCase(loc, interval(), binaryOp("=", interval(), zero, loc), raise), "interval", loc)
}

// isIntervalText reports whether n is a bare string constant that
// PostgreSQL reads as an interval and not as a number, which the step of
// generate_series() of numbers would take.
func isIntervalText(n *pg.Node) bool {
	if !isBareString(n) {
		return false
	}
	text := n.GetAConst().GetSval().Sval
	if _, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil {
		return false
	}
	_, err := parseInterval(text)
	return err == nil
}
