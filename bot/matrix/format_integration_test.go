package matrix_test

import (
	"regexp"
	"strings"
	"testing"

	"maunium.net/go/mautrix/event"

	"folkmoot/bot/matrix"
)

// htmlMarkup is what the HTML renderer writes: its tags and escaped characters. A plain body
// holding any of it would show markup to people whose client reads only the body. (A
// person's own "<b>" is no such thing: the body shows it as typed.)
var htmlMarkup = regexp.MustCompile(`</?(?:strong|em|code|pre|ul|li|br|p|a)\b[^>]*>|&(?:lt|gt|amp|quot|#\d+);`)

// Replies of the real core reach Element as HTML beside a plain body, in an encrypted room:
// help and a vote's tally are formatted, and a person's text is shown as typed in both, never
// read as markup.
func TestIntegrationFormattedReplies(t *testing.T) {
	srv := matrix.DendriteServer(t)
	f := startFolkmoot(t, srv, nil)
	as := newAssembly(t, srv, f)

	t.Run("help is formatted", func(t *testing.T) {
		help := as.answer(t, as.member, "!help")
		checkFormatted(t, "!help", help)
		if !strings.Contains(help.FormattedBody, "<strong>") && !strings.Contains(help.FormattedBody, "<ul>") {
			t.Errorf("!help: formatted_body has neither bold nor a list:\n%s", help.FormattedBody)
		}
	})

	t.Run("a person's text stays literal", func(t *testing.T) {
		const question = "<b>x</b> **x** *x* `x`"
		opened := as.answer(t, as.member, `!vote new "`+question+`"`)
		checkFormatted(t, "!vote new", opened)
		if !strings.Contains(opened.Body, question) {
			t.Errorf("!vote new: body does not show the question as typed:\n%s", opened.Body)
		}
		if escaped := "&lt;b&gt;x&lt;/b&gt; **x** *x* `x`"; !strings.Contains(opened.FormattedBody, escaped) {
			t.Errorf("!vote new: formatted_body does not show the question escaped (%s):\n%s", escaped, opened.FormattedBody)
		}
		for _, markup := range []string{"<b>", "<strong>x", "<em>x", "<code>x</code>"} {
			if strings.Contains(opened.FormattedBody, markup) {
				t.Errorf("!vote new: the question became markup %s:\n%s", markup, opened.FormattedBody)
			}
		}
	})

	t.Run("a tally is formatted", func(t *testing.T) {
		as.ask(t, as.member, "!vote 1 agree")
		show := as.answer(t, as.admin, "!vote show 1")
		checkFormatted(t, "!vote show 1", show)
		if who := as.member.ID().Localpart(); !strings.Contains(show.FormattedBody, who) {
			t.Errorf("!vote show 1: formatted_body does not list the voter %s:\n%s", who, show.FormattedBody)
		}
	})
}

// checkFormatted asserts that a reply carries an HTML formatted_body and a plain body
// without markup.
func checkFormatted(t *testing.T, what string, c *event.MessageEventContent) {
	t.Helper()
	if c.Format != event.FormatHTML || strings.TrimSpace(c.FormattedBody) == "" {
		t.Errorf("%s: no HTML formatted_body (format %q):\n%s", what, c.Format, c.Body)
	}
	if m := htmlMarkup.FindString(c.Body); m != "" {
		t.Errorf("%s: the plain body holds markup %s:\n%s", what, m, c.Body)
	}
}
