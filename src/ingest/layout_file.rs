//! A layout file (`--layout FILE`, TOML): the reading flags of a recurring publisher file,
//! saved, so that each month's file loads with one short command. Its keys are the flags'
//! names and take the flags' values:
//!
//! ```toml
//! # The board's monthly table
//! kind = "arrivals"
//! unit = "thousands"
//! columns = ["market=country", "skip=notes"]
//! market_map = "board-spellings.csv"   # relative to this file
//! source = "Tourism Board"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::read::{Axis, ColumnName, NumberStyle, Pick, Unit};
use super::IngestOptions;
use crate::error::{Error, IoContext, Result};
use crate::kind::Kind;
use crate::period::{Calendar, DateOrder};

/// A layout file as written (each value as its flag takes it).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Written {
    kind: Option<String>,
    calendar: Option<String>,
    #[serde(alias = "date_order")]
    date_order: Option<String>,
    decimal: Option<String>,
    thousands: Option<String>,
    year: Option<i32>,
    unit: Option<String>,
    sheet: Option<String>,
    #[serde(default)]
    columns: Vec<String>,
    #[serde(alias = "market_map")]
    market_map: Option<PathBuf>,
    source: Option<String>,
    #[serde(alias = "as_of")]
    as_of: Option<String>,
    /// One series of a table of several: `row = "arrivals"` or `column = "arrivals"`, with
    /// `market`.
    row: Option<String>,
    column: Option<String>,
    market: Option<String>,
    /// Markets the tree lacks added under their groups, or this parent (`--add-markets`).
    #[serde(alias = "add_markets")]
    add_markets: Option<String>,
    /// Of several tables one under the other, the one to load (`--table`).
    table: Option<TableKey>,
    /// Year columns under a title that names a month: `month = "November"` or "year".
    month: Option<String>,
    /// What the start periods of series as columns count in: `frequency = "quarterly"`.
    frequency: Option<String>,
    /// Of a table of several measures for each market and period, the one to load.
    measure: Option<String>,
}

/// A table named by its number (`table = 2`) or a word of its title (`table = "nights"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum TableKey {
    Number(u32),
    Title(String),
}

/// A layout file read: what it says, typed; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayoutFile {
    pub kind: Option<Kind>,
    pub calendar: Option<Calendar>,
    pub date_order: Option<DateOrder>,
    pub numbers: Option<NumberStyle>,
    /// In the calendar's own years (2558 with `calendar = "be"`), as `--year` takes it.
    pub year: Option<i32>,
    pub unit: Option<Unit>,
    pub sheet: Option<String>,
    pub columns: Vec<ColumnName>,
    /// Resolved against the layout file's folder.
    pub market_map: Option<PathBuf>,
    pub source: Option<String>,
    pub as_of: Option<chrono::NaiveDate>,
    pub pick: Option<Pick>,
    pub add_markets: Option<String>,
    pub table: Option<String>,
    pub month: Option<super::YearColumns>,
    pub frequency: Option<super::Frequency>,
    pub measure: Option<String>,
}

impl LayoutFile {
    /// Reads a layout file; a key it does not know or a value its flag would refuse is an
    /// error naming the file and the key.
    pub fn read(path: &Path) -> Result<LayoutFile> {
        let text = std::fs::read_to_string(path).at(path)?;
        let label = path.display().to_string();
        let w: Written = toml::from_str(&text).map_err(|e| {
            Error::invalid_file(&label, format!("not a layout file: {}", e.to_string().trim()))
        })?;
        let bad = |key: &str, e: String| Error::invalid_file(&label, format!("{key}: {e}"));
        let numbers = match (&w.decimal, &w.thousands) {
            (Some(_), Some(_)) => {
                return Err(bad("decimal", "give decimal or thousands, not both".into()));
            }
            (Some(d), None) => Some(NumberStyle::from_flag("decimal", d).map_err(|e| bad("decimal", e))?),
            (None, Some(t)) => Some(NumberStyle::from_flag("thousands", t).map_err(|e| bad("thousands", e))?),
            (None, None) => None,
        };
        let folder = path.parent().unwrap_or(Path::new("."));
        let pick = match (w.row, w.column, w.market) {
            (None, None, None) => None,
            (Some(pattern), None, Some(market)) => Some(Pick { axis: Axis::Row, pattern, market }),
            (None, Some(pattern), Some(market)) => Some(Pick { axis: Axis::Column, pattern, market }),
            (Some(_), Some(_), _) => return Err(bad("row", "give row or column, not both".into())),
            (None, None, Some(market)) => Some(Pick { axis: Axis::Table, pattern: String::new(), market }),
            (_, _, None) => {
                return Err(bad(
                    "market",
                    "a row or column key picks a series; market says which market it is about".into(),
                ))
            }
        };
        Ok(LayoutFile {
            kind: w.kind.map(|k| k.parse().map_err(|e| bad("kind", e))).transpose()?,
            calendar: w.calendar.map(|c| c.parse().map_err(|e| bad("calendar", e))).transpose()?,
            date_order: w.date_order.map(|c| c.parse().map_err(|e| bad("date-order", e))).transpose()?,
            numbers,
            year: w.year,
            unit: w.unit.map(|u| u.parse().map_err(|e| bad("unit", e))).transpose()?,
            sheet: w.sheet,
            columns: w
                .columns
                .iter()
                .map(|c| ColumnName::parse(c).map_err(|e| bad("columns", e)))
                .collect::<Result<_>>()?,
            market_map: w.market_map.map(|m| if m.is_absolute() { m } else { folder.join(m) }),
            source: w.source,
            as_of: w
                .as_of
                .map(|d| {
                    d.trim().parse().map_err(|_| bad("as-of", format!("expected YYYY-MM-DD, got \"{d}\"")))
                })
                .transpose()?,
            pick,
            add_markets: w.add_markets,
            table: w.table.map(|t| match t {
                TableKey::Number(n) => n.to_string(),
                TableKey::Title(t) => t,
            }),
            month: w.month.map(|m| m.parse().map_err(|e| bad("month", e))).transpose()?,
            frequency: w.frequency.map(|f| f.parse().map_err(|e| bad("frequency", e))).transpose()?,
            measure: w.measure,
        })
    }

