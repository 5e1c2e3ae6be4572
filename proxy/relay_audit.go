package proxy

import (
	"bytes"
	"sync/atomic"

	"pgway/internal/audit"
)

// relayFingerprints finds the fingerprint of each statement a relay
// session runs, for its audit record, from the client's Query, Parse and
// Bind messages. The client pump computes them, and the upstream pump
// takes one at each ReadyForQuery, in the same order, through a queue
// that needs no lock.
type relayFingerprints struct {
	// prepared maps the names of prepared statements to the fingerprints
	// of their text, so that a Bind of a statement prepared earlier has
	// one. Only the client pump uses it.
	prepared map[string]uint64
	// current is the fingerprint of the statement the client is sending:
	// that of its first Parse or Bind. Only the client pump uses it.
	current uint64
	queue   fingerprintQueue
}

// maxPreparedFingerprints bounds prepared. Statements prepared beyond it
// are audited without a fingerprint.
const maxPreparedFingerprints = 1024

func newRelayFingerprints() *relayFingerprints {
	return &relayFingerprints{prepared: make(map[string]uint64)}
}

// clientMessage looks at a client message before the relay forwards it.
// body is as much of the message body as the client's buffer holds.
//
// NOTE: the fingerprint of a Query or Parse whose text does not fit in the
// buffer (16 KiB) covers only its first part.
func (f *relayFingerprints) clientMessage(typ byte, body []byte) {
	switch typ {
	case 'Q':
		f.queue.push(audit.Fingerprint(trimNUL(body)))
		f.current = 0
	case 'P':
		name, rest, _ := bytes.Cut(body, []byte{0})
		text, _, _ := bytes.Cut(rest, []byte{0})
		fp := audit.Fingerprint(text)
		if _, ok := f.prepared[string(name)]; ok || len(f.prepared) < maxPreparedFingerprints {
			f.prepared[string(name)] = fp
		}
		if f.current == 0 {
			f.current = fp
		}
	case 'B':
		_, rest, _ := bytes.Cut(body, []byte{0})
		name, _, _ := bytes.Cut(rest, []byte{0})
		if f.current == 0 {
			f.current = f.prepared[string(name)]
		}
	case 'C':
		if len(body) > 0 && body[0] == 'S' {
			name, _, _ := bytes.Cut(body[1:], []byte{0})
			delete(f.prepared, string(name))
		}
	case 'S', 'F':
		f.queue.push(f.current)
		f.current = 0
	}
}

// auditClientMessage passes the client message at the head of the client
// buffer to the fingerprints, before the relay copies it.
func (r *relayState) auditClientMessage(typ byte, bodyLen int) {
	switch typ {
	case 'Q', 'P', 'B', 'C', 'S', 'F':
	default:
		return
	}
	client := r.session.client.r
	// Peek waits for the body to arrive, as copying it would, and an error
	// leaves a shorter body that copying the frame then reports.
	frame, _ := client.Peek(min(5+bodyLen, client.Size()))
	var body []byte
	if len(frame) > 5 {
		body = frame[5:]
	}
	r.fingerprints.clientMessage(typ, body)
}

func trimNUL(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// fingerprintQueue is a queue with one producer, the client pump, and one
// consumer, the upstream pump. Fingerprints that find it full are counted
// in overflow instead and come out as 0, "unknown", after everything
// queued before them, so the order always matches the ReadyForQuery
// messages.
type fingerprintQueue struct {
	items    [64]uint64
	head     atomic.Uint64 // next item to pop
	tail     atomic.Uint64 // next slot to push
	overflow atomic.Int64
}

func (q *fingerprintQueue) push(fp uint64) {
	tail := q.tail.Load()
	if q.overflow.Load() > 0 || tail-q.head.Load() == uint64(len(q.items)) {
		q.overflow.Add(1)
		return
	}
	q.items[tail%uint64(len(q.items))] = fp
	q.tail.Store(tail + 1)
}

// pop returns the fingerprint of the oldest statement, or 0 when it is
// unknown or the queue is empty.
func (q *fingerprintQueue) pop() uint64 {
	head := q.head.Load()
	if head == q.tail.Load() {
		if q.overflow.Load() > 0 {
			q.overflow.Add(-1)
		}
		return 0
	}
	fp := q.items[head%uint64(len(q.items))]
	q.head.Store(head + 1)
	return fp
}
