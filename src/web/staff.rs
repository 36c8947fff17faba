//! `/staff/`: the editors' pages. Every route is in [`routes`], the one
//! table the router is built from, so a test can ask each of them what it
//! answers a stranger. With no editors every one of them is a 404 and the
//! public site is as it was.
//!
//! The session cookie is `__Host-hearth-staff`: `HttpOnly`, `Secure`,
//! `SameSite=Strict`, `Path=/`. `Secure` is always set, since browsers keep
//! a `__Host-` cookie only when it is, and keep a secure cookie over plain
//! http only from this machine (`localhost`): staff sign in over https
//! everywhere else. A post that changes anything must come from this site
//! (the consultation form's rule) and carry the session's `token`.
//!
//! Adding a photo and previewing a change have modules of their own:
//! `photos` and `preview`.

use axum::Router;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};

use super::consultation::{client_ip, html_type, is_same_site, no_store, small_form};
use super::{AppState, PageError};
use crate::consultation::rate_limit::Verdict;
use crate::content::scaffold::Kind;
use crate::render::staff::{
    EditOutcome, EditView, HistoryView, NewFile, PhotoForm, StaffPage, edit_page, history_page,
    staff_page,
};
use crate::staff::Session;
use crate::staff::document::Document;
use crate::staff::edit::{self, Saved};
use crate::staff::fields;
use crate::staff::files::{self, EditableFile};
use crate::staff::history::Action;
use crate::staff::listing;
use crate::urls::routes;

mod photos;
mod preview;

use preview::{FROM_EDITOR_SCRIPT, keep_for_preview, preview_events, preview_page, script};

/// The session cookie's name.
pub const COOKIE: &str = "__Host-hearth-staff";
/// The most a staff form without files posts: an address, a token.
const MAX_SMALL_POST: usize = 4 * 1024;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Signing in: anyone may ask, and is told nothing about who the editors are.
    Anyone,
    /// A signed-in editor, and for a post, one with the session's token.
    Editor,
}

/// One staff route: its pattern, its method and who may use it.
#[derive(Debug, Clone)]
pub struct StaffRoute {
    pub pattern: &'static str,
    pub method: Method,
    pub access: Access,
}

/// Every staff route with its handler: the router is made from this and
/// nothing else.
fn table() -> Vec<(StaffRoute, MethodRouter<AppState>)> {
    use Access::{Anyone, Editor};
    let entry = |pattern, method: Method, access, handler: MethodRouter<AppState>| {
        (
            StaffRoute {
                pattern,
                method,
                access,
            },
            handler,
        )
    };
    vec![
        entry(routes::STAFF, Method::GET, Anyone, get(to_home)),
        entry(routes::STAFF_HOME, Method::GET, Editor, get(home)),
        entry(
            routes::STAFF_SIGN_IN,
            Method::GET,
            Anyone,
            get(sign_in_form),
        ),
        entry(
            routes::STAFF_SIGN_IN,
            Method::POST,
            Anyone,
            post(ask_for_link),
        ),
        entry(
            routes::STAFF_SIGN_IN_LINK,
            Method::GET,
            Anyone,
            get(link_page),
        ),
        entry(
            routes::STAFF_SIGN_IN_LINK,
            Method::POST,
            Anyone,
            post(use_link),
        ),
        entry(routes::STAFF_SIGN_OUT, Method::POST, Editor, post(sign_out)),
        entry(routes::STAFF_EDIT, Method::GET, Editor, get(edit_form)),
        entry(routes::STAFF_EDIT, Method::POST, Editor, post(save)),
        entry(routes::STAFF_HISTORY, Method::GET, Editor, get(history)),
        entry(routes::STAFF_HISTORY, Method::POST, Editor, post(restore)),
        entry(routes::STAFF_NEW, Method::POST, Editor, post(new_file)),
        entry(
            routes::STAFF_PREVIEW,
            Method::GET,
            Editor,
            get(preview_page),
        ),
        entry(
            routes::STAFF_PREVIEW_EVENTS,
            Method::GET,
            Editor,
            get(preview_events),
        ),
        entry(routes::STAFF_SCRIPT, Method::GET, Anyone, get(script)),
    ]
}

/// Every staff route, as the router has them.
pub fn routes() -> Vec<StaffRoute> {
    table().into_iter().map(|(route, _)| route).collect()
}

