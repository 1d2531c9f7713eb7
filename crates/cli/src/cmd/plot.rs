//! `redline plot DYAD… --out FILE.svg|png`: a line chart of each dyad's watched metric (per day or week,
//! normalised as the rules say) with a marker on every alert, drawn with `plotters`. Text uses the DejaVu Sans
//! font shipped in `crates/cli/assets/` (its licence beside it), so PNG needs no system font.

use std::path::{Path, PathBuf};
use std::sync::Once;

use anyhow::{Context, anyhow, bail};
use plotters::prelude::*;
use redline_engine::watch::{self, Watch, point_value};
use redline_model::Date;
use redline_signal::{DyadSpec, Severity, add_days, days_between};

use crate::cmd::series::{By, parse_dyad};
use crate::cmd::{Outcome, db_path, open_existing, parse_date_arg};

/// DejaVu Sans (Bitstream Vera / DejaVu licence, see assets/DejaVuSans-LICENSE.txt).
const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// Arguments of `redline plot`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One or more dyads (`RUS-UKR`, `RUS:USA`, `IGOWSTNAT-RUS`).
    #[arg(required = true, value_parser = parse_dyad)]
    pub dyads: Vec<DyadSpec>,
    /// Chart file: `.svg` or `.png`.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Database file [default: redline.db in the current directory].
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// First publication date shown.
    #[arg(long, value_parser = parse_date_arg)]
    pub from: Option<Date>,
    /// Last publication date shown.
    #[arg(long, value_parser = parse_date_arg)]
    pub to: Option<Date>,
    /// Bucket width of the lines (alerts are always judged per day).
    #[arg(long, value_enum, default_value_t = By::Week)]
    pub by: By,
    /// Rules file [default: the shipped rules/alerts.toml].
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

/// One line of a chart and its alert markers.
pub struct Line {
    /// Legend label.
    pub label: String,
    /// (bucket start, value) points.
    pub points: Vec<(Date, f64)>,
    /// Alerts on this line: date and severity.
    pub alerts: Vec<(Date, Severity)>,
}

/// Runs `redline plot`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let store = open_existing(&db_path(args.db))?;
    let watch = Watch::new(&store, watch::load_rules(args.rules.as_deref())?)?;
    let rules = watch.rules();
    let (from, to) = watch.date_range(args.from, args.to)?;
    let mut lines = Vec::new();
    for dyad in &args.dyads {
        let series = watch.series(&store, dyad, args.by.into(), from, to)?;
        let points = series_points(&series.points, rules.series.normalise);
        let alerts =
            watch.alerts(&store, dyad, Some(from), Some(to))?.into_iter().map(|a| (a.date, a.severity)).collect();
        lines.push(Line { label: dyad.to_string(), points, alerts });
    }
    let unit = if rules.series.normalise { "per 100 articles" } else { "events" };
    let bucket = if args.by == By::Week { "week" } else { "day" };
    let title = format!("{} {unit} per {bucket}", rules.series.metric.as_str());
    draw(&args.out, &title, &lines, from, to)?;
    println!("wrote {}", args.out.display());
    Ok(Outcome::Clean)
}

/// A series' points as (date, value): the normalised value where the rules normalise, else the raw metric.
pub fn series_points(points: &[redline_signal::SeriesPoint], normalise: bool) -> Vec<(Date, f64)> {
    points.iter().filter_map(|p| p.start.map(|d| (d, point_value(p, normalise)))).collect()
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are ours and valid; a failure would only mean text is missing from the chart.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

/// Draws `lines` from `from` to `to` into `path` (SVG or PNG by extension).
pub fn draw(path: &Path, title: &str, lines: &[Line], from: Date, to: Date) -> anyhow::Result<()> {
    register_font();
    let size = (1100, 560);
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("svg") => {
            let root = SVGBackend::new(path, size).into_drawing_area();
            chart(root, title, lines, from, to).map_err(|e| anyhow!("cannot draw {}: {e:?}", path.display()))
        }
        Some("png") => {
            let root = BitMapBackend::new(path, size).into_drawing_area();
            chart(root, title, lines, from, to).map_err(|e| anyhow!("cannot draw {}: {e:?}", path.display()))
        }
        _ => bail!("--out {} must end in .svg or .png", path.display()),
    }
    .with_context(|| format!("writing chart {}", path.display()))
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(200, 30, 45),
    RGBColor(30, 90, 200),
    RGBColor(20, 150, 80),
    RGBColor(140, 60, 170),
    RGBColor(230, 130, 20),
    RGBColor(90, 90, 90),
];

fn chart<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    lines: &[Line],
    from: Date,
    to: Date,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let days = days_between(from, to).max(1) as f64;
    let max = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).fold(1.0_f64, f64::max) * 1.1;
    let x = |date: Date| days_between(from, date) as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..days, 0.0..max)?;
    chart
        .configure_mesh()
        .x_labels(10)
        .x_label_formatter(&|v| add_days(from, *v as i64).map(|d| d.to_string()).unwrap_or_default())
        .label_style(("sans-serif", 13))
        .draw()?;
    for (index, line) in lines.iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(line.points.iter().map(|(d, v)| (x(*d), *v)), color.stroke_width(2)))?
            .label(format!("{} ({} alerts)", line.label, line.alerts.len()))
            .legend(move |(px, py)| PathElement::new(vec![(px, py), (px + 18, py)], color.stroke_width(3)));
        // A marker at each alert, on the line's value at that bucket (or the nearest earlier bucket).
        let markers = line.alerts.iter().filter(|(d, _)| *d >= from && *d <= to).map(|(date, severity)| {
            let value = line.points.iter().rev().find(|(d, _)| d <= date).map_or(0.0, |p| p.1);
            let size = match severity {
                Severity::Warning => 5,
                Severity::High => 7,
                Severity::Critical => 9,
            };
            TriangleMarker::new((x(*date), value), size, color.filled())
        });
        chart.draw_series(markers)?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    root.present()?;
    Ok(())
}
