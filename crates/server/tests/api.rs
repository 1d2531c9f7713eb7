//! API tests against a real server on loopback: a small database ingested from the repository's test
//! fixtures, served on an ephemeral port, queried over HTTP with `ureq` (and with a raw socket where a
//! client library would clean the request up: traversal paths, malformed escapes).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use redline_dict::Dictionaries;
use redline_engine::{IngestConfig, dictionaries, ingest};
use redline_server::{RunningServer, Server, ServerConfig};
use redline_store::Store;
use serde_json::Value;

struct Fixture {
    server: RunningServer,
    db: PathBuf,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn compiled_dictionaries() -> Dictionaries {
    Dictionaries::compile(&dictionaries::builtin()).expect("the shipped dictionaries compile")
}

/// One server for the whole test binary, over `tests/fixtures` ingested into a fresh database.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("redline-server-api");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("fixtures.db");
        let pipeline = redline_coder::Pipeline::new(compiled_dictionaries(), redline_engine::syntax::english());
        let mut store = Store::open(&db).unwrap();
        let inputs = [repo().join("tests/fixtures/articles"), repo().join("tests/fixtures/batch.jsonl")];
        ingest(&inputs, &pipeline, &mut store, IngestConfig { threads: 1, batch_size: 16 }, &|_| {}).unwrap();
        drop(store);
        let config = ServerConfig { addr: "127.0.0.1:0".parse().unwrap(), db: db.clone(), ..ServerConfig::default() };
        let server = Server::new(config, Arc::new(compiled_dictionaries())).unwrap().spawn().unwrap();
        Fixture { server, db }
    })
}

fn addr() -> SocketAddr {
    fixture().server.addr()
}

struct Reply {
    status: u16,
    content_type: String,
    cache_control: String,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }

    /// The error code of a JSON error body.
    fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or("").to_string()
    }
}

/// `GET path` with ureq (4xx and 5xx are replies, not errors).
fn get(path: &str) -> Reply {
    get_at(addr(), path)
}

/// `GET path` from the server at `addr`.
fn get_at(addr: SocketAddr, path: &str) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = agent.get(&format!("http://{addr}{path}")).call().unwrap();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (content_type, cache_control) = (header("content-type"), header("cache-control"));
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap();
    Reply { status, content_type, cache_control, body }
}

/// A request written byte for byte on a socket: the request line is sent exactly as given.
fn raw(method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr()).unwrap();
    write!(stream, "{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let header = |name: &str| {
        head.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.eq_ignore_ascii_case(name).then(|| value.trim().to_string())
            })
            .unwrap_or_default()
    };
    Reply {
        status,
        content_type: header("content-type"),
        cache_control: header("cache-control"),
        body: body.to_string(),
    }
}

fn items(reply: &Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["items"].as_array().cloned().unwrap_or_default()
}

#[test]
fn health_counts_what_was_ingested() {
    let reply = get("/api/v1/health");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "application/json; charset=utf-8");
    let health = reply.json();
    let store = Store::open_read_only(&fixture().db).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["articles"], counts.articles);
    assert_eq!(health["events"], counts.events);
    assert_eq!(health["quotes"], counts.quotes);
    assert!(counts.events >= 5, "the fixtures code events");
    assert_eq!(health["first_date"], "2021-11-14");
    assert_eq!(health["last_date"], "2022-03-01");
}

