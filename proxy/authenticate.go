package proxy

import (
	"errors"
	"io"
	"net"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"pgway/auth"
)

// tokenUser is the user name that logs in with an API access token as its
// password.
const tokenUser = auth.TokenUser

// maxAuthMessage bounds a password or SASL message.
const maxAuthMessage = 64 * 1024

// authenticate verifies who the client is and returns the principal the
// session acts as. Every failure is a *pgError for the client.
func (s *session) authenticate(dir *auth.Directory, user string) (*auth.Principal, error) {
	if user == tokenUser {
		return s.authenticateToken(dir)
	}
	if s.srv.cfg.Auth.TrustLoopback && isLoopback(s.remote) {
		if !dir.HasUser(user) {
			s.loginRejected(reasonUnknownUser)
			return nil, errRoleMissing(user)
		}
		return &auth.Principal{User: user}, nil
	}
	return s.authenticateSCRAM(dir, user)
}

func (s *session) authenticateSCRAM(dir *auth.Directory, user string) (*auth.Principal, error) {
	exchange := dir.NewSCRAM(user, s.channelBinding())
	if err := s.sendAndFlush(&pgproto3.AuthenticationSASL{AuthMechanisms: exchange.Mechanisms()}); err != nil {
		return nil, err
	}

	body, err := s.readPasswordMessage()
	if err != nil {
		return nil, err
	}
	var initial pgproto3.SASLInitialResponse
	if err := initial.Decode(body); err != nil {
		s.loginRejected(reasonProtocolViolation)
		return nil, errProtocolViolation("malformed SASLInitialResponse message")
	}
	if !slices.Contains(exchange.Mechanisms(), initial.AuthMechanism) {
		s.loginRejected(reasonProtocolViolation)
		return nil, errProtocolViolation("client selected an invalid SASL authentication mechanism")
	}
	serverFirst, err := exchange.Start(initial.AuthMechanism, initial.Data)
	if err != nil {
		return nil, s.scramFailure(user, err)
	}
	if err := s.sendAndFlush(&pgproto3.AuthenticationSASLContinue{Data: serverFirst}); err != nil {
		return nil, err
	}

	body, err = s.readPasswordMessage()
	if err != nil {
		return nil, err
	}
	serverFinal, err := exchange.Finish(body)
	if err != nil {
		return nil, s.scramFailure(user, err)
	}
	if err := s.client.send(&pgproto3.AuthenticationSASLFinal{Data: serverFinal}); err != nil {
		return nil, err
	}
	return &auth.Principal{User: user}, nil
}

func (s *session) scramFailure(user string, err error) error {
	s.log.Warn("authentication failed", "method", "scram-sha-256", "error", err)
	if errors.Is(err, auth.ErrAuthFailed) {
		s.loginRejected(reasonInvalidCredentials)
		return errAuthFailed(user)
	}
	s.loginRejected(reasonProtocolViolation)
	return errProtocolViolation("invalid SCRAM exchange: %v", err)
}

// authenticateToken asks for the token as a cleartext password, which is
// only safe inside TLS.
func (s *session) authenticateToken(dir *auth.Directory) (*auth.Principal, error) {
	if !s.tls {
		s.log.Warn("authentication failed", "method", "token", "error", "token login without TLS")
		s.loginRejected(reasonTLSRequired)
		return nil, errTokenNeedsTLS()
	}
	if err := s.sendAndFlush(&pgproto3.AuthenticationCleartextPassword{}); err != nil {
		return nil, err
	}
	body, err := s.readPasswordMessage()
	if err != nil {
		return nil, err
	}
	var msg pgproto3.PasswordMessage
	if err := msg.Decode(body); err != nil {
		s.loginRejected(reasonProtocolViolation)
		return nil, errProtocolViolation("malformed password message")
	}

	principal, err := dir.AuthenticateToken(msg.Password, time.Now())
	if err != nil {
		s.log.Warn("authentication failed", "method", "token", "error", err)
		if errors.Is(err, auth.ErrTokenExpired) {
			s.loginRejected(reasonExpiredToken)
			return nil, errTokenExpired()
		}
		s.loginRejected(reasonInvalidCredentials)
		return nil, errAuthFailed(tokenUser)
	}
	return principal, nil
}

// readPasswordMessage reads a 'p' message: a password or a SASL response.
func (s *session) readPasswordMessage() ([]byte, error) {
	typ, body, err := s.client.readMessage(maxAuthMessage)
	if err != nil {
		var tooLarge *messageTooLargeError
		var badLength *badLengthError
		if errors.As(err, &tooLarge) || errors.As(err, &badLength) {
			s.loginRejected(reasonProtocolViolation)
			return nil, errProtocolViolation("invalid authentication message length")
		}
		return nil, err
	}
	if typ == 'X' {
		// The client gave up on the login, as psql does to prompt for a
		// password.
		return nil, io.EOF
	}
	if typ != 'p' {
		s.loginRejected(reasonProtocolViolation)
		return nil, errProtocolViolation("expected password response, got message type %q", typ)
	}
	return body, nil
}

// channelBinding returns the tls-server-end-point binding of this session's
// TLS certificate, or nil without TLS.
func (s *session) channelBinding() *auth.ChannelBinding {
	if !s.tls || s.srv.certEndPoint == nil {
		return nil
	}
	return &auth.ChannelBinding{Type: auth.ChannelBindingTLSServerEndPoint, Data: s.srv.certEndPoint}
}

func (s *session) sendAndFlush(msg pgproto3.BackendMessage) error {
	if err := s.client.send(msg); err != nil {
		return err
	}
	return s.client.flush()
}

func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
