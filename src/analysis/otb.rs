//! On the books: seats booked by a snapshot date for travel in a window, against the same
//! time last year; and the booking curve (pace) of a window.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate};
use polars::prelude::*;

use super::rollup::{rollup, Rolled, RollupRule};
use super::vintage::{date_lit, latest_known};
use crate::columns;
use crate::engine::{week_of, Filter, Key, Measure, SeatTotals};
use crate::error::Result;
use crate::market::MarketTree;
use crate::period::{last_year, LyRule, Window};

/// The question: seats on the books as of `as_of` for travel in `window`.
#[derive(Debug, Clone, Copy)]
pub struct OtbQuery {
    pub as_of: NaiveDate,
    pub window: Window,
    pub ly: LyRule,
}

impl OtbQuery {
    /// Last year's snapshot date and window. A window in days shifts with its snapshot (364
    /// days, or a calendar year); a window in months shifts a calendar year, and its snapshot
    /// is as far ahead of last year's window as this one is of this year's: the same lead, so
    /// that last year does not count a day more or less of booking.
    pub fn last_year(&self) -> (NaiveDate, Window) {
        let window = self.window.last_year(self.ly);
        (self.back(self.as_of), window)
    }

    /// Last year's last day of booking for its window: its snapshot, or the window's end where
    /// earlier (a window travelled), as `booking_until` is this year's.
    pub fn last_year_booking_until(&self) -> NaiveDate {
        let (as_of, window) = self.last_year();
        as_of.min(window.to)
    }

    /// A day of booking a year back, as the snapshot is shifted (see `last_year`). In a window
    /// in months, as far ahead of last year's day of travel as `date` is of the window's first
    /// day still ahead of the snapshot: across 29 February a year back is 365 days before
    /// March and 366 before it, and the travel still to be booked decides (H1 as of 15 April
    /// is set against 15 April, not 14 April as January would have it).
    pub fn back(&self, date: NaiveDate) -> NaiveDate {
        if self.window.in_days {
            last_year(date, self.ly)
        } else {
            let ahead = self.first_ahead();
            last_year(ahead, LyRule::Calendar) - (ahead - date)
        }
    }

    /// The day of last year's travel that stands for `day` of this year's window: 364 days
    /// back in a window in days (with `--ly 364`), else the same date a year back (29
    /// February read as the 28th).
    pub fn travel_back(&self, day: NaiveDate) -> NaiveDate {
        last_year(day, self.travel_rule())
    }

    /// The day of this year's window that last year's day of travel `day` stands for
    /// (`travel_back`'s other way).
    pub fn travel_forward(&self, day: NaiveDate) -> NaiveDate {
        match self.travel_rule() {
            LyRule::Days364 => day + Days::new(364),
            LyRule::Calendar => {
                day.checked_add_months(chrono::Months::new(12)).unwrap_or(day + Days::new(365))
            }
        }
    }

    fn travel_rule(&self) -> LyRule {
        if self.window.in_days {
            self.ly
        } else {
            LyRule::Calendar
        }
    }

    /// The window's first day of travel not before the snapshot (its last, once travelled).
    fn first_ahead(&self) -> NaiveDate {
        self.as_of.clamp(self.window.from, self.window.to)
    }

    /// A note where one snapshot a year back cannot be as many days ahead of all the travel
    /// still to be booked: a window in months whose days ahead of the snapshot cross 29
    /// February (this year's or last year's).
    pub fn leap_note(&self) -> Option<String> {
        if self.window.in_days {
            return None;
        }
        let shift = |d: NaiveDate| (d - last_year(d, LyRule::Calendar)).num_days();
        let ahead = self.first_ahead();
        let mut day = ahead;
        while day <= self.window.to {
            if shift(day) != shift(ahead) {
                let (ly_as_of, _) = self.last_year();
                let more = if shift(day) > shift(ahead) { "one day less" } else { "one day more" };
                return Some(format!(
                    "last year's snapshot {ly_as_of} is as many days ahead of travel up to {} as this one; of travel from {day} it is {more} ahead (29 February): a window in days compares as many days ahead throughout",
                    day - Days::new(1)
                ));
            }
            day = match day.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        None
    }

    /// Calendar years of travel the query reads (this year's and last year's windows).
    pub fn travel_years(&self) -> (i32, i32) {
        let (_, ly) = self.last_year();
        (ly.from.year(), self.window.to.year())
    }
}

/// Seats on the books per market (not rolled up), this year and last year, from booking
/// flows: `seats` = flows booked on or before the snapshot for travel in the window; a market
/// with no such flow in one year is missing (null) in that year's column.
pub fn otb_by_market(q: &OtbQuery) -> SeatTotals {
    let (ly_as_of, ly_window) = q.last_year();
    let year = |name, as_of, window| Measure {
        name,
        filter: Filter { booked_by: Some(as_of), travel: Some(window), markets: None },
    };
    SeatTotals {
        label: "counting seats on the books",
        years: Some(q.travel_years()),
        key: Key::Market,
        measures: vec![year("seats", q.as_of, q.window), year("seats_ly", ly_as_of, ly_window)],
        reach: true,
    }
}

/// Markets whose seats last year the store cannot give: all of them (its flows do not reach
/// back over last year's window), or those whose flows start after it. Their last year is
/// missing, not 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnknownLastYear {
    pub all: bool,
    /// Markets as stored.
    pub markets: HashSet<String>,
}

impl UnknownLastYear {
    /// The markets (and groups above them) whose last year is unknown.
    fn below(&self, tree: &MarketTree) -> HashSet<String> {
        with_groups_above(tree, &self.markets)
    }
}

/// How far one market's flows for the window (booked by the snapshot) reach, this year and
/// last year: the last booking and the last day of travel.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Reach {
    pub last_booked: Option<NaiveDate>,
    pub last_travel: Option<NaiveDate>,
    pub first_booked: Option<NaiveDate>,
    pub last_booked_ly: Option<NaiveDate>,
    pub last_travel_ly: Option<NaiveDate>,
    pub first_booked_ly: Option<NaiveDate>,
    /// The number of weeks with a booking (see `SeatTotals::reach`), this year and last.
    pub weeks: Option<i64>,
    pub weeks_ly: Option<i64>,
    /// The longest step from a day with a booking to the next (see `SeatTotals::reach`), this
    /// year and last: 1 where every day has one.
    pub gap: Option<i64>,
    pub gap_ly: Option<i64>,
    /// The days of all the silences of `SILENT_DAYS` or more (see `SeatTotals::reach`), this year and
    /// last.
    pub silent: Option<i64>,
    pub silent_ly: Option<i64>,
    /// Over the `RECENT_DAYS` before the last booking, and where the flows were booked about it
    /// at a rhythm or so densely that it may be a feed out (see `SeatTotals::reach`), this
    /// year and last: the longest step to a day with a booking.
    pub suspect_gap: Option<i64>,
    pub suspect_gap_ly: Option<i64>,
}

/// Days without a booking after which a market whose flows went on being booked over the same
/// days last year is taken for a feed that may have stopped, not a market nobody booked; and
/// days by which last year's flows must have reached further ahead for this year's to be short.
pub const SILENT_DAYS: i64 = 7;

/// Silent days from which a feed booked on most days may lack a day's bookings, its own rhythm
/// tells (see `find_gaps`): over fewer, a market booked every day leaves fewer than
/// `EXPECTED_BOOKINGS` days of bookings to miss (trial 67 H1: a daily feed out for six days
/// counted them as 0 seats without a word).
pub const SHORTEST_GAP: i64 = 3;

/// Days before a year's last booking for a window whose silences shorter than `SILENT_DAYS`
/// are all looked at; before them, only those about which the flows were booked at a rhythm or
/// densely (see `SeatTotals::reach`): months ahead, a big market's flows for a window are
/// booked on few days (on gen.py's data, 78 of 200 markets were silent for three days or more
/// then, by chance, and reading all their days took otb's time from 1.1 to 1.8 s in a debug
/// build; none in the last 91 days).
pub const RECENT_DAYS: i64 = 91;

/// Days either side of a silence over which a feed's share of days booked is read
/// (`unlikely_silence`; and by the scan, `SeatTotals::reach`).
pub const SIDE_DAYS: i64 = 42;

/// Steps between days booked either side of a silence from which a feed's rhythm is read
/// (`regular_rhythm`; and by the scan, `SeatTotals::reach`).
pub const FLANK_STEPS: i64 = 12;

/// The days with a booking to expect over a silence (at the year's own rhythm, from the other
/// year's) from which it is a gap in the feed: with none seen where 3 were to be expected, a
/// market booked at random at that rhythm would be silent so long about one time in twenty.
pub const EXPECTED_BOOKINGS: f64 = 3.0;

/// The days of a window's bookings to expect over a gap in its market's feed from which the
/// window lacks some (see `find_gaps`).
pub const WINDOW_BOOKINGS: f64 = 1.0;

/// The chance below which a silence is a gap in the feed: that a market booked at random, at
/// the rhythm it was booked about the silence, is silent so long somewhere among its days.
pub const GAP_BY_CHANCE: f64 = 0.01;

/// The share of last year's seats below which what the store lacks is named, not withheld:
/// a group's figure with a member's flows cut short is shown (with a note) where that member
/// had less than this share of its seats last year.
pub const NEGLIGIBLE_SHARE: f64 = 0.01;

/// Last year's seats so few beside this year's (under `NEGLIGIBLE_SHARE` of them, a
/// hundredfold rise or more) that they are next to none: a route resumed or new, a day or a
/// handful of its seats in last year's window. A group counting them like with like changes
/// with a one-day shift of the window (trial 71 M1: +4.7% with 1,116 seats against 4, -2.1%
/// without them).
pub fn next_to_none(now: f64, before: f64) -> bool {
    before > 0.0 && before < NEGLIGIBLE_SHARE * now
}

/// A market whose flows for the window fall silent this year while last year's went on.
#[derive(Debug, Clone, PartialEq)]
pub struct Silent {
    /// As stored.
    pub market: String,
    /// Last year's last booking for the window.
    pub last_booked_ly: NaiveDate,
}

/// What the window's own flows suggest the store lacks, to be confirmed against all the store's
/// flows (a window nobody booked lately is not a feed that stopped).
#[derive(Debug, Clone, PartialEq)]
pub struct Suspects {
    /// The question's last day of booking, or the window's last booking in the store if earlier.
    pub until: NaiveDate,
    /// The window's last booking, before the question's last day of booking, and last year's,
    /// after the same day a year before.
    pub booked_until: Option<(NaiveDate, NaiveDate)>,
    /// The window's last day of travel, before its end, where last year's flows reached at
    /// least `SILENT_DAYS` further ahead of the snapshot.
    pub travel_until: Option<NaiveDate>,
    pub markets: Vec<Silent>,
    /// Markets whose flows for the window stop fewer than `SILENT_DAYS` before `until` (where
    /// other markets' go on), while last year's went on being booked after the same day: a
    /// feed that lags the others by days reads as a fall.
    pub lagging: Vec<Silent>,
    /// Markets whose flows for last year's window start less far ahead of it (by a tenth and
    /// `SILENT_DAYS`) than this year's do ahead of this window: last year may lack its
    /// earliest bookings.
    pub late_start: Vec<LateStart>,
    /// Markets whose flows for the window miss more whole weeks, between their first and last
    /// booking, in one year than in the other (days missing here and there leave no week
    /// empty; a gap of 13 days or more always does), or whose longest silence in one year is
    /// `SILENT_DAYS` or more and longer than the other year's (a gap of 7 to 12 days may empty
    /// no week), or whose silences of `SILENT_DAYS` or more run `SILENT_DAYS` longer in all (such a gap
    /// beside the holidays' silence of both years); whose last year's fell silent for
    /// `SILENT_DAYS` before its snapshot while this year's did not; or whose flows of one year
    /// started `SILENT_DAYS` or more less far ahead than the other's (a gap wholly before a
    /// year's first booking leaves no week empty between its first and last): one of the years
    /// may lack the bookings of some days (see `find_gaps`).
    pub gaps: Vec<String>,
}

/// A market whose flows for last year's window were first booked `lead_ly` days ahead of it,
/// where this year's were first booked `lead` days ahead.
#[derive(Debug, Clone, PartialEq)]
pub struct LateStart {
    /// As stored.
    pub market: String,
    pub first_booked_ly: NaiveDate,
    pub lead_ly: i64,
    pub lead: i64,
}

/// The last day of booking that counts: the snapshot, or the window's end when earlier.
pub fn booking_until(q: &OtbQuery) -> NaiveDate {
    q.as_of.min(q.window.to)
}

/// Last year's day of travel as far ahead of last year's snapshot as `travel` is of this year's.
pub fn same_lead_last_year(q: &OtbQuery, travel: NaiveDate) -> NaiveDate {
    q.last_year().0 + (travel - q.as_of)
}

