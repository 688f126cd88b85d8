//! Blocks of markets under each period, several measures as columns: a survey's cross-table
//! export ("Quarter and region by stopover reason": the quarter written once in the first
//! column, the regions under it in the second, a column per reason and a Total). One measure
//! is a series per market: `--measure` picks it. State rows after their regions are found by
//! their sums; a closing block of totals over all periods is passed over.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::kind::Kind;
use crate::market::normalise_name;
use crate::period::Period;

use super::inspect::{ColumnRole, PassedOver};
use super::parse::{figure_problem, finish, FigureRows, ParseContext, Parsed};
use super::read::{all_records, numbers_of, read_figure, Record};
use super::wide::{
    check_unit, describe_groups, is_total, missing, overlapping_groups, same, table_groups, unit_in_title,
    Grouping, ONE_PERIOD_SUMS,
};
use crate::error::column_letter;

/// Lines searched for the first row of a block before the file is taken for another layout.
const FIRST_LINES: usize = 200;

/// The records the layouts of this module and of series as columns are told by.
pub(super) const HEAD_RECORDS: usize = FIRST_LINES + 1;

/// A row's first two cells as a block's: a period (or nothing, under the block's first row)
/// and a market label, then figures.
fn is_block_row(fields: &[String], ctx: &ParseContext, period_needed: bool) -> bool {
    let first = fields.first().map_or("", |f| f.trim());
    let second = fields.get(1).map_or("", |f| f.trim());
    let period_ok = if period_needed {
        Period::parse_label_in(first, ctx.calendar, ctx.year).is_ok()
    } else {
        first.is_empty() || Period::parse_label_in(first, ctx.calendar, ctx.year).is_ok()
    };
    // A month name is a period without its year (a Year,Month table), never a market.
    let label = !second.is_empty()
        && crate::period::month_word(second).is_none()
        && read_figure(second, ctx.numbers, Some(super::Unit::Ones)).is_err()
        && Period::parse_label_in(second, ctx.calendar, ctx.year).is_err();
    let figures = fields.iter().skip(2).any(|f| read_figure(f, ctx.numbers, Some(super::Unit::Ones)).is_ok());
    period_ok && label && figures
}

