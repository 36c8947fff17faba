//! Turns a loaded [`Site`] into finished HTML, once, at start or reload:
//! serving a page is then a map lookup, and a template that fails to render
//! stops the start instead of showing a visitor a bare error.
//!
//! The team page with filters applied is the one page rendered per request,
//! since its query combinations are too many to render ahead.

pub mod assets;
pub mod consultation;
pub mod feeds;
pub mod images;
pub mod page;
pub mod structured;
pub mod views;

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;

use crate::content::model::{Format, Post, Site, TeamFilter};
use assets::Assets;
pub use page::{Encoding, Page};
use views::*;

/// Posts per page on /blog.
pub const POSTS_PER_PAGE: usize = 10;

/// Every page of the site as ready HTML.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Every page and document by request path, e.g. `/blog/grief-has-no-timeline`,
    /// `/blog/page/2`, `/feed.xml`.
    pub pages: HashMap<String, Page>,
    /// The designed page for each error status Hearth answers with.
    pub error_pages: HashMap<u16, Bytes>,
    /// The answer to a consultation form sent again with changes after it
    /// was stored (409): it has no address of its own, and is the same for
    /// every visitor, so it is made here with the thank-you page.
    pub already_received: Bytes,
}

/// The address of page `number` of the blog's list of articles. Paths, not
/// a query string, so a static host can serve every page of the list.
pub fn blog_page_path(number: usize) -> String {
    match number {
        1 => "/blog".to_owned(),
        _ => format!("/blog/page/{number}"),
    }
}

impl RenderedSite {
    /// Takes over the compressed forms of every page that is unchanged in
    /// `previous`, so a reload compresses only what changed.
    pub fn adopt_compressed(&mut self, previous: &RenderedSite) {
        for (path, page) in &mut self.pages {
            if let Some(old) = previous.pages.get(path) {
                page.adopt(old);
            }
        }
    }

    /// Compresses every page that is not compressed yet: gzip for all first,
    /// since it is quick and is what a page asked for early gets, then brotli.
    pub fn precompress(&self) {
        for page in self.pages.values().filter(|page| page.compresses()) {
            page.body(Encoding::Gzip);
        }
        for page in self.pages.values() {
            page.precompress_all();
        }
    }

    /// The designed page for `status` (the 500 page for any other status).
    pub fn error_page(&self, status: u16) -> Bytes {
        self.error_pages
            .get(&status)
            .or_else(|| self.error_pages.get(&500))
            .cloned()
            .unwrap_or_default()
    }
}

/// Every error status Hearth answers with a page: its heading and what to do.
/// `{phone}` is replaced by the practice's phone number.
const ERROR_PAGES: [(u16, &str, &str); 11] = [
    (
        400,
        "We could not read that request",
        "Something in the address or the form was not what we expected. Please go back and try again, or call us at {phone}.",
    ),
    (
        403,
        "That form was sent from another website",
        "For your safety we only accept the consultation form from our own pages. Please open our consultation page and send it from there, or call us at {phone}.",
    ),
    (
        404,
        "Page not found",
        "We could not find that page. It may have moved, or the address may have a typo.",
    ),
    (
        405,
        "That address cannot do that",
        "This address only shows a page. Please go back and follow the link again, or call us at {phone}.",
    ),
    (
        406,
        "We cannot send this page in a form your browser accepts",
        "We can send pages plain or compressed with gzip or brotli, and your browser said it takes none of these. Please try another browser, or call us at {phone}.",
    ),
    (
        408,
        "That took too long to reach us",
        "Your form did not arrive in time, so it has not been sent. Please check your connection and send it again, or call us at {phone}.",
    ),
    (
        413,
        "That was more than the form can take",
        "Please shorten your message and send it again, or call us at {phone} and tell us the rest.",
    ),
    (
        415,
        "We could not read that form",
        "Please send the consultation form from our consultation page, or call us at {phone}.",
    ),
    (
        429,
        "Too many requests for now",
        "We have received many requests from this connection in the last hour. Please call us at {phone} and our care coordinator will help you directly.",
    ),
    (
        500,
        "Something went wrong on our side",
        "Please try again in a moment. If it keeps happening, call us at {phone} and we will help.",
    ),
    (
        503,
        "We could not save your request",
        "Our website could not store your request just now, so it has not been sent. Please call us at {phone}, or try again in a few minutes.",
    ),
];