/// The staff routes, each pattern's methods together.
pub(super) fn router() -> Router<AppState> {
    let mut by_pattern: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for (route, handler) in table() {
        match by_pattern
            .iter_mut()
            .find(|(pattern, _)| *pattern == route.pattern)
        {
            Some((_, methods)) => *methods = std::mem::take(methods).merge(handler),
            None => by_pattern.push((route.pattern, handler)),
        }
    }
    by_pattern
        .into_iter()
        .fold(Router::new(), |router, (pattern, methods)| {
            router.route(pattern, methods)
        })
}

/// 404 unless the site has editors.
fn staff_on(state: &AppState) -> Result<(), PageError> {
    if state.staff.is_on(&state.site.load().site) {
        Ok(())
    } else {
        Err(PageError::NotFound)
    }
}

/// A staff page, never kept by a browser or proxy, never indexed.
fn staff_response(status: StatusCode, page: StaffPage<'_>, state: &AppState) -> Response {
    let loaded = state.site.load();
    match staff_page(&loaded.page_context(state.site.now(), 0), page) {
        Ok(html) => not_indexed(no_store((status, html_type(), html).into_response())),
        Err(error) => PageError::from(error).into_response(),
    }
}

fn not_indexed(mut response: Response) -> Response {
    response.headers_mut().insert(
        HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

/// The cookie's secret, if the browser sent one.
fn cookie_secret(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE).then_some(value)
        })
}

/// The signed-in editor of this request, if any.
async fn session(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, PageError> {
    let Some(secret) = cookie_secret(headers) else {
        return Ok(None);
    };
    let site = &state.site.load().site;
    state.staff.session(site, secret).await.map_err(|error| {
        tracing::error!(%error, "could not read a staff session");
        PageError::ServiceUnavailable
    })
}

/// The signed-in editor of a page's request, or the answer that sends
/// the browser to sign in (saying its session ended, if it had one).
async fn editor_or_sign_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Result<Session, Response>, PageError> {
    Ok(match session(state, headers).await? {
        Some(session) => Ok(session),
        None => {
            let ended = cookie_secret(headers).is_some();
            Err(to_sign_in(ended.then_some("ended")))
        }
    })
}

/// The session cookie holding `secret`; an empty one that ends at once
/// tells the browser to forget it.
fn session_cookie(secret: &str) -> HeaderValue {
    let ends = if secret.is_empty() { "; Max-Age=0" } else { "" };
    let cookie = format!("{COOKIE}={secret}; Path=/{ends}; HttpOnly; Secure; SameSite=Strict");
    // The secret is hex, so the value is always a valid header.
    HeaderValue::try_from(cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Sends a browser without a session to sign in, forgetting its cookie.
fn to_sign_in(notice: Option<&str>) -> Response {
    let location = match notice {
        Some(notice) => format!("{}?{notice}", routes::STAFF_SIGN_IN),
        None => routes::STAFF_SIGN_IN.to_owned(),
    };
    let mut response = Redirect::to(&location).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(""));
    no_store(response)
}

/// A signed-in editor's page: without editors a 404, and a browser
/// without a session (or with one that ended) is sent to sign in.
struct EditorPage(Session);

impl FromRequestParts<AppState> for EditorPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        staff_on(state).map_err(IntoResponse::into_response)?;
        match editor_or_sign_in(state, &parts.headers).await {
            Ok(Ok(session)) => Ok(EditorPage(session)),
            Ok(Err(to_sign_in)) => Err(to_sign_in),
            Err(error) => Err(error.into_response()),
        }
    }
}

/// `/staff`: the home is `/staff/`.
async fn to_home(State(state): State<AppState>) -> Result<Response, PageError> {
    staff_on(&state)?;
    Ok(Redirect::permanent(routes::STAFF_HOME).into_response())
}

/// `/staff/`: everything the content folder holds, for a signed-in editor;
/// `?q=` finds files by title or name.
async fn home(
    State(state): State<AppState>,
    EditorPage(session): EditorPage,
    uri: axum::http::Uri,
) -> Result<Response, PageError> {
    let query = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "q")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    home_page(&state, &session, &query, NewFile::default(), StatusCode::OK).await
}

