package wordpress

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// convertBody converts content as the body of post 1 of a small site that
// also has an image (ID 100), a post at /2020/06/22/older-post/ (ID 2) and
// a reusable block (ID 300). It returns the Markdown and what the report
// says of the post, as "what: why".
func convertBody(t *testing.T, content string) (string, []string) {
	t.Helper()
	s := &Site{Link: siteURL, Blocks: map[int]string{300: "<!-- wp:paragraph -->\n<p>Call <strong>555-0100</strong>.</p>\n<!-- /wp:paragraph -->"},
		Items: []Item{
			{ID: 1, Type: "post", Status: "publish", Title: "Post", Name: "post", Link: siteURL + "/post/", Content: content},
			{ID: 2, Type: "post", Status: "publish", Title: "Older", Name: "older-post", Link: siteURL + "/2020/06/22/older-post/"},
			{ID: 100, Type: "attachment", Title: "Spine model", AttachmentURL: siteURL + "/wp-content/uploads/2020/06/spine-model.jpg",
				Meta: []Meta{{"_wp_attached_file", "2020/06/spine-model.jpg"}, {"_wp_attachment_image_alt", "Spine model"}}},
		}}
	r, err := Convert(s, Options{MediaURL: func(a *Attachment) (string, bool) { return "/media/" + a.Path, a.Path != "" }})
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, p := range r.Report.Unconverted {
		if p.ID == 1 {
			problems = append(problems, p.What+": "+p.Why)
		}
	}
	return r.Bundle.Posts[0].Body, problems
}