/// A template failed to render.
#[derive(Debug, thiserror::Error)]
#[error("rendering {path}: {source}")]
pub struct RenderError {
    pub path: String,
    #[source]
    pub source: askama::Error,
}

pub use crate::urls::SiteUrls;

/// Renders every page of `site`.
pub fn render_site(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
) -> Result<RenderedSite, RenderError> {
    render_with(site, urls, assets, None)
}

/// Renders a preview for editors (`hearth serve --dev`): drafts and
/// scheduled posts are included, each with a banner saying so.
pub fn render_preview(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
    now: jiff::Timestamp,
) -> Result<RenderedSite, RenderError> {
    render_with(site, urls, assets, Some(now))
}

fn render_with(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
    preview_at: Option<jiff::Timestamp>,
) -> Result<RenderedSite, RenderError> {
    let base_url = urls.base.as_str();
    let renderer = Renderer {
        site,
        urls,
        assets,
        preview_at,
    };
    let mut pages = HashMap::new();
    let mut add = |path: String, html: Result<String, RenderError>| -> Result<(), RenderError> {
        pages.insert(path, Page::new(html?));
        Ok(())
    };

    add("/".into(), renderer.home())?;
    for (index, post) in site.posts.iter().enumerate() {
        let path = format!("/blog/{}", post.slug);
        add(path.clone(), renderer.post(&path, index))?;
    }
    for tag in &site.tags {
        let path = format!("/blog/tags/{}", tag.tag.slug);
        let posts = tag.posts.iter().map(|&index| &site.posts[index]);
        add(path.clone(), renderer.tag(&path, &tag.tag.name, posts))?;
    }
    add("/therapists".into(), renderer.team(&TeamFilter::default()))?;
    for therapist in &site.therapists {
        let path = format!("/therapists/{}", therapist.slug);
        add(path.clone(), renderer.therapist(&path, &therapist.slug))?;
    }
    add("/services".into(), renderer.services())?;
    for service in &site.services {
        let path = format!("/services/{}", service.slug);
        add(path.clone(), renderer.service(&path, &service.slug))?;
    }
    for page in &site.pages {
        let path = format!("/{}", page.slug);
        add(path.clone(), renderer.page(&path, &page.slug))?;
    }

    let page_count = site.posts.len().div_ceil(POSTS_PER_PAGE).max(1);
    for number in 1..=page_count {
        add(blog_page_path(number), renderer.blog(number, page_count))?;
    }

    add("/consultation/thanks".into(), renderer.thanks())?;
    let error_pages = ERROR_PAGES
        .iter()
        .map(|(status, heading, message)| {
            let message = message.replace("{phone}", &site.settings.phone);
            Ok((
                *status,
                Bytes::from(renderer.error(*status, heading, &message)?),
            ))
        })
        .collect::<Result<_, RenderError>>()?;
    let documents = [
        (
            "/feed.xml",
            "application/atom+xml; charset=utf-8",
            feeds::atom(site, base_url),
        ),
        (
            "/sitemap.xml",
            "application/xml; charset=utf-8",
            feeds::sitemap(site, urls),
        ),
        (
            "/robots.txt",
            "text/plain; charset=utf-8",
            feeds::robots(base_url),
        ),
    ];
    for (path, content_type, body) in documents {
        pages.insert(path.to_owned(), Page::of_type(content_type, body.into()));
    }
    Ok(RenderedSite {
        pages,
        error_pages,
        already_received: renderer.already_received()?.into(),
    })
}

/// Renders the search page for a query and its results.
pub fn search_page(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
    query: &str,
    hits: &[crate::search::Hit],
) -> Result<String, RenderError> {
    let renderer = Renderer::live(site, urls, assets);
    let mut chrome = renderer.chrome(
        "/search",
        "Search",
        &format!(
            "Search the articles, services and therapists of {}.",
            site.settings.name
        ),
    );
    // Results pages are not for search engines, and carry what someone typed.
    chrome.canonical = None;
    let template = SearchTemplate {
        chrome,
        query: query.to_owned(),
        results: hits
            .iter()
            .map(|hit| SearchResult {
                url: hit.document.url.clone(),
                title: hit.document.title.clone(),
                kind: hit.document.kind,
                snippet: hit.snippet.clone(),
            })
            .collect(),
    };
    renderer.finish("/search", &template)
}

/// Renders the team page for a filter a visitor chose.
pub fn team_page(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
    filter: &TeamFilter,
) -> Result<String, RenderError> {
    Renderer::live(site, urls, assets).team(filter)
}

