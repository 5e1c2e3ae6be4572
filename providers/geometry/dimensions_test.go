package geometry

import (
	"encoding/hex"
	"testing"
)

func TestCheckTwoDimensional(t *testing.T) {
	cases := []struct {
		name, wkb string
		zm        bool
	}{
		{"2D point", "0101000000000000000000F03F0000000000000040", false},
		{"EWKB point with SRID", "0101000020E6100000000000000000F03F0000000000000040", false},
		{"ISO point Z", "01E9030000000000000000F03F00000000000000400000000000000840", true},
		{"ISO point M", "01D1070000000000000000F03F00000000000000400000000000000840", true},
		{"EWKB point Z", "0101000080000000000000F03F00000000000000400000000000000840", true},
		{"EWKB empty linestring M", "0102000040000000000000", true},
		// A 2D collection whose second member is an ISO POINT M.
		{"collection with point M", "010700000002000000" +
			"0101000000000000000000F03F0000000000000040" +
			"01D1070000000000000000F03F00000000000000400000000000000840", true},
		{"2D polygon", "010300000001000000040000000000000000000000000000000000000000000000000000000000000000" +
			"00F03F000000000000F03F00000000000000000000000000000000000000000000000000", false},
		{"truncated", "01020000000500000000", false},
	}
	for _, c := range cases {
		data, err := hex.DecodeString(c.wkb)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = CheckTwoDimensional(data)
		if got := err != nil; got != c.zm {
			t.Errorf("%s: CheckTwoDimensional = %v, want an error: %v", c.name, err, c.zm)
		}
		if _, _, err := FromWKB(data); c.zm && err != errZM {
			t.Errorf("%s: FromWKB error %v, want %v", c.name, err, errZM)
		}
	}
}
