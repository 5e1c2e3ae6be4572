package proxy_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/config"
)

// More tests of hostile clients: malformed startups, SCRAM and token abuse,
// broken messages after login.

func TestMalformedStartupPacketsRejected(t *testing.T) {
	g := startGateway(t, testConfig(t))
	withLength := func(length uint32, rest []byte) []byte {
		return append(binary.BigEndian.AppendUint32(nil, length), rest...)
	}
	v30 := binary.BigEndian.AppendUint32(nil, 3<<16)
	good := startupPacket(3<<16, "user", "alice", "database", "alice_private")
	cases := map[string][]byte{
		"length 0":          withLength(0, nil),
		"length 4":          withLength(4, nil),
		"length 7":          withLength(7, []byte{0, 3, 0}),
		"length 10001":      withLength(10001, v30),
		"length 0x7fffffff": withLength(0x7fffffff, v30),
		"length 0x80000000": withLength(0x80000000, v30),
		"length 0xffffffff": withLength(0xffffffff, v30),
		"no parameters":     withLength(8, v30),
		"odd parameters":    startupPacket(3<<16, "user", "alice", "database"),
		"no terminator":     withLength(uint32(len(good)-1), good[4:len(good)-1]),
		"after terminator":  withLength(uint32(len(good)+2), append(bytes.Clone(good[4:]), 'x', 0)),
	}
	for name, packet := range cases {
		t.Run(name, func(t *testing.T) {
			c := dialRaw(t, g)
			c.write(t, packet)
			e := c.receiveError(t)
			if e == nil {
				t.Fatal("closed without an ErrorResponse")
			}
			if e.Code != "08P01" && e.Code != "28000" {
				t.Errorf("code = %s (%s), want 08P01", e.Code, e.Message)
			}
		})
	}
	assertWorks(t, g)
}

func TestStartupEdgeRequests(t *testing.T) {
	g := startGateway(t, testConfig(t))
	t.Run("GSSENCRequest twice", func(t *testing.T) {
		c := dialRaw(t, g)
		c.write(t, startupPacket(80877104))
		if b := c.readByte(t); b != 'N' {
			t.Fatalf("answer = %q", b)
		}
		c.write(t, startupPacket(80877104))
		if e := c.receiveError(t); e == nil || e.Code != "08P01" {
			t.Errorf("second GSSENCRequest: %+v, want 08P01", e)
		}
	})
	t.Run("data pipelined after SSLRequest", func(t *testing.T) {
		c := dialRaw(t, g)
		packet := append(startupPacket(80877103), startupPacket(3<<16, "user", "alice")...)
		c.write(t, packet)
		if e := c.receiveError(t); e == nil || e.Code != "08P01" {
			t.Errorf("pipelined startup: %+v, want 08P01", e)
		}
	})
	t.Run("SSLRequest inside TLS", func(t *testing.T) {
		c := dialRawTLS(t, g)
		c.write(t, startupPacket(80877103))
		if e := c.receiveError(t); e == nil || e.Code != "08P01" {
			t.Errorf("SSLRequest inside TLS: %+v, want 08P01", e)
		}
	})
	t.Run("truncated packet then close", func(t *testing.T) {
		c := dialRaw(t, g)
		c.write(t, startupPacket(3<<16, "user", "alice")[:9])
		c.conn.(*net.TCPConn).CloseWrite()
		if !waitClosed(c.conn, 3*time.Second) {
			t.Error("server did not close a half-closed startup")
		}
	})
	for _, bodyLen := range []int{0, 4, 7, 300} {
		t.Run(fmt.Sprintf("CancelRequest body %d", bodyLen), func(t *testing.T) {
			c := dialRaw(t, g)
			packet := binary.BigEndian.AppendUint32(nil, uint32(8+bodyLen))
			packet = binary.BigEndian.AppendUint32(packet, 80877102)
			c.write(t, append(packet, make([]byte, bodyLen)...))
			if !waitClosed(c.conn, 3*time.Second) {
				t.Error("cancel connection not closed")
			}
		})
	}
	assertWorks(t, g)
}

