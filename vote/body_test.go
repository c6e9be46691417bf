package vote

import (
	"slices"
	"testing"
)

func TestAssemblyVoice(t *testing.T) {
	consensus := Rules{Kind: Consensus, Options: FixedOptions(Consensus)}
	majority := Rules{Kind: Majority, Options: FixedOptions(Majority)}
	choice := Rules{Kind: Choice, Options: []Option{{"1", "red"}, {"2", "blue"}}, MaxChoices: 1}
	cases := []struct {
		name    string
		council Rules
		outcome Outcome
		winners []string
		want    []string
	}{
		{"consensus passed", consensus, Passed, nil, []string{Agree}},
		{"consensus block blocks", consensus, Blocked, nil, []string{Block}},
		{"consensus rejected objects", consensus, Rejected, nil, []string{Object}},
		{"consensus no quorum is no voice", consensus, NoDecision, nil, nil},
		{"majority passed", majority, Passed, nil, []string{Yes}},
		{"majority hears a block as no", majority, Blocked, nil, []string{No}},
		{"majority rejected", majority, Rejected, nil, []string{No}},
		{"choice winner", choice, Decided, []string{"2"}, []string{"2"}},
		{"choice tie is no voice", choice, Tied, []string{"1", "2"}, nil},
		{"choice unknown option is no voice", choice, Decided, []string{"7"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := AssemblyVoice(c.council, c.outcome, c.winners)
			if ok != (c.want != nil) || !slices.Equal(got, c.want) {
				t.Errorf("AssemblyVoice(%s, %s) = %v, %v; want %v", c.council.Kind, c.outcome, got, ok, c.want)
			}
		})
	}
}
