//! Chooses the dashboard bundle to embed: `dashboard/dist/` when it has been built (it holds an
//! `index.html`), else the placeholder page under `static/`, so the server builds either way.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let dist = Path::new(&manifest).join("../../dashboard/dist");
    let placeholder = Path::new(&manifest).join("static");
    // Watch both: a new or rebuilt dashboard bundle is embedded by the next build.
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-changed={}", placeholder.display());
    let bundle = if dist.join("index.html").is_file() { dist } else { placeholder };
    println!("cargo:rustc-env=REDLINE_DASHBOARD_BUNDLE={}", bundle.display());
}
