//! polars 0.55 (Rust, the same crate and features as tourstat, stable compiler) streaming a
//! bookings CSV to one Parquet file with no validation, no partitions and no store: what
//! polars' own CSV reader costs as tourstat builds it. tourstat's ingest read files this way
//! until its block reader (src/ingest/blocks.rs); `benches/compare.py` runs it beside the
//! Python peers, so that the cost of the stable build stays visible.
//!
//!   polars_bare_sink BOOKINGS.csv OUT.parquet

use polars::prelude::*;

fn main() -> PolarsResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, csv, parquet] = args.as_slice() else {
        eprintln!("usage: polars_bare_sink BOOKINGS.csv OUT.parquet");
        std::process::exit(2);
    };
    let schema = Schema::from_iter([
        Field::new("booked_on".into(), DataType::Date),
        Field::new("travel_date".into(), DataType::Date),
        Field::new("market".into(), DataType::String),
        Field::new("seats".into(), DataType::Int64),
    ]);
    LazyCsvReader::new(PlRefPath::new(csv))
        .with_has_header(true)
        .with_schema(Some(Arc::new(schema)))
        .finish()?
        .sink(
            SinkDestination::File { target: SinkTarget::Path(PlRefPath::new(parquet)) },
            FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions::default())),
            UnifiedSinkArgs::default(),
        )?
        .collect_with_engine(Engine::Streaming)?;
    Ok(())
}
