package bigquery

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"cloud.google.com/go/bigquery"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/paulmach/orb"

	"pgway/providers"
	"pgway/providers/geometry"
)

// placeholders are the parameters a statement's SQL refers to.
type placeholders struct {
	// count is the number of parameters: the highest n of the named
	// parameters @p1, @p2, ..., or the number of positional ? marks.
	count int
	// positional is set when the SQL uses ? marks instead of names.
	positional bool
	// used[i] is set when @p(i+1) occurs. Only those are sent to BigQuery.
	used []bool
}

// scanPlaceholders finds the query parameters in sql, skipping string
// literals, quoted identifiers and comments. Names other than p followed
// by digits are left for BigQuery to reject.
func scanPlaceholders(sql string) (placeholders, error) {
	var p placeholders
	named := false
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		switch {
		case c == '\'' || c == '"':
			i = skipString(sql, i)
		case c == '`':
			i = skipQuoted(sql, i, '`', true)
		case c == '#' || (c == '-' && strings.HasPrefix(sql[i:], "--")):
			i = skipLine(sql, i)
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return p, nil // BigQuery reports the unterminated comment
			}
			i += end + 3
		case c == '?':
			p.count++
			p.positional = true
		case c == '@':
			if i+1 < len(sql) && sql[i+1] == '@' {
				i = skipIdentifier(sql, i+2) - 1 // a system variable
				continue
			}
			end := skipIdentifier(sql, i+1)
			if n, ok := parameterNumber(sql[i+1 : end]); ok {
				named = true
				for len(p.used) < n {
					p.used = append(p.used, false)
				}
				p.used[n-1] = true
				p.count = max(p.count, n)
			}
			i = end - 1
		}
	}
	if named && p.positional {
		return p, &providers.Error{Code: "42601",
			Message: "a BigQuery statement cannot mix named (@p1) and positional (?) parameters"}
	}
	return p, nil
}

// parameterNumber returns n for a parameter name p<n>, n from 1.
func parameterNumber(name string) (int, bool) {
	if len(name) < 2 || (name[0] != 'p' && name[0] != 'P') {
		return 0, false
	}
	n, err := strconv.Atoi(name[1:])
	if err != nil || n < 1 || n > 65535 || name[1] == '0' {
		return 0, false
	}
	return n, true
}

func skipIdentifier(sql string, i int) int {
	for i < len(sql) {
		c := sql[i]
		if c != '_' && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') {
			break
		}
		i++
	}
	return i
}

func skipLine(sql string, i int) int {
	end := strings.IndexByte(sql[i:], '\n')
	if end < 0 {
		return len(sql)
	}
	return i + end
}

// skipString returns the index of the closing quote of the string literal
// opening at i: '...', "...", or the triple-quoted forms. A literal with
// an r or R prefix is raw: a backslash escapes nothing.
func skipString(sql string, i int) int {
	raw := false
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		switch sql[j] {
		case 'r', 'R':
			raw = true
			continue
		case 'b', 'B':
			continue
		}
		break
	}
	quote := sql[i]
	if strings.HasPrefix(sql[i:], strings.Repeat(string(quote), 3)) {
		triple := strings.Repeat(string(quote), 3)
		for j := i + 3; j < len(sql); j++ {
			if sql[j] == '\\' && !raw {
				j++
				continue
			}
			if strings.HasPrefix(sql[j:], triple) {
				return j + 2
			}
		}
		return len(sql)
	}
	return skipQuoted(sql, i, quote, !raw)
}

func skipQuoted(sql string, i int, quote byte, escapes bool) int {
	for j := i + 1; j < len(sql); j++ {
		if sql[j] == '\\' && escapes {
			j++
			continue
		}
		if sql[j] == quote {
			return j
		}
	}
	return len(sql)
}

// parameterTypes maps the PostgreSQL type OIDs of parameters to the
// BigQuery types they are bound as. Types not listed are bound as STRING.
var parameterTypes = map[uint32]string{
	pgtype.BoolOID:        "BOOL",
	pgtype.Int2OID:        "INT64",
	pgtype.Int4OID:        "INT64",
	pgtype.Int8OID:        "INT64",
	pgtype.Float4OID:      "FLOAT64",
	pgtype.Float8OID:      "FLOAT64",
	pgtype.NumericOID:     "NUMERIC",
	pgtype.ByteaOID:       "BYTES",
	pgtype.DateOID:        "DATE",
	pgtype.TimeOID:        "TIME",
	pgtype.TimestampOID:   "DATETIME",
	pgtype.TimestamptzOID: "TIMESTAMP",
	pgtype.IntervalOID:    "INTERVAL",
	pgtype.JSONOID:        "JSON",
	pgtype.JSONBOID:       "JSON",
	geometry.OID:          "GEOGRAPHY",
}

