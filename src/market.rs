//! Markets: the tree every figure hangs on (country -> region -> haul group -> Total).
//!
//! Sources spell markets differently ("East  Asia", "east asia"), so names are normalised
//! (trimmed, inner spaces collapsed) and matched case-insensitively, and a market may declare
//! aliases. A figure for a market counts for each of its ancestors; a group's own figure wins
//! over the sum of its members, and the difference is "unallocated".

use std::collections::HashMap;

use serde::Serialize;

/// Trims a market name and collapses runs of whitespace to one space.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key two spellings of one market share.
fn match_key(name: &str) -> String {
    normalise_name(name).to_lowercase()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarketNode {
    pub name: String,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

/// The market tree, with lookups by any spelling.
#[derive(Debug, Clone, Default)]
pub struct MarketTree {
    nodes: Vec<MarketNode>,
    by_key: HashMap<String, usize>,
}

impl MarketTree {
    /// Builds a tree, checking that every parent exists and that there is no cycle.
    pub fn new(nodes: Vec<MarketNode>) -> Result<MarketTree, String> {
        let mut tree = MarketTree { nodes, by_key: HashMap::new() };
        for (i, node) in tree.nodes.iter().enumerate() {
            for key in std::iter::once(&node.name).chain(&node.aliases).map(|n| match_key(n)) {
                if let Some(&other) = tree.by_key.get(&key) {
                    if other != i {
                        return Err(format!(
                            "the name \"{key}\" is used by both \"{}\" and \"{}\"",
                            tree.nodes[other].name, node.name
                        ));
                    }
                }
                tree.by_key.insert(key, i);
            }
        }
        for node in &tree.nodes {
            if let Some(p) = &node.parent {
                if tree.resolve(p).is_none() {
                    return Err(format!("market \"{}\" has an unknown parent \"{p}\"", node.name));
                }
            }
            let mut seen = 0;
            let mut cur = node.parent.as_deref();
            while let Some(p) = cur {
                seen += 1;
                if seen > tree.nodes.len() {
                    return Err(format!("the markets above \"{}\" form a cycle", node.name));
                }
                cur = tree.get(p).and_then(|n| n.parent.as_deref());
            }
        }
        Ok(tree)
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn nodes(&self) -> &[MarketNode] {
        &self.nodes
    }

    /// The canonical name of a market written in any accepted spelling.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.by_key.get(&match_key(name)).map(|&i| self.nodes[i].name.as_str())
    }

    pub fn get(&self, name: &str) -> Option<&MarketNode> {
        self.by_key.get(&match_key(name)).map(|&i| &self.nodes[i])
    }

    /// The market itself and every group above it, nearest first.
    pub fn ancestors_and_self(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = self.get(name);
        while let Some(node) = cur {
            out.push(node.name.clone());
            cur = node.parent.as_deref().and_then(|p| self.get(p));
        }
        out
    }

    /// Direct members of a group, in the order the tree lists them.
    pub fn children(&self, name: &str) -> Vec<&str> {
        let Some(canonical) = self.resolve(name) else {
            return Vec::new();
        };
        self.nodes
            .iter()
            .filter(|n| n.parent.as_deref().and_then(|p| self.resolve(p)) == Some(canonical))
            .map(|n| n.name.as_str())
            .collect()
    }

    /// Depth below the root (the root is 0).
    pub fn depth(&self, name: &str) -> usize {
        self.ancestors_and_self(name).len().saturating_sub(1)
    }

    pub fn roots(&self) -> Vec<&str> {
        self.nodes.iter().filter(|n| n.parent.is_none()).map(|n| n.name.as_str()).collect()
    }

    /// The tree in display order: each root, then its members depth first.
    pub fn depth_first(&self) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, &str)> = self.roots().into_iter().rev().map(|r| (0, r)).collect();
        while let Some((depth, name)) = stack.pop() {
            out.push((depth, name));
            for child in self.children(name).into_iter().rev() {
                stack.push((depth + 1, child));
            }
        }
        out
    }

    /// Pairs (market, ancestor-or-self) for every market: the roll-up table.
    pub fn rollup_pairs(&self) -> (Vec<String>, Vec<String>) {
        let mut markets = Vec::new();
        let mut groups = Vec::new();
        for node in &self.nodes {
            for anc in self.ancestors_and_self(&node.name) {
                markets.push(node.name.clone());
                groups.push(anc);
            }
        }
        (markets, groups)
    }

    /// Adds nodes (a markets file, whose parents may be in this tree), which must agree with
    /// this tree where they overlap. Returns the merged nodes and the markets whose parent
    /// differs (the conflicts: market, parent here, parent there).
    pub fn merge(&self, other: &[MarketNode]) -> (Vec<MarketNode>, Vec<(String, String, String)>) {
        let mut merged = self.nodes.clone();
        let mut conflicts = Vec::new();
        for node in other {
            match self.get(&node.name) {
                None => merged.push(node.clone()),
                Some(existing) => {
                    let old_parent = existing.parent.as_deref().map(match_key);
                    let new_parent = node.parent.as_deref().map(match_key);
                    let pos = merged.iter().position(|m| m.name == existing.name);
                    if old_parent != new_parent {
                        conflicts.push((
                            existing.name.clone(),
                            existing.parent.clone().unwrap_or_default(),
                            node.parent.clone().unwrap_or_default(),
                        ));
                        if let Some(pos) = pos {
                            merged[pos].parent = node.parent.clone();
                        }
                    }
                    if let Some(pos) = pos {
                        for alias in &node.aliases {
                            if !merged[pos].aliases.iter().any(|a| match_key(a) == match_key(alias)) {
                                merged[pos].aliases.push(alias.clone());
                            }
                        }
                    }
                }
            }
        }
        (merged, conflicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, parent: &str, aliases: &[&str]) -> MarketNode {
        MarketNode {
            name: name.into(),
            parent: (!parent.is_empty()).then(|| parent.into()),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn tree() -> MarketTree {
        MarketTree::new(vec![
            node("Total", "", &[]),
            node("Short-haul", "Total", &[]),
            node("East Asia", "Short-haul", &["North East Asia"]),
            node("China", "East Asia", &["PRC", "China (routes)"]),
            node("Japan", "East Asia", &[]),
        ])
        .unwrap()
    }

    #[test]
    fn names_are_matched_whatever_the_spacing_and_case() {
        let t = tree();
        assert_eq!(normalise_name("  East   Asia "), "East Asia");
        assert_eq!(t.resolve("east  asia"), Some("East Asia"));
        assert_eq!(t.resolve("prc"), Some("China"));
        assert_eq!(t.resolve("China (Routes)"), Some("China"));
        assert_eq!(t.resolve("Korea"), None);
    }

    #[test]
    fn ancestors_run_from_the_market_to_the_root() {
        assert_eq!(tree().ancestors_and_self("China"), ["China", "East Asia", "Short-haul", "Total"]);
        assert_eq!(tree().depth("Japan"), 3);
    }

    #[test]
    fn depth_first_lists_members_under_their_group() {
        let names: Vec<_> = tree().depth_first().into_iter().map(|(d, n)| format!("{d}{n}")).collect();
        assert_eq!(names, ["0Total", "1Short-haul", "2East Asia", "3China", "3Japan"]);
    }

    #[test]
    fn an_unknown_parent_or_a_cycle_is_refused() {
        let err = MarketTree::new(vec![node("China", "Asia", &[])]).unwrap_err();
        assert!(err.contains("unknown parent \"Asia\""), "{err}");
        let err = MarketTree::new(vec![node("A", "B", &[]), node("B", "A", &[])]).unwrap_err();
        assert!(err.contains("cycle"), "{err}");
    }

    #[test]
    fn merging_reports_a_moved_market_as_a_conflict() {
        let other = vec![node("Total", "", &[]), node("Japan", "Total", &[]), node("Korea", "Total", &[])];
        let (merged, conflicts) = tree().merge(&other);
        assert_eq!(merged.len(), 6);
        assert_eq!(conflicts, [("Japan".into(), "East Asia".into(), "Total".into())]);
    }
}
