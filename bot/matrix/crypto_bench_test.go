package matrix

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"maunium.net/go/mautrix/crypto/goolm/session"
)

// BenchmarkMegolm is what encryption costs a Matrix bot per command in an encrypted room,
// whatever the bot does with it: one ~200-byte message decrypted (the command) and one
// encrypted (the reply), with goolm's Megolm group sessions as mautrix uses them. No server,
// no database: it puts the road's cost (app's BenchmarkCommand) beside what every Matrix bot,
// a bare echo bot included, pays for each message.
//
//	go test -tags goolm -run '^$' -bench Megolm -benchmem ./bot/matrix/
//
// "+pickles" adds what mautrix's SQL crypto store does around them for each message, minus
// the SQL itself: it unpickles the room's inbound session before decrypting and pickles it
// after (its ratchet and replay record moved on), and the same for the outbound session
// around encrypting.
func BenchmarkMegolm(b *testing.B) {
	event := []byte(`{"type":"m.room.message","room_id":"!assembly:example.org","content":{"msgtype":"m.text","body":"!vote 1 agree — رێزان and Zoë 🌻 agree too","m.mentions":{}}}`)
	for len(event) < 200 {
		event = append(event, ' ')
	}
	pickleKey := bytes.Repeat([]byte{7}, 32)
	for _, pickled := range []bool{false, true} {
		name := "decrypt+encrypt"
		if pickled {
			name += "+pickles"
		}
		b.Run(name, func(b *testing.B) {
			// The member's session, whose messages the bot decrypts, and the bot's own.
			member, err := session.NewMegolmOutboundSession()
			if err != nil {
				b.Fatal(err)
			}
			key, err := member.SessionSharingMessage()
			if err != nil {
				b.Fatal(err)
			}
			in, err := session.NewMegolmInboundSession(key)
			if err != nil {
				b.Fatal(err)
			}
			out, err := session.NewMegolmOutboundSession()
			if err != nil {
				b.Fatal(err)
			}
			commands := make([][]byte, b.N)
			for i := range commands {
				if commands[i], err = member.Encrypt(event); err != nil {
					b.Fatal(err)
				}
			}
			inPickle, err := in.Pickle(pickleKey)
			if err != nil {
				b.Fatal(err)
			}
			outPickle, err := out.Pickle(pickleKey)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for i := range b.N {
				if pickled {
					if in, err = session.MegolmInboundSessionFromPickled(inPickle, pickleKey); err != nil {
						b.Fatal(err)
					}
				}
				plain, _, err := in.Decrypt(commands[i])
				if err != nil || !bytes.Equal(plain, event) {
					b.Fatalf("decrypt %d: %v", i, err)
				}
				if pickled {
					if inPickle, err = in.Pickle(pickleKey); err != nil {
						b.Fatal(err)
					}
				}
				if pickled {
					if out, err = session.MegolmOutboundSessionFromPickled(outPickle, pickleKey); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := out.Encrypt(plain); err != nil {
					b.Fatal(err)
				}
				if pickled {
					if outPickle, err = out.Pickle(pickleKey); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the CPU time the process has used, every thread's, as app's BenchmarkCommand
// reports it: on a shared machine ns/op counts what else runs.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
