//! Editors adding photos at `/staff/edit/{path}`: the one form posts the
//! photo with everything typed, the page comes back with the photo in the
//! document, and a save publishes it; photos that are too large, of the
//! wrong type or without a description are refused with every field kept,
//! and posts that are not the editor's own store nothing.

mod common;

use axum::http::StatusCode;
use common::smtp::SmtpServer;
use common::staff::{
    FilePart, SAME_ORIGIN, editable_site_with_static, files_under, get_with, jpeg, multipart,
    post_multipart, signed_in, staff_app_on, token_in,
};
use common::{Reply, TestApp, request};

const POST: &str = "posts/2026-01-05-hello.md";
const THERAPIST: &str = "therapists/jo-lee.md";

/// The value of the input named `name` in `html`, as typed (unescaped).
fn input_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name} in {html}"));
    let tag_end = html[at..].find('>').unwrap() + at;
    let value = html[at..tag_end]
        .find("value=\"")
        .unwrap_or_else(|| panic!("{name} has no value"))
        + at
        + 7;
    unescape(html[value..].split('"').next().unwrap())
}

/// The text of the `body` textarea, as typed.
fn body_text(html: &str) -> String {
    let at = html.find("name=\"body\"").unwrap();
    let start = html[at..].find('>').unwrap() + at + 1;
    let end = html[start..].find("</textarea>").unwrap() + start;
    unescape(&html[start..end])
}

fn unescape(text: &str) -> String {
    text.replace("&#10;", "\n")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `<div class="field">` that holds the input named `name`.
fn field_around<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html.find(&format!("name=\"{name}\"")).unwrap();
    let start = html[..at].rfind("<div class=\"field").unwrap();
    &html[start..at]
}

