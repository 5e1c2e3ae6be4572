package bigquery

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"github.com/jackc/pgx/v5/pgtype"

	"pgway/config"
	"pgway/providers"
)

// fakeAPI is a stand-in for the BigQuery REST API that responds as
// BigQuery does where the emulator does not: jobs that keep running,
// errors with each reason, and dry runs that infer parameter types.
type fakeAPI struct {
	server *httptest.Server
	mu     sync.Mutex
	// fail, when set, is the error status, reason and message of every
	// jobs.insert, or of the first failures of them when failures > 0.
	fail     *apiError
	failures int
	inserts  int
	// running keeps non-dry-run jobs running until cancelled.
	running bool
	// dml makes every statement an INSERT that affects 3 rows.
	dml       bool
	cancelled []string
	auth      []string
}

type apiError struct {
	status  int
	reason  string
	message string
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	fail, running, dml := f.fail, f.running, f.dml
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/cancel"):
		parts := strings.Split(r.URL.Path, "/")
		f.mu.Lock()
		f.cancelled = append(f.cancelled, parts[len(parts)-2])
		f.mu.Unlock()
		fmt.Fprint(w, `{"kind":"bigquery#jobCancelResponse"}`)
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/jobs"):
		f.mu.Lock()
		f.inserts++
		if f.failures > 0 && f.inserts > f.failures {
			fail = nil
		}
		f.mu.Unlock()
		if fail != nil {
			w.WriteHeader(fail.status)
			json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
				"code": fail.status, "message": fail.message,
				"errors": []map[string]string{{"reason": fail.reason, "message": fail.message}}}})
			return
		}
		var job struct {
			JobReference  map[string]string `json:"jobReference"`
			Configuration struct {
				DryRun bool `json:"dryRun"`
			} `json:"configuration"`
		}
		json.NewDecoder(r.Body).Decode(&job)
		if job.Configuration.DryRun && dml {
			fmt.Fprint(w, `{"jobReference":{"projectId":"p"},"status":{"state":"DONE"},"statistics":{"query":{"statementType":"INSERT"}}}`)
			return
		}
		if job.Configuration.DryRun {
			fmt.Fprint(w, `{"jobReference":{"projectId":"p"},"status":{"state":"DONE"},"statistics":{"query":{
				"statementType":"SELECT",
				"schema":{"fields":[{"name":"n","type":"INTEGER","mode":"NULLABLE"},{"name":"d","type":"DATE","mode":"NULLABLE"}]},
				"undeclaredQueryParameters":[{"name":"p1","parameterType":{"type":"INT64"}},{"name":"p2","parameterType":{"type":"DATE"}},{"name":"p3","parameterType":{"type":"BIGNUMERIC"}}]}}}`)
			return
		}
		state := "DONE"
		if running {
			state = "RUNNING"
		}
		fmt.Fprintf(w, `{"jobReference":{"projectId":"p","jobId":%q},"configuration":{"query":{}},"status":{"state":%q}}`,
			job.JobReference["jobId"], state)
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/jobs/"):
		fmt.Fprint(w, `{"jobReference":{"projectId":"p"},"configuration":{"query":{}},"status":{"state":"DONE"},
			"statistics":{"query":{"statementType":"INSERT","numDmlAffectedRows":"3"}}}`)
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/queries/") && dml:
		fmt.Fprint(w, `{"jobComplete":true,"totalRows":"0"}`)
	case r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/queries/"):
		if running {
			fmt.Fprint(w, `{"jobComplete":false}`)
			return
		}
		fmt.Fprint(w, `{"jobComplete":true,"totalRows":"1","schema":{"fields":[{"name":"n","type":"INTEGER"},{"name":"d","type":"DATE"}]},"rows":[{"f":[{"v":"1"},{"v":"2024-01-02"}]}]}`)
	default:
		http.Error(w, `{"error":{"code":404,"message":"no such method"}}`, http.StatusNotFound)
	}
}