/// Reads a file of period blocks, or `None` when it is not one: a row with a period in its
/// first column and a market in its second, followed by a row with the first column empty
/// (the period written once per block) and another market.
pub(super) fn parse_measures(
    path: &Path,
    label: &str,
    kind: Kind,
    ctx: &ParseContext,
    head: &[Record],
) -> Result<Option<Parsed>> {
    // The first lines tell the layout before the file is read whole.
    let Some(first) = head.iter().take(FIRST_LINES).position(|(_, f)| is_block_row(f, ctx, true)) else {
        return Ok(None);
    };
    if !head
        .get(first + 1)
        .is_some_and(|(_, f)| f.first().is_some_and(|c| c.trim().is_empty()) && is_block_row(f, ctx, false))
    {
        return Ok(None);
    }
    let (lines, unread) = all_records(path, label, ctx.progress)?;
    let Some(first) = lines.iter().take(FIRST_LINES).position(|(_, f)| is_block_row(f, ctx, true)) else {
        return Ok(None);
    };
    let continued = lines
        .get(first + 1)
        .is_some_and(|(_, f)| f.first().is_some_and(|c| c.trim().is_empty()) && is_block_row(f, ctx, false));
    if !continued {
        return Ok(None);
    }
    // The header: the nearest line above with a heading right of the two label columns.
    let Some(header_at) = (0..first).rev().find(|&i| lines[i].1.iter().skip(2).any(|c| !c.trim().is_empty()))
    else {
        return Ok(None);
    };
    let (header_line, header) = (lines[header_at].0, lines[header_at].1.clone());
    // A period in two columns (`Year,Quarter,Japan,...`, the year filled down): no blocks of
    // markets, but a table of markets as columns (trial 48 #6).
    if header.get(1).is_some_and(|h| ["month", "quarter"].contains(&h.trim().to_ascii_lowercase().as_str())) {
        return Ok(None);
    }
    let titles = titles_above(&lines[..header_at], label, ctx)?;
    let measures: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .skip(2)
        .filter(|(_, h)| !h.trim().is_empty())
        .map(|(i, h)| (i, h.trim().to_string()))
        .collect();
    let listed = || measures.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join(", ");
    // The measure asked for: a heading equal to it (any case), else the one heading holding it.
    let column = match ctx.measure {
        None if measures.len() == 1 => measures[0].0,
        None => {
            return Err(Error::invalid_at(
                label,
                header_line,
                format!(
                    "{} measures for each market and period ({}): --measure NAME picks the one to load",
                    measures.len(),
                    listed()
                ),
            ))
        }
        Some(asked) => {
            let wanted = asked.trim().to_lowercase();
            let equal: Vec<usize> =
                measures.iter().filter(|(_, m)| m.to_lowercase() == wanted).map(|(i, _)| *i).collect();
            let holding: Vec<usize> = measures
                .iter()
                .filter(|(_, m)| m.to_lowercase().contains(&wanted))
                .map(|(i, _)| *i)
                .collect();
            match (equal.as_slice(), holding.as_slice()) {
                ([i], _) | ([], [i]) => *i,
                ([], []) => {
                    return Err(Error::invalid_at(
                        label,
                        header_line,
                        format!("--measure {asked}: no heading holds it; the measures are {}", listed()),
                    ))
                }
                _ => {
                    let names: Vec<&str> = measures
                        .iter()
                        .filter(|(i, _)| holding.contains(i))
                        .map(|(_, m)| m.as_str())
                        .collect();
                    return Err(Error::invalid_at(
                        label,
                        header_line,
                        format!("--measure {asked} holds in {}: name one of them whole", names.join(", ")),
                    ));
                }
            }
        }
    };
    let measure = header[column].trim().to_string();
    // A unit in the measure's heading ("Holiday ('000)") is read as a title's is.
    check_unit(
        label,
        ctx.unit,
        unit_in_title(&measure).map(|u| (u, header_line, measure.clone())).as_ref(),
        "heading",
    )?;
    let (numbers, numbers_note) =
        numbers_of(ctx.numbers, lines[first..].iter().filter_map(|(_, f)| f.get(column).map(String::as_str)));

    let value_name = if kind == Kind::Arrivals { "arrivals" } else { "target" };
    let mut rows = FigureRows::new(kind);
    let mut problems: Vec<Problem> = unread;
    let mut passed_over: Vec<PassedOver> = Vec::new();
    // Each market label in order of first appearance, and its figure in each block.
    let mut labels: Vec<String> = Vec::new();
    let mut figures: BTreeMap<usize, Vec<Option<f64>>> = BTreeMap::new();
    // The measures' Total column, where the table has one (and another is loaded): its
    // figures, the least noisy of a survey's, say which rows group which.
    let total_column = measures.iter().find(|(i, m)| *i != column && is_total(m)).map(|(i, _)| *i);
    let mut totals: BTreeMap<usize, Vec<Option<f64>>> = BTreeMap::new();
    let mut periods: Vec<Period> = Vec::new();
    let mut period: Option<Period> = None;
    // In a closing block of totals over all periods ("Total" in the first column).
    let mut in_totals = false;
    for (line, fields) in &lines[first..] {
        let cell = |i: usize| fields.get(i).map_or("", |f| f.trim());
        let filled = fields.iter().filter(|f| !f.trim().is_empty()).count();
        if filled == 0 {
            continue;
        }
        problems.extend(super::wide::past_the_header(*line, fields, &header, ctx.first_column));
        if !cell(0).is_empty() {
            match Period::parse_label_in(cell(0), ctx.calendar, ctx.year) {
                Ok((p, _)) => {
                    period = Some(p);
                    periods.push(p);
                    in_totals = false;
                }
                Err(_) if is_total(cell(0)) && !cell(1).is_empty() => {
                    in_totals = true;
                    passed_over.push(PassedOver {
                        line: *line,
                        text: cell(0).to_string(),
                        why: "a block of totals over the periods: passed over",
                    });
                    continue;
                }
                Err(_) if filled == 1 => {
                    passed_over.push(PassedOver {
                        line: *line,
                        text: cell(0).chars().take(60).collect(),
                        why: "a note or source line",
                    });
                    continue;
                }
                Err(e) => {
                    problems.push(
                        Problem::new(
                            *line,
                            format!("a block's first column holds \"{}\", no period: {e}", cell(0)),
                        )
                        .in_column(0),
                    );
                    continue;
                }
            }
        }
        if in_totals {
            continue;
        }
        let (Some(p), name) = (period, cell(1)) else { continue };
        if name.is_empty() {
            problems.push(
                Problem::new(
                    *line,
                    "figures with no market in the second column: whose they are cannot be told",
                )
                .in_column(1),
            );
            continue;
        }
        // A total the tree lacks sums the rows of its block: passed over, never a market of
        // its own beside them (unless --add-markets names it as the parent).
        if is_total(name) && ctx.tree.resolve(name).is_none() && !adds_as_parent(ctx, name) {
            passed_over.push(PassedOver {
                line: *line,
                text: name.to_string(),
                why: "a total row: passed over (no market of the tree is named so)",
            });
            continue;
        }
        let k = match labels.iter().position(|l| l == name) {
            Some(k) => k,
            None => {
                labels.push(name.to_string());
                labels.len() - 1
            }
        };
        if let Some(t) = total_column {
            let slot = totals.entry(k).or_default();
            slot.resize(periods.len(), None);
            slot[periods.len() - 1] = read_figure(cell(t), numbers, ctx.unit).ok();
        }
        let slot = figures.entry(k).or_default();
        slot.resize(periods.len(), None);
        let text = cell(column);
        if missing(text) {
            rows.missing += 1;
            continue;
        }
        let market = match ctx.resolve(name) {
            Ok(m) => m,
            Err(e) => {
                problems.push(Problem::new(*line, e).in_column(1));
                continue;
            }
        };
        match read_figure(text, numbers, ctx.unit) {
            Ok(v) => {
                slot[periods.len() - 1] = Some(v);
                if let Some(m) = rows.push(*line, market, p, v, "A".into(), ctx.as_of, ctx.source.clone()) {
                    problems.push(Problem::new(*line, m).in_column(column));
                }
            }
            Err(e) => problems.push(
                figure_problem(*line, e, value_name, &format!("of {name}, {p}"), text, ctx.numbers, ctx.unit)
                    .in_column(column),
            ),
        }
    }
    // Groups by their sums across the periods: state rows after their regions.
    // Each label's figures by period, padded to every period (None where it has none).
    let padded = |by_label: &BTreeMap<usize, Vec<Option<f64>>>| -> Vec<Vec<Option<f64>>> {
        (0..labels.len())
            .map(|k| {
                let mut v = by_label.get(&k).cloned().unwrap_or_default();
                v.resize(periods.len(), None);
                v
            })
            .collect()
    };
    let values = padded(&figures);
    let grouping = groups_over(&values, periods.len(), label, ctx)?;
    // Where no row sums others, groups whose members' counts overlap (a survey's states over
    // their regions, a trip to two regions counted once in its state), by the Total measure
    // where the table has one: the tree is the rows', whatever the measure loaded.
    let basis = match total_column {
        Some(_) => padded(&totals),
        None => values.clone(),
    };
    let grouping = match grouping.parent.iter().any(Option::is_some) {
        true => groups_of_one(grouping, &values),
        false => overlapping_groups(&basis).unwrap_or(grouping),
    };
    let period_names: Vec<String> = periods.iter().map(ToString::to_string).collect();
    let groups = describe_groups(
        &grouping,
        |k| format!("\"{}\"", labels[k]),
        &labels,
        &period_names,
        ("rows under it", "rows before it"),
    );
    let member_of = members(&grouping, &labels, ctx);
    let overlapping: Vec<String> = match grouping.overlapping {
        true => {
            let mut groups: Vec<usize> = grouping.parent.iter().flatten().copied().collect();
            groups.dedup();
            groups.iter().filter_map(|g| ctx.resolve(&labels[*g]).ok()).collect()
        }
        false => Vec::new(),
    };
    if let Some(u) = ctx.seen {
        let mut s = u.borrow_mut();
        s.layout = format!(
            "a block of markets under each period (period in column A, market in column B), measures as columns: {measure} read"
        );
        s.header_line = Some(header_line);
        // Every column, in order: inspect names them by their place.
        s.columns = header
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnRole {
                column: column_letter(i),
                header: h.trim().to_string(),
                role: match i {
                    0 => "the period of each block (written on its first row)".into(),
                    1 => "the market of each row".into(),
                    _ if i == column => "the measure loaded (--measure)".into(),
                    _ if h.trim().is_empty() => "empty: passed over".into(),
                    _ => "another measure: passed over".into(),
                },
            })
            .collect();
        s.passed_over.splice(0..0, titles);
        s.passed_over.extend(passed_over);
        s.numbers = numbers_note;
        s.groups = groups;
    }
    finish(label, problems)?;
    let mut parsed = rows.into_parsed()?;
    parsed.groups = member_of;
    parsed.overlapping = overlapping;
    Ok(Some(parsed))
}