/// Where this year's flows for the window fall silent while last year's went on (see `Suspects`).
pub fn suspects(q: &OtbQuery, reach: &[(String, Reach)]) -> Suspects {
    let max = |f: fn(&Reach) -> Option<NaiveDate>| reach.iter().filter_map(|(_, r)| f(r)).max();
    let until = booking_until(q);
    let last_booked = max(|r| r.last_booked);
    let mut out = Suspects {
        until: last_booked.map_or(until, |l| l.min(until)),
        booked_until: None,
        travel_until: None,
        markets: Vec::new(),
        lagging: Vec::new(),
        late_start: Vec::new(),
        gaps: Vec::new(),
    };
    // Last year's went on being booked past the day this year's stop (a window that ended
    // before the snapshot was last booked days before its end, so that, not the snapshot, is
    // the day to reach). The store confirms it: only where none of its flows is booked later
    // is the question refused, so no silence is tolerated here: a snapshot 3 days after the
    // store's last booking set against last year's 3 more days read -6% where all was even.
    if let (Some(last), Some(ly)) = (last_booked, max(|r| r.last_booked_ly)) {
        if last < until && ly > q.back(last) {
            out.booked_until = Some((last, ly));
        }
    }
    // Compared by how far ahead of each year's snapshot the flows reach.
    if let (Some(last), Some(ly)) = (max(|r| r.last_travel), max(|r| r.last_travel_ly)) {
        if last < q.window.to && (ly - same_lead_last_year(q, last)).num_days() >= SILENT_DAYS {
            out.travel_until = Some(last);
        }
    }
    let ly_from = q.last_year().1.from;
    for (m, r) in reach {
        let (mut late_now, mut late_ly) = (false, false);
        if let (Some(first), Some(first_ly)) = (r.first_booked, r.first_booked_ly) {
            let (lead, lead_ly) = ((q.window.from - first).num_days(), (ly_from - first_ly).num_days());
            // A year's flows that start a week or more less far ahead than the other's may
            // start after a gap in its feed: `find_gaps` tells such a gap from a market whose
            // first bookings came later by chance (a gap of 20 days in 150 days ahead is
            // under a tenth of them).
            late_now = lead + SILENT_DAYS <= lead_ly;
            late_ly = lead_ly + SILENT_DAYS <= lead;
            // Short by a tenth and a week: the earliest booking of a small market varies by
            // chance from year to year by a few days.
            if lead_ly + SILENT_DAYS < lead * 9 / 10 {
                out.late_start.push(LateStart {
                    market: m.clone(),
                    first_booked_ly: first_ly,
                    lead_ly,
                    lead,
                });
            }
        }
        // Weeks between the first and the last booking with none.
        let missing = |first: Option<NaiveDate>, last: Option<NaiveDate>, weeks: Option<i64>| {
            Some(week_of(last?) - week_of(first?) + 1 - weeks?)
        };
        let now = missing(r.first_booked, r.last_booked, r.weeks);
        let differ = match (now, missing(r.first_booked_ly, r.last_booked_ly, r.weeks_ly)) {
            (Some(now), Some(ly)) => now != ly,
            _ => false,
        };
        // A silence of 7 to 12 days may leave no whole week empty, nor a weekday feed's of 10
        // days many more days: the longest silence tells it, where one year's is `SILENT_DAYS`
        // or more and longer than the other's (a holiday's, both years, or a market booked now
        // and then, is as long in both).
        // (Or as long: whether its own rhythm makes it a gap, `find_gaps` says; review 35 H2: a
        // market booked every day this year, out for a week, beside a year before booked on
        // half its days, silent as long by chance.)
        let (silence, silence_ly) = (r.gap.map(|g| g - 1), r.gap_ly.map(|g| g - 1));
        let longer = |a: Option<i64>, _: Option<i64>| a.is_some_and(|a| a >= SILENT_DAYS);
        // Beside a silence both years had (the holidays), another in one year only: its
        // silences run a week longer in all.
        let more = |a: Option<i64>, b: Option<i64>| a.unwrap_or(0) >= b.unwrap_or(0) + SILENT_DAYS;
        // A silence of `SHORTEST_GAP` days or more among the year's recent bookings, whatever
        // the market's rhythm (`find_gaps` judges it by that; review 45 H1: a share of days
        // booked over the span, diluted by a sparse start, missed a daily feed out six days).
        let recent = |gap: Option<i64>| gap.is_some_and(|g| g > SHORTEST_GAP);
        let days_differ = longer(silence, silence_ly)
            || longer(silence_ly, silence)
            || recent(r.suspect_gap)
            || recent(r.suspect_gap_ly)
            || more(r.silent, r.silent_ly)
            || more(r.silent_ly, r.silent);
        // Last year's fell silent before its snapshot, while this year's go on.
        let quiet_ly = r.last_booked_ly.is_some_and(|ly| (q.back(out.until) - ly).num_days() >= SILENT_DAYS)
            && r.last_booked.is_some_and(|last| (out.until - last).num_days() < SILENT_DAYS);
        if differ || days_differ || quiet_ly || late_now || late_ly {
            out.gaps.push(m.clone());
        }
        let Some(ly) = r.last_booked_ly else { continue };
        if r.last_booked.is_none_or(|last| stopped_before(q, out.until, last, ly)) {
            out.markets.push(Silent { market: m.clone(), last_booked_ly: ly });
        } else if r.last_booked.is_some_and(|last| {
            last < out.until && (out.until - last).num_days() < SILENT_DAYS && ly > q.back(last)
        }) {
            out.lagging.push(Silent { market: m.clone(), last_booked_ly: ly });
        }
    }
    out
}

/// Whether flows last booked on `last` fall silent for `SILENT_DAYS` or more before `until`
/// while last year's went on being booked (to `last_ly`) until less than `SILENT_DAYS` before
/// the same day a year before: silent now, not then.
fn stopped_before(q: &OtbQuery, until: NaiveDate, last: NaiveDate, last_ly: NaiveDate) -> bool {
    (until - last).num_days() >= SILENT_DAYS && went_on(q, until, last_ly)
}

/// Whether last year's flows were booked (last on `last_ly`) until less than `SILENT_DAYS`
/// before last year's equivalent of `until`.
fn went_on(q: &OtbQuery, until: NaiveDate, last_ly: NaiveDate) -> bool {
    (q.back(until) - last_ly).num_days() < SILENT_DAYS
}

/// A market whose flows stop before the question's last day of booking.
#[derive(Debug, Clone, PartialEq)]
pub struct Stopped {
    /// As stored.
    pub market: String,
    /// Its last booking by the snapshot, for any travel in the years read.
    pub last_booked: NaiveDate,
    /// The question's last day of booking.
    pub until: NaiveDate,
    pub last_booked_ly: NaiveDate,
    /// Its last day of travel booked by the snapshot, for any travel in the years read, where
    /// known.
    pub last_travel: Option<NaiveDate>,
}

/// Days after a market's last booking within which all its travel ends, for its flows to read
/// as a route that closed (nothing was on sale for later travel) as much as a feed stopped.
pub const CLOSED_WITHIN_DAYS: i64 = 7;

impl Stopped {
    /// What is known of it, for a note.
    pub fn describe(&self) -> String {
        format!(
            "{}: no flow of it booked after {}, {} days before {}, though last year's for the window went on being booked to {}: its feed may have stopped{}",
            self.market,
            self.last_booked,
            (self.until - self.last_booked).num_days(),
            self.until,
            self.last_booked_ly,
            self.closed_too()
        )
    }

    /// Where its travel ends within days of its last booking (trial 54 M1: a route that closed
    /// read only as a stopped feed): a route closed, which the store cannot tell from a feed
    /// stopped, and what compares the others.
    fn closed_too(&self) -> String {
        let within = |t: &NaiveDate| (0..=CLOSED_WITHIN_DAYS).contains(&(*t - self.last_booked).num_days());
        let Some(t) = self.last_travel.filter(within) else {
            return String::new();
        };
        let days = (t - self.last_booked).num_days();
        format!(
            ", or the route closed: its flows reach travel only to {t}, {days} day{} after its last booking, with none booked for later travel (the store cannot tell the two; where it closed, its groups' other members compare, or {} moved out of its groups with `ingest markets --replace`)",
            if days == 1 { "" } else { "s" },
            self.market
        )
    }

    /// A feed days behind the others, for a note.
    pub fn describe_lag(&self) -> String {
        let days = (self.until - self.last_booked).num_days();
        format!(
            "{}: no flow of it booked after {}, {days} day{} before {} to which other markets' flows run, though last year's for the window went on being booked after the same day: its feed may lag the others', and its seats be short by those days (--as-of {} compares it on its last day)",
            self.market,
            self.last_booked,
            if days == 1 { "" } else { "s" },
            self.until,
            self.last_booked
        )
    }
}

/// The markets whose flows of any travel (`last_booked`: each market's last booking by the
/// snapshot) stop fewer than `SILENT_DAYS` before the question's last day of booking, while
/// other markets' and last year's went on (see `Suspects::lagging`).
pub fn lagging(suspects: &Suspects, last_booked: &HashMap<String, NaiveDate>) -> Vec<Stopped> {
    confirmed(&suspects.lagging, suspects.until, last_booked, |last, _| last < suspects.until)
}

/// The silent markets whose flows of any travel (`last_booked`: each market's last booking by
/// the snapshot) stop too: a market silent for the window but booked for other travel is a
/// window nobody booked, not a feed that stopped.
pub fn stopped(q: &OtbQuery, suspects: &Suspects, last_booked: &HashMap<String, NaiveDate>) -> Vec<Stopped> {
    confirmed(&suspects.markets, suspects.until, last_booked, |last, ly| {
        stopped_before(q, suspects.until, last, ly)
    })
}

/// The markets of `silent` whose last booking of any travel (`last_booked`) `holds` of, with
/// last year's last booking for the window.
fn confirmed(
    silent: &[Silent],
    until: NaiveDate,
    last_booked: &HashMap<String, NaiveDate>,
    holds: impl Fn(NaiveDate, NaiveDate) -> bool,
) -> Vec<Stopped> {
    silent
        .iter()
        .filter_map(|s| {
            let last = *last_booked.get(&s.market)?;
            holds(last, s.last_booked_ly).then(|| Stopped {
                market: s.market.clone(),
                last_booked: last,
                until,
                last_booked_ly: s.last_booked_ly,
                last_travel: None,
            })
        })
        .collect()
}

/// `SILENT_DAYS` or more on which a market's feed brought no booking at all, within its flows
/// of this year or last, while the other year's flows for the window were booked on enough of
/// the same days (by lead) for `EXPECTED_BOOKINGS` at the year's own rhythm: the store lacks
/// that year's bookings of those days (a feed that broke off and came back), not a market
/// nobody booked.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// As stored.
    pub market: String,
    /// Whether the days are last year's (else this year's).
    pub last_year: bool,
    /// The first and last day without a booking.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The days the other year's flows for the window were booked over the same days.
    pub booked_other: usize,
    /// Where the store has no flows of the other year for the window: the share of days about
    /// the silence the year's own flows for it were booked on, by which it is a gap.
    pub own_share: Option<f64>,
    /// Gaps of the same year after this one.
    pub more: usize,
    /// Whether the year's own flows for the window were booked before the gap (else they
    /// begin after it, and nothing of the window was known before it).
    pub booked_before: bool,
    /// Whether the market's first booking in the store (for any travel read) follows it: the
    /// store lacks its bookings of those days, or its sales began after them.
    pub feed_begins: bool,
    /// Where it begins the span looked at and the market's bookings before it end long before
    /// (`SEASON_BREAK` days or more): the day of the last of them. A seasonal route's sales
    /// that opened later than a year before look alike (review 85 A-M2).
    pub idle_since: Option<NaiveDate>,
    /// The first day of travel whose bookings were read (`feed_begins` is of them: a route's
    /// earlier seasons are not read).
    pub read_from: NaiveDate,
    /// A gap by one beat missed of the market's rhythm alone (see `missed_beats`): a delivery
    /// not loaded, or sent with the next, which the days booked cannot tell apart.
    pub one_beat: bool,
    /// The days within it of a weekly file's late bookings, set aside (see
    /// `late_bookings_aside`).
    pub aside: usize,
}

/// Days without any booking of a market before a silence at the start of the span looked at
/// that make it a season's start, as far as the flows can tell, rather than a feed out.
pub const SEASON_BREAK: i64 = 28;

impl Gap {
    /// What is known of it, for a note.
    pub fn describe(&self) -> String {
        let (this, other) =
            if self.last_year { ("last year's", "this year's") } else { ("this year's", "last year's") };
        let though = match self.own_share {
            Some(share) => format!(
                "though they were booked on {:.0}% of the days about them (the store has no flows of {} for the window to compare)",
                share * 100.0,
                if self.last_year { "this year" } else { "last year" }
            ),
            None => format!(
                "though {other} for the window were booked on {} of the same days (by days ahead of travel)",
                self.booked_other
            ),
        };
        // Before the market's first booking in the store, the flows cannot tell a file not
        // loaded from sales begun later (review 56 M1: a feed first booked on 2025-02-06 was
        // said to lack the bookings of 2025-01-21 on).
        // (Of travel from the first year read: a route's earlier seasons are not read, review 87
        // M2: "its first booking in the store" of a route the store had from a year before.)
        let lacks = if self.feed_begins {
            format!(
                "its first booking in the store for travel from {} on is on {}: the store lacks its bookings of those days, or its sales began then (the flows cannot tell the two)",
                self.read_from,
                self.to + Days::new(1)
            )
        } else if let Some(since) = self.idle_since {
            format!(
                "its first booking since {since} is on {}: the store lacks its bookings of those days, or its sales for the season began then, later than {} (the flows cannot tell the two)",
                self.to + Days::new(1),
                if self.last_year { "this year's" } else { "a year before" }
            )
        } else if self.one_beat {
            // (Review 91 H1: read by the size of the next delivery, a missed one was hidden by
            // a big week; review 90 M1: Easter Monday's, sent with the next, was said lacking.)
            "one delivery of its rhythm missed: the store lacks the bookings of those days, or they were sent with the next delivery (the flows cannot tell the two)".to_string()
        } else {
            // (Trial 92 M1: a market that sold nothing for two weeks, this year only, was said
            // to lack its bookings, as a fact.)
            format!(
                "the store lacks the bookings of those days, or none were made then (its sales closed {} only: the flows cannot tell the two)",
                if self.last_year { "last year" } else { "this year" }
            )
        };
        format!(
            "{}: no flow of it booked from {} to {} ({} days{}) among {this} flows, {though}: {lacks}{}",
            self.market,
            self.from,
            self.to,
            (self.to - self.from).num_days() + 1,
            match self.aside {
                0 => String::new(),
                n => format!(
                    ", but for a few late bookings or cancellations on {n} of them, each on its own day beside its weekly file's deliveries"
                ),
            },
            match self.more {
                0 => String::new(),
                1 => " (and of another such gap later)".to_string(),
                n => format!(" (and of {n} such gaps later)"),
            }
        )
    }
}

