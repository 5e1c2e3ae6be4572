package snowflakeemu

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// keptResults is the number of query results the emulator keeps for
// chunk requests and DESCRIBE RESULT.
const keptResults = 64

// query is one query request and, once it finishes, its result.
type query struct {
	id        string
	requestID string
	session   *session
	cancel    context.CancelFunc
	done      chan struct{}
	result    *result
	err       *Error
}

func (e *Emulator) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /session/v1/login-request", e.login)
	mux.HandleFunc("POST /session/token-request", e.withSession(e.renew))
	mux.HandleFunc("POST /session/heartbeat", e.withSession(func(w http.ResponseWriter, _ *http.Request, _ *session) {
		writeJSON(w, map[string]any{"success": true, "code": nil, "message": nil, "data": nil})
	}))
	mux.HandleFunc("POST /session", e.withSession(e.closeSession))
	mux.HandleFunc("POST /queries/v1/query-request", e.withSession(e.queryRequest))
	mux.HandleFunc("POST /queries/v1/abort-request", e.withSession(e.abort))
	mux.HandleFunc("GET /queries/{id}/result", e.withSession(e.queryResult))
	mux.HandleFunc("GET /monitoring/queries/{id}", e.withSession(e.queryStatus))
	mux.HandleFunc("GET /chunks/{id}/{index}", e.chunk)
	mux.HandleFunc("POST /telemetry/send", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]any{"success": true, "code": nil, "message": nil, "data": "Log Received"})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(body)
}

func writeError(w http.ResponseWriter, err *Error, queryID string) {
	writeJSON(w, map[string]any{
		"success": false, "code": err.Code, "message": err.Message,
		"data": map[string]any{"queryId": queryID, "sqlState": err.SQLState, "errorCode": err.Code},
	})
}

// withSession passes the session whose token the Authorization header
// carries, or rejects the request as Snowflake does for an expired one.
func (e *Emulator) withSession(handle func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("Authorization")
		token = strings.TrimSuffix(strings.TrimPrefix(token, `Snowflake Token="`), `"`)
		e.mu.Lock()
		s := e.sessions[token]
		e.mu.Unlock()
		if s == nil {
			writeError(w, &Error{Code: "390104", SQLState: "08001",
				Message: "User must login again to access the service."}, "")
			return
		}
		handle(w, r, s)
	}
}

type loginRequest struct {
	Data struct {
		LoginName         string         `json:"LOGIN_NAME"`
		Password          string         `json:"PASSWORD"`
		Authenticator     string         `json:"AUTHENTICATOR"`
		Token             string         `json:"TOKEN"`
		SessionParameters map[string]any `json:"SESSION_PARAMETERS"`
	} `json:"data"`
}

func (e *Emulator) login(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "invalid login request", http.StatusBadRequest)
		return
	}
	d := req.Data
	password := e.Password()
	ok := false
	switch strings.ToUpper(d.Authenticator) {
	case "", "SNOWFLAKE":
		ok = strings.EqualFold(d.LoginName, e.opts.User) && d.Password == password
	case "SNOWFLAKE_JWT":
		ok = e.validJWT(d.Token)
	case "OAUTH":
		ok = d.Token != "" && (e.opts.OAuthToken == "" || d.Token == e.opts.OAuthToken)
	}
	if !ok {
		writeError(w, errLogin, "")
		return
	}

	q := r.URL.Query()
	s, err := e.newSession(r.Context(), nameParameter(q.Get("databaseName")), nameParameter(q.Get("schemaName")))
	if err != nil {
		writeError(w, &Error{Code: "390201", SQLState: "08004",
			Message: "The requested database does not exist or not authorized."}, "")
		return
	}
	s.warehouse, s.role = nameParameter(q.Get("warehouse")), nameParameter(q.Get("roleName"))
	for name, value := range d.SessionParameters {
		if text, isText := value.(string); isText {
			s.params[strings.ToUpper(name)] = text
		}
	}
	if zone, ok := s.params["TIMEZONE"]; ok {
		if _, err := s.conn.ExecContext(r.Context(), "SET TimeZone = "+quoteString(zone)); err != nil {
			s.close()
			writeError(w, &Error{Code: "002029", SQLState: "22023",
				Message: "Invalid value '" + zone + "' for parameter TIMEZONE"}, "")
			return
		}
	}

	s.token, s.masterToken = e.newToken("session"), e.newToken("master")
	e.mu.Lock()
	e.sessions[s.token] = s
	e.mu.Unlock()
	e.logins.Add(1)
	writeJSON(w, map[string]any{"success": true, "code": nil, "message": nil, "data": map[string]any{
		"token": s.token, "validityInSeconds": 3600, "masterToken": s.masterToken,
		"masterValidityInSeconds": 14400, "sessionId": s.id, "serverVersion": "emulator",
		"displayUserName": e.opts.User, "parameters": sessionParameters(),
		"sessionInfo": map[string]any{"databaseName": s.database, "schemaName": s.schema,
			"warehouseName": s.warehouse, "roleName": s.role},
	}})
}

