//! The editor's "Add the photo" button: the edit page's one form posts
//! `action=photo` with the photo and everything typed so far, and gets the
//! page back with the photo in the document (its text or its photo field)
//! but nothing saved, so the editor's unsaved words are never lost to an
//! upload. The photo itself is stored at once under `static/`: the save
//! that follows checks the site with it there, as it checks any photo.
//!
//! The form is `multipart/form-data` now, so every post of the edit page
//! is read here: the text form's 512 KiB limit stays, and a post with a
//! photo may have the photo's limit more. Over either: 413, nothing read
//! further, nothing stored. A post is checked as every editor's post is
//! (this site, the session, its token) before any photo is looked at.

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

use super::{
    AppState, MAX_EDIT_POST, PageError, Session, Shown, blocking, changed_document, check_token,
    editor_post, field as posted, is_markdown, post_session, render_edit_with,
};
use crate::render::staff::PhotoForm;
use crate::staff::document::Document;
use crate::staff::history::Action;
use crate::staff::photos::{self, MAX_PHOTO_BYTES, UploadError};

/// The photo group's inputs are `new_photo`, `new_photo_alt` and
/// `new_photo_place`, not `photo` and `photo_alt`: a therapist's file has
/// fields of those names, which the form posts too.
const NEW_PHOTO: &str = "new_photo";

/// A photo as the browser sent it.
pub(super) struct Upload {
    /// The file's name on the editor's computer, made a slug when stored.
    name: String,
    /// The photo as uploaded, at most [`MAX_PHOTO_BYTES`].
    bytes: Bytes,
}

/// The editor's post of the edit page, in either encoding, checked as
/// [`editor_post`] checks posts: its fields, and its photo when one was
/// chosen.
pub(super) async fn edit_post(
    state: &AppState,
    request: Request,
) -> Result<(Session, Vec<(String, String)>, Option<Upload>), PageError> {
    if !is_multipart(request.headers()) {
        let (session, fields) = editor_post(state, request, MAX_EDIT_POST).await?;
        return Ok((session, fields, None));
    }
    let session = post_session(state, request.headers()).await?;
    let (fields, photo) = read_multipart(request).await?;
    check_token(state, &session, &fields)?;
    Ok((session, fields, photo))
}

/// Whether the post's button was "Add the photo".
pub(super) fn is_photo_action(fields: &[(String, String)]) -> bool {
    posted(fields, "action") == Some("photo")
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// The text fields and the photo of a multipart post. Text is at most
/// [`MAX_EDIT_POST`] bytes in all, the photo at most [`MAX_PHOTO_BYTES`];
/// a body declaring more is refused before it is read.
async fn read_multipart(
    request: Request,
) -> Result<(Vec<(String, String)>, Option<Upload>), PageError> {
    let most = MAX_PHOTO_BYTES + MAX_EDIT_POST;
    let declared = (request.headers().get(header::CONTENT_LENGTH))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > most as u64) {
        return Err(PageError::PayloadTooLarge);
    }
    let boundary = (request.headers().get(header::CONTENT_TYPE))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| multer::parse_boundary(value).ok())
        .ok_or(PageError::BadRequest)?;
    let limits = multer::SizeLimit::new()
        .whole_stream(most as u64)
        .for_field(NEW_PHOTO, MAX_PHOTO_BYTES as u64)
        .per_field(MAX_EDIT_POST as u64);
    let mut multipart = multer::Multipart::with_constraints(
        request.into_body().into_data_stream(),
        boundary,
        multer::Constraints::new().size_limit(limits),
    );
    let mut fields = Vec::new();
    let mut text_bytes = 0;
    let mut photo = None;
    while let Some(field) = multipart.next_field().await.map_err(refused)? {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        if name == NEW_PHOTO {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(refused)?;
            // A file input with no file chosen sends an empty part.
            if bytes.is_empty() {
                continue;
            }
            if photo.is_some() {
                return Err(PageError::BadRequest);
            }
            photo = Some(Upload {
                name: file_name,
                bytes,
            });
            continue;
        }
        let bytes = field.bytes().await.map_err(refused)?;
        text_bytes += bytes.len();
        if text_bytes > MAX_EDIT_POST {
            return Err(PageError::PayloadTooLarge);
        }
        // Text that is not UTF-8 is refused, not saved with replacement marks.
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| PageError::BadRequest)?;
        fields.push((name, text));
    }
    Ok((fields, photo))
}

