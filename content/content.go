// Package content reads and writes the site's content as a tree of Markdown
// files with YAML front matter, in the format of docs/CONTENT.md, and
// embeds the demo clinic written in that format.
package content

import (
	"embed"
	"io/fs"
)

//go:embed site.md redirects.md menu.md pages treatments doctors locations categories posts videos publications triage instruments
var demo embed.FS

// Demo returns the content tree of the demo clinic, for Read.
func Demo() fs.FS { return demo }
