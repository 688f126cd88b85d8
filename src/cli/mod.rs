//! Command-line arguments (clap) and their translation into library calls.
//!
//! Each command has a file with its `Args` (whose doc comments are its help text, examples
//! included) and a `run` that turns strings into the library's types, calls it, and writes
//! the result. Nothing below this module knows about clap.

/// A line to stderr (a note) that a reader gone away does not turn into a crash: an ingest
/// piped to `head` finishes, and exits as it would (trial 65 M6: it aborted, exit 134, after
/// its commit).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// A line to stdout (what a command made: a file's path, an ingest's outcome), likewise.
macro_rules! put {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod backtest;
mod chart;
mod check;
mod claims;
mod export;
mod gaps;
mod history;
mod ingest;
mod inspect;
mod markets;
mod otb;
mod pace;
mod progress;
mod report;
mod select;
mod shortfall;
mod summary;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use tourstat::engine::{Engine, EngineChoice};
use tourstat::error::{Error, Remedy, Result};
use tourstat::output::{Format, Report, Rounding};
use tourstat::period::DateOrder;

#[derive(Debug, Parser)]
#[command(
    name = "tourstat",
    version,
    about = "Tourism statistics by source market: arrivals, seats on the books, targets, charts",
    long_about = None,
    after_help = "Start with `tourstat ingest markets data/markets.csv`, then ingest arrivals, bookings, otb and targets.\nThe store is data/store unless --store or TOURSTAT_STORE says otherwise."
)]
pub struct Cli {
    /// The store directory.
    #[arg(long, global = true, env = "TOURSTAT_STORE", default_value = "data/store")]
    store: PathBuf,
    /// Where questions over booking flows run (otb, pace, shortfall's bookings projection,
    /// seat charts): local (polars on this machine) or spark://HOST:PORT (sc://HOST:PORT
    /// alike: a Spark Connect server reading the store's Parquet folders; a build with
    /// --features spark). A query may run TOURSTAT_SPARK_TIMEOUT seconds (default 600).
    #[arg(long, global = true, env = "TOURSTAT_ENGINE", default_value = "local", value_parser = parse_with::<Engine>)]
    engine: Engine,
    /// The store as the Spark cluster reads it (a shared folder or an object-store URI such as
    /// s3a://bucket/tourstat), when that is not the --store path.
    #[arg(long, global = true, env = "TOURSTAT_REMOTE_STORE", value_name = "URI")]
    remote_store: Option<String>,
    /// Print each query over booking flows (the Spark SQL, or polars' plan) to stderr before
    /// it runs.
    #[arg(long, global = true)]
    explain: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Ingest(ingest::Args),
    Inspect(inspect::Args),
    Markets(markets::Args),
    History(history::Args),
    Export(export::Args),
    Summary(summary::Args),
    Otb(otb::Args),
    Pace(pace::Args),
    Shortfall(shortfall::Args),
    Backtest(backtest::Args),
    Gaps(gaps::Args),
    Chart(chart::Args),
    Check(check::Args),
    Claims(claims::Args),
    // (`brief` too: the README calls it the weekly brief; trial 73 L5.)
    #[command(visible_alias = "brief")]
    Report(report::Args),
    Rollback(check::RollbackArgs),
    Completions(Completions),
    Man(Man),
}

/// Print a completion script for a shell.
///
/// Examples:
///   tourstat completions bash > tourstat.bash    # then: source tourstat.bash (in ~/.bashrc)
///   tourstat completions zsh > _tourstat         # into a folder of $fpath
///   tourstat completions fish > tourstat.fish    # into ~/.config/fish/completions/
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Completions {
    /// bash, zsh, fish, powershell or elvish.
    shell: clap_complete::Shell,
}

/// Print the manual page (roff), for `man`.
///
/// Examples:
///   tourstat man > tourstat.1    # then: man ./tourstat.1
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Man {}

