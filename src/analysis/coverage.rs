//! What the store holds for each market: first and last period, row counts.

use polars::prelude::*;

use crate::columns::Stream;

use crate::error::{PolarsContext, Result};

/// Per market: first and last period and rows of arrivals; first and last travel date and
/// rows of booking flows. Markets with neither are absent.
/// `bookings` is the flows' span per market (market, first, last, rows), from the engine.
pub fn market_coverage(arrivals: Option<LazyFrame>, bookings: Option<DataFrame>) -> Result<DataFrame> {
    let mut frames = Vec::new();
    if let Some(a) = arrivals {
        // A forecast (status F) is no figure the market has: it moves neither end.
        let actual = col("status").neq(lit("F"));
        frames.push(a.group_by([col("market")]).agg([
            col("period_start").filter(actual.clone()).min().alias("first"),
            col("period_end").filter(actual).max().alias("last"),
            len().cast(DataType::Int64).alias("arrival_rows"),
            lit(0i64).cast(DataType::Int64).alias("booking_rows"),
        ]));
    }
    if let Some(b) = bookings {
        frames.push(b.lazy().select([
            col("market"),
            col("first"),
            col("last"),
            lit(0i64).cast(DataType::Int64).alias("arrival_rows"),
            col("rows").cast(DataType::Int64).alias("booking_rows"),
        ]));
    }
    if frames.is_empty() {
        return DataFrame::new_infer_height(vec![
            Column::new_empty("market".into(), &DataType::String),
            Column::new_empty("first".into(), &DataType::Date),
            Column::new_empty("last".into(), &DataType::Date),
            Column::new_empty("arrival_rows".into(), &DataType::Int64),
            Column::new_empty("booking_rows".into(), &DataType::Int64),
        ])
        .context("building the coverage table");
    }
    concat(frames, UnionArgs::default())
        .context("combining coverage")?
        .group_by([col("market")])
        .agg([col("first").min(), col("last").max(), col("arrival_rows").sum(), col("booking_rows").sum()])
        .sort(["market"], SortMultipleOptions::default())
        .stream_with("summarising what the store holds")
}