func TestSlowlorisStartupTimesOut(t *testing.T) {
	cfg := testConfig(t)
	cfg.Limits.StartupTimeout = config.Duration(500 * time.Millisecond)
	g := startGateway(t, cfg)
	c := dialRaw(t, g)
	start := time.Now()
	packet := startupPacket(3<<16, "user", "alice", "database", "alice_private")
	for _, b := range packet {
		if _, err := c.conn.Write([]byte{b}); err != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
		if time.Since(start) > 2*time.Second {
			break
		}
	}
	if !waitClosed(c.conn, 2*time.Second) {
		t.Fatal("byte-by-byte startup not closed")
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("closed after %v, want about 500ms", elapsed)
	}
	assertWorks(t, g)
}

// scramClient is a minimal client side of SCRAM-SHA-256 for raw tests.
type scramClient struct {
	password, clientNonce, gs2   string
	clientFirstBare, serverFirst string
}

func newSCRAMClient(password, gs2 string) *scramClient {
	raw := make([]byte, 18)
	rand.Read(raw)
	nonce := base64.StdEncoding.EncodeToString(raw)
	return &scramClient{password: password, clientNonce: nonce, gs2: gs2, clientFirstBare: "n=,r=" + nonce}
}

func (s *scramClient) clientFirst() []byte { return []byte(s.gs2 + s.clientFirstBare) }

// clientFinal computes the client-final-message for serverFirst with the
// channel binding data cbData.
func (s *scramClient) clientFinal(t *testing.T, serverFirst string, cbData []byte) []byte {
	t.Helper()
	s.serverFirst = serverFirst
	attrs := map[string]string{}
	for _, a := range strings.Split(serverFirst, ",") {
		attrs[a[:1]] = a[2:]
	}
	salt, err := base64.StdEncoding.DecodeString(attrs["s"])
	if err != nil {
		t.Fatal(err)
	}
	iterations, _ := strconv.Atoi(attrs["i"])
	salted, err := pbkdf2.Key(sha256.New, s.password, salt, iterations, 32)
	if err != nil {
		t.Fatal(err)
	}
	mac := func(key, msg []byte) []byte {
		h := hmac.New(sha256.New, key)
		h.Write(msg)
		return h.Sum(nil)
	}
	clientKey := mac(salted, []byte("Client Key"))
	storedKey := sha256.Sum256(clientKey)
	withoutProof := "c=" + base64.StdEncoding.EncodeToString(append([]byte(s.gs2), cbData...)) + ",r=" + attrs["r"]
	signature := mac(storedKey[:], []byte(s.clientFirstBare+","+serverFirst+","+withoutProof))
	proof := make([]byte, len(clientKey))
	for i := range proof {
		proof[i] = clientKey[i] ^ signature[i]
	}
	return []byte(withoutProof + ",p=" + base64.StdEncoding.EncodeToString(proof))
}

// startSCRAM opens a raw session for user and reads AuthenticationSASL.
func startSCRAM(t *testing.T, g *gateway, user string, useTLS bool) *rawClient {
	t.Helper()
	var c *rawClient
	if useTLS {
		c = dialRawTLS(t, g)
	} else {
		c = dialRaw(t, g)
	}
	c.write(t, startupPacket(3<<16, "user", user, "database", "alice_private"))
	if _, ok := c.receive(t).(*pgproto3.AuthenticationSASL); !ok {
		t.Fatal("no AuthenticationSASL")
	}
	return c
}

func saslInitial(mechanism string, data []byte) []byte {
	body := append([]byte(mechanism), 0)
	body = binary.BigEndian.AppendUint32(body, uint32(len(data)))
	return goodFrame('p', append(body, data...))
}

