//! Seats on the books for a travel window against the same time last year, from booking flows
//! or from published snapshots, with what the store cannot say made explicit: a question asked
//! before the store knows any booking is an error, and last year's seats where its flows do
//! not reach back are missing (never 0).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use polars::prelude::*;
use serde::Serialize;

use crate::analysis::otb::{
    booked_about, booking_until, closed_for_all, closed_though_not_kept, closures_of, find_gaps,
    kept_a_year_before, lagging, next_to_none, otb_by_market, otb_lines_from_flows, otb_lines_from_snapshots,
    same_lead_last_year, shut_days, shut_runs, snapshots_for, stopped, suspects, unfed, with_groups_above,
    BookingDays, Closed, FlowGaps, Gap, LateStart, OtbLine, OtbQuery, Reach, Stopped, Suspects,
    UnknownLastYear, NEGLIGIBLE_SHARE, SEASON_BREAK, SILENT_DAYS,
};
use crate::analysis::rollup::shown_markets;
use crate::analysis::vintage::{date_lit, latest_known};
use crate::columns;
use crate::engine::{DateColumn, DateSpan, FeedReach, Filter, Key, Measure, SeatTotals, TravelDays};
use crate::error::{Error, PolarsContext, Result};
use crate::kind::Kind;
use crate::market::MarketTree;
use crate::output::{change_text, thousands};
use crate::period::Window;
use crate::store::Store;

use super::year_to_date::some_names;

/// Where seats on the books come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    /// Flows when the store has booking flows, published snapshots when it has none (a window
    /// the flows do not cover is refused, naming a snapshot of it).
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
    /// The dates of the published snapshots the lines are (the latest known on the question's
    /// date, per market): first and last; none for flows.
    pub published: Option<(NaiveDate, NaiveDate)>,
    /// The day of each market's own published snapshot (a group summed from its members has
    /// none); empty for flows.
    #[serde(skip)]
    pub published_on: BTreeMap<String, NaiveDate>,
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
        let (lines, mut notes) = match flow_lines(store, tree, q, shown) {
            // The flows cannot answer; a published snapshot of the window may.
            Err(Error::Usage(why)) if source == Source::Auto => {
                let published =
                    on_the_books(store, tree, q, Source::Snapshots, sel).ok().and_then(|p| p.published);
                return Err(Error::Usage(match published {
                    Some((first, last)) => format!(
                        "{why}; a published snapshot of this window as of {} is in the store: --from snapshots shows it",
                        if first == last { first.to_string() } else { format!("{first} to {last}") }
                    ),
                    None => why,
                }));
            }
            other => other?,
        };
        // A count no store of seats holds (a trillion or more, or none at all: the sum of a
        // flipped bit, overflowed): the file read is damaged, never printed as seats (trial 95
        // H2: Total -9,223,372,036,854,775,808, where 4,017,277). Booking flows are not hashed
        // on each read (too large); `check` proves them.
        let absurd = |v: &f64| !v.is_finite() || v.abs() >= 1e12;
        if let Some(l) = lines.iter().find(|l| [l.seats, l.seats_ly].iter().flatten().any(absurd)) {
            return Err(Error::Store {
                path: store.root().to_path_buf(),
                message: format!(
                    "the booking flows read give {} {} seats on the books, no count a store of seats holds: a file damaged since it was written? Booking flows are not checked against their checksums on each read (they are too large); `tourstat check` does, and names the file",
                    l.market,
                    [l.seats, l.seats_ly].into_iter().flatten().find(absurd).map_or(String::new(), |v| format!("{v:.0}"))
                ),
            });
        }
        // Withheld all, unless a note gives a market shown its seats without what leaves them
        // short (`without_unknown`; trial 71 L5: `--depth 0` stopped on an error whose own text
        // gave Total like with like).
        let like_with_like =
            |l: &OtbLine| notes.iter().any(|n| n.starts_with(&format!("{}: without ", l.market)));
        if !lines.is_empty() && lines.iter().all(|l| l.seats.is_none() && !like_with_like(l)) {
            return Err(Error::Usage(format!("no seats on the books are known: {}", notes.join("; "))));
        }
        notes.splice(0..0, unallocated_notes(tree, &lines, Basis::Flows, &HashMap::new()));
        notes.extend(q.window.unequal_last_year(q.ly));
        notes.extend(q.leap_note());
        // A published snapshot of this very window that gives other seats than the flows: the
        // answer rests on the flows, and the other is said, never passed over.
        if source == Source::Auto
            && !store.files(Kind::Otb, Some((q.as_of.year() - 1, q.as_of.year())))?.is_empty()
        {
            // Compared with the flows as of each snapshot's own day: a snapshot of weeks before
            // has fewer seats than the flows since, which is no disagreement.
            if let Ok(published) = on_the_books(store, tree, q, Source::Snapshots, sel) {
                notes.extend(disagreement(store, tree, q, &shown, &lines, &published));
                // A market the flows cannot count with a snapshot of the window: named (trial
                // 92 M2: Italy "not known", its snapshot of the day in the store).
                for l in lines.iter().filter(|l| l.seats.is_none()) {
                    let snapshot =
                        published.lines.iter().find(|p| p.market == l.market).and_then(|p| p.seats);
                    if let (Some(seats), Some(day)) = (snapshot, published.published_on.get(&l.market)) {
                        notes.push(format!(
                            "{}: no seats from the flows (see above); the store has its published snapshot of this window as of {day}, {} seats: --from snapshots shows it",
                            l.market,
                            thousands(seats.round() as i64)
                        ));
                    }
                }
            }
        }
        return Ok(OnTheBooks {
            basis: Basis::Flows,
            published: None,
            published_on: BTreeMap::new(),
            lines,
            notes,
        });
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
        // Those known by then for travel in the window (trial 74 M3: every snapshot of the
        // store, 23 KB, those published months later too, where two of the window's months
        // published on their own were the answer to find).
        let near = otb.clone().filter(
            col("travel_from")
                .lt_eq(date_lit(q.window.to))
                .and(col("travel_to").gt_eq(date_lit(q.window.from))),
        );
        // The latest of each known then.
        let listed =
            list_snapshots(latest_known(near, &["travel_from", "travel_to", "market"], Some(q.as_of)))?;
        return Err(Error::Usage(if listed.is_empty() {
            format!("{what}, nor any for travel within it; `tourstat export otb` lists the store's snapshots")
        } else {
            format!(
                "{what}; the store has, for travel within it: {listed} (a snapshot counts its own window: ask for one of these with --travel)"
            )
        }));
    }
    // Each market's snapshot day: members of other days than their group's are said beside
    // what is unallocated (review 56 M2: a week-old member's figure in the sum, the rest
    // called unallocated).
    let days: HashMap<String, NaiveDate> = columns::strings(&snaps, "market")?
        .into_iter()
        .zip(columns::dates(&snaps, "as_of")?)
        .filter_map(|(m, d)| Some((m?, d?)))
        .collect();
    let figures: HashMap<String, f64> = columns::strings(&snaps, "market")?
        .into_iter()
        .zip(columns::ints(&snaps, "seats")?)
        .filter_map(|(m, s)| Some((m?, s? as f64)))
        .collect();
    let mut notes = unallocated_notes(tree, &lines, Basis::Published, &figures);
    // Markets in view with no snapshot of the window, of which the store has others: said,
    // never left out unsaid (trial 83 M1: Germany 157 and France 82 alone, read as the whole,
    // where USA's route was dropped that month and Japan's snapshots began later). (Not those
    // never published: a publisher of a few markets' seats.)
    let elsewhere: HashSet<String> = columns::strings(
        &otb.clone()
            .select([col("market")])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()
            .context("reading snapshots")?,
        "market",
    )?
    .into_iter()
    .flatten()
    .collect();
    let unpublished: Vec<String> = shown
        .iter()
        .filter(|(_, m)| !figures.contains_key(m) && elsewhere.contains(m))
        .map(|(_, m)| m.clone())
        .collect();
    if !unpublished.is_empty() {
        notes.push(format!(
            "not shown: {}, with no published snapshot of travel {} known on {}, though the store has snapshots of {} for other windows or days (`tourstat export otb` lists them)",
            some_names(&unpublished, 8),
            q.window,
            q.as_of,
            if unpublished.len() == 1 { "it" } else { "them" },
        ));
    }
    notes.extend(lines.iter().filter(|l| l.unallocated.abs() >= 0.5).filter_map(|l| {
        let own = days.get(&l.market)?;
        let others: Vec<String> = tree
            .children(&l.market)
            .iter()
            .filter_map(|m| days.get(*m).filter(|d| *d != own).map(|d| format!("{m} as of {d}")))
            .collect();
        // Short of it, or more (review 59 M3: "not unallocated" where the note before spoke
        // of a contradiction).
        let not = if l.unallocated > 0.0 { "unallocated" } else { "a contradiction" };
        (!others.is_empty()).then(|| {
            format!(
                "{}: its figure is as of {own}, its members' of other days ({}): part of the difference may be seats booked between the days, not {not}",
                l.market,
                some_names(&others, 6)
            )
        })
    }));
    if lines.iter().any(|l| l.seats_ly_derived) {
        notes.push(
            "* derived: last year's seats implied by the published change, seats / (1 + change_pct/100)"
                .into(),
        );
    }
    notes.extend(last_years_snapshots(&otb, q, &lines, &days)?);
    let published_on: BTreeMap<String, NaiveDate> = columns::strings(&snaps, "market")?
        .into_iter()
        .zip(columns::dates(&snaps, "as_of")?)
        .filter_map(|(m, d)| Some((m?, d?)))
        .filter(|(m, _)| lines.iter().any(|l| l.market == *m))
        .collect();
    let published = published_on.values().min().copied().zip(published_on.values().max().copied());
    // Each market's snapshot of an earlier day than the latest shown, named with its day
    // (trial 92 H2: Japan's snapshot of 2026-03-30, before it moved to flows, shown beside
    // Italy's of 2026-06-15, its CSV row saying neither).
    if let Some((_, latest)) = published {
        let mut earlier: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
        for (m, d) in published_on.iter().filter(|(_, d)| **d < latest) {
            earlier.entry(*d).or_default().push(m.clone());
        }
        for (day, markets) in earlier {
            notes.push(format!(
                "{}: as of {day}, its latest snapshot known on {}, {} before the latest shown ({latest}): the seats booked since are not in it, and its row is not like with those of {latest}",
                some_names(&markets, 8),
                q.as_of,
                match (latest - day).num_days() {
                    1 => "a day".to_string(),
                    n => format!("{n} days"),
                }
            ));
        }
    }
    Ok(OnTheBooks { basis: Basis::Published, published, published_on, lines, notes })
}

/// For the lines shown with no last year published beside them: the store's own snapshot of
/// last year's window (the same months a year before), the latest known on last year's
/// snapshot day, said with its day and how far it is from as many days ahead (trial 83 L1:
/// Germany's 634 with last year blank and no word, where the store held last year's snapshot
/// of the same month at the same lead, 157). Said, not put in seats_ly: a snapshot's
/// publisher may have revised last year's count since, and one of a few days before counts
/// fewer days of booking.
fn last_years_snapshots(
    otb: &LazyFrame,
    q: &OtbQuery,
    lines: &[OtbLine],
    days: &HashMap<String, NaiveDate>,
) -> Result<Vec<String>> {
    let blank: Vec<&OtbLine> = lines.iter().filter(|l| l.seats.is_some() && l.seats_ly.is_none()).collect();
    if blank.is_empty() {
        return Ok(Vec::new());
    }
    // As many days ahead of last year's window as each line's snapshot is of this year's: the
    // latest known then. Of the window a year before by `--ly`, or else by the calendar, as
    // publishers snapshot it (trial 92 M3: a quarter typed as dates found no snapshot of the
    // window 364 days before, and nothing was said; `--ly calendar`, "not used", found it).
    let ly_window = q.last_year().1;
    let calendar = OtbQuery { ly: crate::period::LyRule::Calendar, ..*q }.last_year().1;
    let windows: Vec<Window> =
        if calendar == ly_window { vec![ly_window] } else { vec![ly_window, calendar] };
    let same =
        |l: &OtbLine| OtbQuery { as_of: days.get(&l.market).copied().unwrap_or(q.as_of), ..*q }.last_year().0;
    // Of the calendar's window, as many days ahead of it.
    let same_in = |l: &OtbLine, w: usize| match w {
        0 => same(l),
        _ => calendar.from - (q.window.from - days.get(&l.market).copied().unwrap_or(q.as_of)),
    };
    // The nearest to it, before or after, within six days (weekly snapshots: a Sunday's lead
    // between two Mondays; review 74 L1: 2024-06-28 taken, three days off, where 2024-07-03
    // was two; one of 61 days before taken too). A snapshot is of its own day, so one query
    // for the window's snapshots of those days answers for every line.
    let wanted: BTreeSet<NaiveDate> =
        blank.iter().flat_map(|l| (0..windows.len()).map(|w| same_in(l, w))).collect();
    let near = chrono::Duration::days(6);
    let (Some(first), Some(last)) = (wanted.first(), wanted.last()) else {
        return Ok(Vec::new());
    };
    let of_window = windows
        .iter()
        .map(|w| col("travel_from").eq(date_lit(w.from)).and(col("travel_to").eq(date_lit(w.to))))
        .reduce(Expr::or)
        .unwrap_or_else(|| lit(false));
    let ly = otb
        .clone()
        .filter(
            of_window
                .and(col("as_of").gt_eq(date_lit(*first - near)))
                .and(col("as_of").lt_eq(date_lit(*last + near))),
        )
        .select([col("market"), col("as_of"), col("travel_from"), col("seats")])
        .collect()
        .context("reading last year's snapshots")?;
    // By market: the window's place among `windows`, the day and the seats.
    let mut found: HashMap<String, (usize, NaiveDate, i64)> = HashMap::new();
    let known = columns::strings(&ly, "market")?
        .into_iter()
        .zip(columns::dates(&ly, "as_of")?)
        .zip(columns::dates(&ly, "travel_from")?)
        .zip(columns::ints(&ly, "seats")?)
        .filter_map(|(((m, d), from), s)| {
            let w = windows.iter().position(|w| Some(w.from) == from)?;
            Some((m?, (w, d?, s?)))
        });
    for (m, (w, d, seats)) in known {
        let Some(day) = blank.iter().find(|l| l.market == m).map(|l| same_in(l, w)) else {
            continue;
        };
        let off = |d: NaiveDate| (d - day).num_days().abs();
        if off(d) <= near.num_days()
            && found.get(&m).is_none_or(|(was_w, was, _)| (w, off(d), d) < (*was_w, off(*was), *was))
        {
            found.insert(m, (w, d, seats));
        }
    }
    Ok(blank
        .into_iter()
        .filter_map(|l| {
            let (w, day, seats) = found.get(&l.market)?;
            let ly_window = windows[*w];
            let now = l.seats?;
            let lead = match (same_in(l, *w) - *day).num_days() {
                0 => "as many days ahead of travel as this year's".to_string(),
                1 => "a day further ahead of travel than this year's".to_string(),
                -1 => "a day nearer travel than this year's".to_string(),
                n if n < 0 => format!("{} days nearer travel than this year's", -n),
                n => format!("{n} days further ahead of travel than this year's"),
            };
            let change = crate::analysis::change_pct(now, *seats as f64)
                .map(|c| format!(", {} against it", change_text(c)))
                .unwrap_or_default();
            Some(format!(
                "{}: no last year published with its snapshot; the store's own snapshot of {ly_window} as of {day} ({lead}) has {}{change} (not put in seats_ly, which holds last year as published)",
                l.market,
                thousands(*seats),
            ))
        })
        .collect())
}

/// How many snapshot days the flows are counted again for, at most: each is a query.
const COMPARED_DAYS: usize = 4;

