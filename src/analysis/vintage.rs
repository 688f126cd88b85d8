//! Points in time: of every figure, the latest vintage known on a date.

use chrono::NaiveDate;
use polars::prelude::*;

/// A date as a polars Date literal (a plain `lit(NaiveDate)` would be a Datetime).
pub fn date_lit(d: NaiveDate) -> Expr {
    lit(d).cast(DataType::Date)
}

/// Keeps, for each identity (market and period, say), the row with the latest `as_of` on or
/// before `as_of` (all vintages when `None`).
pub fn latest_known(lf: LazyFrame, identity: &[&str], as_of: Option<NaiveDate>) -> LazyFrame {
    let lf = match as_of {
        Some(d) => lf.filter(col("as_of").lt_eq(date_lit(d))),
        None => lf,
    };
    let keys: Vec<Expr> = identity.iter().map(|c| col(*c)).collect();
    let latest = lf.clone().group_by(keys.clone()).agg([col("as_of").max()]);
    let mut join_on = keys;
    join_on.push(col("as_of"));
    lf.join(latest, join_on.clone(), join_on, JoinArgs::new(JoinType::Inner))
}
