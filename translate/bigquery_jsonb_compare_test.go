package translate

import (
	"strings"
	"testing"
)

// TestBigQueryJSONComparisons checks that comparing, grouping, sorting
// and deduplicating json and jsonb values fails with 0A000 at the
// value, since BigQuery has no equality or order of JSON values.
func TestBigQueryJSONComparisons(t *testing.T) {
	cases := []struct {
		sql, message string
		position     int
	}{
		{`select '{"a":1}'::jsonb = '{"a": 1}'::jsonb`, "operator = of jsonb values", 17},
		{`select j from t where j::jsonb <> '{"a": 1}'`, "operator <> of jsonb values", 24},
		{`select id from events where payload::jsonb in ('{"b": 2, "a": 1}', '{"v":  1}')`, "IN of jsonb values", 36},
		{`select id from events where '{"a": 1}'::jsonb = any(array[payload::jsonb])`, "operator = ANY or ALL of jsonb values", 39},
		{`select payload::jsonb is distinct from '{}' from events`, "IS DISTINCT FROM of jsonb values", 15},
		{`select nullif(payload::jsonb, '{}') from events`, "NULLIF of jsonb values", 22},
		{`select case payload->'a' when '1' then 1 end from events`, "CASE of jsonb values", 20},
		{`select payload::jsonb, count(*) from events group by 1`, "GROUP BY of jsonb values", 54},
		{`select distinct payload::jsonb from events`, "DISTINCT of jsonb values", 24},
		{`select id from events order by payload::jsonb, id`, "ORDER BY of jsonb values", 39},
		{`select '{"a":1}'::jsonb union select '{"a": 1}'::jsonb`, "UNION of jsonb values", 17},
		{`select id, count(*) over (partition by payload->'a') from events`, "PARTITION BY of jsonb values", 47},
		{`select count(distinct payload::jsonb) from events`, "DISTINCT of jsonb values", 30},
	}
	for _, c := range cases {
		e := bigQueryError(t, c.sql)
		if e == nil {
			continue
		}
		if e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: code %s, expected 0A000: %s", c.sql, e.Code, e.Message)
		}
		if !strings.Contains(e.Message, c.message) || !strings.HasSuffix(e.Message, "is not supported on BigQuery") {
			t.Errorf("%s: message %q, expected %q ... is not supported on BigQuery", c.sql, e.Message, c.message)
		}
		if e.Hint != bqJSONCompareHint {
			t.Errorf("%s: hint %q, expected %q", c.sql, e.Hint, bqJSONCompareHint)
		}
		if e.Position != c.position {
			t.Errorf("%s: position %d, expected %d", c.sql, e.Position, c.position)
		}
	}
}

// TestBigQueryJSONWithoutComparison checks that JSON values that are not
// compared, and fields of them, still translate.
func TestBigQueryJSONWithoutComparison(t *testing.T) {
	for _, sql := range []string{
		`select '{"a":1}'::jsonb union all select '{"a": 1}'::jsonb`,
		`select payload->>'a' = 'x', payload->'a' is null from events`,
		`select id from events order by payload->>'a'`,
	} {
		if _, err := bigQueryRewrite(t, BigQueryOptions{}, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
}

// TestBigQueryJSONExtremum checks PostgreSQL's error for max() of jsonb,
// which PostgreSQL 15 does not have.
func TestBigQueryJSONExtremum(t *testing.T) {
	e := bigQueryError(t, `select max(payload::jsonb) from events`)
	if e != nil && e.Code != "42883" {
		t.Errorf("code %s, expected 42883: %s", e.Code, e.Message)
	}
}