    /// Fills what `opts` leaves unsaid from the layout (what was asked for wins); a layout of
    /// another kind is refused.
    pub fn fill(&self, opts: &mut IngestOptions, label: &str) -> Result<()> {
        if let Some(k) = self.kind.filter(|k| *k != opts.kind) {
            return Err(Error::Usage(format!("{label} is a layout for {k} files, not {}", opts.kind)));
        }
        if opts.calendar == Calendar::Ce {
            opts.calendar = self.calendar.unwrap_or(Calendar::Ce);
        }
        opts.date_order = opts.date_order.or(self.date_order);
        if opts.numbers == NumberStyle::Auto {
            opts.numbers = self.numbers.unwrap_or_default();
        }
        if opts.year.is_none() {
            opts.year = self.year.map(|y| if opts.calendar == Calendar::Be { y - 543 } else { y });
        }
        opts.unit = opts.unit.or(self.unit);
        opts.sheet = opts.sheet.take().or_else(|| self.sheet.clone());
        if opts.columns.is_empty() {
            opts.columns = self.columns.clone();
        }
        opts.market_map = opts.market_map.take().or_else(|| self.market_map.clone());
        opts.source = opts.source.take().or_else(|| self.source.clone());
        opts.as_of = opts.as_of.or(self.as_of);
        opts.pick = opts.pick.take().or_else(|| self.pick.clone());
        opts.add_markets = opts.add_markets.take().or_else(|| self.add_markets.clone());
        opts.table = opts.table.take().or_else(|| self.table.clone());
        opts.month = opts.month.or(self.month);
        opts.frequency = opts.frequency.or(self.frequency);
        opts.measure = opts.measure.take().or_else(|| self.measure.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<LayoutFile> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("board.toml");
        std::fs::write(&path, text).unwrap();
        LayoutFile::read(&path).map(|mut l| {
            l.market_map = l.market_map.map(|m| m.strip_prefix(dir.path()).unwrap().to_path_buf());
            l
        })
    }

    #[test]
    fn a_layout_says_what_the_flags_say() {
        let l = read(
            "kind = \"arrivals\"\nunit = \"thousands\"\ndecimal = \",\"\ncolumns = [\"market=country\", \"skip=notes\"]\nmarket-map = \"spellings.csv\"\nyear = 2558\ncalendar = \"be\"\ndate-order = \"dmy\"\nadd-markets = \"Total\"\ntable = 2\n",
        )
        .unwrap();
        assert_eq!(l.kind, Some(Kind::Arrivals));
        assert_eq!(l.unit, Some(Unit::Thousands));
        assert_eq!(l.numbers, Some(NumberStyle::DecimalComma));
        assert_eq!(l.columns.len(), 2);
        assert_eq!(l.market_map, Some(PathBuf::from("spellings.csv")));
        let mut opts = IngestOptions::new(Kind::Arrivals);
        opts.unit = Some(Unit::Millions);
        l.fill(&mut opts, "board.toml").unwrap();
        // The flag given wins; the rest comes from the file, the year in Common Era.
        assert_eq!(opts.unit, Some(Unit::Millions));
        assert_eq!((opts.calendar, opts.year), (Calendar::Be, Some(2015)));
        assert_eq!(opts.date_order, Some(DateOrder::DayFirst));
        assert_eq!(opts.add_markets.as_deref(), Some("Total"));
        assert_eq!(opts.table.as_deref(), Some("2"));
        let mut targets = IngestOptions::new(Kind::Targets);
        assert!(l.fill(&mut targets, "board.toml").is_err());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let e = read("unit = \"dozens\"\n").unwrap_err().to_string();
        assert!(e.contains("board.toml") && e.contains("unit:"), "{e}");
        let e = read("units = \"thousands\"\n").unwrap_err().to_string();
        assert!(e.contains("unknown field `units`"), "{e}");
        let e = read("decimal = \",\"\nthousands = \".\"\n").unwrap_err().to_string();
        assert!(e.contains("not both"), "{e}");
    }
}
