package translate

import (
	"regexp"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// leapSecondClock matches timetz input that starts with a time of day
// whose seconds are 60, such as 23:59:60+02, or that has more than six
// fractional digits, and captures the time.
var leapSecondClock = regexp.MustCompile(`^\s*([0-9]{1,2}:[0-9]{2}:(60(\.[0-9]*)?|[0-9]{2}\.[0-9]{7,}))`)

// timetzLeapSecond carries the seconds 60 of a timetz string constant
// into the minute, as PostgreSQL does and DuckDB's cast rejects:
// 23:59:60+02 is 24:00:00+02. It also rounds more than six fractional
// digits half to even, as PostgreSQL does and DuckDB does not:
// 23:59:59.9999995 is 24:00:00. It reads the time of day as time input
// does and keeps the rest of the text, the zone, as it is.
// NOTE: text that is not a constant keeps DuckDB's error for seconds 60.
func timetzLeapSecond(tc *pg.TypeCast, name string) error {
	c := tc.Arg.GetAConst()
	if name != "timetz" || len(tc.TypeName.GetArrayBounds()) > 0 || c.GetSval() == nil {
		return nil
	}
	text := c.GetSval().Sval
	m := leapSecondClock.FindStringSubmatchIndex(text)
	if m == nil {
		return nil
	}
	clock, err := readDateTime(text[m[2]:m[3]], "time", c.Location)
	if err != nil {
		return err.at(text, "timetz", c.Location)
	}
	if carried := clock.GetAConst().GetSval(); carried != nil {
		c.GetSval().Sval = carried.Sval + text[m[3]:]
	}
	return nil
}
