//! Reading the columns of a small result frame into Rust values, for presentation.
//!
//! Results that reach a table or a chart are small (a row per market or per day), so they are
//! read out once here; the analyses themselves stay in polars.

use chrono::NaiveDate;
use polars::prelude::*;

use crate::error::{PolarsContext, Result};

pub fn strings(df: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
    let c = df.column(name).context(name)?.cast(&DataType::String).context(name)?;
    Ok(c.str().context(name)?.iter().map(|v| v.map(str::to_string)).collect())
}

pub fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    let c = df.column(name).context(name)?.cast(&DataType::Int64).context(name)?;
    Ok(c.i64().context(name)?.iter().collect())
}

pub fn floats(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = df.column(name).context(name)?.cast(&DataType::Float64).context(name)?;
    Ok(c.f64().context(name)?.iter().collect())
}

pub fn dates(df: &DataFrame, name: &str) -> Result<Vec<Option<NaiveDate>>> {
    let c = df.column(name).context(name)?.cast(&DataType::Int32).context(name)?;
    let epoch = NaiveDate::default();
    Ok(c.i32()
        .context(name)?
        .iter()
        .map(|v| v.and_then(|d| epoch.checked_add_signed(chrono::Duration::days(d as i64))))
        .collect())
}