// bindParameters turns the engine's arguments into BigQuery query
// parameters. A parameter's type is the one in kinds, which the dry run
// inferred. Where kinds has "", the OID in oids decides, and where that
// is text, the Go type of the argument.
func bindParameters(p placeholders, oids []uint32, kinds []string, args []any) ([]bigquery.QueryParameter, error) {
	if len(args) < p.count {
		return nil, &providers.Error{Code: "08P01",
			Message: fmt.Sprintf("the statement has %d parameters but %d values were bound", p.count, len(args))}
	}
	params := make([]bigquery.QueryParameter, 0, p.count)
	for i := 0; i < p.count; i++ {
		if !p.positional && !p.used[i] {
			continue
		}
		oid, kind := uint32(pgtype.TextOID), ""
		if i < len(oids) {
			oid = oids[i]
		}
		if i < len(kinds) {
			kind = kinds[i]
		}
		value, err := parameterValue(parameterType(kind, oid, args[i]), args[i])
		if err != nil {
			return nil, &providers.Error{Code: "22023",
				Message: fmt.Sprintf("invalid value for parameter $%d: %v", i+1, err), Err: err}
		}
		param := bigquery.QueryParameter{Value: value}
		if !p.positional {
			param.Name = "p" + strconv.Itoa(i+1)
		}
		params = append(params, param)
	}
	return params, nil
}

// parameterValue returns arg as a typed BigQuery parameter value with
// the value in BigQuery's text form.
func parameterValue(typ string, arg any) (*bigquery.QueryParameterValue, error) {
	if arg == nil {
		// A typed NULL: the client sends a parameter without a value.
		return &bigquery.QueryParameterValue{Type: sqlType(typ), Value: bigquery.NullString{}}, nil
	}
	text, err := parameterText(typ, arg)
	if err != nil {
		return nil, err
	}
	if typ == "NUMERIC" && !fitsNumeric(text) {
		typ = "BIGNUMERIC"
	}
	return &bigquery.QueryParameterValue{Type: sqlType(typ), Value: text}, nil
}

func sqlType(kind string) bigquery.StandardSQLDataType {
	return bigquery.StandardSQLDataType{TypeKind: kind}
}

// parameterType returns the BigQuery type of a parameter: the kind that
// BigQuery inferred or the client declared (see SetParamOIDs), else the
// type of the OID, else the one the Go type of the value has. A date or
// timestamp parameter whose type neither the client nor BigQuery gives
// is bound as TIMESTAMP.
func parameterType(kind string, oid uint32, arg any) string {
	if kind != "" {
		return kind
	}
	if typ, ok := parameterTypes[oid]; ok {
		return typ
	}
	switch arg.(type) {
	case bool:
		return "BOOL"
	case int64:
		return "INT64"
	case float64:
		return "FLOAT64"
	case []byte:
		return "BYTES"
	case time.Time:
		return "TIMESTAMP"
	}
	return "STRING"
}

// parameterText writes arg in the text form BigQuery expects for typ.
func parameterText(typ string, arg any) (string, error) {
	switch typ {
	case "BOOL":
		return boolText(arg)
	case "INT64":
		return int64Text(arg)
	case "FLOAT64":
		return float64Text(arg)
	case "NUMERIC", "BIGNUMERIC":
		return numericText(arg)
	case "BYTES":
		b, err := bytesValue(arg)
		return base64.StdEncoding.EncodeToString(b), err
	case "DATE", "DATETIME", "TIMESTAMP":
		return timeText(typ, arg)
	case "INTERVAL":
		return intervalText(arg)
	case "GEOGRAPHY":
		return geographyText(arg)
	}
	switch v := arg.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return fmt.Sprint(arg), nil
}

func boolText(arg any) (string, error) {
	switch v := arg.(type) {
	case bool:
		return strconv.FormatBool(v), nil
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return "", fmt.Errorf("invalid input syntax for type boolean: %q", v)
		}
		return strconv.FormatBool(b), nil
	}
	return "", fmt.Errorf("cannot bind %T as BOOL", arg)
}

func int64Text(arg any) (string, error) {
	switch v := arg.(type) {
	case int64:
		return strconv.FormatInt(v, 10), nil
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return "", fmt.Errorf("invalid input syntax for type bigint: %q", v)
		}
		return strconv.FormatInt(n, 10), nil
	}
	return "", fmt.Errorf("cannot bind %T as INT64", arg)
}

func float64Text(arg any) (string, error) {
	var f float64
	switch v := arg.(type) {
	case float64:
		f = v
	case int64:
		f = float64(v)
	case string:
		var err error
		if f, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
			return "", fmt.Errorf("invalid input syntax for type double precision: %q", v)
		}
	default:
		return "", fmt.Errorf("cannot bind %T as FLOAT64", arg)
	}
	switch {
	case math.IsNaN(f):
		return "NaN", nil
	case math.IsInf(f, 1):
		return "Infinity", nil
	case math.IsInf(f, -1):
		return "-Infinity", nil
	}
	return strconv.FormatFloat(f, 'g', -1, 64), nil
}

