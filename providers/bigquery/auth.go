package bigquery

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
)

// scope is the OAuth scope the clients ask for.
const scope = "https://www.googleapis.com/auth/bigquery"

// newHTTPClient returns an HTTP client that authenticates every request
// with the connection's credentials, and the set of secret strings that
// errors must never show, which grows by each access token sent.
//
// A service account key signs its own JWT access tokens, scoped to
// BigQuery, so that no token is fetched from the key's token_uri: the
// client sends requests to the BigQuery endpoint and nowhere else. An
// OAuth access token is sent as it is and is never refreshed.
func newHTTPClient(configType string, creds map[string]string) (*http.Client, *secretSet, error) {
	base := http.DefaultTransport.(*http.Transport).Clone()
	var source oauth2.TokenSource
	var secrets []string
	switch configType {
	case "service_account":
		key := creds["service_account_key"]
		ts, keySecrets, err := serviceAccountTokens(key)
		if err != nil {
			return nil, nil, err
		}
		source, secrets = ts, keySecrets
	case "oauth":
		token := creds["access_token"]
		if token == "" {
			return nil, nil, invalidConfig("access_token is missing")
		}
		source = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})
		secrets = []string{token}
	default:
		return nil, nil, invalidConfig("unknown config type " + quote(configType) +
			": use service_account or oauth")
	}
	set := newSecretSet(secrets...)
	source = &recordingSource{source: source, secrets: set}
	return &http.Client{Transport: &oauth2.Transport{Source: source, Base: base}}, set, nil
}

// recordingSource adds every access token it returns to secrets.
type recordingSource struct {
	source  oauth2.TokenSource
	secrets *secretSet
}

func (r *recordingSource) Token() (*oauth2.Token, error) {
	token, err := r.source.Token()
	if err != nil {
		return nil, err
	}
	r.secrets.add(token.AccessToken)
	return token, nil
}

// maxTokens is the maximum number of access tokens a secretSet keeps. It
// drops the oldest first, which expired long ago.
const maxTokens = 32

// secretSet is the set of credential strings of a session: the
// connection's key or token, and the access tokens sent.
type secretSet struct {
	mu          sync.Mutex
	credentials []string
	tokens      []string
}

func newSecretSet(credentials ...string) *secretSet {
	return &secretSet{credentials: slices.DeleteFunc(credentials, func(s string) bool { return s == "" })}
}

// add adds an access token.
func (s *secretSet) add(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if token == "" || slices.Contains(s.tokens, token) {
		return
	}
	if len(s.tokens) == maxTokens {
		s.tokens = slices.Delete(s.tokens, 0, 1)
	}
	s.tokens = append(s.tokens, token)
}

// redact replaces every secret in text.
func (s *secretSet) redact(text string) string {
	if s == nil {
		return text
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, secret := range slices.Concat(s.credentials, s.tokens) {
		text = strings.ReplaceAll(text, secret, "[redacted]")
	}
	return text
}

// serviceAccountKey is the part of a service account key JSON that
// pgway checks before handing the key to the JWT signer.
type serviceAccountKey struct {
	Type         string `json:"type"`
	PrivateKey   string `json:"private_key"`
	PrivateKeyID string `json:"private_key_id"`
	ClientEmail  string `json:"client_email"`
}

// serviceAccountTokens returns a source of self-signed JWT access tokens
// for the key JSON, and the key's secret parts. Its errors never quote
// the key.
func serviceAccountTokens(keyJSON string) (oauth2.TokenSource, []string, error) {
	if keyJSON == "" {
		return nil, nil, invalidConfig("service_account_key is missing")
	}
	var key serviceAccountKey
	if err := json.Unmarshal([]byte(keyJSON), &key); err != nil {
		return nil, nil, invalidConfig("service_account_key is not valid JSON")
	}
	if key.Type != "service_account" {
		return nil, nil, invalidConfig("service_account_key has type " + quote(key.Type) +
			", not service_account")
	}
	if key.PrivateKey == "" || key.ClientEmail == "" {
		return nil, nil, invalidConfig("service_account_key lacks private_key or client_email")
	}
	secrets := []string{keyJSON, key.PrivateKey, key.PrivateKeyID}
	// The PEM body's lines are secret on their own too, in case a message
	// quotes one of them.
	for _, line := range strings.Split(key.PrivateKey, "\n") {
		if len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			secrets = append(secrets, line)
		}
	}
	ts, err := google.JWTAccessTokenSourceWithScope([]byte(keyJSON), scope)
	if err != nil {
		return nil, nil, invalidConfig("service_account_key has an invalid private_key")
	}
	return ts, secrets, nil
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
