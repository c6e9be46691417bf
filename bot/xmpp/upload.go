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

	"mellium.im/xmpp/disco"
	discoinfo "mellium.im/xmpp/disco/info"
	"mellium.im/xmpp/disco/items"
	"mellium.im/xmpp/form"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/upload"

	"folkmoot/bot"
)

// errNoUpload is returned when the server has no XEP-0363 service; the message is meant
// to be shown to people.
var errNoUpload = errors.New("this XMPP server offers no file upload service (XEP-0363 HTTP upload), so the file cannot be posted")

// Upload puts a file on the server's HTTP upload service and posts its URL in the room
// with an XEP-0066 link, which clients show inline. A caption goes out as its own message
// first, because clients only inline a link whose body is exactly the URL. It returns the
// URL the file can be fetched from.
func (t *Transport) Upload(ctx context.Context, rm bot.Room, f bot.File) (string, error) {
	tg, err := t.target(rm)
	if err != nil {
		return "", err
	}
	get, err := t.put(ctx, tg, f)
	if err != nil {
		return "", err
	}
	if f.Caption != "" {
		if err := t.post(ctx, tg.c, outgoing{to: tg.room, typ: "groupchat", id: newID(), body: f.Caption}); err != nil {
			return get, err
		}
	}
	link := outgoing{to: tg.room, typ: "groupchat", id: newID(), body: get, oobURL: get, oobDesc: f.Caption}
	if err := t.post(ctx, tg.c, link); err != nil {
		return get, err
	}
	return get, nil
}

// UploadPrivate implements bot.PrivateUploader: the file goes to the upload service like any
// other, and its link (a long unguessable URL) only in private messages within the room to
// the member whose real JID is to, as SendPrivate sends. A member the room does not show is
// not reached: the file is not posted and the item dropped, as SendPrivate drops a reply.
func (t *Transport) UploadPrivate(ctx context.Context, rm bot.Room, to string, f bot.File) error {
	tg, err := t.target(rm)
	if err != nil {
		return err
	}
	t.mu.Lock()
	nicks := tg.r.occ.nicksOf(to)
	t.mu.Unlock()
	if len(nicks) == 0 {
		t.log.Info().Str("room", tg.room).Str("to", bareJID(to)).
			Msg("the member a private file is for is not in the room, or the room hides their address; it is not uploaded")
		return nil
	}
	get, err := t.put(ctx, tg, f)
	if err != nil {
		return err
	}
	for i, n := range nicks {
		var outs []outgoing
		if f.Caption != "" {
			outs = append(outs, outgoing{to: tg.room + "/" + n, typ: "chat", id: newID(), body: f.Caption})
		}
		outs = append(outs, outgoing{to: tg.room + "/" + n, typ: "chat", id: newID(), body: get, oobURL: get, oobDesc: f.Caption})
		for _, out := range outs {
			if err := tg.c.write(out.stanza()); err != nil {
				if i == 0 {
					return fmt.Errorf("xmpp: send a file privately in %s: %w", tg.room, err)
				}
				return nil // an earlier client of theirs has it: a retry would repeat it there
			}
		}
	}
	return nil
}

// put puts a file on the server's HTTP upload service and returns the URL it can be fetched
// from.
func (t *Transport) put(ctx context.Context, tg target, f bot.File) (string, error) {
	svc, err := t.uploadService(ctx, tg.c)
	if err != nil {
		return "", err
	}
	data, err := io.ReadAll(io.LimitReader(f.Content, limitFor(svc)+1))
	if err != nil {
		return "", fmt.Errorf("xmpp: read %s: %w", f.Name, err)
	}
	if int64(len(data)) > limitFor(svc) {
		return "", fmt.Errorf("the file %s is larger than this XMPP server accepts (%d bytes): %w", f.Name, limitFor(svc), bot.ErrUndeliverable)
	}
	mime := f.MIMEType
	if mime == "" {
		mime = "application/octet-stream"
	}
	name := f.Name
	if name == "" {
		name = "file"
	}
	rctx, cancel := t.clock.WithTimeout(ctx, t.tune.sendTimeout)
	s, err := upload.GetSlot(rctx, upload.File{Name: name, Size: len(data), Type: mime}, svc.jid, tg.c.s)
	cancel()
	if err != nil {
		return "", fmt.Errorf("xmpp: upload slot for %s: %w", name, err)
	}
	if s.PutURL == nil || s.GetURL == nil || !webURL(s.PutURL) || !webURL(s.GetURL) {
		return "", fmt.Errorf("xmpp: upload slot for %s: the service sent no usable URLs", name)
	}
	if err := t.putSlot(ctx, s, mime, data); err != nil {
		return "", err
	}
	return s.GetURL.String(), nil
}

// uploadService is the server's HTTP upload component.
type uploadService struct {
	jid     jid.JID // zero when the server has none
	maxSize int64   // 0 when not announced
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
	if cached == nil {
		found, err := t.discoverUpload(ctx, c)
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		if t.conn == c {
			t.upload = found
		}
		t.mu.Unlock()
		cached = found
	}
	if cached.jid.Equal(jid.JID{}) {
		return nil, errNoUpload
	}
	return cached, nil
}

// discoverUpload asks the server and each of its items whether it speaks XEP-0363.
func (t *Transport) discoverUpload(ctx context.Context, c *conn) (*uploadService, error) {
	ctx, cancel := t.clock.WithTimeout(ctx, t.tune.sendTimeout)
	defer cancel()
	server := c.s.LocalAddr().Domain()
	candidates := []jid.JID{server}
	iter := disco.FetchItems(ctx, items.Item{JID: server}, c.s)
	for iter.Next() {
		if it := iter.Item(); it.Node == "" {
			candidates = append(candidates, it.JID)
		}
	}
	err := iter.Err()
	_ = iter.Close()
	if err != nil {
		return nil, fmt.Errorf("xmpp: discover upload service: %w", err)
	}
	for _, j := range candidates {
		info, err := disco.GetInfo(ctx, "", j, c.s)
		if err != nil {
			var se stanza.Error
			if errors.As(err, &se) {
				continue // that item does not answer disco; try the next
			}
			return nil, fmt.Errorf("xmpp: discover upload service: %w", err)
		}
		if !slices.ContainsFunc(info.Features, func(f discoinfo.Feature) bool { return f.Var == upload.NS }) {
			continue
		}
		return &uploadService{jid: j, maxSize: maxFileSize(info.Form)}, nil
	}
	return &uploadService{}, nil
}

// maxFileSize reads the max-file-size field of the upload service's info form (XEP-0128).
func maxFileSize(forms []form.Data) int64 {
	for i := range forms {
		if typ, _ := forms[i].Raw("FORM_TYPE"); !slices.Contains(typ, upload.NS) {
			continue
		}
		if v, ok := forms[i].Raw("max-file-size"); ok && len(v) > 0 {
			if n, err := strconv.ParseInt(strings.TrimSpace(v[0]), 10, 64); err == nil && n > 0 {
				return n
			}
		}
	}
	return 0
}

// webURL accepts http(s) URLs only; anything else in a slot is not ours to fetch.
func webURL(u *url.URL) bool {
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// putSlot uploads the bytes to the slot, with only the headers XEP-0363 allows (mellium's
// Slot.Put filters them).
func (t *Transport) putSlot(ctx context.Context, s upload.Slot, mime string, data []byte) error {
	ctx, cancel := t.clock.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := s.Put(ctx, bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("xmpp: upload: %w", err)
	}
	req.ContentLength = int64(len(data))
	req.Header.Set("Content-Type", mime)
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
