//! What `site.yaml` can ask every page to carry: the quick exit, the crisis
//! link at the top, the notices of Section 1557 (language assistance and
//! nondiscrimination), the consumer health data privacy policy and its
//! consent where a state's law asks for them, and the Notice of Privacy
//! Practices in every footer; with `check` refusing a site that lacks a
//! notice it must carry. On the bilingual fixture practice.

mod common;

use axum::http::StatusCode;
use common::form::{encode, form_post, signed_fields};
use common::*;
use hearth::content::{self, Sources};
use tempfile::TempDir;

const BASE: &str = "http://127.0.0.1:3000";

/// The fixture practice with `settings` added to its site.yaml and `files`
/// written beside it.
fn practice_with(settings: &str, files: &[(&str, &str)]) -> (TempDir, Sources) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/practice"), dir.path());
    let site = dir.path().join("site.yaml");
    let mut yaml = std::fs::read_to_string(&site).unwrap();
    yaml.push_str(settings);
    std::fs::write(&site, yaml).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    (dir, sources)
}

/// `check`'s problems, with the folder's path taken off.
fn problems(dir: &TempDir, sources: &Sources) -> Vec<String> {
    let (_, problems) = content::check(sources);
    let prefix = format!("{}/", dir.path().display());
    (problems.0.iter())
        .map(|problem| problem.to_string().replace(&prefix, ""))
        .collect()
}

fn assert_problem(problems: &[String], start: &str, words: &str) {
    assert!(
        (problems.iter()).any(|problem| problem.starts_with(start) && problem.contains(words)),
        "no problem starts with {start:?} and says {words:?}: {problems:#?}"
    );
}

/// The `href` of every element that can take focus by Tab, in page order:
/// links, and the form controls (which these pages' chrome does not have).
fn tab_stops(html: &str) -> Vec<String> {
    let body = &html[html.find("<body").expect("a body")..];
    let mut stops = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("<a ") {
        rest = &rest[at..];
        let tag = &rest[..rest.find('>').unwrap()];
        if !tag.contains("tabindex=\"-1\"") {
            let href = tag
                .split("href=\"")
                .nth(1)
                .and_then(|value| value.split('"').next());
            stops.push(href.unwrap_or_default().to_owned());
        }
        rest = &rest[1..];
    }
    stops
}

/// Pages of both languages, one of each kind the fixture has.
const PAGES: [&str; 10] = [
    "/",
    "/blog/grief-has-no-timeline",
    "/therapists",
    "/services/grief-and-loss",
    "/fees",
    "/consultation",
    "/es/",
    "/es/blog/el-duelo-no-tiene-horario",
    "/es/consultation",
    "/es/tarifas",
];

