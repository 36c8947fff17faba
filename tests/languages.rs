//! The site in two languages, on the bilingual fixture practice
//! (`tests/fixtures/practice`, English and Spanish): every page names its
//! translations in both directions, the sitemap says the same, the header
//! switches language, a page with no translation has no Spanish address and
//! links to English pages say so; and `check` holds translations to their
//! originals.

mod common;

use std::collections::{BTreeSet, HashMap};

use axum::body::Body;
use axum::http::StatusCode;
use common::form::{encode, signed_fields, start_worker, wait_for};
use common::smtp::SmtpServer;
use common::*;
use hearth::content::{self, ContentError, Sources};

/// A page's `hreflang` alternates as (language, absolute URL), sorted.
type Alternates = BTreeSet<(String, String)>;

const BASE: &str = "http://127.0.0.1:3000";

fn path_of(url: &str) -> &str {
    url.strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not on {BASE}"))
}

/// The values of attribute `name` in each tag of `html` that starts with `start`.
fn tags_with<'a>(html: &'a str, start: &str) -> Vec<&'a str> {
    html.match_indices(start)
        .map(|(at, _)| {
            let rest = &html[at..];
            &rest[..rest.find('>').unwrap_or(rest.len())]
        })
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &tag[start..];
    Some(&rest[..rest.find('"')?])
}

fn head_alternates(html: &str) -> Alternates {
    tags_with(html, "<link rel=\"alternate\" hreflang=")
        .into_iter()
        .map(|tag| {
            (
                attribute(tag, "hreflang").unwrap().to_owned(),
                attribute(tag, "href").unwrap().to_owned(),
            )
        })
        .collect()
}

fn html_lang(html: &str) -> &str {
    attribute(tags_with(html, "<html")[0], "lang").expect("<html lang>")
}

/// Every `<url>` of the sitemap with its `xhtml:link` alternates.
async fn sitemap(app: &TestApp) -> HashMap<String, Alternates> {
    let body = get(app, "/sitemap.xml").await.body;
    let document = roxmltree::Document::parse(&body).expect("valid XML");
    document
        .descendants()
        .filter(|node| node.has_tag_name("url"))
        .map(|url| {
            let loc = url
                .children()
                .find(|node| node.has_tag_name("loc"))
                .and_then(|node| node.text())
                .unwrap()
                .to_owned();
            let alternates = url
                .children()
                .filter(|node| node.has_tag_name("link"))
                .map(|link| {
                    (
                        link.attribute("hreflang").unwrap().to_owned(),
                        link.attribute("href").unwrap().to_owned(),
                    )
                })
                .collect();
            (loc, alternates)
        })
        .collect()
}

/// Every page of both languages: its `<html lang>` is its own language;
/// its alternates list itself, every translation and `x-default` (the
/// English page); each translation lists exactly the same set back; and
/// the sitemap lists the same alternates for it.
#[tokio::test]
async fn every_page_names_its_translations_in_both_directions() {
    let app = practice_app();
    let sitemap = sitemap(&app).await;
    let mut translated = 0;
    let mut spanish = 0;
    for (url, in_sitemap) in &sitemap {
        let path = path_of(url);
        let html = get(&app, path).await.body;
        let language = if path.starts_with("/es/") { "es" } else { "en" };
        assert_eq!(html_lang(&html), language, "{path}");
        spanish += usize::from(language == "es");
        let alternates = head_alternates(&html);
        assert_eq!(
            &alternates, in_sitemap,
            "{path}: the head and the sitemap differ"
        );
        if alternates.is_empty() {
            continue;
        }
        translated += 1;
        assert!(
            alternates.contains(&(language.to_owned(), url.clone())),
            "{path} does not list itself: {alternates:?}"
        );
        let english = alternates
            .iter()
            .find(|(hreflang, _)| hreflang == "en")
            .unwrap_or_else(|| panic!("{path} has no English alternate"));
        assert!(
            alternates.contains(&("x-default".to_owned(), english.1.clone())),
            "{path}: x-default is not the English page: {alternates:?}"
        );
        for (hreflang, href) in &alternates {
            let other = get(&app, path_of(href)).await;
            assert_eq!(other.status, StatusCode::OK, "{href}");
            if hreflang != "x-default" {
                assert_eq!(html_lang(&other.body), hreflang, "{href}");
            }
            assert_eq!(
                head_alternates(&other.body),
                alternates,
                "{href} does not name {path} back"
            );
        }
    }
    let site = practice_site();
    let spanish_site = &site.translations[0];
    // Home, team, services, the blog's page, the consultation form and the
    // translated posts, therapists, services and pages, in each language.
    let pairs = 5
        + spanish_site.posts.len()
        + spanish_site.therapists.len()
        + spanish_site.services.len()
        + spanish_site.pages.len();
    assert_eq!(translated, pairs * 2, "pages with a translation");
    assert!(spanish >= pairs, "{spanish} Spanish pages in the sitemap");
}