func (f *fakeAPI) set(change func(f *fakeAPI)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

// TestCancelRunningJob cancels a statement whose job keeps running, as
// BigQuery's jobs do; the emulator finishes every job inside jobs.insert.
func TestCancelRunningJob(t *testing.T) {
	f := newFakeAPI(t)
	s := openTestSession(t, f.server.URL)
	st, err := s.Prepare(context.Background(), "SELECT n, d FROM t WHERE n = @p1 AND d = @p2 AND x = @p3")
	if err != nil {
		t.Fatal(err)
	}
	f.set(func(f *fakeAPI) { f.running = true })
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err = s.Execute(ctx, st, []any{int64(1), time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "1.5"})
	var pe *providers.Error
	if !errorAs(err, &pe) || pe.Code != "57014" {
		t.Fatalf("Execute = %v, want SQLSTATE 57014", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.cancelled) != 1 || !strings.HasPrefix(f.cancelled[0], "pgway_") {
		t.Errorf("cancelled jobs %v, want the statement's job", f.cancelled)
	}
}

// TestSessionCancelStopsWait checks that Session.Cancel, which the engine
// calls for a CancelRequest, ends a wait for a running job.
func TestSessionCancelStopsWait(t *testing.T) {
	f := newFakeAPI(t)
	s := openTestSession(t, f.server.URL)
	st, err := s.Prepare(context.Background(), "SELECT n, d FROM t")
	if err != nil {
		t.Fatal(err)
	}
	f.set(func(f *fakeAPI) { f.running = true })
	// cancelling is set before Cancel, since Execute may return before
	// Cancel does.
	var cancelling atomic.Bool
	go func() {
		time.Sleep(300 * time.Millisecond)
		cancelling.Store(true)
		s.Cancel()
	}()
	_, err = s.Execute(context.Background(), st, nil)
	var pe *providers.Error
	if !errorAs(err, &pe) || pe.Code != "57014" || !cancelling.Load() {
		t.Fatalf("Execute = %v, want SQLSTATE 57014 after Cancel", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.cancelled) != 1 {
		t.Errorf("cancelled jobs %v, want one", f.cancelled)
	}
}

// TestInferredParameterTypes checks that the parameter types BigQuery
// infers in a dry run become the statement's parameter OIDs and the
// types the values are bound as.
func TestInferredParameterTypes(t *testing.T) {
	f := newFakeAPI(t)
	s := openTestSession(t, f.server.URL)
	st, err := s.Prepare(context.Background(), "SELECT n, d FROM t WHERE n = @p1 AND d = @p2 AND x = @p3")
	if err != nil {
		t.Fatal(err)
	}
	want := []uint32{pgtype.Int8OID, pgtype.DateOID, pgtype.NumericOID}
	if got := st.ParamOIDs(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ParamOIDs = %v, want %v", got, want)
	}
	kinds := st.(*statement).paramKinds
	params, err := bindParameters(st.(*statement).placeholders, st.ParamOIDs(), kinds,
		[]any{"7", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "1.5"})
	if err != nil {
		t.Fatal(err)
	}
	for i, wantKind := range []string{"INT64", "DATE", "BIGNUMERIC"} {
		kind := params[i].Value.(*bigquery.QueryParameterValue).Type.TypeKind
		if kind != wantKind {
			t.Errorf("parameter %d bound as %s, want %s", i+1, kind, wantKind)
		}
	}
	if cols := st.Columns(); len(cols) != 2 || cols[0].TypeOID != pgtype.Int8OID || cols[1].TypeOID != pgtype.DateOID {
		t.Errorf("columns %+v, want n bigint and d date from the dry run's schema", cols)
	}
}

// TestDMLCommandTag checks the tag of a DML statement, whose affected row
// count BigQuery reports in the job's statistics. The emulator reports no
// count.
func TestDMLCommandTag(t *testing.T) {
	f := newFakeAPI(t)
	f.set(func(f *fakeAPI) { f.dml = true })
	s := openTestSession(t, f.server.URL)
	st, rows, tag := query(t, s, "INSERT INTO t (n) VALUES (1), (2), (3)")
	if len(st.Columns()) != 0 || len(rows) != 0 {
		t.Errorf("INSERT described %d columns and returned %d rows, want none", len(st.Columns()), len(rows))
	}
	if tag != "INSERT 0 3" {
		t.Errorf("tag %q, want INSERT 0 3", tag)
	}
}

// TestDryRunRetries checks that a dry run is retried after a transient
// error and not after others.
func TestDryRunRetries(t *testing.T) {
	f := newFakeAPI(t)
	s := openTestSession(t, f.server.URL)
	f.set(func(f *fakeAPI) { f.fail, f.failures = &apiError{503, "backendError", "Backend error"}, 2 })
	if _, err := s.Prepare(context.Background(), "SELECT n, d FROM t"); err != nil {
		t.Fatalf("Prepare after two transient errors: %v", err)
	}
	f.set(func(f *fakeAPI) { f.fail, f.failures, f.inserts = &apiError{400, "invalidQuery", "Syntax error"}, 0, 0 })
	if _, err := s.Prepare(context.Background(), "SELEC"); err == nil {
		t.Fatal("Prepare of an invalid query succeeded")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.inserts != 1 {
		t.Errorf("an invalid query was sent %d times, want once", f.inserts)
	}
}

// TestErrorReasons checks the SQLSTATE of each error reason, and that the
// message is BigQuery's own.
func TestErrorReasons(t *testing.T) {
	f := newFakeAPI(t)
	s := openTestSession(t, f.server.URL)
	cases := []struct {
		status          int
		reason, message string
		code            string
	}{
		{400, "invalidQuery", "Syntax error: Expected end of input but got identifier \"x\" at [1:10]", "42601"},
		{400, "invalidQuery", "Unrecognized name: nope at [1:8]", "42703"},
		{404, "notFound", "Not found: Table p:d.missing was not found in location US", "42P01"},
		{403, "accessDenied", "Access Denied: Project p: User does not have bigquery.jobs.create permission", "42501"},
		{403, "quotaExceeded", "Quota exceeded: Your project exceeded quota for free query bytes scanned", "53400"},
		{403, "rateLimitExceeded", "Exceeded rate limits: too many api requests per user per method", "53400"},
		{403, "responseTooLarge", "Response too large to return. Consider specifying a destination table", "54000"},
	}
	for _, c := range cases {
		f.set(func(f *fakeAPI) { f.fail = &apiError{c.status, c.reason, c.message} })
		_, err := s.Prepare(context.Background(), "SELECT 1")
		var pe *providers.Error
		if !errorAs(err, &pe) {
			t.Errorf("%s: error %v, want a providers.Error", c.reason, err)
			continue
		}
		if pe.Code != c.code || pe.Message != c.message {
			t.Errorf("%s: %s %q, want %s %q", c.reason, pe.Code, pe.Message, c.code, c.message)
		}
	}
}

// TestNoCredentialInErrors makes the API echo the request's credentials
// in its error message and checks that no error shows them.
func TestNoCredentialInErrors(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		message := "bad request with header " + r.Header.Get("Authorization")
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": 400, "message": message,
			"errors": []map[string]string{{"reason": "invalid", "message": message}}}})
	}))
	defer echo.Close()
	key, keyJSON := testServiceAccountKey(t, echo.URL+"/token")
	conns := map[string]map[string]string{
		"oauth":           {"project_id": "p", "access_token": testToken, "endpoint": echo.URL},
		"service_account": {"project_id": "p", "service_account_key": keyJSON, "endpoint": echo.URL},
	}
	for typ, creds := range conns {
		s, err := providers.Open(context.Background(), &config.Connection{Name: "c", ProviderID: "bigquery",
			Config: config.ConnectionConfig{Type: typ, Credentials: creds}})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, err = s.Prepare(context.Background(), "SELECT 1")
		var pe *providers.Error
		if !errorAs(err, &pe) {
			t.Fatalf("%s: error %v, want a providers.Error", typ, err)
		}
		texts := []string{pe.Message, pe.Error(), pe.Err.Error(), fmt.Sprintf("%v", err)}
		for _, text := range texts {
			if !strings.Contains(text, "[redacted]") {
				t.Errorf("%s: %q does not show the redaction", typ, text)
			}
			for _, secret := range []string{testToken, "eyJ", key} {
				if strings.Contains(text, secret) {
					t.Errorf("%s: error shows a credential: %q", typ, text)
				}
			}
		}
	}
	for _, bad := range []string{"{not json", `{"type":"authorized_user"}`,
		`{"type":"service_account","client_email":"a@b","private_key":"-----BEGIN PRIVATE KEY-----\nSECRETSECRETSECRETSECRET\n-----END PRIVATE KEY-----\n"}`} {
		_, err := providers.Open(context.Background(), &config.Connection{Name: "c", ProviderID: "bigquery",
			Config: config.ConnectionConfig{Type: "service_account",
				Credentials: map[string]string{"project_id": "p", "service_account_key": bad}}})
		if err == nil {
			t.Errorf("key %.20q was accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "not json") {
			t.Errorf("error quotes the key: %v", err)
		}
	}
}

