// Package snowflake is the provider for Snowflake, through the gosnowflake
// driver. Importing the package registers the provider snowflake.
//
// Each client session gets one Snowflake session, in which transaction
// blocks run as Snowflake transactions (see transaction.go). Results
// stream as the driver's Arrow batches, one result chunk each, read a few
// chunks ahead of the client.
package snowflake

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	sf "github.com/snowflakedb/gosnowflake"

	"pgway/config"
	"pgway/providers"
)

func init() {
	// The driver probes cloud metadata servers to report the platform it
	// runs on at login, unless this variable is set. pgway sends nothing
	// to hosts other than the configured account.
	os.Setenv("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true")
	// The driver's own log could show request URLs and would duplicate
	// pgway's log, which records every error the provider returns.
	sf.GetLogger().SetLogLevel("OFF")
	sf.GetLogger().SetOutput(io.Discard)
	providers.Register("snowflake", open)
}

func open(ctx context.Context, conn *config.Connection) (providers.Session, error) {
	tag := queryTag(providers.UserFrom(ctx), conn.Name)
	cfg, err := driverConfig(conn, tag)
	if err != nil {
		return nil, err
	}
	connector := sf.NewConnector(sf.SnowflakeDriver{}, *cfg)
	driverConn, err := connector.Connect(ctx)
	if err != nil {
		return nil, convertError(err)
	}
	return newSession(driverConn, tag), nil
}

// queryTag names the pgway user and connection, so that Snowflake's query
// history shows who ran each query through pgway.
func queryTag(user, connection string) string {
	return fmt.Sprintf("pgway user=%s connection=%s", user, connection)
}

// driverConfig builds the driver's configuration from the connection's
// credentials. With host, port or protocol set, the driver talks only to
// that address, as for a private link or a local emulator.
func driverConfig(conn *config.Connection, tag string) (*sf.Config, error) {
	creds := conn.Config.Credentials
	params := map[string]*string{}
	for name, value := range map[string]string{
		// Transaction blocks (transaction.go) rely on Snowflake's
		// defaults, whatever the account or user sets: each statement
		// outside a transaction commits on its own, and a failed
		// statement leaves the transaction open.
		"AUTOCOMMIT":                 "TRUE",
		"TRANSACTION_ABORT_ON_ERROR": "FALSE",
		"GEOGRAPHY_OUTPUT_FORMAT":    "WKB",
		"GEOMETRY_OUTPUT_FORMAT":     "WKB",
		"QUERY_TAG":                  tag,
		"TIMEZONE":                   "UTC",
		// translate.SnowflakeSessionSetup: weeks start on Monday, as
		// date_trunc('week') does in PostgreSQL, whatever the account's
		// default.
		"WEEK_START": "1",
	} {
		params[name] = &value
	}
	cfg := &sf.Config{
		Account:                        creds["account"],
		Database:                       creds["database"],
		Warehouse:                      creds["warehouse"],
		Schema:                         creds["schema"],
		Role:                           creds["role"],
		Host:                           creds["host"],
		Protocol:                       creds["protocol"],
		Params:                         params,
		Application:                    "pgway",
		DisableTelemetry:               true,
		DisableConsoleLogin:            sf.ConfigBoolTrue,
		ValidateDefaultParameters:      sf.ConfigBoolFalse,
		ClientRequestMfaToken:          sf.ConfigBoolFalse,
		ClientStoreTemporaryCredential: sf.ConfigBoolFalse,
		DisableQueryContextCache:       true,
		LoginTimeout:                   60 * time.Second,
		MaxRetryCount:                  3,
	}
	if cfg.Account == "" {
		return nil, credentialError("account is missing")
	}
	if port := creds["port"]; port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return nil, credentialError(fmt.Sprintf("port %q is not a TCP port number", port))
		}
		cfg.Port = n
	}
	if cfg.Host != "" && cfg.Protocol == "" {
		cfg.Protocol = "https"
	}
	if cfg.Protocol == "http" {
		if cfg.Host == "" {
			return nil, credentialError("protocol http needs a host")
		}
		if cfg.Port == 0 {
			cfg.Port = 80
		}
		// Plain HTTP reaches only an emulator: there is no certificate
		// whose revocation could be checked, and every request, result
		// chunks included, goes to the configured address.
		cfg.DisableOCSPChecks = true
		cfg.Transporter = pinnedTransport{address: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)),
			next: http.DefaultTransport}
	}
	switch conn.Config.Type {
	case "snowflake_account":
		cfg.Authenticator = sf.AuthTypeSnowflake
		cfg.User, cfg.Password = creds["username"], creds["password"]
	case "snowflake_key_pair":
		cfg.Authenticator = sf.AuthTypeJwt
		cfg.User = creds["username"]
		key, err := parsePrivateKey(creds["private_key"], creds["private_key_passphrase"])
		if err != nil {
			return nil, err
		}
		cfg.PrivateKey = key
	case "snowflake_oauth":
		cfg.Authenticator = sf.AuthTypeOAuth
		cfg.Token = creds["token"]
	default:
		return nil, credentialError(fmt.Sprintf("config type %q is not a Snowflake authentication method", conn.Config.Type))
	}
	return cfg, nil
}

// parsePrivateKey reads an RSA private key in PEM, PKCS #8 or PKCS #1,
// encrypted with passphrase when one is given. Its errors never contain
// the key or the passphrase.
func parsePrivateKey(text, passphrase string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, credentialError("private_key is not a PEM block")
	}
	der := block.Bytes
	// Keys in OpenSSL's traditional format may use the legacy PEM
	// encryption, which the standard library still decrypts.
	if x509.IsEncryptedPEMBlock(block) { //nolint:staticcheck
		if passphrase == "" {
			return nil, credentialError("private_key is encrypted and private_key_passphrase is missing")
		}
		var err error
		der, err = x509.DecryptPEMBlock(block, []byte(passphrase)) //nolint:staticcheck
		if err != nil {
			return nil, credentialError("private_key could not be decrypted with private_key_passphrase")
		}
	} else if strings.Contains(block.Type, "ENCRYPTED") {
		// TODO: PKCS #8 keys encrypted with PBES2 ("ENCRYPTED PRIVATE
		// KEY") need a decoder that the standard library lacks.
		return nil, credentialError("private_key is an encrypted PKCS #8 key, which pgway cannot read yet: store it unencrypted")
	}
	if key, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		rsaKey, ok := key.(*rsa.PrivateKey)
		if !ok {
			return nil, credentialError("private_key is not an RSA key")
		}
		return rsaKey, nil
	}
	key, err := x509.ParsePKCS1PrivateKey(der)
	if err != nil {
		return nil, credentialError("private_key is not a PKCS #8 or PKCS #1 RSA private key")
	}
	return key, nil
}

// pinnedTransport sends requests only to one address.
type pinnedTransport struct {
	address string
	next    http.RoundTripper
}

func (p pinnedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != p.address {
		return nil, fmt.Errorf("snowflake: request to %s rejected: an http connection may reach only %s", r.URL.Host, p.address)
	}
	return p.next.RoundTrip(r)
}

func credentialError(message string) error {
	return &providers.Error{Code: "08001", Message: "invalid Snowflake connection: " + message,
		Hint: "Fix the connection's credentials in the configuration.", Err: errors.New(message)}
}
