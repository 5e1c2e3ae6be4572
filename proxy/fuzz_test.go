package proxy

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/internal/metrics"
)

// Fuzz tests of the decoders that read client bytes. Their seed corpora are
// in testdata/fuzz; .ci/fuzz.sh runs each target for a short time.

// fuzzConn is a client connection that reads a fixed input and discards
// what is written to it.
type fuzzConn struct {
	net.Conn
	r *bytes.Reader
}

func (c *fuzzConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c *fuzzConn) Write(p []byte) (int, error) { return len(p), nil }

// testMetrics is shared by the sessions that tests build without a
// server, because each metrics.New registers process-wide collectors.
var testMetrics = metrics.New()

func newFuzzSession(input []byte, limits config.Limits) *session {
	conn := &fuzzConn{r: bytes.NewReader(input)}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := &Server{
		cfg:      &config.Config{Limits: limits},
		log:      logger,
		sessions: make(map[uint32]*session),
		metrics:  testMetrics,
	}
	return &session{srv: srv, raw: conn, conn: conn, client: newWireConn(conn), log: logger,
		remote:  &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5432},
		metrics: testMetrics.OpenSession("fuzz", "postgres")}
}

func FuzzStartup(f *testing.F) {
	f.Add(startupBytes(3<<16, "user", "alice", "database", "db"))
	f.Fuzz(func(t *testing.T, input []byte) {
		s := newFuzzSession(input, config.Limits{})
		st, err := s.readStartup()
		if err == nil {
			checkStartup(t, st)
		} else {
			checkStartupError(t, err)
		}

		params, err := decodeStartupParams(input)
		if err == nil {
			for name := range params {
				if name == "" || strings.ContainsRune(name, 0) {
					t.Errorf("decoded parameter name %q", name)
				}
			}
			if input[len(input)-1] != 0 {
				t.Error("accepted parameters without the final terminator")
			}
		} else {
			checkStartupError(t, err)
		}
	})
}

func checkStartup(t *testing.T, st *startup) {
	t.Helper()
	if st.params["user"] == "" {
		t.Error("startup accepted without a user")
	}
	if st.params["database"] == "" {
		t.Error("startup accepted without a database")
	}
	if st.minorProtocol > newestMinorProtocol {
		t.Errorf("negotiated minor protocol %d", st.minorProtocol)
	}
	for name := range st.params {
		if strings.HasPrefix(name, "_pq_.") {
			t.Errorf("protocol option %q kept as a parameter", name)
		}
	}
}

// checkStartupError fails unless err is a FATAL error for the client, the
// end of the input, or the end of a cancel request.
func checkStartupError(t *testing.T, err error) {
	t.Helper()
	var pgErr *pgError
	switch {
	case errors.As(err, &pgErr):
		if pgErr.Severity != "FATAL" {
			t.Errorf("startup error with severity %s: %v", pgErr.Severity, pgErr)
		}
		if !slices.Contains([]string{"08P01", "0A000", "28000"}, pgErr.Code) {
			t.Errorf("startup error with SQLSTATE %s: %v", pgErr.Code, pgErr)
		}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, errCancelHandled):
	default:
		t.Errorf("unexpected startup error: %v", err)
	}
}

// fuzzMessageLimit is the max_message_bytes of FuzzMessageLoop, the
// smallest that configuration validation allows.
const fuzzMessageLimit = config.MinMaxMessageBytes

func FuzzMessageLoop(f *testing.F) {
	f.Add(frameBytes('Q', []byte("select 1\x00")))
	f.Fuzz(func(t *testing.T, input []byte) {
		fuzzClientPump(t, input)
		fuzzReadMessage(t, input)
		fuzzUpstreamPump(t, input, false)
		fuzzUpstreamPump(t, input, true)
	})
}

