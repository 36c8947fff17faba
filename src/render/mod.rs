//! Turns a loaded [`Site`] into finished HTML, once, at start or reload:
//! serving a page is then a map lookup, and a template that fails to render
//! stops the start instead of showing a visitor a bare error.
//!
//! The team page with filters applied is the one page rendered per request,
//! since its query combinations are too many to render ahead.

pub mod assets;
pub mod booking;
pub mod consultation;
pub mod feeds;
pub mod images;
pub mod languages;
pub mod notices;
pub mod page;
pub mod staff;
pub mod structured;
pub mod views;

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use fluent_bundle::FluentValue;

use crate::content::model::{Format, PLANS, Post, Site, TeamFilter, state_name};
use crate::urls::{self, Paths, routes};
use assets::Assets;
use languages::{Addresses, Edition, page_subject};
pub use page::{Encoding, Page};
use views::*;

/// Every page of the site as ready HTML.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Every page and document of every language by request path, e.g.
    /// `/blog/grief-has-no-timeline`, `/es/blog/page/2`, `/feed.xml`.
    pub pages: HashMap<String, Page>,
    /// What each language has besides its pages, in the order `site.yaml`
    /// lists the languages: the default language first.
    pub editions: Vec<RenderedEdition>,
    /// Every page's address in every language, for the pages made per request.
    pub addresses: Addresses,
}

/// What a language of the site has besides its pages.
#[derive(Debug, Clone)]
pub struct RenderedEdition {
    /// The addresses the language's pages were rendered at, for handlers
    /// that look a page up or send a visitor to one.
    pub paths: Paths,
    /// The designed page for each error status Hearth answers with.
    pub error_pages: HashMap<u16, Bytes>,
    /// The answer to a consultation form sent again with changes after it
    /// was stored (409): it has no address of its own, and is the same for
    /// every visitor, so it is made here with the thank-you page.
    pub already_received: Bytes,
}

impl RenderedSite {
    /// Which language a path is in, as its place in [`RenderedSite::editions`]:
    /// the translation whose prefix it starts with, else the default (0).
    pub fn edition_of(&self, path: &str) -> usize {
        (self.editions.iter().skip(1))
            .position(|edition| {
                let prefix = edition.paths.prefix();
                path == prefix || is_under(path, prefix)
            })
            .map_or(0, |index| index + 1)
    }

    /// Edition `edition`, or the default language's for a place it does not have.
    pub fn edition(&self, edition: usize) -> &RenderedEdition {
        self.editions.get(edition).unwrap_or(&self.editions[0])
    }

    /// The default language's paths.
    pub fn paths(&self) -> &Paths {
        &self.editions[0].paths
    }

    /// The designed page for `status` in the language of `path`.
    pub fn error_page_at(&self, path: &str, status: u16) -> Option<Bytes> {
        let edition = self.edition(self.edition_of(path));
        edition.error_pages.get(&status).cloned()
    }
}

/// What a page made per request (the form, the filtered team, search
/// results) is rendered from: the live site, every page's address in every
/// language, and which language this page is in.
pub struct PageContext<'a> {
    pub site: &'a Site,
    pub urls: &'a SiteUrls,
    pub assets: &'a Assets,
    pub addresses: &'a Addresses,
    /// The time it is rendered at, by the site's clock.
    pub now: jiff::Timestamp,
    /// The page's language: see [`RenderedSite::edition_of`].
    pub edition: usize,
}

