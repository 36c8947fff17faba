//! The one page-error type: every designed refusal or failure a handler
//! can answer with, each status stated once (the axum examples'
//! `AppError` + `IntoResponse` pattern).
//!
//! A handler returns `Result<Response, PageError>` and writes `?` or
//! `Err(PageError::NotFound)`. The error becomes a response with its status
//! and its own headers (`Allow`, `Retry-After`) but no body; the designed
//! answers layer ([`super::answers`]), which can see the live site, then
//! gives every such response its designed page and the one cache policy
//! for error pages ([`crate::policy::NO_STORE`]). So the page, its content
//! type and its caching are decided in one place, and an internal error is
//! logged exactly once, here, and never shown to the visitor.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::render::RenderError;

/// What went wrong, as the visitor is told it.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// A malformed query or form (a repeated field, say): the visitor's mistake.
    #[error("bad request")]
    BadRequest,
    /// A post from another site.
    #[error("forbidden")]
    Forbidden,
    /// No page at this address.
    #[error("not found")]
    NotFound,
    /// An address that only shows something was sent a POST or the like.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The client refuses every encoding of the page, the identity included.
    #[error("not acceptable")]
    NotAcceptable,
    /// A request body trickled in too slowly; the connection is let go.
    #[error("request timeout")]
    RequestTimeout,
    /// A request body over the limit.
    #[error("payload too large")]
    PayloadTooLarge,
    /// A post that is not a form.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// Over a rate limit; the client may try again after this long.
    #[error("too many requests")]
    TooManyRequests { retry_after: Duration },
    /// Something of ours failed: logged once, answered with the designed 500.
    #[error("{during}")]
    Internal {
        /// What was being done, for the log.
        during: &'static str,
        /// Why it failed, for the log; `None` when there is nothing safe to
        /// say (a panic's message may hold a visitor's text).
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// Something we depend on is down (storage, say); worth trying again later.
    #[error("service unavailable")]
    ServiceUnavailable,
}

impl PageError {
    /// An internal failure while doing `during`.
    pub fn internal(
        during: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> PageError {
        PageError::Internal {
            during,
            source: Some(source.into()),
        }
    }

    /// The status the visitor gets, stated once for each kind.
    pub fn status(&self) -> StatusCode {
        match self {
            PageError::BadRequest => StatusCode::BAD_REQUEST,
            PageError::Forbidden => StatusCode::FORBIDDEN,
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            PageError::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            PageError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            PageError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            PageError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            PageError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            PageError::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

/// A page that failed to render is a bug of ours, never the visitor's.
impl From<RenderError> for PageError {
    fn from(error: RenderError) -> PageError {
        PageError::internal("a page failed to render", error)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        let headers = response.headers_mut();
        match &self {
            PageError::MethodNotAllowed => {
                headers.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            }
            // The answer depends on what the client accepts.
            PageError::NotAcceptable => {
                headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
            PageError::RequestTimeout => {
                headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            PageError::TooManyRequests { retry_after } => {
                headers.insert(header::RETRY_AFTER, retry_after_seconds(*retry_after));
            }
            // The detail goes to the log, never to the visitor.
            PageError::Internal {
                during,
                source: Some(source),
            } => tracing::error!(error = %source, "{during}"),
            PageError::Internal {
                during,
                source: None,
            } => tracing::error!("{during}"),
            _ => {}
        }
        response
    }
}

/// `Retry-After` in whole seconds, rounded up so a client that waits that
/// long finds the slot free, and at least one.
fn retry_after_seconds(after: Duration) -> HeaderValue {
    let seconds = after.as_secs() + u64::from(after.subsec_nanos() > 0);
    HeaderValue::from(seconds.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each error carries its own headers and no body of its own: the page
    /// is added in one place, by the designed answers layer.
    #[test]
    fn errors_carry_their_headers_and_no_body() {
        use axum::body::HttpBody;
        let allow = PageError::MethodNotAllowed.into_response();
        assert_eq!(allow.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(allow.headers()[header::ALLOW], "GET, HEAD");
        assert_eq!(allow.body().size_hint().exact(), Some(0));

        let limited = PageError::TooManyRequests {
            retry_after: Duration::from_millis(1_200),
        }
        .into_response();
        assert_eq!(limited.headers()[header::RETRY_AFTER], "2", "rounded up");
        let at_once = PageError::TooManyRequests {
            retry_after: Duration::ZERO,
        }
        .into_response();
        assert_eq!(at_once.headers()[header::RETRY_AFTER], "1");

        let internal = PageError::internal("testing", "a detail").into_response();
        assert_eq!(internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!internal.headers().contains_key(header::CONTENT_TYPE));
    }
}
