//! Errors at the HTTP edge: the stable error codes of the API contract, the JSON error body, and the
//! errors that stop the server from starting.
//!
//! Every error a client can see is an [`ApiError`]: a status, a stable snake_case [`ErrorCode`] and a
//! message for people. Bad input is always a 4xx with a precise code, never a 500; a 500 (`internal`)
//! means a bug or a broken database, and its details go to stderr, not to the client.

use std::net::SocketAddr;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The stable error codes of the API (`{"error": {"code": ...}}`). Never rename one: clients match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A parameter has a bad value (a malformed date, dyad, number or boolean), or is given twice.
    InvalidParameter,
    /// `from` is after `to`.
    InvalidRange,
    /// `page_size` is above the maximum.
    PageSizeTooLarge,
    /// A text parameter, a path id or the whole query string is too long.
    QueryTooLong,
    /// A query parameter the route does not know.
    UnknownParameter,
    /// The query string cannot be decoded (a bad `%` escape, bytes that are not UTF-8).
    MalformedQuery,
    /// No such route, article, story or file.
    NotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The route is part of the contract but not wired in this build.
    NotImplemented,
    /// A bug or a broken database; details are on the server's stderr.
    Internal,
}

impl ErrorCode {
    /// The code as it appears in the JSON body.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::InvalidRange => "invalid_range",
            ErrorCode::PageSizeTooLarge => "page_size_too_large",
            ErrorCode::QueryTooLong => "query_too_long",
            ErrorCode::UnknownParameter => "unknown_parameter",
            ErrorCode::MalformedQuery => "malformed_query",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::NotImplemented => "not_implemented",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::InvalidParameter
            | ErrorCode::InvalidRange
            | ErrorCode::PageSizeTooLarge
            | ErrorCode::QueryTooLong
            | ErrorCode::UnknownParameter
            | ErrorCode::MalformedQuery => StatusCode::BAD_REQUEST,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::NotImplemented => StatusCode::NOT_IMPLEMENTED,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An error answered to a client: its code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", code.as_str())]
pub struct ApiError {
    /// The stable code.
    pub code: ErrorCode,
    /// What was wrong, naming the parameter.
    pub message: String,
}

impl ApiError {
    /// An error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }

    /// `invalid_parameter` for `name`.
    pub fn invalid(name: &str, why: impl std::fmt::Display) -> ApiError {
        ApiError::new(ErrorCode::InvalidParameter, format!("parameter {name:?}: {why}"))
    }

    /// `not_found` with a message.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, message)
    }

    /// `internal`: logs the cause to stderr and tells the client nothing more.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        eprintln!("redline serve: internal error: {cause}");
        ApiError::new(ErrorCode::Internal, "internal error (see the server's log)")
    }
}

/// The JSON body of every error: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// The code and message of an [`ErrorBody`].
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code: `invalid_parameter`, `invalid_range`, `page_size_too_large`, `query_too_long`,
    /// `unknown_parameter`, `malformed_query`, `not_found`, `method_not_allowed`, `not_implemented`, `internal`.
    pub code: String,
    /// What was wrong, for people.
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code.as_str().to_string(), message: self.message } };
        let mut response = crate::dto::ApiJson(body).into_response();
        *response.status_mut() = self.code.status();
        if self.code == ErrorCode::MethodNotAllowed {
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The database could not be opened read-only.
    #[error("cannot open database {path}")]
    Database {
        /// The file.
        path: String,
        /// Why.
        source: redline_store::ReadOnlyError,
    },
    /// The address could not be bound (in use, not permitted).
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The async runtime could not be built, or serving failed.
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
    /// The static directory given does not exist or holds no `index.html`.
    #[error("static directory {0} has no index.html")]
    StaticDir(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_map_to_statuses() {
        assert_eq!(ErrorCode::InvalidRange.as_str(), "invalid_range");
        assert_eq!(ErrorCode::PageSizeTooLarge.status(), StatusCode::BAD_REQUEST);
        assert_eq!(ErrorCode::NotFound.status(), StatusCode::NOT_FOUND);
        assert_eq!(ErrorCode::NotImplemented.status(), StatusCode::NOT_IMPLEMENTED);
        let response = ApiError::invalid("from", "not a date").into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()),
            Some("application/json; charset=utf-8")
        );
    }
}