impl PageContext<'_> {
    fn render<T>(&self, page: impl FnOnce(&Renderer<'_>) -> T) -> T {
        let editions = languages::editions(self.site);
        let edition = self.edition.min(editions.len() - 1);
        page(&Renderer::new(
            &editions,
            edition,
            self.addresses,
            self.urls,
            self.assets,
            self.now,
        ))
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

    /// The default language's designed page for `status` (the 500 page
    /// for any other status).
    pub fn error_page(&self, status: u16) -> Bytes {
        let pages = &self.editions[0].error_pages;
        (pages.get(&status).or_else(|| pages.get(&500)))
            .cloned()
            .unwrap_or_default()
    }
}

/// Every error status Hearth answers with a page. Its heading and what to
/// do are the catalog's `error-STATUS` and `error-STATUS-message`, with
/// the practice's phone number as `$phone`.
const ERROR_STATUSES: [u16; 11] = [400, 403, 404, 405, 406, 408, 413, 415, 429, 500, 503];

/// A template failed to render.
#[derive(Debug, thiserror::Error)]
#[error("rendering {path}: {source}")]
pub struct RenderError {
    pub path: String,
    #[source]
    pub source: askama::Error,
}

pub use crate::urls::SiteUrls;

/// Renders every page of `site` as it is at `now` (the year in the
/// footer, say), by the site's clock rather than the system's.
pub fn render_site(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
    now: jiff::Timestamp,
) -> Result<RenderedSite, RenderError> {
    render_with(site, urls, assets, now, false)
}

/// Renders a preview for editors (`hearth serve --dev`): drafts and
/// scheduled posts are included, each with a banner saying so.
pub fn render_preview(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
    now: jiff::Timestamp,
) -> Result<RenderedSite, RenderError> {
    render_with(site, urls, assets, now, true)
}

fn render_with(
    site: &Site,
    urls: &SiteUrls,
    assets: &Assets,
    now: jiff::Timestamp,
    preview: bool,
) -> Result<RenderedSite, RenderError> {
    let editions = languages::editions(site);
    let addresses = Addresses::of(&editions);
    let mut pages = HashMap::new();
    let mut rendered_editions = Vec::with_capacity(editions.len());
    for index in 0..editions.len() {
        let mut renderer = Renderer::new(&editions, index, &addresses, urls, assets, now);
        renderer.preview = preview;
        rendered_editions.push(renderer.edition(&mut pages)?);
    }
    let documents = [
        (
            routes::SITEMAP.to_owned(),
            "application/xml; charset=utf-8",
            feeds::sitemap(&editions, urls, &addresses),
        ),
        (
            routes::ROBOTS.to_owned(),
            "text/plain; charset=utf-8",
            feeds::robots(urls, &editions),
        ),
    ];
    for (path, content_type, body) in documents {
        pages.insert(path, Page::of_type(content_type, body.into()));
    }
    Ok(RenderedSite {
        pages,
        editions: rendered_editions,
        addresses,
    })
}

/// Renders the search page for a query and its results.
pub fn search_page(
    context: &PageContext<'_>,
    query: &str,
    hits: &[crate::search::Hit],
) -> Result<String, RenderError> {
    context.render(|renderer| renderer.search(query, hits))
}

/// Renders the team page for a filter a visitor chose.
pub fn team_page(context: &PageContext<'_>, filter: &TeamFilter) -> Result<String, RenderError> {
    context.render(|renderer| renderer.team(filter))
}

struct Renderer<'a> {
    site: &'a Site,
    /// Every language of the site; `edition` is this one's place among them.
    editions: &'a [Edition<'a>],
    edition: usize,
    /// Every page's address in every language, for alternates and links.
    addresses: &'a Addresses,
    urls: &'a SiteUrls,
    /// Where every page is: the one source of the addresses in the pages,
    /// so a second language is a second `Paths`.
    paths: Paths,
    /// The fixed pages' addresses, made once from `paths` for every page's chrome.
    links: SiteLinks,
    /// Fingerprinted URLs of the stylesheet and favicon.
    assets: &'a Assets,
    /// The time the pages are rendered for, by the site's clock.
    now: jiff::Timestamp,
    /// Set in preview: drafts and scheduled posts get a banner.
    preview: bool,
}

/// Whether `path` is `section` or a page under it (`/blog/grief` is under
/// `/blog`; `/blogroll` is not).
/// `aria-current` for a link to `href` on the page at `path`: `page` when
/// it is this page, `true` when this page is in its section.
fn aria_current(path: &str, href: &str) -> Option<&'static str> {
    if path == href {
        Some("page")
    } else if is_under(path, href) {
        Some("true")
    } else {
        None
    }
}

/// Whether `path` is a page under `section`, not `section` itself.
fn is_under(path: &str, section: &str) -> bool {
    path.strip_prefix(section)
        .is_some_and(|rest| rest.starts_with('/'))
}