struct Renderer<'a> {
    site: &'a Site,
    urls: &'a SiteUrls,
    /// Fingerprinted URLs of the stylesheet and favicon.
    assets: &'a Assets,
    /// Set in preview: drafts and scheduled posts get a banner.
    preview_at: Option<jiff::Timestamp>,
}

impl<'a> Renderer<'a> {
    /// A renderer for the live site: no preview banners.
    fn live(site: &'a Site, urls: &'a SiteUrls, assets: &'a Assets) -> Renderer<'a> {
        Renderer {
            site,
            urls,
            assets,
            preview_at: None,
        }
    }

    fn chrome(&self, path: &str, title: &str, description: &str) -> Chrome {
        let settings = &self.site.settings;
        let section = path.split('/').nth(1).unwrap_or("");
        let full_title = if path == "/" {
            format!("{}: {}", settings.name, settings.tagline)
        } else {
            format!("{title} · {}", settings.name)
        };
        Chrome {
            title: full_title,
            description: truncate(description, 160),
            canonical: Some(format!("{}{}", self.urls.base, path)),
            practice: settings.name.clone(),
            nav: settings
                .nav
                .iter()
                .map(|item| NavLink {
                    label: item.label.clone(),
                    href: item.href.clone(),
                    current: item.href.trim_start_matches('/') == section,
                })
                .collect(),
            crisis: settings.crisis.clone(),
            phone: settings.phone.clone(),
            phone_href: settings.phone_href(),
            email: settings.coordinator.email.clone(),
            street: settings.address.street.clone(),
            locality: format!(
                "{}, {} {}",
                settings.address.city, settings.address.region, settings.address.postal_code
            ),
            hours: settings.hours.iter().map(hours_line).collect(),
            year: jiff::ZonedDateTime::now().year(),
            banner: None,
            forms: self.urls.forms.clone(),
            stylesheet: self.assets.url("/static/css/site.css"),
            favicon: self.assets.url("/static/favicon.svg"),
            share_title: title.to_owned(),
            share_type: "website",
            share_image: settings
                .social_image
                .as_ref()
                .map(|image| self.absolute_image(image)),
            json_ld: self.breadcrumbs(path, title),
        }
    }

    fn absolute_image(&self, image: &crate::content::model::Image) -> ImageView {
        ImageView::plain(
            format!("{}{}", self.urls.base, image.src),
            image.alt.clone(),
        )
    }

    /// BreadcrumbList for every page but the home page.
    fn breadcrumbs(&self, path: &str, title: &str) -> Vec<String> {
        if path == "/" {
            return Vec::new();
        }
        let url = |path: &str| format!("{}{}", self.urls.base, path);
        let mut trail = vec![("Home".to_owned(), url("/"))];
        let section = match path.split('/').nth(1).unwrap_or("") {
            "blog" if path != "/blog" && !path.starts_with("/blog?") => Some(("Articles", "/blog")),
            "therapists" if path != "/therapists" => Some(("Our therapists", "/therapists")),
            "services" if path != "/services" => Some(("Services", "/services")),
            _ => None,
        };
        if let Some((name, section_path)) = section {
            trail.push((name.to_owned(), url(section_path)));
        }
        trail.push((title.to_owned(), url(path)));
        vec![structured::block(&structured::breadcrumbs(&trail))]
    }

    fn finish(&self, path: &str, template: &impl Template) -> Result<String, RenderError> {
        template.render().map_err(|source| RenderError {
            path: path.to_owned(),
            source,
        })
    }

    fn home(&self) -> Result<String, RenderError> {
        let site = self.site;
        let settings = &site.settings;
        let mut chrome = self.chrome("/", &settings.name, &settings.description);
        chrome.json_ld.push(structured::block(&structured::practice(
            site,
            &self.urls.base,
        )));
        let template = HomeTemplate {
            chrome,
            tagline: settings.tagline.clone(),
            states: settings.state_names().join(", "),
            coordinator: settings.coordinator.name.clone(),
            services: site.services.iter().map(service_card).collect(),
            therapists: site
                .therapists
                .iter()
                .map(|therapist| therapist_card(therapist, self.assets))
                .collect(),
            posts: site
                .posts
                .iter()
                .take(3)
                .map(|post| post_card(site, post))
                .collect(),
        };
        self.finish("/", &template)
    }

    fn blog(&self, number: usize, page_count: usize) -> Result<String, RenderError> {
        let path = blog_page_path(number);
        let title = if number == 1 {
            "Articles".to_owned()
        } else {
            format!("Articles, page {number} of {page_count}")
        };
        let template = BlogTemplate {
            chrome: self.chrome(
                &path,
                &title,
                &format!(
                    "Articles on therapy, relationships, grief and growth from the therapists of {}{}.",
                    self.site.settings.name,
                    if number == 1 { String::new() } else { format!(", page {number}") }
                ),
            ),
            heading: title.clone(),
            posts: self
                .site
                .posts
                .iter()
                .skip((number - 1) * POSTS_PER_PAGE)
                .take(POSTS_PER_PAGE)
                .map(|post| post_card(self.site, post))
                .collect(),
            newer_url: (number > 1).then(|| blog_page_path(number - 1)),
            older_url: (number < page_count).then(|| blog_page_path(number + 1)),
            number,
            page_count,
        };
        self.finish(&path, &template)
    }

    fn post(&self, path: &str, index: usize) -> Result<String, RenderError> {
        let site = self.site;
        let post = &site.posts[index];
        let author = site
            .therapist(&post.author)
            .expect("authors are checked at load");
        let link = |post: &Post| PostLink {
            url: format!("/blog/{}", post.slug),
            title: post.title.clone(),
        };
        let mut chrome = self.chrome(path, &post.title, &post.summary);
        if let Some(now) = self.preview_at {
            let appears = site.settings.timezone.to_timestamp(post.publish_at).ok();
            chrome.banner = if post.draft {
                Some("Draft: this article is not on the live site.".to_owned())
            } else if appears.is_some_and(|at| at > now) {
                Some(format!(
                    "Scheduled: this article appears on the live site on {}.",
                    post.publish_at.strftime("%B %-d, %Y at %H:%M")
                ))
            } else {
                None
            };
        }
        chrome.share_type = "article";
        if let Some(image) = &post.image {
            chrome.share_image = Some(self.absolute_image(image));
        }
        chrome
            .json_ld
            .push(structured::block(&structured::blog_posting(
                post,
                site,
                &self.urls.base,
            )));
        if !post.body.faq.is_empty() {
            chrome
                .json_ld
                .push(structured::block(&structured::faq_page(&post.body.faq)));
        }
        let template = PostTemplate {
            chrome,
            card: post_card(site, post),
            review: post.review.as_ref().map(|review| ReviewView {
                by: review.by.clone(),
                on: DateView::new(review.on),
            }),
            updated: post
                .updated
                .filter(|updated| *updated > post.date)
                .map(DateView::new),
            words: post.body.word_count,
            image: post
                .image
                .as_ref()
                .map(|image| ImageView::new(image, self.assets)),
            body: Body::from_rendered(&post.body, true, self.assets),
            author: therapist_card(author, self.assets),
            consult_url: format!("{}/consultation?therapist={}", self.urls.forms, author.slug),
            related: site
                .related(index, 3)
                .into_iter()
                .map(|post| post_card(site, post))
                .collect(),
            newer: index.checked_sub(1).map(|newer| link(&site.posts[newer])),
            older: site.posts.get(index + 1).map(link),
        };
        self.finish(path, &template)
    }

    fn tag<'p>(
        &self,
        path: &str,
        name: &str,
        posts: impl Iterator<Item = &'p Post>,
    ) -> Result<String, RenderError> {
        let template = TagTemplate {
            chrome: self.chrome(
                path,
                &format!("Articles about {name}"),
                &format!(
                    "Articles about {name} from the therapists of {}.",
                    self.site.settings.name
                ),
            ),
            name: name.to_owned(),
            posts: posts.map(|post| post_card(self.site, post)).collect(),
        };
        self.finish(path, &template)
    }

