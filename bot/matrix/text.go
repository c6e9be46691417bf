package matrix

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"maunium.net/go/mautrix/id"
)

// leadingPill matches a link at the very start of formatted_body: how clients render a
// mention pill ("<a href="https://matrix.to/#/@bot:example.org">Bot</a>: !help").
var leadingPill = regexp.MustCompile(`(?is)^\s*(?:<p>\s*)?<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>`)

// tag strips HTML tags from a pill's inner text.
var tag = regexp.MustCompile(`<[^>]*>`)

// commandText turns a message's plain body (and formatted body, when there is one) into the
// text the core parses. A mention of the bot at the start - a pill, or the bot's user ID
// typed out - is removed and reported, so "Folkmoot: !help" reads as "!help".
func commandText(body, formatted string, me id.UserID) (text string, mentioned bool) {
	if m := leadingPill.FindStringSubmatch(formatted); m != nil && pillUser(m[1]) == me {
		name := strings.TrimSpace(html.UnescapeString(tag.ReplaceAllString(m[2], "")))
		for _, prefix := range []string{name, me.String()} {
			if rest, ok := cutMention(body, prefix); ok {
				return rest, true
			}
		}
		// The plain body does not start with the pill's text: read what follows the pill.
		rest := formatted[len(m[0]):]
		return trimSeparator(html.UnescapeString(tag.ReplaceAllString(rest, ""))), true
	}
	if rest, ok := cutMention(body, me.String()); ok {
		return rest, true
	}
	return strings.TrimSpace(body), false
}

// pillUser is the user a matrix.to or matrix: link points at, or "".
func pillUser(href string) id.UserID {
	uri, err := id.ParseMatrixURIOrMatrixToURL(href)
	if err != nil || uri == nil {
		return ""
	}
	return uri.UserID()
}

// cutMention removes prefix from the start of body when it stands alone (followed by a
// separator, a space or the end), then the separator.
func cutMention(body, prefix string) (string, bool) {
	if prefix == "" {
		return "", false
	}
	s := strings.TrimLeftFunc(body, unicode.IsSpace)
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	rest := s[len(prefix):]
	if r, _ := utf8.DecodeRuneInString(rest); rest != "" && r != ':' && r != ',' && !unicode.IsSpace(r) {
		return "", false
	}
	return trimSeparator(rest), true
}

// trimSeparator drops the ": " or ", " that follows a mention.
func trimSeparator(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	s = strings.TrimPrefix(s, ":")
	s = strings.TrimPrefix(s, ",")
	return strings.TrimSpace(s)
}