/// The home with its list of files, as of now on disk.
async fn home_page(
    state: &AppState,
    session: &Session,
    query: &str,
    new: NewFile<'_>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (sources, live, now) = (
        state.site.sources().clone(),
        state.site.load_full(),
        state.site.now(),
    );
    let files = blocking(move || Ok(listing::list(&sources, &live.site, now))).await?;
    let token = state.staff.form_token(session);
    let page = StaffPage::Home {
        editor: &session.editor,
        token: &token,
        files: &files,
        query,
        new,
    };
    Ok(staff_response(status, page, state))
}

/// The home's "start something new": the new file's form, filled in from
/// its scaffold, at the address it will have. Nothing is written until it
/// is saved, through the same checks as every save.
async fn new_file(State(state): State<AppState>, request: Request) -> Result<Response, PageError> {
    staff_on(&state)?;
    let (session, posted) = editor_post(&state, request, MAX_SMALL_POST).await?;
    let kind_name = field(&posted, "kind").unwrap_or_default();
    let title = field(&posted, "title").unwrap_or_default().trim();
    let kind = match kind_name {
        "post" => Kind::Post,
        "therapist" => Kind::Therapist,
        "service" => Kind::Service,
        "page" => Kind::Page,
        _ => return Err(PageError::BadRequest),
    };
    let loaded = state.site.load_full();
    let content = state.site.sources().content.clone();
    let today = crate::content::scaffold::today(&content, state.site.now());
    let words = loaded.site.settings.catalog();
    let refused = |error: String| NewFile {
        kind: kind_name,
        title,
        error: Some(error),
    };
    let (path, text) = match crate::content::scaffold::draft(&content, kind, title, today) {
        Ok(draft) => draft,
        Err(_) => {
            let new = refused(words.message("staff-new-no-letters", &[]));
            return home_page(&state, &session, "", new, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let file = edited_or_new(&content, &path, true)?;
    if file.absolute.exists() {
        let said = words.message("staff-new-exists", &[("path", path.clone().into())]);
        let new = refused(said);
        return home_page(&state, &session, "", new, StatusCode::CONFLICT).await;
    }
    let document = Document::read(&text, true);
    let shown = Shown {
        document: &document,
        revision: edit::NEW_FILE,
        problems: &[],
        outcome: Some(EditOutcome::Unsaved),
    };
    render_edit(&state, &session, &file, shown, StatusCode::OK)
}

/// `/staff/sign-in`: asks for an address. `?signed-out` and `?ended` say
/// why the editor is here again.
async fn sign_in_form(
    State(state): State<AppState>,
    uri: axum::http::Uri,
) -> Result<Response, PageError> {
    staff_on(&state)?;
    let notice = match uri.query() {
        Some("signed-out") => Some("staff-signed-out"),
        Some("ended") => Some("staff-session-ended"),
        _ => None,
    };
    let page = StaffPage::SignIn {
        typed: "",
        error: None,
        notice,
    };
    Ok(staff_response(StatusCode::OK, page, &state))
}

/// A post on the way to signing in (an address, a link's button) must come
/// from this site and within the client's hourly share.
fn check_sign_in_post(state: &AppState, request: &Request) -> Result<(), PageError> {
    if !is_same_site(request.headers(), &state.site.load().urls) {
        tracing::warn!("refused a staff sign-in post sent from another site");
        return Err(PageError::Forbidden);
    }
    let client = client_ip(request, state.consultation.trust_proxy);
    match state.staff.check_client(client) {
        Verdict::Limited(retry_after) => Err(PageError::TooManyRequests { retry_after }),
        Verdict::Allowed => Ok(()),
    }
}

/// The address's post: the same "check your email" page for everyone; only
/// an editor's address is sent a link.
async fn ask_for_link(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, PageError> {
    staff_on(&state)?;
    check_sign_in_post(&state, &request)?;
    let fields = small_form(request, MAX_SMALL_POST).await?;
    let typed = fields
        .iter()
        .find(|(name, _)| name == "email")
        .map(|(_, value)| value.trim())
        .unwrap_or_default();
    if typed.is_empty() {
        let page = StaffPage::SignIn {
            typed,
            error: Some("staff-email-missing"),
            notice: None,
        };
        return Ok(staff_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            page,
            &state,
        ));
    }
    let loaded = state.site.load();
    let language = loaded.site.settings.catalog().language().clone();
    if let Err(error) = state
        .staff
        .ask_for_link(&loaded.site, typed, &language)
        .await
    {
        tracing::error!(%error, "could not store a sign-in link");
        return Err(PageError::ServiceUnavailable);
    }
    Ok(staff_response(StatusCode::OK, StaffPage::LinkSent, &state))
}

/// A link from the email: shows its button, and changes nothing, since
/// mail scanners open links before people do.
async fn link_page(
    State(state): State<AppState>,
    Path(link): Path<String>,
) -> Result<Response, PageError> {
    staff_on(&state)?;
    let site = &state.site.load().site;
    let editor = state
        .staff
        .link_editor(site, &link)
        .await
        .map_err(|error| {
            tracing::error!(%error, "could not read a sign-in link");
            PageError::ServiceUnavailable
        })?;
    let action = crate::urls::staff_sign_in_link(&link);
    Ok(match editor {
        Some(editor) => staff_response(
            StatusCode::OK,
            StaffPage::Link {
                action: &action,
                editor: &editor,
            },
            &state,
        ),
        None => staff_response(StatusCode::GONE, StaffPage::LinkGone, &state),
    })
}

/// The link's button: uses the link up, starts the session, sets its
/// cookie and goes to `/staff/`.
async fn use_link(
    State(state): State<AppState>,
    Path(link): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    staff_on(&state)?;
    check_sign_in_post(&state, &request)?;
    small_form(request, MAX_SMALL_POST).await?;
    let site = &state.site.load().site;
    let signed_in = state.staff.sign_in(site, &link).await.map_err(|error| {
        tracing::error!(%error, "could not sign an editor in");
        PageError::ServiceUnavailable
    })?;
    let Some(signed_in) = signed_in else {
        return Ok(staff_response(
            StatusCode::GONE,
            StaffPage::LinkGone,
            &state,
        ));
    };
    let mut response = Redirect::to(routes::STAFF_HOME).into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&signed_in.cookie_secret));
    Ok(no_store(response))
}

/// Reads a signed-in editor's post of at most `max` bytes: from this
/// site, with the session's token. Anything else is refused with 403, and
/// changes nothing.
async fn editor_post(
    state: &AppState,
    request: Request,
    max: usize,
) -> Result<(Session, Vec<(String, String)>), PageError> {
    let session = post_session(state, request.headers()).await?;
    let fields = small_form(request, max).await?;
    check_token(state, &session, &fields)?;
    Ok((session, fields))
}

/// The editor of a post that may change something: it must come from
/// this site and from a signed-in browser, else 403 before its body is read.
async fn post_session(state: &AppState, headers: &HeaderMap) -> Result<Session, PageError> {
    if !is_same_site(headers, &state.site.load().urls) {
        tracing::warn!("refused a staff post sent from another site");
        return Err(PageError::Forbidden);
    }
    session(state, headers).await?.ok_or(PageError::Forbidden)
}

/// 403 unless the post's `token` is the session's.
fn check_token(
    state: &AppState,
    session: &Session,
    fields: &[(String, String)],
) -> Result<(), PageError> {
    let token = fields
        .iter()
        .find(|(name, _)| name == "token")
        .map(|(_, value)| value.as_str())
        .unwrap_or_default();
    if state.staff.is_form_token(session, token) {
        Ok(())
    } else {
        tracing::warn!(editor = %session.editor, "refused a staff post without its session's token");
        Err(PageError::Forbidden)
    }
}

/// Ends the session and forgets the cookie.
async fn sign_out(State(state): State<AppState>, request: Request) -> Result<Response, PageError> {
    staff_on(&state)?;
    let (session, _) = editor_post(&state, request, MAX_SMALL_POST).await?;
    if let Err(error) = state.staff.sign_out(&session).await {
        tracing::error!(%error, "could not end a staff session");
        return Err(PageError::ServiceUnavailable);
    }
    Ok(to_sign_in(Some("signed-out")))
}

/// The most an editor's save posts: a long article and its fields. A
/// post with a photo may have [`crate::staff::photos::MAX_PHOTO_BYTES`] more.
const MAX_EDIT_POST: usize = 512 * 1024;

/// The file an editor's address names, if they may edit it and it
/// exists, with its text. Read off the async runtime: the path's checks
/// look at the disk too.
async fn open_file(state: &AppState, path: String) -> Result<(EditableFile, String), PageError> {
    let content = state.site.sources().content.clone();
    blocking(move || {
        let file = edited_file(&content, &path)?;
        let text = read_edited(&file)?;
        Ok((file, text))
    })
    .await
}

fn edited_file(content: &std::path::Path, path: &str) -> Result<EditableFile, PageError> {
    edited_or_new(content, path, false)
}

/// The file an editor's address names, if they may edit it: one that
/// exists, or, when it `may_be_new` (a new file's form), one that may be
/// made.
fn edited_or_new(
    content: &std::path::Path,
    path: &str,
    may_be_new: bool,
) -> Result<EditableFile, PageError> {
    let file = files::editable(content, path).map_err(|problem| {
        tracing::info!("the editor refused a path: {problem}");
        PageError::NotFound
    })?;
    if file.absolute.is_file() || may_be_new {
        Ok(file)
    } else {
        Err(PageError::NotFound)
    }
}

fn read_edited(file: &EditableFile) -> Result<String, PageError> {
    edit::read(file)
        .map_err(|error| PageError::internal("could not read a file to edit", error))
        .map(Option::unwrap_or_default)
}

/// Runs file work on a blocking thread.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, PageError> + Send + 'static,
) -> Result<T, PageError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| PageError::internal("file work failed", std::io::Error::other(error)))?
}