/// The note for published snapshots of the window that give other seats than the flows as of
/// each snapshot's own day (a market's snapshots may be of different days), or none.
fn disagreement(
    store: &Store,
    tree: &MarketTree,
    q: &OtbQuery,
    shown: &impl Fn(&[String]) -> Vec<(usize, String)>,
    lines: &[OtbLine],
    published: &OnTheBooks,
) -> Option<String> {
    let mut days: Vec<NaiveDate> = published.published_on.values().copied().collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    let mut differ = Vec::new();
    for &day in days.iter().take(COMPARED_DAYS) {
        let flows_then = if day == q.as_of {
            lines.to_vec()
        } else {
            match flow_lines(store, tree, &OtbQuery { as_of: day, ..*q }, shown) {
                Ok((then, _)) => then,
                Err(_) => continue,
            }
        };
        for p in published.lines.iter().filter(|p| published.published_on.get(&p.market) == Some(&day)) {
            let Some(f) = flows_then.iter().find(|l| l.market == p.market) else { continue };
            let (Some(ps), Some(fs)) = (p.seats, f.seats) else { continue };
            if (ps - fs).abs() >= 0.5 {
                differ.push((
                    day,
                    format!(
                        "{} {} against {}",
                        p.market,
                        thousands(ps.round() as i64),
                        thousands(fs.round() as i64)
                    ),
                ));
            }
        }
    }
    // Snapshots of days past the cap are not compared: said, never passed over.
    let unread: Vec<String> = published
        .published_on
        .iter()
        .filter(|(_, d)| !days.iter().take(COMPARED_DAYS).any(|k| k == *d))
        .map(|(m, _)| m.clone())
        .collect();
    let unread = if unread.is_empty() {
        String::new()
    } else {
        let n = days.len() - COMPARED_DAYS;
        format!(
            "; the snapshots of {n} more {} ({}) are not compared with the flows",
            if n == 1 { "day" } else { "days" },
            some_names(&unread, 5)
        )
    };
    if differ.is_empty() {
        return (!unread.is_empty()).then(|| {
            format!("the published snapshots of this window agree with the booking flows as of their days{unread}")
        });
    }
    let one_day = differ.iter().all(|(d, _)| *d == differ[0].0);
    let shown: Vec<String> = differ
        .iter()
        .take(3)
        .map(|(d, text)| if one_day { text.clone() } else { format!("{text} ({d})") })
        .collect();
    let more = if differ.len() > 3 { format!(" and {} more", differ.len() - 3) } else { String::new() };
    Some(if one_day {
        let d = differ[0].0;
        let then = if d == q.as_of { String::new() } else { format!(" as of {d}") };
        format!(
            "a published snapshot of this window as of {d} gives other seats than the booking flows{then}: {}{more} (`--from snapshots` shows it){unread}",
            shown.join(", ")
        )
    } else {
        format!(
            "published snapshots of this window give other seats than the booking flows as of each snapshot's day: {}{more} (`--from snapshots` shows them){unread}",
            shown.join(", ")
        )
    })
}