    fn team(&self, filter: &TeamFilter) -> Result<String, RenderError> {
        let site = self.site;
        let therapists: Vec<TherapistCard> = site
            .therapists
            .iter()
            .filter(|therapist| filter.matches(therapist))
            .map(|therapist| therapist_card(therapist, self.assets))
            .collect();
        let mut specialties: Vec<&str> = site
            .therapists
            .iter()
            .flat_map(|therapist| therapist.specialties.iter().map(String::as_str))
            .collect();
        specialties.sort_unstable_by_key(|name| name.to_lowercase());
        specialties.dedup_by_key(|name| name.to_lowercase());
        let mut languages: Vec<&str> = site
            .therapists
            .iter()
            .flat_map(|therapist| therapist.languages.iter().map(String::as_str))
            .collect();
        languages.sort_unstable();
        languages.dedup();

        let template = TeamTemplate {
            chrome: self.chrome(
                "/therapists",
                "Our therapists",
                &format!(
                    "Meet the therapists of {}: their specialties, languages, and whether they are accepting new clients.",
                    site.settings.name
                ),
            ),
            filtered: !filter.is_empty(),
            total: site.therapists.len(),
            therapists,
            services: options(
                site.services
                    .iter()
                    .map(|service| (service.slug.as_str(), service.title.as_str())),
                &filter.service,
            ),
            specialties: options(specialties.iter().map(|name| (*name, *name)), &filter.specialty),
            formats: options(
                Format::ALL.iter().map(|format| (format.key(), format.label())),
                &filter.format,
            ),
            languages: options(languages.iter().map(|name| (*name, *name)), &filter.language),
            only_accepting: filter.only_accepting(),
        };
        self.finish("/therapists", &template)
    }

