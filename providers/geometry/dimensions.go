package geometry

import "errors"

// errZM is the error for WKB with Z or M coordinates, which orb has no
// room for. orb reads only the low bits of a type word, so it takes an
// ISO POINT M (2001) or an EWKB POINT Z (0x80000001) for a 2D point and
// drops or misreads the other coordinates.
var errZM = unsupportedInput("geometries with Z or M coordinates are not supported on this warehouse")

// errWKBEnd stops the walk of WKB that ends early, which orb rejects.
var errWKBEnd = errors.New("WKB ends early")

// CheckTwoDimensional returns an error with SQLSTATE 0A000 when the WKB
// or EWKB geometry data, or any geometry nested in it, has Z or M
// coordinates. It reads them from the ISO (1000, 2000, 3000) or EWKB
// (top two bits) dimensions of each type word. It returns nil for data
// that it cannot walk, such as curve types or truncated data, which orb
// rejects when it reads them.
func CheckTwoDimensional(data []byte) error {
	walker := wkbWalker{data: data}
	if err := walker.geometry(); err == errZM {
		return err
	}
	return nil
}

// wkbWalker reads the type words of WKB without decoding coordinates.
type wkbWalker struct {
	data []byte
	pos  int
}

func (w *wkbWalker) uint32(o order) (uint32, error) {
	if w.pos+4 > len(w.data) {
		return 0, errWKBEnd
	}
	v := o.Uint32(w.data[w.pos:])
	w.pos += 4
	return v, nil
}

// skipPoints skips a count of 2D points and the points.
func (w *wkbWalker) skipPoints(o order) error {
	n, err := w.uint32(o)
	if err != nil {
		return err
	}
	if uint64(n)*16 > uint64(len(w.data)-w.pos) {
		return errWKBEnd
	}
	w.pos += int(n) * 16
	return nil
}

func (w *wkbWalker) geometry() error {
	if w.pos+5 > len(w.data) {
		return errWKBEnd
	}
	o := byteOrder(w.data[w.pos])
	if o == nil {
		return errWKBEnd
	}
	w.pos++
	typ, _ := w.uint32(o)
	if typ&0xc0000000 != 0 || (typ&0xffff)/1000 != 0 {
		return errZM
	}
	if typ&wkbSRIDFlag != 0 {
		w.pos += 4
	}
	switch typ & 0xffff {
	case 1:
		w.pos += 16
		return nil
	case 2:
		return w.skipPoints(o)
	case 3:
		rings, err := w.uint32(o)
		if err != nil {
			return err
		}
		for range rings {
			if err := w.skipPoints(o); err != nil {
				return err
			}
		}
		return nil
	case 4, 5, 6, 7:
		parts, err := w.uint32(o)
		if err != nil {
			return err
		}
		for range parts {
			if err := w.geometry(); err != nil {
				return err
			}
		}
		return nil
	}
	return errWKBEnd
}
