package snowflake

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/internal/snowflakeemu"
	"pgway/providers"
	"pgway/providers/geometry"
)

const fixture = `
CREATE TABLE ALL_TYPES (
  ID NUMBER(9,0) NOT NULL COMMENT 'row id',
  BIG NUMBER(38,0),
  PRICE NUMBER(10,2),
  RATIO FLOAT,
  NAME TEXT,
  CODE VARCHAR(8),
  FLAG BOOLEAN,
  DAY DATE,
  AT_TIME TIME,
  NTZ TIMESTAMP_NTZ,
  LTZ TIMESTAMP_LTZ,
  TZ TIMESTAMP_TZ,
  BYTES BINARY,
  DOC VARIANT,
  OBJ OBJECT,
  ARR ARRAY,
  PLACE GEOGRAPHY,
  SHAPE GEOMETRY,
  EMBEDDING VECTOR(FLOAT, 3),
  COUNTS VECTOR(INT, 2)
) COMMENT = 'one column of each type';
INSERT INTO ALL_TYPES VALUES (1, 12345678901234567890123, 12.34, 1.5, 'it''s', 'abc', TRUE,
  '2024-02-29', '13:14:15.123456', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.5+00',
  '2024-02-29 13:14:15+00', TO_BINARY('0102', 'HEX'), '{"a": [1, 2.5]}', '{"k": "v"}', '[1, "two"]',
  'POINT(1 2)', 'LINESTRING(0 0, 1 1)', [1.5, 2, 3], [7, 8]);
INSERT INTO ALL_TYPES (ID) VALUES (2);
CREATE TABLE CASES ("lower" NUMBER(9,0), UPPER NUMBER(9,0), "MixedCase" NUMBER(9,0));
INSERT INTO CASES VALUES (1, 2, 3);
`

// startEmulator starts an emulator with the fixture and returns a
// connection to it.
func startEmulator(t testing.TB, opts snowflakeemu.Options) (*snowflakeemu.Emulator, *config.Connection) {
	t.Helper()
	emu, err := snowflakeemu.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if err := emu.Exec(fixture); err != nil {
		t.Fatal(err)
	}
	conn := &config.Connection{Name: "sf_test", ProviderID: "snowflake", Config: config.ConnectionConfig{
		Type: "snowflake_account",
		Credentials: map[string]string{
			"account": "emulator", "username": emu.User(), "password": emu.Password(),
			"database": emu.Database(), "warehouse": "WH", "host": emu.Host(),
			"port": strconv.Itoa(emu.Port()), "protocol": "http",
		},
	}}
	return emu, conn
}

