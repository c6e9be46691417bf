package privacy

import (
	"fmt"
	"strings"
	"time"

	"folkmoot/config"
	"folkmoot/feature"
	"folkmoot/timeparse"
)

// Settings is the retention: section of the config file: how long folkmoot keeps what it
// keeps only for a while. Empty keeps it for good.
type Settings struct {
	// RawLog is how long a meeting's raw log (every line said while it ran) is kept, as a
	// span ("1y", "6mo", "90d"); the minutes, items and attendance stay. "" keeps it.
	RawLog string `yaml:"raw_log"`
}

const section = "retention"

func defaults() *Settings { return &Settings{} }

// rawLog is how long raw logs are kept; ok is false when they are kept for good.
func (s *Settings) rawLog() (span timeparse.Span, ok bool, err error) {
	text := strings.TrimSpace(s.RawLog)
	if text == "" {
		return timeparse.Span{}, false, nil
	}
	span, err = timeparse.ParseSpan(nil, text)
	return span, err == nil, err
}

// check names the key of what is wrong.
func (s *Settings) check() error {
	span, ok, err := s.rawLog()
	if err != nil {
		return fmt.Errorf("retention.raw_log: %q is not a length of time like 1y, 6mo or 90d: %v", s.RawLog, err)
	}
	if ok && span.AddTo(time.Unix(0, 0), time.UTC).Sub(time.Unix(0, 0)) < 24*time.Hour {
		return fmt.Errorf("retention.raw_log: %q is less than a day; a meeting's log must last at least until its minutes are written", s.RawLog)
	}
	return nil
}

// settings is the retention: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section {
	s := defaults()
	return &feature.Section{Key: section, Value: s, Check: s.check}
}
