package matrix

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/crypto/attachment"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// maxUpload bounds what we read into memory for one file; digests are far smaller.
const maxUpload = 50 << 20

// Upload posts a file as m.file. In an encrypted room the file is encrypted before it leaves
// the bot (the key travels inside the encrypted event), so the homeserver only stores
// ciphertext. It returns "" because an mxc:// address is no use to people.
func (t *Transport) Upload(ctx context.Context, room bot.Room, file bot.File) (string, error) {
	roomID, err := matrixRoom(room)
	if err != nil {
		return "", err
	}
	if !t.ready.Load() {
		return "", errNotConnected
	}
	return "", t.uploadTo(ctx, roomID, file)
}

// UploadPrivate implements bot.PrivateUploader: the file goes to the member's direct-message
// room with the bot (see SendPrivate), encrypted there when encryption is on; where that room
// can no longer carry it, into a new one, as a private reply.
func (t *Transport) UploadPrivate(ctx context.Context, _ bot.Room, to string, file bot.File) error {
	user := id.UserID(to)
	if _, _, err := user.Parse(); err != nil {
		return fmt.Errorf("matrix: a private file to %q, which is not a user ID: %w", to, bot.ErrUndeliverable)
	}
	if !t.ready.Load() {
		return errNotConnected
	}
	// Read once, before any room: a second room needs the same bytes, and a file too large
	// says nothing about the room.
	data, err := readUpload(file)
	if err != nil {
		return err
	}
	return t.inDirectRoom(ctx, user, func(room id.RoomID) error { return t.postFile(ctx, room, file, data) })
}

// uploadTo posts a file as m.file in a room.
func (t *Transport) uploadTo(ctx context.Context, roomID id.RoomID, file bot.File) error {
	data, err := readUpload(file)
	if err != nil {
		return err
	}
	return t.postFile(ctx, roomID, file, data)
}

// readUpload reads a file's content, up to maxUpload.
func readUpload(file bot.File) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(file.Content, maxUpload+1))
	if err != nil {
		return nil, fmt.Errorf("matrix: read file: %w", err)
	}
	if len(data) > maxUpload {
		return nil, fmt.Errorf("matrix: %s is larger than %d MiB: %w", file.Name, maxUpload>>20, bot.ErrUndeliverable)
	}
	return data, nil
}

// postFile uploads data and posts it as m.file in a room. It leaves data as it was, so that
// another room can be given the same file.
func (t *Transport) postFile(ctx context.Context, roomID id.RoomID, file bot.File, data []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 2*sendTimeout)
	defer cancel()
	encrypted, err := t.isEncrypted(ctx, roomID)
	if err != nil {
		return err
	}
	if encrypted && t.crypto == nil {
		return errEncryptedRoom
	}
	mime := file.MIMEType
	if mime == "" {
		mime = "application/octet-stream"
	}
	content := &event.MessageEventContent{
		MsgType:  event.MsgFile,
		Body:     file.Name,
		FileName: file.Name,
		Info:     &event.FileInfo{MimeType: mime, Size: len(data)},
		Mentions: &event.Mentions{},
	}
	if file.Caption != "" {
		content.Body = file.Caption // a body that differs from filename is the caption
	}
	upload := mautrix.ReqUploadMedia{ContentBytes: data, ContentType: mime, FileName: file.Name}
	var encFile *attachment.EncryptedFile
	if encrypted {
		encFile = attachment.NewEncryptedFile()
		sealed := bytes.Clone(data)
		encFile.EncryptInPlace(sealed)
		upload = mautrix.ReqUploadMedia{ContentBytes: sealed, ContentType: "application/octet-stream"}
	}
	var resp *mautrix.RespMediaUpload
	err = rateLimited(ctx, sleep, func() error {
		var err error
		resp, err = t.cli.UploadMedia(ctx, upload)
		return err
	})
	if err != nil {
		return fmt.Errorf("matrix: upload %s: %w", file.Name, err)
	}
	if encFile != nil {
		content.File = &event.EncryptedFileInfo{EncryptedFile: *encFile, URL: resp.ContentURI.CUString()}
	} else {
		content.URL = resp.ContentURI.CUString()
	}
	if _, err := t.sendEvent(ctx, roomID, event.EventMessage, content); err != nil {
		return err
	}
	return nil
}
