//! Files whose columns are separated by semicolons or tabs, as spreadsheets in much of Europe
//! save "CSV" and as many publishers export: read through a comma-separated copy, record for
//! record and line for line, so that every reader and check of a CSV file applies to it and a
//! problem on line 17 is on the file's line 17.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, IoContext, Result};

/// The separators read besides the comma, and their names.
const SEPARATORS: [(u8, &str); 2] = [(b';', "semicolons"), (b'\t', "tabs")];

/// How many bytes of a file's start decide its separator.
const SNIFF_BYTES: u64 = 64 * 1024;

/// A file's separator other than the comma, by its first records: the one that splits them
/// soundly into the most figures, more than the comma does (see `separator_of`). A tie is the
/// comma's.
pub fn separator(path: &Path) -> Result<Option<(u8, &'static str)>> {
    let mut start = Vec::new();
    std::fs::File::open(path).at(path)?.take(SNIFF_BYTES).read_to_end(&mut start).at(path)?;
    Ok(separator_of(&start))
}

/// As `separator`, of a file's first bytes (a file read whole, or from a pipe).
pub fn separator_of(start: &[u8]) -> Option<(u8, &'static str)> {
    let start = &start[..start.len().min(SNIFF_BYTES as usize)];
    // Not text (NUL bytes: UTF-16, a binary file): the reader's own checks say what it is.
    if start.contains(&0) {
        return None;
    }
    // Of each separator, the lines it splits into two fields or more, each sound or not (a
    // field holding another separator, but for a figure's comma: "52,5" under semicolons is a
    // decimal, "China;52" under commas a piece of a line the semicolon splits, "China\t2025-01"
    // under semicolons one the tab splits): the figures in the sound ones (a table's data are
    // figures, a title's or a note's words), then their fields of the one width that gives the
    // most, then the fewest lines unsound. The most wins; a tie is the comma's. (Trial 94 M1,
    // reviews 97 M1, 98 H1, M1, M5, 99 H1, M1, 100 H1-H3, M1-M3: title, source and note lines
    // with commas, aliases and lists with semicolons, names with commas tipped a count of lines
    // split at all, of one width, or of fields.)
    let score = |sep: u8| -> (usize, usize, std::cmp::Reverse<usize>) {
        let mut reader =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(start);
        let mut fields: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        let (mut figures, mut unsound) = (0, 0);
        for r in reader.byte_records().take(100).filter_map(|r| r.ok()).filter(|r| r.len() >= 2) {
            let holds_another = |f: &[u8]| {
                [b',', b';', b'\t']
                    .into_iter()
                    .any(|o| o != sep && f.contains(&o) && !(o == b',' && figure_like(f)))
            };
            if r.iter().any(holds_another) {
                unsound += 1;
            } else {
                figures += r.iter().filter(|f| figure_like(f)).count();
                *fields.entry(r.len()).or_default() += r.len();
            }
        }
        (figures, fields.into_values().max().unwrap_or(0), std::cmp::Reverse(unsound))
    };
    let by_comma = score(b',');
    let mut best: Option<(u8, &'static str)> = None;
    let mut best_score = by_comma;
    for (sep, name) in SEPARATORS {
        let s = score(sep);
        if s > best_score {
            (best, best_score) = (Some((sep, name)), s);
        }
    }
    best
}

/// Whether a field is a figure: digits with marks of thousands or decimals, a sign, a percent
/// (`52,5`, `1.234,5`, `-3 %`).
fn figure_like(field: &[u8]) -> bool {
    let text = String::from_utf8_lossy(field);
    let t = text.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '-' | '+' | '%')
        })
}

