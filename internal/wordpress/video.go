package wordpress

import (
	"net/url"
	"regexp"
	"strings"
)

// videoLink returns a Markdown link to the video a YouTube or Vimeo
// address (a page, a short link or a player) shows, or "".
func videoLink(raw string) string {
	if id := youTubeID(raw); id != "" {
		return "[Watch the video on YouTube](https://www.youtube.com/watch?v=" + id + ")"
	}
	if id := vimeoID(raw); id != "" {
		return "[Watch the video on Vimeo](https://vimeo.com/" + id + ")"
	}
	return ""
}

var videoID = regexp.MustCompile(`^[A-Za-z0-9_-]{6,64}$`)

// youTubeID returns the video ID of a YouTube address: watch?v=ID,
// youtu.be/ID, /embed/ID (also on the privacy-enhanced host), /shorts/ID,
// /live/ID.
func youTubeID(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	id := ""
	switch h := host(raw); h {
	case "youtu.be":
		id = strings.Trim(u.Path, "/")
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		if u.Path == "/watch" {
			id = u.Query().Get("v")
			break
		}
		for _, p := range []string{"/embed/", "/shorts/", "/live/", "/v/"} {
			if rest, ok := strings.CutPrefix(u.Path, p); ok {
				id = strings.Trim(rest, "/")
			}
		}
	}
	if !videoID.MatchString(id) {
		return ""
	}
	return id
}

var vimeoNumber = regexp.MustCompile(`^/(?:video/)?([0-9]{1,12})/?$`)

// vimeoID returns the video number of a Vimeo page or player address.
func vimeoID(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	if h := host(raw); h != "vimeo.com" && h != "player.vimeo.com" {
		return ""
	}
	if m := vimeoNumber.FindStringSubmatch(u.Path); m != nil {
		return m[1]
	}
	return ""
}
