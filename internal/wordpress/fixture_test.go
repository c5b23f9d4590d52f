package wordpress

import (
	"fmt"
	"strings"
)

const siteURL = "https://cascadespine.example"

// clinicSite is a small but complete WordPress 6 site of a spine clinic:
// three authors, nested categories, tags, published, draft, scheduled,
// private, protected and trashed posts, pages with children, attachments
// and the items an export carries that are not content.
func clinicSite() *wxr {
	return &wxr{
		title: "Cascade Spine Institute", link: siteURL, version: "1.2",
		authors: []Author{
			{ID: 2, Login: "mreyes", Email: "m.reyes@cascadespine.example", DisplayName: "Dr. María Reyes", FirstName: "María", LastName: "Reyes"},
			{ID: 3, Login: "jpark", Email: "j.park@cascadespine.example", DisplayName: "James Park, PA-C", FirstName: "James", LastName: "Park"},
			{ID: 1, Login: "webeditor", Email: "web@cascadespine.example", DisplayName: "webeditor"},
		},
		categories: []Category{
			{ID: 1, Nicename: "uncategorized", Name: "Uncategorized"},
			{ID: 2, Nicename: "back-pain", Name: "Back Pain", Description: "Causes of back pain &amp; what helps"},
			{ID: 4, Nicename: "treatments", Name: "Treatments"},
			{ID: 3, Nicename: "sciatica", Parent: "back-pain", Name: "Sciatica"},
			{ID: 5, Nicename: "%e6%97%a5%e6%9c%ac%e8%aa%9e", Name: "日本語"},
		},
		tags: []Tag{
			{ID: 10, Slug: "exercise", Name: "Exercise"},
			{ID: 11, Slug: "posture", Name: "Posture"},
			{ID: 12, Slug: "%c3%bcbungen", Name: "Übungen"},
		},
		items: []wxrItem{
			attachment(100, 101, "Spine model", "2020/06/spine-model.jpg", "Model of the lumbar spine", "300x200", "1024x683"),
			acupuncturePost(),
			pilatesPost(),
			attachment(103, 102, "Pilates class", "2021/03/pilates-class-scaled.jpg", "A Pilates class", "300x200"),
			attachment(104, 102, "Desk posture", "2022/01/desk-posture.png", "", "150x150"),
			{id: 105, typ: "post", status: "draft", title: "Ergonomía en la oficina: 座り方 and 💺", creator: "jpark",
				link: siteURL + "/?p=105", date: "2024-05-01 09:30:00", dateGMT: "0000-00-00 00:00:00",
				content: "Sitting well matters — 座り方が大事 🙂\n\nSet the screen at eye height.",
				terms:   []Term{{"post_tag", "posture", "Posture"}}},
			{id: 106, typ: "post", status: "future", title: "Spring workshop: stronger backs", name: "spring-workshop", creator: "jpark",
				link: siteURL + "/?p=106", date: "2030-03-01 09:00:00", dateGMT: "2030-03-01 17:00:00",
				content: "<!-- wp:paragraph -->\n<p>Join us for a free workshop.</p>\n<!-- /wp:paragraph -->",
				terms:   []Term{{"category", "treatments", "Treatments"}}},
			page(107, 0, "About us", "about-us", "/about-us/",
				"<!-- wp:paragraph -->\n<p>We are a team of spine specialists. Download our <a href=\""+siteURL+"/wp-content/uploads/2023/02/intake-checklist.pdf\">intake checklist</a> before your visit.</p>\n<!-- /wp:paragraph -->"),
			page(108, 107, "Our team", "team", "/about-us/team/",
				"<!-- wp:paragraph -->\n<p>Meet <a href=\"/?p=101\">the author of our acupuncture guide</a>.</p>\n<!-- /wp:paragraph -->"),
			page(110, 0, "Our offices", "offices", "/offices/", "Ten offices from Bellingham to Tacoma."),
			page(109, 110, "Team", "team", "/offices/team/", "The front-desk team of each office."),
			{id: 111, typ: "post", status: "private", title: "Staff notes", name: "staff-notes", creator: "webeditor",
				link: siteURL + "/staff-notes/", date: "2023-01-10 08:00:00", dateGMT: "2023-01-10 16:00:00", content: "Internal only."},
			{id: 112, typ: "post", status: "trash", title: "Old news", name: "old-news__trashed", creator: "webeditor",
				link: siteURL + "/?p=112", date: "2019-01-10 08:00:00", dateGMT: "2019-01-10 16:00:00", content: "Gone."},
			{id: 113, typ: "post", status: "publish", title: "Members: exercise videos", name: "members-exercise-videos", creator: "mreyes",
				password: "spine", link: siteURL + "/2023/04/03/members-exercise-videos/", date: "2023-04-03 10:00:00",
				dateGMT: "2023-04-03 17:00:00", content: "For patients only.", terms: []Term{{"category", "treatments", "Treatments"}}},
			{id: 114, typ: "page", status: "draft", title: "New services", name: "", creator: "webeditor",
				link: siteURL + "/?page_id=114", date: "2024-09-01 10:00:00", dateGMT: "0000-00-00 00:00:00", content: "Coming soon."},
			attachment(115, 107, "Intake checklist", "2023/02/intake-checklist.pdf", ""),
			{id: 116, typ: "post", status: "pending", title: "", name: "", creator: "jpark", link: siteURL + "/?p=116",
				date: "2024-09-02 10:00:00", dateGMT: "0000-00-00 00:00:00", content: "Notes on <em>heat</em> and ice for sore backs."},
			{id: 300, typ: "wp_block", status: "publish", title: "Call to action", name: "call-to-action", creator: "webeditor",
				link: siteURL + "/?p=300", date: "2020-01-01 10:00:00", dateGMT: "2020-01-01 18:00:00",
				content: "<!-- wp:paragraph -->\n<p><strong>Call us</strong> at 555-0100 to book.</p>\n<!-- /wp:paragraph -->"},
			other(200, "nav_menu_item"), other(201, "nav_menu_item"), other(202, "wp_navigation"),
			other(203, "testimonial"), other(204, "wp_global_styles"),
		},
	}
}