/// With `quick_exit`, the first thing Tab reaches on every page is the link
/// that leaves, to that address, without a referrer; its script is this
/// site's own file, which the policy allows as `'self'` and nothing else.
#[tokio::test]
async fn the_quick_exit_is_the_first_stop_of_every_page() {
    let (_dir, sources) = practice_with("quick_exit: https://www.weather.gov/\n", &[]);
    let app = app_for(&sources, BASE);
    let mut script = String::new();
    for path in PAGES {
        let reply = get(&app, path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        let stops = tab_stops(&reply.body);
        assert_eq!(stops[0], "https://www.weather.gov/", "{path}: {stops:?}");
        let link = &reply.body[reply.body.find("<a class=\"quick-exit\"").unwrap()..];
        assert!(
            link.starts_with(
                "<a class=\"quick-exit\" href=\"https://www.weather.gov/\" rel=\"noreferrer\">"
            ),
            "{path}"
        );
        let words = if path.starts_with("/es/") {
            "Salir rápido de este sitio"
        } else {
            "Leave this site quickly"
        };
        assert!(link.contains(&format!(">{words}</a>")), "{path}");
        let policy = reply.header("content-security-policy");
        assert!(policy.contains("script-src 'self';"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        let src = reply.body.split("<script src=\"").nth(1).unwrap();
        script = src[..src.find('"').unwrap()].to_owned();
        assert!(!reply.body.contains("<script>"), "{path}: no inline script");
    }
    let served = get(&app, &script).await;
    assert_eq!(served.status, StatusCode::OK, "{script}");
    assert!(served.header("content-type").starts_with("text/javascript"));
    assert!(served.body.contains("location.replace"));
    assert!(served.body.contains("\"Escape\""));

    let about = get(&app, "/quick-exit").await;
    assert_eq!(about.status, StatusCode::OK);
    assert!(about.body.contains("takes you straight to www.weather.gov"));
    assert!(
        about
            .body
            .contains("It does not erase your browsing history")
    );
    let spanish = get(&app, "/es/quick-exit").await;
    assert!(spanish.body.contains("No borra su historial de navegación"));
    assert!(spanish.body.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"http://127.0.0.1:3000/quick-exit\">"
    ));
}

/// Without `quick_exit`, no link, no script and no page; a quick exit that
/// is not a whole web address is an error at its line.
#[tokio::test]
async fn the_quick_exit_is_off_unless_asked_and_checked() {
    let app = practice_app();
    let home = get(&app, "/").await;
    assert!(!home.body.contains("quick-exit"));
    assert!(!home.body.contains("<script src"));
    assert!(
        !home
            .header("content-security-policy")
            .contains("script-src")
    );
    assert_eq!(get(&app, "/quick-exit").await.status, StatusCode::NOT_FOUND);

    let (dir, sources) = practice_with("quick_exit: weather.gov\n", &[]);
    let found = problems(&dir, &sources);
    assert_problem(
        &found,
        "site.yaml:",
        "`quick_exit` must be a whole web address",
    );
}

/// "In crisis? Call or text 988" comes within the first few stops of every
/// page, before the navigation, and leads to the crisis section.
#[tokio::test]
async fn the_crisis_link_comes_before_the_navigation_on_every_page() {
    let app = practice_app();
    for path in PAGES {
        let html = get(&app, path).await.body;
        let stops = tab_stops(&html);
        let crisis = stops.iter().position(|href| href == "#crisis");
        assert!(crisis.is_some_and(|at| at <= 2), "{path}: {stops:?}");
        assert!(
            html.contains("<section class=\"crisis\" id=\"crisis\""),
            "{path}"
        );
        let words = if path.starts_with("/es/") {
            "¿En crisis? Llame o envíe un texto al 988"
        } else {
            "In crisis? Call or text 988"
        };
        assert!(
            html.contains(&format!("<a href=\"#crisis\">{words}</a>")),
            "{path}"
        );
    }
}

/// Every page's footer links the Notice of Privacy Practices.
#[tokio::test]
async fn every_footer_links_the_notice_of_privacy_practices() {
    let app = practice_app();
    for path in PAGES {
        let html = get(&app, path).await.body;
        let footer = &html[html.find("<footer").unwrap()..];
        assert!(
            footer.contains("<a href=\"/privacy\"")
                && footer.contains("Notice of Privacy Practices</a>")
                || footer.contains("Aviso de prácticas de privacidad (en inglés)</a>"),
            "{path}"
        );
    }
}

/// Section 1557: every page (the home page first) links the notice of
/// nondiscrimination, and the footer tells visitors in each listed
/// language, in that language, that language assistance is free.
#[tokio::test]
async fn section_1557_puts_both_notices_on_every_page() {
    let (_dir, sources) = practice_with(
        "section_1557: true\nlanguage_assistance: [es, zh, vi, ar]\n",
        &[],
    );
    let app = app_for(&sources, BASE);
    for path in ["/", "/es/", "/fees"] {
        let html = get(&app, path).await.body;
        let footer = &html[html.find("<footer").unwrap()..];
        let prefix = if path.starts_with("/es/") { "/es" } else { "" };
        assert!(
            footer.contains(&format!("<a href=\"{prefix}/nondiscrimination\">")),
            "{path}"
        );
        for (code, words) in [
            ("es", "Ayuda gratuita con el idioma"),
            ("zh", "免费语言协助"),
            ("vi", "Hỗ trợ ngôn ngữ miễn phí"),
        ] {
            assert!(
                footer.contains(&format!(
                    "<li lang=\"{code}\" dir=\"ltr\"><a href=\"{prefix}/language-assistance#{code}\" hreflang=\"{code}\">{words}</a></li>"
                )),
                "{path}: {code}"
            );
        }
        assert!(footer.contains("<li lang=\"ar\" dir=\"rtl\">"), "{path}");
    }
    let assistance = get(&app, "/language-assistance").await.body;
    assert!(assistance.contains("<li lang=\"zh\" dir=\"ltr\" id=\"zh\"><strong>中文:</strong> 如果您说中文，我们可以为您免费提供语言协助服务。请致电 <a href=\"tel:5105550199\" dir=\"ltr\">(510) 555-0199</a>。</li>"), "{assistance}");
    let notice = get(&app, "/nondiscrimination").await.body;
    assert!(
        notice.contains("Fixture Lane Practice complies with applicable federal civil rights laws")
    );
    assert!(notice.contains("contact Casey Coordinator at (510) 555-0199 or care@fixture.example"));
    assert!(notice.contains("https://ocrportal.hhs.gov/ocr/portal/lobby.jsf"));
    let spanish = get(&app, "/es/nondiscrimination").await.body;
    assert!(spanish.contains("cumple con las leyes federales de derechos civiles"));
    let sitemap = get(&app, "/sitemap.xml").await.body;
    for path in ["/nondiscrimination", "/es/language-assistance"] {
        assert!(
            sitemap.contains(&format!("<loc>{BASE}{path}</loc>")),
            "{path}"
        );
    }
}

/// `check` refuses Section 1557 without its language assistance notice, and
/// a language Hearth has no notice in.
#[test]
fn section_1557_without_language_assistance_is_an_error() {
    let (dir, sources) = practice_with("section_1557: true\n", &[]);
    let found = problems(&dir, &sources);
    assert_problem(&found, "site.yaml:", "`section_1557` asks for a notice");
    let (dir, sources) = practice_with("language_assistance: [es, xx]\n", &[]);
    let found = problems(&dir, &sources);
    assert_problem(
        &found,
        "site.yaml:",
        "no language assistance notice in `xx`",
    );
}

const HEALTH_DATA_PAGE: &str = "---\ntitle: Consumer Health Data Privacy Policy\nsummary: What health data we collect through this website, why, and your rights.\n---\nWe collect the health data you type into the consultation form, only to answer you.\n";

/// Serving Washington without a consumer health data privacy policy is an
/// error; naming a page that does not exist is one too.
#[test]
fn a_health_data_state_needs_its_privacy_policy() {
    let (dir, sources) = practice_with("", &[]);
    let site = dir.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&site)
        .unwrap()
        .replace("states: [CA]", "states: [CA, WA]");
    std::fs::write(&site, yaml).unwrap();
    let found = problems(&dir, &sources);
    assert_problem(&found, "site.yaml:24:", "`states` includes WA");

    std::fs::write(
        &site,
        std::fs::read_to_string(&site).unwrap() + "health_data_privacy: health-data\n",
    )
    .unwrap();
    let found = problems(&dir, &sources);
    assert_problem(&found, "site.yaml:", "health-data");

    std::fs::write(dir.path().join("pages/health-data.md"), HEALTH_DATA_PAGE).unwrap();
    let found = problems(&dir, &sources);
    assert!(
        !found.iter().any(|problem| problem.contains("error")),
        "{found:#?}"
    );
}

/// Where the law asks, the form has a separate, unticked consent to the
/// collection of health data: sending without it is a 422 that keeps every
/// field; with it, the request is taken and the consent recorded.
#[tokio::test]
async fn the_form_asks_a_separate_health_data_consent_where_the_law_does() {
    let (dir, sources) = practice_with(
        "health_data_privacy: health-data\n",
        &[("pages/health-data.md", HEALTH_DATA_PAGE)],
    );
    let site = dir.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&site)
        .unwrap()
        .replace("states: [CA]", "states: [CA, WA]");
    std::fs::write(&site, yaml).unwrap();
    let app = app_for(&sources, BASE);
    let home = get(&app, "/").await.body;
    assert!(home.contains("<a href=\"/health-data\">Consumer Health Data Privacy Policy</a>"));
    let form = get(&app, "/consultation").await.body;
    let checkbox = &form[form
        .find("id=\"health_data_consent\"")
        .expect("the consent")..];
    let checkbox = &checkbox[..checkbox.find('>').unwrap()];
    assert!(!checkbox.contains("checked"), "unticked: {checkbox}");
    assert!(
        form.contains("<a href=\"/health-data\">Read our Consumer Health Data Privacy Policy.</a>")
    );

    let fields = [
        ("name", "Río Ñúñez"),
        ("email", "rio@example.org"),
        ("contact_preference", "email"),
        ("format", "online"),
        ("state", "WA"),
        ("who_for", "individual"),
        ("message", "Hola, ¿tienen horario los sábados?"),
        ("consent", "yes"),
    ];
    let post = |extra: &[(&str, &str)]| {
        let mut all: Vec<(String, String)> = signed_fields(&form);
        all.extend(
            (fields.iter().chain(extra)).map(|(key, value)| (key.to_string(), value.to_string())),
        );
        form_post()
            .body(axum::body::Body::from(encode(&all)))
            .unwrap()
    };
    let refused = request(&app, post(&[])).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Please agree to the collection of the health information")
    );
    assert!(
        refused.body.contains("Hola, ¿tienen horario los sábados?"),
        "the message is kept"
    );
    assert!(
        refused.body.contains("value=\"Río Ñúñez\""),
        "the name is kept"
    );

    let taken = request(&app, post(&[("health_data_consent", "yes")])).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
}

