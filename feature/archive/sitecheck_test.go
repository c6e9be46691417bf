package archive_test

import (
	"encoding/xml"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// voidTags are the HTML elements that have no end tag.
var voidTags = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkSite checks every page of the site in dir: every HTML page is well-formed (each
// element closed, in order), every href and src that is not an absolute web address names a
// file of the site (and its #fragment an id of that page), and every .atom file is XML
// with an Atom feed whose links resolve too. It returns the pages it read.
func checkSite(t *testing.T, dir string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		pages[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]map[string]bool{}
	links := map[string][]string{}
	for path, text := range pages {
		switch filepath.Ext(path) {
		case ".html":
			ids[path], links[path] = wellFormed(t, path, text)
		case ".atom":
			links[path] = atomLinks(t, path, text)
		}
	}
	for from, ls := range links {
		for _, l := range ls {
			u, err := url.Parse(l)
			if err != nil {
				t.Errorf("%s: link %q: %v", from, l, err)
				continue
			}
			if u.Scheme == "http" || u.Scheme == "https" {
				continue // a member's web link in the minutes
			}
			if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: link %q is not relative", from, l)
				continue
			}
			target := from
			if u.Path != "" {
				target = filepath.Join(filepath.Dir(from), filepath.FromSlash(u.Path))
			}
			if _, ok := pages[target]; !ok {
				t.Errorf("%s: link %q names no file of the site", from, l)
				continue
			}
			if u.Fragment != "" && !ids[target][u.Fragment] {
				t.Errorf("%s: link %q names no id of %s", from, l, target)
			}
		}
	}
	return pages
}

// wellFormed checks one page's elements nest and close, and returns its ids and links.
func wellFormed(t *testing.T, path, text string) (map[string]bool, []string) {
	t.Helper()
	if _, err := html.Parse(strings.NewReader(text)); err != nil {
		t.Errorf("%s: %v", path, err)
	}
	ids := map[string]bool{}
	var links, open []string
	z := html.NewTokenizer(strings.NewReader(text))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", path, z.Err())
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range tok.Attr {
				switch a.Key {
				case "id":
					ids[a.Val] = true
				case "href", "src":
					links = append(links, a.Val)
				}
			}
			if tt == html.StartTagToken && !voidTags[tok.Data] {
				open = append(open, tok.Data)
			}
		case html.EndTagToken:
			if len(open) == 0 || open[len(open)-1] != tok.Data {
				t.Errorf("%s: </%s> closes %v", path, tok.Data, open)
				return ids, links
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t.Errorf("%s: never closed: %v", path, open)
	}
	return ids, links
}

// atomLinks reads a feed, checks it is an Atom feed with what RFC 4287 requires, and
// returns its links.
func atomLinks(t *testing.T, path, text string) []string {
	t.Helper()
	var f struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(text), &f); err != nil {
		t.Errorf("%s: not an Atom feed: %v", path, err)
		return nil
	}
	if f.Title == "" || !strings.HasPrefix(f.ID, "urn:uuid:") || f.Updated == "" {
		t.Errorf("%s: feed lacks title, id or updated: %+v", path, f)
	}
	var out []string
	for _, l := range f.Links {
		out = append(out, l.Href)
	}
	seen := map[string]bool{}
	for _, e := range f.Entries {
		if e.Title == "" || e.Updated == "" || seen[e.ID] || !strings.HasPrefix(e.ID, "urn:uuid:") {
			t.Errorf("%s: entry without title, updated or a unique id: %+v", path, e)
		}
		seen[e.ID] = true
		out = append(out, e.Link.Href)
	}
	return out
}