/// The lines above a header, as passed over; a unit one of them states ("Overnight trips
/// (000)") is never read past: without `--unit` saying how to read it, an error.
fn titles_above(lines: &[(u64, Vec<String>)], label: &str, ctx: &ParseContext) -> Result<Vec<PassedOver>> {
    let mut out = Vec::new();
    let mut stated = None;
    for (line, f) in lines {
        let text = f.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
        if text.is_empty() {
            continue;
        }
        if stated.is_none() {
            stated = unit_in_title(&text).map(|u| (u, *line, text.clone()));
        }
        out.push(PassedOver {
            line: *line,
            text: text.chars().take(60).collect(),
            why: "a title above the header",
        });
    }
    check_unit(label, ctx.unit, stated.as_ref(), "title")?;
    Ok(out)
}

/// The groups of rows by their sums over `periods` periods: none from one period, where a
/// figure equal to the sum of the next ones can be chance.
/// With `--add-markets`, such sums are refused: the markets cannot be put in a tree either
/// flat (a region beside its members, counted twice) or by a sum that may be chance.
fn groups_over(
    values: &[Vec<Option<f64>>],
    periods: usize,
    label: &str,
    ctx: &ParseContext,
) -> Result<Grouping> {
    let found = table_groups(values);
    if periods >= 2 {
        return Ok(found);
    }
    if ctx.add_markets.is_some() && found.parent.iter().any(Option::is_some) {
        return Err(Error::invalid_at(label, 0, ONE_PERIOD_SUMS));
    }
    Ok(Grouping {
        parent: vec![None; values.len()],
        differences: vec![Vec::new(); values.len()],
        overlapping: false,
    })
}

