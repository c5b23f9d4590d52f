package intake

import (
	"fmt"
	"io"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LoadRules reads the rules file at path in fsys; see ParseRules.
func LoadRules(fsys fs.FS, path string, treatments []string) (*Rules, error) {
	data, err := readFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("intake: load rules: %w", err)
	}
	return ParseRules(path, data, treatments)
}

// readFile reads a file of at most MaxFileSize bytes (one more, so that
// parseYAML can say it is too large).
func readFile(fsys fs.FS, path string) ([]byte, error) {
	f, err := fsys.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// ParseRules reads a rules file, as docs/INSTRUMENTS.md and the shipped
// content/triage/rules.yaml describe it, and checks it strictly: unknown
// or repeated keys, questions and answers the symptom check does not
// have, clinicians not listed, repeated ids, and, when treatments is not
// nil, treatment slugs not among them. The error is an EInvalid
// *clinic.Error that names the file and line: "rules.yaml:12: ...".
func ParseRules(name string, data []byte, treatments []string) (*Rules, error) {
	root, err := parseYAML(data)
	if err != nil {
		return nil, fileError(name, err)
	}
	l := &rulesLoader{clinicians: map[string]bool{}, ids: map[string]int{}}
	if treatments != nil {
		l.catalogue = map[string]bool{}
		for _, s := range treatments {
			l.catalogue[s] = true
		}
	}
	r := l.rules(root)
	if l.err != nil {
		return nil, fileError(name, l.err)
	}
	return r, nil
}

type rulesLoader struct {
	decoder
	catalogue  map[string]bool // nil: slugs are not checked
	clinicians map[string]bool
	ids        map[string]int // "picture x" -> line, to refuse repeats
}

func (l *rulesLoader) rules(n *yaml.Node) *Rules {
	f := l.fields(n, "the rules file", "clinicians! pictures! fallback! contraindications")
	r := &Rules{}
	for _, c := range l.list(f["clinicians"], "clinicians") {
		r.Clinicians = append(r.Clinicians, l.clinician(c))
	}
	for _, p := range l.list(f["pictures"], "pictures") {
		r.Pictures = append(r.Pictures, l.picture(p, "a picture", "treatments! when!"))
	}
	if f["fallback"] != nil {
		r.Fallback = l.picture(f["fallback"], "the fallback", "treatments")
	}
	for _, c := range l.list(f["contraindications"], "contraindications") {
		r.Contraindications = append(r.Contraindications, l.contraindication(c))
	}
	return r
}

func (l *rulesLoader) clinician(n *yaml.Node) Clinician {
	f := l.fields(n, "a clinician", "id! name! about")
	c := Clinician{ID: l.id(f["id"], "clinician"), Name: l.text(f["name"], "name"), About: l.text(f["about"], "about")}
	l.clinicians[c.ID] = true
	return c
}

// picture reads a picture of what kind; keys are its keys beyond the
// four every picture has.
func (l *rulesLoader) picture(n *yaml.Node, what, keys string) Picture {
	f := l.fields(n, what, "id! title! explanation! clinician! "+keys)
	p := Picture{
		ID:          l.id(f["id"], "picture"),
		Title:       l.text(f["title"], "title"),
		Explanation: l.text(f["explanation"], "explanation"),
		Clinician:   l.text(f["clinician"], "clinician"),
		Treatments:  l.treatments(f["treatments"]),
	}
	if c := f["clinician"]; c != nil && !l.clinicians[p.Clinician] {
		l.fail(c, "clinician %q is not one of the clinicians listed", p.Clinician)
	}
	if f["when"] != nil {
		p.When = l.conditions(f["when"])
	}
	return p
}

func (l *rulesLoader) contraindication(n *yaml.Node) Contraindication {
	f := l.fields(n, "a contraindication", "id! when! treatments! action! note!")
	c := Contraindication{
		ID:         l.id(f["id"], "contraindication"),
		When:       l.conditions(f["when"]),
		Treatments: l.treatments(f["treatments"]),
		Note:       l.text(f["note"], "note"),
	}
	switch action := l.text(f["action"], "action"); action {
	case "flag":
		c.Action = Flag
	case "remove":
		c.Action = Remove
	case "":
	default:
		l.fail(f["action"], "action %q is neither flag nor remove", action)
	}
	return c
}

// id reads an id of kind, which must be unique among ids of that kind.
func (l *rulesLoader) id(n *yaml.Node, kind string) string {
	s := l.text(n, "id")
	if n == nil || l.err != nil {
		return s
	}
	if !slug(s) {
		l.fail(n, "the id %q may hold only lower-case letters, digits, - and _", s)
	}
	if line, ok := l.ids[kind+" "+s]; ok {
		l.fail(n, "the %s id %q is already used on line %d", kind, s, line)
	}
	l.ids[kind+" "+s] = n.Line
	return s
}

func slug(s string) bool {
	return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == ""
}

func (l *rulesLoader) treatments(n *yaml.Node) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range l.texts(n, "treatments") {
		s := it.Value
		switch {
		case l.catalogue != nil && !l.catalogue[s]:
			l.fail(it, "unknown treatment %q: the catalogue has no treatment with that slug", s)
		case !slug(s):
			l.fail(it, "%q is not a treatment slug", s)
		case seen[s]:
			l.fail(it, "treatment %q is listed twice", s)
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) == 0 && n != nil {
		l.fail(n, "treatments: the list is empty")
	}
	return out
}
