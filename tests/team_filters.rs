//! Finding who fits: therapists' licenses, fees and insurance as their
//! files give them, on profiles and cards, and the team page's filters by
//! where the visitor will be, their plan and what they can pay. Pages are
//! the fixture practice's (`tests/fixtures/practice`), whose four
//! therapists each differ in what they charge and take; the check's
//! refusals are written into a copy of it.

mod common;

use axum::http::StatusCode;
use common::*;
use hearth::content::{self, Sources};
use tempfile::TempDir;

/// The fixture's therapists, in the order the team page shows them.
const EVERYONE: [&str; 4] = ["ana-lindqvist", "bo-castillo", "cy-moreau", "dee-okoro"];

/// A copy of the fixture practice with `replace`'s texts replaced in its
/// files, then `files` written over it.
fn practice_changed(replace: &[(&str, &str, &str)], files: &[(&str, &str)]) -> (TempDir, Sources) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/practice"), dir.path());
    for (name, from, to) in replace {
        let path = dir.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    (dir, sources)
}

/// The fixture practice serving Oregon as well as California, where Ana
/// holds a license too.
fn serving_oregon() -> (TempDir, Sources) {
    practice_changed(&[("site.yaml", "states: [CA]", "states: [CA, OR]")], &[])
}

/// The therapists `/therapists{query}` shows on `app`, answered with 200.
async fn shown(app: &TestApp, query: &str) -> Vec<&'static str> {
    let reply = get(app, &format!("/therapists{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{query}");
    EVERYONE
        .into_iter()
        .filter(|slug| {
            reply
                .body
                .contains(&format!("<a href=\"/therapists/{slug}\">"))
        })
        .collect()
}

/// The `<title>` of `html`.
fn title(html: &str) -> &str {
    let start = html.find("<title>").unwrap() + "<title>".len();
    &html[start..start + html[start..].find("</title>").unwrap()]
}

/// Each new filter narrows the list: Ana and Cy are in network with Aetna;
/// Dee's fee is under $150 and Bo's is not, but Bo has a sliding scale, so
/// both fit a visitor who can pay $150; Bo alone has a sliding scale.
#[tokio::test]
async fn insurance_fee_and_sliding_scale_filters() {
    let app = practice_app();
    assert_eq!(
        shown(&app, "?insurance=aetna").await,
        ["ana-lindqvist", "cy-moreau"]
    );
    assert_eq!(shown(&app, "?insurance=medi-cal").await, ["bo-castillo"]);
    assert_eq!(
        shown(&app, "?max_fee=150").await,
        ["bo-castillo", "dee-okoro"]
    );
    assert_eq!(
        shown(&app, "?max_fee=200").await,
        ["ana-lindqvist", "bo-castillo", "dee-okoro"]
    );
    assert_eq!(shown(&app, "?sliding_scale=yes").await, ["bo-castillo"]);
    assert_eq!(
        shown(&app, "?insurance=aetna&max_fee=210").await,
        ["ana-lindqvist"]
    );
    assert_eq!(
        shown(&app, "?state=&insurance=&max_fee=&sliding_scale=").await,
        EVERYONE
    );
}

