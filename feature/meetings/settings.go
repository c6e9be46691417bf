package meetings

import (
	"folkmoot/config"
	"folkmoot/feature"
)

// Settings is the meetings: section of the config file.
type Settings struct {
	// AskForTask makes !meeting end ask, once, what the meeting will change on the ground
	// when no task was recorded (default on).
	AskForTask *bool `yaml:"ask_for_task"`
}

// AskForTaskOn reports whether a meeting that recorded no task is asked for one (the default).
func (s *Settings) AskForTaskOn() bool { return s.AskForTask == nil || *s.AskForTask }

const section = "meetings"

func defaults() *Settings { return &Settings{} }

// settings is the meetings: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section { return &feature.Section{Key: section, Value: defaults()} }
