package enginetest

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestDisconnectCancelsStatement closes a client's connection while its
// statement runs for far longer than the test waits, and checks that the
// session ends, which it does only once DuckDB stops the statement.
func TestDisconnectCancelsStatement(t *testing.T) {
	gw := startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb"))
	ctx := context.Background()
	conn, err := pgconn.Connect(ctx, gw.dsn("demo", "demo", "typed", "disable"))
	if err != nil {
		t.Fatal(err)
	}
	// The server counts the session once it has sent ReadyForQuery,
	// which may be after the client has read it.
	for start := time.Now(); openSessions(t, gw) != 1; time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("%d sessions open before the statement, want 1", openSessions(t, gw))
		}
	}
	// About 10^12 rows, hours of work.
	sql := "select count(*) from generate_series(1, 1000000000000)\x00"
	msg := append([]byte{'Q', 0, 0, 0, 0}, sql...)
	binary.BigEndian.PutUint32(msg[1:5], uint32(len(msg)-1))
	raw := conn.Conn()
	if _, err := raw.Write(msg); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	deadline := time.Now().Add(2 * time.Minute)
	for openSessions(t, gw) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the session still runs its statement two minutes after the client closed the connection")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// openSessions returns the sum of pgway_sessions_open from the server's
// metrics.
func openSessions(t *testing.T, gw *gateway) int {
	t.Helper()
	rec := httptest.NewRecorder()
	gw.srv.HTTPHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	total := 0
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if !strings.HasPrefix(line, "pgway_sessions_open{") {
			continue
		}
		var n int
		fields := strings.Fields(line)
		if _, err := fmt.Sscan(fields[len(fields)-1], &n); err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		total += n
	}
	return total
}
