package config

import (
	"os"
	"strings"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

func TestExampleIsValid(t *testing.T) {
	env := map[string]string{"FOLKMOOT_MATRIX_PASSWORD": "pw", "FOLKMOOT_XMPP_PASSWORD": "pw", "FOLKMOOT_PICKLE_KEY": "k"}
	c, err := Parse(Example(), func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("the example config does not load: %v", err)
	}
	if c.Matrix.Password != "pw" || c.XMPP.Password != "pw" || c.Matrix.PickleKey != "k" {
		t.Fatal("secrets from the environment were not applied")
	}
	if c.Matrix.CatchUp.Duration != 10*time.Minute {
		t.Fatalf("durations: %+v", c.Matrix.CatchUp)
	}
}

func TestEmptyFileMeansDefaults(t *testing.T) {
	c, err := Parse(nil, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "./folkmoot-data" || c.CommandPrefix != "!" || c.Timezone != "Europe/Berlin" || c.Matrix != nil ||
		c.Lease.Renew.Duration != 5*time.Second || c.Lease.Expire.Duration != 20*time.Second {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestValidationNamesTheKey(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"homeserver", "matrix: {homeserver: 'matrix.example.org', user_id: '@b:x', password: p, encryption: false}", "matrix.homeserver: not a URL"},
		{"user id", "matrix: {homeserver: 'https://m.x', user_id: 'bot', password: p, encryption: false}", "matrix.user_id: not a Matrix user ID"},
		{"matrix secret", "matrix: {homeserver: 'https://m.x', user_id: '@b:x', encryption: false}", "matrix.password: set a password or access_token"},
		{"pickle key", "matrix: {homeserver: 'https://m.x', user_id: '@b:x', password: p}", "matrix.pickle_key"},
		{"timezone", "timezone: Mars/Base", "timezone: not an IANA timezone"},
		{"log level", "log: {level: loud}", "log.level"},
		{"admins", "admins: ['someone']", "admins[0]: not a Matrix user ID"},
		{"xmpp jid", "xmpp: {jid: 'bot@x/res', password: p}", "xmpp.jid: not a bare JID"},
		{"xmpp tls", "xmpp: {jid: 'bot@x', password: p, tls: maybe}", "xmpp.tls: starttls, direct or none"},
		{"xmpp room", "xmpp: {jid: 'bot@x', password: p, rooms: [{jid: 'nope'}]}", "xmpp.rooms[0].jid"},
		{"bad duration", "grace_window: soon", "not a duration"},
		{"lease expire", "lease: {renew: 5s, expire: 8s}", "lease: renew positive and expire at least twice renew"},
		{"lease renew", "lease: {renew: -1s}", "lease: renew positive"},
		{"prefix", "command_prefix: ' '", "command_prefix"},
		{"xmpp catch-up", "xmpp: {jid: 'bot@x', password: p, catch_up: -1m}", "xmpp.catch_up: must not be negative"},
		{"assembly lines", "assembly: \"Our street\\nVote #1 passed\"", "assembly: a name of at most 100 characters on one line"},
		{"assembly bidi", "assembly: \"Our \\u202Estreet\"", "assembly: a name"},
		{"assembly long", "assembly: " + strings.Repeat("x", 101), "assembly: a name"},
		{"reminder interval", "limits: {reminder_min_interval: 30s}", "limits.reminder_min_interval: at least 1m"},
		{"reminders per member", "limits: {open_reminders_per_member: -1}", "limits.open_reminders_per_member: at least 1 (got -1)"},
		{"reminders per room", "limits: {open_reminders_per_room: -5}", "limits.open_reminders_per_room: at least 1"},
		{"tasks per member", "limits: {open_tasks_per_member: -1}", "limits.open_tasks_per_member: at least 1"},
		{"tasks per room", "limits: {open_tasks_per_room: -1}", "limits.open_tasks_per_room: at least 1"},
		{"mass mentions", "limits: {mass_mentions_per_hour: -2}", "limits.mass_mentions_per_hour: at least 1"},
		{"stories", "limits: {stories_per_member_per_day: -1}", "limits.stories_per_member_per_day: at least 1"},
		{"readings", "limits: {readings_per_member_per_day: -1}", "limits.readings_per_member_per_day: at least 1"},
		{"font path", "digests: {fonts: [/usr/share/fonts/x.ttf, '']}", `digests.fonts[1]: a font file or folder (got "")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), noEnv)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestIdentityForms(t *testing.T) {
	for _, s := range []string{"@ana:example.org", "@a:b"} {
		if !IsMatrixUserID(s) {
			t.Errorf("IsMatrixUserID(%q) = false", s)
		}
	}
	for _, s := range []string{"ana:example.org", "@ana", "@:x", "@a b:x"} {
		if IsMatrixUserID(s) {
			t.Errorf("IsMatrixUserID(%q) = true", s)
		}
	}
	for _, s := range []string{"ana@example.org", "room@conference.example.org"} {
		if !IsBareJID(s) {
			t.Errorf("IsBareJID(%q) = false", s)
		}
	}
	for _, s := range []string{"ana@example.org/phone", "example.org", "@x", "a@b@c"} {
		if IsBareJID(s) {
			t.Errorf("IsBareJID(%q) = true", s)
		}
	}
}

func TestReadmeShowsTheExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "<!-- config:begin -->\n```yaml\n" + string(Example()) + "```\n<!-- config:end -->"
	if !strings.Contains(string(readme), want) {
		t.Fatal("README's configuration example differs from config/example.yaml: copy it between the config markers")
	}
}

func TestNewKeysDefaults(t *testing.T) {
	c, err := Parse([]byte("xmpp: {jid: 'bot@x', password: p}"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.XMPP.CatchUp.Duration != 15*time.Minute || c.XMPP.CatchUpOr(time.Second) != 15*time.Minute {
		t.Errorf("xmpp.catch_up: %v", c.XMPP.CatchUp)
	}
	if (&XMPP{}).CatchUpOr(time.Second) != time.Second {
		t.Error("a config built without Parse does not fall back to the default catch-up")
	}
	if c.Assembly != "" {
		t.Errorf("assembly %q", c.Assembly)
	}
	l := c.Limits
	if l.ReminderMinInterval.Duration != time.Hour || l.OpenRemindersPerMember != 50 || l.OpenRemindersPerRoom != 500 ||
		l.OpenTasksPerMember != 200 || l.OpenTasksPerRoom != 5000 || l.MassMentionsPerHour != 3 ||
		l.StoriesPerMemberPerDay != 20 || l.ReadingsPerMemberPerDay != 100 {
		t.Errorf("limits: %+v", l)
	}
	if d := Default().Limits; d != l {
		t.Errorf("the console's limits %+v differ from a file's %+v", d, l)
	}
}

// The digests folder follows data_dir as it is when used, after --data or a test kit set it.
func TestDigestsDirFollowsDataDir(t *testing.T) {
	tests := []struct{ name, yaml, dataDir, want string }{
		{"default", "", "", "folkmoot-data/digests"},
		{"data dir changed later", "", "/srv/moot", "/srv/moot/digests"},
		{"data dir in the file", "data_dir: /var/lib/moot", "", "/var/lib/moot/digests"},
		{"set", "digests: {dir: /print}", "/srv/moot", "/print"},
	}
	for _, tc := range tests {
		c, err := Parse([]byte(tc.yaml), noEnv)
		if err != nil {
			t.Fatal(err)
		}
		if tc.dataDir != "" {
			c.DataDir = tc.dataDir
		}
		if got := c.DigestsDir(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
