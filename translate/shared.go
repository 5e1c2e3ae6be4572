package translate

import (
	"fmt"
	"slices"
	"strings"
)

// Query strings that differ only in literals share a template when every
// one of those literals stays a literal in the rewrite.
//
// On the second cache miss for a shape, the query string is translated
// again with every literal replaced by a sentinel of its class. The
// literals whose sentinel appears exactly once in the rewrite, as a whole
// literal, become slots. The others became syntax (a to_char template, a
// SIMILAR TO pattern, a varchar(n) length that appears twice, the name in
// current_setting) and are part of the template key. The query string is
// then translated with sentinels for the slots only, and the template is
// kept only when filling it with the query string's own literals
// reproduces its uncached translation exactly.
//
// NOTE: the sentinels find a rewrite that reads a literal's value only
// when it changes or rejects the sentinel. A rewrite that treats one
// specific value differently, and passes the sentinel through unchanged,
// would be shared wrongly; the integer 0 is such a value (the parser folds
// -0 to 0) and is kept in the key. Check new value-dependent rewrites with
// TestSharedTemplatesMatchCorpus.

// maxGreedyLiterals is the maximum number of literals of a shape in which
// some sentinel makes the translation fail. Finding the literals
// responsible takes one translation per literal, so such a shape with more
// literals does not share.
const maxGreedyLiterals = 32

// maxSharedLiterals is the maximum number of literals of a shape that
// shares, because sentinels spell the literal's index in five digits.
const maxSharedLiterals = 99999

// shapeInfo is the result of a shape's analysis: which literals are part
// of the template key.
type shapeInfo struct {
	fixed []bool
}

// seenOnce is the shapeInfo of a shape translated once, and
// templateSeenOnce the template of a template key translated once. Both
// are worked out on their second cache miss, so that a query string sent
// once costs one translation, not two or more.
var (
	seenOnce         = &shapeInfo{}
	templateSeenOnce = &sharedTemplate{}
)

// shapeLookup is the result of looking up a query string's shape.
type shapeLookup struct {
	shape shape
	// info is nil while the shape has not been analysed.
	info *shapeInfo
	// seen and templateSeen are set when the shape or the template key
	// missed the cache before.
	seen, templateSeen bool
	// template is set when the query string can use a shared template.
	template *sharedTemplate
}

// sharedTemplate is the rewrite of the query strings of one template key.
type sharedTemplate struct {
	statements []sharedStatement
}

type sharedStatement struct {
	kind           Kind
	noRelations    bool
	noColumns      bool
	refreshCatalog bool
	temporary      string
	tag            string
	changes        string
	unqualified    string
	drops          []DroppedName
	resultTypmods  []bool
	created        *CreatedColumns
	onCommit       *OnCommit
	truncate       *Truncate
	paramTypes     []uint32
	cursor         string
	cursorOptions  CursorOptions
	// start and end locate the statement's text in the query string.
	start, end anchor
	segments   []sharedSegment
	slots      []foldSlot
	// slotLocations locate the slots' locations in the query string.
	slotLocations []anchor
	// size is the length of the rewrite with sentinels, a capacity hint.
	size int
}

// sharedSegment is text, the fold slot fold, or the literal literal of the
// query string.
type sharedSegment struct {
	text    string
	fold    int
	literal int
}

// anchor is an offset in a query string, stored relative to the end of
// the literal before it so that it holds for every query string of the
// shape. literal counts from 1, 0 means the start of the string, and -1
// an unknown location.
type anchor struct {
	literal, offset int
}

