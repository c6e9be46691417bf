package app_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/host"
	"folkmoot/config"
	"folkmoot/feature/meetings"
	"folkmoot/feature/tasks"
	"folkmoot/feature/votes"
)

// readConfig reads a config file's text as folkmoot does at start: the core's keys, then
// each feature's section.
func readConfig(t *testing.T, text string) (*config.Config, error) {
	t.Helper()
	env := map[string]string{"FOLKMOOT_MATRIX_PASSWORD": "pw", "FOLKMOOT_XMPP_PASSWORD": "pw", "FOLKMOOT_PICKLE_KEY": "k"}
	c, err := config.Parse([]byte(text), func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	return c, host.ReadSections(c, app.Features())
}

// The example config, with every feature's section, is read whole.
func TestExampleConfigIsReadByTheFeatures(t *testing.T) {
	c, err := readConfig(t, string(config.Example()))
	if err != nil {
		t.Fatalf("the example config does not load: %v", err)
	}
	if v := c.Section("votes").(*votes.Settings); v.ClosingSoon[0].Duration != 24*time.Hour {
		t.Fatalf("votes: %+v", v)
	}
}

// A feature's section has its defaults where the file is silent, and what the file says
// where it speaks: turned off means off.
func TestFeatureSectionsDefaultsAndValues(t *testing.T) {
	c, err := readConfig(t, "")
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Section("tasks").(*tasks.Settings).RemindBefore; len(r) != 2 || r[0].Duration != 24*time.Hour || r[1].Duration != 0 {
		t.Errorf("tasks.remind_before: %v", r)
	}
	if !c.Section("meetings").(*meetings.Settings).AskForTaskOn() {
		t.Error("meetings.ask_for_task is off by default")
	}
	off, err := readConfig(t, "meetings: {ask_for_task: false}\ntasks: {remind_before: []}")
	if err != nil || off.Section("meetings").(*meetings.Settings).AskForTaskOn() || len(off.Section("tasks").(*tasks.Settings).RemindBefore) != 0 {
		t.Errorf("turned off: %v", err)
	}
}

// A wrong value in a feature's section is refused at start, naming its key; so is a key that
// no part of folkmoot reads.
func TestFeatureSectionsNameTheKey(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"task reminders", "tasks: {remind_before: [24h, -1h]}", "tasks.remind_before[1]: must not be negative"},
		{"vote length", "votes: {default_duration: 30s}", "votes.default_duration: at least 1m"},
		{"closing soon", "votes: {closing_soon: [1h, 0s]}", "votes.closing_soon[1]: must be positive"},
		{"recall quorum", "mandates: {recall_quorum: most}", "mandates.recall_quorum"},
		{"consent window", "rotation: {consent_window: -1h}", "rotation.consent_window: must not be negative"},
		{"unknown key in a section", "votes: {colour: blue}", "votes: "},
		{"unknown key", "colour: blue", "colour: no part of folkmoot reads this key"},
		{"a bad duration", "votes: {max_duration: soon}", "not a duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readConfig(t, tt.yaml)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
