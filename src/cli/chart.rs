use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use tourstat::analysis::arrivals::{month_ranges, MonthlyArrivals, Years};
use tourstat::analysis::change_pct;
use tourstat::analysis::otb::OtbQuery;
use tourstat::chart::{self, Bar, Frame, Line, TargetPicture, LAST_YEAR, PALETTE, THIS_YEAR};
use tourstat::error::{Error, IoContext, Result};
use tourstat::forecast::Method;
use tourstat::kind::Kind;
use tourstat::market::MarketTree;
use tourstat::output::change_text;
use tourstat::output::{short_count, thousands};
use tourstat::period::{LyRule, Period, Window};
use tourstat::query::on_the_books::{
    first_travel_date, last_booking, on_the_books, seats_by_month, travel_end, Basis, Source,
};
use tourstat::query::series::{self, monthly_series, series_footnote};
use tourstat::query::store_info::other_periods;
use tourstat::query::year_to_date::{
    common_through, latest_year, load_monthly, year_to_date, YearToDateLine,
};

use super::select::{open, MarketArgs, Opened};
use super::{parse_date, parse_with, parse_year, through_month};

/// Draw a chart as PNG (into charts/ unless -o says otherwise).
///
/// Examples:
///   tourstat chart trend --market Total
///   tourstat chart trend --market Short-haul --market Long-haul --since 2023-01
///   tourstat chart trend --each-market    # one chart per market
///   tourstat chart yoy --as-of 2025-07-01 --travel 2025-06-01..2025-12-31 --market Short-haul --from snapshots
///   tourstat chart target --year 2025 --market Short-haul
///   tourstat chart pace --travel 2025-06-01..2025-12-31 --market Short-haul
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    kind: ChartKind,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Canvas {
    /// Write the PNG here instead of charts/<a name made from the selection>.png.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Folder for charts named from the selection.
    #[arg(long, default_value = "charts")]
    dir: PathBuf,
    /// Width in pixels.
    #[arg(long, default_value_t = 1200)]
    width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = 675)]
    height: u32,
}

impl Canvas {
    fn path(&self, stem: &[&str]) -> Result<PathBuf> {
        if let Some(p) = &self.output {
            chart::check_output(p)?;
            return Ok(p.clone());
        }
        std::fs::create_dir_all(&self.dir).at(&self.dir)?;
        Ok(self.dir.join(format!("{}.png", chart::file_stem(stem))))
    }

    fn frame(&self, title: String, subtitle: String, footnote: String) -> Result<Frame> {
        if !(200..=8000).contains(&self.width) || !(150..=8000).contains(&self.height) {
            return Err(Error::Usage(format!(
                "a chart must be 200 to 8000 pixels wide and 150 to 8000 high, got {}x{}",
                self.width, self.height
            )));
        }
        Ok(Frame { width: self.width, height: self.height, title, subtitle, footnote })
    }
}

#[derive(Debug, clap::Subcommand)]
enum ChartKind {
    /// Monthly arrivals (or seats): this year against last year for one market, or several
    /// markets over several years; the YoY change is labelled at the last point.
    Trend {
        /// Markets to draw (repeat for several); default the top of the tree.
        #[arg(long)]
        market: Vec<String>,
        /// One chart per market of the tree, each this year against last year.
        #[arg(long, conflicts_with = "market")]
        each_market: bool,
        /// The year (default: the latest with data).
        #[arg(long, value_parser = parse_year)]
        year: Option<i32>,
        /// The first month drawn, as a line over the months from it (default: with several
        /// markets, January two years back; with one, this year against last year).
        #[arg(long, value_parser = parse_with::<Period>, conflicts_with = "each_market")]
        since: Option<Period>,
        /// Seats by travel month from booking flows instead of arrivals.
        #[arg(long)]
        seats: bool,
        /// What was known on this date.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[command(flatten)]
        canvas: Canvas,
    },
    /// Change against last year by market as sorted horizontal bars: seats on the books with
    /// --travel (as `tourstat otb`), arrivals year to date otherwise (as `tourstat summary`).
    Yoy {
        /// Snapshot date for seats on the books (with --travel); of arrivals, what was known
        /// on this date.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Travel window for seats on the books.
        #[arg(long, value_parser = parse_with::<Window>, requires = "as_of")]
        travel: Option<Window>,
        #[command(flatten)]
        markets: MarketArgs,
        /// flows, snapshots or auto (as `tourstat otb`).
        #[arg(long, default_value = "auto", value_parser = parse_with::<Source>)]
        from: Source,
        /// Last year of a window in days: 364 (the default) or calendar.
        #[arg(long, value_parser = parse_with::<LyRule>)]
        ly: Option<LyRule>,
        /// Year for arrivals (default: the latest).
        #[arg(long, value_parser = parse_year)]
        year: Option<i32>,
        /// Last month for arrivals, e.g. 2025-06, or a quarter (2025-Q3: through September).
        #[arg(long, value_parser = parse_with::<Period>)]
        through: Option<Period>,
        #[command(flatten)]
        canvas: Canvas,
    },
    /// Cumulative arrivals against the target path, the projection and the shortfall.
    Target {
        /// The year of the target.
        #[arg(long, value_parser = parse_year)]
        year: i32,
        /// Last month with data to use, e.g. 2025-06, or a quarter (2025-Q3: through September).
        #[arg(long, value_parser = parse_with::<Period>)]
        through: Option<Period>,
        /// A market with a target (default: the first in the tree), counted through its own
        /// latest complete month, as `shortfall --market` counts it.
        #[arg(long)]
        market: Option<String>,
        /// What was known on this date.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// How to project the year end (as `tourstat shortfall --method`); the band is its 80%
        /// interval.
        #[arg(long, default_value = "run-rate", value_parser = parse_with::<Method>)]
        method: Method,
        #[command(flatten)]
        canvas: Canvas,
    },
    /// The booking curve: seats on the books by days before travel, this year against last.
    Pace {
        /// Travel window.
        #[arg(long, value_parser = parse_with::<Window>)]
        travel: Window,
        /// A market (and everything below it).
        #[arg(long)]
        market: Option<String>,
        /// Leave a market (and everything below it) out of the curve (repeatable).
        #[arg(long)]
        without: Vec<String>,
        /// Longest lead in days (0 to 3660).
        #[arg(long, default_value_t = 180, value_parser = clap::value_parser!(i64).range(0..=tourstat::query::pace::MAX_LEAD_DAYS))]
        lead: i64,
        /// What was known on this date.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Last year of a window in days: 364 (the default) or calendar.
        #[arg(long, value_parser = parse_with::<LyRule>)]
        ly: Option<LyRule>,
        #[command(flatten)]
        canvas: Canvas,
    },
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let written = match a.kind {
        ChartKind::Trend { market, each_market, year, since, seats, as_of, canvas } => {
            trend(&opened, &market, each_market, year, since, seats, as_of, &canvas, None)?
        }
        ChartKind::Yoy { as_of, travel, markets, from, ly, year, through, canvas } => match (as_of, travel) {
            (Some(as_of), Some(window)) => {
                let q = OtbQuery { as_of, window, ly: ly.unwrap_or_default() };
                yoy_seats(&opened, q, ly, from, &markets, &canvas)?
            }
            (as_of, _) => yoy_arrivals(&opened, year, through, as_of, &markets, &canvas)?,
        },
        ChartKind::Target { year, through, market, as_of, method, canvas } => {
            target(&opened, year, through, market, (as_of, None), method, &canvas)?
        }
        ChartKind::Pace { travel, market, without, lead, as_of, ly, canvas } => {
            note(travel.ly_not_used(ly).as_slice());
            pace(&opened, travel, (market, &without), lead, as_of, ly.unwrap_or_default(), &canvas)?
        }
    };
    for path in written {
        put!("{}", path.display());
    }
    Ok(())
}

/// The brief's charts, (caption, file), and a sentence on each target chart it cannot draw.
pub type BriefCharts = (Vec<(String, PathBuf)>, Vec<String>);

/// The charts of the brief, drawn into `dir`: arrivals of the top of the tree this year
/// against last, the change by market, the target tracker of each market with a target
/// (`targets`: each with whether it is projected), and with a travel window the seats on the
/// books by market and the booking curve.
#[allow(clippy::too_many_arguments)]
/// `(as_of, books_as_of)`: the day the arrivals are known on, and the brief's day of its seats
/// on the books (its target charts' bookings projection reads them, with --travel or not).
/// `(through, targets_through)`: the month of the brief's arrivals charts, and of its target
/// charts (none: each market's own latest month, as its tracking counts it).
pub fn for_brief(
    opened: &Opened,
    year: i32,
    (through, targets_through): (Option<Period>, Option<Period>),
    (as_of, books_as_of): (Option<NaiveDate>, Option<NaiveDate>),
    books: Option<(OtbQuery, &[String])>,
    targets: &[(String, bool)],
    method: Method,
    dir: &Path,
) -> Result<BriefCharts> {
    // The arrivals as known on `as_of` (default: the latest vintage of each).
    let canvas = Canvas { output: None, dir: dir.to_path_buf(), width: 1000, height: 560 };
    let mut out = Vec::new();
    let top = opened.tree.roots().first().map(|r| r.to_string());
    // A store without arrivals has no trend to draw (the brief's arrivals section says so).
    let trend = trend(
        opened,
        &top.iter().cloned().collect::<Vec<_>>(),
        false,
        Some(year),
        None,
        false,
        as_of,
        &canvas,
        through.map(|p| p.end().month()),
    );
    // A top market without a complete month this year (a member by quarter) has no trend to
    // draw: the brief goes on without it, and says why.
    match trend {
        Ok(paths) => out
            .extend(paths.into_iter().map(|p| (format!("Monthly arrivals, {year} against {}", year - 1), p))),
        Err(Error::Usage(_)) if opened.store.version_dir(Kind::Arrivals)?.is_none() => {}
        Err(Error::Usage(why)) => note(&[format!("the brief has no trend chart: {why}")]),
        Err(e) => return Err(e),
    }
    let depth1 = MarketArgs { market: None, depth: Some(1) };
    if let Ok(paths) = yoy_arrivals(opened, Some(year), through, as_of, &depth1, &canvas) {
        out.extend(paths.into_iter().map(|p| ("Change on last year by market, year to date".to_string(), p)));
    }
    // The markets projected, and those the method could not project: their year so far
    // against the target path, as `chart target` draws it (trial 55 M2: the brief left out the
    // Total's chart, the minister's question). One it cannot draw is said, with why.
    let mut not_drawn = Vec::new();
    for (market, projected) in targets {
        let days = (as_of, books_as_of);
        match target(opened, year, targets_through, Some(market.clone()), days, method, &canvas) {
            Ok(paths) => {
                for path in paths {
                    // Without --through, each market's chart counts its own months, where the
                    // brief's table counts every market through the month they all have: the
                    // caption says so.
                    let months =
                        if targets_through.is_none() { ", through its own latest month" } else { "" };
                    let unprojected =
                        if *projected { String::new() } else { format!(" (not projected by {method})") };
                    out.push((
                        format!("{market}: arrivals against the {year} target{months}{unprojected}"),
                        path,
                    ));
                }
            }
            Err(Error::Usage(why)) => not_drawn.push(format!("No target chart of {market}: {why}")),
            Err(e) => return Err(e),
        }
    }
    // `without`: the markets the booking curve leaves out (`pace::unknown_last_year`).
    if let Some((q, without)) = books {
        let sel = MarketArgs { market: None, depth: Some(2) };
        if let Ok(paths) = yoy_seats(opened, q, None, Source::Auto, &sel, &canvas) {
            out.extend(
                paths
                    .into_iter()
                    .map(|p| (format!("Seats on the books for travel {}, as of {}", q.window, q.as_of), p)),
            );
        }
        // From further ahead where nothing is known from 120 days on, as the brief's table.
        let drawn = [120, 182, 364].into_iter().find_map(|lead| {
            pace(opened, q.window, (None, without), lead, Some(q.as_of), q.ly, &canvas).ok()
        });
        if let Some(paths) = drawn {
            let but = match without.is_empty() {
                true => String::new(),
                false => format!(
                    ", all markets but {} (last year not known), like with like",
                    tourstat::query::year_to_date::some_names(without, 4)
                ),
            };
            out.extend(paths.into_iter().map(|p| (format!("Booking curve for travel {}{but}", q.window), p)));
        }
    }
    Ok((out, not_drawn))
}

/// What a reader of the chart must know (what it leaves out, and why), on stderr.
fn note(notes: &[String]) {
    for n in notes {
        say!("note: {}", tourstat::output::visible(n));
    }
}

fn footnote(
    opened: &Opened,
    kind: Kind,
    as_of: Option<NaiveDate>,
    what: &str,
    markets: &[String],
) -> Result<String> {
    Ok(series::Sources::of(&opened.store, kind, as_of, Some(&series::with_members(&opened.tree, markets)))?
        .footnote(what))
}

