//! Roll-up: a market's figures count for each of its groups.
//!
//! Two rules, because the data are of two natures:
//! - flows (booking flows) add up: a group's total is every flow of the group and of its
//!   members; flows booked to the group itself (country unknown) are its unallocated part.
//! - published figures (arrivals, snapshots, targets) do not always add up: where a group has
//!   its own figure, that figure is the group's total, and its difference from the sum of the
//!   members' totals is reported as unallocated, never dropped or counted twice. Where it has
//!   none, its total is the sum of its members.
//!
//! Per-market values are few (one per market), so the roll-up walks the tree in Rust.

use std::collections::HashMap;

use crate::market::MarketTree;

/// How a group's total is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollupRule {
    /// Sum of own and members' values (booking flows).
    Additive,
    /// Own figure where there is one, otherwise the sum of the members (published figures).
    OwnFigureFirst,
}

/// A market's rolled-up value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rolled {
    pub total: f64,
    /// Part of the total not accounted for by any member (0 for a market without members
    /// or a group whose members add up).
    pub unallocated: f64,
    /// Whether the value has any figure behind it.
    pub present: bool,
}

/// Rolls per-market values up the tree. Markets outside the tree keep their own value.
pub fn rollup(tree: &MarketTree, own: &HashMap<String, f64>, rule: RollupRule) -> HashMap<String, Rolled> {
    let mut rolled: Vec<Option<Rolled>> = vec![None; tree.len()];
    // Reversed, the tree's order puts every member before its group.
    for &(_, i) in tree.order().iter().rev() {
        let members: Vec<Rolled> =
            tree.members(i).iter().filter_map(|&c| rolled[c]).filter(|m| m.present).collect();
        let members_sum: f64 = members.iter().map(|m| m.total).sum();
        let own_value = own.get(tree.name(i)).copied();
        rolled[i] = Some(match (rule, own_value) {
            (RollupRule::Additive, _) => Rolled {
                total: members_sum + own_value.unwrap_or(0.0),
                unallocated: if members.is_empty() { 0.0 } else { own_value.unwrap_or(0.0) },
                present: own_value.is_some() || !members.is_empty(),
            },
            (RollupRule::OwnFigureFirst, Some(v)) => Rolled {
                total: v,
                unallocated: if members.is_empty() { 0.0 } else { v - members_sum },
                present: true,
            },
            (RollupRule::OwnFigureFirst, None) => {
                Rolled { total: members_sum, unallocated: 0.0, present: !members.is_empty() }
            }
        });
    }
    let mut out: HashMap<String, Rolled> =
        rolled.into_iter().enumerate().filter_map(|(i, r)| Some((tree.name(i).to_string(), r?))).collect();
    for (name, v) in own {
        if tree.resolve(name).is_none() {
            out.insert(name.clone(), Rolled { total: *v, unallocated: 0.0, present: true });
        }
    }
    out
}

/// The markets to show: the tree below `root` (or all of it) down to `depth` levels below it,
/// in tree order; markets outside the tree (when there is no tree) follow, sorted.
pub fn display_order(
    tree: &MarketTree,
    root: Option<&str>,
    depth: Option<usize>,
    extra: &[String],
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let base = root.map(|r| tree.depth(r)).unwrap_or(0);
    let mut inside = root.is_none();
    let mut root_depth = 0;
    for (d, name) in tree.depth_first() {
        if let Some(r) = root {
            if tree.resolve(r) == Some(name) {
                inside = true;
                root_depth = d;
            } else if inside && d <= root_depth {
                inside = false;
            }
        }
        if !inside {
            continue;
        }
        let rel = d.saturating_sub(if root.is_some() { base } else { 0 });
        if depth.is_none_or(|max| rel <= max) {
            out.push((rel, name.to_string()));
        }
    }
    if root.is_none() {
        let mut rest: Vec<&String> = extra.iter().filter(|m| tree.resolve(m).is_none()).collect();
        rest.sort();
        rest.dedup();
        out.extend(rest.into_iter().map(|m| (0, m.clone())));
    }
    out
}

/// The markets to show of those named in the data (`extra`): with a tree, as
/// [`display_order`]; without one, the names themselves (only `root` when given), sorted.
pub fn shown_markets(
    tree: &MarketTree,
    root: Option<&str>,
    depth: Option<usize>,
    extra: &[String],
) -> Vec<(usize, String)> {
    if !tree.is_empty() {
        return display_order(tree, root, depth, extra);
    }
    let mut names: Vec<String> =
        extra.iter().filter(|m| root.is_none_or(|r| r == m.as_str())).cloned().collect();
    names.sort();
    names.dedup();
    names.into_iter().map(|m| (0, m)).collect()
}

/// The market and everything below it.
pub fn subtree(tree: &MarketTree, root: &str) -> Vec<String> {
    display_order(tree, Some(root), None, &[]).into_iter().map(|(_, m)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::MarketNode;

    fn tree() -> MarketTree {
        let n = |name: &str, parent: &str| MarketNode {
            name: name.into(),
            parent: (!parent.is_empty()).then(|| parent.into()),
            aliases: vec![],
        };
        MarketTree::new(vec![
            n("Short-haul", ""),
            n("East Asia", "Short-haul"),
            n("China", "East Asia"),
            n("Japan", "East Asia"),
            n("SESAO", "Short-haul"),
        ])
        .unwrap()
    }

    fn values(pairs: &[(&str, f64)]) -> HashMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn flows_add_up_and_flows_of_the_group_itself_are_unallocated() {
        let r = rollup(
            &tree(),
            &values(&[
                ("China", 109_676.0),
                ("Japan", 418_804.0),
                ("SESAO", 303_325.0),
                ("Short-haul", 17_229.0),
            ]),
            RollupRule::Additive,
        );
        assert_eq!(r["East Asia"].total, 528_480.0);
        assert_eq!(r["Short-haul"].total, 849_034.0);
        assert_eq!(r["Short-haul"].unallocated, 17_229.0);
        assert_eq!(r["East Asia"].unallocated, 0.0);
    }

    #[test]
    fn a_published_group_figure_wins_and_the_difference_is_unallocated() {
        let r = rollup(
            &tree(),
            &values(&[
                ("Short-haul", 849_034.0),
                ("East Asia", 528_480.0),
                ("SESAO", 303_325.0),
                ("China", 109_676.0),
            ]),
            RollupRule::OwnFigureFirst,
        );
        assert_eq!(r["Short-haul"].total, 849_034.0);
        assert_eq!(r["Short-haul"].unallocated, 17_229.0);
        assert_eq!(r["East Asia"].total, 528_480.0);
        assert_eq!(r["East Asia"].unallocated, 528_480.0 - 109_676.0);
        assert!(!r["Japan"].present);
    }

    #[test]
    fn depth_and_root_limit_what_is_shown() {
        let shown: Vec<String> =
            display_order(&tree(), Some("East Asia"), None, &[]).into_iter().map(|(_, m)| m).collect();
        assert_eq!(shown, ["East Asia", "China", "Japan"]);
        let top: Vec<String> =
            display_order(&tree(), None, Some(1), &[]).into_iter().map(|(_, m)| m).collect();
        assert_eq!(top, ["Short-haul", "East Asia", "SESAO"]);
    }
}
