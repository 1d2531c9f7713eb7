//! The dashboard's static files: embedded in the binary at build time (`dashboard/dist/` when it exists,
//! else the placeholder under `crates/server/static/`; see `build.rs`), or read from a directory given at
//! start-up (for working on the dashboard without rebuilding the server).
//!
//! `GET /` and every path outside `/api` and `/assets/` answer `index.html` (the dashboard routes on the
//! client, `#/timeline`, ...), unless the path names a file at the bundle's root (`/favicon.ico`).
//! `/assets/*` answers the file or 404. A path with a `..` or `.` segment, a backslash or a NUL, raw or
//! percent-encoded, is 404 before any lookup: nothing outside the bundle is ever read. Hashed asset names
//! (`index-B2x9kq1Z.js`) are cached for a year; everything else is revalidated.

use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use include_dir::{Dir, include_dir};

use crate::error::ApiError;
use crate::params::decode_path;

/// The embedded bundle (path chosen by `build.rs`).
static EMBEDDED: Dir<'static> = include_dir!("$REDLINE_DASHBOARD_BUNDLE");

/// Where the dashboard's files come from.
#[derive(Debug, Clone)]
pub enum Bundle {
    /// Compiled into the binary.
    Embedded,
    /// Read from this directory on each request.
    Directory(PathBuf),
}

impl Bundle {
    /// A bundle read from `dir`, which must hold an `index.html`.
    pub fn directory(dir: &Path) -> Option<Bundle> {
        let dir = dir.canonicalize().ok()?;
        dir.join("index.html").is_file().then_some(Bundle::Directory(dir))
    }

    /// The bytes of the file at `relative` (segments already checked), if it exists.
    fn read(&self, relative: &str) -> Option<Vec<u8>> {
        match self {
            Bundle::Embedded => EMBEDDED.get_file(relative).map(|f| f.contents().to_vec()),
            Bundle::Directory(root) => {
                let path = root.join(relative).canonicalize().ok()?;
                // Belt and braces after the segment check: symlinks must not lead out of the bundle either.
                if !path.starts_with(root) || !path.is_file() {
                    return None;
                }
                std::fs::read(path).ok()
            }
        }
    }

    /// True if the embedded bundle is the placeholder (no dashboard was built into this binary).
    pub fn is_placeholder(&self) -> bool {
        matches!(self, Bundle::Embedded) && EMBEDDED.get_file("PLACEHOLDER").is_some()
    }
}

/// Answers a non-API `GET` for `raw_path` (as received, still percent-encoded).
pub fn serve(bundle: &Bundle, raw_path: &str) -> Response {
    let Some(relative) = safe_relative(raw_path) else {
        return ApiError::not_found(format!("no file {raw_path}")).into_response();
    };
    if relative.starts_with("assets/") {
        return match bundle.read(&relative) {
            Some(bytes) => file_response(&relative, bytes),
            None => ApiError::not_found(format!("no asset {raw_path}")).into_response(),
        };
    }
    if !relative.is_empty()
        && let Some(bytes) = bundle.read(&relative)
    {
        return file_response(&relative, bytes);
    }
    match bundle.read("index.html") {
        Some(bytes) => file_response("index.html", bytes),
        None => ApiError::internal("the dashboard bundle has no index.html").into_response(),
    }
}

/// The path without its leading `/`, decoded, if every segment is safe; `None` for a traversal attempt.
fn safe_relative(raw_path: &str) -> Option<String> {
    let decoded = decode_path(raw_path)?;
    let relative = decoded.trim_start_matches('/');
    let safe = relative
        .split('/')
        .all(|segment| segment != ".." && segment != "." && !segment.contains(['\\', '\0']) && !segment.contains(':'));
    // An empty segment (`//`) is harmless for lookups but never names a bundled file.
    (safe && !relative.contains("//")).then(|| relative.to_string())
}

fn file_response(name: &str, bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
    let cache = if is_hashed(name) { "public, max-age=31536000, immutable" } else { "no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The content type of a bundled file, by extension.
pub fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext).to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// True for an asset whose name carries a content hash (`assets/index-B2x9kq1Z.js`, `chunk.3f9a1c2e.css`):
/// its content never changes under that name, so browsers may keep it.
pub fn is_hashed(name: &str) -> bool {
    let Some(file) = name.strip_prefix("assets/") else { return false };
    let file = file.rsplit('/').next().unwrap_or(file);
    let stem = file.split_once('.').map_or(file, |(stem, _)| stem);
    let rest = file.strip_prefix(stem).unwrap_or("");
    // `name-HASH.ext` (Vite, Rollup) or `name.HASH.ext` (webpack).
    let candidates = [stem.rsplit_once('-').map(|(_, h)| h), rest.split('.').rev().nth(1)];
    candidates.into_iter().flatten().any(|hash| {
        (8..=32).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && hash.bytes().any(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_raw_and_encoded() {
        for path in [
            "/assets/../../Cargo.toml",
            "/assets/%2e%2e/%2e%2e/Cargo.toml",
            "/assets/%2E%2E%2FCargo.toml",
            "/..%2f..%2fetc/passwd",
            "/assets/..%5c..%5cCargo.toml",
            "/assets/./index.html",
            "/assets/x%00.js",
            "/assets/%ZZ",
            "/assets//etc/passwd",
            "/C:/Windows",
        ] {
            assert_eq!(safe_relative(path), None, "{path}");
        }
        assert_eq!(safe_relative("/").as_deref(), Some(""));
        assert_eq!(safe_relative("/assets/app%20x.js").as_deref(), Some("assets/app x.js"));
        assert_eq!(safe_relative("/timeline").as_deref(), Some("timeline"));
    }

    #[test]
    fn content_types_and_cache_rules() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/app-1A2b3C4d.JS"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("assets/logo.svg"), "image/svg+xml");
        assert_eq!(content_type("assets/blob"), "application/octet-stream");
        assert!(is_hashed("assets/index-B2x9kq1Z.js"));
        assert!(is_hashed("assets/chunk.3f9a1c2e.css"));
        assert!(!is_hashed("assets/uplot-min.css"));
        assert!(!is_hashed("assets/app.js"));
        assert!(!is_hashed("index-B2x9kq1Z.html"));
    }

    #[test]
    fn embedded_bundle_serves_index_for_client_routes_and_404_for_missing_assets() {
        let bundle = Bundle::Embedded;
        let index = serve(&bundle, "/");
        assert_eq!(index.status(), StatusCode::OK);
        assert_eq!(index.headers().get(header::CONTENT_TYPE).unwrap(), "text/html; charset=utf-8");
        assert_eq!(serve(&bundle, "/alerts/3").status(), StatusCode::OK);
        assert_eq!(serve(&bundle, "/assets/missing-file.js").status(), StatusCode::NOT_FOUND);
        assert_eq!(serve(&bundle, "/assets/../Cargo.toml").status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn a_directory_bundle_never_reads_outside_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dist");
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("index.html"), "<p>index</p>").unwrap();
        std::fs::write(root.join("assets/app-1A2b3C4d.js"), "let x;").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let bundle = Bundle::directory(&root).unwrap();
        let asset = serve(&bundle, "/assets/app-1A2b3C4d.js");
        assert_eq!(asset.status(), StatusCode::OK);
        assert_eq!(asset.headers().get(header::CACHE_CONTROL).unwrap(), "public, max-age=31536000, immutable");
        assert!(bundle.read("../secret.txt").is_none());
        assert_eq!(serve(&bundle, "/assets/..%2f..%2fsecret.txt").status(), StatusCode::NOT_FOUND);
        assert!(Bundle::directory(dir.path()).is_none());
    }
}