// lookupShape scans sql and looks up its shared template. It returns
// false when sql cannot share one.
func (t *Translator) lookupShape(d Dialect, sql string) (shapeLookup, bool) {
	if strings.Contains(sql, "pgway.fold."+markerNonce) {
		return shapeLookup{}, false // translateAll rejects it
	}
	sh, ok := scanShape(sql)
	if !ok || len(sh.literals) == 0 || len(sh.literals) > maxSharedLiterals {
		return shapeLookup{}, false
	}

	l := shapeLookup{shape: sh}
	info, known := t.shapes.Get(cacheKey{d.Name(), sh.key})
	if !known {
		return l, true
	}
	switch info {
	case nil:
		return l, false
	case seenOnce:
		l.seen = true
		return l, true
	}

	l.info = info
	tmpl, known := t.templates.Get(cacheKey{d.Name(), templateKey(sql, sh, info.fixed)})
	switch {
	case known && tmpl == nil:
		return l, false
	case tmpl == templateSeenOnce:
		l.templateSeen = true
	default:
		l.template = tmpl
	}
	return l, true
}

// templateKey returns the shape key followed by the fixed literals.
func templateKey(sql string, sh shape, fixed []bool) string {
	var b strings.Builder
	b.WriteString(sh.key)
	for i, lit := range sh.literals {
		if fixed[i] {
			b.WriteByte(0)
			b.WriteString(sql[lit.start:lit.end])
		}
	}
	return b.String()
}

// learn builds the shared template for the template key of sql from its
// uncached translations, and stores it or the finding that there is none.
func (t *Translator) learn(d Dialect, sql string, l shapeLookup, translations []*translation) {
	if !shareable(translations) {
		return
	}
	info := l.info
	tmpl := templateSeenOnce
	switch {
	case info == nil && !l.seen:
		t.shapes.Add(cacheKey{d.Name(), l.shape.key}, seenOnce)
		return
	case info == nil:
		info, tmpl = analyzeShape(d, sql, l.shape, translations)
		t.shapes.Add(cacheKey{d.Name(), l.shape.key}, info)
		if info == nil {
			return
		}
	case l.templateSeen:
		tmpl = deriveTemplate(d, sql, l.shape, info.fixed, translations)
	}
	t.templates.Add(cacheKey{d.Name(), templateKey(sql, l.shape, info.fixed)}, tmpl)
}

// shareable reports whether translations may share a template: warehouse
// statements without an error and without COPY.
func shareable(translations []*translation) bool {
	for _, tr := range translations {
		if tr.kind != KindWarehouse || tr.err != nil || tr.copy != nil || tr.command != nil || len(tr.databaseNames) > 0 {
			return false
		}
	}
	return len(translations) > 0
}

// analyzeShape finds which literals of a shape are part of the template
// key, and the template for sql. It returns a nil shapeInfo when no
// literal can be a slot.
func analyzeShape(d Dialect, sql string, sh shape, orig []*translation) (*shapeInfo, *sharedTemplate) {
	fixed := make([]bool, len(sh.literals))
	out := translateSentinels(d, sql, sh, fixed, orig)
	if out == nil {
		// Some sentinel makes the translation fail, such as one that is
		// not a to_char template. Keep each literal whose sentinel does.
		if len(fixed) > maxGreedyLiterals {
			return nil, nil
		}
		for i := range fixed {
			fixed[i] = true
		}
		for i := range fixed {
			fixed[i] = false
			if next := translateSentinels(d, sql, sh, fixed, orig); next != nil {
				out = next
			} else {
				fixed[i] = true
			}
		}
		if out == nil {
			return nil, nil
		}
	}
	demoted := false
	for i := range fixed {
		if !fixed[i] && out.occurrence(i) == nil {
			fixed[i], demoted = true, true
		}
	}
	if !slices.Contains(fixed, false) {
		return nil, nil
	}
	info := &shapeInfo{fixed: fixed}
	if demoted {
		return info, deriveTemplate(d, sql, sh, fixed, orig)
	}
	return info, out.verifiedTemplate(sql, sh, orig)
}

// deriveTemplate translates sql with sentinels for the literals that are
// not fixed and returns the template, or nil when it does not reproduce
// the uncached translation orig.
func deriveTemplate(d Dialect, sql string, sh shape, fixed []bool, orig []*translation) *sharedTemplate {
	out := translateSentinels(d, sql, sh, fixed, orig)
	if out == nil {
		return nil
	}
	return out.verifiedTemplate(sql, sh, orig)
}

