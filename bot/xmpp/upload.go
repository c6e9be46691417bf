package xmpp

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"encoding/xml"

	"folkmoot/bot"
)

// errNoUpload is returned when the server has no XEP-0363 service; the message is meant
// to be shown to people.
var errNoUpload = errors.New("this XMPP server offers no file upload service (XEP-0363 HTTP upload), so the file cannot be posted")

// uploadService is the server's HTTP upload component.
type uploadService struct {
	jid     string
	maxSize int64 // 0 when not announced
}

// Upload puts a file on the server's HTTP upload service and posts its URL in the room
// with an XEP-0066 link, which clients show inline. A caption goes out as its own message
// first, because clients only inline a link whose body is exactly the URL. It returns the
// URL the file can be fetched from.
func (t *Transport) Upload(ctx context.Context, rm bot.Room, f bot.File) (string, error) {
	c, _, err := t.target(rm)
	if err != nil {
		return "", err
	}
	svc, err := t.uploadService(ctx, c)
	if err != nil {
		return "", err
	}
	data, err := io.ReadAll(io.LimitReader(f.Content, limitFor(svc)+1))
	if err != nil {
		return "", fmt.Errorf("xmpp: read %s: %w", f.Name, err)
	}
	if int64(len(data)) > limitFor(svc) {
		return "", fmt.Errorf("the file %s is larger than this XMPP server accepts (%d bytes)", f.Name, limitFor(svc))
	}
	mime := f.MIMEType
	if mime == "" {
		mime = "application/octet-stream"
	}
	s, err := t.requestSlot(ctx, c, svc, f.Name, mime, int64(len(data)))
	if err != nil {
		return "", err
	}
	if err := t.put(ctx, s, mime, data); err != nil {
		return "", err
	}
	if f.Caption != "" {
		if err := t.post(ctx, c, rm.ID, f.Caption, false, "", ""); err != nil {
			return s.Get.URL, err
		}
	}
	if err := t.post(ctx, c, rm.ID, s.Get.URL, false, s.Get.URL, f.Caption); err != nil {
		return s.Get.URL, err
	}
	return s.Get.URL, nil
}

// limitFor is the largest file to read: the service's limit, else 100 MB.
func limitFor(svc *uploadService) int64 {
	if svc.maxSize > 0 {
		return svc.maxSize
	}
	return 100 << 20
}

// uploadService discovers the upload component via disco#items/#info on the server,
// once per connection.
func (t *Transport) uploadService(ctx context.Context, c *conn) (*uploadService, error) {
	t.mu.Lock()
	cached := t.upload
	t.mu.Unlock()
	if cached != nil {
		if cached.jid == "" {
			return nil, errNoUpload
		}
		return cached, nil
	}
	found, err := t.discoverUpload(ctx, c)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	if t.conn == c {
		t.upload = found
	}
	t.mu.Unlock()
	if found.jid == "" {
		return nil, errNoUpload
	}
	return found, nil
}

// discoInfo is a disco#info result: features and extended info forms (XEP-0128).
type discoInfo struct {
	Features []struct {
		Var string `xml:"var,attr"`
	} `xml:"feature"`
	Forms []struct {
		Fields []struct {
			Var    string   `xml:"var,attr"`
			Values []string `xml:"value"`
		} `xml:"field"`
	} `xml:"jabber:x:data x"`
}

// discoItems is a disco#items result.
type discoItems struct {
	Items []struct {
		JID  string `xml:"jid,attr"`
		Node string `xml:"node,attr"`
	} `xml:"item"`
}

