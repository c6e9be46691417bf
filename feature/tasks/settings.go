package tasks

import (
	"errors"
	"fmt"
	"time"

	"folkmoot/config"
	"folkmoot/feature"
)

// Settings is the tasks: section of the config file.
type Settings struct {
	// RemindBefore lists how long before a task's due time its owner is reminded; 0s is at
	// the due time itself.
	RemindBefore []config.Duration `yaml:"remind_before"`
}

const section = "tasks"

func defaults() *Settings {
	return &Settings{RemindBefore: []config.Duration{{Duration: 24 * time.Hour}, {}}}
}

// check names the key of each value that is wrong.
func (s *Settings) check() error {
	var errs []error
	for i, d := range s.RemindBefore {
		if d.Duration < 0 {
			errs = append(errs, fmt.Errorf("tasks.remind_before[%d]: must not be negative (0s is at the due time)", i))
		}
	}
	return errors.Join(errs...)
}

// settings is the tasks: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section {
	s := defaults()
	return &feature.Section{Key: section, Value: s, Check: s.check}
}