func attachment(id, parent int, title, file, alt string, sizes ...string) wxrItem {
	meta := []Meta{{"_wp_attached_file", file}, {"_wp_attachment_metadata", attachmentMetadata(file, sizes)}}
	if alt != "" {
		meta = append(meta, Meta{"_wp_attachment_image_alt", alt})
	}
	return wxrItem{id: id, parent: parent, typ: "attachment", status: "inherit", title: title,
		name: strings.ToLower(strings.ReplaceAll(title, " ", "-")), creator: "mreyes",
		link: siteURL + "/?attachment_id=" + fmt.Sprint(id), date: "2020-06-20 10:00:00", dateGMT: "2020-06-20 17:00:00",
		attachmentURL: siteURL + "/wp-content/uploads/" + file, meta: meta}
}

// attachmentMetadata writes _wp_attachment_metadata as PHP serializes it.
func attachmentMetadata(file string, sizes []string) string {
	str := func(s string) string { return fmt.Sprintf("s:%d:\"%s\";", len(s), s) }
	base := file[strings.LastIndexByte(file, '/')+1:]
	dot := strings.LastIndexByte(base, '.')
	var b strings.Builder
	fmt.Fprintf(&b, "a:5:{%si:2000;%si:1333;%s%s%si:412345;%sa:%d:{", str("width"), str("height"), str("file"), str(file),
		str("filesize"), str("sizes"), len(sizes))
	for _, s := range sizes {
		fmt.Fprintf(&b, "%sa:3:{%s%s%s%s%s}", str("size-"+s), str("file"), str(base[:dot]+"-"+s+base[dot:]),
			str("mime-type"), str("image/jpeg"), str("filesize")+"i:15000;")
	}
	b.WriteString("}" + str("image_meta") + "a:0:{}}")
	return b.String()
}