func openSession(t testing.TB, conn *config.Connection) providers.Session {
	t.Helper()
	s, err := providers.Open(providers.WithUser(context.Background(), "alice"), conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// query runs sql and returns its columns and rows.
func query(t testing.TB, s providers.Session, sql string, args ...any) ([]providers.Column, [][]any) {
	t.Helper()
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		t.Fatalf("prepare %s: %v", sql, err)
	}
	rows, err := s.Execute(ctx, st, args)
	if err != nil {
		t.Fatalf("execute %s: %v", sql, err)
	}
	defer rows.Close()
	var all [][]any
	for rows.Next() {
		all = append(all, append([]any(nil), rows.Values()...))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read %s: %v", sql, err)
	}
	columns := st.Columns()
	if rc, ok := rows.(providers.ResultColumns); ok {
		columns = rc.ResultColumns()
	}
	return columns, all
}

func TestTypesFromEmulator(t *testing.T) {
	_, conn := startEmulator(t, snowflakeemu.Options{})
	s := openSession(t, conn)
	columns, rows := query(t, s, "SELECT * FROM ALL_TYPES ORDER BY ID")
	if len(rows) != 2 {
		t.Fatalf("got %d rows, want 2", len(rows))
	}
	wantOIDs := map[string]uint32{
		"id": pgtype.Int8OID, "big": pgtype.NumericOID, "price": pgtype.NumericOID,
		"ratio": pgtype.Float8OID, "name": pgtype.TextOID, "code": pgtype.VarcharOID,
		"flag": pgtype.BoolOID, "day": pgtype.DateOID, "at_time": pgtype.TimeOID,
		"ntz": pgtype.TimestampOID, "ltz": pgtype.TimestamptzOID, "tz": pgtype.TimestamptzOID,
		"bytes": pgtype.ByteaOID, "doc": pgtype.JSONBOID, "obj": pgtype.JSONBOID, "arr": pgtype.JSONBOID,
		"place": geometry.OID, "shape": geometry.OID,
		"embedding": pgtype.Float8ArrayOID, "counts": pgtype.Int4ArrayOID,
	}
	if len(columns) != len(wantOIDs) {
		t.Fatalf("got %d columns, want %d", len(columns), len(wantOIDs))
	}
	for _, c := range columns {
		if want, ok := wantOIDs[c.Name]; !ok || c.TypeOID != want {
			t.Errorf("column %q has type OID %d, want %d", c.Name, c.TypeOID, want)
		}
	}
	if c := columns[2]; c.TypeModifier != (10<<16|2)+4 {
		t.Errorf("price typmod = %d, want numeric(10,2)", c.TypeModifier)
	}
	if c := columns[5]; c.TypeModifier != 8+4 {
		t.Errorf("code typmod = %d, want varchar(8)", c.TypeModifier)
	}

	row := rows[0]
	big123, _ := new(big.Int).SetString("12345678901234567890123", 10)
	check := func(i int, want any) {
		t.Helper()
		if got := row[i]; !equal(got, want) {
			t.Errorf("column %s = %#v, want %#v", columns[i].Name, got, want)
		}
	}
	check(0, int64(1))
	check(1, pgtype.Numeric{Int: big123, Exp: 0, Valid: true})
	check(2, pgtype.Numeric{Int: big.NewInt(1234), Exp: -2, Valid: true})
	check(3, 1.5)
	check(4, "it's")
	check(5, "abc")
	check(6, true)
	check(7, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC))
	check(8, pgtype.Time{Microseconds: (13*3600+14*60+15)*1e6 + 123456, Valid: true})
	check(9, time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC))
	check(10, time.Date(2024, 2, 29, 13, 14, 15, 500000000, time.UTC))
	check(11, time.Date(2024, 2, 29, 13, 14, 15, 0, time.UTC))
	check(12, []byte{1, 2})
	check(13, `{"a": [1, 2.5]}`)
	check(14, `{"k": "v"}`)
	check(15, `[1, "two"]`)
	check(18, []float64{1.5, 2, 3})
	check(19, []int32{7, 8})
	point, err := geometry.ToEWKB([]byte{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40}, 4326)
	if err != nil {
		t.Fatal(err)
	}
	check(16, point)
	for i, v := range rows[1][1:] {
		if v != nil {
			t.Errorf("column %s of the row of NULLs = %#v, want NULL", columns[i+1].Name, v)
		}
	}
}

// equal compares decoded values, comparing times as instants.
func equal(got, want any) bool {
	switch w := want.(type) {
	case time.Time:
		g, ok := got.(time.Time)
		return ok && g.Equal(w)
	case pgtype.Numeric:
		g, ok := got.(pgtype.Numeric)
		return ok && g.Valid && g.Int.Cmp(w.Int) == 0 && g.Exp == w.Exp
	case []byte:
		g, ok := got.([]byte)
		return ok && string(g) == string(w)
	case []float64:
		g, ok := got.([]float64)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range g {
			if g[i] != w[i] {
				return false
			}
		}
		return true
	case []int32:
		g, ok := got.([]int32)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range g {
			if g[i] != w[i] {
				return false
			}
		}
		return true
	}
	return got == want
}

