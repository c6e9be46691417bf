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
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"
)

//go:embed example.yaml
var example []byte

// Example returns the commented example configuration.
func Example() []byte { return example }

// Config is the whole configuration file.
type Config struct {
	DataDir       string   `yaml:"data_dir"`
	Timezone      string   `yaml:"timezone"`
	Language      string   `yaml:"language"`
	CommandPrefix string   `yaml:"command_prefix"`
	Admins        []string `yaml:"admins"`
	Log           Log      `yaml:"log"`
	// GraceWindow is how late an overdue scheduled event may still fire at start-up.
	GraceWindow Duration `yaml:"grace_window"`
	Matrix      *Matrix  `yaml:"matrix"`
	XMPP        *XMPP    `yaml:"xmpp"`
	Digests     Digests  `yaml:"digests"`
	Votes       Votes    `yaml:"votes"`
	Rotation    Rotation `yaml:"rotation"`
	Mandates    Mandates `yaml:"mandates"`
	Tasks       Tasks    `yaml:"tasks"`
	Meetings    Meetings `yaml:"meetings"`
	Limits      Limits   `yaml:"limits"`
	// Assembly is the assembly's name, heading its minutes and digests; "" uses the room's name.
	Assembly string `yaml:"assembly"`
}

// Tasks configures tasks and their reminders.
type Tasks struct {
	// RemindBefore lists how long before a task's due time its owner is reminded; 0s is at
	// the due time itself.
	RemindBefore []Duration `yaml:"remind_before"`
}

// Meetings configures meetings and their minutes.
type Meetings struct {
	// AskForTask makes !meeting end ask, once, what the meeting will change on the ground
	// when no task was recorded (default on).
	AskForTask *bool `yaml:"ask_for_task"`
}

// AskForTaskOn reports whether a meeting that recorded no task is asked for one (the default).
func (m Meetings) AskForTaskOn() bool { return m.AskForTask == nil || *m.AskForTask }

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

// Votes configures timed votes.
type Votes struct {
	// DefaultDuration is how long a vote stays open without --closes.
	DefaultDuration Duration `yaml:"default_duration"`
	// ClosingSoon lists how long before the close the "closing soon" notices go out.
	ClosingSoon []Duration `yaml:"closing_soon"`
	// MaxDuration is how far ahead a vote's close may be set, opening or extending it.
	MaxDuration Duration `yaml:"max_duration"`
}

// Rotation configures role rotation.
type Rotation struct {
	// ConsentWindow is how long a chosen member has to !decline before the term stands.
	ConsentWindow Duration `yaml:"consent_window"`
}

// Mandates configures delegates' mandates.
type Mandates struct {
	// RemindBefore lists how long before a mandate's end the delegate and room are reminded.
	RemindBefore []Duration `yaml:"remind_before"`
	// RecallQuorum is how many members must vote on a recall for it to decide: "majority"
	// (more than half), a number, or a share like "60%".
	RecallQuorum string `yaml:"recall_quorum"`
}

// quorumPattern is the form of a quorum as vote.ParseQuorum reads it: "majority", a number of
// members, or a percentage (checked here without importing the domain).
var quorumPattern = regexp.MustCompile(`^(?i:majority|[1-9][0-9]{0,4}|[1-9][0-9]?%|100%)$`)

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
	def(&c.Digests.Paper, "A4")
	if len(c.Digests.Formats) == 0 {
		c.Digests.Formats = []string{"pdf", "html", "txt"}
	}
	if c.Votes.DefaultDuration.Duration == 0 {
		c.Votes.DefaultDuration.Duration = 48 * time.Hour
	}
	if c.Votes.ClosingSoon == nil {
		c.Votes.ClosingSoon = []Duration{{24 * time.Hour}, {time.Hour}}
	}
	if c.Votes.MaxDuration.Duration == 0 {
		c.Votes.MaxDuration.Duration = 90 * 24 * time.Hour
	}
	def(&c.Mandates.RecallQuorum, "majority")
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
	if c.Rotation.ConsentWindow.Duration == 0 {
		c.Rotation.ConsentWindow.Duration = 12 * time.Hour
	}
	if c.Mandates.RemindBefore == nil {
		c.Mandates.RemindBefore = []Duration{{72 * time.Hour}, {24 * time.Hour}}
	}
	if c.Tasks.RemindBefore == nil {
		c.Tasks.RemindBefore = []Duration{{24 * time.Hour}, {0}}
	}
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
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		bad("timezone", "not an IANA timezone like Europe/Berlin: %q", c.Timezone)
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
	if c.Votes.DefaultDuration.Duration < time.Minute {
		bad("votes.default_duration", "at least 1m")
	}
	for i, d := range c.Votes.ClosingSoon {
		if d.Duration <= 0 {
			bad(fmt.Sprintf("votes.closing_soon[%d]", i), "must be positive")
		}
	}
	if c.Votes.MaxDuration.Duration < c.Votes.DefaultDuration.Duration {
		bad("votes.max_duration", "at least votes.default_duration")
	}
	if !quorumPattern.MatchString(c.Mandates.RecallQuorum) {
		bad("mandates.recall_quorum", "majority, a number of members like 5, or a share like 60%% (got %q)", c.Mandates.RecallQuorum)
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
	if c.Rotation.ConsentWindow.Duration < 0 {
		bad("rotation.consent_window", "must not be negative")
	}
	for i, d := range c.Mandates.RemindBefore {
		if d.Duration <= 0 {
			bad(fmt.Sprintf("mandates.remind_before[%d]", i), "must be positive")
		}
	}
	for i, d := range c.Tasks.RemindBefore {
		if d.Duration < 0 {
			bad(fmt.Sprintf("tasks.remind_before[%d]", i), "must not be negative (0s is at the due time)")
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
