//! Reading a CSV file record by record with exact physical line numbers.
//!
//! polars reads fast but reports neither lines nor the offending text, so every file that is
//! not clean takes this path (the `csv` crate, which tracks positions through quoted newlines
//! and CRLF). It also recognises what is wrong with a file as a whole: empty, UTF-16, headers
//! of another kind.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;
use std::rc::Rc;

use crate::error::{Error, IoContext, Problem, Result};
use crate::kind::{InputColumn, Kind};

/// Where each column of a kind's layout sits in the file, matched by header name.
#[derive(Debug, Clone)]
pub struct Layout {
    /// For each of `kind.input_columns()`, the field index in a record, if the file has it.
    pub positions: Vec<Option<usize>>,
    pub field_count: usize,
    /// The header as written (trimmed).
    pub header: Vec<String>,
    /// Columns of an SDMX file passed over that would tell series apart (a dimension, the
    /// dataflow): each must hold one value, or the file mixes series (arrivals and nights).
    pub one_value: Vec<usize>,
    /// Of an SDMX file whose label column is named as the market: the code column passed over
    /// and the label column, each label of one code (two codes of one label are two series).
    pub coded: Vec<(usize, usize)>,
    /// The first of the empty header fields that end the header (a spreadsheet's trailing
    /// commas): the records' fields from it on must be empty.
    pub unheaded_from: usize,
    /// The header's line (below a title passed over, not the first).
    pub line: u64,
}

pub(super) fn header_key(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// The header's columns as keys to match tourstat's columns against. Of SDMX-CSV (a
/// TIME_PERIOD column): the structure columns are empty keys (passed over), and without
/// COUNTERPART_AREA the market is the reference area.
fn header_keys(header: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    if keys.iter().any(|k| k == "time_period") {
        // Eurostat's: the country of residence (`c_resid`, or `partner`) is the market, the
        // reporting country (`geo`) the reference area, `OBS_FLAG` the status, `unit` and
        // `LAST UPDATE` the same on every row (trial 87 M3: refused as a long file).
        if !keys.iter().any(|k| k == "counterpart_area" || k == "ref_area") {
            if let Some(k) = keys.iter_mut().find(|k| *k == "c_resid" || *k == "partner") {
                *k = "counterpart_area".into();
            }
            if let Some(k) = keys.iter_mut().find(|k| *k == "geo") {
                *k = "ref_area".into();
            }
            if !keys.iter().any(|k| k == "obs_status") {
                if let Some(k) = keys.iter_mut().find(|k| *k == "obs_flag") {
                    *k = "obs_status".into();
                }
            }
            for k in keys.iter_mut().filter(|k| *k == "unit" || *k == "last_update") {
                k.clear();
            }
        }
        if !keys.iter().any(|k| k == "counterpart_area") {
            if let Some(k) = keys.iter_mut().find(|k| *k == "ref_area") {
                *k = "counterpart_area".into();
            }
        }
        for k in keys.iter_mut() {
            if SDMX_STRUCTURE.contains(&k.as_str()) {
                k.clear();
            }
        }
    }
    keys
}

/// A file's own name for one of tourstat's columns (`--column period=month`), or a column of
/// the file to pass over (`--column skip=notes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnName {
    pub column: String,
    pub header: String,
}

impl ColumnName {
    /// The column a `skip=` names is passed over.
    pub const SKIP: &'static str = "skip";

    /// Reads `COLUMN=HEADER`.
    pub fn parse(text: &str) -> std::result::Result<ColumnName, String> {
        match text.split_once('=') {
            Some((c, h)) if !c.trim().is_empty() && !h.trim().is_empty() => {
                Ok(ColumnName { column: header_key(c), header: h.trim().to_string() })
            }
            _ => Err(format!(
                "expected COLUMN=HEADER (e.g. period=month, market=country, skip=notes), got \"{text}\""
            )),
        }
    }
}

impl std::fmt::Display for ColumnName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.column, self.header)
    }
}

impl Layout {
    /// Matches a header record against the kind's columns (case-insensitively), after the
    /// file's own names in `names` are read as tourstat's. Extra or missing required columns are
    /// an error naming what was expected and what was found.
    pub fn from_header(
        kind: Kind,
        header: &[&str],
        names: &[ColumnName],
    ) -> std::result::Result<Layout, String> {
        let columns = kind.input_columns();
        // A file separated by semicolons or tabs reads as one column: say so, not "bad header".
        if let [only] = header {
            for (sep, name) in [(';', "semicolons"), ('\t', "tabs"), ('|', "vertical bars")] {
                let n = only.matches(sep).count();
                if n >= 1 && n + 1 >= columns.iter().filter(|c| c.required).count() {
                    return Err(format!(
                        "the columns of this file are separated by {name} (\"{}\"); tourstat reads comma-separated files: save it as CSV with commas (in a spreadsheet: CSV UTF-8, comma-delimited)",
                        only.trim()
                    ));
                }
            }
        }
        let sdmx = header.iter().any(|h| header_key(h) == "time_period");
        if header.len() > 4 * columns.len() + 16 {
            let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
            return Err(format!(
                "the header has {} columns; {} file has {} ({})",
                header.len(),
                kind.with_article(),
                columns.len(),
                names.join(",")
            ));
        }
        let mut keys = header_keys(header);
        let mut skip = vec![false; keys.len()];
        // Dimensions passed over that may differ from row to row: the code column of the
        // label named as the market (its codes tell the markets apart, as the labels do).
        // (Its label's column, wherever it stands: review 78 M4, labels at the end refused.)
        let mut coded: Vec<Option<usize>> = vec![None; keys.len()];
        // SDMX-CSV's label columns, each after the code column it names (not one `--column`
        // names: review 75 H3).
        let mut labels: Vec<bool> = (0..header.len()).map(|i| sdmx && sdmx_label(header, i)).collect();
        for (i, name) in names.iter().enumerate() {
            let earlier = &names[..i];
            if name.column != ColumnName::SKIP && earlier.iter().any(|n| n.column == name.column) {
                return Err(format!("--column {name}: the {} column is named twice", name.column));
            }
            if earlier.iter().any(|n| header_key(&n.header) == header_key(&name.header)) {
                return Err(format!("--column {name}: the file's column \"{}\" is named twice", name.header));
            }
        }
        for name in names {
            if name.column != ColumnName::SKIP && !columns.iter().any(|c| c.name == name.column) {
                let known: Vec<&str> = columns.iter().map(|c| c.name).collect();
                return Err(format!(
                    "--column {name}: {} file has no column \"{}\"; its columns are {} (or skip)",
                    kind.with_article(),
                    name.column,
                    known.join(", ")
                ));
            }
            // A structure column of an SDMX file (passed over already) may be named too.
            // The column headed exactly so first: `Counterpart area` is not `COUNTERPART_AREA`,
            // though both read as one key.
            let Some(i) = header
                .iter()
                .position(|h| h.trim() == name.header.trim())
                .or_else(|| keys.iter().position(|k| *k == header_key(&name.header)))
                .or_else(|| header.iter().position(|h| sdmx && header_key(h) == header_key(&name.header)))
            else {
                return Err(format!(
                    "--column {name}: the file has no column \"{}\"; its header is \"{}\"",
                    name.header,
                    header.join(",")
                ));
            };
            labels[i] = false;
            if name.column == ColumnName::SKIP {
                skip[i] = true;
            } else {
                // Of SDMX, a dimension read as the column named (REF_AREA, COUNTERPART_AREA as
                // the market) gives way to it, passed over (review 75 H3: `--column
                // market=Country` refused, "skip Country" advised; review 76 M1-M3).
                let column = columns.iter().find(|c| c.name == name.column);
                let read_as = |k: &str| column.is_some_and(|c| c.also.contains(&k));
                for (o, k) in keys.iter().enumerate() {
                    let dimension = matches!(header_key(header[o]).as_str(), "ref_area" | "counterpart_area");
                    if sdmx && o != i && read_as(k) && dimension {
                        skip[o] = true;
                        // (Review 77 M1: `--column "market=Counterpart area"` refused for a
                        // file of more than one market, COUNTERPART_AREA "more than one
                        // series".)
                        coded[o] = Some(i);
                    }
                }
                // A column named as it is already (review 57 M2: `--column market=market`,
                // refused with advice that failed again) needs no naming.
                if let Some(other) = keys.iter().position(|k| *k == name.column).filter(|o| *o != i) {
                    let theirs = header[other].trim();
                    return Err(format!(
                        "--column {name}: the file has a column \"{theirs}\" already; pass it over with --column skip={theirs}"
                    ));
                }
                keys[i] = name.column.clone();
            }
        }
        // Empty fields ending the header (a spreadsheet's trailing commas) head nothing.
        let unheaded_from = header.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |i| i + 1);
        skip.iter_mut().skip(unheaded_from).for_each(|s| *s = true);
        let (positions, unknown, missing) = match_columns(columns, header, &keys, &skip, &labels, sdmx)?;
        if !missing.is_empty() || !unknown.is_empty() {
            let expected: Vec<String> = columns
                .iter()
                .map(|c| if c.required { c.name.to_string() } else { format!("[{}]", c.name) })
                .collect();
            let mut what = Vec::new();
            if !missing.is_empty() {
                what.push(format!("missing {}", missing.join(", ")));
            }
            if !unknown.is_empty() {
                what.push(format!("unexpected {}", unknown.join(", ")));
            }
            // A file of another kind (trial 89 M1: an arrivals file loaded as bookings was
            // advised `--column travel_date=arrivals`): which, and what loads it.
            let named: Vec<String> = header.iter().map(|h| header_key(h)).filter(|h| !h.is_empty()).collect();
            let fits = |other: Kind| {
                let cols = other.input_columns();
                let is = |c: &InputColumn, h: &str| c.name == h || c.also.contains(&h);
                named.iter().all(|h| cols.iter().any(|c| is(c, h)))
                    && cols.iter().filter(|c| c.required).all(|c| named.iter().any(|h| is(c, h)))
            };
            if let Some(other) = Kind::ALL.into_iter().find(|k| *k != kind && fits(*k)) {
                return Err(format!(
                    "the header of {} file must be {} ([optional]), got \"{}\": the header of {} file (`tourstat ingest {other}` loads it)",
                    kind.with_article(),
                    expected.join(","),
                    header.join(","),
                    other.with_article()
                ));
            }
            // A long file that names its columns otherwise: say how to name them.
            let hint = column_hint(&missing, &unknown, header.len());
            return Err(format!(
                "the header of {} file must be {} ([optional]), got \"{}\" ({}){hint}",
                kind.with_article(),
                expected.join(","),
                header.join(","),
                what.join("; ")
            ));
        }
        // Of an SDMX file, what is passed over and could tell series apart: every column but
        // those read, the frequency (the period says it), the action (read on its own) and
        // attributes that comment on a figure.
        let one_value = if sdmx {
            (0..header.len())
                .filter(|&i| !positions.contains(&Some(i)) && !labels[i] && coded[i].is_none())
                .filter(|&i| !SDMX_PER_FIGURE.contains(&header_key(header[i]).as_str()))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Layout {
            line: 1,
            unheaded_from,
            positions,
            field_count: header.len(),
            header: header.iter().map(|h| h.trim().to_string()).collect(),
            one_value,
            coded: (0..header.len()).filter_map(|o| Some((o, coded[o]?))).collect(),
        })
    }

    /// Index of a named column of the layout in a record, if the file has it.
    pub fn position(&self, kind: Kind, name: &str) -> Option<usize> {
        let ci = kind.input_columns().iter().position(|c| c.name == name)?;
        self.positions[ci]
    }
}

