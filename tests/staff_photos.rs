//! Editors adding photos at `/staff/edit/{path}`: the one form posts the
//! photo with everything typed, the page comes back with the photo in the
//! document, and a save publishes it; photos that are too large, of the
//! wrong type or without a description are refused with every field kept,
//! and posts that are not the editor's own store nothing.

mod common;

use axum::http::StatusCode;
use common::smtp::SmtpServer;
use common::staff::{
    FilePart, SAME_ORIGIN, editable_site_with_static, get_with, jpeg, multipart, post_multipart,
    signed_in, staff_app_on, token_in,
};
use common::{Reply, TestApp, files_under, request};

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

/// A signed-in editor on a site and static folder of their own, with
/// the form of `path` open.
struct Editing {
    app: TestApp,
    cookie: String,
    content: tempfile::TempDir,
    static_dir: tempfile::TempDir,
    path: &'static str,
    form: Reply,
    token: String,
    revision: String,
    /// The files under `static/` before the test posted anything.
    before: Vec<std::path::PathBuf>,
    _smtp: SmtpServer,
    _clock: std::sync::Arc<hearth::ManualClock>,
}

impl Editing {
    async fn open(path: &'static str) -> Editing {
        let smtp = SmtpServer::start();
        let (content, static_dir, sources) = editable_site_with_static();
        let (app, clock) = staff_app_on(&sources, &smtp);
        let cookie = signed_in(&app, &smtp).await;
        let form = request(&app, get_with(&format!("/staff/edit/{path}"), &cookie)).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        Editing {
            token: token_in(&form.body),
            revision: input_value(&form.body, "revision"),
            before: files_under(static_dir.path()),
            app,
            cookie,
            content,
            static_dir,
            path,
            form,
            _smtp: smtp,
            _clock: clock,
        }
    }

    /// The form posted as the browser posts it now: multipart, with the
    /// token, the revision, `fields` and, when given, a photo.
    async fn send(&self, fields: &[(&str, &str)], photo: Option<(&str, &[u8])>) -> Reply {
        let mut all = vec![("token", self.token.as_str()), ("revision", &self.revision)];
        all.extend_from_slice(fields);
        let files: Vec<FilePart<'_>> = photo
            .into_iter()
            .map(|(file_name, bytes)| FilePart {
                field: "new_photo",
                file_name,
                content_type: "image/jpeg",
                bytes,
            })
            .collect();
        self.post(
            multipart(&all, &files),
            &[("cookie", &self.cookie), SAME_ORIGIN],
        )
        .await
    }

    async fn post(&self, body: Vec<u8>, headers: &[(&str, &str)]) -> Reply {
        let uri = format!("/staff/edit/{}", self.path);
        request(&self.app, post_multipart(&uri, body, headers)).await
    }

    /// The file being edited, as it is on disk.
    fn on_disk(&self) -> String {
        std::fs::read_to_string(self.content.path().join(self.path)).unwrap()
    }

    /// Whether the static folder holds what it held before the test posted.
    fn nothing_stored(&self) -> bool {
        files_under(self.static_dir.path()) == self.before
    }

    /// Where the photo at `address` (`/static/...`) is on disk.
    fn stored(&self, address: &str) -> std::path::PathBuf {
        self.static_dir
            .path()
            .join(address.strip_prefix("/static/").unwrap())
    }

    /// The variant address the site renders for a stored photo, narrowest.
    fn first_variant(&self, address: &str) -> String {
        let bytes = std::fs::read(self.stored(address)).unwrap();
        format!(
            "/static/_img/{}-320.webp",
            hearth::digest::short_sha256(&bytes, 8)
        )
    }
}