func TestBodyBlocks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, html, want string
	}{
		{"paragraphs and emphasis become Markdown",
			"<!-- wp:paragraph -->\n<p>One <strong>bold</strong> and <em>soft </em>word.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two<br>lines</p>\n<!-- /wp:paragraph -->",
			"One **bold** and *soft* word.\n\nTwo\\\nlines"},
		{"headings keep their level",
			`<!-- wp:heading {"level":4} --><h4 class="wp-block-heading">Risks <em>and</em> recovery</h4><!-- /wp:heading -->`,
			"#### Risks *and* recovery"},
		{"ordered lists keep their start number",
			`<!-- wp:list {"ordered":true,"start":3} --><ol start="3"><li>three</li><li>four</li></ol><!-- /wp:list -->`,
			"3. three\n4. four"},
		{"a list item with two paragraphs makes a loose list",
			"<!-- wp:list --><ul><li><p>First.</p><p>More on first.</p></li><li>Second</li></ul><!-- /wp:list -->",
			"- First.\n\n  More on first.\n\n- Second"},
		{"two lists in a row stay two lists",
			"<!-- wp:list --><ul><li>a</li></ul><!-- /wp:list --><!-- wp:list --><ul><li>b</li></ul><!-- /wp:list -->",
			"- a\n\n* b"},
		{"a table without a head takes its first row as header",
			"<!-- wp:table --><figure class=\"wp-block-table\"><table><tbody><tr><td>Level</td><td>Pain</td></tr><tr><td>L4</td><td>mild<br>at night</td><td>extra</td></tr></tbody></table></figure><!-- /wp:table -->",
			"| Level | Pain |  |\n| --- | --- | --- |\n| L4 | mild at night | extra |"},
		{"code keeps its text in a fence longer than any inside",
			"<!-- wp:code --><pre class=\"wp-block-code\"><code class=\"language-go\">a := \"```\"\n\nb &lt; c</code></pre><!-- /wp:code -->",
			"````go\na := \"```\"\n\nb < c\n````"},
		{"inline code holds backticks",
			"<!-- wp:paragraph --><p>Type <code>a`b</code> or <kbd>Ctrl</kbd>.</p><!-- /wp:paragraph -->",
			"Type ``a`b`` or `Ctrl`."},
		{"Markdown characters in text are escaped",
			"<!-- wp:paragraph --><p># 1. not a heading: 2 * 3 = 6, [note], &lt;b&gt;, _under_ but snake_case, ~x~, &amp;copy; `tick`</p><!-- /wp:paragraph -->",
			"\\# 1. not a heading: 2 \\* 3 = 6, \\[note\\], \\<b>, \\_under\\_ but snake_case, \\~x\\~, \\&copy; \\`tick\\`"},
		{"a line that looks like a list item is escaped",
			"<!-- wp:paragraph --><p>2020. A good year<br>- not a list<br>+ nor this</p><!-- /wp:paragraph -->",
			"2020\\. A good year\\\n\\- not a list\\\n\\+ nor this"},
		{"a quote keeps its paragraphs and citation",
			"<!-- wp:quote --><blockquote class=\"wp-block-quote\"><p>One.</p><p>Two.</p><cite>A patient</cite></blockquote><!-- /wp:quote -->",
			"> One.\n>\n> Two.\n>\n> — A patient"},
		{"a pull quote is a quote",
			"<!-- wp:pullquote --><figure class=\"wp-block-pullquote\"><blockquote><p>Move a little every day.</p><cite>Dr. Reyes</cite></blockquote></figure><!-- /wp:pullquote -->",
			"> Move a little every day.\n>\n> — Dr. Reyes"},
		{"separators, spacers and strikethrough",
			"<!-- wp:paragraph --><p>Old <del>price</del></p><!-- /wp:paragraph --><!-- wp:separator --><hr class=\"wp-block-separator\"/><!-- /wp:separator --><!-- wp:spacer --><div style=\"height:40px\" aria-hidden=\"true\" class=\"wp-block-spacer\"></div><!-- /wp:spacer -->",
			"Old ~~price~~\n\n---"},
		{"details and definition lists keep their terms in bold",
			"<!-- wp:details --><details class=\"wp-block-details\"><summary>Is it safe?</summary><p>Yes, mostly.</p></details><!-- /wp:details --><dl><dt>ODI</dt><dd>Oswestry index</dd></dl>",
			"**Is it safe?**\n\nYes, mostly.\n\n**ODI**\n\nOswestry index"},
		{"empty paragraphs and non-breaking spaces vanish",
			"<!-- wp:paragraph --><p>&nbsp;</p><!-- /wp:paragraph --><!-- wp:paragraph --><p>Text&nbsp;here</p><!-- /wp:paragraph -->",
			"Text\u00a0here"},
		{"non-ASCII text is kept as it is",
			"<!-- wp:paragraph --><p>Rückenschmerzen — café 日本語 🙂</p><!-- /wp:paragraph -->",
			"Rückenschmerzen — café 日本語 🙂"},
		{"a media and text block keeps its image and text",
			"<!-- wp:media-text {\"mediaId\":100} --><div class=\"wp-block-media-text\"><figure class=\"wp-block-media-text__media\"><img src=\"https://cascadespine.example/wp-content/uploads/2020/06/spine-model-300x200.jpg\" alt=\"\"/></figure><div class=\"wp-block-media-text__content\"><p>Beside the image.</p></div></div><!-- /wp:media-text -->",
			"![Spine model](/media/2020/06/spine-model.jpg)\n\nBeside the image."},
		{"a new-style gallery shows each image with its caption",
			"<!-- wp:gallery --><figure class=\"wp-block-gallery has-nested-images\"><!-- wp:image {\"id\":100} --><figure class=\"wp-block-image\"><img src=\"/wp-content/uploads/2020/06/spine-model-1024x683.jpg\" alt=\"Spine\"/><figcaption>Front</figcaption></figure><!-- /wp:image --></figure><!-- /wp:gallery -->",
			"![Spine](/media/2020/06/spine-model.jpg)\n\n_Front_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := convertBody(t, tt.html)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("body of %q (-want +got):\n%s", tt.html, diff)
			}
		})
	}
}