/// The first gap of each year in one market's bookings (see `Gap`), from the days its flows
/// were booked: `window` for the window by the snapshot, `window_ly` for last year's window by
/// last year's snapshot, `any` for any travel read by the snapshot, complete from
/// `complete_from` on (before it, bookings for travel the store was not read for are missing).
/// Each year's gaps are looked for from its first booking for the window, or the other year's
/// as far ahead if earlier (its flows may start late for a gap), to its last day of booking
/// (last year's `booking_until` a year before; this year's last booking, after which see
/// `stopped`). The other year's days booked over a silence are scaled by how often the year's
/// own flows for the window were booked against the other's over the rest of the span, at most
/// as often (the bookings to expect there, at least `WINDOW_BOOKINGS` for a gap): a market
/// booked every tenth day since a fall in sales has silences of nine days, and no gap; one
/// booked weekly that fell silent for six weeks has one. Silences `closed` tells are sales
/// closed for all (see `closed_for_all`) are none.
pub fn find_gaps(
    q: &OtbQuery,
    market: &str,
    days: &BookingDays,
    complete_from: NaiveDate,
    closed: &Closed<'_>,
) -> Vec<Gap> {
    let ly_window = q.last_year().1;
    let until = booking_until(q);
    // (The last day of booking the store knows: `find`'s own `until` is its year's.)
    let known_to = until;
    let shift = (q.window.from - ly_window.from).num_days();
    // Every day booked, for the skips a feed makes elsewhere (see `skips_now_and_then`).
    let history = steps_between(&days.any.iter().copied().collect::<Vec<_>>());
    let known: Vec<NaiveDate> = days.any.range(complete_from..=known_to).copied().collect();
    let find = |first: Option<NaiveDate>, until: NaiveDate, open: bool, last_year: bool| -> Option<Gap> {
        let (own, other, to_other) = if last_year {
            (&days.window_ly, &days.window, shift)
        } else {
            (&days.window, &days.window_ly, -shift)
        };
        let map = |d: NaiveDate| d + chrono::TimeDelta::days(to_other);
        let first = first?.max(complete_from);
        if first > until {
            return None;
        }
        // The day before `first` stands for a booking (a silence from `first` on counts), as
        // does the day after `until` where `open` (a silence up to it counts).
        let mut booked: Vec<NaiveDate> = first.pred_opt().into_iter().collect();
        booked.extend(days.any.range(first..=until));
        if open {
            booked.push(until + Days::new(1));
        }
        let silences: Vec<(NaiveDate, NaiveDate)> = booked
            .windows(2)
            .filter(|d| (d[1] - d[0]).num_days() > SHORTEST_GAP)
            .map(|d| (d[0] + Days::new(1), d[1] - Days::new(1)))
            .collect();
        let (own_days, other_days) =
            (own.range(first..=until).count(), other.range(map(first)..=map(until)).count());
        let steps = steps_between(&booked);

        // A silence before the first booking read of a market with no flow for the year's
        // window is no gap in its feed: the feed had not begun (trial 53 #2: a route first
        // booked in October read as lacking the bookings of last January to June); whether its
        // window is known, the store's first booking says (`otb`). One with flows for the
        // window that start late lacks its earliest bookings (`late_starts`), or has a gap.
        let begun = |from: NaiveDate| !own.is_empty() || days.any.range(..from).next().is_some();
        let mut gaps = silences.iter().filter(|(from, _)| begun(*from)).filter_map(|&(from, to)| {
            let booked_other = other.range(map(from)..=map(to)).count();
            // How often the year's own flows were booked against the other's outside this
            // silence (its own days are none within it).
            // At most 1: a market booked more often than a year before expects no more
            // bookings over a silence than the other year had there.
            let rate = match other_days - booked_other {
                0 => 1.0,
                n => (own_days as f64 / n as f64).min(1.0),
            };
            // Whether the market's own rhythm makes so long a silence unlikely: a quiet spell of
            // a trickle of bookings is no gap (trial 61 M1: a market booked on about half its
            // days, silent for 8, its year's seats withheld); an outage of a market booked every
            // day, or of one booked on a steady rhythm (every other day, weekly), is one (review
            // 35 H1, H2).
            let len = (to - from).num_days() + 1;
            let missed = missed_beats(&steps, (from, to), &history);
            let regular = missed.is_some();
            // Its rhythm about the silence is read over every day booked the store knows, not
            // only the year's span for the window (review 104 F2: a feed booking 0-25 days
            // ahead, three days lost 10 days before last year's snapshot, had under 14 days
            // on either side within the span, and its seats were short by a quarter, unsaid).
            let unlikely =
                unlikely_silence((&known, booked.len()), (from, to), (complete_from, known_to), &days.shut);
            let gap = regular || unlikely;
            // The bookings for the window to expect over it: the other year's there, at this
            // year's pace; where the store has no flows of the other year for the window, the
            // year's own about it (trial 62 H1: a market booked every day, out for a week, its
            // seats short without a word where last year was not in the store).
            let (start, end) = ((from - Days::new(42)).max(first), (to + Days::new(42)).min(until));
            let around = (from - start).num_days().max(0) + (end - to).num_days().max(0)
                - days.shut.range(start..=end).filter(|d| **d < from || **d > to).count() as i64;
            let near = own.iter().filter(|d| (start..from).contains(*d) || (to < **d && **d <= end)).count();
            // The silence's days other markets were booked on (review 46 M2).
            let open_len = open_days((from, to), &days.shut);
            let own_expected = near as f64 * open_len as f64 / around.max(1) as f64;
            // The other year booked over the silence about as often as about it (at least half
            // of that, once or more): no holiday of both years, whose days it was not booked on
            // (review 36 H3, H4: a weekly feed missing two deliveries, a daily one out nine days
            // beside a year booked on few days, each under 3 bookings to expect).
            let other_span = ((end - start).num_days() + 1) as f64;
            let other_near = other.range(map(start)..=map(end)).count() as f64;
            let usual_there =
                booked_other >= 1 && booked_other as f64 >= 0.5 * other_near / other_span * len as f64;
            // A gap of the feed (its own rhythm says so, over its bookings for any travel) that
            // the window's flows would have been booked in a day or more of (trial 70 H1: a
            // month's window, booked on few days, lacking a day or two of a five-day outage,
            // -10.5% where -5.7%, with no word).
            let (relevant, own_share) = match other_days {
                0 => (own_expected >= WINDOW_BOOKINGS, Some(near as f64 / around.max(1) as f64)),
                _ => (
                    rate * booked_other as f64 * open_len as f64 / len as f64 >= WINDOW_BOOKINGS
                        || (usual_there && (own_expected >= WINDOW_BOOKINGS || regular)),
                    None,
                ),
            };
            // Fewer than `SHORTEST_GAP` of its days other markets were booked on: too few to tell
            // (review 46 M2: a daily feed out the day before Easter, closed for all, withheld).
            let gap = gap && open_len >= SHORTEST_GAP;
            // A closure of its own kept on the same days a year before, as `gaps --bookings`
            // reads it (review 47 M1: a feed closed every Christmas, its seats withheld).
            let kept = silent_a_year_before(&days.any, (from, to), false, Some(known_to));
            (relevant && gap && !closed((from, to)) && !kept).then(|| Gap {
                market: market.to_string(),
                last_year,
                from,
                to,
                booked_other,
                own_share,
                more: 0,
                booked_before: own.range(..from).next().is_some(),
                feed_begins: days.any.range(..from).next().is_none(),
                one_beat: !unlikely && missed == Some(Missed::One),
                aside: days.aside.range(from..=to).count(),
                idle_since: days
                    .any
                    .range(..from)
                    .next_back()
                    .copied()
                    .filter(|prev| from == first && (from - *prev).num_days() >= SEASON_BREAK),
                read_from: complete_from,
            })
        });
        let mut earliest = gaps.next()?;
        earliest.more = gaps.count();
        Some(earliest)
    };
    [
        find(
            days.window
                .first()
                .copied()
                .into_iter()
                .chain(days.window_ly.first().map(|d| *d + Days::new(shift.unsigned_abs())))
                .min(),
            until,
            false,
            false,
        ),
        find(
            days.window_ly
                .first()
                .copied()
                .into_iter()
                .chain(days.window.first().and_then(|d| d.checked_sub_days(Days::new(shift.unsigned_abs()))))
                .min(),
            q.back(until),
            true,
            true,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What one market's booking feed lacks, its days booked (any travel) read alone: the silences
/// its own rhythm makes unlikely (`gaps`: a feed booked every day out for a week, a weekly
/// one missing two deliveries), those it kept on the same days a year before too (`yearly`: a
/// closure, no gap), and the day after which it stopped while the store went on to `until`
/// and its flights went on after it (`stopped_after`), as `otb` and `pace` tell them for a
/// window. A feed of fewer than `FEED_DAYS_JUDGED` days booked is not judged (`judged`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedSilences {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub judged: bool,
    /// Booked up to its last flight (at its shortest lead): a route that ended.
    pub ended: bool,
    pub gaps: Vec<(NaiveDate, NaiveDate)>,
    pub yearly: Vec<(NaiveDate, NaiveDate)>,
    pub stopped_after: Option<NaiveDate>,
}

/// Days booked a feed needs before its rhythm tells a gap (review 42 M2: a single booking read
/// as a feed stopped, one early booking before sales opened as a gap of 60 days).
pub const FEED_DAYS_JUDGED: usize = 8;

/// Days booked before a silence for it to be a gap: after fewer, sales may not have opened
/// (review 44 M4: two early bookings made one of 56 days).
pub const FEED_DAYS_BEGUN: usize = 4;

/// The silences of a feed booked on `days` (none: `None`) up to `until`, the last day of
/// booking the store knows; its last day of travel with seats on the books, and its mean lead
/// in days (`last_travel`, `mean_lead`).
pub fn feed_silences(
    days: &BTreeSet<NaiveDate>,
    until: NaiveDate,
    (last_travel, mean_lead): (NaiveDate, f64),
    shut: &BTreeSet<NaiveDate>,
) -> Option<FeedSilences> {
    let (first, last) = (*days.first()?, *days.last()?);
    let judged = days.len() >= FEED_DAYS_JUDGED;
    let booked: Vec<NaiveDate> = days.iter().copied().collect();
    let steps = steps_between(&booked);
    let (gaps, yearly): (Vec<_>, Vec<_>) = steps
        .iter()
        // As `find_gaps` reads them: `SHORTEST_GAP` days or more from one booking to the next.
        .filter(|(_, len)| judged && *len >= SHORTEST_GAP)
        .map(|&(from, len)| (from, from + Days::new(len as u64 - 1)))
        // Begun: a handful of days booked before it (an early booking before sales opened is no
        // feed out).
        .filter(|(from, _)| days.range(..*from).count() >= FEED_DAYS_BEGUN)
        // `SHORTEST_GAP` days or more other markets were booked on, as `find_gaps` reads them.
        .filter(|&g| open_days(g, shut) >= SHORTEST_GAP)
        .filter(|&(from, to)| {
            missed_beats(&steps, (from, to), &steps).is_some()
                || unlikely_silence((&booked, booked.len()), (from, to), (first, last), shut)
        })
        .partition(|&g| !silent_a_year_before(days, g, false, Some(until)));
    // Its last flights booked nearer its last day than it books on the whole: a route that
    // ended, whose reach shrank to its last flight (review 42 M1); a feed stopped still
    // reaches as far as ever on its last day (review 43 H1, 44 H1). A feed that books a day
    // ahead or less tells neither: read as stopped, and so said.
    let ended = mean_lead > 1.0 && ((last_travel - last).num_days() as f64) < mean_lead;
    let silent = (until - last).num_days() >= SILENT_DAYS;
    // Silent to the end as on the same days a year before: a season's break in sales (review
    // 44 M3).
    let break_kept = silent && silent_a_year_before(days, (last + Days::new(1), until), true, None);
    let mut yearly = yearly;
    if break_kept && !ended {
        yearly.push((last + Days::new(1), until));
    }
    let stopped_after =
        (judged && !ended && !break_kept && silent && !quiet_by_chance(days, last, until, first))
            .then_some(last);
    Some(FeedSilences { first, last, judged, ended, gaps, yearly, stopped_after })
}

/// Whether days from one to another are sales closed for all (see `find_gaps`).
pub type Closed<'a> = dyn Fn((NaiveDate, NaiveDate)) -> bool + 'a;

/// Of the feeds booked on `feeds` (each its days, any travel), those booked on half or more of
/// the 28 days before `from` and of the 28 after `to` (3 or more: a weekly feed silent on the
/// days between is no closure, review 45 H3), where four in five or more of them had no booking
/// from `from` to `to`: those silent then, and how many were booked about those days; sales
/// closed for all (a holiday; a store's first Christmas), no feed out (trial 67 M1, M2).
pub fn closed_for_all<'a>(
    feeds: impl IntoIterator<Item = &'a BTreeSet<NaiveDate>>,
    (from, to): (NaiveDate, NaiveDate),
) -> Option<(Vec<&'a BTreeSet<NaiveDate>>, usize)> {
    let around = Days::new(28);
    let active: Vec<&BTreeSet<NaiveDate>> = feeds
        .into_iter()
        .filter(|f| {
            f.range((from - around)..from).count() >= 14
                && f.range((to + Days::new(1))..=(to + around)).count() >= 14
        })
        .collect();
    let n = active.len();
    let silent: Vec<&BTreeSet<NaiveDate>> =
        active.into_iter().filter(|f| f.range(from..=to).next().is_none()).collect();
    (n >= 3 && silent.len() * 5 >= n * 4).then_some((silent, n))
}

/// Whether four in five or more of the feeds booked on `silent` (each its days) were silent
/// over the same days a year before too (see `silent_a_year_before`): a closure kept every year.
pub fn kept_a_year_before(silent: &[&BTreeSet<NaiveDate>], span: (NaiveDate, NaiveDate)) -> bool {
    let kept = silent.iter().filter(|days| silent_a_year_before(days, span, false, None)).count();
    !silent.is_empty() && kept * 5 >= silent.len() * 4
}

/// Whether sales closed for all from `from` to `to` (see `closed_for_all`) are read as such,
/// not as a gap in each feed: where four in five of the feeds silent then (`silent`) kept those
/// days a year before too, where they are fewer than `SILENT_DAYS`, or where no feed of `feeds`
/// was booked a year before them (a store's first Christmas, trial 67 M1: nothing tells it
/// from every market's files missing, so a note says both). A week or more of them not kept
/// is a gap in each (review 45 M4).
pub fn read_as_closed<'a>(
    feeds: impl IntoIterator<Item = &'a BTreeSet<NaiveDate>>,
    silent: &[&BTreeSet<NaiveDate>],
    span: (NaiveDate, NaiveDate),
) -> bool {
    kept_a_year_before(silent, span) || closed_though_not_kept(feeds, span)
}

/// Whether sales closed for all from `from` to `to`, not kept a year before, are read as such
/// (see `read_as_closed`): fewer than `SILENT_DAYS`, or no feed of `feeds` booked a year before.
pub fn closed_though_not_kept<'a>(
    feeds: impl IntoIterator<Item = &'a BTreeSet<NaiveDate>>,
    (from, to): (NaiveDate, NaiveDate),
) -> bool {
    let year_before = from - Days::new(367);
    (to - from).num_days() + 1 < SILENT_DAYS
        || !feeds.into_iter().any(|f| f.first().is_some_and(|d| *d <= year_before))
}

