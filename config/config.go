// Package config loads folkmoot's one YAML file, fills defaults, takes secrets from the
// environment and validates every key at load time, naming the key that is wrong.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"

	"folkmoot/words"
)

//go:embed example.yaml
var example []byte

// Example returns the commented example configuration.
func Example() []byte { return example }

// Config is the whole configuration file.
type Config struct {
	DataDir string `yaml:"data_dir"`
	// DatabaseURL is a postgres:// URL to keep the state in PostgreSQL; "" keeps it in a
	// SQLite file in data_dir.
	DatabaseURL   string   `yaml:"database_url"`
	Timezone      string   `yaml:"timezone"`
	Language      string   `yaml:"language"`
	CommandPrefix string   `yaml:"command_prefix"`
	Admins        []string `yaml:"admins"`
	Log           Log      `yaml:"log"`
	// GraceWindow is how late an overdue scheduled event may still fire at start-up.
	GraceWindow Duration `yaml:"grace_window"`
	// Lease times the active process's heartbeat and a standby's takeover when several
	// processes share one PostgreSQL database.
	Lease   Lease   `yaml:"lease"`
	Matrix  *Matrix `yaml:"matrix"`
	XMPP    *XMPP   `yaml:"xmpp"`
	Digests Digests `yaml:"digests"`
	Limits  Limits  `yaml:"limits"`
	// Assembly is the assembly's name, heading its minutes and digests; "" uses the room's name.
	Assembly string `yaml:"assembly"`
	// Sections are the top-level keys a feature owns (votes:, tasks:, ...), kept as written
	// until the feature reads its own (feature.Feature.Config): the file stays one, and the
	// features' keys stay with the features. A key no feature owns is refused at start.
	Sections map[string]yaml.Node `yaml:",inline"`
	// read holds each feature's section as read (SetSection).
	read map[string]any
}

// Section is a feature's section as it was read (SetSection), or nil.
func (c *Config) Section(key string) any { return c.read[key] }

// SetSection keeps a feature's section as read (its defaults filled in and checked).
func (c *Config) SetSection(key string, v any) {
	if c.read == nil {
		c.read = map[string]any{}
	}
	c.read[key] = v
}

