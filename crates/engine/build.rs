//! Rebuilds the crate when the shipped dictionaries change: `include_dir!` embeds them, but only
//! tracks files that existed at the last build, so a new dictionary file would otherwise be missed.

fn main() {
    println!("cargo:rerun-if-changed=../../dictionaries");
}
