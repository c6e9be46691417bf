package matrix

import (
	"html"
	"regexp"
	"strings"

	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// leadingPill matches a link at the very start of formatted_body: how clients render a
// mention pill ("<a href="https://matrix.to/#/@bot:example.org">Bot</a>: !help").
var leadingPill = regexp.MustCompile(`(?is)^\s*(?:<p>\s*)?<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>`)

// tag strips HTML tags from a pill's inner text.
var tag = regexp.MustCompile(`<[^>]*>`)

// commandText turns a message's plain body (and formatted body, when there is one) into the
// text the core parses. A mention of the bot at the start - a pill, or the bot's user ID
// typed out - is removed and reported, so "Folkmoot: !help" reads as "!help". The pill is
// Matrix's business; the "name: rest" that follows is the address every network strips the
// same way (bot.StripAddress).
func commandText(body, formatted string, me id.UserID) (text string, mentioned bool) {
	// The typed user ID is "@" plus this; StripAddress takes the "@" as the address's own.
	typed := strings.TrimPrefix(me.String(), "@")
	if m := leadingPill.FindStringSubmatch(formatted); m != nil && pillUser(m[1]) == me {
		name := strings.TrimPrefix(strings.TrimSpace(html.UnescapeString(tag.ReplaceAllString(m[2], ""))), "@")
		// The longer name first: a display name "folkmoot" would otherwise cut the typed
		// "@folkmoot:example.org: !help" after its first colon.
		names := []string{typed, name}
		if len(name) > len(typed) {
			names = []string{name, typed}
		}
		if rest, ok := bot.StripAddress(body, names...); ok {
			return rest, true
		}
		// The plain body does not start with the pill's text (or a client put only a space
		// after it, which the plain rule leaves alone): the pill itself is the address, so
		// read what follows it.
		rest := html.UnescapeString(tag.ReplaceAllString(formatted[len(m[0]):], ""))
		return strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(rest), ":,")), true
	}
	if rest, ok := bot.StripAddress(body, typed); ok {
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
