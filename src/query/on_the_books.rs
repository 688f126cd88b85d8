//! Seats on the books for a travel window against the same time last year, from booking flows
//! or from published snapshots, with what the store cannot say made explicit: a question asked
//! before the store knows any booking is an error, and last year's seats where its flows do
//! not reach back are missing (never 0).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use serde::Serialize;

use crate::analysis::otb::{
    booking_until, otb_by_market, otb_lines_from_flows, otb_lines_from_snapshots, snapshots_for, suspects,
    FlowGaps, OtbLine, OtbQuery, Reach, Stopped, Suspects, UnknownLastYear, SILENT_DAYS,
};
use crate::analysis::rollup::shown_markets;
use crate::columns;
use crate::engine::{DateColumn, DateSpan, FeedReach, Filter, Key, Measure, SeatTotals};
use crate::error::{Error, PolarsContext, Result};
use crate::kind::Kind;
use crate::market::MarketTree;
use crate::output::thousands;
use crate::store::Store;

/// Where seats on the books come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    /// Flows when the store has booking flows for the window, published snapshots otherwise.
    Auto,
    Flows,
    Snapshots,
}

impl FromStr for Source {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim() {
            "auto" => Ok(Source::Auto),
            "flows" => Ok(Source::Flows),
            "snapshots" => Ok(Source::Snapshots),
            other => Err(format!("expected auto, flows or snapshots, got \"{other}\"")),
        }
    }
}

/// What the figures rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Basis {
    Flows,
    Published,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Flows => "flows",
            Basis::Published => "published",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnTheBooks {
    pub basis: Basis,
    pub lines: Vec<OtbLine>,
    /// What the reader must know: last year missing and why.
    pub notes: Vec<String>,
}

/// Which markets to show: `root` (canonical) and what is below it, `depth` levels deep.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub root: Option<String>,
    pub depth: Option<usize>,
}

/// Seats on the books for a query, for the markets selected, in tree order.
pub fn on_the_books(
    store: &Store,
    tree: &MarketTree,
    q: &OtbQuery,
    source: Source,
    sel: &Selection,
) -> Result<OnTheBooks> {
    let years = q.travel_years();
    let flows = source != Source::Snapshots && !store.files(Kind::Bookings, Some(years))?.is_empty();
    if flows {
        let shown = |names: &[String]| shown_markets(tree, sel.root.as_deref(), sel.depth, names);
        let (lines, mut notes) = flow_lines(store, tree, q, shown)?;
        if !lines.is_empty() && lines.iter().all(|l| l.seats.is_none()) {
            return Err(Error::Usage(format!("no seats on the books are known: {}", notes.join("; "))));
        }
        notes.splice(0..0, unallocated_notes(tree, &lines, Basis::Flows));
        return Ok(OnTheBooks { basis: Basis::Flows, lines, notes });
    }
    if source == Source::Flows {
        return Err(Error::Usage(format!(
            "the store has no booking flows for travel in {}..{}; ingest bookings, or use published snapshots",
            years.0, years.1
        )));
    }
    let Some(otb) = store.scan(Kind::Otb, Some((q.as_of.year() - 1, q.as_of.year())))? else {
        let has_flows = source == Source::Snapshots && !store.files(Kind::Bookings, Some(years))?.is_empty();
        return Err(Error::Usage(if has_flows {
            "the store has no published snapshots (otb) for this window; it has booking flows: --from flows (or auto) counts them".into()
        } else {
            "the store has neither booking flows nor published snapshots (otb) for this window".into()
        }));
    };
    let snaps = snapshots_for(otb.clone(), q).collect().context("reading snapshots")?;
    let names: Vec<String> = columns::strings(&snaps, "market")?.into_iter().flatten().collect();
    let shown = shown_markets(tree, sel.root.as_deref(), sel.depth, &names);
    let lines =
        if snaps.height() == 0 { Vec::new() } else { otb_lines_from_snapshots(tree, &snaps, &shown)? };
    if lines.is_empty() {
        let what = match &sel.root {
            Some(m) => format!("no published snapshot for {m} for travel {} known on {}", q.window, q.as_of),
            None => format!("no published snapshot for travel {} known on {}", q.window, q.as_of),
        };
        return Err(Error::Usage(format!("{what}; the store has: {}", list_snapshots(otb)?)));
    }
    let mut notes = unallocated_notes(tree, &lines, Basis::Published);
    if lines.iter().any(|l| l.seats_ly_derived) {
        notes.push(
            "* derived: last year's seats implied by the published change, seats / (1 + change_pct/100)"
                .into(),
        );
    }
    Ok(OnTheBooks { basis: Basis::Published, lines, notes })
}

