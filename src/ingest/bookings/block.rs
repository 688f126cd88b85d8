//! The block parser of the fast path: a block of whole records, parsed by csv-core straight
//! into typed columns (dates from their ten bytes to day numbers, seats from their digits,
//! markets to the block's list of names), by half-year of travel. Anything it cannot read
//! exactly makes the block `None`, which sends the file to the careful reader.

use std::collections::HashMap;

use chrono::NaiveDate;
use csv_core::ReadRecordResult;
use polars::prelude::*;

use crate::columns::{day_to_date, memo_runs};
use crate::period::DateOrder;
use crate::store::flow_partition;

/// Fields in a record of the fast path: booked_on, travel_date, market, seats.
pub(super) const FIELDS: usize = 4;

/// The flows of one block, by half-year of travel; `None` when the block needs the careful
/// reader.
pub(super) type Parsed = Option<Vec<((i32, u8), DataFrame)>>;

/// A block's flows, parsed from its bytes (records of `FIELDS` fields, at the positions
/// `fields` gives), by half-year of travel.
/// A negative figure of seats is read only where it is seats cancelled (`cancellations`).
pub(super) fn parse_block(
    block: &[u8],
    fields: [usize; FIELDS],
    order: Option<DateOrder>,
    cancellations: bool,
) -> Parsed {
    let [booked_at, travel_at, market_at, seats_at] = fields;
    let mut reader = csv_core::Reader::new();
    let (mut out, mut ends) = ([0u8; 1024], [0usize; FIELDS + 1]);
    let mut input = block;
    let mut markets = BlockMarkets::default();
    let mut parts: Vec<Part> = Vec::new();
    let mut booked_day = memo_runs(|text: [u8; 10]| day_of(&text, order));
    let mut travel_day = memo_runs(|text: [u8; 10]| day_of(&text, order));
    let mut partition_of = memo_runs(|day: i32| day_to_date(day).map(flow_partition));
    let mut part = 0;
    // A booking of a day still to come (after tomorrow): the careful reader names the row.
    let latest = crate::columns::date_to_day(chrono::Local::now().date_naive() + chrono::Days::new(1));
    // Bytes and field ends of the record so far: a record that the end of the block cuts
    // (the last of a file without a final line end) comes in two calls.
    let (mut out_len, mut n_fields) = (0, 0);
    loop {
        let (result, read, written, n_ends) =
            reader.read_record(input, &mut out[out_len..], &mut ends[n_fields..]);
        input = &input[read..];
        out_len += written;
        n_fields += n_ends;
        match result {
            // The whole block is in: the next call, with no input, ends the last record.
            ReadRecordResult::InputEmpty => continue,
            ReadRecordResult::Record if n_fields == FIELDS => (out_len, n_fields) = (0, 0),
            ReadRecordResult::End => break,
            _ => return None,
        }
        // Field ends count from the start of the record, whatever the calls it took.
        let field = |i: usize| &out[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let booked = booked_day(field(booked_at).try_into().ok()?)?;
        let travel = travel_day(field(travel_at).try_into().ok()?)?;
        // Booked after travel, or further ahead than a booking is taken: the careful reader
        // names the row.
        if booked > travel
            || booked > latest
            || i64::from(travel - booked) > crate::ingest::parse::MAX_LEAD_DAYS
        {
            return None;
        }
        let market = markets.id(field(market_at))?;
        let seats = match field(seats_at) {
            [b'-', digits @ ..] if cancellations => -number(digits)?,
            digits => number(digits)?,
        };
        let partition = partition_of(travel)?;
        if parts.get(part).is_none_or(|p| p.partition != partition) {
            part = match parts.iter().position(|p| p.partition == partition) {
                Some(i) => i,
                None => {
                    parts.push(Part { partition, ..Default::default() });
                    parts.len() - 1
                }
            };
        }
        let p = &mut parts[part];
        p.booked.push(booked);
        p.travel.push(travel);
        p.market.push(market);
        p.seats.push(seats);
    }
    let names = StringChunked::from_iter_values("market".into(), markets.names.iter().map(String::as_str));
    parts.into_iter().map(|p| Some((p.partition, p.into_frame(&names)?))).collect()
}

/// One block's flows of one half-year of travel, column by column.
#[derive(Default)]
struct Part {
    partition: (i32, u8),
    booked: Vec<i32>,
    travel: Vec<i32>,
    /// Index into the block's market names.
    market: Vec<IdxSize>,
    seats: Vec<i64>,
}

impl Part {
    /// The flows as a frame with the columns of the bookings kind.
    fn into_frame(self, names: &StringChunked) -> Option<DataFrame> {
        let height = self.seats.len();
        // Taking from the names shares their bytes: each row costs a 16-byte view.
        let market = names.take(&IdxCa::from_vec("market".into(), self.market)).ok()?;
        let columns = vec![
            Int32Chunked::from_vec("booked_on".into(), self.booked).into_date().into_column(),
            Int32Chunked::from_vec("travel_date".into(), self.travel).into_date().into_column(),
            market.into_column(),
            Int64Chunked::from_vec("seats".into(), self.seats).into_column(),
        ];
        DataFrame::new(height, columns).ok()
    }
}

/// The market names of one block, each once.
#[derive(Default)]
struct BlockMarkets {
    names: Vec<String>,
    ids: HashMap<Vec<u8>, IdxSize>,
    /// The id of the last name looked up: flows come grouped by market.
    last: Option<IdxSize>,
}

impl BlockMarkets {
    /// The id of a market name as written in the file; `None` for an empty name, one with a
    /// quote or a line end in it, or one that is not UTF-8.
    fn id(&mut self, name: &[u8]) -> Option<IdxSize> {
        if let Some(id) = self.last.filter(|id| self.names[*id as usize].as_bytes() == name) {
            return Some(id);
        }
        let id = match self.ids.get(name) {
            Some(id) => *id,
            None => {
                if name.is_empty() || name.iter().any(|c| matches!(c, b'"' | b'\n' | b'\r')) {
                    return None;
                }
                let text = std::str::from_utf8(name).ok()?.to_string();
                let id = IdxSize::try_from(self.names.len()).ok()?;
                self.names.push(text);
                self.ids.insert(name.to_vec(), id);
                id
            }
        };
        self.last = Some(id);
        Some(id)
    }
}

/// A number written in plain digits (no sign, no separator), up to 18 of them.
fn number(digits: &[u8]) -> Option<i64> {
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.iter().try_fold(0i64, |n, c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
}

/// Days since 1970-01-01 of a date of ten bytes: `YYYY-MM-DD`, or where the file's order of
/// day and month is given (`--date-order`), `DD/MM/YYYY` (`MM/DD/YYYY`) with `/`, `.` or `-`,
/// as the careful reader reads it (a date written otherwise, `5/3/2025`, is left to it).
pub(super) fn day_of(b: &[u8; 10], order: Option<DateOrder>) -> Option<i32> {
    let Some(order) = order.filter(|_| b[2] == b[5] && matches!(b[2], b'/' | b'.' | b'-')) else {
        return iso_day(b);
    };
    let part = |digits: &[u8]| number(digits).and_then(|n| u32::try_from(n).ok());
    let (first, second) = (part(&b[..2])?, part(&b[3..5])?);
    let (day, month) = match order {
        DateOrder::DayFirst => (first, second),
        DateOrder::MonthFirst => (second, first),
    };
    let date = NaiveDate::from_ymd_opt(part(&b[6..])? as i32, month, day)?;
    Some(crate::columns::date_to_day(date))
}

/// Days since 1970-01-01 of a date written exactly `YYYY-MM-DD`.
pub(super) fn iso_day(b: &[u8; 10]) -> Option<i32> {
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let part = |digits: &[u8]| number(digits).and_then(|n| u32::try_from(n).ok());
    let date = NaiveDate::from_ymd_opt(part(&b[..4])? as i32, part(&b[5..7])?, part(&b[8..])?)?;
    Some(crate::columns::date_to_day(date))
}
