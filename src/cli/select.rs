//! What the analysis commands share: opening the store at a point in time, finding the
//! markets asked for, and saying what a result leaves out.

use std::path::Path;
use std::sync::OnceLock;

use clap::Args;

use tourstat::analysis::rollup::shown_markets;
use tourstat::engine::EngineChoice;
use tourstat::error::{Error, Result};
use tourstat::kind::Kind;
use tourstat::market::{normalise_name, MarketTree};
use tourstat::query::on_the_books::Selection;
use tourstat::store::Store;

/// Which markets to show.
#[derive(Debug, Clone, Args)]
pub struct MarketArgs {
    /// Show this market (any spelling or alias) and the markets below it.
    #[arg(long)]
    pub market: Option<String>,
    /// Levels of the tree to show below the top (0 = the top only).
    #[arg(long)]
    pub depth: Option<usize>,
}

pub struct Opened {
    pub store: Store,
    pub tree: MarketTree,
}

/// The engine the command line chose (`--engine`, `--explain`), set once before a command runs.
static ENGINE: OnceLock<EngineChoice> = OnceLock::new();

pub fn choose_engine(choice: EngineChoice) {
    // Set once per process, by `cli::run`; a second call (none today) keeps the first.
    let _ = ENGINE.set(choice);
}

pub fn open(store_dir: &Path) -> Result<Opened> {
    let store = existing(store_dir)?;
    let tree = store.market_tree()?;
    Ok(Opened { store, tree })
}

/// The store at `store_dir`, for a command that reads it: an error where there is none, with
/// the way to make one (a mistyped --store is said, not read as an empty store).
pub fn existing(store_dir: &Path) -> Result<Store> {
    let store = Store::open(store_dir).with_engine(ENGINE.get().cloned().unwrap_or_default()).pinned();
    if !store_dir.exists() {
        return Err(Error::Usage(format!(
            "no store at {}; ingest data first (tourstat ingest markets FILE, then arrivals, bookings...) or pass --store",
            store_dir.display()
        )));
    }
    // A folder a refused first ingest left (its lock and staging only) is no store either
    // (trial 71 L3: `markets --store junk` printed an empty table, the mistyped path unsaid).
    let mut committed = false;
    for kind in Kind::ALL {
        committed |= store.version(kind)? > 0;
    }
    if !committed {
        return Err(Error::Usage(format!(
            "the store at {} holds nothing: no ingest into it has completed; ingest data first (tourstat ingest markets FILE, then arrivals, bookings...) or pass --store",
            store_dir.display()
        )));
    }
    Ok(store)
}

impl Opened {
    /// The canonical name of a market the user typed.
    pub fn market(&self, name: &str) -> Result<String> {
        if self.tree.is_empty() {
            return Ok(normalise_name(name));
        }
        self.tree.resolve(name).map(str::to_string).ok_or_else(|| {
            Error::Usage(format!(
                "unknown market \"{name}\"{}; `tourstat markets` lists the tree and its aliases",
                self.tree.suggestion(name)
            ))
        })
    }

    /// Markets to show, in tree order with their depth; `extra` are markets seen in the data.
    pub fn shown(&self, sel: &MarketArgs, extra: &[String]) -> Result<Vec<(usize, String)>> {
        let root = sel.market.as_deref().map(|m| self.market(m)).transpose()?;
        Ok(shown_markets(&self.tree, root.as_deref(), sel.depth, extra))
    }

    /// The library's selection of markets for `sel`.
    pub fn selection(&self, sel: &MarketArgs) -> Result<Selection> {
        Ok(Selection { root: sel.market.as_deref().map(|m| self.market(m)).transpose()?, depth: sel.depth })
    }
}

/// A market name indented by its depth, for tables.
pub fn indented(depth: usize, name: &str, indent: bool) -> String {
    if indent {
        format!("{}{name}", "  ".repeat(depth))
    } else {
        name.to_string()
    }
}
