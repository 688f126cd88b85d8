//! A CSV file cut into blocks of whole records, so that several threads can parse it at once.
//!
//! A block ends just after a line end that is outside quotes. Whether a line end is inside a
//! quoted field follows from the number of quote characters before it in the block (odd:
//! inside), as the block starts at a record's start; doubled quotes inside a field count two.
//! That holds for every quote the CSV reader treats as quoting; a quote in the middle of an
//! unquoted field (`5" screen`) would break it, and the parser of a block gives up on any
//! value with a quote in it, so such a file goes to the careful reader whole.

use std::io::{self, Read, Seek, SeekFrom};

/// Bytes read for a block: some 90,000 booking flows.
pub const BLOCK_BYTES: usize = 4 << 20;

/// A block that grows to this many times the size asked for (or past the longest record a file
/// may have) without one whole record is not worth parsing in blocks.
const MAX_GROWTH: usize = 16;

/// Where the last whole record of `bytes` ends (just after its line end), if one does.
/// `bytes` must start at the start of a record.
pub fn last_record_end(bytes: &[u8]) -> Option<usize> {
    let mut end = memchr::memrchr(b'\n', bytes)?;
    let mut quotes = bytecount::count(&bytes[..end], b'"');
    while quotes % 2 == 1 {
        let before = memchr::memrchr(b'\n', &bytes[..end])?;
        quotes -= bytecount::count(&bytes[before..end], b'"');
        end = before;
    }
    Some(end + 1)
}

/// How reading a file in blocks ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Blocks {
    /// Every byte was handed over, or the receiver stopped taking blocks.
    Done,
    /// No whole record within `MAX_GROWTH` blocks (or a quote left open that long).
    TooLong,
}

/// Reads `file` from byte `start` (a record's start) in blocks of whole records of about
/// `size` bytes, and hands each to `take` with its number (0, 1, ...); stops early when `take`
/// returns false.
pub fn read_blocks(
    mut file: impl Read + Seek,
    start: u64,
    size: usize,
    mut take: impl FnMut(u64, Vec<u8>) -> bool,
) -> io::Result<Blocks> {
    file.seek(SeekFrom::Start(start))?;
    let mut carried = Vec::new();
    let mut want = size;
    let mut number = 0;
    loop {
        let mut block = Vec::with_capacity(carried.len() + want);
        block.append(&mut carried);
        let read = (&mut file).take(want as u64).read_to_end(&mut block)?;
        if read < want {
            // The end of the file: what is left is the last block.
            if !block.is_empty() {
                take(number, block);
            }
            return Ok(Blocks::Done);
        }
        match last_record_end(&block) {
            Some(end) => {
                carried = block.split_off(end);
                want = size;
                if !take(number, block) {
                    return Ok(Blocks::Done);
                }
                number += 1;
            }
            // No record runs past the careful reader's limit, so a block that grows beyond it
            // holds no whole record worth waiting for.
            None if block.len() < (MAX_GROWTH * size).min(size + super::read::MAX_RECORD_BYTES as usize) => {
                carried = block;
                want *= 2;
            }
            None => return Ok(Blocks::TooLong),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use super::*;

    #[test]
    fn a_block_ends_after_the_last_line_end_outside_quotes() {
        assert_eq!(last_record_end(b"a,1\nb,2\nc,"), Some(8));
        assert_eq!(last_record_end(b"a,1\n\"b\n2\",3\n"), Some(12));
        // The last line end is inside a quoted field that the block cuts short.
        assert_eq!(last_record_end(b"a,1\n\"b\n2,3"), Some(4));
        assert_eq!(last_record_end(b"\"a\"\"\n\",1\n\"b"), Some(9));
        assert_eq!(last_record_end(b"a,1"), None);
        assert_eq!(last_record_end(b"\"a\n,1"), None);
    }

    #[test]
    fn blocks_put_back_together_are_the_file() {
        let mut text = String::from("booked_on,market\n");
        for i in 0..1_000 {
            text.push_str(&format!("2025-01-01,\"Market\n{i}\"\r\n"));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, &text).unwrap();
        let mut joined = Vec::new();
        let mut numbers = Vec::new();
        let ended = read_blocks(File::open(&path).unwrap(), 17, 4096, |n, block| {
            assert!(block.ends_with(b"\"\r\n"), "block {n} cut inside a record");
            numbers.push(n);
            joined.extend_from_slice(&block);
            true
        })
        .unwrap();
        assert_eq!(ended, Blocks::Done);
        assert!(numbers.len() > 5);
        assert_eq!(numbers, (0..numbers.len() as u64).collect::<Vec<_>>());
        assert_eq!(joined, text.as_bytes()[17..]);
    }

    #[test]
    fn a_record_longer_than_sixteen_blocks_is_too_long() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, format!("a\n\"{}\n\",1\n", "x".repeat(200_000))).unwrap();
        let mut taken = 0;
        let ended = read_blocks(File::open(&path).unwrap(), 2, 4096, |_, _| {
            taken += 1;
            true
        });
        assert_eq!((ended.unwrap(), taken), (Blocks::TooLong, 0));
        let ended = read_blocks(File::open(&path).unwrap(), 2, 8192, |_, _| true);
        assert_eq!(ended.unwrap(), Blocks::Done);
    }
}