/// Whether `--add-markets` names this label as the parent (its row is then that market's).
fn adds_as_parent(ctx: &ParseContext, name: &str) -> bool {
    ctx.add_markets.is_some_and(|p| normalise_name(p).eq_ignore_ascii_case(&normalise_name(name)))
}

/// (market, its group) of every row in a group, as the store names them, for --add-markets.
fn members(grouping: &Grouping, names: &[String], ctx: &ParseContext) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (k, parent) in grouping.parent.iter().enumerate() {
        if let Some(g) = parent {
            if let (Ok(m), Ok(g)) = (ctx.resolve(&names[k]), ctx.resolve(&names[*g])) {
                out.push((m, g));
            }
        }
    }
    out
}

/// A row equal to its neighbour in every period (six or more, none zero), where neither is
/// in a group, is that neighbour's group of one, on the side the table's groups are (a
/// territory's row after its one region): never two markets counted twice.
fn groups_of_one(mut grouping: Grouping, values: &[Vec<Option<f64>>]) -> Grouping {
    let n = values.len();
    let upward = (0..n).any(|k| grouping.parent[k].is_some_and(|p| p > k));
    let free = |g: &Grouping, k: usize| g.parent[k].is_none() && !g.parent.contains(&Some(k));
    for k in 1..n {
        let (member, group) = if upward { (k - 1, k) } else { (k, k - 1) };
        if !(free(&grouping, member) && free(&grouping, group)) {
            continue;
        }
        let pairs: Vec<(f64, f64)> =
            values[member].iter().zip(&values[group]).filter_map(|(a, b)| Some(((*a)?, (*b)?))).collect();
        // Six periods or more, every figure above 0: small equal figures can be chance.
        if pairs.len() >= 6 && pairs.iter().all(|(a, _)| *a > 0.0) && pairs.iter().all(|(a, b)| same(*b, *a))
        {
            grouping.parent[member] = Some(group);
        }
    }
    grouping
}

