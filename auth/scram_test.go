package auth

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"pgway/config"
)

// The exchange of RFC 7677, section 3: user "user", password "pencil".
const (
	rfcClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"
	rfcServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
	rfcSalt        = "W22ZaJ0SNY7soEsUEjb6gQ=="
	rfcServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
	rfcClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0," +
		"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
	rfcServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
)

func rfcDirectory(t *testing.T) *Directory {
	t.Helper()
	salt, err := b64.DecodeString(rfcSalt)
	if err != nil {
		t.Fatal(err)
	}
	stored, server := referenceKeys(t, "pencil", salt, 4096)
	verifier := formatVerifier(&Verifier{Iterations: 4096, Salt: salt, StoredKey: stored, ServerKey: server})
	return newTestDirectory(t, &config.Config{Users: []config.User{{Name: "user", SCRAMSHA256: verifier}}})
}

func TestSCRAMRFC7677Vector(t *testing.T) {
	s := rfcDirectory(t).NewSCRAM("user", nil)
	s.serverNonce = rfcServerNonce

	serverFirst, err := s.Start("SCRAM-SHA-256", []byte(rfcClientFirst))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if string(serverFirst) != rfcServerFirst {
		t.Errorf("server-first-message = %q, want %q", serverFirst, rfcServerFirst)
	}
	serverFinal, err := s.Finish([]byte(rfcClientFinal))
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	if string(serverFinal) != rfcServerFinal {
		t.Errorf("server-final-message = %q, want %q", serverFinal, rfcServerFinal)
	}
}

func TestSCRAMExchangeOutcome(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	tests := []struct {
		name     string
		user     string
		password string
		wantErr  bool
	}{
		{"cleartext password", "alice", alicePassword, false},
		{"stored verifier", "bob", bobPassword, false},
		{"wrong password", "alice", "wrong", true},
		{"other user's password", "alice", bobPassword, true},
		{"unknown user", "mallory", "wrong", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := testClient{mechanism: "SCRAM-SHA-256", gs2Header: "n,,", password: tt.password}
			err := client.run(t, d.NewSCRAM(tt.user, nil))
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v, want error: %v", err, tt.wantErr)
			}
			if tt.wantErr && !errors.Is(err, ErrAuthFailed) {
				t.Errorf("error %v does not wrap ErrAuthFailed", err)
			}
		})
	}
}

func TestSCRAMUnknownUserLikeWrongPassword(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	client := testClient{mechanism: "SCRAM-SHA-256", gs2Header: "n,,", password: "wrong"}

	wrongPassword := client.run(t, d.NewSCRAM("alice", nil))
	unknownUser := client.run(t, d.NewSCRAM("alice2", nil))
	if wrongPassword == nil || unknownUser == nil {
		t.Fatalf("errors = %v, %v, want both non-nil", wrongPassword, unknownUser)
	}
	want := strings.Replace(wrongPassword.Error(), `"alice"`, `"alice2"`, 1)
	if unknownUser.Error() != want {
		t.Errorf("unknown user error %q, want %q", unknownUser, want)
	}
}

func TestSCRAMMockSalt(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	other := newTestDirectory(t, testConfig(t))
	first := d.NewSCRAM("mallory", nil).verifier
	tests := []struct {
		name      string
		verifier  *Verifier
		wantEqual bool
	}{
		{"same user again", d.NewSCRAM("mallory", nil).verifier, true},
		{"other unknown user", d.NewSCRAM("trudy", nil).verifier, false},
		{"other directory", other.NewSCRAM("mallory", nil).verifier, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bytes.Equal(tt.verifier.Salt, first.Salt); got != tt.wantEqual {
				t.Errorf("salt equal = %v, want %v", got, tt.wantEqual)
			}
		})
	}
	if len(first.Salt) != verifierSaltLen || first.Iterations != verifierIterations {
		t.Errorf("mock salt length %d, iterations %d, want %d, %d",
			len(first.Salt), first.Iterations, verifierSaltLen, verifierIterations)
	}
}

