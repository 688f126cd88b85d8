//! Staging booking flows that arrive in pieces: one Parquet file per half-year of travel,
//! laid out as `sink_partitioned` lays them out, so that a commit takes either alike.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;

use super::partitioned::{HALF_KEY, ROW_GROUP_ROWS};
use crate::error::{IoContext, PolarsContext, Result};
use crate::kind::Kind;

/// The file a flow belongs in: its year of travel and half of that year (1 or 2).
pub fn flow_partition(travel: NaiveDate) -> (i32, u8) {
    (travel.year(), if travel.month() <= 6 { 1 } else { 2 })
}

/// Booking flows written as they come, each half-year of travel into its own file, in row
/// groups of `ROW_GROUP_ROWS` rows; rows keep the order in which they were pushed.
pub struct FlowFiles {
    dir: PathBuf,
    files: Vec<FlowFile>,
}

struct FlowFile {
    partition: (i32, u8),
    path: PathBuf,
    /// The file the writer writes through a buffer, for syncing it when done.
    file: File,
    writer: BatchedWriter<BufWriter<File>>,
    /// Rows not yet written: less than a row group.
    pending: Option<DataFrame>,
}

impl FlowFiles {
    pub fn new(dir: &Path) -> FlowFiles {
        FlowFiles { dir: dir.to_path_buf(), files: Vec::new() }
    }

    /// Adds flows of one half-year of travel (`partition` as `flow_partition` gives it), with
    /// the columns of the bookings kind.
    pub fn push(&mut self, partition: (i32, u8), flows: DataFrame) -> Result<()> {
        let i = match self.files.iter().position(|f| f.partition == partition) {
            Some(i) => i,
            None => {
                self.files.push(FlowFile::create(&self.dir, partition, flows.schema())?);
                self.files.len() - 1
            }
        };
        let file = &mut self.files[i];
        let mut rows = match file.pending.take() {
            Some(mut pending) => {
                pending.vstack_mut_owned(flows).context("gathering flows")?;
                pending
            }
            None => flows,
        };
        while rows.height() >= ROW_GROUP_ROWS {
            file.write(&rows.slice(0, ROW_GROUP_ROWS))?;
            rows = rows.slice(ROW_GROUP_ROWS as i64, usize::MAX);
        }
        file.pending = Some(rows);
        Ok(())
    }

    /// Writes what is pending, closes every file and syncs it to disk; returns the files.
    pub fn finish(self) -> Result<Vec<PathBuf>> {
        let mut paths = Vec::new();
        for mut file in self.files {
            if let Some(rows) = file.pending.take() {
                file.write(&rows)?;
            }
            let size: u64 = file.writer.finish().context("closing a staged file")?;
            // Dropping the writer flushes its buffer, without a word if that fails: the
            // file's length tells.
            drop(file.writer);
            let written = file.file.metadata().at(&file.path)?.len();
            if written != size {
                let lost = std::io::Error::other(format!("{written} of {size} bytes written"));
                return Err(crate::error::Error::io(&file.path, lost));
            }
            file.file.sync_all().at(&file.path)?;
            paths.push(file.path);
        }
        paths.sort();
        Ok(paths)
    }
}

impl FlowFile {
    fn create(dir: &Path, (year, half): (i32, u8), schema: &Schema) -> Result<FlowFile> {
        let partition = Kind::Bookings.partition().map_or("travel_year", |(p, _)| p);
        let folder = dir.join(format!("{partition}={year}")).join(format!("{HALF_KEY}={half}"));
        fs::create_dir_all(&folder).at(&folder)?;
        let path = folder.join("00000000.parquet");
        let file = File::create(&path).at(&path)?;
        let out = BufWriter::with_capacity(1 << 20, file.try_clone().at(&path)?);
        let writer = ParquetWriter::new(out).batched(schema).context("starting a staged file")?;
        Ok(FlowFile { partition: (year, half), path, file, writer, pending: None })
    }

    /// Writes `rows` as one row group.
    fn write(&mut self, rows: &DataFrame) -> Result<()> {
        if rows.height() == 0 {
            return Ok(());
        }
        let mut rows = rows.clone();
        rows.rechunk_mut();
        self.writer.write_batch(&rows).context("writing a staged file")
    }
}
