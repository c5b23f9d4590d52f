package clinic

import (
	"sort"
	"strings"
)

// Weights of what two posts share, in the manner of Hugo's related
// content: each shared tag counts TagWeight, the same category
// CategoryWeight. Posts that share nothing are not related.
const (
	TagWeight      = 100
	CategoryWeight = 80
)

// RelatedPosts returns up to n posts of candidates ranked by what they share
// with p: the sum of the weights of shared tags and category, higher first,
// and among equal scores the newer first. p itself is never included.
func RelatedPosts(p *Post, candidates []*Post, n int) []*Post {
	tags := make(map[string]bool, len(p.Tags))
	for _, t := range p.Tags {
		tags[strings.ToLower(t)] = true
	}
	type scored struct {
		post  *Post
		score int
	}
	var ranked []scored
	for _, c := range candidates {
		if c.Slug == p.Slug {
			continue
		}
		score := 0
		for _, t := range c.Tags {
			if tags[strings.ToLower(t)] {
				score += TagWeight
			}
		}
		if p.Category != "" && c.Category == p.Category {
			score += CategoryWeight
		}
		if score > 0 {
			ranked = append(ranked, scored{c, score})
		}
	}
	sort.SliceStable(ranked, func(i, j int) bool {
		if ranked[i].score != ranked[j].score {
			return ranked[i].score > ranked[j].score
		}
		return ranked[i].post.PublishedAt.After(ranked[j].post.PublishedAt)
	})
	out := make([]*Post, 0, min(n, len(ranked)))
	for _, r := range ranked[:min(n, len(ranked))] {
		out = append(out, r.post)
	}
	return out
}

// ReadingMinutes estimates how long a text of words words takes to read,
// at 220 words a minute, never less than one minute.
func ReadingMinutes(words int) int {
	return max(1, (words+110)/220)
}