/// The form asks which language sessions should be in, from the languages
/// the therapists speak; with one chosen (the Spanish form chooses Spanish
/// first), it offers only the therapists who speak it, and refuses one who
/// does not.
#[tokio::test]
async fn the_form_offers_the_therapists_who_speak_the_chosen_language() {
    let app = practice_app();
    let english = get(&app, "/consultation").await.body;
    for language in ["English", "Spanish", "French"] {
        assert!(
            english.contains(&format!("<option value=\"{language}\">")),
            "{language}"
        );
    }
    assert!(
        !english.contains("\" selected>English") && !english.contains("\" selected>Spanish"),
        "the English form chooses no language"
    );
    assert!(english.contains("value=\"ana-lindqvist\""));

    let spanish = get(&app, "/es/consultation").await.body;
    assert!(
        spanish.contains("<option value=\"Spanish\" selected>español</option>"),
        "{spanish}"
    );
    assert!(spanish.contains("value=\"bo-castillo\""));
    assert!(
        !spanish.contains("value=\"ana-lindqvist\""),
        "Ana speaks only English"
    );
    assert!(
        spanish.contains(
            "La lista muestra a las personas del equipo que ofrecen sesiones en español."
        )
    );

    let french = get(&app, "/consultation?session_language=French")
        .await
        .body;
    assert!(french.contains("value=\"cy-moreau\""));
    assert!(!french.contains("value=\"bo-castillo\""));

    let mut all = signed_fields(&english);
    all.extend(
        [
            ("name", "Jo"),
            ("email", "jo@example.org"),
            ("contact_preference", "email"),
            ("session_language", "Spanish"),
            ("therapist", "ana-lindqvist"),
            ("format", "online"),
            ("state", "CA"),
            ("who_for", "individual"),
            ("consent", "yes"),
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned())),
    );
    let refused = request(
        &app,
        form_post()
            .body(axum::body::Body::from(encode(&all)))
            .unwrap(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("does not offer sessions in that language")
    );
    assert!(
        refused
            .body
            .contains("<option value=\"ana-lindqvist\" selected>"),
        "the choice is kept, to be changed"
    );
}

