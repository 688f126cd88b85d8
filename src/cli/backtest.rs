use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use tourstat::error::{Error, Result};
use tourstat::forecast::backtest::{evaluate, History, Origins, Row};
use tourstat::forecast::Method;
use tourstat::output::{Cell, Report};
use tourstat::query::backtest::{csv_histories, store_histories};

use super::select::open;
use super::{parse_date, parse_with, OutputArgs};

/// How well each projection method would have done: rolling-origin evaluation on the store's
/// arrivals (each market a series: monthly, or quarterly or yearly where it is published so)
/// or on the series of a CSV file.
///
/// For each series and origin the method projects from the values up to the origin and is
/// compared with what followed. Per method: MASE (mean absolute error over the series' own
/// in-sample seasonal-naive error, averaged over series), MAPE (over series with no zero
/// actual), bias (mean error, percent of the actuals, averaged over the same series), the share of actuals inside the 80% and
/// 95% intervals, and the seconds taken (a model an earlier method of the run fitted, as
/// `ets` fits the combinations' ETS, is counted there and not again). The forecasts and failed
/// columns count paths: one per series and origin, of H steps each (the --forecasts file has a
/// row per step: H times as many).
///
/// --holdout H holds out the last H values of every series (one origin, H steps ahead, as
/// forecasting competitions score); --holdout-years N the last N years, whatever the
/// frequency; --horizon H --origins N uses the last N origins one step apart. Default: one
/// origin, a year ahead. A series too short for an origin, or that MASE cannot scale (no
/// change at all in its history), is counted in a note, not in the scores.
///
/// A series file is long CSV: series_id (or market), period (1979-01, 1979-Q1 or 1979) and
/// value, other columns ignored; a file that mixes frequencies is scored per frequency.
///
/// Examples:
///   tourstat backtest --horizon 6 --origins 12
///   tourstat backtest --holdout 12 --method ets --method combination --forecasts forecasts.csv
/// and on the tourism forecasting competition's series, ingested as published
/// (`ingest arrivals monthly_in.csv monthly_oos.csv --unit ones`, then `backtest
/// --holdout-years 2`) or read from its long file:
///   backtest --input tourism_long.csv --holdout-years 2 --frequency monthly --frequency quarterly
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A method to evaluate (repeat the flag for several; default: every method that needs only
    /// the series): seasonal-naive, run-rate, ets, theta, airline, combination, weighted.
    #[arg(long = "method", value_parser = parse_with::<Method>)]
    pub methods: Vec<Method>,
    /// Hold out the last H values of each series: one origin, H steps ahead.
    #[arg(long, conflicts_with_all = ["horizon", "origins", "holdout_years"], value_parser = clap::value_parser!(u16).range(1..=240))]
    pub holdout: Option<u16>,
    /// Hold out the last N years of each series (24 months, 8 quarters for N = 2): one origin.
    #[arg(long, conflicts_with_all = ["horizon", "origins"], value_parser = clap::value_parser!(u16).range(1..=20))]
    pub holdout_years: Option<u16>,
    /// Steps ahead from each origin, in each series' own steps: months of a monthly series,
    /// quarters of a quarterly one (default: a year: 12 months, 4 quarters, 4 years).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=240))]
    pub horizon: Option<u16>,
    /// Origins, one step apart, ending H steps before each series' last value.
    #[arg(long, default_value = "1", value_parser = clap::value_parser!(u16).range(1..=240))]
    pub origins: u16,
    /// Evaluate the series of this CSV file instead of the store.
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Only series of this frequency: monthly, quarterly or yearly (repeat for several).
    #[arg(long, value_parser = ["monthly", "quarterly", "yearly"])]
    pub frequency: Vec<String>,
    /// Write every forecast as CSV: series_id,h,forecast,lo80,hi80,lo95,hi95,method,origin
    /// (the period of the last value used), actual, model (e.g. ETS(M,Ad,M)).
    #[arg(long)]
    pub forecasts: Option<PathBuf>,
    /// Store series: the figures known on this date.
    #[arg(long, value_parser = parse_date, conflicts_with = "input")]
    pub as_of: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn frequency_name(m: usize) -> &'static str {
    match m {
        12 => "monthly",
        4 => "quarterly",
        _ => "yearly",
    }
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let report = build(store_dir, &a)?;
    a.output.print(&report)
}