pub fn run(cli: Cli) -> Result<()> {
    let store = cli.store;
    let engine = match (cli.engine, cli.remote_store) {
        (Engine::Spark { address, .. }, Some(root)) => {
            let root = root.trim().to_string();
            if !(root.starts_with('/') || root.contains("://")) {
                return Err(Error::Usage(format!(
                    "--remote-store \"{root}\": name the store as the cluster reads it, an absolute path (/mnt/shared/store) or a URI (s3a://bucket/store); a relative path would be read from the server's own folder"
                )));
            }
            Engine::Spark { address, remote_root: Some(root) }
        }
        (Engine::Spark { address, .. }, None) => Engine::Spark { address, remote_root: None },
        // TOURSTAT_REMOTE_STORE set for the Spark engine does not stop local commands.
        (Engine::Local, Some(root))
            if std::env::var("TOURSTAT_REMOTE_STORE").is_ok_and(|v| v.trim() == root.trim()) =>
        {
            Engine::Local
        }
        (Engine::Local, Some(_)) => return Err(Error::Usage(
            "--remote-store names the store as a Spark cluster reads it; it needs --engine spark://HOST:PORT"
                .into(),
        )),
        (Engine::Local, None) => Engine::Local,
    };
    if !tourstat::engine::HAS_SPARK && engine != Engine::Local {
        return Err(Error::Usage(format!("engine {engine}: {}", tourstat::engine::NO_SPARK)));
    }
    select::choose_engine(EngineChoice { engine, explain: cli.explain });
    match cli.command {
        Command::Ingest(a) => ingest::run(&store, a),
        Command::Inspect(a) => inspect::run(&store, a),
        Command::Markets(a) => markets::run(&store, a),
        Command::History(a) => history::run(&store, a),
        Command::Export(a) => export::run(&store, a),
        Command::Summary(a) => summary::run(&store, a),
        Command::Otb(a) => otb::run(&store, a),
        Command::Pace(a) => pace::run(&store, a),
        Command::Shortfall(a) => shortfall::run(&store, a),
        Command::Backtest(a) => backtest::run(&store, a),
        Command::Gaps(a) => gaps::run(&store, a),
        Command::Chart(a) => chart::run(&store, a),
        Command::Check(a) => check::run(&store, a),
        Command::Claims(a) => claims::run(&store, a),
        Command::Report(a) => report::run(&store, a),
        Command::Rollback(a) => check::run_rollback(&store, a),
        Command::Completions(a) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(a.shell, &mut command, "tourstat", &mut std::io::stdout());
            Ok(())
        }
        Command::Man(_) => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .map_err(|e| Error::io("<stdout>", e))
        }
    }
}

/// The flags that remedy an error, as the library names the remedies.
pub fn hints(e: &Error) -> Vec<&'static str> {
    let remedies = e.remedies();
    // Dates some only day first, some only month first (review 35 L3): no one flag reads them.
    // Of one file: two files each read in one order take a flag each (review 38 M5).
    let mixes = |r: &[Remedy]| {
        [DateOrder::DayFirst, DateOrder::MonthFirst].iter().all(|o| r.contains(&Remedy::DateOrder(*o)))
    };
    let both_orders = match e {
        Error::Files { errors, .. } => errors.iter().any(|f| mixes(&f.remedies())),
        _ => mixes(&remedies),
    };
    let mut said_orders = false;
    let written = io_hint(e);
    remedies
        .into_iter()
        .filter_map(|r| {
            Some(match r {
                Remedy::DateOrder(_) if both_orders => {
                    if std::mem::replace(&mut said_orders, true) {
                        return None;
                    }
                    "the file's dates read day first only in some rows and month first only in others: no one --date-order reads them all (a file put together from two sources? split it, and give each part its own --date-order)"
                }
                Remedy::Replace => {
                    "--replace overwrites the stored figures; --as-of with a later date keeps the file as a revision"
                }
                Remedy::ReplaceOwnDays => {
                    "--replace overwrites the stored figures; the file gives the rows their day (its as_of or announced_on column), which --as-of does not change: a revision is a file whose column gives a later day"
                }
                Remedy::ReplaceOnly => {
                    "--replace overwrites the stored figures (this kind keeps no vintages: a later --as-of is no revision of it)"
                }
                Remedy::Move => "--replace moves each to the parent the file gives",
                Remedy::Wait => "leave out --no-wait to wait for the other writer",
                Remedy::BuddhistEra => "--calendar be reads years as Buddhist Era (2568 = 2025)",
                Remedy::DateOrder(DateOrder::DayFirst) => {
                    "--date-order dmy reads the file's dates day first (13/03/2025 is 2025-03-13)"
                }
                Remedy::DateOrder(DateOrder::MonthFirst) => {
                    "--date-order mdy reads the file's dates month first (03/13/2025 is 2025-03-13)"
                }
                Remedy::NumberStyle => {
                    "--thousands . reads 1.000 as 1000 (as --decimal , does); --decimal . reads it as 1"
                }
                Remedy::Cancellations => {
                    "--cancellations reads a negative figure of seats as the seats cancelled on its booked_on day, net of that day's bookings of the market and day of travel (the books then fall on the day of a cancellation)"
                }
                // Its message names the flag.
                Remedy::StatedUnit(_) | Remedy::LeaveOutYear => return None,
            })
        })
        .chain(written)
        .collect()
}

