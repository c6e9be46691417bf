package privacy

import (
	"context"
	"encoding/json"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
)

// runMyData is !mydata: the member's own data in the room, sent to them alone as a text file
// and the same as JSON. Where the network cannot give a member a file privately, the room
// hears that it cannot, and nothing of the data.
func (f *privacyFeature) runMyData(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) > 0 {
		return bot.Reply{}, commands.Usagef("")
	}
	// A file given with Tell reaches the sender only where the network can give a member a
	// file privately.
	if _, ok := r.Transport.(bot.PrivateUploader); !ok || !r.CanTell() {
		return bot.Text(r.Lang.Say("privacy.mydata.cannot")), nil
	}
	d := feature.DataOf{Room: r.Room, Member: r.Sender.ID, Lang: r.Lang, Loc: r.Loc}
	name, last, _, err := seen(ctx, r.Tx, r.Room, r.Sender.ID)
	if err != nil {
		return bot.Reply{}, err
	}
	sections := []feature.DataSection{{Title: r.Lang.Say("privacy.mydata.member"), Lines: []string{
		r.Lang.Say("privacy.mydata.ident", "ID", r.Sender.ID),
		r.Lang.Say("privacy.mydata.name", "Name", name),
		r.Lang.Say("privacy.mydata.seen", "When", d.Time(last)),
	}}}
	for _, p := range f.declared() {
		if p.Export == nil {
			continue
		}
		more, err := p.Export(ctx, r.Tx, d)
		if err != nil {
			return bot.Reply{}, err
		}
		sections = append(sections, more...)
	}
	base := "folkmoot-mydata-" + r.At.In(r.Loc).Format("2006-01-02")
	caption := r.Lang.Say("privacy.mydata.caption")
	r.Tell(bot.Reply{File: &bot.FileRef{Name: base + ".txt", MIMEType: "text/plain; charset=utf-8", Caption: caption,
		Content: []byte(text(r, d, sections))}})
	data, err := asJSON(r, d, sections)
	if err != nil {
		return bot.Reply{}, err
	}
	r.Tell(bot.Reply{File: &bot.FileRef{Name: base + ".json", MIMEType: "application/json", Content: data}})
	return bot.Text(r.Lang.Say("privacy.mydata.sent", "Forget", r.Prefix()+"forget me")), nil
}

// text is the data as a readable file: a heading, then each section under its title.
func text(r *commands.Request, d feature.DataOf, sections []feature.DataSection) string {
	var b strings.Builder
	b.WriteString(r.Lang.Say("privacy.mydata.heading", "Room", r.Room.ID, "When", d.Time(r.At)) + "\n")
	b.WriteString(r.Lang.Say("privacy.mydata.not_here") + "\n")
	for _, s := range sections {
		b.WriteString("\n== " + s.Title + " ==\n")
		for _, line := range s.Lines {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// asJSON is the same data for a program to read.
func asJSON(r *commands.Request, d feature.DataOf, sections []feature.DataSection) ([]byte, error) {
	type section struct {
		Title string   `json:"title"`
		Lines []string `json:"lines"`
	}
	out := struct {
		Room     string    `json:"room"`
		Member   string    `json:"member"`
		Made     string    `json:"made"`
		Sections []section `json:"sections"`
	}{Room: r.Room.ID, Member: d.Member, Made: r.At.UTC().Format("2006-01-02T15:04:05Z")}
	for _, s := range sections {
		out.Sections = append(out.Sections, section{Title: s.Title, Lines: s.Lines})
	}
	return json.MarshalIndent(out, "", "  ")
}