#[test]
fn events_filter_page_and_explain_themselves() {
    let all = get("/api/v1/events?page_size=500").json();
    let total = all["total"].as_u64().unwrap();
    assert_eq!(all["items"].as_array().unwrap().len() as u64, total);
    assert_eq!((all["page"].as_u64(), all["page_size"].as_u64()), (Some(1), Some(500)));

    // Each modality filter returns exactly the events of that modality; together they are all events.
    let mut by_modality = 0;
    for modality in ["asserted", "negated", "hypothetical", "future", "question", "reported", "denied"] {
        let reply = get(&format!("/api/v1/events?modality={modality}&page_size=500"));
        let listed = items(&reply);
        assert!(listed.iter().all(|e| e["modality"] == modality), "{modality}: {listed:?}");
        by_modality += reply.json()["total"].as_u64().unwrap();
    }
    assert_eq!(by_modality, total);
    let counted = items(&get("/api/v1/events?modality=counted&page_size=500"));
    assert!(!counted.is_empty());
    assert!(counted.iter().all(|e| e["modality"] == "asserted" || e["modality"] == "reported"));
    assert_eq!(get("/api/v1/events?modality=rumoured").code(), "invalid_parameter");

    // The seed-like fixture (Ryabkov warns NATO) yields RUS events with evidence that slices its article.
    let rus = get("/api/v1/events?actor=RUS&dyad=RUS:IGOWSTNAT");
    let events = items(&rus);
    assert!(!events.is_empty());
    for event in &events {
        assert!(event["source"]["code"].as_str().unwrap().starts_with("RUS"), "{event}");
        assert!(event["target"]["code"].as_str().unwrap().starts_with("IGOWSTNAT"), "{event}");
        assert_eq!(event["article_title"], "Russia warns NATO of dire consequences");
        assert_eq!(event["story_id"], event["article_id"]);
        assert!(event["rule"]["id"].as_str().is_some_and(|id| !id.is_empty()));
        let article = get(&format!("/api/v1/articles/{}", event["article_id"].as_str().unwrap())).json();
        let text = article["text"].as_str().unwrap();
        let span = &event["evidence"]["span"];
        let (start, end) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], event["evidence"]["text"].as_str().unwrap());
        let source = &event["source"]["span"];
        let (start, end) = (source[0].as_u64().unwrap() as usize, source[1].as_u64().unwrap() as usize);
        assert_eq!(&text[start..end], event["source"]["text"].as_str().unwrap());
    }

    // Directed vs undirected, roots, PLOVER, dates, article.
    let directed = get("/api/v1/events?dyad=IGOWSTNAT:UKR").json()["total"].as_u64().unwrap();
    let undirected = get("/api/v1/events?dyad=IGOWSTNAT:UKR&undirected=true").json()["total"].as_u64().unwrap();
    assert_eq!(directed, 0);
    assert!(undirected >= 2);
    for event in items(&get("/api/v1/events?root=13,10")) {
        assert!(["13", "10"].contains(&event["root"].as_str().unwrap()), "{event}");
    }
    for event in items(&get("/api/v1/events?plover=threaten")) {
        assert_eq!(event["plover"], "THREATEN");
    }
    let december = items(&get("/api/v1/events?from=2021-12-01&to=2021-12-31"));
    assert!(!december.is_empty());
    assert!(december.iter().all(|e| e["date"].as_str().unwrap().starts_with("2021-12")));
    let one = items(&get("/api/v1/events?article=jl-1"));
    assert!(one.iter().all(|e| e["article_id"] == "jl-1") && !one.is_empty());

    // Paging: pages of 2 walk the same events in the same order.
    let first = items(&get("/api/v1/events?page_size=2&page=1"));
    let second = items(&get("/api/v1/events?page_size=2&page=2"));
    assert_eq!(first.len(), 2);
    assert_eq!(first[..], all["items"].as_array().unwrap()[..2]);
    assert_eq!(second[..], all["items"].as_array().unwrap()[2..4]);
    let beyond = get("/api/v1/events?page=1000");
    assert!(items(&beyond).is_empty());
    assert_eq!(beyond.json()["total"].as_u64(), Some(total));
}

#[test]
fn unknown_dyads_and_actors_are_empty_pages_not_errors() {
    for path in ["/api/v1/events?dyad=XYZ:ABC", "/api/v1/events?actor=ZZZ", "/api/v1/events?dyad=xyz:abc&undirected=1"]
    {
        let reply = get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.json()["total"], 0, "{path}");
    }
}

