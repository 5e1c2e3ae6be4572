package proxy

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Settings that change what pgway writes or how the warehouse computes are
// checked when they are set, so that a value pgway cannot honour fails
// instead of being shown and ignored.

// startupSettings are the parameters a client may set in its startup
// message that pgway applies, by the name PostgreSQL reports them under.
// pgjdbc, for one, sends TimeZone, DateStyle and extra_float_digits.
var startupSettings = []string{"statement_timeout", "TimeZone", "DateStyle", "IntervalStyle", "extra_float_digits", "client_encoding"}

// applyStartupSettings applies the settings of the startup message, and
// those in its options parameter (-c name=value or --name=value, as
// PGOPTIONS sends them), which RESET then restores. An invalid value ends
// the startup, as in PostgreSQL.
func (e *engine) applyStartupSettings(params map[string]string) error {
	var startup [][2]string
	for _, canonical := range startupSettings {
		if value, ok := startupParam(params, canonical); ok {
			startup = append(startup, [2]string{strings.ToLower(canonical), value})
		}
	}
	if options, ok := startupParam(params, "options"); ok {
		parsed, err := commandLineSettings(options)
		if err != nil {
			return asFatal(err)
		}
		startup = append(startup, parsed...)
	}
	for _, setting := range startup {
		name := setting[0]
		if err := checkSettable(name, true); err != nil {
			return asFatal(err)
		}
		normalized, err := normalizeSetting(name, setting[1])
		if err == nil {
			e.settings.values[name] = normalized
			err = e.applySetting(name)
		}
		if err != nil {
			return asFatal(err)
		}
		e.settings.defaults[name] = normalized
	}
	return nil
}

// asFatal turns a statement's error into one that ends the session.
func asFatal(err error) error {
	var pgErr *pgError
	if !errors.As(err, &pgErr) {
		return err
	}
	fatalErr := *pgErr
	fatalErr.Severity = "FATAL"
	return &fatalErr
}

// commandLineSettings reads the settings of a startup options parameter:
// arguments split at white space that no backslash escapes, each -c
// name=value (or -cname=value) or --name=value. Names are lower case,
// with - read as _.
func commandLineSettings(options string) ([][2]string, error) {
	var args []string
	var arg strings.Builder
	escaped, started := false, false
	for _, r := range options {
		switch {
		case escaped:
			arg.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped, started = true, true
		case unicode.IsSpace(r):
			if started {
				args = append(args, arg.String())
				arg.Reset()
				started = false
			}
		default:
			arg.WriteRune(r)
			started = true
		}
	}
	if started {
		args = append(args, arg.String())
	}
	var settings [][2]string
	for i := 0; i < len(args); i++ {
		var assignment string
		switch a := args[i]; {
		case a == "-c" && i+1 < len(args):
			i++
			assignment = args[i]
		case strings.HasPrefix(a, "-c") && len(a) > 2:
			assignment = a[2:]
		case strings.HasPrefix(a, "--") && len(a) > 2:
			assignment = a[2:]
		default:
			return nil, errStatement("42601", fmt.Sprintf("invalid command-line argument for server process: %s", a))
		}
		name, value, ok := strings.Cut(assignment, "=")
		if !ok {
			return nil, errStatement("42601", fmt.Sprintf("--%s requires a value", name))
		}
		settings = append(settings, [2]string{strings.ReplaceAll(strings.ToLower(name), "-", "_"), value})
	}
	return settings, nil
}

// startupParam returns a startup parameter, whose name clients spell in
// either case, and whether the client sent it.
func startupParam(params map[string]string, name string) (string, bool) {
	for key, value := range params {
		if strings.EqualFold(key, name) {
			return value, true
		}
	}
	return "", false
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
	case "bytea_output":
		return parseByteaOutput(value)
	case "standard_conforming_strings":
		on, ok := parseBool(value)
		switch {
		case !ok:
			return "", errStatement("22023", fmt.Sprintf("parameter %q requires a Boolean value", name))
		case !on:
			return "", &pgError{Severity: "ERROR", Code: "0A000",
				Message: "standard_conforming_strings off is not supported by pgway",
				Hint:    "pgway reads backslashes in string constants as PostgreSQL does with standard_conforming_strings on; use E'' strings for escapes."}
		}
		return "on", nil
	case "transaction_isolation", "default_transaction_isolation":
		level := strings.ToLower(strings.TrimSpace(value))
		switch level {
		case "serializable", "repeatable read", "read committed", "read uncommitted":
			return level, nil
		}
		err := errStatement("22023", fmt.Sprintf("invalid value for parameter %q: %q", name, value))
		err.Hint = `Available values: serializable, repeatable read, read committed, read uncommitted.`
		return "", err
	case "transaction_read_only", "default_transaction_read_only":
		on, ok := parseBool(value)
		if !ok {
			return "", errStatement("22023", fmt.Sprintf("parameter %q requires a Boolean value", name))
		}
		return onOff(on), nil
	}
	value, _, err := normalizeStandardSetting(name, value)
	return value, err
}

// parseBool reads a Boolean parameter value as PostgreSQL does: true,
// false, yes, no, on, off, 1 or 0, in any case, or an unambiguous prefix
// of one of those words.
func parseBool(value string) (on, ok bool) {
	v := strings.ToLower(strings.TrimSpace(value))
	switch v {
	case "1":
		return true, true
	case "0":
		return false, true
	case "o", "":
		return false, false // "o" could be on or off
	}
	for word, on := range map[string]bool{"true": true, "false": false, "yes": true, "no": false, "on": true, "off": false} {
		if strings.HasPrefix(word, v) {
			return on, true
		}
	}
	return false, false
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

// parseByteaOutput accepts bytea_output hex, the only form in which pgway
// writes bytea.
func parseByteaOutput(value string) (string, error) {
	switch format := strings.ToLower(strings.TrimSpace(value)); format {
	case "hex":
		return format, nil
	case "escape":
		return "", &pgError{Severity: "ERROR", Code: "0A000",
			Message: "bytea_output escape is not supported by pgway",
			Hint:    "pgway writes bytea in the hex format only."}
	}
	return "", &pgError{Severity: "ERROR", Code: "22023",
		Message: fmt.Sprintf("invalid value for parameter \"bytea_output\": %q", value),
		Hint:    "Available values: escape, hex."}
}

// parseExtraFloatDigits reads extra_float_digits, an integer from -15 to
// 3. providers.FormatFloat shows what it changes.
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
// converts nothing either. psql requests SQL_ASCII under the C locale.
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