#[allow(clippy::too_many_arguments)]
fn trend(
    opened: &Opened,
    markets: &[String],
    each_market: bool,
    year: Option<i32>,
    since: Option<Period>,
    seats: bool,
    as_of: Option<NaiveDate>,
    canvas: &Canvas,
    until: Option<u32>,
) -> Result<Vec<PathBuf>> {
    // A line from a month after the year asked ends before it begins.
    if let (Some(y), Some(p)) = (year, since) {
        if p.start().year() > y {
            return Err(Error::Usage(format!(
                "--since {p} is after --year {y}, whose December ends the chart: ask --since a month of {y} or before"
            )));
        }
    }
    if seats {
        return trend_seats(opened, markets, each_market, year, since, as_of, canvas);
    }
    let series = monthly_series(&opened.store, &opened.tree, as_of)?;
    let footnote = |names: &[String]| series_footnote(&opened.store, &opened.tree, as_of, names);
    let unit = "Arrivals";
    let Some((latest_y, latest_m)) = series.latest_month() else {
        return Err(Error::Usage("nothing to draw: no monthly figures".into()));
    };
    // A year asked for ends a line over several years with its December (or the store's
    // latest month, where earlier).
    let (latest_y, latest_m) = match year {
        Some(y) if y < latest_y => (y, 12),
        _ => (latest_y, latest_m),
    };
    let year = year.unwrap_or(latest_y);
    let names: Vec<String> = if each_market {
        if opened.tree.is_empty() {
            series.markets()
        } else {
            opened.tree.depth_first().into_iter().map(|(_, m)| m.to_string()).collect()
        }
    } else if markets.is_empty() {
        vec![opened
            .tree
            .roots()
            .first()
            .map(|r| r.to_string())
            .or_else(|| series.markets().first().cloned())
            .unwrap_or_default()]
    } else {
        markets.iter().map(|m| opened.market(m)).collect::<Result<_>>()?
    };
    let what = unit.to_lowercase();
    // One market is drawn this year against last year, unless asked from a month on.
    if (names.len() == 1 && since.is_none()) || each_market {
        // The year's months to `until` (the brief's month: review 34 H2, its trend drew a
        // month to date its tables leave out).
        let line = |name: &str, y: i32| -> Vec<(f64, f64)> {
            (1..=12)
                .filter(|m| y != year || until.is_none_or(|u| *m <= u))
                .filter_map(|m| series.month(name, y, m).map(|v| (m as f64, v)))
                .collect()
        };
        let names: Vec<String> = if each_market {
            // A chart of this year against last needs this year: a market without a month of
            // it is not drawn (as --market refuses it), and named.
            let (drawn, without): (Vec<String>, Vec<String>) = names
                .into_iter()
                .filter(|n| !line(n, year - 1).is_empty() || !line(n, year).is_empty())
                .partition(|n| !line(n, year).is_empty());
            if drawn.is_empty() {
                return Err(Error::Usage(format!(
                    "nothing to draw: no market has monthly {what} for {year}"
                )));
            }
            if !without.is_empty() {
                note(&[format!(
                    "not drawn, without a month of {year} whose figure is complete (a group's: every member's), though {} has some: {}",
                    year - 1,
                    without.join(", ")
                )]);
            }
            drawn
        } else {
            names
        };
        if !each_market && line(&names[0], year).is_empty() {
            let (first, last) = series.years_of(&names[0]).unwrap_or((latest_y, latest_y));
            return Err(Error::Usage(if series.by_other_periods_only(&names[0], year) {
                format!(
                    "nothing to draw: {} has figures of {year} by quarter, year or day only, none by month, and a trend is drawn month by month (`tourstat export arrivals` lists them)",
                    names[0]
                )
            } else if (first..=last).contains(&year) {
                // Its members behind named (trial 73 L6: Total refused, a member published by
                // quarter the cause, unsaid).
                let latest = match series.latest_month() {
                    Some((y, m)) if y == year => m,
                    _ => 12,
                };
                let behind = tourstat::query::year_to_date::members_behind(&series, &names[0], year, latest);
                format!(
                    "nothing to draw: {} has no month of {year} whose {what} figure is complete (a group's: every member's, by month; {})",
                    names[0],
                    if behind.is_empty() {
                        format!("`tourstat summary --market {}` says which lag", names[0])
                    } else {
                        format!(
                            "members behind: {}; --market of the others draws them",
                            tourstat::query::year_to_date::some_names(&behind, 4)
                        )
                    }
                )
            } else {
                format!(
                    "nothing to draw: {} has no complete monthly {what} for {year} (its monthly figures are of {})",
                    names[0],
                    if first == last { first.to_string() } else { format!("{first} to {last}") }
                )
            }));
        }
        let draw = |name: &String| -> Result<PathBuf> {
            let through = series.complete_through(name, year).min(until.unwrap_or(12));
            let this = line(name, year);
            let last = line(name, year - 1);
            let (now, before) = if through == 0 {
                (None, None)
            } else {
                (series.sum(name, year, 1, through), series.sum(name, year - 1, 1, through))
            };
            // Like with like, as summary compares: a member counted in one year and not in the
            // other (a market that began to publish) gives no change, and the chart says why.
            let unlike = (through > 0 && now.is_some() && before.is_some())
                .then(|| series.comparable(name, year, year - 1, 1, through).err())
                .flatten();
            let yoy = now.zip(before).and_then(|(n, b)| change_pct(n, b)).filter(|_| unlike.is_none());
            let unlike = unlike.map(|why| {
                format!(
                    "{name}: no change on {} is given: {why} (the lines do not count the same markets). ",
                    year - 1
                )
            });
            // Last year without all the months counted: no change, and why (trial 75 L2:
            // Europe's 2025 from June only, Poland new then, said nowhere).
            let unlike = unlike.or_else(|| {
                // A last year with no figure at all is said as such below.
                let drawn = (1..=12).any(|m| series.month(name, year - 1, m).is_some());
                if through == 0 || now.is_none() || before.is_some() || !drawn {
                    return None;
                }
                let missing: Vec<u32> =
                    (1..=through).filter(|&m| series.month(name, year - 1, m).is_none()).collect();
                let held = missing.iter().all(|&m| series.reaches(name, year - 1, m));
                let lacking =
                    tourstat::query::year_to_date::members_lacking(&series, name, year - 1, &missing);
                Some(format!(
                    "{name}: no change of the year to date ({}) on {} is given: {} {}{}. ",
                    months_span(through).trim_start_matches("in "),
                    year - 1,
                    tourstat::query::year_to_date::month_list(year - 1, &missing),
                    if held {
                        "known only within figures of longer periods (a quarter's)"
                    } else {
                        "without a figure"
                    },
                    if lacking.is_empty() || held {
                        String::new()
                    } else {
                        format!(
                            " (members without all of them: {})",
                            tourstat::query::year_to_date::some_names(&lacking, 4)
                        )
                    }
                ))
            });
            if let Some(u) = &unlike {
                note(&[u.trim_end().to_string()]);
            }
            // The subtitle's change against a last year partly closed: said, as summary says it;
            // else one that counts months of 0 a year before, open now, against none, on the
            // chart too (review 31 M3).
            let mut reopened = None;
            if yoy.is_some() {
                match tourstat::query::year_to_date::closed_note(&series, name, year, through) {
                    // On the chart too (trial 62 M3: on stderr only, the PNG sent on without it).
                    Some(n) => {
                        let said = n.replace("yoy_pct", "the change in the subtitle");
                        note(std::slice::from_ref(&said));
                        reopened = Some(format!("{said}. "));
                    }
                    None => {
                        reopened = now
                            .zip(before)
                            .and_then(|(n, b)| {
                                tourstat::query::year_to_date::reopened_note(
                                    &series,
                                    name,
                                    year,
                                    (1, through),
                                    n,
                                    b,
                                )
                            })
                            .map(|n| {
                                format!("{}. ", n.replacen("its change", "the change in the subtitle", 1))
                            });
                        if let Some(n) = &reopened {
                            note(&[n.trim_end().trim_end_matches('.').to_string()]);
                        }
                    }
                }
            }
            // ... and against its unsplit self (review 19 M5): in the footnote too.
            let split = yoy
                .and(now.zip(before))
                .and_then(|(n, b)| {
                    tourstat::query::year_to_date::change_note(&series, name, year, (1, through), n, b)
                })
                .map(|n| format!("{n}. "));
            if let Some(n) = &split {
                note(&[n.trim_end().trim_end_matches('.').to_string()]);
            }
            let (end_label, at_end) = this
                .last()
                .and_then(|(m, v)| {
                    let ly = series.month(name, year - 1, *m as u32)?;
                    series.comparable(name, year, year - 1, *m as u32, *m as u32).ok()?;
                    let (change, said) = end_change(&series, name, (year, *m as u32), *v, ly, &what)?;
                    Some((Some(format!("{}: {change}", &month_name(*m as u32)[..3])), said))
                })
                .unwrap_or_default();
            if let Some(n) = &at_end {
                note(&[n.trim_end().trim_end_matches('.').to_string()]);
            }
            let gaps: Vec<String> =
                (1..=series.latest_covered(name, year).unwrap_or(0).min(until.unwrap_or(12)))
                    .filter(|&m| series.month(name, year, m).is_none())
                    .map(|m| format!("{year}-{m:02}"))
                    .collect();
            // Months a figure of a quarter holds (review 51 L1: "no figure", on stderr only).
            let held: Vec<String> = (1..=12)
                .filter(|&m| series.month(name, year, m).is_none() && series.reaches(name, year, m))
                .map(|m| format!("{year}-{m:02}"))
                .filter(|m| gaps.contains(m))
                .collect();
            let broken = if gaps.is_empty() {
                String::new()
            } else if held.len() == gaps.len() {
                let said = format!(
                    "{name}: {} known only within a figure of a longer period (a quarter's), no month of it to draw; the line is broken there",
                    gaps.join(", ")
                );
                note(std::slice::from_ref(&said));
                format!("{said}. ")
            } else {
                // On the chart too, as a chart of several markets says it (trial 78 L7).
                let said = format!("{name}: no figure for {}; the line is broken there", gaps.join(", "));
                note(std::slice::from_ref(&said));
                format!("{said}. ")
            };
            // Last year's line likewise (review 52 L2: broken by a 2025-Q3, unsaid).
            let held_ly: Vec<String> = (1..=12)
                .filter(|&m| series.month(name, year - 1, m).is_none() && series.reaches(name, year - 1, m))
                .map(|m| format!("{}-{m:02}", year - 1))
                .collect();
            // And months of it with no figure at all (trial 82 L4: the 2024 line drawn for four
            // months, its footnote on 2025's gaps only).
            let gaps_ly: Vec<u32> = (1..=12)
                .filter(|&m| series.month(name, year - 1, m).is_none() && !series.reaches(name, year - 1, m))
                .collect();
            let broken = if last.is_empty() || gaps_ly.is_empty() {
                broken
            } else {
                let said = format!(
                    "{name}: no figure for {}; the {} line is drawn without them",
                    tourstat::query::year_to_date::month_list(year - 1, &gaps_ly),
                    year - 1
                );
                note(std::slice::from_ref(&said));
                format!("{broken}{said}. ")
            };
            let broken = if held_ly.is_empty() {
                broken
            } else {
                let said = format!(
                    "{name}: {} known only within a figure of a longer period (a quarter's), no month of it to draw; the {} line is broken there",
                    held_ly.join(", "),
                    year - 1
                );
                note(std::slice::from_ref(&said));
                format!("{broken}{said}. ")
            };
            // A line that ends before the store's latest month of the year: why, on the chart
            // too (trial 43: Asia's line ended at April, Hong Kong's May late, unsaid).
            let ends = match (series.latest_covered(name, year), series.latest_month()) {
                // Cut where the brief's tables count through (trial 67 M4: its footnote said the
                // line ended at April, where it was drawn to January).
                (Some(own), _) if until.is_some_and(|u| u < own) => {
                    let u = until.unwrap_or(own);
                    let said = format!(
                        "{name}: drawn through {year}-{u:02}, the month the tables count through (its figures run to {year}-{own:02})"
                    );
                    note(std::slice::from_ref(&said));
                    format!("{said}. ")
                }
                (Some(own), Some((y, latest))) if y == year && own < latest => {
                    let behind = tourstat::query::year_to_date::members_behind(&series, name, year, latest);
                    let why = if behind.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (members behind: {})",
                            tourstat::query::year_to_date::some_names(&behind, 4)
                        )
                    };
                    let said = format!(
                        "{name}: no figure for {}{why}, where the store has figures to {year}-{latest:02}: the line ends at {year}-{own:02}",
                        tourstat::query::year_to_date::month_list(year, &(own + 1..=latest).collect::<Vec<_>>())
                    );
                    note(std::slice::from_ref(&said));
                    format!("{said}. ")
                }
                _ => String::new(),
            };
            // Last year without a month to draw is not in the legend, and the footnote says why
            // (trial 72 M5: Europe's 2025, held back by a member merged into a sibling, listed
            // and drawn nowhere).
            let no_last_year = if last.is_empty() {
                let behind = tourstat::query::year_to_date::members_behind(&series, name, year - 1, 12);
                let said = format!(
                    "{name}: {} not drawn: no figure of it{}",
                    year - 1,
                    if behind.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " (members behind: {})",
                            tourstat::query::year_to_date::some_names(&behind, 4)
                        )
                    }
                );
                note(std::slice::from_ref(&said));
                format!("{said}. ")
            } else {
                String::new()
            };
            let mut lines = vec![Line {
                label: format!("{year}"),
                color: THIS_YEAR,
                dashed: false,
                points: this,
                end_label,
            }];
            if !last.is_empty() {
                lines.push(Line {
                    label: format!("{}", year - 1),
                    color: LAST_YEAR,
                    dashed: true,
                    points: last,
                    end_label: None,
                });
            }
            let drawn_to = series.latest_covered(name, year).unwrap_or(0).min(until.unwrap_or(12));
            let subtitle = trend_subtitle(name, (year, through, drawn_to), now, yoy);
            let months: Vec<(i32, u32)> = (1..=until.unwrap_or(12)).map(|m| (year, m)).collect();
            // Last year's line may stand on provisional months too.
            let both: Vec<(i32, u32)> =
                (1..=12).map(|m| (year - 1, m)).chain(months.iter().copied()).collect();
            let frame = canvas.frame(
                format!("Monthly {what}: {year} against {}", year - 1),
                subtitle,
                format!(
                    "{no_last_year}{}{}{}{}{broken}{ends}{}{}{}",
                    unlike.unwrap_or_default(),
                    split.unwrap_or_default(),
                    reopened.unwrap_or_default(),
                    at_end.unwrap_or_default(),
                    trend_month_to_date(&series, &[(name, months.clone())]),
                    provisional(&series, &[(name, both)]),
                    footnote(std::slice::from_ref(name))?
                ),
            )?;
            let path = trend_path(canvas, each_market, &["trend", unit, name, &year.to_string()])?;
            tourstat::output::write_whole(&path, |path| {
                chart::months_chart(path, &frame, &lines, None, unit)
            })?;
            Ok(path)
        };
        if each_market {
            return draw_in_parallel(&names, draw);
        }
        return Ok(vec![draw(&names[0])?]);
    }
    // Several markets over several years.
    let (y0, m0) = match since {
        Some(Period::Month { year, month }) => (year, month),
        Some(p) => (p.start().format("%Y").to_string().parse().unwrap_or(year - 2), 1),
        // By default two years back, or from the first month any market drawn has, where that
        // is later: no year of empty axis before the data begin.
        None => {
            let mut at = (year - 2, 1);
            while at < (latest_y, latest_m) && !names.iter().any(|n| series.month(n, at.0, at.1).is_some()) {
                at = if at.1 == 12 { (at.0 + 1, 1) } else { (at.0, at.1 + 1) };
            }
            at
        }
    };
    let index = |y: i32, m: u32| ((y - y0) * 12 + m as i32 - m0 as i32) as f64;
    // The chart ends with the latest month the markets drawn have, and each line's change is of
    // its own last month (a later month of other markets is not theirs).
    let ends = line_ends(&series, &names, (y0, m0), (latest_y, latest_m));
    let (latest_y, latest_m) = ends.iter().flatten().max().copied().unwrap_or((latest_y, latest_m));
    let mut lines = Vec::new();
    let mut drawn_months = Vec::new();
    // Lines whose last month counts other markets than the same month a year before: no change.
    let mut unlike = Vec::new();
    let mut undrawn = Vec::new();
    let mut at_end = String::new();
    for (i, name) in names.iter().enumerate() {
        let mut points = Vec::new();
        let mut months = Vec::new();
        let (mut y, mut m) = (y0, m0);
        while (y, m) <= (latest_y, latest_m) {
            if let Some(v) = series.month(name, y, m) {
                points.push((index(y, m), v));
                months.push((y, m));
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        // A line ending before the chart does names its month.
        let end_label = ends[i].and_then(|(y, m)| {
            series.month(name, y - 1, m)?;
            if let Err(why) = series.comparable(name, y, y - 1, m, m) {
                unlike.push(format!("{name} {}: {why}", month_year(y, m)));
                return None;
            }
            let (change, said) = end_change(
                &series,
                name,
                (y, m),
                series.month(name, y, m)?,
                series.month(name, y - 1, m)?,
                &what,
            )?;
            at_end += &said.unwrap_or_default();
            Some(if (y, m) == (latest_y, latest_m) {
                change
            } else {
                format!("{} {y}: {change}", &month_name(m)[..3])
            })
        });
        // A market with no month in the chart's span (published by quarter, year or day): in
        // the legend without a line, so said why.
        if months.is_empty() {
            let other = (y0..=latest_y).any(|y| series.has_other_periods(name, y));
            undrawn.push(if other {
                format!("{name} (published by quarter, year or day only: no month to draw)")
            } else {
                format!("{name} (no monthly figure from {} on)", month_year(y0, m0))
            });
        }
        drawn_months.push((name, months));
        lines.push(Line {
            label: name.clone(),
            color: PALETTE[i % PALETTE.len()],
            dashed: false,
            points,
            end_label,
        });
    }
    let mut unlike_text = if unlike.is_empty() {
        String::new()
    } else {
        format!("No change given, not like with like: {}. ", unlike.join("; "))
    };
    if !undrawn.is_empty() {
        unlike_text += &format!("Not drawn: {}. ", undrawn.join(", "));
    }
    unlike_text += &at_end;
    // Lines drawn in part: the months of the span each has no figure for, with why (trial 55
    // M4: China's years by quarter left five years of empty axis unsaid), markets with the
    // same months and reason named together.
    let mut in_part: Vec<(String, Vec<String>)> = Vec::new();
    // A line ending before the chart does says the months after it too (trial 75 L1: Italy's,
    // stopped in August 2025 on a chart to October 2026, said nowhere but at its end label).
    for (i, (name, months)) in drawn_months.iter().enumerate() {
        if ends[i].is_none() {
            continue;
        }
        let mut lacking = Vec::new();
        let (mut y, mut m) = (y0, m0);
        while (y, m) <= (latest_y, latest_m) {
            if !months.contains(&(y, m)) {
                lacking.push((y, m));
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        if lacking.is_empty() || months.is_empty() {
            continue;
        }
        // Its own figures, or a member's, of quarters or years there.
        let mut within = series.tree().descendants(name);
        within.push(name);
        let by_periods = lacking.iter().any(|(y, _)| within.iter().any(|w| series.has_other_periods(w, *y)));
        let why = if by_periods { "by quarter or year there, no month to draw" } else { "no figure" };
        let said = format!("{} ({why})", month_ranges(&lacking));
        match in_part.iter_mut().find(|(s, _)| *s == said) {
            Some((_, names)) => names.push(name.to_string()),
            None => in_part.push((said, vec![name.to_string()])),
        }
    }
    if !in_part.is_empty() {
        let parts: Vec<String> = in_part
            .iter()
            .map(|(said, names)| format!("{} {said}", tourstat::query::year_to_date::some_names(names, 4)))
            .collect();
        unlike_text += &format!("Drawn in part: {}. ", parts.join("; "));
    }
    let changed: Vec<String> =
        drawn_months.iter().flat_map(|(name, months)| members_changed(&series, name, months)).collect();
    if !changed.is_empty() {
        unlike_text += &format!(
            "The markets counted change (a step there is no change of travel): {}. ",
            changed.join("; ")
        );
    }
    if !unlike_text.is_empty() {
        note(&[unlike_text.trim_end().to_string()]);
    }
    let frame = canvas.frame(
        format!("Monthly {what} by market, {} to {} {latest_y}", month_year(y0, m0), month_name(latest_m)),
        if ends.iter().all(|e| *e == Some((latest_y, latest_m))) {
            format!("{}; change on the same month of {} at the last point", names.join(", "), latest_y - 1)
        } else {
            format!("{}; change on the same month a year before at each line's last point", names.join(", "))
        },
        format!(
            "{unlike_text}{}{}{}",
            trend_month_to_date(&series, &drawn_months),
            provisional(&series, &drawn_months),
            footnote(&names)?
        ),
    )?;
    let mut stem = vec!["trend", unit];
    stem.extend(names.iter().map(String::as_str));
    let path = canvas.path(&stem)?;
    tourstat::output::write_whole(&path, |path| {
        chart::months_chart(path, &frame, &lines, Some((y0, m0)), unit)
    })?;
    Ok(vec![path])
}

/// Where a line of several years changes the markets it counts, from one month drawn to the
/// next, at most three (trial 78 M2: Singapore's Total stepped up 49% in 1996-01, where six
/// markets began to be counted, and the chart said nothing): `Total counts Brunei Darussalam,
/// Indonesia, Malaysia, Philippines and 2 more from 1996-01 on (157,533 of its 581,738 then)`.
fn members_changed(series: &MonthlyArrivals, name: &str, months: &[(i32, u32)]) -> Vec<String> {
    let value =
        |set: &[String], y: i32, m: u32| set.iter().filter_map(|x| series.month(x, y, m)).sum::<f64>();
    let some = |set: &[String]| tourstat::query::year_to_date::some_names(set, 4);
    let mut out = Vec::new();
    for pair in months.windows(2) {
        let ((y0, m0), (y1, m1)) = (pair[0], pair[1]);
        let (Some(before), Some(after)) =
            (series.contributors(name, y0, m0), series.contributors(name, y1, m1))
        else {
            continue;
        };
        let (before, after) =
            (series.as_members(&before, y0, m0, &after), series.as_members(&after, y1, m1, &before));
        if before == after {
            continue;
        }
        let at = format!("{y1}-{m1:02}");
        if before.contains(name) != after.contains(name) {
            out.push(if after.contains(name) {
                format!("{name} is its own figure from {at} on, the sum of its members before")
            } else {
                format!("{name} is the sum of its members from {at} on, its own figure before")
            });
            continue;
        }
        let joined: Vec<String> = after.difference(&before).cloned().collect();
        let left: Vec<String> = before.difference(&after).cloned().collect();
        let total = series.month(name, y1, m1).unwrap_or_default();
        let mut said = Vec::new();
        if !joined.is_empty() {
            said.push(format!(
                "{name} counts {} from {at} on ({} of its {} then)",
                some(&joined),
                thousands(value(&joined, y1, m1).round() as i64),
                thousands(total.round() as i64)
            ));
        }
        if !left.is_empty() {
            said.push(format!(
                "{name} no longer counts {} from {at} on ({} of its {} in {y0}-{m0:02})",
                some(&left),
                thousands(value(&left, y0, m0).round() as i64),
                thousands(series.month(name, y0, m0).unwrap_or_default().round() as i64)
            ));
        }
        out.push(said.join(", and "));
    }
    if out.len() > 3 {
        let more = out.len() - 3;
        out.truncate(3);
        out.push(format!("{more} more change{} of {name}", if more == 1 { "" } else { "s" }));
    }
    out
}

/// Each line's months drawn that `marked` picks, as "Alpha 2025-06..2025-07", lines without
/// any left out.
fn named_months(
    lines: &[(&String, Vec<(i32, u32)>)],
    marked: impl Fn(&str, i32, u32) -> bool,
) -> Vec<String> {
    lines
        .iter()
        .filter_map(|(name, drawn)| {
            let picked: Vec<(i32, u32)> =
                drawn.iter().copied().filter(|&(y, m)| marked(name, y, m)).collect();
            (!picked.is_empty()).then(|| format!("{name} {}", month_ranges(&picked)))
        })
        .collect()
}

/// The months drawn whose figures were known before the month ended (part of the month, a
/// month to date, which against the whole month a year before reads as a fall), for the
/// chart's footnote, which goes where the chart goes (the tables' notes say it on stderr).
fn month_to_date(arrivals: &MonthlyArrivals, months: &[(&String, Vec<(i32, u32)>)]) -> String {
    let parts = named_months(months, |name, y, m| !arrivals.known_before_end(name, y, m).is_empty());
    if parts.is_empty() {
        return String::new();
    }
    format!(
        "Known before the month ended (a month to date? against a whole month a year before it reads as a fall): {}. ",
        parts.join(", ")
    )
}

/// The months counted whose figures are provisional or estimated, for the chart's footnote
/// (the tables' notes say it on stderr; a chart goes on without them).
fn provisional(arrivals: &MonthlyArrivals, months: &[(&String, Vec<(i32, u32)>)]) -> String {
    let parts = named_months(months, |name, y, m| !arrivals.tentative(name, y, m).is_empty());
    if parts.is_empty() {
        String::new()
    } else {
        format!("Provisional or estimated (may be revised): {}. ", parts.join(", "))
    }
}

/// `month_to_date` for a trend, whose notes are its own: said on stderr too.
fn trend_month_to_date(arrivals: &MonthlyArrivals, months: &[(&String, Vec<(i32, u32)>)]) -> String {
    let text = month_to_date(arrivals, months);
    if !text.is_empty() {
        note(&[text.trim_end().to_string()]);
    }
    text
}

/// Each market's last month with a figure from `first` to `latest`.
fn line_ends(
    series: &MonthlyArrivals,
    names: &[String],
    first: (i32, u32),
    latest: (i32, u32),
) -> Vec<Option<(i32, u32)>> {
    let last_of = |name: &str| {
        let (mut y, mut m) = latest;
        while (y, m) >= first {
            if series.month(name, y, m).is_some() {
                return Some((y, m));
            }
            (y, m) = tourstat::query::year_to_date::month_before((y, m));
        }
        None
    };
    names.iter().map(|n| last_of(n)).collect()
}

/// Seats on the books by travel month, each month as `otb` answers it: this year's booked by
/// the snapshot (default: the store's last booking) against last year's booked as many days
/// ahead of the same month, so a month still being booked is never set against last year's
/// final seats; a month whose flows the store lacks (a feed stopped or late, a gap) is not
/// drawn, and said.
fn trend_seats(
    opened: &Opened,
    markets: &[String],
    each_market: bool,
    year: Option<i32>,
    since: Option<Period>,
    as_of: Option<NaiveDate>,
    canvas: &Canvas,
) -> Result<Vec<PathBuf>> {
    let (store, tree) = (&opened.store, &opened.tree);
    let last = last_booking(store)?;
    let as_of = as_of.unwrap_or(last);
    // The year being booked: the snapshot's, or the last booking's where the snapshot is later.
    let asked_year = year;
    let year = year.unwrap_or(as_of.min(last).year());
    let given: Vec<String> = markets.iter().map(|m| opened.market(m)).collect::<Result<_>>()?;
    let several = !each_market && (given.len() > 1 || since.is_some());
    let months: Vec<(i32, u32)> = if several {
        // From January two years back, or the store's first month of travel if later.
        let (y0, m0) = match since {
            Some(p) => (p.start().year(), p.start().month()),
            None => {
                first_travel_date(store)?.map_or((year - 2, 1), |d| (year - 2, 1).max((d.year(), d.month())))
            }
        };
        // A year asked for ends the line with its December.
        let last = travel_end(store)?.map_or((year, 12), |d| (d.year(), d.month()));
        let last = if asked_year.is_some() { last.min((year, 12)) } else { last };
        let mut months = vec![(y0, m0)];
        while let Some(&(y, m)) = months.last().filter(|&&ym| ym < last) {
            months.push(if m == 12 { (y + 1, 1) } else { (y, m + 1) });
        }
        months
    } else {
        (1..=12).map(|m| (year, m)).collect()
    };
    // One market asked for: only its part of the tree is read.
    let root = match (each_market, given.as_slice()) {
        (false, [one]) => Some(one.clone()),
        (false, []) => tree.roots().first().map(|r| r.to_string()),
        _ => None,
    };
    let seats = seats_by_month(store, tree, &months, Some(as_of), root.as_deref())?;
    if seats.unanswered.len() == months.len() {
        let (_, _, why) = &seats.unanswered[0];
        return Err(Error::Usage(format!("nothing to draw: {why}")));
    }
    let mut notes = unanswered_notes(&seats.unanswered, as_of);
    // What otb says of each month drawn: the chart draws its answers, so it says its notes,
    // each once with the months it is said of.
    let mut said: Vec<(&str, Vec<(i32, u32)>)> = Vec::new();
    for (y, m, n) in &seats.notes {
        match said.iter_mut().find(|(text, _)| text == n) {
            Some((_, months)) => months.push((*y, *m)),
            None => said.push((n, vec![(*y, *m)])),
        }
    }
    notes.extend(said.into_iter().map(|(n, months)| format!("travel in {}: {n}", month_ranges(&months))));
    let names: Vec<String> = if each_market {
        tree.depth_first().into_iter().map(|(_, m)| m.to_string()).collect()
    } else if let Some(r) = &root {
        vec![r.clone()]
    } else {
        given
    };
    let names: Vec<String> = if names.is_empty() { seats.markets() } else { names };
    let how = |m: &str, ym: (i32, u32)| {
        format!("`tourstat otb --as-of {as_of} --travel {}-{:02} --market {m}` says why", ym.0, ym.1)
    };
    // The months a market is not drawn for, this year's and (where drawn) last year's: notes,
    // and a line for the chart itself (empty where none).
    let lacking = |name: &str, notes: &mut Vec<String>, last_year_drawn: bool| -> String {
        let answered = |ym: &(i32, u32)| !seats.unanswered.iter().any(|(y, m, _)| (*y, *m) == *ym);
        let now: Vec<(i32, u32)> = months
            .iter()
            .copied()
            .filter(|ym| answered(ym) && seats.get(name, ym.0, ym.1).seats.is_none())
            .collect();
        let before: Vec<(i32, u32)> = months
            .iter()
            .copied()
            .filter(|ym| answered(ym) && seats.get(name, ym.0, ym.1).seats.is_some())
            .filter(|ym| seats.get(name, ym.0, ym.1).seats_ly.is_none())
            .collect();
        if let Some(first) = now.first() {
            notes.push(format!(
                "{name}: not drawn for travel in {}: no seats on the books known as of {as_of} ({})",
                month_ranges(&now),
                how(name, *first)
            ));
        }
        if let Some(first) = before.first().filter(|_| last_year_drawn) {
            notes.push(format!(
                "{name}: last year not drawn for travel in {}: not known as many days ahead ({})",
                month_ranges(&before),
                how(name, *first)
            ));
        }
        let mut parts = Vec::new();
        if !now.is_empty() {
            parts.push(format!("travel in {}", month_ranges(&now)));
        }
        if !before.is_empty() && last_year_drawn {
            parts.push(format!("last year's for {}", month_ranges(&before)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("{name}: not drawn for {}, seats not known (see tourstat otb). ", parts.join("; "))
        }
    };
    let unanswered: Vec<(i32, u32)> = seats.unanswered.iter().map(|(y, m, _)| (*y, *m)).collect();
    let unanswered = if unanswered.is_empty() {
        String::new()
    } else {
        format!(
            "Travel in {} not drawn: the store cannot answer it (see the notes). ",
            month_ranges(&unanswered)
        )
    };
    let footnote = |missing: &str| {
        format!(
            "{unanswered}{missing}Source: booking flows: seats by travel month booked by {as_of}, last year's as many days ahead (as `tourstat otb` counts them). Chart: tourstat"
        )
    };
    let change_at = |name: &str, (y, m): (i32, u32)| {
        let s = seats.get(name, y, m);
        change_pct(s.seats?, s.seats_ly?)
    };
    // Members a line's change counts against none in the months drawn (a route suspended last
    // year, or new since): a line of the chart, with the change without them where given.
    let against_none = |name: &str, drawn: &[(i32, u32)], without: Option<String>| -> String {
        let members = seats.against_none(name, drawn);
        if members.is_empty() {
            return String::new();
        }
        let each: Vec<String> =
            members.iter().map(|(m, months)| format!("{m} for travel in {}", month_ranges(months))).collect();
        counted_against_none(name, &each, without)
    };
    if several {
        let (y0, m0) = months[0];
        let index = |y: i32, m: u32| ((y - y0) * 12 + m as i32 - m0 as i32) as f64;
        let mut lines = Vec::new();
        let mut missing = String::new();
        for (i, name) in names.iter().enumerate() {
            let drawn: Vec<(i32, u32, f64)> =
                months.iter().filter_map(|&(y, m)| Some((y, m, seats.get(name, y, m).seats?))).collect();
            // A line ending before the chart does names its month, as the arrivals trend does
            // (trial 76 L2: Germany's "+14.5%" of August beside June's of the others).
            let end_label = drawn.last().and_then(|&(y, m, _)| {
                let change = change_text(change_at(name, (y, m))?);
                Some(if months.last() == Some(&(y, m)) {
                    change
                } else {
                    format!("{} {y}: {change}", &month_name(m)[..3])
                })
            });
            missing.push_str(&lacking(name, &mut notes, false));
            let drawn_months: Vec<(i32, u32)> = drawn.iter().map(|&(y, m, _)| (y, m)).collect();
            missing.push_str(&against_none(name, &drawn_months, None));
            lines.push(Line {
                label: name.clone(),
                color: PALETTE[i % PALETTE.len()],
                dashed: false,
                points: drawn.into_iter().map(|(y, m, v)| (index(y, m), v)).collect(),
                end_label,
            });
        }
        note(&notes);
        let (yn, mn) = *months.last().unwrap_or(&(y0, m0));
        let frame = canvas.frame(
            format!("Seats on the books by travel month, {} to {} {yn}", month_year(y0, m0), month_name(mn)),
            format!(
                "{}; booked by {as_of}; change on a year before, booked as many days ahead, at the last point",
                names.join(", ")
            ),
            footnote(&missing),
        )?;
        let mut stem = vec!["trend", "Seats"];
        stem.extend(names.iter().map(String::as_str));
        let path = canvas.path(&stem)?;
        tourstat::output::write_whole(&path, |path| {
            chart::months_chart(path, &frame, &lines, Some((y0, m0)), "Seats")
        })?;
        return Ok(vec![path]);
    }
    let line = |name: &str, ly: bool| -> Vec<(f64, f64)> {
        (1..=12u32)
            .filter_map(|m| {
                let s = seats.get(name, year, m);
                Some((m as f64, if ly { s.seats_ly? } else { s.seats? }))
            })
            .collect()
    };
    let (drawn, without): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|n| !line(n, false).is_empty());
    if drawn.is_empty() {
        return Err(Error::Usage(format!(
            "nothing to draw: no seats on the books known as of {as_of} for travel in {year}{}",
            if each_market { String::new() } else { format!(" for {}", without.join(", ")) }
        )));
    }
    if each_market && !without.is_empty() {
        notes.push(format!(
            "not drawn, without seats on the books known as of {as_of} for travel in {year}: {}",
            without.join(", ")
        ));
    }
    let missing: HashMap<&String, String> = drawn.iter().map(|n| (n, lacking(n, &mut notes, true))).collect();
    note(&notes);
    let draw = |name: &String| -> Result<PathBuf> {
        let both = |m: u32| {
            let s = seats.get(name, year, m);
            s.seats.zip(s.seats_ly)
        };
        let through = (1..=12u32).take_while(|&m| both(m).is_some()).count() as u32;
        let (now, before) = (1..=through).filter_map(both).fold((0.0, 0.0), |(a, b), (n, l)| (a + n, b + l));
        let yoy = (through > 0).then(|| change_pct(now, before)).flatten();
        let theirs: f64 = (1..=through).map(|m| seats.get(name, year, m).against_none).sum();
        let without = yoy
            .filter(|_| theirs > 0.0)
            .and_then(|_| change_pct(now - theirs, before))
            .map(|p| format!("{} for travel {} {year}", change_text(p), months_span(through)));
        let drawn_months: Vec<(i32, u32)> =
            (1..=12u32).filter(|&m| seats.get(name, year, m).seats.is_some()).map(|m| (year, m)).collect();
        let counted = against_none(name, &drawn_months, without);
        // At the line's last point, where last year is known there too.
        let last_drawn = (1..=12u32).rev().find(|&m| seats.get(name, year, m).seats.is_some());
        let end_label = last_drawn.filter(|&m| both(m).is_some()).and_then(|m| {
            Some(format!("{}: {}", &month_name(m)[..3], change_text(change_at(name, (year, m))?)))
        });
        let mut lines = vec![
            Line {
                label: format!("{year}"),
                color: THIS_YEAR,
                dashed: false,
                points: line(name, false),
                end_label,
            },
            Line {
                label: format!("{}, as many days ahead", year - 1),
                color: LAST_YEAR,
                dashed: true,
                points: line(name, true),
                end_label: None,
            },
        ];
        // A line with no point has no place in the legend (trial 68 M2: last year, known as
        // many days ahead for no month, listed beside 2026 and drawn nowhere; the footnote
        // says why).
        lines.retain(|l| !l.points.is_empty());
        let subtitle = match yoy {
            Some(p) => format!(
                "{name}, booked by {as_of}; travel {} {year}: {} ({} on {} as many days ahead)",
                months_span(through),
                short_count(now),
                change_text(p),
                year - 1
            ),
            None => format!("{name}, booked by {as_of}"),
        };
        let frame = canvas.frame(
            format!("Seats on the books by travel month: {year} against {}", year - 1),
            subtitle,
            footnote(&format!("{}{counted}", missing.get(name).map_or("", String::as_str))),
        )?;
        let path = trend_path(canvas, each_market, &["trend", "Seats", name, &year.to_string()])?;
        tourstat::output::write_whole(&path, |path| {
            chart::months_chart(path, &frame, &lines, None, "Seats")
        })?;
        Ok(path)
    };
    if each_market {
        return draw_in_parallel(&drawn, draw);
    }
    Ok(vec![draw(&drawn[0])?])
}

/// The months `otb` gave no answer for, in one note: the first month's reason, and where the
/// others differ (if only in a count of days), the command that gives each one's.
fn unanswered_notes(unanswered: &[(i32, u32, String)], as_of: NaiveDate) -> Vec<String> {
    let Some((y, m, why)) = unanswered.first() else { return Vec::new() };
    let months: Vec<(i32, u32)> = unanswered.iter().map(|(y, m, _)| (*y, *m)).collect();
    let others = if unanswered.iter().all(|(_, _, w)| w == why) {
        String::new()
    } else {
        format!(" (for {y}-{m:02}; `tourstat otb --as-of {as_of} --travel YYYY-MM` gives each other month's)")
    };
    vec![format!("travel in {} not drawn: {why}{others}", month_ranges(&months))]
}

/// Where a trend chart of one market goes: named from the selection in the chart folder for
/// each market's chart (-o names one file only), else as --output or the folder say.
fn trend_path(canvas: &Canvas, each_market: bool, stem: &[&str]) -> Result<PathBuf> {
    if each_market {
        std::fs::create_dir_all(&canvas.dir).at(&canvas.dir)?;
        Ok(canvas.dir.join(format!("{}.png", chart::file_stem(stem))))
    } else {
        canvas.path(stem)
    }
}

/// Draws one chart per name on every core; the first error stops the rest.
fn draw_in_parallel(
    names: &[String],
    draw: impl Fn(&String) -> Result<PathBuf> + Sync,
) -> Result<Vec<PathBuf>> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(names.len().max(1));
    let chunk = names.len().div_ceil(workers).max(1);
    let results: Vec<Result<Vec<PathBuf>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = names
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&draw).collect::<Result<Vec<_>>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::internal("a thread drawing charts stopped"))))
            .collect()
    });
    let mut out = Vec::new();
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