/// Reads a table whose rows are labelled by several columns filled down (a continent, its
/// countries, an item for each: "Number of Arrivals", "Length of Stay", ...) and whose columns
/// are periods, or `None` when it is not one. `--measure` names the item whose rows are the
/// series; the market is the label column left of the items, the columns further left its
/// sections (naming a country that is in two of them, "Others (Europe)"). Groups are found by
/// the sums, as in any table of markets as rows.
/// Without `--measure` such a table is read by no other layout: an error listing the items of
/// the label column that most likely holds them (the fewest distinct labels).
pub(super) fn parse_labelled_rows(
    path: &Path,
    label: &str,
    kind: Kind,
    ctx: &ParseContext,
    head: &[Record],
) -> Result<Option<Parsed>> {
    let is_period = |c: &str| Period::parse_label_in(c, ctx.calendar, ctx.year).is_ok();
    let is_header = |f: &[String]| {
        let Some(p0) = f.iter().position(|c| is_period(c.trim())) else { return false };
        p0 >= 2
            && f[..p0].iter().all(|c| !c.trim().is_empty() && !is_period(c.trim()))
            && f[p0..].iter().all(|c| c.trim().is_empty() || is_period(c.trim()))
    };
    if !head.iter().take(FIRST_LINES).any(|(_, f)| is_header(f)) {
        return Ok(None);
    }
    let (lines, unread) = all_records(path, label, ctx.progress)?;
    // The header: two or more labels, then periods only.
    let header = lines.iter().take(FIRST_LINES).position(|(_, f)| is_header(f));
    let Some(h) = header else { return Ok(None) };
    let (header_line, head) = (lines[h].0, lines[h].1.clone());
    let titles = titles_above(&lines[..h], label, ctx)?;
    let p0 = head.iter().position(|c| is_period(c.trim())).unwrap_or(0);
    let periods: Vec<(usize, Period)> = head
        .iter()
        .enumerate()
        .skip(p0)
        .filter_map(|(i, c)| {
            Period::parse_label_in(c.trim(), ctx.calendar, ctx.year).ok().map(|(p, _)| (i, p))
        })
        .collect();
    // Rows with figures, their label cells filled down from the rows above.
    let mut filled: Vec<String> = vec![String::new(); p0];
    let mut rows_of: Vec<(u64, Vec<String>, Vec<String>)> = Vec::new();
    let mut passed_over = Vec::new();
    for (line, f) in &lines[h + 1..] {
        let has_figures = periods.iter().any(|(i, _)| f.get(*i).is_some_and(|c| !c.trim().is_empty()));
        if !has_figures {
            let text: String =
                f.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                passed_over.push(PassedOver {
                    line: *line,
                    text: text.chars().take(60).collect(),
                    why: "no figures: a note or source line",
                });
            }
            continue;
        }
        // A new label starts its block afresh: the columns right of it are not filled down
        // across it (a new continent's first row names its country, or has none).
        if let Some(k) = (0..p0).find(|k| f.get(*k).is_some_and(|c| !c.trim().is_empty())) {
            filled[k..].iter_mut().for_each(String::clear);
        }
        for (k, slot) in filled.iter_mut().enumerate() {
            let c = f.get(k).map_or("", |c| c.trim());
            if !c.is_empty() {
                *slot = c.to_string();
            }
        }
        rows_of.push((*line, filled.clone(), f.clone()));
    }
    let Some(asked) = ctx.measure else {
        let distinct = |k: usize| {
            let mut v: Vec<&str> = rows_of.iter().map(|(_, l, _)| l[k].as_str()).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        // Items repeat under several markets (the column left of them); a market named in two
        // sections does not make a column of markets one of items: three label columns at least.
        let repeats = |k: usize| {
            let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
            rows_of
                .iter()
                .any(|(_, l, _)| *seen.entry(l[k].as_str()).or_insert(l[k - 1].as_str()) != l[k - 1].as_str())
        };
        let items = (1..p0)
            .filter(|k| p0 >= 3 && repeats(*k) && distinct(*k).len() < distinct(*k - 1).len())
            .map(distinct)
            .filter(|d| d.len() >= 2 && d.len() < rows_of.len())
            .min_by_key(Vec::len);
        return match items {
            Some(items) => Err(Error::invalid_at(
                label,
                header_line,
                format!(
                    "rows of several measures for each market ({}): --measure NAME picks the one to load",
                    items.join(", ")
                ),
            )),
            None => Ok(None),
        };
    };
    // The label column holding the measure, and the rows of it.
    let wanted = asked.trim().to_lowercase();
    let holds = |k: usize, exact: bool| -> Vec<String> {
        let mut found: Vec<String> = rows_of
            .iter()
            .map(|(_, l, _)| l[k].clone())
            .filter(|c| if exact { c.to_lowercase() == wanted } else { c.to_lowercase().contains(&wanted) })
            .collect();
        found.sort();
        found.dedup();
        found
    };
    // A label equal to it (any case), else the one label holding it, in any label column.
    let found = |exact: bool| -> Vec<(usize, String)> {
        (0..p0).flat_map(|k| holds(k, exact).into_iter().map(move |v| (k, v))).collect()
    };
    let (exact, holding) = (found(true), found(false));
    let chosen_label = match (exact.as_slice(), holding.as_slice()) {
        ([one], _) | ([], [one]) => Some(one.clone()),
        _ => None,
    };
    let Some((item_col, item)) = chosen_label.filter(|(k, _)| *k >= 1) else {
        let names: Vec<String> = holding.iter().map(|(_, v)| v.clone()).collect();
        let message = if names.len() > 1 {
            format!("--measure {asked} holds in {}: name one of them whole", names.join(", "))
        } else {
            format!("--measure {asked}: no row label holds it (a measure is named in a label column right of the markets)")
        };
        return Err(Error::invalid_at(label, header_line, message));
    };
    let market_col = item_col - 1;
    // A total the tree lacks is passed over, as in any table (unless --add-markets names it
    // as the parent): never a market beside the markets it sums.
    let is_dropped_total = |l: &[String]| {
        let name = &l[item_col - 1];
        is_total(name) && ctx.tree.resolve(name).is_none() && !adds_as_parent(ctx, name)
    };
    for (line, l, _) in rows_of.iter().filter(|(_, l, _)| l[item_col] == item && is_dropped_total(l)) {
        passed_over.push(PassedOver {
            line: *line,
            text: l[item_col - 1].clone(),
            why: "a total row: passed over (no market of the tree is named so)",
        });
    }
    let chosen: Vec<&(u64, Vec<String>, Vec<String>)> =
        rows_of.iter().filter(|(_, l, _)| l[item_col] == item && !is_dropped_total(l)).collect();
    // A market named in two sections is named by each ("Others (Europe)").
    let mut sections_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, l, _) in &chosen {
        let section = if market_col > 0 { l[market_col - 1].clone() } else { String::new() };
        sections_of.entry(l[market_col].clone()).or_default().push(section);
    }
    let name_of = |l: &[String]| -> String {
        let name = &l[market_col];
        let in_two = sections_of
            .get(name)
            .is_some_and(|s| s.iter().collect::<std::collections::BTreeSet<_>>().len() > 1);
        if in_two && market_col > 0 && &l[market_col - 1] != name {
            format!("{} ({})", normalise_name(name), normalise_name(&l[market_col - 1]))
        } else {
            normalise_name(name)
        }
    };
    let (numbers, numbers_note) = numbers_of(
        ctx.numbers,
        chosen.iter().flat_map(|(_, _, f)| periods.iter().filter_map(|(i, _)| f.get(*i).map(String::as_str))),
    );
    let value_name = if kind == Kind::Arrivals { "arrivals" } else { "target" };
    let mut rows = FigureRows::new(kind);
    let mut problems = unread;
    let mut values: Vec<Vec<Option<f64>>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    // A unit the item names ("Number of Arrivals ('000)") or the label columns right of it
    // state ("('000)") is read as a title's is.
    if let (Some(u), Some((line, _, _))) = (unit_in_title(&item), chosen.first()) {
        check_unit(label, ctx.unit, Some(&(u, *line, item.clone())), "item")?;
    }
    for (line, l, _) in &chosen {
        if let Some(u) =
            l[item_col + 1..].iter().find_map(|c| unit_in_title(c).map(|u| (u, *line, c.clone())))
        {
            check_unit(label, ctx.unit, Some(&u), "unit column")?;
            break;
        }
    }
    for (line, l, f) in &chosen {
        problems.extend(super::wide::past_the_header(*line, f, &head, ctx.first_column));
        let name = name_of(l);
        if l[market_col].is_empty() {
            problems.push(
                Problem::new(*line, format!("a row of \"{item}\" with no market: its column {} is empty on this row and on the rows above it in its block", column_letter(market_col + ctx.first_column)))
                    .in_column(market_col),
            );
            values.push(vec![None; periods.len()]);
            names.push(name);
            continue;
        }
        let market = match ctx.resolve(&name) {
            Ok(m) => Some(m),
            Err(e) => {
                problems.push(Problem::new(*line, e).in_column(market_col));
                None
            }
        };
        let mut row_values = Vec::new();
        for (i, p) in &periods {
            let text = f.get(*i).map_or("", |c| c.trim());
            if missing(text) {
                rows.missing += 1;
                row_values.push(None);
                continue;
            }
            match read_figure(text, numbers, ctx.unit) {
                Ok(v) => {
                    row_values.push(Some(v));
                    if let Some(m) = &market {
                        if let Some(d) =
                            rows.push(*line, m.clone(), *p, v, "A".into(), ctx.as_of, ctx.source.clone())
                        {
                            problems.push(Problem::new(*line, d).in_column(*i));
                        }
                    }
                }
                Err(e) => {
                    row_values.push(None);
                    let of = format!("of {name}, {p}");
                    problems.push(
                        figure_problem(*line, e, value_name, &of, text, ctx.numbers, ctx.unit).in_column(*i),
                    );
                }
            }
        }
        values.push(row_values);
        names.push(name);
    }
    let mut grouping = groups_over(&values, periods.len(), label, ctx)?;
    // The sections say what the sums cannot (a sum met in one period by chance): a group's
    // members are of its section, or are their sections' own rows under another such row
    // (continents under Total); a group with any other member is none.
    if market_col > 0 {
        let section = |k: usize| chosen[k].1[market_col - 1].as_str();
        let own_row = |k: usize| chosen[k].1[market_col] == chosen[k].1[market_col - 1];
        let bad: Vec<usize> = (0..names.len())
            .filter_map(|k| {
                let g = grouping.parent[k]?;
                (section(k) != section(g) && !(own_row(k) && own_row(g))).then_some(g)
            })
            .collect();
        for p in grouping.parent.iter_mut() {
            if p.is_some_and(|g| bad.contains(&g)) {
                *p = None;
            }
        }
        for g in bad {
            grouping.differences[g].clear();
        }
        // A market in no group by the sums is a member of its section's own row, where the
        // section has one (the table says so, whatever the sums).
        for k in 0..names.len() {
            if grouping.parent[k].is_none() && !own_row(k) {
                grouping.parent[k] = (0..names.len()).find(|g| own_row(*g) && section(*g) == section(k));
            }
        }
    }
    let period_names: Vec<String> = periods.iter().map(|(_, p)| p.to_string()).collect();
    let groups = describe_groups(
        &grouping,
        |k| format!("line {}", chosen[k].0),
        &names,
        &period_names,
        ("rows under it", "rows above it"),
    );
    let member_of = members(&grouping, &names, ctx);
    if let Some(u) = ctx.seen {
        let mut s = u.borrow_mut();
        s.layout = format!(
            "markets as rows under labels filled down, periods as columns: the rows of \"{item}\" read"
        );
        s.header_line = Some(header_line);
        s.passed_over.extend(titles);
        s.columns = head
            .iter()
            .enumerate()
            .map(|(i, c)| ColumnRole {
                column: column_letter(i),
                header: c.trim().to_string(),
                role: match i {
                    _ if i == item_col => format!("the measure of each row: \"{item}\" read (--measure)"),
                    _ if i == market_col => "the market of each row (filled down)".into(),
                    _ if i < market_col => "the section of each market (filled down)".into(),
                    _ if i < p0 => "a label: passed over".into(),
                    _ => periods
                        .iter()
                        .find(|(k, _)| *k == i)
                        .map_or("passed over".into(), |(_, p)| format!("period {p}")),
                },
            })
            .collect();
        s.passed_over.extend(passed_over);
        s.numbers = numbers_note;
        s.groups = groups;
    }
    finish(label, problems)?;
    let mut parsed = rows.into_parsed()?;
    parsed.groups = member_of;
    Ok(Some(parsed))
}
