package proxy

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

func TestWithoutIgnoredFields(t *testing.T) {
	cases := []struct {
		oid      uint32
		in, want string
		ok       bool
	}{
		{pgtype.TimestampOID, "2023-12-31 23:59:59.000001-05", "2023-12-31 23:59:59.000001", true},
		{pgtype.TimestampOID, "2023-12-31 23:59:59+05:30", "2023-12-31 23:59:59", true},
		{pgtype.TimestampOID, "2023-12-31 23:59:59Z", "2023-12-31 23:59:59", true},
		{pgtype.TimestampOID, "0044-03-15 12:00:00+01 BC", "0044-03-15 12:00:00 BC", true},
		{pgtype.TimestampOID, "2023-12-31", "", false},
		{pgtype.DateOID, "2023-12-31 23:59:59-05", "2023-12-31", true},
		{pgtype.DateOID, "0044-03-15 12:00:00 BC", "0044-03-15 BC", true},
		{pgtype.DateOID, "2023-12-31", "", false},
	}
	for _, c := range cases {
		got, ok := withoutIgnoredFields(c.oid, []byte(c.in))
		if ok != c.ok || string(got) != c.want {
			t.Errorf("withoutIgnoredFields(%d, %q) = %q, %v; want %q, %v", c.oid, c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestInLocationAtZoneChanges resolves wall times around daylight saving
// time changes as PostgreSQL 15 does.
func TestInLocationAtZoneChanges(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	lordHowe, err := time.LoadLocation("Australia/Lord_Howe")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		loc        *time.Location
		wall, want string
	}{
		{newYork, "2024-03-10 02:30:00", "2024-03-10 03:30:00-04"}, // skipped
		{newYork, "2024-11-03 01:30:00", "2024-11-03 01:30:00-05"}, // twice
		{newYork, "2024-07-01 12:00:00.25", "2024-07-01 12:00:00.25-04"},
		{lordHowe, "2024-04-07 01:45:00", "2024-04-07 01:45:00+10:30"}, // twice
		{lordHowe, "2024-10-06 02:15:00", "2024-10-06 02:45:00+11"},    // skipped
	}
	for _, c := range cases {
		wall, err := time.Parse("2006-01-02 15:04:05.999999", c.wall)
		if err != nil {
			t.Fatal(err)
		}
		if got := formatTimestamptz(inLocation(wall, c.loc), c.loc); got != c.want {
			t.Errorf("%s in %s = %s, want %s", c.wall, c.loc, got, c.want)
		}
	}
}

func TestNumberParamInput(t *testing.T) {
	cases := []struct {
		oid       uint32
		text      string
		want      any
		errorCode string
	}{
		{pgtype.Int4OID, " 12 ", int64(12), ""},
		{pgtype.Int4OID, "-2147483648", int64(-2147483648), ""},
		{pgtype.Int4OID, "2147483648", nil, "22003"},
		{pgtype.Int2OID, "70000", nil, "22003"},
		{pgtype.Int8OID, "99999999999999999999", nil, "22003"},
		{pgtype.Int4OID, "1.5", nil, "22P02"},
		{pgtype.Int4OID, "x", nil, "22P02"},
		{pgtype.Float8OID, " 1.5 ", 1.5, ""},
		{pgtype.Float8OID, "-Infinity", math.Inf(-1), ""},
		{pgtype.Float4OID, "1e-50", nil, "22003"},
		{pgtype.Float8OID, "1e400", nil, "22003"},
		{pgtype.Float8OID, "0.0e-500", 0.0, ""},
		{pgtype.Float8OID, "one", nil, "22P02"},
	}
	for _, c := range cases {
		var got any
		var err error
		if c.oid == pgtype.Float4OID || c.oid == pgtype.Float8OID {
			got, err = floatInput(c.oid, c.text)
		} else {
			got, err = integerInput(c.oid, c.text)
		}
		var pgErr *pgError
		switch {
		case c.errorCode != "" && (!errors.As(err, &pgErr) || pgErr.Code != c.errorCode):
			t.Errorf("input %q of type %d: error %v, want SQLSTATE %s", c.text, c.oid, err, c.errorCode)
		case c.errorCode == "" && (err != nil || got != c.want):
			t.Errorf("input %q of type %d = %v, %v; want %v", c.text, c.oid, got, err, c.want)
		}
	}
}
