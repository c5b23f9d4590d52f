package intake

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// conditions reads a when: a list of conditions, any one of which makes
// it hold. Each condition maps question ids to the answers they need.
func (l *rulesLoader) conditions(n *yaml.Node) []Condition {
	items := l.list(n, "when")
	if len(items) == 0 {
		l.fail(n, "when: the list is empty")
	}
	out := make([]Condition, 0, len(items))
	for _, it := range items {
		out = append(out, l.condition(it))
	}
	return out
}

func (l *rulesLoader) condition(n *yaml.Node) Condition {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		l.fail(n, "when: each entry names questions and their answers, such as {where: [low_back]}, not %s", describe(n))
		return nil
	}
	var c Condition
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && seen[k.Value] {
			l.fail(k, "the question %q is repeated in one entry of when: use all", k.Value)
		}
		seen[k.Value] = true
		c = append(c, l.term(k, v))
	}
	return c
}

// term reads the answers one question needs: a list (any of them), one
// answer, or keys any, all and none.
func (l *rulesLoader) term(k, v *yaml.Node) Term {
	q, ok := QuestionByID(k.Value)
	switch {
	case k.Kind != yaml.ScalarNode || !ok:
		l.fail(k, "unknown question %s", describe(k))
		return Term{}
	case q.Kind == Rating:
		l.fail(k, "%s is a rating from 0 to 10: a condition can name only a question with answers to choose from", q.ID)
		return Term{}
	}
	t := Term{Question: q.ID}
	if v.Kind != yaml.MappingNode {
		t.Any = l.answers(q, v)
		return t
	}
	f := l.fields(v, q.ID, "any all none")
	t.Any, t.All, t.None = l.answers(q, f["any"]), l.answers(q, f["all"]), l.answers(q, f["none"])
	if len(t.Any)+len(t.All)+len(t.None) == 0 {
		l.fail(v, "%s: say which answers, with any, all or none", q.ID)
	}
	if f["all"] != nil && q.Kind != AnyOf {
		l.fail(f["all"], "%s takes one answer, so all cannot hold for two: use any", q.ID)
	}
	return t
}

// answers reads answers to q; an absent node reads as none.
func (l *rulesLoader) answers(q Question, n *yaml.Node) []string {
	if null(n) {
		return nil
	}
	items := l.texts(n, q.ID)
	if len(items) == 0 {
		l.fail(n, "%s: the list of answers is empty", q.ID)
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if !q.valid(it.Value) {
			l.fail(it, "%q is not an answer to %s (its answers are %s)", it.Value, q.ID, strings.Join(values(q), ", "))
		}
		out = append(out, it.Value)
	}
	return out
}

// values returns the answers q takes.
func values(q Question) []string {
	if q.Kind == YesNo {
		return []string{Yes, No}
	}
	out := make([]string, len(q.Choices))
	for i, c := range q.Choices {
		out[i] = c.Value
	}
	return out
}