fn is_markdown(file: &EditableFile) -> bool {
    file.relative.ends_with(".md")
}

/// `/staff/edit/{path}`: the file's fields and text, to change and save.
async fn edit_form(
    State(state): State<AppState>,
    Path(path): Path<String>,
    EditorPage(session): EditorPage,
    uri: axum::http::Uri,
) -> Result<Response, PageError> {
    let (file, text) = open_file(&state, path).await?;
    let document = Document::read(&text, is_markdown(&file));
    let query = uri.query();
    let restored = query == Some(Write::Restore.notice());
    let saved = restored || query == Some(Write::Save.notice());
    let outcome = saved.then(|| EditOutcome::Saved {
        live: live_page(&state, &file),
        restored,
    });
    let revision = edit::revision_of(Some(text.as_bytes()));
    // Just saved: what the save found worth a look (a long title, a
    // translation now older than its original), while the file is as saved.
    let warnings = if saved {
        (state.staff).take_warnings(session.id, &file.relative, &revision)
    } else {
        Vec::new()
    };
    let shown = Shown {
        document: &document,
        revision: &revision,
        problems: &warnings,
        outcome,
    };
    render_edit(&state, &session, &file, shown, StatusCode::OK)
}

/// The live page of a file, when the site shows one for it now.
fn live_page(state: &AppState, file: &EditableFile) -> Option<String> {
    crate::render::languages::page_of_source(&state.site.load().site, &file.relative)
}

