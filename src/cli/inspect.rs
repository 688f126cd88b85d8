use std::path::{Path, PathBuf};

use comfy_table::{presets, Table};
use polars::prelude::{AnyValue, DataFrame};

use tourstat::error::Result;
use tourstat::ingest::{inspect, Inspection};
use tourstat::kind::Kind;
use tourstat::output::{thousands, visible};

use super::ingest::ReadArgs;
use super::parse_with;

/// Show how a file would be read, and write nothing: its layout, the header line, what each
/// column holds (markets, periods, totals passed over), the lines passed over and why (titles,
/// notes, sources), a unit in the title, the first rows as they would be stored, the problems,
/// and the `tourstat ingest` command that loads it (with the flags it still needs, which
/// inspect has already applied to the rows it shows).
///
/// Takes the same reading flags as ingest (--unit, --year, --calendar, --sheet, --column,
/// --market-map, ...) and reads against the store's market tree.
///
/// Examples:
///   tourstat inspect arrivals data/arrivals.csv
///   tourstat inspect markets data/markets.csv --rows 3
///   tourstat inspect targets data/targets.csv --as-of 2025-01-15
///
/// Exits with 1 when the file cannot be read, even with the flags it suggests. It reads the
/// file against the store's market tree, not against the figures the store holds: `tourstat
/// ingest ... --dry-run` also checks it against those.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What the file holds: markets, arrivals, bookings, otb or targets.
    #[arg(value_parser = parse_with::<Kind>)]
    kind: Kind,
    /// A CSV file or a workbook (xlsx, xls, ods).
    file: PathBuf,
    #[command(flatten)]
    read: ReadArgs,
    /// How many of the rows as stored to show.
    #[arg(long, default_value = "10")]
    rows: usize,
}

