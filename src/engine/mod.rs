//! Where the questions that read booking flows run: here on polars (`local`, the default) or
//! on a Spark cluster through Spark Connect (`spark://HOST:PORT`, built with `--features spark`).
//!
//! A question is described once, as a [`SeatTotals`] or a [`DateSpan`]: which flows (a
//! [`Filter`]), keyed by what ([`Key`]), summed into which columns. [`SeatTotals::lazy`] turns it
//! into a polars query over the store's files, [`SeatTotals::sql`] into the Spark SQL sent to a
//! cluster; both from the same fields, so a definition changes in one place. Only the small
//! result (one row per market, or per lead day) comes back; the roll-up up the market tree,
//! last year's alignment, the notes and the charts are the same code whichever engine ran it.

#[cfg(feature = "spark")]
mod spark;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::analysis::otb::{FLANK_STEPS, GAP_BY_CHANCE, RECENT_DAYS, SHORTEST_GAP, SIDE_DAYS, SILENT_DAYS};
use crate::analysis::vintage::date_lit;
use crate::columns::{self, Stream};
use crate::error::{Error, PolarsContext, Result};
use crate::kind::Kind;
use crate::period::Window;
use crate::store::Store;

/// The engine that runs the questions over booking flows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Engine {
    /// polars on this machine, over the store's files.
    #[default]
    Local,
    /// A Spark Connect server (`host:port`), reading the store at `remote_root` (the store's
    /// own path when `None`: a folder the cluster sees at the same path).
    Spark { address: String, remote_root: Option<String> },
}

impl FromStr for Engine {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Engine, String> {
        let s = s.trim();
        if s.is_empty() || s == "local" {
            return Ok(Engine::Local);
        }
        let Some(address) = s.strip_prefix("spark://").or_else(|| s.strip_prefix("sc://")) else {
            return Err(format!(
                "expected local or spark://HOST:PORT (--engine or TOURSTAT_ENGINE), got \"{s}\""
            ));
        };
        let address = address.trim_end_matches('/');
        let Some((host, port)) = address.rsplit_once(':').filter(|(h, _)| !h.is_empty() && !h.contains('/'))
        else {
            return Err(format!(
                "expected spark://HOST:PORT (Spark Connect's port is 15002 unless the server says otherwise), got \"{s}\""
            ));
        };
        match port.parse::<u32>() {
            Ok(p) if (1..=65535).contains(&p) => {}
            Ok(p) => return Err(format!("port {p} of \"{s}\" is out of range (1 to 65535)")),
            Err(_) => return Err(format!("\"{port}\" of \"{s}\" is not a port number")),
        }
        Ok(Engine::Spark { address: format!("{host}:{port}"), remote_root: None })
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Engine::Local => write!(f, "local"),
            Engine::Spark { address, .. } => write!(f, "spark://{address}"),
        }
    }
}

/// Why a build without the `spark` feature cannot use a Spark engine.
pub const NO_SPARK: &str = "this tourstat was built without Spark; build it with `cargo build --release --features spark` (needs protoc, Debian's protobuf-compiler)";

/// Whether this build can use a Spark engine.
pub const HAS_SPARK: bool = cfg!(feature = "spark");

/// How an engine runs: which, and whether to print what it runs (`--explain`).
#[derive(Debug, Clone, Default)]
pub struct EngineChoice {
    pub engine: Engine,
    /// Print each question's SQL (Spark) or polars plan (local) to stderr before it runs.
    pub explain: bool,
}

/// Which flows a figure counts: booked on or before a date, for travel in a window, of some
/// markets; each part that is `None` does not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub booked_by: Option<NaiveDate>,
    pub travel: Option<Window>,
    /// Markets as stored.
    pub markets: Option<Vec<String>>,
}

impl Filter {
    /// The flows `lf` holds that the filter picks; `lf` itself when it picks all (a filter on
    /// `true` is not optimised away: polars then reads every column of every row group).
    fn apply(&self, lf: LazyFrame) -> LazyFrame {
        let mut parts = Vec::new();
        if let Some(d) = self.booked_by {
            parts.push(col("booked_on").lt_eq(date_lit(d)));
        }
        if let Some(w) = &self.travel {
            parts.push(col("travel_date").is_between(date_lit(w.from), date_lit(w.to), ClosedInterval::Both));
        }
        if let Some(markets) = &self.markets {
            let list = Series::new("markets".into(), markets.clone());
            parts.push(col("market").is_in(lit(list).implode(false), false));
        }
        match parts.into_iter().reduce(|a, b| a.and(b)) {
            Some(all) => lf.filter(all),
            None => lf,
        }
    }

    /// The filter as a Spark SQL condition; market names go into `args` as named
    /// parameters (`:m0`), so no name is ever read as SQL whatever the server's settings.
    fn sql(&self, args: &mut Vec<(String, String)>) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.booked_by {
            parts.push(format!("booked_on <= DATE '{d}'"));
        }
        if let Some(w) = &self.travel {
            parts.push(format!("travel_date BETWEEN DATE '{}' AND DATE '{}'", w.from, w.to));
        }
        if let Some(markets) = &self.markets {
            let names: Vec<String> = markets
                .iter()
                .map(|m| {
                    let name = format!("m{}", args.len());
                    args.push((name.clone(), m.clone()));
                    format!(":{name}")
                })
                .collect();
            parts.push(if names.is_empty() {
                "FALSE".into()
            } else {
                format!("market IN ({})", names.join(", "))
            });
        }
        if parts.is_empty() {
            "TRUE".into()
        } else {
            parts.join(" AND ")
        }
    }
}

/// A Spark SQL query and its named parameters (name, text value).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SqlQuery {
    pub text: String,
    pub args: Vec<(String, String)>,
}