// ReadSection reads the section key of the file into v, which holds the defaults, refusing
// keys v does not have; a section the file lacks leaves v as it is.
func (c *Config) ReadSection(key string, v any) error {
	node, ok := c.Sections[key]
	if !ok {
		return nil
	}
	raw, err := yaml.Marshal(&node)
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// Limits bound what one member can make the bot do.
type Limits struct {
	// CommandBurst commands at once per member and room, then one more every CommandRefill.
	CommandBurst  int      `yaml:"command_burst"`
	CommandRefill Duration `yaml:"command_refill"`
	// ReminderMinInterval is how often at most a recurring reminder may repeat; facilitator-
	// level may set one that repeats more often, with --often.
	ReminderMinInterval Duration `yaml:"reminder_min_interval"`
	// Open reminders and tasks one member may have set or added (counted over every room,
	// private messages included), and one room may have.
	OpenRemindersPerMember int `yaml:"open_reminders_per_member"`
	OpenRemindersPerRoom   int `yaml:"open_reminders_per_room"`
	OpenTasksPerMember     int `yaml:"open_tasks_per_member"`
	OpenTasksPerRoom       int `yaml:"open_tasks_per_room"`
	// MassMentionsPerHour is how many messages that mention everyone who has not voted
	// (!vote remind) one member may have the bot post in an hour, over every vote and room.
	MassMentionsPerHour int `yaml:"mass_mentions_per_hour"`
	// Stories and measure readings one member may record in 24 hours, over every room: they
	// are kept for good and fill the digests.
	StoriesPerMemberPerDay  int `yaml:"stories_per_member_per_day"`
	ReadingsPerMemberPerDay int `yaml:"readings_per_member_per_day"`
}

// Lease times the lease of several processes on one PostgreSQL database: the active one
// renews it every Renew, and a standby takes it over once it is Expire old.
type Lease struct {
	Renew  Duration `yaml:"renew"`
	Expire Duration `yaml:"expire"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"` // pretty or json
}

// Matrix configures the Matrix connection.
type Matrix struct {
	Homeserver   string   `yaml:"homeserver"`
	UserID       string   `yaml:"user_id"`
	Password     string   `yaml:"password"`
	AccessToken  string   `yaml:"access_token"`
	DeviceName   string   `yaml:"device_name"`
	Encryption   *bool    `yaml:"encryption"`
	PickleKey    string   `yaml:"pickle_key"`
	AutojoinFrom []string `yaml:"autojoin_from"`
	// AdminPowerLevel is the power level from which a member is facilitator-level.
	AdminPowerLevel int `yaml:"admin_power_level"`
	// CatchUp is how old a command sent while the bot was down may be and still be answered.
	CatchUp Duration `yaml:"catch_up"`
}

// EncryptionOn reports whether end-to-end encryption is enabled (the default).
func (m *Matrix) EncryptionOn() bool { return m.Encryption == nil || *m.Encryption }

// XMPP configures the XMPP connection.
type XMPP struct {
	JID                string     `yaml:"jid"`
	Password           string     `yaml:"password"`
	Server             string     `yaml:"server"`
	TLS                string     `yaml:"tls"` // starttls, direct or none
	InsecureSkipVerify bool       `yaml:"insecure_skip_verify"`
	Rooms              []XMPPRoom `yaml:"rooms"`
	// CatchUp is how old a command said while the bot was away may be and still be answered.
	CatchUp Duration `yaml:"catch_up"`
}

// CatchUpOr is the catch-up window, def when none is set (a config built without Parse).
func (x *XMPP) CatchUpOr(def time.Duration) time.Duration {
	if x.CatchUp.Duration > 0 {
		return x.CatchUp.Duration
	}
	return def
}

// XMPPRoom is a multi-user chat the bot joins at start.
type XMPPRoom struct {
	JID  string `yaml:"jid"`
	Nick string `yaml:"nick"`
}

// Digests configures the print-ready minutes.
type Digests struct {
	// Dir is where digests are written; "" is <data_dir>/digests (see DigestsDir).
	Dir     string   `yaml:"dir"`
	Paper   string   `yaml:"paper"`
	Formats []string `yaml:"formats"`
	// Fonts are extra font files or folders (searched recursively) for the PDF, tried after
	// the embedded DejaVu Sans and before the system's fonts. One that cannot be read is
	// logged at start and left out.
	Fonts []string `yaml:"fonts"`
}

// Duration is a time.Duration written as "10m" in YAML.
type Duration struct{ time.Duration }

// UnmarshalYAML reads "10m", "12h" and the like.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("not a duration like 10m or 12h: %q", n.Value)
	}
	d.Duration = v
	return nil
}

// MarshalYAML writes the duration back as text.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// Load reads, completes and validates the file at path.
func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(raw, os.Getenv)
}

// Parse reads a configuration from YAML text; getenv supplies secrets from the environment.
func Parse(raw []byte, getenv func(string) string) (*Config, error) {
	c := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	// An empty file is fine: it means all defaults.
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config: %w", err)
	}
	c.applyEnv(getenv)
	c.applyDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Default returns the configuration used when there is no file (the console).
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

func (c *Config) applyEnv(getenv func(string) string) {
	set := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	set(&c.DatabaseURL, "FOLKMOOT_DATABASE_URL")
	if c.Matrix != nil {
		set(&c.Matrix.Password, "FOLKMOOT_MATRIX_PASSWORD")
		set(&c.Matrix.AccessToken, "FOLKMOOT_MATRIX_ACCESS_TOKEN")
		set(&c.Matrix.PickleKey, "FOLKMOOT_PICKLE_KEY")
	}
	if c.XMPP != nil {
		set(&c.XMPP.Password, "FOLKMOOT_XMPP_PASSWORD")
	}
}