// slot is an XEP-0363 upload slot.
type slot struct {
	Put struct {
		URL     string `xml:"url,attr"`
		Headers []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:",chardata"`
		} `xml:"header"`
	} `xml:"put"`
	Get struct {
		URL string `xml:"url,attr"`
	} `xml:"get"`
}

// decodePayload reads an IQ result's child element into v.
func decodePayload(res *iq, v any) error {
	if res == nil || res.Payload == nil {
		return errors.New("empty answer")
	}
	return xml.Unmarshal(append(append([]byte("<p>"), res.Payload.Inner...), "</p>"...), v)
}

// discoverUpload asks the server and each of its items whether it speaks XEP-0363.
// An empty jid in the result means there is none.
func (t *Transport) discoverUpload(ctx context.Context, c *conn) (*uploadService, error) {
	candidates := []string{t.domain}
	res, err := c.request(ctx, "get", t.domain, "<query xmlns='"+nsDiscoItems+"'/>", t.tune.sendTimeout)
	if err != nil {
		return nil, fmt.Errorf("xmpp: discover upload service: %w", err)
	}
	var items discoItems
	if err := decodePayload(res, &items); err == nil {
		for _, it := range items.Items {
			if it.Node == "" && it.JID != "" {
				candidates = append(candidates, it.JID)
			}
		}
	}
	for _, jid := range candidates {
		res, err := c.request(ctx, "get", jid, "<query xmlns='"+nsDiscoInfo+"'/>", t.tune.sendTimeout)
		if err != nil {
			var se *stanzaError
			if errors.As(err, &se) {
				continue // that item does not answer disco; try the next
			}
			return nil, fmt.Errorf("xmpp: discover upload service: %w", err)
		}
		var info discoInfo
		if decodePayload(res, &info) != nil || !info.has(nsUpload) {
			continue
		}
		return &uploadService{jid: jid, maxSize: info.maxFileSize()}, nil
	}
	return &uploadService{}, nil
}

func (d *discoInfo) has(feature string) bool {
	for _, f := range d.Features {
		if f.Var == feature {
			return true
		}
	}
	return false
}

// maxFileSize reads the max-file-size field of the upload service's info form.
func (d *discoInfo) maxFileSize() int64 {
	for _, form := range d.Forms {
		var isUpload bool
		var size int64
		for _, f := range form.Fields {
			if f.Var == "FORM_TYPE" && slices.Contains(f.Values, nsUpload) {
				isUpload = true
			}
			if f.Var == "max-file-size" && len(f.Values) > 0 {
				size, _ = strconv.ParseInt(strings.TrimSpace(f.Values[0]), 10, 64)
			}
		}
		if isUpload && size > 0 {
			return size
		}
	}
	return 0
}

// requestSlot asks the service for a PUT/GET URL pair.
func (t *Transport) requestSlot(ctx context.Context, c *conn, svc *uploadService, name, mime string, size int64) (slot, error) {
	if name == "" {
		name = "file"
	}
	payload := fmt.Sprintf("<request xmlns='%s' filename='%s' size='%d' content-type='%s'/>", nsUpload, esc(name), size, esc(mime))
	res, err := c.request(ctx, "get", svc.jid, payload, t.tune.sendTimeout)
	if err != nil {
		return slot{}, fmt.Errorf("xmpp: upload slot for %s: %w", name, err)
	}
	var s slot
	if err := decodePayload(res, &s); err != nil || !webURL(s.Put.URL) || !webURL(s.Get.URL) {
		return slot{}, fmt.Errorf("xmpp: upload slot for %s: the service sent no usable URLs", name)
	}
	return s, nil
}

// webURL accepts http(s) URLs only; anything else in a slot is not ours to fetch.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// put uploads the bytes to the slot. Only the headers XEP-0363 allows are passed on.
func (t *Transport) put(ctx context.Context, s slot, mime string, data []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, s.Put.URL, bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("xmpp: upload: %w", err)
	}
	req.ContentLength = int64(len(data))
	req.Header.Set("Content-Type", mime)
	for _, h := range s.Put.Headers {
		switch http.CanonicalHeaderKey(h.Name) {
		case "Authorization", "Cookie", "Expires":
			req.Header.Set(h.Name, h.Value)
		}
	}
	client := &http.Client{Transport: &http.Transport{
		Proxy:           http.ProxyFromEnvironment,
		TLSClientConfig: &tls.Config{InsecureSkipVerify: t.cfg.InsecureSkipVerify, MinVersion: tls.VersionTLS12}, //nolint:gosec // only when configured
	}}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("xmpp: upload: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return fmt.Errorf("xmpp: upload: the server answered %s", resp.Status)
	}
	return nil
}