func TestSCRAMAbuseSameForKnownAndUnknownUser(t *testing.T) {
	g := startGateway(t, testConfig(t))
	firsts := map[string][]byte{
		"wrong mechanism":  saslInitial("SCRAM-SHA-1", []byte("n,,n=,r=abc")),
		"PLUS on plain":    saslInitial("SCRAM-SHA-256-PLUS", []byte("p=tls-server-end-point,,n=,r=abc")),
		"no NUL":           goodFrame('p', []byte("SCRAM-SHA-256")),
		"truncated length": goodFrame('p', []byte("SCRAM-SHA-256\x00\x00\x00")),
		"garbage data":     saslInitial("SCRAM-SHA-256", []byte("\xff\xfe garbage")),
		"authzid":          saslInitial("SCRAM-SHA-256", []byte("n,a=bob,n=,r=abc")),
		"empty nonce":      saslInitial("SCRAM-SHA-256", []byte("n,,n=,r=")),
		"wrong type Q":     goodFrame('Q', []byte("select 1\x00")),
		// Only the header: a full body would still be in flight when the
		// server closes, and the kernel would then reset the connection.
		"over 64 KiB":       frame('p', 70004, []byte("SCRAM-SHA-256\x00")),
		"negative data len": goodFrame('p', []byte("SCRAM-SHA-256\x00\xff\xff\xff\xff")),
	}
	// Terminate ends the login quietly, for known and unknown users alike,
	// as PostgreSQL does.
	for _, user := range []string{"alice", "nobody"} {
		c := startSCRAM(t, g, user, false)
		c.write(t, goodFrame('X', nil))
		if e := c.receiveError(t); e != nil {
			t.Errorf("Terminate during login as %s answered with %+v", user, e)
		}
	}
	for name, first := range firsts {
		t.Run(name, func(t *testing.T) {
			var answers []*pgproto3.ErrorResponse
			for _, user := range []string{"alice", "nobody"} {
				c := startSCRAM(t, g, user, false)
				c.write(t, first)
				answers = append(answers, c.receiveError(t))
			}
			known, unknown := answers[0], answers[1]
			if known == nil || unknown == nil {
				t.Fatalf("no ErrorResponse: known %+v, unknown %+v", known, unknown)
			}
			if known.Code != unknown.Code || known.Hint != unknown.Hint || known.Detail != unknown.Detail ||
				strings.ReplaceAll(known.Message, "alice", "U") != strings.ReplaceAll(unknown.Message, "nobody", "U") {
				t.Errorf("known user %+v differs from unknown user %+v", known, unknown)
			}
			t.Logf("%s %s", known.Code, known.Message)
		})
	}
	assertWorks(t, g)
}

func TestSCRAMFinalAbuse(t *testing.T) {
	g := startGateway(t, testConfig(t))
	// Capture a valid client-final-message of one exchange to replay it.
	var replay []byte
	{
		c := startSCRAM(t, g, "alice", false)
		sc := newSCRAMClient(alicePassword, "n,,")
		c.write(t, saslInitial("SCRAM-SHA-256", sc.clientFirst()))
		cont, ok := c.receive(t).(*pgproto3.AuthenticationSASLContinue)
		if !ok {
			t.Fatal("no AuthenticationSASLContinue")
		}
		replay = sc.clientFinal(t, string(cont.Data), nil)
		c.write(t, goodFrame('p', replay))
		if _, ok := c.receive(t).(*pgproto3.AuthenticationSASLFinal); !ok {
			t.Fatal("valid proof not accepted")
		}
	}
	finals := map[string]func(valid []byte) []byte{
		"replayed final": func([]byte) []byte { return replay },
		"wrong password": nil,
		"no proof":       func(v []byte) []byte { return v[:bytes.LastIndex(v, []byte(",p="))] },
		"short proof":    func(v []byte) []byte { return append(v[:bytes.LastIndex(v, []byte(",p="))], ",p=AAAA"...) },
		"empty":          func([]byte) []byte { return nil },
		"binding y":      func(v []byte) []byte { return bytes.Replace(v, []byte("c=biws"), []byte("c=eSws"), 1) },
		"garbage":        func([]byte) []byte { return []byte("\x00\x01,p=,c=") },
	}
	for name, mutate := range finals {
		t.Run(name, func(t *testing.T) {
			c := startSCRAM(t, g, "alice", false)
			password := alicePassword
			if mutate == nil {
				password = "not-" + alicePassword
			}
			sc := newSCRAMClient(password, "n,,")
			c.write(t, saslInitial("SCRAM-SHA-256", sc.clientFirst()))
			cont, ok := c.receive(t).(*pgproto3.AuthenticationSASLContinue)
			if !ok {
				t.Fatal("no AuthenticationSASLContinue")
			}
			final := sc.clientFinal(t, string(cont.Data), nil)
			if mutate != nil {
				final = mutate(final)
			}
			c.write(t, goodFrame('p', final))
			e := c.receiveError(t)
			if e == nil || e.Code != "28P01" {
				t.Errorf("answer %+v, want 28P01", e)
			}
		})
	}
}