func TestBodyLinksAndMedia(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, html, want string
		problems         []string
	}{
		{"links to the old site point at the new addresses",
			`<p><a href="https://cascadespine.example/2020/06/22/older-post/#risks">older</a>, <a href="https://www.cascadespine.example/?p=2">by ID</a>, <a href="/category/news/">news</a>, <a href="https://example.org/x?a=(1)">elsewhere</a>, <a href="mailto:info@cascadespine.example">mail</a></p>`,
			"[older](/blog/older-post#risks), [by ID](/blog/older-post), [news](/category/news/), [elsewhere](https://example.org/x?a=%281%29), [mail](mailto:info@cascadespine.example)", nil},
		{"links to the home page and without a scheme are the site's own",
			`<p><a href="https://cascadespine.example">home</a> <img src="//cascadespine.example/wp-content/uploads/2020/06/spine-model.jpg" alt="m"></p>`,
			"[home](/) ![m](/media/2020/06/spine-model.jpg)", nil},
		{"resized copies of an image point at the original in the media library",
			`<p><img src="https://cascadespine.example/wp-content/uploads/2020/06/spine-model-150x150.jpg" alt="A [model]"></p>`,
			"![A \\[model\\]](/media/2020/06/spine-model.jpg)", nil},
		{"a link from an image to its file is left out",
			`<p><a href="https://cascadespine.example/wp-content/uploads/2020/06/spine-model.jpg"><img src="https://cascadespine.example/wp-content/uploads/2020/06/spine-model.jpg" alt="x"></a></p>`,
			"![x](/media/2020/06/spine-model.jpg)", nil},
		{"a link from an image elsewhere is kept",
			`<p><a href="https://example.org/study"><img src="/wp-content/uploads/2020/06/spine-model.jpg" alt="x"></a></p>`,
			"[![x](/media/2020/06/spine-model.jpg)](https://example.org/study)", nil},
		{"a file under uploads that no attachment describes is listed as media",
			`<p><img src="/wp-content/uploads/2019/01/old.gif" alt="old"></p>`,
			"![old](/media/2019/01/old.gif)", nil},
		{"a file path that leaves the uploads folder is kept and reported",
			`<p><img src="/wp-content/uploads/2019/../../../etc/passwd" alt="x"></p>`,
			"![x](/wp-content/uploads/2019/../../../etc/passwd)",
			[]string{"image /wp-content/uploads/2019/../../../etc/passwd: it is not in the media library; the old address is kept"}},
		{"an image from another site is kept and reported",
			`<p><img src="https://cdn.example.org/a.png" alt="a"></p>`,
			"![a](https://cdn.example.org/a.png)",
			[]string{"image from cdn.example.org: kept, but the site's content security policy shows only images it serves itself"}},
		{"a YouTube URL alone in a paragraph becomes a link to the video",
			"<!-- wp:paragraph --><p>https://youtu.be/jppZxO4z7Kd</p><!-- /wp:paragraph -->",
			"[Watch the video on YouTube](https://www.youtube.com/watch?v=jppZxO4z7Kd)", nil},
		{"another URL alone in a paragraph becomes a plain link",
			"<!-- wp:embed {\"url\":\"https://twitter.com/x/status/1\"} --><figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://twitter.com/x/status/1\n</div></figure><!-- /wp:embed -->",
			"[https://twitter.com/x/status/1](https://twitter.com/x/status/1)", nil},
		{"a YouTube player becomes a link to the video",
			`<!-- wp:html --><iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/EVVIPcP4Y7p?rel=0" allowfullscreen></iframe><!-- /wp:html -->`,
			"[Watch the video on YouTube](https://www.youtube.com/watch?v=EVVIPcP4Y7p)", nil},
		{"other frames are kept as links and reported",
			`<!-- wp:html --><iframe src="https://forms.example.org/f/1"></iframe><!-- /wp:html -->`,
			"[Embedded content from forms.example.org](https://forms.example.org/f/1)",
			[]string{"<iframe> from forms.example.org: the site does not show other sites' pages inside its own; kept as a link"}},
		{"scripts, styles and forms are left out and reported",
			`<!-- wp:html --><style>p{color:red}</style><p>Kept<script>alert(1)</script></p><form action="/x"><input name="q"><button>Go</button></form><!-- /wp:html -->`,
			"Kept",
			[]string{"<style>: left out: only text, links and images are imported", "<script>: left out: only text, links and images are imported",
				"a form: forms are not imported; the site has its own"}},
		{"a link that runs a script keeps only its text",
			`<p><a href=" JavaScript:alert(1)">click</a></p>`, "click",
			[]string{"a link that runs a script: the link is left out; its text is kept"}},
		{"video players become links to their file",
			`<!-- wp:video --><figure class="wp-block-video"><video controls src="https://cascadespine.example/wp-content/uploads/2020/06/tour.mp4"></video></figure><!-- /wp:video -->`,
			"[Video](/media/2020/06/tour.mp4)", []string{"<video> player: shown as a link to the file"}},
		{"reusable blocks are written in place",
			`<!-- wp:block {"ref":300} /--><!-- wp:block {"ref":301} /-->`, "Call **555-0100**.",
			[]string{"reusable block 301: it is not in the export; left out"}},
		{"blocks that WordPress makes when showing the page are reported",
			`<!-- wp:latest-posts {"postsToShow":3} /--><!-- wp:more --><!--more--><!-- /wp:more --><!-- wp:paragraph --><p>After</p><!-- /wp:paragraph -->`,
			"After", []string{"block wp:latest-posts: WordPress makes it when the page is shown; nothing to convert"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := convertBody(t, tt.html)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("body of %q (-want +got):\n%s", tt.html, diff)
			}
			if diff := cmp.Diff(tt.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBodyClassic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, html, want string
		problems         []string
	}{
		{"blank lines separate paragraphs and single newlines break lines",
			"First line\nsecond line.\n\n\nNext <em>paragraph</em>.\r\n\r\nLast.",
			"First line\\\nsecond line.\n\nNext *paragraph*.\n\nLast.", nil},
		{"block elements are not wrapped in paragraphs",
			"Intro.\n<h3>Title</h3>\n<ol>\n\t<li>one</li>\n\t<li>two</li>\n</ol>\nAfter the list.",
			"Intro.\n\n### Title\n\n1. one\n2. two\n\nAfter the list.", nil},
		{"preformatted text keeps its blank lines",
			"Code:\n\n<pre>a\n\nb</pre>\n\nDone.",
			"Code:\n\n```\na\n\nb\n```\n\nDone.", nil},
		{"a caption shortcode becomes an image and its caption",
			`[caption id="attachment_100" align="alignleft" width="300"]<img src="https://cascadespine.example/wp-content/uploads/2020/06/spine-model-300x200.jpg" alt="" /> The <strong>lumbar</strong> spine[/caption]`,
			"![Spine model](/media/2020/06/spine-model.jpg)\n\n_The **lumbar** spine_", nil},
		{"an old caption shortcode takes its text from the attribute",
			`[caption id="" align="alignnone" width="300" caption="Old style"]<img src="/wp-content/uploads/2020/06/spine-model.jpg" alt="m" />[/caption]`,
			"![m](/media/2020/06/spine-model.jpg)\n\n_Old style_", nil},
		{"a gallery shows its images and reports those it lacks",
			`[gallery columns="2" ids="100, 999"]`,
			"![Spine model](/media/2020/06/spine-model.jpg)",
			[]string{"gallery image 999: it is not in the export; left out"}},
		{"an embed shortcode becomes a link to the video",
			"Watch:\n\n[embed width=\"640\"]https://www.youtube.com/watch?v=jppZxO4z7Kd&t=10[/embed]",
			"Watch:\n\n[Watch the video on YouTube](https://www.youtube.com/watch?v=jppZxO4z7Kd)", nil},
		{"a Vimeo URL on its own line becomes a link to the video",
			"See this:\n\nhttps://vimeo.com/76979871\n\nThanks.",
			"See this:\n\n[Watch the video on Vimeo](https://vimeo.com/76979871)\n\nThanks.", nil},
		{"unknown shortcodes stay as text and are reported",
			"Call us.\n\n[contact-form-7 id=\"7\" title=\"Contact\"]\n\n[audio mp3=\"/wp-content/uploads/talk.mp3\"][/audio] and [su_box title=\"Tip\"]Rest[/su_box]",
			"Call us.\n\n\\[contact-form-7 id=\"7\" title=\"Contact\"\\]\n\n\\[audio mp3=\"/wp-content/uploads/talk.mp3\"\\]\\[/audio\\] and \\[su_box title=\"Tip\"\\]Rest\\[/su_box\\]",
			[]string{"shortcode [contact-form-7]: kept as text: there is no equivalent here",
				"shortcode [audio]: kept as text: there is no equivalent here",
				"shortcode [su_box]: kept as text: there is no equivalent here"}},
		{"an escaped shortcode is text and not reported",
			"Type [[gallery]] for a gallery; [1] and [ ] are no shortcodes.",
			"Type \\[gallery\\] for a gallery; \\[1\\] and \\[ \\] are no shortcodes.", nil},
		{"a caption that never closes is kept as text",
			`[caption id="a"]<img src="/wp-content/uploads/2020/06/spine-model.jpg" alt="m"> no end`,
			"\\[caption id=\"a\"\\]![m](/media/2020/06/spine-model.jpg) no end",
			[]string{"shortcode [caption]: kept as text: there is no equivalent here"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := convertBody(t, tt.html)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("body of %q (-want +got):\n%s", tt.html, diff)
			}
			if diff := cmp.Diff(tt.problems, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBodyDeepNestingIsFlattened(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		depth   int
		problem string
	}{
		{"nesting deeper than the converter follows is kept as text", 100, "deeply nested HTML: kept as plain text"},
		{"nesting deeper than the HTML parser reads is kept as text", 5000, "its content: the HTML nests too deeply to read; kept as plain text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := strings.Repeat("<div>", tt.depth) + "deep text" + strings.Repeat("</div>", tt.depth)
			got, problems := convertBody(t, "<!-- wp:html -->"+html+"<!-- /wp:html -->")
			if got != "deep text" {
				t.Errorf("body = %q, want the text", got)
			}
			if diff := cmp.Diff([]string{tt.problem}, problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
