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
	"folkmoot/hooks"
)

// Features is the one list of folkmoot's features, in the order help and !status show them.
// Adding a feature means adding it here and nowhere else outside its package.
func Features() []commands.Feature {
	return []commands.Feature{
		basics.Feature(),
		roles.Feature(),
		mandates.Feature(votes.Opener),
		votes.Feature(voteLinks),
		rounds.Feature(),
		meetings.Feature(meetings.Hooks{Action: tasks.MeetingAction,
			AtStart: []meetings.StartHook{meetings.Quietly(rounds.NewMeeting), roles.RotateAtMeetingStart}}),
		tasks.Feature(),
		reminders.Feature(),
		stories.Feature(),
		tools.Feature(votes.Opener),
		stuckJobs(),       // a scheduled job that failed and waits for another try
		basics.Upcoming(), // what is scheduled next, whichever feature scheduled it
	}
}

// voteLinks are what closing a linked vote does, by link kind, with the environment of the
// close: a recall vote ends a mandate, a tools review's verdict becomes a task.
func voteLinks(env *commands.Env) map[string]hooks.LinkHandler {
	out := map[string]hooks.LinkHandler{}
	maps.Copy(out, mandates.RecallLinks(env))
	maps.Copy(out, tools.ReviewLinks(env, tasks.Adder(env)))
	return out
}
