package proxy

import (
	"encoding/hex"
	"testing"
)

func TestStripNumericZeros(t *testing.T) {
	cases := []struct{ in, want string }{
		// 0.00: no digits, weight 0, dscale 2.
		{"0001ffff000000020000", "0000000000000002"},
		// 100.00: the trailing group goes.
		{"000200000000000200640000", "00010000000000020064"},
		// -100.00 keeps its sign.
		{"000200004000000200640000", "00010000400000020064"},
		// 1e-20: the leading groups go and lower the weight.
		{"0005ffff0000001400000000000000000001", "0001fffb000000140001"},
		// Already stripped, NaN and a malformed value stay as they are.
		{"0003000100000003000109291a7c", "0003000100000003000109291a7c"},
		{"00000000c0000000", "00000000c0000000"},
		{"0002000000000000", "0002000000000000"},
	}
	for _, c := range cases {
		in, err := hex.DecodeString(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(stripNumericZeros(in)); got != c.want {
			t.Errorf("stripNumericZeros(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}