/// The emails are written with the site as it is now: a reload that
/// changes the crisis notice reaches the next confirmation, without a
/// restart.
#[tokio::test]
async fn a_reload_reaches_the_next_email() {
    use common::form::{start_worker, submit, wait_for};
    use common::smtp::SmtpServer;
    let smtp = SmtpServer::start();
    let (dir, sources) = practice_with("", &[]);
    let mut app = app_with(&sources, BASE, &["--smtp-url", smtp.url().as_str()]);
    start_worker(&mut app);
    let fields = |email: &str| {
        [
            ("name", "Jo"),
            ("email", email),
            ("contact_preference", "email"),
            ("format", "online"),
            ("state", "CA"),
            ("who_for", "individual"),
            ("consent", "yes"),
        ]
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .to_vec()
    };
    let sent = submit(&app, fields("first@example.org")).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    // Both of the first request's emails are out before the change.
    wait_for(&smtp, 2).await;
    let site = dir.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap().replace(
        "crisis: In a crisis, call or text 988 at any hour.",
        "crisis: In a crisis, call or text 988, or text HOME to 741741, at any hour.",
    );
    std::fs::write(&site, yaml).unwrap();
    app.state.site.reload().unwrap();
    let sent = submit(&app, fields("second@example.org")).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    let received = wait_for(&smtp, 4).await;
    let confirmation = |to: &str| {
        (received.iter())
            .find(|mail| mail.to == [to])
            .unwrap_or_else(|| panic!("no mail to {to}"))
            .text()
    };
    assert!(!confirmation("first@example.org").contains("741741"));
    assert!(confirmation("second@example.org").contains("text HOME to 741741"));
}

/// Turning the quick exit on is a reload, not a restart: the link, its
/// script and the policy that allows the script all follow.
#[tokio::test]
async fn a_reload_turns_the_quick_exit_on() {
    let (dir, sources) = practice_with("", &[]);
    let app = app_for(&sources, BASE);
    let before = get(&app, "/").await;
    assert!(
        !before
            .header("content-security-policy")
            .contains("script-src")
    );
    let site = dir.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&site).unwrap() + "quick_exit: https://www.weather.gov/\n";
    std::fs::write(&site, yaml).unwrap();
    app.state.site.reload().unwrap();
    let after = get(&app, "/").await;
    assert!(
        after
            .body
            .contains("<a class=\"quick-exit\" href=\"https://www.weather.gov/\"")
    );
    assert!(after.body.contains("<script src=\"/static/js/quick-exit."));
    assert!(
        after
            .header("content-security-policy")
            .contains("script-src 'self';")
    );
}