pub(crate) fn month_name(m: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(m.saturating_sub(1) as usize)
    .copied()
    .unwrap_or("")
}

fn month_year(y: i32, m: u32) -> String {
    format!("{} {y}", month_name(m))
}

/// Seats on the books by market as bars; `ly` the rule as given (a note where it is not used).
fn yoy_seats(
    opened: &Opened,
    q: OtbQuery,
    ly: Option<LyRule>,
    from: Source,
    sel: &MarketArgs,
    canvas: &Canvas,
) -> Result<Vec<PathBuf>> {
    let books = on_the_books(&opened.store, &opened.tree, &q, from, &opened.selection(sel)?)?;
    note(&books.notes);
    note(super::otb::ly_not_used(ly, &q.window, books.basis).as_slice());
    let basis = books.basis.as_str();
    let bar = |l: &tourstat::analysis::otb::OtbLine| {
        Some(Bar {
            label: l.market.clone(),
            change_pct: l.change_pct?,
            value_text: format!("({} seats)", thousands(l.seats?.round() as i64)),
            group: false,
            indent: 0,
        })
    };
    let depths: Vec<usize> = books.lines.iter().map(|l| l.depth).collect();
    let (reference, bars, without) =
        split_top(&books.lines, &depths, &opened.tree, |l| l.market.clone(), bar);
    let missing: Vec<(String, String)> = without
        .into_iter()
        .map(|i| {
            let l = &books.lines[i];
            let why = match (l.seats, l.seats_ly) {
                (None, _) => "seats not known: no change",
                (_, None) => "last year not known: no change",
                (Some(0.0), _) => "none this year nor last: no change",
                _ => "no change (none last year)",
            };
            (l.market.clone(), why.to_string())
        })
        .collect();
    if bars.is_empty() {
        return Err(Error::Usage(format!(
            "nothing to draw: no market has seats this year and last{}",
            books
                .notes
                .iter()
                .find(|n| n.starts_with("last year unknown"))
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        )));
    }
    let (ly_as_of, ly_window) = q.last_year();
    let scope =
        sel.market.as_deref().map(|m| opened.market(m)).transpose()?.unwrap_or_else(|| "all markets".into());
    let source = if books.basis == Basis::Flows {
        // A group whose change counts members with no seats last year against none.
        let counted: String = books
            .lines
            .iter()
            .filter(|l| !l.against_none.is_empty())
            .filter_map(|l| {
                let members: Vec<String> = l.against_none.iter().map(|(m, _)| m.clone()).collect();
                let without = change_pct(l.seats? - l.seats_against_none(), l.seats_ly?)?;
                Some(counted_against_none(&l.market, &members, Some(change_text(without))))
            })
            .collect();
        // Members with no flows: the groups above, and the whole, count only the others (trial
        // 58 M2: "Total as a whole: +1.9%" under "all markets", four markets without flows
        // said on stderr only).
        let unfed: String = books
            .notes
            .iter()
            .filter(|n| n.contains(": no booking flows in the store for travel"))
            .map(|n| format!("{n}. "))
            .collect();
        // Markets whose seats the store lacks some days of (a gap in the feed, or a feed
        // stopped): why their bars and their groups' are missing (trial 61 M2: "seats not
        // known" with only the markets without flows named below).
        let lacking: String = books
            .lines
            .iter()
            .filter(|l| l.seats.is_none() || l.seats_ly.is_none())
            .filter_map(|l| lacking_seats(&books.notes, &l.market))
            .collect();
        // Members with no seats a year before for months or days of the window only, or next
        // to none (trial 80 M1: India's +122.0%, +12.7% like with like, said on stderr only).
        let part: String = books
            .notes
            .iter()
            .filter(|n| {
                n.contains(tourstat::query::on_the_books::SUSPENDED_GUESS)
                    || n.contains("with next to no seats last year")
                    // Weekly files whose deliveries set more days of booking against fewer
                    // (trial 83 H1).
                    || n.contains(": flows delivered on one day of the week (")
            })
            .map(|n| format!("{}. ", capitalised(n)))
            .collect();
        format!(
            "{counted}{part}{lacking}{unfed}Source: booking flows, booked by {} and by {ly_as_of}. Chart: tourstat",
            q.as_of
        )
    } else {
        let markets: Vec<String> = books.lines.iter().map(|l| l.market.clone()).collect();
        // Last year implied by a published change, as the table marks it (trial 81 M4).
        let derived: Vec<String> =
            books.lines.iter().filter(|l| l.seats_ly_derived).map(|l| l.market.clone()).collect();
        let derived = match derived.len() {
            0 => String::new(),
            n => format!(
                "Last year's seats of {} implied by {} published change, seats / (1 + change/100). ",
                tourstat::query::year_to_date::some_names(&derived, 6),
                if n == 1 { "its" } else { "their" }
            ),
        };
        // Markets with snapshots of other windows only, not drawn (review 73 L2: said on
        // stderr only, under "all markets"); the store's own snapshot of last year of those
        // drawn without a change (review 74 L2).
        let unshown: String = books
            .notes
            .iter()
            .filter(|n| {
                n.starts_with("not shown: ") || n.contains(": no last year published with its snapshot; ")
            })
            .map(|n| format!("{}. ", capitalised(n)))
            .collect();
        format!(
            "{derived}{unshown}{}",
            footnote(opened, Kind::Otb, Some(q.as_of), "published snapshots", &markets)?
        )
    };
    let frame = canvas.frame(
        format!(
            "Seats on the books, travel {} to {}",
            q.window.from.format("%-d %b %Y"),
            q.window.to.format("%-d %b %Y")
        ),
        match books.published {
            Some((first, last)) => format!(
                "{scope}: as published {}, against last year as published or implied by its change",
                if first == last { format!("as of {first}") } else { format!("as of {first} to {last}") }
            ),
            None => format!("{scope}: as of {} against {} for {} ({basis})", q.as_of, ly_as_of, ly_window),
        },
        source,
    )?;
    let path = canvas.path(&["yoy", "seats", &scope, &q.as_of.to_string(), &q.window.to_string()])?;
    tourstat::output::write_whole(&path, |path| {
        chart::change_bars(path, &frame, &bars, reference.as_ref(), &missing)
    })?;
    Ok(vec![path])
}