/// The comma-separated copy of a file separated by `sep`, written into `dir` under the file's
/// own name: each record on the line it starts on in the file (a line end inside a field read
/// as a space), blank lines kept.
pub fn comma_copy(path: &Path, sep: u8, dir: &Path) -> Result<PathBuf> {
    let out = dir.join(path.file_name().unwrap_or("file.csv".as_ref()));
    let file = std::fs::File::open(path).at(path)?;
    let mut lines = super::read::LineNumbers::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(lines.track(file));
    let mut to = std::io::BufWriter::new(std::fs::File::create(&out).at(&out)?);
    let read_error = |e: csv::Error| Error::io(path, std::io::Error::other(e));
    let write_error = |e: csv::Error| Error::io(&out, std::io::Error::other(e));
    // One record written at a time, as the csv writer quotes it, so that blank lines can go
    // between them as bare line ends.
    let mut one = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let mut line = 1;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).map_err(read_error)? {
        let at = record.position().map_or(line, |p| lines.line_at(p.byte()));
        // The reader passes over blank lines (and the lines of a field that spans several):
        // each is written as a blank line, as a comma file has them.
        for _ in line..at {
            to.write_all(b"\n").at(&out)?;
        }
        let fields = record.iter().map(|f| {
            if f.contains(&b'\n') || f.contains(&b'\r') {
                f.iter().map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b }).collect()
            } else {
                f.to_vec()
            }
        });
        one.write_record(fields.collect::<Vec<_>>()).map_err(write_error)?;
        one.flush().at(&out)?;
        to.write_all(one.get_ref()).at(&out)?;
        one = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        line = at + 1;
    }
    to.flush().at(&out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn the_separator_is_the_one_that_splits_more_records_than_the_comma() {
        let dir = tempfile::tempdir().unwrap();
        let sep = |text: &str| separator(&write(dir.path(), "f.csv", text)).unwrap().map(|s| s.1);
        assert_eq!(sep("Land;Jan 2025\nChina;1,5\nJapan;2,25\n"), Some("semicolons"));
        assert_eq!(sep("market\tperiod\tarrivals\nChina\t2025-01\t1,234\n"), Some("tabs"));
        // Decimal commas split the rows as much as the semicolons do; the header decides.
        assert_eq!(sep("Land;Jan;Feb\nChina;1,5;2,5\nJapan;1,25;2,5\n"), Some("semicolons"));
        assert_eq!(sep("market,period,arrivals\nChina,2025-01,\"1;2\"\n"), None);
        assert_eq!(sep("Title; provisional\nmarket,period,arrivals\nChina,2025-01,5\n"), None);
        // A source line with a comma below rows split by decimal commas too (trial 94 M1).
        assert_eq!(
            sep(
                "Country;Jan-24;Feb-24\r\nChina;52,0;61,0\r\nJapan;21,0;19,5\r\n\r\nSource: Office, 2024\r\n"
            ),
            Some("semicolons")
        );
        // A comma file with semicolons in a field of most rows stays a comma file (review 97 M1:
        // a markets file's aliases).
        assert_eq!(sep("market,period,arrivals,note\nChina,2025-01,5,\"a; b; c\"\nJapan,2025-01,6,\n"), None);
        assert_eq!(
            sep("market,parent,aliases\nAsia,,\nChina,Asia,PRC;CN\nJapan,Asia,JP;Nippon\nKorea,Asia,South Korea;ROK;KR\nUK,Europe,United Kingdom;GB\n"),
            None
        );
        // A title with a comma over one column of decimal commas (review 98 H1), a long file, and
        // a source line of commas under three (M1).
        assert_eq!(sep("Ankünfte, Januar 2025\nLand;Jan 2025\nChina;52,5\nJapan;21,0\n"), Some("semicolons"));
        assert_eq!(
            sep("market;period;arrivals\nChina;2025-01;52,5\nJapan;2025-01;21,0\n"),
            Some("semicolons")
        );
        assert_eq!(
            sep("Land;Jan;Feb;Mar\nChina;52,5;1,5;2,5\nJapan;21,0;1,0;2,0\nSource: Office, Bureau, Ministry, 2025\n"),
            Some("semicolons")
        );
        assert_eq!(
            sep("market\tperiod\tarrivals\nChina\t2025-01\t1,234\nJapan\t2025-01\t2,345\n"),
            Some("tabs")
        );
        // Three lines of commas above a semicolon table of one column (review 99 H1); footnotes
        // with commas under one (M1); a tab file with names with commas, and a source of
        // semicolons.
        assert_eq!(
            sep("Ankünfte, Januar 2025\nVeröffentlicht 15. März 2025, vorläufig\nQuelle: Amt, 2025\nLand;Jan 2025\nChina;52,5\nJapan;21,0\n"),
            Some("semicolons")
        );
        assert_eq!(
            sep("Land;Jan 2025;Feb 2025\nChina;52,5;48,1\nJapan;21,0;19,5\nNotes: 1) Provisional, revised\n2) Hong Kong, Macao excluded\n3) Source: Bureau, 2025\n"),
            Some("semicolons")
        );
        assert_eq!(
            sep("Land\tJan 2025\tFeb 2025\nKorea, Republic of\t10200\t11300\nChina\t52500\t48100\nNote: provisional, revised 2025\nSource: Office, 2025\n"),
            Some("tabs")
        );
        assert_eq!(
            sep("market\tperiod\tarrivals\tsource\nChina\t2025-01\t52100\tBureau; provisional\nJapan\t2025-01\t21000\tBureau; provisional\n"),
            Some("tabs")
        );
        assert_eq!(
            sep("Market,Jan 2025,Feb 2025\nChina,52100,48300\n1) Provisional; revised 2025\n2) Macao excluded; since 2019\n3) Source: Bureau; 2025\n"),
            None
        );
        // Four or five title lines of commas over a short table of tabs or semicolons whose
        // figures hold commas (review 100 H1-H3); a note listing members by semicolons under a
        // comma table (M1); seven footnotes of commas under a semicolon one (M3).
        let titles = "Visitor arrivals by market, January 2025, provisional\nPublished 15 March 2025, Bureau, Bangkok\nFigures in persons, all ports, excluding transit\nCoverage: all markets, air and land, excluding cruise\n";
        assert_eq!(
            sep(&format!("{titles}Market\tJan 2025\nChina\t52,100\nJapan\t21,000\nKorea\t10,200\n")),
            Some("tabs")
        );
        assert_eq!(
            sep(&format!("{titles}Land;Jan 2025\nChina;52,5\nJapan;21,0\nKorea;10,2\n")),
            Some("semicolons")
        );
        assert_eq!(
            sep("Market,Jan 2025,Feb 2025\nChina,52100,48300\nJapan,21000,19500\nNote: Asia comprises China; Japan; Korea; India; Thailand; Vietnam; Malaysia\n"),
            None
        );
        assert_eq!(
            sep("Land;Jan 2025;Feb 2025\nChina;52100;48300\nJapan;21000;19500\n1) Stand April 2025\n2) Hongkong, Macao nicht enthalten\n3) Quelle: Amt, 2025\n4) Abweichungen durch Runden, möglich\n5) Geändert am 15.04.2025, Reihe 3\n"),
            Some("semicolons")
        );
        // A tab file of no figures (a markets file) is told by its fields.
        assert_eq!(sep("market\tparent\nAsia\t\nJapan\tAsia\nFrance\t\n"), Some("tabs"));
        // Footnotes with a semicolon each under two rows of data (M5).
        assert_eq!(
            sep("market,period,arrivals,status\nChina,2025-01,5,A\nJapan,2025-01,6,P\nNote: a; b\nNote: c; d\nSource: e; f\nP: g; h\n"),
            None
        );
    }

    #[test]
    fn the_copy_keeps_every_record_on_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ankünfte\n\nLand;Jan 2025\n\"China;\nVR\";1,5\n\nJapan;2\n";
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let copy = comma_copy(&write(dir.path(), "in.csv", text), b';', &out).unwrap();
        let back = std::fs::read_to_string(copy).unwrap();
        assert_eq!(back, "Ankünfte\n\nLand,Jan 2025\nChina; VR,\"1,5\"\n\n\nJapan,2\n");
    }
}
