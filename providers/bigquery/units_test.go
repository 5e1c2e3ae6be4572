package bigquery

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"cloud.google.com/go/bigquery"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/providers/geometry"
)

func TestLabelValue(t *testing.T) {
	cases := map[string]string{
		"alice":                 "alice",
		"Alice.Smith@Example":   "alice_smith_example",
		"ünïcode":               "_n_code",
		"a-b_c9":                "a-b_c9",
		"":                      "",
		strings.Repeat("x", 70): strings.Repeat("x", 63),
	}
	for in, want := range cases {
		if got := labelValue(in); got != want {
			t.Errorf("labelValue(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScanPlaceholders(t *testing.T) {
	cases := []struct {
		sql        string
		count      int
		positional bool
		used       []bool
	}{
		{"SELECT 1", 0, false, nil},
		{"SELECT @p1, @p2, @p1", 2, false, []bool{true, true}},
		{"SELECT @p3", 3, false, []bool{false, false, true}},
		{"SELECT '@p1', \"@p2\", `@p3`, @p4", 4, false, []bool{false, false, false, true}},
		{"SELECT 1 -- @p1\n, @p2 # @p3\n/* @p4 */", 2, false, []bool{false, true}},
		{"SELECT '''it's @p1''', r'\\' @p2", 2, false, []bool{false, true}},
		{"SELECT @@session.time_zone, @P1", 1, false, []bool{true}},
		{"SELECT ?, ?, '?'", 2, true, nil},
		{"SELECT @pa, @p0, @p01", 0, false, nil},
	}
	for _, c := range cases {
		p, err := scanPlaceholders(c.sql)
		if err != nil {
			t.Errorf("%q: %v", c.sql, err)
			continue
		}
		if p.count != c.count || p.positional != c.positional {
			t.Errorf("%q: count %d positional %v, want %d %v", c.sql, p.count, p.positional, c.count, c.positional)
		}
		if !c.positional && strings.Join(boolStrings(p.used), ",") != strings.Join(boolStrings(c.used), ",") {
			t.Errorf("%q: used %v, want %v", c.sql, p.used, c.used)
		}
	}
	if _, err := scanPlaceholders("SELECT @p1, ?"); err == nil {
		t.Error("mixed named and positional parameters were accepted")
	}
}

func boolStrings(bs []bool) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = map[bool]string{true: "t", false: "f"}[b]
	}
	return out
}

func TestColumnNameDecoding(t *testing.T) {
	cases := map[string]string{
		"plain":                          "plain",
		"_pgway_col1_3f636f6c756d6e3f":   "?column?",
		"_pgway_col2_4e616d65":           "Name",
		"_pgway_colx":                    "_pgway_colx",
		"_pgway_col3_zz":                 "_pgway_col3_zz",
		"_pgway_col10_" + hexOf("a b c"): "a b c",
	}
	for in, want := range cases {
		if got := columnName(in); got != want {
			t.Errorf("columnName(%q) = %q, want %q", in, got, want)
		}
	}
}

func hexOf(s string) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(digits[s[i]>>4])
		b.WriteByte(digits[s[i]&15])
	}
	return b.String()
}

