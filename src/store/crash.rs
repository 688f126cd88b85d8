//! The crash tests' hook: a named point between two steps of a commit where a writer can be
//! made to stop, so that a test kills it exactly there. Inert unless the test sets both
//! environment variables.

use std::fs;

/// Test hook for the crash tests: with `TOURSTAT_PAUSE_AT=<point>` and
/// `TOURSTAT_PAUSE_FILE=<path>`, the writer creates the file when it reaches the point and
/// waits there, so that a test can `kill -9` it exactly between two steps of a commit, or
/// change the world under it (fill the disk) and remove the file to let it go on.
pub fn crash_point(name: &str) {
    if std::env::var("TOURSTAT_PAUSE_AT").is_ok_and(|v| v == name) {
        if let Ok(path) = std::env::var("TOURSTAT_PAUSE_FILE") {
            let _ = fs::write(&path, name);
            let start = std::time::Instant::now();
            while start.elapsed().as_secs() < 120 && fs::exists(&path).unwrap_or(false) {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
}