/// What a group's figure holds beyond its members: flows booked to the group itself, or the
/// part of a published group figure its published members do not add up to. `published` holds
/// every published figure of the window, shown or not: the gap is that of the whole tree below
/// the group, so its names and sum are too (review 68 M3: at `--depth 2`, India's figure left
/// out of a sum whose gap counted it, and China, not shown, said to have none).
fn unallocated_notes(
    tree: &MarketTree,
    lines: &[OtbLine],
    basis: Basis,
    published: &HashMap<String, f64>,
) -> Vec<String> {
    let mut notes = Vec::new();
    for l in lines.iter().filter(|l| l.unallocated.abs() >= 0.5) {
        let members = tree.children(&l.market);
        // The figures the group's own is compared with: each member's, or failing that those
        // of the highest markets below it that have one, as the rollup counts them.
        let (counted, unpublished): (Vec<(String, f64)>, Vec<&str>) = if basis == Basis::Published {
            let mut counted = Vec::new();
            let mut branches: Vec<&str> = members.iter().rev().copied().collect();
            while let Some(m) = branches.pop() {
                match published.get(m) {
                    Some(v) => counted.push((m.to_string(), *v)),
                    None => branches.extend(tree.children(m).into_iter().rev()),
                }
            }
            (counted, members.iter().copied().filter(|m| !published.contains_key(*m)).collect())
        } else {
            (Vec::new(), Vec::new())
        };
        let sum: f64 = counted.iter().map(|(_, v)| v).sum();
        let names: Vec<&str> = counted.iter().map(|(m, _)| m.as_str()).collect();
        if basis == Basis::Published && !unpublished.is_empty() && l.unallocated > 0.0 {
            notes.push(format!(
                "{}: the markets below it with a published figure ({}) add up to {}, {} short of its own figure: in markets without one ({} {} none), or unallocated",
                l.market,
                if names.is_empty() { "none".to_string() } else { names.join(", ") },
                thousands(sum.round() as i64),
                thousands(l.unallocated.round() as i64),
                unpublished.join(", "),
                if unpublished.len() == 1 { "has" } else { "have" }
            ));
            continue;
        }
        notes.push(match basis {
            Basis::Flows => format!(
                "{}: {} seats were booked to {} itself and are not allocated to any of its members",
                l.market,
                thousands(l.unallocated.round() as i64),
                l.market
            ),
            // Members adding up to more than their group contradict it: nothing is unallocated.
            Basis::Published => format!(
                "{}: {} ({}) add up to {}, {} {} its own figure: {}",
                l.market,
                // Shown or not: the names are those the gap is of.
                if unpublished.is_empty() { "its members" } else { "the markets below it with a published figure" },
                names.join(", "),
                thousands(sum.round() as i64),
                thousands(l.unallocated.abs().round() as i64),
                if l.unallocated > 0.0 { "short of" } else { "more than" },
                if l.unallocated > 0.0 {
                    "unallocated"
                } else {
                    "the published figures contradict each other (a member counted twice, or the group not their sum)"
                }
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
    // With the seats by day of travel of every market, for the months and days a year before
    // with none (`suspended_months`): in one read of the flows.
    let Some(mut both) = store.seat_totals_together(&[&otb_by_market(q), &by_travel_day(q)])? else {
        return Err(Error::Usage(format!("the store has no booking flows for travel in {}", q.window)));
    };
    let (by_day, by_market) = (both.pop().unwrap_or_default(), both.pop().unwrap_or_default());
    let markets = columns::strings(&by_market, "market")?;
    let seats = columns::ints(&by_market, "seats")?;
    let seats_ly = columns::ints(&by_market, "seats_ly")?;
    if seats.iter().all(Option::is_none) {
        return Err(nothing_booked(store, q)?);
    }
    let (ly_as_of, ly_window) = q.last_year();
    let names: Vec<String> = markets.iter().flatten().cloned().collect();
    let shown = shown(&names);
    // The markets of the tree the lines stand for: those shown and every market below them.
    let mut in_view: HashSet<String> = shown.iter().map(|(_, m)| m.clone()).collect();
    let mut below: Vec<usize> = shown.iter().filter_map(|(_, m)| tree.index(m)).collect();
    while let Some(i) = below.pop() {
        for &member in tree.members(i) {
            if in_view.insert(tree.name(member).to_string()) {
                below.push(member);
            }
        }
    }
    // The store's first day of travel: read in full where last year has no flow, otherwise
    // only where it may fall in or after last year's window.
    let none_last_year = seats_ly.iter().all(Option::is_none);
    let first_travel = if none_last_year {
        first_travel_date(store)?
    } else {
        first_travel_before(store, Some(ly_window.from))?
    };
    let rowed: HashSet<&str> = names.iter().map(String::as_str).collect();
    // Markets with no flow for the window, nor any market below them: whether they have any.
    let fed_below = with_groups_above(tree, &names);
    let without_rows: Vec<String> = in_view.iter().filter(|m| !fed_below.contains(*m)).cloned().collect();
    let FlowCheck { reach, ended, stopped, lagging, last_booked, late, gaps, closed, ends, thin_ends } =
        check_flows(store, q, &by_market, first_travel, &in_view, without_rows)?;
    // (Not where last year is unknown as a whole: the store's flows start after its window
    // does, said below.)
    let hole = if !none_last_year && first_travel.is_none_or(|f| f <= ly_window.from) {
        travel_holes(store, q, &by_day)?
    } else {
        None
    };
    let mut notes = Vec::new();
    let mut unknown = UnknownLastYear::default();
    // Markets booked by last year's snapshot but with no seats for its window (a route
    // suspended then, or on sale early for later travel): 0 last year, counted so in the
    // groups above; and those of them booked for travel before it (suspended, not new).
    let mut resumed: Vec<String> = Vec::new();
    let mut suspended: Vec<String> = Vec::new();
    // Markets whose last year is unknown, the groups above counting them where they have
    // less than `NEGLIGIBLE_SHARE` of their seats now (as last year's gaps are).
    let mut ly_unknown_alone: Vec<String> = Vec::new();
    // No flow booked by last year's date for last year's window: unknown where the store's
    // flows start after that window does, 0 (market by market, below) where they cover it.
    if none_last_year && first_travel.is_none_or(|d| d > ly_window.from) {
        unknown.all = true;
        notes.push(format!(
            "last year unknown: the store has no flows booked by {ly_as_of} for travel {ly_window}{}",
            first_travel.map(|d| format!(" (its flows start with travel on {d})")).unwrap_or_default()
        ));
    } else if let Some(first) = first_travel.filter(|d| *d > ly_window.from) {
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
            .filter(|m| in_view.contains(m))
            .collect();
        // Those whose bookings for last year's window were all cancelled by then: a route
        // suspended after its seats were sold, 0 last year as much as one never sold (trial 71
        // H1: a group's +100.0% of a route resumed, without a word, where like with like 0.0%).
        let cancelled: Vec<String> = (0..markets.len())
            .filter(|&i| seats[i].is_some_and(|s| s > 0) && seats_ly[i] == Some(0))
            .filter_map(|i| markets[i].clone())
            .filter(|m| in_view.contains(m))
            .collect();
        suspended.extend(cancelled.iter().cloned());
        resumed.extend(cancelled);
        if !new.is_empty() {
            // Booked by last year's last day of booking for its window: the snapshot, or the
            // window's end where earlier (trial 53 #2: a route first booked after last year's
            // window was travelled read 0 seats for it, as if its feed had run then).
            let ly_until = q.last_year_booking_until();
            let earlier = markets_booked_by(store, &new, ly_until)?;
            let (now_only, later): (Vec<String>, Vec<String>) =
                new.into_iter().partition(|m| earlier.contains(m));
            // Suspended only where they had flows for travel before last year's window: a
            // route on sale early, for travel after it, is new (review 17 M3).
            if !now_only.is_empty() {
                suspended.extend(travelled_before(store, &now_only, ly_as_of, ly_window.from)?);
            }
            resumed.extend(now_only);
            if !later.is_empty() {
                let firsts = first_bookings(store, later.clone())?;
                // First booked after the window's last day of booking but by last year's
                // snapshot (a window travelled): unknown, and the groups above too only where
                // it has 1% or more of their seats now, as a gap in last year's flows (review
                // 31 M5: 4 seats of 9,004 blanked their group's last year).
                let (after_window, never): (Vec<String>, Vec<String>) =
                    later.into_iter().partition(|m| firsts.get(m).is_some_and(|f| *f <= ly_as_of));
                for (ms, groups) in [
                    (&never, "(and the groups above)".to_string()),
                    (
                        &after_window,
                        format!(
                            "(and the groups above where it has {}% or more of their seats this year)",
                            NEGLIGIBLE_SHARE * 100.0
                        ),
                    ),
                ] {
                    if ms.is_empty() {
                        continue;
                    }
                    let named: Vec<String> = ms
                        .iter()
                        .map(|m| match firsts.get(m) {
                            Some(f) => format!("{m} (first booked {f})"),
                            None => m.clone(),
                        })
                        .collect();
                    notes.push(format!(
                        "last year unknown for {} {groups}: the store has no flows of {} booked by {ly_until}, the last day of booking for {ly_window}: a route new since, or a feed begun later? Not known, not 0",
                        named.join(", "),
                        if ms.len() == 1 { "it" } else { "theirs" }
                    ));
                }
                unknown.markets = never.into_iter().collect();
                ly_unknown_alone = after_window;
            }
        }
    }
    notes.extend(ended);
    notes.extend(hole);
    if !unknown.all {
        notes.extend(delivery_note(store, q, &reach, &in_view)?);
        for (markets, note) in late {
            unknown.markets.extend(markets);
            notes.push(note);
        }
        for g in gaps.iter().filter(|g| g.last_year) {
            notes.push(format!(
                "last year unknown for {} (and the groups above where it has {}% or more of their seats this year): {}",
                g.market,
                NEGLIGIBLE_SHARE * 100.0,
                g.describe()
            ));
        }
    }
    for g in gaps.iter().filter(|g| !g.last_year) {
        // A day before the gap answers only where the window's flows were booked before it.
        let before = if g.booked_before {
            format!("--as-of {} compares every market before the gap", g.from - Days::new(1))
        } else {
            format!(
                "its flows for the window begin after the gap, on {}: none was known before it",
                g.to + Days::new(1)
            )
        };
        notes.push(format!(
            "{}. Its seats are shown missing, as are those of the groups above it where it had {}% or more of their seats last year or this year (the others count it without those days); {before}",
            g.describe(),
            NEGLIGIBLE_SHARE * 100.0,
        ));
    }
    for s in &stopped {
        notes.push(format!(
            "{}. Its seats are shown missing, as are those of the groups above it where it had {}% or more of their seats last year or this year (the others count its flows up to {}); --as-of {} compares every market on that day",
            s.describe(),
            NEGLIGIBLE_SHARE * 100.0,
            s.last_booked,
            s.last_booked
        ));
    }
    notes.extend(lagging.iter().map(Stopped::describe_lag));
    notes.extend(ends.iter().map(|e| e.describe(q)));
    notes.extend(thin_ends.iter().map(|e| e.counted(q)));
    notes.extend(closed);
    // Where last year cannot show what was booked before a market's flows in the store begin.
    let with_rows: Vec<String> = (0..markets.len())
        .filter(|&i| seats[i].is_some() && (unknown.all || seats_ly[i].is_none()))
        .filter_map(|i| markets[i].clone())
        .filter(|m| in_view.contains(m))
        .collect();
    let rowless: Vec<String> =
        in_view.iter().filter(|m| !fed_below.contains(*m) && last_booked.contains_key(*m)).cloned().collect();
    let FeedStarts { notes: start_notes, after } = feed_starts(store, q, &by_market, with_rows, rowless)?;
    notes.extend(start_notes);
    let fed = |m: &str| rowed.contains(m) || (last_booked.contains_key(m) && !after.contains(m));
    // Of the markets in view, those hidden below a line (by --depth) too: a group counting only
    // some of its members says so whether they are shown or not.
    let viewed: Vec<String> = if tree.is_empty() {
        shown.iter().map(|(_, m)| m.clone()).collect()
    } else {
        tree.depth_first()
            .into_iter()
            .filter(|(_, m)| in_view.contains(*m))
            .map(|(_, m)| m.to_string())
            .collect()
    };
    let unfed_in_view: HashSet<&String> = viewed.iter().filter(|m| unfed(tree, m, &fed)).collect();
    let unfed: HashSet<String> =
        shown.iter().filter(|(_, m)| unfed_in_view.contains(m)).map(|(_, m)| m.clone()).collect();
    // Named as high as they go: a group for every market below it.
    let unfed_highest: Vec<&String> = viewed
        .iter()
        .filter(|m| unfed_in_view.contains(m))
        .filter(|m| tree.get(m).and_then(|n| n.parent.as_ref()).is_none_or(|p| !unfed_in_view.contains(p)))
        .collect();
    if !unfed_in_view.is_empty() {
        let named: Vec<String> =
            unfed_highest.iter().filter(|m| !after.contains(**m)).map(|m| m.to_string()).collect();
        let (from, to) = q.travel_years();
        if !named.is_empty() {
            notes.push(format!(
                "{}: no booking flows in the store for travel in {from}..{to} booked by {}, so seats not known (not 0); the groups above count only their other members",
                some_names(&named, 8),
                q.as_of
            ));
        }
    }
    // Seats this year are not known where a feed stopped or lacks days.
    let (ly_gaps, now_gaps): (Vec<Gap>, Vec<Gap>) = gaps.into_iter().partition(|g| g.last_year);
    let cut = stopped
        .into_iter()
        .map(|s| s.market)
        .chain(now_gaps.into_iter().map(|g| g.market))
        .chain(ends.into_iter().map(|e| e.market));
    let ly_gaps = if unknown.all {
        HashSet::new()
    } else {
        ly_gaps.into_iter().map(|g| g.market).chain(ly_unknown_alone).collect()
    };
    let unknown_markets: Vec<String> =
        if unknown.all { Vec::new() } else { unknown.markets.iter().cloned().collect() };
    let gaps = FlowGaps { unfed, stopped: cut.collect(), ly_gaps, unknown_ly: unknown };
    let mut lines = otb_lines_from_flows(tree, &by_market, &shown, &gaps)?;
    for l in &mut lines {
        let below = tree.descendants(&l.market);
        l.unfed_below =
            unfed_highest.iter().filter(|m| below.contains(&m.as_str())).map(|m| m.to_string()).collect();
    }
    let seats_of: HashMap<&str, i64> =
        markets.iter().zip(&seats).filter_map(|(m, s)| Some((m.as_deref()?, (*s)?))).collect();
    mark_against_none(tree, &mut lines, &resumed, &seats_of);
    notes.extend(resumed_note(q, &lines, &suspended));
    let parts = if gaps.unknown_ly.all {
        BTreeMap::new()
    } else {
        let read: HashSet<String> = (0..markets.len())
            .filter_map(|i| Some((markets[i].clone()?, seats[i]?, seats_ly[i]?)))
            .filter(|(m, s, ly)| in_view.contains(m) && partly_suspended_candidate((*s, *ly)))
            .map(|(m, _, _)| m)
            .collect();
        suspended_months(store, q, &by_day, &read)?
    };
    notes.extend(partly_note(tree, &lines, &parts));
    for l in &mut lines {
        let (now, then) = parts_below(tree, &l.market, &parts);
        l.suspended = (now as f64, then as f64);
    }
    // A group whose last year is not known for members new in the store alone: its change
    // without them, like with like (trial 62 M2: Total blank all winter for a route on sale
    // since March, where without it -3.6%, the sign of +2.7% with it against none).
    let seats_ly_of: HashMap<&str, i64> =
        markets.iter().zip(&seats_ly).filter_map(|(m, s)| Some((m.as_deref()?, (*s)?))).collect();
    // (None where last year is not known for any market: its seats are no figure to compare.)
    if !gaps.unknown_ly.all {
        notes.extend(without_unknown(
            tree,
            &lines,
            (&unknown_markets, &gaps, &parts),
            (&seats_of, &seats_ly_of),
        ));
        notes.extend(without_next_to_none(tree, &lines, (&seats_of, &seats_ly_of)));
    }
    Ok((lines, notes))
}

/// For each group shown without seats or last year only for members whose last year is
/// unknown (`unknown`) or whose seats a gap or a stopped feed leaves short (`blocked`), its
/// seats without them against last year's of its other markets, like with like (trial 68 M1:
/// a network withheld for one route's gap and another's unknown last year had no figure at
/// all, where its other routes' was known).
fn without_unknown(
    tree: &MarketTree,
    lines: &[OtbLine],
    (unknown, gaps, parts): (&[String], &FlowGaps, &BTreeMap<String, SuspendedMonths>),
    (seats_of, seats_ly_of): (&HashMap<&str, i64>, &HashMap<&str, i64>),
) -> Vec<String> {
    let (stopped, ly_gaps) = (&gaps.stopped, &gaps.ly_gaps);
    let blocked: HashSet<&String> = stopped.iter().chain(ly_gaps).collect();
    lines
        .iter()
        .filter(|l| l.seats.is_none() || l.seats_ly.is_none())
        .filter(|l| !blocked.contains(&l.market) && !unknown.contains(&l.market))
        .filter_map(|l| {
            let within: Vec<String> = tree
                .descendants(&l.market)
                .into_iter()
                .map(str::to_string)
                .chain([l.market.clone()])
                .collect();
            let theirs: Vec<&String> = unknown.iter().filter(|m| within.contains(m)).collect();
            let short: Vec<&String> = within.iter().filter(|m| blocked.contains(m)).collect();
            if theirs.is_empty() && short.is_empty() {
                return None;
            }
            // Like with like: the markets with seats last year, none counted against none (review
            // 36 H5: a route resumed beside the new one, +14.4% where without both +6.3%).
            let none_then: Vec<&String> = within
                .iter()
                .filter(|m| !theirs.contains(m) && !short.contains(m))
                .filter(|m| seats_of.get(m.as_str()).is_some_and(|s| *s > 0))
                .filter(|m| seats_ly_of.get(m.as_str()).is_none_or(|s| *s == 0))
                .collect();
            // And next to none (trial 71 M1: 1,116 seats against 4 made +4.7% of -2.1%).
            let few: Vec<&String> = within
                .iter()
                .filter(|m| !theirs.contains(m) && !short.contains(m))
                .filter(|m| few_then(m, (seats_of, seats_ly_of)).is_some())
                .collect();
            let theirs: Vec<&String> = theirs.into_iter().chain(none_then).collect();
            let others =
                within.iter().filter(|m| !theirs.contains(m) && !short.contains(m) && !few.contains(m));
            // Less their months counted against none (review 50 H3: +8.1% "like with like" with a
            // month of a route suspended last year in it, where +2.7%).
            let parted: Vec<(&String, &SuspendedMonths)> =
                others.clone().filter_map(|m| Some((m, parts.get(m.as_str())?))).collect();
            let (part_now, part_then) = parted.iter().fold((0, 0), |(n, t), (_, p)| (n + p.now, t + p.then));
            let now: i64 = others.clone().filter_map(|m| seats_of.get(m.as_str())).sum::<i64>() - part_now;
            let ly: i64 = others.filter_map(|m| seats_ly_of.get(m.as_str())).sum::<i64>() - part_then;
            (ly > 0).then(|| {
                let named =
                    |ms: &[&String]| some_names(&ms.iter().map(|m| m.to_string()).collect::<Vec<_>>(), 4);
                let mut why = Vec::new();
                // Last year's seats, where only last year's flows lack days (review 56 L1: this
                // year's whole seats were said short).
                let (of_then, of_now): (Vec<&String>, Vec<&String>) =
                    short.iter().partition(|m| ly_gaps.contains(**m) && !stopped.contains(**m));
                if !of_now.is_empty() {
                    why.push(format!("{}, whose seats a gap or a stopped feed leaves short", named(&of_now)));
                }
                if !of_then.is_empty() {
                    why.push(format!("{}, whose seats of last year a gap leaves short", named(&of_then)));
                }
                if !theirs.is_empty() {
                    // A group's own flows named so (review 58 L1: "without Asia" of Asia's own).
                    let names: Vec<String> = theirs.iter().map(|m| itself(tree, m)).collect();
                    why.push(format!(
                        "{}, whose last year is not known or had no seats",
                        some_names(&names, 4)
                    ));
                }
                if !few.is_empty() {
                    why.push(few_text(&few, (seats_of, seats_ly_of)));
                }
                if !parted.is_empty() {
                    let each: Vec<String> = parted
                        .iter()
                        .map(|(m, p)| format!("the seats of {} of {}", itself(tree, m), p.spans()))
                        .collect();
                    why.push(format!(
                        "{}, months or days with no seats last year, or next to none",
                        some_names(&each, 4)
                    ));
                }
                format!(
                    "{}: without {}, {} seats against {} ({}), like with like",
                    l.market,
                    why.join(", and "),
                    thousands(now),
                    thousands(ly),
                    change_text(100.0 * (now as f64 / ly as f64 - 1.0))
                )
            })
        })
        .collect()
}

/// Whether a market's seats are read month by month and day by day of travel for those a year
/// before with none (`suspended_months`): any with seats last year not next to none, whatever
/// its change (review 62 H1: Kenya +2.6% overall, -19.1% without its August of none a year
/// before, where only markets up a fifth were read).
fn partly_suspended_candidate((seats, seats_ly): (i64, i64)) -> bool {
    seats_ly > 0 && !next_to_none(seats as f64, seats_ly as f64)
}

/// The months and days of travel of the markets `markets` (as stored; all where empty) whose
/// days a year before had no seats, or next to none, as `otb` finds them
/// (`suspended_months`), for `pace` (review 63 H1: Americas' curve +49.7% with a route's June
/// of none a year before, +7.0% without it, unsaid where `otb` said it).
pub(crate) fn suspended_parts(
    store: &Store,
    q: &OtbQuery,
    markets: &[String],
) -> Result<BTreeMap<String, SuspendedMonths>> {
    // Every market's seats by day, for a market's own run of days with none to be told from
    // every market's (`suspended_months`).
    let Some(df) = store.seat_totals(&by_travel_day(q))? else { return Ok(BTreeMap::new()) };
    let names = columns::strings(&df, "market")?;
    let (now, then) = (columns::ints(&df, "seats")?, columns::ints(&df, "seats_ly")?);
    let mut totals: HashMap<&str, (i64, i64)> = HashMap::new();
    for i in 0..df.height() {
        let Some(m) = names[i].as_deref() else { continue };
        let t = totals.entry(m).or_default();
        *t = (t.0 + now[i].unwrap_or(0), t.1 + then[i].unwrap_or(0));
    }
    let read: HashSet<String> = totals
        .into_iter()
        .filter(|(m, seats)| {
            partly_suspended_candidate(*seats) && (markets.is_empty() || markets.iter().any(|n| n == m))
        })
        .map(|(m, _)| m.to_string())
        .collect();
    suspended_months(store, q, &df, &read)
}

/// Seats by market and day of travel, this year (`seats`) and last (`seats_ly`), as `otb`
/// counts them.
fn by_travel_day(q: &OtbQuery) -> SeatTotals {
    // The same flows as the seats by market: a plan they share, read once.
    SeatTotals {
        label: "counting seats by day of travel",
        key: Key::MarketTravelDate,
        reach: false,
        ..otb_by_market(q)
    }
}

/// A market's months of travel in the window whose days a year before had no seats, or next to
/// none, while the rest of the window had, and its runs of `SUSPENDED_DAYS` days or more of
/// travel (outside those months) whose days a year before had none: its seats now and then in
/// them.
#[derive(Debug, Default)]
pub(crate) struct SuspendedMonths {
    months: Vec<(i32, u32)>,
    days: Vec<(NaiveDate, NaiveDate)>,
    pub(crate) now: i64,
    pub(crate) then: i64,
    /// Runs of days (`HOLE_DAYS` or more, not in `days`) of a market's flows otherwise daily,
    /// with none of its own a year before, each day with its seats now: their days with no
    /// flow of it at all, booked whenever, and other markets' flows, are kept (as `days`) by
    /// `suspended_months`.
    holes: Vec<Vec<(NaiveDate, i64)>>,
    /// Whether some of `days` are such runs: last year's flows of the market missing for them,
    /// or the route not flown then.
    no_flow: bool,
}

impl SuspendedMonths {
    /// "2026-11", "travel 2025-04-19..2025-05-24", or both.
    pub(crate) fn spans(&self) -> String {
        let days = self.days.iter().map(|(a, b)| format!("{a}..{b}"));
        let days = match self.days.is_empty() {
            true => None,
            false => Some(format!("travel {}", days.collect::<Vec<_>>().join(", "))),
        };
        let months = (!self.months.is_empty()).then(|| month_spans(&self.months));
        months.into_iter().chain(days).collect::<Vec<_>>().join(", ")
    }

    /// Why markets' parts had none a year before, in brackets: a route suspended then, or not
    /// on sale yet; and where runs of days have no flow of a market at all, booked whenever
    /// (`no_flow`), a file of them lost is as likely.
    pub(crate) fn guess(parts: &BTreeMap<String, SuspendedMonths>, name: impl Fn(&str) -> String) -> String {
        let no_flow: Vec<String> = parts.iter().filter(|(_, p)| p.no_flow).map(|(m, _)| name(m)).collect();
        let lost = match no_flow.as_slice() {
            [] => String::new(),
            names => format!(
                "; no flow of {}, booked whenever, is for those days last year: if a file of flows is missing, last year's seats for them are not known, not 0",
                some_names(names, 6)
            ),
        };
        format!("({SUSPENDED_GUESS}{lost})")
    }

    /// What the spans are: "months", "days" or "months and days".
    pub(crate) fn what(&self) -> &'static str {
        match (self.months.is_empty(), self.days.is_empty()) {
            (false, true) => "months",
            (true, false) => "days",
            _ => "months and days",
        }
    }
}

/// The days of a month with seats now, and last year as they stand to them over the rest of
/// the window, for its none a year before to be read as a route suspended then, not chance
/// (`suspended_of`): four, where none falls by chance once in fifty (were the days booked
/// each on their own).
const EXPECTED_DAYS: f64 = 4.0;

/// Why a market's months or days had no seats a year before (`SuspendedMonths::guess`), as
/// the chart's caption finds the note by.
pub const SUSPENDED_GUESS: &str = "a route suspended then, or not on sale yet?";

/// Days of travel in a row whose days a year before had no seats, while the rest of the window
/// had, that are read as a route suspended then (review 56 H1: Germany out for 36 days of last
/// year's window, none of them a whole month, +94.2% where like with like +0.1%, unsaid): two
/// weeks, so that a weekly flight's days between are none.
const SUSPENDED_DAYS: i64 = 14;

/// Days of travel in a row with no flows last year, of every market (`travel_holes`) or of
/// one where the others' flows are for them (`suspended_of`), that are said: three, a long
/// weekend's file.
const HOLE_DAYS: i64 = 3;

/// For the markets `read` (as stored), from their seats by day of travel `df`
/// (`by_travel_day`): their months of the window (by calendar month, last
/// year's by its own: review 50 H1, a day of the month after, shifted 364 days, made a month
/// suspended 20 seats against 1,045, above next to none) with seats now and none, or next to
/// none, the same month last year.
fn suspended_months(
    store: &Store,
    q: &OtbQuery,
    df: &DataFrame,
    read: &HashSet<String>,
) -> Result<BTreeMap<String, SuspendedMonths>> {
    let (names, days) = (columns::strings(df, "market")?, columns::dates(df, "travel_date")?);
    let (now, then) = (columns::ints(df, "seats")?, columns::ints(df, "seats_ly")?);
    // (In order of market: the same answer each time.)
    let mut rows: BTreeMap<&str, Vec<DaySeats>> = BTreeMap::new();
    for i in 0..df.height() {
        let (Some(m), Some(d)) = (names[i].as_deref(), days[i]) else { continue };
        if read.contains(m) {
            rows.entry(m).or_default().push((d, now[i], then[i]));
        }
    }
    let mut parts: Vec<(String, SuspendedMonths)> =
        rows.into_iter().filter_map(|(m, rows)| Some((m.to_string(), suspended_of(q, &rows)?))).collect();
    let unflown = no_flow_days(store, q, &parts)?;
    let none_at_all = |m: &str, d: NaiveDate| unflown.contains(&(m.to_string(), q.travel_back(d)));
    for (m, part) in &mut parts {
        // Of each shorter run, the days with seats now and no flow of the market at all a year
        // before, booked whenever: `HOLE_DAYS` or more of them, each stretch of them between
        // days with a flow (review 82 H4: a stray flow booked late for one day of a week
        // missing hid the week; review 83 M1: the days before it left counted against none;
        // H2: a route flown Monday to Friday, its week missing, ran from Saturday to Sunday).
        for run in std::mem::take(&mut part.holes) {
            let lost: Vec<&(NaiveDate, i64)> =
                run.iter().filter(|(d, s)| *s > 0 && none_at_all(m, *d)).collect();
            if (lost.len() as i64) < HOLE_DAYS {
                continue;
            }
            let mut span: Option<(NaiveDate, NaiveDate)> = None;
            for &(d, seats) in &run {
                if !none_at_all(m, d) {
                    part.days.extend(span.take());
                } else if seats > 0 {
                    span = Some(span.map_or((d, d), |(a, _)| (a, d)));
                }
            }
            part.days.extend(span);
            part.now += lost.iter().map(|(_, s)| s).sum::<i64>();
            part.no_flow = true;
        }
        part.days.sort();
        // A longer run with `HOLE_DAYS` days or more of no flow of it at all either (review 82
        // M1: said without the word on a file missing that a week had; review 83 L1: 10 days
        // of 16).
        let unflown_days = |(a, b): (NaiveDate, NaiveDate)| {
            a.iter_days().take_while(|d| *d <= b).filter(|d| none_at_all(m, *d)).count() as i64
        };
        part.no_flow |= part.days.iter().any(|r| unflown_days(*r) >= HOLE_DAYS);
    }
    Ok(parts.into_iter().filter(|(_, p)| !p.months.is_empty() || !p.days.is_empty()).collect())
}

/// The days of last year's travel, standing for the markets' runs of days with none
/// (`SuspendedMonths::holes`, `days`), for which the store has no flow of the market at all,
/// booked whenever: (market, day), in one read.
fn no_flow_days(
    store: &Store,
    q: &OtbQuery,
    parts: &[(String, SuspendedMonths)],
) -> Result<HashSet<(String, NaiveDate)>> {
    let mut asked: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for (m, p) in parts {
        let runs = p.holes.iter().flat_map(|r| r.iter().map(|(d, _)| *d));
        let long = p.days.iter().flat_map(|(a, b)| a.iter_days().take_while(move |d| d <= b));
        asked.entry(m.as_str()).or_default().extend(runs.chain(long).map(|d| q.travel_back(d)));
    }
    let all: Vec<NaiveDate> = asked.values().flatten().copied().collect();
    let (Some(from), Some(to)) = (all.iter().min(), all.iter().max()) else { return Ok(HashSet::new()) };
    let markets = asked.keys().map(|m| m.to_string()).collect();
    let flown = flown_days(store, (*from, *to), Some(markets))?;
    Ok(asked
        .into_iter()
        .flat_map(|(m, days)| days.into_iter().map(move |d| (m.to_string(), d)))
        .filter(|k| !flown.contains(k))
        .collect())
}

/// The markets and days of travel `from..=to` with a flow in the store, booked whenever, of
/// `markets` (all where `None`): in one read.
fn flown_days(
    store: &Store,
    (from, to): (NaiveDate, NaiveDate),
    markets: Option<Vec<String>>,
) -> Result<HashSet<(String, NaiveDate)>> {
    let read = SeatTotals {
        label: "reading last year's days of travel with none",
        years: Some((from.year(), to.year())),
        key: Key::MarketTravelDate,
        measures: vec![Measure {
            name: "seats",
            filter: Filter { travel: Window::new(from, to, true).ok(), markets, ..Filter::default() },
        }],
        reach: false,
    };
    let Some(df) = store.seat_totals(&read)? else { return Ok(HashSet::new()) };
    let (names, days) = (columns::strings(&df, "market")?, columns::dates(&df, "travel_date")?);
    Ok(names.into_iter().zip(days).filter_map(|(m, d)| Some((m?, d?))).collect())
}

/// A day of travel and a market's seats for it now and then (`by_travel_day`).
type DaySeats = (NaiveDate, Option<i64>, Option<i64>);

/// One market's months and runs of days counted against none (`suspended_months`), from its
/// seats now and then by day of travel.
fn suspended_of(q: &OtbQuery, rows: &[DaySeats]) -> Option<SuspendedMonths> {
    let (_, ly_window) = q.last_year();
    // Seats now, then by last year's own months, and then by the days that stand for this
    // year's (shifted as the window is: what leaving a month out takes from last year).
    let mut months: BTreeMap<(i32, u32), [i64; 3]> = BTreeMap::new();
    // (By date across 29 February, as last year's window is: review 82 H5, a fixed shift of
    // 366 days set last year's 2024-03-01..03 against 2025-03-02..04.)
    let forward = |d: NaiveDate| q.travel_forward(d);
    // And by day of this year's window: seats now, and then on the day standing for it.
    let mut by_day: BTreeMap<NaiveDate, [i64; 2]> = BTreeMap::new();
    for &(d, now, then) in rows {
        if let Some(s) = now.filter(|_| q.window.contains(d)) {
            months.entry((d.year(), d.month())).or_default()[0] += s;
            by_day.entry(d).or_default()[0] += s;
        }
        if let Some(s) = then.filter(|_| ly_window.contains(d)) {
            months.entry((d.year() + 1, d.month())).or_default()[1] += s;
            let standing = forward(d);
            months.entry((standing.year(), standing.month())).or_default()[2] += s;
            by_day.entry(standing).or_default()[1] += s;
        }
    }
    // Only the months of this year's window: last year's reaching past it stand for none.
    let in_window = |(y, mo): (i32, u32)| {
        let first = NaiveDate::from_ymd_opt(y, mo, 1);
        first.is_some_and(|f| f <= q.window.to && (f + chrono::Months::new(1)) > q.window.from)
    };
    // The days with seats, of a month or of the whole window, this year and (by the days
    // standing for them) last.
    let flown_in = |month: Option<(i32, u32)>, now: bool| {
        by_day
            .iter()
            .filter(|(d, _)| month.is_none_or(|m| (d.year(), d.month()) == m))
            .filter(|(_, [n, t])| if now { *n > 0 } else { *t > 0 })
            .count() as f64
    };
    let (all_now, all_then) = (flown_in(None, true), flown_in(None, false));
    let mut out = SuspendedMonths::default();
    for (month, [s, ly, standing]) in months {
        // None by either reading: a suspension by calendar month, or one of the days as the
        // window shifts them; by both for a route flown on few days of the month (review 58
        // H1: one on the 1st and the 16th, the shift moving a day into the month before).
        let none = |ly: i64| ly <= 0 || next_to_none(s as f64, ly as f64);
        // (Or a day of the month after, as the shift brings it: review 64 H1, a weekly route out
        // for a month had the next month's first Monday in the days standing for it.)
        let (now_in, then_in) = (flown_in(Some(month), true), flown_in(Some(month), false));
        let few_days = now_in < 10.0;
        let suspended = if few_days {
            none(ly) && (none(standing) || then_in <= 1.0)
        } else {
            none(ly) || none(standing)
        };
        // And not by chance: its days with seats now, and as many as the rest of the window's
        // last year to this year's, are `EXPECTED_DAYS` or more (review 63 M1, M2: a market of
        // a few seats on one day in eight, or a month far ahead with a seat or two booked yet,
        // its none a year before at the same lead by chance).
        // Rounded (review 64 H1: a weekly route's 4 Mondays, last year's rest a Monday short,
        // 3.85).
        let expected = now_in >= EXPECTED_DAYS
            && (now_in * (all_then - then_in) / (all_now - now_in).max(1.0)).round() >= EXPECTED_DAYS;
        if in_window(month) && s > 0 && suspended && expected {
            out.months.push(month);
            out.now += s;
            out.then += standing.max(0);
        }
    }
    // Runs of days outside those months with none a year before and seats now.
    let mut runs: Vec<(NaiveDate, NaiveDate, i64)> = Vec::new();
    let mut run: Option<(NaiveDate, NaiveDate, i64)> = None;
    let mut d = q.window.from;
    loop {
        let [s, then] = by_day.get(&d).copied().unwrap_or_default();
        let open = d <= q.window.to && then <= 0 && !out.months.contains(&(d.year(), d.month()));
        match (&mut run, open) {
            (Some((_, last, seats)), true) => {
                *last = d;
                *seats += s;
            }
            (None, true) => run = Some((d, d, s)),
            (Some((a, b, seats)), false) => {
                if (*b - *a).num_days() + 1 >= HOLE_DAYS && *seats > 0 {
                    runs.push((*a, *b, *seats));
                }
                run = None;
            }
            (None, false) => {}
        }
        if d > q.window.to {
            break;
        }
        d = d + Days::new(1);
    }
    // Only where last year had seats for the rest of the window (a market with none at all
    // then is said as counted against none), and both years fly on most days: a route on
    // fixed days (the 1st and the 16th), its days a year before a day off by the window's
    // shift, or a trickle booked far ahead, has runs of days with none by chance (review 58
    // H1, M1: a cruise's every seat read as suspended, -16.9% for +6.2%).
    let most = |days: usize, of: i64| days as f64 >= 0.5 * of as f64;
    // (The days of every run, for the rest of the window: review 83 H1, a market's two gaps
    // each made the other's rest no longer daily.)
    let spans: Vec<(NaiveDate, NaiveDate)> = runs.iter().map(|(a, b, _)| (*a, *b)).collect();
    let in_a_run = |d: NaiveDate| spans.iter().any(|(a, b)| *a <= d && d <= *b);
    // Where they hold a third or more of the days with seats now, a schedule changed (flown
    // Monday to Wednesday last year, daily now: review 85 A-M1), no file missing.
    let with_seats = by_day.range(q.window.from..=q.window.to).filter(|(_, [now, _])| *now > 0);
    let (all_now, runs_now) =
        with_seats.fold((0usize, 0usize), |(n, r), (d, _)| (n + 1, r + usize::from(in_a_run(*d))));
    let scheduled = 3 * runs_now >= all_now;
    for (a, b, seats) in runs {
        let of_window = || by_day.range(q.window.from..=q.window.to);
        let rest: i64 = of_window().filter(|(d, _)| **d < a || **d > b).map(|(_, [_, then])| *then).sum();
        let run_len = (b - a).num_days() + 1;
        let flown_now = of_window().filter(|(d, [now, _])| **d >= a && **d <= b && *now > 0).count();
        let rest_len = (q.window.to - q.window.from).num_days() + 1 - run_len;
        let flown_then = of_window().filter(|(d, [_, then])| (**d < a || **d > b) && *then > 0).count();
        if run_len >= SUSPENDED_DAYS && rest > 0 && most(flown_now, run_len) && most(flown_then, rest_len) {
            out.days.push((a, b));
            out.now += seats;
            continue;
        }
        // Else, where the market's flows are for nine in ten of the other days with seats now
        // a year before (as booked by then: a window far ahead has its last days unbooked both
        // years), its days with no flow at all last year (review 81 H2: A's file of travel
        // 2024-08-10..16 missing, B's there: A +8.8% where like with like 0.0%, unsaid).
        let rest_now: Vec<bool> = of_window()
            .filter(|(d, [now, _])| !in_a_run(**d) && *now > 0)
            .map(|(_, [_, t])| *t > 0)
            .collect();
        let daily = rest_now.len() >= 7 && 10 * rest_now.iter().filter(|t| **t).count() >= 9 * rest_now.len();
        if daily && !scheduled {
            out.holes.push(
                a.iter_days()
                    .take_while(|d| *d <= b)
                    .map(|d| (d, by_day.get(&d).map_or(0, |v| v[0])))
                    .collect(),
            );
        }
    }
    (!out.months.is_empty() || !out.days.is_empty() || !out.holes.is_empty()).then_some(out)
}

/// Says the markets with months counted against none (`suspended_months`), where they change
/// a line's change as written: each line's change without them all (review 50 M1: a note for
/// each market gave each group's change without one, still counting the other's), and without
/// those counted against none over the whole window too.
fn partly_note(
    tree: &MarketTree,
    lines: &[OtbLine],
    parts: &BTreeMap<String, SuspendedMonths>,
) -> Option<String> {
    if parts.is_empty() {
        return None;
    }
    let counted: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let (seats, ly) = (l.seats?, l.seats_ly?);
            let (now, then) = parts_below(tree, &l.market, parts);
            if now == 0 {
                return None;
            }
            let without =
                crate::analysis::change_pct(seats - now as f64 - l.seats_against_none(), ly - then as f64)?;
            // Where they change the figure as written (review 63 L1: KR +4.3%, +4.0% without
            // its 4 seats of a month, a fifth of a percent of its seats, unsaid).
            let with = crate::analysis::change_pct(seats, ly)?;
            if change_text(with) == change_text(without) {
                return None;
            }
            Some(format!(
                "{} ({}; {} without them{})",
                l.market,
                change_text(100.0 * (seats / ly - 1.0)),
                change_text(without),
                if l.against_none.is_empty() { "" } else { " and those counted against none" }
            ))
        })
        .collect();
    if counted.is_empty() {
        return None;
    }
    let each: Vec<String> = parts
        .iter()
        .map(|(m, p)| format!("{} ({} seats of {})", itself(tree, m), thousands(p.now), p.spans()))
        .collect();
    let one = parts.len() == 1;
    let mut whats: Vec<&str> = parts.values().map(SuspendedMonths::what).collect();
    whats.dedup();
    let what = if whats.len() == 1 { whats[0] } else { "months and days" };
    Some(format!(
        "{} had no seats on the books last year, or next to none, for the part of last year's window that stands for {} {what} {}, though {} had for the rest: counted against none in the change of {}",
        some_names(&each, 6),
        if one { "those" } else { "their" },
        SuspendedMonths::guess(parts, |m| itself(tree, m)),
        if one { "it" } else { "they" },
        counted.join(" and of ")
    ))
}

/// The seats now and then of the months counted against none (`suspended_months`) of the
/// markets at or below `market`.
fn parts_below(tree: &MarketTree, market: &str, parts: &BTreeMap<String, SuspendedMonths>) -> (i64, i64) {
    parts
        .iter()
        .filter(|(m, _)| m.as_str() == market || with_groups_above(tree, [*m]).contains(market))
        .fold((0, 0), |(n, t), (_, p)| (n + p.now, t + p.then))
}

/// Months as ranges where they follow on: "2026-09..2026-10, 2026-12".
fn month_spans(months: &[(i32, u32)]) -> String {
    let label = |(y, mo): (i32, u32)| format!("{y}-{mo:02}");
    let next = |(y, mo): (i32, u32)| if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
    let mut spans: Vec<((i32, u32), (i32, u32))> = Vec::new();
    for &m in months {
        match spans.last_mut() {
            Some((_, last)) if next(*last) == m => *last = m,
            _ => spans.push((m, m)),
        }
    }
    spans
        .iter()
        .map(|(a, b)| if a == b { label(*a) } else { format!("{}..{}", label(*a), label(*b)) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A market's seats now and last year where last year's are next to none (`next_to_none`).
fn few_then(
    market: &str,
    (seats_of, seats_ly_of): (&HashMap<&str, i64>, &HashMap<&str, i64>),
) -> Option<(i64, i64)> {
    let (now, ly) = (*seats_of.get(market)?, *seats_ly_of.get(market)?);
    next_to_none(now as f64, ly as f64).then_some((now, ly))
}

/// Names markets with next to no seats last year, with their seats then and now.
/// A market with next to no seats last year, as otb's and pace's notes name it: "Brazil (4
/// against 1,116 now)".
pub(crate) fn few_label(market: &str, now: i64, ly: i64) -> String {
    format!("{market} ({} against {} now)", thousands(ly), thousands(now))
}

fn few_text(few: &[&String], seats: (&HashMap<&str, i64>, &HashMap<&str, i64>)) -> String {
    let each: Vec<String> = few
        .iter()
        .filter_map(|m| {
            let (now, ly) = few_then(m, seats)?;
            Some(few_label(m, now, ly))
        })
        .collect();
    format!("{}, with next to no seats last year", some_names(&each, 4))
}

/// For each group shown with its change, where members with next to no seats last year
/// (`next_to_none`) hold 1% or more of its seats now: its change without them, like with like
/// (trial 71 M1: a route resumed, 4 seats of last year's window against 1,116 now, made a
/// group's +4.7% of -2.1%, and the row's +27800.0% was the only sign of it). Members counted
/// against none (`OtbLine::against_none`) are left out of the figure too, as their note says.
fn without_next_to_none(
    tree: &MarketTree,
    lines: &[OtbLine],
    seats: (&HashMap<&str, i64>, &HashMap<&str, i64>),
) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| {
            let (now, ly) = (l.seats?, l.seats_ly?);
            let within: Vec<String> = tree
                .descendants(&l.market)
                .into_iter()
                .map(str::to_string)
                .chain([l.market.clone()])
                .collect();
            let few: Vec<&String> = within.iter().filter(|m| few_then(m, seats).is_some()).collect();
            let (few_now, few_ly) = few
                .iter()
                .filter_map(|m| few_then(m, seats))
                .fold((0, 0), |(n, y), (fn_, fy)| (n + fn_, y + fy));
            if few.is_empty() || (few_now as f64) < NEGLIGIBLE_SHARE * now {
                return None;
            }
            // And the months and days a year before with none (review 64 H2: +3.1% "like with
            // like" with a route's September of none a year before in it, where 0.0%).
            let (part_now, part_then) = l.suspended;
            let without = now - few_now as f64 - l.seats_against_none() - part_now;
            let without_ly = ly - few_ly as f64 - part_then;
            let change = crate::analysis::change_pct(without, without_ly)?;
            let also = match (l.against_none.is_empty(), part_now > 0.0) {
                (true, false) => "",
                (false, false) => " and those counted against none",
                (true, true) => " and the months or days with none a year before",
                (false, true) => {
                    " and those counted against none or in months or days with none a year before"
                }
            };
            Some(format!(
                "{}: {} counts {}; without {}{also}, {} seats against {} ({}), like with like",
                l.market,
                change_text(100.0 * (now / ly - 1.0)),
                few_text(&few, seats),
                if few.len() == 1 { "it" } else { "them" },
                thousands(without as i64),
                thousands(without_ly as i64),
                change_text(change)
            ))
        })
        .collect()
}

/// Marks each group's members with seats now and none for last year's window though booked
/// by its snapshot (`resumed`: a route suspended then, or on sale early for later travel),
/// where they are 1% or more of its seats now: its change shown counts them against none.
fn mark_against_none(
    tree: &MarketTree,
    lines: &mut [OtbLine],
    resumed: &[String],
    seats_of: &HashMap<&str, i64>,
) {
    for l in lines {
        let (Some(seats), Some(_)) = (l.seats, l.seats_ly.filter(|ly| *ly > 0.0)) else { continue };
        // A group's own flows (booked to it, not to a member) too, named so (review 56 H1: Asia's
        // own seats, new since, made its +5.3% of -2.0%, said of Total's change only, as
        // "without Asia").
        let below: Vec<(String, f64)> = resumed
            .iter()
            .filter(|m| {
                (**m != l.market || !tree.children(m).is_empty())
                    && (**m == l.market || with_groups_above(tree, [*m]).contains(&l.market))
            })
            .map(|m| (itself(tree, m), seats_of.get(m.as_str()).copied().unwrap_or(0) as f64))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        let theirs: f64 = below.iter().map(|(_, s)| s).sum();
        if theirs > 0.0 && theirs >= NEGLIGIBLE_SHARE * seats {
            l.against_none = below;
        }
    }
}

/// How a group's own flows are named among the markets counted against none: "Asia itself".
const ITSELF: &str = " itself";

/// A stored market as its flows are named: a group's own, "Asia itself".
fn itself(tree: &MarketTree, market: &str) -> String {
    if tree.children(market).is_empty() {
        market.to_string()
    } else {
        format!("{market}{ITSELF}")
    }
}

/// Says where a group's change counts members against none (`OtbLine::against_none`), with
/// the change without them; `suspended` those of them booked for travel before last year's
/// window (a route suspended then, not new).
fn resumed_note(q: &OtbQuery, lines: &[OtbLine], suspended: &[String]) -> Option<String> {
    let mut counted: Vec<String> = Vec::new();
    let mut named: Vec<(String, f64)> = Vec::new();
    for l in lines.iter().filter(|l| !l.against_none.is_empty()) {
        let (Some(seats), Some(ly)) = (l.seats, l.seats_ly) else { continue };
        counted.push(format!(
            "{} ({}; {} without {})",
            l.market,
            change_text(100.0 * (seats / ly - 1.0)),
            change_text(100.0 * ((seats - l.seats_against_none()) / ly - 1.0)),
            if l.against_none.len() == 1 { l.against_none[0].0.as_str() } else { "them" }
        ));
        for m in &l.against_none {
            if !named.iter().any(|(n, _)| *n == m.0) {
                named.push(m.clone());
            }
        }
    }
    if counted.is_empty() {
        return None;
    }
    let (ly_as_of, ly_window) = q.last_year();
    let with_seats: Vec<String> = named
        .iter()
        .map(|(m, seats)| {
            let stored = m.strip_suffix(ITSELF).unwrap_or(m);
            let why = if suspended.iter().any(|s| s == stored) {
                "a route suspended then?"
            } else {
                "a route new since?"
            };
            format!("{m} ({} seats now; {why})", thousands(*seats as i64))
        })
        .collect();
    let one = counted.len() == 1;
    Some(format!(
        "{} had no seats on the books for travel {ly_window} by {ly_as_of}, though booked by then: {} {} {} against none",
        some_names(&with_seats, 8),
        if one { "the change of" } else { "the changes of" },
        counted.join(" and "),
        match (one, named.len()) {
            (true, 1) => "counts its seats",
            (true, _) => "counts their seats",
            (false, 1) => "count its seats",
            (false, _) => "count their seats",
        },
    ))
}

/// The first booking in the store of each of `markets` (as stored), for any travel.
fn first_bookings(store: &Store, markets: Vec<String>) -> Result<HashMap<String, NaiveDate>> {
    let asked = FeedReach {
        label: "reading the markets' first bookings",
        years: None,
        filter: Filter { markets: Some(markets), ..Default::default() },
    };
    Ok(match store.feed_reach(&asked)? {
        Some(df) if df.width() > 0 => {
            let (m, f) = (columns::strings(&df, "market")?, columns::dates(&df, "first_booked")?);
            m.into_iter().zip(f).filter_map(|(m, f)| Some((m?, f?))).collect()
        }
        _ => HashMap::new(),
    })
}

/// What the store's first booking of each market says of a window whose last year cannot.
struct FeedStarts {
    notes: Vec<String>,
    /// Markets with no flow for the window whose flows in the store begin after its last day
    /// of booking: not known (the store had no feed of theirs then), not 0.
    after: HashSet<String>,
}

/// Markets whose flows for the window begin with their first booking in the store (`with_rows`,
/// those with seats and no last year to compare), so what was booked before it is not in the
/// store (a market whose sales began then had none): noted with the day. And markets with no
/// flow for the window (`rowless`) whose flows in the store begin after its last day of
/// booking: not known, never 0 (a trial's market whose feed began in June 2024 read 0 seats
/// for March 2024).
fn feed_starts(
    store: &Store,
    q: &OtbQuery,
    by_market: &DataFrame,
    with_rows: Vec<String>,
    rowless: Vec<String>,
) -> Result<FeedStarts> {
    let mut out = FeedStarts { notes: Vec::new(), after: HashSet::new() };
    if with_rows.is_empty() && rowless.is_empty() {
        return Ok(out);
    }
    let firsts = first_bookings(store, with_rows.iter().chain(&rowless).cloned().collect())?;
    let window_first: HashMap<String, NaiveDate> = columns::strings(by_market, "market")?
        .into_iter()
        .zip(columns::dates(by_market, "seats_first_booked")?)
        .filter_map(|(m, d)| Some((m?, d?)))
        .collect();
    // By the day the feed begins.
    let mut begun: BTreeMap<NaiveDate, Vec<String>> = BTreeMap::new();
    for m in &with_rows {
        let (Some(first), Some(here)) = (firsts.get(m), window_first.get(m)) else { continue };
        if (*here - *first).num_days() < SILENT_DAYS && *first > q.window.from - Days::new(365) {
            begun.entry(*first).or_default().push(m.clone());
        }
    }
    for (first, ms) in begun {
        out.notes.push(format!(
            "{}: seats counted from {first} on, {} first booking in the store, {} days before the window: what was booked before it is not in the store (none, for a market whose sales began then)",
            some_names(&ms, 6),
            if ms.len() == 1 { "its" } else { "their" },
            (q.window.from - first).num_days()
        ));
    }
    let until = booking_until(q);
    let mut after: Vec<(String, NaiveDate)> = rowless
        .into_iter()
        .filter_map(|m| Some((m.clone(), *firsts.get(&m)?)))
        .filter(|(_, f)| *f > until)
        .collect();
    after.sort();
    for (m, first) in &after {
        out.notes.push(format!(
            "{m}: no flow of it for the window, and its first booking in the store is on {first}, after {until}: seats not known (not 0); the groups above count only their other members"
        ));
    }
    out.after = after.into_iter().map(|(m, _)| m).collect();
    Ok(out)
}

/// What the flows behind an answer of `otb_by_market` lack, for the markets in view.
#[derive(Debug, Default)]
pub struct FlowCheck {
    /// How far each market's flows reach, this year and last (`reach_of`).
    pub reach: Vec<(String, Reach)>,
    /// The note that both years' flows end with travel before their windows end (see
    /// `travel_ended`).
    pub ended: Option<String>,
    /// Markets whose feeds stopped before the snapshot while last year's went on.
    pub stopped: Vec<Stopped>,
    /// Markets whose feeds stop days before the others' (see `Suspects::lagging`).
    pub lagging: Vec<Stopped>,
    /// The last booking by the snapshot of each market suspected, and of those asked about.
    pub last_booked: HashMap<String, NaiveDate>,
    /// Markets whose last year lacks its earliest bookings (the store's flows start too late
    /// for them), with the note that says so.
    pub late: Vec<(Vec<String>, String)>,
    /// Days a market's feed brought no booking, this year or last, that the other year's flows
    /// were booked over: that year lacks them.
    pub gaps: Vec<Gap>,
    /// Notes of days no market was booked on, read as sales closed for all (see `closures`).
    pub closed: Vec<String>,
    /// Markets whose flows end with travel before the window does (see `travel_ends`).
    pub ends: Vec<TravelEnd>,
    /// Those that had less than `TRAVEL_END_SHARE` of their seats last year after the same lead:
    /// counted as booked, with a note.
    pub thin_ends: Vec<TravelEnd>,
}

/// A market whose flows this year reach travel only to `last`, before the window ends, while
/// other markets' reach `others` and its own last year's reached further at the same lead:
/// its feed may not cover later travel (its seats for it are missing, not 0).
#[derive(Debug, Clone, PartialEq)]
pub struct TravelEnd {
    pub market: String,
    pub last: NaiveDate,
    pub others: NaiveDate,
    /// Last year's seats of the window for travel after the same lead, and their share of its
    /// seats for the window.
    pub seats_ly_after: i64,
    pub share_ly_after: f64,
}

impl TravelEnd {
    /// Whether its share last year after the same lead is large enough to withhold its seats:
    /// less may be a route that ended, a fall the figures should show.
    pub fn withheld(&self) -> bool {
        self.share_ly_after >= TRAVEL_END_SHARE
    }

    /// The window up to its last travel, which compares it, or what to do where there is none.
    fn compare(&self, q: &OtbQuery) -> String {
        if self.last >= q.window.from {
            format!("--travel {}..{} compares it", q.window.from, self.last)
        } else {
            "ingest its flows for later travel".to_string()
        }
    }

    /// A thin end's note: counted as booked, what it would lack otherwise.
    pub fn counted(&self, q: &OtbQuery) -> String {
        format!(
            "{}. Counted as booked (a route that ended is a fall); if the feed lacks that travel, its seats for it are missing, not 0: {}",
            self.fact(),
            self.compare(q)
        )
    }

    /// What is known of it, for a note.
    pub fn fact(&self) -> String {
        format!(
            "{}: its flows in the store reach travel on {} only, where other markets' reach {}, and last year {} of its seats for the window ({:.0}%) were for travel further ahead at the same lead: its feed may not cover later travel",
            self.market,
            self.last,
            self.others,
            thousands(self.seats_ly_after),
            self.share_ly_after * 100.0,
        )
    }

    /// What it does to `otb`'s answer, for a note.
    fn describe(&self, q: &OtbQuery) -> String {
        format!(
            "{}. Its seats are shown missing, as are those of the groups above it where it had {}% or more of their seats last year or this year; {}",
            self.fact(),
            NEGLIGIBLE_SHARE * 100.0,
            self.compare(q)
        )
    }
}

/// The share of a market's seats last year for travel after the same lead as its flows reach
/// now, from which a feed that ends early is told from a market nobody booked so far ahead (its
/// seats are withheld); from `NEGLIGIBLE_SHARE` up to it, a note says what they may lack.
const TRAVEL_END_SHARE: f64 = 0.1;

/// The fewest seats last year, for travel after the same lead, from which a feed's end is told.
const TRAVEL_END_SEATS: i64 = 20;

/// Markets of `in_view` with seats last year whose flows this year (booked by the snapshot)
/// reach travel on a day before the window ends, and no later travel in the years read, while
/// other markets' flows for the window reach `SILENT_DAYS` or more further, and last year
/// `NEGLIGIBLE_SHARE` or more of the market's seats for the window (and `TRAVEL_END_SEATS`)
/// were for travel after the same lead: a feed that covers travel only so far, or a route
/// that ended (`TravelEnd::withheld` tells which to assume).
fn travel_ends(
    store: &Store,
    q: &OtbQuery,
    reach: &[(String, Reach)],
    seats_ly: &HashMap<String, i64>,
    in_view: &HashSet<String>,
) -> Result<Vec<TravelEnd>> {
    let (ly_as_of, ly_window) = q.last_year();
    // The markets whose window's own flows end early (or are none), with the others' reach and
    // their own last travel for the window.
    let mut early: Vec<(String, i64, NaiveDate, Option<NaiveDate>)> = Vec::new();
    for (m, r) in reach {
        let Some(&ly) = seats_ly.get(m).filter(|s| **s > 0) else { continue };
        if !in_view.contains(m) || r.last_travel.is_some_and(|l| l >= q.window.to) {
            continue;
        }
        let Some(others) = reach.iter().filter(|(o, _)| o != m).filter_map(|(_, r)| r.last_travel).max()
        else {
            continue;
        };
        // Last year's flows for the window reached no further at the same lead: none of its
        // seats then lie beyond (the market's last travel for any window is later, if other).
        let beyond = |l: NaiveDate| {
            r.last_travel_ly.is_some_and(|t| t > same_lead_last_year(q, l.max(q.window.from - Days::new(1))))
        };
        if r.last_travel.is_none_or(|l| (others - l).num_days() >= SILENT_DAYS && beyond(l)) {
            early.push((m.clone(), ly, others, r.last_travel));
        }
    }
    if early.is_empty() {
        return Ok(Vec::new());
    }
    // Their last travel booked by the snapshot, in or out of the window: one read for all,
    // of travel from the earliest day their window's flows reach (all travel of the years read
    // where one has none for the window: its last may lie before the window).
    let years = q.travel_years();
    let from =
        early.iter().map(|e| e.3).collect::<Option<Vec<NaiveDate>>>().and_then(|d| d.into_iter().min());
    let to = NaiveDate::from_ymd_opt(years.1, 12, 31).ok_or_else(|| Error::internal("no 31 December"))?;
    let asked = FeedReach {
        label: "reading the markets' last day of travel",
        // Only the years of that travel are read.
        years: Some((from.map_or(years.0, |f| f.year()), years.1)),
        filter: Filter {
            booked_by: Some(q.as_of),
            travel: from.map(|f| Window::new(f, to, true)).transpose().map_err(Error::internal)?,
            markets: Some(early.iter().map(|e| e.0.clone()).collect()),
        },
    };
    let mut last_travel: HashMap<String, NaiveDate> = HashMap::new();
    if let Some(df) = store.feed_reach(&asked)?.filter(|df| df.width() > 0) {
        let (names, last) = (columns::strings(&df, "market")?, columns::dates(&df, "last_travel")?);
        last_travel.extend(names.into_iter().zip(last).filter_map(|(m, d)| Some((m?, d?))));
    }
    // Each market's last travel day this year, and from where last year's seats lie further ahead.
    let mut ends: Vec<(String, i64, NaiveDate, NaiveDate, NaiveDate)> = Vec::new();
    for (m, ly, others, _) in early {
        let Some(&last) = last_travel.get(&m) else { continue };
        if last >= q.window.to || (others - last).num_days() < SILENT_DAYS {
            continue;
        }
        let after = same_lead_last_year(q, last.max(q.window.from - Days::new(1))) + Days::new(1);
        ends.push((m, ly, others, last, after.max(ly_window.from)));
    }
    let Some(from) = ends.iter().map(|e| e.4).min().filter(|f| *f <= ly_window.to) else {
        return Ok(Vec::new());
    };
    // Last year's seats by market and day of travel, from the earliest of those days: one read.
    let asked = SeatTotals {
        label: "counting the markets' seats last year further ahead",
        years: Some((from.year(), ly_window.to.year())),
        key: Key::MarketTravelDate,
        measures: vec![Measure {
            name: "seats",
            filter: Filter {
                booked_by: Some(ly_as_of),
                travel: Some(Window::new(from, ly_window.to, true).map_err(Error::internal)?),
                markets: Some(ends.iter().map(|e| e.0.clone()).collect()),
            },
        }],
        reach: false,
    };
    let mut by_day: Vec<(String, NaiveDate, i64)> = Vec::new();
    if let Some(df) = store.seat_totals(&asked)? {
        let (names, days) = (columns::strings(&df, "market")?, columns::dates(&df, "travel_date")?);
        for ((m, d), s) in names.into_iter().zip(days).zip(columns::ints(&df, "seats")?) {
            if let (Some(m), Some(d), Some(s)) = (m, d, s) {
                by_day.push((m, d, s));
            }
        }
    }
    let mut out = Vec::new();
    for (m, ly, others, last, after) in ends {
        let seats_ly_after: i64 = by_day.iter().filter(|(n, d, _)| *n == m && *d >= after).map(|t| t.2).sum();
        let share_ly_after = seats_ly_after as f64 / ly as f64;
        // A market of a few seats then is too small to tell a feed's end from nobody booking.
        if share_ly_after >= NEGLIGIBLE_SHARE && seats_ly_after >= TRAVEL_END_SEATS {
            out.push(TravelEnd { market: m, last, others, seats_ly_after, share_ly_after });
        }
    }
    Ok(out)
}

/// Checks the flows behind `by_market` (the answer of `otb_by_market`) reach as far as the
/// question: `Err` with the question they can answer where they do not, though last year's did
/// (see `refuse_unreached`); otherwise what they lack for the markets of `in_view` (see
/// `FlowCheck`), with the last booking of `also` (markets that may have no flows at all).
/// `first_travel`: the store's first day of travel as `first_travel_before` last year's window
/// gives it.
pub fn check_flows(
    store: &Store,
    q: &OtbQuery,
    by_market: &DataFrame,
    first_travel: Option<NaiveDate>,
    in_view: &HashSet<String>,
    also: Vec<String>,
) -> Result<FlowCheck> {
    let reach = reach_of(by_market)?;
    let mut suspects = suspects(q, &reach);
    let ly_total: i64 = columns::ints(by_market, "seats_ly")?.into_iter().flatten().sum();
    refuse_unreached(store, q, first_travel, &suspects, ly_total)?;
    let (ended, cut) = travel_ended(store, q, &reach, in_view)?;
    suspects.markets.retain(|s| in_view.contains(&s.market));
    suspects.lagging.retain(|s| in_view.contains(&s.market));
    suspects.late_start.retain(|s| in_view.contains(&s.market));
    suspects.gaps.retain(|m| in_view.contains(m));
    let mut asked: Vec<String> =
        suspects.markets.iter().chain(&suspects.lagging).map(|s| s.market.clone()).collect();
    asked.extend(also);
    let last_booked = last_bookings(store, q, asked)?;
    let mut late = late_starts(store, q, by_market, &suspects.late_start)?;
    late.extend(cut);
    let mut stopped = stopped(q, &suspects, &last_booked);
    let lagging = lagging(&suspects, &last_booked);
    // The days the markets that may have stopped, lag or have a gap were booked: read once.
    let mut wanted: Vec<String> = stopped
        .iter()
        .chain(&lagging)
        .map(|s| s.market.clone())
        .chain(suspects.gaps.iter().cloned())
        .collect();
    wanted.sort();
    wanted.dedup();
    let (mut days, complete_from) = booking_days(store, q, Some(&wanted))?;
    // Days no market was booked on: none of a feed's rhythm, and said where the store's rhythm
    // makes them unlikely (trial 68 H1-H3).
    let (closed_days, shut_notes) = shut_for(store, q, &reach)?;
    // Last year's window only partly in the store (its flows begin after that window does):
    // its few flows say nothing of the bookings to expect over a silence, the year's own do
    // (trial 71 H2: a daily feed out a week, 8.3% short without a word, where the store held
    // two days of last year's window).
    let ly_partial = first_travel.is_some_and(|f| f > q.last_year().1.from);
    for d in days.values_mut() {
        d.shut.clone_from(&closed_days);
        if ly_partial {
            d.window_ly.clear();
        }
    }
    // A trickle of bookings quiet for a while at the end of the flows, by its own rhythm, has
    // not stopped (trial 62 M1: a market booked on half its days, silent for ten, withheld),
    // nor is it a feed behind the others.
    let until = crate::analysis::otb::booking_until(q);
    let quiet = |s: &Stopped| {
        days.get(&s.market).is_some_and(|d| {
            crate::analysis::otb::quiet_by_chance(&d.any, s.last_booked, until, complete_from)
        })
    };
    stopped.retain(|s| !quiet(s));
    if !stopped.is_empty() {
        let travel = last_travels(store, q, stopped.iter().map(|s| s.market.clone()).collect())?;
        for s in &mut stopped {
            s.last_travel = travel.get(&s.market).copied();
        }
    }
    let seats_ly: HashMap<String, i64> = columns::strings(by_market, "market")?
        .into_iter()
        .zip(columns::ints(by_market, "seats_ly")?)
        .filter_map(|(m, s)| Some((m?, s?)))
        .collect();
    let mut lagging = lags_seen_last_year(store, q, lagging, &seats_ly)?;
    lagging.retain(|s| !quiet(s));
    // A market whose feed stopped has no gap of this year's to tell.
    let find = |closed: &Closed<'_>| -> Vec<Gap> {
        days.iter()
            .filter(|(m, _)| suspects.gaps.contains(*m))
            .flat_map(|(m, d)| find_gaps(q, m, d, complete_from, closed))
            .collect()
    };
    let (mut gaps, mut closed) = (find(&|_| false), Vec::new());
    if !gaps.is_empty() {
        (gaps, closed) = closures(store, q, &find, &shut_notes)?;
    }
    // Days a market's gap names are said by it (review 45 H3: a daily feed's outage beside
    // markets fed weekly, none of them booked then).
    closed.extend(
        shut_notes
            .into_iter()
            .filter(|((from, to), _)| !gaps.iter().any(|g| g.from == *from && g.to == *to))
            .map(|(_, note)| note),
    );
    // Last year lacking its earliest bookings is told once (see `late_starts`).
    gaps.retain(|g| !g.last_year || !late.iter().any(|(ms, _)| ms.contains(&g.market)));
    seasons_before(store, q, &mut gaps)?;
    gaps.retain(|g| g.last_year || !stopped.iter().any(|s| s.market == g.market));
    let mut ends = travel_ends(store, q, &reach, &seats_ly, in_view)?;
    ends.retain(|e| !stopped.iter().any(|s| s.market == e.market));
    let (ends, thin_ends) = ends.into_iter().partition(TravelEnd::withheld);
    Ok(FlowCheck { reach, ended, stopped, lagging, last_booked, late, gaps, closed, ends, thin_ends })
}

/// Where a market's flows are delivered weekly (each booked on one day of the week, a weekly
/// file) and last year's snapshot falls farther after its delivery before it than this year's
/// does, a window in months sets more days of booking against fewer: said, market by market,
/// with the deliveries (trial 83 H1: +60.1% as of a Monday, this year's delivery of that day
/// against last year's of six days before its Sunday snapshot; +46.3% with last year's next
/// delivery, a day after it, and as of the Tuesday). Each market's own days (review 73 H1, M2:
/// a market booked daily beside them hid the weekly ones' six days; feeds of Mondays and of
/// Thursdays were given one calendar), where they fall on one day of the week (M3: not a
/// trickle booked on days by chance), a delivery missed counted (M6: 13 days). A window in days
/// is advised only where last year's deliveries were on the same day of the week (M1: a feed
/// moved from Tuesdays to Mondays). Read only where some market's flows stop three days or
/// more further before one year's snapshot than before the other's.
pub(crate) fn delivery_note(
    store: &Store,
    q: &OtbQuery,
    reach: &[(String, Reach)],
    in_view: &HashSet<String>,
) -> Result<Vec<String>> {
    const APART: i64 = 3;
    let (until, until_ly) = (booking_until(q), q.last_year_booking_until());
    // A window travelled: each year holds all its bookings (review 74 M1: "6 days less" of a
    // June read in July, where no later delivery held any of last year's June).
    if until < q.as_of {
        return Ok(Vec::new());
    }
    let stale = |last: Option<NaiveDate>, cut: NaiveDate| last.map(|d| (cut - d).num_days());
    let uneven: Vec<String> = reach
        .iter()
        .filter(|(m, r)| {
            in_view.contains(m)
                && stale(r.last_booked_ly, until_ly)
                    .zip(stale(r.last_booked, until))
                    .is_some_and(|(a, b)| (a - b).abs() >= APART)
        })
        .map(|(m, _)| m.clone())
        .collect();
    if uneven.is_empty() {
        return Ok(Vec::new());
    }
    let (days, _) = booking_days(store, q, Some(&uneven))?;
    // A market's day of the week of delivery about a cut: of its days booked over the eight
    // weeks before it, half or more, and four or more, on one day of the week (a few bookings
    // on other days beside a weekly file, review 74 M3: one of a Saturday hid Germany's six
    // days), with its last delivery, the latest of them, and the one after it (within a week).
    let delivery = |any: &BTreeSet<NaiveDate>, cut: NaiveDate| {
        let near: Vec<NaiveDate> = any.range(cut - Days::new(56)..=cut).copied().collect();
        let mut count = [0usize; 7];
        for d in &near {
            count[d.weekday().num_days_from_monday() as usize] += 1;
        }
        let (day, on) = count.iter().copied().enumerate().max_by_key(|(_, n)| *n)?;
        let on_day = |d: &NaiveDate| d.weekday().num_days_from_monday() as usize == day;
        let last = near.iter().rev().copied().find(on_day)?;
        let next = any.range(cut + Days::new(1)..=cut + Days::new(7)).copied().find(on_day);
        // Or booked on that day in six weeks of the eight or more, and on no other day of the
        // week half as often (trial 90 H3: a weekly file's late bookings kept on their own
        // days, 8 Mondays among 19 days, hid last year's six days less of booking).
        let second = count.iter().enumerate().filter(|(d, _)| *d != day).map(|(_, n)| *n).max().unwrap_or(0);
        let weekly = 2 * on >= near.len() || (on >= 6 && 2 * second <= on);
        (on >= 4 && weekly).then_some((day, last, next))
    };
    // (Deliveries this year and last, the next last year, and whether on the same day of the
    // week) -> the markets.
    type Deliveries = (NaiveDate, NaiveDate, Option<NaiveDate>, bool);
    let mut found: BTreeMap<Deliveries, Vec<String>> = BTreeMap::new();
    for (m, d) in &days {
        let (Some((wd, now, _)), Some((wd_ly, then, next))) =
            (delivery(&d.any, until), delivery(&d.any, until_ly))
        else {
            continue;
        };
        let (lag, lag_ly) = ((until - now).num_days(), (until_ly - then).num_days());
        // Two deliveries or more missing is a feed stopped or out, which its own note tells
        // (review 74 M2: USA, silent three weeks, called a weekly file a window in days would
        // set alike).
        let more = lag_ly - lag;
        if more.abs() < APART || lag.max(lag_ly) >= 14 {
            continue;
        }
        found.entry((now, then, next, wd == wd_ly)).or_default().push(m.clone());
    }
    let (ly_as_of, _) = q.last_year();
    let by = |day: NaiveDate, cut: NaiveDate| match (cut - day).num_days() {
        0 => format!("{day}, its snapshot's day"),
        1 => format!("{day}, a day before its snapshot"),
        n => format!("{day}, {n} days before its snapshot"),
    };
    Ok(found
        .into_iter()
        .map(|((now, then, next, same_day), markets)| {
            let more = (until_ly - then).num_days() - (until - now).num_days();
            let (one, them) = if markets.len() == 1 { ("its", "it") } else { ("their", "them") };
            let next = next.filter(|_| more > 0).map(|d| format!(" ({one} next delivery was of {d})")).unwrap_or_default();
            let counts = if more > 0 {
                format!("last year counts {more} days less of booking than this year")
            } else {
                format!("last year counts {} days more of booking than this year", -more)
            };
            let name = |d: NaiveDate| {
                ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
                    [d.weekday().num_days_from_monday() as usize]
            };
            let window = if !same_day {
                format!(". {} deliveries were on {}s last year, on {}s this year", if one == "its" { "Its" } else { "Their" }, name(then), name(now))
            } else if q.window.in_days {
                String::new()
            } else {
                format!(
                    ". A window in days (--travel {}..{}: 364 days back, the same day of the week) sets a delivery against last year's of the same day",
                    q.window.from, q.window.to
                )
            };
            format!(
                "{}: flows delivered on one day of the week (a weekly file?): this year's seats count {one} delivery of {}; last year's, as of {ly_as_of}, {one} delivery of {}{next}: {counts}, for {them} and the groups above{window}",
                some_names(&markets, 6),
                by(now, until),
                by(then, until_ly),
            )
        })
        .collect())
}

/// Notes, each of the days from one to another it tells of.
type SpanNotes = Vec<((NaiveDate, NaiveDate), String)>;

/// The days no market was booked on (see `shut_days`) from the first booking of the window's
/// flows, this year's or last year's, to the question's last day of booking, those of them
/// none of a feed's rhythm (see `closures_of`); and the runs of them unlikely by chance (see
/// `shut_runs`) within either year's flows, each with its note.
fn shut_for(
    store: &Store,
    q: &OtbQuery,
    reach: &[(String, Reach)],
) -> Result<(BTreeSet<NaiveDate>, SpanNotes)> {
    let until = booking_until(q);
    let first = |f: fn(&Reach) -> Option<NaiveDate>| reach.iter().filter_map(|(_, r)| f(r)).min();
    let (now, ly) = (first(|r| r.first_booked), first(|r| r.first_booked_ly));
    let Some(from) = now.into_iter().chain(ly).min() else {
        return Ok((BTreeSet::new(), Vec::new()));
    };
    let spans: Vec<Vec<(NaiveDate, NaiveDate)>> = reach
        .iter()
        .map(|(_, r)| {
            [(r.first_booked, r.last_booked), (r.first_booked_ly, r.last_booked_ly)]
                .into_iter()
                .filter_map(|(a, b)| Some((a?, b?)))
                .collect()
        })
        .collect();
    // A market whose flows for the window were booked on every day from their first to their
    // last (a step of 1) leaves no day between them that no market was booked on: where such
    // markets cover every day `shut_days` could count, the store's days need no reading (none
    // on gen.py's data, where reading them took otb from a median 0.35 to 0.45 s).
    let booked_daily: Vec<(NaiveDate, NaiveDate)> = reach
        .iter()
        .flat_map(|(_, r)| {
            [(r.first_booked, r.last_booked, r.gap), (r.first_booked_ly, r.last_booked_ly, r.gap_ly)]
        })
        .filter(|(_, _, gap)| *gap == Some(1))
        .filter_map(|(a, b, _)| Some((a?, b?)))
        .collect();
    let may_be_shut =
        |d: NaiveDate| booked_about(&spans, d) && !booked_daily.iter().any(|(a, b)| *a <= d && d <= *b);
    if !from.iter_days().take_while(|d| *d <= until).any(may_be_shut) {
        return Ok((BTreeSet::new(), Vec::new()));
    }
    // The travel of a year before last year's window too: a closure kept a year before (a
    // Christmas) is told by the days booked then (trial 74 L1: 2024-12-25 "not kept", the
    // flows of 2023-12 read for travel in 2025 on only).
    let asked = SeatTotals {
        label: "reading the days any market was booked",
        years: Some((q.travel_years().0 - 1, q.travel_years().1 + 1)),
        key: Key::BookedOn,
        measures: vec![Measure {
            name: "seats",
            filter: Filter { booked_by: Some(q.as_of), travel: None, markets: None },
        }],
        reach: false,
    };
    let Some(df) = store.seat_totals(&asked)? else { return Ok((BTreeSet::new(), Vec::new())) };
    let open: BTreeSet<NaiveDate> = columns::dates(&df, "booked_on")?.into_iter().flatten().collect();
    let shut = shut_days(&open, &spans, from, until);
    let within = |(a, b): (NaiveDate, NaiveDate)| {
        now.is_some_and(|f| f <= a && b <= until) || ly.is_some_and(|f| f <= a && b <= q.back(until))
    };
    let notes = shut_runs(&open, &shut)
        .into_iter()
        .filter(|run| within(*run))
        .map(|(a, b)| {
            let days = match (b - a).num_days() + 1 {
                1 => format!("on {a}"),
                n => format!("from {a} to {b} ({n} days)"),
            };
            let note = format!(
                "no market was booked {days}, for any travel, though 3 or more markets' flows for the window were booked before and after: sales closed for all (a holiday), or days whose bookings the store lacks for every market (a file not loaded)? The figures count none booked then; if the store lacks them, every market's seats are short by them"
            );
            ((a, b), note)
        })
        .collect();
    Ok((closures_of(&shut, &open), notes))
}

/// The gaps `find` finds once days most markets were not booked on are sales closed for all
/// (see `closed_for_all`), read from every market's days: where those markets kept them a
/// year before too (trial 67 M2: a new route's first Christmas read as its feed out); and, with
/// a note unless `said` has one, where `read_as_closed` reads them so otherwise (a holiday that
/// moves, a store's first year), as every market's file of those days missing would look the
/// same. With the notes.
fn closures(
    store: &Store,
    q: &OtbQuery,
    find: &dyn Fn(&Closed<'_>) -> Vec<Gap>,
    said: &SpanNotes,
) -> Result<(Vec<Gap>, Vec<String>)> {
    // Every market's, not only those with flows for the window (review 45 M1).
    let (all, _) = booking_days(store, q, None)?;
    let feeds: Vec<&BTreeSet<NaiveDate>> = all.values().map(|d| &d.any).collect();
    let noted: RefCell<BTreeMap<(NaiveDate, NaiveDate), (usize, usize)>> = RefCell::default();
    let gaps = find(&|span| {
        let Some((silent, active)) = closed_for_all(feeds.iter().copied(), span) else {
            return false;
        };
        if kept_a_year_before(&silent, span) {
            return true;
        }
        let closed = closed_though_not_kept(feeds.iter().copied(), span);
        if closed && !said.iter().any(|(s, _)| *s == span) {
            noted.borrow_mut().insert(span, (silent.len(), active));
        }
        closed
    });
    let notes = noted
        .into_inner()
        .into_iter()
        .map(|((from, to), (silent, active))| {
            format!(
                "no booking from {from} to {to} ({} days) of {silent} of the {active} markets booked about those days, for any travel: read as sales closed for all (a holiday), not as a gap in each feed; were the store to lack every market's bookings of those days, their seats would be short by them",
                (to - from).num_days() + 1
            )
        })
        .collect();
    Ok((gaps, notes))
}

/// The markets of `late` whose flows in the store start with their first booking for last
/// year's window (so what was booked for it before is missing, not 0), where this year's seats
/// booked further ahead than last year's flows reach are `NEGLIGIBLE_SHARE` or more of the
/// market's: grouped by where last year's flows start, each group with its note.
fn late_starts(
    store: &Store,
    q: &OtbQuery,
    by_market: &DataFrame,
    late: &[LateStart],
) -> Result<Vec<(Vec<String>, String)>> {
    if late.is_empty() {
        return Ok(Vec::new());
    }
    let firsts = first_bookings(store, late.iter().map(|l| l.market.clone()).collect())?;
    let seats: HashMap<String, i64> = columns::strings(by_market, "market")?
        .into_iter()
        .zip(columns::ints(by_market, "seats")?)
        .filter_map(|(m, s)| Some((m?, s?)))
        .collect();
    // Markets whose flows start with last year's window, by where they start.
    let mut starts: Vec<(NaiveDate, i64, Vec<&LateStart>)> = Vec::new();
    for l in late {
        let Some(first) = firsts.get(&l.market) else { continue };
        if (l.first_booked_ly - *first).num_days() >= SILENT_DAYS {
            continue;
        }
        match starts.iter_mut().find(|(d, lead, _)| *d == l.first_booked_ly && *lead == l.lead_ly) {
            Some((_, _, ls)) => ls.push(l),
            None => starts.push((l.first_booked_ly, l.lead_ly, vec![l])),
        }
    }
    let mut out = Vec::new();
    for (first, lead_ly, ls) in starts {
        // This year's seats booked more than `lead_ly` days ahead of the window.
        let ahead = q.window.from - Days::new(lead_ly.unsigned_abs() + 1);
        let early = store.seats_by_market(
            "counting seats booked further ahead",
            Some(q.travel_years()),
            Filter {
                booked_by: Some(ahead.min(q.as_of)),
                travel: Some(q.window),
                markets: Some(ls.iter().map(|l| l.market.clone()).collect()),
            },
        )?;
        let share = |m: &str| {
            let all = seats.get(m).copied().unwrap_or(0);
            early.get(m).copied().unwrap_or(0) as f64 / all.max(1) as f64
        };
        let lacking: Vec<&&LateStart> = ls.iter().filter(|l| share(&l.market) >= NEGLIGIBLE_SHARE).collect();
        let Some(widest) = lacking.iter().max_by_key(|l| l.lead) else { continue };
        let markets: Vec<String> = lacking.iter().map(|l| l.market.clone()).collect();
        let note = format!(
            "last year unknown for {} (and the groups above): their flows in the store start with bookings on {first}, {lead_ly} days before last year's window, where this window's were booked up to {} days ahead ({:.0}% of {}'s seats more than {lead_ly} days ahead): last year lacks its earliest bookings",
            some_names(&markets, 6),
            widest.lead,
            share(&widest.market) * 100.0,
            widest.market
        );
        out.push((markets, note));
    }
    Ok(out)
}

/// How far each market's flows for the window reach, from the answer of `otb_by_market`.
pub(crate) fn reach_of(by_market: &DataFrame) -> Result<Vec<(String, Reach)>> {
    let markets = columns::strings(by_market, "market")?;
    let [booked, travel, first, booked_ly, travel_ly, first_ly] = [
        "seats_last_booked",
        "seats_last_travel",
        "seats_first_booked",
        "seats_ly_last_booked",
        "seats_ly_last_travel",
        "seats_ly_first_booked",
    ]
    .map(|c| columns::dates(by_market, c));
    let (booked, travel, first, booked_ly, travel_ly, first_ly) =
        (booked?, travel?, first?, booked_ly?, travel_ly?, first_ly?);
    let (weeks, weeks_ly) =
        (columns::ints(by_market, "seats_weeks")?, columns::ints(by_market, "seats_ly_weeks")?);
    let (gap, gap_ly) = (columns::ints(by_market, "seats_gap")?, columns::ints(by_market, "seats_ly_gap")?);
    let (silent, silent_ly) =
        (columns::ints(by_market, "seats_silent")?, columns::ints(by_market, "seats_ly_silent")?);
    let (suspect_gap, suspect_gap_ly) =
        (columns::ints(by_market, "seats_suspect_gap")?, columns::ints(by_market, "seats_ly_suspect_gap")?);
    Ok((0..by_market.height())
        .filter_map(|i| {
            let reach = Reach {
                last_booked: booked[i],
                last_travel: travel[i],
                first_booked: first[i],
                last_booked_ly: booked_ly[i],
                last_travel_ly: travel_ly[i],
                first_booked_ly: first_ly[i],
                weeks: weeks[i],
                weeks_ly: weeks_ly[i],
                gap: gap[i],
                gap_ly: gap_ly[i],
                silent: silent[i],
                silent_ly: silent_ly[i],
                suspect_gap: suspect_gap[i],
                suspect_gap_ly: suspect_gap_ly[i],
            };
            Some((markets[i].clone()?, reach))
        })
        .collect())
}

/// Refuses a question the store's flows do not reach, though last year's did: the window starts
/// before the flows' first day of travel; it runs past their last while last year's flows held
/// `NEGLIGIBLE_SHARE` or more of last year's seats (of `ly_total`) further ahead; or the
/// snapshot is after their last booking. The first is told by `first_travel` (see
/// `check_flows`); the others are read from every flow of the years only when the window's own
/// flows suggest it.
fn refuse_unreached(
    store: &Store,
    q: &OtbQuery,
    first_travel: Option<NaiveDate>,
    suspects: &Suspects,
    ly_total: i64,
) -> Result<()> {
    let (ly_as_of, ly_window) = q.last_year();
    let w = q.window;
    if let Some(first) = first_travel.filter(|f| *f > w.from) {
        return Err(Error::Usage(format!(
            "the store's flows start with travel on {first}, after the window {w} starts: seats for travel before then are not in the store; ask for --travel {first}..{}",
            w.to
        )));
    }
    let span = |label, column| {
        let asked = DateSpan { label, years: Some(q.travel_years()), column, filter: Filter::default() };
        Ok::<_, Error>(store.date_span(&asked)?.and_then(|(_, last)| last))
    };
    if let Some(last) = suspects.travel_until {
        let last = span("reading the flows' last day of travel", DateColumn::TravelDate)?
            .map_or(last, |l| l.max(last));
        let beyond = same_lead_last_year(q, last) + Days::new(1);
        if let (true, Ok(beyond)) = (last < w.to, Window::new(beyond, ly_window.to, true)) {
            let seats: i64 = store
                .seats_by_market(
                    "counting last year's seats further ahead",
                    Some(q.travel_years()),
                    Filter { booked_by: Some(ly_as_of), travel: Some(beyond), markets: None },
                )?
                .values()
                .sum();
            if seats > 0 && seats as f64 >= NEGLIGIBLE_SHARE * ly_total as f64 {
                return Err(Error::Usage(format!(
                    "the store's flows reach travel on {last}, before the window ends ({}): last year, {} seats ({:.0}% of the window's) were on the books by {ly_as_of} for travel further ahead ({beyond}), so seats for travel after {last} are missing from the store, not 0; ask for --travel {}..{last}, or ingest the flows for later travel",
                    w.to,
                    thousands(seats),
                    100.0 * seats as f64 / ly_total.max(1) as f64,
                    w.from
                )));
            }
        }
    }
    if let Some((last, ly)) = suspects.booked_until {
        let until = booking_until(q);
        let last =
            span("reading the flows' last booking", DateColumn::BookedOn)?.map_or(last, |l| l.max(last));
        if last < until {
            return Err(Error::Usage(format!(
                "the store has no flow booked after {last}, though last year's for the window went on being booked to {ly}: what was booked from {} to {until} is not in the store; ask for --as-of {last}, or ingest the later flows",
                last + Days::new(1)
            )));
        }
    }
    Ok(())
}

/// Where last year's window runs past the last day of travel a market's flows are for, booked
/// whenever, its flows having run daily up to it: days its feed does not cover, not days no
/// seat was sold (trial 85 H2: a 364-day window back to 2024-07-02..2024-10-01, the flows
/// ending with travel on 2024-09-30, -1.3% where the 91 days both years have give -1.7%;
/// July-December as of June, the same -1.3% from July-September alone; review 79 H1, H2: a
/// flow for travel between the windows hid it, and one market's flows ending ten days before
/// the others' gave +11.1% where like with like +3.8%).
/// - Where this year's flows of the market reach further into the window (than the same day a
///   year on, see below), its last year is not known (the markets, and the note, returned as
///   `late_starts`' are);
/// - where every market in view is so, refused;
/// - where no market's flows reach further this year either, said: both years count travel
///   to the same point (a feed of that travel only?).
///
/// Asked only of markets whose last year's flows booked by its snapshot end before its
/// window does.
fn travel_ended(
    store: &Store,
    q: &OtbQuery,
    reach: &[(String, Reach)],
    in_view: &HashSet<String>,
) -> Result<(Option<String>, Vec<MarketsNote>)> {
    let (_, ly_window) = q.last_year();
    let w = q.window;
    let short: Vec<String> = reach
        .iter()
        .filter(|(m, r)| in_view.contains(m) && r.last_travel_ly.is_some_and(|t| t < ly_window.to))
        .map(|(m, _)| m.clone())
        .collect();
    if short.is_empty() || ly_window.to >= w.from {
        return Ok((None, Vec::new()));
    }
    // And a week after it: a feed that goes on after a day of no flow did not end (the
    // sample's Hong Kong, none for travel on 2025-01-01 alone).
    let Ok(read) = Window::new(ly_window.from, ly_window.to + Days::new(7), true) else {
        return Ok((None, Vec::new()));
    };
    let asked = TravelDays {
        label: "reading last year's days of travel",
        years: Some((ly_window.from.year(), read.to.year())),
        filter: Filter { travel: Some(read), markets: Some(short), ..Filter::default() },
    };
    let Some(df) = store.travel_days(&asked)?.filter(|df| df.width() > 0) else {
        return Ok((None, Vec::new()));
    };
    let this_of: HashMap<&str, Option<NaiveDate>> =
        reach.iter().map(|(m, r)| (m.as_str(), r.last_travel)).collect();
    let offset = w.from - ly_window.from;
    let covered = reach.iter().any(|(_, r)| r.last_travel_ly.is_some_and(|t| t >= ly_window.to));
    // (market, its last day of travel last year, this year's)
    let (mut cut, mut both) = (Vec::new(), Vec::new());
    let rows = columns::strings(&df, "market")?
        .into_iter()
        .zip(columns::dates(&df, "first")?)
        .zip(columns::dates(&df, "last")?)
        .zip(columns::ints(&df, "days")?)
        .filter_map(|(((m, f), l), n)| Some((m?, f?, l?, n?)));
    for (m, first, last, days) in rows {
        // Daily to its last day, a week at least: a feed that ended there, not travel booked
        // on some days only (a charter's, a test's; review 81 M4: a five-day festival
        // charter read as ended, where three days were enough).
        let span = (last - first).num_days() + 1;
        if last >= ly_window.to || span < 7 || (days as f64) < 0.9 * span as f64 {
            continue;
        }
        let this = this_of.get(m.as_str()).copied().flatten();
        // Reaching further than the same day a year on: by the window's shift, or by the
        // calendar where this year's flows end inside the window and other markets' flows last
        // year reach its end (a season that ends on 30 April both years ends a day later by
        // the calendar than 364 days on; review 104 F3: its last year withheld, nothing lost).
        // Where no market's do, the flows may be an extract of travel to that day (trial 85
        // H2); where this year's reach the window's end, they may go on past it (review 105
        // H1, H2: a daily feed's flows for last year's 1 May lost, counted as none).
        let a_year_on = match last.with_year(last.year() + 1) {
            Some(day) if covered && this.is_some_and(|t| t < w.to) => day.max(last + offset),
            _ => last + offset,
        };
        if this.is_some_and(|t| t > a_year_on) {
            cut.push((m, last, this));
        } else {
            both.push((m, last, this));
        }
    }
    let fed: Vec<&String> = reach
        .iter()
        .filter(|(m, r)| in_view.contains(m) && r.last_travel.is_some())
        .map(|(m, _)| m)
        .collect();
    let all = |of: &[(String, NaiveDate, Option<NaiveDate>)]| {
        !of.is_empty() && fed.iter().all(|m| of.iter().any(|(c, _, _)| c == *m))
    };
    let latest = |of: &[(String, NaiveDate, Option<NaiveDate>)]| {
        (of.iter().map(|c| c.1).max(), of.iter().filter_map(|c| c.2).max())
    };
    let days = |last: NaiveDate| match (last + Days::new(1), ly_window.to) {
        (one, to) if one == to => format!("on {one}"),
        (from, to) => format!("from {from} to {to}"),
    };
    if let (true, (Some(last), this_year)) = (all(&cut), latest(&cut)) {
        // A window of whole months asked in days, its last year in days running past the
        // months the flows cover: in months, last year is the same months, to the last they
        // cover.
        let whole_months = w.in_days && w.from.day() == 1 && (w.to + Days::new(1)).day() == 1;
        let months = match last.with_year(last.year() + 1) {
            Some(to) if whole_months && (last + Days::new(1)).day() == 1 && to >= w.from => format!(
                "--travel {}..{} (last year the same months) or ",
                w.from.format("%Y-%m"),
                to.format("%Y-%m")
            ),
            _ => String::new(),
        };
        // (Named: review 80 M1, "no market's flows" of C alone in view; L1, "end" of flows
        // that go on after a gap past the window.)
        let names: Vec<String> = cut.iter().map(|c| c.0.clone()).collect();
        return Err(Error::Usage(format!(
            "no flow of {}, booked whenever, is for travel {} last year, the end of last year's window ({ly_window}), where they ran daily to {last}: last year's seats for those days are not known, not 0, while this year's flows reach travel on {}{}; or ingest the flows for that travel",
            some_names(&names, 8),
            days(last),
            this_year.unwrap_or(last + offset),
            shorter_window(q, last)
                .map(|a| format!("; ask for {months}--travel {a}, whose last year ends with them"))
                .unwrap_or_default()
        )));
    }
    let note = match (all(&both), latest(&both)) {
        (true, (Some(last), this_year)) => Some(format!(
            "no market's flows, booked whenever, are for travel {} last year, the end of last year's window, nor after {} this year: both years count travel to then only (a feed of that travel only?), seats for later travel not known, not 0",
            days(last),
            this_year.map_or_else(|| "none".to_string(), |t| t.to_string())
        )),
        _ => None,
    };
    let cut = cut
        .into_iter()
        .map(|(m, last, this)| {
            let note = format!(
                "last year unknown for {m} (and the groups above): no flow of it, booked whenever, is for travel {} last year, the end of last year's window ({ly_window}), where its flows ran daily to {last}, while this year's reach travel on {}: its seats for those days last year are not known, not 0{}",
                days(last),
                this.unwrap_or(last + offset),
                shorter_window(q, last).map(|a| format!("; --travel {a} compares it")).unwrap_or_default()
            );
            (vec![m], note)
        })
        .collect();
    Ok((note, cut))
}

/// Days of travel of last year's window, three or more in a row, for which no market's flows,
/// booked whenever, are in the store, where last year's flows were for nine days in ten of
/// the rest of the window, while this year's are for most of the days standing for them: a
/// file of flows missing, or days nobody travelled (an airport closed): said, with this
/// year's seats on those days and the windows either side (review 80 H3: no flow for travel
/// 2024-08-10..2024-08-16, +14.2% where like with like +6.2%, unsaid). Not refused: the
/// store cannot tell a closure from a file lost (review 81 H1, M1: a schedule of two or four
/// days a week last year, an airport closed for five days, refused). Read from the seats by
/// day of travel the answer reads anyway; the store is asked only of a run found there.
fn travel_holes(store: &Store, q: &OtbQuery, by_day: &DataFrame) -> Result<Option<String>> {
    let (_, ly_window) = q.last_year();
    let w = q.window;
    if ly_window.to >= w.from || by_day.height() == 0 {
        return Ok(None);
    }
    let (days, now, then) = (
        columns::dates(by_day, "travel_date")?,
        columns::ints(by_day, "seats")?,
        columns::ints(by_day, "seats_ly")?,
    );
    let mut this_year: HashMap<NaiveDate, i64> = HashMap::new();
    let mut last_year: HashSet<NaiveDate> = HashSet::new();
    for i in 0..by_day.height() {
        let Some(d) = days[i] else { continue };
        if let Some(s) = now[i].filter(|s| *s > 0 && w.contains(d)) {
            *this_year.entry(d).or_default() += s;
        }
        if then[i].is_some_and(|s| s > 0) && ly_window.contains(d) {
            last_year.insert(d);
        }
    }
    if last_year.is_empty() {
        return Ok(None);
    }
    // Runs of last year's days with none (review 80 H3: 2024-09-25..10-03, the flows going on
    // after the window's end, +10.1% where +6.3%).
    let (mut d, last) = (ly_window.from, ly_window.to);
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    while d <= last {
        if !last_year.contains(&d) {
            let from = d;
            while d <= last && !last_year.contains(&d) {
                d = d + Days::new(1);
            }
            runs.push((from, d - Days::new(1)));
        }
        d = d + Days::new(1);
    }
    runs.retain(|(a, b)| (*b - *a).num_days() + 1 >= HOLE_DAYS);
    // Last year's flows otherwise daily: no schedule of some days a week. Read on the days
    // with seats now (as booked by then: a window far ahead has its last days unbooked both
    // years; review 81: every market's file of 2024-08-10..16 missing, asked as July to
    // September, +8.5% unsaid).
    // (Without the days of every run: review 83 H1.)
    let spans = runs.clone();
    let rest_now: Vec<bool> = this_year
        .keys()
        .map(|d| q.travel_back(*d))
        .filter(|ly| !spans.iter().any(|(a, b)| a <= ly && ly <= b))
        .map(|ly| last_year.contains(&ly))
        .collect();
    // (Nor where the runs hold a third or more of the days with seats now: a schedule
    // changed, review 85 A-M1.)
    let runs_now = this_year.len() - rest_now.len();
    if rest_now.len() < 7
        || 10 * rest_now.iter().filter(|t| **t).count() < 9 * rest_now.len()
        || 3 * runs_now >= this_year.len()
    {
        return Ok(None);
    }
    let (Some(first), Some(end)) = (runs.first().map(|r| r.0), runs.last().map(|r| r.1)) else {
        return Ok(None);
    };
    // Their days with no flow at all, booked whenever, in one read (review 82 H4: a stray
    // flow booked late for one day hid the rest of a week).
    let flown: HashSet<NaiveDate> =
        flown_days(store, (first, end), None)?.into_iter().map(|(_, d)| d).collect();
    let mut holes: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (from, to) in runs {
        let mut d = from;
        while d <= to {
            let start = d;
            while d <= to && !flown.contains(&d) {
                d = d + Days::new(1);
            }
            if (d - start).num_days() >= HOLE_DAYS {
                holes.push((start, d - Days::new(1)));
            }
            d = d + Days::new(1);
        }
    }
    // The longest first (the earliest of as long).
    holes.sort_by_key(|(a, b)| (std::cmp::Reverse(*b - *a), *a));
    // The windows either side as asked in days: last year 364 days back, or the same dates
    // (review 81 M2: a window in months offered 2025-07-01..2025-08-09, whose last year in
    // days took in a day of the hole).
    let in_days = OtbQuery { window: Window { in_days: true, ..w }, ..*q };
    for (from, to) in holes {
        let span = (to - from).num_days() + 1;
        let standing =
            from.iter_days().take_while(|d| *d <= to).filter_map(|d| this_year.get(&q.travel_forward(d)));
        let (flown, seats) = standing.fold((0i64, 0i64), |(n, s), v| (n + 1, s + v));
        // Days with seats now, as many as a run is (review 83 H2: a route of weekdays, its
        // week missing, had seats now on five of nine).
        if flown < HOLE_DAYS {
            continue;
        }
        let (before, after) =
            (in_days.travel_forward(from) - Days::new(1), in_days.travel_forward(to) + Days::new(1));
        let either: Vec<String> = [
            (before >= w.from).then(|| format!("--travel {}..{before}", w.from)),
            (after <= w.to).then(|| format!("--travel {after}..{}", w.to)),
        ]
        .into_iter()
        .flatten()
        .collect();
        return Ok(Some(format!(
            "no market's flows, booked whenever, are for travel {from}..{to} last year ({span} days of last year's window {ly_window}, its other days with flows), while this year's are for the days standing for them ({} seats): counted as none sold then (an airport closed?); if a file of flows is missing, last year's seats for them are not known, not 0{}",
            thousands(seats),
            if either.is_empty() { String::new() } else { format!(": {} compares the days either side", either.join(" or ")) }
        )));
    }
    Ok(None)
}

/// Markets and the note that says what their figures lack.
type MarketsNote = (Vec<String>, String);

/// The window as asked, shortened so that its last year ends with `last`: in days, as many
/// days shorter; in months, to the last month `last` covers whole.
fn shorter_window(q: &OtbQuery, last: NaiveDate) -> Option<String> {
    let (_, ly_window) = q.last_year();
    let w = q.window;
    if w.in_days {
        let short = chrono::Duration::days((ly_window.to - last).num_days());
        w.to.checked_sub_signed(short).filter(|d| *d >= w.from).map(|d| format!("{}..{d}", w.from))
    } else {
        let whole = if (last + Days::new(1)).day() == 1 {
            last
        } else {
            last.with_day(1).unwrap_or(last) - Days::new(1)
        };
        whole
            .with_year(whole.year() + w.to.year() - ly_window.to.year())
            .filter(|d| *d >= w.from)
            .map(|d| format!("{}..{}", w.from.format("%Y-%m"), d.format("%Y-%m")))
    }
}

/// The days each of `markets` was booked by the snapshot, for travel of the years `q` reads,
/// the year before them and the year after (a feed may book only that for a while), and the
/// day from which they are complete (before the year before, bookings may be for earlier
/// travel). The year before: last year's flows for the window are booked in it (review 103
/// F2, F3: a December file of last year missed, never judged, +25.8% where -3.1%).
/// (Where the two windows overlap, flows in both count for this year's only.)
fn booking_days(
    store: &Store,
    q: &OtbQuery,
    markets: Option<&[String]>,
) -> Result<(BTreeMap<String, BookingDays>, NaiveDate)> {
    let first_year = q.travel_years().0 - 1;
    let complete_from = NaiveDate::from_ymd_opt(first_year, 1, 1)
        .ok_or_else(|| Error::internal("the first year of travel has no 1 January"))?;
    let mut by_market: BTreeMap<String, BookingDays> = BTreeMap::new();
    if markets.is_some_and(|m| m.is_empty()) {
        return Ok((by_market, complete_from));
    }
    let (ly_as_of, ly_window) = q.last_year();
    let asked = SeatTotals {
        label: "reading the days the markets were booked",
        years: Some((first_year, q.travel_years().1 + 1)),
        key: Key::MarketBookedOnIn { window: q.window, window_ly: ly_window },
        measures: vec![Measure {
            name: "seats",
            filter: Filter {
                booked_by: Some(q.as_of),
                travel: None,
                markets: markets.map(<[String]>::to_vec),
            },
        }],
        reach: false,
    };
    let Some(df) = store.seat_totals(&asked)? else { return Ok((by_market, complete_from)) };
    let (names, booked) = (columns::strings(&df, "market")?, columns::dates(&df, "booked_on")?);
    // Each day's seats, cancellations counted as many (each part's net, whole).
    let mut volume: BTreeMap<String, BTreeMap<NaiveDate, i64>> = BTreeMap::new();
    let seats = columns::ints(&df, "seats")?;
    for (((m, d), part), seats) in names.iter().zip(&booked).zip(columns::ints(&df, "part")?).zip(seats) {
        let (Some(m), Some(d), Some(part)) = (m, d, part) else { continue };
        let days = by_market.entry(m.clone()).or_default();
        if part == 1 {
            days.window.insert(*d);
        } else if part == 2 && *d <= ly_as_of {
            days.window_ly.insert(*d);
        }
        days.any.insert(*d);
        *volume.entry(m.clone()).or_default().entry(*d).or_default() += seats.unwrap_or(0).abs();
    }
    for (m, days) in &mut by_market {
        if let Some(volume) = volume.get(m) {
            days.set_aside(volume);
        }
    }
    Ok((by_market, complete_from))
}

/// The feeds of `lagging` that last year's flows for the window show days behind: last year
/// they were booked on `EXPECTED_BOOKINGS` or more of the days this year's lack (the same
/// days a year before), for `NEGLIGIBLE_SHARE` or more of the market's seats last year
/// (`seats_ly`). A small market booked now and then is often silent for a few days.
fn lags_seen_last_year(
    store: &Store,
    q: &OtbQuery,
    lagging: Vec<Stopped>,
    seats_ly: &HashMap<String, i64>,
) -> Result<Vec<Stopped>> {
    if lagging.is_empty() {
        return Ok(lagging);
    }
    let (ly_as_of, ly_window) = q.last_year();
    let asked = SeatTotals {
        label: "reading the days the markets were booked",
        years: Some(q.travel_years()),
        key: Key::MarketBookedOnIn { window: q.window, window_ly: ly_window },
        measures: vec![Measure {
            name: "seats",
            filter: Filter {
                booked_by: Some(q.as_of),
                travel: None,
                markets: Some(lagging.iter().map(|s| s.market.clone()).collect()),
            },
        }],
        reach: false,
    };
    let Some(df) = store.seat_totals(&asked)? else { return Ok(Vec::new()) };
    let (names, booked) = (columns::strings(&df, "market")?, columns::dates(&df, "booked_on")?);
    let seats = columns::ints(&df, "seats")?;
    let mut days_ly: HashMap<String, Vec<(NaiveDate, i64)>> = HashMap::new();
    for (((m, d), part), n) in names.iter().zip(&booked).zip(columns::ints(&df, "part")?).zip(seats) {
        if let (Some(m), Some(d), Some(2)) = (m, d, part) {
            if *d <= ly_as_of {
                days_ly.entry(m.clone()).or_default().push((*d, n.unwrap_or(0)));
            }
        }
    }
    Ok(lagging
        .into_iter()
        .filter(|s| {
            let (from, to) = (q.back(s.last_booked), q.back(s.until));
            let lacked: Vec<&(NaiveDate, i64)> = days_ly
                .get(&s.market)
                .map_or(Vec::new(), |days| days.iter().filter(|(d, _)| *d > from && *d <= to).collect());
            let days: HashSet<NaiveDate> = lacked.iter().map(|(d, _)| *d).collect();
            // What those days move last year's seats by, either way (trial 90 H1: net
            // cancellations, -379 seats, read as none: +1.6% shown where like with like -3.5%).
            let share = lacked.iter().map(|(_, n)| *n).sum::<i64>().abs() as f64
                / seats_ly.get(&s.market).copied().unwrap_or(0).max(1) as f64;
            days.len() as f64 >= crate::analysis::otb::EXPECTED_BOOKINGS && share >= NEGLIGIBLE_SHARE
        })
        .collect())
}

/// Each of `markets`' last booking by the snapshot among the flows of the years `q` reads and
/// the year after (none for a market without flows there); nothing is read when `markets` is
/// empty. (A market booked for next year's travel alone for a while goes on: trial 62 H2, a
/// feed said to have stopped on 2026-07-20 that booked travel of 2027 on the 24th and 28th.)
fn last_bookings(store: &Store, q: &OtbQuery, markets: Vec<String>) -> Result<HashMap<String, NaiveDate>> {
    let (first, last) = q.travel_years();
    feed_reach_of(store, q, markets, "last_booked", (first, last + 1))
}

/// A gap before a market's first booking read (of travel from the first year read) that
/// follows its bookings of the year before's travel by `SEASON_BREAK` days or more: a season's
/// sales opening as far as the flows can tell, and said so (review 88 M3: a route whose sales
/// opened on 2024-01-15 after its season of 2023, read as a feed that began then).
fn seasons_before(store: &Store, q: &OtbQuery, gaps: &mut [Gap]) -> Result<()> {
    let year_before = q.travel_years().0 - 1;
    for g in gaps.iter_mut().filter(|g| g.feed_begins) {
        let Some(until) = g.from.pred_opt() else { continue };
        let asked = OtbQuery { as_of: until, ..*q };
        let last =
            feed_reach_of(store, &asked, vec![g.market.clone()], "last_booked", (year_before, year_before))?;
        if let Some(last) = last.get(&g.market).filter(|d| (g.from - **d).num_days() >= SEASON_BREAK) {
            g.feed_begins = false;
            g.idle_since = Some(*last);
        }
    }
    Ok(())
}

/// The last day of travel of each of `markets`' flows booked by the snapshot, for travel in the
/// years read.
fn last_travels(store: &Store, q: &OtbQuery, markets: Vec<String>) -> Result<HashMap<String, NaiveDate>> {
    feed_reach_of(store, q, markets, "last_travel", q.travel_years())
}

/// One date of `FeedReach` (`column`: `last_booked`, `last_travel`) of each of `markets`, of
/// their flows booked by the snapshot for travel in `years`.
fn feed_reach_of(
    store: &Store,
    q: &OtbQuery,
    markets: Vec<String>,
    column: &str,
    years: (i32, i32),
) -> Result<HashMap<String, NaiveDate>> {
    if markets.is_empty() {
        return Ok(HashMap::new());
    }
    let asked = FeedReach {
        label: "reading the markets' reach",
        years: Some(years),
        filter: Filter { booked_by: Some(q.as_of), markets: Some(markets), ..Default::default() },
    };
    let Some(df) = store.feed_reach(&asked)? else { return Ok(HashMap::new()) };
    if df.width() == 0 {
        return Ok(HashMap::new());
    }
    let (names, days) = (columns::strings(&df, "market")?, columns::dates(&df, column)?);
    Ok(names.into_iter().zip(days).filter_map(|(m, d)| Some((m?, d?))).collect())
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

/// Which of `markets` have a flow booked on or before `by` for travel before `before`.
fn travelled_before(
    store: &Store,
    markets: &[String],
    by: NaiveDate,
    before: NaiveDate,
) -> Result<Vec<String>> {
    let Some(last) = before.pred_opt() else { return Ok(Vec::new()) };
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    let Ok(travel) = Window::new(first, last, true) else { return Ok(Vec::new()) };
    let filter = Filter { booked_by: Some(by), travel: Some(travel), markets: Some(markets.to_vec()) };
    let found = store.seats_by_market("reading earlier flows", None, filter)?;
    Ok(markets.iter().filter(|m| found.get(*m).is_some_and(|s| *s > 0)).cloned().collect())
}

/// Which of `markets` have any flow booked on or before `by`: whose bookings the store knows
/// from then on (a market whose first booking is later has no knowable seats on the books then).
pub(crate) fn markets_booked_by(store: &Store, markets: &[String], by: NaiveDate) -> Result<HashSet<String>> {
    let filter = Filter { booked_by: Some(by), travel: None, markets: Some(markets.to_vec()) };
    Ok(store.seats_by_market("reading earlier flows", None, filter)?.into_keys().collect())
}

/// One market's seats on the books for one travel month, as `otb --travel YYYY-MM` gives
/// them: booked by the snapshot, and last year's booked as many days ahead of the same month.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SeatMonth {
    pub seats: Option<f64>,
    pub seats_ly: Option<f64>,
    /// Seats of members the change counts against none (`OtbLine::against_none`).
    pub against_none: f64,
}

/// Seats on the books by travel month, each month the answer `otb` gives for it, so that a
/// month still being booked is compared with last year at the same point, never with last
/// year's final seats, and a month whose flows the store lacks is missing, never low.
#[derive(Debug, Clone)]
pub struct SeatMonths {
    /// The snapshot: the date asked for, or the store's last booking.
    pub as_of: NaiveDate,
    months: HashMap<(String, i32, u32), SeatMonth>,
    /// Months `otb` gives no answer for, with its reason: (year, month, reason).
    pub unanswered: Vec<(i32, u32, String)>,
    /// What `otb` says with each month's answer (a feed that began with the month's bookings,
    /// a member left out of its group): (year, month, note).
    pub notes: Vec<(i32, u32, String)>,
    /// The members each market's change counts against none, by (market, year, month).
    against_none: HashMap<(String, i32, u32), Vec<String>>,
}

impl SeatMonths {
    /// The members whose seats `market`'s change counts against none in any of `months` (no
    /// seats on the books last year though booked then), each with the months it is so.
    pub fn against_none(&self, market: &str, months: &[(i32, u32)]) -> Vec<(String, Vec<(i32, u32)>)> {
        let mut out: Vec<(String, Vec<(i32, u32)>)> = Vec::new();
        for &(y, m) in months {
            for member in self.against_none.get(&(market.to_string(), y, m)).into_iter().flatten() {
                match out.iter_mut().find(|(n, _)| n == member) {
                    Some((_, ms)) => ms.push((y, m)),
                    None => out.push((member.clone(), vec![(y, m)])),
                }
            }
        }
        out
    }

    /// A market's month; missing both ways where `otb` has no line for it.
    pub fn get(&self, market: &str, year: i32, month: u32) -> SeatMonth {
        self.months.get(&(market.to_string(), year, month)).copied().unwrap_or_default()
    }

    /// The markets with a line in any month, by name.
    pub fn markets(&self) -> Vec<String> {
        let mut names: Vec<String> = self.months.keys().map(|(m, _, _)| m.clone()).collect();
        names.sort();
        names.dedup();
        names
    }
}

/// The store's last day of booking.
pub fn last_booking(store: &Store) -> Result<NaiveDate> {
    last_date(store, DateColumn::BookedOn, None)?
        .ok_or_else(|| Error::Usage("the store has no booking flows".into()))
}

/// The store's last day of travel booked, if it has flows.
pub fn travel_end(store: &Store) -> Result<Option<NaiveDate>> {
    // Only the last year of travel can hold it.
    let Some(&last_year) = store.partition_years(Kind::Bookings)?.last() else { return Ok(None) };
    last_date(store, DateColumn::TravelDate, Some((last_year, last_year)))
}

fn last_date(store: &Store, column: DateColumn, years: Option<(i32, i32)>) -> Result<Option<NaiveDate>> {
    let span = store.date_span(&DateSpan {
        label: "finding the last date",
        years,
        column,
        filter: Filter::default(),
    })?;
    Ok(span.and_then(|(_, last)| last))
}

/// Seats on the books of the markets below `root` (all markets without one) for each travel
/// month of `months`, as known on `as_of` (default: the store's last booking).
pub fn seats_by_month(
    store: &Store,
    tree: &MarketTree,
    months: &[(i32, u32)],
    as_of: Option<NaiveDate>,
    root: Option<&str>,
) -> Result<SeatMonths> {
    let as_of = match as_of {
        Some(d) => d,
        None => last_booking(store)?,
    };
    let sel = Selection { root: root.map(str::to_string), depth: None };
    let mut out = SeatMonths {
        as_of,
        months: HashMap::new(),
        unanswered: Vec::new(),
        notes: Vec::new(),
        against_none: HashMap::new(),
    };
    for &(year, month) in months {
        let travel = crate::period::Period::Month { year, month };
        let window = Window::new(travel.start(), travel.end(), false).map_err(Error::Usage)?;
        let q = OtbQuery { as_of, window, ly: crate::period::LyRule::default() };
        match on_the_books(store, tree, &q, Source::Flows, &sel) {
            Ok(books) => {
                out.notes.extend(books.notes.into_iter().map(|n| (year, month, n)));
                for l in books.lines {
                    if !l.against_none.is_empty() {
                        let members = l.against_none.iter().map(|(m, _)| m.clone()).collect();
                        out.against_none.insert((l.market.clone(), year, month), members);
                    }
                    let against_none = l.seats_against_none();
                    let seats = SeatMonth { seats: l.seats, seats_ly: l.seats_ly, against_none };
                    out.months.insert((l.market, year, month), seats);
                }
            }
            // No answer about this month (no flows for it, the snapshot before its first
            // booking or after the store's last): not drawn, and said.
            Err(Error::Usage(why)) => out.unanswered.push((year, month, why)),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}