    fn therapist(&self, path: &str, slug: &str) -> Result<String, RenderError> {
        let site = self.site;
        let therapist = site.therapist(slug).expect("slug comes from the site");
        let card = therapist_card(therapist, self.assets);
        let mut chrome = self.chrome(
            path,
            &format!("{}, {}", therapist.name, therapist.credentials),
            &format!(
                "{}, {}: {}.",
                therapist.name, therapist.title, therapist.bio.first_paragraph
            ),
        );
        if self.preview_at.is_some() && therapist.draft {
            chrome.banner = Some("Draft: this profile is not on the live site.".to_owned());
        }
        chrome.share_type = "profile";
        if let Some(photo) = &therapist.photo {
            chrome.share_image = Some(self.absolute_image(photo));
        }
        chrome.json_ld.push(structured::block(&structured::person(
            therapist,
            &self.urls.base,
        )));
        let template = TherapistTemplate {
            chrome,
            license_line: therapist.license_line(),
            bio: self.assets.with_pictures(&therapist.bio.html),
            specialties: therapist.specialties.clone(),
            approaches: therapist.approaches.clone(),
            languages: therapist.languages.join(", "),
            services: therapist
                .services
                .iter()
                .filter_map(|slug| site.service(slug))
                .map(service_card)
                .collect(),
            posts: site
                .posts_by(&therapist.slug)
                .map(|post| post_card(site, post))
                .collect(),
            consult_url: format!(
                "{}/consultation?therapist={}",
                self.urls.forms, therapist.slug
            ),
            card,
        };
        self.finish(path, &template)
    }

    fn services(&self) -> Result<String, RenderError> {
        let template = ServicesTemplate {
            chrome: self.chrome(
                "/services",
                "Services",
                &format!(
                    "How {} can help: individual, couples, family and group therapy.",
                    self.site.settings.name
                ),
            ),
            services: self.site.services.iter().map(service_card).collect(),
        };
        self.finish("/services", &template)
    }

    fn service(&self, path: &str, slug: &str) -> Result<String, RenderError> {
        let site = self.site;
        let service = site.service(slug).expect("slug comes from the site");
        let template = ServiceTemplate {
            chrome: self.chrome(path, &service.title, &service.summary),
            title: service.title.clone(),
            summary: service.summary.clone(),
            body: Body::from_rendered(&service.body, false, self.assets),
            therapists: site
                .therapists_offering(slug)
                .map(|therapist| therapist_card(therapist, self.assets))
                .collect(),
        };
        self.finish(path, &template)
    }

    fn page(&self, path: &str, slug: &str) -> Result<String, RenderError> {
        let page = self.site.page(slug).expect("slug comes from the site");
        let mut chrome = self.chrome(path, &page.title, &page.summary);
        if self.preview_at.is_some() && page.draft {
            chrome.banner = Some("Draft: this page is not on the live site.".to_owned());
        }
        if !page.body.faq.is_empty() {
            chrome
                .json_ld
                .push(structured::block(&structured::faq_page(&page.body.faq)));
        }
        let template = PageTemplate {
            chrome,
            title: page.title.clone(),
            body: Body::from_rendered(&page.body, true, self.assets),
        };
        self.finish(path, &template)
    }

    fn thanks(&self) -> Result<String, RenderError> {
        let template = ThanksTemplate {
            chrome: self.chrome(
                "/consultation/thanks",
                "Thank you: we received your request",
                "Your consultation request arrived.",
            ),
            coordinator: self.site.settings.coordinator.name.clone(),
        };
        self.finish("/consultation/thanks", &template)
    }