// validJWT checks the token of a key pair login, which names the user in
// its subject ACCOUNT.USER: signed with RS256 by the key of
// Options.PublicKey, or unverified without one.
func (e *Emulator) validJWT(token string) bool {
	claims := jwt.MapClaims{}
	var err error
	if e.opts.PublicKey == nil {
		_, _, err = jwt.NewParser().ParseUnverified(token, claims)
	} else {
		_, err = jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return e.opts.PublicKey, nil },
			jwt.WithValidMethods([]string{"RS256"}))
	}
	if err != nil {
		return false
	}
	subject, _ := claims["sub"].(string)
	return strings.HasSuffix(subject, "."+strings.ToUpper(e.opts.User))
}

// nameParameter folds a database, schema, warehouse or role name given at
// login as Snowflake does: unquoted names to upper case.
func nameParameter(name string) string {
	if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
		return name[1 : len(name)-1]
	}
	return strings.ToUpper(name)
}

func sessionParameters() []map[string]any {
	return []map[string]any{
		{"name": "TIMEZONE", "value": "UTC"},
		{"name": "CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", "value": 3600},
		{"name": "CLIENT_RESULT_CHUNK_SIZE", "value": 16},
	}
}

func (e *Emulator) renew(w http.ResponseWriter, _ *http.Request, s *session) {
	e.mu.Lock()
	delete(e.sessions, s.token)
	s.token = e.newToken("session")
	e.sessions[s.token] = s
	e.mu.Unlock()
	writeJSON(w, map[string]any{"success": true, "data": map[string]any{
		"sessionToken": s.token, "validityInSecondsST": 3600, "masterToken": s.masterToken,
		"validityInSecondsMT": 14400, "sessionId": s.id}})
}

