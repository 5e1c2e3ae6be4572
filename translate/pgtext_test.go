package translate

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// pgText formats a value that the DuckDB driver returned as PostgreSQL's
// text output of the matching type. It stands in for the DuckDB provider's
// encoder, which pgway's wire tests check; this one covers what the corpus
// returns.
func pgText(v any, dbType string) string {
	switch v := v.(type) {
	case nil:
		return nullText
	case bool:
		if v {
			return "t"
		}
		return "f"
	case float64:
		return formatFloat(v, 64)
	case float32:
		return formatFloat(float64(v), 32)
	case duckdb.Decimal:
		return formatDecimal(v)
	case *big.Int:
		return v.String()
	case time.Time:
		return formatTimeValue(v, dbType)
	case duckdb.Interval:
		return formatInterval(v)
	case []byte:
		return `\x` + hex.EncodeToString(v)
	case []any:
		return formatList(v, strings.TrimSuffix(dbType, "[]"))
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// formatFloat writes the shortest exact form, with an exponent outside
// 1e-4 <= |v| < 1e15 as PostgreSQL 15 does.
func formatFloat(v float64, bits int) string {
	switch {
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	case math.IsNaN(v):
		return "NaN"
	}
	abs := math.Abs(v)
	if v == 0 || (abs >= 1e-4 && abs < 1e15) {
		return strconv.FormatFloat(v, 'f', -1, bits)
	}
	s := strconv.FormatFloat(v, 'e', -1, bits)
	mantissa, exp, _ := strings.Cut(s, "e")
	sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
	if len(digits) < 2 {
		digits = fmt.Sprintf("%02s", digits)
	}
	return mantissa + "e" + sign + digits
}

func formatDecimal(d duckdb.Decimal) string {
	s := new(big.Int).Abs(d.Value).String()
	scale := int(d.Scale)
	for len(s) <= scale {
		s = "0" + s
	}
	if scale > 0 {
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if d.Value.Sign() < 0 {
		s = "-" + s
	}
	return s
}

func formatTimeValue(t time.Time, dbType string) string {
	frac := ""
	if t.Nanosecond() != 0 {
		frac = strings.TrimRight(fmt.Sprintf(".%06d", t.Nanosecond()/1000), "0")
	}
	switch dbType {
	case "DATE":
		return formatYear(t) + t.Format("-01-02")
	case "TIME":
		return t.Format("15:04:05") + frac
	case "TIMESTAMPTZ":
		return formatYear(t) + t.Format("-01-02 15:04:05") + frac + "+00"
	}
	return formatYear(t) + t.Format("-01-02 15:04:05") + frac
}

func formatYear(t time.Time) string {
	return fmt.Sprintf("%04d", t.Year())
}

// formatInterval writes PostgreSQL's postgres IntervalStyle.
func formatInterval(iv duckdb.Interval) string {
	var parts []string
	years, months := iv.Months/12, iv.Months%12
	add := func(n int32, unit string) {
		if n == 0 {
			return
		}
		if n != 1 && n != -1 {
			unit += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, unit))
	}
	add(years, "year")
	add(months, "mon")
	add(iv.Days, "day")
	if iv.Micros != 0 || len(parts) == 0 {
		micros := iv.Micros
		sign := ""
		if micros < 0 {
			sign, micros = "-", -micros
		}
		secs := micros / 1e6
		clock := fmt.Sprintf("%s%02d:%02d:%02d", sign, secs/3600, secs%3600/60, secs%60)
		if rest := micros % 1e6; rest != 0 {
			clock += strings.TrimRight(fmt.Sprintf(".%06d", rest), "0")
		}
		parts = append(parts, clock)
	}
	return strings.Join(parts, " ")
}

func formatList(items []any, elemType string) string {
	out := make([]string, len(items))
	for i, item := range items {
		s := pgText(item, elemType)
		switch {
		case item == nil:
			s = "NULL"
		case s == "" || strings.ContainsAny(s, `{}," \`) || strings.EqualFold(s, "null"):
			s = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
		}
		out[i] = s
	}
	return "{" + strings.Join(out, ",") + "}"
}
