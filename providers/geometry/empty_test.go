package geometry

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestMarshalWKBEmptyPoints(t *testing.T) {
	goNaN := orb.Point{math.NaN(), math.NaN()}
	shared := orb.MultiPoint{{1, 2}, goNaN}
	cases := []struct {
		name  string
		g     orb.Geometry
		order binary.ByteOrder
		want  string
	}{
		{"point", goNaN, binary.LittleEndian, "0101000000000000000000f87f000000000000f87f"},
		{"point big-endian", goNaN, binary.BigEndian, "00000000017ff80000000000007ff8000000000000"},
		{"multipoint member", shared, binary.LittleEndian,
			"0104000000020000000101000000000000000000f03f00000000000000400101000000000000000000f87f000000000000f87f"},
		{"collection member", orb.Collection{goNaN}, binary.LittleEndian,
			"0107000000010000000101000000000000000000f87f000000000000f87f"},
	}
	for _, c := range cases {
		data, err := MarshalWKB(c.g, c.order)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := hex.EncodeToString(data); got != c.want {
			t.Errorf("%s: WKB %s, want %s", c.name, got, c.want)
		}
	}
	if math.Float64bits(shared[1][0]) != math.Float64bits(math.NaN()) {
		t.Errorf("MarshalWKB changed its argument's point to %x", math.Float64bits(shared[1][0]))
	}
}

func TestToEWKBEmptyPointBits(t *testing.T) {
	cases := []struct {
		name, wkb, want string
	}{
		{"go NaN", "0101000000010000000000f87f010000000000f87f", "0101000000000000000000f87f000000000000f87f"},
		{"go NaN big-endian", "00000000017ff80000000000017ff8000000000001", "00000000017ff80000000000007ff8000000000000"},
		{"PostGIS NaN", "0101000000000000000000f87f000000000000f87f", "0101000000000000000000f87f000000000000f87f"},
		{"one NaN", "0101000000010000000000f87f0000000000000040", "0101000000010000000000f87f0000000000000040"},
	}
	for _, c := range cases {
		data, err := hex.DecodeString(c.wkb)
		if err != nil {
			t.Fatal(err)
		}
		out, err := ToEWKB(data, 0)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := hex.EncodeToString(out); got != c.want {
			t.Errorf("%s: EWKB %s, want %s", c.name, got, c.want)
		}
	}
}