pub fn run(store: &Path, a: Args) -> Result<()> {
    let opts = a.read.options(a.kind)?;
    let seen = inspect(store, &a.file, &opts)?;
    let has_tree = !tourstat::store::Store::open(store).market_tree()?.is_empty();
    print!("{}", describe(&seen, &a, store, has_tree));
    match seen.problems {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The inspection as text.
fn describe(seen: &Inspection, a: &Args, store: &Path, has_tree: bool) -> String {
    let u = &seen.understanding;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let what = match &seen.sheet {
        Some(sheet) => format!("{}, sheet \"{}\" of a workbook", seen.file, visible(sheet)),
        None => seen.file.clone(),
    };
    line(format!("file: {} ({} figures)", visible(&what), seen.kind));
    if u.layout.is_empty() {
        line("layout: not understood (see the problems below)".into());
    } else {
        let header = u.header_line.map(|l| format!(", header on line {l}")).unwrap_or_default();
        line(format!("layout: {}{header}", u.layout));
    }
    if let Some(sep) = u.separator {
        line(format!("columns separated by {sep}"));
    }
    if let Some((unit, l, title)) = &u.unit_in_title {
        line(format!("unit: {unit}, from the title on line {l}: \"{}\"", visible(title)));
    }
    if let Some(numbers) = &u.numbers {
        line(format!("numbers: {numbers}"));
    }
    if !u.columns.is_empty() {
        line("columns:".into());
        let mut t = table(&["column", "header", "read as"]);
        for c in &u.columns {
            t.add_row(vec![c.column.clone(), visible(&c.header), visible(&c.role)]);
        }
        line(indent(&t.to_string()));
    }
    if !u.passed_over.is_empty() {
        line("lines passed over:".into());
        let mut t = table(&["line", "text", "why"]);
        for p in &u.passed_over {
            t.add_row(vec![p.line.to_string(), visible(&shorten(&p.text, 60)), p.why.to_string()]);
        }
        line(indent(&t.to_string()));
    }
    if !u.groups.is_empty() {
        line("groups (rows whose figures are the sums of the rows under or above them, or columns of the columns beside them, or whose counts overlap theirs; stored as the group's own figures, a difference unallocated):".into());
        for g in &u.groups {
            line(format!("   {}", visible(g)));
        }
    }
    for (l, label, market, why) in &u.renamed {
        line(format!("line {l}: \"{}\" {why}, read as market \"{}\"", visible(label), visible(market)));
    }
    for (flag, why) in &seen.suggested {
        line(format!("needs {flag}: {why} (applied below)"));
    }
    if let Some(rows) = &seen.rows {
        let shown = a.rows.min(rows.height());
        line(format!(
            "rows as they would be stored: {} (the first {shown}):",
            thousands(rows.height() as i64)
        ));
        line(indent(&frame_table(&rows.head(Some(shown))).to_string()));
    }
    if !seen.markets_added.is_empty() {
        line(format!("markets the ingest adds to the tree (--add-markets): {}", seen.markets_added.len()));
        let mut t = table(&["market", "under"]);
        for n in &seen.markets_added {
            t.add_row(vec![
                visible(&n.name),
                n.parent.as_deref().map(visible).unwrap_or_else(|| "(the root)".into()),
            ]);
        }
        line(indent(&t.to_string()));
    }
    if !has_tree && seen.kind != Kind::Markets && seen.markets_added.is_empty() {
        // No store at all is said so, not as a store that lost its tree (trial 39 #8).
        line(if store.exists() {
            "market tree: none in the store, so market names are stored as written; `tourstat ingest markets FILE` first has them checked".into()
        } else {
            format!(
                "market tree: no store at {} (--store names another), so market names would be stored as written; `tourstat ingest markets FILE` first has them checked",
                store.display()
            )
        });
        // Groups found, and no tree to hold them: stored as markets beside their members.
        if !seen.understanding.groups.is_empty() {
            line("groups: without a tree the groups above are stored as markets of their own, beside their members (adding every market up would count them twice); `--add-markets Total` on the command below keeps them as the tree's groups, under a root named Total".into());
        }
    }
    // What the ingest would say of figures stored as given (trial 46 F8: inspect was silent).
    for note in &seen.notes {
        line(format!("note: {}", visible(note)));
    }
    match &seen.problems {
        Some(_) => line("problems: the file cannot be loaded as it is (listed on stderr)".into()),
        None => line("problems: none in the file (--dry-run on the command below also checks it against the figures in the store)".into()),
    }
    // The command: the flags given, each suggested flag in place of one given with its name,
    // the vintage shown, and the store when it is not the default.
    let mut flags = a.read.flags();
    for (flag, _) in &seen.suggested {
        if let Some(name) = flag.strip_suffix(" left out") {
            if let Some(at) = flags.chunks(2).position(|pair| pair[0] == name) {
                flags.drain(at * 2..at * 2 + 2);
            }
            continue;
        }
        let (name, value) = flag.split_once(' ').unwrap_or((flag.as_str(), ""));
        // A flag given once takes the suggested value; --column is given once per column.
        match flags.chunks(2).position(|pair| pair[0] == name && name != "--column") {
            Some(at) => flags[at * 2 + 1] = value.to_string(),
            None => flags.extend([name.to_string(), value.to_string()]),
        }
    }
    if let Some(note) = super::ingest::vintage_not_kept(seen.kind, a.read.as_of) {
        line(format!("note: {note}"));
        if let Some(at) = flags.chunks(2).position(|pair| pair[0] == "--as-of") {
            flags.drain(at * 2..at * 2 + 2);
        }
    }
    // A file with its own as_of column gives each row's day: --as-of would only fill blanks,
    // with today as ingest does without it (trial 46 F8: today was added to the command).
    let own = seen.understanding.columns.iter().any(|c| c.role == "as_of" || c.role == "announced_on");
    if seen.kind.has_vintage() && !own && !flags.iter().any(|f| f == "--as-of") {
        let today = chrono::Local::now().date_naive();
        flags.extend(["--as-of".to_string(), today.to_string()]);
        // Figures that end long before today were published then (trial 40 #5: a table to
        // 2017-11 proposed as known today made every claim of its day not checkable).
        let last = seen
            .rows
            .as_ref()
            .and_then(|rows| tourstat::columns::dates(rows, "period_end").ok())
            .and_then(|ends| ends.into_iter().flatten().max());
        if let Some(last) = last.filter(|l| (today - *l).num_days() > 92) {
            line(format!(
                "note: --as-of below is today; the figures end on {last}: give the day they were published instead where you know it (what was known before it is asked with --as-of, and a claim dated before it is not checkable)"
            ));
        }
    }
    let mut command = vec!["tourstat".to_string()];
    if store != Path::new("data/store") {
        command.extend(["--store".to_string(), store.display().to_string()]);
    }
    command.extend(["ingest".to_string(), seen.kind.to_string(), a.file.display().to_string()]);
    command.extend(flags.into_iter().filter(|f| !f.is_empty()));
    let quoted: Vec<String> =
        command.iter().map(|w| shlex::try_quote(w).map_or(w.clone(), |q| q.into_owned())).collect();
    let verb =
        if seen.problems.is_some() { "once the problems are fixed, load it with" } else { "to load it" };
    line(format!("{verb}:\n  {}", visible(&quoted.join(" "))));
    out
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    t.set_header(header.to_vec());
    t
}

fn frame_table(df: &DataFrame) -> Table {
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    let mut t = table(&names);
    for i in 0..df.height() {
        let cells: Vec<String> = df
            .columns()
            .iter()
            .map(|c| match c.get(i) {
                Ok(AnyValue::Null) | Err(_) => String::new(),
                Ok(AnyValue::String(s)) => visible(s),
                Ok(AnyValue::StringOwned(s)) => visible(s.as_str()),
                // A figure as export writes it: 1234500, 1053.8002.
                Ok(AnyValue::Float64(x)) => x.to_string(),
                Ok(v) => v.to_string(),
            })
            .collect();
        t.add_row(cells);
    }
    t
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {}", l.trim_end())).collect::<Vec<_>>().join("\n")
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}...", text.chars().take(max).collect::<String>())
    }
}
