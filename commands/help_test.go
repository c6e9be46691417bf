package commands

import (
	"folkmoot/bot"
	"testing"
)

func TestDeclaredHelpMarksCode(t *testing.T) {
	doc := bot.NewDoc(bot.P(Declared("Lists terms; `delegate` lists mandates.")))
	if got := doc.HTML(nil); got != "Lists terms; <code>delegate</code> lists mandates." {
		t.Errorf("HTML = %q", got)
	}
	if body, unstyled := doc.Styled(nil); unstyled || body != "Lists terms; `delegate` lists mandates." {
		t.Errorf("XEP-0393 = %q (unstyled %v)", body, unstyled)
	}
}