/// Whether a feed booked on `days` was silent over the same days a year before (52 weeks, the
/// same weekdays; or a calendar year), or, where the feed has no year before, a year after (a
/// store's first year: review 95 M3, a two-week closure every Christmas a gap in the first), booked within 3 days before them then,
/// and within 3 days after them (the same silence, not a longer one that holds it: review 43
/// H2), unless `open_end` (a silence up to the store's last day, whose end is not known yet,
/// nor any year after it): a closure or a break in sales it keeps every year (review 42 M1, 44
/// M3).
/// `known_to`: the last day of booking the store knows, where a silence of the year after
/// that runs up to it is taken to end as the silence a year before it did (review 104 F1: a
/// store's first Christmas closure read as last year's gap at a snapshot inside the second).
fn silent_a_year_before(
    days: &BTreeSet<NaiveDate>,
    (from, to): (NaiveDate, NaiveDate),
    open_end: bool,
    known_to: Option<NaiveDate>,
) -> bool {
    // A calendar year is 12 months, not 365 days (a Christmas after a 29 February read as not
    // kept: its days a year before ran to 2 January).
    let weeks = |d: NaiveDate| d.checked_sub_days(Days::new(364));
    let year = |d: NaiveDate| d.checked_sub_months(chrono::Months::new(12));
    let weeks_after = |d: NaiveDate| d.checked_add_days(Days::new(364));
    let year_after = |d: NaiveDate| d.checked_add_months(chrono::Months::new(12));
    // The year after only where the feed holds no year before (review 102 H1: a file lost in
    // a feed's second year, booked on those days the year before, silent on them the year
    // after for another reason, read as a closure kept: short without a word).
    let no_year_before = days.first().is_none_or(|first| *first > from - Days::new(367));
    let apart: &[fn(NaiveDate) -> Option<NaiveDate>] = match !open_end && no_year_before {
        true => &[weeks, year, weeks_after, year_after],
        false => &[weeks, year],
    };
    apart.iter().any(|back| {
        let (Some(a), Some(b)) = (back(from), back(to)) else {
            return false;
        };
        let edge = Days::new(3);
        let booked_before = days.range((a - edge)..a).next().is_some();
        let still_silent =
            known_to.is_some_and(|k| b + edge > k && a <= k && days.range(a..=k).next().is_none());
        let booked_after =
            open_end || still_silent || days.range((b + Days::new(1))..=(b + edge)).next().is_some();
        let len = (b - a).num_days() + 1;
        let within = days.range(a..=b).count() as f64;
        // Silent against its own rhythm then: a quarter or less of the days it was booked on
        // about them (review 47 M1's fix: a weekly feed missing two deliveries, booked twice in
        // the same 20 days a year before, as its rhythm gives, read as a closure kept).
        let about = days.range((a - Days::new(42))..a).count()
            + days.range((b + Days::new(1))..=(b + Days::new(42))).count();
        let expected = about as f64 / 84.0 * len as f64;
        booked_before && booked_after && within * 10.0 <= len as f64 && within <= 0.25 * expected
    })
}

/// Whether a market's feed silent from the day after `last` to `until` (its last booking and
/// the question's last day of booking), its days with a booking `any` (any travel), complete
/// from `first`, may be quiet by chance: its own flows were silent as long in the quarter before
/// (trial 62 M1: a trickle quiet for ten days at the end of the flows, after silences of 11 and
/// 13). A silence that ends at the snapshot stands in one place, where chance has no year of
/// places to find it (review 36 H2: a market booked on half its days, stopped two weeks
/// before, read -13.8% where +6.9%).
pub fn quiet_by_chance(
    any: &BTreeSet<NaiveDate>,
    last: NaiveDate,
    until: NaiveDate,
    first: NaiveDate,
) -> bool {
    // Stopped before the span read (review 36 H1: a range from after its end panicked).
    if last < first || last >= until {
        return last >= until;
    }
    // Its silences of the quarter before it (not a season's break between two years' sales).
    let len = (until - last).num_days();
    let since = (last - Days::new(QUARTER_DAYS)).max(first);
    let booked: Vec<NaiveDate> = any.range(since..=last).copied().collect();
    let all: Vec<NaiveDate> = any.range(first..=last).copied().collect();
    let steps = steps_between(&all);
    // A silence as long that was itself an outage (its rhythm makes it unlikely) is no quiet
    // spell (review 42 H1: a daily feed out in April, stopped in June, read as a trickle).
    let outage = |(from, to): (NaiveDate, NaiveDate)| {
        missed_beats(&steps, (from, to), &steps).is_some()
            || unlikely_silence((&all, all.len()), (from, to), (first, last), &BTreeSet::new())
    };
    if booked
        .windows(2)
        .filter(|d| (d[1] - d[0]).num_days() > len)
        .any(|d| !outage((d[0] + Days::new(1), d[1] - Days::new(1))))
    {
        return true;
    }
    // A feed booked on a rhythm (every 15 days) is not booked at random.
    if regular_rhythm((last, until), &steps).is_some() {
        return false;
    }
    // Or one a market booked at random at its rhythm of the six weeks before (the lowest share
    // of days they leave likely) keeps at least once in a thousand times: a trickle booked on
    // about half its days, quiet for ten at the end, is (trial 62 M1), for fourteen is not.
    let start = (last - Days::new(41)).max(first);
    let days = ((last - start).num_days() + 1) as f64;
    let share = (any.range(start..=last).count() as f64 / days).min(1.0);
    let p = share - (share * (1.0 - share) / days).sqrt();
    (1.0 - p).powi(len as i32) >= STOPPED_BY_CHANCE
}

/// The chance above which a silence at the end of a feed may be a quiet spell.
const STOPPED_BY_CHANCE: f64 = 0.001;

/// Days before a feed's last booking whose silences tell whether one since is chance.
const QUARTER_DAYS: u64 = 91;

/// Whether a market booked at random at its own rhythm about the silence `from..=to` would be
/// silent so long somewhere among `trials` places (the days booked in the span asked about)
/// less than `GAP_BY_CHANCE` of the time. Its rhythm: the share of days with a booking (of
/// `booked`, in order) over six weeks (or as long as the silence) before it and after it,
/// within `first..=until`, the lower of the two (sales that pick up towards travel are silent
/// longer before than after), or of one side the lowest its days leave likely. Days no market
/// was booked on (`shut`) are none of its rhythm (trial 68 H2: a daily feed out three days a
/// week after a closure of all read as booked on nine days in ten about them).
fn unlikely_silence(
    (booked, trials): (&[NaiveDate], usize),
    (from, to): (NaiveDate, NaiveDate),
    (first, until): (NaiveDate, NaiveDate),
    shut: &BTreeSet<NaiveDate>,
) -> bool {
    let len = open_days((from, to), shut);
    let side = Days::new(len.max(SIDE_DAYS) as u64);
    let share = |days: i64, range: &dyn Fn(&NaiveDate) -> bool| -> Option<(f64, f64)> {
        (days >= 14).then(|| {
            let days = days as f64;
            ((booked.iter().filter(|d| range(d)).count() as f64 / days).min(1.0), days)
        })
    };
    // About the whole silence among `booked` (a span's silence may run on past its edges: a
    // feed silent from last June to January, read up to last year's snapshot in July), none
    // on a side with no booking (a feed not yet begun).
    let open = |a: NaiveDate, b: NaiveDate| (b - a).num_days() - shut.range(a..b).count() as i64;
    let before = booked.iter().rev().find(|d| **d < from).and_then(|last| {
        let start = (*last + Days::new(1) - side).max(first);
        share(open(start, *last + Days::new(1)), &|d| (start..=*last).contains(d))
    });
    let after = booked.iter().find(|d| **d > to).and_then(|next| {
        let end = (*next - Days::new(1) + side).min(until);
        share(open(*next, end + Days::new(1)), &|d| (*next..=end).contains(d))
    });
    // One side alone (a silence at the start or the end of the span): of the shares its days
    // leave likely, the lowest, as one side of six weeks is often busier than the market's
    // rhythm by chance.
    let p = match (before, after) {
        (Some((a, _)), Some((b, _))) => a.min(b),
        (Some((one, days)), None) | (None, Some((one, days))) => one - (one * (1.0 - one) / days).sqrt(),
        (None, None) => return false,
    };
    trials as f64 * (1.0 - p).powi(len as i32) < GAP_BY_CHANCE
}

/// The days of a silence, less those no market was booked on (`shut`: review 46 M2, a feed
/// silent Monday and Tuesday of a store closed at weekends missed two bookings, not four); all
/// of them where it has no other (a feed alone booked every day, out beside feeds booked
/// weekly: whether its days are sales closed for all, `closed_for_all` tells).
fn open_days((from, to): (NaiveDate, NaiveDate), shut: &BTreeSet<NaiveDate>) -> i64 {
    let len = (to - from).num_days() + 1;
    match len - shut.range(from..=to).count() as i64 {
        0 => len,
        open => open,
    }
}

/// How many beats of the rhythm its market keeps about it (see `regular_rhythm`) the silence
/// from `from` to `to` misses, where it breaks it: more than one (a weekly feed silent for 14
/// days or more, one booked every other day for 4), or one, of a rhythm kept at every step about
/// it (trial 90 H2: a weekly feed that missed one delivery in 115 had a week's bookings counted
/// as none, -4.0% where -0.4%), twice its usual silence or more (review 92 M3: a weekly feed that
/// moved its day of delivery from Monday to Saturday, 11 days silent and nothing lost, misses
/// none); or, of a rhythm of three days or more kept less strictly (a weekly file sent a day
/// early or late now and then: review 92 H1, a missed delivery counted as none), longer by three
/// days or more than every silence about it. One beat missed among a rhythm that was silent
/// about as long before may be a week nobody booked.
/// `history`: the steps of every day the feed was booked (for any travel), where its skips
/// elsewhere are read (see `skips_now_and_then`).
fn missed_beats(
    steps: &[(NaiveDate, i64)],
    (from, to): (NaiveDate, NaiveDate),
    history: &[(NaiveDate, i64)],
) -> Option<Missed> {
    let len = (to - from).num_days() + 1;
    let Rhythm { usual, strict, longest } = rhythm((from, to), history)?;
    // A weekly file sent a day late before the silence and a day early after it, on the same
    // day of the week about it: a day shorter (review 93 H1: 11 days silent, a delivery missed,
    // told from one that moved its day by that day).
    let shortest =
        if (5..=8).contains(&usual) && same_day_about(steps, (from, to)) { 2 * usual - 1 } else { 2 * usual };
    if len > 2 * usual + 1 {
        Some(Missed::More)
    } else {
        (len >= shortest
            && (strict || (usual >= 3 && len >= longest + 3))
            && !skips_now_and_then(history, (from, to), usual))
        .then_some(Missed::One)
    }
}

/// Whether a feed missed one beat of its rhythm (`usual` days silent) twice or more elsewhere
/// among its flows (`steps`) within a year of the silence from `from` and after its first
/// eight weeks, not on the same days a year before or after (a closure kept every year): a
/// small route has weeks nobody booked (review 95 M2: seats withheld, the Total's with them,
/// where nothing was lost), where a file that never missed one did not miss this one by chance
/// (review 96 H1: a weekly hotel file of 12 to 24 room nights).
fn skips_now_and_then(steps: &[(NaiveDate, i64)], (from, _): (NaiveDate, NaiveDate), usual: i64) -> bool {
    let skip = |n: i64| (2 * usual - 1..=2 * usual + 1).contains(&n);
    let yearly = |day: NaiveDate| {
        steps
            .iter()
            .any(|(other, n)| *n >= 2 * usual - 1 && ((*other - day).num_days().abs() - 364).abs() <= 7)
    };
    // Within a year of it, after the feed's first eight weeks (review 96's fix, reread: a
    // feed's ragged first weeks two years before hid trial 92 H1's missed file again).
    let begun = steps.first().map(|(s, _)| *s + Days::new(56));
    let near = |s: &NaiveDate| (*s - from).num_days().abs() <= 364 && begun.is_some_and(|b| *s >= b);
    steps.iter().filter(|(s, n)| *s != from && near(s) && skip(*n) && !yearly(*s)).count() >= 2
}

/// Whether a weekly feed's days booked keep one day of the week before the silence from `from`
/// to `to` and after it (up to eight bookings before the one that begins it and after the one
/// that ends it, two or more each: a silence near the store's last day has few after it): the
/// days of the week they centre on, each side gathered about it, a day apart or less (a file
/// sent on a Sunday, a Monday or a Tuesday, before and after; one that moved from Monday to
/// Saturday is two days apart).
fn same_day_about(steps: &[(NaiveDate, i64)], (from, to): (NaiveDate, NaiveDate)) -> bool {
    use std::f64::consts::TAU;
    // The day of the week (from Monday, as a fraction) the days centre on, where they gather
    // about it (their mean direction on the week's circle half as long as one day's or more).
    let centre = |days: Vec<NaiveDate>| -> Option<f64> {
        let angle = |d: &NaiveDate| TAU * f64::from(d.weekday().num_days_from_monday()) / 7.0;
        let (x, y) = days.iter().fold((0.0, 0.0), |(x, y), d| (x + angle(d).cos(), y + angle(d).sin()));
        let n = days.len() as f64;
        (days.len() >= 2 && (x * x + y * y).sqrt() >= 0.5 * n).then(|| y.atan2(x) * 7.0 / TAU)
    };
    // Each step's first day follows a day booked.
    let booked = |s: &NaiveDate| *s - Days::new(1);
    let before =
        centre(steps.iter().rev().filter(|(s, _)| *s < from).take(8).map(|(s, _)| booked(s)).collect());
    let after =
        centre(steps.iter().filter(|(s, _)| *s > to).skip(1).take(8).map(|(s, _)| booked(s)).collect());
    before.zip(after).is_some_and(|(a, b)| {
        let apart = (a - b).rem_euclid(7.0);
        apart.min(7.0 - apart) <= 1.0
    })
}

/// The beats of a rhythm a silence misses (see `missed_beats`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Missed {
    One,
    More,
}

/// Each silence between two days with a booking (`booked`, in order; 0 for consecutive days),
/// by its first day.
fn steps_between(booked: &[NaiveDate]) -> Vec<(NaiveDate, i64)> {
    booked.windows(2).map(|d| (d[0] + Days::new(1), (d[1] - d[0]).num_days() - 1)).collect()
}

/// The silence a market keeps between its bookings about the silence from `from` to `to`
/// (`history`: each silence by its first day, 0 for bookings on consecutive days) where it keeps
/// one of a day or more: the usual one, where four in five of its last dozen before and its
/// first dozen after (eight or more) are it (within a day, for a silence of three days or more: a
/// file sent on a Monday or a Tuesday; within two, for one of five or more: a weekly file sent a
/// day late one week and a day early the next, review 92 H1). A feed booked on such a rhythm
/// (every other day, weekly) is never silent for long by chance, where one booked at random on
/// as many days may be.
fn regular_rhythm(span: (NaiveDate, NaiveDate), history: &[(NaiveDate, i64)]) -> Option<i64> {
    rhythm(span, history).map(|r| r.usual)
}

/// The rhythm a market keeps about a silence (see `regular_rhythm`).
#[derive(Debug, Clone, Copy)]
struct Rhythm {
    /// Its usual silence, in days.
    usual: i64,
    /// Whether every step about the silence keeps it.
    strict: bool,
    /// The longest of the steps about the silence.
    longest: i64,
}