/// What the editor's page shows of a file.
struct Shown<'a> {
    document: &'a Document,
    revision: &'a str,
    problems: &'a [crate::content::ContentError],
    outcome: Option<EditOutcome<'a>>,
}

fn render_edit(
    state: &AppState,
    session: &Session,
    file: &EditableFile,
    shown: Shown<'_>,
    status: StatusCode,
) -> Result<Response, PageError> {
    render_edit_with(state, session, file, shown, PhotoForm::default(), status)
}

/// The editor's page, its photo group as `photo` says.
fn render_edit_with(
    state: &AppState,
    session: &Session,
    file: &EditableFile,
    shown: Shown<'_>,
    photo: PhotoForm<'_>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let token = state.staff.form_token(session);
    let loaded = state.site.load();
    let form = fields::form_fields(&file.relative, shown.document, &loaded.content);
    let view = EditView {
        form: &form,
        path: &file.relative,
        token: &token,
        revision: shown.revision,
        document: shown.document,
        problems: shown.problems,
        file: &file.absolute,
        outcome: shown.outcome,
        photo,
    };
    let html = edit_page(&loaded.page_context(state.site.now(), 0), view)?;
    let mut response = not_indexed(no_store((status, html_type(), html).into_response()));
    response.extensions_mut().insert(super::OwnScripts);
    Ok(response)
}

/// A posted field's value.
fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    (fields.iter())
        .find(|(field, _)| field == name)
        .map(|(_, value)| value.as_str())
}

/// The file an editor's post names, and its text with the post's fields
/// and body put into the file as it is now. Reads the disk.
fn changed_text(
    state: &AppState,
    path: &str,
    posted: &[(String, String)],
) -> Result<(EditableFile, String), PageError> {
    changed_document(state, path, posted).map(|(file, document)| (file, document.write()))
}