/// A target chart's footnote on a market stopped while the store's others go on (trial 61
/// M4: a route closed in March drawn projected to December, the chart silent), or a group
/// held back by markets under it (trial 81 L2: said on stderr only): from its note.
fn behind_footnote(m: &str, notes: &[String]) -> String {
    notes
        .iter()
        .find_map(|n| {
            let rest = n.strip_prefix(&format!("{m}: no figure for "))?;
            if let Some((said, _)) = rest
                .split_once("; counted through ")
                .filter(|(s, _)| s.contains(" none yet, where its other "))
            {
                let goes = if said.contains(" has none yet") { "it goes" } else { "they go" };
                return Some(format!(". No figure for {said}; the projection assumes {goes} on"));
            }
            let (said, _) = rest.split_once(" (a route closed)? Counted through")?;
            let goes = if said.contains("other markets of the store") { "it goes" } else { "they go" };
            Some(format!(". No figure for {said}? The projection assumes {goes} on"))
        })
        .unwrap_or_default()
}

/// Why a seat chart has no bar for `market`, for its footnote: its own note of a gap in its
/// feed or a feed stopped, up to what the store lacks, not one of a market whose name ends in
/// its (review 35 M1: "Africa" given South Africa's gap); at a note's start, or after a colon.
fn lacking_seats(notes: &[String], market: &str) -> Option<String> {
    let said = format!("{market}: no flow of it booked");
    let at = |n: &str| n.match_indices(&said).map(|(i, _)| i).find(|&i| i == 0 || n[..i].ends_with(": "));
    let (n, from) = notes.iter().find_map(|n| Some((n, at(n)?)))?;
    let rest = &n[from..];
    let end = ["the store lacks the bookings of those days", "its feed may have stopped"]
        .iter()
        .find_map(|e| rest.find(e).map(|i| i + e.len()))?;
    // A gap among last year's flows leaves last year unknown, not this year (trial 74 L2: "its
    // seats are not known" of Germany, whose 1,115 otb gave).
    let which =
        if rest[..end].contains("among last year's flows") { "its seats of last year" } else { "its seats" };
    Some(format!("{}, so {which} are not known, nor those of the groups above it. ", &rest[..end]))
}