/// Where each of the kind's `columns` is among the header's `keys` (`skip`: columns passed
/// over), the header's columns that are none of them, and the required ones missing.
#[allow(clippy::type_complexity)]
fn match_columns(
    columns: &[InputColumn],
    header: &[&str],
    keys: &[String],
    skip: &[bool],
    labels: &[bool],
    sdmx: bool,
) -> std::result::Result<(Vec<Option<usize>>, Vec<String>, Vec<&'static str>), String> {
    let matches = |c: &InputColumn, k: &str| c.name == k || c.also.contains(&k);
    let mut positions = vec![None; columns.len()];
    let mut unknown = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        // Of an SDMX file, the attributes that say how a figure is shown, never what it is
        // (DECIMALS: trial 94 M3, OECD's file refused for it), are passed over. Not a dimension
        // or another attribute: MEASURE NGT is nights, UNIT_MEASURE THS thousands, CONF_STATUS
        // C a figure withheld (review 97 H1, H2: each passed over by itself, stored as
        // arrivals, 1000 times too small, or 0); those are named, to be read or passed over.
        if skip[i] || (key.is_empty() && sdmx) || labels[i] || (sdmx && SDMX_DISPLAY.contains(&key.as_str()))
        {
            continue;
        }
        match columns.iter().position(|c| matches(c, key)) {
            Some(ci) if positions[ci].is_some() => {
                let first: &str = positions[ci].map(|p: usize| header[p].trim()).unwrap_or_default();
                return Err(if first == header[i].trim() {
                    format!("column \"{first}\" appears twice in the header")
                } else {
                    format!(
                        "columns \"{first}\" and \"{}\" are both read as `{}`: --column skip=\"{}\" passes the second over",
                        header[i].trim(),
                        columns[ci].name,
                        header[i].trim()
                    )
                });
            }
            Some(ci) => positions[ci] = Some(i),
            None => unknown.push(header[i].trim().to_string()),
        }
    }
    let missing: Vec<&'static str> = columns
        .iter()
        .zip(&positions)
        .filter(|(c, p)| c.required && p.is_none())
        .map(|(c, _)| c.name)
        .collect();
    Ok((positions, unknown, missing))
}

/// Whether column `i` of an SDMX-CSV header is the label column of a code column before it:
/// SDMX-CSV with labels (OECD's) writes each code column followed by its label (others all
/// the labels after the codes),
/// `COUNTERPART_AREA` by `Counterpart area`; the codes are read, the labels passed over
/// (trial 84 M4: "column \"Counterpart area\" appears twice in the header").
fn sdmx_label(header: &[&str], i: usize) -> bool {
    // The label's words begin as the code's do, in order: `REF_AREA`, "Reference area";
    // `FREQ`, "Frequency of observation"; `OBS_VALUE`, "Observation value" (not "Market" after
    // `TIME_PERIOD`, nor "arrivals": review 75 H3, M1).
    let names = |code: &str, label: &str| {
        let code = header_key(code);
        let label = header_key(label);
        let mut words = label.split('_').filter(|w| !w.is_empty());
        code.split('_').filter(|c| !c.is_empty()).all(|c| words.any(|w| w.starts_with(c)))
            && label
                .split('_')
                .next()
                .is_some_and(|w| code.split('_').next().is_some_and(|c| w.starts_with(c)))
    };
    // After its code, or after the codes, all labels at the end (review 78 M4: refused).
    i > 0 && !is_code(header[i]) && header[..i].iter().rev().any(|c| is_code(c) && names(c, header[i]))
}