// fuzzClientPump relays input from a client and checks it against a model
// of the frames: the upstream gets exactly the frames up to the first bad
// one, and the statement tracker counts them.
func fuzzClientPump(t *testing.T, input []byte) {
	s := newFuzzSession(input, config.Limits{MaxMessageBytes: fuzzMessageLimit})
	var upstream bytes.Buffer
	r := &relayState{
		session:      s,
		upstream:     &wireConn{w: bufio.NewWriterSize(&upstream, wireBufferSize)},
		stmt:         statementTracker{base: time.Now()},
		fingerprints: newRelayFingerprints(),
	}
	err := r.pumpClient()
	r.upstream.flush()

	want := modelClientFrames(input)
	if !bytes.Equal(upstream.Bytes(), input[:want.forwarded]) {
		t.Errorf("upstream got %d bytes, want the first %d of the input", upstream.Len(), want.forwarded)
	}
	if got := r.stmt.state.Load(); got != want.state {
		t.Errorf("statement state = %d, want %d", got, want.state)
	}
	queue := &r.fingerprints.queue
	if got := int64(queue.tail.Load()) + queue.overflow.Load(); got != want.state>>1 {
		t.Errorf("%d fingerprints queued, want one for each of %d statements", got, want.state>>1)
	}
	var pgErr *pgError
	switch {
	case want.code == "" && want.terminated:
		if err != nil {
			t.Errorf("after Terminate: %v", err)
		}
	case want.code == "":
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("at the end of the input: %v", err)
		}
	case !errors.As(err, &pgErr):
		t.Errorf("err = %v, want SQLSTATE %s", err, want.code)
	case pgErr.Code != want.code || pgErr.Severity != "FATAL":
		t.Errorf("err = %v, want FATAL %s", pgErr, want.code)
	}
}

type clientFrames struct {
	forwarded  int    // input bytes the upstream gets
	state      int64  // the statement tracker's state afterwards
	code       string // SQLSTATE of the error that stops the pump
	terminated bool
}

func modelClientFrames(input []byte) clientFrames {
	var m clientFrames
	var syncs, extended int64
	for rest := input; len(rest) >= 5; {
		typ := rest[0]
		length := int(int32(binary.BigEndian.Uint32(rest[1:5])))
		if length < 4 {
			m.code = "08P01"
			break
		}
		if length+1 > fuzzMessageLimit {
			m.code = "54000"
			break
		}
		switch typ {
		case 'Q', 'S', 'F':
			syncs++
		case 'P', 'B', 'D', 'E', 'C':
			extended = 1
		}
		n := min(1+length, len(rest))
		m.forwarded += n
		rest = rest[n:]
		if typ == 'X' && n == 1+length {
			m.terminated = true
			break
		}
	}
	m.state = syncs<<1 | extended
	return m
}

// fuzzReadMessage reads input as frames and checks that they rebuild it.
func fuzzReadMessage(t *testing.T, input []byte) {
	c := newWireConn(&fuzzConn{r: bytes.NewReader(input)})
	var rebuilt []byte
	for range len(input) {
		typ, body, err := c.readMessage(fuzzMessageLimit)
		if err != nil {
			var tooLarge *messageTooLargeError
			var badLength *badLengthError
			if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) &&
				!errors.As(err, &tooLarge) && !errors.As(err, &badLength) {
				t.Errorf("readMessage: %v", err)
			}
			break
		}
		if len(body)+5 > fuzzMessageLimit {
			t.Errorf("frame of %d bytes passed the limit of %d", len(body)+5, fuzzMessageLimit)
		}
		rebuilt = append(rebuilt, frameBytes(typ, body)...)
	}
	if !bytes.HasPrefix(input, rebuilt) {
		t.Error("frames read do not rebuild the input")
	}
}

// fuzzUpstreamPump relays input from an upstream. Without a fired
// statement timer the client gets the input unchanged. With one, each
// query_canceled error reaches the client as a statement timeout.
func fuzzUpstreamPump(t *testing.T, input []byte, timerFired bool) {
	s := newFuzzSession(nil, config.Limits{})
	var client bytes.Buffer
	s.client = &wireConn{w: bufio.NewWriterSize(&client, wireBufferSize)}
	r := &relayState{
		session:  s,
		upstream: newWireConn(&fuzzConn{r: bytes.NewReader(input)}),
		stmt:     statementTracker{base: time.Now()},
	}
	if timerFired {
		r.timer = newStatementTimer(r, time.Hour)
		r.timer.fired.Store(true)
	}
	r.pumpUpstream()
	s.client.flush()

	if !timerFired {
		if !bytes.HasPrefix(input, client.Bytes()) {
			t.Error("client output is not a prefix of the upstream input")
		}
		return
	}
	// ReadyForQuery ends the statement and clears the fired timer, so only
	// the errors before the first one are rewritten.
	out := client.Bytes()
	for len(out) >= 5 && out[0] != 'Z' {
		n := 1 + int(binary.BigEndian.Uint32(out[1:5]))
		if n < 5 || n > len(out) {
			break
		}
		var msg pgproto3.ErrorResponse
		if out[0] == 'E' && n-5 <= maxRewrittenError && msg.Decode(out[5:n]) == nil &&
			msg.Code == "57014" && msg.Message != errStatementTimeout().Message {
			t.Errorf("query_canceled after the timer fired has message %q", msg.Message)
		}
		out = out[n:]
	}
}

