package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases compare to_number, which the DuckDB provider computes
// itself, with PostgreSQL: its rows, type OIDs, display scales,
// SQLSTATEs and messages, in every protocol mode.

// toNumberCalls are input and template pairs that cover every template
// keyword, literal text, blanks, signs with and without S, MI, PL, SG
// and PR, too many and too few digits, and input that PostgreSQL
// rejects.
var toNumberCalls = [][2]string{
	{"12.5", "99.99"}, {"12.50", "99.99"}, {"12.5", "99.9"}, {"12.345", "99.9"}, {"1.2345", "9.9999999"},
	{"0012", "9999"}, {"0", ".9"}, {".5", "9.9"}, {"5.", "9.9"}, {"-0", "9"}, {"00.10", "99.99"},
	{"1234", "9,999"}, {"1,234", "9,999"}, {"1,234.56", "9G999D99"}, {"1 234", "9G999"}, {"1x2", "9,9"},
	{"  12", "9999"}, {"12  ", "9999"}, {"1 2", "9999"}, {"abc12", "99999"}, {"12abc", "9999"},
	{"-12", "99"}, {"+12", "99"}, {"- 12", "999"}, {"1-2", "999"}, {"-", "9"},
	{"12-", "99S"}, {"-12", "S99"}, {"+12", "S99"}, {"12+", "99S"}, {"x12", "S99"}, {"12 -", "99S"},
	{"1.5-", "9.99S"}, {"-1.5", "S9.99"}, {".5-", "9.9S"},
	{"12-", "99MI"}, {"-12", "MI99"}, {"1-2", "9MI9"}, {"1x2", "9MI9"}, {"5.01-", "FM9.999999MI"},
	{"12+", "99PL"}, {"1-2", "9PL9"}, {"12-", "99SG"}, {"+12", "SG99"}, {"x12", "SG99"},
	{"<12>", "99PR"}, {"<12", "99PR"}, {"(12)", "99PR"}, {"<12.34>", "99.99PR"},
	{"$12", "L99"}, {"12", "L99"}, {"x12", "L99"}, {"-12", "L99"}, {"$1,234.56", "$9,999.99"},
	{"12", "FM99"}, {"12.3", "FM999.999"}, {"12", "B99"}, {"12", "99SP"}, {"12", "C99"},
	{"1st2", "9TH9"}, {"12th", "99th"}, {"1.5", "9.9th"},
	{"123", "9V99"}, {"12", "99V"}, {"-1234", "99999V9999999999999999999"}, {"12.5", "99V9"},
	{"Total: 123", `"Total: "999`}, {"a12", `"ab"99`}, {"123 units", `999" units"`}, {"x1é2", "9é99"},
	{"12345", "99"}, {"12345", "999.99"}, {"123456", "99999.99"}, {"5", ".9"}, {"12", "9D9"},
	{"", "99"}, {"abc", "99"}, {"12", `"ab"99`}, {"12", ""}, {"12", "9EEEE"}, {"12", "RN"},
	{"1.2.3", "9.9.9"}, {"12", "PR99"}, {"12", "9V9.9"}, {"12", "S9S"}, {"12", "MIS99"},
	{"12345678901234567.5", "99999999999999999.9"},
}

func TestToNumberMatchesPostgreSQL(t *testing.T) {
	var cases []divisionCase
	for _, call := range toNumberCalls {
		quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
		cases = append(cases, divisionCase{sql: fmt.Sprintf("select to_number(%s, %s)", quote(call[0]), quote(call[1]))})
	}
	runMatchCases(t, cases)
}

func TestToNumberCallsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, []divisionCase{
		{sql: "select to_number(v, '9,999.99') from (values (1, '1,234.5'), (2, '-12'), (3, null), (4, '0.125')) t(i, v) order by i"},
		{sql: "select to_number(v, t) from (values (1, '12.5', '99.99'), (2, '12', null), (3, '12', '')) x(i, v, t) order by i"},
		{sql: "select to_number($1, '999.99')", args: []any{"123.4"}},
		{sql: "select to_number($1, $2)", args: []any{"-1,234.50", "9G999D99"}},
		{sql: "select to_number($1::text, '99')", args: []any{"x"}},
		{sql: "select to_number('12.5', '99.99') + 1, to_number('12.5', '99.99') * 2, -to_number('1.25', '9.99')"},
		{sql: "select to_number('12.5', '99.99') / 4, to_number('12.50', '99.99')::text"},
		{sql: "select to_number('12.5', '99.99') = 12.5, to_number('3', '9') > 2.5"},
		{sql: "select sum(to_number(v, '99.99')) from (values ('1.5'), ('2.25')) t(v)"},
		{sql: "select v from (values ('1.5'), ('10'), ('2.25')) t(v) order by to_number(v, '99.99')"},
		{sql: "select n, n * 2 from (select to_number('1.50', '9.99') n) s"},
		{sql: "select to_number('1.5', '9.9')::numeric(5,2), to_number('1', '9')::int, to_number('2.5', '9.9')::float8"},
	})
}