/// `regular_rhythm`'s usual silence, whether every step about the silence keeps it, and the
/// longest of them. `history`: the steps of every day the feed was booked (for any travel),
/// where a skip's year before or after is read.
fn rhythm((from, to): (NaiveDate, NaiveDate), history: &[(NaiveDate, i64)]) -> Option<Rhythm> {
    // Read over every day the feed was booked, not the span looked at alone, whose first and
    // last steps are cut short by its edges (review 102: last year's January file missed, its
    // flows read from 1 January to the day a year before a February snapshot, two steps before
    // it and four after; +10.6% where +4.9%, said nowhere; review 103 F1: nine steps, the two
    // cut short breaking the rhythm, at a snapshot of 6 to 9 March). A step that runs into the
    // silence (it begins at the span's edge) is none of its flanks.
    let ends_before = |(s, n): &&(NaiveDate, i64)| *s + Days::new(*n as u64) <= from;
    let before = history.iter().rev().filter(ends_before).take(FLANK_STEPS as usize);
    let after = history.iter().filter(|(s, _)| *s > to).take(FLANK_STEPS as usize);
    let flanks: Vec<(NaiveDate, i64)> = before.chain(after).copied().collect();
    if flanks.len() < 8 {
        return None;
    }
    let lengths: Vec<i64> = flanks.iter().map(|(_, n)| *n).collect();
    // A beat skipped (a silence of twice the usual one, less a day, or more) on the same days a
    // year before or after, as long, is a closure kept every year (a holiday), none of the
    // rhythm (review 95 H1: a weekly file closed two weeks every Christmas, missed four weeks
    // after, read as one that skips beats now and then: -7.4% where about +5%, said nowhere).
    let skip = |usual: i64, n: i64| usual >= 3 && n >= 2 * usual - 1;
    let first = usual_silence(&lengths)?;
    // (A year after only where the feed holds no year before, as `silent_a_year_before`.)
    let begun = history.first().map(|(d, _)| *d);
    let yearly = |(day, n): (NaiveDate, i64)| {
        let no_year_before = begun.is_none_or(|b| b > day - Days::new(367));
        skip(first, n)
            && history.iter().any(|(other, m)| {
                let apart = (*other - day).num_days();
                skip(first, *m)
                    && (361..=369).contains(&apart.abs())
                    && (apart < 0 || no_year_before)
                    && (m - n).abs() <= 3
            })
    };
    // A closure is a beat or two skipped among many kept: where a fifth of the steps or more
    // are skips matched a year apart, they are the rhythm itself (a market booked on two days
    // a month, 9 and 20 days apart, every month alike: its 20 days read as closures kept, its
    // rhythm as every 9 days, a silence of 20 as two beats missed).
    let closures = flanks.iter().filter(|s| yearly(**s)).count();
    let lengths: Vec<i64> = flanks
        .iter()
        .copied()
        .filter(|s| closures * 5 >= flanks.len() || !yearly(*s))
        .map(|(_, n)| n)
        .collect();
    let usual = usual_silence(&lengths)?;
    // One other beat skipped about it leaves the rhythm kept at every other step (review 94
    // H2: two weekly files missed two weeks apart, each silence hiding the other, -6.2% where
    // -1.2%); two or more are a rhythm that skips beats now and then.
    let skipped: Vec<i64> = lengths.iter().copied().filter(|n| skip(usual, *n)).collect();
    let others: Vec<i64> = match skipped.as_slice() {
        [_] => lengths.iter().copied().filter(|n| !skipped.contains(n)).collect(),
        _ => lengths.clone(),
    };
    let longest = others.iter().copied().max().unwrap_or(0);
    (usual >= 1 && keeping(&lengths, usual) * 5 >= lengths.len() * 4).then_some(Rhythm {
        usual,
        strict: others.iter().all(|n| keeps(usual, *n)),
        longest,
    })
}

/// Whether a step of `n` days keeps the usual silence `usual`: within two days for a weekly
/// feed (sent a day late one week, a day early the next), one for a silence of three days or
/// more.
fn keeps(usual: i64, n: i64) -> bool {
    match usual {
        5.. => (n - usual).abs() <= 2,
        3.. => (n - usual).abs() <= 1,
        _ => n == usual,
    }
}

/// How many of `lengths` keep the usual silence `usual`.
fn keeping(lengths: &[i64], usual: i64) -> usize {
    lengths.iter().filter(|n| keeps(usual, **n)).count()
}

/// The usual silence of steps `lengths`: the one the most steps keep, then the most often silent
/// exactly so, then the shortest (review 92 H1: a weekly feed silent 7 days as often as 6, read
/// as every 8 days, of which its 4 days silent before a Sunday's delivery broke the rhythm).
fn usual_silence(lengths: &[i64]) -> Option<i64> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for n in lengths {
        *counts.entry(*n).or_default() += 1;
    }
    counts.iter().max_by_key(|(n, c)| (keeping(lengths, **n), **c, -**n)).map(|(n, _)| *n)
}

/// The days a weekly file's few late bookings were booked on, each on a day of its own (for
/// travel before the next delivery), among a market's days booked (`volume`: each day's seats,
/// cancellations counted as many), where its deliveries keep a rhythm of a week or so. Such a
/// day has under a tenth of the seats of the busiest day within ten days either side (a
/// delivery a week before or after one missed, whose late bookings are no deliveries; review
/// 93 M1: a small file sent a day late is a delivery), and is not on the day of the week that
/// holds the most seats within four weeks of it (a season's first big delivery beside the small
/// ones of winter before it; review 93 H3: a file moved from Monday to Thursday). They are set
/// aside where they hold a tenth of its seats or less (review 94 H1: 5% on half the days), fall
/// on five in six of the days between deliveries or fewer (review 93 H2: a daily stream of late
/// bookings is a feed of its own, whose days lost are a gap; review 94 H1, review 96 H2, H3: on
/// half of them, four in six, most, a missed file hidden; small bookings on three days in five
/// beside weekly group blocks, review 95 M1, are so withheld for a week without a block), and
/// the days left keep a rhythm of four days or more (four in five of their silences within two
/// days of the median: review 93 M2, a market booked now and then, its groups among single
/// seats, is no weekly file). None else (a daily feed quiet at weekends
/// keeps its days). Their silences read as the days of its deliveries do (trial 92 H1: a Monday
/// file missed, its week's bookings counted as none without a word, -10.7% where -5.3%, as a
/// Sunday's one booking broke the silence).
pub fn late_bookings_aside(volume: &BTreeMap<NaiveDate, i64>) -> BTreeSet<NaiveDate> {
    let around = |d: NaiveDate, days: u64| volume.range(d - Days::new(days)..=d + Days::new(days));
    let busiest = |d: NaiveDate| around(d, 10).map(|(_, v)| *v).max().unwrap_or(0);
    let weekday = |d: &NaiveDate| d.weekday().num_days_from_monday() as usize;
    let delivery_day = |d: NaiveDate| {
        let mut by_weekday = [0i64; 7];
        for (day, v) in around(d, 28) {
            by_weekday[weekday(day)] += *v;
        }
        (0..7).max_by_key(|w| by_weekday[*w]).unwrap_or(0)
    };
    let aside: BTreeSet<NaiveDate> = volume
        .iter()
        .filter(|(d, v)| **v * 10 < busiest(**d) && weekday(d) != delivery_day(**d))
        .map(|(d, _)| *d)
        .collect();
    let kept: Vec<NaiveDate> = volume.keys().filter(|d| !aside.contains(d)).copied().collect();
    let (Some(first), Some(last)) = (kept.first(), kept.last()) else { return BTreeSet::new() };
    if aside.is_empty() || kept.len() < 8 {
        return BTreeSet::new();
    }
    let total: i64 = volume.values().sum();
    let small: i64 = aside.iter().filter_map(|d| volume.get(d)).sum();
    // (Those between its first delivery and its last: review 96 H4, a few days after the
    // last counted against the days before it.)
    let between = (*last - *first).num_days() + 1 - kept.len() as i64;
    let within = aside.range(*first..=*last).count() as i64;
    let mut silences: Vec<i64> = kept.windows(2).map(|d| (d[1] - d[0]).num_days() - 1).collect();
    silences.sort_unstable();
    let median = silences[silences.len() / 2];
    let steady = silences.iter().filter(|s| (**s - median).abs() <= 2).count() * 5 >= silences.len() * 4;
    if small * 10 <= total && within * 6 <= between * 5 && median >= 4 && steady {
        aside
    } else {
        BTreeSet::new()
    }
}

/// The days one market's flows were booked (see `find_gaps`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookingDays {
    /// For the window, by the snapshot.
    pub window: BTreeSet<NaiveDate>,
    /// For last year's window, by last year's snapshot.
    pub window_ly: BTreeSet<NaiveDate>,
    /// For any travel, by the snapshot.
    pub any: BTreeSet<NaiveDate>,
    /// The days no market was booked on that are none of a feed's rhythm (see `closures_of`).
    pub shut: BTreeSet<NaiveDate>,
    /// The days of a weekly file's late bookings, left out of the others (see
    /// `late_bookings_aside`).
    pub aside: BTreeSet<NaiveDate>,
}

impl BookingDays {
    /// Sets aside the days of a weekly file's late bookings (`volume`: each day's seats, see
    /// `late_bookings_aside`).
    pub fn set_aside(&mut self, volume: &BTreeMap<NaiveDate, i64>) {
        self.aside = late_bookings_aside(volume);
        for d in &self.aside {
            self.window.remove(d);
            self.window_ly.remove(d);
            self.any.remove(d);
        }
    }
}

/// The days from `from` to `until` no market was booked on (`open`: the days any was, for any
/// travel) where flows were booked before and after them (see `booked_about`): days the seller
/// was closed, or whose bookings the store lacks for all.
pub fn shut_days(
    open: &BTreeSet<NaiveDate>,
    spans: &[Vec<(NaiveDate, NaiveDate)>],
    from: NaiveDate,
    until: NaiveDate,
) -> BTreeSet<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d <= until)
        .filter(|d| !open.contains(d) && booked_about(spans, *d))
        .collect()
}

/// Whether 3 or more markets' `spans` (for each, its flows' first and last days booked: its
/// feed's, or each year's of its flows for a window) hold booking days before `d` and after it
/// (review 46 L1: a market's two years, overlapping, counted as two markets).
pub fn booked_about(spans: &[Vec<(NaiveDate, NaiveDate)>], d: NaiveDate) -> bool {
    spans.iter().filter(|market| market.iter().any(|(a, b)| *a < d && d < *b)).count() >= 3
}

/// The runs of `shut` days (see `shut_days`), but the store's days of the week without sales
/// (see `weekly`), a store booked on `open` days would keep by chance less than
/// `GAP_BY_CHANCE` of the time (its share of days booked about them, below), and not on the
/// same days a year before (a closure kept every year): a closure of sales, or a file of every
/// market's bookings not loaded (trial 68 H1, H3: one day's and three days' files of all
/// markets lost, said nowhere).
pub fn shut_runs(open: &BTreeSet<NaiveDate>, shut: &BTreeSet<NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
    let (Some(first), Some(last)) = (open.first(), open.last()) else { return Vec::new() };
    let closures = closures_of(shut, open);
    // The days of the week the store sells on none are its rhythm, no closure to tell.
    let once: BTreeSet<NaiveDate> = shut.iter().copied().filter(|d| !weekly(shut, open, *d)).collect();
    let mut runs = runs_of(&once);
    // The store's rhythm: the share of its days booked over six weeks before and after, both
    // together (a store booked every day but one is no trickle on the side of that one: trial
    // 68 H1, three days of every market lost beside one day lost), closures left out.
    let around = Days::new(42);
    runs.retain(|&(from, to)| {
        let (start, end) = ((from - around).max(*first), (to + around).min(*last));
        let sides = |d: &NaiveDate| (start..from).contains(d) || (to < *d && *d <= end);
        let days = (start.iter_days().take_while(|d| *d <= end).filter(sides).count()
            - closures.iter().filter(|d| sides(d)).count()) as f64;
        let share = (open.iter().filter(|d| sides(d)).count() as f64 / days.max(1.0)).min(1.0);
        let len = (to - from).num_days() as i32 + 1;
        days >= 14.0
            && (open.len() as f64) * (1.0 - share).powi(len) < GAP_BY_CHANCE
            && !silent_a_year_before(open, (from, to), false, None)
    });
    runs
}

/// The runs of consecutive days of `days`, each its first and last day.
fn runs_of(days: &BTreeSet<NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
    let mut runs: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in days {
        match runs.last_mut() {
            Some((_, to)) if *to + Days::new(1) == *d => *to = *d,
            _ => runs.push((*d, *d)),
        }
    }
    runs
}

/// The days of `shut` (see `shut_days`) in runs of two or more (a holiday, a Christmas), and
/// the store's days of the week without sales (see `weekly`): none of a feed's rhythm about
/// them (see `unlikely_silence`; trial 68 H2). Other single days are: in a store booked on few
/// days, they are its rhythm.
pub fn closures_of(shut: &BTreeSet<NaiveDate>, open: &BTreeSet<NaiveDate>) -> BTreeSet<NaiveDate> {
    let mut days: BTreeSet<NaiveDate> = runs_of(shut)
        .into_iter()
        .filter(|(from, to)| to > from)
        .flat_map(|(from, to)| from.iter_days().take_while(move |d| *d <= to))
        .collect();
    days.extend(shut.iter().filter(|d| weekly(shut, open, **d)));
    days
}

/// Whether a day of `shut` is one of the store's days of the week without sales: so too the
/// same weekday a week before and a week after, within the days it was booked from and to
/// (`open`: review 46 H1, M3: Sundays, or weekends, read as closures or files lost; a
/// Christmas of nine days is none).
fn weekly(shut: &BTreeSet<NaiveDate>, open: &BTreeSet<NaiveDate>, d: NaiveDate) -> bool {
    let (Some(first), Some(last)) = (open.first(), open.last()) else { return false };
    let week = Days::new(7);
    let before = d.checked_sub_days(week).is_none_or(|b| b < *first || shut.contains(&b));
    let after = d + week > *last || shut.contains(&(d + week));
    before && after
}

/// Whether `m` has no flows, nor any market below it (`fed`: the markets that have).
pub fn unfed(tree: &MarketTree, m: &str, fed: &dyn Fn(&str) -> bool) -> bool {
    !fed(m) && tree.children(m).iter().all(|c| unfed(tree, c, fed))
}

/// The markets and every group above them.
pub fn with_groups_above<'a>(
    tree: &MarketTree,
    markets: impl IntoIterator<Item = &'a String>,
) -> HashSet<String> {
    let mut out = HashSet::new();
    for m in markets {
        let chain = tree.ancestors_and_self(m);
        if chain.is_empty() {
            out.insert(m.clone());
        }
        out.extend(chain);
    }
    out
}

