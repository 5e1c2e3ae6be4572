package translate

import "strings"

// arrayElement is one element of a PostgreSQL array literal.
type arrayElement struct {
	text string
	null bool
}

// parseArrayLiteral parses the text form of a one-dimensional PostgreSQL
// array, such as {1,2} or {"a b",NULL}. It reports false for any other
// form, including nested arrays and explicit bounds.
func parseArrayLiteral(s string) ([]arrayElement, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	body := s[1 : len(s)-1]
	if strings.TrimSpace(body) == "" {
		return []arrayElement{}, true
	}
	var out []arrayElement
	for i := 0; ; {
		el, next, ok := parseArrayElement(body, i)
		if !ok {
			return nil, false
		}
		out = append(out, el)
		if next >= len(body) {
			return out, true
		}
		if body[next] != ',' {
			return nil, false
		}
		i = next + 1
	}
}

// parseArrayElement parses the element that starts at body[i] and returns
// it with the index of the delimiter after it.
func parseArrayElement(body string, i int) (arrayElement, int, bool) {
	for i < len(body) && body[i] == ' ' {
		i++
	}
	if i < len(body) && body[i] == '"' {
		return parseQuotedElement(body, i+1)
	}
	end := i
	for end < len(body) && body[end] != ',' {
		if strings.ContainsRune(`{}"\`, rune(body[end])) {
			return arrayElement{}, 0, false
		}
		end++
	}
	text := strings.TrimSpace(body[i:end])
	if text == "" {
		return arrayElement{}, 0, false
	}
	return arrayElement{text: text, null: strings.EqualFold(text, "NULL")}, end, true
}

func parseQuotedElement(body string, i int) (arrayElement, int, bool) {
	var b strings.Builder
	for ; i < len(body); i++ {
		switch c := body[i]; c {
		case '\\':
			if i+1 >= len(body) {
				return arrayElement{}, 0, false
			}
			i++
			b.WriteByte(body[i])
		case '"':
			next := i + 1
			for next < len(body) && body[next] == ' ' {
				next++
			}
			return arrayElement{text: b.String()}, next, true
		default:
			b.WriteByte(c)
		}
	}
	return arrayElement{}, 0, false
}
