// Package audit writes pgway's audit records: one JSON object per line for
// each statement a session runs and for each rejected connection attempt.
// Records are kept apart from the server log. They never contain query
// text, parameter values, passwords or tokens: a statement is identified by
// its Fingerprint.
package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Stdout is the audit.path value that writes records to standard output.
const Stdout = "stdout"

// Statement is the record of one statement.
type Statement struct {
	Time      time.Time `json:"time"` // when the statement started
	Type      string    `json:"type"` // always "statement"
	SessionID uint32    `json:"session_id"`
	User      string    `json:"user"`
	// Token is the name of the access token the session logged in with,
	// empty for password logins. User is then the token's owner.
	Token       string  `json:"token,omitempty"`
	Connection  string  `json:"connection"`
	Provider    string  `json:"provider"`
	Fingerprint string  `json:"fingerprint"` // empty when the text was not seen
	DurationMS  float64 `json:"duration_ms"`
	Rows        int64   `json:"rows"`
	// SQLState is the SQLSTATE of the statement's first error, or 00000
	// when it succeeded.
	SQLState string `json:"sqlstate"`
}

// Denied is the record of a rejected connection attempt: failed
// authentication, or a connection the user may not use.
type Denied struct {
	Time      time.Time `json:"time"`
	Type      string    `json:"type"` // always "denied"
	SessionID uint32    `json:"session_id,omitempty"`
	Client    string    `json:"client"`   // the client's IP address
	User      string    `json:"user"`     // the user name the client gave
	Database  string    `json:"database"` // the connection name the client gave
	Method    string    `json:"method"`
	Reason    string    `json:"reason"`
	SQLState  string    `json:"sqlstate"`
}

// Log writes records to a file or to standard output. It is safe for
// concurrent use.
type Log struct {
	mu     sync.Mutex
	w      io.Writer
	file   *os.File // nil for standard output
	closed bool
	buf    []byte
}

// Open opens the audit log at path for appending, creating the file with
// mode 0600 when it does not exist. The path "stdout" writes to standard
// output.
func Open(path string) (*Log, error) {
	if path == Stdout {
		return &Log{w: os.Stdout}, nil
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	return &Log{w: file, file: file}, nil
}

// WriteStatement writes the record of a statement.
func (l *Log) WriteStatement(r *Statement) error {
	r.Type = "statement"
	return l.write(r)
}

// WriteDenied writes the record of a rejected connection attempt.
func (l *Log) WriteDenied(r *Denied) error {
	r.Type = "denied"
	return l.write(r)
}

// write encodes record as one line and writes it with a single call, so
// that concurrent records never interleave.
func (l *Log) write(record any) error {
	line, err := json.Marshal(record)
	if err != nil {
		return fmt.Errorf("encode audit record: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return fmt.Errorf("write audit record: the audit log is closed")
	}
	l.buf = append(append(l.buf[:0], line...), '\n')
	if _, err := l.w.Write(l.buf); err != nil {
		return fmt.Errorf("write audit record: %w", err)
	}
	return nil
}

// Close closes the file. Later writes fail. Closing twice is harmless.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	if l.file == nil {
		return nil
	}
	return l.file.Close()
}
