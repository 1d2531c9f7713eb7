//! The `redline` binary: the only place that knows argv and exit codes.
//!
//! Each subcommand is one variant of [`Command`] and one module under `cmd/` with an `Args` struct and
//! a `run` function. Exit codes: 0 when everything was processed, 1 when some input had errors (and the
//! rest was processed), 2 on usage, dictionary or database errors.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cmd::Outcome;

/// Code news and official statements into explainable CAMEO/PLOVER event data.
#[derive(Debug, Parser)]
#[command(name = "redline", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Code articles and print the results (nothing is stored).
    Code(cmd::code::Args),
    /// Code articles and store them in a database.
    Ingest(cmd::ingest::Args),
    /// List stored events.
    Events(cmd::events::Args),
    /// List stored quotations.
    Quotes(cmd::quotes::Args),
    /// Write stored events, quotes and articles as Parquet, CSV or JSON Lines, partitioned by date.
    Export(cmd::export::Args),
    /// Score the engine on a gold file (precision, recall, F1 per measure).
    Eval(cmd::eval::Args),
    /// Check, look up, find gaps in, or import dictionaries.
    Dict(cmd::dict::Args),
    /// Train, run and score the English tagger and dependency parser.
    Syntax(cmd::syntax::Args),
    /// Code the bundled demo corpus into an embedded database and print what it found.
    Demo(cmd::demo::Args),
    /// Measure throughput and peak memory on a synthetic firehose built from the demo corpus.
    Bench(cmd::bench::Args),
    /// Serve the read-only JSON API and the dashboard over a database (loopback only by default).
    Serve(cmd::serve::Args),
    /// Print a dyad's tension series per day or week, with a sparkline.
    Series(cmd::series::Args),
    /// Run the alert rules over the watched dyads and explain each alert with its evidence.
    Alerts(cmd::alerts::Args),
    /// Draw dyads' series with their alerts as an SVG or PNG chart.
    Plot(cmd::plot::Args),
    /// Replay the detector on the 2021–22 escalation corpus: series, lead times, calm dyads, sensitivity.
    Backtest(cmd::backtest::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => cmd::code::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Events(args) => cmd::events::run(args),
        Command::Quotes(args) => cmd::quotes::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Bench(args) => cmd::bench::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Series(args) => cmd::series::run(args),
        Command::Alerts(args) => cmd::alerts::run(args),
        Command::Plot(args) => cmd::plot::run(args),
        Command::Backtest(args) => cmd::backtest::run(args),
        Command::Dict(args) => cmd::dict::run(args),
        Command::Syntax(args) => cmd::syntax::run(args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::InputErrors) => ExitCode::from(1),
        Err(err) => {
            eprintln!("error: {}", describe(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once: a message that already quotes its cause (`cannot read X: <cause>`)
/// is not followed by the cause again.
fn describe(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}