/// The bars of a change chart, and the group they all belong to (the one market at the top of
/// those shown), which is drawn as a reference line rather than a bar beside its own members.
/// The lines with no bar are returned by index.
fn split_top<L>(
    lines: &[L],
    depths: &[usize],
    tree: &MarketTree,
    name: impl Fn(&L) -> String,
    bar: impl Fn(&L) -> Option<Bar>,
) -> (Option<Bar>, Vec<Bar>, Vec<usize>) {
    let top = depths.iter().min().copied();
    let at_top = depths.iter().filter(|d| Some(**d) == top).count();
    let mut reference = None;
    // Each line's depth and bar, in the order given (each group before its members); a line
    // without a change as a bar of no change, named.
    let mut shown: Vec<(usize, Slot)> = Vec::new();
    let mut without = Vec::new();
    for (i, (line, depth)) in lines.iter().zip(depths).enumerate() {
        let slot = match bar(line) {
            None => {
                without.push(i);
                Slot::Without(name(line))
            }
            Some(b) if at_top == 1 && Some(*depth) == top && lines.len() > 1 => {
                reference = Some(b);
                Slot::Reference
            }
            Some(b) => Slot::Bar(b),
        };
        shown.push((*depth, slot));
    }
    let mut bar_depths = shown.iter().filter(|(_, b)| matches!(b, Slot::Bar(_))).map(|(d, _)| *d);
    let first = bar_depths.next();
    // Each line below the top one level under the line above it that is its group: else (a
    // group not published, its members shown) the lines are no tree to draw (review 23 H1:
    // Germany set in under East Asia, Europe not drawn), and are sorted as one level.
    let names: Vec<String> = lines.iter().map(&name).collect();
    let nested = (0..lines.len()).all(|i| {
        Some(depths[i]) == top
            || (0..i).rev().find(|&j| depths[j] < depths[i]).is_some_and(|j| {
                // Its group, or one further up where those between publish none (trial 81 M4:
                // Germany under Europe, Western Europe without a snapshot, drawn flat).
                depths[j] + 1 == depths[i]
                    && tree.ancestors_and_self(&names[i]).iter().skip(1).any(|p| *p == names[j])
            })
    });
    let bars = if !nested || bar_depths.all(|d| Some(d) == first) {
        shown.into_iter().filter_map(|(_, b)| if let Slot::Bar(b) = b { Some(b) } else { None }).collect()
    } else {
        // Groups among their own members' bars: each above its members (trial 42 F8).
        let mut bars = Vec::new();
        let level = shown.iter().filter(|(_, b)| !matches!(b, Slot::Reference)).map(|(d, _)| *d).min();
        in_tree_order(&shown, level.unwrap_or(0), &mut bars);
        bars
    };
    (reference, bars, without)
}

/// A line of a change chart: its bar, the reference line, or none (named).
enum Slot {
    Bar(Bar),
    Reference,
    Without(String),
}

/// The bars of lines given depth first, each group's above its members', the markets of one
/// group (and the groups of one level) sorted by change as a chart of one level is; a bar with
/// members' bars below it is marked a group. A market with no change is a bar of no change
/// (not finite): its row says why in its place, above its members where it has some.
fn in_tree_order(lines: &[(usize, Slot)], top: usize, out: &mut Vec<Bar>) {
    let Some(level) = lines.iter().map(|(d, _)| *d).min() else { return };
    let mut parts: Vec<&[(usize, Slot)]> = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        if i == lines.len() || lines[i].0 == level {
            parts.push(&lines[start..i]);
            start = i;
        }
    }
    // Lines without a bar of their own (the reference, one without a change) keep their
    // members in place, after those with one.
    parts.sort_by(|a, b| match (&a[0].1, &b[0].1) {
        (Slot::Bar(x), Slot::Bar(y)) => x.change_pct.total_cmp(&y.change_pct),
        (Slot::Bar(_), _) => std::cmp::Ordering::Less,
        (_, Slot::Bar(_)) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    });
    for part in parts {
        let (head, members) = (&part[0], &part[1..]);
        let group = members.iter().any(|(_, m)| matches!(m, Slot::Bar(_)));
        let indent = head.0.saturating_sub(top);
        match &head.1 {
            Slot::Bar(b) => out.push(Bar { group, indent, ..b.clone() }),
            Slot::Without(name) => out.push(Bar {
                label: name.clone(),
                change_pct: f64::NAN,
                value_text: String::new(),
                group,
                indent,
            }),
            Slot::Reference => {}
        }
        in_tree_order(members, top, out);
    }
}

fn yoy_arrivals(
    opened: &Opened,
    year: Option<i32>,
    through: Option<Period>,
    as_of: Option<NaiveDate>,
    sel: &MarketArgs,
    canvas: &Canvas,
) -> Result<Vec<PathBuf>> {
    // The year of --through where no --year is given, as summary takes it (trial 77 M2: a
    // store of yearly figures refused "no monthly arrivals" for --through 2022-12).
    let year = match (year, through) {
        (Some(y), _) => y,
        (None, Some(p)) => p.year(),
        (None, None) => latest_year(&opened.store, as_of)?,
    };
    // The year before last too: a closure last year is told from a season by it, and said.
    let arrivals = load_monthly(&opened.store, &opened.tree, &Years::around(year, None), as_of)?;
    let shown = opened.shown(sel, &arrivals.markets_seen())?;
    let names: Vec<String> = shown.iter().map(|(_, m)| m.clone()).collect();
    let through =
        common_through(&arrivals, &names, year, through_month(year, through)?).map_err(Error::Usage)?;
    let k = through.month;
    let periods = other_periods(&opened.store, as_of)?;
    let ytd = year_to_date(&arrivals, &periods, &shown, through, None);
    note(&ytd.notes);
    // Bars compare like with like: only markets counted through the chart's month; the others
    // have a row saying why they have none.
    let depths: Vec<usize> = ytd.lines.iter().map(|l| l.depth).collect();
    let (reference, bars, without) = split_top(
        &ytd.lines,
        &depths,
        &opened.tree,
        |l| l.market.clone(),
        |l| {
            Some(Bar {
                label: l.market.clone(),
                change_pct: l.yoy_pct.filter(|_| l.through == k)?,
                value_text: format!("({})", short_count(l.arrivals?)),
                group: false,
                indent: 0,
            })
        },
    );
    let missing: Vec<(String, String)> = without
        .into_iter()
        .map(|i| {
            let l = &ytd.lines[i];
            let why = why_no_bar(&arrivals, l, year, k);
            (l.market.clone(), why)
        })
        .collect();
    if bars.is_empty() {
        return Err(Error::Usage(format!(
            "nothing to draw: no market has arrivals for January to {} of both {year} and {}",
            month_name(k),
            year - 1
        )));
    }
    let scope = sel.market.clone().unwrap_or_else(|| "all markets".into());
    let counted: Vec<(&String, Vec<(i32, u32)>)> =
        ytd.lines.iter().filter(|l| l.through == k).map(|l| (&l.market, vec![(year, k)])).collect();
    let counted_all: Vec<(&String, Vec<(i32, u32)>)> = ytd
        .lines
        .iter()
        .filter(|l| l.through == k && l.yoy_pct.is_some())
        .map(|l| (&l.market, (1..=k).map(|m| (year - 1, m)).chain((1..=k).map(|m| (year, m))).collect()))
        .collect();
    // A bar that may compare a market with its unsplit self (trial 39 #1) says so.
    let splits: String = ytd
        .lines
        .iter()
        .filter(|l| l.through == k)
        .filter_map(|l| {
            let note = tourstat::query::year_to_date::change_note(
                &arrivals,
                &l.market,
                year,
                (1, k),
                l.arrivals?,
                l.arrivals_ly?,
            )?;
            Some(format!("{note}. "))
        })
        .collect();
    // A group's bar that counts members' months of 0 a year before against none (trial 54 H1).
    let reopened: String = ytd
        .lines
        .iter()
        .filter(|l| l.through == k && l.by_periods.is_empty())
        .filter_map(|l| {
            let r = tourstat::query::year_to_date::reopened_change(
                &arrivals,
                &l.market,
                year,
                (1, k),
                l.arrivals?,
                l.arrivals_ly?,
            )?;
            Some(format!(
                "{}'s change counts {} in months of 0 a year before against none ({} without {}). ",
                l.market,
                tourstat::query::year_to_date::some_names(&r.members, 3),
                change_text(r.like),
                if r.members.len() == 1 { "it" } else { "them" }
            ))
        })
        .collect();
    // Markets counted by their quarters: said, as their months are not known.
    let mut by_periods: Vec<String> =
        ytd.lines.iter().filter(|l| l.through == k).flat_map(|l| l.by_periods.clone()).collect();
    by_periods.sort();
    by_periods.dedup();
    let by_periods = if by_periods.is_empty() {
        String::new()
    } else {
        // With what is said of those quarters: provisional, estimated, or known before they
        // ended (review 29 M5: a quarter to date drawn at -25% without a word), as the lines
        // drawn carry it (review 30 L4: picked out of the notes by their wording before).
        // A period said once, not again in each group above it (trial 77 M3: every provisional
        // year of 62 markets said twice, 40% of the chart).
        const MAY_REVISE: [&str; 2] =
            [": a later release may revise it", ": a later release may revise them"];
        let mut said: Vec<&String> = Vec::new();
        let mut tentative: Vec<&str> = Vec::new();
        for n in ytd.lines.iter().filter(|l| l.through == k).flat_map(|l| &l.period_notes) {
            match MAY_REVISE.iter().find_map(|end| n.strip_suffix(end)) {
                Some(items) => {
                    for item in items.split(", ") {
                        if !tentative.contains(&item) {
                            tentative.push(item);
                        }
                    }
                }
                None if !said.contains(&n) => said.push(n),
                None => {}
            }
        }
        let mut said: String = said.iter().map(|n| format!(" {n}.")).collect();
        if !tentative.is_empty() {
            said.push_str(&format!(
                " {}: a later release may revise {}.",
                tentative.join(", "),
                if tentative.len() == 1 { "it" } else { "them" }
            ));
        }
        format!("By their own figures of quarters or years, not months: {}.{said} ", by_periods.join(", "))
    };
    let frame = canvas.frame(
        format!("Arrivals {} {year} against {}", months_span(k), year - 1),
        format!("{scope}, change by market, year to date"),
        format!(
            "{splits}{reopened}{by_periods}{}{}{}",
            month_to_date(&arrivals, &counted),
            provisional(&arrivals, &counted_all),
            footnote(opened, Kind::Arrivals, as_of, "arrivals", &names)?
        ),
    )?;
    let path = canvas.path(&["yoy", "arrivals", &scope, &format!("{year}-{k:02}")])?;
    tourstat::output::write_whole(&path, |path| {
        chart::change_bars(path, &frame, &bars, reference.as_ref(), &missing)
    })?;
    Ok(vec![path])
}