// sentinelTranslation is the translation of a query string in which some
// literals are sentinels.
type sentinelTranslation struct {
	sql string
	// spans are the literals' offsets in sql.
	spans        []literal
	sentinels    []string
	translations []*translation
}

// translateSentinels translates sql with each literal that is not fixed
// replaced by a sentinel. It returns nil when the translation fails or
// does not route as orig does.
func translateSentinels(d Dialect, sql string, sh shape, fixed []bool, orig []*translation) *sentinelTranslation {
	out := &sentinelTranslation{spans: make([]literal, len(sh.literals)), sentinels: make([]string, len(sh.literals))}
	var b strings.Builder
	last := 0
	for i, lit := range sh.literals {
		b.WriteString(sql[last:lit.start])
		text := sql[lit.start:lit.end]
		if !fixed[i] {
			text = sentinel(i, lit.class)
			out.sentinels[i] = text
		}
		out.spans[i] = literal{start: b.Len(), end: b.Len() + len(text), class: lit.class}
		b.WriteString(text)
		last = lit.end
	}
	b.WriteString(sql[last:])
	out.sql = b.String()

	translations, err := translateAll(d, out.sql)
	if err != nil || !shareable(translations) || len(translations) != len(orig) {
		return nil
	}
	out.translations = translations
	return out
}

// sentinel returns the sentinel of the i-th literal. A string sentinel
// contains the characters that LIKE, SIMILAR TO, regular expressions,
// to_char, JSON paths and array literals treat as syntax, so that a
// rewrite that reads the value changes or rejects it.
func sentinel(i int, class literalClass) string {
	switch class.kind {
	case 'i':
		return fmt.Sprintf("19876%05d", i)
	case 'b':
		return fmt.Sprintf("87654321%05d", i)
	case 'd':
		return fmt.Sprintf("98765%05d.", i) + strings.Repeat("7", class.scale)
	}
	return fmt.Sprintf(`'pgw%s%%_.{,}[]^$|*+?()"YYYY%05d'`, markerNonce[:8], i)
}

// sentinelOccurrence is the position of a literal's sentinel in a
// rewrite: the statement, the text segment and the byte offsets in it.
type sentinelOccurrence struct {
	literal, statement, segment, start, end int
}

// occurrence returns where the sentinel of literal i appears in the
// rewrite, as a whole literal, or nil unless it appears exactly once.
func (st *sentinelTranslation) occurrence(i int) *sentinelOccurrence {
	needle := st.sentinels[i]
	if needle[0] == '\'' {
		needle = needle[1 : len(needle)-1]
	}
	var found *sentinelOccurrence
	count := 0
	for j, tr := range st.translations {
		for k, seg := range tr.template {
			if seg.slot >= 0 {
				continue
			}
			n := strings.Count(seg.text, needle)
			if n == 0 {
				continue
			}
			count += n
			pos := strings.Index(seg.text, needle)
			found = &sentinelOccurrence{literal: i, statement: j, segment: k, start: pos, end: pos + len(needle)}
		}
	}
	if count != 1 || !found.isWholeLiteral(st.translations, st.sentinels[i]) {
		return nil
	}
	if st.sentinels[i][0] == '\'' {
		found.start--
		found.end++
	}
	return found
}

// isWholeLiteral reports whether the occurrence is a literal of its own,
// not part of a longer number, word or string.
func (o *sentinelOccurrence) isWholeLiteral(translations []*translation, sentinel string) bool {
	text := translations[o.statement].template[o.segment].text
	start, end := o.start, o.end
	if sentinel[0] == '\'' {
		if start == 0 || end >= len(text) || text[start-1] != '\'' || text[end] != '\'' {
			return false
		}
		start--
		end++
	}
	if start > 0 && (isIdentCont(text[start-1]) || text[start-1] == '.' || text[start-1] == '\'') {
		return false
	}
	return end >= len(text) || !(isIdentCont(text[end]) || text[end] == '.' || text[end] == '\'')
}