impl fmt::Display for SqlQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{};", self.text)?;
        for (name, value) in &self.args {
            write!(f, "\n-- :{name} = {value:?}")?;
        }
        Ok(())
    }
}

/// What seats are summed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `market`.
    Market,
    /// `lead_days`: days from booking to the start of the measure's travel window.
    LeadDays,
    /// `market`, `year`, `month` of travel.
    MarketMonth,
    /// `market`, `booked_on` and `part`: whether the flows travel in `window` (1), else in
    /// `window_ly` (2), or neither (0): the days each market was booked, for any travel and
    /// for each window.
    MarketBookedOnIn { window: Window, window_ly: Window },
    /// `market`, `travel_date`.
    MarketTravelDate,
    /// `booked_on`: the days any market was booked.
    BookedOn,
}

impl Key {
    fn columns(self) -> &'static [&'static str] {
        match self {
            Key::Market => &["market"],
            Key::LeadDays => &["lead_days"],
            Key::MarketMonth => &["market", "year", "month"],
            Key::MarketBookedOnIn { .. } => &["market", "booked_on", "part"],
            Key::MarketTravelDate => &["market", "travel_date"],
            Key::BookedOn => &["booked_on"],
        }
    }

    fn exprs(self, m: &Measure) -> Result<Vec<Expr>> {
        Ok(match self {
            Key::Market => vec![col("market")],
            Key::LeadDays => {
                vec![(date_lit(lead_start(m)?) - col("booked_on")).dt().total_days(false).alias("lead_days")]
            }
            Key::MarketMonth => vec![
                col("market"),
                col("travel_date").dt().year().alias("year"),
                col("travel_date").dt().month().cast(DataType::Int32).alias("month"),
            ],
            Key::MarketBookedOnIn { window, window_ly } => {
                let within = |w: Window| {
                    col("travel_date").is_between(date_lit(w.from), date_lit(w.to), ClosedInterval::Both)
                };
                let part = when(within(window))
                    .then(lit(1i32))
                    .when(within(window_ly))
                    .then(lit(2i32))
                    .otherwise(lit(0i32))
                    .alias("part");
                vec![col("market"), col("booked_on"), part]
            }
            Key::MarketTravelDate => vec![col("market"), col("travel_date")],
            Key::BookedOn => vec![col("booked_on")],
        })
    }

    fn sql(self, m: &Measure) -> Result<Vec<String>> {
        Ok(match self {
            Key::Market => vec!["market".into()],
            Key::LeadDays => {
                vec![format!("CAST(DATEDIFF(DATE '{}', booked_on) AS BIGINT) AS lead_days", lead_start(m)?)]
            }
            Key::MarketMonth => vec![
                "market".into(),
                "YEAR(travel_date) AS year".into(),
                "MONTH(travel_date) AS month".into(),
            ],
            Key::MarketBookedOnIn { window, window_ly } => {
                let within = |w: Window| format!("travel_date BETWEEN DATE '{}' AND DATE '{}'", w.from, w.to);
                vec![
                    "market".into(),
                    "booked_on".into(),
                    format!(
                        "CAST(CASE WHEN {} THEN 1 WHEN {} THEN 2 ELSE 0 END AS INT) AS part",
                        within(window),
                        within(window_ly)
                    ),
                ]
            }
            Key::MarketTravelDate => vec!["market".into(), "travel_date".into()],
            Key::BookedOn => vec!["booked_on".into()],
        })
    }
}

/// The week of a day as `SeatTotals::reach` counts weeks: 7-day spans from 1970-01-01.
pub fn week_of(day: NaiveDate) -> i64 {
    (day - NaiveDate::default()).num_days().div_euclid(7)
}

fn lead_start(m: &Measure) -> Result<NaiveDate> {
    m.filter
        .travel
        .map(|w| w.from)
        .ok_or_else(|| Error::internal(format!("{}: a lead needs a travel window", m.name)))
}

/// One summed column: seats of the flows its filter picks.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub name: &'static str,
    pub filter: Filter,
}

/// Seats summed by a key, one column per measure: each measure sums its own flows by the key,
/// and the measures are joined on the key, so a key no flow of a measure has is missing
/// (null) in that measure's column, never 0. Rows are sorted by the key.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatTotals {
    /// What the question is, for progress and `--explain`.
    pub label: &'static str,
    /// Calendar years of travel to read (all when `None`): whole partitions skipped.
    pub years: Option<(i32, i32)>,
    pub key: Key,
    pub measures: Vec<Measure>,
    /// Also, per measure, the last day of booking and of travel of its flows
    /// (`{name}_last_booked`, `{name}_last_travel`), the first day of booking
    /// (`{name}_first_booked`), the number of weeks with a booking (`{name}_weeks`, weeks
    /// as `week_of` counts them) and the longest step from a day with a booking to the next
    /// (`{name}_gap`, 1 where every day has one; null with one day), and the days of all the
    /// silences of `SILENT_DAYS` or more (`{name}_silent`); and over the `RECENT_DAYS` before
    /// the last booking, and before them where the flows about it may tell a feed out (see
    /// `possible_outage`), the longest step to a day with a booking (`{name}_suspect_gap`): how
    /// far they reach, and whether whole weeks, or runs of days, are missing within.
    pub reach: bool,
}

