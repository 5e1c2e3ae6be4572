package proxy

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Settings that change what pgway writes or how the warehouse computes are
// checked when they are set, so that a value pgway cannot honour fails
// instead of being shown and ignored.

// startupSettings are the parameters a client may set in its startup
// message that pgway applies, by the name PostgreSQL reports them under.
// pgjdbc, for one, sends TimeZone, DateStyle and extra_float_digits.
var startupSettings = []string{"statement_timeout", "TimeZone", "DateStyle", "IntervalStyle", "extra_float_digits", "client_encoding"}

// applyStartupSettings applies the settings of the startup message, which
// RESET then restores. An invalid value ends the startup, as in
// PostgreSQL.
func (e *engine) applyStartupSettings(params map[string]string) error {
	for _, canonical := range startupSettings {
		value := startupParam(params, canonical)
		if value == "" {
			continue
		}
		name := strings.ToLower(canonical)
		normalized, err := normalizeSetting(name, value)
		if err == nil {
			e.settings.values[name] = normalized
			err = e.applySetting(name)
		}
		if err != nil {
			var pgErr *pgError
			if errors.As(err, &pgErr) {
				fatalErr := *pgErr
				fatalErr.Severity = "FATAL"
				return &fatalErr
			}
			return err
		}
		e.settings.defaults[name] = normalized
	}
	return nil
}

// startupParam returns a startup parameter, whose name clients spell in
// either case.
func startupParam(params map[string]string, name string) string {
	for key, value := range params {
		if strings.EqualFold(key, name) {
			return value
		}
	}
	return ""
}

// normalizeSetting checks a value of a parameter by its lower-case name
// and returns it as SHOW shows it. Other parameters are taken as given.
func normalizeSetting(name, value string) (string, error) {
	switch name {
	case "statement_timeout":
		timeout, err := parseStatementTimeout(value)
		if err != nil {
			return "", err
		}
		return formatStatementTimeout(timeout), nil
	case "timezone":
		zone, _, err := parseTimeZone(value)
		return zone, err
	case "datestyle":
		return parseDateStyle(value)
	case "intervalstyle":
		return parseIntervalStyle(value)
	case "extra_float_digits":
		_, err := parseExtraFloatDigits(value)
		return strings.TrimSpace(value), err
	case "client_encoding":
		return parseClientEncoding(value)
	}
	return value, nil
}

// parseDateStyle reads DateStyle as PostgreSQL does: an output style, a
// field order, or both. pgway writes dates only in the ISO style. The
// field order matters only for reading dates such as 1/2/2024, which
// DuckDB rejects.
// NOTE: Snowflake reads such dates month first, whatever the order.
func parseDateStyle(value string) (string, error) {
	style, order := "", ""
	invalid := errStatement("22023", fmt.Sprintf("invalid value for parameter \"DateStyle\": %q", value))
	conflict := func(have, next string) bool { return have != "" && next != "" && have != next }
	for _, token := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' }) {
		var nextStyle, nextOrder string
		switch strings.ToUpper(token) {
		case "ISO":
			nextStyle = "ISO"
		case "SQL":
			nextStyle = "SQL"
		case "POSTGRES":
			nextStyle = "Postgres"
		case "GERMAN":
			nextStyle = "German"
		case "YMD":
			nextOrder = "YMD"
		case "DMY", "EURO", "EUROPEAN":
			nextOrder = "DMY"
		case "MDY", "US", "NONEURO", "NONEUROPEAN":
			nextOrder = "MDY"
		case "DEFAULT":
			nextStyle, nextOrder = "ISO", "MDY"
		default:
			return "", invalid
		}
		if conflict(style, nextStyle) || conflict(order, nextOrder) {
			invalid.Detail = "Conflicting \"datestyle\" specifications."
			return "", invalid
		}
		style, order = cmp.Or(nextStyle, style), cmp.Or(nextOrder, order)
	}
	if style == "" {
		style = "ISO"
	}
	if style != "ISO" {
		return "", &pgError{Severity: "ERROR", Code: "0A000",
			Message: fmt.Sprintf("DateStyle %s is not supported by pgway", style),
			Hint:    "pgway writes dates and times in the ISO style only."}
	}
	if order == "" {
		order = "MDY"
	}
	return style + ", " + order, nil
}

// parseIntervalStyle accepts PostgreSQL's interval styles and supports
// postgres, the default, which is the only one pgway writes.
func parseIntervalStyle(value string) (string, error) {
	style := strings.ToLower(strings.TrimSpace(value))
	switch style {
	case "postgres":
		return style, nil
	case "postgres_verbose", "sql_standard", "iso_8601":
		return "", &pgError{Severity: "ERROR", Code: "0A000",
			Message: fmt.Sprintf("IntervalStyle %s is not supported by pgway", style),
			Hint:    "pgway writes intervals in the postgres style only."}
	}
	return "", &pgError{Severity: "ERROR", Code: "22023",
		Message: fmt.Sprintf("invalid value for parameter \"IntervalStyle\": %q", value),
		Hint:    "Available values: postgres, postgres_verbose, sql_standard, iso_8601."}
}

// parseExtraFloatDigits reads extra_float_digits, an integer from -15 to
// 3. formatFloat shows what it changes.
func parseExtraFloatDigits(value string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil {
		return 0, errStatement("22023", fmt.Sprintf("invalid value for parameter \"extra_float_digits\": %q", value))
	}
	if n < -15 || n > 3 {
		return 0, errStatement("22023",
			fmt.Sprintf("%d is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)", n))
	}
	return n, nil
}

// parseClientEncoding accepts the encodings in which pgway's UTF-8 text
// reaches the client unchanged: UTF8 and SQL_ASCII, for which PostgreSQL
// converts nothing either. psql asks for SQL_ASCII under the C locale.
func parseClientEncoding(value string) (string, error) {
	name := strings.ToUpper(strings.NewReplacer("-", "", "_", "").Replace(strings.TrimSpace(value)))
	switch name {
	case "UTF8", "UNICODE":
		return "UTF8", nil
	case "SQLASCII":
		return "SQL_ASCII", nil
	}
	if !postgresEncodings[name] {
		return "", errStatement("22023", fmt.Sprintf("invalid value for parameter \"client_encoding\": %q", value))
	}
	return "", &pgError{Severity: "ERROR", Code: "0A000",
		Message: fmt.Sprintf("client encoding %q is not supported by pgway", value),
		Hint:    "pgway sends and reads text in UTF8 only. Set client_encoding to UTF8, for psql with PGCLIENTENCODING=UTF8."}
}

// postgresEncodings are PostgreSQL's other client encodings, without "_"
// and "-" as parseClientEncoding compares them.
var postgresEncodings = map[string]bool{}

func init() {
	for _, name := range strings.Fields(`BIG5 EUC_CN EUC_JP EUC_JIS_2004 EUC_KR EUC_TW GB18030 GBK
		ISO_8859_5 ISO_8859_6 ISO_8859_7 ISO_8859_8 JOHAB KOI8R KOI8U LATIN1 LATIN2 LATIN3 LATIN4
		LATIN5 LATIN6 LATIN7 LATIN8 LATIN9 LATIN10 MULE_INTERNAL SJIS SHIFT_JIS_2004 UHC WIN866
		WIN874 WIN1250 WIN1251 WIN1252 WIN1253 WIN1254 WIN1255 WIN1256 WIN1257 WIN1258`) {
		postgresEncodings[strings.ReplaceAll(name, "_", "")] = true
	}
}
