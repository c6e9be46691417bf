package archive

import (
	"bytes"
	"html/template"
	"slices"
	"time"

	"folkmoot/bot"
	"folkmoot/words"
)

// pageWords words a room's pages: in its language, dates in its time zone.
type pageWords struct {
	l   *words.Lang
	loc *time.Location
}

// Say is a catalog message in the page's language.
func (p pageWords) Say(id string, pairs ...any) string { return p.l.Say(id, pairs...) }

// Date is a day as ISO 8601 writes it, the same in every language: 2026-11-25.
func (p pageWords) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.loc).Format("2006-01-02")
}

// Time is a day and time: 2026-11-25 19:00.
func (p pageWords) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.loc).Format("2006-01-02 15:04")
}

// Tag is the page's language as HTML names it.
func (p pageWords) Tag() string {
	if p.l == nil {
		return words.English
	}
	return p.l.Tag
}

// Dir is the page's direction.
func (p pageWords) Dir() string {
	if p.l != nil && p.l.RTL {
		return "rtl"
	}
	return "ltr"
}

// The archive's pages load nothing and run nothing, as the minutes' pages: the policy
// forbids every fetch and script. Every person's text goes through html/template, which
// escapes it, and sits in <bdi> so that right-to-left text cannot turn the page around it.
// The print rules drop the navigation and keep a table row on one page.
const layout = `{{define "head"}}<!DOCTYPE html>
<html lang="{{.P.Tag}}" dir="{{.P.Dir}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
@page { size: A4; margin: 18mm; }
html { font-family: "DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "Droid Sans Fallback", sans-serif; font-size: 11pt; color: #111; background: #fff; }
body { max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
nav { font-size: .95em; margin-bottom: 1.2em; }
nav a { margin-inline-end: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { border-bottom: 1px solid #ccc; padding: .2em .6em .2em 0; text-align: start; vertical-align: top; }
th { border-bottom: 1px solid #555; }
.when { white-space: nowrap; font-variant-numeric: tabular-nums; }
.note { color: #555; font-size: .9em; }
ul { padding-inline-start: 1.4em; }
a { color: #1a4f8b; }
@media print { nav, .feed { display: none; } body { max-width: none; margin: 0; padding: 0; } a { color: inherit; text-decoration: none; } tr, li { break-inside: avoid; page-break-inside: avoid; } h1, h2 { break-after: avoid; page-break-after: avoid; } }
</style>
</head>
<body>
{{end}}
{{define "foot"}}<p class="note">{{.P.Say "archive.site.made" "When" (.P.Time .Now)}}</p>
</body>
</html>
{{end}}
{{define "index"}}{{template "head" .}}<h1><bdi>{{.Title}}</bdi></h1>
<p>{{.P.Say "archive.site.intro"}}</p>
<h2>{{.P.Say "archive.site.rooms"}}</h2>
{{if .Rooms}}<ul>
{{range $r := .Rooms}}<li><a href="{{$r.Folder}}/index.html"><bdi>{{$r.Name}}</bdi></a>{{range $r.Years}} · <a href="{{$r.Folder}}/index.html#y{{.}}">{{.}}</a>{{end}}</li>
{{end}}</ul>
{{else}}<p>{{.P.Say "archive.site.no_rooms"}}</p>
{{end}}{{template "foot" .}}{{end}}
{{define "nav"}}<nav><a href="../index.html">{{.P.Say "archive.site.all_rooms"}}</a><a href="index.html">{{.P.Say "archive.site.meetings"}}</a><a href="decisions.html">{{.P.Say "archive.site.decisions"}}</a><a href="mandates.html">{{.P.Say "archive.site.mandates"}}</a><a class="feed" href="feed.atom">{{.P.Say "archive.site.feed"}}</a></nav>
{{end}}
{{define "room"}}{{template "head" .}}{{template "nav" .}}<h1><bdi>{{.Room}}</bdi></h1>
{{if not .Years}}<p>{{.P.Say "archive.site.no_meetings"}}</p>
{{end}}{{range .Years}}<h2 id="y{{.Year}}">{{.Year}}</h2>
<ul>
{{range .Meetings}}<li><span class="when">{{$.P.Date .Start}}</span> <a href="{{.File}}"><bdi>{{.Title}}</bdi></a></li>
{{end}}</ul>
{{if .Digests}}<p>{{$.P.Say "archive.site.digests"}}: {{range $i, $d := .Digests}}{{if $i}} · {{end}}<a href="{{$d.File}}">{{$d.Label}}</a>{{end}}</p>
{{end}}{{end}}{{template "foot" .}}{{end}}
{{define "decisions"}}{{template "head" .}}{{template "nav" .}}<h1>{{.P.Say "archive.site.decisions"}} · <bdi>{{.Room}}</bdi></h1>
{{if .Decisions}}<table>
<thead><tr><th>{{.P.Say "archive.site.col.when"}}</th><th>{{.P.Say "archive.site.col.decision"}}</th><th>{{.P.Say "archive.site.col.result"}}</th></tr></thead>
<tbody>
{{range .Decisions}}<tr><td class="when">{{$.P.Time .At}}</td><td><bdi>{{.Title}}</bdi>{{if .Meeting}} <span class="note">(<a href="{{.Meeting}}">{{$.P.Say "archive.site.in_meeting" "Number" .Number}}</a>)</span>{{end}}</td><td>{{if .Result}}<bdi>{{.Result}}</bdi>{{end}}{{if .Counts}}<br><span class="note">{{range $i, $c := .Counts}}{{if $i}}; {{end}}<bdi>{{$c}}</bdi>{{end}}</span>{{end}}{{if .Turnout}}<br><span class="note"><bdi>{{.Turnout}}</bdi></span>{{end}}{{if .Secret}}<br><span class="note">{{$.P.Say "archive.site.secret"}}</span>{{end}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p>{{.P.Say "archive.site.no_decisions"}}</p>
{{end}}{{template "foot" .}}{{end}}
{{define "mandates"}}{{template "head" .}}{{template "nav" .}}<h1>{{.P.Say "archive.site.mandates"}} · <bdi>{{.Room}}</bdi></h1>
{{if .Mandates}}<table>
<thead><tr><th>#</th><th>{{.P.Say "archive.site.col.holder"}}</th><th>{{.P.Say "archive.site.col.scope"}}</th><th>{{.P.Say "archive.site.col.from"}}</th><th>{{.P.Say "archive.site.col.until"}}</th><th>{{.P.Say "archive.site.col.end"}}</th></tr></thead>
<tbody>
{{range .Mandates}}<tr><td>{{.Number}}</td><td><bdi>{{.Holder}}</bdi></td><td><bdi>{{.Scope}}</bdi></td><td class="when">{{$.P.Date .From}}</td><td class="when">{{if .End.IsZero}}{{$.P.Date .Until}}{{else}}{{$.P.Date .End}}{{end}}</td><td>{{if .Ended}}<bdi>{{.Ended}}</bdi>{{else}}{{$.P.Say "archive.site.in_force"}}{{end}}</td></tr>
{{end}}</tbody>
</table>
{{else}}<p>{{.P.Say "archive.site.no_mandates"}}</p>
{{end}}{{template "foot" .}}{{end}}`

