package app

import (
	"folkmoot/commands"
	"folkmoot/feature/basics"
	"folkmoot/feature/mandates"
	"folkmoot/feature/reminders"
	"folkmoot/feature/roles"
	"folkmoot/feature/stories"
	"folkmoot/feature/tasks"
	"folkmoot/feature/votes"
)

// Features is the one list of folkmoot's features, in the order help and !status show them.
// Adding a feature means adding it here and nowhere else outside its package.
func Features() []commands.Feature {
	return []commands.Feature{
		basics.Feature(),
		roles.Feature(),
		mandates.Feature(),
		votes.Feature(mandates.RecallLinks()),
		tasks.Feature(),
		reminders.Feature(),
		stories.Feature(),
		basics.Upcoming(), // what is scheduled next, whichever feature scheduled it
	}
}
