//! Documents for machines rather than readers: the Atom feed of articles,
//! the sitemap, and robots.txt. Built from the live site only, so drafts
//! and scheduled posts never appear in them.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

use crate::content::model::Site;
use crate::urls::{Paths, SiteUrls, routes};

/// Articles in the feed. Feed readers poll often and keep what they have
/// seen, so the newest are enough; all of a large archive in full would be
/// megabytes for every poll.
pub const FEED_ENTRIES: usize = 20;

/// `/feed.xml`: the newest published articles in full, newest first (RFC 4287).
pub fn atom(site: &Site, urls: &SiteUrls, paths: &Paths) -> String {
    let settings = &site.settings;
    let at = |moment: DateTime| -> String {
        settings
            .timezone
            .to_timestamp(moment)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_string()
    };
    let midnight = |day: Date| day.to_datetime(Time::midnight());
    let updated = site
        .posts
        .iter()
        .map(|post| {
            post.updated
                .map_or(post.publish_at, midnight)
                .max(post.publish_at)
        })
        .max()
        .unwrap_or_else(|| midnight(Date::constant(2026, 1, 1)));

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"{home}\">\n\
         <title>{title}</title>\n<subtitle>{subtitle}</subtitle>\n\
         <link href=\"{feed}\" rel=\"self\" type=\"application/atom+xml\"/>\n\
         <link href=\"{home}\" rel=\"alternate\" type=\"text/html\"/>\n\
         <id>{home}</id>\n<updated>{updated}</updated>",
        home = escape(&urls.absolute(&paths.home())),
        feed = escape(&urls.absolute(&paths.feed())),
        title = escape(&settings.name),
        subtitle = escape(&settings.tagline),
        updated = at(updated),
    );
    for post in site.posts.iter().take(FEED_ENTRIES) {
        let url = urls.absolute(&paths.post(&post.slug));
        let author = site.therapist(&post.author);
        let _ = writeln!(
            xml,
            "<entry>\n<title>{title}</title>\n\
             <link href=\"{url}\" rel=\"alternate\" type=\"text/html\"/>\n<id>{url}</id>\n\
             <published>{published}</published>\n<updated>{updated}</updated>\n\
             <author><name>{author}</name><uri>{author_url}</uri></author>",
            title = escape(&post.title),
            url = escape(&url),
            published = at(post.publish_at),
            updated = at(post
                .updated
                .map_or(post.publish_at, midnight)
                .max(post.publish_at)),
            author = escape(author.map_or("", |therapist| therapist.name.as_str())),
            author_url = escape(&urls.absolute(&paths.therapist(&post.author))),
        );
        for tag in &post.tags {
            let _ = writeln!(
                xml,
                "<category term=\"{}\" label=\"{}\"/>",
                escape(&tag.slug),
                escape(&tag.name)
            );
        }
        let _ = writeln!(
            xml,
            "<summary>{}</summary>\n<content type=\"html\">{}</content>\n</entry>",
            escape(&post.summary),
            escape(&post.body.html)
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// `/sitemap.xml`: every public page with the day it last changed. The
/// consultation page is left out when another server answers it, since a
/// sitemap may only list addresses of its own site.
pub fn sitemap(site: &Site, urls: &SiteUrls, paths: &Paths) -> String {
    let newest = site
        .posts
        .iter()
        .map(|post| post.updated.unwrap_or(post.date).max(post.date))
        .max();
    let mut entries: Vec<(String, Option<Date>)> = vec![
        (paths.home(), newest),
        (paths.blog(), newest),
        (
            paths.team(),
            site.therapists.iter().filter_map(|t| t.modified).max(),
        ),
        (
            paths.services(),
            site.services.iter().filter_map(|s| s.modified).max(),
        ),
    ];
    if !urls.forms_elsewhere() {
        entries.push((paths.consultation(), None));
    }
    for post in &site.posts {
        entries.push((
            paths.post(&post.slug),
            Some(post.updated.unwrap_or(post.date).max(post.date)),
        ));
    }
    for tag in &site.tags {
        let latest = tag.posts.first().map(|&index| site.posts[index].date);
        entries.push((paths.tag(&tag.tag.slug), latest));
    }
    for therapist in &site.therapists {
        entries.push((paths.therapist(&therapist.slug), therapist.modified));
    }
    for service in &site.services {
        entries.push((paths.service(&service.slug), service.modified));
    }
    for page in &site.pages {
        entries.push((paths.page(&page.slug), page.modified));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, modified) in entries {
        let _ = write!(xml, "<url><loc>{}</loc>", escape(&urls.absolute(&path)));
        if let Some(day) = modified {
            let _ = write!(xml, "<lastmod>{day}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `/robots.txt`: everything may be indexed but the thank-you page, and
/// the sitemap says what there is.
pub fn robots(urls: &SiteUrls, paths: &Paths) -> String {
    format!(
        "User-agent: *\nDisallow: {}\n\nSitemap: {}\n",
        paths.consultation_thanks(),
        urls.absolute(routes::SITEMAP)
    )
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}