/// The header links to the same page in the other language, labelled in
/// that language; from a page with no translation, to that language's home.
#[tokio::test]
async fn the_language_switcher_leads_to_the_same_page_or_that_languages_home() {
    let app = practice_app();
    let switcher = |html: &str| -> Vec<String> {
        let nav = &html[html
            .find("<nav class=\"language-switcher\"")
            .expect("a language switcher")..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        tags_with(nav, "<a ")
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    let cases = [
        (
            "/blog/grief-has-no-timeline",
            "<a href=\"/es/blog/el-duelo-no-tiene-horario\" lang=\"es\" hreflang=\"es\"",
        ),
        (
            "/blog/first-session",
            "<a href=\"/es/\" lang=\"es\" hreflang=\"es\"",
        ),
        (
            "/es/blog/el-duelo-no-tiene-horario",
            "<a href=\"/blog/grief-has-no-timeline\" lang=\"en\" hreflang=\"en\"",
        ),
        ("/es/", "<a href=\"/\" lang=\"en\" hreflang=\"en\""),
    ];
    for (path, link) in cases {
        let html = get(&app, path).await.body;
        assert_eq!(switcher(&html), [link], "{path}");
    }
    let english = get(&app, "/").await.body;
    assert!(english.contains("hreflang=\"es\">Español</a>"));
    let spanish = get(&app, "/es/").await.body;
    assert!(spanish.contains("hreflang=\"en\">English</a>"));
}

/// A page with no Spanish translation has no Spanish address (the Spanish
/// 404 page answers there); Spanish lists show only Spanish articles; and
/// a link from a Spanish page to an English-only page says so.
#[tokio::test]
async fn an_untranslated_page_has_no_spanish_address_and_links_to_it_say_so() {
    let app = practice_app();
    for path in [
        "/es/privacy",
        "/es/blog/first-session",
        "/es/therapists/ana-lindqvist",
    ] {
        let reply = get(&app, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(html_lang(&reply.body), "es", "{path}: the Spanish 404 page");
    }
    let site = practice_site();
    let blog = get(&app, "/es/blog").await.body;
    for post in &site.posts {
        let shown = blog.contains(&format!("href=\"/blog/{}\"", post.slug));
        assert!(!shown, "the Spanish list links the English {}", post.slug);
    }
    for post in &site.translations[0].posts {
        assert!(blog.contains(&format!("href=\"/es/blog/{}\"", post.slug)));
    }
    let home = get(&app, "/es/").await.body;
    assert!(
        home.contains(
            "<a href=\"/privacy\" hreflang=\"en\">Aviso de prácticas de privacidad (en inglés)</a>"
        ),
        "the footer says the privacy notice is in English"
    );
    assert!(
        home.contains("<a href=\"/faq\" hreflang=\"en\">Preguntas (en inglés)</a>"),
        "the header says the FAQ is in English"
    );
    assert!(home.contains("<a href=\"/es/tarifas\">Tarifas</a>"));
}

/// A Spanish article takes its facts from the original (date, author) and
/// writes its date the Spanish way; an article whose author has no Spanish
/// profile links to the English one.
#[tokio::test]
async fn a_translated_article_keeps_the_originals_facts() {
    let app = practice_app();
    let grief = get(&app, "/es/blog/el-duelo-no-tiene-horario").await.body;
    assert!(grief.contains("<time datetime=\"2026-06-03\">3 de junio de 2026</time>"));
    assert!(grief.contains("href=\"/es/therapists/bo-castillo\""));
    assert!(grief.contains("\"inLanguage\":\"es\""));
    let perfectionism = get(&app, "/es/blog/cuando-el-perfeccionismo-frena")
        .await
        .body;
    assert!(perfectionism.contains("href=\"/therapists/cy-moreau\""));
    assert!(!perfectionism.contains("/es/therapists/cy-moreau"));
    let feed = get(&app, "/es/feed.xml").await.body;
    assert!(feed.contains("xml:lang=\"es\""));
    assert!(feed.contains("<uri>http://127.0.0.1:3000/therapists/cy-moreau</uri>"));
}

/// The pages made per request answer under `/es/` in Spanish, search finds
/// only Spanish pages there, and a `/{language}/…` address whose first
/// segment is no language of the site is an ordinary missing page.
#[tokio::test]
async fn pages_made_per_request_answer_in_each_language() {
    let app = practice_app();
    for path in [
        "/es/therapists?language=Spanish",
        "/es/consultation",
        "/es/search?q=duelo",
    ] {
        let reply = get(&app, path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(html_lang(&reply.body), "es", "{path}");
    }
    // Spanish stems and no accents needed: "duelos" finds "duelo",
    // "perdidas" finds "pérdida".
    for query in ["duelo", "duelos", "perdidas"] {
        let found = get(&app, &format!("/es/search?q={query}")).await.body;
        assert!(
            found.contains("href=\"/es/blog/el-duelo-no-tiene-horario\""),
            "{query}"
        );
    }
    let english_words = get(&app, "/es/search?q=timeline").await.body;
    assert!(!english_words.contains("/blog/grief-has-no-timeline\""));
    for path in ["/blog/search", "/xx/therapists", "/blog/consultation"] {
        assert_eq!(
            get(&app, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

/// The bilingual fixture with one more file written, checked.
fn problems_with(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/practice"), dir.path());
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let (_, problems) = content::check(&sources);
    let prefix = format!("{}/", dir.path().display());
    problems
        .0
        .iter()
        .map(|problem: &ContentError| problem.to_string().replace(&prefix, ""))
        .collect()
}

fn assert_problem(problems: &[String], start: &str) {
    assert!(
        problems.iter().any(|problem| problem.starts_with(start)),
        "no problem starts with {start:?}: {problems:#?}"
    );
}

/// A translation that says a fact differently from its original is an
/// error at the line, naming the original; one that only repeats it is fine.
#[test]
fn a_translation_that_changes_a_fact_is_an_error_naming_the_original() {
    let changed_license = "---\ntitle: Trabajador social\nlicense: { type: LCSW, number: \"LCSW 999999\", state: CA }\n---\nBio.\n";
    let problems = problems_with(&[("therapists/bo-castillo.es.md", changed_license)]);
    assert_problem(&problems, "therapists/bo-castillo.es.md:3:");
    assert!(
        problems.iter().any(|problem| problem
            .contains("error: `license` is not the same as in therapists/bo-castillo.md")),
        "{problems:#?}"
    );
    let changed_date = "---\ntitle: El duelo\ndate: 2026-06-04\n---\nTexto.\n";
    let problems = problems_with(&[("posts/2026-06-03-grief-has-no-timeline.es.md", changed_date)]);
    assert_problem(&problems, "posts/2026-06-03-grief-has-no-timeline.es.md:3:");
    let same_license = "---\ntitle: Trabajador social\nlicense: { type: LCSW, number: \"LCSW 200202\", state: CA }\n---\nBio.\n";
    let problems = problems_with(&[("therapists/bo-castillo.es.md", same_license)]);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// An original updated after its translation makes `check` warn, naming
/// both files; a translation brought up to the same day does not.
#[test]
fn a_translation_older_than_its_original_is_a_warning_naming_both_files() {
    let original = std::fs::read_to_string(repo_path(
        "tests/fixtures/practice/posts/2026-06-03-grief-has-no-timeline.md",
    ))
    .unwrap()
    .replacen(
        "date: 2026-06-03\n",
        "date: 2026-06-03\nupdated: 2026-08-01\n",
        1,
    );
    let problems = problems_with(&[("posts/2026-06-03-grief-has-no-timeline.md", &original)]);
    assert_problem(
        &problems,
        "posts/2026-06-03-grief-has-no-timeline.es.md:1:1: warning: this translation may be out of date: posts/2026-06-03-grief-has-no-timeline.md was updated on 2026-08-01",
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");

    let translation = std::fs::read_to_string(repo_path(
        "tests/fixtures/practice/posts/2026-06-03-grief-has-no-timeline.es.md",
    ))
    .unwrap()
    .replacen("tags: [duelo]\n", "tags: [duelo]\nupdated: 2026-08-01\n", 1);
    let problems = problems_with(&[
        ("posts/2026-06-03-grief-has-no-timeline.md", &original),
        ("posts/2026-06-03-grief-has-no-timeline.es.md", &translation),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Files named like translations that cannot be one are reported: of a
/// file that does not exist, into an unlisted language, with the default
/// language's code, with an address that cannot be one.
#[test]
fn misnamed_translations_are_reported_at_their_files() {
    let page = "---\ntitle: Una página\n---\nTexto.\n";
    let problems = problems_with(&[
        ("pages/feees.es.md", page),
        ("pages/fees.fr.md", page),
        ("pages/faq.en.md", page),
        (
            "pages/privacy.es.md",
            "---\ntitle: Privacidad\nslug: Aviso de Privacidad\n---\nTexto.\n",
        ),
    ]);
    assert_problem(
        &problems,
        "pages/feees.es.md:1:1: error: this translates pages/feees.md, which does not exist",
    );
    assert_problem(
        &problems,
        "pages/fees.fr.md:1:1: warning: this is named as a translation into `fr`",
    );
    assert_problem(
        &problems,
        "pages/faq.en.md:1:1: error: `en` is the site's first language",
    );
    assert_problem(&problems, "pages/privacy.es.md:3:");
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("write \"aviso-de-privacidad\"")),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 4, "{problems:#?}");
}

/// A translation is live exactly when its original is (a scheduled
/// original's translation waits for it) and it is not a draft itself.
#[test]
fn a_translation_appears_with_its_original_and_not_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/practice"), dir.path());
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "posts/2030-01-02-later.md",
        "---\ntitle: Later\ndate: 2030-01-02T09:00\nauthor: bo-castillo\n---\nSoon.\n",
    );
    write(
        "posts/2030-01-02-later.es.md",
        "---\ntitle: Más tarde\n---\nPronto.\n",
    );
    write(
        "posts/2026-03-04-first-session.es.md",
        "---\ntitle: La primera sesión\ndraft: true\n---\nTexto.\n",
    );
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let site = content::load(&sources).unwrap_or_else(|error| panic!("{error}"));
    let spanish_keys = |now: &str| -> Vec<String> {
        let (live, _) = site.published(now.parse().unwrap());
        live.translations[0]
            .posts
            .iter()
            .map(|post| post.key.clone())
            .collect()
    };
    let before = spanish_keys("2030-01-02T16:59:00Z");
    assert!(!before.contains(&"later".to_owned()), "{before:?}");
    // 09:00 in Los Angeles is 17:00 UTC in January.
    let after = spanish_keys("2030-01-02T17:00:00Z");
    assert!(after.contains(&"later".to_owned()), "{after:?}");
    assert!(
        !after.contains(&"first-session".to_owned()),
        "a draft translation"
    );
    assert!(after.contains(&"grief-has-no-timeline".to_owned()));
}

/// A request sent from the Spanish form: the errors come back in Spanish,
/// then 303 to the Spanish thank-you page; the coordinator's email is in
/// English and says the request was made in Spanish, and the visitor's
/// confirmation, at the real SMTP test server, is in Spanish.
#[tokio::test]
async fn a_request_from_the_spanish_form_is_answered_in_spanish() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let mut app = app_with(
        &practice_sources(),
        "http://127.0.0.1:3000",
        &["--smtp-url", url.as_str()],
    );
    start_worker(&mut app);
    let form = get(&app, "/es/consultation").await.body;
    assert!(
        form.contains("<h1>Pida una consulta gratuita</h1>"),
        "{form}"
    );
    assert!(form.contains("action=\"/es/consultation\""));
    let hidden = signed_fields(&form);
    let post = |fields: &[(&str, &str)]| {
        let mut all = hidden.clone();
        all.extend(
            fields
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string())),
        );
        axum::http::Request::post("/es/consultation")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(encode(&all)))
            .unwrap()
    };
    let fields = [
        ("name", "Lucía Pérez"),
        ("email", "lucia@example.org"),
        ("phone", ""),
        ("contact_preference", "email"),
        ("service", "grief-and-loss"),
        ("therapist", "bo-castillo"),
        ("format", "online"),
        ("state", "CA"),
        ("who_for", "individual"),
        ("availability", "Por las tardes"),
        ("message", "Perdí a mi madre en marzo."),
    ];
    let refused = request(&app, post(&fields)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(html_lang(&refused.body), "es");
    assert!(
        refused
            .body
            .contains("<title>Error: hay 1 dato que revisar – Pida una consulta gratuita")
    );
    assert!(
        refused.body.contains(
            "Por favor, confirme que entiende que este formulario no es para emergencias."
        )
    );
    assert!(
        refused.body.contains("value=\"Lucía Pérez\""),
        "the name is kept"
    );

    let mut consented = fields.to_vec();
    consented.push(("consent", "yes"));
    let sent = request(&app, post(&consented)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(sent.header("location"), "/es/consultation/thanks");
    let thanks = get(&app, "/es/consultation/thanks").await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert_eq!(html_lang(&thanks.body), "es");

    let received = wait_for(&smtp, 2).await;
    let coordinator = received
        .iter()
        .find(|mail| mail.to == ["care@fixture.example"])
        .expect("the coordinator's email");
    assert_eq!(
        coordinator.header("Subject").unwrap(),
        "New consultation request #1"
    );
    let text = coordinator.text();
    for expected in [
        "Request made in: Spanish",
        "Name: Lucía Pérez",
        "Contact by: Email",
        "Format: Online (video)",
        "Service: Grief and loss",
        "Perdí a mi madre en marzo.",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let confirmation = received
        .iter()
        .find(|mail| mail.to == ["lucia@example.org"])
        .expect("the visitor's confirmation");
    assert_eq!(
        confirmation.header("Subject").unwrap(),
        "Recibimos su solicitud - Fixture Lane Practice"
    );
    let text = confirmation.text();
    assert!(
        text.contains("Gracias por comunicarse con Fixture Lane Practice."),
        "{text}"
    );
    assert!(
        text.contains("llame o envíe un texto al 988"),
        "the Spanish crisis notice: {text}"
    );
    assert!(!text.contains("Thank you"), "{text}");
    assert!(
        !text.contains("Lucía") && !text.contains("madre"),
        "repeats nothing: {text}"
    );
}

/// A translation's text that links to pages by their English addresses
/// leads the Spanish reader to the Spanish pages where they exist, keeping
/// any `#section`, and to the English page where there is none.
#[tokio::test]
async fn links_in_a_translation_lead_to_the_pages_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/practice"), dir.path());
    std::fs::write(
        dir.path().join("pages/about.es.md"),
        "---\ntitle: Sobre la consulta\nslug: quienes-somos\nsummary: Quiénes somos.\n---\nVea [las tarifas](/fees), [el duelo](/blog/grief-has-no-timeline#inicio), [el aviso](/privacy) y [Bo](/therapists/bo-castillo).\n",
    )
    .unwrap();
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let app = app_for(&sources, BASE);
    let about = get(&app, "/es/quienes-somos").await.body;
    for link in [
        "<a href=\"/es/tarifas\">las tarifas</a>",
        "<a href=\"/es/blog/el-duelo-no-tiene-horario#inicio\">el duelo</a>",
        "<a href=\"/privacy\">el aviso</a>",
        "<a href=\"/es/therapists/bo-castillo\">Bo</a>",
    ] {
        assert!(about.contains(link), "{link}: {about}");
    }
    let english = get(&app, "/fees").await.body;
    let main = &english[english.find("<main").unwrap()..english.find("</main>").unwrap()];
    assert!(
        !main.contains("href=\"/es/"),
        "the English page's text is as written"
    );
}

/// The phrases of the English catalog that Spanish says differently: each
/// message's literal text between its placeables, of two words or more.
fn english_only_phrases() -> Vec<(String, String)> {
    use hearth::i18n::{Catalog, Language};
    let english = Catalog::built_in(&Language::english());
    let spanish = Catalog::built_in(&Language::parse("es").unwrap());
    let source = std::fs::read_to_string(repo_path("i18n/en.ftl")).unwrap();
    let mut phrases = Vec::new();
    for (id, _) in hearth::i18n::message_ids(&source) {
        let (en, es) = (english.message(&id, &[]), spanish.message(&id, &[]));
        if en == es {
            continue;
        }
        // Missing arguments are written `{$name}`: the phrases lie between.
        for fragment in en.split(['{', '}']) {
            let fragment = fragment.trim_matches(|c: char| !c.is_alphanumeric());
            let words = fragment.split_whitespace().count();
            if words >= 2 && !fragment.starts_with('$') && !es.contains(fragment) {
                phrases.push((id.clone(), fragment.to_owned()));
            }
        }
    }
    assert!(phrases.len() > 200, "{} phrases", phrases.len());
    phrases
}

/// A page's text as a reader (or a screen reader) gets it: its HTML with
/// entities decoded, attributes included, the head's `hreflang` links out.
fn readable(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// No phrase of the English catalog appears on any Spanish page: every
/// page of the Spanish sitemap, the pages made per request (search, the
/// filtered team, the form, the form sent with mistakes) and the error
/// pages. A string written in a template instead of the catalog, or a
/// message missing from the Spanish catalog, shows up here.
#[tokio::test]
async fn no_english_interface_words_on_spanish_pages() {
    let app = practice_app();
    let phrases = english_only_phrases();
    let mut paths: Vec<String> = sitemap(&app)
        .await
        .into_keys()
        .map(|url| path_of(&url).to_owned())
        .filter(|path| path.starts_with("/es/"))
        .collect();
    paths.extend(
        [
            "/es/search?q=duelo",
            "/es/search?q=zzzz",
            "/es/therapists?language=Spanish",
            "/es/therapists?language=none-such",
            "/es/consultation",
            "/es/no-such-page",
        ]
        .map(String::from),
    );
    assert!(paths.len() >= 12, "{paths:?}");
    let mut pages: Vec<(String, String)> = Vec::new();
    for path in &paths {
        pages.push((path.clone(), get(&app, path).await.body));
    }
    let form = get(&app, "/es/consultation").await.body;
    let mut fields = signed_fields(&form);
    fields.push(("email".into(), "not-an-email".into()));
    let refused = request(
        &app,
        axum::http::Request::post("/es/consultation")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(encode(&fields)))
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    pages.push(("the Spanish form sent with mistakes".into(), refused.body));

    let mut found = Vec::new();
    for (path, html) in &pages {
        assert_eq!(html_lang(html), "es", "{path}");
        let text = readable(html);
        for (id, phrase) in &phrases {
            if text.contains(phrase.as_str()) {
                found.push(format!("{path}: \"{phrase}\" ({id})"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English on Spanish pages:\n{}",
        found.join("\n")
    );
}

/// The languages a therapist speaks, written in English in their file, are
/// named in the page's language: on the Spanish bio, the Spanish team
/// filter and the filtered page's title; as written where no catalog names
/// the language.
#[tokio::test]
async fn the_languages_therapists_speak_are_named_in_the_pages_language() {
    let app = practice_app();
    let bio = get(&app, "/es/therapists/bo-castillo").await.body;
    assert!(bio.contains("<dd>inglés, español</dd>"), "{bio}");
    let english = get(&app, "/therapists/bo-castillo").await.body;
    assert!(english.contains("<dd>English, Spanish</dd>"));
    let team = get(&app, "/es/therapists").await.body;
    assert!(
        team.contains("<option value=\"Spanish\">español</option>"),
        "{team}"
    );
    let form = get(&app, "/es/consultation").await.body;
    assert!(
        form.contains("<option value=\"French\">francés</option>"),
        "{form}"
    );
    let filtered = get(&app, "/es/therapists?language=Spanish").await.body;
    let title = &filtered[filtered.find("<title>").unwrap()..filtered.find("</title>").unwrap()];
    assert!(title.contains("español"), "{title}");
}

/// The same for a page: a new fee on the English page makes the Spanish
/// one possibly out of date until it says it was brought up to that day.
#[test]
fn a_page_updated_after_its_translation_is_a_warning_naming_both_files() {
    let read = |name: &str| {
        std::fs::read_to_string(repo_path(&format!("tests/fixtures/practice/{name}"))).unwrap()
    };
    let original = read("pages/fees.md").replacen("---\n", "---\nupdated: 2026-11-20\n", 1);
    let problems = problems_with(&[("pages/fees.md", &original)]);
    assert_problem(
        &problems,
        "pages/fees.es.md:1:1: warning: this translation may be out of date: pages/fees.md was updated on 2026-11-20, this translation does not say when it was brought up to date",
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");

    let translation = read("pages/fees.es.md").replacen("---\n", "---\nupdated: 2026-11-20\n", 1);
    let problems = problems_with(&[
        ("pages/fees.md", &original),
        ("pages/fees.es.md", &translation),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
}