/// What a group's figure holds beyond its members shown: flows booked to the group itself, or
/// the part of a published group figure its published members do not add up to.
fn unallocated_notes(tree: &MarketTree, lines: &[OtbLine], basis: Basis) -> Vec<String> {
    let mut notes = Vec::new();
    for l in lines.iter().filter(|l| l.unallocated.abs() >= 0.5) {
        let members = tree.children(&l.market);
        let shown: Vec<&OtbLine> = lines.iter().filter(|o| members.contains(&o.market.as_str())).collect();
        let sum: f64 = shown.iter().filter_map(|o| o.seats).sum();
        let names: Vec<&str> = shown.iter().map(|o| o.market.as_str()).collect();
        notes.push(match basis {
            Basis::Flows => format!(
                "{}: {} seats were booked to {} itself and are not allocated to any of its members",
                l.market,
                thousands(l.unallocated.round() as i64),
                l.market
            ),
            Basis::Published => format!(
                "{}: its members shown ({}) add up to {}, {} {} its own figure: unallocated",
                l.market,
                names.join(", "),
                thousands(sum.round() as i64),
                thousands(l.unallocated.abs().round() as i64),
                if l.unallocated > 0.0 { "short of" } else { "more than" }
            ),
        });
    }
    notes
}

/// Every snapshot in the store: its date, window and markets.
fn list_snapshots(otb: LazyFrame) -> Result<String> {
    let known = otb
        .select([col("as_of"), col("travel_from"), col("travel_to"), col("market")])
        .unique(None, UniqueKeepStrategy::First)
        .sort(["as_of", "travel_from", "travel_to", "market"], SortMultipleOptions::default())
        .collect()
        .context("listing snapshots")?;
    let (a, f, t) = (
        columns::dates(&known, "as_of")?,
        columns::dates(&known, "travel_from")?,
        columns::dates(&known, "travel_to")?,
    );
    let markets = columns::strings(&known, "market")?;
    let mut list: Vec<(String, Vec<String>)> = Vec::new();
    for i in 0..known.height() {
        let (Some(a), Some(f), Some(t), Some(m)) = (a[i], f[i], t[i], markets[i].clone()) else { continue };
        let key = format!("as of {a} for {f}..{t}");
        match list.last_mut() {
            Some((k, ms)) if *k == key => ms.push(m),
            _ => list.push((key, vec![m])),
        }
    }
    Ok(list.into_iter().map(|(k, ms)| format!("{k} ({})", ms.join(", "))).collect::<Vec<_>>().join("; "))
}

/// Lines from booking flows for the markets `shown` picks from those with flows, and the notes
/// on what last year lacks.
pub fn flow_lines(
    store: &Store,
    tree: &MarketTree,
    q: &OtbQuery,
    shown: impl Fn(&[String]) -> Vec<(usize, String)>,
) -> Result<(Vec<OtbLine>, Vec<String>)> {
    let Some(by_market) = store.seat_totals(&otb_by_market(q))? else {
        return Err(Error::Usage(format!("the store has no booking flows for travel in {}", q.window)));
    };
    let markets = columns::strings(&by_market, "market")?;
    let seats = columns::ints(&by_market, "seats")?;
    let seats_ly = columns::ints(&by_market, "seats_ly")?;
    if seats.iter().all(Option::is_none) {
        return Err(nothing_booked(store, q)?);
    }
    let (ly_as_of, ly_window) = q.last_year();
    let reach = reach_of(&by_market)?;
    let mut notes = Vec::new();
    let mut unknown = UnknownLastYear::default();
    // No flow booked by last year's date for last year's window: unknown where the store's
    // flows start after that window does, 0 (market by market, below) where they cover it.
    let none_last_year = seats_ly.iter().all(Option::is_none);
    let first_travel = if none_last_year { first_travel_date(store)? } else { None };
    if none_last_year && first_travel.is_none_or(|d| d > ly_window.from) {
        unknown.all = true;
        notes.push(format!(
            "last year unknown: the store has no flows booked by {ly_as_of} for travel {ly_window}{}",
            first_travel.map(|d| format!(" (its flows start with travel on {d})")).unwrap_or_default()
        ));
    } else if let Some(first) =
        first_travel_before(store, Some(ly_window.from))?.filter(|d| *d > ly_window.from)
    {
        unknown.all = true;
        notes.push(format!(
            "last year unknown: the store's flows start with travel on {first}, after the start of last year's window {ly_window}"
        ));
    } else {
        // Markets with seats this year and none booked by last year's date: a market whose
        // first booking in the store is later has no knowable last year; one booked earlier
        // had 0 seats on the books then.
        let new: Vec<String> = (0..markets.len())
            .filter(|&i| seats[i].is_some() && seats_ly[i].is_none())
            .filter_map(|i| markets[i].clone())
            .collect();
        if !new.is_empty() {
            let earlier = markets_booked_by(store, &new, ly_as_of)?;
            let later: Vec<String> = new.into_iter().filter(|m| !earlier.contains(m)).collect();
            if !later.is_empty() {
                notes.push(format!(
                    "last year unknown for {} (and the groups above): the store has no flows of theirs booked by {ly_as_of}",
                    later.join(", ")
                ));
                unknown.markets = later.into_iter().collect();
            }
        }
    }
    let names: Vec<String> = markets.into_iter().flatten().collect();
    let shown = shown(&names);
    let rowed: HashSet<&String> = names.iter().collect();
    let unrowed: Vec<String> = shown
        .iter()
        .filter(|(_, m)| tree.children(m).is_empty() && !rowed.contains(m))
        .map(|(_, m)| m.clone())
        .collect();
    let (stopped, last_booked) = stopped_feeds(store, q, &reach, &[], unrowed.clone())?;
    for s in &stopped {
        notes.push(format!(
            "{}: no flow of it booked after {}, {} days before {}, though last year's for the window went on being booked to {}: its feed may have stopped, so its seats are not known (shown missing, with the groups above); --as-of {} compares every market on that day",
            s.market,
            s.last_booked,
            (s.until - s.last_booked).num_days(),
            s.until,
            s.last_booked_ly,
            s.last_booked
        ));
    }
    let unfed: Vec<String> = unrowed.into_iter().filter(|m| !last_booked.contains_key(m)).collect();
    if !unfed.is_empty() {
        let (from, to) = q.travel_years();
        notes.push(format!(
            "{}: no booking flows in the store for travel in {from}..{to}, so seats not known (not 0); the groups above count only their other members",
            unfed.join(", ")
        ));
    }
    let gaps = FlowGaps {
        unfed: unfed.into_iter().collect(),
        stopped: stopped.into_iter().map(|s| s.market).collect(),
        unknown_ly: unknown,
    };
    let lines = otb_lines_from_flows(tree, &by_market, &shown, &gaps)?;
    Ok((lines, notes))
}

