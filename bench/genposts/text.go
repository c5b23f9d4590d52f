package main

import (
	"math/rand/v2"
	"strings"
)

// functionWords come first in the vocabulary, so the Zipf draw makes them
// the most frequent, as in real prose.
var functionWords = strings.Fields(`the of and to a in is for that with your you can it as be
on or are this may by from at not have more when an most which who their some they after
about also than other many how if into these what will over does often can't should one
but all because only its there before`)

// contentWords follow; "pain" and "spine" are near the top, so a search for
// either matches almost every post.
var contentWords = strings.Fields(`pain spine back patients disc nerve treatment doctor
surgery muscles leg neck symptoms weeks exercise lower relief procedure injection
physical therapy posture walking sitting sleep study research joint bone vertebrae
inflammation recovery movement stretching core strength hip shoulder arm numbness
tingling weakness sciatica stenosis herniated degenerative arthritis fracture fusion
decompression endoscopic minimally invasive incision hospital outpatient clinic
appointment imaging MRI x-ray scan diagnosis examination history risk factor age weight
smoking activity work desk chair lifting bending twisting running cycling swimming yoga
pilates acupuncture massage heat ice medication anti-inflammatory opioid nerve-block
epidural steroid radiofrequency ablation stimulator implant regenerative platelet
plasma stem cells cartilage ligament tendon facet sacroiliac lumbar cervical thoracic
spinal cord canal foramen root compression irritation swelling stiffness flexibility
balance coordination daily routine habits morning evening months years chronic acute
episode flare gradual sudden sharp dull burning aching radiating constant occasional
mild moderate severe improvement outcome results trial evidence review guideline
specialist surgeon physician therapist nurse team care plan goal function quality life
family children backpack shoes mattress pillow car driving travel office home garden
sport golf tennis training athlete injury prevention warm-up cool-down technique form
load repetition rest recovery-time return hydration nutrition protein vitamin calcium
bone-density osteoporosis compression-fracture kyphoplasty vertebroplasty brace
support cushion ergonomic screen keyboard standing break reminder stress anxiety mood
sleep-quality fatigue energy confidence fear avoidance education understanding
question answer option choice decision benefit tradeoff cost insurance referral
follow-up visit telehealth questionnaire score disability index scale measure
progress milestone week-by-week gentle steady safe effective common rare
typical important careful small large early late first second third`)

// tagNames is the pool posts draw their tags from.
var tagNames = []string{
	"back pain", "neck pain", "sciatica", "spinal stenosis", "herniated disc", "degenerative disc disease",
	"arthritis", "posture", "exercise", "pilates", "yoga", "acupuncture", "physical therapy", "sleep",
	"ergonomics", "backpacks", "children", "sports medicine", "running", "golf", "injury prevention",
	"osteoporosis", "kyphoplasty", "vertebroplasty", "spinal fusion", "disc replacement",
	"endoscopic surgery", "minimally invasive surgery", "injections", "epidural steroids",
	"radiofrequency ablation", "spinal cord stimulation", "regenerative medicine", "stem cells",
	"platelet-rich plasma", "nerve pain", "peripheral neuropathy", "chronic pain", "pain management",
	"medication", "recovery", "MRI", "diagnosis", "family history", "research", "nutrition",
	"weight", "smoking", "work", "clinic news",
}

// categories are the four blog categories: slug and name.
var categories = [][2]string{
	{"back-pain", "Back pain"},
	{"treatments", "Treatments"},
	{"healthy-living", "Healthy living"},
	{"clinic-news", "Clinic news"},
}

var titlePatterns = []string{
	"What to know about %s and %s",
	"How %s affects your %s",
	"%s and %s: what the research says",
	"When %s points to %s",
	"Five questions about %s and %s",
	"Can %s help with %s?",
	"A guide to %s after %s",
}

// textGen draws words with a Zipf distribution over the vocabulary.
type textGen struct {
	rng   *rand.Rand
	vocab []string
	zipf  *rand.Zipf
}

func newTextGen(seed uint64) *textGen {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	vocab := append(append([]string{}, functionWords...), contentWords...)
	return &textGen{rng: rng, vocab: vocab, zipf: rand.NewZipf(rng, 1.07, 2, uint64(len(vocab)-1))}
}

func (g *textGen) word() string { return g.vocab[g.zipf.Uint64()] }

// contentWord draws a word that is not a function word, uniformly.
func (g *textGen) contentWord() string { return contentWords[g.rng.IntN(len(contentWords))] }

// sentence writes a sentence of 6 to 22 words to b and returns the count.
func (g *textGen) sentence(b *strings.Builder) int {
	n := 6 + g.rng.IntN(17)
	for i := range n {
		w := g.word()
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if i > 2 && i < n-3 && g.rng.IntN(12) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
	return n
}

// body returns Markdown of about words words: paragraphs, a heading every
// few paragraphs and now and then a short list.
func (g *textGen) body(words int) string {
	var b strings.Builder
	for written, para := 0, 0; written < words; para++ {
		if para > 0 && para%4 == 0 {
			b.WriteString("## " + capitalize(g.phrase(2+g.rng.IntN(4))) + "\n\n")
		}
		if para%5 == 3 {
			written += g.list(&b)
			continue
		}
		for s := range 2 + g.rng.IntN(5) {
			if s > 0 {
				b.WriteByte(' ')
			}
			written += g.sentence(&b)
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func (g *textGen) list(b *strings.Builder) int {
	words := 0
	for range 3 + g.rng.IntN(3) {
		n := 3 + g.rng.IntN(5)
		b.WriteString("- " + capitalize(g.phrase(n)) + "\n")
		words += n
	}
	b.WriteString("\n")
	return words
}

// phrase returns n words, the first and last of them content words.
func (g *textGen) phrase(n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = g.word()
	}
	words[0] = g.contentWord()
	words[n-1] = g.contentWord()
	return strings.Join(words, " ")
}

// description returns one sentence of at most 155 characters.
func (g *textGen) description() string {
	var b strings.Builder
	g.sentence(&b)
	s := strings.TrimSuffix(b.String(), ".")
	for len(s) > 150 {
		s = s[:strings.LastIndexByte(s, ' ')]
	}
	return strings.TrimSuffix(s, ",") + "."
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
