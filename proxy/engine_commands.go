package proxy

import (
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
	"pgway/providers/geometry"
)

// serverVersion is the server_version pgway reports to clients of engine
// sessions. Drivers read it to pick features; 15 is the PostgreSQL whose
// wire behaviour the engine follows.
//
// TODO: with a catalog database, report the version of the PostgreSQL
// that runs catalog queries.
const serverVersion = "15.0 (pgway)"

// settings are the run-time parameters of an engine session, which pgway
// stores itself instead of the warehouse.
type settings struct {
	values map[string]string
}

type parameter struct{ name, value string }

// reportedParameters are sent in ParameterStatus at startup, as PostgreSQL
// 15 does.
var reportedParameters = []string{
	"application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
	"in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser",
	"server_encoding", "server_version", "session_authorization",
	"standard_conforming_strings", "TimeZone",
}

func newSettings(startup map[string]string, user string) *settings {
	values := map[string]string{
		"application_name":              startup["application_name"],
		"client_encoding":               "UTF8",
		"datestyle":                     "ISO, MDY",
		"default_transaction_read_only": "off",
		"in_hot_standby":                "off",
		"integer_datetimes":             "on",
		"intervalstyle":                 "postgres",
		"is_superuser":                  "off",
		"server_encoding":               "UTF8",
		"server_version":                serverVersion,
		"session_authorization":         user,
		"standard_conforming_strings":   "on",
		"timezone":                      "UTC",
		"transaction_isolation":         "read committed",
		"default_transaction_isolation": "read committed",
		"extra_float_digits":            "1",
		"search_path":                   `"$user", public`,
	}
	return &settings{values: values}
}

func (s *settings) reported() []parameter {
	params := make([]parameter, len(reportedParameters))
	for i, name := range reportedParameters {
		params[i] = parameter{name, s.values[strings.ToLower(name)]}
	}
	return params
}

// sessionCommand is a statement pgway runs without the warehouse:
// transaction control, SET and RESET of any parameter, and SHOW of the
// parameters in settings.
type sessionCommand struct {
	tag     string
	columns []providers.Column
	run     func(e *engine) []any // returns the one row of SHOW, nil otherwise
}

var (
	setPattern   = regexp.MustCompile(`(?is)^set\s+(?:session\s+|local\s+)?(?:time\s+zone\s+(.+?)|([a-z_][a-z0-9_.]*)\s*(?:=|\s+to\s+)\s*(.+?))\s*;?\s*$`)
	resetPattern = regexp.MustCompile(`(?is)^reset\s+(all|[a-z_][a-z0-9_.]*)\s*;?\s*$`)
	showPattern  = regexp.MustCompile(`(?is)^show\s+(transaction\s+isolation\s+level|time\s+zone|[a-z_][a-z0-9_.]*)\s*;?\s*$`)
	txPattern    = regexp.MustCompile(`(?is)^(begin|start\s+transaction|commit|end|rollback|abort)\b`)
	// geometryOIDPattern is the query by which clients such as psycopg's
	// PostGIS adapters find the OID of the geometry type.
	geometryOIDPattern = regexp.MustCompile(`(?is)^select\s+(?:pg_type\.)?oid\s+from\s+(?:pg_catalog\.)?pg_type\s+` +
		`where\s+typname\s*=\s*'geometry'\s*;?$`)
)