#[test]
fn stories_and_a_story_with_members() {
    let page = get("/api/v1/stories");
    let stories = items(&page);
    assert_eq!(page.json()["total"].as_u64(), Some(stories.len() as u64));
    let warns = stories.iter().find(|s| s["id"] == "russia-warns-20211114").expect("the fixture's story");
    assert_eq!(warns["title"], "Russia warns NATO of dire consequences");
    assert_eq!(warns["first_seen"], "2021-11-14");
    let story = get("/api/v1/stories/russia-warns-20211114");
    assert_eq!(story.status, 200);
    let story = story.json();
    assert_eq!(story["articles"], 1);
    assert_eq!(story["members"][0]["id"], "russia-warns-20211114");
    assert_eq!(story["members"][0]["source_host"], "example.invalid");
    let late = items(&get("/api/v1/stories?from=2022-01-01"));
    assert!(late.iter().all(|s| s["first_seen"].as_str().unwrap() >= "2022-01-01"));
    assert!(late.len() < stories.len());
    let missing = get("/api/v1/stories/no-such-story");
    assert_eq!((missing.status, missing.code().as_str()), (404, "not_found"));
}

#[test]
fn quotes_search_by_speaker_and_words() {
    let by_speaker = items(&get("/api/v1/quotes?speaker=ryabkov"));
    assert_eq!(by_speaker.len(), 1);
    let quote = &by_speaker[0];
    assert_eq!(quote["speaker"]["code"], "RUSGOV");
    assert_eq!(quote["article_title"], "Russia warns NATO of dire consequences");
    assert_eq!(quote["date"], "2021-11-14");
    let article = get("/api/v1/articles/russia-warns-20211114").json();
    let text = article["text"].as_str().unwrap();
    let (start, end) = (quote["span"][0].as_u64().unwrap() as usize, quote["span"][1].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], quote["text"].as_str().unwrap());
    let by_words = items(&get("/api/v1/quotes?q=FURTHER+EXPANSION"));
    assert_eq!(by_words, by_speaker);
    assert!(items(&get("/api/v1/quotes?q=no%20such%20words")).is_empty());
    assert!(items(&get("/api/v1/quotes?from=2022-01-01")).iter().all(|q| q["date"].as_str() >= Some("2022-01-01")));
    // Kinds: scare quotes only when asked for; the default is direct and partial.
    let all = get("/api/v1/quotes?kind=direct,partial,scare&page_size=500").json()["total"].as_u64().unwrap();
    let feed = get("/api/v1/quotes?page_size=500").json()["total"].as_u64().unwrap();
    let scare = items(&get("/api/v1/quotes?kind=scare&page_size=500"));
    assert!(scare.iter().all(|q| q["kind"] == "scare"));
    assert_eq!(all, feed + scare.len() as u64);
    assert_eq!(get("/api/v1/quotes?kind=quoted").code(), "invalid_parameter");
}

#[test]
fn actors_resolve_names_on_a_date() {
    let lavrov = items(&get("/api/v1/actors?name=Lavrov&date=2022-01-15"));
    assert!(!lavrov.is_empty());
    assert!(lavrov.iter().any(|a| a["code"].as_str().is_some_and(|c| c.starts_with("RUS")) && a["kind"] == "person"));
    assert!(lavrov[0]["entry"].as_str().unwrap().contains(".txt:"));
    assert!(!lavrov[0]["roles"].as_array().unwrap().is_empty());
    let russia = items(&get("/api/v1/actors?name=Russia"));
    assert_eq!(russia[0]["code"], "RUS");
    assert_eq!(russia[0]["kind"], "country");
    assert!(items(&get("/api/v1/actors?name=Nobody+Inparticular")).is_empty());
    assert_eq!(get("/api/v1/actors").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/actors?name=%20%20").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/actors?name=Russia&date=2022-02-30").code(), "invalid_parameter");
}