impl<'a> Renderer<'a> {
    /// A renderer for edition `edition` of the live site: no preview banners.
    fn new(
        editions: &'a [Edition<'a>],
        edition: usize,
        addresses: &'a Addresses,
        urls: &'a SiteUrls,
        assets: &'a Assets,
        now: jiff::Timestamp,
    ) -> Renderer<'a> {
        let Edition { site, paths } = &editions[edition];
        let mut links = SiteLinks::new(paths, urls);
        links.consultation =
            urls.consultation_link(&paths.consultation(), &site.settings.phone_href());
        // The footer's pages in this language, or else in the default one.
        let page = |key: &str| {
            (addresses.path(edition, &page_subject(key)))
                .unwrap_or(&Paths::root().page(key))
                .to_owned()
        };
        links.about = page("about");
        links.fees = page("fees");
        links.faq = page("faq");
        links.privacy = page("privacy");
        links.accessibility = page("accessibility");
        Renderer {
            site,
            editions,
            edition,
            addresses,
            urls,
            links,
            paths: paths.clone(),
            assets,
            now,
            preview: false,
        }
    }

    /// Renders every page of this edition into `pages`, and its error pages.
    fn edition(&self, pages: &mut HashMap<String, Page>) -> Result<RenderedEdition, RenderError> {
        let site = self.site;
        let paths = &self.paths;
        let mut add =
            |path: String, html: Result<String, RenderError>| -> Result<(), RenderError> {
                pages.insert(path, Page::new(html?));
                Ok(())
            };
        add(paths.home(), self.home())?;
        for (index, post) in site.posts.iter().enumerate() {
            let path = paths.post(&post.slug);
            add(path.clone(), self.post(&path, index))?;
        }
        for tag in &site.tags {
            let path = paths.tag(&tag.tag.slug);
            let posts = tag.posts.iter().map(|&index| &site.posts[index]);
            add(path.clone(), self.tag(&path, &tag.tag.name, posts))?;
        }
        add(paths.team(), self.team(&TeamFilter::default()))?;
        for therapist in &site.therapists {
            let path = paths.therapist(&therapist.slug);
            add(path.clone(), self.therapist(&path, &therapist.key))?;
        }
        add(paths.services(), self.services())?;
        for service in &site.services {
            let path = paths.service(&service.slug);
            add(path.clone(), self.service(&path, &service.key))?;
        }
        for page in &site.pages {
            let path = paths.page(&page.slug);
            add(path.clone(), self.page(&path, &page.key))?;
        }
        let page_count = site.posts.len().div_ceil(urls::POSTS_PER_BLOG_PAGE).max(1);
        for number in 1..=page_count {
            add(paths.blog_page(number), self.blog(number, page_count))?;
        }
        add(paths.consultation_thanks(), self.thanks())?;
        for notice in notices::Notice::of(&site.settings) {
            let path = notice.path(paths);
            add(path.clone(), self.notice(&path, notice))?;
        }
        pages.insert(
            paths.feed(),
            Page::of_type(
                "application/atom+xml; charset=utf-8",
                feeds::atom(site, self.urls, paths, &|key| self.therapist_anywhere(key)).into(),
            ),
        );
        let error_pages = ERROR_STATUSES
            .iter()
            .map(|status| Ok((*status, Bytes::from(self.error(*status)?))))
            .collect::<Result<_, RenderError>>()?;
        Ok(RenderedEdition {
            paths: paths.clone(),
            error_pages,
            already_received: self.already_received()?.into(),
        })
    }

    fn chrome(&self, path: &str, title: &str, description: &str) -> Chrome {
        let settings = &self.site.settings;
        let full_title = if path == self.links.home {
            format!("{}: {}", settings.name, settings.tagline)
        } else {
            format!("{title} · {}", settings.name)
        };
        let (alternates, x_default, switcher) = self.languages(path);
        Chrome {
            words: settings.catalogs[0].clone(),
            alternates,
            x_default,
            switcher,
            title: full_title,
            description: truncate(description, 160),
            canonical: Some(self.urls.absolute(path)),
            practice: settings.name.clone(),
            nav: self.nav(path),
            footer_pages: self.footer_pages(path),
            crisis: settings.crisis.clone(),
            phone: settings.phone.clone(),
            phone_href: settings.phone_href(),
            calls_only: self.urls.calls_only,
            email: settings.coordinator.email.clone(),
            street: settings.address.street.clone(),
            locality: format!(
                "{}, {} {}",
                settings.address.city, settings.address.region, settings.address.postal_code
            ),
            hours: (settings.hours.iter())
                .map(|hours| hours_line(hours, settings.catalog()))
                .collect(),
            city: settings.address.city.clone(),
            year: self.now.to_zoned_datetime(settings.timezone.clone()).year(),
            banner: None,
            links: self.links.clone(),
            stylesheet: self.assets.url(&urls::static_file(assets::STYLESHEET)),
            favicon: self.assets.url(&urls::static_file(assets::FAVICON)),
            share_title: title.to_owned(),
            share_type: "website",
            share_image: settings
                .social_image
                .as_ref()
                .map(|image| self.absolute_image(image)),
            json_ld: self.breadcrumbs(path, title),
            quick_exit: settings.quick_exit.as_ref().map(|href| QuickExit {
                href: href.clone(),
                script: self
                    .assets
                    .url(&urls::static_file(assets::QUICK_EXIT_SCRIPT)),
                explanation: self.paths.quick_exit(),
            }),
            assistance: (settings.language_assistance.iter())
                .map(|assistance| AssistanceLink {
                    code: assistance.code,
                    direction: assistance.direction(),
                    label: assistance.short,
                    href: format!("{}#{}", self.paths.language_assistance(), assistance.code),
                })
                .collect(),
        }
    }

    /// The default language's words, in which the content names languages.
    fn default_words(&self) -> &crate::i18n::Catalog {
        self.editions[0].site.settings.catalog()
    }

    /// A text as the page shows it: its photos in their sizes, its links
    /// leading to this language's pages where they exist.
    fn body(&self, rendered: &crate::content::markdown::Rendered, with_toc: bool) -> Body {
        let mut body = Body::from_rendered(rendered, with_toc, self.assets);
        if self.edition > 0 {
            body.html = self.addresses.localize_links(self.edition, &body.html);
        }
        body
    }

    fn absolute_image(&self, image: &crate::content::model::Image) -> ImageView {
        ImageView::plain(self.urls.absolute(&image.src), image.alt.clone())
    }

    /// BreadcrumbList for every page but the home page.
    fn breadcrumbs(&self, path: &str, title: &str) -> Vec<String> {
        let links = &self.links;
        if path == links.home {
            return Vec::new();
        }
        let url = |path: &str| self.urls.absolute(path);
        let words = self.site.settings.catalog();
        let mut trail = vec![(words.message("breadcrumb-home", &[]), url(&links.home))];
        let sections = [
            ("nav-blog", &links.blog),
            ("team-title", &links.team),
            ("nav-services", &links.services),
        ];
        if let Some((name, section_path)) = sections
            .into_iter()
            .find(|(_, section)| is_under(path, section))
        {
            trail.push((words.message(name, &[]), url(section_path)));
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
        let path = &self.links.home;
        let mut chrome = self.chrome(path, &settings.name, &settings.description);
        chrome.json_ld.push(structured::block(&structured::practice(
            site,
            self.urls,
            &self.paths,
        )));
        let template = HomeTemplate {
            chrome,
            tagline: settings.tagline.clone(),
            states: settings.state_names().join(", "),
            coordinator: settings.coordinator.name.clone(),
            services: self.service_cards(site.services.iter()),
            therapists: self.therapist_cards(site.therapists.iter()),
            posts: self.post_cards(site.posts.iter().take(3)),
        };
        self.finish(path, &template)
    }

    fn blog(&self, number: usize, page_count: usize) -> Result<String, RenderError> {
        let path = self.paths.blog_page(number);
        let words = self.site.settings.catalog();
        let args = [
            ("number", FluentValue::from(number)),
            ("count", FluentValue::from(page_count)),
            (
                "practice",
                FluentValue::from(self.site.settings.name.as_str()),
            ),
        ];
        let (title, description) = if number == 1 {
            ("blog-title", "blog-description")
        } else {
            ("blog-page-title", "blog-page-description")
        };
        let title = words.message(title, &args);
        let template = BlogTemplate {
            chrome: self.chrome(&path, &title, &words.message(description, &args)),
            heading: title.clone(),
            page_label: words.message("blog-page", &args),
            posts: self.post_cards(
                self.site
                    .posts
                    .iter()
                    .skip((number - 1) * urls::POSTS_PER_BLOG_PAGE)
                    .take(urls::POSTS_PER_BLOG_PAGE),
            ),
            newer_url: (number > 1).then(|| self.paths.blog_page(number - 1)),
            older_url: (number < page_count).then(|| self.paths.blog_page(number + 1)),
            page_count,
        };
        self.finish(&path, &template)
    }

    fn post(&self, path: &str, index: usize) -> Result<String, RenderError> {
        let site = self.site;
        let post = &site.posts[index];
        let (author, author_paths) = self
            .therapist_anywhere(&post.author)
            .expect("authors are checked at load");
        let link = |post: &Post| PostLink {
            url: self.paths.post(&post.slug),
            title: post.title.clone(),
        };
        let mut chrome = self.chrome(path, &post.title, &post.summary);
        if self.preview {
            let now = self.now;
            let appears = site.settings.timezone.to_timestamp(post.publish_at).ok();
            chrome.banner = if post.draft {
                Some(site.settings.catalog().message("post-draft", &[]))
            } else if appears.is_some_and(|at| at > now) {
                let catalog = site.settings.catalog();
                let when = catalog.message(
                    "date-at-time",
                    &[
                        ("date", catalog.long_date(post.publish_at.date()).into()),
                        ("time", post.publish_at.strftime("%H:%M").to_string().into()),
                    ],
                );
                Some(catalog.message("scheduled-banner", &[("when", when.into())]))
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
                Some((author, author_paths)),
                self.urls,
                &self.paths,
            )));
        if !post.body.faq.is_empty() {
            chrome.json_ld.push(structured::block(&structured::faq_page(
                &post.body.faq,
                site.language(),
            )));
        }
        let catalog = site.settings.catalog();
        let template = PostTemplate {
            chrome,
            card: post_card(site, &self.paths, post, Some(author)),
            review: post.review.as_ref().map(|review| ReviewView {
                by: review.by.clone(),
                on: DateView::new(review.on, catalog),
            }),
            updated: post
                .updated
                .filter(|updated| *updated > post.date)
                .map(|updated| DateView::new(updated, catalog)),
            words: post.body.word_count,
            image: post
                .image
                .as_ref()
                .map(|image| ImageView::new(image, self.assets)),
            body: self.body(&post.body, true),
            author: self.therapist_card_from(author, author_paths),
            consult_url: self.consultation_with(&author.slug),
            related: self.post_cards(site.related(index, 3).into_iter()),
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
                &self.say("tag-title", &[("tag", name)]),
                &self.say(
                    "tag-description",
                    &[("tag", name), ("practice", &self.site.settings.name)],
                ),
            ),
            name: name.to_owned(),
            posts: self.post_cards(posts),
        };
        self.finish(path, &template)
    }

    fn team(&self, filter: &TeamFilter) -> Result<String, RenderError> {
        let site = self.site;
        let therapists = self.therapist_cards(
            site.therapists
                .iter()
                .filter(|therapist| filter.matches(therapist)),
        );
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
        let payments = || site.therapists.iter().map(|therapist| &therapist.payment);
        let plans = (PLANS.iter()).filter(|plan| payments().any(|payment| payment.takes(plan.key)));
        // Where a visitor will be matters only where the practice serves more than one state.
        let states = &site.settings.states;
        let state_choices = (states.len() > 1).then(|| {
            states
                .iter()
                .map(|code| (*code, state_name(code).unwrap_or(code)))
        });

        let path = &self.links.team;
        let words = site.settings.catalog();
        let mut chrome = self.chrome(
            path,
            &words.message("team-title", &[]),
            &self.say("team-description", &[("practice", &site.settings.name)]),
        );
        if !filter.is_empty() {
            // Each filtered page says what it shows, so its title differs.
            let filters = self.filter_names(filter).join(", ");
            let title = self.say("team-filtered-title", &[("filters", &filters)]);
            chrome.title = format!("{title} · {}", site.settings.name);
        }
        let total = FluentValue::from(site.therapists.len());
        let results_heading = if filter.is_empty() {
            words.message("team-all", &[("total", total)])
        } else {
            let count = FluentValue::from(therapists.len());
            words.message("team-matching", &[("count", count), ("total", total)])
        };
        let template = TeamTemplate {
            chrome,
            filtered: !filter.is_empty(),
            results_heading,
            therapists,
            services: options(
                site.services
                    .iter()
                    .map(|service| (service.slug.as_str(), service.title.as_str())),
                &filter.service,
            ),
            specialties: options(
                specialties.iter().map(|name| (*name, *name)),
                &filter.specialty,
            ),
            formats: options(
                (Format::ALL.iter())
                    .map(|format| (format.key(), words.message(format.label(), &[]))),
                &filter.format,
            ),
            languages: options(
                (languages.iter()).map(|name| (*name, words.spoken(name, self.default_words()))),
                &filter.language,
            ),
            only_accepting: filter.only_accepting(),
            states: state_choices
                .map(|choices| options(choices, filter.state.trim()))
                .unwrap_or_default(),
            plans: options(
                plans.map(|plan| (plan.key, plan.name)),
                filter.insurance.trim(),
            ),
            asks_max_fee: payments().any(|payment| !payment.fees.is_empty()),
            max_fee: (filter.max_fee().flatten())
                .map(|dollars| dollars.to_string())
                .unwrap_or_default(),
            asks_sliding_scale: payments().any(|payment| payment.sliding_scale),
            only_sliding_scale: filter.only_sliding_scale(),
        };
        self.finish(path, &template)
    }

    fn therapist(&self, path: &str, key: &str) -> Result<String, RenderError> {
        let site = self.site;
        let therapist = site.therapist(key).expect("the key comes from the site");
        let card = self.therapist_card_from(therapist, &self.paths);
        let mut chrome = self.chrome(
            path,
            &format!("{}, {}", therapist.name, therapist.credentials),
            &format!(
                "{}, {}: {}.",
                therapist.name, therapist.title, therapist.bio.first_paragraph
            ),
        );
        if self.preview && therapist.draft {
            chrome.banner = Some(site.settings.catalog().message("therapist-draft", &[]));
        }
        chrome.share_type = "profile";
        if let Some(photo) = &therapist.photo {
            chrome.share_image = Some(self.absolute_image(photo));
        }
        chrome.json_ld.push(structured::block(&structured::person(
            therapist,
            self.urls,
            &self.paths,
        )));
        let words = site.settings.catalog();
        let licenses = (therapist.licenses.iter())
            .map(|license| {
                let state = state_name(&license.state).unwrap_or(&license.state);
                words.message(
                    "fits-license-item",
                    &[
                        ("state", state.into()),
                        ("number", license.number.as_str().into()),
                    ],
                )
            })
            .collect();
        // Where they can see someone online: the states of their licenses
        // that the practice serves.
        let online_states = if therapist.formats.contains(&Format::Online) {
            let names: Vec<String> = (therapist.serves.iter())
                .filter_map(|code| state_name(code))
                .map(str::to_owned)
                .collect();
            words.list_and(&names)
        } else {
            String::new()
        };
        let template = TherapistTemplate {
            chrome,
            licenses,
            online_states,
            payment: PaymentView::new(&therapist.payment, words),
            license_line: therapist.license_line(site.settings.catalog()),
            bio: self.body(&therapist.bio, false).html,
            specialties: therapist.specialties.clone(),
            approaches: therapist.approaches.clone(),
            languages: (therapist.languages.iter())
                .map(|language| {
                    site.settings
                        .catalog()
                        .spoken(language, self.default_words())
                })
                .collect::<Vec<_>>()
                .join(", "),
            services: self.service_cards(
                therapist
                    .services
                    .iter()
                    .filter_map(|slug| site.service(slug)),
            ),
            posts: self.post_cards(site.posts_by(&therapist.key)),
            consult_url: self.consultation_with(&therapist.slug),
            card,
        };
        self.finish(path, &template)
    }

    fn services(&self) -> Result<String, RenderError> {
        let path = &self.links.services;
        let template = ServicesTemplate {
            chrome: self.chrome(
                path,
                &self.say("nav-services", &[]),
                &self.say(
                    "services-description",
                    &[("practice", self.site.settings.name.as_str())],
                ),
            ),
            services: self.service_cards(self.site.services.iter()),
        };
        self.finish(path, &template)
    }

    fn service(&self, path: &str, key: &str) -> Result<String, RenderError> {
        let site = self.site;
        let service = site.service(key).expect("the key comes from the site");
        let template = ServiceTemplate {
            chrome: self.chrome(path, &service.title, &service.summary),
            title: service.title.clone(),
            summary: service.summary.clone(),
            body: self.body(&service.body, false),
            therapists: self.therapist_cards(site.therapists_offering(key)),
        };
        self.finish(path, &template)
    }

    fn page(&self, path: &str, key: &str) -> Result<String, RenderError> {
        let page = self.site.page(key).expect("the key comes from the site");
        let mut chrome = self.chrome(path, &page.title, &page.summary);
        if self.preview && page.draft {
            chrome.banner = Some(self.site.settings.catalog().message("page-draft", &[]));
        }
        if !page.body.faq.is_empty() {
            chrome.json_ld.push(structured::block(&structured::faq_page(
                &page.body.faq,
                self.site.language(),
            )));
        }
        let template = PageTemplate {
            chrome,
            title: page.title.clone(),
            body: self.body(&page.body, true),
        };
        self.finish(path, &template)
    }

    fn search(&self, query: &str, hits: &[crate::search::Hit]) -> Result<String, RenderError> {
        let path = self.paths.search();
        let settings = &self.site.settings;
        let words = settings.catalog();
        let mut chrome = self.chrome(
            &path,
            &words.message("search-title", &[]),
            &self.say("search-description", &[("practice", &settings.name)]),
        );
        // Results pages are not for search engines, and carry what someone typed.
        chrome.canonical = None;
        if !query.is_empty() {
            let title = self.say("search-results-title", &[("query", query)]);
            chrome.title = format!("{title} · {}", settings.name);
        }
        let results_heading = if hits.is_empty() {
            self.say("search-no-results", &[("query", query)])
        } else {
            let args = [
                ("count", FluentValue::from(hits.len())),
                ("query", query.into()),
            ];
            words.message("search-results", &args)
        };
        let template = SearchTemplate {
            chrome,
            query: query.to_owned(),
            results_heading,
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
        self.finish(&path, &template)
    }

    fn thanks(&self) -> Result<String, RenderError> {
        let path = self.paths.consultation_thanks();
        let template = ThanksTemplate {
            chrome: self.chrome(
                &path,
                &self.say("thanks-title", &[]),
                &self.say("thanks-description", &[]),
            ),
            coordinator: self.site.settings.coordinator.name.clone(),
        };
        self.finish(&path, &template)
    }

    fn already_received(&self) -> Result<String, RenderError> {
        let path = self.paths.consultation();
        let mut chrome = self.chrome(
            &path,
            &self.say("received-title", &[]),
            &self.say("received-description", &[]),
        );
        // It answers a post, not an address of its own.
        chrome.canonical = None;
        let template = AlreadyReceivedTemplate {
            chrome,
            coordinator: self.site.settings.coordinator.name.clone(),
        };
        self.finish(&path, &template)
    }

    fn error(&self, status: u16) -> Result<String, RenderError> {
        let phone = [("phone", self.site.settings.phone.as_str())];
        let heading = self.say(&format!("error-{status}"), &phone);
        let message = self.say(&format!("error-{status}-message"), &phone);
        let mut chrome = self.chrome(&self.links.home, &heading, &message);
        // Error pages answer many addresses: they must not claim one as
        // canonical, and their title is their own, not the home page's.
        chrome.canonical = None;
        chrome.title = format!("{heading} · {}", self.site.settings.name);
        let template = ErrorTemplate {
            chrome,
            status,
            heading,
            message,
        };
        self.finish(&format!("({status} page)"), &template)
    }
}

