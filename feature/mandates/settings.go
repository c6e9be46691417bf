package mandates

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"folkmoot/config"
	"folkmoot/feature"
)

// Settings is the mandates: section of the config file.
type Settings struct {
	// RemindBefore lists how long before a mandate's end the delegate and room are reminded.
	RemindBefore []config.Duration `yaml:"remind_before"`
	// RecallQuorum is how many members must vote on a recall for it to decide: "majority"
	// (more than half), a number, or a share like "60%".
	RecallQuorum string `yaml:"recall_quorum"`
}

const section = "mandates"

func defaults() *Settings {
	return &Settings{
		RemindBefore: []config.Duration{{Duration: 72 * time.Hour}, {Duration: 24 * time.Hour}},
		RecallQuorum: "majority",
	}
}

// quorumPattern is the form of a quorum as vote.ParseQuorum reads it: "majority", a number of
// members, or a percentage.
var quorumPattern = regexp.MustCompile(`^(?i:majority|[1-9][0-9]{0,4}|[1-9][0-9]?%|100%)$`)

// check names the key of each value that is wrong.
func (s *Settings) check() error {
	var errs []error
	for i, d := range s.RemindBefore {
		if d.Duration <= 0 {
			errs = append(errs, fmt.Errorf("mandates.remind_before[%d]: must be positive", i))
		}
	}
	if !quorumPattern.MatchString(s.RecallQuorum) {
		errs = append(errs, fmt.Errorf("mandates.recall_quorum: majority, a number of members like 5, or a share like 60%% (got %q)", s.RecallQuorum))
	}
	return errors.Join(errs...)
}

// settings is the mandates: section of the running config.
func settings(c *config.Config) *Settings { return feature.SectionOf(c, section, defaults) }

// configSection is the section the host reads for this feature.
func configSection() *feature.Section {
	s := defaults()
	return &feature.Section{Key: section, Value: s, Check: s.check}
}