async fn open(app: &TestApp, cookie: &str, path: &str) -> Reply {
    let reply = request(app, get_with(&format!("/staff/edit/{path}"), cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply
}

/// The editor's form posted as the browser posts it now: multipart, with
/// `fields` and, when given, a photo.
async fn send(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    photo: Option<(&str, &[u8])>,
) -> Reply {
    let files: Vec<FilePart<'_>> = photo
        .into_iter()
        .map(|(file_name, bytes)| FilePart {
            field: "new_photo",
            file_name,
            content_type: "image/jpeg",
            bytes,
        })
        .collect();
    let body = multipart(fields, &files);
    request(
        app,
        post_multipart(
            &format!("/staff/edit/{path}"),
            body,
            &[("cookie", cookie), SAME_ORIGIN],
        ),
    )
    .await
}

/// The token and revision of an opened form.
fn hidden(form: &Reply) -> (String, String) {
    (token_in(&form.body), input_value(&form.body, "revision"))
}

/// The variant address the site renders for a stored photo, narrowest.
fn first_variant(static_dir: &std::path::Path, address: &str) -> String {
    let relative = address.strip_prefix("/static/").unwrap();
    let bytes = std::fs::read(static_dir.join(relative)).unwrap();
    format!(
        "/static/_img/{}-320.webp",
        hearth::digest::short_sha256(&bytes, 8)
    )
}

/// A JPEG added as a therapist's photo fills their `photo` and
/// `photo_alt` fields in the page (not on disk), is stored under
/// `static/img/therapists/` by a slug of its name, is in the audit log,
/// and after a save the live profile shows its resized copies.
#[tokio::test]
async fn a_photo_added_to_a_therapists_field_is_live_after_the_save() {
    let smtp = SmtpServer::start();
    let (content, static_dir, sources) = editable_site_with_static();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let form = open(&app, &cookie, THERAPIST).await;
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    assert!(form.body.contains("accept=\"image/jpeg,image/png\""));
    assert!(
        form.body.contains("As the therapist&#39;s photo")
            || form.body.contains("As the therapist's photo")
    );
    // A therapist without a photo is offered their photo field first.
    assert!(
        form.body.contains("value=\"field\" checked"),
        "{}",
        form.body
    );
    let before = std::fs::read_to_string(content.path().join(THERAPIST)).unwrap();
    let (token, revision) = hidden(&form);
    let photo = jpeg(800, 800);
    let added = send(
        &app,
        &cookie,
        THERAPIST,
        &[
            ("token", &token),
            ("revision", &revision),
            ("pronouns", "they/them"),
            ("new_photo_alt", "Jo Lee, smiling, by a window"),
            ("new_photo_place", "field"),
            ("action", "photo"),
        ],
        Some(("Jo Lee.JPG", &photo)),
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(
        added
            .body
            .contains("The photo is added. Save to publish it."),
        "{}",
        added.body
    );
    let address = input_value(&added.body, "photo");
    assert!(
        address.starts_with("/static/img/therapists/jo-lee-") && address.ends_with(".jpg"),
        "{address}"
    );
    assert_eq!(
        input_value(&added.body, "photo_alt"),
        "Jo Lee, smiling, by a window"
    );
    assert_eq!(input_value(&added.body, "pronouns"), "they/them", "kept");
    let stored = static_dir
        .path()
        .join(address.trim_start_matches("/static/"));
    assert!(stored.is_file(), "{}", stored.display());
    assert_eq!(
        std::fs::read_to_string(content.path().join(THERAPIST)).unwrap(),
        before,
        "nothing is saved yet"
    );

    let saved = send(
        &app,
        &cookie,
        THERAPIST,
        &[
            ("token", &token),
            ("revision", &revision),
            ("pronouns", "they/them"),
            ("photo", &address),
            ("photo_alt", "Jo Lee, smiling, by a window"),
            ("action", "save"),
        ],
        None,
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let written = std::fs::read_to_string(content.path().join(THERAPIST)).unwrap();
    assert!(
        written.contains(&format!(
            "photo: {address}\nphoto_alt: Jo Lee, smiling, by a window\n"
        )),
        "{written}"
    );
    let live = common::get(&app, "/therapists/jo-lee").await;
    assert!(
        live.body
            .contains(&first_variant(static_dir.path(), &address)),
        "{}",
        live.body
    );
    assert!(live.body.contains("alt=\"Jo Lee, smiling, by a window\""));
    let data = app.data.path().to_str().unwrap().to_owned();
    let audit = common::succeeded(common::hearth().args(["staff", "audit", "--data-dir", &data]));
    let audit = String::from_utf8(audit.stdout).unwrap();
    let relative = address.trim_start_matches('/');
    assert!(audit.contains(&format!("upload  {relative}")), "{audit}");
}

/// A JPEG added to a post's text goes at its end as markdown with its
/// description, the unsaved title stays as typed, and after the save the
/// article shows the photo's resized copies.
#[tokio::test]
async fn a_photo_added_to_a_posts_text_is_live_after_the_save() {
    let smtp = SmtpServer::start();
    let (content, static_dir, sources) = editable_site_with_static();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let form = open(&app, &cookie, POST).await;
    let (token, revision) = hidden(&form);
    let photo = jpeg(1000, 600);
    let added = send(
        &app,
        &cookie,
        POST,
        &[
            ("token", &token),
            ("revision", &revision),
            ("title", "Hello, with a photo"),
            ("body", "A typed paragraph, not saved yet.\n"),
            ("new_photo_alt", "Rain on a [window]"),
            ("new_photo_place", "text"),
            ("action", "photo"),
        ],
        Some(("IMG_2041.jpeg", &photo)),
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(input_value(&added.body, "title"), "Hello, with a photo");
    let body = body_text(&added.body);
    let start = body
        .find("![Rain on a \\[window\\]](/static/img/img-2041-")
        .unwrap_or_else(|| panic!("{body}"));
    assert!(
        body.starts_with("A typed paragraph, not saved yet.\n\n"),
        "{body}"
    );
    let address: String = body[start..]
        .split_once("](")
        .unwrap()
        .1
        .trim_end()
        .trim_end_matches(')')
        .to_owned();
    assert!(
        static_dir
            .path()
            .join(address.trim_start_matches("/static/"))
            .is_file()
    );

    let saved = send(
        &app,
        &cookie,
        POST,
        &[
            ("token", &token),
            ("revision", &revision),
            ("title", "Hello, with a photo"),
            ("body", &body),
            ("action", "save"),
        ],
        None,
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        std::fs::read_to_string(content.path().join(POST))
            .unwrap()
            .ends_with(&format!("![Rain on a \\[window\\]]({address})\n"))
    );
    let live = common::get(&app, "/blog/hello").await;
    assert!(
        live.body
            .contains(&first_variant(static_dir.path(), &address))
            && live.body.contains("alt=\"Rain on a [window]\""),
        "{}",
        live.body
    );
}

/// A photo over the limit is refused with 413 whether the body says its
/// length or not, and nothing is stored.
#[tokio::test]
async fn a_photo_over_the_limit_is_refused_and_nothing_is_stored() {
    let smtp = SmtpServer::start();
    let (_content, static_dir, sources) = editable_site_with_static();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let form = open(&app, &cookie, POST).await;
    let (token, revision) = hidden(&form);
    let before = files_under(static_dir.path());
    let mut huge = jpeg(64, 64);
    huge.resize(hearth::staff::photos::MAX_PHOTO_BYTES + 1, 0);
    let fields = [
        ("token", token.as_str()),
        ("revision", revision.as_str()),
        ("new_photo_alt", "Too big"),
        ("action", "photo"),
    ];
    let refused = send(&app, &cookie, POST, &fields, Some(("big.jpg", &huge))).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    let body = multipart(
        &fields,
        &[FilePart {
            field: "new_photo",
            file_name: "big.jpg",
            content_type: "image/jpeg",
            bytes: &huge,
        }],
    );
    let length = body.len().to_string();
    let declared = request(
        &app,
        post_multipart(
            &format!("/staff/edit/{POST}"),
            body,
            &[
                ("cookie", &cookie),
                SAME_ORIGIN,
                ("content-length", &length),
            ],
        ),
    )
    .await;
    assert_eq!(declared.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(files_under(static_dir.path()), before);
}

/// An iPhone's HEIC is refused with 422 and how to save it as JPEG,
/// beside the photo field, with every field typed kept and nothing stored.
#[tokio::test]
async fn a_heic_photo_is_refused_with_how_to_save_it_as_jpeg() {
    let smtp = SmtpServer::start();
    let (content, static_dir, sources) = editable_site_with_static();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let form = open(&app, &cookie, THERAPIST).await;
    let (token, revision) = hidden(&form);
    let before = files_under(static_dir.path());
    let file = std::fs::read_to_string(content.path().join(THERAPIST)).unwrap();
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 64]);
    let refused = send(
        &app,
        &cookie,
        THERAPIST,
        &[
            ("token", &token),
            ("revision", &revision),
            ("title", "Typed title"),
            ("body", "Typed text.\n"),
            ("new_photo_alt", "Jo at the beach"),
            ("new_photo_place", "field"),
            ("action", "photo"),
        ],
        Some(("IMG_0001.JPG", &heic)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = field_around(&refused.body, "new_photo");
    assert!(
        beside.contains("HEIC") && beside.contains("Most Compatible") && beside.contains("JPEG"),
        "{beside}"
    );
    assert!(refused.body.contains("The photo was not added"));
    assert_eq!(input_value(&refused.body, "title"), "Typed title");
    assert_eq!(body_text(&refused.body), "Typed text.\n");
    assert_eq!(
        input_value(&refused.body, "new_photo_alt"),
        "Jo at the beach"
    );
    assert!(refused.body.contains("value=\"field\" checked"));
    assert_eq!(files_under(static_dir.path()), before);
    assert_eq!(
        std::fs::read_to_string(content.path().join(THERAPIST)).unwrap(),
        file
    );
}

/// A photo without its description is refused with 422 beside the
/// description's field, and nothing is stored; a PDF is refused as not
/// a photo.
#[tokio::test]
async fn a_photo_without_alt_text_or_of_another_type_is_refused() {
    let smtp = SmtpServer::start();
    let (_content, static_dir, sources) = editable_site_with_static();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let form = open(&app, &cookie, POST).await;
    let (token, revision) = hidden(&form);
    let before = files_under(static_dir.path());
    let photo = jpeg(800, 600);
    let refused = send(
        &app,
        &cookie,
        POST,
        &[
            ("token", &token),
            ("revision", &revision),
            ("title", "Kept"),
            ("new_photo_alt", "   "),
            ("action", "photo"),
        ],
        Some(("room.jpg", &photo)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = field_around(&refused.body, "new_photo_alt");
    assert!(
        beside.contains("field-invalid") && beside.contains("Describe what the photo shows"),
        "{beside}"
    );
    assert_eq!(input_value(&refused.body, "title"), "Kept");
    let pdf = send(
        &app,
        &cookie,
        POST,
        &[
            ("token", &token),
            ("revision", &revision),
            ("new_photo_alt", "A leaflet"),
            ("action", "photo"),
        ],
        Some(("leaflet.jpg", b"%PDF-1.7\n%\xe2\xe3\n")),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_around(&pdf.body, "new_photo").contains("only JPEG and PNG"),
        "{}",
        pdf.body
    );
    assert_eq!(files_under(static_dir.path()), before);
}

/// A refused post: what it is, its body and its headers.
type Case<'a> = (&'a str, Vec<u8>, Vec<(&'a str, &'a str)>);

/// Uploads from no session, from another site, or without the session's
/// token are refused before the photo is looked at, and store nothing.
#[tokio::test]
async fn uploads_not_from_the_editors_own_form_store_nothing() {
    let smtp = SmtpServer::start();
    let (_content, static_dir, sources) = editable_site_with_static();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let form = open(&app, &cookie, POST).await;
    let (token, revision) = hidden(&form);
    let before = files_under(static_dir.path());
    let photo = jpeg(800, 600);
    let body = |token: &str| {
        multipart(
            &[
                ("token", token),
                ("revision", &revision),
                ("new_photo_alt", "A room"),
                ("action", "photo"),
            ],
            &[FilePart {
                field: "new_photo",
                file_name: "room.jpg",
                content_type: "image/jpeg",
                bytes: &photo,
            }],
        )
    };
    let uri = format!("/staff/edit/{POST}");
    let cases: [Case<'_>; 5] = [
        ("no session", body(&token), vec![SAME_ORIGIN]),
        (
            "an ended session",
            body(&token),
            vec![("cookie", "__Host-hearth-staff=0000"), SAME_ORIGIN],
        ),
        (
            "another site",
            body(&token),
            vec![("cookie", &cookie), ("sec-fetch-site", "cross-site")],
        ),
        ("no token", body(""), vec![("cookie", &cookie), SAME_ORIGIN]),
        (
            "another token",
            body("0123456789abcdef"),
            vec![("cookie", &cookie), SAME_ORIGIN],
        ),
    ];
    for (case, body, headers) in cases {
        let reply = request(&app, post_multipart(&uri, body, &headers)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{case}");
    }
    assert_eq!(files_under(static_dir.path()), before);
}
