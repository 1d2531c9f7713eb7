//! Read-only access to an existing database: a connection that cannot write, for the HTTP server and other
//! readers that must never migrate, lock for writing or create a file.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::{SCHEMA_VERSION, Store, StoreError, schema};

/// Why a database could not be opened read-only.
#[derive(Debug, thiserror::Error)]
pub enum ReadOnlyError {
    /// SQLite could not open or query the file (missing, not a database, unreadable).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The file's schema is older than this build reads; a read-only reader cannot migrate it.
    #[error(
        "database schema version {found} is older than this build reads ({supported}); \
         run `redline ingest` on it once to migrate it"
    )]
    SchemaTooOld {
        /// Version found in the file.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
}

impl From<rusqlite::Error> for ReadOnlyError {
    fn from(err: rusqlite::Error) -> ReadOnlyError {
        ReadOnlyError::Store(StoreError::Sqlite(err))
    }
}

impl Store {
    /// Opens an existing database for reading only: no file is created, no migration runs, and SQLite
    /// refuses every write (`SQLITE_OPEN_READ_ONLY` and `PRAGMA query_only`). The schema must be exactly
    /// [`SCHEMA_VERSION`]. A writer may ingest into the same file meanwhile (WAL): readers see committed data.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store, ReadOnlyError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", true)?;
        let found = schema::schema_version(&conn)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew { found, supported: SCHEMA_VERSION }.into());
        }
        if found < SCHEMA_VERSION {
            return Err(ReadOnlyError::SchemaTooOld { found, supported: SCHEMA_VERSION });
        }
        Ok(Store { conn })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{article, event};
    use redline_model::Taxonomy;

    #[test]
    fn reads_what_a_writer_stored_and_refuses_to_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut writer = Store::open(&path).unwrap();
        let a = article("a", "Russia threatened Ukraine.", vec![event(("Russia", "RUS"), "threatened", None, "130")]);
        writer.write_batch(std::slice::from_ref(&a), &Taxonomy::standard()).unwrap();
        let reader = Store::open_read_only(&path).unwrap();
        assert_eq!(reader.counts().unwrap().events, 1);
        let mut reader = reader;
        let mut b = a;
        b.id = "b".into();
        let err = reader.write_batch(&[b], &Taxonomy::standard()).unwrap_err();
        assert!(matches!(err, StoreError::Sqlite(_)), "{err}");
        assert_eq!(writer.counts().unwrap().articles, 1);
    }

    #[test]
    fn a_missing_file_is_an_error_and_is_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.db");
        assert!(Store::open_read_only(&path).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn an_older_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(crate::MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        drop(conn);
        let err = Store::open_read_only(&path).unwrap_err();
        assert!(matches!(err, ReadOnlyError::SchemaTooOld { found: 1, .. }), "{err}");
    }
}