#[test]
fn an_article_with_its_annotations() {
    let reply = get("/api/v1/articles/russia-warns-20211114");
    assert_eq!(reply.status, 200);
    let article = reply.json();
    let text = article["text"].as_str().unwrap();
    assert!(text.contains("Ryabkov"));
    assert_eq!(article["url"], "https://example.invalid/russia-warns");
    assert_eq!(article["story_id"], "russia-warns-20211114");
    let mentions = article["mentions"].as_array().unwrap();
    assert!(mentions.iter().any(|m| m["code"] == "IGOWSTNAT"));
    for mention in mentions {
        let (start, end) =
            (mention["span"][0].as_u64().unwrap() as usize, mention["span"][1].as_u64().unwrap() as usize);
        assert!(text.get(start..end).is_some_and(|s| !s.is_empty()), "{mention}");
    }
    let events = article["events"].as_array().unwrap();
    assert!(events.iter().all(|e| e["article_id"] == "russia-warns-20211114") && !events.is_empty());
    assert_eq!(article["quotes"].as_array().unwrap().len(), 1);
    // Ids are percent-decoded; an unknown id is a JSON 404.
    assert_eq!(get("/api/v1/articles/russia%2Dwarns-20211114").status, 200);
    let missing = get("/api/v1/articles/nope");
    assert_eq!((missing.status, missing.code().as_str()), (404, "not_found"));
    assert_eq!(raw("GET", "/api/v1/articles/%FF%FE").code(), "invalid_parameter");
    let long = format!("/api/v1/articles/{}", "a".repeat(201));
    assert_eq!(get(&long).code(), "query_too_long");
}

#[test]
fn network_of_who_acts_on_whom() {
    let network = get("/api/v1/network?min_events=1").json();
    let edges = network["edges"].as_array().unwrap();
    let rus_nato = edges.iter().find(|e| e["source"] == "RUS" && e["target"] == "IGOWSTNAT").expect("RUS → NATO");
    assert_eq!(rus_nato["events"], 3);
    assert_eq!(rus_nato["conflict"], 3);
    assert!(rus_nato["goldstein_mean"].as_f64().unwrap() < 0.0);
    assert!(edges.iter().all(|e| e["source"] != e["target"]));
    let nodes = network["nodes"].as_array().unwrap();
    let russia = nodes.iter().find(|n| n["code"] == "RUS").unwrap();
    assert_eq!(russia["name"], "Russia");
    // The default keeps edges with at least 5 events: none in the fixtures.
    assert!(get("/api/v1/network").json()["edges"].as_array().unwrap().is_empty());
    // After 2022-01-01 the fixtures hold one Russian act: "Russia attacked Ukraine" (24 February), none on NATO.
    let later = get("/api/v1/network?min_events=1&from=2022-01-01").json();
    let from_russia: Vec<_> = later["edges"].as_array().unwrap().iter().filter(|e| e["source"] == "RUS").collect();
    assert_eq!(from_russia.len(), 1, "{from_russia:?}");
    assert_eq!(from_russia[0]["target"], "UKR");
    assert_eq!(get("/api/v1/network?min_events=0").code(), "invalid_parameter");
}

#[test]
fn series_and_alerts_validate_their_parameters() {
    assert_eq!(get("/api/v1/series").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/series?dyad=RUSUKR").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/series?dyad=RUS:UKR&by=month").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/series?dyad=RUS:UKR&normalise=maybe").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/series?dyad=RUS:UKR&from=2022-02-01&to=2022-01-01").code(), "invalid_range");
    assert_eq!(get("/api/v1/series?dyad=RUS:UKR&from=1900-01-01&to=2022-01-01").code(), "invalid_range");
    assert_eq!(get("/api/v1/alerts?since=yesterday").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/alerts?dyad=RUS").code(), "invalid_parameter");
    assert_eq!(get("/api/v1/alerts?level=high").code(), "unknown_parameter");
    let missing = get("/api/v1/alerts/RUS-UKR:2022-02-20:spike");
    assert_eq!((missing.status, missing.code().as_str()), (404, "not_found"));
    assert_eq!(get("/api/v1/alerts/nonsense").code(), "not_found");
}

