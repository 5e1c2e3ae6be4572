package duckdb

import (
	"database/sql/driver"
	"testing"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// TestIntervalTimes compares intervalTimes with PostgreSQL 15's
// interval * float8 on intervals with fields of mixed signs.
func TestIntervalTimes(t *testing.T) {
	// Each case is months, days, microseconds, factor and PostgreSQL's
	// months, days and microseconds of the product.
	cases := []struct {
		months, days int32
		micros       int64
		factor       float64
		wantMonths   int32
		wantDays     int32
		wantMicros   int64
	}{
		{27, -616, -2564925218, 0.3325350802360292, 8, -175, -43032925967},
		{-65, -294, 24329838054, 0.5363356134014867, -34, -183, -33357893162},
		{-89, 245, -44732595724, 0.38090681559648654, -33, 66, 8965014755},
		{-40, -632, -7452736172, 0.030689585141276066, -1, -26, -19523552903},
		{0, -755, 4270160599, 0.4126357188541041, 0, -311, -44891191503},
		{25, -602, 72020876261, 0.2978281318715039, 7, -166, 28237739227},
		{-31, 334, -79744647681, 0.8353733321366723, -25, 253, -142865076186},
		{9, 558, 74857488600, 0.643234631803808, 5, 382, 99841936337},
		{-7, -635, -50836422994, 0.7215346517156775, -5, -459, -96882105288},
		{81, -939, 61176411022, 0.9379756853354775, 75, -851, 16060881062},
		{71, 976, 6092808563, 0.5861364117282251, 41, 590, 50200851707},
		{-32, -933, -60202204126, 0.021933751603484986, 0, -41, -46299630250},
		{-13, 737, -29312713525, 0.4733121780586651, -6, 344, 6803721923},
		{3, -951, -72491491142, 0.9377087715478509, 2, -867, -99706544015},
		{-32, -517, 97508604890, 0.35107686481842193, -11, -188, -12468699903},
		{-85, 771, -78187807803, 0.009723889798967766, 0, -17, -26576606603},
		{-57, 4, -17348085208, 0.8176199922648335, -46, -15, -2062828767},
		{-97, 123, 51010770625, 0.5540988384748493, -53, 46, 4637816993},
		{40, 128, 14953528607, 0.6284161712913243, 25, 84, 55765839140},
		{49, 557, -69776685042, 0.1625188781720881, 7, 119, 25446166080},
		{90, -668, -77116922193, 0.4999487528886877, 44, -304, -47551680598},
		{60, -882, 59269333788, 0.8157201289626439, 48, -691, 33752349829},
		{-21, 654, -92543087989, 0.9217036996784063, -19, 592, -74852532431},
		{37, 379, 18319610131, 0.9627899694705595, 35, 383, 68982383574},
		{-86, 70, 38360305631, 0.5463337129636199, -46, 9, -4756761390},
		{1, 0, 0, 0.37, 0, 11, 8640000000},
		{0, 1, 0, 0.3, 0, 0, 25920000000},
		{1, 3, 0, 0.5, 0, 16, 43200000000},
		{-7, 45, 123456789, 0.123456789, 0, -20, -31984769189},
		{3, -1, -86399999999, 0.999999, 2, 29, -86407603199},
		{5, 17, 3, 0.7, 3, 26, 77760000002},
	}
	for _, c := range cases {
		got, err := intervalTimes(duckdb.Interval{Months: c.months, Days: c.days, Micros: c.micros}, c.factor)
		if err != nil {
			t.Errorf("%+v: %v", c, err)
			continue
		}
		want := duckdb.Interval{Months: c.wantMonths, Days: c.wantDays, Micros: c.wantMicros}
		if got != want {
			t.Errorf("(%d mons %d days %d us) * %v = %+v, expected %+v", c.months, c.days, c.micros, c.factor, got, want)
		}
	}
}

func TestIntervalPercentileCont(t *testing.T) {
	day := int64(86_400_000_000)
	values := []any{
		duckdb.Interval{Months: 1}, duckdb.Interval{Days: 2, Micros: 3 * 3_600_000_000}, duckdb.Interval{Micros: 7 * 60_000_000},
	}
	got, err := intervalPercentileCont([]driver.Value{values, 0.25})
	if err != nil {
		t.Fatal(err)
	}
	// PostgreSQL: 1 day 01:33:30.
	want := duckdb.Interval{Days: 1, Micros: day/24 + 33*60_000_000 + 30_000_000}
	if got != want {
		t.Errorf("percentile 0.25 = %+v, expected %+v", got, want)
	}
	if _, err := intervalPercentileCont([]driver.Value{nil, 1.5}); err == nil {
		t.Error("percentile 1.5 of no rows: no error, expected 22003")
	}
}