impl Renderer<'_> {
    /// A therapist's card linking to their profile at `paths`, which is
    /// this language's or, for a profile not translated, the default one's.
    fn therapist_card_from(
        &self,
        therapist: &crate::content::model::Therapist,
        paths: &Paths,
    ) -> TherapistCard {
        let elsewhere = (*paths != self.paths).then(|| self.editions[0].language());
        let words = self.site.settings.catalog();
        therapist_card(therapist, paths, self.assets, words, elsewhere)
    }

    /// The catalog's message `id` in this language, with text arguments.
    fn say(&self, id: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, FluentValue)> = (args.iter())
            .map(|(name, value)| (*name, FluentValue::from(*value)))
            .collect();
        self.site.settings.catalog().message(id, &args)
    }

    /// What each chosen filter shows, in words, for the page's title.
    fn filter_names(&self, filter: &TeamFilter) -> Vec<String> {
        let words = self.site.settings.catalog();
        let service = (self.site.services.iter())
            .find(|service| service.slug == filter.service)
            .map(|service| service.title.clone());
        let format = (Format::ALL.iter())
            .find(|format| format.key() == filter.format)
            .map(|format| words.message(format.label(), &[]));
        let accepting = filter
            .only_accepting()
            .then(|| words.message("team-filter-accepting-title", &[]));
        // A value that names nothing is shown as sent, as a language is.
        let state = filter.state.trim();
        let state = (!state.is_empty()).then(|| {
            let name = state_name(&state.to_ascii_uppercase()).unwrap_or(state);
            self.say("fits-filter-state-title", &[("state", name)])
        });
        let insurance = filter.insurance.trim();
        let insurance = (!insurance.is_empty()).then(|| {
            let plan = (PLANS.iter()).find(|plan| plan.key.eq_ignore_ascii_case(insurance));
            let name = plan.map_or(insurance, |plan| plan.name);
            self.say("fits-filter-insurance-title", &[("plan", name)])
        });
        let max_fee = filter.max_fee().map(|dollars| {
            let amount =
                dollars.map_or_else(|| filter.max_fee.trim().to_owned(), |d| d.to_string());
            self.say("fits-filter-max-fee-title", &[("amount", &amount)])
        });
        let sliding_scale = filter
            .only_sliding_scale()
            .then(|| words.message("fits-filter-sliding-scale-title", &[]));
        [
            service,
            Some(filter.specialty.clone()),
            format,
            Some(words.spoken(&filter.language, self.default_words())),
            accepting,
            state,
            insurance,
            max_fee,
            sliding_scale,
        ]
        .into_iter()
        .flatten()
        .filter(|name| !name.is_empty())
        .collect()
    }

    /// The therapist `key` in this language, or else in the default
    /// language, with the paths of the language found.
    fn therapist_anywhere(&self, key: &str) -> Option<(&crate::content::model::Therapist, &Paths)> {
        (self
            .site
            .therapist(key)
            .map(|therapist| (therapist, &self.paths)))
        .or_else(|| {
            let default = &self.editions[0];
            default
                .site
                .therapist(key)
                .map(|therapist| (therapist, &default.paths))
        })
    }

    fn post_cards<'p>(&self, posts: impl Iterator<Item = &'p Post>) -> Vec<PostCard> {
        posts
            .map(|post| {
                let author = self
                    .therapist_anywhere(&post.author)
                    .map(|(author, _)| author);
                post_card(self.site, &self.paths, post, author)
            })
            .collect()
    }

    fn therapist_cards<'t>(
        &self,
        therapists: impl Iterator<Item = &'t crate::content::model::Therapist>,
    ) -> Vec<TherapistCard> {
        therapists
            .map(|therapist| self.therapist_card_from(therapist, &self.paths))
            .collect()
    }

    fn service_cards<'s>(
        &self,
        services: impl Iterator<Item = &'s crate::content::model::Service>,
    ) -> Vec<ServiceCard> {
        services
            .map(|service| service_card(service, &self.paths))
            .collect()
    }

    /// The consultation form with `therapist_slug` chosen, on the server
    /// that answers forms.
    fn consultation_with(&self, therapist_slug: &str) -> String {
        let path = self.paths.consultation_with(therapist_slug);
        (self.urls).consultation_link(&path, &self.site.settings.phone_href())
    }
}