/// Whether a header is an SDMX code column's (`COUNTERPART_AREA`, `OBS_VALUE`): upper case,
/// digits and underscores, no spaces.
fn is_code(header: &str) -> bool {
    let h = header.trim();
    !h.is_empty() && h.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The `--column` names a long file's header calls for, where each missing column has one
/// that looks like it (`--column period=month`); empty when the header reads as it is.
pub fn suggested_columns(kind: Kind, header: &[&str]) -> Vec<ColumnName> {
    let keys = header_keys(header);
    let sdmx = header.iter().any(|h| header_key(h) == "time_period");
    let skip = vec![false; keys.len()];
    let labels: Vec<bool> = (0..header.len()).map(|i| sdmx && sdmx_label(header, i)).collect();
    let Ok((_, unknown, missing)) = match_columns(kind.input_columns(), header, &keys, &skip, &labels, sdmx)
    else {
        return Vec::new();
    };
    let mut names = column_flags(&missing, &unknown, header.len());
    // Only where every column tourstat needs is named; the others are then passed over.
    if names.len() < missing.len() {
        return Vec::new();
    }
    for u in &unknown {
        if !u.is_empty() && !names.iter().any(|n| n.header == *u) {
            names.push(ColumnName { column: ColumnName::SKIP.to_string(), header: u.clone() });
        }
    }
    names
}

/// Whether a header is a long file's whose other columns are named otherwise: it has a market
/// column, and a name of the file's for each column missing, with none left over
/// (`month,market,visitors`). Such a file is no table of series as columns, whatever its
/// figures look like (a table of measures, `Quarter,Market,Visitors,Nights`, has one left).
pub fn long_named_otherwise(kind: Kind, header: &[&str]) -> bool {
    let names = suggested_columns(kind, header);
    header.iter().any(|h| header_key(h) == "market")
        && !names.is_empty()
        && names.iter().all(|n| n.column != ColumnName::SKIP)
}

/// The names publishers give the columns of a long file, for the hint of a header error.
const COLUMN_NAMES: [(&str, &[&str]); 6] = [
    ("market", &["country", "nationality", "residence", "origin", "region", "market", "pos"]),
    ("period", &["month", "date", "quarter", "period", "time"]),
    ("arrivals", &["visitors", "arrivals", "passengers", "tourists", "value", "count"]),
    // A reservation system's export (trial 62 L1: "Booking Date" not offered as booked_on).
    ("booked_on", &["booking", "booked", "sale", "sold", "issue", "issued", "reservation", "created"]),
    ("travel_date", &["travel", "departure", "flight", "arrival"]),
    ("seats", &["seats", "pax", "passengers", "count"]),
];

/// How to name a long file's own columns, when the header reads like one: each missing column
/// with the file's column that looks like it, or the flag in general.
fn column_hint(missing: &[&str], unknown: &[String], fields: usize) -> String {
    if fields < 2 || unknown.iter().any(|u| u.is_empty() || u.split_whitespace().count() > 3) {
        return String::new();
    }
    let flags: Vec<String> =
        column_flags(missing, unknown, fields).iter().map(|n| format!("--column {n}")).collect();
    if let (true, Some((year, month))) = (missing.contains(&"period"), year_and_month(unknown)) {
        let rest =
            if flags.is_empty() { String::new() } else { format!("; the others: {}", flags.join(" ")) };
        return format!(
            "; its period is in two columns ({year}, {month}), where a long file has one (2025-06): join them first{rest}"
        );
    }
    match (flags.is_empty(), missing.is_empty(), unknown.first()) {
        (false, _, _) => format!("; if the file names its columns otherwise, say so: {}", flags.join(" ")),
        // A column of units passed over is still read against --unit (never 1,000 times off).
        (true, true, Some(u)) if matches!(header_key(u).as_str(), "unit" | "units" | "unit_mult") => format!(
            "; pass a column over with --column skip={u} (its units are checked against --unit: give --unit thousands where they are thousands)"
        ),
        (true, true, Some(_)) => {
            let each: Vec<String> = unknown
                .iter()
                .map(|u| {
                    let flag = format!("skip={u}");
                    let plain = u.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
                    match plain {
                        true => format!("--column {flag}"),
                        false => format!("--column {}", shlex::try_quote(&flag).map_or(flag.clone(), |q| q.into_owned())),
                    }
                })
                .collect();
            format!("; pass {} over with {}", if unknown.len() == 1 { "a column" } else { "them" }, each.join(" "))
        }
        (true, false, Some(_)) => {
            "; a file that names its columns otherwise loads with --column COLUMN=HEADER".into()
        }
        _ => String::new(),
    }
}

/// A year column and a month column of a header, where both are there (`year,month`).
fn year_and_month(unknown: &[String]) -> Option<(&str, &str)> {
    let named = |word: &str| unknown.iter().find(|u| header_key(u) == word).map(String::as_str);
    named("year").zip(named("month"))
}

/// Each missing column with the file's column that looks like it (whole words of its name:
/// `port_country` is a country, not a count), each used once; of several, the one with the
/// word first in `COLUMN_NAMES` (`dest_country` before `origin_city`). A month beside a year
/// column is no period.
fn column_flags(missing: &[&str], unknown: &[String], fields: usize) -> Vec<ColumnName> {
    if fields < 2 || unknown.iter().any(|u| u.is_empty() || u.split_whitespace().count() > 3) {
        return Vec::new();
    }
    let mut found: Vec<ColumnName> = Vec::new();
    for m in missing {
        if *m == "period" && year_and_month(unknown).is_some() {
            continue;
        }
        let words = COLUMN_NAMES.iter().find(|(c, _)| c == m).map_or(&[][..], |(_, w)| *w);
        let rank = |u: &String| {
            words.iter().position(|w| {
                header_key(u).split('_').any(|part| part.trim_end_matches('s') == w.trim_end_matches('s'))
            })
        };
        let like = unknown
            .iter()
            .filter(|u| !found.iter().any(|f| f.header == **u))
            .filter_map(|u| Some((rank(u)?, u)))
            .min_by_key(|(r, _)| *r)
            .map(|(_, u)| u);
        if let Some(u) = like {
            found.push(ColumnName { column: m.to_string(), header: u.clone() });
        }
    }
    found
}

/// The structure columns of SDMX-CSV (1.0 and 2.0), the same on every row of a file, and the
/// unit multiplier, which is read against `--unit` (trial 57 L2: refused as unexpected, where
/// the README says it is read).
const SDMX_STRUCTURE: [&str; 8] =
    ["dataflow", "structure", "structure_id", "structure_name", "action", "freq", "ref_area", "unit_mult"];

/// SDMX attributes of how a figure is shown or when it was written, never of what it is:
/// passed over without a flag.
const SDMX_DISPLAY: [&str; 5] = ["decimals", "time_format", "obs_comment", "comment", "embargo_time"];

/// SDMX columns passed over that may differ from row to row without telling series apart.
const SDMX_PER_FIGURE: [&str; 12] = [
    "freq",
    "action",
    "obs_comment",
    "comment",
    "decimals",
    "obs_conf",
    "conf_status",
    "obs_flag",
    "time_format",
    "last_update",
    "unit_mult",
    "embargo_time",
];

/// Problems about the file as a whole, found from its first bytes.
fn check_encoding(start: &[u8]) -> std::result::Result<(), String> {
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)".into());
    }
    // Files that are not text at all, named by what they are rather than as a bad header.
    let kinds: [(&[u8], &str); 8] = [
        (b"PK\x03\x04", "a zip archive (an Excel .xlsx or OpenDocument .ods workbook is one); save the sheet as CSV UTF-8"),
        (b"\xD0\xCF\x11\xE0", "an old Excel workbook (.xls); save the sheet as CSV UTF-8"),
        (b"\x89PNG", "a PNG image, not a CSV file"),
        (b"\xFF\xD8\xFF", "a JPEG image, not a CSV file"),
        (b"%PDF", "a PDF document, not a CSV file"),
        (b"\x1F\x8B", "gzip-compressed; uncompress it first"),
        (b"PAR1", "a Parquet file, not a CSV file"),
        (b"GIF8", "a GIF image, not a CSV file"),
    ];
    if let Some((_, what)) = kinds.iter().find(|(magic, _)| start.starts_with(magic)) {
        return Err(format!("the file is {what}"));
    }
    if start.contains(&0) {
        return Err("the file is not text (it has NUL bytes); expected a CSV file".into());
    }
    let body = start.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(start);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("the file is empty; expected a header line and at least one row".into());
    }
    // JSON, as `export --format json` writes it (trial 89 L3: "got \"[\"" as a bad header).
    if matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'[' | b'{')) {
        return Err(
            "the file is JSON (as `tourstat export --format json` writes), not a CSV file: ingest a CSV or SDMX-CSV file (`tourstat export --format csv` or `--format sdmx` writes one)"
                .into(),
        );
    }
    Ok(())
}