// bindParameterTypes are the parameter types FuzzBindParameters assigns:
// those the engine decodes into Go values, and some it passes as text.
var bindParameterTypes = []uint32{
	pgtype.TextOID, pgtype.BoolOID, pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID,
	pgtype.Float4OID, pgtype.Float8OID, pgtype.ByteaOID, pgtype.DateOID,
	pgtype.TimestampOID, pgtype.TimestamptzOID, pgtype.NumericOID, pgtype.UUIDOID,
	pgtype.JSONOID, pgtype.JSONBOID, pgtype.IntervalOID, pgtype.VarcharOID,
	pgtype.Int4ArrayOID, pgtype.TextArrayOID, 0, 999999,
}

// FuzzBindParameters decodes a Bind message body with pgproto3, then its
// parameters with the engine's decoding, with types chosen by typeChoice.
// A typeChoice starting with 0xff declares one parameter fewer than Bind
// supplies.
func FuzzBindParameters(f *testing.F) {
	bind, err := (&pgproto3.Bind{
		ParameterFormatCodes: []int16{1},
		Parameters:           [][]byte{{0, 0, 0, 42}},
	}).Encode(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bind[5:], []byte{3})
	f.Fuzz(func(t *testing.T, body, typeChoice []byte) {
		var msg pgproto3.Bind
		if msg.Decode(body) != nil {
			return
		}
		oids := make([]uint32, len(msg.Parameters))
		for i := range oids {
			if len(typeChoice) > 0 {
				oids[i] = bindParameterTypes[int(typeChoice[i%len(typeChoice)])%len(bindParameterTypes)]
			}
		}
		if len(typeChoice) > 0 && typeChoice[0] == 0xff && len(oids) > 0 {
			oids = oids[1:]
		}
		e := &engine{types: pgtype.NewMap(), settings: newSettings(nil, "fuzz"), location: time.UTC}
		args, err := e.decodeParams(&preparedStatement{paramOIDs: oids}, msg.ParameterFormatCodes, msg.Parameters)
		if err != nil {
			checkBindError(t, err)
		} else {
			if len(args) != len(msg.Parameters) {
				t.Errorf("%d arguments for %d parameters", len(args), len(msg.Parameters))
			}
			for i, p := range msg.Parameters {
				if p == nil && args[i] != nil {
					t.Errorf("NULL parameter $%d decoded as %v", i+1, args[i])
				}
			}
		}

		if _, err := resultFormats(msg.ResultFormatCodes, len(oids)); err != nil {
			checkBindError(t, err)
		}
	})
}

func checkBindError(t *testing.T, err error) {
	t.Helper()
	var pgErr *pgError
	if !errors.As(err, &pgErr) {
		t.Fatalf("error without SQLSTATE: %v", err)
	}
	// A protocol violation, or a data exception of the value's input,
	// such as 22P02, 22003 or 22007.
	if pgErr.Code != "08P01" && !strings.HasPrefix(pgErr.Code, "22") {
		t.Errorf("SQLSTATE %s: %v", pgErr.Code, pgErr)
	}
}

func startupBytes(version uint32, params ...string) []byte {
	body := binary.BigEndian.AppendUint32(nil, version)
	for _, p := range params {
		body = append(append(body, p...), 0)
	}
	body = append(body, 0)
	return append(binary.BigEndian.AppendUint32(nil, uint32(4+len(body))), body...)
}

func frameBytes(typ byte, body []byte) []byte {
	b := binary.BigEndian.AppendUint32([]byte{typ}, uint32(4+len(body)))
	return append(b, body...)
}
