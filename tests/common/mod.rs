//! Running the real binary in a fresh temporary directory, and looking at what it left.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Workdir {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> Run {
        assert!(self.status.success(), "command failed:\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }

    pub fn fails(self) -> Run {
        assert!(
            !self.status.success(),
            "command should have failed:\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            status: o.status,
            stdout: String::from_utf8_lossy(&o.stdout).to_string(),
            stderr: String::from_utf8_lossy(&o.stderr).to_string(),
        }
    }
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_tourstat")
}

/// The project's own folder (for the committed sample data).
pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("a temporary directory") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn store(&self) -> PathBuf {
        self.path("store")
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("writing a fixture");
        p
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(self.dir.path())
            .env_remove("TOURSTAT_STORE")
            .env_remove("TOURSTAT_ENGINE")
            .env_remove("TOURSTAT_REMOTE_STORE")
            .arg("--store")
            .arg(self.store())
            .args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.command(args).output().expect("running tourstat").into()
    }

    /// Ingests the committed sample data of `data/`.
    pub fn ingest_sample(&self) {
        let data = project().join("data");
        for kind in ["markets", "arrivals", "bookings", "otb", "targets"] {
            let file = data.join(format!("{kind}.csv"));
            self.run(&["ingest", kind, file.to_str().unwrap()]).ok();
        }
    }

    /// Writes the seed week's brief (with the sample's claims checked) to `out`.
    pub fn seed_brief(&self, out: &Path) {
        let claims = project().join("data/claims.csv");
        let (claims, out) = (claims.to_str().unwrap(), out.to_str().unwrap());
        let window = ["--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31"];
        let args = [
            &["report", "--year", "2025", "--through", "2025-06"][..],
            &window,
            &["--claims", claims, "-o", out],
        ];
        self.run(&args.concat()).ok();
    }
}

/// Every file and link under a folder with its bytes (or link target): a store's whole state.
pub fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().to_string();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(rel, std::fs::read_link(&p).unwrap().to_string_lossy().as_bytes().to_vec());
            } else if meta.is_dir() {
                walk(root, &p, out);
            } else if rel != "_lock" {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(root, root, &mut out);
    out
}

/// What a reader sees: the committed files of each kind (through the links), by content.
pub fn committed(root: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(root)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("_tmp"))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .filter(|(k, _)| !k.starts_with("_versions") || is_current(root, k))
        .collect()
}

fn is_current(root: &Path, rel: &str) -> bool {
    ["markets", "arrivals", "bookings", "otb", "targets"]
        .iter()
        .any(|kind| std::fs::read_link(root.join(kind)).is_ok_and(|t| rel.starts_with(&*t.to_string_lossy())))
}

/// Rows of a CSV text as sorted lines, header first, for exact comparisons.
pub fn sorted_rows(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end_matches('\r').to_string()).collect();
    let body = lines.split_off(1.min(lines.len()));
    let mut body = body;
    body.sort();
    lines.extend(body);
    lines
}

/// A number as machine output writes it (12 significant digits) is the one computed, to that
/// precision.
pub fn close(written: f64, computed: f64) -> bool {
    (written - computed).abs() <= 1e-10 * written.abs().max(computed.abs()).max(1.0)
}