/// Choices for a `<select>`, with the visitor's current choice marked.
fn options<'a, L: AsRef<str>>(
    choices: impl Iterator<Item = (&'a str, L)>,
    selected: &str,
) -> Vec<SelectOption> {
    choices
        .map(|(value, label)| SelectOption {
            value: value.to_owned(),
            label: label.as_ref().to_owned(),
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
    /// "2 results for “grief”", in the page's language.
    results_heading: String,
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
    /// "Page 2 of 5", in the page's language.
    page_label: String,
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
    /// "3 of 4 therapists match", in the page's language.
    results_heading: String,
    services: Vec<SelectOption>,
    specialties: Vec<SelectOption>,
    formats: Vec<SelectOption>,
    languages: Vec<SelectOption>,
    only_accepting: bool,
    /// The states the practice serves, when there are several; else empty.
    states: Vec<SelectOption>,
    /// The plans any therapist is in network with.
    plans: Vec<SelectOption>,
    /// Whether any therapist gives a fee, so the fee filter can narrow.
    asks_max_fee: bool,
    /// The visitor's most, as read, or empty.
    max_fee: String,
    /// Whether any therapist has a sliding scale.
    asks_sliding_scale: bool,
    only_sliding_scale: bool,
}

#[derive(Template)]
#[template(path = "therapist.html")]
struct TherapistTemplate {
    chrome: Chrome,
    card: TherapistCard,
    license_line: String,
    /// "California: LCSW 100482", one for each license.
    licenses: Vec<String>,
    /// "California and Oregon"; empty when they do not meet online.
    online_states: String,
    payment: PaymentView,
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