/// Reads every record of a file, calling `on_record(line, fields)` for each data row.
/// Collects file-level problems (encoding, ragged rows) itself; `on_record` returns the
/// problems of its row. Returns the layout and the problems, in file order.
pub fn read_records(
    path: &Path,
    label: &str,
    kind: Kind,
    names: &[ColumnName],
    progress: &dyn crate::progress::Progress,
    mut on_record: impl FnMut(u64, &[&str], &Layout) -> Vec<Problem>,
) -> Result<(Layout, Vec<Problem>, usize)> {
    let mut layout: Option<Layout> = None;
    let mut rows = 0usize;
    // SDMX-CSV's ACTION column: where it is (a row marked D deletes, and adds no figure).
    let mut action: Option<usize> = None;
    // The first value (and its line) of each column of `Layout::one_value`, and whether its
    // second value was said already.
    let mut first_values: HashMap<usize, (String, u64, bool)> = HashMap::new();
    // Of each label of `Layout::coded`, its code and line, and of each code its label and
    // line; whether a second code, or label, was said.
    let mut codes_of: HashMap<String, (String, u64)> = HashMap::new();
    let mut labels_of: HashMap<String, (String, u64)> = HashMap::new();
    let (mut two_codes_said, mut two_labels_said) = (false, false);
    let problems = scan_records(path, label, progress, |line, fields| {
        let Some(layout) = &layout else {
            layout = Some(Layout {
                line,
                ..Layout::from_header(kind, fields, names).map_err(|m| Error::Invalid {
                    file: label.to_string(),
                    problems: vec![Problem::new(line, m)],
                    total: 1,
                })?
            });
            if fields.iter().any(|h| header_key(h) == "time_period") {
                action = fields.iter().position(|h| header_key(h) == "action");
            }
            return Ok(Vec::new());
        };
        if action.and_then(|i| fields.get(i)).is_some_and(|a| a.trim().eq_ignore_ascii_case("d")) {
            return Ok(vec![Problem::new(
                line,
                "ACTION D: an SDMX row that deletes the observation, not a figure; tourstat deletes no figure (rollback takes back a whole ingest): leave such rows out",
            )]);
        }
        if fields.len() == 1 && fields[0].trim().is_empty() {
            return Ok(Vec::new()); // a blank line, as spreadsheets leave at the end
        }
        rows += 1;
        if fields.len() != layout.field_count {
            return Ok(vec![Problem::new(
                line,
                format!("expected {} fields as in the header, found {}", layout.field_count, fields.len()),
            )]);
        }
        // The header again (two exports joined into one file): said once, not as a row of
        // values that are no market, date or figure.
        if fields
            .iter()
            .zip(&layout.header)
            .all(|(f, h)| f.trim().eq_ignore_ascii_case(h.trim_start_matches('\u{feff}')))
        {
            return Ok(vec![Problem::new(
                line,
                "the header line again (two files joined into one?): delete this line",
            )]);
        }
        if let Some(j) = (layout.unheaded_from..fields.len()).find(|&j| !fields[j].trim().is_empty()) {
            return Ok(vec![Problem::new(
                line,
                format!(
                    "column {} holds \"{}\" under no heading (the header's last is \"{}\", column {}): a value with an unquoted comma is two fields; quote it, or name the column",
                    crate::error::column_letter(j),
                    fields[j].trim(),
                    layout.header.get(layout.unheaded_from.wrapping_sub(1)).map_or("", |h| h.as_str()),
                    crate::error::column_letter(layout.unheaded_from.saturating_sub(1))
                ),
            )]);
        }
        let mut problems = Vec::new();
        for &i in &layout.one_value {
            let value = fields[i].trim();
            match first_values.get_mut(&i) {
                None => {
                    first_values.insert(i, (value.to_string(), line, false));
                }
                Some((first, at, said)) if !*said && first != value => {
                    *said = true;
                    let column = &layout.header[i];
                    problems.push(Problem::new(
                        line,
                        format!(
                            "{column} is \"{value}\" here and \"{first}\" on line {at}: the file holds more than one series ({column} tells them apart), and tourstat keeps one per market and period; ingest the rows of one {column} (filter the file first)"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        // (Review 78 H2: CHN and CHN_X_HK, both "China", stored as one market, +30.0%.)
        for &(code, label) in &layout.coded {
            let (Some(c), Some(l)) = (fields.get(code), fields.get(label)) else { continue };
            let (c, l) = (c.trim(), l.trim());
            let codes_instead = || {
                let flag = format!("market={}", layout.header[label]);
                format!("--column {}", shlex::try_quote(&flag).map_or(flag.clone(), |q| q.into_owned()))
            };
            // (Review 78 L1: CHN "China" in 2024 and "China, People's Republic of" in 2025,
            // stored as two markets, each with no figures of the other year.)
            if let Some((first, at)) = second_of(&mut labels_of, c, l, line, &mut two_labels_said) {
                problems.push(Problem::new(
                    line,
                    format!(
                        "{} {c} is {} \"{l}\" here and \"{first}\" on line {at}: one series of two labels, which would be two markets; read the codes as the markets (leave {} out)",
                        layout.header[code],
                        layout.header[label],
                        codes_instead()
                    ),
                ));
            }
            if let Some((first, at)) = second_of(&mut codes_of, l, c, line, &mut two_codes_said) {
                problems.push(Problem::new(
                    line,
                    format!(
                        "{} \"{l}\" is {} {c} here and {first} on line {at}: two series of one label; read the codes as the markets (leave {} out)",
                        layout.header[label],
                        layout.header[code],
                        codes_instead()
                    ),
                ));
            }
        }
        problems.extend(on_record(line, fields, layout));
        Ok(problems)
    })?;
    let Some(layout) = layout else {
        // The header itself could not be read (too long, not UTF-8), or there was none.
        if !problems.is_empty() {
            let total = problems.len();
            return Err(Error::Invalid { file: label.to_string(), problems, total });
        }
        return Err(Error::invalid_file(
            label,
            "the file is empty; expected a header line and at least one row",
        ));
    };
    if rows == 0 && problems.is_empty() {
        return Err(Error::invalid_file(label, "the file has a header but no rows"));
    }
    Ok((layout, problems, rows))
}

/// Of `key`, its first `value` and line, kept in `seen`: the first value and its line where
/// `value` is another, the first time only (`said`).
fn second_of(
    seen: &mut HashMap<String, (String, u64)>,
    key: &str,
    value: &str,
    line: u64,
    said: &mut bool,
) -> Option<(String, u64)> {
    match seen.get(key) {
        None => {
            seen.insert(key.to_string(), (value.to_string(), line));
            None
        }
        Some((first, at)) if first != value && !*said => {
            *said = true;
            Some((first.clone(), *at))
        }
        Some(_) => None,
    }
}

/// Reads every record of a file (the header too) with its physical line, calling
/// `on_record(line, fields)`; problems of the file itself (encoding, UTF-8, control
/// characters, an unreadable record) are collected here, those of the records by `on_record`,
/// which may also stop the reading with an error.
/// A record of a file as its line and its fields.
pub type Record = (u64, Vec<String>);

/// Every record of a file (line, fields), for the layouts that read a table twice (its
/// figures' decimal mark, then its figures), and the problems of the lines left out
/// (control characters, text that is not UTF-8): never dropped without a word.
pub fn all_records(
    path: &Path,
    label: &str,
    progress: &dyn crate::progress::Progress,
) -> Result<(Vec<Record>, Vec<Problem>)> {
    let mut lines = Vec::new();
    let problems = scan_records(path, label, progress, |line, fields| {
        lines.push((line, fields.iter().map(|f| f.to_string()).collect()));
        Ok(Vec::new())
    })?;
    Ok((lines, problems))
}

/// The first `n` records of a file (line, fields), for telling its layout before it is read
/// whole; unreadable text ends them (the full read names it).
pub fn first_records(path: &Path, n: usize) -> Result<Vec<Record>> {
    let file = File::open(path).at(path)?;
    let mut lines = LineNumbers::default();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(lines.track(file));
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    while out.len() < n && matches!(reader.read_record(&mut record), Ok(true)) {
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        out.push((line, record.iter().map(|f| f.trim_start_matches('\u{feff}').to_string()).collect()));
    }
    Ok(out)
}

pub fn scan_records(
    path: &Path,
    label: &str,
    progress: &dyn crate::progress::Progress,
    mut on_record: impl FnMut(u64, &[&str]) -> Result<Vec<Problem>>,
) -> Result<Vec<Problem>> {
    let mut file = File::open(path).at(path)?;
    let mut start = [0u8; 4096];
    let n = read_up_to(&mut file, &mut start).at(path)?;
    check_encoding(&start[..n]).map_err(|m| Error::invalid_file(label, m))?;
    file.rewind().at(path)?;
    let mut lines = LineNumbers::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(lines.track(crate::progress::Reading::new(file, progress)));
    let mut problems = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let more = match reader.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                problems.push(Problem::new(line, format!("unreadable CSV: {e}")));
                break;
            }
        };
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let fields: std::result::Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        if let Ok(fields) = &fields {
            if let Some(value) = fields.iter().find(|f| f.chars().any(is_hostile)) {
                let c = value.chars().find(|c| is_hostile(*c)).unwrap_or_default();
                problems.push(Problem::new(
                    line,
                    format!(
                        "a value holds the control character U+{:04X} (\"{}\"); values are plain text",
                        c as u32,
                        crate::output::visible(value)
                    ),
                ));
                continue;
            }
        }
        let fields = match fields {
            Ok(f) => f,
            Err(e) => {
                let bad = record.iter().find_map(|f| std::str::from_utf8(f).err().map(|_| f));
                let byte = bad.and_then(|f| f.get(e.valid_up_to()).copied()).unwrap_or(0);
                problems.push(Problem::new(
                    line,
                    format!(
                        "not valid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8 (it may be Latin-1 or Windows-1252)"
                    ),
                ));
                continue;
            }
        };
        problems.extend(on_record(line, &fields)?);
    }
    Ok(problems)
}

/// Control characters a value may not hold: all but the line ends and tabs a quoted field
/// may carry (names are normalised, so those become spaces). Escape sequences among them
/// could drive a terminal that shows the value.
fn is_hostile(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// The longest record (or line) read: a longer one is an unclosed quote or not a table, and is
/// refused rather than held in memory.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// Physical line numbers of records. The csv crate's own are one short after a CRLF line end
/// or a blank line (a record's position is where the reader resumed, on the `\n` of the line
/// before or on the blank line), so the line ends are counted here, as the bytes go by.
#[derive(Default)]
pub struct LineNumbers {
    ends: Rc<RefCell<VecDeque<LineEnd>>>,
    /// Line ends before the last record asked about.
    before: u64,
}

/// A `\n` in the file: where it is, where its line starts, whether the line is blank.
struct LineEnd {
    offset: u64,
    start: u64,
    blank: bool,
}

impl LineNumbers {
    pub fn track<R: Read>(&self, inner: R) -> LineTracker<R> {
        LineTracker {
            inner,
            offset: 0,
            line_start: 0,
            lines: 0,
            record_start: 0,
            quotes: 0,
            ends: Rc::clone(&self.ends),
        }
    }

    /// The line a record that the reader started at byte `start` is on: past every line end
    /// before it, the one it resumed on, and blank lines.
    pub fn line_at(&mut self, start: u64) -> u64 {
        let mut ends = self.ends.borrow_mut();
        while let Some(e) = ends.front() {
            if e.offset > start && !(e.blank && e.start >= start) {
                break;
            }
            self.before += 1;
            ends.pop_front();
        }
        self.before + 1
    }
}

/// Reads through, noting each line end for [`LineNumbers`]; only the line ends the csv reader
/// has read ahead are held.
pub struct LineTracker<R> {
    inner: R,
    offset: u64,
    line_start: u64,
    /// Line ends so far.
    lines: u64,
    /// Where the record being read began: after the last line end outside quotes.
    record_start: u64,
    /// Quote characters so far: odd means inside a quoted field.
    quotes: u64,
    ends: Rc<RefCell<VecDeque<LineEnd>>>,
}

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut ends = self.ends.borrow_mut();
        let mut segment_from = 0;
        for i in memchr::memchr_iter(b'\n', &buf[..n]) {
            // A line that began in an earlier buffer is blank only if that part was too; such
            // lines are rare enough that a line split across buffers counts as not blank.
            let blank = self.line_start >= self.offset && buf[segment_from..i].iter().all(|&b| b == b'\r');
            let offset = self.offset + i as u64;
            self.quotes += bytecount::count(&buf[segment_from..i], b'"') as u64;
            self.too_long(offset)?;
            if self.quotes.is_multiple_of(2) {
                self.record_start = offset + 1;
            }
            ends.push_back(LineEnd { offset, start: self.line_start, blank });
            self.line_start = offset + 1;
            self.lines += 1;
            segment_from = i + 1;
        }
        self.quotes += bytecount::count(&buf[segment_from..n], b'"') as u64;
        self.offset += n as u64;
        self.too_long(self.offset)?;
        Ok(n)
    }
}

impl<R> LineTracker<R> {
    /// Refuses a record that has run past `MAX_RECORD_BYTES` by byte `at`.
    fn too_long(&self, at: u64) -> std::io::Result<()> {
        if at - self.record_start <= MAX_RECORD_BYTES {
            return Ok(());
        }
        let line = self.lines + 1;
        let why = if self.quotes % 2 == 1 {
            format!("a quote opened by line {line} or before is not closed within 1 MiB")
        } else {
            format!("line {line} is longer than 1 MiB")
        };
        Err(std::io::Error::other(format!("{why}; this is not a table of figures")))
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// One series picked from a table of several (`--row "visitor arrivals" --market Total`):
/// the row (or column) whose label holds `pattern`, any case, stored as `market`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub axis: Axis,
    pub pattern: String,
    pub market: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Row,
    Column,
    /// The whole table is one series, a row per year (`Year,Jan,...,Dec`): `--market NAME`
    /// alone names it.
    Table,
}

impl Pick {
    pub fn matches(&self, label: &str) -> bool {
        self.axis == Axis::Table || label.trim().to_lowercase().contains(&self.pattern.trim().to_lowercase())
    }

    /// The flag that picks it, as typed.
    pub fn flag(&self) -> &'static str {
        match self.axis {
            Axis::Row => "--row",
            Axis::Column => "--column",
            Axis::Table => "--market",
        }
    }
}

/// How numbers in a file write their thousands and their decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum NumberStyle {
    /// `1,234,567.5`; a lone `1.000` is ambiguous (a thousand in much of Europe) and refused.
    #[default]
    Auto,
    /// `1,234,567.5`: the dot is the decimal point.
    DecimalPoint,
    /// `1.234.567,5`: the comma is the decimal point.
    DecimalComma,
}

impl NumberStyle {
    /// The style a `--decimal` or `--thousands` flag names.
    pub fn from_flag(flag: &str, value: &str) -> std::result::Result<NumberStyle, String> {
        match (flag, value.trim()) {
            ("decimal", ".") | ("thousands", ",") => Ok(NumberStyle::DecimalPoint),
            ("decimal", ",") | ("thousands", ".") => Ok(NumberStyle::DecimalComma),
            _ => Err(format!("--{flag} takes \".\" or \",\", got \"{value}\"")),
        }
    }

    /// The text with the comma as the thousands separator and the dot as the decimal point.
    fn to_decimal_point(self, s: &str) -> String {
        match self {
            NumberStyle::DecimalComma => s
                .chars()
                .map(|c| match c {
                    '.' => ',',
                    ',' => '.',
                    c => c,
                })
                .collect(),
            _ => s.to_string(),
        }
    }
}

/// Why a count did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountError {
    /// Not a whole number >= 0.
    Invalid,
    /// More digits than any count of people or seats (and than tourstat stores).
    TooLarge,
    /// `1.000`: a thousand or one, depending on the country; `--decimal`/`--thousands` decide.
    Ambiguous,
    /// `12.5` in a file that has not said its unit: 12,500 in a table of thousands, or an
    /// estimate of 12.5 as written; `--unit` decides.
    Decimal,
    /// More significant digits than a stored figure (a 64-bit float) keeps: stored, it would
    /// read otherwise (1234567890123.4567 as 1234567890123.4568).
    TooPrecise,
}