// verifiedTemplate builds the template and returns it when it reproduces
// orig, the uncached translation of sql.
func (st *sentinelTranslation) verifiedTemplate(sql string, sh shape, orig []*translation) *sharedTemplate {
	tmpl := st.template()
	if tmpl == nil || !tmpl.reproduces(sql, sh, orig) {
		return nil
	}
	return tmpl
}

// template cuts the rewrite at the sentinels. It returns nil when a
// sentinel of a literal that is not fixed does not appear exactly once,
// or when a statement boundary or location falls inside a literal.
func (st *sentinelTranslation) template() *sharedTemplate {
	occurrences := make(map[[2]int][]sentinelOccurrence)
	for i, s := range st.sentinels {
		if s == "" {
			continue
		}
		o := st.occurrence(i)
		if o == nil {
			return nil
		}
		key := [2]int{o.statement, o.segment}
		occurrences[key] = append(occurrences[key], *o)
	}
	tmpl := &sharedTemplate{statements: make([]sharedStatement, len(st.translations))}
	for j, tr := range st.translations {
		s := &tmpl.statements[j]
		*s = sharedStatement{kind: tr.kind, noRelations: tr.noRelations, noColumns: tr.noColumns, refreshCatalog: tr.refreshCatalog, cursor: tr.cursor,
			cursorOptions: tr.cursorOpts, temporary: tr.temporary, tag: tr.tag, changes: tr.changes, unqualified: tr.unqualified, drops: tr.drops,
			resultTypmods: tr.resultTypmods, created: tr.created, paramTypes: tr.paramTypes, slots: tr.slots}
		s.onCommit, s.truncate = tr.onCommit, tr.truncate
		var ok bool
		if s.start, ok = anchorOf(tr.textStart, st.spans); !ok {
			return nil
		}
		if s.end, ok = anchorOf(tr.textStart+len(tr.sql), st.spans); !ok {
			return nil
		}
		for _, slot := range tr.slots {
			a := anchor{literal: -1}
			if slot.location >= 0 {
				if a, ok = anchorOf(int(slot.location), st.spans); !ok {
					return nil
				}
			}
			s.slotLocations = append(s.slotLocations, a)
		}
		for k, seg := range tr.template {
			s.size += len(seg.text)
			if seg.slot >= 0 {
				s.segments = append(s.segments, sharedSegment{fold: seg.slot, literal: -1})
				continue
			}
			if !s.cutSegment(seg.text, occurrences[[2]int{j, k}]) {
				return nil
			}
		}
	}
	return tmpl
}

// cutSegment appends the text of one template segment, with the sentinel
// occurrences os in it as literal slots.
func (s *sharedStatement) cutSegment(text string, os []sentinelOccurrence) bool {
	slices.SortFunc(os, func(a, b sentinelOccurrence) int { return a.start - b.start })
	last := 0
	for _, o := range os {
		if o.start < last {
			return false
		}
		s.segments = append(s.segments,
			sharedSegment{text: text[last:o.start], fold: -1, literal: -1},
			sharedSegment{fold: -1, literal: o.literal})
		last = o.end
	}
	s.segments = append(s.segments, sharedSegment{text: text[last:], fold: -1, literal: -1})
	return true
}

// anchorOf returns the anchor of offset pos among the literals spans, and
// false when pos is inside a literal.
func anchorOf(pos int, spans []literal) (anchor, bool) {
	a := anchor{offset: pos}
	for i, span := range spans {
		if span.end > pos {
			return a, span.start >= pos
		}
		a = anchor{literal: i + 1, offset: pos - span.end}
	}
	return a, true
}

