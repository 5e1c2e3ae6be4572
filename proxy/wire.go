package proxy

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/pgproto3"
)

// conn buffers one side of a session. Messages are read as frames (type
// byte, length, body) so the relay can forward them without decoding.
type wireConn struct {
	r *bufio.Reader
	w *bufio.Writer
	// buf is reused to encode outgoing messages.
	buf []byte
	// sent counts the bytes of the messages encoded by send.
	sent int64
}

const wireBufferSize = 16 * 1024

func newWireConn(rw io.ReadWriter) *wireConn {
	return &wireConn{
		r: bufio.NewReaderSize(rw, wireBufferSize),
		w: bufio.NewWriterSize(rw, wireBufferSize),
	}
}

// errMessageTooLarge reports a frame longer than the session allows.
type messageTooLargeError struct {
	size, limit int
}

func (e *messageTooLargeError) Error() string {
	return fmt.Sprintf("message of %d bytes exceeds the limit of %d bytes", e.size, e.limit)
}

// badLengthError reports a frame whose length field is below the minimum of 4.
type badLengthError struct {
	typ    byte
	length int
}

func (e *badLengthError) Error() string {
	return fmt.Sprintf("invalid length %d in message of type %q", e.length, e.typ)
}

// peekHeader waits for the next frame's header and returns its type and the
// length of its body. It consumes nothing.
func (c *wireConn) peekHeader(limit int) (typ byte, bodyLen int, err error) {
	header, err := c.r.Peek(5)
	if err != nil {
		return 0, 0, err
	}
	length := int(int32(binary.BigEndian.Uint32(header[1:5])))
	if length < 4 {
		return 0, 0, &badLengthError{typ: header[0], length: length}
	}
	if limit > 0 && length+1 > limit {
		return 0, 0, &messageTooLargeError{size: length + 1, limit: limit}
	}
	return header[0], length - 4, nil
}

// readMessage reads a whole frame and returns its type and body. The body is
// valid until the next read.
func (c *wireConn) readMessage(limit int) (byte, []byte, error) {
	typ, n, err := c.peekHeader(limit)
	if err != nil {
		return 0, nil, err
	}
	c.r.Discard(5)
	if n <= c.r.Size() {
		body, err := c.r.Peek(n)
		if err != nil {
			return 0, nil, err
		}
		c.r.Discard(n)
		return typ, body, nil
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return 0, nil, err
	}
	return typ, body, nil
}

// copyFrame copies the next frame of n bytes (header included) from src to
// dst through both buffers, without allocating.
func copyFrame(dst *bufio.Writer, src *bufio.Reader, n int) error {
	for n > 0 {
		if src.Buffered() == 0 {
			if _, err := src.Peek(1); err != nil {
				return err
			}
		}
		chunk := min(n, src.Buffered())
		b, _ := src.Peek(chunk)
		if _, err := dst.Write(b); err != nil {
			return err
		}
		src.Discard(chunk)
		n -= chunk
	}
	return nil
}

// send encodes msg into the write buffer. Call flush to put it on the wire.
func (c *wireConn) send(msg pgproto3.BackendMessage) error {
	var err error
	c.buf, err = msg.Encode(c.buf[:0])
	if err != nil {
		return err
	}
	n, err := c.w.Write(c.buf)
	c.sent += int64(n)
	return err
}

func (c *wireConn) flush() error {
	return c.w.Flush()
}