/// A multipart body that could not be read: too large (413), or not
/// what a browser sends (400).
fn refused(error: multer::Error) -> PageError {
    match error {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            PageError::PayloadTooLarge
        }
        error => {
            tracing::info!(%error, "refused an editor's multipart post");
            PageError::BadRequest
        }
    }
}

/// Where the editor asked the photo to go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A new paragraph at the end of the text.
    Text,
    /// The file's own photo field (a therapist's photo, a post's picture).
    Field,
}

/// What became of the photo, for the page.
enum Added {
    /// Stored under `static/` and put into the document.
    Stored(photos::Stored),
    /// No file was chosen.
    Missing,
    /// No description was typed.
    AltMissing,
    /// The photo itself is refused: why, beside its field.
    Refused(photos::PhotoProblem),
}

/// "Add the photo": stores the photo, puts it into the posted document
/// (not the file on disk), and shows the page again: 200 with the photo
/// in place, or 422 with why beside the photo's fields. Either way every
/// field the editor typed is kept.
pub(super) async fn add(
    state: &AppState,
    session: &Session,
    path: String,
    fields: Vec<(String, String)>,
    upload: Option<Upload>,
) -> Result<Response, PageError> {
    let revision = posted(&fields, "revision").unwrap_or_default().to_owned();
    let alt = posted(&fields, "new_photo_alt")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let static_files = state.site.sources().static_files.clone();
    let changing = state.clone();
    let (described, editor) = (alt.clone(), session.editor.clone());
    let (file, document, place, added) = blocking(move || {
        let (file, mut document) = changed_document(&changing, &path, &fields)?;
        // Only markdown files have the photo group.
        if !is_markdown(&file) {
            return Err(PageError::BadRequest);
        }
        let destination = photos::destination(&file.relative);
        let place = match posted(&fields, "new_photo_place") {
            None | Some("text") => Place::Text,
            Some("field") if destination.field.is_some() => Place::Field,
            Some(_) => return Err(PageError::BadRequest),
        };
        let added = match upload {
            None => Added::Missing,
            Some(_) if described.is_empty() => Added::AltMissing,
            Some(upload) => {
                match photos::store(&static_files, destination, &upload.name, &upload.bytes) {
                    Ok(stored) => {
                        put_in(&mut document, destination, place, &described, &stored);
                        // A version of its own; kept only when the static
                        // folder is in the content's repository's work tree.
                        let detail = format!("static/{}", stored.relative);
                        let _one_at_a_time = changing.staff.one_save_at_a_time();
                        (changing.staff).record(&stored.absolute, &editor, Action::Photo, &detail);
                        Added::Stored(stored)
                    }
                    Err(UploadError::Refused(problem)) => Added::Refused(problem),
                    Err(UploadError::Io(error)) => {
                        return Err(PageError::internal("could not store a photo", error));
                    }
                }
            }
        };
        Ok((file, document, place, added))
    })
    .await?;
    let (status, photo) = match added {
        Added::Stored(stored) => {
            let path = format!("static/{}", stored.relative);
            if let Err(error) = state.staff.audit(session, "upload", Some(path)).await {
                tracing::error!(%error, "could not write the audit log");
            }
            let photo = PhotoForm {
                added: true,
                small: stored.small.then_some((stored.width, stored.height)),
                ..PhotoForm::default()
            };
            (StatusCode::OK, photo)
        }
        refused => {
            let photo = PhotoForm {
                alt: &alt,
                into_field: Some(place == Place::Field),
                alt_missing: matches!(refused, Added::AltMissing),
                problem: match refused {
                    Added::Missing => Some(("staff-photo-missing", Vec::new())),
                    Added::Refused(problem) => Some(problem.message()),
                    _ => None,
                },
                ..PhotoForm::default()
            };
            (StatusCode::UNPROCESSABLE_ENTITY, photo)
        }
    };
    let shown = Shown {
        document: &document,
        revision: &revision,
        problems: &[],
        outcome: None,
    };
    render_edit_with(state, session, &file, shown, photo, status)
}

/// Puts the stored photo where the editor asked: into the file's photo
/// field and its description, or as a paragraph at the end of the text.
fn put_in(
    document: &mut Document,
    destination: photos::Destination,
    place: Place,
    alt: &str,
    stored: &photos::Stored,
) {
    match (place, destination.field) {
        (Place::Field, Some(field)) => {
            document.set(field.photo, &stored.address);
            document.set(field.alt, &crate::staff::fields::scalar(alt));
        }
        _ => {
            let line = photos::markdown_image(alt, &stored.address);
            let body = document.body.as_deref().unwrap_or_default();
            document.body = Some(photos::append_paragraph(body, &line));
        }
    }
}
