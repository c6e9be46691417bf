// Command folkmoot is a chat bot for neighbourhood assemblies and other self-governing
// groups, in their Matrix and XMPP rooms. See the README for the subcommands.
package main

import (
	"os"

	"folkmoot/app/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