fn build(store_dir: &Path, a: &Args) -> Result<Report> {
    let (histories, mut notes) = match &a.input {
        Some(path) => csv_histories(path)?,
        None => {
            let opened = open(store_dir)?;
            store_histories(&opened.store, &opened.tree, a.as_of)?
        }
    };
    let mut groups: BTreeMap<usize, Vec<History>> = BTreeMap::new();
    for h in histories {
        if a.frequency.is_empty() || a.frequency.iter().any(|f| f == frequency_name(h.m)) {
            groups.entry(h.m).or_default().push(h);
        }
    }
    if groups.is_empty() {
        return Err(Error::Usage(format!("no {} series to evaluate", a.frequency.join(" or "))));
    }
    // The notes of the series cut by a gap, only of the frequencies evaluated (trial 55 L2:
    // --frequency quarterly said the monthly series' gaps).
    let units: Vec<&str> = groups
        .keys()
        .map(|m| match m {
            12 => " month ",
            4 => " quarter ",
            _ => " year ",
        })
        .collect();
    notes.retain(|n| !n.contains(": evaluated ") || units.iter().any(|u| n.contains(u)));
    let methods: Vec<Method> = if a.methods.is_empty() {
        vec![
            Method::SeasonalNaive,
            Method::RunRate,
            Method::Ets,
            Method::Theta,
            Method::Airline,
            Method::Combination,
            Method::Weighted,
        ]
    } else {
        a.methods.clone()
    };
    if methods.contains(&Method::Bookings) {
        return Err(Error::Usage(
            "the bookings method needs seats on the books as they stood at each origin; backtest evaluates the methods that need only the series".into(),
        ));
    }
    let mut writer = match &a.forecasts {
        Some(path) => {
            // Whole or not at all: a run stopped part way leaves no file of some forecasts.
            let file = tourstat::output::WholeFile::create(path)?;
            let mut w = csv::Writer::from_writer(file.handle()?);
            w.write_record([
                "series_id",
                "h",
                "forecast",
                "lo80",
                "hi80",
                "lo95",
                "hi95",
                "method",
                "origin",
                "actual",
                "model",
            ])
            .map_err(|e| csv_io(path, e))?;
            Some((path, w, file))
        }
        None => None,
    };
    let guard = !a.output.no_formula_guard;
    let mut write_error = None;
    let mut scored = 0;
    let mut report = Report::new(&[
        "data",
        "method",
        "series",
        "forecasts",
        "failed",
        "mase",
        "mape",
        "bias_pct",
        "cover80",
        "cover95",
        "seconds",
    ]);
    let mut title = Vec::new();
    for (m, series) in &groups {
        let horizon = match (a.holdout_years, a.holdout.or(a.horizon)) {
            (Some(years), _) => usize::from(years) * m,
            (None, Some(h)) => usize::from(h),
            (None, None) => {
                if *m == 1 {
                    4
                } else {
                    *m
                }
            }
        };
        let count = if a.holdout.is_some() || a.holdout_years.is_some() { 1 } else { usize::from(a.origins) };
        title.push(format!(
            "{} {} series, {horizon} steps ahead from {count} origin(s)",
            series.len(),
            frequency_name(*m)
        ));
        // Of each method, the series it forecast, and those some forecast of which found no
        // seasonal pattern.
        let mut forecast: HashMap<Method, BTreeSet<String>> = HashMap::new();
        let mut flat: HashMap<Method, (BTreeSet<String>, Vec<&str>)> = HashMap::new();
        let keep = |r: Row| {
            if *m > 1 && r.h == 1 {
                forecast.entry(r.method).or_default().insert(r.series_id.clone());
                let parts = tourstat::forecast::flat_parts(&r.model);
                if !parts.is_empty() {
                    let (series, names) = flat.entry(r.method).or_default();
                    series.insert(r.series_id.clone());
                    for p in parts {
                        let name = if p == "Theta" { "Theta" } else { "ETS" };
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
            }
            if let Some((path, w, _)) = writer.as_mut() {
                let i = r.interval;
                // A series named as a formula ("=HYPERLINK(1)") is written as text, as every
                // CSV of tourstat writes it, unless --no-formula-guard.
                let series_id = if guard {
                    tourstat::output::formula_safe(&r.series_id).into_owned()
                } else {
                    r.series_id
                };
                let record = [
                    series_id,
                    r.h.to_string(),
                    i.forecast.to_string(),
                    i.lo80.to_string(),
                    i.hi80.to_string(),
                    i.lo95.to_string(),
                    i.hi95.to_string(),
                    r.method.to_string(),
                    r.origin,
                    r.actual.to_string(),
                    r.model,
                ];
                if let Err(e) = w.write_record(record) {
                    write_error.get_or_insert_with(|| csv_io(path, e));
                }
            }
        };
        let mut scored_on: Vec<(Method, (usize, usize))> = Vec::new();
        for s in evaluate(series, &methods, Origins { horizon, count }, keep) {
            scored += s.series;
            scored_on.push((s.method, (s.series, s.forecasts)));
            report.push(vec![
                Cell::text(frequency_name(*m)),
                Cell::text(s.method.as_str()),
                Cell::Int(s.series as i64),
                Cell::Int(s.forecasts as i64),
                Cell::Int(s.failed as i64),
                if s.mase.is_finite() { Cell::Number(s.mase) } else { Cell::Empty },
                s.mape.map_or(Cell::Empty, Cell::Number),
                Cell::opt_percent(s.bias_pct),
                Cell::opt_share(s.coverage80.filter(|_| s.series > 0)),
                Cell::opt_share(s.coverage95.filter(|_| s.series > 0)),
                Cell::Number(s.seconds),
            ]);
            if let Some(why) = s.first_failure {
                notes.push(format!(
                    "{} {}: {} forecast(s) not made, e.g. {why}",
                    frequency_name(*m),
                    s.method,
                    s.failed
                ));
            }
            if let Some(first) = &s.first_left_out {
                notes.push(format!(
                    "{} {}: {} forecast(s) made without the airline model (e.g. {first}), its own forecast not holding for the history (see airline's forecasts not made): the other members combined",
                    frequency_name(*m),
                    s.method,
                    s.left_out
                ));
            }
            if s.too_short > 0 {
                notes.push(format!(
                    "{} {}: {} series too short for a forecast {horizon} steps ahead, not scored (e.g. {})",
                    frequency_name(*m),
                    s.method,
                    s.too_short,
                    s.first_too_short.as_deref().unwrap_or_default()
                ));
            }
            if let Some(first) = &s.first_unscored {
                notes.push(format!(
                    "{} {}: {} series not scored (e.g. {first}): MASE has no scale: the history is no longer than a year, or never changes from one year to the next",
                    frequency_name(*m),
                    s.method,
                    s.unscored
                ));
            }
            if s.mape_series < s.series {
                notes.push(format!(
                    "{} {}: MAPE and bias over {} of {} series (the others have a zero actual)",
                    frequency_name(*m),
                    s.method,
                    s.mape_series,
                    s.series
                ));
            }
        }
        // A method that found no season in a seasonal series forecasts it flat, and scores so
        // (trial 44 M5: Theta on 33 months, MAPE 33.7 against ETS's 4.4, without a word).
        for (method, _) in &scored_on {
            let Some((series, names)) = flat.get(method) else { continue };
            let of = forecast.get(method).map_or(series.len(), BTreeSet::len);
            let first = series.iter().next().map(String::as_str).unwrap_or_default();
            let whose = if matches!(method, Method::Combination | Method::Weighted) {
                format!("its {}", names.join(" and "))
            } else {
                "it".to_string()
            };
            notes.push(format!(
                "{} {method}: in {} of {of} series forecast (e.g. {first}) {whose} found no seasonal pattern in the history before an origin, and forecast it flat across the seasons; where the series has seasons, compare seasonal-naive",
                frequency_name(*m),
                series.len(),
            ));
        }
        // Scores over fewer series or origins do not rank the methods: said, with the counts
        // (series, forecasts). Equal counts of different series are not told apart.
        let most = scored_on.iter().map(|(_, n)| *n).max().unwrap_or((0, 0));
        let fewer: Vec<String> = scored_on
            .iter()
            .filter(|(_, n)| *n != most)
            .map(|(method, (n, f))| format!("{method} on {n} series, {f} forecasts"))
            .collect();
        if !fewer.is_empty() {
            notes.push(format!(
                "{}: the methods were not scored on the same series ({}; the others on {}, {}): compare their scores only with that in mind",
                frequency_name(*m),
                fewer.join("; "),
                most.0,
                most.1
            ));
        }
    }
    if let Some(e) = write_error {
        return Err(e);
    }
    if scored == 0 {
        return Err(Error::Usage(format!(
            "nothing could be scored:\n  {}",
            if notes.is_empty() { "no series long enough".to_string() } else { notes.join("\n  ") }
        )));
    }
    if let Some((path, mut w, file)) = writer {
        w.flush().map_err(|e| Error::io(path, e))?;
        drop(w);
        file.commit()?;
    }
    report.title = Some(format!("Backtest: {}", title.join("; ")));
    notes.dedup();
    for n in notes {
        report.note(n);
    }
    Ok(report)
}

fn csv_io(path: &Path, e: csv::Error) -> Error {
    Error::io(path, std::io::Error::other(e))
}