/// The decimal mark a file's figures show where the flags say none: a mark followed by other
/// than three digits ("828.3171185", "12,5"), or the later of two ("1,234.5"), is the decimal
/// one. Then "53.995" in the same file is 53.995, not a thousand times more. `None` when no
/// figure shows it, or the figures show both marks so. Returns the style and a figure that
/// shows it.
pub fn style_shown<'a>(cells: impl IntoIterator<Item = &'a str>) -> Option<(NumberStyle, String)> {
    let mut shown: [Option<&str>; 2] = [None, None];
    for cell in cells {
        let cell = cell.trim();
        // "5 100,5" or "5'100.5": digits grouped by a space or an apostrophe leave the comma or
        // dot only the decimal mark's part.
        let grouped = cell.contains(digit_group_mark);
        let plain: String;
        let t = if grouped {
            plain = cell.chars().filter(|&c| !digit_group_mark(c)).collect();
            plain.as_str()
        } else {
            cell
        };
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
            continue;
        }
        let Some(at) = t.rfind(['.', ',']) else { continue };
        let (mark, after) = (t.as_bytes()[at], &t[at + 1..]);
        // A mark written twice is no decimal one: a date ("13.03.2025": review 35 H3, offered
        // as showing the decimal point), or thousands grouped.
        if t.bytes().filter(|b| *b == mark).count() > 1 {
            continue;
        }
        let both = (t.contains('.') && t.contains(',')) || grouped;
        // Four digits or more before it, or a lone 0 ("1185.942", "0.816"): no group of
        // thousands, whatever follows.
        let before = &t[..at];
        let ungrouped = before.bytes().all(|b| b.is_ascii_digit()) && (before.len() > 3 || before == "0");
        if after.is_empty() || at == 0 || (after.len() == 3 && !both && !ungrouped) {
            continue;
        }
        let slot = usize::from(mark == b',');
        shown[slot] = shown[slot].or(Some(cell));
    }
    match shown {
        [Some(t), None] => Some((NumberStyle::DecimalPoint, t.to_string())),
        [None, Some(t)] => Some((NumberStyle::DecimalComma, t.to_string())),
        _ => None,
    }
}

/// The style to read a file's figures with: the flags', or where they say none the one its
/// figures show, with a line saying so for `inspect`.
pub fn numbers_of<'a>(
    given: NumberStyle,
    cells: impl IntoIterator<Item = &'a str>,
) -> (NumberStyle, Option<String>) {
    if given != NumberStyle::Auto {
        return (given, None);
    }
    match style_shown(cells) {
        Some((style, shown)) => {
            let (mark, flag) = match style {
                NumberStyle::DecimalComma => ("comma", "--decimal ."),
                _ => ("point", "--decimal ,"),
            };
            (
                style,
                Some(format!("the decimal mark is the {mark}, as \"{shown}\" shows ({flag} says otherwise)")),
            )
        }
        None => (given, None),
    }
}

/// What a file read in the default style shows of its decimal mark figure by figure: a figure
/// grouped by spaces ("12 345", as French, Nordic or Polish tables write thousands) and
/// figures whose one comma is followed by three digits ("1,250"), which the default reads as
/// thousands. In a file of both the comma is as likely its decimal mark: read either way, one
/// of them is a thousand times off, so each such figure is refused until `--decimal` says.
#[derive(Debug, Default)]
pub struct MarkWitness {
    spaced: Option<(u64, String)>,
    /// Each figure with a comma as thousands or decimals: its line, column (where a table
    /// tells it, to name its cell in a workbook) and text.
    commas: Vec<(u64, Option<usize>, String)>,
    /// A word of the file in a language whose decimal mark is the comma ("Tsd.", "März",
    /// "milliers"), and its line: "12,345" there is more likely 12.345 than twelve thousand.
    pub language: Option<(u64, String)>,
    /// The file separates its columns by semicolons, as files whose decimal mark is the comma
    /// do (a spreadsheet saving "CSV" where the comma is the decimal mark).
    pub semicolons: bool,
    /// A figure only the comma grouping thousands reads ("1,234,567", "12,345.6"): the file's
    /// decimal mark is the point, whatever its words.
    english: bool,
}

