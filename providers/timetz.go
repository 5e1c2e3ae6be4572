package providers

import (
	"fmt"
	"strings"
)

// TimeTZ is a value of PostgreSQL's timetz: a time of day and the UTC
// offset it was written with.
type TimeTZ struct {
	// Microseconds is the time since midnight, in the offset's local time.
	Microseconds int64
	// Offset is the offset east of UTC in seconds: 7200 for +02.
	Offset int32
}

// String formats t as PostgreSQL 15's timetz output with DateStyle ISO,
// such as 12:34:56.5-03:30. The offset shows minutes and seconds only
// when they are not zero.
func (t TimeTZ) String() string {
	var b strings.Builder
	micros := t.Microseconds
	fmt.Fprintf(&b, "%02d:%02d:%02d", micros/3_600_000_000, micros/60_000_000%60, micros/1_000_000%60)
	if frac := micros % 1_000_000; frac != 0 {
		b.WriteString(strings.TrimRight(fmt.Sprintf(".%06d", frac), "0"))
	}
	offset := t.Offset
	sign := byte('+')
	if offset < 0 {
		sign, offset = '-', -offset
	}
	b.WriteByte(sign)
	fmt.Fprintf(&b, "%02d", offset/3600)
	if rest := offset % 3600; rest != 0 {
		fmt.Fprintf(&b, ":%02d", rest/60)
		if rest%60 != 0 {
			fmt.Fprintf(&b, ":%02d", rest%60)
		}
	}
	return b.String()
}

// Value returns the text of t, which JSON encoders of nested values write.
func (t TimeTZ) Value() (any, error) { return t.String(), nil }
