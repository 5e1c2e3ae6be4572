package translate

import (
	"strings"
	"time"
)

// Session holds the values of one client session that pgway folds into
// warehouse statements as literals, because the warehouse cannot know them:
// the warehouse runs as pgway's credentials, not as the client's user, and
// has no notion of the client's database or settings.
type Session struct {
	User     string
	Database string
	// Schema is the result of current_schema(), the first existing schema
	// of search_path. Empty folds to NULL, as in PostgreSQL when no schema
	// of search_path exists.
	Schema string
	// ServerVersion is the full version() string, such as "PostgreSQL
	// 15.4 (pgway) on x86_64-pc-linux-gnu".
	ServerVersion string
	// TransactionStart is the value of now() and current_timestamp: the
	// start of the current transaction. When it is zero, those functions
	// are left to the warehouse.
	TransactionStart time.Time
	// StatementStart is the value of statement_timestamp(). When it is
	// zero, TransactionStart is used.
	StatementStart time.Time
	// Settings are the run-time parameters by lower-case name, which
	// current_setting() reads. TimeZone must be an IANA name for
	// current_date and localtimestamp to fold.
	Settings map[string]string
}

// setting returns the value of a run-time parameter and whether it is set.
func (s *Session) setting(name string) (string, bool) {
	v, ok := s.Settings[strings.ToLower(name)]
	return v, ok
}

// location returns the session's time zone, UTC when TimeZone is unset or
// not an IANA name that the Go runtime knows.
func (s *Session) location() *time.Location {
	name, _ := s.setting("timezone")
	if loc, err := time.LoadLocation(name); err == nil && name != "" {
		return loc
	}
	return time.UTC
}
