package proxy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// standardSettings are PostgreSQL 15 parameters that clients commonly
// read, with their defaults as SHOW writes them. The locale parameters
// are C, as lc_ctype is.
var standardSettings = map[string]string{
	"block_size":                          "8192",
	"bytea_output":                        "hex",
	"client_min_messages":                 "notice",
	"default_text_search_config":          "pg_catalog.english",
	"escape_string_warning":               "on",
	"idle_in_transaction_session_timeout": "0",
	"lc_messages":                         "C",
	"lc_monetary":                         "C",
	"lc_numeric":                          "C",
	"lc_time":                             "C",
	"lock_timeout":                        "0",
	"max_identifier_length":               "63",
	"row_security":                        "on",
	"ssl":                                 "off",
	"work_mem":                            "4MB",
}

// normalizeStandardSetting returns the value of one of standardSettings
// as SHOW writes it after SET, and reports whether name is one that it
// reads.
func normalizeStandardSetting(name, value string) (string, bool, error) {
	switch name {
	case "client_min_messages":
		v, err := parseMessageLevel(name, value)
		return v, true, err
	case "row_security", "escape_string_warning":
		on, ok := parseBool(value)
		if !ok {
			return "", true, errStatement("22023", fmt.Sprintf("parameter %q requires a Boolean value", name))
		}
		return onOff(on), true, nil
	case "lock_timeout":
		// Any timeout holds, because DuckDB does not wait for locks. A
		// conflicting change fails at once with 40001.
		d, err := parseTimeout(name, value)
		if err != nil {
			return "", true, err
		}
		return formatStatementTimeout(d), true, nil
	case "idle_in_transaction_session_timeout":
		d, err := parseTimeout(name, value)
		if err != nil {
			return "", true, err
		}
		if d != 0 {
			// pgway does not end idle sessions, which PostgreSQL would.
			return "", true, &pgError{Severity: "ERROR", Code: "0A000",
				Message: "idle_in_transaction_session_timeout other than 0 is not supported by pgway",
				Hint:    "Set it to 0."}
		}
		return "0", true, nil
	case "work_mem":
		v, err := parseMemory(name, value, 64, math.MaxInt32)
		return v, true, err
	case "default_text_search_config":
		v, err := parseTextSearchConfig(name, value)
		return v, true, err
	}
	return value, false, nil
}

// messageLevels rank the values of client_min_messages and the
// severities of notices, as PostgreSQL orders them.
var messageLevels = map[string]int{
	"debug5": 1, "debug4": 2, "debug3": 3, "debug2": 4, "debug1": 5,
	"log": 6, "info": 7, "notice": 8, "warning": 9, "error": 10,
}

// parseMessageLevel reads a client_min_messages value. "debug" is
// debug2, as in PostgreSQL.
func parseMessageLevel(name, value string) (string, error) {
	level := strings.ToLower(strings.TrimSpace(value))
	if level == "debug" {
		level = "debug2"
	}
	if _, ok := messageLevels[level]; ok {
		return level, nil
	}
	err := errStatement("22023", fmt.Sprintf("invalid value for parameter %q: %q", name, value))
	err.Hint = "Available values: debug5, debug4, debug3, debug2, debug1, log, notice, warning, error."
	return "", err
}

// noticeShown reports whether a notice of severity reaches a client whose
// client_min_messages is level. PostgreSQL always sends INFO.
func noticeShown(severity, level string) bool {
	rank, ok := messageLevels[strings.ToLower(severity)]
	if !ok || rank == messageLevels["info"] {
		return true
	}
	min, ok := messageLevels[level]
	return !ok || rank >= min
}

// memoryUnits are the units of a memory parameter counted in kB, largest
// first, as SHOW picks the largest that divides the value.
var memoryUnits = []struct {
	name string
	kB   float64
}{{"TB", 1 << 30}, {"GB", 1 << 20}, {"MB", 1 << 10}, {"kB", 1}, {"B", 1.0 / 1024}}

// parseMemory reads the value of a memory parameter counted in kB, with
// PostgreSQL's units and range, and writes it as SHOW does.
func parseMemory(name, value string, min, max int64) (string, error) {
	text := strings.TrimSpace(value)
	end := numberEnd(text)
	number, unit := text[:end], strings.TrimSpace(text[end:])
	n, err := strconv.ParseFloat(number, 64)
	scale, known := 1.0, unit == ""
	for _, u := range memoryUnits {
		if u.name == unit {
			scale, known = u.kB, true
		}
	}
	if err != nil || !known || math.IsNaN(n) {
		pgErr := errStatement("22023", fmt.Sprintf("invalid value for parameter %q: %q", name, value))
		pgErr.Hint = `Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".`
		return "", pgErr
	}
	kB := math.RoundToEven(n * scale)
	if kB < float64(min) || kB > float64(max) {
		return "", errStatement("22023", fmt.Sprintf(
			"%.0f kB is outside the valid range for parameter %q (%d .. %d)", kB, name, min, max))
	}
	v := int64(kB)
	for _, u := range memoryUnits[:4] {
		if size := int64(u.kB); v%size == 0 {
			return fmt.Sprintf("%d%s", v/size, u.name), nil
		}
	}
	return fmt.Sprintf("%dkB", v), nil
}

// textSearchConfigs are the text search configurations of PostgreSQL 15's
// pg_catalog.
var textSearchConfigs = map[string]bool{
	"simple": true, "arabic": true, "armenian": true, "basque": true, "catalan": true, "danish": true,
	"dutch": true, "english": true, "finnish": true, "french": true, "german": true, "greek": true,
	"hindi": true, "hungarian": true, "indonesian": true, "irish": true, "italian": true,
	"lithuanian": true, "nepali": true, "norwegian": true, "portuguese": true, "romanian": true,
	"russian": true, "serbian": true, "spanish": true, "swedish": true, "tamil": true,
	"turkish": true, "yiddish": true,
}

// parseTextSearchConfig reads a default_text_search_config value, a
// configuration of pg_catalog, which SHOW writes with its schema.
func parseTextSearchConfig(name, value string) (string, error) {
	config := strings.ToLower(strings.TrimSpace(value))
	config = strings.TrimPrefix(config, "pg_catalog.")
	if textSearchConfigs[config] {
		return "pg_catalog." + config, nil
	}
	return "", errStatement("22023", fmt.Sprintf("invalid value for parameter %q: %q", name, value))
}