/// Whether the silence before each day booked (`__day`, days in order by the key `keys`;
/// `__step` from the one before) may be a feed out that `find_gaps` would name, where shorter
/// than `SILENT_DAYS` (a longer one is looked at anyway): `SHORTEST_GAP` days or more, with
/// `FLANK_STEPS` steps between days booked before it and as many after (a silence with fewer
/// after is among the last weeks, all looked at, or among a few days booked), `SIDE_DAYS` or
/// more after the first (a window's earliest bookings, a ramp of a few at first, leave a
/// silence among them likely), and about it either the flows booked at a steady rhythm the
/// silence breaks (four in five of those steps of one length: daily, every other day, every
/// third day, as `regular_rhythm` reads them), or so densely that so long a silence is
/// unlikely by chance (`unlikely_silence`: the days spanned by the steps on each side leave a
/// share of days booked whose chance of the silence, times the days booked up to them, is
/// under `GAP_BY_CHANCE`). `find_gaps` reads every day booked for any travel, as many as the
/// window's or more, so the silences it names are silences here too; where the window's flows
/// were booked about them as densely (review 45 H2: a daily feed out six days five months
/// before travel counted as none, with no word). Over the whole frame, sorted by key and day,
/// without a window per key (the same expressions per key took otb on gen.py's data from 0.42
/// to 0.88 s, with windows over the key 0.63 s).
fn possible_outage(keys: &[&str]) -> Expr {
    let n = FLANK_STEPS;
    let day = col("__day");
    let step = col("__step");
    let starts = same_key(keys, 1).not();
    let from_start = |e: Expr| {
        when(starts.clone())
            .then(e)
            .otherwise(lit(NULL))
            .fill_null_with_strategy(FillNullStrategy::Forward(None))
    };
    // Of the steps for which `is`, how many are among the `FLANK_STEPS` before a day's and
    // among as many after it: a running count, differenced.
    let about = |is: Expr| {
        let count = is.fill_null(lit(false)).cast(DataType::Int32).cum_sum(false);
        (count.clone().shift(lit(1)) - count.clone().shift(lit(n + 1)))
            + (count.clone().shift(lit(-n)) - count)
    };
    let of = |len: i32| about(step.clone().eq(lit(len)));
    let larger = |a: Expr, b: Expr| when(a.clone().gt(b.clone())).then(a).otherwise(b);
    // The silence may break a rhythm of steps of 1 to 3 days (`missed_beats`: one beat
    // missed of a rhythm kept at every step, a step of 2 silent for 3 days, breaks it).
    let kept = larger(larger(of(1), of(2)), of(3));
    let regular = (kept * lit(5)).gt_eq(lit(8 * n as i32));
    // A side's share of days booked at least (`FLANK_STEPS` + 1 days booked over `span` days,
    // and no more than `SIDE_DAYS` about the silence looked at) leaves a silence this long
    // likely.
    let row = day.clone().cum_count(false);
    let days_booked = (row.clone() - from_start(row) + lit(n + 1)).cast(DataType::Float64);
    let dense = |span: Expr| {
        let missed = (span - lit(n as i32)).cast(DataType::Float64) / lit(SIDE_DAYS as f64);
        (days_booked.clone() * missed.pow(step.clone().cast(DataType::Float64) - lit(1.0)))
            .lt_eq(lit(GAP_BY_CHANCE))
    };
    let before = day.clone().shift(lit(1)) - day.clone().shift(lit(n + 1));
    let after = day.clone().shift(lit(-n)) - day.clone();
    let since_first = day.clone().shift(lit(1)) - from_start(day);
    let unlikely = dense(before).and(dense(after));
    step.gt(lit(SHORTEST_GAP as i32))
        .and(same_key(keys, n + 1))
        .and(same_key(keys, -n))
        .and(since_first.gt_eq(lit(SIDE_DAYS as i32)))
        .and(regular.or(unlikely))
}

/// Whether the row `k` rows before (after, where negative) has the same key `keys`.
fn same_key(keys: &[&str], k: i64) -> Expr {
    keys.iter()
        .map(|c| col(*c).eq_missing(col(*c).shift(lit(k))).fill_null(lit(false)))
        .reduce(Expr::and)
        .unwrap_or_else(|| col("__day").shift(lit(k)).is_not_null())
}

/// `possible_outage` in Spark SQL, over the columns of `possible_outage_counts`, `step`, the
/// days spanned by the `FLANK_STEPS` steps before and after (`before_span`, `after_span`), the
/// days booked up to the last of those after (`days_booked`), and the days from the first to
/// the day before the silence (`since_first`).
fn possible_outage_sql() -> String {
    let unlikely = |span: &str| {
        format!("days_booked * POWER(({span} - {FLANK_STEPS}) / {SIDE_DAYS}.0, step - 1) <= {GAP_BY_CHANCE}")
    };
    format!(
        "(step > {SHORTEST_GAP} AND before_span IS NOT NULL AND after_span IS NOT NULL AND since_first >= {SIDE_DAYS} AND (GREATEST(of1, of2, of3) * 5 >= {} OR ({} AND {})))",
        8 * FLANK_STEPS,
        unlikely("before_span"),
        unlikely("after_span")
    )
}

/// The counts `possible_outage` takes of the steps about each day, as Spark SQL columns over the
/// days booked by `keys_out` with their `step`: those of 1, 2 and 3 days (`of1`, `of2`,
/// `of3`).
fn possible_outage_counts(keys_out: &str) -> String {
    let about = |is: &str, name: &str| {
        let frame =
            |rows: &str| format!("OVER (PARTITION BY {keys_out} ORDER BY booked_on ROWS BETWEEN {rows})");
        format!(
            "COALESCE({is} {}, 0) + COALESCE({is} {}, 0) AS {name}",
            frame(&format!("{FLANK_STEPS} PRECEDING AND 1 PRECEDING")),
            frame(&format!("1 FOLLOWING AND {FLANK_STEPS} FOLLOWING")),
        )
    };
    (1..=3)
        .map(|len| about(&format!("SUM(CASE WHEN step = {len} THEN 1 ELSE 0 END)"), &format!("of{len}")))
        .collect::<Vec<_>>()
        .join(", ")
}