func (c *Config) applyDefaults() {
	def := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	def(&c.DataDir, "./folkmoot-data")
	def(&c.Timezone, "Europe/Berlin")
	def(&c.Language, "en")
	def(&c.CommandPrefix, "!")
	def(&c.Log.Level, "info")
	def(&c.Log.Format, "pretty")
	if c.GraceWindow.Duration == 0 {
		c.GraceWindow.Duration = time.Hour
	}
	if c.Lease.Renew.Duration == 0 {
		c.Lease.Renew.Duration = 5 * time.Second
	}
	if c.Lease.Expire.Duration == 0 {
		c.Lease.Expire.Duration = 20 * time.Second
	}
	def(&c.Digests.Paper, "A4")
	if len(c.Digests.Formats) == 0 {
		c.Digests.Formats = []string{"pdf", "html", "txt"}
	}
	if c.Limits.CommandBurst == 0 {
		c.Limits.CommandBurst = 10
	}
	if c.Limits.CommandRefill.Duration == 0 {
		c.Limits.CommandRefill.Duration = 6 * time.Second
	}
	if c.Limits.ReminderMinInterval.Duration == 0 {
		c.Limits.ReminderMinInterval.Duration = time.Hour
	}
	defInt := func(dst *int, v int) {
		if *dst == 0 {
			*dst = v
		}
	}
	defInt(&c.Limits.OpenRemindersPerMember, 50)
	defInt(&c.Limits.OpenRemindersPerRoom, 500)
	defInt(&c.Limits.OpenTasksPerMember, 200)
	defInt(&c.Limits.OpenTasksPerRoom, 5000)
	defInt(&c.Limits.MassMentionsPerHour, 3)
	defInt(&c.Limits.StoriesPerMemberPerDay, 20)
	defInt(&c.Limits.ReadingsPerMemberPerDay, 100)
	if m := c.Matrix; m != nil {
		def(&m.DeviceName, "folkmoot")
		if m.AdminPowerLevel == 0 {
			m.AdminPowerLevel = 50
		}
		if m.CatchUp.Duration == 0 {
			m.CatchUp.Duration = 10 * time.Minute
		}
	}
	if x := c.XMPP; x != nil {
		def(&x.TLS, "starttls")
		if x.CatchUp.Duration == 0 {
			x.CatchUp.Duration = 15 * time.Minute
		}
		for i := range x.Rooms {
			def(&x.Rooms[i].Nick, "folkmoot")
		}
	}
}

