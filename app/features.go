package app

import (
	"maps"

	"folkmoot/commands"
	"folkmoot/feature/basics"
	"folkmoot/feature/mandates"
	"folkmoot/feature/meetings"
	"folkmoot/feature/reminders"
	"folkmoot/feature/roles"
	"folkmoot/feature/rounds"
	"folkmoot/feature/stories"
	"folkmoot/feature/tasks"
	"folkmoot/feature/tools"
	"folkmoot/feature/votes"
)

// Features is the one list of folkmoot's features, in the order help and !status show them.
// Adding a feature means adding it here and nowhere else outside its package.
func Features() []commands.Feature {
	return []commands.Feature{
		basics.Feature(),
		roles.Feature(),
		mandates.Feature(),
		votes.Feature(links(mandates.RecallLinks(), tools.ReviewLinks())),
		rounds.Feature(),
		meetings.Feature(meetings.Hooks{Action: tasks.MeetingAction,
			AtStart: []meetings.StartHook{meetings.Quietly(rounds.NewMeeting), roles.RotateAtMeetingStart}}),
		tasks.Feature(),
		reminders.Feature(),
		stories.Feature(),
		tools.Feature(),
		stuckJobs(),       // a scheduled job that failed and waits for another try
		basics.Upcoming(), // what is scheduled next, whichever feature scheduled it
	}
}

// links merges the features' vote link handlers for the votes feature.
func links(all ...map[string]votes.LinkHandler) map[string]votes.LinkHandler {
	out := map[string]votes.LinkHandler{}
	for _, m := range all {
		maps.Copy(out, m)
	}
	return out
}