impl SeatTotals {
    /// One measure's flows summed by the key: with `reach`, by the key and day of booking first
    /// (a few hundred thousand rows at most), sorted by them, the steps from one day to the next
    /// and the silences that may be a feed out read over that small frame (`possible_outage`),
    /// then by the key, which counts the weeks with a booking and finds the longest silence (a
    /// distinct count per key over every flow, in the scan, took otb on gen.py data from 0.41
    /// to 0.71 s).
    fn summed(&self, m: &Measure, bookings: LazyFrame) -> Result<LazyFrame> {
        let flows = m.filter.apply(bookings);
        let seats = col("seats").sum().alias(m.name);
        if !self.reach {
            return Ok(flows.group_by(self.key.exprs(m)?).agg([seats]));
        }
        let mut by_day = self.key.exprs(m)?;
        by_day.push(col("booked_on"));
        let keys = self.key.columns();
        let week = col("booked_on").cast(DataType::Int32).floor_div(lit(7));
        // The days with a booking in order, by key: the longest step between two is the
        // longest silence plus one.
        let mut order: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
        order.push(col("booked_on"));
        let day = col("__day");
        // Each key's last day, from its last row back.
        let last = when(same_key(keys, -1).not())
            .then(day.clone())
            .otherwise(lit(NULL))
            .fill_null_with_strategy(FillNullStrategy::Backward(None));
        let recent = day.clone().gt_eq(last - lit(RECENT_DAYS as i32));
        let step = col("__step");
        Ok(flows
            .group_by(by_day)
            .agg([col("seats").sum(), col("travel_date").max()])
            .sort_by_exprs(order, SortMultipleOptions::default())
            .with_column(col("booked_on").cast(DataType::Int32).alias("__day"))
            .with_column(
                when(same_key(keys, 1))
                    .then(day.clone() - day.clone().shift(lit(1)))
                    .otherwise(lit(NULL))
                    .alias("__step"),
            )
            .with_column(
                when(recent.or(possible_outage(keys)))
                    .then(step.clone())
                    .otherwise(lit(NULL))
                    .alias("__suspect"),
            )
            .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
            .agg([
                seats,
                col("booked_on").max().alias(format!("{}_last_booked", m.name)),
                col("travel_date").max().alias(format!("{}_last_travel", m.name)),
                col("booked_on").min().alias(format!("{}_first_booked", m.name)),
                week.n_unique().cast(DataType::Int64).alias(format!("{}_weeks", m.name)),
                step.clone().max().cast(DataType::Int64).alias(format!("{}_gap", m.name)),
                (step.clone() - lit(1))
                    .filter(step.clone().gt(lit(SILENT_DAYS)))
                    .sum()
                    .cast(DataType::Int64)
                    .alias(format!("{}_silent", m.name)),
                col("__suspect").max().cast(DataType::Int64).alias(format!("{}_suspect_gap", m.name)),
            ]))
    }

    /// The columns of one measure in an answer.
    fn measure_columns(&self, m: &Measure) -> Vec<String> {
        let mut names = vec![m.name.to_string()];
        if self.reach {
            names.push(format!("{}_last_booked", m.name));
            names.push(format!("{}_last_travel", m.name));
            names.push(format!("{}_first_booked", m.name));
            names.push(format!("{}_weeks", m.name));
            names.push(format!("{}_gap", m.name));
            names.push(format!("{}_silent", m.name));
            names.push(format!("{}_suspect_gap", m.name));
        }
        names
    }

    /// The question as a polars query over the flows `bookings`: one scan per measure under
    /// a plain AND of its filter (the Parquet reader then skips the files and row groups
    /// outside it; one scan under the OR of both years' filters did not, and took 0.15-0.18 s
    /// against 0.11-0.13 s for `otb` Jul-Dec on gen.py data).
    pub fn lazy(&self, bookings: LazyFrame) -> Result<LazyFrame> {
        let keys = self.key.columns();
        let mut joined: Option<LazyFrame> = None;
        for m in &self.measures {
            let one = self.summed(m, bookings.clone())?;
            joined = Some(match joined {
                None => one,
                Some(j) => {
                    let on: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
                    j.join(
                        one,
                        on.clone(),
                        on,
                        JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
                    )
                }
            });
        }
        let joined = joined.ok_or_else(|| Error::internal(format!("{}: no measure", self.label)))?;
        Ok(joined.sort(keys.to_vec(), SortMultipleOptions::default()))
    }