// parseSessionCommand returns the command sql is, or nil when sql goes to
// the warehouse.
//
// TODO: this recognizes commands by pattern. The translation layer will
// classify statements from their parse tree and evaluate session
// functions such as current_setting().
func parseSessionCommand(sql string, s *settings) *sessionCommand {
	sql = strings.TrimSpace(sql)
	if m := txPattern.FindStringSubmatch(sql); m != nil {
		return transactionCommand(strings.ToLower(strings.Fields(m[1])[0]))
	}
	if m := setPattern.FindStringSubmatch(sql); m != nil {
		name, value := strings.ToLower(m[2]), m[3]
		if m[1] != "" {
			name, value = "timezone", m[1]
		}
		return &sessionCommand{tag: "SET", run: func(e *engine) []any {
			e.settings.set(name, unquoteSetting(value))
			return nil
		}}
	}
	if m := resetPattern.FindStringSubmatch(sql); m != nil {
		return &sessionCommand{tag: "RESET", run: func(*engine) []any { return nil }}
	}
	if geometryOIDPattern.MatchString(sql) {
		column := providers.Column{Name: "oid", TypeOID: pgtype.OIDOID, TypeModifier: -1, TypeSize: 4}
		return &sessionCommand{tag: "SELECT", columns: []providers.Column{column},
			run: func(*engine) []any { return []any{uint32(geometry.OID)} }}
	}
	if m := showPattern.FindStringSubmatch(sql); m != nil {
		name := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
		switch name {
		case "transaction isolation level":
			name = "transaction_isolation"
		case "time zone":
			name = "timezone"
		}
		if _, known := s.values[name]; !known {
			return nil // for example SHOW TABLES, which DuckDB answers
		}
		column := providers.Column{Name: name, TypeOID: pgtype.TextOID, TypeModifier: -1, TypeSize: -1}
		return &sessionCommand{tag: "SHOW", columns: []providers.Column{column},
			run: func(e *engine) []any { return []any{e.settings.values[name]} }}
	}
	return nil
}

// transactionCommand tracks the transaction status that ReadyForQuery
// reports.
//
// TODO: statements inside BEGIN ... COMMIT run in autocommit mode on the
// warehouse, and ROLLBACK undoes nothing. The demo warehouse rejects
// writes, so this matters only for duckdb files.
func transactionCommand(verb string) *sessionCommand {
	switch verb {
	case "begin", "start":
		return &sessionCommand{tag: "BEGIN", run: func(e *engine) []any {
			if e.txStatus == 'I' {
				e.txStatus = 'T'
			}
			return nil
		}}
	case "commit", "end":
		return &sessionCommand{tag: "COMMIT", run: func(e *engine) []any {
			e.endTransaction(e.txStatus == 'E')
			e.txStatus = 'I'
			return nil
		}}
	}
	return &sessionCommand{tag: "ROLLBACK", run: func(e *engine) []any {
		e.endTransaction(true)
		e.txStatus = 'I'
		return nil
	}}
}

func (s *settings) set(name, value string) {
	s.values[name] = value
}

func unquoteSetting(value string) string {
	value = strings.TrimSpace(value)
	if len(value) >= 2 && value[0] == '\'' && value[len(value)-1] == '\'' {
		return strings.ReplaceAll(value[1:len(value)-1], "''", "'")
	}
	return value
}

// runSessionCommand applies the command and returns its result.
func (e *engine) runSessionCommand(c *sessionCommand) (providers.Rows, error) {
	tag := c.tag
	if c.tag == "COMMIT" && e.txStatus == 'E' {
		// PostgreSQL reports a COMMIT of a failed transaction as ROLLBACK.
		tag = "ROLLBACK"
	}
	if e.txStatus == 'E' && tag != "ROLLBACK" {
		return nil, errStatement("25P02",
			"current transaction is aborted, commands ignored until end of transaction block")
	}
	row := c.run(e)
	result := &staticRows{tag: tag}
	if row != nil {
		result.rows = [][]any{row}
		if tag == "SELECT" {
			result.tag = "SELECT 1"
		}
	}
	return result, nil
}

// staticRows is a result held in memory.
type staticRows struct {
	rows [][]any
	next int
	tag  string
}

func (r *staticRows) Next() bool {
	if r.next >= len(r.rows) {
		return false
	}
	r.next++
	return true
}

func (r *staticRows) Values() []any      { return r.rows[r.next-1] }
func (r *staticRows) Err() error         { return nil }
func (r *staticRows) CommandTag() string { return r.tag }
func (r *staticRows) Close() error       { return nil }
