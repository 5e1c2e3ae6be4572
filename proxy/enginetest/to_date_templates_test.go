package enginetest

import (
	"strings"
	"testing"
)

// These cases compare to_date and to_timestamp with a template, which
// the DuckDB provider reads as PostgreSQL 15 does, with PostgreSQL in the
// time zone America/New_York: month and day names, loose separators and
// spaces, ISO weeks, fields that are missing or given twice, zone
// offsets, and the errors of input that does not fit the template.

// parseTemplateInputs are pairs of input and template that both
// to_date and to_timestamp read.
var parseTemplateInputs = [][2]string{
	{"05-JAN-24", "DD-MON-YY"},
	{"January 5, 2024", "Month DD, YYYY"},
	{"fri 05 jan 2024", "dy DD mon YYYY"},
	{"Friday, 5 January 2024", "Day, DD Month YYYY"},
	{"FRIDAY 05 JANUARY 2024", "DAY DD MONTH YYYY"},
	{"2024/01/05", "YYYY-MM-DD"},
	{"2024-01-05 junk", "YYYY-MM-DD"},
	{"  2024-01-05", "YYYY-MM-DD"},
	{"2024 - 01 - 05", "YYYY-MM-DD"},
	{"2024--01-05", "YYYY-MM-DD"},
	{"20240105", "YYYYMMDD"},
	{"2024-1-5", "YYYY-MM-DD"},
	{"2024-1-5", "FMYYYY-FMMM-FMDD"},
	{"24", "YY"},
	{"99-12-31", "YY-MM-DD"},
	{"524", "YYY"},
	{"2024 10", "IYYY IW"},
	{"2024-W10", `IYYY-"W"IW`},
	{"2024-W10-3", `IYYY-"W"IW-ID`},
	{"2020 53 7", "IYYY IW ID"},
	{"2024 060", "IYYY IDDD"},
	{"2024 10", "YYYY WW"},
	{"2024-03 2", "YYYY-MM W"},
	{"2024 060", "YYYY DDD"},
	{"2024-01-05", "FXYYYY-MM-DD"},
	{"2460315", "J"},
	{"21 24", "CC YY"},
	{"21", "CC"},
	{"1,234", "Y,YYY"},
	{"44 BC", "YYYY BC"},
	{"0044-03-15 B.C.", "YYYY-MM-DD B.C."},
	{"XII 2024", "RM YYYY"},
	{"iv 2024", "rm YYYY"},
	{"1st 2024", "DDth YYYY"},
	{"2024 Q3 05 01", "YYYY \"Q\"Q MM DD"},
	{"2024-02-30", "MM-DD"},
	{"", "YYYY"},
	{"2024", ""},
	{"10:11:12.123456", "HH24:MI:SS.US"},
	{"1.5", "SS.MS"},
	{"2024-01-05 10:00:00.25", "YYYY-MM-DD HH24:MI:SS.MS"},
	{"2024-01-05 10:00:00.025", "YYYY-MM-DD HH24:MI:SS.MS"},
	{"2024-01-05 10:00:00.123456789", "YYYY-MM-DD HH24:MI:SS.US"},
	{"2024-01-05 10:00:00.1234", "YYYY-MM-DD HH24:MI:SS.FF3"},
	{"2024-01-05 12:30 am", "YYYY-MM-DD HH:MI am"},
	{"2024-01-05 12:30 P.M.", "YYYY-MM-DD HH12:MI P.M."},
	{"2024-01-05 36000", "YYYY-MM-DD SSSS"},
	{"2024-01-05 10:00 +05", "YYYY-MM-DD HH24:MI TZH"},
	{"2024-01-05 10:00 -03:30", "YYYY-MM-DD HH24:MI TZH:TZM"},
	{"2024-01-05 10:00-03", "YYYY-MM-DD HH24:MITZH"},
	{"2024-03-10 02:30", "YYYY-MM-DD HH24:MI"},
	{"2024-11-03 01:30", "YYYY-MM-DD HH24:MI"},
	{"2024-07-04T10:20:30", `YYYY-MM-DD"T"HH24:MI:SS`},
	{"Jan 5 2024 10:20PM", "Mon DD YYYY HH:MIPM"},
	{"october 2024", "TMMonth YYYY"},
	{"10 2024", "TMMonth YYYY"},
}

// parseTemplateErrors are inputs that PostgreSQL rejects.
var parseTemplateErrors = [][2]string{
	{"abc", "YYYY"},
	{"2024-13-01", "YYYY-MM-DD"},
	{"2024-02-30", "YYYY-MM-DD"},
	{"2024-01-05", "YYYY-MM-DD IYYY"},
	{"2024 400", "YYYY DDD"},
	{"060", "DDD"},
	{"Janvier 2024", "Month YYYY"},
	{"2024-01-05 13:00 PM", "YYYY-MM-DD HH:MI PM"},
	{"2024-01-05 10:61", "YYYY-MM-DD HH24:MI"},
	{"2024 2025", "YYYY YYYY"},
	{"2024-01-05 10:00 +16", "YYYY-MM-DD HH24:MI TZH"},
	{"1,2", "Y,YYY"},
	{"24", "YYYY MM"},
	{"20240", "YYYYMMDD"},
	{"2024 10", "YYYY TZ"},
	{"99999999", "YYYY"},
	{"5874898-01-01", "YYYY-MM-DD"},
	{"4714-11-23 BC", "YYYY-MM-DD BC"},
}

func parseTemplateCases(pairs [][2]string) []divisionCase {
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	var cases []divisionCase
	for _, p := range pairs {
		input, template := quote(p[0]), quote(p[1])
		cases = append(cases,
			divisionCase{sql: "select to_date(" + input + ", " + template + ")"},
			divisionCase{sql: "select to_timestamp(" + input + ", " + template + ")"})
	}
	return cases
}

// parseTemplateColumnCases read templates and input from columns, from
// parameters and with NULL.
var parseTemplateColumnCases = []divisionCase{
	{sql: "select x, to_date(x, f), to_timestamp(x, f) from (values ('05 Jan 2024', 'DD Mon YYYY'), ('2024-W01', 'IYYY-\"W\"IW'), " +
		"(null, 'YYYY'), ('2024', null)) t(x, f) order by 1"},
	{sql: "select to_date($1, $2), to_timestamp($1, $2)", args: []any{"March 3 2021", "Month DD YYYY"}},
}

func TestToDateTemplatesMatch(t *testing.T) {
	runZonedMatchCases(t, parseTemplateCases(parseTemplateInputs))
}

func TestToDateTemplateErrorsMatch(t *testing.T) {
	runZonedMatchCases(t, parseTemplateCases(parseTemplateErrors))
}

func TestToDateTemplateColumnsMatch(t *testing.T) {
	runZonedMatchCases(t, parseTemplateColumnCases)
}