func page(id, parent int, title, name, path, content string) wxrItem {
	return wxrItem{id: id, parent: parent, typ: "page", status: "publish", title: title, name: name, creator: "webeditor",
		link: siteURL + path, date: "2020-01-15 10:00:00", dateGMT: "2020-01-15 18:00:00", modified: "2024-02-01 09:00:00", modifiedGMT: "2024-02-01 17:00:00",
		content: content}
}

func other(id int, typ string) wxrItem {
	return wxrItem{id: id, typ: typ, status: "publish", title: fmt.Sprintf("%s %d", typ, id), creator: "webeditor",
		link: siteURL + fmt.Sprintf("/?p=%d", id), date: "2020-01-01 10:00:00", dateGMT: "2020-01-01 18:00:00"}
}

// acupuncturePost is written with the block editor, with blocks of many
// kinds, a code sample holding "]]>", and two comments.
func acupuncturePost() wxrItem {
	return wxrItem{id: 101, typ: "post", status: "publish", title: "Acupuncture for chronic back pain",
		name: "acupuncture-for-chronic-back-pain", creator: "mreyes",
		link: siteURL + "/2020/06/22/acupuncture-for-chronic-back-pain/", date: "2020-06-22 09:00:00",
		dateGMT: "2020-06-22 16:00:00", modified: "2024-03-05 10:15:00", modifiedGMT: "2024-03-05 18:15:00",
		terms: []Term{{"category", "back-pain", "Back Pain"}, {"category", "sciatica", "Sciatica"},
			{"post_tag", "exercise", "Exercise"}, {"post_tag", "%c3%bcbungen", "Übungen"}},
		meta: []Meta{{"_edit_last", "2"}, {"_thumbnail_id", "100"}, {"_yoast_wpseo_primary_category", "2"},
			{"_yoast_wpseo_metadesc", "What research says about acupuncture for chronic low back pain."}},
		comments: 2,
		content:  acupunctureContent,
	}
}

