//! A publisher's spellings of markets (`--market-map FILE`, CSV `name,market`): read as aliases
//! of the tree's markets for one ingest, so the same monthly file loads every month unedited.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::market::{normalise_name, MarketTree};

/// The tree with the map's names as aliases of its markets. Every problem of the map is
/// reported at once, on its line: a market the tree does not have, a name that is already
/// another market, a name mapped to two markets.
pub fn with_map(tree: &MarketTree, path: &Path) -> Result<MarketTree> {
    let label = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| Error::invalid_file(&label, format!("the market map does not open: {e}")))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid_file(&label, format!("the market map's header does not read: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if header != ["name", "market"] {
        let got = header.join(",");
        return Err(Error::invalid_file(
            &label,
            format!("a market map's header must be name,market, got \"{got}\""),
        ));
    }
    let mut nodes = tree.nodes().to_vec();
    let mut mapped: HashMap<String, (String, u64)> = HashMap::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem::new(line, format!("the line does not read as name,market: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let (name, market) = (normalise_name(&record[0]), normalise_name(&record[1]));
        if name.is_empty() || market.is_empty() {
            problems.push(Problem::new(line, "a name and the market it stands for are both needed"));
            continue;
        }
        let Some(canonical) = tree.resolve(&market).map(str::to_string) else {
            let hint = tree.suggestion(&market);
            problems.push(Problem::new(
                line,
                format!("unknown market \"{market}\"{hint}; the map names markets of the tree"),
            ));
            continue;
        };
        match tree.resolve(&name) {
            Some(same) if same == canonical => continue,
            Some(other) => {
                let m = format!("\"{name}\" is the market \"{other}\" in the tree; the map cannot make it \"{canonical}\"");
                problems.push(Problem::new(line, m));
                continue;
            }
            None => {}
        }
        match mapped.get(&name.to_lowercase()) {
            Some((first, _)) if *first == canonical => continue,
            Some((first, at)) => {
                let m =
                    format!("\"{name}\" is mapped to \"{first}\" on line {at} and to \"{canonical}\" here");
                problems.push(Problem::new(line, m));
                continue;
            }
            None => {}
        }
        mapped.insert(name.to_lowercase(), (canonical.clone(), line));
        if let Some(node) = nodes.iter_mut().find(|n| n.name == canonical) {
            node.aliases.push(name);
        }
    }
    if !problems.is_empty() {
        let total = problems.len();
        return Err(Error::Invalid { file: label, problems, total });
    }
    MarketTree::new(nodes).map_err(|e| Error::invalid_file(&label, e))
}