/// As [`changed_text`], the file split into its fields and body.
fn changed_document(
    state: &AppState,
    path: &str,
    posted: &[(String, String)],
) -> Result<(EditableFile, Document), PageError> {
    // Only a new file's form saves against the revision of no file.
    let may_be_new = field(posted, "revision") == Some(edit::NEW_FILE);
    let file = edited_or_new(&state.site.sources().content, path, may_be_new)?;
    let mut current = read_edited(&file)?;
    if is_markdown(&file) && !file.absolute.exists() {
        // A new file: its fields go between the dashes, as in every other.
        current = "---\n---\n".to_owned();
    }
    let mut document = Document::read(&current, is_markdown(&file));
    let form = fields::form_fields(&file.relative, &document, &state.site.load().content);
    fields::apply(&mut document, &form, posted);
    Ok((file, document))
}

/// 303 to `location`, never stored.
fn see_other(location: &str) -> Result<Response, PageError> {
    let location = HeaderValue::try_from(location).map_err(|_| PageError::BadRequest)?;
    Ok(no_store(
        (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
    ))
}

/// An editor's save: the fields and text put back into the file as it is
/// now, checked with the whole site, written only if it loads, then live
/// and kept as a version.
async fn save(
    State(state): State<AppState>,
    Path(path): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    staff_on(&state)?;
    let from_script = request.headers().contains_key(FROM_EDITOR_SCRIPT);
    let (session, fields, photo) = photos::edit_post(&state, request).await?;
    if field(&fields, "action") == Some("preview") {
        return keep_for_preview(&state, &session, path, fields, from_script).await;
    }
    // A photo chosen and then Save pressed is added first, never dropped
    // unseen: the page says so, and the next Save publishes it.
    if photos::is_photo_action(&fields) || photo.is_some() {
        return photos::add(&state, &session, path, fields, photo).await;
    }
    let revision = field(&fields, "revision").unwrap_or_default().to_owned();
    let (saving, editor) = (state.clone(), session.editor.clone());
    let written = blocking(move || {
        let (file, text) = changed_text(&saving, &path, &fields)?;
        let detail = file.relative.clone();
        let _one_at_a_time = saving.staff.one_save_at_a_time();
        let change = (file, text, revision);
        save_and_keep(&saving, change, &editor, Write::Save, &detail)
    })
    .await?;
    answer_write(&state, &session, written, Write::Save).await
}

/// What wrote a file: the audit's action and the edit page's notice after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    Save,
    Restore,
}

impl Write {
    /// What its version is kept as; its word is the audit's action too.
    fn kept_as(self) -> Action {
        match self {
            Write::Save => Action::Save,
            Write::Restore => Action::Restore,
        }
    }

    /// The edit page's query after it, which says what was done.
    fn notice(self) -> &'static str {
        match self {
            Write::Save => "saved",
            Write::Restore => "restored",
        }
    }
}

/// A save or restore: what was to be written and what [`edit::save`] did.
struct Written {
    file: EditableFile,
    /// The text that was to be written.
    text: String,
    /// The revision it was saved against, which a form shown again keeps.
    revision: String,
    saved: Saved,
}

/// Saves `text` to `file` against `revision` through [`edit::save`] and,
/// if it is written, keeps it as a version by `editor` (`detail` after the
/// message's first word). On a blocking thread, under
/// [`crate::staff::Staff::one_save_at_a_time`].
fn save_and_keep(
    state: &AppState,
    (file, text, revision): (EditableFile, String, String),
    editor: &str,
    write: Write,
    detail: &str,
) -> Result<Written, PageError> {
    let saved = edit::save(state.site.sources(), &file, &text, &revision)
        .map_err(|error| PageError::internal("could not write a file", error))?;
    if let Saved::Written { .. } = saved {
        (state.staff).record(&file.absolute, editor, write.kept_as(), detail);
    }
    Ok(Written {
        file,
        text,
        revision,
        saved,
    })
}

