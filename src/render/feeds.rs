//! Documents for machines rather than readers: the Atom feed of articles,
//! the sitemap, and robots.txt. Built from the live site only, so drafts
//! and scheduled posts never appear in them.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

use super::languages::{Addresses, Edition};
use crate::content::model::{Site, Therapist};
use crate::urls::{Paths, SiteUrls, routes};

/// Articles in the feed. Feed readers poll often and keep what they have
/// seen, so the newest are enough; all of a large archive in full would be
/// megabytes for every poll.
pub const FEED_ENTRIES: usize = 20;

/// `/feed.xml` (and `/es/feed.xml`): one language's newest published
/// articles in full, newest first (RFC 4287). `author_of` finds a post's
/// author, with the paths of the language their profile is in.
pub fn atom<'a>(
    site: &Site,
    urls: &SiteUrls,
    paths: &Paths,
    author_of: &dyn Fn(&str) -> Option<(&'a Therapist, &'a Paths)>,
) -> String {
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
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"{home}\" xml:lang=\"{language}\">\n\
         <title>{title}</title>\n<subtitle>{subtitle}</subtitle>\n\
         <link href=\"{feed}\" rel=\"self\" type=\"application/atom+xml\"/>\n\
         <link href=\"{home}\" rel=\"alternate\" type=\"text/html\"/>\n\
         <id>{home}</id>\n<updated>{updated}</updated>",
        home = escape(&urls.absolute(&paths.home())),
        language = site.language(),
        feed = escape(&urls.absolute(&paths.feed())),
        title = escape(&settings.name),
        subtitle = escape(&settings.tagline),
        updated = at(updated),
    );
    for post in site.posts.iter().take(FEED_ENTRIES) {
        let url = urls.absolute(&paths.post(&post.slug));
        let author = author_of(&post.author);
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
            author = escape(author.map_or("", |(therapist, _)| therapist.name.as_str())),
            author_url = escape(&author.map_or_else(String::new, |(therapist, paths)| {
                urls.absolute(&paths.therapist(&therapist.slug))
            })),
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

/// `/sitemap.xml`: every page of every language, each with its
/// translations as `xhtml:link` alternates (the way search engines read
/// them from a sitemap), and when it last changed where that is known.
pub fn sitemap(editions: &[Edition<'_>], urls: &SiteUrls, addresses: &Addresses) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (index, edition) in editions.iter().enumerate() {
        for (path, modified) in sitemap_entries(edition.site, urls, &edition.paths) {
            let _ = write!(xml, "<url><loc>{}</loc>", escape(&urls.absolute(&path)));
            if let Some(day) = modified {
                let _ = write!(xml, "<lastmod>{day}</lastmod>");
            }
            let alternates = addresses.alternates(index, &path);
            for (language, href) in &alternates {
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"{language}\" href=\"{}\"/>",
                    escape(&urls.absolute(href))
                );
            }
            if let Some((_, href)) = alternates.first() {
                let _ = write!(
                    xml,
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    escape(&urls.absolute(href))
                );
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// One language's pages for the sitemap, with their last changes.
fn sitemap_entries(site: &Site, urls: &SiteUrls, paths: &Paths) -> Vec<(String, Option<Date>)> {
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
            site.therapists
                .iter()
                .filter_map(|t| t.updated.or(t.modified))
                .max(),
        ),
        (
            paths.services(),
            site.services
                .iter()
                .filter_map(|s| s.updated.or(s.modified))
                .max(),
        ),
    ];
    // The form is listed where it is answered: on this server, not on a
    // static host (whether another server answers it or none does).
    if !urls.forms_elsewhere() && !urls.calls_only {
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
        entries.push((
            paths.therapist(&therapist.slug),
            therapist.updated.or(therapist.modified),
        ));
    }
    for service in &site.services {
        entries.push((
            paths.service(&service.slug),
            service.updated.or(service.modified),
        ));
    }
    for page in &site.pages {
        entries.push((paths.page(&page.slug), page.updated.or(page.modified)));
    }
    for notice in super::notices::Notice::of(&site.settings) {
        entries.push((notice.path(paths), None));
    }
    entries
}

/// `/robots.txt`: everything may be indexed but the pages that follow a
/// sent form (one of each per language) and the coordinator's calendar
/// feed, and the sitemap says what there is.
pub fn robots(urls: &SiteUrls, editions: &[Edition<'_>]) -> String {
    let mut text = String::from("User-agent: *\n");
    // The feed's address is a secret and linked from nowhere; this is for
    // a crawler that learns it anyway (from a calendar shared by mistake).
    let _ = writeln!(text, "Disallow: {}", crate::urls::CALENDAR_FEEDS);
    for edition in editions {
        let _ = writeln!(text, "Disallow: {}", edition.paths.consultation_thanks());
        let _ = writeln!(
            text,
            "Disallow: {}",
            edition.paths.consultation_booked_page()
        );
    }
    let _ = write!(text, "\nSitemap: {}\n", urls.absolute(routes::SITEMAP));
    text
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