const acupunctureContent = `<!-- wp:paragraph -->
<p>Acupuncture is one of the oldest treatments for pain. <strong>Several trials</strong> have found a <em>modest</em> benefit for chronic low back pain; see also <a href="https://cascadespine.example/2021/09/14/pilates-for-back-pain/">Pilates for back pain</a>.</p>
<!-- /wp:paragraph -->

<!-- wp:heading -->
<h2 class="wp-block-heading">What the research says</h2>
<!-- /wp:heading -->

<!-- wp:heading {"level":3} -->
<h3 class="wp-block-heading" id="how-it-works">How it works</h3>
<!-- /wp:heading -->

<!-- wp:image {"id":100,"sizeSlug":"large","linkDestination":"media"} -->
<figure class="wp-block-image size-large"><a href="https://cascadespine.example/wp-content/uploads/2020/06/spine-model.jpg"><img src="https://cascadespine.example/wp-content/uploads/2020/06/spine-model-1024x683.jpg" alt="" class="wp-image-100"/></a><figcaption class="wp-element-caption">The lower back has five <em>lumbar</em> vertebrae.</figcaption></figure>
<!-- /wp:image -->

<!-- wp:list -->
<ul class="wp-block-list"><!-- wp:list-item -->
<li>Fine needles at set points<!-- wp:list {"ordered":true} -->
<ol class="wp-block-list"><!-- wp:list-item -->
<li>first visit</li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>follow-up</li>
<!-- /wp:list-item --></ol>
<!-- /wp:list --></li>
<!-- /wp:list-item -->

<!-- wp:list-item -->
<li>Sessions of 20–30 minutes</li>
<!-- /wp:list-item --></ul>
<!-- /wp:list -->

<!-- wp:quote -->
<blockquote class="wp-block-quote"><!-- wp:paragraph -->
<p>Most patients felt little or no pain from the needles.</p>
<!-- /wp:paragraph --><cite>Dr. María Reyes</cite></blockquote>
<!-- /wp:quote -->

<!-- wp:separator -->
<hr class="wp-block-separator has-alpha-channel-opacity"/>
<!-- /wp:separator -->

<!-- wp:table -->
<figure class="wp-block-table"><table><thead><tr><th>Treatment</th><th>Sessions</th></tr></thead><tbody><tr><td>Acupuncture</td><td>6–12</td></tr><tr><td>Massage | stretching</td><td>4</td></tr></tbody></table><figcaption class="wp-element-caption">Typical courses</figcaption></figure>
<!-- /wp:table -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=jppZxO4z7Kd","type":"video","providerNameSlug":"youtube","responsive":true,"className":"wp-embed-aspect-16-9 wp-has-aspect-ratio"} -->
<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=jppZxO4z7Kd
</div><figcaption class="wp-element-caption">What happens at a visit</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:buttons -->
<div class="wp-block-buttons"><!-- wp:button -->
<div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="/about-us/team/">Meet the team</a></div>
<!-- /wp:button --></div>
<!-- /wp:buttons -->

<!-- wp:columns -->
<div class="wp-block-columns"><!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>Left: what to expect</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column -->

<!-- wp:column -->
<div class="wp-block-column"><!-- wp:paragraph -->
<p>Right: what it costs</p>
<!-- /wp:paragraph --></div>
<!-- /wp:column --></div>
<!-- /wp:columns -->

<!-- wp:code -->
<pre class="wp-block-code"><code>if (scores[visit[0]]> 3) { refer(); }</code></pre>
<!-- /wp:code -->

<!-- wp:html -->
<iframe src="https://www.google.com/maps/embed?pb=bellevue" width="600" height="450" title="Map of the Bellevue clinic"></iframe>
<script>trackVisit()</script>
<!-- /wp:html -->

<!-- wp:block {"ref":300} /-->

<!-- wp:latest-posts {"postsToShow":3} /-->

<!-- wp:paragraph -->
<p>Source: <img src="https://images.example.org/chart.png" alt="Chart of results"> — 1. a chart from elsewhere.</p>
<!-- /wp:paragraph -->`

// pilatesPost is written with the classic editor: paragraphs without
// <p>, line breaks, and shortcodes.
func pilatesPost() wxrItem {
	return wxrItem{id: 102, typ: "post", status: "publish", title: "Pilates &amp; your back", name: "pilates-for-back-pain",
		creator: "jpark", link: siteURL + "/2021/09/14/pilates-for-back-pain/", date: "2021-09-14 08:00:00",
		dateGMT: "2021-09-14 15:00:00", excerpt: "How Pilates can help &amp; how to start.",
		terms: []Term{{"category", "uncategorized", "Uncategorized"}, {"category", "treatments", "Treatments"},
			{"post_tag", "exercise", "Exercise"}, {"post_tag", "posture", "Posture"}},
		meta:    []Meta{{"_thumbnail_id", "104"}},
		content: pilatesContent,
	}
}

const pilatesContent = `Pilates strengthens the deep muscles that support your spine.
Many of our patients start with a beginner class.

[caption id="attachment_103" align="aligncenter" width="300"]<a href="https://cascadespine.example/wp-content/uploads/2021/03/pilates-class-scaled.jpg"><img class="size-medium wp-image-103" src="https://cascadespine.example/wp-content/uploads/2021/03/pilates-class-300x200.jpg" alt="A Pilates class" width="300" height="200" /></a> A beginner class at our Kirkland clinic[/caption]

<h2>Getting started</h2>
<ul>
	<li>Tell the instructor about your back.</li>
	<li>Start <strong>slowly</strong>.</li>
</ul>
[gallery ids="100,103"]

[embed]https://youtu.be/bO5FeYx9pM5[/embed]

https://vimeo.com/76979871

Book online or use the form below.

[contact-form-7 id="7" title="Contact form 1"]

To show a gallery, WordPress authors type [[gallery]].

<!--more-->

Übungen für den Rücken: Brücke, Katze-Kuh. 日本語のテキスト 🧘`