    fn already_received(&self) -> Result<String, RenderError> {
        let mut chrome = self.chrome(
            "/consultation",
            "We already have your request",
            "Your consultation request arrived earlier.",
        );
        // It answers a post, not an address of its own.
        chrome.canonical = None;
        let template = AlreadyReceivedTemplate {
            chrome,
            coordinator: self.site.settings.coordinator.name.clone(),
        };
        self.finish("/consultation", &template)
    }

    fn error(&self, status: u16, heading: &str, message: &str) -> Result<String, RenderError> {
        let mut chrome = self.chrome("/", heading, message);
        // Error pages answer many addresses: they must not claim one as canonical.
        chrome.canonical = None;
        let template = ErrorTemplate {
            chrome,
            status,
            heading: heading.to_owned(),
            message: message.to_owned(),
        };
        self.finish(&format!("({status} page)"), &template)
    }
}

/// Choices for a `<select>`, with the visitor's current choice marked.
fn options<'a>(
    choices: impl Iterator<Item = (&'a str, &'a str)>,
    selected: &str,
) -> Vec<SelectOption> {
    choices
        .map(|(value, label)| SelectOption {
            value: value.to_owned(),
            label: label.to_owned(),
            selected: value.eq_ignore_ascii_case(selected),
        })
        .collect()
}

pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct ReviewView {
    pub by: String,
    pub on: DateView,
}

pub struct PostLink {
    pub url: String,
    pub title: String,
}

pub struct SearchResult {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub snippet: Vec<crate::search::SnippetPart>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate {
    chrome: Chrome,
    query: String,
    results: Vec<SearchResult>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate {
    chrome: Chrome,
    tagline: String,
    states: String,
    coordinator: String,
    services: Vec<ServiceCard>,
    therapists: Vec<TherapistCard>,
    posts: Vec<PostCard>,
}

#[derive(Template)]
#[template(path = "blog.html")]
struct BlogTemplate {
    chrome: Chrome,
    heading: String,
    posts: Vec<PostCard>,
    newer_url: Option<String>,
    older_url: Option<String>,
    number: usize,
    page_count: usize,
}

#[derive(Template)]
#[template(path = "post.html")]
struct PostTemplate {
    chrome: Chrome,
    card: PostCard,
    review: Option<ReviewView>,
    updated: Option<DateView>,
    words: usize,
    image: Option<ImageView>,
    body: Body,
    author: TherapistCard,
    consult_url: String,
    related: Vec<PostCard>,
    newer: Option<PostLink>,
    older: Option<PostLink>,
}

#[derive(Template)]
#[template(path = "tag.html")]
struct TagTemplate {
    chrome: Chrome,
    name: String,
    posts: Vec<PostCard>,
}

#[derive(Template)]
#[template(path = "team.html")]
struct TeamTemplate {
    chrome: Chrome,
    therapists: Vec<TherapistCard>,
    filtered: bool,
    total: usize,
    services: Vec<SelectOption>,
    specialties: Vec<SelectOption>,
    formats: Vec<SelectOption>,
    languages: Vec<SelectOption>,
    only_accepting: bool,
}

#[derive(Template)]
#[template(path = "therapist.html")]
struct TherapistTemplate {
    chrome: Chrome,
    card: TherapistCard,
    license_line: String,
    bio: String,
    specialties: Vec<String>,
    approaches: Vec<String>,
    languages: String,
    services: Vec<ServiceCard>,
    posts: Vec<PostCard>,
    consult_url: String,
}

#[derive(Template)]
#[template(path = "services.html")]
struct ServicesTemplate {
    chrome: Chrome,
    services: Vec<ServiceCard>,
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServiceTemplate {
    chrome: Chrome,
    title: String,
    summary: String,
    body: Body,
    therapists: Vec<TherapistCard>,
}

#[derive(Template)]
#[template(path = "page.html")]
struct PageTemplate {
    chrome: Chrome,
    title: String,
    body: Body,
}

#[derive(Template)]
#[template(path = "thanks.html")]
struct ThanksTemplate {
    chrome: Chrome,
    coordinator: String,
}

#[derive(Template)]
#[template(path = "consultation_received.html")]
struct AlreadyReceivedTemplate {
    chrome: Chrome,
    coordinator: String,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    chrome: Chrome,
    status: u16,
    heading: String,
    message: String,
}