/// What a write the system refused left behind (review 65 L1, M2: a full disk, a file-size
/// limit, a read-only folder said as the system's words alone): the store commits whole or
/// not at all, and a file tourstat writes (export, report, chart, forecasts) is put in place
/// only once whole.
fn io_hint(e: &Error) -> Option<&'static str> {
    use std::io::ErrorKind;
    // Of polars, the I/O error under its context (review 66 L4: a Parquet export had no hint).
    fn of_polars(e: &polars::error::PolarsError) -> Option<ErrorKind> {
        match e {
            polars::error::PolarsError::IO { error, .. } => Some(error.kind()),
            polars::error::PolarsError::Context { error, .. } => of_polars(error),
            // An I/O error a Parquet writer wrapped in its own words (trial 95 M3: "File out of
            // specification: underlying IO error: No space left on device (os error 28)").
            other => {
                let text = other.to_string();
                let code = text.split("(os error ").nth(1)?.split(')').next()?.parse::<i32>().ok()?;
                Some(std::io::Error::from_raw_os_error(code).kind())
            }
        }
    }
    let kind = match e {
        Error::Io { source, .. } => source.kind(),
        Error::Polars { source, .. } => of_polars(source)?,
        // Of several files, the first error the system gave (trial 95 M3: a full disk during
        // an ingest of two bookings files, said with no hint).
        Error::Files { errors, .. } => return errors.iter().find_map(io_hint),
        _ => return None,
    };
    // What is as it was: the store and a file named with -o; not what the shell redirected
    // (review 66 M9: "nothing was written" of a file `> out.csv` had cut short).
    Some(match kind {
        // (A store's commit is whole or not at all, a file named with -o put in place whole;
        // which of them the command had done, `tourstat check` and `history` say: review 69
        // M2, a rollback's sweep after its swap was told "nothing was committed".)
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "the disk is full: the store commits whole or not at all, and a file named with -o is put in place only once whole (`tourstat check` proves the store; output sent to a file with > is cut short); free some space and run it again"
        }
        ErrorKind::FileTooLarge => {
            "a file grew past the limit on file sizes (ulimit -f): the store commits whole or not at all, and a file named with -o is put in place only once whole (`tourstat check` proves the store; output sent to a file with > is cut short)"
        }
        ErrorKind::ReadOnlyFilesystem => "the filesystem is read-only: give --store (or -o) a place this user can write to",
        ErrorKind::PermissionDenied => "this user may not read or write the path named: check its permissions, or give --store (or -o) a place this user can write to",
        ErrorKind::NotADirectory => "a part of the path is a file, not a folder: give --store (or -o) a folder",
        _ => return None,
    })
}