func TestIdentifierCase(t *testing.T) {
	_, conn := startEmulator(t, snowflakeemu.Options{})
	s := openSession(t, conn)
	columns, rows := query(t, s, `SELECT "lower", UPPER, upper AS again, "MixedCase" FROM CASES`)
	wantNames := []string{"lower", "upper", "again", "MixedCase"}
	for i, c := range columns {
		if c.Name != wantNames[i] {
			t.Errorf("column %d is named %q, want %q", i, c.Name, wantNames[i])
		}
	}
	if len(rows) != 1 || rows[0][0] != int64(1) || rows[0][1] != int64(2) || rows[0][3] != int64(3) {
		t.Errorf("rows = %v, want [[1 2 2 3]]", rows)
	}
	for _, sql := range []string{`SELECT lower FROM CASES`, `SELECT "upper" FROM CASES`, `SELECT MixedCase FROM CASES`} {
		st, err := s.Prepare(context.Background(), sql)
		if err == nil {
			st.Close()
			t.Errorf("%s: no error, want invalid identifier", sql)
			continue
		}
		var pe *providers.Error
		if !errors.As(err, &pe) || pe.Code != "42000" || !strings.Contains(pe.Message, "invalid identifier") {
			t.Errorf("%s: error %v, want 42000 invalid identifier", sql, err)
		}
	}
}

func TestParameters(t *testing.T) {
	_, conn := startEmulator(t, snowflakeemu.Options{})
	s := openSession(t, conn)
	for _, sql := range []string{"SELECT ID, NAME FROM ALL_TYPES WHERE ID = ? AND NAME = ?",
		"SELECT ID, NAME FROM ALL_TYPES WHERE ID = :1 AND NAME = :2"} {
		_, rows := query(t, s, sql, int64(1), "it's")
		if len(rows) != 1 || rows[0][0] != int64(1) {
			t.Errorf("%s: rows %v, want one row with id 1", sql, rows)
		}
	}
}

func TestSQLErrorKeepsSQLState(t *testing.T) {
	_, conn := startEmulator(t, snowflakeemu.Options{})
	s := openSession(t, conn)
	_, err := s.Prepare(context.Background(), "SELECT * FROM NO_SUCH_TABLE")
	var pe *providers.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a providers.Error", err)
	}
	if pe.Code != "42S02" {
		t.Errorf("SQLSTATE %s, want 42S02", pe.Code)
	}
	if !strings.Contains(pe.Message, "Object 'NO_SUCH_TABLE' does not exist or not authorized.") {
		t.Errorf("message %q lacks Snowflake's message", pe.Message)
	}
}

func TestWrongPassword(t *testing.T) {
	_, conn := startEmulator(t, snowflakeemu.Options{Password: "right-secret"})
	conn.Config.Credentials["password"] = "wrong-secret-value"
	_, err := providers.Open(context.Background(), conn)
	var pe *providers.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a providers.Error", err)
	}
	if pe.Code != "28P01" || pe.Hint == "" {
		t.Errorf("error %+v, want 28P01 with a hint", pe)
	}
	for _, text := range []string{pe.Error(), pe.Message, pe.Detail, pe.Hint, err.Error()} {
		if strings.Contains(text, "wrong-secret-value") || strings.Contains(text, "right-secret") {
			t.Errorf("error text %q contains a password", text)
		}
	}
}

func TestCancel(t *testing.T) {
	emu, conn := startEmulator(t, snowflakeemu.Options{AsyncAfter: 100 * time.Millisecond})
	emu.Delay("SLOW_MARKER", time.Minute)
	s := openSession(t, conn)
	st, err := s.Prepare(context.Background(), "SELECT 1 AS SLOW_MARKER")
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(500*time.Millisecond, s.Cancel)
	start := time.Now()
	_, err = s.Execute(context.Background(), st, nil)
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Code != "57014" {
		t.Fatalf("error %v, want 57014", err)
	}
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("cancel took %v", elapsed)
	}
	if emu.Stats().Aborts == 0 {
		t.Error("the emulator received no abort request")
	}
	// The session still works.
	if _, rows := query(t, s, "SELECT 2 AS TWO"); len(rows) != 1 {
		t.Errorf("rows after cancel = %v", rows)
	}
}

func TestQueryTag(t *testing.T) {
	emu, conn := startEmulator(t, snowflakeemu.Options{})
	s := openSession(t, conn)
	query(t, s, "SELECT 1 AS ONE")
	tags := emu.QueryTags()
	if len(tags) == 0 || tags[len(tags)-1] != "pgway user=alice connection=sf_test" {
		t.Errorf("query tags %q, want the user and connection", tags)
	}
}