/// `(as_of, books_as_of)`: the day the arrivals and targets are known on, and that of the
/// seats on the books where it is another (a brief's).
fn target(
    opened: &Opened,
    year: i32,
    through: Option<Period>,
    market: Option<String>,
    (as_of, books_as_of): (Option<NaiveDate>, Option<NaiveDate>),
    method: Method,
    canvas: &Canvas,
) -> Result<Vec<PathBuf>> {
    // Tracked as `shortfall --market` tracks: the market through its own latest complete
    // month. Without one, the first market `shortfall` tracks is drawn, tracked so too: not
    // through the month every market with a target has in common, which another market's late
    // month would cut short (and the file, named after the market, would differ by whether
    // --market was typed).
    let Some(market) = market else {
        let projecting =
            super::shortfall::Projecting { bookings_ly: None, books_as_of, method, history_from: None };
        let (_, all) = super::shortfall::tracking(opened, year, through, None, as_of, projecting)?;
        // Tracked markets in the tree's order, projected or not (one the method cannot project
        // is drawn without a projection).
        let order: Vec<&str> = opened.tree.depth_first().into_iter().map(|(_, m)| m).collect();
        let mut tracked: Vec<&str> = all
            .rows
            .iter()
            .map(|r| r.market.as_str())
            .chain(all.unprojected.iter().map(|(m, _, _)| m.as_str()))
            .collect();
        tracked.sort_by_key(|m| order.iter().position(|o| o == m).unwrap_or(usize::MAX));
        let Some(first) = tracked.first().map(|m| m.to_string()) else {
            note(&all.notes);
            return Err(Error::Usage(format!("no market has a target for {year} that can be tracked")));
        };
        if tracked.len() > 1 {
            note(&[format!(
                "drawn: {first}, the first market with a target, through its own months; --market picks another ({})",
                tracked[1..].join(", ")
            )]);
        }
        return target(opened, year, through, Some(first), (as_of, books_as_of), method, canvas);
    };
    let market = Some(market);
    let wanted = market.as_deref().map(|m| opened.market(m)).transpose()?;
    let (arrivals, result) = super::shortfall::tracking(
        opened,
        year,
        through,
        market.as_deref(),
        as_of,
        super::shortfall::Projecting { bookings_ly: None, books_as_of, method, history_from: None },
    )?;
    note(&result.notes);
    // Tracked and projected, or tracked and not projected by the method (drawn without a
    // projection: the year so far against the target path, and why in the footnote).
    let found = result
        .rows
        .iter()
        .find(|r| wanted.as_ref().is_none_or(|w| &r.market == w))
        .map(|r| (&r.market, r.through, &r.tracking, Some(&r.outlook)))
        .or_else(|| {
            result
                .unprojected
                .iter()
                .find(|(m, _, _)| wanted.as_ref().is_none_or(|w| m == w))
                .map(|(m, k, t)| (m, *k, t, None))
        });
    let Some((m, k, t, outlook)) = found else {
        return Err(Error::Usage(format!(
            "{} has no target for {year} that can be tracked; tracked: {}",
            wanted.unwrap_or_default(),
            result
                .rows
                .iter()
                .map(|r| r.market.as_str())
                .chain(result.unprojected.iter().map(|(m, _, _)| m.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let unprojected = match outlook {
        Some(_) => String::new(),
        None => {
            let why = result
                .notes
                .iter()
                .find_map(|n| n.strip_prefix(&format!("{m}: not projected by {method}: ")))
                .unwrap_or("the method cannot project it");
            format!(". Not projected by {method}: {why}")
        }
    };
    // A target path spread by a year partly closed (none of the target in those months, so
    // the year looks ahead of it there): said on the chart, which goes where stderr does not.
    let closed = result
        .notes
        .iter()
        .find_map(|n| {
            let rest = n.strip_prefix(&format!("{m}: "))?;
            let (months, _) = rest.split_once(" 0 (closed): target_to_date")?;
            Some(format!(
                ". Last year's {months} 0 (closed): the target path spreads none of the target over those months, so the year looks ahead of it there"
            ))
        })
        .unwrap_or_default();
    // A group whose markets changed since its target was loaded: said on the chart too (trial
    // 43: on stderr only).
    let changed = result
        .notes
        .iter()
        .find_map(|n| {
            let rest = n.strip_prefix(&format!("{m}: its target for {year} was loaded on "))?;
            let (day, rest) = rest.split_once(' ')?;
            let (_, rest) = rest.split_once("; since, ")?;
            let (change, _) = rest.split_once(": it is tracked against")?;
            Some(format!(". Since its target was loaded ({day}), {change}: drawn for {m} as it is now"))
        })
        .unwrap_or_default();
    let behind = behind_footnote(m, &result.notes);
    // The lines are the numbers `shortfall` prints: the same tracking, the same formulas.
    let lines = series::target_series_of(&arrivals, m, k, t, outlook, year).ok_or_else(|| {
        // Tracked by a member's quarters (trial 50 #1): its progress is in `shortfall`.
        if arrivals.complete_through(m, year) < k {
            Error::Usage(format!(
                "{m} is tracked through {} by quarters, not months (`tourstat shortfall` gives its progress); its chart draws month by month",
                tourstat::query::year_to_date::month_label(year, k)
            ))
        } else if arrivals.complete_through(m, year - 1) < 12 {
            // Last year read with a quarter in place of some months (trial 73 M1): its path
            // and last year's line are drawn month by month (review 51 M1: an internal error,
            // and no brief).
            let missing = arrivals.uncovered(m, year - 1, 1, 12);
            Error::Usage(format!(
                "{m} is tracked against {} read with figures of quarters for {} (`tourstat shortfall` gives its progress); its chart draws last year month by month",
                year - 1,
                tourstat::query::year_to_date::month_list(year - 1, &missing)
            ))
        } else {
            Error::internal(format!("{m} was tracked without the months its chart needs"))
        }
    })?;
    let points =
        |v: &[(u32, f64)]| -> Vec<(f64, f64)> { v.iter().map(|(m, v)| (f64::from(*m), *v)).collect() };
    let (actual, mut path_points, projection) =
        (points(&lines.actual), points(&lines.path), points(&lines.projection));
    // Last year's arrivals of 0 give the target no profile to be spread by: no path is drawn,
    // nor a shortfall against it.
    if path_points.iter().any(|p| !p.1.is_finite()) {
        note(&[format!(
            "{m}: no target path: {} had no arrivals to spread the target by (its profile), so no shortfall to date is drawn",
            year - 1
        )]);
        path_points.clear();
    }
    let band = lines.band.iter().map(|(m, lo, hi)| (f64::from(*m), *lo, *hi)).collect();
    let projection_label = match method {
        Method::RunRate => "projection at the YTD growth rate".to_string(),
        Method::Bookings => "projection at the seats-on-the-books change".to_string(),
        _ => format!("projection by {method}"),
    };
    let (lo80, hi80) = outlook.map_or((f64::NAN, f64::NAN), |o| (o.year.lo80, o.year.hi80));
    let count = apart(&[t.target, t.projection, lo80, hi80]);
    let projection_label = match outlook {
        Some(_) => format!("{projection_label}: {}", count(t.projection)),
        None => String::new(),
    };
    let picture = TargetPicture {
        target: t.target,
        target_label: format!("target {}", count(t.target)),
        actual,
        path: path_points,
        projection,
        band,
        projection_label,
        year,
    };
    let frame = canvas.frame(
        format!(
            "{m}: {} of the {year} target of {} by {}",
            format_args!("{:.0}%", t.pct_achieved),
            count(t.target),
            month_name(k)
        ),
        format!(
            "{}; {}{}",
            if t.reached() {
                format!("target reached: {} above it", short_count(t.ytd - t.target))
            } else if k >= 12 {
                // The year is over (review 20: "needed from  to December").
                format!("{} short of the target at the year's end", per_month(t.target - t.ytd))
            } else if k == 11 {
                // One month left: one figure, written once (trial 40 #7: "1.7m needed from
                // December to December, 1.71m a month").
                format!(
                    "{} needed in December against {} a month so far",
                    per_month(t.target - t.ytd),
                    per_month(t.pace_so_far),
                )
            } else {
                format!(
                    "{} needed from {} to December, {} a month against {} so far",
                    short_count(t.target - t.ytd),
                    month_name(k + 1),
                    per_month(t.required_per_month.unwrap_or(0.0)),
                    per_month(t.pace_so_far),
                )
            },
            match outlook {
                // On track allows a projection a little short of the target: said, beside a
                // chance of the target that is then small (trial 40: "on track", "2% chance").
                Some(_)
                    if t.projection < t.target
                        && t.status == tourstat::analysis::targets::Status::OnTrack =>
                {
                    let short = (1.0 - t.projection / t.target) * 100.0;
                    let by = if short < 0.05 { "just".to_string() } else { format!("{short:.1}%") };
                    format!("projected {} (on track, {by} short of the target)", count(t.projection))
                }
                Some(_) => format!("projected {} ({})", count(t.projection), t.status.as_str()),
                None => format!("not projected by {method} (below)"),
            },
            match outlook {
                Some(o) if lo80.is_finite() && k < 12 => format!(
                    ", 80% interval {} to {}, {} chance of the target",
                    count(lo80),
                    count(hi80),
                    chance_text(o.chance_pct, t.reached())
                ),
                _ => String::new(),
            }
        ),
        format!(
            "{}{}Source: {}; {}{}. Chart: tourstat{unprojected}{closed}{changed}{behind}",
            month_to_date(&arrivals, &[(m, vec![(year, k)])]),
            // Last year's months too: its year to date and its rest make the path and projection.
            provisional(
                &arrivals,
                &[(
                    m,
                    (1..=12)
                        .map(|month| (year - 1, month))
                        .chain((1..=k).map(|month| (year, month)))
                        .collect()
                )]
            ),
            series::Sources::of_years(
                &opened.store,
                Kind::Targets,
                as_of,
                Some(&[m.to_string()]),
                Some((year, year))
            )?
            .part("targets"),
            series::Sources::of(
                &opened.store,
                Kind::Arrivals,
                as_of,
                Some(&series::with_members(&opened.tree, &[m.to_string()]))
            )?
            .part("arrivals"),
            not_counted(&arrivals, m, year, k)
        ),
    )?;
    let path = canvas.path(&["target", m, &year.to_string()])?;
    tourstat::output::write_whole(&path, |path| chart::target_chart(path, &frame, &picture))?;
    Ok(vec![path])
}

/// Why a market of a year-to-date change chart counted through month `k` has no bar.
fn why_no_bar(arrivals: &MonthlyArrivals, l: &YearToDateLine, year: i32, k: u32) -> String {
    if l.through == 0 {
        if !arrivals.reports_in(&l.market, year) {
            "no figures this year".to_string()
        } else if arrivals.by_other_periods_only(&l.market, year) {
            "figures by quarter, year or day only: not by month".to_string()
        } else if !arrivals.members_through(&l.market, year).is_empty() {
            // The members' own reasons, down to the markets that have them (trial 81 L3:
            // "members without January" for Asia, whose Bangladesh had no figure of the year;
            // trial 59 L7, 61 L3: a member with none, or no month at all).
            let (mut not_by_month, mut none, mut without) = (Vec::new(), Vec::new(), Vec::new());
            let mut todo = vec![l.market.clone()];
            while let Some(g) = todo.pop() {
                let mut groups = Vec::new();
                for (c, _) in arrivals.members_through(&g, year).into_iter().filter(|(_, k)| *k == 0) {
                    if arrivals.by_other_periods_only(&c, year) {
                        not_by_month.push(c);
                    } else if !arrivals.reports_in(&c, year) {
                        none.push(c);
                    } else if arrivals.members_through(&c, year).iter().any(|(_, k)| *k == 0) {
                        groups.push(c);
                    } else {
                        without.push(c);
                    }
                }
                todo.extend(groups.into_iter().rev());
            }
            let mut why = Vec::new();
            if !not_by_month.is_empty() {
                why.push(format!(
                    "{} not by month",
                    tourstat::query::year_to_date::some_names(&not_by_month, 3)
                ));
            }
            if !none.is_empty() {
                why.push(format!("{} none this year", tourstat::query::year_to_date::some_names(&none, 3)));
            }
            if !without.is_empty() {
                why.push(format!(
                    "{} without January",
                    tourstat::query::year_to_date::some_names(&without, 3)
                ));
            }
            if why.is_empty() {
                "members without January: not counted".to_string()
            } else {
                format!("{}: not counted", why.join("; "))
            }
        } else {
            "no figure for January: not counted".to_string()
        }
    } else if l.through != k {
        format!("through {} only: not compared", month_name(l.through))
    } else if l.arrivals_ly.is_none() {
        // Last year known, but of other markets (a member new this year): as summary says.
        match arrivals.comparable(&l.market, year, year - 1, 1, k) {
            Err(_) if arrivals.sum(&l.market, year - 1, 1, k).is_some() => {
                "not like with like: no change".to_string()
            }
            // The months it lacks, where a few (trial 61 L3: "not known" for one month missing).
            _ => match arrivals.uncovered(&l.market, year - 1, 1, k) {
                missing if !missing.is_empty() && missing.len() < k as usize => {
                    format!(
                        "last year lacks {}: no change",
                        tourstat::query::year_to_date::month_list(year - 1, &missing)
                    )
                }
                _ => "last year not known: no change".to_string(),
            },
        }
    } else if l.arrivals == Some(0.0) {
        // None either year (an off-season route): no change, and none to have (trial 42 F8).
        "none this year nor last: no change".to_string()
    } else {
        "no change (none last year)".to_string()
    }
}

/// January to month `k` in words, as a title says it ("in January" alone, not "January to
/// January").
/// A trend chart's subtitle: the year to date (`through` its months) and its change; where
/// the line runs past them (`drawn_to`), the month that holds them back (trial 87 L2: "in
/// January 2025" read as the latest month, the line to April).
fn trend_subtitle(
    name: &str,
    (year, through, drawn_to): (i32, u32, u32),
    now: Option<f64>,
    yoy: Option<f64>,
) -> String {
    let held_by = match drawn_to > through && through < 12 {
        true => format!(" ({} has no figure)", month_name(through + 1)),
        false => String::new(),
    };
    match yoy {
        Some(p) => format!(
            "{name}, by month; {} {year}{held_by}: {} ({} on {})",
            months_span(through),
            short_count(now.unwrap_or(0.0)),
            change_text(p),
            year - 1
        ),
        None => format!("{name}, by month"),
    }
}

fn months_span(k: u32) -> String {
    if k == 1 {
        "in January".to_string()
    } else {
        format!("January to {}", month_name(k))
    }
}

/// Months published after a missing one, which tracking does not count (and the chart draws
/// as projection): said in the footnote.
fn not_counted(arrivals: &MonthlyArrivals, market: &str, year: i32, through: u32) -> String {
    let Some(latest) = arrivals.latest_covered(market, year).filter(|l| *l > through) else {
        return String::new();
    };
    let missing = arrivals.uncovered(market, year, through + 1, latest);
    // Counted through an earlier month asked for (--through), not cut by a gap: no word.
    if missing.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = missing.iter().map(|m| month_name(*m)).collect();
    let published = (latest - through) as usize - missing.len();
    format!(
        " (no figure for {}: the {published} later month{} published, to {}, not counted)",
        names.join(", "),
        if published == 1 { "" } else { "s" },
        month_name(latest)
    )
}

/// How to write figures shown side by side (a target, a projection, its interval): short
/// (14k, 22.1m) where that keeps apart every two that differ, else finer (14,043, 22.14m), so
/// that "14k to 14k" never stands for 13,665 to 14,423. The first, the target, a figure set by
/// people, is written as set: 3,050,000 is "3.05m", never "3.0m" beside a projection of 2.9m
/// (trial 44 L1), and 3,055,000 in full.
fn apart(values: &[f64]) -> fn(f64) -> String {
    fn fine(x: f64) -> String {
        if x.abs() >= 1e6 {
            format!("{:.2}m", x / 1e6)
        } else {
            thousands(x.round() as i64)
        }
    }
    fn full(x: f64) -> String {
        thousands(x.round() as i64)
    }
    // Whether a form keeps a whole figure as it is: short to 0.1m, 1k or 0.1k by its size.
    let keeps = |x: f64, step_of: fn(f64) -> f64| {
        let step = step_of(x.abs());
        (x / step).round() * step == x.round()
    };
    let short_step = |a: f64| match a {
        a if a >= 1e6 => 1e5,
        a if a >= 1e5 => 1e3,
        a if a >= 1e4 => 100.0,
        _ => 1.0,
    };
    let fine_step = |a: f64| if a >= 1e6 { 1e4 } else { 1.0 };
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let clash = finite
        .iter()
        .enumerate()
        .any(|(i, a)| finite[i + 1..].iter().any(|b| a != b && short_count(*a) == short_count(*b)));
    let target = finite.first().copied().filter(|_| values.first().is_some_and(|v| v.is_finite()));
    match target {
        Some(t) if !keeps(t, fine_step) => full,
        Some(t) if !keeps(t, short_step) => fine,
        _ if clash => fine,
        _ => short_count,
    }
}

/// A chance in whole percent, never rounded to a certainty it is not: 99.8% is "over 99%",
/// 0.2% "under 1%". A chance counted from simulated years is never 0 (no year simulated
/// reached the target: "under 1%"), nor 100% unless the target is `reached` already.
pub(crate) fn chance_text(pct: f64, reached: bool) -> String {
    match pct {
        p if p >= 100.0 && reached => "100%".into(),
        p if p > 99.0 => "over 99%".into(),
        p if (0.0..1.0).contains(&p) => "under 1%".into(),
        p if p.is_nan() => "an unknown".into(),
        p => format!("{p:.0}%"),
    }
}

/// A monthly amount: millions to two decimals (the 2.85m a month boards quote), smaller
/// amounts as counts.
fn per_month(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{:.2}m", x / 1e6)
    } else {
        short_count(x)
    }
}

fn pace(
    opened: &Opened,
    travel: Window,
    (market, without): (Option<String>, &[String]),
    lead: i64,
    as_of: Option<NaiveDate>,
    ly: LyRule,
    canvas: &Canvas,
) -> Result<Vec<PathBuf>> {
    let pace = super::pace::curve(opened, travel, (market.as_deref(), without), (lead, 1), as_of, ly)?;
    // What the curve leaves out (a feed cut, last year unknown) is said, as `pace` says it.
    note(&pace.notes);
    // Why the lines stop short or are missing, on the chart itself (the notes say more).
    let mut why = Vec::new();
    if let Some(m) = &pace.cut_by {
        why.push(format!("this year cut where {m}'s bookings are not all in the store"));
    }
    // Last year's curve cut short by a gap of a feed drawn (review 56 H2), said.
    if let Some((from, market)) = &pace.ly_cut {
        why.push(format!(
            "last year's curve ends before {from}: {market}'s bookings from then on are not all in the store"
        ));
    }
    if pace.points.iter().all(|p| p.seats_ly.is_none()) {
        // Named, with the way to the others' curve (trial 65 L4, 66 M1).
        why.push(match pace.ly_unknown.as_slice() {
            [] => "last year not known".to_string(),
            unknown => format!(
                "last year not known: the store lacks {}'s bookings of then, or some (--without draws the others' curve)",
                tourstat::query::year_to_date::some_names(unknown, 4)
            ),
        });
    }
    // What the curve counts, on the chart too (trial 53 #1: the pace chart of a group with a
    // route new since drew +5.4%, +0.9% without it, and its footnote said nothing).
    if !pace.unfed.is_empty() {
        why.push(format!(
            "no booking flows of {} (seats not known, not 0): the curve counts the other members of {}",
            tourstat::query::year_to_date::some_names(&pace.unfed, 6),
            pace.label
        ));
    }
    if !pace.zero_last_year.is_empty() {
        why.push(format!(
            "last year 0: {} had no seats on the books for last year's window, though booked then (a route new since, or suspended then?)",
            tourstat::query::year_to_date::some_names(&pace.zero_last_year, 6)
        ));
    }
    let against_none = if pace.against_none.is_empty() {
        String::new()
    } else {
        let members: Vec<String> = pace.against_none.iter().map(|(m, _)| m.clone()).collect();
        counted_against_none(&pace.label, &members, pace.change_without.map(change_text))
    };
    // And members with next to no seats last year (trial 71 M1: "+4.7%" drawn, -2.1% without).
    // As said on stderr, with what the change without them leaves out too (review 68 M2).
    let against_none = match &pace.next_to_none_note {
        Some(note) => format!("{against_none}{}. ", capitalised(note)),
        None => against_none,
    };
    // And members with no seats a year before for months or days of the window only (trial
    // 80 M2: said on stderr, not on the chart).
    let against_none = match &pace.suspended {
        Some(note) => format!("{against_none}{}. ", capitalised(note)),
        None => against_none,
    };
    let (label, points) = (pace.label, pace.points);
    let ly_window = travel.last_year(ly);
    let this: Vec<(f64, f64)> =
        points.iter().filter_map(|p| Some((p.lead_days as f64, p.seats? as f64))).collect();
    let last: Vec<(f64, f64)> =
        points.iter().filter_map(|p| Some((p.lead_days as f64, p.seats_ly? as f64))).collect();
    let end = points.iter().rev().find(|p| p.seats.is_some());
    let end_label = end.and_then(|p| {
        let change = tourstat::analysis::change_pct(p.seats? as f64, p.seats_ly? as f64)?;
        Some(change_text(change))
    });
    let mut lines = vec![Line {
        label: format!("travel {travel}"),
        color: THIS_YEAR,
        dashed: false,
        points: this,
        end_label,
    }];
    if !last.is_empty() {
        lines.push(Line {
            label: format!("last year, travel {ly_window}"),
            color: LAST_YEAR,
            dashed: true,
            points: last,
            end_label: None,
        });
    }
    let frame = canvas.frame(
        format!("Booking curve: seats on the books before travel, {label}"),
        format!(
            "Travel {} to {}{}",
            travel.from.format("%-d %b %Y"),
            travel.to.format("%-d %b %Y"),
            // No curve of this year: no seats to end it with (trial 67: a stray ';').
            end.map(|p| match p.lead_days {
                0 => format!("{} seats when travel starts", thousands(p.seats.unwrap_or(0))),
                // The curve stops before the window starts (not known yet, or cut): where it ends.
                d => format!(
                    "{} seats {d} day{} before travel starts ({})",
                    thousands(p.seats.unwrap_or(0)),
                    if d == 1 { "" } else { "s" },
                    p.as_of
                ),
            })
            .map(|seats| format!("; {seats}"))
            .unwrap_or_default()
        ),
        format!(
            "{}{against_none}Source: booking flows{}. Chart: tourstat",
            why.iter().map(|w| format!("{}. ", capitalised(w))).collect::<String>(),
            as_of.map(|d| format!(", as known on {d}")).unwrap_or_default()
        ),
    )?;
    let path = canvas.path(&["pace", &label, &travel.to_string()])?;
    tourstat::output::write_whole(&path, |path| chart::pace_chart(path, &frame, &lines))?;
    Ok(vec![path])
}

/// A line's change at its last point, month `at` (`now` against `ly`), and where it counts
/// members' months of 0 a year before against none (closed or suspended then), the change like
/// with like beside it and the footnote's sentence saying so (trial 74 M1: Americas' "Oct:
/// +46.8%" was Brazil's reopened month against none, +6.1% like with like, and the footnote
/// spoke of the subtitle's change only).
fn end_change(
    arrivals: &MonthlyArrivals,
    name: &str,
    (year, month): (i32, u32),
    now: f64,
    ly: f64,
    what: &str,
) -> Option<(String, Option<String>)> {
    let change = change_text(change_pct(now, ly)?);
    let Some(r) =
        tourstat::query::year_to_date::reopened_change(arrivals, name, year, (month, month), now, ly)
    else {
        return Some((change, None));
    };
    let like = change_text(r.like);
    let said = format!(
        "{name}: the change at the line's end, {} ({change}), counts {} {what} of {} in a month that was 0 a year before (closed or suspended then, open now) against none; like with like, without them, {like}. ",
        month_year(year, month),
        tourstat::output::thousands(r.opened.round() as i64),
        tourstat::query::year_to_date::some_names(&r.members, 4),
    );
    Some((format!("{change} ({like} like with like)"), Some(said)))
}

/// A note begun with a capital, whatever its first letter ("Österreich", "中国": review 69
/// H1, a byte's slice of a market's name panicked).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// A seat chart's footnote on a line whose change counts members with no seats on the books
/// last year against none (a route suspended then, or new since): `members` as the footnote
/// names them, `without` the change without their seats where known.
fn counted_against_none(line: &str, members: &[String], without: Option<String>) -> String {
    format!(
        "No seats on the books last year, though booked then (a route suspended or new?): {}; the change of {line} counts {} seats against none{}. ",
        members.join(", "),
        if members.len() == 1 { "its" } else { "their" },
        without.map(|w| format!(" ({w} without those seats)")).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};

    use polars::prelude::*;
    use tourstat::analysis::rollup::RollupRule;
    use tourstat::market::MarketNode;

    use super::*;

    /// Trial 87 L2: a trend's year to date held back by a month with no figure says which,
    /// where the line runs past it.
    #[test]
    fn a_trend_held_back_by_a_missing_month_names_it() {
        assert_eq!(
            trend_subtitle("Japan", (2025, 1, 4), Some(22_110.0), Some(3.6)),
            "Japan, by month; in January 2025 (February has no figure): 22.1k (+3.6% on 2024)"
        );
        assert_eq!(
            trend_subtitle("China", (2025, 4, 4), Some(220_220.0), Some(6.2)),
            "China, by month; January to April 2025: 220k (+6.2% on 2024)"
        );
    }

    /// Review 69 H1: a note begun with a market's name of a letter of two bytes or more.
    #[test]
    fn a_note_is_capitalised_by_its_first_letter_not_its_first_byte() {
        assert_eq!(capitalised("österreich (5 seats)"), "Österreich (5 seats)");
        assert_eq!(capitalised("中国 (5 seats)"), "中国 (5 seats)");
        assert_eq!(capitalised("b"), "B");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn figures_side_by_side_are_written_fine_enough_to_tell_apart() {
        let short = apart(&[28.2e6, 22.1e6, 20.1e6, 24.0e6]);
        assert_eq!(short(22.1e6), "22.1m");
        let fine = apart(&[14_000.0, 14_043.0, 13_665.0, 14_423.0, f64::NAN]);
        assert_eq!([fine(14_000.0), fine(13_665.0), fine(14_423.0)], ["14,000", "13,665", "14,423"]);
        assert_eq!(apart(&[2.0e6, 2.01e6])(2.01e6), "2.01m");
        // A target is written as set (trial 44 L1), the others as finely.
        let set = apart(&[3_050_000.0, 2_923_203.0]);
        assert_eq!([set(3_050_000.0), set(2_923_203.0)], ["3.05m", "2.92m"]);
        assert_eq!(apart(&[3_055_000.0, 2_923_203.0])(3_055_000.0), "3,055,000");
        assert_eq!(apart(&[125_500.0, 2_923.0])(125_500.0), "125,500");
        assert_eq!(apart(&[28.2e6, 22.1e6])(28.2e6), "28.2m");
    }

    #[test]
    fn markets_without_a_change_are_returned_not_dropped() {
        // (name, depth, change): the one top is the reference, unless it has no change.
        let lines = [("T", 0, Some(-1.0)), ("A", 1, Some(2.0)), ("B", 1, None), ("C", 1, Some(-3.0))];
        let depths: Vec<usize> = lines.iter().map(|l| l.1).collect();
        let bar = |l: &(&str, usize, Option<f64>)| {
            Some(Bar {
                label: l.0.to_string(),
                change_pct: l.2?,
                value_text: String::new(),
                group: false,
                indent: 0,
            })
        };
        let tree = tree_of(&[("T", None), ("A", Some("T")), ("B", Some("T")), ("C", Some("T"))]);
        let (reference, bars, without) = split_top(&lines, &depths, &tree, |l| l.0.to_string(), bar);
        assert_eq!(reference.map(|b| b.label), Some("T".to_string()));
        assert_eq!(bars.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(), ["A", "C"]);
        assert_eq!(without, [2]);
        let no_top = [("T", 0, None), ("A", 1, Some(2.0))];
        let (reference, bars, without) = split_top(&no_top, &[0, 1], &tree, |l| l.0.to_string(), bar);
        assert!(reference.is_none() && bars.len() == 1 && without == [0]);
    }

    #[test]
    fn groups_drawn_with_their_members_are_above_them() {
        // (name, depth, change): T the reference; H has no change, but a member with one.
        let lines = [
            ("T", 0, Some(-1.0)),
            ("G", 1, Some(2.0)),
            ("a", 2, Some(5.0)),
            ("b", 2, Some(1.0)),
            ("H", 1, None),
            ("c", 2, Some(3.0)),
            ("L", 1, Some(-2.0)),
        ];
        let depths: Vec<usize> = lines.iter().map(|l| l.1).collect();
        let bar = |l: &(&str, usize, Option<f64>)| {
            Some(Bar {
                label: l.0.to_string(),
                change_pct: l.2?,
                value_text: String::new(),
                group: false,
                indent: 0,
            })
        };
        let tree = tree_of(&[
            ("T", None),
            ("G", Some("T")),
            ("a", Some("G")),
            ("b", Some("G")),
            ("H", Some("T")),
            ("c", Some("H")),
            ("L", Some("T")),
        ]);
        let (reference, bars, without) = split_top(&lines, &depths, &tree, |l| l.0.to_string(), bar);
        assert_eq!(reference.map(|b| b.label), Some("T".to_string()));
        let drawn: Vec<(&str, bool, usize, bool)> =
            bars.iter().map(|b| (b.label.as_str(), b.group, b.indent, b.change_pct.is_finite())).collect();
        assert_eq!(
            drawn,
            [
                ("L", false, 0, true),
                ("G", true, 0, true),
                ("b", false, 1, true),
                ("a", false, 1, true),
                ("H", true, 0, false),
                ("c", false, 1, true),
            ]
        );
        assert_eq!(without, [4]);
        // Review 23 H1: a group not drawn (Europe, unpublished) put its member under the group
        // before it; the lines are then one level, sorted as such.
        let lines = [("S", 0, Some(-1.0)), ("E", 1, Some(2.0)), ("c", 2, Some(5.0)), ("g", 2, Some(1.0))];
        let tree =
            tree_of(&[("S", None), ("E", Some("S")), ("c", Some("E")), ("U", Some("S")), ("g", Some("U"))]);
        let depths: Vec<usize> = lines.iter().map(|l| l.1).collect();
        let (_, bars, _) = split_top(&lines, &depths, &tree, |l| l.0.to_string(), bar);
        assert!(bars.iter().all(|b| !b.group && b.indent == 0), "{bars:?}");
        // A group not drawn above its members (China, Japan without East Asia): the same.
        let lines = [("S", 0, Some(-1.0)), ("c", 2, Some(5.0)), ("j", 2, Some(1.0)), ("U", 1, Some(3.0))];
        let tree =
            tree_of(&[("S", None), ("E", Some("S")), ("c", Some("E")), ("j", Some("E")), ("U", Some("S"))]);
        let depths: Vec<usize> = lines.iter().map(|l| l.1).collect();
        let (_, bars, _) = split_top(&lines, &depths, &tree, |l| l.0.to_string(), bar);
        assert!(bars.iter().all(|b| !b.group && b.indent == 0), "{bars:?}");
        // Trial 81 M4: a member under a group further up, those between publishing none
        // (Germany under Europe, Western Europe without a snapshot), is that group's member.
        let lines = [("W", 0, Some(6.0)), ("E", 1, Some(4.0)), ("d", 2, Some(4.3)), ("u", 2, Some(-3.0))];
        let tree =
            tree_of(&[("W", None), ("E", Some("W")), ("X", Some("E")), ("d", Some("X")), ("u", Some("E"))]);
        let depths: Vec<usize> = lines.iter().map(|l| l.1).collect();
        let (_, bars, _) = split_top(&lines, &depths, &tree, |l| l.0.to_string(), bar);
        let drawn: Vec<(&str, bool, usize)> =
            bars.iter().map(|b| (b.label.as_str(), b.group, b.indent)).collect();
        assert_eq!(drawn, [("E", true, 0), ("u", false, 1), ("d", false, 1)]);
    }

    /// A market tree of (name, parent).
    fn tree_of(nodes: &[(&str, Option<&str>)]) -> MarketTree {
        MarketTree::new(
            nodes
                .iter()
                .map(|(n, p)| MarketNode {
                    name: n.to_string(),
                    parent: p.map(str::to_string),
                    aliases: vec![],
                })
                .collect(),
        )
        .unwrap()
    }

    /// Monthly figures of 10 for each (market, year, month).
    fn months_frame(rows: &[(&str, i32, u32)]) -> DataFrame {
        df!(
            "market" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "year" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "month" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "value" => rows.iter().map(|_| 10i64).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    /// A year-to-date line with no last year (why a bar is missing is what is asked).
    fn line_of(market: &str, through: u32, arrivals: Option<f64>) -> YearToDateLine {
        YearToDateLine {
            market: market.into(),
            depth: 0,
            through,
            arrivals,
            arrivals_ly: None,
            yoy_pct: None,
            share_pct: None,
            vs_base_pct: None,
            contribution_pct: None,
            by_periods: Vec::new(),
            period_notes: Vec::new(),
        }
    }

    #[test]
    fn a_market_without_a_bar_is_told_why_as_it_is() {
        // T > (A: February on; B: quarters of 2025 only; C: 2024 only); D: no group, 2025-02 on;
        // U > V > (E: 2024 only; F).
        let tree = tree_of(&[
            ("T", None),
            ("A", Some("T")),
            ("B", Some("T")),
            ("C", Some("T")),
            ("D", None),
            ("U", None),
            ("V", Some("U")),
            ("E", Some("V")),
            ("F", Some("V")),
        ]);
        let df = months_frame(&[
            ("A", 2025, 2),
            ("A", 2024, 1),
            ("B", 2024, 1),
            ("C", 2024, 1),
            ("D", 2025, 2),
            ("E", 2024, 1),
            ("F", 2024, 1),
            ("F", 2025, 1),
        ]);
        let elsewhere = HashMap::from([("B".to_string(), BTreeSet::from([2025]))]);
        let arrivals =
            MonthlyArrivals::with_other_periods(&tree, &df, RollupRule::OwnFigureFirst, &elsewhere).unwrap();
        let line = |market: &str, through: u32| line_of(market, through, None);
        let why = |market: &str| why_no_bar(&arrivals, &line(market, 0), 2025, 3);
        // All four read "no figures this year" before.
        assert_eq!(why("C"), "no figures this year");
        assert_eq!(why("B"), "figures by quarter, year or day only: not by month");
        // Trial 34 #2: a member published by quarter is named as such.
        // Trial 59 L7: C, with no figure this year, is named so.
        assert_eq!(why("T"), "B not by month; C none this year; A without January: not counted");
        // Trial 81 L3: a group of groups names the market under them with the reason, not
        // "members without January".
        assert_eq!(why("U"), "E none this year: not counted");
        assert_eq!(why("D"), "no figure for January: not counted");
        assert_eq!(why_no_bar(&arrivals, &line("A", 2), 2025, 3), "through February only: not compared");
    }

    #[test]
    fn a_target_charts_footnote_says_why_a_group_stops() {
        let late = "Europe: no figure for 2026-08..2026-10: below it, France (through 2026-09), Sweden (through 2026-07) lack some or all of them, where its other markets have them: late, or no longer published (a route closed)? Counted through 2026-07; a projection assumes they go on";
        let yet = "Asia: no figure for 2026-10: its member Japan (through 2026-09) has none yet, where its other members have it; counted through 2026-09, a projection assumes it goes on";
        let gap = "India: no figure for 2026-03, though it has later months (to 2026-10); counted through 2026-02 at most";
        let notes = [late.to_string(), yet.to_string(), gap.to_string()];
        assert_eq!(
            behind_footnote("Europe", &notes),
            ". No figure for 2026-08..2026-10: below it, France (through 2026-09), Sweden (through 2026-07) lack some or all of them, where its other markets have them: late, or no longer published? The projection assumes they go on"
        );
        assert_eq!(
            behind_footnote("Asia", &notes),
            ". No figure for 2026-10: its member Japan (through 2026-09) has none yet, where its other members have it; the projection assumes it goes on"
        );
        assert_eq!(behind_footnote("India", &notes), "");
    }

    #[test]
    fn a_seat_charts_footnote_names_a_markets_own_gap_not_one_whose_name_ends_in_it() {
        let notes = vec![
            "last year unknown for X (...): South Africa: no flow of it booked from 2025-03-01 to 2025-03-21 (21 days) among this year's flows, though ...: the store lacks the bookings of those days. Its seats ...".to_string(),
            "Africa: no booking flows in the store for travel ...".to_string(),
        ];
        assert_eq!(lacking_seats(&notes, "Africa"), None);
        let said = lacking_seats(&notes, "South Africa").unwrap();
        assert!(said.starts_with("South Africa: no flow of it booked from 2025-03-01"), "{said}");
        assert!(said.ends_with("the store lacks the bookings of those days, so its seats are not known, nor those of the groups above it. "), "{said}");
        // Of last year's flows: last year's seats (trial 74 L2).
        let notes = vec!["Germany: no flow of it booked from 2025-03-10 to 2025-03-16 (7 days) among last year's flows, though ...: the store lacks the bookings of those days.".to_string()];
        let said = lacking_seats(&notes, "Germany").unwrap();
        assert!(
            said.ends_with("so its seats of last year are not known, nor those of the groups above it. "),
            "{said}"
        );
    }

    #[test]
    fn a_group_with_a_member_new_this_year_has_no_bar_as_not_like_with_like() {
        // G > X (2024 and 2025), Y (2025 only): G's last year is known, of X alone.
        let tree = tree_of(&[("G", None), ("X", Some("G")), ("Y", Some("G"))]);
        let mut rows: Vec<(&str, i32, u32)> = Vec::new();
        for m in 1..=3 {
            rows.extend([("X", 2024, m), ("X", 2025, m), ("Y", 2025, m)]);
        }
        let arrivals = MonthlyArrivals::new(&tree, &months_frame(&rows), RollupRule::OwnFigureFirst).unwrap();
        let line = |market: &str| line_of(market, 3, Some(20.0));
        assert_eq!(why_no_bar(&arrivals, &line("G"), 2025, 3), "not like with like: no change");
        assert_eq!(why_no_bar(&arrivals, &line("Y"), 2025, 3), "last year not known: no change");
        // Trial 61 L3: one month of last year missing is named, not "not known".
        let tree = tree_of(&[("Z", None)]);
        let rows = [("Z", 2024, 1), ("Z", 2024, 3), ("Z", 2025, 1), ("Z", 2025, 2), ("Z", 2025, 3)];
        let arrivals = MonthlyArrivals::new(&tree, &months_frame(&rows), RollupRule::OwnFigureFirst).unwrap();
        assert_eq!(why_no_bar(&arrivals, &line("Z"), 2025, 3), "last year lacks 2024-02: no change");
    }

    #[test]
    fn each_line_of_a_trend_ends_with_its_own_last_month() {
        // A through 2025-07, B through 2025-06 with 2025-03 missing, C nothing from 2025-01.
        let mut rows: Vec<(&str, i32, u32)> = Vec::new();
        for m in 1..=12 {
            rows.extend([("A", 2024, m), ("B", 2024, m), ("C", 2024, m)]);
        }
        rows.extend((1..=7).map(|m| ("A", 2025, m)));
        rows.extend([1, 2, 4, 5, 6].map(|m| ("B", 2025, m)));
        let series =
            MonthlyArrivals::new(&MarketTree::default(), &months_frame(&rows), RollupRule::OwnFigureFirst)
                .unwrap();
        let names: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        let ends = line_ends(&series, &names, (2024, 1), (2025, 7));
        assert_eq!(ends, [Some((2025, 7)), Some((2025, 6)), Some((2024, 12))]);
        assert_eq!(line_ends(&series, &names[2..], (2025, 1), (2025, 7)), [None]);
    }

    #[test]
    fn a_chance_is_never_rounded_to_a_certainty() {
        let shown: Vec<String> =
            [100.0, 99.8, 99.0, 50.4, 0.2, 0.0, f64::NAN].map(|p| chance_text(p, false)).to_vec();
        assert_eq!(shown, ["over 99%", "over 99%", "99%", "50%", "under 1%", "under 1%", "an unknown"]);
        // Certain only where the target is reached already.
        assert_eq!(chance_text(100.0, true), "100%");
    }

    #[test]
    fn months_published_after_a_missing_one_are_named_as_not_counted() {
        let tree =
            MarketTree::new(vec![MarketNode { name: "X".into(), parent: None, aliases: vec![] }]).unwrap();
        let months = [1, 2, 4, 5, 7];
        let df = df!(
            "market" => months.iter().map(|_| "X").collect::<Vec<_>>(),
            "year" => months.iter().map(|_| 2025).collect::<Vec<_>>(),
            "month" => months.to_vec(),
            "value" => months.iter().map(|_| 10i64).collect::<Vec<_>>(),
        )
        .unwrap();
        let arrivals = MonthlyArrivals::new(&tree, &df, RollupRule::OwnFigureFirst).unwrap();
        assert_eq!(
            not_counted(&arrivals, "X", 2025, 2),
            " (no figure for March, June: the 3 later months published, to July, not counted)"
        );
        assert_eq!(not_counted(&arrivals, "X", 2025, 7), "");
        assert_eq!(
            not_counted(&arrivals, "X", 2025, 5),
            " (no figure for June: the 1 later month published, to July, not counted)"
        );
        // Counted through an earlier month asked for, with no gap after it: no gap to name
        // (it read "no figure for : the 2 later months published").
        let df = df!("market" => ["X"; 3], "year" => [2025; 3], "month" => [1, 2, 3], "value" => [10i64; 3])
            .unwrap();
        let arrivals = MonthlyArrivals::new(&tree, &df, RollupRule::OwnFigureFirst).unwrap();
        assert_eq!(not_counted(&arrivals, "X", 2025, 1), "");
    }
}