func TestSCRAMMechanisms(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	tests := []struct {
		name    string
		binding *ChannelBinding
		want    []string
	}{
		{"no binding", nil, []string{"SCRAM-SHA-256"}},
		{"empty binding data", &ChannelBinding{Type: ChannelBindingTLSServerEndPoint}, []string{"SCRAM-SHA-256"}},
		{"binding", &ChannelBinding{Type: ChannelBindingTLSServerEndPoint, Data: []byte{1}},
			[]string{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.NewSCRAM("alice", tt.binding).Mechanisms(); !slices.Equal(got, tt.want) {
				t.Errorf("Mechanisms() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSCRAMUser(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	if got := d.NewSCRAM("bob", nil).User(); got != "bob" {
		t.Errorf("User() = %q, want bob", got)
	}
}

var testBinding = &ChannelBinding{Type: ChannelBindingTLSServerEndPoint, Data: []byte("certificate hash")}

// plusHeader is the GS2 header of a client that uses tls-server-end-point.
const plusHeader = "p=tls-server-end-point,,"

// TestSCRAMStart covers the GS2 header and client-first-message rules.
func TestSCRAMStart(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	const bare = "n=alice,r=abc"
	tests := []struct {
		name        string
		mechanism   string
		binding     *ChannelBinding
		clientFirst string
		wantErr     string // empty when Start must succeed
	}{
		{"no binding", "SCRAM-SHA-256", nil, "n,," + bare, ""},
		{"client supports binding", "SCRAM-SHA-256", nil, "y,," + bare, ""},
		{"binding offered, client without", "SCRAM-SHA-256", testBinding, "n,," + bare, ""},
		{"PLUS", "SCRAM-SHA-256-PLUS", testBinding, plusHeader + bare, ""},
		{"empty user name", "SCRAM-SHA-256", nil, "n,,n=,r=abc", ""},
		{"extension after nonce", "SCRAM-SHA-256", nil, "n,," + bare + ",x=1", ""},
		{"unknown mechanism", "SCRAM-SHA-1", nil, "n,," + bare, "unsupported SASL mechanism"},
		{"PLUS not offered", "SCRAM-SHA-256-PLUS", nil, plusHeader + bare, "unsupported SASL mechanism"},
		{"PLUS with n", "SCRAM-SHA-256-PLUS", testBinding, "n,," + bare, "sent no channel binding data"},
		{"PLUS with y", "SCRAM-SHA-256-PLUS", testBinding, "y,," + bare, "sent no channel binding data"},
		{"downgrade", "SCRAM-SHA-256", testBinding, "y,," + bare, "negotiation failed"},
		{"binding without PLUS", "SCRAM-SHA-256", testBinding, plusHeader + bare, "sent channel binding data"},
		{"other binding type", "SCRAM-SHA-256-PLUS", testBinding, "p=tls-unique,," + bare, "unsupported SCRAM channel binding type"},
		{"authzid", "SCRAM-SHA-256", nil, "n,a=bob," + bare, "authorization identity"},
		{"empty message", "SCRAM-SHA-256", nil, "", "GS2 header missing"},
		{"no GS2 header", "SCRAM-SHA-256", nil, bare, "unknown channel binding flag"},
		{"unterminated header", "SCRAM-SHA-256", nil, "n,", "not terminated"},
		{"junk in header", "SCRAM-SHA-256", nil, "n,x," + bare, "unexpected attribute"},
		{"mandatory extension", "SCRAM-SHA-256", nil, "n,,m=ext," + bare, "extensions (m=)"},
		{"user name missing", "SCRAM-SHA-256", nil, "n,,r=abc", "user name attribute"},
		{"nonce missing", "SCRAM-SHA-256", nil, "n,,n=alice", "nonce attribute"},
		{"empty nonce", "SCRAM-SHA-256", nil, "n,,n=alice,r=", "not printable"},
		{"control character in nonce", "SCRAM-SHA-256", nil, "n,,n=alice,r=a\x01b", "not printable"},
		{"malformed extension", "SCRAM-SHA-256", nil, "n,," + bare + ",xyz", "malformed extension"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.NewSCRAM("alice", tt.binding).Start(tt.mechanism, []byte(tt.clientFirst))
			checkError(t, err, tt.wantErr)
		})
	}
}

// checkError checks that err is nil when wantErr is empty, and otherwise
// that it wraps ErrAuthFailed and contains wantErr.
func checkError(t *testing.T, err error, wantErr string) {
	t.Helper()
	if wantErr == "" {
		if err != nil {
			t.Errorf("error = %v, want nil", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("error = nil, want one containing %q", wantErr)
	}
	if !errors.Is(err, ErrAuthFailed) {
		t.Errorf("error %v does not wrap ErrAuthFailed", err)
	}
	if !strings.Contains(err.Error(), wantErr) {
		t.Errorf("error %q does not contain %q", err, wantErr)
	}
}

// TestSCRAMFinish covers the client-final-message rules after a valid Start.
func TestSCRAMFinish(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	const nonce = "r=abcSERVER"
	validProof := "p=" + b64.EncodeToString(make([]byte, 32))
	plusBinding := "c=" + b64.EncodeToString(append([]byte(plusHeader), testBinding.Data...))
	tests := []struct {
		name        string
		binding     *ChannelBinding
		clientFinal string
		wantErr     string
	}{
		{"wrong proof", nil, "c=biws," + nonce + "," + validProof, "password authentication failed"},
		{"PLUS wrong proof", testBinding, plusBinding + "," + nonce + "," + validProof, "password authentication failed"},
		{"proof missing", nil, "c=biws," + nonce, "proof attribute (p=) missing"},
		{"proof not base64", nil, "c=biws," + nonce + ",p=***", "proof is not 32 bytes"},
		{"proof too short", nil, "c=biws," + nonce + ",p=AAAA", "proof is not 32 bytes"},
		{"proof not last", nil, "c=biws," + nonce + "," + validProof + ",x=1", "proof is not 32 bytes"},
		{"binding missing", nil, nonce + "," + validProof, "channel binding attribute (c=) missing"},
		{"binding not base64", nil, "c=***," + nonce + "," + validProof, "channel binding is not base64"},
		{"binding of y header", nil, "c=eSws," + nonce + "," + validProof, "channel binding check failed"},
		{"PLUS binding data wrong", testBinding, "c=" + b64.EncodeToString([]byte(plusHeader+"other")) +
			"," + nonce + "," + validProof, "channel binding check failed"},
		{"PLUS binding data missing", testBinding, "c=" + b64.EncodeToString([]byte(plusHeader)) +
			"," + nonce + "," + validProof, "channel binding check failed"},
		{"nonce missing", nil, "c=biws," + validProof, "nonce does not match"},
		{"nonce of other exchange", nil, "c=biws,r=abcOTHER," + validProof, "nonce does not match"},
		{"malformed extension", nil, "c=biws," + nonce + ",xyz," + validProof, "malformed extension"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := d.NewSCRAM("alice", tt.binding)
			s.serverNonce = "SERVER"
			mechanism, header := "SCRAM-SHA-256", "n,,"
			if tt.binding != nil {
				mechanism, header = "SCRAM-SHA-256-PLUS", plusHeader
			}
			if _, err := s.Start(mechanism, []byte(header+"n=,r=abc")); err != nil {
				t.Fatalf("Start: %v", err)
			}
			_, err := s.Finish([]byte(tt.clientFinal))
			checkError(t, err, tt.wantErr)
		})
	}
}

func TestSCRAMChannelBinding(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	tests := []struct {
		name        string
		bindingData []byte
		wantErr     string
	}{
		{"matching data", testBinding.Data, ""},
		{"other certificate", []byte("other hash"), "channel binding check failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := testClient{mechanism: "SCRAM-SHA-256-PLUS", gs2Header: plusHeader,
				bindingData: tt.bindingData, password: alicePassword}
			checkError(t, client.run(t, d.NewSCRAM("alice", testBinding)), tt.wantErr)
		})
	}
}

func TestSCRAMCallOrder(t *testing.T) {
	d := newTestDirectory(t, testConfig(t))
	const clientFirst = "n,,n=,r=abc"
	tests := []struct {
		name  string
		steps func(s *SCRAMServer) error
	}{
		{"Finish before Start", func(s *SCRAMServer) error {
			_, err := s.Finish([]byte("c=biws"))
			return err
		}},
		{"Start twice", func(s *SCRAMServer) error {
			s.Start("SCRAM-SHA-256", []byte(clientFirst))
			_, err := s.Start("SCRAM-SHA-256", []byte(clientFirst))
			return err
		}},
		{"Finish after failed Start", func(s *SCRAMServer) error {
			s.Start("SCRAM-SHA-256", []byte("bad"))
			_, err := s.Finish([]byte("c=biws"))
			return err
		}},
		{"Finish twice", func(s *SCRAMServer) error {
			s.Start("SCRAM-SHA-256", []byte(clientFirst))
			s.Finish([]byte("c=biws"))
			_, err := s.Finish([]byte("c=biws"))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.steps(d.NewSCRAM("alice", nil))
			checkError(t, err, "SCRAM exchange")
		})
	}
}

// FuzzSCRAM checks that no input panics and every error wraps ErrAuthFailed.
func FuzzSCRAM(f *testing.F) {
	f.Add("SCRAM-SHA-256", []byte(rfcClientFirst), []byte(rfcClientFinal))
	f.Add("SCRAM-SHA-256-PLUS", []byte("p=tls-server-end-point,,n=,r=x"), []byte("c=,r=x,p="))
	f.Add("SCRAM-SHA-256", []byte("y,a=,n=,r=\x00"), []byte(",p=,p="))
	d, err := NewDirectory(&config.Config{Users: []config.User{{Name: "user", Password: "pencil"}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, mechanism string, clientFirst, clientFinal []byte) {
		s := d.NewSCRAM("user", testBinding)
		s.serverNonce = rfcServerNonce
		if _, err := s.Start(mechanism, clientFirst); err != nil {
			if !errors.Is(err, ErrAuthFailed) {
				t.Fatalf("Start error %v does not wrap ErrAuthFailed", err)
			}
			return
		}
		if _, err := s.Finish(clientFinal); err != nil && !errors.Is(err, ErrAuthFailed) {
			t.Fatalf("Finish error %v does not wrap ErrAuthFailed", err)
		}
	})
}
