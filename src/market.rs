//! Markets: the tree every figure hangs on (country -> region -> haul group -> Total).
//!
//! Sources spell markets differently ("East  Asia", "east asia", "Côte d'Ivoire", "Korea,
//! Republic of"), so names are normalised (trimmed, inner spaces collapsed) and matched
//! ignoring case, accents on Latin letters, apostrophes and other punctuation, and a market
//! may declare aliases. A figure for a market counts for each of its ancestors; a group's own figure wins
//! over the sum of its members, and the difference is "unallocated".

use std::collections::HashMap;

use serde::Serialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Trims a market name and collapses runs of whitespace to one space.
pub fn normalise_name(name: &str) -> String {
    crate::output::formula_unguarded(name.trim()).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A market's label without the footnote mark a publisher put after it: "China*", "Japan¹",
/// "Korea †", "India (1)", "USA [a]", "France 2)", "Spain 2/" are China, Japan, Korea, India, USA,
/// France and Spain. A label that is nothing but a mark stays as it is.
pub fn footnote_free(label: &str) -> &str {
    let mut t = label.trim();
    loop {
        let before = t;
        t = t.trim_end_matches(|c: char| {
            matches!(c, '*' | '†' | '‡' | '§' | '¶' | '#' | '¹' | '²' | '³' | '\u{2070}'..='\u{209F}')
        });
        // "(1)", "[a]", "2)": a number of one or two digits or one lower-case letter.
        if let Some((r, close)) =
            t.strip_suffix(')').map(|r| (r, ')')).or_else(|| t.strip_suffix(']').map(|r| (r, ']')))
        {
            let inner = &r[r.trim_end_matches(|c: char| c.is_ascii_alphanumeric()).len()..];
            let mark = (1..=2).contains(&inner.len()) && inner.bytes().all(|b| b.is_ascii_digit())
                || inner.len() == 1 && inner.bytes().all(|b| b.is_ascii_lowercase());
            let before_mark = &r[..r.len() - inner.len()];
            let open = if close == ')' { '(' } else { '[' };
            let rest = match before_mark.strip_suffix(open) {
                Some(rest) => Some(rest),
                // "2)" stands apart from the name: "Area51)" is no mark.
                None if close == ')' && before_mark.ends_with(char::is_whitespace) => Some(before_mark),
                None => None,
            };
            if let Some(rest) = rest.filter(|r| mark && !r.trim().is_empty()) {
                t = rest;
            }
        }
        // "Japan 2/": a number of one or two digits and a slash, apart from the name.
        if let Some(r) = t.strip_suffix('/') {
            let inner = &r[r.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
            let rest = &r[..r.len() - inner.len()];
            if (1..=2).contains(&inner.len())
                && rest.ends_with(char::is_whitespace)
                && !rest.trim().is_empty()
            {
                t = rest;
            }
        }
        t = t.trim_end();
        if t == before {
            break;
        }
    }
    if t.is_empty() {
        label.trim()
    } else {
        t
    }
}

/// The key two spellings of one market share: lower case, accents on Latin letters dropped
/// (the marks of other scripts, Thai vowels among them, are letters and stay), apostrophes
/// dropped, other punctuation read as a space, and the letters of an initialism written
/// apart joined ("U.S.A.", "U S A" and "USA"; "Hong Kong S.A.R." and "Hong Kong SAR").
/// A name's characters decomposed, without the accents of Latin letters ("Côte" is "Cote";
/// the marks of other scripts are kept, as they are part of the letter).
fn without_latin_accents(name: &str) -> impl Iterator<Item = char> + '_ {
    let mut latin_base = false;
    name.nfkd().filter(move |&c| {
        if is_combining_mark(c) {
            return !latin_base;
        }
        latin_base = c.is_ascii_alphabetic();
        true
    })
}

pub(crate) fn match_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in without_latin_accents(name) {
        match c {
            // A mark of another script is part of its letter.
            c if is_combining_mark(c) => out.push(c),
            '\'' | '\u{2019}' | '\u{2018}' | '`' => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    let mut key = String::with_capacity(out.len());
    let mut after_letter = false;
    for word in out.split_whitespace() {
        let letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
        if !(key.is_empty() || letter && after_letter) {
            key.push(' ');
        }
        key.push_str(word);
        after_letter = letter;
    }
    key
}

/// Two spellings that differ at most in spacing and case.
fn same_spelling(a: &str, b: &str) -> bool {
    normalise_name(a).to_lowercase() == normalise_name(b).to_lowercase()
}

/// A spelling as written but for spacing, case, accents on Latin letters, the form of an
/// apostrophe and a footnote mark: what is left is its punctuation ("Hong Kong, China" and
/// "Hong Kong (China)" differ here, and match as one market).
fn written_key(name: &str) -> String {
    without_latin_accents(&normalise_name(footnote_free(name)))
        .flat_map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' => '\''.to_lowercase(),
            c => c.to_lowercase(),
        })
        .collect()
}

