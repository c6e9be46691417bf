package app

import (
	"maps"

	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/feature/archive"
	"folkmoot/feature/basics"
	"folkmoot/feature/councils"
	"folkmoot/feature/draws"
	"folkmoot/feature/groups"
	"folkmoot/feature/mandates"
	"folkmoot/feature/meetings"
	"folkmoot/feature/privacy"
	"folkmoot/feature/reminders"
	"folkmoot/feature/roles"
	"folkmoot/feature/rounds"
	"folkmoot/feature/rules"
	"folkmoot/feature/stories"
	"folkmoot/feature/tasks"
	"folkmoot/feature/tools"
	"folkmoot/feature/votes"
	"folkmoot/hooks"
)

// Features is the one list of folkmoot's features, in the order help and !status show them.
// Adding a feature means adding it here and nowhere else outside its package.
func Features() []feature.Feature {
	var all []feature.Feature
	every := func() []feature.Feature { return all }
	all = []feature.Feature{
		basics.Feature(every),
		roles.Feature(rolesHooks),
		mandates.Feature(votes.Opener, mandatesHooks),
		votes.Feature(votes.Hooks{Links: voteLinks(every), Assemblies: councils.Assemblies, Delegates: mandates.Delegates}),
		rounds.Feature(rounds.Hooks{LatestMeeting: meetings.Latest}),
		meetings.Feature(MeetingHooks()),
		tasks.Feature(),
		reminders.Feature(),
		stories.Feature(),
		tools.Feature(votes.Opener),
		groups.Feature(),
		rules.Feature(every, votes.Opener),
		draws.Feature(draws.Hooks{PoolNow: roles.PoolNow, Group: groups.Public}),
		councils.Feature(),
		archive.Feature(ArchiveSources()),
		privacy.Feature(every, privacy.Hooks{PruneLog: meetings.PruneLog}),
		stuckJobs(),       // a scheduled job that failed and waits for another try
		basics.Upcoming(), // what is scheduled next, whichever feature scheduled it
	}
	return all
}

// mandatesHooks are what mandates read of councils (a delegate's council, and whom to tell)
// and tell votes (a delegate's standing begins or ends).
var mandatesHooks = mandates.Hooks{Councils: councils.Councils, Tell: councils.Teller, Standing: votes.DelegateStanding}

// rolesHooks are what roles read of the other features: mandates for !history, groups for
// parity.
var rolesHooks = roles.Hooks{Mandates: mandates.All, Groups: groups.Members}

// MeetingHooks are what meetings do with the other features and read of them, for the
// minutes and digests; the command line's digest takes them too.
func MeetingHooks() meetings.Hooks {
	return meetings.Hooks{
		Action:   tasks.MeetingAction,
		AtStart:  []meetings.StartHook{meetings.Quietly(rounds.NewMeeting), rolesHooks.RotateAtMeetingStart, privacy.AtMeetingStart},
		Terms:    roles.HeldTerms,
		Rounds:   rounds.Reports,
		Votes:    meetings.VoteHooks{Closed: votes.Closed, Ballots: votes.Ballots},
		Tasks:    meetings.TaskHooks{InPeriod: tasks.InPeriod, Open: tasks.ListOpen, ByNumber: tasks.ByNumber, Items: tasks.DigestItems},
		Mandates: meetings.MandateHooks{All: mandates.All, Active: mandates.Active, EndWords: mandates.EndWordsIn},
		Stories:  stories.ForDigest,
		Rules:    rules.ChangesBetween,
		// TellLinked: an ended meeting's summary goes to the rooms linked by councils.
		TellLinked: councils.LinkedTeller,
	}
}

// ArchiveSources are what the public archive reads of meetings, votes and mandates: the
// minutes and digests as the meetings feature builds them (a secret vote with its count
// alone), the closed votes and every mandate; the command line's archive takes them too.
func ArchiveSources() archive.Sources {
	h := MeetingHooks()
	return archive.Sources{
		Meetings:  meetings.MeetingsBetween,
		Minutes:   h.BuildMeeting,
		Decisions: votes.Closed,
		Mandates:  mandates.All,
		EndWords:  mandates.EndWordsIn,
		Digest:    h.BuildDigest,
	}
}

// voteLinks are what closing a vote does, by link kind, with the environment of the close
// (all is the list of features, for the rules a vote decides): a recall vote ends a mandate,
// a tools review's verdict becomes a task, a proposed rule takes effect, and every decision
// reaches the room's councils.
func voteLinks(all func() []feature.Feature) votes.Links {
	return func(env *commands.Env) map[string]hooks.LinkHandler {
		out := map[string]hooks.LinkHandler{}
		maps.Copy(out, mandatesHooks.RecallLinks(env))
		maps.Copy(out, tools.ReviewLinks(env, tasks.Adder(env)))
		maps.Copy(out, rules.Links(env, all))
		maps.Copy(out, councils.Links(env))
		return out
	}
}