    /// The question as Spark SQL over the bookings dataset at `path` (its version folder).
    pub fn sql(&self, path: &str) -> Result<SqlQuery> {
        let keys = self.key.columns();
        let mut args = Vec::new();
        let mut parts = Vec::new();
        for (i, m) in self.measures.iter().enumerate() {
            let key_sql = self.key.sql(m)?;
            let group: Vec<String> = (1..=key_sql.len()).map(|n| n.to_string()).collect();
            let from = from_where_sql(path, self.years, &m.filter, &mut args);
            // With reach, by key and day of booking first, as `summed` does: the step from
            // the day before with a booking is its window's LAG over the days.
            parts.push(if self.reach {
                let keys_out = keys.join(", ");
                format!(
                    "(SELECT {keys_out}, SUM(seats) AS {0}, MAX(booked_on) AS {0}_last_booked, MAX(last_travel) AS {0}_last_travel, MIN(booked_on) AS {0}_first_booked, CAST(COUNT(DISTINCT FLOOR(DATEDIFF(booked_on, DATE '1970-01-01') / 7)) AS BIGINT) AS {0}_weeks, CAST(MAX(step) AS BIGINT) AS {0}_gap, CAST(SUM(CASE WHEN step > {silent} THEN step - 1 ELSE 0 END) AS BIGINT) AS {0}_silent, CAST(MAX(CASE WHEN booked_on >= DATE_SUB(last_booked, {recent}) OR {possible} THEN step END) AS BIGINT) AS {0}_suspect_gap\n   FROM (SELECT *, {about}\n   FROM (SELECT {1}, booked_on, SUM(seats) AS seats, MAX(travel_date) AS last_travel, DATEDIFF(booked_on, LAG(booked_on) OVER {w}) AS step, DATEDIFF(LAG(booked_on, 1) OVER {w}, LAG(booked_on, {before}) OVER {w}) AS before_span, DATEDIFF(LEAD(booked_on, {n}) OVER {w}, booked_on) AS after_span, MAX(booked_on) OVER (PARTITION BY {keys_out}) AS last_booked, ROW_NUMBER() OVER {w} + {n} AS days_booked, DATEDIFF(LAG(booked_on, 1) OVER {w}, MIN(booked_on) OVER (PARTITION BY {keys_out})) AS since_first\n     FROM {from}\n     GROUP BY {2}, booked_on) d0) d\n   GROUP BY {keys_out}) m{i}",
                    m.name,
                    key_sql.join(", "),
                    group.join(", "),
                    silent = SILENT_DAYS,
                    recent = RECENT_DAYS,
                    w = format!("(PARTITION BY {keys_out} ORDER BY booked_on)"),
                    before = FLANK_STEPS + 1,
                    n = FLANK_STEPS,
                    about = possible_outage_counts(&keys_out),
                    possible = possible_outage_sql(),
                )
            } else {
                format!(
                    "(SELECT {}, SUM(seats) AS {}\n   FROM {from}\n   GROUP BY {}) m{i}",
                    key_sql.join(", "),
                    m.name,
                    group.join(", ")
                )
            });
        }
        // Keys coalesced over the measures joined so far, as the local full join coalesces them.
        let coalesced = |k: &str, upto: usize| -> String {
            if upto == 1 {
                format!("m0.{k}")
            } else {
                format!("COALESCE({})", (0..upto).map(|i| format!("m{i}.{k}")).collect::<Vec<_>>().join(", "))
            }
        };
        let n = self.measures.len();
        let mut select: Vec<String> = keys.iter().map(|k| format!("{} AS {k}", coalesced(k, n))).collect();
        for (i, m) in self.measures.iter().enumerate() {
            select.extend(self.measure_columns(m).into_iter().map(|c| format!("m{i}.{c}")));
        }
        let mut from = parts.first().cloned().ok_or_else(|| Error::internal("a question with no measure"))?;
        for (i, part) in parts.iter().enumerate().skip(1) {
            let on: Vec<String> = keys.iter().map(|k| format!("{} <=> m{i}.{k}", coalesced(k, i))).collect();
            from.push_str(&format!("\nFULL OUTER JOIN {part}\n  ON {}", on.join(" AND ")));
        }
        let text = format!("SELECT {}\nFROM {from}\nORDER BY {}", select.join(", "), keys.join(", "));
        Ok(SqlQuery { text, args })
    }

    /// The columns of the answer, for an empty one.
    fn empty(&self) -> Result<DataFrame> {
        let mut cols: Vec<Column> = Vec::new();
        for k in self.key.columns() {
            cols.push(match *k {
                "market" => Column::new_empty((*k).into(), &DataType::String),
                "lead_days" => Column::new_empty((*k).into(), &DataType::Int64),
                "booked_on" | "travel_date" => Column::new_empty((*k).into(), &DataType::Date),
                _ => Column::new_empty((*k).into(), &DataType::Int32),
            });
        }
        for m in &self.measures {
            for c in self.measure_columns(m) {
                let dtype = if c == m.name
                    || c.ends_with("_weeks")
                    || c.ends_with("_gap")
                    || c.ends_with("_silent")
                {
                    DataType::Int64
                } else {
                    DataType::Date
                };
                cols.push(Column::new_empty(c.into(), &dtype));
            }
        }
        DataFrame::new_infer_height(cols).context("an empty answer")
    }
}

/// The dataset a Spark query reads, the bookings version folder (Hive-style), and the rows it
/// picks: `travel_year=` partitions outside `years` are skipped by the condition on them.
fn from_where_sql(
    path: &str,
    years: Option<(i32, i32)>,
    filter: &Filter,
    args: &mut Vec<(String, String)>,
) -> String {
    let source = format!("parquet.`{}`", path.replace('`', "``"));
    let mut conditions: Vec<String> =
        years.map(|(from, to)| format!("travel_year BETWEEN {from} AND {to}")).into_iter().collect();
    let rows = filter.sql(args);
    if rows != "TRUE" {
        conditions.push(rows);
    }
    if conditions.is_empty() {
        source
    } else {
        format!("{source}\n   WHERE {}", conditions.join(" AND "))
    }
}

/// A date column of the flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateColumn {
    BookedOn,
    TravelDate,
}

impl DateColumn {
    fn name(self) -> &'static str {
        match self {
            DateColumn::BookedOn => "booked_on",
            DateColumn::TravelDate => "travel_date",
        }
    }
}

/// The first and last date of a column among the flows a filter picks.
#[derive(Debug, Clone, PartialEq)]
pub struct DateSpan {
    pub label: &'static str,
    pub years: Option<(i32, i32)>,
    pub column: DateColumn,
    pub filter: Filter,
}

impl DateSpan {
    pub fn lazy(&self, bookings: LazyFrame) -> LazyFrame {
        let c = self.column.name();
        self.filter.apply(bookings).select([col(c).min().alias("first"), col(c).max().alias("last")])
    }

    pub fn sql(&self, path: &str) -> SqlQuery {
        let c = self.column.name();
        let mut args = Vec::new();
        let from = from_where_sql(path, self.years, &self.filter, &mut args);
        SqlQuery { text: format!("SELECT MIN({c}) AS first, MAX({c}) AS last\nFROM {from}"), args }
    }
}

