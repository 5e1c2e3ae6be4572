package bigquery_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers/bigquery"
)

// TestGatewayDeclaredParameterTypes prepares SELECT $1 through pgway
// with the parameter's type declared in Parse, as pgx does when given the
// OIDs, and checks the type and value of the query parameter that reaches
// BigQuery, for each scalar type in the text and the binary format. The
// emulator infers no parameter types, so without the declared type every
// parameter would be a STRING or take the type of its Go value.
func TestGatewayDeclaredParameterTypes(t *testing.T) {
	e := bigquery.StartEmulator(t, "types.yaml")
	rec := bigquery.NewRecorder(t, e.URL())
	conn := startGateway(t, rec.URL()).connect(t)
	cases := []struct {
		name  string
		oid   uint32
		value any
		// param is the parameter as the jobs.insert request carries it.
		param string
		// want is the value that comes back in the text format, "" where
		// the emulator returns another type for the parameter (see
		// TestParametersEveryScalarType).
		want string
	}{
		{"date", pgtype.DateOID, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
			`"parameterType":{"type":"DATE"},"parameterValue":{"value":"2024-02-29"}`, "2024-02-29"},
		{"timestamp", pgtype.TimestampOID, time.Date(2024, 2, 29, 13, 45, 30, 500000000, time.UTC),
			`"parameterType":{"type":"DATETIME"},"parameterValue":{"value":"2024-02-29 13:45:30.5"}`, ""},
		{"timestamptz", pgtype.TimestamptzOID, time.Date(2024, 2, 29, 13, 45, 30, 0, time.FixedZone("", 7200)),
			`"parameterType":{"type":"TIMESTAMP"},"parameterValue":{"value":"2024-02-29 11:45:30+00:00"}`, "2024-02-29 11:45:30+00"},
		{"numeric", pgtype.NumericOID, mustNumeric(t, "12.3450"),
			`"parameterType":{"type":"NUMERIC"},"parameterValue":{"value":"12.345"}`, ""},
		{"interval", pgtype.IntervalOID, pgtype.Interval{Months: 14, Days: 3, Microseconds: 7_200_500_000, Valid: true},
			`"parameterType":{"type":"INTERVAL"},"parameterValue":{"value":"1-2 3 2:0:0.500000"}`, ""},
		{"json", pgtype.JSONOID, map[string]any{"k": []any{1, 2}},
			`"parameterType":{"type":"JSON"},"parameterValue":{"value":"{\"k\":[1,2]}"}`, ""},
		{"bytea", pgtype.ByteaOID, []byte{1, 2, 255},
			`"parameterType":{"type":"BYTES"},"parameterValue":{"value":"AQL/"}`, ""},
		{"bool", pgtype.BoolOID, true,
			`"parameterType":{"type":"BOOL"},"parameterValue":{"value":"true"}`, "t"},
		{"int4", pgtype.Int4OID, int32(42),
			`"parameterType":{"type":"INT64"},"parameterValue":{"value":"42"}`, "42"},
		{"float8", pgtype.Float8OID, 1.25,
			`"parameterType":{"type":"FLOAT64"},"parameterValue":{"value":"1.25"}`, "1.25"},
		{"text", pgtype.TextOID, "héllo",
			`"parameterType":{"type":"STRING"},"parameterValue":{"value":"héllo"}`, "héllo"},
	}
	types := pgtype.NewMap()
	ctx := context.Background()
	for _, c := range cases {
		for _, format := range []int16{pgtype.TextFormatCode, pgtype.BinaryFormatCode} {
			t.Run(fmt.Sprintf("%s/format%d", c.name, format), func(t *testing.T) {
				value, err := types.Encode(c.oid, format, c.value, nil)
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("declared_%s_%d", c.name, format)
				desc, err := conn.PgConn().Prepare(ctx, name, "SELECT $1 AS v", []uint32{c.oid})
				if err != nil {
					t.Fatal(err)
				}
				if len(desc.ParamOIDs) != 1 || desc.ParamOIDs[0] != c.oid {
					t.Errorf("ParameterDescription %v, want [%d]", desc.ParamOIDs, c.oid)
				}
				before := len(rec.JobInserts())
				result := conn.PgConn().ExecPrepared(ctx, name, [][]byte{value}, []int16{format}, nil).Read()
				if result.Err != nil {
					t.Fatal(result.Err)
				}
				inserts := rec.JobInserts()
				if len(inserts) != before+1 {
					t.Fatalf("%d query jobs inserted, want 1", len(inserts)-before)
				}
				if want := `{"name":"p1",` + c.param + `}`; !strings.Contains(inserts[before], want) {
					t.Errorf("jobs.insert sent %s, want the parameter %s", inserts[before], want)
				}
				if c.want == "" {
					return
				}
				if len(result.Rows) != 1 || string(result.Rows[0][0]) != c.want {
					t.Errorf("rows %q, want %q", result.Rows, c.want)
				}
				if gap := columnTypeGaps[c.name]; gap != "" {
					t.Logf("column type not checked: %s", gap)
					return
				}
				if oid := result.FieldDescriptions[0].DataTypeOID; oid != c.oid && !(c.oid == pgtype.Int4OID && oid == pgtype.Int8OID) {
					t.Errorf("column type %d, want %d", oid, c.oid)
				}
			})
		}
	}
}

// columnTypeGaps are the declared types for which the emulator's dry run
// describes SELECT @p1 with another type.
var columnTypeGaps = map[string]string{
	"date": "the emulator returns a DATE parameter as a STRING",
	"text": "the emulator's dry run runs the query, so a STRING parameter gets a NULL, which it types as INT64",
}

func mustNumeric(t *testing.T, text string) pgtype.Numeric {
	t.Helper()
	var n pgtype.Numeric
	if err := n.Scan(text); err != nil {
		t.Fatal(err)
	}
	return n
}