// Validate checks every key and names the first one that is wrong.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		bad("database_url", "a PostgreSQL URL like postgres://folkmoot@localhost/folkmoot, or empty for SQLite in data_dir (got %q)", redact(c.DatabaseURL))
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		bad("timezone", "not an IANA timezone like Europe/Berlin: %q", c.Timezone)
	}
	if l, ok := words.Find(c.Language); ok {
		c.Language = l.Tag
	} else {
		bad("language", "not a language folkmoot speaks: %q (it speaks %s)", c.Language, words.Tags())
	}
	if strings.TrimSpace(c.CommandPrefix) == "" || strings.ContainsAny(c.CommandPrefix, " \t") {
		bad("command_prefix", "must be non-empty and contain no spaces")
	}
	switch c.Log.Level {
	case "trace", "debug", "info", "warn", "error":
	default:
		bad("log.level", "one of trace, debug, info, warn, error (got %q)", c.Log.Level)
	}
	if c.Log.Format != "pretty" && c.Log.Format != "json" {
		bad("log.format", "pretty or json (got %q)", c.Log.Format)
	}
	for i, a := range c.Admins {
		if !IsMatrixUserID(a) && !IsBareJID(a) {
			bad(fmt.Sprintf("admins[%d]", i), "not a Matrix user ID (@user:server) or bare XMPP JID (user@server): %q", a)
		}
	}
	if c.GraceWindow.Duration < 0 {
		bad("grace_window", "must not be negative")
	}
	if c.Lease.Renew.Duration <= 0 || c.Lease.Expire.Duration < 2*c.Lease.Renew.Duration {
		bad("lease", "renew positive and expire at least twice renew, so a heartbeat that fails once loses nothing (got renew %s, expire %s)",
			c.Lease.Renew.Duration, c.Lease.Expire.Duration)
	}
	if m := c.Matrix; m != nil {
		if u, err := url.Parse(m.Homeserver); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("matrix.homeserver", "not a URL: %q", m.Homeserver)
		}
		if !IsMatrixUserID(m.UserID) {
			bad("matrix.user_id", "not a Matrix user ID like @folkmoot:example.org: %q", m.UserID)
		}
		if m.Password == "" && m.AccessToken == "" {
			bad("matrix.password", "set a password or access_token (or FOLKMOOT_MATRIX_PASSWORD / FOLKMOOT_MATRIX_ACCESS_TOKEN)")
		}
		if m.EncryptionOn() && m.PickleKey == "" {
			bad("matrix.pickle_key", "encryption needs a pickle key (or FOLKMOOT_PICKLE_KEY); keep it with the database")
		}
		if m.AdminPowerLevel < 0 || m.AdminPowerLevel > 100 {
			bad("matrix.admin_power_level", "between 0 and 100")
		}
	}
	if x := c.XMPP; x != nil {
		if !IsBareJID(x.JID) {
			bad("xmpp.jid", "not a bare JID like folkmoot@example.org: %q", x.JID)
		}
		if x.Password == "" {
			bad("xmpp.password", "set a password (or FOLKMOOT_XMPP_PASSWORD)")
		}
		switch x.TLS {
		case "starttls", "direct", "none":
		default:
			bad("xmpp.tls", "starttls, direct or none (got %q)", x.TLS)
		}
		if x.CatchUp.Duration < 0 {
			bad("xmpp.catch_up", "must not be negative")
		}
		for i, r := range x.Rooms {
			if !IsBareJID(r.JID) {
				bad(fmt.Sprintf("xmpp.rooms[%d].jid", i), "not a room JID like assembly@conference.example.org: %q", r.JID)
			}
		}
	}
	if c.Limits.CommandBurst < 1 || c.Limits.CommandRefill.Duration <= 0 {
		bad("limits", "command_burst at least 1 and command_refill positive")
	}
	if c.Limits.ReminderMinInterval.Duration < time.Minute {
		bad("limits.reminder_min_interval", "at least 1m (a recurring reminder repeats at most every minute)")
	}
	for _, lim := range []struct {
		key string
		n   int
	}{{"open_reminders_per_member", c.Limits.OpenRemindersPerMember}, {"open_reminders_per_room", c.Limits.OpenRemindersPerRoom},
		{"open_tasks_per_member", c.Limits.OpenTasksPerMember}, {"open_tasks_per_room", c.Limits.OpenTasksPerRoom},
		{"mass_mentions_per_hour", c.Limits.MassMentionsPerHour}, {"stories_per_member_per_day", c.Limits.StoriesPerMemberPerDay},
		{"readings_per_member_per_day", c.Limits.ReadingsPerMemberPerDay}} {
		if lim.n < 1 {
			bad("limits."+lim.key, "at least 1 (got %d)", lim.n)
		}
	}
	if n := len([]rune(c.Assembly)); n > maxAssembly || strings.IndexFunc(c.Assembly, isControl) >= 0 {
		bad("assembly", "a name of at most %d characters on one line", maxAssembly)
	}
	switch strings.ToUpper(c.Digests.Paper) {
	case "A4", "LETTER", "A5":
	default:
		bad("digests.paper", "A4, A5 or Letter (got %q)", c.Digests.Paper)
	}
	for i, f := range c.Digests.Formats {
		if f != "pdf" && f != "html" && f != "txt" {
			bad(fmt.Sprintf("digests.formats[%d]", i), "pdf, html or txt (got %q)", f)
		}
	}
	for i, f := range c.Digests.Fonts {
		if strings.TrimSpace(f) == "" || strings.IndexFunc(f, isControl) >= 0 {
			bad(fmt.Sprintf("digests.fonts[%d]", i), "a font file or folder (got %q)", f)
		}
	}
	return errors.Join(errs...)
}

// maxAssembly bounds the assembly's name, which heads every page of the minutes.
const maxAssembly = 100

// isControl reports a control or bidi-override character, which a heading must not carry.
func isControl(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// DigestsDir is where digests are written: digests.dir, or <data_dir>/digests when it is
// empty, computed from data_dir as it is now (after --data or a test kit changed it).
func (c *Config) DigestsDir() string {
	if c.Digests.Dir != "" {
		return c.Digests.Dir
	}
	return filepath.Join(c.DataDir, "digests")
}

// Location returns the default timezone for new rooms.
func (c *Config) Location() *time.Location {
	if loc, ok := zones.Load(c.Timezone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	zones.Store(c.Timezone, loc)
	return loc
}

// zones keeps the timezones Location loaded, by name: loading one reads and parses a file,
// and every scheduled job asks for its room's (10,000 task reminders firing at once spent a
// tenth of their time there). A zone's rules do not change while folkmoot runs.
var zones sync.Map

// IsMatrixUserID reports whether s looks like @localpart:server.
func IsMatrixUserID(s string) bool {
	local, server, ok := strings.Cut(strings.TrimPrefix(s, "@"), ":")
	return strings.HasPrefix(s, "@") && ok && local != "" && server != "" && !strings.ContainsAny(s, " \t")
}

// IsBareJID reports whether s looks like local@domain with no resource.
func IsBareJID(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(domain, "@/ \t") && !strings.ContainsAny(local, "/ \t")
}

// redact hides a password in a URL that is named in an error.
func redact(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return s
}