func TestStreamingChunks(t *testing.T) {
	emu, conn := startEmulator(t, snowflakeemu.Options{ChunkRows: 2000})
	s := openSession(t, conn)
	ctx := context.Background()
	st, err := s.Prepare(ctx, "SELECT RANGE::NUMBER(18,0) AS N, 'row ' || RANGE AS LABEL FROM RANGE(50000)")
	if err != nil {
		t.Fatal(err)
	}
	before := emu.Stats().ChunkRequests
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int64
	for rows.Next() {
		if got := rows.Values()[0]; got != n {
			t.Fatalf("row %d has n = %v", n, got)
		}
		n++
		if n%2000 == 0 {
			// Chunk 0 is inline; chunk k holds rows 2000k to 2000k+1999.
			time.Sleep(time.Millisecond)
			read := emu.Stats().ChunkRequests - before
			if limit := n/2000 + prefetchChunks + 1; read > limit {
				t.Fatalf("after %d rows the provider requested %d chunks, more than %d", n, read, limit)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 50000 {
		t.Errorf("read %d rows, want 50000", n)
	}
	if got := emu.Stats().ChunkRequests - before; got != 24 {
		t.Errorf("chunk requests = %d, want 24 (25 chunks, the first inline)", got)
	}
	if rows.CommandTag() != "SELECT 50000" {
		t.Errorf("tag %q", rows.CommandTag())
	}
}

func TestDescribe(t *testing.T) {
	emu, conn := startEmulator(t, snowflakeemu.Options{})
	err := emu.Exec(`CREATE TABLE SITES (REGION TEXT, ID NUMBER(9,0), NAME TEXT, PRIMARY KEY (ID, REGION));
		CREATE TABLE INLINE_KEY (K TEXT PRIMARY KEY, V TEXT)`)
	if err != nil {
		t.Fatal(err)
	}
	s := openSession(t, conn)
	snapshot, err := s.(providers.Introspector).Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var public *providers.Schema
	for i := range snapshot.Schemas {
		if snapshot.Schemas[i].Name == "public" {
			public = &snapshot.Schemas[i]
		}
	}
	if public == nil {
		t.Fatalf("no schema public in %+v", snapshot.Schemas)
	}
	tables := map[string]providers.Table{}
	for _, table := range public.Tables {
		tables[table.Name] = table
	}
	all, ok := tables["all_types"]
	if !ok || all.Comment != "one column of each type" {
		t.Fatalf("table all_types = %+v", all)
	}
	want := map[string]string{
		"id": "bigint", "big": "numeric(38,0)", "price": "numeric(10,2)", "ratio": "double precision",
		"name": "text", "code": "character varying(8)", "ntz": "timestamp without time zone",
		"tz": "timestamp with time zone", "doc": "jsonb", "place": "geometry(Geometry,4326)",
		"embedding": "double precision[]", "counts": "integer[]",
	}
	for _, c := range all.Columns {
		if w, ok := want[c.Name]; ok && c.Type != w {
			t.Errorf("column %s has type %q, want %q", c.Name, c.Type, w)
		}
		if c.Name == "id" && (!c.NotNull || c.Comment != "row id") {
			t.Errorf("column id = %+v, want NOT NULL with comment", c)
		}
	}
	var names []string
	for _, c := range tables["cases"].Columns {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "lower,upper,MixedCase" {
		t.Errorf("columns of cases = %v", names)
	}
	keys := map[string]string{"sites": "id,region", "inline_key": "k", "all_types": "", "cases": ""}
	for name, want := range keys {
		if got := strings.Join(tables[name].PrimaryKey, ","); got != want {
			t.Errorf("primary key of %s = %q, want %q", name, got, want)
		}
	}
}

func TestKeyPairLogin(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, conn := startEmulator(t, snowflakeemu.Options{PublicKey: &key.PublicKey})
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	creds := conn.Config.Credentials
	delete(creds, "password")
	creds["private_key"] = string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	conn.Config.Type = "snowflake_key_pair"
	s := openSession(t, conn)
	if _, rows := query(t, s, "SELECT 1 AS ONE"); len(rows) != 1 {
		t.Errorf("rows = %v", rows)
	}

	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	creds["private_key"] = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(other)}))
	_, err = providers.Open(context.Background(), conn)
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Code != "28P01" {
		t.Errorf("login with another key: %v, want 28P01", err)
	}
	if strings.Contains(err.Error(), "PRIVATE KEY") {
		t.Errorf("error %q shows the key", err)
	}
}

func TestOAuthLogin(t *testing.T) {
	_, conn := startEmulator(t, snowflakeemu.Options{OAuthToken: "oauth-token-value"})
	creds := conn.Config.Credentials
	delete(creds, "password")
	delete(creds, "username")
	creds["token"] = "oauth-token-value"
	conn.Config.Type = "snowflake_oauth"
	s := openSession(t, conn)
	if _, rows := query(t, s, "SELECT 1 AS ONE"); len(rows) != 1 {
		t.Errorf("rows = %v", rows)
	}
	creds["token"] = "expired-token-value"
	_, err := providers.Open(context.Background(), conn)
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Code != "28P01" {
		t.Errorf("login with a wrong token: %v, want 28P01", err)
	}
	if strings.Contains(err.Error(), "token-value") {
		t.Errorf("error %q shows the token", err)
	}
}

func TestHTTPNeedsHost(t *testing.T) {
	conn := &config.Connection{Name: "x", ProviderID: "snowflake", Config: config.ConnectionConfig{
		Type: "snowflake_account", Credentials: map[string]string{"account": "a", "username": "u",
			"password": "p", "database": "d", "warehouse": "w", "protocol": "http"}}}
	_, err := providers.Open(context.Background(), conn)
	var pe *providers.Error
	if !errors.As(err, &pe) || pe.Code != "08001" {
		t.Errorf("error %v, want 08001", err)
	}
}

func TestPinnedTransportRejectsOtherHosts(t *testing.T) {
	transport := pinnedTransport{address: "127.0.0.1:1"}
	request, err := http.NewRequest(http.MethodGet, "http://169.254.169.254/latest/meta-data", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := transport.RoundTrip(request); err == nil {
		t.Error("a request to another host was sent")
	}
}

// TestShowPrimaryKeys checks the emulator's SHOW PRIMARY KEYS, whose
// columns Describe reads by position.
func TestShowPrimaryKeys(t *testing.T) {
	emu, conn := startEmulator(t, snowflakeemu.Options{})
	err := emu.Exec(`CREATE TABLE SITES (REGION TEXT, ID NUMBER(9,0), PRIMARY KEY (ID, REGION));
		CREATE SCHEMA OTHER; CREATE TABLE OTHER.T (K TEXT PRIMARY KEY)`)
	if err != nil {
		t.Fatal(err)
	}
	s := openSession(t, conn)
	cases := []struct{ sql, want string }{
		{"SHOW PRIMARY KEYS IN TABLE SITES", "PUBLIC.SITES.ID 1|PUBLIC.SITES.REGION 2"},
		{"show terse primary keys in sites", "PUBLIC.SITES.ID 1|PUBLIC.SITES.REGION 2"},
		{"SHOW PRIMARY KEYS", "PUBLIC.SITES.ID 1|PUBLIC.SITES.REGION 2"},
		{"SHOW PRIMARY KEYS IN SCHEMA OTHER", "OTHER.T.K 1"},
		{"SHOW PRIMARY KEYS IN DATABASE", "OTHER.T.K 1|PUBLIC.SITES.ID 1|PUBLIC.SITES.REGION 2"},
		{"SHOW PRIMARY KEYS IN TABLE CASES", ""},
	}
	for _, c := range cases {
		columns, rows := query(t, s, c.sql)
		if len(columns) != 9 || columns[4].Name != "column_name" || columns[5].Name != "key_sequence" {
			t.Fatalf("%s: columns %+v", c.sql, columns)
		}
		var got []string
		for _, row := range rows {
			sequence, _ := row[5].(pgtype.Numeric)
			got = append(got, fmt.Sprintf("%v.%v.%v %v", row[2], row[3], row[4], sequence.Int))
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%s = %q, want %q", c.sql, strings.Join(got, "|"), c.want)
		}
	}
	st, err := s.Prepare(context.Background(), "SHOW PRIMARY KEYS IN COLUMN X")
	if err == nil {
		_, err = s.Execute(context.Background(), st, nil)
	}
	if err == nil {
		t.Errorf("SHOW PRIMARY KEYS IN COLUMN X: no error")
	}
}
