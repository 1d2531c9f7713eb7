//! redline's HTTP server: the only crate that knows HTTP. It serves the read-only JSON API over a store
//! (`/api/v1/...`, contract in `api.rs` and the OpenAPI document at `/api/openapi.json`) and the
//! dashboard bundle (`/`, `/assets/*`, client routes).
//!
//! - [`Server`]: built once from a [`ServerConfig`] and the compiled dictionaries; [`Server::run`] serves
//!   until a shutdown future resolves, [`Server::spawn`] serves on a background thread (tests, demos).
//! - `params`: strict query-string decoding and bounded, typed parameters.
//! - `api`: the handlers; `dto`: the JSON shapes; `error`: the stable error codes.
//! - `state`: read-only connections on blocking threads; `assets`: the embedded dashboard.
//! - `signal`: series and alerts from `redline_engine::watch`, computed once per server and kept.
//!
//! The database is opened read-only: nothing the server does can change it, and a writer may ingest
//! into the same file meanwhile (WAL).

mod api;
mod assets;
mod dto;
mod error;
mod openapi;
mod params;
mod signal;
mod state;

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use redline_dict::Dictionaries;
use tokio::sync::oneshot;

pub use assets::Bundle;
pub use error::{ApiError, ErrorCode, ServerError};
pub use openapi::{ApiDoc, document_json};
pub use params::{MAX_PAGE_SIZE, MAX_QUERY_BYTES, MAX_TEXT_CHARS};
pub use state::AppState;

/// The default address: loopback only, port 8080.
pub const DEFAULT_ADDR: SocketAddr = SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080));

/// How to run the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Where to listen ([`DEFAULT_ADDR`]; port 0 picks a free port).
    pub addr: SocketAddr,
    /// The database file, opened read-only.
    pub db: PathBuf,
    /// Serve the dashboard from this directory instead of the bundle embedded in the binary.
    pub static_dir: Option<PathBuf>,
    /// At most this many database queries at once (each on its own read-only connection).
    pub read_connections: usize,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig { addr: DEFAULT_ADDR, db: PathBuf::from("redline.db"), static_dir: None, read_connections: 4 }
    }
}

/// Every route of the API, in the order of the OpenAPI document (the fallback serves the dashboard).
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/v1/health", get(api::health)),
        ("/api/v1/events", get(api::events)),
        ("/api/v1/stories", get(api::stories)),
        ("/api/v1/stories/{id}", get(api::story)),
        ("/api/v1/quotes", get(api::quotes)),
        ("/api/v1/actors", get(api::actors)),
        ("/api/v1/articles/{id}", get(api::articles)),
        ("/api/v1/series", get(api::series)),
        ("/api/v1/alerts", get(api::alerts)),
        ("/api/v1/alerts/{id}", get(api::alert)),
        ("/api/v1/network", get(api::network)),
        ("/api/openapi.json", get(api::openapi)),
    ]
}

/// The router over `state`: the API routes, JSON 404/405 answers, the dashboard for everything else.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for (path, route) in routes() {
        router = router.route(path, route);
    }
    router
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn fallback(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found(format!("no API route {path}")).into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed().await;
    }
    assets::serve(state.bundle(), path)
}

async fn method_not_allowed() -> Response {
    ApiError::new(ErrorCode::MethodNotAllowed, "only GET and HEAD are served").into_response()
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// A server ready to listen: the database opened and checked, the router built.
pub struct Server {
    addr: SocketAddr,
    router: Router,
}

impl Server {
    /// Opens the database read-only (a missing or too old file fails here, not per request) and builds the
    /// router. `dictionaries` serve `/api/v1/actors` and the names of network nodes.
    pub fn new(config: ServerConfig, dictionaries: Arc<Dictionaries>) -> Result<Server, ServerError> {
        let bundle = match &config.static_dir {
            None => Bundle::Embedded,
            Some(dir) => Bundle::directory(dir).ok_or_else(|| ServerError::StaticDir(dir.display().to_string()))?,
        };
        let state = AppState::new(config.db.clone(), config.read_connections, dictionaries, bundle)
            .map_err(|source| ServerError::Database { path: config.db.display().to_string(), source })?;
        state.warm_up();
        Ok(Server { addr: config.addr, router: router(state) })
    }

    /// The router, for embedding in another server or for in-process tests.
    pub fn router(&self) -> Router {
        self.router.clone()
    }

    /// Binds, calls `on_listening` with the bound address, and serves until `shutdown` resolves; then
    /// stops accepting and lets requests in flight finish. Blocks the calling thread.
    pub fn run<F>(self, on_listening: impl FnOnce(SocketAddr), shutdown: F) -> Result<(), ServerError>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let listener = bind(self.addr)?;
        on_listening(listener.local_addr()?);
        serve_blocking(listener, self.router, shutdown)
    }

    /// [`Server::run`] until Ctrl-C (SIGINT).
    pub fn run_until_ctrl_c(self, on_listening: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
        self.run(on_listening, async {
            // If the handler cannot be installed, serve until killed rather than stop at once.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }

    /// Binds now and serves on a background thread until [`RunningServer::stop`] (or drop).
    pub fn spawn(self) -> Result<RunningServer, ServerError> {
        let listener = bind(self.addr)?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let router = self.router;
        let thread = std::thread::spawn(move || {
            serve_blocking(listener, router, async {
                let _ = stopped.await;
            })
        });
        Ok(RunningServer { addr, stop: Some(stop), thread: Some(thread) })
    }
}

fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, ServerError> {
    let listener = std::net::TcpListener::bind(addr).map_err(|source| ServerError::Bind { addr, source })?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

fn serve_blocking<F>(listener: std::net::TcpListener, router: Router, shutdown: F) -> Result<(), ServerError>
where
    F: Future<Output = ()> + Send + 'static,
{
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, router).with_graceful_shutdown(shutdown).await
    })?;
    Ok(())
}

/// A server serving on a background thread.
pub struct RunningServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<(), ServerError>>>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, finishes requests in flight, and waits for the thread.
    pub fn stop(mut self) -> Result<(), ServerError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), ServerError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(ServerError::Io(std::io::Error::other("the server thread panicked"))),
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}
