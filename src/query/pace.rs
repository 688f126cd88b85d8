//! The booking curve of a travel window: seats on the books at each lead before it starts,
//! this year against last year.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use std::collections::HashSet;

use crate::analysis::otb::{
    feed_silences, next_to_none, otb_by_market, pace_curve, seats_by_lead, Known, OtbQuery, PacePoint,
    NEGLIGIBLE_SHARE,
};
use crate::analysis::rollup::subtree;
use crate::columns;
use crate::engine::{DateColumn, DateSpan, Filter};
use crate::error::{Error, PolarsContext, Result};
use crate::market::MarketTree;
use crate::period::{LyRule, Window};
use crate::store::Store;
use polars::prelude::{col, UniqueKeepStrategy};

use super::on_the_books::{
    check_flows, delivery_note, first_travel_before, markets_booked_by, reach_of, FlowCheck, SuspendedMonths,
};
use super::store_info::{booking_days, closed_for_all_feeds, closures};

/// Days of booking before last year's snapshot read for a feed's rhythm, where its curve runs
/// past it: a year and more, so that a closure kept every year is read as one (review 58 M2:
/// a feed closed every Christmas cut last year's curve as a gap).
const FEED_CONTEXT_DAYS: u64 = 400;
use super::year_to_date::some_names;

/// The longest lead a curve may ask for: ten years of days.
pub const MAX_LEAD_DAYS: i64 = 3660;

