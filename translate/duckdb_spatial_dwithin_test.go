package translate

import (
	"errors"
	"strings"
	"testing"
)

func TestSpatialJoinDWithinBoxes(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: spatialJoinRelations})
	cases := []struct {
		sql   string
		boxes bool
	}{
		{"select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, 0.1)", true},
		{"select count(*) from cities a, countries k where st_dwithin(k.geom, a.geom, 2)", true},
		{"select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, '0.5'::float8)", true},
		{"select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, 0)", true},
		// A negative distance raises PostGIS's error, which the box test
		// would hide, and a distance that is not a constant may be one.
		{"select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, -1)", false},
		{"select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, length(a.name))", false},
		{"select count(*) from cities a join cities b on st_dwithin(a.geom, b.geom, 0.1) or a.name = b.name", false},
	}
	for _, c := range cases {
		st, err := New(1).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if st[0].Err != nil {
			t.Fatalf("%s: %v", c.sql, st[0].Err)
		}
		if got := strings.Contains(st[0].Rewritten, "nextafter("); got != c.boxes {
			t.Errorf("%s: widened boxes = %v, want %v\n%s", c.sql, got, c.boxes, st[0].Rewritten)
		}
	}
}

func TestDWithinGeographyUnsupported(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: spatialJoinRelations})
	for _, sql := range []string{
		"select st_dwithin(a.geom::geography, b.geom::geography, 1000) from cities a, cities b",
		"select st_dwithin(a.geom, b.geom, 1000, true) from cities a, cities b",
	} {
		st, err := New(1).Translate(d, sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		var e *Error
		if !errors.As(st[0].Err, &e) || e.Code != CodeFeatureNotSupported {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, st[0].Err)
			continue
		}
		if !strings.Contains(e.Message, "ST_DWithin") && !strings.Contains(e.Message, "geography") {
			t.Errorf("%s: message %q names neither ST_DWithin nor geography", sql, e.Message)
		}
	}
}