#[test]
fn a_series_on_the_small_fixtures_counts_their_events() {
    // Too few events for an alert here (see the surge tests below), but the series is there.
    let reply = get("/api/v1/series?dyad=RUS:IGOWSTNAT&undirected=true");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let series = reply.json();
    assert_eq!(series["dyad"], "RUS-IGOWSTNAT");
    assert_eq!(series["by"], "day");
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 108, "every day from 2021-11-14 to 2022-03-01");
    assert_eq!(points[0]["date"], "2021-11-14");
    // Every stored article is dated, so the series holds every event of the dyad.
    let events: u64 = points.iter().map(|p| p["events"].as_u64().unwrap()).sum();
    let page = get("/api/v1/events?dyad=RUS:IGOWSTNAT&undirected=true").json();
    assert_eq!(events, page["total"].as_u64().unwrap());
    assert!(events >= 1, "the fixtures hold Ryabkov's warning to NATO");
    assert_eq!(series["alerts"], serde_json::json!([]));
    let weeks = get("/api/v1/series?dyad=RUS:UKR&from=2022-02-20&to=2022-03-01&by=week").json();
    assert_eq!(weeks["points"].as_array().unwrap().len(), 3, "weeks of Feb 14, Feb 21 and Feb 28");
    assert_eq!(weeks["dyad"], "RUS:UKR");
}

/// A server over a crafted corpus: 60 days from 2022-01-01 with six articles a day, a Russian threat to
/// Ukraine every other day, then five a day from 2022-02-20 (each its own story), so the detector fires.
fn surge() -> &'static Fixture {
    static SURGE: OnceLock<Fixture> = OnceLock::new();
    SURGE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("redline-server-surge");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        const WORDS: [&str; 40] = [
            "river", "harbour", "winter", "grain", "cable", "bridge", "market", "school", "valley", "engine", "garden",
            "signal", "copper", "forest", "island", "ladder", "mirror", "needle", "orchard", "pepper", "quarry",
            "saddle", "timber", "velvet", "wagon", "anchor", "basket", "candle", "feather", "lantern", "marble",
            "nickel", "pillow", "ribbon", "silver", "thimble", "violet", "walnut", "yellow", "zephyr",
        ];
        let mut seed: u64 = 7;
        let mut filler = || {
            (0..14)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    WORDS[(seed >> 33) as usize % WORDS.len()]
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut lines = String::new();
        let first = redline_model::Date::new(2022, 1, 1).unwrap();
        for day in 0..60_i64 {
            let date = redline_signal::add_days(first, day).unwrap();
            let threats = if day >= 50 {
                5
            } else if day % 2 == 0 {
                1
            } else {
                0
            };
            for n in 0..6 {
                let text = if n < threats {
                    format!(
                        "Russia threatened Ukraine with military action. \"We will not allow this,\" Kremlin \
                         spokesman Dmitry Peskov said. Notes: {}.",
                        filler()
                    )
                } else {
                    format!("Farmers discussed the harvest. Notes: {}.", filler())
                };
                let article = serde_json::json!({
                    "id": format!("{date}-{n}"), "title": format!("Report {n} of {date}"), "date": date.to_string(),
                    "url": format!("https://news.example/{date}/{n}"), "text": text,
                });
                lines.push_str(&format!("{article}\n"));
            }
        }
        let corpus = dir.join("surge.jsonl");
        std::fs::write(&corpus, lines).unwrap();
        let db = dir.join("surge.db");
        let pipeline = redline_coder::Pipeline::new(compiled_dictionaries(), redline_engine::syntax::english());
        let mut store = Store::open(&db).unwrap();
        ingest(&[corpus], &pipeline, &mut store, IngestConfig { threads: 1, batch_size: 64 }, &|_| {}).unwrap();
        drop(store);
        let config = ServerConfig { addr: "127.0.0.1:0".parse().unwrap(), db: db.clone(), ..ServerConfig::default() };
        let server = Server::new(config, Arc::new(compiled_dictionaries())).unwrap().spawn().unwrap();
        Fixture { server, db }
    })
}