/// Per market: the first and last travel date of its flows and how many there are (what
/// `tourstat markets` shows).
#[derive(Debug, Clone, PartialEq)]
pub struct MarketSpans {
    pub label: &'static str,
}

impl MarketSpans {
    pub fn lazy(&self, bookings: LazyFrame) -> LazyFrame {
        bookings
            .group_by([col("market")])
            .agg([
                col("travel_date").min().alias("first"),
                col("travel_date").max().alias("last"),
                len().cast(DataType::Int64).alias("rows"),
            ])
            .sort(["market"], SortMultipleOptions::default())
    }

    pub fn sql(&self, path: &str) -> SqlQuery {
        let from = from_where_sql(path, None, &Filter::default(), &mut Vec::new());
        SqlQuery {
            text: format!(
                "SELECT market, MIN(travel_date) AS first, MAX(travel_date) AS last, COUNT(*) AS rows\nFROM {from}\nGROUP BY market\nORDER BY market"
            ),
            args: Vec::new(),
        }
    }
}

/// Per market, its last and first booking and its last day of travel among the flows a filter
/// picks (what tells a feed that stopped, started late or ends with travel too soon, from a
/// window nobody booked then).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedReach {
    pub label: &'static str,
    /// Calendar years of travel to read (all when `None`).
    pub years: Option<(i32, i32)>,
    pub filter: Filter,
}

impl FeedReach {
    pub fn lazy(&self, bookings: LazyFrame) -> LazyFrame {
        self.filter
            .apply(bookings)
            .group_by([col("market")])
            .agg([
                col("booked_on").max().alias("last_booked"),
                col("booked_on").min().alias("first_booked"),
                col("travel_date").max().alias("last_travel"),
            ])
            .sort(["market"], SortMultipleOptions::default())
    }

    pub fn sql(&self, path: &str) -> SqlQuery {
        let mut args = Vec::new();
        let from = from_where_sql(path, self.years, &self.filter, &mut args);
        SqlQuery {
            text: format!(
                "SELECT market, MAX(booked_on) AS last_booked, MIN(booked_on) AS first_booked, MAX(travel_date) AS last_travel\nFROM {from}\nGROUP BY market\nORDER BY market"
            ),
            args,
        }
    }
}

/// Per market, the first and last day of travel and the number of days of travel among the
/// flows a filter picks: whether a feed ran daily up to its last day (it ended there), or
/// books travel on some days only.
#[derive(Debug, Clone, PartialEq)]
pub struct TravelDays {
    pub label: &'static str,
    /// Calendar years of travel to read (all when `None`).
    pub years: Option<(i32, i32)>,
    pub filter: Filter,
}

impl TravelDays {
    pub fn lazy(&self, bookings: LazyFrame) -> LazyFrame {
        self.filter
            .apply(bookings)
            .group_by([col("market")])
            .agg([
                col("travel_date").min().alias("first"),
                col("travel_date").max().alias("last"),
                col("travel_date").n_unique().cast(DataType::Int64).alias("days"),
            ])
            .sort(["market"], SortMultipleOptions::default())
    }

    pub fn sql(&self, path: &str) -> SqlQuery {
        let mut args = Vec::new();
        let from = from_where_sql(path, self.years, &self.filter, &mut args);
        SqlQuery {
            text: format!(
                "SELECT market, MIN(travel_date) AS first, MAX(travel_date) AS last, COUNT(DISTINCT travel_date) AS days\nFROM {from}\nGROUP BY market\nORDER BY market"
            ),
            args,
        }
    }
}

impl Store {
    /// Seats summed as `q` asks, on the store's engine; `None` when the store has no booking
    /// flows (of the years asked).
    pub fn seat_totals(&self, q: &SeatTotals) -> Result<Option<DataFrame>> {
        let Some(df) = self.ask(q.label, q.years, |b| q.lazy(b), |path| q.sql(path))? else {
            return Ok(None);
        };
        // Spark sends no batch for an empty answer: its columns, empty.
        Ok(Some(if df.width() == 0 { q.empty()? } else { df }))
    }