/// A word of a title or a header in a language that writes decimals with a comma: German,
/// French, Spanish, Italian, Portuguese or Dutch units, months and words of arrivals.
pub fn decimal_comma_word(text: &str) -> Option<String> {
    const WORDS: &[&str] = &[
        "tsd",
        "tausend",
        "millier",
        "milliers",
        "migliaia",
        "milhares",
        "duizend",
        "tys",
        "тыс",
        "mio",
        "millones",
        "milioni",
        "milhões",
        "miljoen",
        "ankünfte",
        "übernachtungen",
        "herkunftsland",
        "arrivées",
        "nuitées",
        "llegadas",
        "viajeros",
        "arrivi",
        "presenze",
        "chegadas",
        "hóspedes",
        "aankomsten",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find(|w| {
            let lower = w.to_lowercase();
            // ("marco" and "mayo" are also Marco Polo and County Mayo.)
            WORDS.contains(&lower.as_str())
                || (crate::period::foreign_month_word(w).is_some()
                    && !["marco", "mayo"].contains(&lower.as_str()))
        })
        .map(str::to_string)
}

impl MarkWitness {
    /// Notes a figure's text as read on `line`, in the default style only.
    pub fn see(&mut self, style: NumberStyle, (line, column): (u64, Option<usize>), text: &str) {
        if style != NumberStyle::Auto {
            return;
        }
        let t = text.trim();
        let spaced = t.chars().any(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
            && t.chars().next().is_some_and(|c| c.is_ascii_digit())
            && t.chars().all(|c| {
                c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | ',' | '.')
            });
        if spaced && self.spaced.is_none() {
            self.spaced = Some((line, t.to_string()));
        }
        let (commas, point) = (t.matches(',').count(), t.find('.'));
        if commas >= 2 || (commas == 1 && point.is_some_and(|p| t.find(',').is_some_and(|c| c < p))) {
            self.english = true;
        }
        if thousands_or_decimal(t, ',') && self.commas.len() < 1000 {
            self.commas.push((line, column, t.to_string()));
        }
    }

    /// The problems of a file that showed both.
    pub fn problems(self) -> Vec<Problem> {
        let reason = match (&self.language, self.semicolons) {
            (Some((at, word)), _) => Some(format!(
                "is written in a language whose decimal mark is the comma (\"{word}\", line {at})"
            )),
            (None, true) => Some(
                "separates its columns by semicolons, as files whose decimal mark is the comma do"
                    .to_string(),
            ),
            (None, false) => None,
        };
        if let (None, Some(reason), false) = (&self.spaced, reason, self.english) {
            return self
                .commas
                .iter()
                .map(|(line, column, t)| {
                    let point = t.replace(',', "");
                    let problem = Problem::new(
                        *line,
                        format!(
                            "\"{t}\" reads as {point} with the comma grouping thousands, but this file {reason}, where it reads as {}: --decimal , reads it so, --decimal . as {point}",
                            t.replace(',', ".").trim_end_matches('0').trim_end_matches('.')
                        ),
                    );
                    match column {
                        Some(c) => problem.in_column(*c),
                        None => problem,
                    }
                })
                .collect();
        }
        let Some((at, spaced)) = self.spaced else { return Vec::new() };
        self.commas
            .into_iter()
            .map(|(line, column, t)| {
                let point = t.replace(',', "");
                let problem = Problem::new(
                    line,
                    format!(
                        "\"{t}\" reads as {point} with the comma grouping thousands, but this file groups thousands with spaces (\"{spaced}\", line {at}), where the comma is most often the decimal mark ({}): --decimal , reads it so, --decimal . as {point}",
                        t.replace(',', ".").trim_end_matches('0').trim_end_matches('.')
                    ),
                );
                // (Trial 94 L1: a workbook's figure named by its row alone, where its cell,
                // Arrivals!D3, finds it.)
                match column {
                    Some(c) => problem.in_column(c),
                    None => problem,
                }
            })
            .collect()
    }
}

/// Whether a count is one `mark` followed by exactly three digits: `1.000`, `12.500`.
pub fn thousands_or_decimal(s: &str, mark: char) -> bool {
    let Some((int, frac)) = s.split_once(mark) else { return false };
    // "0.816" is no thousand: a group of thousands never starts with 0.
    (1..=3).contains(&int.len())
        && !int.starts_with('0')
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() == 3
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Parses a count: a whole number >= 0, with optional thousands separators ("849,034").
pub fn parse_count(text: &str, style: NumberStyle) -> std::result::Result<i64, CountError> {
    let s = text.trim();
    // Digits and separators only: "1e6" or "1.23457E+06" is a spreadsheet's display, not a count.
    if s.chars().any(|c| c.is_alphabetic()) {
        return Err(CountError::Invalid);
    }
    // One mark and three digits reads either way: a dot in the default style ("1.000"), and a
    // comma when the file's decimal mark is the comma ("1,000" would be 1).
    let ambiguous = match style {
        NumberStyle::Auto => thousands_or_decimal(s, '.'),
        NumberStyle::DecimalComma => thousands_or_decimal(s, ','),
        NumberStyle::DecimalPoint => false,
    };
    if ambiguous {
        return Err(CountError::Ambiguous);
    }
    if s.bytes().filter(u8::is_ascii_digit).count() > 18 {
        return Err(CountError::TooLarge);
    }
    let digits = strip_thousands(&style.to_decimal_point(s)).ok_or(CountError::Invalid)?;
    if let Ok(n) = digits.parse::<i64>() {
        return if n >= 0 { Ok(n) } else { Err(CountError::Invalid) };
    }
    // Spreadsheet exports write 1200 as "1200.0".
    let f: f64 = digits.parse().map_err(|_| CountError::Invalid)?;
    if f >= 0.0 && f.fract() == 0.0 && f < 9.0e15 {
        Ok(f as i64)
    } else {
        Err(CountError::Invalid)
    }
}

/// The unit a file's figures are written in: `--unit thousands` reads "12.5" as 12,500.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    #[default]
    Ones,
    Hundreds,
    Thousands,
    /// Japan's and China's 万 (man, wan): figures of 10,000.
    TenThousands,
    /// India's lakh: 100,000 ("92.36 lakh" is 9,236,000).
    Lakhs,
    Millions,
    /// India's crore: 10,000,000.
    Crores,
    Billions,
}

impl Unit {
    pub fn factor(self) -> f64 {
        10f64.powi(self.exponent() as i32)
    }

    /// The unit as a power of ten (SDMX's `UNIT_MULT`): 3 for thousands.
    pub fn exponent(self) -> usize {
        match self {
            Unit::Ones => 0,
            Unit::Hundreds => 2,
            Unit::Thousands => 3,
            Unit::TenThousands => 4,
            Unit::Lakhs => 5,
            Unit::Millions => 6,
            Unit::Crores => 7,
            Unit::Billions => 9,
        }
    }

    /// The unit of a power of ten above one (SDMX's `UNIT_MULT` 3: thousands), if tourstat
    /// reads one.
    pub fn of_exponent(n: usize) -> Option<Unit> {
        [
            Unit::Hundreds,
            Unit::Thousands,
            Unit::TenThousands,
            Unit::Lakhs,
            Unit::Millions,
            Unit::Crores,
            Unit::Billions,
        ]
        .into_iter()
        .find(|u| u.exponent() == n)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Ones => "ones",
            Unit::Hundreds => "hundreds",
            Unit::Thousands => "thousands",
            Unit::TenThousands => "ten-thousands",
            Unit::Lakhs => "lakhs",
            Unit::Millions => "millions",
            Unit::Crores => "crores",
            Unit::Billions => "billions",
        }
    }
}

impl std::str::FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Unit, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ones" | "one" | "1" | "persons" | "people" => Ok(Unit::Ones),
            "hundreds" | "hundred" | "100" => Ok(Unit::Hundreds),
            "thousands" | "thousand" | "k" | "000" | "1000" => Ok(Unit::Thousands),
            "ten-thousands" | "ten-thousand" | "tenthousands" | "10000" | "10,000" => Ok(Unit::TenThousands),
            "lakhs" | "lakh" | "lacs" | "lac" | "100000" => Ok(Unit::Lakhs),
            "millions" | "million" | "m" | "1000000" => Ok(Unit::Millions),
            "crores" | "crore" | "10000000" => Ok(Unit::Crores),
            "billions" | "billion" | "bn" | "1000000000" => Ok(Unit::Billions),
            _ => Err(format!(
                "expected a unit: ones, hundreds, thousands, ten-thousands, lakhs, millions, crores or billions, got \"{s}\""
            )),
        }
    }
}

/// Parses a figure of arrivals or a target written in `unit`: a number >= 0 with the decimals
/// the data has ("1,053.8002"; a survey's estimate is no whole number). In thousands or
/// millions the decimal point moves in the text, so the figure stored is the one written,
/// never a product rounded in binary ("828.3171185" thousands = 828,317.1185). Up to 15
/// significant digits are kept exactly.
pub fn parse_figure(text: &str, style: NumberStyle, unit: Unit) -> std::result::Result<f64, CountError> {
    let s = text.trim();
    // Digits and separators only: "1e6" or "1.23457E+06" is a spreadsheet's display.
    if s.chars().any(|c| c.is_alphabetic()) {
        return Err(CountError::Invalid);
    }
    // One mark and three digits reads either way ("1.000": a thousand or one), unless the file
    // said which mark is its decimal; in thousands a comma is then read as the file's decimal.
    if style == NumberStyle::Auto && thousands_or_decimal(s, '.') {
        return Err(CountError::Ambiguous);
    }
    let digits = strip_thousands(&style.to_decimal_point(s)).ok_or(CountError::Invalid)?;
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || (digits.contains('.') && frac.is_empty()) {
        return Err(CountError::Invalid);
    }
    // The decimal point moved right by the unit's zeros.
    let shift = unit.exponent();
    let padded = format!("{frac:0<shift$}");
    let (moved, rest) = padded.split_at(shift);
    let whole = format!("{int}{moved}");
    let whole = whole.trim_start_matches('0');
    if whole.len() > 16 {
        return Err(CountError::TooLarge);
    }
    let rest = rest.trim_end_matches('0');
    let written = format!(
        "{}.{}",
        if whole.is_empty() { "0" } else { whole },
        if rest.is_empty() { "0" } else { rest }
    );
    let v: f64 = written.parse().map_err(|_| CountError::Invalid)?;
    if v >= 9.0e15 {
        return Err(CountError::TooLarge);
    }
    // Past 15 significant digits a float may not hold the figure as written: it is stored
    // only where it reads back the same, never changed in its last digits.
    let significant = format!("{whole}{rest}").trim_start_matches('0').len();
    if significant > 15 {
        let stored = format!("{v}");
        let stored = if stored.contains('.') { stored } else { format!("{stored}.0") };
        if stored != written {
            return Err(CountError::TooPrecise);
        }
    }
    Ok(v)
}

/// A figure as `--unit` says to read it. Without a unit only whole numbers are read: "12.5"
/// may be in thousands, so its decimals are never kept nor dropped unasked.
pub fn read_figure(
    text: &str,
    style: NumberStyle,
    unit: Option<Unit>,
) -> std::result::Result<f64, CountError> {
    // With the comma the decimal mark, "1,000" is one with decimals, which without a unit is
    // refused as any figure with decimals is (--unit ones keeps them); never taken for 1.
    if unit.is_none() && style == NumberStyle::DecimalComma && thousands_or_decimal(text.trim(), ',') {
        return Err(CountError::Decimal);
    }
    // Without a unit, decimals are asked about first: how many of them a float keeps is the
    // next question, once the unit says they are kept.
    let v = match parse_figure(text, style, unit.unwrap_or_default()) {
        Err(CountError::TooPrecise) if unit.is_none() => return Err(CountError::Decimal),
        v => v?,
    };
    if unit.is_none() && v.fract() != 0.0 {
        return Err(CountError::Decimal);
    }
    Ok(v)
}