/// One market's line of an on-the-books table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OtbLine {
    pub market: String,
    pub depth: usize,
    pub seats: Option<f64>,
    pub seats_ly: Option<f64>,
    /// Last year's seats are implied by a published change, not published themselves.
    pub seats_ly_derived: bool,
    pub change_pct: Option<f64>,
    /// Seats of the group not accounted for by its members.
    pub unallocated: f64,
    /// Members with no seats on the books last year though booked by then (a route suspended
    /// then, or new since), with their seats now, where the group's change counts them against
    /// none (1% or more of its seats): the like-with-like change leaves them out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub against_none: Vec<(String, f64)>,
    /// Seats now and last year of the months and days of travel, at or below the market, whose
    /// days a year before had no seats, or next to none (a route suspended then): the
    /// like-with-like change leaves them out too (`on_the_books::suspended_months`).
    #[serde(skip)]
    pub suspended: (f64, f64),
    /// The markets at or below it whose last year the store cannot give (their flows begin
    /// later: `UnknownLastYear`), where its last year is unknown for them.
    #[serde(skip)]
    pub unknown_ly_below: Vec<String>,
    /// The markets below it with no booking flows at all, named as high as they go: a group's
    /// seats count only its other members (set by `on_the_books::flow_lines`).
    #[serde(skip)]
    pub unfed_below: Vec<String>,
}

impl OtbLine {
    pub fn change(&self) -> Option<f64> {
        Some(self.seats? - self.seats_ly?)
    }

    /// The seats of the members counted against none (see `against_none`).
    pub fn seats_against_none(&self) -> f64 {
        self.against_none.iter().map(|(_, s)| s).sum()
    }
}

use super::change_pct as pct;

/// What the flows do not know of a query: markets with no flows at all (in the years read),
/// markets whose flows stopped, and markets whose last year the store cannot give.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowGaps {
    /// Markets with no flows at all in the years read, nor any market below them.
    pub unfed: HashSet<String>,
    /// Markets as stored whose flows stopped before the snapshot, or lack the bookings of
    /// some days before it (`Gap`).
    pub stopped: HashSet<String>,
    /// Markets as stored whose last year's flows lack the bookings of some days (`Gap`): last
    /// year unknown for them, and for the groups above where they have `NEGLIGIBLE_SHARE` or
    /// more of this year's seats (last year's, counted without those days, would understate
    /// them).
    pub ly_gaps: HashSet<String>,
    pub unknown_ly: UnknownLastYear,
}

/// Rolls per-market flows up the tree and lists the markets asked for, in tree order. A market
/// without flows in a window the store covers has 0 seats; a market with no flows at all (nor
/// any market below it) has missing seats, as do those whose flows stopped and the groups above
/// them where those had `NEGLIGIBLE_SHARE` or more of their seats last year or this year; last year's seats of the markets in `gaps.unknown_ly` (and of the groups above them)
/// are missing.
pub fn otb_lines_from_flows(
    tree: &MarketTree,
    by_market: &DataFrame,
    shown: &[(usize, String)],
    gaps: &FlowGaps,
) -> Result<Vec<OtbLine>> {
    let unknown_ly = &gaps.unknown_ly;
    let markets = columns::strings(by_market, "market")?;
    let seats = columns::ints(by_market, "seats")?;
    let seats_ly = columns::ints(by_market, "seats_ly")?;
    let mut now = HashMap::new();
    let mut before = HashMap::new();
    for i in 0..markets.len() {
        if let Some(m) = &markets[i] {
            now.insert(m.clone(), seats[i].unwrap_or(0) as f64);
            before.insert(m.clone(), seats_ly[i].unwrap_or(0) as f64);
        }
    }
    let now = rollup(tree, &now, RollupRule::Additive);
    let before = rollup(tree, &before, RollupRule::Additive);
    let unknown = unknown_ly.below(tree);
    let value = |r: Option<&Rolled>| r.map_or(0.0, |r| r.total);
    // Last year's seats of the stopped markets below each market: where they are a share of
    // its own that matters, its seats now are not known either.
    // So with their seats this year: a route small last year and half the group now, whose
    // feed stopped, leaves the group's seats short by what it booked since.
    let mut stopped_ly: HashMap<String, (f64, f64)> = HashMap::new();
    for m in &gaps.stopped {
        let (ly, now) = (value(before.get(m)), value(now.get(m)));
        for above in with_groups_above(tree, [m]) {
            let e = stopped_ly.entry(above).or_default();
            (e.0, e.1) = (e.0 + ly, e.1 + now);
        }
    }
    let withheld = |m: &String| {
        stopped_ly.get(m).is_some_and(|(ly, seats)| {
            gaps.stopped.contains(m)
                || *ly >= NEGLIGIBLE_SHARE * value(before.get(m))
                || *seats >= NEGLIGIBLE_SHARE * value(now.get(m))
        })
    };
    // The same for last year's seats where last year's flows lack days.
    let mut gapped_ly: HashMap<String, f64> = HashMap::new();
    for m in &gaps.ly_gaps {
        let seats = value(now.get(m));
        for above in with_groups_above(tree, [m]) {
            *gapped_ly.entry(above).or_default() += seats;
        }
    }
    let lacking_ly = |m: &String| {
        gapped_ly
            .get(m)
            .is_some_and(|s| gaps.ly_gaps.contains(m) || *s >= NEGLIGIBLE_SHARE * value(now.get(m)))
    };
    Ok(shown
        .iter()
        .map(|(depth, m)| {
            let unfed = gaps.unfed.contains(m);
            let s = (!unfed && !withheld(m)).then(|| value(now.get(m)));
            let ly = (!unfed && !unknown_ly.all && !unknown.contains(m) && !lacking_ly(m))
                .then(|| value(before.get(m)));
            let below = tree.descendants(m);
            let mut unknown_ly_below: Vec<String> = unknown_ly
                .markets
                .iter()
                .filter(|u| ly.is_none() && (*u == m || below.contains(&u.as_str())))
                .cloned()
                .collect();
            unknown_ly_below.sort();
            OtbLine {
                market: m.clone(),
                depth: *depth,
                seats: s,
                seats_ly: ly,
                seats_ly_derived: false,
                change_pct: s.zip(ly).and_then(|(s, ly)| pct(s, ly)),
                unallocated: now.get(m).map_or(0.0, |r| r.unallocated),
                against_none: Vec::new(),
                suspended: (0.0, 0.0),
                unknown_ly_below,
                unfed_below: Vec::new(),
            }
        })
        .collect())
}

/// Published snapshots for exactly this window, the latest known on the snapshot date.
pub fn snapshots_for(otb: LazyFrame, q: &OtbQuery) -> LazyFrame {
    let lf = otb.filter(
        col("travel_from").eq(date_lit(q.window.from)).and(col("travel_to").eq(date_lit(q.window.to))),
    );
    latest_known(lf, &["travel_from", "travel_to", "market"], Some(q.as_of))
}

/// Lines from published snapshots: each published figure as it stands; last year's seats
/// as published or, failing that, implied by the published change (marked derived).
pub fn otb_lines_from_snapshots(
    tree: &MarketTree,
    snapshots: &DataFrame,
    shown: &[(usize, String)],
) -> Result<Vec<OtbLine>> {
    let markets = columns::strings(snapshots, "market")?;
    let seats = columns::ints(snapshots, "seats")?;
    let seats_ly = columns::ints(snapshots, "seats_ly")?;
    let change = columns::floats(snapshots, "change_pct")?;
    let mut own = HashMap::new();
    let mut published: HashMap<String, (f64, Option<f64>, bool, Option<f64>)> = HashMap::new();
    for i in 0..markets.len() {
        let (Some(m), Some(s)) = (&markets[i], seats[i]) else {
            continue;
        };
        let s = s as f64;
        let (ly, derived) = match (seats_ly[i], change[i]) {
            (Some(ly), _) => (Some(ly as f64), false),
            (None, Some(c)) if c > -100.0 => (Some(s / (1.0 + c / 100.0)), true),
            _ => (None, false),
        };
        let change_pct = change[i].or_else(|| pct(s, ly?));
        own.insert(m.clone(), s);
        published.insert(m.clone(), (s, ly, derived, change_pct));
    }
    let rolled = rollup(tree, &own, RollupRule::OwnFigureFirst);
    // A line's depth counts the groups above it that are shown: one whose group has no
    // snapshot is not indented under the line before (review: trial 80 M3, China under Europe
    // where its group Asia published none).
    let listed: std::collections::HashSet<&str> =
        shown.iter().filter(|(_, m)| published.contains_key(m)).map(|(_, m)| m.as_str()).collect();
    let depth_of = |m: &str, depth: usize| {
        let above =
            tree.ancestors_and_self(m).into_iter().skip(1).filter(|a| listed.contains(a.as_str())).count();
        if tree.is_empty() {
            depth
        } else {
            above.min(depth)
        }
    };
    Ok(shown
        .iter()
        .filter(|(_, m)| published.contains_key(m))
        .map(|(depth, m)| {
            let (s, ly, derived, change_pct) = published[m];
            OtbLine {
                market: m.clone(),
                depth: depth_of(m, *depth),
                seats: Some(s),
                seats_ly: ly,
                seats_ly_derived: derived,
                change_pct,
                unallocated: rolled.get(m).map_or(0.0, |r| r.unallocated),
                against_none: Vec::new(),
                suspended: (0.0, 0.0),
                unknown_ly_below: Vec::new(),
                unfed_below: Vec::new(),
            }
        })
        .collect())
}

/// The booking curve: seats on the books at each lead (days before the window starts),
/// this year and last year, for the markets given (all when empty).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PacePoint {
    pub lead_days: i64,
    pub as_of: NaiveDate,
    pub seats: Option<i64>,
    /// Missing when the store's flows do not cover last year's window.
    pub seats_ly: Option<i64>,
}

/// Seats per lead day (days between booking and the window's start), this year and last, of
/// some markets (all when empty).
pub fn seats_by_lead(window: &Window, ly: LyRule, markets: &[String]) -> SeatTotals {
    let ly_window = window.last_year(ly);
    let markets = (!markets.is_empty()).then(|| markets.to_vec());
    let year = |name, window: Window| Measure {
        name,
        filter: Filter { booked_by: None, travel: Some(window), markets: markets.clone() },
    };
    SeatTotals {
        label: "building the booking curve",
        years: Some((ly_window.from.year(), window.to.year())),
        key: Key::LeadDays,
        measures: vec![year("seats", *window), year("seats_ly", ly_window)],
        reach: false,
    }
}

/// What the store knows of the bookings behind a curve.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// The first booking date of the markets drawn: before it, nothing is known (not 0).
    pub from: Option<NaiveDate>,
    /// The last booking date in the store, or the date asked for: after it, nothing is known.
    pub until: Option<NaiveDate>,
    /// Whether last year can be known at all (the store's flows reach back over its window).
    pub last_year: bool,
    /// The last day of last year's bookings known (a gap of a feed drawn begins after it).
    pub ly_until: Option<NaiveDate>,
}