/// Where the visitor will be during sessions: a license covers clients in
/// its state, and only in a state the practice serves. Ana's Oregon license
/// counts once the practice serves Oregon, and the filter is offered then.
#[tokio::test]
async fn state_filter_follows_licenses_the_practice_serves() {
    let app = practice_app();
    assert_eq!(shown(&app, "?state=CA").await, EVERYONE);
    assert_eq!(shown(&app, "?state=OR").await, Vec::<&str>::new());
    let html = get(&app, "/therapists").await.body;
    assert!(
        !html.contains("name=\"state\""),
        "one state: no choice to make"
    );

    let (_dir, sources) = serving_oregon();
    let app = app_for(&sources, "http://127.0.0.1:3000");
    assert_eq!(shown(&app, "?state=OR").await, ["ana-lindqvist"]);
    assert_eq!(shown(&app, "?state=or").await, ["ana-lindqvist"]);
    assert_eq!(shown(&app, "?state=CA").await, EVERYONE);
    let html = get(&app, "/therapists?state=OR").await.body;
    assert!(html.contains(r#"<select id="filter-state" name="state">"#));
    assert!(html.contains(r#"<option value="OR" selected>Oregon</option>"#));
    assert!(html.contains("1 of 4 therapists match"));
}

/// Values that name nothing match no one, with the page answered as for
/// an unknown language; a repeated field is the designed 400.
#[tokio::test]
async fn unknown_filter_values_match_no_one() {
    let app = practice_app();
    for query in [
        "?state=ZZ",
        "?state=%F0%9F%8F%A0",
        "?insurance=aetnaa",
        "?max_fee=lots",
        "?max_fee=-5",
    ] {
        assert_eq!(shown(&app, query).await, Vec::<&str>::new(), "{query}");
        let html = get(&app, &format!("/therapists{query}")).await.body;
        assert!(
            html.contains("No one matches all of those choices."),
            "{query}"
        );
    }
    let reply = get(&app, "/therapists?max_fee=1&max_fee=2").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("We could not read that request"));
}

/// A filtered page's title says each filter, by the plan's and the
/// state's names, and the form keeps the visitor's choices.
#[tokio::test]
async fn filtered_titles_and_form_say_the_choices() {
    let app = practice_app();
    let html = get(
        &app,
        "/therapists?insurance=aetna&max_fee=%24150.00&sliding_scale=yes",
    )
    .await
    .body;
    assert_eq!(
        title(&html),
        "Our therapists: in network with Aetna, up to $150 a session, with a sliding scale · Fixture Lane Practice"
    );
    assert!(html.contains(r#"<option value="aetna" selected>Aetna</option>"#));
    assert!(html.contains(r#"name="max_fee" min="0" step="1" inputmode="numeric" value="150""#));
    assert!(html.contains(r#"name="sliding_scale" value="yes" checked"#));
    // Only the plans someone takes are offered.
    assert!(html.contains(r#"<option value="kaiser">Kaiser Permanente</option>"#));
    assert!(!html.contains(r#"value="cigna""#));

    let (_dir, sources) = serving_oregon();
    let app = app_for(&sources, "http://127.0.0.1:3000");
    let html = get(&app, "/therapists?state=OR").await.body;
    assert_eq!(
        title(&html),
        "Our therapists: for clients in Oregon · Fixture Lane Practice"
    );
    let spanish = get(&app, "/es/therapists?state=OR&insurance=aetna")
        .await
        .body;
    assert_eq!(
        title(&spanish),
        "Nuestros terapeutas: para clientes en Oregon, en la red de Aetna · Fixture Lane Practice"
    );
}

/// Cards carry one line on fees: the individual fee, a sliding scale, the
/// plans, or superbills when there are none; the practice's fee stands
/// for those who give none of their own.
#[tokio::test]
async fn cards_say_fees_and_plans() {
    let html = get(&practice_app(), "/therapists").await.body;
    for line in [
        "$200 per individual session · Aetna, Kaiser Permanente",
        "$160 per individual session · Sliding scale · Medi-Cal",
        "$220 per individual session · Aetna",
        "$120 per individual session · Superbills for insurance",
    ] {
        assert!(
            html.contains(&format!("<p class=\"meta\">{line}</p>")),
            "{line}"
        );
    }
}

/// A profile lists every license, the states of them the practice serves
/// for online sessions, each fee, and the plans or that there are none.
#[tokio::test]
async fn profiles_list_licenses_fees_and_insurance() {
    let app = practice_app();
    let ana = get(&app, "/therapists/ana-lindqvist").await.body;
    assert!(ana.contains(
        "<dt>Licenses</dt><dd><ul class=\"plain\"><li>California: LMFT 200101</li><li>Oregon: LMFT T2001</li></ul></dd>"
    ));
    assert!(ana.contains("<dt>Online sessions for clients in</dt><dd>California</dd>"));
    assert!(ana.contains("<li>Individual session: $200</li><li>Couples session: $240</li><li>Superbills for out-of-network reimbursement</li>"));
    assert!(ana.contains("<dt>Insurance</dt><dd>Aetna, Kaiser Permanente</dd>"));
    // The primary license stays on the line under the name.
    assert!(ana.contains("California license LMFT 200101"));

    let dee = get(&app, "/therapists/dee-okoro").await.body;
    assert!(dee.contains("<dt>Insurance</dt><dd>Does not bill insurance plans directly</dd>"));
    assert!(
        !dee.contains("Online sessions for clients in"),
        "Dee meets in person only"
    );
    assert!(dee.contains("<li>Group session: $60</li>"));

    let (_dir, sources) = serving_oregon();
    let app = app_for(&sources, "http://127.0.0.1:3000");
    let ana = get(&app, "/therapists/ana-lindqvist").await.body;
    assert!(ana.contains("<dt>Online sessions for clients in</dt><dd>California and Oregon</dd>"));
    let spanish = get(&app, "/es/therapists/bo-castillo").await.body;
    assert!(
        spanish
            .contains("<dt>Tarifas</dt><dd><ul class=\"plain\"><li>Sesión individual: $160</li>")
    );
    assert!(spanish.contains("<li>Tarifas más bajas según los ingresos</li>"));
}

/// `check`'s problems in a changed copy of the practice, with the folder
/// taken off.
fn problems(replace: &[(&str, &str, &str)], files: &[(&str, &str)]) -> Vec<String> {
    let (dir, sources) = practice_changed(replace, files);
    let (_, problems) = content::check(&sources);
    let prefix = format!("{}/", dir.path().display());
    (problems.0.iter())
        .map(|problem| problem.to_string().replace(&prefix, ""))
        .collect()
}

/// One of the problems `check` finds starts with `start`.
fn assert_problem(found: &[String], start: &str) {
    assert!(
        found.iter().any(|problem| problem.starts_with(start)),
        "no problem starts with {start:?}: {found:#?}"
    );
}

/// The one problem `check` finds, which must start with `start`.
fn assert_only_problem(found: &[String], start: &str) {
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_problem(found, start);
}

/// Each mistake in the new fields is one problem at its file and line.
/// In Ana's file `licenses` starts on line 6 (its list on 7, on 8 once a
/// `license` line is added above), `fees` is on line 16 and `insurance`
/// on 17; site.yaml's `fees` is on line 34 and `insurance` on 36.
#[test]
fn check_refuses_mistakes_in_licenses_fees_and_plans() {
    let ana = "therapists/ana-lindqvist.md";
    for (replace, start) in [
        (
            (
                ana,
                "licenses:\n",
                "license: { type: LMFT, number: \"LMFT 1\", state: CA }\nlicenses:\n",
            ),
            "therapists/ana-lindqvist.md:8:3: error: both \"license\" and \"licenses\" are given",
        ),
        (
            (ana, "individual: 200", "indivdual: 200"),
            "therapists/ana-lindqvist.md:16:",
        ),
        (
            (ana, "individual: 200", "individual: 0"),
            "therapists/ana-lindqvist.md:16:21: error: the fee 0 is not an amount of dollars above zero",
        ),
        (
            (ana, "[kaiser, aetna]", "[kaiser, aetan]"),
            "therapists/ana-lindqvist.md:17:21: error: insurance plan \"aetan\" does not exist; did you mean \"aetna\"?",
        ),
        (
            ("site.yaml", "insurance: []", "insurance: [Cigna]"),
            "site.yaml:36:13: error: insurance plan \"Cigna\" does not exist; did you mean \"cigna\"?",
        ),
        (
            ("site.yaml", "couples: 200", "couple: 200"),
            "site.yaml:34:",
        ),
    ] {
        // A field the parser refuses leaves the whole file unread, so
        // other problems may follow from it (an article's author unknown).
        assert_problem(&problems(&[replace], &[]), start);
    }
    let found = problems(&[(ana, "individual: 200", "indivdual: 200")], &[]);
    assert_problem(
        &found,
        "therapists/ana-lindqvist.md:16:9: error: unknown field \"indivdual\"; did you mean \"individual\"?",
    );
    let found = problems(&[("site.yaml", "couples: 200", "couple: 200")], &[]);
    assert_problem(
        &found,
        "site.yaml:34:26: error: unknown field \"couple\"; did you mean \"couples\"?",
    );
    let found = problems(
        &[(
            "therapists/bo-castillo.md",
            "license: { type: LCSW, number: \"LCSW 200202\", state: CA }\n",
            "",
        )],
        &[],
    );
    assert!(
        found.iter().any(|problem| problem
            .starts_with("therapists/bo-castillo.md:1:1: error: no license is given")),
        "{found:#?}"
    );
}

/// A translation may repeat its original's fees and plans, and may not
/// give others: the two languages never disagree about what a session
/// costs or which plan is taken.
#[test]
fn a_translation_takes_fees_and_plans_from_its_original() {
    let translation = "therapists/bo-castillo.es.md";
    let same =
        "---\ntitle: Trabajador social\nsliding_scale: true\ninsurance: [medi-cal]\n---\nBio.\n";
    assert_eq!(problems(&[], &[(translation, same)]), Vec::<String>::new());
    for (field, line) in [
        ("insurance: [aetna]", "3:12"),
        ("fees: { individual: 90 }", "3:7"),
        ("sliding_scale: false", "3:16"),
        ("superbills: true", "3:13"),
        (
            "licenses: [{ type: LCSW, number: \"LCSW 200202\", state: CA }]",
            "3:11",
        ),
    ] {
        let changed = format!("---\ntitle: Trabajador social\n{field}\n---\nBio.\n");
        let found = problems(&[], &[(translation, &changed)]);
        let name = field.split(':').next().unwrap();
        assert_only_problem(&found, &format!("therapists/bo-castillo.es.md:{line}"));
        assert!(
            found[0].contains(&format!(
                "`{name}` is not the same as in therapists/bo-castillo.md"
            )),
            "{found:#?}"
        );
    }
}