/// The markets of `drawn` (all when empty) whose flows stop before the snapshot while last
/// year's went on (see `analysis::otb::suspects`; `reach` is every market's), after refusing a
/// question the store's flows do not reach; with the last booking of each of those and of
/// `also` (markets that may have no flows at all).
pub fn stopped_feeds(
    store: &Store,
    q: &OtbQuery,
    reach: &[(String, Reach)],
    drawn: &[String],
    also: Vec<String>,
) -> Result<(Vec<Stopped>, HashMap<String, NaiveDate>)> {
    let mut suspects = suspects(q, reach);
    confirm_reach(store, q, &suspects)?;
    suspects.markets.retain(|(m, _, _)| drawn.is_empty() || drawn.contains(m));
    // A market silent for the window may have been booked for other travel: its flows of any
    // travel in the years read tell a feed that stopped from a window nobody booked lately.
    let mut asked: Vec<String> = suspects.markets.iter().map(|(m, _, _)| m.clone()).collect();
    asked.extend(also);
    let last_booked = last_bookings(store, q, asked)?;
    let stopped = suspects
        .markets
        .iter()
        .filter_map(|(m, _, ly)| {
            let last = *last_booked.get(m)?;
            ((suspects.until - last).num_days() >= SILENT_DAYS).then(|| Stopped {
                market: m.clone(),
                last_booked: last,
                until: suspects.until,
                last_booked_ly: *ly,
            })
        })
        .collect();
    Ok((stopped, last_booked))
}

/// How far each market's flows for the window reach, from the answer of `otb_by_market`.
pub fn reach_of(by_market: &DataFrame) -> Result<Vec<(String, Reach)>> {
    let markets = columns::strings(by_market, "market")?;
    let [booked, travel, booked_ly, travel_ly] =
        ["seats_last_booked", "seats_last_travel", "seats_ly_last_booked", "seats_ly_last_travel"]
            .map(|c| columns::dates(by_market, c));
    let (booked, travel, booked_ly, travel_ly) = (booked?, travel?, booked_ly?, travel_ly?);
    Ok((0..by_market.height())
        .filter_map(|i| {
            let reach = Reach {
                last_booked: booked[i],
                last_travel: travel[i],
                last_booked_ly: booked_ly[i],
                last_travel_ly: travel_ly[i],
            };
            Some((markets[i].clone()?, reach))
        })
        .collect())
}