/// Cumulates seats by lead into the curve, from `max_lead` down to 0 in steps; a point of
/// either year whose date falls outside what the store knows (`known`) is empty.
pub fn pace_curve(
    by_lead: &DataFrame,
    window: &Window,
    ly_window: &Window,
    max_lead: i64,
    step: i64,
    known: Known,
) -> Result<Vec<PacePoint>> {
    let leads = columns::ints(by_lead, "lead_days")?;
    let seats = columns::ints(by_lead, "seats")?;
    let seats_ly = columns::ints(by_lead, "seats_ly")?;
    let step = step.max(1);
    let mut points = Vec::new();
    // The leads asked, and the last day known where it falls between two of them: the seats on
    // the books that day are the curve's latest (trial 49 #6: `pace --as-of` never showed them).
    let mut asked: Vec<i64> = Vec::new();
    let mut at = max_lead;
    loop {
        asked.push(at);
        if at == 0 {
            break;
        }
        at = (at - step).max(0);
    }
    if let Some(k) = known.until {
        let last = (window.from - k).num_days();
        if (0..=max_lead).contains(&last) && !asked.contains(&last) {
            asked.push(last);
            asked.sort_unstable_by(|a, b| b.cmp(a));
        }
    }
    for lead in asked {
        // Seats on the books `lead` days before the start: flows booked at least that early.
        let sum = |v: &[Option<i64>]| -> i64 {
            leads
                .iter()
                .zip(v)
                .filter(|(l, _)| l.is_some_and(|l| l >= lead))
                .map(|(_, s)| s.unwrap_or(0))
                .sum()
        };
        let Some(as_of) = window.from.checked_sub_days(Days::new(lead.unsigned_abs())) else {
            return Err(crate::error::Error::Usage(format!(
                "a lead of {lead} days before {} is before the calendar's first day",
                window.from
            )));
        };
        let ly_as_of = ly_window.from.checked_sub_days(Days::new(lead.unsigned_abs()));
        let started = |d: Option<NaiveDate>| known.from.is_none_or(|f| d.is_some_and(|d| d >= f));
        let this_known = known.until.is_none_or(|k| as_of <= k) && started(Some(as_of));
        // Last year's point too is known only if it was booked by the date the curve is
        // asked as of (a curve asked as of a date long before travel has no last year yet).
        let ly_known = known.last_year
            && started(ly_as_of)
            && ly_as_of.is_some_and(|d| known.until.is_none_or(|k| d <= k))
            && ly_as_of.is_some_and(|d| known.ly_until.is_none_or(|k| d <= k));
        points.push(PacePoint {
            lead_days: lead,
            as_of,
            seats: this_known.then(|| sum(&seats)),
            seats_ly: ly_known.then(|| sum(&seats_ly)),
        });
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Seats and seats LY by market, sorted by market.
    fn otb(rows: &[(&str, &str, &str, i64)], q: &OtbQuery) -> Vec<(String, Option<i64>, Option<i64>)> {
        let days = |i: usize| -> Vec<NaiveDate> {
            rows.iter().map(|r| day(if i == 0 { r.0 } else { r.1 })).collect()
        };
        let flows = df!(
            "booked_on" => days(0),
            "travel_date" => days(1),
            "market" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "seats" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap();
        let out = otb_by_market(q).lazy(flows.lazy()).unwrap().collect().unwrap();
        let markets = columns::strings(&out, "market").unwrap();
        let seats = columns::ints(&out, "seats").unwrap();
        let ly = columns::ints(&out, "seats_ly").unwrap();
        (0..out.height()).map(|i| (markets[i].clone().unwrap(), seats[i], ly[i])).collect()
    }

    /// A window in months across 29 February: last year's snapshot is as many days ahead of
    /// the travel still to be booked. H1 2025 as of 15 April was set against 14 April 2024,
    /// as many days ahead of January (travelled) and a day further ahead of May and June.
    #[test]
    fn a_window_across_29_february_is_set_against_the_travel_still_ahead() {
        let q = |as_of: &str, window: &str| OtbQuery {
            as_of: day(as_of),
            window: Window::parse(window).unwrap(),
            ly: LyRule::Days364,
        };
        let ly = |as_of: &str, window: &str| q(as_of, window).last_year().0;
        assert_eq!(ly("2025-04-15", "2025-H1"), day("2024-04-15"));
        assert_eq!(ly("2025-07-15", "2025-01..2025-12"), day("2024-07-15"));
        // Each month alone, as before.
        assert_eq!(ly("2025-04-15", "2025-05"), day("2024-04-15"));
        assert_eq!(ly("2025-01-15", "2025-02"), day("2024-01-15"));
        // All the travel ahead on one side of 29 February: no note.
        assert_eq!(q("2025-04-15", "2025-H1").leap_note(), None);
        assert_eq!(q("2025-07-01", "2025-08..2025-12").leap_note(), None);
        // Ahead on both sides: January and February's a year back is 366 days, March's on 365.
        let q = q("2025-01-15", "2025-H1");
        assert_eq!(q.last_year().0, day("2024-01-15"));
        let note = q.leap_note().unwrap();
        assert!(
            note.starts_with("last year's snapshot 2024-01-15 is as many days ahead of travel up to 2025-02-28 as this one; of travel from 2025-03-01 it is one day more ahead"),
            "{note}"
        );
        // In a leap year the day shifts at 29 February itself.
        let leap = OtbQuery {
            as_of: day("2024-01-15"),
            window: Window::parse("2024-Q1").unwrap(),
            ly: LyRule::Days364,
        };
        assert!(leap.leap_note().unwrap().contains("of travel from 2024-02-29 it is one day less ahead"));
    }

    #[test]
    fn flows_count_up_to_the_snapshot_inside_the_window_and_last_year_364_days_earlier() {
        let q = OtbQuery {
            as_of: day("2025-07-01"),
            window: Window::parse("2025-07-01..2025-07-31").unwrap(),
            ly: LyRule::Days364,
        };
        let rows = [
            // This year: on the snapshot day and on both edges of the window count.
            ("2025-07-01", "2025-07-01", "China", 5),
            ("2025-06-01", "2025-07-31", "China", 7),
            // Booked after the snapshot, or travelling outside the window: not counted.
            ("2025-07-02", "2025-07-10", "China", 100),
            ("2025-06-01", "2025-08-01", "China", 100),
            // Last year (snapshot 2024-07-02, window 2024-07-02..2024-08-01).
            ("2024-07-02", "2024-08-01", "China", 3),
            ("2024-07-03", "2024-07-20", "China", 100),
            ("2024-06-01", "2024-07-01", "China", 100),
            // A market with flows in one of the two years only has nothing for the other:
            // whether that is 0 or unknown is for the store's coverage to say.
            ("2024-05-01", "2024-07-10", "Japan", 11),
            ("2025-05-01", "2025-07-10", "India", 13),
        ];
        assert_eq!(
            otb(&rows, &q),
            vec![
                ("China".into(), Some(12), Some(3)),
                ("India".into(), Some(13), None),
                ("Japan".into(), None, Some(11))
            ]
        );
    }

    /// Trial 92 H1: a weekly file whose late bookings (for travel before the next delivery)
    /// keep their own days, a seat or two each: set aside, also about a delivery missed; a
    /// daily feed quiet at weekends, or a weekly one small in winter, keeps every day.
    #[test]
    fn a_weekly_files_late_bookings_are_set_aside_and_nothing_else() {
        let start = day("2025-01-06");
        let weeks = |f: &dyn Fn(u64, u64) -> i64| -> BTreeMap<NaiveDate, i64> {
            (0..30u64)
                .flat_map(|w| (0..7u64).map(move |d| (w, d)))
                .map(|(w, d)| (start + Days::new(7 * w + d), f(w, d)))
                .filter(|(_, v)| *v > 0)
                .collect()
        };
        // Mondays 200 seats, a late booking of 2 on Thursdays and Saturdays; the Monday of
        // week 12 missed.
        let weekly = weeks(&|w, d| match d {
            0 if w != 12 => 200,
            3 | 5 => 2,
            _ => 0,
        });
        let aside = late_bookings_aside(&weekly);
        assert_eq!(aside.len(), 60);
        assert!(aside.iter().all(|d| d.weekday() != chrono::Weekday::Mon), "{aside:?}");
        // Daily, weekends at a tenth: no day set aside.
        let daily = weeks(&|_, d| if d >= 5 { 10 } else { 100 });
        assert!(late_bookings_aside(&daily).is_empty());
        // Weekly, its winter deliveries a twentieth of its summer ones: every delivery kept.
        let seasonal = weeks(&|w, d| match d {
            0 if w < 15 => 10,
            0 => 200,
            _ => 0,
        });
        assert!(late_bookings_aside(&seasonal).is_empty());
        // A small file sent a day late, a fifth of the others, is a delivery (review 93 M1).
        let late_small = weeks(&|w, d| match (w, d) {
            (12, 1) => 40,
            (12, 0) => 0,
            (_, 0) => 200,
            _ => 0,
        });
        assert!(late_bookings_aside(&late_small).is_empty());
        // Late bookings every day between deliveries are a stream of their own, whose days lost
        // are a gap (review 93 H2).
        let stream = weeks(&|_, d| if d == 0 { 400 } else { 2 });
        assert!(late_bookings_aside(&stream).is_empty());
        // A file moved from Monday to Thursday: its late bookings on Mondays after the move are
        // set aside, the Thursdays kept (review 93 H3).
        let moved = weeks(&|w, d| match (w < 15, d) {
            (true, 0) | (false, 3) => 200,
            (false, 0) | (true, 3) | (_, 5) => 2,
            _ => 0,
        });
        let aside = late_bookings_aside(&moved);
        assert!(aside.contains(&(start + Days::new(7 * 20))), "{aside:?}");
        assert!(!aside.contains(&(start + Days::new(7 * 20 + 3))), "{aside:?}");
        // A market booked on random days, groups among single seats, is no weekly file (review
        // 93 M2).
        let rng = std::cell::RefCell::new(fastrand::Rng::with_seed(7));
        let random = weeks(&|_, _| match rng.borrow_mut().u32(0..10) {
            0 => 40,
            1 | 2 => 1,
            _ => 0,
        });
        assert!(late_bookings_aside(&random).is_empty());
        // Late bookings holding more than a tenth of the seats are no sliver: kept.
        let heavy = weeks(&|_, d| match d {
            0 => 200,
            1..=4 => 10,
            _ => 0,
        });
        assert!(late_bookings_aside(&heavy).is_empty());
    }

    /// Trial 61 M1: markets booked at random on about half their days (a trickle of single
    /// seats, complete) fall quiet for a week now and then, while the other year happened to be
    /// booked on most of the same days: their seats were withheld as a gap in the feed. A
    /// quiet spell such a market has by chance is none; an outage of the same market is one.
    #[test]
    fn a_trickle_of_bookings_quiet_by_chance_has_no_gap() {
        let q = OtbQuery {
            as_of: day("2025-06-30"),
            window: Window::parse("2025-07-01..2025-12-31").unwrap(),
            ly: LyRule::Days364,
        };
        let mut found = 0;
        for seed in 0..40u64 {
            let mut rng = fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491);
            let mut trickle = |from: &str, to: &str| -> BTreeSet<NaiveDate> {
                day(from).iter_days().take_while(|d| *d <= day(to)).filter(|_| rng.f64() < 0.5).collect()
            };
            let (now, ly) = (trickle("2025-01-01", "2025-06-30"), trickle("2024-01-02", "2024-07-01"));
            let any = now.union(&ly).copied().collect();
            let days = BookingDays { window: now.clone(), window_ly: ly.clone(), any, ..Default::default() };
            let gaps = find_gaps(&q, "B", &days, day("2024-01-01"), &|_| false);
            assert!(gaps.is_empty(), "seed {seed}: {gaps:?}");
            // The same trickle with its feed out for three weeks in March: a gap.
            let out: BTreeSet<NaiveDate> =
                now.iter().copied().filter(|d| *d < day("2025-03-01") || *d > day("2025-03-21")).collect();
            let any = out.union(&ly).copied().collect();
            let days = BookingDays { window: out, window_ly: ly, any, ..Default::default() };
            found += usize::from(
                find_gaps(&q, "B", &days, day("2024-01-01"), &|_| false).iter().any(|g| !g.last_year),
            );
        }
        assert_eq!(found, 40);
    }

    /// `gaps --bookings` reads a feed alone: a trickle's quiet spells are no gap, its outage
    /// of four weeks is one (of three, at the lower of the shares of days booked about it, may
    /// be chance), and a feed silent since is stopped.
    #[test]
    fn a_feed_read_alone_has_gaps_only_where_its_rhythm_makes_them_unlikely() {
        let mut found = 0;
        for seed in 0..40u64 {
            let mut rng = fastrand::Rng::with_seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5A5A);
            let trickle: BTreeSet<NaiveDate> = day("2024-07-01")
                .iter_days()
                .take_while(|d| *d <= day("2025-06-30"))
                .filter(|_| rng.f64() < 0.5)
                .collect();
            let s = feed_silences(&trickle, day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new())
                .unwrap();
            assert!(s.gaps.is_empty() && s.stopped_after.is_none(), "seed {seed}: {s:?}");
            let out: BTreeSet<NaiveDate> = trickle
                .iter()
                .copied()
                .filter(|d| *d < day("2025-03-01") || *d > day("2025-03-28"))
                .collect();
            let s =
                feed_silences(&out, day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new()).unwrap();
            found += usize::from(
                s.gaps.iter().any(|(from, to)| *from <= day("2025-03-01") && *to >= day("2025-03-28")),
            );
            let ended: BTreeSet<NaiveDate> = trickle.range(..=day("2025-04-30")).copied().collect();
            let last = *ended.last().unwrap();
            assert_eq!(
                feed_silences(&ended, day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new())
                    .unwrap()
                    .stopped_after,
                Some(last),
                "seed {seed}"
            );
        }
        assert_eq!(found, 40);
        assert_eq!(
            feed_silences(&BTreeSet::new(), day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new()),
            None
        );
    }

    /// Review 42 M1, M2: a closure kept every year is none of the feed's gaps, a route that ended
    /// with its last flight stopped nothing, and a feed of a few days is not judged.
    #[test]
    fn a_feed_closed_every_christmas_ended_with_its_route_or_just_begun_has_no_gap() {
        let every_day = |from: &str, to: &str| {
            let to = day(to);
            day(from).iter_days().take_while(move |d| *d <= to)
        };
        let closed: BTreeSet<NaiveDate> = every_day("2023-06-01", "2025-06-30")
            .filter(|d| !((d.month() == 12 && d.day() >= 20) || (d.month() == 1 && d.day() <= 5)))
            .collect();
        let s =
            feed_silences(&closed, day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new()).unwrap();
        // The first Christmas, kept a year after, and the second, kept a year before, are
        // closures (review 95 M3: the first was a gap).
        assert_eq!(s.gaps, [], "{s:?}");
        assert_eq!(
            s.yearly,
            [(day("2023-12-20"), day("2024-01-05")), (day("2024-12-20"), day("2025-01-05"))],
            "{s:?}"
        );
        // A store's one Christmas, with no year before or after to tell, is a gap.
        let one: BTreeSet<NaiveDate> = closed.range(..day("2024-06-01")).copied().collect();
        let s = feed_silences(&one, day("2024-05-31"), (day("2024-12-31"), 60.0), &BTreeSet::new()).unwrap();
        assert_eq!(s.gaps, [(day("2023-12-20"), day("2024-01-05"))], "{s:?}");
        let once: BTreeSet<NaiveDate> = every_day("2025-04-01", "2025-06-30").collect();
        let mut out = once.clone();
        out.retain(|d| *d < day("2025-06-01") || *d > day("2025-06-11"));
        assert_eq!(
            feed_silences(&out, day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new())
                .unwrap()
                .gaps
                .len(),
            1
        );
        let ended: BTreeSet<NaiveDate> = every_day("2025-03-01", "2025-09-16").collect();
        assert_eq!(
            feed_silences(&ended, day("2025-12-31"), (day("2025-09-16"), 10.0), &BTreeSet::new())
                .unwrap()
                .stopped_after,
            None
        );
        assert_eq!(
            feed_silences(&ended, day("2025-12-31"), (day("2026-03-31"), 10.0), &BTreeSet::new())
                .unwrap()
                .stopped_after,
            Some(day("2025-09-16"))
        );
        // Review 43 H1: flights booked two weeks past its last booking, at leads from 0: a
        // feed stopped, not a route ended, though its last flight is flown.
        assert_eq!(
            feed_silences(&ended, day("2025-12-31"), (day("2025-09-30"), 10.0), &BTreeSet::new())
                .unwrap()
                .stopped_after,
            Some(day("2025-09-16"))
        );
        // Review 44 H1: booked 0 to 6 days ahead, stopped: its last flights booked reach as far
        // as it ever books. M1: booked 14 to 90 days ahead, ended: its last flight nearer.
        let short: BTreeSet<NaiveDate> = every_day("2024-01-01", "2025-04-30").collect();
        let s = feed_silences(&short, day("2025-06-30"), (day("2025-05-06"), 3.0), &BTreeSet::new()).unwrap();
        assert_eq!(s.stopped_after, Some(day("2025-04-30")), "{s:?}");
        let s =
            feed_silences(&short, day("2025-06-30"), (day("2025-05-14"), 52.0), &BTreeSet::new()).unwrap();
        assert!(s.ended && s.stopped_after.is_none(), "{s:?}");
        // M3: a winter route's sales pause from April, as a year before: no feed stopped.
        let winter: BTreeSet<NaiveDate> = every_day("2023-09-01", "2025-03-31")
            .filter(|d| !(day("2024-04-01")..=day("2024-08-31")).contains(d))
            .collect();
        let s =
            feed_silences(&winter, day("2025-06-30"), (day("2026-02-28"), 90.0), &BTreeSet::new()).unwrap();
        assert!(
            s.stopped_after.is_none() && s.yearly.contains(&(day("2025-04-01"), day("2025-06-30"))),
            "{s:?}"
        );
        // Review 43 H2: out 20 days one year, 10 within them the next: no closure.
        let out_twice: BTreeSet<NaiveDate> = every_day("2023-06-01", "2025-06-30")
            .filter(|d| !(day("2024-03-01")..=day("2024-03-20")).contains(d))
            .filter(|d| !(day("2025-03-05")..=day("2025-03-14")).contains(d))
            .collect();
        let s = feed_silences(&out_twice, day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new())
            .unwrap();
        assert!(s.yearly.is_empty() && s.gaps.len() == 2, "{s:?}");
        let few: BTreeSet<NaiveDate> = [day("2025-01-02"), day("2025-03-01"), day("2025-03-02")].into();
        let s = feed_silences(&few, day("2025-06-30"), (day("2025-12-31"), 60.0), &BTreeSet::new()).unwrap();
        assert!(!s.judged && s.gaps.is_empty() && s.stopped_after.is_none(), "{s:?}");
    }

    #[test]
    fn days_without_a_booking_are_a_gap_only_where_the_other_year_was_booked_over_them() {
        let q = OtbQuery {
            as_of: day("2025-06-30"),
            window: Window::parse("2025-07-01..2025-12-31").unwrap(),
            ly: LyRule::Days364,
        };
        let every = |from: &str, to: &str, step: usize, skip: Option<(&str, &str)>| -> BTreeSet<NaiveDate> {
            day(from)
                .iter_days()
                .take_while(|d| *d <= day(to))
                .step_by(step)
                .filter(|d| skip.is_none_or(|(a, b)| *d < day(a) || *d > day(b)))
                .collect()
        };
        let start = day("2024-01-01");
        let days = |now: &BTreeSet<NaiveDate>, ly: &BTreeSet<NaiveDate>, any: Option<BTreeSet<NaiveDate>>| {
            let any = any.unwrap_or_else(|| now.union(ly).copied().collect());
            BookingDays { window: now.clone(), window_ly: ly.clone(), any, ..Default::default() }
        };
        let gaps = |now: &BTreeSet<NaiveDate>, ly: &BTreeSet<NaiveDate>| {
            find_gaps(&q, "B", &days(now, ly, None), start, &|_| false)
        };
        let gap = |last_year: bool, from: &str, to: &str, booked_other: usize, more: usize| Gap {
            own_share: None,
            market: "B".into(),
            last_year,
            from: day(from),
            to: day(to),
            booked_other,
            more,
            booked_before: true,
            feed_begins: false,
            idle_since: None,
            read_from: start,
            one_beat: false,
            aside: 0,
        };
        let ly = every("2024-01-02", "2024-07-01", 1, None);
        // Twenty days with no booking this year, booked every day last year (364 days before).
        let now = every("2025-01-01", "2025-06-30", 1, Some(("2025-03-01", "2025-03-20")));
        let found = gaps(&now, &ly);
        assert_eq!(found, [gap(false, "2025-03-01", "2025-03-20", 20, 0)]);
        assert!(found[0].describe().contains("from 2025-03-01 to 2025-03-20 (20 days) among this year's"));
        // Two gaps: the first, and how many more.
        let twice: BTreeSet<NaiveDate> = now.iter().copied().filter(|d| d.month() != 5).collect();
        let found = gaps(&twice, &ly);
        assert_eq!(found, [gap(false, "2025-03-01", "2025-03-20", 20, 1)]);
        assert!(found[0].describe().ends_with("(and of another such gap later)"));
        // Trial 67 H1: a feed booked every day loses a day's bookings in three silent days (six
        // were read as none before); two are too few to tell.
        let out = |to: &str| gaps(&every("2025-01-01", "2025-06-30", 1, Some(("2025-03-01", to))), &ly);
        assert_eq!(out("2025-03-06"), [gap(false, "2025-03-01", "2025-03-06", 6, 0)]);
        assert_eq!(out("2025-03-03"), [gap(false, "2025-03-01", "2025-03-03", 3, 0)]);
        assert!(out("2025-03-02").is_empty(), "{:?}", out("2025-03-02"));
        // Booked every 15 days both years: silences, but last year was booked over none of
        // them on 7 days.
        let sparse =
            gaps(&every("2025-01-01", "2025-06-30", 15, None), &every("2024-01-05", "2024-07-01", 15, None));
        assert!(sparse.is_empty(), "{sparse:?}");
        // Booked weekly both years: a week skipped is one beat of its rhythm missed (trial 90
        // H2; its note says the flows cannot tell a file not loaded from one sent with the
        // next), six weeks without a booking are more.
        let weekly_ly = every("2024-01-02", "2024-07-01", 7, None);
        let skipped = every("2025-01-01", "2025-06-30", 7, Some(("2025-03-05", "2025-03-05")));
        let one = Gap { one_beat: true, ..gap(false, "2025-02-27", "2025-03-11", 2, 0) };
        assert_eq!(gaps(&skipped, &weekly_ly), [one]);
        let weeks = every("2025-01-01", "2025-06-30", 7, Some(("2025-03-05", "2025-04-20")));
        assert_eq!(gaps(&weeks, &weekly_ly), [gap(false, "2025-02-27", "2025-04-22", 8, 0)]);
        // Booked every day last year and every tenth day this year (a fall in sales), or the
        // other way round: silences of nine days where one day in ten was to be expected.
        let tenth = every("2025-01-01", "2025-06-30", 10, None);
        assert!(gaps(&tenth, &ly).is_empty(), "{:?}", gaps(&tenth, &ly));
        let tenth_ly = every("2024-01-02", "2024-07-01", 10, None);
        let daily = every("2025-01-01", "2025-06-30", 1, None);
        assert!(gaps(&daily, &tenth_ly).is_empty(), "{:?}", gaps(&daily, &tenth_ly));
        // Booked every tenth day from January, daily from April (sales picked up), against
        // weekly last year: over a nine-day silence no more bookings were to be expected than
        // last year's one, however busy the rest of the year.
        let picked_up: BTreeSet<NaiveDate> = every("2025-01-01", "2025-03-31", 10, None)
            .union(&every("2025-04-01", "2025-06-30", 1, None))
            .copied()
            .collect();
        assert!(gaps(&picked_up, &weekly_ly).is_empty(), "{:?}", gaps(&picked_up, &weekly_ly));
        // Last year's flows for the window start in March after a silent January and February,
        // where this year's were booked from January: last year's gap, though at their start.
        let found = gaps(&daily, &every("2024-03-01", "2024-07-01", 1, None));
        assert_eq!(
            found,
            [Gap { booked_before: false, feed_begins: true, ..gap(true, "2024-01-03", "2024-02-29", 58, 0) }]
        );
        // The feed's first booking follows it: the flows cannot tell a file not loaded from
        // sales begun then (review 56 M1).
        assert!(
            found[0].describe().ends_with(
                "its first booking in the store for travel from 2024-01-01 on is on 2024-03-01: the store lacks its bookings of those days, or its sales began then (the flows cannot tell the two)"
            ),
            "{}",
            found[0].describe()
        );
        // Last year's silent for its last month while this year's go on: last year's gap,
        // up to its snapshot.
        let found = gaps(&daily, &every("2024-01-02", "2024-06-01", 1, None));
        assert_eq!(found, [gap(true, "2024-06-02", "2024-07-01", 30, 0)]);
        // Last year's silent before the store's bookings are complete (for travel read): no gap.
        let early = every("2024-01-02", "2024-07-01", 1, Some(("2024-01-03", "2024-02-29")));
        assert!(find_gaps(&q, "B", &days(&daily, &early, None), day("2024-03-01"), &|_| false).is_empty());
        assert_eq!(
            find_gaps(&q, "B", &days(&daily, &early, None), start, &|_| false),
            [gap(true, "2024-01-03", "2024-02-29", 58, 0)]
        );
        // This year's flows for the window start in May, after a silence of the whole feed in
        // April, where last year's were booked from January: a gap, though at their start.
        let now = every("2025-05-01", "2025-06-30", 1, None);
        let any = every("2024-01-02", "2025-06-30", 1, Some(("2025-04-01", "2025-04-30")));
        assert_eq!(
            find_gaps(&q, "B", &days(&now, &ly, Some(any)), start, &|_| false),
            [Gap { booked_before: false, ..gap(false, "2025-04-01", "2025-04-30", 30, 0) }]
        );
        // A gap in this window's flows while the feed brought bookings for other travel: none.
        let now = every("2025-01-01", "2025-06-30", 1, Some(("2025-03-01", "2025-03-20")));
        let any = every("2024-01-02", "2025-06-30", 1, None);
        assert!(find_gaps(&q, "B", &days(&now, &ly, Some(any)), start, &|_| false).is_empty());
        // February by calendar dates: last year's window ends on the 29th, a day after the
        // same day a year before the window's end; flows first booked then have no span.
        let feb = OtbQuery {
            as_of: day("2025-03-05"),
            window: Window::parse("2025-02").unwrap(),
            ly: LyRule::Calendar,
        };
        let one: BTreeSet<NaiveDate> = [day("2024-02-29")].into();
        let now: BTreeSet<NaiveDate> = [day("2025-01-02"), day("2025-02-20")].into();
        assert!(find_gaps(&feb, "B", &days(&now, &one, None), start, &|_| false).is_empty());
        // Suspected from the counts of weeks with a booking: 26 of 27 this year, every one of
        // 27 last year.
        let reach = Reach {
            first_booked: Some(day("2025-01-01")),
            last_booked: Some(day("2025-06-30")),
            weeks: Some(26),
            first_booked_ly: Some(day("2024-01-02")),
            last_booked_ly: Some(day("2024-07-01")),
            weeks_ly: Some(27),
            ..Reach::default()
        };
        assert_eq!(week_of(day("2025-06-30")) - week_of(day("2025-01-01")) + 1, 27);
        assert_eq!(suspects(&q, &[("B".into(), reach)]).gaps, ["B"]);
        assert!(suspects(&q, &[("B".into(), Reach { weeks: Some(27), ..reach })]).gaps.is_empty());
        // Or from a silence of three days or more in the 91 days before their last booking.
        let full = Reach { weeks: Some(27), ..reach };
        let silent = |gap: i64| Reach { suspect_gap: Some(gap), ..full };
        assert_eq!(suspects(&q, &[("B".into(), silent(4))]).gaps, ["B"]);
        assert!(suspects(&q, &[("B".into(), silent(3))]).gaps.is_empty());
        assert_eq!(suspects(&q, &[("B".into(), Reach { gap: Some(8), ..silent(3) })]).gaps, ["B"]);
    }

    #[test]
    fn silence_is_a_suspect_only_where_last_year_went_on_booking() {
        let q = OtbQuery {
            as_of: day("2025-06-30"),
            window: Window::parse("2025-07-01..2025-12-31").unwrap(),
            ly: LyRule::Days364,
        };
        let reach = |booked: &str, booked_ly: &str, travel: &str, travel_ly: &str| Reach {
            last_booked: (!booked.is_empty()).then(|| day(booked)),
            last_travel: Some(day(travel)),
            last_booked_ly: Some(day(booked_ly)),
            last_travel_ly: Some(day(travel_ly)),
            ..Reach::default()
        };
        let full = |m: &str| (m.to_string(), reach("2025-06-30", "2024-07-01", "2025-12-31", "2025-01-01"));
        // Every market booked to the snapshot, and to the window's end: nothing to suspect.
        let s = suspects(&q, &[full("A"), full("B")]);
        assert_eq!((s.booked_until, s.travel_until, s.markets.len()), (None, None, 0));
        assert_eq!(s.until, day("2025-06-30"));
        let silent_since =
            |m: &str, last: &str, ly: &str| (m.to_string(), reach(last, ly, "2025-12-31", "2025-01-01"));
        let s = suspects(
            &q,
            &[
                full("A"),
                // Silent for 91 days, booked over them last year: a suspect.
                silent_since("B", "2025-03-31", "2024-07-01"),
                // Silent for 6 days: not yet.
                silent_since("C", "2025-06-24", "2024-07-01"),
                // Silent for 91 days, and last year too: a market nobody books.
                silent_since("D", "2025-03-31", "2024-03-30"),
                // Last year's went on three days longer, then fell silent as well: no stop.
                silent_since("F", "2025-03-01", "2024-03-04"),
                // No flow for the window this year, some last year.
                silent_since("E", "", "2024-06-01"),
            ],
        );
        let names: Vec<&str> = s.markets.iter().map(|m| m.market.as_str()).collect();
        assert_eq!(names, ["B", "E"]);
        // E was booked for other travel to the snapshot: a window nobody booked, not a stop.
        let last: HashMap<String, NaiveDate> =
            [("B".to_string(), day("2025-03-31")), ("E".to_string(), day("2025-06-29"))].into();
        let out = stopped(&q, &s, &last);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].market.as_str(), out[0].last_booked), ("B", day("2025-03-31")));
        // The store's flows stop before the snapshot, and short of the window's end, while last
        // year's went on: both are suspects (for the store to confirm).
        let early = reach("2025-05-31", "2024-07-01", "2025-10-31", "2025-01-01");
        let s = suspects(&q, &[("A".into(), early)]);
        assert_eq!(s.booked_until, Some((day("2025-05-31"), day("2024-07-01"))));
        assert_eq!(s.travel_until, Some(day("2025-10-31")));
        assert_eq!(s.until, day("2025-05-31"));
        // Last year's flows reached no further ahead of their snapshot: not a suspect.
        let even = reach("2025-06-30", "2024-07-01", "2025-10-31", "2024-11-01");
        assert_eq!(suspects(&q, &[("A".into(), even)]).travel_until, None);
        // This window's flows were first booked 181 days ahead, last year's only 31 (the
        // window 2024-07-02..): last year may lack its earliest bookings.
        let first = |now: &str, ly: &str| Reach {
            first_booked: Some(day(now)),
            first_booked_ly: Some(day(ly)),
            ..full("A").1
        };
        let late = suspects(&q, &[("A".into(), first("2025-01-01", "2024-06-01"))]).late_start;
        assert_eq!(
            late,
            [LateStart { market: "A".into(), first_booked_ly: day("2024-06-01"), lead_ly: 31, lead: 181 }]
        );
        assert!(suspects(&q, &[("A".into(), first("2025-01-01", "2024-01-08"))]).late_start.is_empty());
        // This year's first booked 133 days ahead, last year's 150 (a gap in the feed may
        // hide this year's first 17 days): short of a tenth and a week, yet a week or more,
        // so the store is asked for gaps; 144 days ahead is chance.
        let window_ly = q.last_year().1.from;
        let ahead = |lead: u64, lead_ly: u64| {
            let (now, ly) = (q.window.from - Days::new(lead), window_ly - Days::new(lead_ly));
            ("A".to_string(), Reach { first_booked: Some(now), first_booked_ly: Some(ly), ..full("A").1 })
        };
        let s = suspects(&q, &[ahead(133, 150)]);
        assert_eq!((s.gaps.as_slice(), s.late_start.len()), (["A".to_string()].as_slice(), 0));
        assert_eq!(suspects(&q, &[ahead(150, 133)]).gaps, ["A"]);
        assert!(suspects(&q, &[ahead(144, 150)]).gaps.is_empty());
    }
}
