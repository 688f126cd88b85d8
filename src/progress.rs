//! What a long job tells its caller as it goes. The library prints nothing: the binary draws
//! these calls (a bar on a terminal), a program using the crate may ignore them ([`Silent`]).

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

/// Called by an ingest as it reads, validates and commits. Every method has a default that
/// does nothing, so a caller implements only what it shows.
pub trait Progress: Send + Sync {
    /// Reading a file of `total_bytes` begins.
    fn reading(&self, _file: &str, _total_bytes: u64) {}
    /// `bytes` more of the file were read.
    fn advance(&self, _bytes: u64) {}
    /// The file is read again from its start, as `how` ("reading line by line").
    fn restart(&self, _how: &str) {}
    /// A step without a size begins ("committing 3 files").
    fn step(&self, _what: &str) {}
    /// The current file or step is done.
    fn done(&self) {}
    /// The job waits (for another writer's lock), for the reason given.
    fn waiting(&self, _why: &str) {}
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {}

/// Counts the bytes read, and shows nothing.
#[derive(Debug, Default)]
pub struct Counted(AtomicU64);

impl Counted {
    pub fn bytes(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Progress for Counted {
    fn advance(&self, bytes: u64) {
        self.0.fetch_add(bytes, Ordering::Relaxed);
    }
}

/// A reader that reports every byte it reads to a [`Progress`].
pub struct Reading<'p, R> {
    inner: R,
    progress: &'p dyn Progress,
    /// How far the reader has come: a seek forward counts as read (the bytes skipped are done).
    at: u64,
}

impl<'p, R> Reading<'p, R> {
    pub fn new(inner: R, progress: &'p dyn Progress) -> Reading<'p, R> {
        Reading { inner, progress, at: 0 }
    }
}

impl<R: Read> Read for Reading<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.at += n as u64;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

impl<R: std::io::Seek> std::io::Seek for Reading<'_, R> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let to = self.inner.seek(pos)?;
        if to > self.at {
            self.progress.advance(to - self.at);
        }
        self.at = to;
        Ok(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_reports_every_byte_read() {
        let count = Counted::default();
        let mut out = Vec::new();
        Reading::new(&b"market,period\nChina,2025-01\n"[..], &count).read_to_end(&mut out).unwrap();
        assert_eq!(count.bytes(), out.len() as u64);
    }
}