#[derive(Debug, Clone)]
pub struct PaceRequest {
    pub travel: Window,
    /// A market (canonical) and everything below it; all markets when `None`.
    pub market: Option<String>,
    /// Markets (canonical) left out of the curve with everything below them: a route whose
    /// last year is not known, for the others' curve like with like.
    pub without: Vec<String>,
    pub lead: i64,
    pub step: i64,
    pub as_of: Option<NaiveDate>,
    pub ly: LyRule,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pace {
    /// The market or "all markets".
    pub label: String,
    pub points: Vec<PacePoint>,
    pub notes: Vec<String>,
    /// The last day of booking known: --as-of, or the store's last booking (points after it
    /// are not known yet).
    pub until: Option<NaiveDate>,
    /// The market whose flows cut this year's curve before `until` (a feed stopped, a gap, or
    /// flows that end with earlier travel), when one does.
    pub cut_by: Option<String>,
    /// Members drawn with seats on the books and none for last year's window, though the store
    /// had their flows by then (a route new since, or suspended then), with their seats on the
    /// books on `until`: the curve counts them against none, where they are 1% or more of it.
    pub against_none: Vec<(String, i64)>,
    /// The change on `until` without them (`against_none`), where the curve has that day.
    pub change_without: Option<f64>,
    /// Members drawn with next to no seats last year (`next_to_none`), 1% or more of the seats
    /// on `until`, and the change then without them (and those counted against none).
    pub next_to_none: Option<(Vec<String>, f64)>,
    /// Its note as said on stderr, with what the change without them leaves out too (review 68
    /// M2: the chart's shorter sentence called +40.0% the change without Spain alone).
    #[serde(skip)]
    pub next_to_none_note: Option<String>,
    /// Members drawn with no flow in the store booked by `until`: the curve is the others'.
    pub unfed: Vec<String>,
    /// The markets drawn, where each had no seats for last year's window though booked by its
    /// last day of booking: last year's curve is 0 (empty otherwise).
    pub zero_last_year: Vec<String>,
    /// Markets drawn with no flow booked by last year's last day of booking, which leave last
    /// year's curve unknown (`--without` draws the others').
    pub ly_unknown: Vec<String>,
    /// Where last year's curve is cut short: the first day of its bookings the store lacks, and
    /// the market whose feed lacks them.
    pub ly_cut: Option<(NaiveDate, String)>,
    /// The note of members drawn with no seats last year for months or days of the window
    /// only (a route suspended then), where it changes the change on `until`: the chart's
    /// footnote says it too (trial 80 M2).
    pub suspended: Option<String>,
}

/// What the feeds of the markets drawn leave of a curve (`cut_at_stopped_feeds`).
struct FeedCut {
    /// The last day of this year's curve known.
    until: NaiveDate,
    /// Whether last year lacks bookings.
    ly_lacking: bool,
    /// The first day of last year's bookings the store lacks, where a gap of a feed drawn
    /// begins (and that feed's market): last year's points from it on are not known.
    ly_cut: Option<(NaiveDate, String)>,
    cut_by: Option<String>,
    /// Markets with seats now and none for last year's window though booked by then, with
    /// their seats now; and the seats now and last year of all the markets drawn.
    against_none: Vec<(String, i64)>,
    /// Markets drawn with next to no seats last year (`next_to_none`): their seats now and then.
    few: Vec<(String, i64, i64)>,
    totals: (i64, i64),
    /// Last year's last day of booking for its window: its snapshot, or the window's end.
    ly_until: NaiveDate,
    /// Markets with no flow booked by `ly_until`, which leave last year unknown.
    ly_unknown: Vec<String>,
}

/// Where markets drawn with next to no seats last year (`next_to_none`) hold 1% or more of the
/// curve's seats on `until`: the change then, and without them (trial 71 M1: `pace` drew +4.7%
/// with a route's 1,116 seats against 4, -2.1% without it, and said nothing).
fn next_to_none_note(
    f: &FeedCut,
    points: &[PacePoint],
    (label, until): (&str, NaiveDate),
    (part_now, part_then): (i64, i64),
) -> Option<(String, f64)> {
    let (few_now, few_ly) = f.few.iter().fold((0, 0), |(n, l), (_, s, ly)| (n + s, l + ly));
    if f.few.is_empty() || (few_now as f64) < NEGLIGIBLE_SHARE * f.totals.0 as f64 {
        return None;
    }
    let (seats, ly) = points.iter().find(|p| p.as_of == until).and_then(|p| Some((p.seats?, p.seats_ly?)))?;
    let against_none: i64 = f.against_none.iter().map(|(_, s)| s).sum();
    let change = |s: i64, l: i64| crate::analysis::change_pct(s as f64, l as f64);
    // Like with like: without those counted against none, and the months and days with none a
    // year before too (review 64 H2).
    let without = change(seats - few_now - against_none - part_now, ly - few_ly - part_then)?;
    let with = change(seats, ly)?;
    let each: Vec<String> =
        f.few.iter().map(|(m, s, l)| crate::query::on_the_books::few_label(m, *s, *l)).collect();
    let note = format!(
        "{} had next to no seats on the books last year: the curve of {label} counts {} seats ({} on {until}; {} without {}{}, like with like)",
        some_names(&each, 8),
        if f.few.len() == 1 { "its" } else { "their" },
        crate::output::change_text(with),
        crate::output::change_text(without),
        if f.few.len() == 1 { "it" } else { "them" },
        match (against_none > 0, part_now > 0) {
            (false, false) => "",
            (true, false) => " and those counted against none",
            (false, true) => " and the months or days with none a year before",
            (true, true) => " and those counted against none or in months or days with none a year before",
        },
    );
    Some((note, without))
}

/// Where markets drawn had no seats last year, or next to none, for months or days of the
/// window only (`suspended_parts`, as `otb` says it), and that changes the change on `until`
/// as written: the change then, and without them (and those already left out, `left`: seats
/// now and then of the markets counted against none or with next to none).
fn suspended_note(
    parts: &std::collections::BTreeMap<String, SuspendedMonths>,
    (points, label, until): (&[PacePoint], &str, NaiveDate),
    left: (i64, i64),
) -> Option<String> {
    let (seats, ly) = points.iter().find(|p| p.as_of == until).and_then(|p| Some((p.seats?, p.seats_ly?)))?;
    let (now, then) = parts.values().fold((0, 0), |(n, t), p| (n + p.now, t + p.then));
    let change = |s: i64, l: i64| crate::analysis::change_pct(s as f64, l as f64);
    let (with, without) = (change(seats, ly)?, change(seats - now - left.0, ly - then - left.1)?);
    if now == 0 || crate::output::change_text(with) == crate::output::change_text(without) {
        return None;
    }
    let each: Vec<String> = parts
        .iter()
        .map(|(m, p)| format!("{m} ({} seats of {})", crate::output::thousands(p.now), p.spans()))
        .collect();
    let mut whats: Vec<&str> = parts.values().map(|p| p.what()).collect();
    whats.dedup();
    let what = if whats.len() == 1 { whats[0] } else { "months and days" };
    let one = parts.len() == 1;
    Some(format!(
        "{} had no seats on the books last year, or next to none, for the part of last year's window that stands for {} {what} {}, though {} had for the rest: the curve of {label} counts {} seats then against none ({} on {until}; {} without them{}, like with like)",
        some_names(&each, 6),
        if one { "those" } else { "their" },
        SuspendedMonths::guess(parts, str::to_string),
        if one { "it" } else { "they" },
        if one { "its" } else { "their" },
        crate::output::change_text(with),
        crate::output::change_text(without),
        if left.0 > 0 { " and those counted against none or with next to none" } else { "" }
    ))
}

/// The first booking date of the markets (all when empty) in the store.
fn bookings_first(store: &Store, markets: &[String]) -> Result<Option<NaiveDate>> {
    let span = store.date_span(&DateSpan {
        label: "reading the first booking",
        years: None,
        column: DateColumn::BookedOn,
        filter: Filter { markets: (!markets.is_empty()).then(|| markets.to_vec()), ..Default::default() },
    })?;
    Ok(span.and_then(|(first, _)| first))
}

/// The curve for a window and market, as `pace` prints it and the chart draws it.
pub fn pace(store: &Store, tree: &MarketTree, req: &PaceRequest) -> Result<Pace> {
    if !(0..=MAX_LEAD_DAYS).contains(&req.lead) || req.step < 1 {
        return Err(Error::Usage(format!(
            "a booking curve runs from 0 to {MAX_LEAD_DAYS} days before travel in steps of at least 1 day, got lead {} and step {}",
            req.lead, req.step
        )));
    }
    let ly_window = req.travel.last_year(req.ly);
    let years = (ly_window.from.year(), req.travel.to.year());
    let no_flows = || Error::Usage(format!("the store has no booking flows for travel in {}", req.travel));
    let (mut label, mut markets) = match &req.market {
        Some(m) => (m.clone(), if tree.is_empty() { vec![m.clone()] } else { subtree(tree, m) }),
        None => ("all markets".to_string(), Vec::new()),
    };
    if !req.without.is_empty() {
        // All markets: those of the tree and any the flows give that it lacks.
        if markets.is_empty() {
            markets = flow_markets(store, years)?;
        }
        markets = without(tree, &label, markets, &req.without)?;
        label = format!("{label} without {}", req.without.join(", "));
    }
    let last_booked = store
        .date_span(&DateSpan {
            label: "finding the last booking",
            years: Some(years),
            column: DateColumn::BookedOn,
            filter: Filter::default(),
        })?
        .ok_or_else(no_flows)?
        .1;
    // Known up to the store's last booking, or --as-of where earlier: a later --as-of knows
    // no more (a curve as of 3 days after the store's last booking read -1.4% at travel,
    // this year's seats of 30 June against last year's of 3 July).
    let known_until = match (req.as_of, last_booked) {
        (Some(d), Some(last)) => Some(d.min(last)),
        (as_of, last) => as_of.or(last),
    };
    let by_lead = store.seat_totals(&seats_by_lead(&req.travel, req.ly, &markets))?.ok_or_else(no_flows)?;
    // Whether the store has flows of the markets drawn for travel in a window: with seats
    // cancelled, seats that add up to 0 are no absence of flows (review 41 M2).
    let flows_for = |window: Window| -> Result<bool> {
        let span = store.date_span(&DateSpan {
            label: "reading the flows of the window",
            years: Some((window.from.year(), window.to.year())),
            column: DateColumn::BookedOn,
            filter: Filter {
                travel: Some(window),
                markets: (!markets.is_empty()).then(|| markets.clone()),
                ..Default::default()
            },
        })?;
        Ok(span.is_some_and(|(first, _)| first.is_some()))
    };
    if !flows_for(req.travel)? {
        return Err(Error::Usage(format!(
            "the store has no booking flows of {label} for travel in {}",
            req.travel
        )));
    }
    let mut notes = Vec::new();
    // The first booking of the markets drawn: points before it are unknown, not 0.
    let first = bookings_first(store, &markets)?;
    let first_travel = first_travel_before(store, Some(ly_window.from))?;
    let until = known_until;
    let feed = match known_until {
        Some(until) => {
            if let Some(f) = first.filter(|f| until < *f) {
                return Err(Error::Usage(format!(
                    "nothing is known on {until} of travel {}: the store's first booking of {label} is on {f}",
                    req.travel
                )));
            }
            Some(cut_at_stopped_feeds(store, tree, req, &markets, until, first_travel, &mut notes)?)
        }
        None => None,
    };
    let known_until = feed.as_ref().map(|f| f.until);
    // The curve's last day known, where a stopped feed cuts it: the notes of its change are of
    // that day (trial 80 H1: on the store's last day, after the curve, the note of months
    // suspended a year before found no point, and +22.4% went unsaid, +12.5% like with like).
    // Of a window whose travel has begun, the curve ends on its first day: what its change
    // there counts against none is read as of it (review 82 H2: as of a day in the window, the
    // notes found no point of the day, +8.8% unsaid where like with like +0.2%).
    let at_point = match known_until {
        Some(k) if k > req.travel.from => Some(cut_at_stopped_feeds(
            store,
            tree,
            req,
            &markets,
            req.travel.from,
            first_travel,
            &mut Vec::new(),
        )?),
        _ => None,
    };
    let of_point = at_point.as_ref().or(feed.as_ref());
    let curve_day = of_point.map(|f| f.until);
    let ly_cut = feed.as_ref().and_then(|f| f.ly_cut.clone());
    let ly_lacking = feed.as_ref().is_some_and(|f| f.ly_lacking);
    let feed_unknown = feed.as_ref().map(|f| f.ly_unknown.clone()).unwrap_or_default();
    let cut_by = feed.as_ref().and_then(|f| f.cut_by.clone());
    // Members of the group drawn that have no flow at all: their seats are not known, and the
    // curve is its other members' (as otb says of the group).
    let mut unfed = Vec::new();
    // All markets too, in a store with a tree (trial 60 L6: "all markets", of 3 of its 8).
    let whole: Vec<String> = tree.depth_first().into_iter().map(|(_, m)| m.to_string()).collect();
    // Those drawn, where --without leaves some out (review 42 L5: the note named them).
    let (group, of) = match &req.market {
        _ if !req.without.is_empty() => (Some(label.as_str()), &markets),
        Some(m) => (Some(m.as_str()), &markets),
        None => (Some("all markets"), &whole),
    };
    if let (Some(group), Some(by)) = (group, until) {
        let leaves: Vec<String> = of.iter().filter(|m| tree.children(m).is_empty()).cloned().collect();
        if leaves.len() > 1 {
            let fed = markets_booked_by(store, &leaves, by)?;
            let none: Vec<String> = leaves.iter().filter(|m| !fed.contains(*m)).cloned().collect();
            if !none.is_empty() && !fed.is_empty() {
                notes.push(format!(
                    "{}: no booking flows in the store booked by {by}, so seats not known (not 0): the curve of {group} counts only its other members",
                    some_names(&none, 8)
                ));
                unfed = none;
            }
        }
    }
    notes.extend(req.travel.unequal_last_year(req.ly));
    // Its last year is as many days before last year's window; `otb`'s, of a window in days
    // by the calendar, the same date a year before: across 29 February the two are a day
    // apart, said with the first point so (review 56 M1: 27,627 from otb, 27,824 from pace for
    // the same day).
    if req.ly == LyRule::Calendar {
        let apart = (0..=req.lead).rev().find_map(|lead| {
            let day = req.travel.from.checked_sub_days(chrono::Days::new(lead.unsigned_abs()))?;
            let ours = ly_window.from.checked_sub_days(chrono::Days::new(lead.unsigned_abs()))?;
            let (otbs, _) = OtbQuery { as_of: day, window: req.travel, ly: req.ly }.last_year();
            (ours != otbs).then_some((day, ours, otbs))
        });
        if let Some((day, ours, otbs)) = apart {
            notes.push(format!(
                "last year's points are as many days before last year's window as this year's are before this one: across 29 February that is a day off the same date a year before, which `otb --ly calendar` counts (last year's point of {day} is {ours}; `otb --as-of {day} --ly calendar` counts last year as of {otbs})"
            ));
        }
    }
    let mut zero_last_year = Vec::new();
    let ly_known = if ly_lacking {
        false
    } else if let Some(first) = first_travel.filter(|d| *d > ly_window.from) {
        // Before 0 is read into last year (review 31 H1: a feed of forward bookings, whose
        // travel starts after last year's window, read 0 last year where otb says unknown).
        notes.push(format!(
            "last year unknown: the store's flows start with travel on {first}, after the start of {ly_window}"
        ));
        false
    } else if !flows_for(ly_window)? {
        // Every market with seats now was booked by last year's last day of booking for its
        // window, with none for it: last year had 0 seats on the books, as otb gives it (trial
        // 53: pace --market of a route new since said "unknown" where otb said 0).
        let zero = feed.as_ref().filter(|f| {
            let theirs: i64 = f.against_none.iter().map(|(_, s)| s).sum();
            !f.against_none.is_empty() && f.totals.1 == 0 && theirs == f.totals.0
        });
        match zero {
            Some(f) => {
                let names: Vec<String> = f.against_none.iter().map(|(m, _)| m.clone()).collect();
                zero_last_year = names.clone();
                notes.push(format!(
                    "{} had no seats on the books for travel {ly_window}, though booked by {} (a route new since, or suspended then?): last year's curve is 0",
                    some_names(&names, 8),
                    f.ly_until
                ));
                true
            }
            None => {
                notes.push(format!(
                    "last year unknown: the store has no flows of {label} for travel in {ly_window}"
                ));
                false
            }
        }
    } else {
        true
    };
    let points = pace_curve(
        &by_lead,
        &req.travel,
        &ly_window,
        req.lead,
        req.step,
        Known {
            from: first,
            until: known_until,
            last_year: ly_known,
            ly_until: ly_cut.as_ref().and_then(|(d, _)| d.pred_opt()),
        },
    )?;
    // Weekly files whose deliveries set more days of booking against fewer at the curve's last
    // point with both years (trial 83 H1, as `otb` says it: the window's first day a Monday,
    // last year's a Sunday, +42.0% where the point before was +33.0%, last year's pickup 0).
    if let Some(p) = points.iter().rev().find(|p| p.seats.is_some() && p.seats_ly.is_some()) {
        let q = OtbQuery { as_of: p.as_of, window: req.travel, ly: req.ly };
        if let Some(by_market) = store.seat_totals(&otb_by_market(&q))? {
            let drawn: HashSet<String> = if markets.is_empty() {
                columns::strings(&by_market, "market")?.into_iter().flatten().collect()
            } else {
                markets.iter().cloned().collect()
            };
            notes.extend(
                delivery_note(store, &q, &reach_of(&by_market)?, &drawn)?
                    .into_iter()
                    .map(|n| format!("at the point of {} ({} days ahead): {n}", p.as_of, p.lead_days)),
            );
        }
    }
    // The last day known between two steps has a row of its own: its pickup is of fewer days.
    if let Some(p) = known_until.and_then(|k| points.iter().find(|p| p.as_of == k)) {
        if p.lead_days != 0 && (req.lead - p.lead_days) % req.step != 0 {
            // Which last day: the store's or --as-of, or where a market's flows cut the curve
            // (trial 54 M2: a route's last booking was called "the store's last booking").
            let which = match (&cut_by, until) {
                (Some(m), Some(u)) if p.as_of < u => {
                    format!("the last day known of all the markets drawn ({m}'s bookings after it are not all in the store)")
                }
                _ => "the last day known (the store's last booking, or --as-of)".to_string(),
            };
            notes.push(format!(
                "{}: {which}, a row between two steps: its pickup is of the days since the row before",
                p.as_of
            ));
        }
    }
    // Said only where a point is empty for that reason, not for a date after --as-of.
    let before_first = |d: Option<NaiveDate>| {
        d.is_some_and(|d| first.is_some_and(|f| d < f) && known_until.is_none_or(|k| d <= k))
    };
    let cut = points.iter().any(|p| {
        let ly_as_of = ly_window.from.checked_sub_days(chrono::Days::new(p.lead_days.unsigned_abs()));
        before_first(Some(p.as_of)) || (ly_known && before_first(ly_as_of))
    });
    if let (Some(f), true) = (first, cut) {
        notes.push(format!(
            "empty before {f}: the store's first booking of {label} is then; earlier seats on the books are not known"
        ));
    }
    // The seats on `until` of markets counted against none, or with next to none last year.
    let feed_totals = of_point.map(|f| {
        let against: i64 = f.against_none.iter().map(|(_, s)| s).sum();
        let (few_now, few_ly) = f.few.iter().fold((0, 0), |(n, l), (_, s, ly)| (n + s, l + ly));
        (against + few_now, few_ly)
    });
    // Markets drawn with months or days of none a year before (`suspended_parts`), on `until`.
    let parts = match (of_point.filter(|_| ly_known), curve_day) {
        (Some(_), Some(until)) => crate::query::on_the_books::suspended_parts(
            store,
            &OtbQuery { as_of: until, window: req.travel, ly: req.ly },
            &markets,
        )?,
        _ => Default::default(),
    };
    let parts_seats = parts.values().fold((0, 0), |(n, t), p| (n + p.now, t + p.then));
    let (mut next_to_none, mut few_note) = (None, None);
    if let (Some(f), Some(until)) = (of_point.filter(|_| ly_known), curve_day) {
        if let Some((note, without)) = next_to_none_note(f, &points, (&label, until), parts_seats) {
            few_note = Some(note.clone());
            notes.push(note);
            next_to_none = Some((f.few.iter().map(|(m, _, _)| m.clone()).collect(), without));
        }
    }
    // Members with seats now and none last year, though booked then: the curve counts them
    // against none, said with the change without them (trial 53 #1: Europe's curve at +5.4%,
    // +0.9% without a route first flown this year, where otb said so and pace did not).
    let (mut against_none, mut change_without) = (Vec::new(), None);
    if let (Some(f), Some(until)) = (of_point.filter(|f| ly_known && !f.against_none.is_empty()), curve_day) {
        let (now, ly) = f.totals;
        let theirs: i64 = f.against_none.iter().map(|(_, s)| s).sum();
        if ly > 0 && theirs as f64 >= NEGLIGIBLE_SHARE * now as f64 {
            // As of the day asked (their seats are those booked by then), the curve cut or not.
            let (ly_as_of, _) = OtbQuery { as_of: until, window: req.travel, ly: req.ly }.last_year();
            let on_until =
                points.iter().find(|p| p.as_of == until).and_then(|p| Some((p.seats?, p.seats_ly?)));
            let change =
                |(seats, seats_ly): (i64, i64)| crate::analysis::change_pct(seats as f64, seats_ly as f64);
            change_without = on_until.and_then(|(s, l)| change((s - theirs, l)));
            let with_seats: Vec<String> = f
                .against_none
                .iter()
                .map(|(m, s)| format!("{m} ({} seats on {until})", crate::output::thousands(*s)))
                .collect();
            let one = f.against_none.len() == 1;
            let changes = match (on_until.and_then(change), change_without) {
                (Some(c), Some(w)) => format!(
                    " ({} on {until}; {} without {})",
                    crate::output::change_text(c),
                    crate::output::change_text(w),
                    if one { "it" } else { "them" }
                ),
                _ => String::new(),
            };
            notes.push(format!(
                "{} had no seats on the books for travel {ly_window}, though booked by {ly_as_of} (a route new since, or suspended then?): the curve of {label} counts {} seats against none{changes}",
                some_names(&with_seats, 8),
                if one { "its" } else { "their" },
            ));
            against_none = f.against_none.clone();
        }
    }
    let mut suspended = None;
    if let (Some(f), Some(until)) = (feed_totals.filter(|_| ly_known), curve_day) {
        suspended = suspended_note(&parts, (&points, &label, until), f);
        notes.extend(suspended.clone());
    }
    let ly_unknown = feed_unknown;
    let ly_cut = ly_cut.filter(|_| ly_known);
    // No point known, this year or last: no curve, and why (trial 76 M1: a chart of empty axes,
    // days "1 1 1 0 0 0", and a brief's table of dates, where the curve was known up to 123
    // days before travel).
    if points.iter().all(|p| p.seats.is_none() && p.seats_ly.is_none()) {
        // The nearer of this year's last day known and last year's, where it is further ahead
        // than asked (review 61 L1: --lead 92 named for this year, where last year's curve
        // had a point from 62 days ahead).
        let this_year = known_until.map(|k| {
            let why = match &cut_by {
                Some(m) => format!("where {m}'s bookings in the store stop or break off"),
                None => "the last day known: --as-of, or the store's last booking".to_string(),
            };
            ((req.travel.from - k).num_days(), format!("this year's curve is known up to {k} ({why})"))
        });
        let last_year = ly_cut.as_ref().and_then(|(d, m)| {
            let k = d.pred_opt()?;
            Some((
                (ly_window.from - k).num_days(),
                format!("last year's curve is known up to {k} (where a gap in {m}'s bookings in the store begins)"),
            ))
        });
        let reach = this_year
            .into_iter()
            .chain(last_year)
            .filter(|(lead, _)| *lead > req.lead)
            .min_by_key(|(lead, _)| *lead)
            .map(|(lead, known)| {
                format!("; {known}, {lead} days before travel: --lead {lead} or more reaches it")
            });
        return Err(Error::Usage(format!(
            "no point of the booking curve of {label} for travel {} is known from {} days before it on{}{}",
            req.travel,
            req.lead,
            reach.unwrap_or_default(),
            if notes.is_empty() { String::new() } else { format!(":\n  {}", notes.join("\n  ")) }
        )));
    }
    Ok(Pace {
        label,
        points,
        notes,
        until,
        cut_by,
        against_none,
        change_without,
        next_to_none,
        next_to_none_note: few_note,
        suspended,
        unfed,
        zero_last_year,
        ly_unknown,
        ly_cut,
    })
}

/// Every market of the tree and of the flows for travel in `years`.
fn flow_markets(store: &Store, years: (i32, i32)) -> Result<Vec<String>> {
    let Some(lf) = store.scan(crate::kind::Kind::Bookings, Some(years))? else {
        return Ok(Vec::new());
    };
    let df = lf
        .select([col("market")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .context("reading the markets of the flows")?;
    Ok(columns::strings(&df, "market")?.into_iter().flatten().collect())
}

/// The markets drawn (`markets`) without each of `left_out` and everything below it; the
/// groups above them keep their own flows (review 41 H1: a group's own seats were dropped
/// with the member left out). An error for one not drawn, or none left.
fn without(tree: &MarketTree, label: &str, markets: Vec<String>, left_out: &[String]) -> Result<Vec<String>> {
    let mut kept: Vec<String> = markets;
    // The tree's markets too, for "all markets": a member the flows lack is still one to leave out.
    if label == "all markets" {
        for (_, m) in tree.depth_first() {
            if !kept.iter().any(|k| k == m) {
                kept.push(m.to_string());
            }
        }
    }
    let drawn = kept.clone();
    for m in left_out {
        // Named twice, or within a group left out too: nothing more to leave out (review 42 L2).
        if !drawn.contains(m) {
            // A name no market has: the closest (trial 67: `--without Swizerland`).
            let hint = if tree.resolve(m).is_none() { tree.suggestion(m) } else { String::new() };
            return Err(Error::Usage(format!("--without {m}: not one of the markets drawn ({label}){hint}")));
        }
        // A market of the flows the tree lacks is itself alone.
        let mut below = subtree(tree, m);
        if below.is_empty() {
            below.push(m.clone());
        }
        kept.retain(|k| !below.contains(k));
    }
    if kept.is_empty() {
        return Err(Error::Usage(format!(
            "--without {}: nothing of {label} is left to draw",
            left_out.join(", ")
        )));
    }
    Ok(kept)
}

/// "--without A --without 'B C' draws the curve of the others, like with like".
fn without_them(markets: &[String]) -> String {
    format!(
        "--without {} draws the curve of the others, like with like",
        markets
            .iter()
            .map(|m| shlex::try_quote(m).map_or(m.clone(), |q| q.into_owned()))
            .collect::<Vec<_>>()
            .join(" --without ")
    )
}

/// The last day of a curve known up to `until` for the markets drawn (all when empty): where a
/// feed of theirs stops while last year's went on, or the day before a gap in its bookings
/// (`Gap`; after it, the curve would count the seats it lacks as 0), unless that market had
/// less than `NEGLIGIBLE_SHARE` of their seats last year; with a note for each; and whether last
/// year lacks bookings (its earliest, or a gap's; noted). `Err`: a window or a day the store's
/// flows do not reach.
fn cut_at_stopped_feeds(
    store: &Store,
    tree: &MarketTree,
    req: &PaceRequest,
    markets: &[String],
    until: NaiveDate,
    first_travel: Option<NaiveDate>,
    notes: &mut Vec<String>,
) -> Result<FeedCut> {
    let q = OtbQuery { as_of: until, window: req.travel, ly: req.ly };
    let Some(by_market) = store.seat_totals(&otb_by_market(&q))? else {
        return Ok(FeedCut {
            until,
            ly_lacking: false,
            ly_cut: None,
            cut_by: None,
            against_none: Vec::new(),
            few: Vec::new(),
            totals: (0, 0),
            ly_until: q.last_year_booking_until(),
            ly_unknown: Vec::new(),
        });
    };
    let names: Vec<String> = columns::strings(&by_market, "market")?.into_iter().flatten().collect();
    let drawn: HashSet<String> = if markets.is_empty() {
        names.iter().cloned().chain(tree.nodes().iter().map(|n| n.name.clone())).collect()
    } else {
        markets.iter().cloned().collect()
    };
    let FlowCheck { ended, stopped, lagging, late, gaps, closed, ends, thin_ends, .. } =
        check_flows(store, &q, &by_market, first_travel, &drawn, Vec::new())?;
    notes.extend(ended);

    let mut ly_lacking = !late.is_empty();
    let mut ly_cut: Option<(NaiveDate, String)> = None;
    let seats_ly = columns::ints(&by_market, "seats_ly")?;
    // Whether markets drawn other than `these` had seats last year: then `--without` them
    // draws a curve like with like (trial 76 L3: Asia's last year unknown for India's feed
    // begun late, and `--without India` named nowhere).
    let others_had = |these: &[String]| {
        names
            .iter()
            .zip(&seats_ly)
            .filter(|(m, _)| drawn.contains(*m) && !these.contains(m))
            .any(|(_, s)| s.is_some_and(|s| s > 0))
    };
    let late_markets: Vec<String> = late.iter().flat_map(|(m, _)| m.iter().cloned()).collect();
    let mut ly_unknown = Vec::new();
    if others_had(&late_markets) && !late_markets.is_empty() {
        for (these, note) in &late {
            notes.push(format!("{note}; {}", without_them(these)));
        }
        ly_unknown.extend(late_markets);
    } else {
        notes.extend(late.iter().map(|(_, note)| note.clone()));
    }
    let seats = columns::ints(&by_market, "seats")?;
    let now_of = |wanted: &str| -> i64 {
        names.iter().zip(&seats).filter(|(m, _)| m.as_str() == wanted).filter_map(|(_, s)| *s).sum()
    };
    let total_now: i64 =
        names.iter().zip(&seats).filter(|(m, _)| drawn.contains(*m)).filter_map(|(_, s)| *s).sum();
    // Markets drawn with seats this year and none booked by last year's date, whose first
    // booking in the store is later: their last year is not known (not 0), as `otb` says.
    let new: Vec<String> = names
        .iter()
        .zip(&seats)
        .zip(&seats_ly)
        .filter(|((m, s), ly)| drawn.contains(*m) && s.is_some() && ly.is_none())
        .map(|((m, _), _)| m.clone())
        .collect();
    // And those whose bookings for last year's window were all cancelled by then (a route
    // suspended, its seats sold first: trial 71 H1), counted against none as well.
    let mut against_none: Vec<String> = names
        .iter()
        .zip(&seats)
        .zip(&seats_ly)
        .filter(|((m, s), ly)| drawn.contains(*m) && s.is_some_and(|s| s > 0) && **ly == Some(0))
        .map(|((m, _), _)| m.clone())
        .collect();
    let ly_until = q.last_year_booking_until();
    if !new.is_empty() {
        let earlier = markets_booked_by(store, &new, ly_until)?;
        let (booked, later): (Vec<String>, Vec<String>) = new.into_iter().partition(|m| earlier.contains(m));
        against_none.extend(booked);
        if !later.is_empty() {
            // Those first booked by last year's snapshot, after its window's last day of
            // booking (a window travelled), with less than `NEGLIGIBLE_SHARE` of the seats
            // drawn now: counted without their last year, as otb counts the groups above
            // them (review 31 M5).
            let by_snapshot = markets_booked_by(store, &later, q.last_year().0)?;
            let (small, lacking): (Vec<String>, Vec<String>) = later.into_iter().partition(|m| {
                by_snapshot.contains(m) && (now_of(m) as f64) < NEGLIGIBLE_SHARE * total_now.max(1) as f64
            });
            if !lacking.is_empty() {
                ly_lacking = true;
                // Trial 65 M4, 66 M1: a new route left its groups' curves with no last year,
                // where otb gives them like with like.
                // Only where other markets drawn had flows then (review 41 M1, L2: a store of
                // this year's flows alone was offered a curve of none).
                let others = others_had(&lacking);
                notes.push(format!(
                    "last year unknown: the store has no flows of {} booked by {ly_until} (a route new since, or a feed begun later?){}",
                    some_names(&lacking, 6),
                    if others { format!("; {}", without_them(&lacking)) } else { String::new() }
                ));
                if others {
                    ly_unknown.extend(lacking);
                }
            }
            if !small.is_empty() {
                notes.push(format!(
                    "{}: no flows of it booked by {ly_until}, so its last year is not known; the curve counts its seats now against none, as it has less than {}% of the seats drawn now",
                    some_names(&small, 6),
                    NEGLIGIBLE_SHARE * 100.0
                ));
            }
        }
    }
    let ly_of = |wanted: &dyn Fn(&str) -> bool| -> i64 {
        names.iter().zip(&seats_ly).filter(|(m, _)| wanted(m)).filter_map(|(_, s)| *s).sum()
    };
    let total_ly = ly_of(&|m| drawn.contains(m));
    let mut cut = until;
    let mut cut_by: Option<String> = None;
    // The curve known up to `day` at most, for `market`'s flows.
    let mut lower = |day: NaiveDate, market: &str| {
        if day < cut {
            cut = day;
            cut_by = Some(market.to_string());
        }
    };
    // A lag after the curve's last point (its lead 0, the window's first day) moves no point.
    notes.extend(
        lagging
            .iter()
            .filter(|s| s.last_booked < req.travel.from)
            .map(crate::analysis::otb::Stopped::describe_lag),
    );
    for s in &stopped {
        let share = ly_of(&|m| m == s.market) as f64 / total_ly.max(1) as f64;
        if share >= NEGLIGIBLE_SHARE {
            lower(s.last_booked, &s.market);
            notes.push(format!("empty after {}: {}", s.last_booked, s.describe()));
        } else {
            notes.push(format!(
                "{}; counted up to {}, as it had {:.1}% of the seats drawn last year",
                s.describe(),
                s.last_booked,
                share * 100.0
            ));
        }
    }
    // A market whose flows end with travel before the window does lacks seats at every lead:
    // this year's curve is not known, where it had a share of last year's that matters.
    for e in &ends {
        let share = ly_of(&|m| m == e.market) as f64 / total_ly.max(1) as f64;
        if share >= NEGLIGIBLE_SHARE {
            let first = req.travel.from - chrono::Days::new(req.lead.unsigned_abs());
            lower(first.pred_opt().unwrap_or(first), &e.market);
            notes.push(format!("this year's curve empty: {}", e.fact()));
        } else {
            notes.push(format!(
                "{}; counted without its later travel, as it had {:.1}% of the seats drawn last year",
                e.fact(),
                share * 100.0
            ));
        }
    }
    // Too little of its seats last year lay further ahead to withhold it: said, and counted.
    for e in &thin_ends {
        notes.push(format!("{}; counted as booked (a route that ended is a fall)", e.fact()));
    }
    notes.extend(closed);
    // A curve emptied for one market's days: the others' is drawn whole without it, where
    // they had seats (review 88 M3: a seasonal route's sales opened earlier this year, last
    // year's whole curve empty, and `--without S` named nowhere).
    let without_hint = |market: &str| {
        let these = [market.to_string()];
        if others_had(&these) {
            format!("; {}", without_them(&these))
        } else {
            String::new()
        }
    };
    for g in &gaps {
        // Last year's share, counted without the gap's days, would understate a gap of last
        // year's: this year's tells it.
        // A gap of this year's: last year's share, or this year's where larger (trial 62 H1:
        // a market's own curve, last year not in the store, counted without a week's bookings
        // as if it had none of the seats drawn).
        let now_share = now_of(&g.market) as f64 / total_now.max(1) as f64;
        let (share, year) = if g.last_year {
            (now_share, "this year")
        } else {
            match ly_of(&|m| m == g.market) as f64 / total_ly.max(1) as f64 {
                ly if ly >= now_share => (ly, "last year"),
                _ => (now_share, "this year"),
            }
        };
        if share < NEGLIGIBLE_SHARE {
            notes.push(format!(
                "{}; counted without them, as it had {:.1}% of the seats drawn {year}",
                g.describe(),
                share * 100.0
            ));
        } else if g.last_year {
            // Last year's points before it are known (review 56 L2: the whole curve was
            // emptied, its points of months before the gap too).
            if ly_cut.as_ref().is_none_or(|(d, _)| g.from < *d) {
                ly_cut = Some((g.from, g.market.clone()));
            }
            notes.push(format!(
                "last year's curve empty from {}: {}{}",
                g.from,
                g.describe(),
                without_hint(&g.market)
            ));
        } else {
            lower(g.from - chrono::Days::new(1), &g.market);
            notes.push(format!("empty from {}: {}{}", g.from, g.describe(), without_hint(&g.market)));
        }
    }
    // Last year's curve runs past its snapshot to its lead 0, where this year's is not known
    // yet: a gap of a feed drawn there, by its own rhythm as `gaps --bookings` reads it, leaves
    // its points from then on short (review 56 H2: a 20-day gap read as a pickup of 0).
    let (ly_as_of, ly_window) = q.last_year();
    if ly_window.from > ly_as_of {
        let since = ly_as_of - chrono::Days::new(FEED_CONTEXT_DAYS);
        let feeds = booking_days(store, (Some(since), Some(ly_window.from)))?;
        let closed = closures(&feeds, ly_window.from).closed;
        for feed in feeds.iter().filter(|f| drawn.contains(&f.market)) {
            let share = ly_of(&|m| m == feed.market) as f64 / total_ly.max(1) as f64;
            let silences =
                feed_silences(&feed.days, ly_window.from, (feed.last_travel, feed.mean_lead), &closed);
            let Some(s) = silences.filter(|_| share >= NEGLIGIBLE_SHARE) else { continue };
            let stopped = s.stopped_after.map(|last| (last + chrono::Days::new(1), ly_window.from));
            let missing = s
                .gaps
                .iter()
                .copied()
                .filter(|g| !closed_for_all_feeds(&feeds, *g))
                .chain(stopped)
                .find(|(_, to)| *to > ly_as_of);
            if let Some((from, to)) =
                missing.filter(|(from, _)| ly_cut.as_ref().is_none_or(|(d, _)| from < d))
            {
                ly_cut = Some((from, feed.market.clone()));
                notes.push(format!(
                    "last year's curve empty from {from}: {}: no flow of it booked from {from} to {to} ({} days), a silence its own rhythm makes unlikely (as `gaps --bookings` reads it): the store lacks the bookings of those days{}",
                    feed.market,
                    (to - from).num_days() + 1,
                    without_hint(&feed.market)
                ));
            }
        }
    }
    // The seats of the notes are those of the curve's last day known: where a stopped feed
    // cut it before `until`, read again as of that day (trial 80 L2: India's 758 seats of the
    // store's last day quoted "on 2026-11-28", where it had 704 then; +5.6% for +7.4%).
    let at_cut = if cut < until {
        store.seat_totals(&otb_by_market(&OtbQuery { as_of: cut, window: req.travel, ly: req.ly }))?
    } else {
        None
    };
    let (names, seats, seats_ly) = match &at_cut {
        Some(df) => (
            columns::strings(df, "market")?.into_iter().flatten().collect::<Vec<String>>(),
            columns::ints(df, "seats")?,
            columns::ints(df, "seats_ly")?,
        ),
        None => (names, seats, seats_ly),
    };
    let now_of = |wanted: &str| -> i64 {
        names.iter().zip(&seats).filter(|(m, _)| m.as_str() == wanted).filter_map(|(_, s)| *s).sum()
    };
    let sum_of = |values: &[Option<i64>]| -> i64 {
        names.iter().zip(values).filter(|(m, _)| drawn.contains(*m)).filter_map(|(_, s)| *s).sum()
    };
    let totals = (sum_of(&seats), sum_of(&seats_ly));
    let against_none =
        against_none.into_iter().map(|m| (m.clone(), now_of(&m))).filter(|(_, s)| *s > 0).collect();
    let few = names
        .iter()
        .zip(seats.iter().zip(&seats_ly))
        .filter(|(m, _)| drawn.contains(*m))
        .filter_map(|(m, (s, ly))| Some((m.clone(), (*s)?, (*ly)?)))
        .filter(|(_, s, ly)| next_to_none(*s as f64, *ly as f64))
        .collect();
    Ok(FeedCut { until: cut, ly_lacking, ly_cut, cut_by, against_none, few, totals, ly_until, ly_unknown })
}
