package translate

import (
	"strings"
	"time"
)

// PostgreSQL 15 reads timetz input with a time zone abbreviation, such as
// '10:30 EST', with the abbreviation's offset, and 'allballs' as midnight
// UTC. It reads a time zone name without a date, such as
// '10:30 Etc/GMT+5', only when the zone has had one offset ever
// (pg_get_timezone_offset). A zone whose offset has changed, such as
// America/New_York, is invalid there because the offset depends on a
// date. DuckDB's cast reads none of these.

// readTimetzZones prepares the fields of timetz input for the reader.
// 'allballs' alone returns its literal. A time zone name becomes the
// signed offset field of its fixed offset, or fails with PostgreSQL's
// syntax error when the zone's offset has changed. zoned is set when the
// fields name a zone by an abbreviation or a name, which DuckDB cannot
// read, so the reader must write the offset, or hold another word.
func readTimetzZones(fields []dateTimeField) (out []dateTimeField, literal string, zoned bool, err *dateTimeError) {
	if len(fields) == 1 && fields[0].kind == fieldWord && fields[0].text == "allballs" {
		return nil, "00:00:00+00", false, nil
	}
	out = make([]dateTimeField, len(fields))
	copy(out, fields)
	for i, field := range fields {
		switch {
		case field.kind == fieldDate:
			return fields, "", false, nil // input with a date is left to DuckDB
		case field.kind == fieldWord && isZoneAbbreviation(field.text):
			zoned = true
		case field.kind == fieldWord || field.kind == fieldCompound:
			loc := loadZoneName(field.text)
			if loc == nil {
				// The reader rejects a word that is no keyword, as
				// PostgreSQL does, where DuckDB fails with 22P02.
				zoned = zoned || field.kind == fieldWord && !isMeridiem(field.text)
				continue
			}
			offset, fixed := constantZoneOffset(loc)
			if !fixed {
				return nil, "", false, errDateTimeSyntax
			}
			out[i] = dateTimeField{kind: fieldSigned, text: formatZoneOffset(offset)}
			zoned = true
		}
	}
	return out, "", zoned, nil
}

// loadZoneName returns the tz database zone of name, or nil. It matches
// name without regard to case as isTimeZoneName does, and also with the
// part after the first slash in upper case, as in Etc/GMT+5.
func loadZoneName(name string) *time.Location {
	first, rest, _ := strings.Cut(name, "/")
	upperRest := capitalizeWords(first) + "/" + strings.ToUpper(rest)
	for _, candidate := range []string{name, strings.ToUpper(name), capitalizeWords(name), upperRest} {
		if strings.EqualFold(candidate, "local") {
			return nil
		}
		if loc, err := time.LoadLocation(candidate); err == nil {
			return loc
		}
	}
	return nil
}

// constantZoneOffset returns the offset of loc in seconds east of UTC when
// loc has had that one offset in all its history, as
// pg_get_timezone_offset requires. A zone that only changed its
// abbreviation keeps one offset.
func constantZoneOffset(loc *time.Location) (int, bool) {
	// Start before the earliest transition of the tz database and step
	// from each period to the next. A zone with daylight saving time
	// changes its offset within two periods, so the loop ends soon. The
	// limit ends a rule that would repeat the same offset forever.
	t := time.Date(-1000, 1, 1, 0, 0, 0, 0, time.UTC).In(loc)
	_, offset := t.Zone()
	for range 1000 {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			return offset, true
		}
		t = end.In(loc)
		if _, next := t.Zone(); next != offset {
			return 0, false
		}
	}
	return 0, false
}