func TestChannelBindingDowngradeRejected(t *testing.T) {
	g := startGateway(t, testConfig(t))
	cases := map[string]struct {
		mechanism, gs2 string
		cbData         []byte
	}{
		"flag y over TLS":     {"SCRAM-SHA-256", "y,,", nil},
		"tls-unique":          {"SCRAM-SHA-256-PLUS", "p=tls-unique,,", nil},
		"PLUS with flag n":    {"SCRAM-SHA-256-PLUS", "n,,", nil},
		"PLUS wrong cb data":  {"SCRAM-SHA-256-PLUS", "p=tls-server-end-point,,", bytes.Repeat([]byte{1}, 32)},
		"non-PLUS with p=...": {"SCRAM-SHA-256", "p=tls-server-end-point,,", nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := startSCRAM(t, g, "alice", true)
			sc := newSCRAMClient(alicePassword, tc.gs2)
			c.write(t, saslInitial(tc.mechanism, sc.clientFirst()))
			msg := c.receive(t)
			if e, ok := msg.(*pgproto3.ErrorResponse); ok {
				if e.Code != "28P01" {
					t.Errorf("code %s, want 28P01", e.Code)
				}
				return
			}
			cont, ok := msg.(*pgproto3.AuthenticationSASLContinue)
			if !ok {
				t.Fatalf("unexpected %T", msg)
			}
			c.write(t, goodFrame('p', sc.clientFinal(t, string(cont.Data), tc.cbData)))
			if e := c.receiveError(t); e == nil || e.Code != "28P01" {
				t.Errorf("answer %+v, want 28P01", e)
			}
		})
	}
}

func TestTokenOddInputs(t *testing.T) {
	g := startGateway(t, testConfig(t))
	valid := tokens["alice_granted"]
	cases := map[string]struct {
		body []byte
		code string
	}{
		"empty":           {[]byte{0}, "28P01"},
		"no NUL":          {[]byte(valid), "08P01"},
		"prefix only":     {[]byte("pgw_\x00"), "28P01"},
		"hash as token":   {[]byte(sha256Hex(valid) + "\x00"), "28P01"},
		"60 KiB":          {append(bytes.Repeat([]byte("a"), 60000), 0), "28P01"},
		"over 64 KiB":     {[]byte("only the header of 70000 bytes"), "08P01"},
		"other user's":    {[]byte(tokens["carol_lost"] + "\x00"), "3D000"},
		"expired":         {[]byte(tokens["alice_expired"] + "\x00"), "28P01"},
		"token and space": {[]byte(valid + " \x00"), "28P01"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := dialRawTLS(t, g)
			c.write(t, startupPacket(3<<16, "user", "token", "database", "alice_private"))
			if _, ok := c.receive(t).(*pgproto3.AuthenticationCleartextPassword); !ok {
				t.Fatal("no AuthenticationCleartextPassword")
			}
			message := goodFrame('p', tc.body)
			if name == "over 64 KiB" {
				message = frame('p', 70004, tc.body)
			}
			c.write(t, message)
			e := c.receiveError(t)
			if e == nil || e.Code != tc.code {
				t.Errorf("answer %+v, want %s", e, tc.code)
			}
		})
	}
}

func TestRelayBadClientMessages(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	cfg.Limits.MaxMessageBytes = 4096
	g := startGateway(t, cfg)
	cases := map[string]struct {
		message []byte
		code    string
	}{
		"length 3":          {frame('Q', 3, nil), "08P01"},
		"length -1":         {frame('Q', -1, nil), "08P01"},
		"over the limit":    {frame('Q', 1<<30, []byte("select")), "54000"},
		"at the limit + 1":  {frame('Q', 4096, nil), "54000"},
		"unknown type":      {goodFrame('y', []byte("zz")), "08P01"},
		"password message":  {goodFrame('p', []byte("x\x00")), "08P01"},
		"startup in relay":  {startupPacket(3<<16, "user", "alice"), "54000"},
		"query without NUL": {goodFrame('Q', []byte("select 1")), "08P01"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := trustLogin(t, g, "alice", "alice_private")
			c.write(t, tc.message)
			e := c.receiveError(t)
			if e == nil || e.Code != tc.code {
				t.Errorf("answer %+v, want %s", e, tc.code)
			}
		})
	}
	t.Run("hang-up mid-message", func(t *testing.T) {
		c := trustLogin(t, g, "alice", "alice_private")
		c.write(t, frame('Q', 2000, []byte("select pg_sleep(")))
		c.conn.Close()
	})
	assertWorks(t, g)
}