/// For a figure that did not read in the style asked for, what the other decimal mark makes
/// of it: "; --decimal , reads it as 1234.5" for "1 234,5" in a file read with the point.
/// Empty where it reads no better that way.
pub fn read_the_other_way(text: &str, style: NumberStyle, unit: Option<Unit>) -> String {
    let (other, flag, grouping) = match style {
        NumberStyle::DecimalComma => (NumberStyle::DecimalPoint, "--decimal .", "--thousands ,"),
        _ => (NumberStyle::DecimalComma, "--decimal ,", "--thousands ."),
    };
    match parse_figure(text, other, unit.unwrap_or_default()) {
        Ok(v) if unit.is_none() && v.fract() != 0.0 => {
            format!("; {flag} reads it as {v}, with --unit (ones keeps its decimals)")
        }
        // Marks that group thousands: the flag that says so reads it the same.
        Ok(v) if !text.contains(if other == NumberStyle::DecimalComma { ',' } else { '.' }) => {
            format!("; {grouping} (or {flag}) reads it as {v}")
        }
        Ok(v) => format!("; {flag} reads it as {v}"),
        Err(_) => String::new(),
    }
}

/// What a figure with decimals and no `--unit` needs, after "must be a whole number >= 0".
pub const DECIMAL_NEEDS_UNIT: &str =
    "; a figure with decimals needs --unit: thousands or millions if the file counts in them, ones to keep the decimals as written";

