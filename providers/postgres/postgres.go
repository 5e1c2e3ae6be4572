// Package postgres opens sessions on an upstream PostgreSQL (or Redshift)
// server for the relay. pgconn performs the upstream's authentication and
// TLS; after that the proxy relays protocol messages both ways unchanged.
package postgres

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
)

// Upstream is an authenticated upstream connection, idle and ready for the
// client's first message.
type Upstream struct {
	Conn net.Conn
	// ParameterStatus holds what the upstream reported during its startup:
	// server_version, TimeZone, DateStyle and the others.
	ParameterStatus map[string]string
	TxStatus        byte

	config *pgconn.Config
	pid    uint32
	secret []byte
}

// skippedParams are startup parameters that pgway consumes itself and never
// forwards to the upstream.
var skippedParams = map[string]bool{
	"user":        true,
	"database":    true,
	"replication": true,
}

// Connect opens an upstream session with the connection's credentials.
// params are the client's startup parameters (application_name, DateStyle,
// options, ...); pgway's own user and database are replaced by the
// connection's.
func Connect(ctx context.Context, conn *config.Connection, params map[string]string, timeout time.Duration) (*Upstream, error) {
	cfg, err := parseCredentials(conn.Config.Credentials)
	if err != nil {
		return nil, err
	}
	if timeout > 0 {
		cfg.ConnectTimeout = timeout
	}
	for k, v := range params {
		if skippedParams[k] || strings.HasPrefix(k, "_pq_.") {
			continue
		}
		cfg.RuntimeParams[k] = v
	}

	pgConn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, classifyConnectError(err, timeout)
	}
	// pgconn starts a background reader when a write during its startup
	// is slow (over 15 ms in pgx v5.13, as on a loaded machine). That goroutine can stay
	// blocked in a read of the socket after Hijack and swallow the
	// upstream's response to the client's first statement. SyncConn stops
	// it and drains pgconn's read buffer first.
	syncCtx, cancel := context.WithTimeout(ctx, cmp.Or(timeout, 10*time.Second))
	defer cancel()
	if err := pgConn.SyncConn(syncCtx); err != nil {
		pgConn.Close(ctx)
		return nil, classifyConnectError(err, timeout)
	}
	hijacked, err := pgConn.Hijack()
	if err != nil {
		pgConn.Close(ctx)
		return nil, fmt.Errorf("take over upstream connection: %w", err)
	}
	return &Upstream{
		Conn:            hijacked.Conn,
		ParameterStatus: hijacked.ParameterStatuses,
		TxStatus:        hijacked.TxStatus,
		config:          cfg,
		pid:             hijacked.PID,
		secret:          hijacked.SecretKey,
	}, nil
}

// parseCredentials builds a pgconn config from the credential fields of a
// `password` connection. Values are quoted, so no field can inject another
// connection-string keyword.
func parseCredentials(creds map[string]string) (*pgconn.Config, error) {
	keys := []struct{ field, keyword string }{
		{"host", "host"},
		{"port", "port"},
		{"database", "dbname"},
		{"username", "user"},
		{"password", "password"},
		{"sslmode", "sslmode"},
	}
	var b strings.Builder
	for _, k := range keys {
		v, ok := creds[k.field]
		if !ok || v == "" {
			continue
		}
		fmt.Fprintf(&b, "%s=%s ", k.keyword, quoteConnValue(v))
	}
	if creds["sslmode"] == "" {
		b.WriteString("sslmode=prefer ")
	}
	cfg, err := pgconn.ParseConfig(b.String())
	if err != nil {
		// ParseConfig errors can echo the connection string, password included.
		return nil, &ConnectError{Code: "08001", Message: "invalid upstream connection settings", Hint: "check the connection's host, port and sslmode"}
	}
	return cfg, nil
}

func quoteConnValue(v string) string {
	v = strings.ReplaceAll(v, `\`, `\\`)
	v = strings.ReplaceAll(v, `'`, `\'`)
	return "'" + v + "'"
}

// Cancel asks the upstream to cancel the statement its session is running.
// The upstream sends no reply, and a statement that already finished is not
// affected.
func (u *Upstream) Cancel(ctx context.Context) error {
	host, port := u.config.Host, u.config.Port
	network, address := pgconn.NetworkAddress(host, port)
	dialCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := u.config.DialFunc(dialCtx, network, address)
	if err != nil {
		return fmt.Errorf("dial upstream for cancel: %w", err)
	}
	defer conn.Close()

	msg := make([]byte, 12, 8+4+len(u.secret))
	binary.BigEndian.PutUint32(msg[0:4], uint32(8+4+len(u.secret)))
	binary.BigEndian.PutUint32(msg[4:8], 80877102)
	binary.BigEndian.PutUint32(msg[8:12], u.pid)
	msg = append(msg, u.secret...)
	if _, err := conn.Write(msg); err != nil {
		return fmt.Errorf("send cancel request upstream: %w", err)
	}
	// The server closes the connection once it has read the request; waiting
	// for that keeps the cancel ordered before whatever the caller does next.
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var buf [1]byte
	conn.Read(buf[:])
	return nil
}

// ConnectError is a failure to open the upstream session, in the form the
// client sees it. It never contains credentials or the upstream's address.
type ConnectError struct {
	Code    string
	Message string
	Hint    string
	// Cause is the underlying error, for the server log only.
	Cause error
}

func (e *ConnectError) Error() string { return e.Message }
func (e *ConnectError) Unwrap() error { return e.Cause }

func classifyConnectError(err error, timeout time.Duration) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, "28"), pgErr.Code == "3D000":
			// The upstream rejected the stored credentials; its message names
			// the upstream role or database, which the client must not see.
			return &ConnectError{
				Code:    "28000",
				Message: "the warehouse rejected the connection's stored credentials",
				Hint:    "Ask the connection's owner to update its credentials.",
				Cause:   err,
			}
		default:
			// Keep the SQLSTATE, which clients act on (53300, 57P03), but not
			// the message: upstream messages name roles and databases.
			return &ConnectError{
				Code:    pgErr.Code,
				Message: fmt.Sprintf("the warehouse rejected the connection (SQLSTATE %s)", pgErr.Code),
				Hint:    "the pgway server log has the warehouse's message",
				Cause:   err,
			}
		}
	}
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return &ConnectError{
			Code:    "08001",
			Message: fmt.Sprintf("could not connect to the warehouse: timed out after %s", timeout),
			Hint:    "check that the warehouse is running and reachable from pgway; limits.connect_timeout sets the wait",
			Cause:   err,
		}
	}
	return &ConnectError{
		Code:    "08001",
		Message: "could not connect to the warehouse",
		Hint:    "check that the warehouse is running and that the connection's host, port and sslmode are right",
		Cause:   err,
	}
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}