// numericText checks a numeric parameter's text and writes it in plain
// notation.
func numericText(arg any) (string, error) {
	var text string
	switch v := arg.(type) {
	case string:
		text = strings.TrimSpace(v)
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		text = strconv.FormatFloat(v, 'g', -1, 64)
	default:
		return "", fmt.Errorf("cannot bind %T as NUMERIC", arg)
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return "", fmt.Errorf("invalid input syntax for type numeric: %q", text)
	}
	return ratText(r), nil
}

// fitsNumeric reports whether a decimal in plain notation fits BigQuery's
// NUMERIC: at most 29 digits before the decimal point and 9 after it.
func fitsNumeric(text string) bool {
	whole, fraction, _ := strings.Cut(strings.TrimPrefix(text, "-"), ".")
	return len(strings.TrimLeft(whole, "0")) <= 29 && len(fraction) <= numericScale
}

// ratText writes r in plain decimal notation without trailing zeros. The
// values come from decimal text, so the expansion is finite.
func ratText(r *big.Rat) string {
	s := r.FloatString(76)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func bytesValue(arg any) ([]byte, error) {
	switch v := arg.(type) {
	case []byte:
		return v, nil
	case string:
		// bytea's text form: \x and hexadecimal digits, else the bytes.
		if strings.HasPrefix(v, `\x`) {
			b, err := hex.DecodeString(v[2:])
			if err != nil {
				return nil, fmt.Errorf("invalid hexadecimal data in bytea value")
			}
			return b, nil
		}
		return []byte(v), nil
	}
	return nil, fmt.Errorf("cannot bind %T as BYTES", arg)
}

// timeText writes a date or time of day in BigQuery's form for typ. A
// string is PostgreSQL's text form of the type.
func timeText(typ string, arg any) (string, error) {
	t, ok := arg.(time.Time)
	if !ok {
		s, isString := arg.(string)
		if !isString {
			return "", fmt.Errorf("cannot bind %T as %s", arg, typ)
		}
		var err error
		if t, err = parseTime(typ, s); err != nil {
			return "", err
		}
	}
	switch typ {
	case "DATE":
		return t.Format("2006-01-02"), nil
	case "DATETIME":
		return t.Format("2006-01-02 15:04:05.999999"), nil
	}
	return t.UTC().Format("2006-01-02 15:04:05.999999") + "+00:00", nil
}

var timeOIDs = map[string]uint32{
	"DATE":      pgtype.DateOID,
	"DATETIME":  pgtype.TimestampOID,
	"TIMESTAMP": pgtype.TimestamptzOID,
}

var textTypes = pgtype.NewMap()

func parseTime(typ, s string) (time.Time, error) {
	var t time.Time
	if err := textTypes.Scan(timeOIDs[typ], pgtype.TextFormatCode, []byte(s), &t); err != nil {
		return time.Time{}, fmt.Errorf("invalid input syntax for %s: %q", strings.ToLower(typ), s)
	}
	return t, nil
}

// intervalText writes a PostgreSQL interval in BigQuery's canonical
// interval form, Y-M D H:M:S.F.
func intervalText(arg any) (string, error) {
	s, ok := arg.(string)
	if !ok {
		return "", fmt.Errorf("cannot bind %T as INTERVAL", arg)
	}
	var i pgtype.Interval
	if err := textTypes.Scan(pgtype.IntervalOID, pgtype.TextFormatCode, []byte(s), &i); err != nil {
		return "", fmt.Errorf("invalid input syntax for type interval: %q", s)
	}
	micros := i.Microseconds
	sign := ""
	if micros < 0 {
		sign, micros = "-", -micros
	}
	hours, micros := micros/3_600_000_000, micros%3_600_000_000
	minutes, micros := micros/60_000_000, micros%60_000_000
	seconds, micros := micros/1_000_000, micros%1_000_000
	return fmt.Sprintf("%d-%d %d %s%d:%d:%d.%06d", i.Months/12, i.Months%12, i.Days,
		sign, hours, minutes, seconds, micros), nil
}

// geographyText accepts a geometry as hexadecimal EWKB (PostGIS's text
// output) or as WKT or EWKT, and writes it as WKT.
func geographyText(arg any) (string, error) {
	var wkbData []byte
	switch v := arg.(type) {
	case []byte:
		wkbData = v
	case string:
		decoded, err := hex.DecodeString(strings.TrimSpace(v))
		if err != nil {
			g, srid, err := geometry.FromText(v)
			if err != nil {
				return "", err
			}
			return geographyWKT(g, srid)
		}
		wkbData = decoded
	default:
		return "", fmt.Errorf("cannot bind %T as GEOGRAPHY", arg)
	}
	g, srid, err := geometry.FromWKB(wkbData)
	if err != nil {
		return "", err
	}
	return geographyWKT(g, srid)
}

// geographyWKT writes g as WKT. BigQuery's geographies are in WGS 84, so a
// geometry in any other spatial reference system is rejected.
func geographyWKT(g orb.Geometry, srid int32) (string, error) {
	if srid != 0 && srid != geographySRID {
		return "", fmt.Errorf("geometry has SRID %d, but BigQuery's GEOGRAPHY takes SRID %d (WGS 84) only",
			srid, geographySRID)
	}
	return geometry.Text(g), nil
}