    /// Several questions at once, of the first's years: on the local engine in one run of
    /// polars, which reads the flows the questions share once (a plan's common part is cached:
    /// asked one after the other, the seats by market and by day of travel took 0.205 and
    /// 0.135-0.2 s on gen.py data, together 0.27-0.29 s); one after the other on Spark. `None`
    /// when the store has no booking flows (of those years).
    pub fn seat_totals_together(&self, qs: &[&SeatTotals]) -> Result<Option<Vec<DataFrame>>> {
        let Some(first) = qs.first() else { return Ok(Some(Vec::new())) };
        let Some(bookings) = self.scan(Kind::Bookings, first.years)? else { return Ok(None) };
        let dfs = match &self.engine().engine {
            Engine::Local => {
                let mut plans = Vec::new();
                for q in qs {
                    let lf = q.lazy(bookings.clone())?;
                    self.explain_local(q.label, &lf)?;
                    plans.push(lf);
                }
                let opt = bookings.get_current_optimizations();
                let plans = plans.into_iter().map(|lf| lf.logical_plan).collect();
                LazyFrame::collect_all_with_engine(plans, polars::prelude::Engine::Streaming, opt)
                    .context(first.label)?
            }
            Engine::Spark { .. } => {
                let mut dfs = Vec::new();
                for q in qs {
                    dfs.push(self.seat_totals(q)?.map_or_else(|| q.empty(), Ok)?);
                }
                dfs
            }
        };
        // Spark sends no batch for an empty answer: its columns, empty.
        qs.iter()
            .zip(dfs)
            .map(|(q, df)| if df.width() == 0 { q.empty() } else { Ok(df) })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    /// The seats of the flows `filter` picks among those of `years` (all when `None`), by
    /// market: a market with no such flow is absent (never 0).
    pub fn seats_by_market(
        &self,
        label: &'static str,
        years: Option<(i32, i32)>,
        filter: Filter,
    ) -> Result<HashMap<String, i64>> {
        let q = SeatTotals {
            label,
            years,
            key: Key::Market,
            measures: vec![Measure { name: "seats", filter }],
            reach: false,
        };
        let Some(df) = self.seat_totals(&q)? else { return Ok(HashMap::new()) };
        Ok(columns::strings(&df, "market")?
            .into_iter()
            .zip(columns::ints(&df, "seats")?)
            .filter_map(|(m, s)| Some((m?, s?)))
            .collect())
    }

    /// The first and last date of `q`; `None` when the store has no booking flows (of the
    /// years asked), (None, None) when none matches.
    pub fn date_span(&self, q: &DateSpan) -> Result<Option<(Option<NaiveDate>, Option<NaiveDate>)>> {
        let Some(df) = self.ask(q.label, q.years, |b| Ok(q.lazy(b)), |path| Ok(q.sql(path)))? else {
            return Ok(None);
        };
        let first = columns::dates(&df, "first")?.first().copied().flatten();
        let last = columns::dates(&df, "last")?.first().copied().flatten();
        Ok(Some((first, last)))
    }

    /// Per market, the span and count of its flows; `None` when the store has no flows.
    pub fn market_spans(&self, q: &MarketSpans) -> Result<Option<DataFrame>> {
        self.ask(q.label, None, |b| Ok(q.lazy(b)), |path| Ok(q.sql(path)))
    }

    /// Per market, its last booking; `None` when the store has no flows (of the years asked).
    pub fn feed_reach(&self, q: &FeedReach) -> Result<Option<DataFrame>> {
        self.ask(q.label, q.years, |b| Ok(q.lazy(b)), |path| Ok(q.sql(path)))
    }

    /// Per market, its days of travel (see `TravelDays`); `None` when the store has no flows
    /// (of the years asked).
    pub fn travel_days(&self, q: &TravelDays) -> Result<Option<DataFrame>> {
        self.ask(q.label, q.years, |b| Ok(q.lazy(b)), |path| Ok(q.sql(path)))
    }

    /// Runs one question on the store's engine: `lazy` over the flows of `years` here, or the
    /// SQL `sql` makes of the bookings version's path on Spark; `None` when the store has no
    /// flows (of those years).
    fn ask(
        &self,
        label: &str,
        years: Option<(i32, i32)>,
        lazy: impl FnOnce(LazyFrame) -> Result<LazyFrame>,
        sql: impl FnOnce(&str) -> Result<SqlQuery>,
    ) -> Result<Option<DataFrame>> {
        let Some(bookings) = self.scan(Kind::Bookings, years)? else { return Ok(None) };
        let df = match &self.engine().engine {
            Engine::Local => {
                let lf = lazy(bookings)?;
                self.explain_local(label, &lf)?;
                lf.stream_with(label)?
            }
            Engine::Spark { .. } => {
                let sql = sql(&self.remote_path(Kind::Bookings)?)?;
                self.explain_sql(label, &sql);
                self.spark_sql(&sql)?
            }
        };
        Ok(Some(df))
    }

    fn explain_local(&self, label: &str, lf: &LazyFrame) -> Result<()> {
        if self.engine().explain {
            let plan = lf.describe_optimized_plan().context("explaining a query")?;
            eprintln!("-- {label} (engine local, polars plan)\n{plan}\n");
        }
        Ok(())
    }

    fn explain_sql(&self, label: &str, sql: &SqlQuery) {
        if self.engine().explain {
            eprintln!("-- {label} (engine {})\n{sql}\n", self.engine().engine);
        }
    }

    /// Where the engine reads a kind's committed version: the version folder under
    /// `--remote-store` when given, under the store's own (absolute) path otherwise.
    fn remote_path(&self, kind: Kind) -> Result<String> {
        let Some(dir) = self.version_dir(kind)? else {
            return Err(Error::internal(format!("no committed {kind} to read")));
        };
        let version = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let remote = match &self.engine().engine {
            Engine::Spark { remote_root: Some(root), .. } => root.trim_end_matches('/').to_string(),
            _ => {
                let root = std::path::absolute(self.root()).map_err(|e| Error::io(self.root(), e))?;
                root.to_string_lossy().trim_end_matches('/').to_string()
            }
        };
        Ok(format!("{remote}/_versions/{version}"))
    }

    #[cfg(feature = "spark")]
    fn spark_sql(&self, sql: &SqlQuery) -> Result<DataFrame> {
        match &self.engine().engine {
            Engine::Spark { address, remote_root, .. } => {
                if remote_root.is_some() {
                    self.verify_remote_copy(address)?;
                }
                spark::run_sql(address, sql)
            }
            Engine::Local => Err(Error::internal("a Spark query on the local engine")),
        }
    }

    /// A copy of the store the cluster reads (`--remote-store`) must hold this store's
    /// committed bookings version, file for file: a copy synced before the last ingest, or
    /// after a rollback that reused the version number, would answer for other flows. Checked
    /// once per process, by the files' names and sizes (Spark lists them without reading).
    #[cfg(feature = "spark")]
    fn verify_remote_copy(&self, address: &str) -> Result<()> {
        static VERIFIED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        let remote = self.remote_path(Kind::Bookings)?;
        if VERIFIED.lock().is_ok_and(|v| v.contains(&remote)) {
            return Ok(());
        }
        let Some(local_dir) = self.version_dir(Kind::Bookings)? else { return Ok(()) };
        let mut local: Vec<(String, i64)> = Vec::new();
        for f in self.files(Kind::Bookings, None)? {
            let rel = f.strip_prefix(&local_dir).unwrap_or(&f).to_string_lossy().to_string();
            let len = std::fs::metadata(&f).map_err(|e| Error::io(&f, e))?.len() as i64;
            local.push((rel, len));
        }
        local.sort();
        let listing = SqlQuery {
            text: format!("SELECT path, length FROM binaryFile.`{}`", remote.replace('`', "``")),
            args: Vec::new(),
        };
        self.explain_sql("checking the cluster's copy of the store", &listing);
        let found = spark::run_sql(address, &listing)?;
        let paths = columns::strings(&found, "path")?;
        let lengths = columns::ints(&found, "length")?;
        let version = local_dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let mut theirs: Vec<(String, i64)> = paths
            .iter()
            .zip(&lengths)
            .filter_map(|(p, l)| {
                let p = p.as_deref()?;
                let rel = p.split_once(&format!("/{version}/")).map_or(p, |(_, r)| r);
                Some((rel.to_string(), (*l)?))
            })
            .collect();
        theirs.sort();
        if theirs != local {
            let differ = local.iter().filter(|f| !theirs.contains(f)).count()
                + theirs.iter().filter(|f| !local.contains(f)).count();
            return Err(Error::Engine {
                engine: self.engine().engine.to_string(),
                message: format!(
                    "the copy of the store at {remote} is not this store's {version}: {differ} of its files differ in name or size; sync the store there again (after every ingest or rollback) before asking"
                ),
            });
        }
        if let Ok(mut v) = VERIFIED.lock() {
            v.push(remote);
        }
        Ok(())
    }

    #[cfg(not(feature = "spark"))]
    fn spark_sql(&self, _sql: &SqlQuery) -> Result<DataFrame> {
        Err(Error::Engine { engine: self.engine().engine.to_string(), message: NO_SPARK.into() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn engines_parse_from_their_addresses() {
        assert_eq!("local".parse::<Engine>(), Ok(Engine::Local));
        assert_eq!(
            "spark://10.0.0.5:15002".parse::<Engine>(),
            Ok(Engine::Spark { address: "10.0.0.5:15002".into(), remote_root: None })
        );
        for bad in ["spark://host", "spark://:15002", "spark://host:port", "http://host:15002", "duckdb"] {
            assert!(bad.parse::<Engine>().is_err(), "{bad}");
        }
    }

    #[test]
    fn filters_say_the_same_in_sql_with_market_names_as_parameters() {
        let f = Filter {
            booked_by: Some(day("2025-07-01")),
            travel: Some(Window::new(day("2025-07-01"), day("2025-12-31"), false).unwrap()),
            markets: Some(vec!["Côte d'Ivoire".into(), "UK".into()]),
        };
        let mut args = Vec::new();
        assert_eq!(
            f.sql(&mut args),
            "booked_on <= DATE '2025-07-01' AND travel_date BETWEEN DATE '2025-07-01' AND DATE '2025-12-31' AND market IN (:m0, :m1)"
        );
        assert_eq!(args, [("m0".to_string(), "Côte d'Ivoire".to_string()), ("m1".into(), "UK".into())]);
        assert_eq!(Filter { markets: Some(vec![]), ..Default::default() }.sql(&mut args), "FALSE");
        assert_eq!(Filter::default().sql(&mut args), "TRUE");
    }

    #[test]
    fn both_engines_answer_alike_on_the_same_flows() {
        // The SQL cannot run here; the local query can, and the SQL is checked for the parts
        // that carry the definition (each measure's own filter, the key, the full join).
        let flows = df!(
            "booked_on" => [day("2025-01-10"), day("2025-03-01"), day("2024-01-05"), day("2025-01-02")],
            "travel_date" => [day("2025-07-10"), day("2025-07-20"), day("2024-07-15"), day("2025-08-01")],
            "market" => ["China", "China", "India", "Japan"],
            "seats" => [10i64, 5, 7, 3],
        )
        .unwrap();
        let window = Window::new(day("2025-07-01"), day("2025-08-31"), false).unwrap();
        let ly = Window::new(day("2024-07-02"), day("2024-09-01"), false).unwrap();
        let q = SeatTotals {
            label: "test",
            years: Some((2024, 2025)),
            key: Key::Market,
            measures: vec![
                Measure {
                    name: "seats",
                    filter: Filter {
                        booked_by: Some(day("2025-02-01")),
                        travel: Some(window),
                        markets: None,
                    },
                },
                Measure {
                    name: "seats_ly",
                    filter: Filter { booked_by: Some(day("2024-02-02")), travel: Some(ly), markets: None },
                },
            ],
            reach: false,
        };
        let got = q.lazy(flows.lazy()).unwrap().collect().unwrap();
        assert_eq!(
            columns::strings(&got, "market").unwrap(),
            [Some("China".into()), Some("India".into()), Some("Japan".into())]
        );
        assert_eq!(columns::ints(&got, "seats").unwrap(), [Some(10), None, Some(3)]);
        assert_eq!(columns::ints(&got, "seats_ly").unwrap(), [None, Some(7), None]);
        let sql = q.sql("/s/_versions/bookings.000003").unwrap().text;
        assert!(sql.contains("FROM parquet.`/s/_versions/bookings.000003`\n   WHERE travel_year BETWEEN 2024 AND 2025 AND booked_on <= DATE '2025-02-01' AND travel_date BETWEEN DATE '2025-07-01' AND DATE '2025-08-31'"), "{sql}");
        assert!(sql.contains("FULL OUTER JOIN"), "{sql}");
        assert!(
            sql.starts_with("SELECT COALESCE(m0.market, m1.market) AS market, m0.seats, m1.seats_ly"),
            "{sql}"
        );
    }
}