var pages = template.Must(template.New("archive").Parse(layout))

// page is what every template reads.
type page struct {
	P     pageWords
	Title string
	Now   time.Time
	Room  string

	Rooms     []roomSummary
	Years     []yearOf
	Decisions []decision
	Mandates  []held
}

// yearOf is a year of a room's meetings and digests, latest year first.
type yearOf struct {
	Year     int
	Meetings []meetingLink
	Digests  []digestLink
}

// meetingLink is a meeting in its room's index.
type meetingLink struct {
	Start       time.Time
	File, Title string
}

// digestLink is a month's digest in its room's index.
type digestLink struct{ File, Label string }

func render(name string, pg page) ([]byte, error) {
	var b bytes.Buffer
	err := pages.ExecuteTemplate(&b, name, pg)
	return b.Bytes(), err
}

// indexPage is the site's index: the public rooms, each with its years.
func indexPage(p pageWords, title string, rooms []roomSummary, now time.Time) ([]byte, error) {
	return render("index", page{P: p, Title: title, Now: now, Rooms: rooms})
}

// roomPage is a room's index: its meetings by year, latest first, with the year's digests.
func roomPage(p pageWords, room bot.Room, ms []archived, ds []digest, now time.Time) ([]byte, error) {
	var years []yearOf
	at := func(y int) *yearOf {
		for i := range years {
			if years[i].Year == y {
				return &years[i]
			}
		}
		years = append(years, yearOf{Year: y})
		return &years[len(years)-1]
	}
	for _, a := range ms {
		y := at(a.m.Start.In(p.loc).Year())
		y.Meetings = append(y.Meetings, meetingLink{Start: a.m.Start, File: a.file, Title: a.m.Title})
	}
	for _, d := range ds {
		y := at(d.Year)
		y.Digests = append(y.Digests, digestLink{File: d.File, Label: time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")})
	}
	slices.SortFunc(years, func(a, b yearOf) int { return b.Year - a.Year })
	return render("room", page{P: p, Title: room.ID, Now: now, Room: room.ID, Years: years})
}

func decisionsPage(p pageWords, room bot.Room, ds []decision, now time.Time) ([]byte, error) {
	return render("decisions", page{P: p, Title: p.Say("archive.site.decisions") + " · " + room.ID, Now: now, Room: room.ID, Decisions: ds})
}

func mandatesPage(p pageWords, room bot.Room, hs []held, now time.Time) ([]byte, error) {
	return render("mandates", page{P: p, Title: p.Say("archive.site.mandates") + " · " + room.ID, Now: now, Room: room.ID, Mandates: hs})
}