/// Each spelling (name or alias) of a list of markets, to its position.
fn keys(nodes: &[MarketNode]) -> HashMap<String, usize> {
    let mut by_key = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        for key in std::iter::once(&node.name).chain(&node.aliases).map(|n| match_key(n)) {
            by_key.entry(key).or_insert(i);
        }
    }
    by_key
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarketNode {
    pub name: String,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

/// The market tree, with lookups by any spelling. Links are resolved once, when the tree is
/// built, so walking it costs no name lookups.
#[derive(Debug, Clone, Default)]
pub struct MarketTree {
    nodes: Vec<MarketNode>,
    by_key: HashMap<String, usize>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Every market once, each group before its members: (depth, index).
    order: Vec<(usize, usize)>,
}

impl MarketTree {
    /// Builds a tree, checking that every parent exists and that there is no cycle.
    pub fn new(nodes: Vec<MarketNode>) -> Result<MarketTree, String> {
        if let Some((_, first)) = MarketTree::problems(&nodes).into_iter().next() {
            return Err(first);
        }
        let by_key = keys(&nodes);
        let parent: Vec<Option<usize>> = nodes
            .iter()
            .map(|n| n.parent.as_ref().and_then(|p| by_key.get(&match_key(p)).copied()))
            .collect();
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(pi) = p {
                children[*pi].push(i);
            }
        }
        let mut order = Vec::with_capacity(nodes.len());
        let mut stack: Vec<(usize, usize)> =
            (0..nodes.len()).rev().filter(|&i| parent[i].is_none()).map(|i| (0, i)).collect();
        while let Some((depth, i)) = stack.pop() {
            order.push((depth, i));
            stack.extend(children[i].iter().rev().map(|&c| (depth + 1, c)));
        }
        Ok(MarketTree { nodes, by_key, parent, children, order })
    }

    /// Every problem of the shape of a list of markets, with the position of the market it is
    /// found at: a name or alias used by two markets, a parent that is no market, parents that
    /// form a cycle (named once, at its first market).
    pub fn problems(nodes: &[MarketNode]) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            for key in std::iter::once(&node.name).chain(&node.aliases).map(|n| match_key(n)) {
                match by_key.get(&key) {
                    // The same market twice (spelled alike but for spacing and case) is the
                    // file's duplicate, which its reader reports.
                    Some(&other) if other != i && same_spelling(&nodes[other].name, &node.name) => {}
                    // Two names that differ only in accents or punctuation would be one market.
                    Some(&other) if other != i && match_key(&nodes[other].name) == match_key(&node.name) => {
                        out.push((
                            i,
                            format!(
                                "\"{}\" and \"{}\" differ only in accents or punctuation, so they would be one market; keep one and give the other as its alias",
                                nodes[other].name, node.name
                            ),
                        ))
                    }
                    Some(&other) if other != i => out.push((
                        i,
                        format!(
                            "the name \"{key}\" is used by both \"{}\" and \"{}\"; if \"{}\" is \"{}\" renamed, keep the name its figures are stored under and give the new one as its alias (\"{}\" with the alias \"{}\")",
                            nodes[other].name, node.name, node.name, nodes[other].name, nodes[other].name, node.name
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        by_key.insert(key, i);
                    }
                }
            }
        }
        let mut parent = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            parent.push(match &node.parent {
                None => None,
                Some(p) => match by_key.get(&match_key(p)) {
                    Some(&pi) => Some(pi),
                    None => {
                        out.push((i, format!("market \"{}\" has an unknown parent \"{p}\"", node.name)));
                        None
                    }
                },
            });
        }
        let mut in_reported_cycle = vec![false; nodes.len()];
        for i in 0..nodes.len() {
            // Walking up from i returns to i: i is on a cycle.
            let (mut cur, mut path) = (parent[i], vec![i]);
            while let Some(p) = cur {
                if p == i {
                    if !path.iter().any(|&m| in_reported_cycle[m]) {
                        let names: Vec<&str> =
                            path.iter().chain([&i]).map(|&m| nodes[m].name.as_str()).collect();
                        // Named on the market that closes the cycle: the last of it in the file.
                        let last = path.iter().copied().max().unwrap_or(i);
                        out.push((
                            last,
                            format!(
                                "the markets above \"{}\" form a cycle: {}",
                                nodes[i].name,
                                names.join(" -> ")
                            ),
                        ));
                        path.iter().for_each(|&m| in_reported_cycle[m] = true);
                    }
                    break;
                }
                if path.len() > nodes.len() {
                    break;
                }
                path.push(p);
                cur = parent[p];
            }
        }
        out
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

    /// The position of a market written in any accepted spelling.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_key
            .get(&match_key(name))
            .or_else(|| self.by_key.get(&match_key(footnote_free(name))))
            .copied()
    }

    /// Of a name that is read as a market only by ignoring its punctuation, the market's
    /// spelling (its name or an alias) it was matched with: "Hong Kong, China" is read as
    /// Hong Kong by its alias "Hong Kong (China)". None for a name written as one of the
    /// market's spellings (whatever its case, spacing or accents), or for no market.
    pub fn alike_but_for_punctuation(&self, name: &str) -> Option<&str> {
        let i = self.index(name)?;
        let node = &self.nodes[i];
        let spellings = || std::iter::once(&node.name).chain(&node.aliases);
        let written = written_key(name);
        if spellings().any(|s| written_key(s) == written) {
            return None;
        }
        let key = match_key(footnote_free(name));
        spellings().find(|s| match_key(s) == key).or(Some(&node.name)).map(String::as_str)
    }

    /// The markets whose names or aliases are closest to a name that matches none, best first
    /// (at most `n`, and only those close enough to be a likely typo or variant spelling).
    pub fn closest(&self, name: &str, n: usize) -> Vec<&str> {
        let key = match_key(name);
        let mut scored: Vec<(f64, usize)> = Vec::new();
        for (k, &i) in &self.by_key {
            let score = strsim::jaro_winkler(&key, k).max(if k.contains(&key) || key.contains(k.as_str()) {
                0.85
            } else {
                0.0
            });
            // Short names are alike by chance ("Peru", "PRC"): they must be closer.
            let enough = if key.chars().count().min(k.chars().count()) < 5 { 0.88 } else { 0.8 };
            if score >= enough {
                match scored.iter_mut().find(|(_, j)| *j == i) {
                    Some(entry) => entry.0 = entry.0.max(score),
                    None => scored.push((score, i)),
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| self.name(a.1).cmp(self.name(b.1))));
        scored.into_iter().take(n).map(|(_, i)| self.name(i)).collect()
    }

    /// " (did you mean ...?)" for a name that matches no market, or nothing when none is close.
    pub fn suggestion(&self, name: &str) -> String {
        let close = self.closest(name, 3);
        if close.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = close.iter().map(|c| format!("\"{c}\"")).collect();
        let list = match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => quoted.join(""),
        };
        format!(" (did you mean {list}?)")
    }

    /// The canonical name of a market written in any accepted spelling.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.index(name).map(|i| self.nodes[i].name.as_str())
    }

    pub fn get(&self, name: &str) -> Option<&MarketNode> {
        self.index(name).map(|i| &self.nodes[i])
    }

    /// The canonical name of the market at a position.
    pub fn name(&self, index: usize) -> &str {
        &self.nodes[index].name
    }

    /// Positions of a market's direct members.
    pub fn members(&self, index: usize) -> &[usize] {
        &self.children[index]
    }

    /// Every market once, each group before its members, with its depth: (depth, position).
    pub fn order(&self) -> &[(usize, usize)] {
        &self.order
    }

    /// The market itself and every group above it, nearest first.
    pub fn ancestors_and_self(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = self.index(name);
        while let Some(i) = cur {
            out.push(self.nodes[i].name.clone());
            cur = self.parent[i];
        }
        out
    }

    /// Direct members of a group, in the order the tree lists them.
    pub fn children(&self, name: &str) -> Vec<&str> {
        self.index(name).map_or_else(Vec::new, |i| self.children[i].iter().map(|&c| self.name(c)).collect())
    }

    /// Every market under a group, at any depth, sorted by name (none for a market with no
    /// members, or none of that name).
    pub fn descendants(&self, name: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self.index(name).map_or_else(Vec::new, |i| self.children[i].clone());
        while let Some(i) = stack.pop() {
            out.push(self.name(i));
            stack.extend(&self.children[i]);
        }
        out.sort_unstable();
        out
    }

    /// Depth below the root (the root is 0).
    pub fn depth(&self, name: &str) -> usize {
        self.ancestors_and_self(name).len().saturating_sub(1)
    }

    pub fn roots(&self) -> Vec<&str> {
        (0..self.nodes.len()).filter(|&i| self.parent[i].is_none()).map(|i| self.name(i)).collect()
    }

    /// The tree in display order: each root, then its members depth first.
    pub fn depth_first(&self) -> Vec<(usize, &str)> {
        self.order.iter().map(|&(d, i)| (d, self.name(i))).collect()
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

    #[test]
    fn footnote_marks_after_a_name_are_not_part_of_it() {
        for (label, name) in [
            ("China*", "China"),
            ("China **", "China"),
            ("Japan¹", "Japan"),
            ("Korea †", "Korea"),
            ("India (1)", "India"),
            ("USA [a]", "USA"),
            ("France 2)", "France"),
            ("Germany*(3)", "Germany"),
            ("Japan 2/", "Japan"),
            ("Japan 1/ 2/", "Japan"),
            ("Trinidad and Tobago 12/", "Trinidad and Tobago"),
            ("24/7", "24/7"),
            ("Site 2024/", "Site 2024/"),
            ("Korea (Rep.)", "Korea (Rep.)"),
            ("Congo (DR)", "Congo (DR)"),
            ("Area51)", "Area51)"),
            ("*", "*"),
            ("(1)", "(1)"),
        ] {
            assert_eq!(footnote_free(label), name, "{label}");
        }
        assert_eq!(tree().resolve("China²"), Some("China"));
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
    fn names_are_matched_whatever_the_accents_and_punctuation() {
        let t = MarketTree::new(vec![
            node("Côte d'Ivoire", "", &[]),
            node("Korea, Republic of", "", &[]),
            node("Short-haul", "", &[]),
            node("จีน", "", &[]),
            node("ญี่ปุ่น", "", &[]),
        ])
        .unwrap();
        for spelling in ["Cote d'Ivoire", "COTE D\u{2019}IVOIRE", "Cote dIvoire", "Co\u{302}te d'Ivoire"] {
            assert_eq!(t.resolve(spelling), Some("Côte d'Ivoire"), "{spelling}");
        }
        assert_eq!(t.resolve("Korea Republic of"), Some("Korea, Republic of"));
        assert_eq!(t.resolve("korea (republic of)"), Some("Korea, Republic of"));
        assert_eq!(t.resolve("short haul"), Some("Short-haul"));
        // Thai marks are part of the letters: the two names stay apart and match themselves.
        assert_eq!(t.resolve("จีน"), Some("จีน"));
        assert_eq!(t.resolve("ญี่ปุ่น"), Some("ญี่ปุ่น"));
        assert_eq!(t.resolve("Korea"), None);
        // An initialism written with stops or spaces is the one written together.
        let t = MarketTree::new(vec![
            node("USA", "", &[]),
            node("Hong Kong SAR", "", &[]),
            node("US Virgin Islands", "", &[]),
            node("Region 1 2", "", &[]),
        ])
        .unwrap();
        for spelling in ["U.S.A.", "U. S. A.", "u s a", "usa"] {
            assert_eq!(t.resolve(spelling), Some("USA"), "{spelling}");
        }
        assert_eq!(t.resolve("Hong Kong S.A.R."), Some("Hong Kong SAR"));
        assert_eq!(t.resolve("U.S. Virgin Islands"), Some("US Virgin Islands"));
        assert_eq!(t.resolve("U.S."), None);
        // Digits are no letters of an initialism: "Region 12" is another region.
        assert_eq!(t.resolve("Region 12"), None);
        // Two markets whose names differ only in punctuation would be one: refused.
        let problems = MarketTree::problems(&[
            node("Korea, Republic of", "", &[]),
            node("Korea (Republic of)", "", &[]),
        ]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].1.contains("differ only in accents or punctuation"), "{problems:?}");
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
    fn a_name_read_only_by_ignoring_its_punctuation_names_the_spelling_it_matched() {
        let t = tree();
        assert_eq!(t.alike_but_for_punctuation("China, routes"), Some("China (routes)"));
        assert_eq!(t.alike_but_for_punctuation("P.R.C."), Some("PRC"));
        assert_eq!(t.alike_but_for_punctuation("Short haul"), Some("Short-haul"));
        for written in ["china  (ROUTES)", "CHINA*", "prc", "North East Asia", "Korea"] {
            assert_eq!(t.alike_but_for_punctuation(written), None, "{written}");
        }
        let t = MarketTree::new(vec![node("Côte d'Ivoire", "", &[])]).unwrap();
        assert_eq!(t.alike_but_for_punctuation("Cote d\u{2019}Ivoire"), None, "accents, apostrophe");
        assert_eq!(t.alike_but_for_punctuation("Cote dIvoire"), Some("Côte d'Ivoire"));
    }

    #[test]
    fn an_unknown_name_is_answered_with_the_closest_markets() {
        let t = tree();
        assert_eq!(t.closest("Chna", 3), ["China"]);
        assert_eq!(t.suggestion("east asa"), " (did you mean \"East Asia\"?)");
        assert_eq!(t.closest("China routes", 1), ["China"], "through an alias");
        assert_eq!(t.suggestion("Peru"), "");
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
