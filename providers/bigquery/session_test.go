package bigquery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/providers"
	"pgway/providers/geometry"
)

const testToken = "ya29.test-token-0123456789abcdef"

// openTestSession opens a session of an oauth connection to endpoint for
// the user alice.
func openTestSession(t *testing.T, endpoint string) *session {
	t.Helper()
	conn := &config.Connection{Name: "Test BQ", ProviderID: "bigquery", Config: config.ConnectionConfig{
		Type: "oauth", Credentials: map[string]string{"project_id": emulatorProject, "access_token": testToken,
			"endpoint": endpoint, "default_dataset": "shop"}}}
	s, err := providers.Open(providers.WithUser(context.Background(), "Alice"), conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.(*session)
}

// query prepares and runs sql with args and returns the statement and
// every row.
func query(t *testing.T, s *session, sql string, args ...any) (providers.Statement, [][]any, string) {
	t.Helper()
	st, err := s.Prepare(context.Background(), sql)
	if err != nil {
		t.Fatalf("prepare %s: %v", sql, err)
	}
	rows, err := s.Execute(context.Background(), st, args)
	if err != nil {
		t.Fatalf("execute %s: %v", sql, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		out = append(out, append([]any(nil), rows.Values()...))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read %s: %v", sql, err)
	}
	return st, out, rows.CommandTag()
}

// TestTypesRoundTrip reads a row of every type and a row of NULLs, and
// checks each value and that pgtype encodes it in both formats and
// decodes it back to the same text.
func TestTypesRoundTrip(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	s := openTestSession(t, e.url)
	st, rows, tag := query(t, s, "SELECT * FROM shop.all_types ORDER BY id")
	if tag != "SELECT 2" || len(rows) != 2 {
		t.Fatalf("got %d rows, tag %q, want 2 rows", len(rows), tag)
	}
	want := map[string]string{
		"id":             "1",
		"c_int":          "-42",
		"c_numeric":      "1234.500000000",
		"c_bignumeric":   "12345678901234567890.123456789012",
		"c_float":        "2.5",
		"c_bool":         "t",
		"c_string":       `héllo, "world"`,
		"c_bytes":        `\x627974657301`,
		"c_date":         "2024-02-29",
		"c_time":         "13:45:30.123456",
		"c_datetime":     "2024-02-29 13:45:30.5",
		"c_timestamp":    "2024-02-29 13:45:30.25Z",
		"c_interval":     "1 years 2 mons 3 days 04:05:06.5",
		"c_json":         `{"a": null, "b": [1, 2.50]}`,
		"c_geography":    "0101000020E61000009A99999999990DC03333333333334440",
		"c_int_array":    "{1,2,3}",
		"c_string_array": "{x,y}",
		"c_struct":       `{"a": 7, "b": "seven"}`,
	}
	types := pgtype.NewMap()
	for i, col := range st.Columns() {
		v := rows[0][i]
		text := encodeText(t, types, col, v)
		if text != want[col.Name] {
			t.Errorf("%s: text %q, want %q", col.Name, text, want[col.Name])
		}
		if col.TypeOID == geometry.OID {
			continue // pgtype does not know pgway's geometry OID; the engine sends EWKB as it is
		}
		binary, err := types.Encode(col.TypeOID, pgtype.BinaryFormatCode, v, nil)
		if err != nil {
			t.Errorf("%s: encode binary: %v", col.Name, err)
			continue
		}
		var decoded any
		if err := types.Scan(col.TypeOID, pgtype.BinaryFormatCode, binary, &decoded); err != nil {
			t.Errorf("%s: decode binary: %v", col.Name, err)
			continue
		}
		again := encodeText(t, types, col, normalizeDecoded(decoded))
		if col.TypeOID == pgtype.JSONBOID {
			// pgtype writes decoded JSON compactly; compare the documents.
			if !sameJSON(again, text) {
				t.Errorf("%s: binary round trip gives %s, want %s", col.Name, again, text)
			}
			continue
		}
		if again != text {
			t.Errorf("%s: binary round trip gives %q, want %q", col.Name, again, text)
		}
	}
	for i, col := range st.Columns() {
		v := rows[1][i]
		switch col.Name {
		case "id":
			if v != int64(2) {
				t.Errorf("id = %v, want 2", v)
			}
		case "c_int_array", "c_string_array":
			// BigQuery returns an empty array for a NULL array.
			if text := encodeText(t, types, col, v); text != "{}" {
				t.Errorf("%s = %s, want {}", col.Name, text)
			}
		default:
			if v != nil {
				t.Errorf("%s = %#v, want NULL", col.Name, v)
			}
		}
	}
}

// encodeText encodes v in the text format, with PostgreSQL's hexadecimal
// form for geometry.
func encodeText(t *testing.T, types *pgtype.Map, col providers.Column, v any) string {
	t.Helper()
	if col.TypeOID == geometry.OID {
		return strings.ToUpper(hexOf(string(v.([]byte))))
	}
	if x, ok := v.(time.Time); ok && col.TypeOID == pgtype.TimestamptzOID {
		return x.UTC().Format("2006-01-02 15:04:05.999999Z")
	}
	if x, ok := v.(pgtype.Interval); ok {
		return intervalString(x)
	}
	if x, ok := v.(pgtype.Time); ok {
		return time.UnixMicro(x.Microseconds).UTC().Format("15:04:05.999999")
	}
	b, err := types.Encode(col.TypeOID, pgtype.TextFormatCode, v, nil)
	if err != nil {
		t.Fatalf("%s: encode text: %v", col.Name, err)
	}
	return string(b)
}

func intervalString(i pgtype.Interval) string {
	d := time.Duration(i.Microseconds) * time.Microsecond
	return fmt.Sprintf("%d years %d mons %d days %s", i.Months/12, i.Months%12, i.Days,
		time.Time{}.Add(d).Format("15:04:05.999999"))
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func errorAs(err error, target any) bool { return errors.As(err, target) }

// normalizeDecoded turns what pgtype decodes into an any back into the
// types the provider sends.
func normalizeDecoded(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC()
	case []any:
		return x
	}
	return v
}

// TestResultPages reads a 50,000-row result and checks that it came in
// pages of 5,000, 10,000 and then 20,000 rows, without the heap growing
// with the result.
func TestResultPages(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	rec := newRecorder(t, e.url)
	s := openTestSession(t, rec.url())
	const total = 50000
	st, err := s.Prepare(context.Background(), "SELECT x, CONCAT('row ', CAST(x AS STRING)) AS label FROM UNNEST(GENERATE_ARRAY(1, 50000)) AS x ORDER BY x")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Execute(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	// The pages hold rows 1-5000, 5001-15000, 15001-35000 and
	// 35001-50000, of which the heap and the requests are sampled in the
	// middle.
	wantPageSizes := []string{"5000", "10000", "20000", "20000"}
	pageMiddles := map[int64]bool{2500: true, 10000: true, 25000: true, 42500: true}
	var (
		count      int64
		sum        int64
		firstHeap  uint64
		maxHeap    uint64
		stats      runtime.MemStats
		pageCounts []int
	)
	for rows.Next() {
		count++
		sum += rows.Values()[0].(int64)
		if pageMiddles[count] {
			runtime.GC()
			runtime.ReadMemStats(&stats)
			if firstHeap == 0 {
				firstHeap = stats.HeapAlloc
			}
			maxHeap = max(maxHeap, stats.HeapAlloc)
			pageCounts = append(pageCounts, len(rec.requests("/queries/")))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if count != total || sum != total*(total+1)/2 {
		t.Fatalf("read %d rows summing to %d, want %d rows summing to %d", count, sum, total, total*(total+1)/2)
	}
	if tag := rows.CommandTag(); tag != "SELECT 50000" {
		t.Errorf("tag %q, want SELECT 50000", tag)
	}
	pages := 0
	for _, r := range rec.requests("/queries/") {
		if r.Query.Get("maxResults") == "0" {
			continue // the wait for the job, which returns no rows
		}
		pages++
		if got := r.Query.Get("maxResults"); pages <= len(wantPageSizes) && got != wantPageSizes[pages-1] {
			t.Errorf("page request %d asked for maxResults=%s, want %s", pages, got, wantPageSizes[pages-1])
		}
	}
	if pages != len(wantPageSizes) {
		t.Errorf("result came in %d page requests, want %d", pages, len(wantPageSizes))
	}
	// Each page is fetched when the previous one is used up.
	for i := 1; i < len(pageCounts); i++ {
		if pageCounts[i] != pageCounts[i-1]+1 {
			t.Errorf("page requests seen at each page's middle: %v, want one more each time", pageCounts)
			break
		}
	}
	if growth := int64(maxHeap) - int64(firstHeap); growth > 8<<20 {
		t.Errorf("heap grew by %d bytes while reading, want at most 8 MiB", growth)
	}
}

// TestParametersEveryScalarType binds a value of each scalar type, with
// the type given by the client, by a cast in the SQL, or by the value,
// and checks the typed parameter that reaches BigQuery and the value that
// comes back.
func TestParametersEveryScalarType(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	rec := newRecorder(t, e.url)
	s := openTestSession(t, rec.url())
	cases := []struct {
		name string
		sql  string
		oid  uint32 // the client's declared type, 0 for none
		arg  any
		// param is the parameter as the REST request carries it.
		param string
		// want is the value that comes back, as text. It is "" where the
		// emulator cannot return the type, and gap gives the reason.
		want string
		gap  string
	}{
		{name: "int8", sql: "SELECT @p1 + 1 AS v", oid: pgtype.Int8OID, arg: int64(41),
			param: `"parameterType":{"type":"INT64"},"parameterValue":{"value":"41"}`, want: "42"},
		{name: "int8 by cast", sql: "SELECT CAST(@p1 AS INT64) + 1 AS v", arg: "41",
			param: `"parameterType":{"type":"INT64"},"parameterValue":{"value":"41"}`, want: "42"},
		{name: "int8 by value", sql: "SELECT @p1 + 1 AS v", arg: int64(41),
			param: `"parameterType":{"type":"INT64"},"parameterValue":{"value":"41"}`, want: "42"},
		{name: "float8", sql: "SELECT @p1 * 2 AS v", oid: pgtype.Float8OID, arg: 1.25,
			param: `"parameterType":{"type":"FLOAT64"},"parameterValue":{"value":"1.25"}`, want: "2.5"},
		{name: "bool", sql: "SELECT NOT @p1 AS v", oid: pgtype.BoolOID, arg: true,
			param: `"parameterType":{"type":"BOOL"},"parameterValue":{"value":"true"}`, want: "f"},
		{name: "text", sql: "SELECT CONCAT(@p1, '!') AS v", arg: "héllo",
			param: `"parameterType":{"type":"STRING"},"parameterValue":{"value":"héllo"}`, want: "héllo!"},
		{name: "date", sql: "SELECT DATE_ADD(@p1, INTERVAL 1 DAY) AS v", oid: pgtype.DateOID,
			arg:   time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC),
			param: `"parameterType":{"type":"DATE"},"parameterValue":{"value":"2024-02-28"}`, want: "2024-02-29"},
		{name: "time", sql: "SELECT TIME_ADD(@p1, INTERVAL 1 SECOND) AS v", oid: pgtype.TimeOID, arg: "13:45:30.25",
			param: `"parameterType":{"type":"TIME"},"parameterValue":{"value":"13:45:30.25"}`, want: "13:45:31.25"},
		{name: "timestamptz", sql: "SELECT @p1 AS v", oid: pgtype.TimestamptzOID,
			arg:   time.Date(2024, 2, 29, 13, 45, 30, 0, time.FixedZone("", 7200)),
			param: `"parameterType":{"type":"TIMESTAMP"},"parameterValue":{"value":"2024-02-29 11:45:30+00:00"}`,
			want:  "2024-02-29 11:45:30Z"},
		{name: "timestamp", sql: "SELECT @p1 AS v", oid: pgtype.TimestampOID,
			arg:   time.Date(2024, 2, 29, 13, 45, 30, 500000000, time.UTC),
			param: `"parameterType":{"type":"DATETIME"},"parameterValue":{"value":"2024-02-29 13:45:30.5"}`,
			gap:   "the emulator reads a DATETIME parameter as a TIMESTAMP"},
		{name: "numeric", sql: "SELECT @p1 AS v", oid: pgtype.NumericOID, arg: "12.3450",
			param: `"parameterType":{"type":"NUMERIC"},"parameterValue":{"value":"12.345"}`,
			gap:   "the emulator reads a NUMERIC parameter as a STRING"},
		{name: "bignumeric", sql: "SELECT @p1 AS v", oid: pgtype.NumericOID, arg: "123456789012345678901234567890.5",
			param: `"parameterType":{"type":"BIGNUMERIC"},"parameterValue":{"value":"123456789012345678901234567890.5"}`,
			gap:   "the emulator reads a BIGNUMERIC parameter as a STRING"},
		{name: "bytea", sql: "SELECT @p1 AS v", oid: pgtype.ByteaOID, arg: []byte{1, 2, 255},
			param: `"parameterType":{"type":"BYTES"},"parameterValue":{"value":"AQL/"}`,
			gap:   "the emulator reads a BYTES parameter as a STRING"},
		{name: "interval", sql: "SELECT @p1 AS v", oid: pgtype.IntervalOID, arg: "1 day 02:00:00",
			param: `"parameterType":{"type":"INTERVAL"},"parameterValue":{"value":"0-0 1 2:0:0.000000"}`,
			gap:   "the emulator reads an INTERVAL parameter as a STRING"},
		{name: "jsonb", sql: "SELECT @p1 AS v", oid: pgtype.JSONBOID, arg: `{"k": [1, 2]}`,
			param: `"parameterType":{"type":"JSON"},"parameterValue":{"value":"{\"k\": [1, 2]}"}`,
			gap:   "the emulator reads a JSON parameter as a STRING"},
		{name: "geometry", sql: "SELECT @p1 AS v", oid: geometry.OID, arg: "0101000020E6100000000000000000F03F0000000000000040",
			param: `"parameterType":{"type":"GEOGRAPHY"},"parameterValue":{"value":"POINT(1 2)"}`,
			gap:   "the emulator reads a GEOGRAPHY parameter as a STRING"},
		{name: "null int8", sql: "SELECT @p1 AS v", oid: pgtype.Int8OID, arg: nil,
			param: `"parameterType":{"type":"INT64"},"parameterValue":{"value":null}`, want: "NULL"},
		{name: "null date", sql: "SELECT @p1 AS v", oid: pgtype.DateOID, arg: nil,
			param: `"parameterType":{"type":"DATE"},"parameterValue":{"value":null}`, want: "NULL"},
	}
	types := pgtype.NewMap()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmt, err := s.Prepare(context.Background(), c.sql)
			if err != nil {
				t.Fatal(err)
			}
			st := stmt.(*statement)
			if err := st.SetParamOIDs(context.Background(), []uint32{c.oid}); err != nil {
				t.Fatal(err)
			}
			before := len(rec.requests("/jobs"))
			res, err := s.Execute(context.Background(), st, []any{c.arg})
			if err != nil {
				t.Fatal(err)
			}
			defer res.Close()
			insert := rec.requests("/jobs")[before]
			if !strings.Contains(insert.Body, `{"name":"p1",`+c.param+`}`) {
				t.Errorf("jobs.insert sent %s, want the parameter %s", insert.Body, c.param)
			}
			if !res.Next() {
				t.Fatalf("no row: %v", res.Err())
			}
			if c.gap != "" {
				t.Logf("value not checked: %s", c.gap)
				return
			}
			col := res.(providers.ResultColumns).ResultColumns()[0]
			got := "NULL"
			if v := res.Values()[0]; v != nil {
				got = encodeText(t, types, col, v)
			}
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestSQLErrorsKeepMessage checks the SQLSTATE and message of errors that
// the emulator reports as BigQuery would.
func TestSQLErrorsKeepMessage(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	s := openTestSession(t, e.url)
	cases := []struct {
		sql, code, message string
	}{
		{"SELEC 1", "42601", "Syntax error"},
		{"SELECT * FROM shop.missing_table", "42P01", "missing_table"},
		{"SELECT nope FROM shop.cities", "42703", "Unrecognized name: nope"},
		{"SELECT id FROM shop.cities WHERE id = 'x'", "42883", "No matching signature"},
	}
	for _, c := range cases {
		_, err := s.Prepare(context.Background(), c.sql)
		var pe *providers.Error
		if !errorAs(err, &pe) {
			t.Errorf("%s: error %v, want a providers.Error", c.sql, err)
			continue
		}
		if pe.Code != c.code || !strings.Contains(pe.Message, c.message) {
			t.Errorf("%s: %s %q, want %s with %q", c.sql, pe.Code, pe.Message, c.code, c.message)
		}
	}
}

// TestCancelDuringWait cancels a statement while pgway waits for its job,
// which the recorder holds back, and checks for 57014 and jobs.cancel.
// The emulator runs each job to completion inside jobs.insert, so the
// wait is simulated by holding the request that polls for the job.
func TestCancelDuringWait(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	rec := newRecorder(t, e.url)
	s := openTestSession(t, rec.url())
	st, err := s.Prepare(context.Background(), "SELECT id FROM shop.cities")
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var held atomic.Int32
	rec.setHold(func(r *http.Request) {
		if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/queries/") {
			held.Add(1)
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	})
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		waitFor(t, "the held poll", func() bool { return held.Load() > 0 })
		cancel()
	}()
	start := time.Now()
	_, err = s.Execute(ctx, st, nil)
	var pe *providers.Error
	if !errorAs(err, &pe) || pe.Code != "57014" {
		t.Fatalf("Execute = %v, want SQLSTATE 57014", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %s", d)
	}
	cancels := rec.requests("/cancel")
	if len(cancels) != 1 || cancels[0].Method != http.MethodPost {
		t.Fatalf("jobs.cancel requests: %+v, want one POST", cancels)
	}
	inserts := rec.requests("/jobs")
	jobID := ""
	for _, r := range inserts {
		if strings.Contains(r.Body, `"jobId":"pgway_`) && !strings.Contains(r.Body, "dryRun") {
			jobID = r.Body[strings.Index(r.Body, `"jobId":"`)+9:]
			jobID = jobID[:strings.IndexByte(jobID, '"')]
		}
	}
	if jobID == "" || !strings.Contains(cancels[0].Path, "/jobs/"+jobID+"/cancel") {
		t.Errorf("cancelled %s, want the job %q", cancels[0].Path, jobID)
	}
}

// TestCancelDuringPageFetch cancels the session while a result page is
// being fetched: the rows end with 57014.
func TestCancelDuringPageFetch(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	rec := newRecorder(t, e.url)
	s := openTestSession(t, rec.url())
	st, err := s.Prepare(context.Background(), "SELECT x FROM UNNEST(GENERATE_ARRAY(1, 12000)) AS x")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Execute(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var held atomic.Int32
	rec.setHold(func(r *http.Request) {
		if r.URL.Query().Get("pageToken") != "" {
			held.Add(1)
			<-r.Context().Done()
		}
	})
	go func() {
		waitFor(t, "the held page", func() bool { return held.Load() > 0 })
		s.Cancel()
	}()
	n := 0
	for rows.Next() {
		n++
	}
	var pe *providers.Error
	if !errorAs(rows.Err(), &pe) || pe.Code != "57014" {
		t.Fatalf("rows ended with %v after %d rows, want SQLSTATE 57014", rows.Err(), n)
	}
	if n != firstPageSize {
		t.Errorf("read %d rows before the cancel, want the first page of %d", n, firstPageSize)
	}
}

// TestJobLabelsAndAuth checks the labels of every job and that each
// request went to the endpoint with the connection's token.
func TestJobLabelsAndAuth(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	rec := newRecorder(t, e.url)
	s := openTestSession(t, rec.url())
	query(t, s, "SELECT 1 AS one")
	all := rec.requests("")
	if len(all) == 0 {
		t.Fatal("no request reached the endpoint")
	}
	for _, r := range all {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("%s %s sent Authorization %q", r.Method, r.Path, got)
		}
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/jobs") {
			if !strings.Contains(r.Body, `"labels":{"pgway_connection":"test_bq","pgway_user":"alice"}`) {
				t.Errorf("job without the session's labels: %s", r.Body)
			}
		}
	}
}

// TestDescribeEmulator describes the emulator's project.
func TestDescribeEmulator(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	s := openTestSession(t, e.url)
	snap, err := s.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// shop is the session's default dataset, which clients see as public.
	if len(snap.Schemas) != 2 || snap.Schemas[0].Name != "public" || snap.Schemas[1].Name != "sales" {
		t.Fatalf("schemas %+v, want the dataset shop as public, and sales", snap.Schemas)
	}
	orders := snap.Schemas[1].Tables
	if len(orders) != 1 || len(orders[0].Columns) != 2 || orders[0].Columns[1].Type != "jsonb" {
		t.Errorf("sales tables %+v, want orders with lines as jsonb", orders)
	}
	tables := snap.Schemas[0].Tables
	if len(tables) != 2 || tables[0].Name != "all_types" || tables[1].Name != "cities" {
		t.Fatalf("tables %+v, want all_types and cities", tables)
	}
	var got []string
	for _, c := range tables[0].Columns {
		got = append(got, c.Name+" "+c.Type)
	}
	want := "id bigint,c_int bigint,c_numeric numeric(38,9),c_bignumeric numeric,c_float double precision," +
		"c_bool boolean,c_string text,c_bytes bytea,c_date date,c_time time without time zone," +
		"c_datetime timestamp without time zone,c_timestamp timestamp with time zone,c_interval interval," +
		"c_json jsonb,c_geography geometry(Geometry,4326),c_int_array bigint[],c_string_array text[],c_struct jsonb"
	if strings.Join(got, ",") != want {
		t.Errorf("columns\n%s\nwant\n%s", strings.Join(got, ","), want)
	}
	if !tables[0].Columns[0].NotNull || tables[0].Columns[1].NotNull {
		t.Error("NOT NULL is not taken from the REQUIRED mode")
	}
}

// TestArrayOfStructAsJSONB reads an ARRAY of STRUCT, which is sent as a
// jsonb array of objects. It is built in the query, since the emulator's
// data loader drops REPEATED from RECORD columns.
func TestArrayOfStructAsJSONB(t *testing.T) {
	e := startEmulator(t, "types.yaml")
	s := openTestSession(t, e.url)
	st, rows, _ := query(t, s, "SELECT [STRUCT(2 AS qty, 'a' AS sku), STRUCT(1, 'b')] AS lines")
	if col := st.Columns()[0]; col.TypeOID != pgtype.JSONBOID {
		t.Fatalf("lines has type OID %d, want jsonb", col.TypeOID)
	}
	want := `[{"qty": 2, "sku": "a"}, {"qty": 1, "sku": "b"}]`
	if len(rows) != 1 || rows[0][0] != want {
		t.Errorf("rows %q, want %s", rows, want)
	}
}
