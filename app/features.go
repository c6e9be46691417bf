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
	"folkmoot/store"
)

// Features is the one list of folkmoot's features, in the order help and !status show them.
// Adding a feature means adding it here and nowhere else outside its package.
func Features() []commands.Feature {
	return []commands.Feature{
		basics.Feature(),
		roles.Feature(roles.Hooks{Mandates: store.AllMandates}),
		mandates.Feature(),
		votes.Feature(links(mandates.RecallLinks(), tools.ReviewLinks())),
		rounds.Feature(rounds.Hooks{LatestMeeting: meetings.Latest}),
		meetings.Feature(MeetingHooks()),
		tasks.Feature(),
		reminders.Feature(),
		stories.Feature(),
		tools.Feature(),
		stuckJobs(),       // a scheduled job that failed and waits for another try
		basics.Upcoming(), // what is scheduled next, whichever feature scheduled it
	}
}

// MeetingHooks are what meetings do with the other features and read of them, for the
// minutes and digests; the command line's digest takes them too.
func MeetingHooks() meetings.Hooks {
	return meetings.Hooks{
		Action:   tasks.MeetingAction,
		AtStart:  []meetings.StartHook{meetings.Quietly(rounds.NewMeeting), roles.RotateAtMeetingStart},
		Terms:    roles.HeldTerms,
		Rounds:   rounds.Reports,
		Votes:    meetings.VoteHooks{Closed: store.ClosedVotes, Ballots: store.Ballots},
		Tasks:    meetings.TaskHooks{InPeriod: tasks.InPeriod, Open: store.OpenTasks, ByNumber: store.TaskByNumber, Items: tasks.DigestItems},
		Mandates: meetings.MandateHooks{All: store.AllMandates, Active: store.ActiveMandates, EndWords: mandates.EndWords},
		Stories:  stories.ForDigest,
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