func TestReadSettingsErrors(t *testing.T) {
	cases := []struct {
		creds map[string]string
		want  string
	}{
		{map[string]string{}, "project_id is missing"},
		{map[string]string{"project_id": "p", "maximum_bytes_billed": "-1"}, "maximum_bytes_billed"},
		{map[string]string{"project_id": "p", "maximum_bytes_billed": "ten"}, "maximum_bytes_billed"},
	}
	for _, c := range cases {
		_, err := readSettings(&config.Connection{Config: config.ConnectionConfig{Type: "oauth", Credentials: c.creds}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("readSettings(%v) = %v, want an error about %s", c.creds, err, c.want)
		}
	}
	s, err := readSettings(&config.Connection{Config: config.ConnectionConfig{Type: "oauth",
		Credentials: map[string]string{"project_id": "data", "maximum_bytes_billed": "1000"}}})
	if err != nil {
		t.Fatal(err)
	}
	if s.billingProject != "data" || s.maxBytesBilled != 1000 {
		t.Errorf("settings = %+v, want billing project data and 1000 bytes", s)
	}
}

func TestMapFieldTypes(t *testing.T) {
	cases := []struct {
		field  *bigquery.FieldSchema
		oid    uint32
		typmod int32
		name   string
	}{
		{&bigquery.FieldSchema{Type: bigquery.IntegerFieldType}, pgtype.Int8OID, -1, "bigint"},
		{&bigquery.FieldSchema{Type: bigquery.NumericFieldType}, pgtype.NumericOID, 38<<16 | 9 + 4, "numeric(38,9)"},
		{&bigquery.FieldSchema{Type: bigquery.NumericFieldType, Precision: 10, Scale: 2}, pgtype.NumericOID, 10<<16 | 2 + 4, "numeric(10,2)"},
		{&bigquery.FieldSchema{Type: bigquery.BigNumericFieldType}, pgtype.NumericOID, -1, "numeric"},
		{&bigquery.FieldSchema{Type: bigquery.FloatFieldType}, pgtype.Float8OID, -1, "double precision"},
		{&bigquery.FieldSchema{Type: bigquery.BooleanFieldType}, pgtype.BoolOID, -1, "boolean"},
		{&bigquery.FieldSchema{Type: bigquery.StringFieldType}, pgtype.TextOID, -1, "text"},
		{&bigquery.FieldSchema{Type: bigquery.BytesFieldType}, pgtype.ByteaOID, -1, "bytea"},
		{&bigquery.FieldSchema{Type: bigquery.DateFieldType}, pgtype.DateOID, -1, "date"},
		{&bigquery.FieldSchema{Type: bigquery.TimeFieldType}, pgtype.TimeOID, -1, "time without time zone"},
		{&bigquery.FieldSchema{Type: bigquery.DateTimeFieldType}, pgtype.TimestampOID, -1, "timestamp without time zone"},
		{&bigquery.FieldSchema{Type: bigquery.TimestampFieldType}, pgtype.TimestamptzOID, -1, "timestamp with time zone"},
		{&bigquery.FieldSchema{Type: bigquery.IntervalFieldType}, pgtype.IntervalOID, -1, "interval"},
		{&bigquery.FieldSchema{Type: bigquery.JSONFieldType}, pgtype.JSONBOID, -1, "jsonb"},
		{&bigquery.FieldSchema{Type: bigquery.GeographyFieldType}, geometry.OID, -1, "geometry(Geometry,4326)"},
		{&bigquery.FieldSchema{Type: bigquery.RangeFieldType}, pgtype.TextOID, -1, "text"},
		{&bigquery.FieldSchema{Type: bigquery.IntegerFieldType, Repeated: true}, pgtype.Int8ArrayOID, -1, "bigint[]"},
		{&bigquery.FieldSchema{Type: bigquery.DateFieldType, Repeated: true}, pgtype.DateArrayOID, -1, "date[]"},
		{&bigquery.FieldSchema{Type: bigquery.GeographyFieldType, Repeated: true}, pgtype.TextArrayOID, -1, "text[]"},
		{&bigquery.FieldSchema{Type: bigquery.RecordFieldType}, pgtype.JSONBOID, -1, "jsonb"},
		{&bigquery.FieldSchema{Type: bigquery.RecordFieldType, Repeated: true}, pgtype.JSONBOID, -1, "jsonb"},
		{&bigquery.FieldSchema{Type: bigquery.JSONFieldType, Repeated: true}, pgtype.JSONBOID, -1, "jsonb"},
	}
	for _, c := range cases {
		got := mapField(c.field)
		if got.oid != c.oid || got.typmod != c.typmod || got.name != c.name {
			t.Errorf("mapField(%s repeated=%v) = %d %d %q, want %d %d %q", c.field.Type, c.field.Repeated,
				got.oid, got.typmod, got.name, c.oid, c.typmod, c.name)
		}
	}
}

func TestRatNumeric(t *testing.T) {
	cases := []struct {
		in    string
		scale int32
		trim  bool
		want  string
	}{
		{"1.5", 9, false, "1.500000000"},
		{"-0.0000000005", 9, false, "-0.000000001"},
		{"0.0000000004", 9, false, "0.000000000"},
		{"12345678901234567890.123456789012", 38, true, "12345678901234567890.123456789012"},
		{"100", 38, true, "100"},
		{"0", 38, true, "0"},
	}
	for _, c := range cases {
		r, _ := new(big.Rat).SetString(c.in)
		n := ratNumeric(r, c.scale, c.trim)
		text, err := pgtype.NewMap().Encode(pgtype.NumericOID, pgtype.TextFormatCode, n, nil)
		if err != nil {
			t.Fatal(err)
		}
		if string(text) != c.want {
			t.Errorf("ratNumeric(%s, %d, %v) = %s, want %s", c.in, c.scale, c.trim, text, c.want)
		}
	}
}

func TestConvertJSON(t *testing.T) {
	cases := map[string]string{
		`{"b": [1, 2.50], "a": null, "aa": 1e2}`: `{"a": null, "b": [1, 2.50], "aa": 100}`,
		`"x\u0001y"`:                             `"x\u0001y"`,
		`[true, false, "é"]`:                     `[true, false, "é"]`,
		`1.5E-3`:                                 `0.0015`,
	}
	for in, want := range cases {
		got, err := convertJSON(in)
		if err != nil || got != want {
			t.Errorf("convertJSON(%s) = %v, %v, want %s", in, got, err, want)
		}
	}
}

func TestSQLState(t *testing.T) {
	cases := []struct {
		reason, message, want string
	}{
		{"invalidQuery", "Syntax error: Unexpected identifier \"SELEC\" at [1:1]", "42601"},
		{"invalidQuery", "Not found: Table p:d.missing was not found in location US", "42P01"},
		{"notFound", "Not found: Table p:d.missing", "42P01"},
		{"notFound", "Not found: Job p:US.job", "42P01"},
		{"invalidQuery", "Unrecognized name: nope at [1:8]", "42703"},
		{"invalidQuery", "Function not found: nofunc at [1:8]", "42883"},
		{"invalidQuery", "Division by zero: 1 / 0", "22012"},
		{"invalidQuery", "Something else entirely", "42601"},
		{"accessDenied", "Access Denied: Table p:d.t: User does not have permission", "42501"},
		{"quotaExceeded", "Quota exceeded: Your project exceeded quota", "53400"},
		{"rateLimitExceeded", "Exceeded rate limits", "53400"},
		{"responseTooLarge", "Response too large to return", "54000"},
		{"backendError", "Backend error", "XX000"},
		{"jobInternalError", "failed to analyze: Unrecognized name: x", "42703"},
		{"jobInternalError", "something broke", "XX000"},
		{"invalid", `Table "cities" must be qualified with a dataset (e.g. dataset.table).`, "3F000"},
	}
	for _, c := range cases {
		if got := sqlstate(c.reason, c.message); got != c.want {
			t.Errorf("sqlstate(%s, %q) = %s, want %s", c.reason, c.message, got, c.want)
		}
	}
}

func TestParameterText(t *testing.T) {
	cases := []struct {
		typ  string
		arg  any
		want string
	}{
		{"INT64", int64(-7), "-7"},
		{"INT64", " 42", "42"},
		{"FLOAT64", 2.5, "2.5"},
		{"FLOAT64", "NaN", "NaN"},
		{"BOOL", "t", "true"},
		{"NUMERIC", "1.50", "1.5"},
		{"NUMERIC", "-1e3", "-1000"},
		{"BYTES", []byte{0, 255}, "AP8="},
		{"BYTES", `\x00ff`, "AP8="},
		{"DATE", "2024-02-29", "2024-02-29"},
		{"DATETIME", "2024-02-29 13:45:30.5", "2024-02-29 13:45:30.5"},
		{"TIMESTAMP", "2024-02-29 13:45:30+02", "2024-02-29 11:45:30+00:00"},
		{"INTERVAL", "1 year 2 mons 3 days 04:05:06.5", "1-2 3 4:5:6.500000"},
		{"INTERVAL", "-01:00:00", "0-0 0 -1:0:0.000000"},
		{"GEOGRAPHY", "SRID=4326;POINT(1 2)", "POINT(1 2)"},
		{"GEOGRAPHY", "0101000000000000000000F03F0000000000000040", "POINT(1 2)"},
		{"STRING", "plain", "plain"},
	}
	for _, c := range cases {
		got, err := parameterText(c.typ, c.arg)
		if err != nil || got != c.want {
			t.Errorf("parameterText(%s, %#v) = %q, %v, want %q", c.typ, c.arg, got, err, c.want)
		}
	}
	for _, bad := range []struct {
		typ string
		arg any
	}{{"INT64", "x"}, {"BOOL", "maybe"}, {"NUMERIC", "1.2.3"}, {"GEOGRAPHY", "SRID=3857;POINT(1 2)"}, {"DATE", "nodate"}} {
		if _, err := parameterText(bad.typ, bad.arg); err == nil {
			t.Errorf("parameterText(%s, %#v) accepted an invalid value", bad.typ, bad.arg)
		}
	}
	if !fitsNumeric("123.123456789") || fitsNumeric("1.1234567891") || fitsNumeric(strings.Repeat("9", 30)) {
		t.Error("fitsNumeric misjudges NUMERIC's precision")
	}
}

func TestOpenRejectsBadConfig(t *testing.T) {
	cases := []struct {
		typ   string
		creds map[string]string
		want  string
	}{
		{"password", map[string]string{"project_id": "p"}, "unknown config type"},
		{"oauth", map[string]string{"project_id": "p"}, "access_token is missing"},
		{"service_account", map[string]string{"project_id": "p"}, "service_account_key is missing"},
		{"oauth", map[string]string{"access_token": "t"}, "project_id is missing"},
	}
	for _, c := range cases {
		_, err := open(context.Background(), &config.Connection{Name: "c", ProviderID: "bigquery",
			Config: config.ConnectionConfig{Type: c.typ, Credentials: c.creds}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: %v, want an error about %s", c.typ, c.creds, err, c.want)
		}
	}
}
