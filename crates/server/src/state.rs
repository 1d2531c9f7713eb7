//! What every handler shares: a small pool of read-only database connections, used on tokio's blocking
//! threads, and the compiled dictionaries (for actor look-ups and node names).
//!
//! SQLite calls block, so they never run on the async workers: [`AppState::read`] takes a permit (at most
//! `connections` queries at once), takes an idle connection or opens one, and runs the closure on
//! `spawn_blocking`. Connections go back to the pool afterwards; one that failed to open is not kept.
//!
//! Series and alerts ([`Signal`]) are computed once per state, on first use or by [`AppState::warm_up`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use redline_dict::{Dictionaries, EntryKind};
use redline_store::{ReadOnlyError, Store};
use tokio::sync::Semaphore;

use crate::assets::Bundle;
use crate::error::ApiError;
use crate::signal::Signal;

/// Shared state of the router.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
    dictionaries: Arc<Dictionaries>,
    names: HashMap<String, String>,
    bundle: Bundle,
    openapi: String,
    signal: OnceLock<Result<Arc<Signal>, ApiError>>,
}

impl AppState {
    /// State over the database at `db` (opened once here, so a bad file fails at start-up, not per request).
    pub fn new(
        db: PathBuf,
        connections: usize,
        dictionaries: Arc<Dictionaries>,
        bundle: Bundle,
    ) -> Result<AppState, ReadOnlyError> {
        let first = Store::open_read_only(&db)?;
        let names = country_and_organisation_names(&dictionaries);
        let openapi = crate::openapi::document_json();
        Ok(AppState {
            inner: Arc::new(Inner {
                db,
                idle: Mutex::new(vec![first]),
                permits: Semaphore::new(connections.max(1)),
                dictionaries,
                names,
                bundle,
                openapi,
                signal: OnceLock::new(),
            }),
        })
    }

    /// Runs `query` with a read-only connection on a blocking thread.
    pub async fn read<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let _permit = self.inner.permits.acquire().await.map_err(ApiError::internal)?;
        let inner = Arc::clone(&self.inner);
        let task = tokio::task::spawn_blocking(move || {
            let idle = inner.idle.lock().ok().and_then(|mut idle| idle.pop());
            let store = match idle {
                Some(store) => store,
                None => Store::open_read_only(&inner.db).map_err(ApiError::internal)?,
            };
            let result = query(&store);
            if let Ok(mut idle) = inner.idle.lock() {
                idle.push(store);
            }
            result
        });
        task.await.map_err(ApiError::internal)?
    }

    /// The alerts and coverage of the database, computed with `store` the first time (concurrent callers
    /// wait for that one computation). A failure is kept too: the database does not change.
    pub fn signal(&self, store: &Store) -> Result<Arc<Signal>, ApiError> {
        self.inner.signal.get_or_init(|| Signal::load(store).map(Arc::new)).clone()
    }

    /// Computes the alerts on a background thread with its own connection, so the first dashboard visit
    /// does not wait for them.
    pub fn warm_up(&self) {
        let state = self.clone();
        std::thread::spawn(move || {
            // A database that cannot be opened here fails again, with its message, on the first request.
            if let Ok(store) = Store::open_read_only(&state.inner.db) {
                let _ = state.signal(&store);
            }
        });
    }

    /// The compiled dictionaries.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.inner.dictionaries
    }

    /// The dictionary name of a country or organisation code, if it has one.
    pub fn name_of(&self, code: &str) -> Option<&str> {
        self.inner.names.get(code).map(String::as_str)
    }

    /// The dashboard bundle.
    pub fn bundle(&self) -> &Bundle {
        &self.inner.bundle
    }

    /// The OpenAPI document, serialized once at start-up.
    pub fn openapi(&self) -> &str {
        &self.inner.openapi
    }
}

/// Code → canonical name for countries and organisations (the first entry wins for a shared code).
fn country_and_organisation_names(dictionaries: &Dictionaries) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for entry in &dictionaries.actors {
        if !matches!(entry.kind, EntryKind::Country | EntryKind::Organisation) {
            continue;
        }
        for role in &entry.roles {
            names.entry(role.code.to_string()).or_insert_with(|| entry.name.to_string());
        }
    }
    names
}
