package archive

import (
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"slices"
	"time"

	"folkmoot/bot"
)

// The Atom feed of a room (RFC 4287): its meetings' minutes and its decisions, latest
// first. encoding/xml escapes every text; the links are relative to the feed, which sits in
// the room's folder, so the feed works wherever the site is put.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title   string    `xml:"title"`
	ID      string    `xml:"id"`
	Updated string    `xml:"updated"`
	Link    atomLink  `xml:"link"`
	Summary *atomText `xml:"summary,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// feed is a room's feed.
func feed(p pageWords, room bot.Room, assembly string, ms []archived, ds []decision, now time.Time) ([]byte, error) {
	author := assembly
	if author == "" {
		author = room.ID
	}
	f := atomFeed{Title: room.ID, ID: urn(room.Key()), Updated: stamp(now), Author: atomAuthor{Name: author},
		Links: []atomLink{{Href: "feed.atom", Rel: "self", Type: "application/atom+xml"}, {Href: "index.html", Rel: "alternate", Type: "text/html"}}}
	type dated struct {
		at time.Time
		e  atomEntry
	}
	var all []dated
	for _, a := range ms {
		all = append(all, dated{a.m.End, atomEntry{Title: p.Say("archive.site.minutes_of", "Title", a.m.Title), ID: urn(fmt.Sprintf("%s/meeting/%d", room.Key(), a.m.Number)),
			Updated: stamp(a.m.End), Link: atomLink{Href: a.file, Rel: "alternate", Type: "text/html"}}})
	}
	for i, d := range ds {
		sum := d.Result
		if d.Secret {
			sum += " — " + p.Say("archive.site.secret")
		}
		e := atomEntry{Title: d.Title, ID: urn(fmt.Sprintf("%s/decision/%d/%d", room.Key(), d.At.UnixMilli(), i)), Updated: stamp(d.At),
			Link: atomLink{Href: "decisions.html", Rel: "alternate", Type: "text/html"}}
		if sum != "" {
			e.Summary = &atomText{Type: "text", Text: sum}
		}
		all = append(all, dated{d.At, e})
	}
	slices.SortStableFunc(all, func(a, b dated) int { return b.at.Compare(a.at) })
	for _, d := range all {
		f.Entries = append(f.Entries, d.e)
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// stamp is a time as Atom writes it.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// urn is a stable identifier for what name names: a name-based UUID (RFC 4122, version 5,
// in the URL namespace), the same at every build.
func urn(name string) string {
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte("folkmoot:" + name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