// TestToNumberGaps runs cases that still differ from PostgreSQL, and
// fails for each that matches.
func TestToNumberGaps(t *testing.T) {
	runGapCases(t, []divisionCase{
		{sql: "select to_number(12, '99')",
			reason: "pgway raises PostgreSQL's 42883 for an argument that is not text, without the argument types in the message"},
		{sql: "select to_number('12')",
			reason: "pgway raises PostgreSQL's 42883 for a call without two arguments, without the argument types in the message"},
		{sql: "select to_number('1234567890123456789012', '9999999999999999999999') > 0",
			reason: "inside another expression the value is a DECIMAL(38,20), which holds 18 digits before the point, so it fails with 0A000"},
	}, "TestToNumberCallsMatchPostgreSQL")
}

// TestToNumberColumn reads a text column of a table, which each
// connection creates as a temporary table.
func TestToNumberColumn(t *testing.T) {
	ctx := context.Background()
	_, gw := typedGateway(t)
	pg, _ := connectRecorded(t, oracleDSN())
	for _, conn := range []*pgx.Conn{gw, pg} {
		for _, sql := range []string{
			"create temporary table to_number_t (i int, v text)",
			"insert into to_number_t values (1, '12,345.678'), (2, '-1.5'), (3, ' 7'), (4, null), (5, '0.10')",
		} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	queries := []string{
		"select i, to_number(v, '99,999.999') from to_number_t order by i",
		"select i, to_number(v, '99,999.999') * 2, to_number(v, 'FM99,999.999') from to_number_t where i > 1 order by i",
		"select max(to_number(v, '99,999.999')), sum(to_number(v, '99,999.999')) from to_number_t",
		"select i from to_number_t where to_number(v, '99,999.999') > 0 order by i",
		"select i, to_number(v, '9.9') from to_number_t order by i",
	}
	for _, sql := range queries {
		for _, mode := range protocolModes {
			if got, want := exactResult(ctx, gw, sql, []any{mode}), exactResult(ctx, pg, sql, []any{mode}); got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}

// TestToNumberFollowsLocale checks that D, G, L and S read the C locale's
// symbols under lc_numeric and lc_monetary C and POSIX, and fail with
// 0A000 under a locale whose symbols pgway does not have.
func TestToNumberFollowsLocale(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	sql := "select to_number('-1,234.5', 'L9G999D99S'), to_number('1,234.5-', '9,999.99MI')"
	for _, locale := range []string{"C", "POSIX", "C.UTF-8"} {
		for _, setting := range []string{"lc_numeric", "lc_monetary"} {
			setTimeZone(ctx, t, gw.PgConn(), pg.PgConn(), "set "+setting+" = '"+locale+"'")
		}
		for _, mode := range protocolModes {
			if got, want := exactResult(ctx, gw, sql, []any{mode}), exactResult(ctx, pg, sql, []any{mode}); got != want {
				t.Errorf("%s under %s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, locale, mode, got, want)
			}
		}
	}
	// The oracle has no German locale, so only pgway runs this.
	if _, err := gw.Exec(ctx, "set lc_numeric = 'de_DE.UTF-8'"); err != nil {
		t.Fatal(err)
	}
	for _, mode := range protocolModes {
		localized := "select to_number('1.234,5', '9G999D99')"
		if got := exactResult(ctx, gw, localized, []any{mode}); !strings.HasPrefix(got, "error 0A000") {
			t.Errorf("%s under lc_numeric de_DE.UTF-8 (%v): %s, expected error 0A000", localized, mode, got)
		}
		plain := "select to_number('1,234.5', '9,999.99')"
		if got := exactResult(ctx, gw, plain, []any{mode}); got != `1700:"1234.5" | ` && got != "1700:dscale 1 1234.5 | " {
			t.Errorf("%s under lc_numeric de_DE.UTF-8 (%v): %s", plain, mode, got)
		}
	}
}
