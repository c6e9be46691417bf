package rotation

import (
	"embed"
	"slices"
	"strings"
	"unicode"

	"folkmoot/words"
)

// wording is how the rotation explains itself and names the built-in roles, in every shipped
// language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// builtIn are the roles folkmoot names in every language: a room's own roles are shown as
// they were typed.
var builtIn = append(slices.Clone(DefaultRoles), DelegateRole)

// RoleName shows a role in l: a built-in role in the room's language ("facilitación"), any
// other as the room named it. The stored name, what commands and the database use, stays
// the English identifier.
func RoleName(l *words.Lang, role string) string {
	switch role {
	case "facilitator":
		return l.Say("rotation.name.facilitator")
	case "notetaker":
		return l.Say("rotation.name.notetaker")
	case "mediator":
		return l.Say("rotation.name.mediator")
	case "timekeeper":
		return l.Say("rotation.name.timekeeper")
	case DelegateRole:
		return l.Say("rotation.name.delegate")
	}
	return role
}

// RoleNames shows several roles in l, joined as a list in the room's language.
func RoleNames(l *words.Lang, roles []string) string {
	shown := make([]string, len(roles))
	for i, r := range roles {
		shown[i] = RoleName(l, r)
	}
	return strings.Join(shown, l.Say("phrase.list.comma"))
}

// typedNames are the words a member of l's language may type for a built-in role, besides
// its English identifier: rotation.typed.<role>, space-separated.
func typedNames(l *words.Lang, role string) []string {
	var s string
	switch role {
	case "facilitator":
		s = l.Say("rotation.typed.facilitator")
	case "notetaker":
		s = l.Say("rotation.typed.notetaker")
	case "mediator":
		s = l.Say("rotation.typed.mediator")
	case "timekeeper":
		s = l.Say("rotation.typed.timekeeper")
	case DelegateRole:
		s = l.Say("rotation.typed.delegate")
	}
	return strings.Fields(s)
}

// RoleKey is how a typed role name is compared: case, dashes, underscores, spaces, a
// gender dot (·) and a plural "s" do not matter, so "Note-takers" finds "notetaker".
func RoleKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r == '·' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSuffix(s, "s")
}

// Means reports whether what a member typed names the role: its stored name, or for a
// built-in role its name in l (shown or typed: "facilitación", "facilitacion").
func Means(l *words.Lang, role, typed string) bool {
	key := RoleKey(typed)
	if key == "" {
		return false
	}
	if strings.EqualFold(role, typed) || RoleKey(role) == key {
		return true
	}
	if !slices.Contains(builtIn, role) {
		return false
	}
	if RoleKey(RoleName(l, role)) == key {
		return true
	}
	for _, n := range typedNames(l, role) {
		if RoleKey(n) == key {
			return true
		}
	}
	return false
}
