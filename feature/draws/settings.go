package draws

import (
	"fmt"
	"time"

	"folkmoot/config"
	"folkmoot/feature"
)

// Settings is the draws: section of the config file.
type Settings struct {
	// SaltWindow is how long after a draw is announced it happens, when the command says no
	// time: the time members have to add their words.
	SaltWindow config.Duration `yaml:"salt_window"`
}

const section = "draws"

func defaults() *Settings { return &Settings{SaltWindow: config.Duration{Duration: 10 * time.Minute}} }

// check names the key of what is wrong.
func (s *Settings) check() error {
	if d := s.SaltWindow.Duration; d < minSaltWindow || d > maxDrawAhead {
		return fmt.Errorf("draws.salt_window: between %s and %s (got %s)", minSaltWindow, maxDrawAhead, d)
	}
	return nil
}

// settings is the draws: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section {
	s := defaults()
	return &feature.Section{Key: section, Value: s, Check: s.check}
}