// TestEndpointIsTheOnlyHost opens connections with an endpoint and checks
// that nothing else is asked: not the service account key's token_uri,
// not a metadata server, and no Application Default Credentials file.
func TestEndpointIsTheOnlyHost(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		http.Error(w, "unexpected request", http.StatusTeapot)
	}))
	defer other.Close()
	t.Setenv("GCE_METADATA_HOST", strings.TrimPrefix(other.URL, "http://"))
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", t.TempDir()+"/missing.json")
	f := newFakeAPI(t)
	_, keyJSON := testServiceAccountKey(t, other.URL+"/token")
	for typ, creds := range map[string]map[string]string{
		"oauth":           {"project_id": "p", "access_token": testToken, "endpoint": f.server.URL},
		"service_account": {"project_id": "p", "service_account_key": keyJSON, "endpoint": f.server.URL},
	} {
		s, err := providers.Open(context.Background(), &config.Connection{Name: "c", ProviderID: "bigquery",
			Config: config.ConnectionConfig{Type: typ, Credentials: creds}})
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		st, err := s.Prepare(context.Background(), "SELECT n, d FROM t")
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		rows, err := s.Execute(context.Background(), st, nil)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		for rows.Next() {
		}
		if rows.Err() != nil {
			t.Fatalf("%s: %v", typ, rows.Err())
		}
		rows.Close()
		s.Close()
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("%d requests went to the token URI or the metadata server", n)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, auth := range f.auth {
		if auth != "Bearer "+testToken && !strings.HasPrefix(auth, "Bearer eyJ") {
			t.Errorf("request with Authorization %q, want the token or a self-signed JWT", auth)
		}
	}
}

// testServiceAccountKey returns a new key's PEM body line and a service
// account key JSON with it, whose token_uri is tokenURI.
func testServiceAccountKey(t *testing.T, tokenURI string) (string, string) {
	t.Helper()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	doc, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "p", "private_key_id": "key-id-0123456789",
		"private_key": pemKey, "client_email": "pgway@p.iam.gserviceaccount.com", "token_uri": tokenURI,
	})
	return strings.Split(pemKey, "\n")[1], string(doc)
}
