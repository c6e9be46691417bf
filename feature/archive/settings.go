package archive

import (
	"fmt"
	"strings"
	"time"

	"folkmoot/config"
	"folkmoot/feature"
	"folkmoot/timeparse"
)

// Settings is the archive: section of the config file.
type Settings struct {
	// Dir is the folder the public archive is written to on a schedule; "" writes none (the
	// command line's `folkmoot archive --out DIR` still does).
	Dir string `yaml:"dir"`
	// Every is how often the archive is written again, as a room types a schedule
	// ("every day 03:00").
	Every string `yaml:"every"`
}

const section = "archive"

// defaultEvery is when the archive is written again when the config says nothing.
const defaultEvery = "every day 03:00"

func defaults() *Settings { return &Settings{Every: defaultEvery} }

// check names the key of what is wrong.
func (s *Settings) check() error {
	if _, err := s.recurrence(time.Unix(0, 0).UTC(), time.UTC); err != nil {
		return fmt.Errorf("archive.every: %q is not a schedule like %q: %v", s.Every, defaultEvery, err)
	}
	return nil
}

// recurrence is Every read at at in loc.
func (s *Settings) recurrence(at time.Time, loc *time.Location) (*timeparse.Recurrence, error) {
	text := strings.TrimSpace(s.Every)
	if text == "" {
		text = defaultEvery
	}
	if first, _, _ := strings.Cut(strings.ToLower(text), " "); first != "every" && first != "cron" {
		text = "every " + text
	}
	return timeparse.ParseEvery(nil, text, at, loc)
}

// settings is the archive: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section {
	s := defaults()
	return &feature.Section{Key: section, Value: s, Check: s.check}
}

// Dir is the folder the configuration writes the archive to; "" when none.
func Dir(c *config.Config) string { return settings(c).Dir }
