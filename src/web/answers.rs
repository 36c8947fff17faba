//! The one place where an error gets its page: every error that would go
//! out without a body (a [`PageError`] from a handler, a 405 from the
//! router, a panic) gets the designed page for its status and the one
//! cache policy for error pages, and a client that refuses every form of a
//! page gets the designed 406.
//!
//! One hand-written layer rather than two `middleware::from_fn`s: those box
//! a clone of the inner service and its future on every request, which cost
//! about a tenth of the throughput on a page served from memory; this one
//! allocates nothing.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::body::HttpBody;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::{AppState, PageError};
use crate::policy::NO_STORE;
use crate::render::page::Accepted;

/// Wraps every route in [`DesignedAnswers`].
#[derive(Clone)]
pub struct DesignedAnswersLayer(pub AppState);

impl<S> tower::Layer<S> for DesignedAnswersLayer {
    type Service = DesignedAnswers<S>;

    fn layer(&self, inner: S) -> DesignedAnswers<S> {
        DesignedAnswers {
            inner,
            state: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct DesignedAnswers<S> {
    inner: S,
    state: AppState,
}

impl<S> tower::Service<Request> for DesignedAnswers<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Answer<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Answer<S::Future> {
        let language = PathLanguage::of(request.uri().path());
        if refuses_everything(&request) {
            return Answer::Ready {
                answer: Some(designed_in(
                    &self.state,
                    PageError::NotAcceptable.into_response(),
                    language,
                )),
            };
        }
        Answer::Inner {
            future: self.inner.call(request),
            state: self.state.clone(),
            language,
        }
    }
}

pin_project_lite::pin_project! {
    /// The inner service's response, or the 406 given at once.
    #[project = AnswerProjection]
    pub enum Answer<F> {
        Ready { answer: Option<Response> },
        Inner { #[pin] future: F, state: AppState, language: PathLanguage },
    }
}

impl<F> Future for Answer<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            AnswerProjection::Ready { answer } => Poll::Ready(Ok(answer
                .take()
                .expect("an answer is polled again only after it is taken"))),
            AnswerProjection::Inner {
                future,
                state,
                language,
            } => {
                let response = ready!(future.poll(cx))?;
                Poll::Ready(Ok(designed_in(state, response, *language)))
            }
        }
    }
}

/// A client that refuses every encoding Hearth can send, the identity
/// included (`Accept-Encoding: identity;q=0` alone, or `*;q=0`): it said
/// it cannot take the page as it is (RFC 9110 §12.5.3 and §15.5.7), and
/// sending the page anyway under a 406, as the compression layer would,
/// helps no one.
fn refuses_everything(request: &Request) -> bool {
    let values = || request.headers().get_all(header::ACCEPT_ENCODING).iter();
    // Most requests say nothing odd: only a refusal (`q=0`) can refuse all.
    let refuses_something = |value: &HeaderValue| {
        (value.as_bytes().windows(3)).any(|three| three.eq_ignore_ascii_case(b"q=0"))
    };
    values().any(refuses_something)
        && Accepted::parse(values().filter_map(|value| value.to_str().ok())).refuses_everything()
}

/// What a path's first segment could be: a language code of two or three
/// letters (`/es/…`), kept as bytes so that reading it costs every request
/// nothing but a look at the path; whether it is one of the site's
/// languages is asked only when an error page is wanted.
#[derive(Clone, Copy)]
pub(super) struct PathLanguage {
    code: [u8; 3],
    len: u8,
}

impl PathLanguage {
    fn of(path: &str) -> PathLanguage {
        let segment = path.get(1..).unwrap_or_default();
        let segment = segment.split('/').next().unwrap_or_default().as_bytes();
        let mut code = [0; 3];
        let len = if (2..=3).contains(&segment.len()) && segment.iter().all(u8::is_ascii_lowercase)
        {
            code[..segment.len()].copy_from_slice(segment);
            segment.len() as u8
        } else {
            0
        };
        PathLanguage { code, len }
    }

    /// The prefix a translation's pages would have (`/es`), if any.
    fn prefix(self) -> Option<String> {
        let code = std::str::from_utf8(&self.code[..usize::from(self.len)]).ok()?;
        (!code.is_empty()).then(|| format!("/{code}"))
    }
}

/// An error answered without a body (a [`PageError`], or a 405 from the
/// router, say) gets the designed page for its status, keeping its headers
/// (`Allow`, for one). Error pages are never stored: see [`NO_STORE`].
pub(super) fn designed(state: &AppState, response: Response) -> Response {
    designed_in(
        state,
        response,
        PathLanguage {
            code: [0; 3],
            len: 0,
        },
    )
}

/// [`designed`], in the language of the address asked for: a missing page
/// under `/es/` gets the Spanish 404 page.
fn designed_in(state: &AppState, response: Response, language: PathLanguage) -> Response {
    let status = response.status();
    let bare = (status.is_client_error() || status.is_server_error())
        && !response.headers().contains_key(header::CONTENT_TYPE)
        && response.body().size_hint().exact() == Some(0);
    if !bare {
        return response;
    }
    let prefix = language.prefix().unwrap_or_default();
    let Some(html) = (state.site.load().rendered).error_page_at(&prefix, status.as_u16()) else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::render::page::HTML),
    );
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    Response::from_parts(parts, axum::body::Body::from(html))
}