func (e *Emulator) closeSession(w http.ResponseWriter, r *http.Request, s *session) {
	if r.URL.Query().Get("delete") != "true" {
		http.Error(w, "unsupported session request", http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	delete(e.sessions, s.token)
	for id, q := range e.queries {
		if q.session == s {
			delete(e.queries, id)
		}
	}
	e.mu.Unlock()
	s.close()
	writeJSON(w, map[string]any{"success": true, "code": nil, "message": nil, "data": nil})
}

type queryRequest struct {
	SQLText      string          `json:"sqlText"`
	AsyncExec    bool            `json:"asyncExec"`
	DescribeOnly bool            `json:"describeOnly"`
	Parameters   map[string]any  `json:"parameters"`
	Bindings     map[string]bind `json:"bindings"`
}

func (e *Emulator) queryRequest(w http.ResponseWriter, r *http.Request, s *session) {
	var req queryRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "invalid query request", http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	q := &query{id: e.newQueryID(), requestID: r.URL.Query().Get("requestId"), session: s,
		cancel: cancel, done: make(chan struct{})}
	tag, _ := req.Parameters["QUERY_TAG"].(string)
	s.mu.Lock()
	if tag == "" {
		tag = s.params["QUERY_TAG"]
	}
	s.mu.Unlock()
	e.mu.Lock()
	e.queries[q.id] = q
	e.order = append(e.order, q.id)
	if len(e.order) > keptResults {
		// Snowflake keeps results for a day. The emulator keeps the
		// latest keptResults, so that long benchmarks do not fill memory.
		delete(e.queries, e.order[0])
		e.order = e.order[1:]
	}
	if q.requestID != "" {
		e.requests[q.requestID] = q
	}
	e.tags = append(e.tags, tag)
	e.texts = append(e.texts, req.SQLText)
	e.mu.Unlock()

	go func() {
		defer cancel()
		result, err := e.execute(ctx, s, req.SQLText, req.Bindings, req.DescribeOnly)
		if err != nil {
			q.err = convertError(err)
		}
		q.result = result
		e.mu.Lock()
		delete(e.requests, q.requestID)
		e.mu.Unlock()
		close(q.done)
	}()

	wait := e.opts.AsyncAfter
	if req.AsyncExec {
		wait = 0
	}
	e.respond(w, r, q, wait)
}

func (e *Emulator) queryResult(w http.ResponseWriter, r *http.Request, _ *session) {
	e.mu.Lock()
	q := e.queries[r.PathValue("id")]
	e.mu.Unlock()
	if q == nil {
		writeError(w, &Error{Code: "000709", SQLState: "02000", Message: "Statement not found"}, r.PathValue("id"))
		return
	}
	e.respond(w, r, q, e.opts.AsyncAfter)
}

// respond sends the query's result, or "in progress" with the URL to
// poll when it does not finish within wait.
func (e *Emulator) respond(w http.ResponseWriter, r *http.Request, q *query, wait time.Duration) {
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-q.done:
	case <-timer.C:
		writeJSON(w, map[string]any{"success": true, "code": "333334",
			"message": "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
			"data":    map[string]any{"queryId": q.id, "getResultUrl": "/queries/" + q.id + "/result"}})
		return
	case <-r.Context().Done():
		return
	}
	if q.err != nil {
		writeError(w, q.err, q.id)
		return
	}
	writeJSON(w, map[string]any{"success": true, "code": nil, "message": nil, "data": e.resultData(q)})
}

func (e *Emulator) resultData(q *query) map[string]any {
	res, s := q.result, q.session
	rowType := make([]map[string]any, len(res.columns))
	for i, c := range res.columns {
		rowType[i] = map[string]any{
			"name": c.name, "type": c.typ.name, "nullable": c.nullable,
			"precision": c.typ.precision, "scale": c.typ.scale, "length": c.typ.length,
			"byteLength": c.typ.length, "database": "", "schema": "", "table": "", "collation": nil,
		}
		if c.typ.name == "vector" {
			rowType[i]["vectorDimension"] = c.typ.length
			rowType[i]["fields"] = []map[string]any{{"type": c.typ.vectorElement, "nullable": false}}
		}
	}
	s.mu.Lock()
	data := map[string]any{
		"parameters": sessionParameters(), "rowtype": rowType, "queryId": q.id,
		"total": res.total, "returned": res.total, "statementTypeId": res.statementType,
		"finalDatabaseName": s.database, "finalSchemaName": s.schema,
		"finalWarehouseName": s.warehouse, "finalRoleName": s.role,
		"numberOfBinds": res.binds, "version": 1, "databaseProvider": nil,
	}
	s.mu.Unlock()
	if res.jsonRows != nil {
		data["queryResultFormat"] = "json"
		data["rowset"] = res.jsonRows
		return data
	}
	data["queryResultFormat"] = "arrow"
	if len(res.chunks) == 0 {
		data["rowsetbase64"] = ""
		return data
	}
	data["rowsetbase64"] = base64.StdEncoding.EncodeToString(res.chunks[0])
	var chunks []map[string]any
	for i := 1; i < len(res.chunks); i++ {
		chunks = append(chunks, map[string]any{
			"url":              e.URL() + "/chunks/" + q.id + "/" + strconv.Itoa(i),
			"rowCount":         res.chunkRows[i],
			"uncompressedSize": len(res.chunks[i]),
			"compressedSize":   len(res.chunks[i]),
		})
	}
	if chunks != nil {
		data["chunks"] = chunks
		data["qrmk"] = "emulator"
	}
	return data
}

// chunk serves a result chunk after the first. Snowflake serves chunks
// from cloud storage with presigned URLs, so the request carries no
// session token.
func (e *Emulator) chunk(w http.ResponseWriter, r *http.Request) {
	e.chunkRequests.Add(1)
	e.mu.Lock()
	q := e.queries[r.PathValue("id")]
	e.mu.Unlock()
	index, err := strconv.Atoi(r.PathValue("index"))
	if q == nil || err != nil || q.result == nil || index < 1 || index >= len(q.result.chunks) {
		http.Error(w, "chunk not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if _, err := w.Write(q.result.chunks[index]); err == nil {
		e.chunksServed.Add(1)
	}
}

type abortRequest struct {
	RequestID string `json:"requestId"`
}

func (e *Emulator) abort(w http.ResponseWriter, r *http.Request, _ *session) {
	var req abortRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "invalid abort request", http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	q := e.requests[req.RequestID]
	e.mu.Unlock()
	if q == nil {
		writeJSON(w, map[string]any{"success": false, "code": "000605",
			"message": "Identified SQL statement is not currently executing.", "data": nil})
		return
	}
	e.aborts.Add(1)
	q.cancel()
	writeJSON(w, map[string]any{"success": true, "code": nil, "message": nil, "data": nil})
}

func (e *Emulator) queryStatus(w http.ResponseWriter, r *http.Request, _ *session) {
	e.mu.Lock()
	q := e.queries[r.PathValue("id")]
	e.mu.Unlock()
	if q == nil {
		writeError(w, &Error{Code: "000709", SQLState: "02000", Message: "Statement not found"}, r.PathValue("id"))
		return
	}
	status := map[string]any{"id": q.id, "status": "RUNNING"}
	select {
	case <-q.done:
		status["status"] = "SUCCESS"
		if q.err != nil {
			status["status"] = "FAILED_WITH_ERROR"
			status["errorCode"] = q.err.Code
			status["errorMessage"] = q.err.Message
		}
	default:
	}
	writeJSON(w, map[string]any{"success": true, "data": map[string]any{"queries": []any{status}}})
}