/// A JPEG added as a therapist's photo fills their `photo` and
/// `photo_alt` fields in the page (not on disk), is stored under
/// `static/img/therapists/` by a slug of its name, is in the audit log,
/// and after a save the live profile shows its resized copies.
#[tokio::test]
async fn a_photo_added_to_a_therapists_field_is_live_after_the_save() {
    let editing = Editing::open(THERAPIST).await;
    let form = &editing.form.body;
    assert!(form.contains("enctype=\"multipart/form-data\""));
    assert!(form.contains("accept=\"image/jpeg,image/png\""));
    assert!(form.contains("As the therapist&#39;s photo"));
    // A therapist without a photo is offered their photo field first.
    assert!(form.contains("value=\"field\" checked"), "{form}");
    let before = editing.on_disk();
    let alt = "Jo Lee, smiling, by a window";
    let photo = jpeg(800, 800);
    let added = editing
        .send(
            &[
                ("pronouns", "they/them"),
                ("new_photo_alt", alt),
                ("new_photo_place", "field"),
                ("action", "photo"),
            ],
            Some(("Jo Lee.JPG", &photo)),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(
        (added.body).contains("The photo is added. Save to publish it."),
        "{}",
        added.body
    );
    let address = input_value(&added.body, "photo");
    assert!(
        address.starts_with("/static/img/therapists/jo-lee-") && address.ends_with(".jpg"),
        "{address}"
    );
    assert_eq!(input_value(&added.body, "photo_alt"), alt);
    assert_eq!(input_value(&added.body, "pronouns"), "they/them", "kept");
    assert!(editing.stored(&address).is_file());
    assert_eq!(editing.on_disk(), before, "nothing is saved yet");

    let fields = [
        ("pronouns", "they/them"),
        ("photo", &address),
        ("photo_alt", alt),
        ("action", "save"),
    ];
    let saved = editing.send(&fields, None).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let written = editing.on_disk();
    // The fields are written as the YAML they mean: quoted where YAML needs it.
    assert!(
        written.contains("\nphoto: ") && written.contains(&address) && written.contains(alt),
        "{written}"
    );
    let live = common::get(&editing.app, "/therapists/jo-lee").await;
    assert!(
        live.body.contains(&editing.first_variant(&address))
            && live.body.contains(&format!("alt=\"{alt}\"")),
        "{}",
        live.body
    );
    let data = editing.app.data.path().to_str().unwrap().to_owned();
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
    let editing = Editing::open(POST).await;
    let photo = jpeg(1000, 600);
    let title = ("title", "Hello, with a photo");
    let added = editing
        .send(
            &[
                title,
                ("body", "A typed paragraph, not saved yet.\n"),
                ("new_photo_alt", "Rain on a [window]"),
                ("new_photo_place", "text"),
                ("action", "photo"),
            ],
            Some(("IMG_2041.jpeg", &photo)),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert_eq!(input_value(&added.body, "title"), title.1);
    let body = body_text(&added.body);
    let markdown = "![Rain on a \\[window\\]](";
    let (paragraph, image) = body
        .split_once(markdown)
        .unwrap_or_else(|| panic!("{body}"));
    assert_eq!(paragraph, "A typed paragraph, not saved yet.\n\n");
    let address = image.trim_end().trim_end_matches(')').to_owned();
    assert!(address.starts_with("/static/img/img-2041-"), "{address}");
    assert!(editing.stored(&address).is_file());

    let saved = editing
        .send(&[title, ("body", &body), ("action", "save")], None)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        editing
            .on_disk()
            .ends_with(&format!("{markdown}{address})\n"))
    );
    let live = common::get(&editing.app, "/blog/hello").await;
    assert!(
        live.body.contains(&editing.first_variant(&address))
            && live.body.contains("alt=\"Rain on a [window]\""),
        "{}",
        live.body
    );
}

/// A photo over the limit is refused with 413 whether the body says its
/// length or not, and nothing is stored.
#[tokio::test]
async fn a_photo_over_the_limit_is_refused_and_nothing_is_stored() {
    let editing = Editing::open(POST).await;
    let mut huge = jpeg(64, 64);
    huge.resize(hearth::staff::photos::MAX_PHOTO_BYTES + 1, 0);
    let fields = [("new_photo_alt", "Too big"), ("action", "photo")];
    let refused = editing.send(&fields, Some(("big.jpg", &huge))).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    let photo = FilePart {
        field: "new_photo",
        file_name: "big.jpg",
        content_type: "image/jpeg",
        bytes: &huge,
    };
    let body = multipart(&[("token", &editing.token)], &[photo]);
    let length = body.len().to_string();
    let headers = [
        ("cookie", editing.cookie.as_str()),
        SAME_ORIGIN,
        ("content-length", &length),
    ];
    let declared = editing.post(body, &headers).await;
    assert_eq!(declared.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(editing.nothing_stored());
}

/// An iPhone's HEIC is refused with 422 and how to save it as JPEG,
/// beside the photo field, with every field typed kept and nothing stored.
#[tokio::test]
async fn a_heic_photo_is_refused_with_how_to_save_it_as_jpeg() {
    let editing = Editing::open(THERAPIST).await;
    let file = editing.on_disk();
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 64]);
    let refused = editing
        .send(
            &[
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
    let alt = input_value(&refused.body, "new_photo_alt");
    assert_eq!(alt, "Jo at the beach");
    assert!(refused.body.contains("value=\"field\" checked"));
    assert!(editing.nothing_stored());
    assert_eq!(editing.on_disk(), file);
}

/// A photo without its description is refused with 422 beside the
/// description's field, and nothing is stored; a PDF is refused as not
/// a photo.
#[tokio::test]
async fn a_photo_without_alt_text_or_of_another_type_is_refused() {
    let editing = Editing::open(POST).await;
    let photo = jpeg(800, 600);
    let fields = [
        ("title", "Kept"),
        ("new_photo_alt", "   "),
        ("action", "photo"),
    ];
    let refused = editing.send(&fields, Some(("room.jpg", &photo))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = field_around(&refused.body, "new_photo_alt");
    assert!(
        beside.contains("field-invalid") && beside.contains("Describe what the photo shows"),
        "{beside}"
    );
    assert_eq!(input_value(&refused.body, "title"), "Kept");
    let fields = [("new_photo_alt", "A leaflet"), ("action", "photo")];
    let pdf = b"%PDF-1.7\n%\xe2\xe3\n";
    let refused = editing.send(&fields, Some(("leaflet.jpg", pdf))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let beside = field_around(&refused.body, "new_photo");
    assert!(beside.contains("only JPEG and PNG"), "{beside}");
    assert!(editing.nothing_stored());
}

/// A refused post: what it is, its token and its headers.
type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

/// Uploads from no session, from another site, or without the session's
/// token are refused before the photo is looked at, and store nothing.
#[tokio::test]
async fn uploads_not_from_the_editors_own_form_store_nothing() {
    let editing = Editing::open(POST).await;
    let photo = jpeg(800, 600);
    let cookie = editing.cookie.as_str();
    let token = editing.token.as_str();
    let cases: [Case<'_>; 5] = [
        ("no session", token, vec![SAME_ORIGIN]),
        (
            "an ended session",
            token,
            vec![("cookie", "__Host-hearth-staff=0000"), SAME_ORIGIN],
        ),
        (
            "another site",
            token,
            vec![("cookie", cookie), ("sec-fetch-site", "cross-site")],
        ),
        ("no token", "", vec![("cookie", cookie), SAME_ORIGIN]),
        (
            "another token",
            "0123456789abcdef",
            vec![("cookie", cookie), SAME_ORIGIN],
        ),
    ];
    for (case, token, headers) in cases {
        let photo = FilePart {
            field: "new_photo",
            file_name: "room.jpg",
            content_type: "image/jpeg",
            bytes: &photo,
        };
        let fields = [
            ("token", token),
            ("new_photo_alt", "A room"),
            ("action", "photo"),
        ];
        let reply = editing.post(multipart(&fields, &[photo]), &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{case}");
    }
    assert!(editing.nothing_stored());
}

/// A photo chosen and then Save pressed, instead of "Add the photo", is
/// added to the page and not lost: nothing is saved until the next Save.
#[tokio::test]
async fn a_photo_sent_with_save_is_added_not_dropped() {
    let editing = Editing::open(POST).await;
    let before = editing.on_disk();
    let photo = jpeg(800, 600);
    let added = editing
        .send(
            &[
                ("new_photo_alt", "Two armchairs by a window"),
                ("new_photo_place", "text"),
                ("action", "save"),
            ],
            Some(("chairs.jpg", &photo)),
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
    assert!(body_text(&added.body).contains("![Two armchairs by a window](/static/img/"));
    assert_eq!(editing.on_disk(), before, "nothing is saved yet");
    assert!(!editing.nothing_stored(), "the photo is stored");
}