func TestUpstreamKilledDuringCopyIn(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	g := startGateway(t, cfg)
	c := trustLogin(t, g, "alice", "alice_private")
	c.write(t, goodFrame('Q', []byte("create temp table sink (v text); copy sink from stdin /* copy-victim */\x00")))
	for {
		msg := c.receive(t)
		if _, ok := msg.(*pgproto3.CopyInResponse); ok {
			break
		}
		if e, ok := msg.(*pgproto3.ErrorResponse); ok {
			t.Fatalf("COPY: %s", e.Message)
		}
	}
	c.write(t, goodFrame('d', []byte("row 1\n")))
	if err := queryAdmin(upstreamDB, "select pg_terminate_backend(pid) from pg_stat_activity where query like '%copy-victim%' and pid <> pg_backend_pid()"); err != nil {
		t.Fatal(err)
	}
	c.write(t, goodFrame('d', []byte("row 2\n")))
	e := c.receiveError(t)
	if e == nil || (e.Code != "57P01" && e.Code != "08006") {
		t.Errorf("answer %+v, want 57P01 or 08006", e)
	}
	assertWorks(t, g)
}

func TestNonReadingClientDoesNotBlockOthers(t *testing.T) {
	cfg := testConfig(t)
	cfg.Auth.TrustLoopback = true
	g := startGateway(t, cfg)
	slow := trustLogin(t, g, "alice", "alice_private")
	slow.write(t, goodFrame('Q', []byte("select repeat('x', 1000) from generate_series(1, 1000000) /* slow-consumer */\x00")))
	waitForActiveQuery(t, "slow-consumer")
	time.Sleep(300 * time.Millisecond)
	for range 5 {
		assertWorks(t, g)
	}
}

func TestNoLeaksAfterFailedSessions(t *testing.T) {
	g := startGateway(t, testConfig(t))
	assertWorks(t, g)
	time.Sleep(200 * time.Millisecond)
	before := runtime.NumGoroutine()

	for i := range 20 {
		g.tryConnect("alice", "wrong", "alice_private", "disable")
		g.tryConnect("nobody", "wrong", "alice_private", "require")
		g.tryConnect("bob", bobPassword, "alice_private", "disable")
		g.tryConnect("token", tokens["alice_expired"], "alice_private", "require")
		c := dialRaw(t, g)
		c.write(t, startupPacket(3<<16, "user", "alice", "database"))
		c.receiveError(t)
		c.conn.Close()
		if conn, err := g.tryConnect("alice", alicePassword, "alice_private", "disable"); err == nil {
			if i%2 == 0 {
				conn.Exec(context.Background(), "select pg_sleep(0.01)")
			}
			conn.Close(context.Background())
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	after := runtime.NumGoroutine()
	for after > before+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		after = runtime.NumGoroutine()
	}
	if after > before+2 {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Errorf("goroutines: %d before, %d after\n%s", before, after, buf[:n])
	}

	logs := g.logs.String()
	secrets := []string{alicePassword, bobPassword, carolPassword, upstreamPassword}
	for _, token := range tokens {
		secrets = append(secrets, token, sha256Hex(token))
	}
	for _, secret := range secrets {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains the secret %q", secret)
		}
	}
}

func TestCancelRaceKeepsSessionUsable(t *testing.T) {
	g := startGateway(t, testConfig(t))
	conn := g.connect(t, "alice", alicePassword, "alice_private", "disable")
	for i := range 20 {
		done := make(chan error, 1)
		go func() {
			_, err := conn.Exec(context.Background(), "select pg_sleep(0.005)")
			done <- err
		}()
		time.Sleep(time.Duration(i%5) * time.Millisecond)
		sendCancel(t, g, conn.PgConn().PID(), conn.PgConn().SecretKey())
		if err := <-done; err != nil && pgCode(err) != "57014" {
			t.Fatalf("iteration %d: %v", i, err)
		}
	}
	var n int
	if err := conn.QueryRow(context.Background(), "select 5").Scan(&n); err != nil || n != 5 {
		t.Errorf("session after cancels: %d, %v", n, err)
	}
}
