package enginetest

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// receiveShutdownError reads backend messages until an ErrorResponse and
// checks that it is the FATAL 57P01 of a shutdown.
func receiveShutdownError(t *testing.T, pg *pgconn.PgConn) {
	t.Helper()
	fe := pg.Frontend()
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatalf("connection ended without an error message: %v", err)
		}
		errMsg, ok := msg.(*pgproto3.ErrorResponse)
		if !ok {
			continue
		}
		if errMsg.Code != "57P01" || errMsg.Severity != "FATAL" {
			t.Errorf("error = %s %s %s, want FATAL 57P01", errMsg.Severity, errMsg.Code, errMsg.Message)
		}
		return
	}
}

func TestEngineShutdownIdleSession(t *testing.T) {
	g := startDemo(t)
	pg := frontend(t, g)
	done := make(chan struct{})
	go func() { g.srv.Shutdown(); close(done) }()
	receiveShutdownError(t, pg)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Shutdown did not return")
	}
}

func TestEngineShutdownDuringQuery(t *testing.T) {
	g := startDemo(t)
	pg := frontend(t, g)
	fe := pg.Frontend()
	fe.Send(&pgproto3.Query{String: "select count(*) from cities a, cities b where md5(a.name || b.name) < '004'"})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	go g.srv.Shutdown()
	receiveShutdownError(t, pg)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("shutdown took %v with a query running, want under 5s", elapsed)
	}
}
