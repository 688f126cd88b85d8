//! The ingest's progress on stderr, drawn only when a step runs longer than a second and stderr
//! is a terminal (indicatif draws nothing otherwise): a bar of the bytes read while a file is
//! read, then a spinner while the files are committed.

use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const SPINNER: &str = "{spinner} {prefix} {msg} {elapsed}";
const BYTES: &str = "{spinner} {prefix} {msg} [{bar:30}] {bytes}/{total_bytes} {elapsed}";

/// The library's [`tourstat::progress::Progress`], drawn.
#[derive(Default)]
pub struct Bar {
    current: Mutex<Option<ProgressBar>>,
}

impl Bar {
    fn show(&self, bar: ProgressBar) {
        if let Ok(mut current) = self.current.lock() {
            if let Some(old) = current.replace(bar) {
                old.finish_and_clear();
            }
        }
    }

    fn with(&self, f: impl FnOnce(&ProgressBar)) {
        if let Some(bar) = self.current.lock().ok().as_ref().and_then(|c| c.as_ref()) {
            f(bar);
        }
    }
}

/// A bar that appears only after a second: a quick ingest draws nothing.
fn delayed(prefix: &str, template: &str) -> ProgressBar {
    let bar = ProgressBar::hidden();
    bar.set_style(style(template));
    bar.set_prefix(prefix.to_string());
    let later = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(1));
        if !later.is_finished() {
            later.set_draw_target(ProgressDrawTarget::stderr());
            later.enable_steady_tick(Duration::from_millis(120));
        }
    });
    bar
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .map_or_else(|_| ProgressStyle::default_spinner(), |s| s.progress_chars("=> "))
}

impl tourstat::progress::Progress for Bar {
    fn reading(&self, file: &str, total_bytes: u64) {
        let bar = delayed(file, BYTES);
        bar.set_length(total_bytes);
        bar.set_message("reading");
        self.show(bar);
    }

    fn advance(&self, bytes: u64) {
        self.with(|b| b.inc(bytes));
    }

    fn restart(&self, how: &str) {
        self.with(|b| {
            b.set_position(0);
            b.set_message(how.to_string());
        });
    }

    fn step(&self, what: &str) {
        self.show(delayed(what, SPINNER));
    }

    fn done(&self) {
        if let Some(bar) = self.current.lock().ok().and_then(|mut c| c.take()) {
            bar.finish_and_clear();
        }
    }

    fn waiting(&self, why: &str) {
        say!("{why}");
    }
}