/// Whether an error is only the reader of stdout having gone away.
pub fn is_broken_pipe(e: &Error) -> bool {
    match e {
        Error::Io { source, .. } => source.kind() == std::io::ErrorKind::BrokenPipe,
        Error::Polars { source, .. } => source.to_string().contains("Broken pipe"),
        _ => false,
    }
}

/// Output options shared by every command that prints a result.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format: table (for people), csv, json or markdown.
    #[arg(long, default_value = "table", value_parser = parse_with::<Format>)]
    pub format: Format,
    /// Round counts in tables: k (thousands) or m (millions, "16.6m").
    #[arg(long, default_value = "full", value_parser = parse_with::<Rounding>)]
    pub round: Rounding,
    /// CSV: write text that starts with = + - @ (which a spreadsheet would run as a formula)
    /// as it is, instead of with a ' before it.
    #[arg(long)]
    pub no_formula_guard: bool,
}

impl OutputArgs {
    pub fn print(&self, report: &Report) -> Result<()> {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        report
            .write(&mut out, &mut std::io::stderr(), self.format, self.round, !self.no_formula_guard)
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("<stdout>", e))
    }
}

/// Parses a flag value with the library type's `FromStr`, keeping its message.
pub fn parse_with<T: std::str::FromStr<Err = String>>(s: &str) -> std::result::Result<T, String> {
    s.parse()
}

/// Parses a year given on the command line: four digits a statistics office would use.
pub fn parse_year(s: &str) -> std::result::Result<i32, String> {
    match s.trim().parse::<i32>() {
        Ok(y) if (1900..=2200).contains(&y) => Ok(y),
        Ok(y) if y > 2400 && y - tourstat::period::BE_OFFSET <= 2200 => Err(format!(
            "{y} looks like a Buddhist Era year; give it in the Common Era ({})",
            y - tourstat::period::BE_OFFSET
        )),
        _ => Err(format!("expected a year like 2025 (1900 to 2200), got \"{s}\"")),
    }
}

/// The month of `year` a `--through` period names (`None` when not given).
pub fn through_month(year: i32, through: Option<tourstat::period::Period>) -> Result<Option<u32>> {
    use tourstat::period::Period;
    match through {
        None => Ok(None),
        Some(Period::Month { year: y, month }) if y == year => Ok(Some(month)),
        // A quarter, a half or the year itself: through its last month.
        Some(Period::Quarter { year: y, quarter }) if y == year => Ok(Some(quarter * 3)),
        Some(Period::Half { year: y, half }) if y == year => Ok(Some(half * 6)),
        Some(Period::Year(y)) if y == year => Ok(Some(12)),
        // A month's last day is through that month.
        Some(Period::Day(d)) if chrono::Datelike::year(&d) == year && chrono::Datelike::day(&(d + chrono::Days::new(1))) == 1 => {
            Ok(Some(chrono::Datelike::month(&d)))
        }
        Some(p) => Err(Error::Usage(format!(
            "--through must be a month of {year} (or a quarter, a half, the year, a month's last day), like {year}-06, got {p}"
        ))),
    }
}

/// Parses a calendar date given on the command line.
pub fn parse_date(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    tourstat::period::parse_date(s, tourstat::period::Calendar::Ce)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trial 95 M3: a full disk a Parquet writer said in its own words, among the errors of
    /// several files, is said as a full disk.
    #[test]
    fn a_full_disk_in_a_parquet_writers_words_is_said_so() {
        let parquet = polars::error::PolarsError::ComputeError(
            "File out of specification: underlying IO error: No space left on device (os error 28)".into(),
        );
        let e = Error::Files { errors: vec![Error::polars("closing a staged file")(parquet)], files: 2 };
        assert!(io_hint(&e).is_some_and(|h| h.starts_with("the disk is full")), "{:?}", io_hint(&e));
        let other = polars::error::PolarsError::ComputeError("no os error here".into());
        assert_eq!(io_hint(&Error::polars("reading")(other)), None);
    }
}
