//! The duplicate-key record of the fast path: which (booked_on, travel_date, market) keys a
//! file has had so far, kept in bits per market and day of travel as the blocks go by.

use std::collections::HashMap;

use polars::prelude::*;

use crate::error::{PolarsContext, Result};

/// The (booked_on, travel_date, market) keys seen so far: for each market and day of travel,
/// one bit per lead day (travel date minus booking date). Memory grows with the markets and
/// days of travel a file spans, not with its rows (146,200 market-days, under 20 MB, for the
/// 11.5 million flows of gen.py's default scale); rows that share a market and travel date,
/// as flows usually come, cost a comparison and a bit each.
#[derive(Default)]
pub(super) struct SeenKeys {
    pub(super) markets: HashMap<String, u32>,
    /// Index into `leads` of each (market, travel day).
    slots: HashMap<(u32, i32), usize>,
    leads: Vec<Vec<u64>>,
    pub(super) duplicate: bool,
    /// A flow booked more than `MAX_LEAD_DAYS` ahead: left to the careful reader, which keeps
    /// its keys in a set, so that a stray date cannot make a bitmap of thousands of words.
    pub(super) far_ahead: bool,
}

/// The furthest a flow is booked ahead (5 years; the block parser leaves a flow further ahead
/// to the careful reader, which refuses it).
const MAX_LEAD_DAYS: usize = crate::ingest::parse::MAX_LEAD_DAYS as usize;

impl SeenKeys {
    /// Records the keys of one frame of flows.
    pub(super) fn insert(&mut self, flows: &DataFrame) -> Result<()> {
        let column = |name: &str| flows.column(name).context("reading the keys of flows");
        let date =
            |name: &str| column(name)?.date().map(|d| d.physical()).context("reading the dates of flows");
        let markets = column("market")?.str().context("reading the markets of flows")?;
        self.insert_keys(markets, date("booked_on")?, date("travel_date")?);
        Ok(())
    }

    /// Records (market, booked_on, travel_date) keys.
    fn insert_keys(&mut self, markets: &StringChunked, booked: &Int32Chunked, travel: &Int32Chunked) {
        let mut last_market: Option<(&str, u32)> = None;
        let mut last_slot: Option<((u32, i32), usize)> = None;
        for ((m, b), t) in markets.iter().zip(booked.iter()).zip(travel.iter()) {
            let (Some(m), Some(b), Some(t)) = (m, b, t) else { continue };
            let Ok(lead) = usize::try_from(i64::from(t) - i64::from(b)) else { continue };
            if lead > MAX_LEAD_DAYS {
                self.far_ahead = true;
                continue;
            }
            let market = match last_market {
                Some((name, id)) if name == m => id,
                _ => {
                    let id = self.market_id(m);
                    last_market = Some((m, id));
                    id
                }
            };
            let slot = match last_slot {
                Some((key, slot)) if key == (market, t) => slot,
                _ => {
                    let leads = &mut self.leads;
                    let slot = *self.slots.entry((market, t)).or_insert_with(|| {
                        leads.push(Vec::new());
                        leads.len() - 1
                    });
                    last_slot = Some(((market, t), slot));
                    slot
                }
            };
            let bits = &mut self.leads[slot];
            let (word, bit) = (lead / 64, 1u64 << (lead % 64));
            if bits.len() <= word {
                bits.resize(word + 1, 0);
            }
            self.duplicate |= bits[word] & bit != 0;
            bits[word] |= bit;
        }
    }

    fn market_id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.markets.get(name) {
            return *id;
        }
        let id = self.markets.len() as u32;
        self.markets.insert(name.to_string(), id);
        id
    }
}