#[test]
fn alerts_fire_on_the_surge_and_explain_themselves() {
    let addr = surge().server.addr();
    let alerts = items(&get_at(addr, "/api/v1/alerts"));
    assert!(!alerts.is_empty(), "no alert on the surge");
    let mut dates: Vec<&str> = alerts.iter().map(|a| a["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "not newest first: {dates:?}");
    dates.sort_unstable();
    assert!(dates[0] >= "2022-02-20", "an alert before the surge: {dates:?}");
    for alert in &alerts {
        let (dyad, date, rule) =
            (alert["dyad"].as_str().unwrap(), alert["date"].as_str().unwrap(), alert["rule"].as_str().unwrap());
        assert_eq!(dyad, "RUS-UKR");
        assert_eq!(alert["id"].as_str().unwrap(), format!("{dyad}:{date}:{rule}"));
        assert!(["warning", "high", "critical"].contains(&alert["severity"].as_str().unwrap()), "{alert}");
        assert!(alert["value"].as_f64().unwrap() > alert["baseline"].as_f64().unwrap(), "{alert}");
        let explanation = &alert["explanation"];
        let events = explanation["events"].as_array().unwrap();
        assert!(!events.is_empty());
        let articles: Vec<&str> =
            explanation["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
        for event in events {
            assert!(event["source"]["code"].as_str().unwrap().starts_with("RUS"), "{event}");
            assert_eq!(event["cameo"], "138");
            let article_id = event["article_id"].as_str().unwrap();
            assert!(articles.contains(&article_id), "{article_id} not among {articles:?}");
            assert!(event["article_title"].as_str().unwrap().starts_with("Report "));
            // The evidence span slices the article's text.
            let article = get_at(addr, &format!("/api/v1/articles/{article_id}")).json();
            let text = article["text"].as_str().unwrap();
            let span = &event["evidence"]["span"];
            let (start, end) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
            assert_eq!(&text[start..end], event["evidence"]["text"].as_str().unwrap());
        }
        let quotes = explanation["quotes"].as_array().unwrap();
        assert!(quotes.iter().all(|q| q["text"].as_str().unwrap().contains("We will not allow this")), "{quotes:?}");
        // The one alert by id is the same document.
        let one = get_at(addr, &format!("/api/v1/alerts/{}", alert["id"].as_str().unwrap()));
        assert_eq!(one.status, 200, "{}", one.body);
        assert_eq!(&one.json(), alert);
    }
    assert!(alerts.iter().any(|a| !a["explanation"]["quotes"].as_array().unwrap().is_empty()), "no quotation");

    // Filters: the dyad in either order and direction, `since`, a calm dyad computed on demand.
    assert_eq!(items(&get_at(addr, "/api/v1/alerts?dyad=UKR:RUS")).len(), alerts.len());
    assert_eq!(items(&get_at(addr, "/api/v1/alerts?dyad=RUS-UKR")).len(), alerts.len());
    let newest = alerts[0]["date"].as_str().unwrap();
    let since = items(&get_at(addr, &format!("/api/v1/alerts?since={newest}")));
    assert!(!since.is_empty() && since.len() <= alerts.len());
    assert!(since.iter().all(|a| a["date"].as_str().unwrap() >= newest));
    assert!(items(&get_at(addr, "/api/v1/alerts?dyad=USA:FRA")).is_empty());
    assert!(items(&get_at(addr, "/api/v1/alerts?since=2030-01-01")).is_empty());

    // Modalities: `counted` is the default; the surge's threats are asserted, so none is negated.
    let counted = items(&get_at(addr, "/api/v1/alerts?modality=counted"));
    let ids = |list: &[serde_json::Value]| list.iter().map(|a| a["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&counted), ids(&alerts));
    assert!(items(&get_at(addr, "/api/v1/alerts?modality=negated")).is_empty());
    assert!(items(&get_at(addr, "/api/v1/alerts?dyad=RUS-UKR&modality=question,denied")).is_empty());
    let bad = get_at(addr, "/api/v1/alerts?modality=rumoured");
    assert_eq!(bad.code(), "invalid_parameter", "{}", bad.body);
    assert!(bad.body.contains("modality"), "{}", bad.body);
}

#[test]
fn the_surge_series_carries_the_metric_and_the_dyads_alerts() {
    let addr = surge().server.addr();
    let raw = get_at(addr, "/api/v1/series?dyad=RUS:UKR&undirected=true");
    assert_eq!(raw.status, 200, "{}", raw.body);
    let raw = raw.json();
    let points = raw["points"].as_array().unwrap();
    assert_eq!(points.len(), 60, "every stored day, empty ones too");
    assert_eq!((points[0]["date"].as_str(), points[59]["date"].as_str()), (Some("2022-01-01"), Some("2022-03-01")));
    let events: u64 = points.iter().map(|p| p["events"].as_u64().unwrap()).sum();
    let page = get_at(addr, "/api/v1/events?dyad=RUS:UKR&undirected=true&page_size=1").json();
    assert_eq!(events, page["total"].as_u64().unwrap());
    let last = &points[59];
    assert_eq!(last["articles"], 6);
    assert!(last["value"].as_f64().unwrap() >= 5.0, "five threats (stories) that day: {last}");
    assert_eq!(last["value"], last["metric"]);
    let asserted = get_at(addr, "/api/v1/series?dyad=RUS:UKR&undirected=true&modality=asserted").json();
    assert_eq!(asserted["points"], raw["points"], "every surge event is asserted");
    let negated = get_at(addr, "/api/v1/series?dyad=RUS:UKR&undirected=true&modality=negated").json();
    assert!(negated["points"].as_array().unwrap().iter().all(|p| p["events"] == 0), "{negated}");
    assert_eq!(negated["alerts"], serde_json::json!([]));
    let normalised = get_at(addr, "/api/v1/series?dyad=RUS:UKR&undirected=true&normalise=true").json();
    let last_normalised = &normalised["points"][59];
    let expected = 100.0 * last["metric"].as_f64().unwrap() / 6.0;
    assert!((last_normalised["value"].as_f64().unwrap() - expected).abs() < 1e-9, "{last_normalised}");
    // The series' alerts are the dyad's alerts, with the same ids as /alerts.
    let mut series_ids: Vec<String> =
        raw["alerts"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
    let mut listed: Vec<String> =
        items(&get_at(addr, "/api/v1/alerts")).iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
    series_ids.sort();
    listed.sort();
    assert!(!series_ids.is_empty());
    assert_eq!(series_ids, listed);
    // A range before the surge has no alert; weeks sum the days.
    let early = get_at(addr, "/api/v1/series?dyad=UKR:RUS&undirected=true&to=2022-02-10").json();
    assert_eq!(early["alerts"], serde_json::json!([]));
    let weeks = get_at(addr, "/api/v1/series?dyad=RUS:UKR&undirected=true&by=week").json();
    let week_events: u64 = weeks["points"].as_array().unwrap().iter().map(|p| p["events"].as_u64().unwrap()).sum();
    assert_eq!(week_events, events);
}

#[test]
fn bad_parameters_get_400_with_stable_codes() {
    let cases = [
        ("/api/v1/events?from=2022-02-01&to=2022-01-01", "invalid_range"),
        ("/api/v1/quotes?from=2022-02-01&to=2022-01-01", "invalid_range"),
        ("/api/v1/stories?from=2022-02-01&to=2022-01-01", "invalid_range"),
        ("/api/v1/events?from=2022-13-01", "invalid_parameter"),
        ("/api/v1/events?from=yesterday", "invalid_parameter"),
        ("/api/v1/events?page_size=501", "page_size_too_large"),
        ("/api/v1/events?page_size=1000000000000", "page_size_too_large"),
        ("/api/v1/quotes?page_size=100000", "page_size_too_large"),
        ("/api/v1/events?page_size=0", "invalid_parameter"),
        ("/api/v1/events?page=0", "invalid_parameter"),
        ("/api/v1/events?page=abc", "invalid_parameter"),
        ("/api/v1/events?dyad=RUS", "invalid_parameter"),
        ("/api/v1/events?dyad=RUS:UKR:USA", "invalid_parameter"),
        ("/api/v1/events?dyad=R%27S:UKR", "invalid_parameter"),
        ("/api/v1/events?actor=RUS%3BDROP", "invalid_parameter"),
        ("/api/v1/events?root=99", "invalid_parameter"),
        ("/api/v1/events?undirected=maybe", "invalid_parameter"),
        ("/api/v1/events?page=1&page=2", "invalid_parameter"),
        ("/api/v1/events?actor=RUS&actor=UKR", "invalid_parameter"),
        ("/api/v1/events?colour=red", "unknown_parameter"),
        ("/api/v1/health?verbose=1", "unknown_parameter"),
    ];
    for (path, code) in cases {
        let reply = get(path);
        assert_eq!((reply.status, reply.code().as_str()), (400, code), "{path}: {}", reply.body);
        assert_eq!(reply.content_type, "application/json; charset=utf-8", "{path}");
        assert!(!reply.json()["error"]["message"].as_str().unwrap_or("").is_empty(), "{path}");
    }
    // Empty values count as not given.
    assert_eq!(get("/api/v1/events?from=&to=&dyad=").status, 200);
}

#[test]
fn malformed_and_long_queries() {
    for target in ["/api/v1/quotes?q=%ZZ", "/api/v1/quotes?q=%", "/api/v1/quotes?q=%C3%28", "/api/v1/events?%ZZ=1"] {
        let reply = raw("GET", target);
        assert_eq!((reply.status, reply.code().as_str()), (400, "malformed_query"), "{target}: {}", reply.body);
    }
    let long_text = format!("/api/v1/quotes?q={}", "a".repeat(201));
    assert_eq!(get(&long_text).code(), "query_too_long");
    assert_eq!(get(&format!("/api/v1/quotes?q={}", "a".repeat(200))).status, 200);
    let long_query = format!("/api/v1/quotes?q=a{}", "&q=".repeat(1500));
    assert_eq!(get(&long_query).code(), "query_too_long");
}

#[test]
fn unknown_routes_and_methods_are_json_under_api() {
    for path in ["/api/v1/nope", "/api", "/api/v2/events", "/api/v1/events/extra"] {
        let reply = get(path);
        assert_eq!((reply.status, reply.code().as_str()), (404, "not_found"), "{path}");
    }
    let post = raw("POST", "/api/v1/events");
    assert_eq!((post.status, post.code().as_str()), (405, "method_not_allowed"));
    let delete = raw("DELETE", "/");
    assert_eq!((delete.status, delete.code().as_str()), (405, "method_not_allowed"));
}

#[test]
fn dashboard_static_files_and_traversal() {
    let index = get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.content_type, "text/html; charset=utf-8");
    assert_eq!(index.cache_control, "no-cache");
    assert!(index.body.contains("<html"));
    // Client-side routes get the same page.
    let deep = get("/alerts/3");
    assert_eq!((deep.status, deep.body.as_str()), (200, index.body.as_str()));
    for target in [
        "/assets/../../Cargo.toml",
        "/assets/../../../../etc/passwd",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/../Cargo.toml",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/%ZZ",
        "/assets/no-such-file.js",
    ] {
        let reply = raw("GET", target);
        assert_eq!(reply.status, 404, "{target}: {}", reply.body);
        assert!(!reply.body.contains("[workspace]") && !reply.body.contains("root:"), "{target}");
    }
}

#[test]
fn openapi_document_is_served() {
    let reply = get("/api/openapi.json");
    assert_eq!(reply.status, 200);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for (path, _) in redline_server::routes() {
        assert!(doc["paths"].get(path).is_some(), "{path} is not in the served document");
    }
}
