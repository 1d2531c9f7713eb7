//! Crash safety: an ingest killed (SIGKILL) after some but not all batches were committed, then run
//! again, loses nothing and duplicates nothing; the database stays sound.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use crate::support::summary_value;

/// Articles in the generated corpus: enough to take a few seconds to code in a debug build.
const ARTICLES: usize = 240;

/// Articles per transaction: many small batches, so the kill lands between commits.
const BATCH: &str = "6";

/// The demo corpus, sorted.
fn demo_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/escalation-2021-22");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the demo corpus is present")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// `ARTICLES` articles in `dir`, copies of the demo corpus under new ids (`copy-N-<stem>`), so the
/// corpus does not depend on how many demo files there are.
fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).expect("corpus dir");
    let files = demo_files();
    assert!(!files.is_empty());
    for i in 0..ARTICLES {
        let source = &files[i % files.len()];
        let stem = source.file_stem().and_then(|s| s.to_str()).unwrap_or("article");
        let name = format!("copy-{}-{i:04}-{stem}.txt", i / files.len());
        fs::copy(source, corpus.join(name)).expect("copy");
    }
    corpus
}

fn ingest_command(corpus: &Path, db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_redline"));
    command
        .args(["ingest", "--threads", "2", "--batch-size", BATCH, "--db"])
        .arg(db)
        .arg(corpus)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run_to_end(corpus: &Path, db: &Path) -> Output {
    let output = ingest_command(corpus, db).output().expect("redline ingest runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

/// Committed articles, read without disturbing the writer; `None` while the schema is not there yet.
fn committed_articles(db: &Path) -> Option<u64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row("SELECT count(*) FROM articles", [], |row| row.get::<_, i64>(0)).ok().map(|n| n as u64)
}

/// Every stored event as `(article, seq, code, source, target, evidence)`, in order.
fn events(conn: &Connection) -> Vec<(String, i64, String, String, String, i64, i64)> {
    let mut stmt = conn
        .prepare(
            "SELECT article_id, seq, cameo, source_code, coalesce(target_code, ''), evidence_start, evidence_end \
             FROM events ORDER BY article_id, seq",
        )
        .expect("events query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .expect("events rows")
        .map(|r| r.expect("event row"))
        .collect()
}

fn article_ids(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("SELECT id FROM articles ORDER BY id").expect("ids query");
    stmt.query_map([], |r| r.get(0)).expect("ids").map(|r| r.expect("id")).collect()
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0)).expect("integrity_check runs")
}

#[test]
fn an_ingest_killed_midway_and_run_again_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = corpus(dir.path());
    let db = dir.path().join("killed.db");

    // Start, wait until some batches are committed, kill without warning.
    let mut child = ingest_command(&corpus, &db).spawn().expect("redline ingest starts");
    let deadline = Instant::now() + Duration::from_secs(300);
    let at_kill = loop {
        let committed = committed_articles(&db).unwrap_or(0);
        if committed >= 2 * BATCH.parse::<u64>().unwrap_or(1) {
            break committed;
        }
        if let Some(status) = child.try_wait().expect("child status") {
            panic!("ingest finished ({status}) before it could be killed; make the corpus larger");
        }
        assert!(Instant::now() < deadline, "no batch committed in time");
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    {
        let conn = Connection::open(&db).expect("the killed database opens");
        assert_eq!(integrity(&conn), "ok");
        let left = article_ids(&conn).len() as u64;
        assert!(left >= at_kill && left < ARTICLES as u64, "killed midway: {left} of {ARTICLES} stored");
        // Whole batches only: a transaction is committed with all its articles or not at all.
        assert_eq!(left % BATCH.parse::<u64>().unwrap_or(1), 0, "{left} is not a whole number of batches");
    }

    // The same ingest again finishes the job, keeping what was committed.
    let again = run_to_end(&corpus, &db);
    let kept = summary_value(&again, "unchanged");
    assert!(kept >= at_kill, "{kept} articles kept of at least {at_kill} committed");
    assert_eq!(summary_value(&again, "inserted") + kept, ARTICLES as u64);
    assert_eq!(summary_value(&again, "replaced"), 0);

    // A clean run into another database is the reference.
    let clean_db = dir.path().join("clean.db");
    run_to_end(&corpus, &clean_db);
    let killed = Connection::open(&db).expect("open");
    let clean = Connection::open(&clean_db).expect("open");
    assert_eq!(integrity(&killed), "ok");
    let ids = article_ids(&killed);
    assert_eq!(ids.len(), ARTICLES);
    assert_eq!(ids, article_ids(&clean));
    let (got, want) = (events(&killed), events(&clean));
    assert!(!want.is_empty());
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want);
    for table in ["quotes", "mentions"] {
        let count = |conn: &Connection| -> i64 {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
        };
        assert_eq!(count(&killed), count(&clean), "{table}");
    }
}
