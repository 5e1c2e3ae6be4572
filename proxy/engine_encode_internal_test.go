package proxy

import (
	"testing"

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
