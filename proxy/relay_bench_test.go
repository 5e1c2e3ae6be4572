package proxy

import (
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/auth"
	"pgway/config"
	"pgway/internal/audit"
	"pgway/providers/postgres"
)

// BenchmarkRelayStatement measures the relay of one simple-query round
// trip (Query, then 10 DataRows, CommandComplete and ReadyForQuery) over
// in-memory connections, so allocations in the relay pumps show up in
// allocs/op. The fake client and upstream allocate nothing per round trip.
func BenchmarkRelayStatement(b *testing.B) {
	b.Run("defaults", func(b *testing.B) {
		benchmarkRelay(b, config.Limits{})
	})
	b.Run("statement_timeout", func(b *testing.B) {
		benchmarkRelay(b, config.Limits{StatementTimeout: config.Duration(time.Minute)})
	})
	b.Run("audit", func(b *testing.B) {
		benchmarkRelay(b, config.Limits{}, withAudit(b))
	})
}

// withAudit sets up an audit log in a temporary file.
func withAudit(b *testing.B) func(*session) {
	return func(s *session) {
		log, err := audit.Open(filepath.Join(b.TempDir(), "audit.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { log.Close() })
		s.srv.audit = log
		s.principal = &auth.Principal{User: "bench"}
		s.connection = &config.Connection{Name: "bench", ProviderID: "postgres"}
	}
}

func benchmarkRelay(b *testing.B, limits config.Limits, options ...func(*session)) {
	s, client, upstream := newBenchSession(limits)
	for _, option := range options {
		option(s)
	}
	done := make(chan error, 1)
	go func() { done <- s.relay() }()

	query := encodeBench(b, &pgproto3.Query{String: "select v from t"})
	var response []byte
	for range 10 {
		response = append(response, encodeBench(b, &pgproto3.DataRow{Values: [][]byte{[]byte("0123456789")}})...)
	}
	response = append(response, encodeBench(b, &pgproto3.CommandComplete{CommandTag: []byte("SELECT 10")})...)
	response = append(response, encodeBench(b, &pgproto3.ReadyForQuery{TxStatus: 'I'})...)

	go serveBenchUpstream(upstream, response)
	buf := make([]byte, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(len(response)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := client.Write(query); err != nil {
			b.Fatal(err)
		}
		if err := readUntilReady(client, buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	client.Close()
	upstream.Close()
	<-done
}

// newBenchSession returns a relay session whose client and upstream are
// in-memory pipes, and the far ends of both pipes.
func newBenchSession(limits config.Limits) (s *session, client, upstream net.Conn) {
	clientEnd, serverEnd := net.Pipe()
	upstreamEnd, relayEnd := net.Pipe()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := &Server{cfg: &config.Config{Limits: limits}, log: logger, metrics: testMetrics}
	s = &session{
		metrics:  testMetrics.OpenSession("bench", "postgres"),
		srv:      srv,
		raw:      serverEnd,
		conn:     serverEnd,
		client:   newWireConn(serverEnd),
		log:      logger,
		upstream: &postgres.Upstream{Conn: relayEnd},
	}
	return s, clientEnd, upstreamEnd
}

// serveBenchUpstream answers every frame it reads with response.
func serveBenchUpstream(conn net.Conn, response []byte) {
	buf := make([]byte, 4096)
	for {
		if _, err := io.ReadFull(conn, buf[:5]); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint32(buf[1:5])) - 4
		if _, err := io.ReadFull(conn, buf[:n]); err != nil {
			return
		}
		if _, err := conn.Write(response); err != nil {
			return
		}
	}
}

// readUntilReady reads frames into buf until a ReadyForQuery.
func readUntilReady(conn net.Conn, buf []byte) error {
	for {
		if _, err := io.ReadFull(conn, buf[:5]); err != nil {
			return err
		}
		typ := buf[0]
		n := int(binary.BigEndian.Uint32(buf[1:5])) - 4
		if _, err := io.ReadFull(conn, buf[:n]); err != nil {
			return err
		}
		if typ == 'Z' {
			return nil
		}
	}
}

func encodeBench(b *testing.B, msg pgproto3.Message) []byte {
	buf, err := msg.Encode(nil)
	if err != nil {
		b.Fatal(err)
	}
	return buf
}
