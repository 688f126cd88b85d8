//! The five kinds of figures, their canonical CSV layouts and how each is keyed in the store.
//!
//! One table drives reading (which headers are accepted), storing (which columns identify a
//! figure, which hold its value, how files are partitioned) and exporting (the canonical layout
//! again), so the three cannot drift apart.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Markets,
    Arrivals,
    Bookings,
    Otb,
    Targets,
}

/// A column of a canonical input layout.
#[derive(Debug, Clone, Copy)]
pub struct InputColumn {
    pub name: &'static str,
    pub required: bool,
    /// Other header names accepted for this column (compared case-insensitively).
    pub also: &'static [&'static str],
}

const fn req(name: &'static str) -> InputColumn {
    InputColumn { name, required: true, also: &[] }
}

const fn opt(name: &'static str) -> InputColumn {
    InputColumn { name, required: false, also: &[] }
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Markets, Kind::Arrivals, Kind::Bookings, Kind::Otb, Kind::Targets];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Markets => "markets",
            Kind::Arrivals => "arrivals",
            Kind::Bookings => "bookings",
            Kind::Otb => "otb",
            Kind::Targets => "targets",
        }
    }

    /// The kind with its article, for messages: "an arrivals", "a bookings".
    pub fn with_article(self) -> String {
        let article = if matches!(self, Kind::Arrivals | Kind::Otb) { "an" } else { "a" };
        format!("{article} {}", self.as_str())
    }

    /// The canonical long layout, as DESIGN.md gives it.
    pub fn input_columns(self) -> &'static [InputColumn] {
        const MARKETS: &[InputColumn] = &[req("market"), opt("parent"), opt("aliases")];
        // SDMX-CSV names the same columns otherwise (COUNTERPART_AREA: the source market).
        const ARRIVALS: &[InputColumn] = &[
            InputColumn { name: "market", required: true, also: &["counterpart_area"] },
            InputColumn { name: "period", required: true, also: &["time_period"] },
            InputColumn { name: "arrivals", required: true, also: &["obs_value"] },
            InputColumn { name: "status", required: false, also: &["obs_status"] },
            opt("as_of"),
            opt("source"),
        ];
        const BOOKINGS: &[InputColumn] = &[req("booked_on"), req("travel_date"), req("market"), req("seats")];
        const OTB: &[InputColumn] = &[
            req("as_of"),
            req("travel_from"),
            req("travel_to"),
            req("market"),
            req("seats"),
            opt("seats_ly"),
            opt("change_pct"),
            opt("source"),
        ];
        const TARGETS: &[InputColumn] = &[
            InputColumn { name: "market", required: true, also: &["counterpart_area"] },
            InputColumn { name: "period", required: true, also: &["time_period"] },
            InputColumn { name: "target", required: true, also: &["obs_value"] },
            InputColumn { name: "announced_on", required: false, also: &["as_of"] },
            opt("source"),
        ];
        match self {
            Kind::Markets => MARKETS,
            Kind::Arrivals => ARRIVALS,
            Kind::Bookings => BOOKINGS,
            Kind::Otb => OTB,
            Kind::Targets => TARGETS,
        }
    }

    /// Stored columns that identify one figure: two rows with the same key and a different
    /// value are a conflict.
    pub fn key_columns(self) -> &'static [&'static str] {
        match self {
            Kind::Markets => &["market"],
            Kind::Arrivals => &["market", "period", "as_of"],
            Kind::Bookings => &["booked_on", "travel_date", "market"],
            Kind::Otb => &["as_of", "travel_from", "travel_to", "market"],
            Kind::Targets => &["market", "period", "as_of"],
        }
    }

    /// Stored columns that hold the figure itself.
    pub fn value_columns(self) -> &'static [&'static str] {
        match self {
            Kind::Markets => &["parent"],
            Kind::Arrivals => &["arrivals"],
            Kind::Bookings => &["seats"],
            Kind::Otb => &["seats", "seats_ly", "change_pct"],
            Kind::Targets => &["target"],
        }
    }

    /// Whether figures carry a vintage (`as_of`) and revisions are kept beside each other.
    pub fn has_vintage(self) -> bool {
        matches!(self, Kind::Arrivals | Kind::Otb | Kind::Targets)
    }

    /// Hive partition column of the stored dataset and the date column it is the year of.
    pub fn partition(self) -> Option<(&'static str, &'static str)> {
        match self {
            Kind::Markets => None,
            Kind::Arrivals | Kind::Targets => Some(("year", "period_start")),
            Kind::Bookings => Some(("travel_year", "travel_date")),
            Kind::Otb => Some(("as_of_year", "as_of")),
        }
    }

    /// The columns `export` writes in csv: the canonical layout, with everything optional the
    /// store knows.
    pub fn export_columns(self) -> &'static [&'static str] {
        match self {
            Kind::Markets => &["market", "parent", "aliases"],
            Kind::Arrivals => &["market", "period", "arrivals", "status", "as_of", "source"],
            Kind::Bookings => &["booked_on", "travel_date", "market", "seats"],
            Kind::Otb => {
                &["as_of", "travel_from", "travel_to", "market", "seats", "seats_ly", "change_pct", "source"]
            }
            Kind::Targets => &["market", "period", "target", "announced_on", "source"],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Kind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            format!("expected a kind: markets, arrivals, bookings, otb or targets, got \"{s}\"")
        })
    }
}