/// Refuses a question the store's flows do not reach, though last year's did: the window starts
/// before the flows' first day of travel, runs past their last, or the snapshot is after their
/// last booking. Each is read from every flow of the years only when the window's own flows
/// suggest it.
fn confirm_reach(store: &Store, q: &OtbQuery, suspects: &Suspects) -> Result<()> {
    let (ly_as_of, _) = q.last_year();
    let w = q.window;
    if let Some(first) = first_travel_before(store, Some(w.from))?.filter(|f| *f > w.from) {
        return Err(Error::Usage(format!(
            "the store's flows start with travel on {first}, after the window {w} starts: seats for travel before then are not in the store; ask for --travel {first}..{}",
            w.to
        )));
    }
    let span = |label, column| {
        let asked = DateSpan { label, years: Some(q.travel_years()), column, filter: Filter::default() };
        Ok::<_, Error>(store.date_span(&asked)?.and_then(|(_, last)| last))
    };
    if let Some((last, ly)) = suspects.travel_until {
        let last = span("reading the flows' last day of travel", DateColumn::TravelDate)?.unwrap_or(last);
        if last < w.to {
            return Err(Error::Usage(format!(
                "the store's flows reach travel on {last}, before the window ends ({}): last year's, booked by {ly_as_of}, reached travel on {ly}, so seats for travel after {last} are missing from the store, not 0; ask for --travel {}..{last}, or ingest the flows for later travel",
                w.to, w.from
            )));
        }
    }
    if let Some((last, ly)) = suspects.booked_until {
        let until = booking_until(q);
        let last = span("reading the flows' last booking", DateColumn::BookedOn)?.unwrap_or(last);
        if last < until {
            return Err(Error::Usage(format!(
                "the store has no flow booked after {last}, though last year's for the window went on being booked to {ly}: what was booked from {} to {until} is not in the store; ask for --as-of {last}, or ingest the later flows",
                last + chrono::Days::new(1)
            )));
        }
    }
    Ok(())
}

/// Each of `markets`' last booking among the flows of the years `q` reads (none for a market
/// without flows there); nothing is read when `markets` is empty.
fn last_bookings(store: &Store, q: &OtbQuery, markets: Vec<String>) -> Result<HashMap<String, NaiveDate>> {
    if markets.is_empty() {
        return Ok(HashMap::new());
    }
    let asked = FeedReach {
        label: "reading how far the flows reach",
        years: Some(q.travel_years()),
        filter: Filter { markets: Some(markets), ..Default::default() },
    };
    let Some(df) = store.feed_reach(&asked)? else { return Ok(HashMap::new()) };
    if df.width() == 0 {
        return Ok(HashMap::new());
    }
    let (names, last) = (columns::strings(&df, "market")?, columns::dates(&df, "last_booked")?);
    Ok(names.into_iter().zip(last).filter_map(|(m, d)| Some((m?, d?))).collect())
}

/// The error for a window with no flow booked by `as_of`: the store has no flows for that
/// travel at all, or knows of none booked so early.
fn nothing_booked(store: &Store, q: &OtbQuery) -> Result<Error> {
    let (window, as_of) = (q.window, q.as_of);
    let span = store.date_span(&DateSpan {
        label: "reading booking dates",
        years: Some((window.from.year(), window.to.year())),
        column: DateColumn::BookedOn,
        filter: Filter { travel: Some(window), ..Default::default() },
    })?;
    Ok(Error::Usage(match span {
        Some((Some(f), Some(l))) => format!(
            "nothing is known on {as_of} of travel {window}: the store's flows for that travel were booked from {f} to {l}"
        ),
        _ => format!("the store has no booking flows for travel in {window}"),
    }))
}

/// The first travel date of any flow in the store (read from its earliest year only).
pub fn first_travel_date(store: &Store) -> Result<Option<NaiveDate>> {
    first_travel_before(store, None)
}

/// The first travel date of any flow in the store, when it may fall on or after `from` (when the
/// store's first year of travel is `from`'s year or later); `None` when the store's flows start
/// in an earlier year, which reading their dates could not change: most queries skip the read.
pub fn first_travel_before(store: &Store, from: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
    let Some(&first_year) = store.partition_years(Kind::Bookings)?.first() else { return Ok(None) };
    if from.is_some_and(|f| f.year() > first_year) {
        return Ok(None);
    }
    let span = store.date_span(&DateSpan {
        label: "reading travel dates",
        years: Some((first_year, first_year)),
        column: DateColumn::TravelDate,
        filter: Filter::default(),
    })?;
    Ok(span.and_then(|(first, _)| first))
}

/// Which of `markets` have any flow booked on or before `by`: whose bookings the store knows
/// from then on (a market whose first booking is later has no knowable seats on the books then).
fn markets_booked_by(store: &Store, markets: &[String], by: NaiveDate) -> Result<HashSet<String>> {
    let booked = SeatTotals {
        label: "reading earlier flows",
        years: None,
        key: Key::Market,
        measures: vec![Measure {
            name: "seats",
            filter: Filter { booked_by: Some(by), travel: None, markets: Some(markets.to_vec()) },
        }],
        reach: false,
    };
    let Some(found) = store.seat_totals(&booked)? else { return Ok(HashSet::new()) };
    Ok(columns::strings(&found, "market")?.into_iter().flatten().collect())
}
