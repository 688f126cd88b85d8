//! The brief in a real browser: headless Chromium (Debian's package, installed by .ci/run)
//! loads the file with the network off. Every chart decodes (the page's own check, read from
//! the DOM), nothing is refused or fails in the console, the scenario's figures are in the DOM,
//! and screenshots at desktop and phone width are written under target/ to look at.
//!   cargo test --locked --features ci-long --test browser

mod common;

use std::path::Path;
use std::process::Command;

use common::{project, Workdir};

fn chromium(args: &[&str], page: &Path, profile: &Path) -> std::process::Output {
    let out = Command::new("timeout")
        .arg("120")
        .arg("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output();
    let out = out.expect("running chromium");
    assert!(
        out.status.success() || !out.stdout.is_empty(),
        "chromium failed (apt-get install chromium):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_brief_loads_whole_in_a_browser_with_nothing_from_outside() {
    let w = Workdir::new();
    w.ingest_sample();
    let page = w.path("brief.html");
    w.seed_brief(&page);
    let out = chromium(&["--virtual-time-budget=5000", "--dump-dom"], &page, &w.path("profile1"));
    let dom = String::from_utf8_lossy(&out.stdout);
    let console = String::from_utf8_lossy(&out.stderr);
    assert!(dom.contains("data-images=\"6/6\""), "not every chart decoded:\n{}", &dom[..dom.len().min(400)]);
    for figure in ["849,034", "1,088,505", "17,229", "11,104,521", "far behind", "11 of 11 claims reproduced"]
    {
        assert!(dom.contains(figure), "{figure} is not in the DOM");
    }
    for bad in ["Refused to", "Uncaught", "net::ERR"] {
        assert!(!console.contains(bad), "the console says {bad}:\n{console}");
    }
    // At a desktop's width the claims table fits, its verdicts on screen (trial 40: they sat
    // behind a scroll); the page reports the sections whose tables scroll.
    let out = chromium(
        &["--window-size=1200,2400", "--virtual-time-budget=5000", "--dump-dom"],
        &page,
        &w.path("profile-wide"),
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let scrolls = dom.split("data-scrolls=\"").nth(1).and_then(|r| r.split('"').next());
    let scrolls = scrolls
        .unwrap_or_else(|| panic!("the page reported no data-scrolls:\n{}", &dom[..dom.len().min(400)]));
    // No table of the brief scrolls at a desktop's width: target tracking's 14 columns did
    // until split in two (progress, then the year end projected).
    assert!(scrolls.trim().is_empty(), "tables of these sections scroll at 1200 px: {scrolls}");
    let target = project().join("target");
    for (name, size) in [("brief-desktop.png", "1200,2400"), ("brief-phone.png", "390,1800")] {
        let shot = target.join(name);
        let _ = std::fs::remove_file(&shot);
        chromium(
            &[
                &format!("--window-size={size}"),
                "--hide-scrollbars",
                &format!("--screenshot={}", shot.display()),
            ],
            &page,
            &w.path(name),
        );
        assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 20_000), "no screenshot {}", shot.display());
    }
}