// offsetIn returns the offset that a stands for in the query string with
// the given literals.
func (a anchor) offsetIn(literals []literal) int {
	if a.literal <= 0 {
		return a.offset
	}
	return literals[a.literal-1].end + a.offset
}

// reproduces reports whether the template, filled with the literals of
// sql, is the uncached translation orig of sql.
func (t *sharedTemplate) reproduces(sql string, sh shape, orig []*translation) bool {
	if len(t.statements) != len(orig) {
		return false
	}
	for i, s := range t.statements {
		tr := orig[i]
		start, end := s.start.offsetIn(sh.literals), s.end.offsetIn(sh.literals)
		if s.kind != tr.kind || s.noRelations != tr.noRelations || s.noColumns != tr.noColumns || s.refreshCatalog != tr.refreshCatalog || s.cursor != tr.cursor ||
			s.cursorOptions != tr.cursorOpts || start != tr.textStart || sql[start:end] != tr.sql {
			return false
		}
		if !slices.Equal(s.slotsIn(sh.literals), tr.slots) || !slices.Equal(s.segmentsFor(sql, sh), tr.template) {
			return false
		}
	}
	return true
}

// slotsIn returns the fold slots with their locations in the query string
// with the given literals.
func (s *sharedStatement) slotsIn(literals []literal) []foldSlot {
	slots := slices.Clone(s.slots)
	for i, a := range s.slotLocations {
		if a.literal >= 0 {
			slots[i].location = int32(a.offsetIn(literals))
		}
	}
	return slots
}

// segmentsFor returns the template of the statement for sql, in the form
// that splitTemplate returns.
func (s *sharedStatement) segmentsFor(sql string, sh shape) []segment {
	var segs []segment
	var b strings.Builder
	for _, seg := range s.segments {
		switch {
		case seg.fold >= 0:
			segs = append(segs, segment{text: b.String(), slot: -1}, segment{slot: seg.fold})
			b.Reset()
		case seg.literal >= 0:
			b.WriteString(sh.literals[seg.literal].output(sql))
		default:
			b.WriteString(seg.text)
		}
	}
	return append(segs, segment{text: b.String(), slot: -1})
}

// render returns the statements of sql, a query string of the
// template's key, with the values of session s folded in.
func (t *sharedTemplate) render(sql string, sh shape, s *Session, d Dialect) []Statement {
	warehouseTime := d.warehouseTime()
	out := make([]Statement, len(t.statements))
	for i := range t.statements {
		out[i] = t.statements[i].statement(sql, sh, s, warehouseTime)
	}
	return out
}

func (s *sharedStatement) statement(sql string, sh shape, session *Session, warehouseTime map[foldKind]string) Statement {
	st := Statement{Kind: s.kind, SQL: sql[s.start.offsetIn(sh.literals):s.end.offsetIn(sh.literals)],
		NoRelations: s.noRelations, NoColumns: s.noColumns, RefreshCatalog: s.refreshCatalog, Cursor: s.cursor, CursorOptions: s.cursorOptions,
		CreatesTemporary: s.temporary, Tag: s.tag, Changes: s.changes, Unqualified: s.unqualified, Drops: s.drops,
		ResultTypmods: s.resultTypmods, CreatedColumns: s.created, ParamTypes: s.paramTypes}
	st.OnCommit, st.Truncate = s.onCommit, s.truncate
	var b strings.Builder
	b.Grow(s.size)
	for _, seg := range s.segments {
		switch {
		case seg.literal >= 0:
			b.WriteString(sh.literals[seg.literal].output(sql))
		case seg.fold >= 0:
			slot := s.slots[seg.fold]
			if a := s.slotLocations[seg.fold]; a.literal >= 0 {
				slot.location = int32(a.offsetIn(sh.literals))
			}
			v, err := slot.value(session, warehouseTime)
			if err != nil {
				st.Err = withPosition(err, sql)
				return st
			}
			b.WriteString(v)
		default:
			b.WriteString(seg.text)
		}
	}
	st.Rewritten = b.String()
	return st
}
