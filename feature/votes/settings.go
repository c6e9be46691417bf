package votes

import (
	"errors"
	"fmt"
	"time"

	"folkmoot/config"
	"folkmoot/feature"
)

// Settings is the votes: section of the config file.
type Settings struct {
	// DefaultDuration is how long a vote stays open without --closes.
	DefaultDuration config.Duration `yaml:"default_duration"`
	// ClosingSoon lists how long before the close the "closing soon" notices go out.
	ClosingSoon []config.Duration `yaml:"closing_soon"`
	// MaxDuration is how far ahead a vote's close may be set, opening or extending it.
	MaxDuration config.Duration `yaml:"max_duration"`
}

const section = "votes"

func defaults() *Settings {
	return &Settings{
		DefaultDuration: config.Duration{Duration: 48 * time.Hour},
		ClosingSoon:     []config.Duration{{Duration: 24 * time.Hour}, {Duration: time.Hour}},
		MaxDuration:     config.Duration{Duration: 90 * 24 * time.Hour},
	}
}

// check names the key of each value that is wrong.
func (s *Settings) check() error {
	var errs []error
	if s.DefaultDuration.Duration < time.Minute {
		errs = append(errs, errors.New("votes.default_duration: at least 1m"))
	}
	for i, d := range s.ClosingSoon {
		if d.Duration <= 0 {
			errs = append(errs, fmt.Errorf("votes.closing_soon[%d]: must be positive", i))
		}
	}
	if s.MaxDuration.Duration < s.DefaultDuration.Duration {
		errs = append(errs, errors.New("votes.max_duration: at least votes.default_duration"))
	}
	return errors.Join(errs...)
}

// settings is the votes: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section {
	s := defaults()
	return &feature.Section{Key: section, Value: s, Check: s.check}
}