/// The steps after a save or restore, the same for both: a written file
/// is audited, goes live and the editor is sent to its page (303); a
/// refused one shows the text with its problems (422), a conflict both
/// versions (409).
async fn answer_write(
    state: &AppState,
    session: &Session,
    written: Written,
    write: Write,
) -> Result<Response, PageError> {
    let Written {
        file,
        text,
        revision,
        saved,
    } = written;
    let file = &file;
    let shown_text = Document::read(&text, is_markdown(file));
    match saved {
        Saved::Written { revision, warnings } => {
            (state.staff).keep_warnings(session.id, &file.relative, &revision, warnings);
            if let Err(error) = (state.staff)
                .audit(session, write.kept_as().word(), Some(file.relative.clone()))
                .await
            {
                tracing::error!(%error, "could not write the audit log");
            }
            let site = std::sync::Arc::clone(&state.site);
            match tokio::task::spawn_blocking(move || site.reload()).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::error!("a written file did not go live:\n{error}"),
                Err(error) => tracing::error!("a reload after a write failed: {error}"),
            }
            state.staff.drafts.forget(session.id, Some(&file.relative));
            see_other(&format!(
                "{}?{}",
                crate::urls::staff_edit(&file.relative),
                write.notice()
            ))
        }
        Saved::Refused { problems } => {
            let outcome = match write {
                Write::Save => EditOutcome::Refused,
                Write::Restore => EditOutcome::RestoreRefused,
            };
            let shown = Shown {
                document: &shown_text,
                revision: &revision,
                problems: &problems,
                outcome: Some(outcome),
            };
            render_edit(
                state,
                session,
                file,
                shown,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Saved::Conflict { current, revision } => {
            let theirs = current.unwrap_or_default();
            let shown = Shown {
                document: &shown_text,
                revision: &revision,
                problems: &[],
                outcome: Some(EditOutcome::Conflict { theirs: &theirs }),
            };
            render_edit(state, session, file, shown, StatusCode::CONFLICT)
        }
    }
}

/// `/staff/history/{path}`: the file's kept versions, newest first, with
/// what each changed and a button to restore each earlier one.
async fn history(
    State(state): State<AppState>,
    Path(path): Path<String>,
    EditorPage(session): EditorPage,
) -> Result<Response, PageError> {
    let content = state.site.sources().content.clone();
    let kept = state.staff.history().cloned();
    let (file, versions) = blocking(move || {
        let file = edited_file(&content, &path)?;
        let Some(history) = kept else {
            return Ok((file, None));
        };
        let failed = |error| PageError::internal("could not read a file's history", error);
        let mut versions = Vec::new();
        for version in history.versions(&file.absolute).map_err(failed)? {
            let changes = history
                .changes(&version.id, &file.absolute)
                .map_err(failed)?;
            versions.push((version, changes));
        }
        Ok((file, Some(versions)))
    })
    .await?;
    let token = state.staff.form_token(&session);
    let view = HistoryView {
        path: &file.relative,
        token: &token,
        versions: versions.as_deref(),
    };
    let loaded = state.site.load();
    let html = history_page(&loaded.page_context(state.site.now(), 0), view)?;
    Ok(not_indexed(no_store(
        (StatusCode::OK, html_type(), html).into_response(),
    )))
}

/// Restoring a kept version: its text goes through the same save as an
/// editor's, against the file as it is now, so a version the site can no
/// longer load with (a therapist since removed) is refused, not written.
async fn restore(
    State(state): State<AppState>,
    Path(path): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    staff_on(&state)?;
    let (session, fields) = editor_post(&state, request, MAX_SMALL_POST).await?;
    let Some(kept) = state.staff.history().cloned() else {
        return Err(PageError::NotFound);
    };
    let version = field(&fields, "version").unwrap_or_default().to_owned();
    let (restoring, editor) = (state.clone(), session.editor.clone());
    let written = blocking(move || {
        let file = edited_file(&restoring.site.sources().content, &path)?;
        let _one_at_a_time = restoring.staff.one_save_at_a_time();
        let text = match kept.text_at(&version, &file.absolute) {
            Ok(Some(text)) => text,
            Ok(None) => return Err(PageError::NotFound),
            Err(error) => return Err(PageError::internal("could not read a kept version", error)),
        };
        let revision = edit::revision_of(Some(read_edited(&file)?.as_bytes()));
        // A full id is 40 hex digits, so these are whole characters.
        let short: String = version.chars().take(7).collect();
        let detail = format!("{} to {short}", file.relative);
        let change = (file, text, revision);
        save_and_keep(&restoring, change, &editor, Write::Restore, &detail)
    })
    .await?;
    answer_write(&state, &session, written, Write::Restore).await
}