/// A number with a decimal point and optional thousands separators grouping digits in threes
/// ("1,053.8002"); `None` for anything else ("12,34,5.6").
pub fn parse_decimal(text: &str) -> Option<f64> {
    strip_thousands(text.trim())?.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A character that groups digits in threes other than the comma: a space (plain, no-break,
/// narrow or thin, as French and Nordic publishers write "5 100"), an apostrophe (Swiss
/// "5'100"), or an underscore. Where one groups a figure's digits, a comma or dot in it can
/// only be its decimal mark.
fn digit_group_mark(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '\u{2019}' | '_')
}

/// Which of the separators a figure groups its digits with: one kind per figure.
fn separator_kind(c: char) -> Option<u8> {
    match c {
        ',' => Some(0),
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => Some(1),
        '\'' | '\u{2019}' => Some(2),
        '_' => Some(3),
        _ => None,
    }
}

/// Removes thousands separators only where they group digits in threes, so a decimal comma
/// ("1,5") is never read as fifteen, and only where one kind of them does: "1 234,567" is
/// 1234.567 in France and is refused here, where the comma is the thousands separator.
fn strip_thousands(s: &str) -> Option<String> {
    let sep = |c: char| separator_kind(c).is_some();
    if !s.contains(sep) {
        return Some(s.to_string());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let unsigned = int.strip_prefix(['-', '+']).unwrap_or(int);
    let mut kinds = unsigned.chars().filter_map(separator_kind);
    let first = kinds.next();
    if kinds.any(|k| Some(k) != first) {
        return None;
    }
    let groups: Vec<&str> = unsigned.split(sep).collect();
    let (last, before) = groups.split_last()?;
    // Thousands (1,234,567), or lakhs and crores as Indian statistics write them (1,23,45,678):
    // the last group three digits, those before it two (the first one or two).
    let thousands = groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    let lakhs = first == Some(0)
        && last.len() == 3
        && groups[0].len() <= 2
        && before[1..].iter().all(|g| g.len() == 2);
    // "0,500" is a decimal written with a comma, never five hundred: no group of thousands
    // starts with 0.
    let ok = !groups[0].is_empty()
        && !groups[0].starts_with('0')
        && (thousands || lakhs)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        return None;
    }
    let mut out: String = int.chars().filter(|&c| !sep(c)).collect();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Parses a percentage change: "-22", "-22%", "+5.4 %" ("-22,5" with a decimal comma).
pub fn parse_percent(text: &str, style: NumberStyle) -> Option<f64> {
    let s = style.to_decimal_point(text.trim().trim_end_matches('%').trim());
    let v: f64 = strip_thousands(&s)?.parse().ok()?;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_thousands_separators_but_not_decimal_commas() {
        let count = |t: &str| parse_count(t, NumberStyle::Auto).ok();
        assert_eq!(count("849,034"), Some(849_034));
        assert_eq!(count(" 1,088,505 "), Some(1_088_505));
        assert_eq!(count("1200.0"), Some(1200));
        assert_eq!(count("0"), Some(0));
        assert_eq!(count("1,5"), None);
        assert_eq!(count("12,34,5678"), None);
        assert_eq!(count("1234,567"), None);
        assert_eq!(count("-5"), None);
        assert_eq!(count("12.5"), None);
        assert_eq!(count("n/a"), None);
        assert_eq!(count(""), None);
    }

    #[test]
    fn spaces_and_apostrophes_group_thousands_one_kind_to_a_figure() {
        let count = |t: &str, style| parse_count(t, style);
        for style in [NumberStyle::Auto, NumberStyle::DecimalPoint, NumberStyle::DecimalComma] {
            assert_eq!(count("5 100", style), Ok(5100));
            assert_eq!(count("1 234 567", style), Ok(1_234_567));
            assert_eq!(count("5\u{a0}100", style), Ok(5100));
            assert_eq!(count("5\u{2009}100", style), Ok(5100));
            assert_eq!(count("5'100", style), Ok(5100));
            assert_eq!(count("1\u{2019}234\u{2019}567", style), Ok(1_234_567));
            // Groups of other than three digits are no thousands (nor lakhs).
            assert_eq!(count("51 00", style), Err(CountError::Invalid));
            assert_eq!(count("2025 100", style), Err(CountError::Invalid));
            assert_eq!(count("5 1000", style), Err(CountError::Invalid));
        }
        // Lakhs and crores, as India's statistics group them.
        assert_eq!(count("1,23,45,678", NumberStyle::Auto), Ok(12_345_678));
        assert_eq!(count("12,34,567", NumberStyle::DecimalPoint), Ok(1_234_567));
        assert_eq!(parse_decimal("9,23,456.5"), Some(923_456.5));
        assert_eq!(count("1,23,4567", NumberStyle::Auto), Err(CountError::Invalid));
        assert_eq!(count("123,45,678", NumberStyle::Auto), Err(CountError::Invalid));
        assert_eq!(count("1 23 456", NumberStyle::Auto), Err(CountError::Invalid));
        // A leading 0 is no group of thousands: "0,500" is a decimal comma's half.
        for t in ["0,500", "0 500", "0'500", "05,000"] {
            assert_eq!(count(t, NumberStyle::Auto), Err(CountError::Invalid), "{t}");
        }
        assert_eq!(read_figure("0,500", NumberStyle::Auto, Some(Unit::Thousands)), Err(CountError::Invalid));
        assert_eq!(read_figure("0,500", NumberStyle::DecimalComma, Some(Unit::Thousands)), Ok(500.0));
        assert_eq!(count("0", NumberStyle::Auto), Ok(0));
        // With the comma the decimal mark, "1,234" has decimals: it needs --unit.
        assert_eq!(read_figure("1,234", NumberStyle::DecimalComma, None), Err(CountError::Decimal));
        // Two kinds of separator in one figure: in "1 234,567" the comma is a decimal mark in
        // France, never read as a second thousands separator.
        assert_eq!(count("1 234,567", NumberStyle::Auto), Err(CountError::Invalid));
        assert_eq!(count("1'234,567", NumberStyle::DecimalPoint), Err(CountError::Invalid));
        assert_eq!(count("1 234,567", NumberStyle::DecimalComma), Err(CountError::Invalid));
        let figure = |t: &str, style| read_figure(t, style, Some(Unit::Ones));
        assert_eq!(figure("1 234,5", NumberStyle::DecimalComma), Ok(1234.5));
        assert_eq!(figure("1'234.5", NumberStyle::DecimalPoint), Ok(1234.5));
        assert_eq!(figure("1 234,567", NumberStyle::DecimalComma), Ok(1234.567));
        assert_eq!(figure("1 234,567", NumberStyle::Auto), Err(CountError::Invalid));
    }

    #[test]
    fn a_dot_and_three_digits_is_ambiguous_until_the_style_is_named() {
        assert_eq!(parse_count("1.000", NumberStyle::Auto), Err(CountError::Ambiguous));
        assert_eq!(parse_count("12.500", NumberStyle::Auto), Err(CountError::Ambiguous));
        assert_eq!(parse_count("1.000", NumberStyle::DecimalComma), Ok(1000));
        assert_eq!(parse_count("1.234.567", NumberStyle::DecimalComma), Ok(1_234_567));
        assert_eq!(parse_count("1.000", NumberStyle::DecimalPoint), Ok(1));
        assert_eq!(parse_count("1,000", NumberStyle::DecimalComma), Err(CountError::Ambiguous));
        assert_eq!(parse_count("1,5", NumberStyle::DecimalPoint), Err(CountError::Invalid));
        assert_eq!(parse_count("1e6", NumberStyle::Auto), Err(CountError::Invalid));
        let figure = |t: &str, style, unit| parse_figure(t, style, unit);
        assert_eq!(figure("12.5", NumberStyle::Auto, Unit::Thousands), Ok(12_500.0));
        assert_eq!(figure("12.345", NumberStyle::DecimalPoint, Unit::Thousands), Ok(12_345.0));
        assert_eq!(figure("1,234.5", NumberStyle::Auto, Unit::Thousands), Ok(1_234_500.0));
        assert_eq!(figure("2,85", NumberStyle::DecimalComma, Unit::Millions), Ok(2_850_000.0));
        assert_eq!(figure("1,234", NumberStyle::DecimalComma, Unit::Thousands), Ok(1_234.0));
        assert_eq!(figure("1.234,5", NumberStyle::DecimalComma, Unit::Thousands), Ok(1_234_500.0));
        // A survey's estimate in thousands keeps its decimals, moved, not multiplied in binary.
        assert_eq!(figure("12.3456", NumberStyle::Auto, Unit::Thousands), Ok(12_345.6));
        assert_eq!(figure("828.3171185", NumberStyle::Auto, Unit::Thousands), Ok(828317.1185));
        assert_eq!(figure("0.0000015", NumberStyle::Auto, Unit::Millions), Ok(1.5));
        assert_eq!(figure("1,053.8002", NumberStyle::Auto, Unit::Ones), Ok(1053.8002));
        assert_eq!(figure("1149.87", NumberStyle::Auto, Unit::Ones), Ok(1149.87));
        assert_eq!(figure("0.5", NumberStyle::Auto, Unit::Ones), Ok(0.5));
        assert_eq!(figure("849,034", NumberStyle::Auto, Unit::Ones), Ok(849_034.0));
        assert_eq!(figure("1200.0", NumberStyle::Auto, Unit::Ones), Ok(1200.0));
        assert_eq!(figure("12.500", NumberStyle::Auto, Unit::Thousands), Err(CountError::Ambiguous));
        assert_eq!(figure("1.000", NumberStyle::Auto, Unit::Ones), Err(CountError::Ambiguous));
        assert_eq!(figure("0.816", NumberStyle::Auto, Unit::Ones), Ok(0.816));
        // The mark other figures of the file show as decimal decides "53.995".
        let point = style_shown(["53.995", "828.3171185", "12"]).map(|s| s.0);
        assert_eq!(point, Some(NumberStyle::DecimalPoint));
        assert_eq!(style_shown(["1.234,5", "7"]).map(|s| s.0), Some(NumberStyle::DecimalComma));
        assert_eq!(style_shown(["1,234.5"]).map(|s| s.0), Some(NumberStyle::DecimalPoint));
        assert_eq!(style_shown(["53.995", "1,000", "7"]), None);
        // Trial 37 #8: four digits before the point, or a lone 0, can only be a decimal's.
        assert_eq!(style_shown(["757.213", "1185.942"]).map(|s| s.1), Some("1185.942".to_string()));
        assert_eq!(style_shown(["0,816"]).map(|s| s.0), Some(NumberStyle::DecimalComma));
        assert_eq!(style_shown(["757.213", "1.185.942"]), None);
        assert_eq!(style_shown(["12.5", "3,25"]), None);
        assert_eq!(style_shown(["x.12", ".5", "5."]), None);
        // Review 35 H3: a date is no decimal ("13.03.2025" read as showing the point).
        assert_eq!(style_shown(["13.03.2025", "27.267"]), None);
        assert_eq!(style_shown(["03,13,2025"]), None);
        // Digits grouped by a space or an apostrophe: the comma or dot is the decimal mark,
        // even before three digits.
        assert_eq!(style_shown(["5 100,250"]).map(|s| s.0), Some(NumberStyle::DecimalComma));
        assert_eq!(style_shown(["5'100.250"]).map(|s| s.0), Some(NumberStyle::DecimalPoint));
        assert_eq!(style_shown(["5 100", "7"]), None);
        assert_eq!(read_figure("1,000", NumberStyle::DecimalComma, None), Err(CountError::Decimal));
        // --decimal , with --unit ones: the comma is the decimal mark, as the user said.
        assert_eq!(read_figure("1,234", NumberStyle::DecimalComma, Some(Unit::Ones)), Ok(1.234));
        for bad in ["-3", "1e6", "1.23457E+06", ".5", "5.", "1..5", "12,34,5.6", "+4", "1 2", "NaN", "inf"] {
            assert_eq!(figure(bad, NumberStyle::Auto, Unit::Ones), Err(CountError::Invalid), "{bad}");
        }
        assert_eq!(figure("99999999999999999", NumberStyle::Auto, Unit::Ones), Err(CountError::TooLarge));
        // Digits a float does not hold are refused, never changed; those it holds are kept.
        assert_eq!(figure("1234567890123.4567", NumberStyle::Auto, Unit::Ones), Err(CountError::TooPrecise));
        assert_eq!(figure("12345678.123456789", NumberStyle::Auto, Unit::Ones), Err(CountError::TooPrecise));
        assert_eq!(figure("0.30000000000000004", NumberStyle::Auto, Unit::Ones), Ok(0.30000000000000004));
        assert_eq!(figure("1234567890.12345", NumberStyle::Auto, Unit::Ones), Ok(1234567890.12345));
        assert_eq!(figure("1234567890123.456", NumberStyle::Auto, Unit::Thousands), Ok(1234567890123456.0));
        // Without --unit a decimal is refused: 12.5 may be thousands.
        assert_eq!(read_figure("12.5", NumberStyle::Auto, None), Err(CountError::Decimal));
        assert_eq!(read_figure("1,200.0", NumberStyle::Auto, None), Ok(1200.0));
        assert_eq!(read_figure("12.5", NumberStyle::Auto, Some(Unit::Ones)), Ok(12.5));
        assert_eq!(figure("9999999999999.5", NumberStyle::Auto, Unit::Thousands), Err(CountError::TooLarge));
        assert_eq!(parse_count("1.23457E+06", NumberStyle::DecimalPoint), Err(CountError::Invalid));
        assert_eq!(parse_count("99999999999999999999999", NumberStyle::Auto), Err(CountError::TooLarge));
        assert_eq!(parse_count("1,5", NumberStyle::DecimalComma), Err(CountError::Invalid));
        assert_eq!(parse_count("1.0", NumberStyle::Auto), Ok(1));
        assert_eq!(NumberStyle::from_flag("thousands", "."), Ok(NumberStyle::DecimalComma));
        assert!(NumberStyle::from_flag("decimal", ";").is_err());
    }

    #[test]
    fn percentages_take_a_sign_and_a_percent_sign() {
        assert_eq!(parse_percent("-22%", NumberStyle::Auto), Some(-22.0));
        assert_eq!(parse_percent("+5.4 %", NumberStyle::Auto), Some(5.4));
        assert_eq!(parse_percent("-22,5", NumberStyle::DecimalComma), Some(-22.5));
        assert_eq!(parse_percent("x", NumberStyle::Auto), None);
    }

    #[test]
    fn headers_match_whatever_the_case_and_order() {
        let l = Layout::from_header(Kind::Arrivals, &["\u{feff}Period", "MARKET", "arrivals"], &[]).unwrap();
        assert_eq!(l.positions[0..3], [Some(1), Some(0), Some(2)]);
        let err = Layout::from_header(Kind::Arrivals, &["market", "month", "arrivals"], &[]).unwrap_err();
        assert!(err.contains("missing period") && err.contains("unexpected month"), "{err}");
        assert!(err.contains("--column period=month"), "{err}");
        let err = Layout::from_header(Kind::Bookings, &["country", "month", "visitors"], &[]).unwrap_err();
        assert!(!err.contains("booked_on=country"), "no nonsense hint: {err}");
        let err = Layout::from_header(Kind::Arrivals, &["This workbook holds arrivals"], &[]).unwrap_err();
        assert!(!err.contains("--column"), "a sentence is no header: {err}");
    }

    #[test]
    fn a_file_names_its_columns_with_column_flags() {
        let names: Vec<ColumnName> =
            ["period=Month", "market=port_country", "arrivals=passengers in", "skip=note"]
                .iter()
                .map(|t| ColumnName::parse(t).unwrap())
                .collect();
        let header = ["port_country", "note", "MONTH", "Passengers In"];
        let l = Layout::from_header(Kind::Arrivals, &header, &names).unwrap();
        assert_eq!(l.positions[0..3], [Some(0), Some(2), Some(3)]);
        let err = Layout::from_header(Kind::Arrivals, &header, &names[..3]).unwrap_err();
        assert!(err.contains("unexpected note") && err.contains("--column skip=note"), "{err}");
        let err = Layout::from_header(Kind::Arrivals, &header, &[ColumnName::parse("period=date").unwrap()])
            .unwrap_err();
        assert!(err.contains("the file has no column \"date\""), "{err}");
        let err = Layout::from_header(Kind::Arrivals, &header, &[ColumnName::parse("seats=note").unwrap()])
            .unwrap_err();
        assert!(err.contains("an arrivals file has no column \"seats\""), "{err}");
        assert!(ColumnName::parse("period").is_err() && ColumnName::parse("=x").is_err());
        let twice = |flags: &[&str], header: &[&str]| {
            let names: Vec<ColumnName> = flags.iter().map(|t| ColumnName::parse(t).unwrap()).collect();
            Layout::from_header(Kind::Arrivals, header, &names).unwrap_err()
        };
        let h = ["country", "month", "visitors", "notes"];
        assert!(twice(&["market=country", "market=country"], &h).contains("the market column is named twice"));
        assert!(twice(&["arrivals=visitors", "arrivals=notes"], &h)
            .contains("the arrivals column is named twice"));
        assert!(
            twice(&["market=notes", "skip=notes"], &h).contains("the file's column \"notes\" is named twice")
        );
        let err = twice(&["market=country"], &["market", "country", "period", "arrivals"]);
        assert!(
            err.contains("has a column \"market\" already; pass it over with --column skip=market"),
            "{err}"
        );
    }
}
