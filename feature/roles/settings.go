package roles

import (
	"errors"
	"time"

	"folkmoot/config"
	"folkmoot/feature"
)

// Settings is the rotation: section of the config file.
type Settings struct {
	// ConsentWindow is how long a chosen member has to decline before the term stands.
	ConsentWindow config.Duration `yaml:"consent_window"`
}

const section = "rotation"

func defaults() *Settings {
	return &Settings{ConsentWindow: config.Duration{Duration: 12 * time.Hour}}
}

// check names the key of each value that is wrong.
func (s *Settings) check() error {
	if s.ConsentWindow.Duration < 0 {
		return errors.New("rotation.consent_window: must not be negative")
	}
	return nil
}

// settings is the rotation: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section {
	s := defaults()
	return &feature.Section{Key: section, Value: s, Check: s.check}
}
