//! The Spark engine against a real Spark: pyspark's Spark Connect server on this machine's
//! Java 17, started on a loopback port by these tests and stopped when they end. Needs
//! `pip install "pyspark[connect]"`, Java 17 and `../shared/bench/gen.py` (.ci/run installs
//! and checks them); fails, never skips, when one is missing.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{project, Run, Workdir};

/// How long the server may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(240);

/// A Spark Connect server on a free loopback port, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let out = Command::new("python3")
            .args(["-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"])
            .output()
            .expect("python3 must be installed for the Spark tests");
        assert!(
            out.status.success(),
            "pyspark is missing (pip install \"pyspark[connect]\"): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let home = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let port = free_port();
        let log = dir.join("spark-server.log");
        let child = Command::new(home.join("bin/spark-submit"))
            .env("SPARK_HOME", &home)
            .args(["--class", "org.apache.spark.sql.connect.service.SparkConnectServer"])
            .args(["--master", "local[2]"])
            .args(["--conf", &format!("spark.connect.grpc.binding.port={port}")])
            .args(["--conf", "spark.connect.grpc.binding.address=127.0.0.1"])
            .args(["--conf", "spark.ui.enabled=false"])
            .args(["--conf", "spark.sql.shuffle.partitions=4"])
            .arg("spark-internal")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(dir.join("spark-server.err")).unwrap())
            .spawn()
            .expect("starting the Spark Connect server (spark-submit; needs Java 17)");
        let mut server = Server { child, port, log };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the Spark Connect server stopped ({status}): {}", server.logs());
            }
            assert!(
                started.elapsed() < START_TIMEOUT,
                "the Spark Connect server did not start: {}",
                server.logs()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
        server
    }

    fn engine(&self) -> String {
        format!("spark://127.0.0.1:{}", self.port)
    }

    fn logs(&self) -> String {
        let err = self.log.with_file_name("spark-server.err");
        let tail = |p: &Path| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(30)..].join("\n")
        };
        format!("{}\n{}", tail(&self.log), tail(&err))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn python(args: &[&str]) -> String {
    let out = Command::new("python3").args(args).output().expect("python3 must be installed");
    assert!(out.status.success(), "python3 {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A store with gen.py's data at a small scale.
fn generated(w: &Workdir) {
    let gen = project().join("../shared/bench/gen.py");
    assert!(
        gen.is_file(),
        "../shared/bench/gen.py is missing (expected {}); the Spark tests need it",
        gen.display()
    );
    let data = w.path("gen");
    python(&[gen.to_str().unwrap(), data.to_str().unwrap(), "--markets", "30", "--lead-days", "40"]);
    // Its arrivals run to 2025-12; as known on 2025-07-01, those up to July (a month to come
    // is no figure).
    let arrivals = data.join("arrivals.csv");
    let text = std::fs::read_to_string(&arrivals).unwrap();
    let known: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.split(',').nth(1).is_some_and(|p| p.trim_matches('"') <= "2025-07"))
        .map(|(_, l)| l)
        .collect();
    std::fs::write(&arrivals, known.join("\n") + "\n").unwrap();
    for kind in ["markets", "arrivals", "targets", "bookings"] {
        let f = data.join(format!("{kind}.csv"));
        w.run(&["ingest", kind, f.to_str().unwrap(), "--as-of", "2025-07-01"]).ok();
    }
    // Names SQL would trip on, were they ever put in its text: an apostrophe, a backslash, a
    // comment marker; flows this year and last. And two markets booked daily, 120 days ahead,
    // whose feeds brought nothing in April 2025 (Gappy) and for four days of June (Brief: a
    // silence too short for the scan's count of silent days, long for a daily feed); and one
    // booked daily 200 days ahead whose feed brought nothing for four days of February 2025,
    // months before its last booking for the second half of the year (Early: looked at where
    // the flows about it are booked at a rhythm, review 45 H2).
    let odd = w.write(
        "odd-markets.csv",
        "market,parent\n\"Côte d'Ivoire\",Long-haul\n\"Back\\slash -- x\",Long-haul\nGappy,\nBrief,\nEarly,\n",
    );
    w.run(&["ingest", "markets", odd.to_str().unwrap()]).ok();
    let mut text = String::from(
        "booked_on,travel_date,market,seats\n\
         2025-03-01,2025-08-10,Côte d'Ivoire,7\n2024-03-04,2024-08-12,Côte d'Ivoire,5\n\
         2025-05-01,2025-08-20,Back\\slash -- x,11\n2024-05-02,2024-08-21,Back\\slash -- x,13\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for booked in start.iter_days().take_while(|d| d.to_string().as_str() <= "2025-07-01") {
        if !("2025-04-01".."2025-05-01").contains(&booked.to_string().as_str()) {
            text += &format!("{booked},{},Gappy,3\n", booked + chrono::Days::new(120));
        }
        if !("2025-06-10"..="2025-06-13").contains(&booked.to_string().as_str()) {
            text += &format!("{booked},{},Brief,2\n", booked + chrono::Days::new(120));
        }
        if !("2025-02-10"..="2025-02-13").contains(&booked.to_string().as_str()) {
            text += &format!("{booked},{},Early,4\n", booked + chrono::Days::new(200));
        }
    }
    w.run(&["ingest", "bookings", w.write("odd-flows.csv", &text).to_str().unwrap()]).ok();
}

fn timed(w: &Workdir, args: &[&str]) -> (Run, Duration) {
    let t = Instant::now();
    let run = w.run(args);
    (run, t.elapsed())
}

/// The questions that read booking flows, as the command line asks them.
const QUESTIONS: &[&[&str]] = &[
    &["markets"],
    &["otb", "--as-of", "2025-07-01", "--travel", "2025-07-01..2025-12-31", "--from", "flows"],
    &[
        "otb",
        "--as-of",
        "2025-03-15",
        "--travel",
        "2025-04-01..2025-04-30",
        "--from",
        "flows",
        "--depth",
        "1",
    ],
    &[
        "otb",
        "--as-of",
        "2025-07-01",
        "--travel",
        "2025-08-01..2025-08-31",
        "--from",
        "flows",
        "--market",
        "Long-haul",
    ],
    &["pace", "--travel", "2025-07-01..2025-09-30", "--lead", "40", "--step", "5"],
    &["pace", "--travel", "2025-10-01..2025-10-31", "--market", "Short-haul", "--lead", "30", "--step", "3"],
    &["shortfall", "--year", "2025", "--through", "2025-06"],
    &["shortfall", "--year", "2025", "--through", "2025-06", "--method", "bookings", "--as-of", "2025-07-01"],
    &["otb", "--as-of", "2025-07-01", "--travel", "2025-08-01..2025-08-31", "--market", "Côte d'Ivoire"],
    &[
        "pace",
        "--travel",
        "2025-08-01..2025-08-31",
        "--market",
        "Back\\slash -- x",
        "--lead",
        "200",
        "--step",
        "50",
    ],
];

#[test]
fn spark_answers_every_flow_question_as_the_local_engine_does() {
    let w = Workdir::new();
    generated(&w);
    let server = Server::start(w.dir.path());
    let engine = server.engine();
    for q in QUESTIONS {
        let local = w.run(&[&["--engine", "local"][..], q, &["--format", "csv"]].concat()).ok();
        if q[0] == "otb" && q[4] == "2025-07-01..2025-12-31" {
            assert!(
                local.stderr.contains("Gappy: no flow of it booked from 2025-04-01 to 2025-04-30"),
                "{}",
                local.stderr
            );
            assert!(
                local.stderr.contains("Brief: no flow of it booked from 2025-06-10 to 2025-06-13"),
                "{}",
                local.stderr
            );
            assert!(
                local.stderr.contains("Early: no flow of it booked from 2025-02-10 to 2025-02-13"),
                "{}",
                local.stderr
            );
        }
        let (spark, took) =
            timed(&w, &[&["--engine", engine.as_str()][..], q, &["--format", "csv"]].concat());
        let spark = spark.ok();
        assert!(local.stdout.lines().count() > 1, "{q:?} printed nothing:\n{}", local.stderr);
        assert_eq!(spark.stdout, local.stdout, "{q:?}: the engines differ (Spark took {took:?})");
        assert_eq!(spark.stderr, local.stderr, "{q:?}: the notes differ");
    }

    // A chart of seats by travel month: the same picture, byte for byte.
    for engine in ["local", engine.as_str()] {
        let dir = w.path(&format!("charts-{}", engine.replace([':', '/'], "_")));
        w.run(&[
            "--engine",
            engine,
            "chart",
            "trend",
            "--seats",
            "--market",
            "Total",
            "--dir",
            dir.to_str().unwrap(),
        ])
        .ok();
    }
    let charts: Vec<Vec<u8>> = ["local".to_string(), engine.replace([':', '/'], "_")]
        .iter()
        .map(|e| std::fs::read(w.path(&format!("charts-{e}")).join("trend-seats-total-2025.png")).unwrap())
        .collect();
    assert!(charts[0] == charts[1], "the seat charts differ");

    // --explain prints the SQL sent, over the store's version folder, and still answers.
    let q = *QUESTIONS.iter().find(|q| q[0] == "otb").unwrap();
    let explained =
        w.run(&[&["--engine", engine.as_str(), "--explain"][..], q, &["--format", "csv"]].concat()).ok();
    let link = std::fs::read_link(w.store().join("bookings")).unwrap();
    let version = std::path::absolute(w.store().join(link)).unwrap();
    assert!(
        explained.stderr.contains(&format!("FROM parquet.`{}`", version.display())),
        "{}",
        explained.stderr
    );
    assert!(explained.stderr.contains("SUM(seats) AS seats_ly"), "{}", explained.stderr);
    assert!(explained.stdout.lines().count() > 1);

    // A path the cluster cannot read: the engine, the path, what to check; non-zero, quickly.
    let (run, took) =
        timed(&w, &[&["--engine", engine.as_str(), "--remote-store", "/nowhere/tourstat"][..], q].concat());
    let run = run.fails();
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert!(run.stderr.contains(&format!("engine {engine}")), "{}", run.stderr);
    assert!(run.stderr.contains("cannot read the store"), "{}", run.stderr);
    assert!(run.stderr.contains("/nowhere/tourstat/_versions/bookings.000002"), "{}", run.stderr);

    // Files that are not this store's booking flows where the cluster looks: named as such,
    // before a query reads them.
    let fake = w.path("fake");
    let arrivals = std::fs::canonicalize(w.store().join("arrivals")).unwrap();
    std::fs::create_dir_all(fake.join("_versions")).unwrap();
    copy_dir(&arrivals, &fake.join("_versions/bookings.000002"));
    let run = w
        .run(&[&["--engine", engine.as_str(), "--remote-store", fake.to_str().unwrap()][..], q].concat())
        .fails();
    assert!(run.stderr.contains("is not this store's bookings.000002"), "{}", run.stderr);

    // A copy of the store the cluster reads (--remote-store): answered from while it is this
    // store's version, file for file; refused, never read, once it is not.
    let copy = w.path("copy");
    copy_dir(&w.store(), &copy);
    let remote = ["--engine", engine.as_str(), "--remote-store", copy.to_str().unwrap()];
    let from_copy = w.run(&[&remote[..], q, &["--format", "csv"]].concat()).ok();
    let local = w.run(&[q, &["--format", "csv"][..]].concat()).ok();
    assert_eq!(from_copy.stdout, local.stdout);
    // A copy synced in part: a file of the version missing.
    let partial = w.path("partial");
    copy_dir(&w.store(), &partial);
    let some_file = std::fs::read_dir(partial.join("_versions/bookings.000002/travel_year=2025"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::remove_file(some_file).unwrap();
    let remote_partial = ["--engine", engine.as_str(), "--remote-store", partial.to_str().unwrap()];
    let run = w.run(&[&remote_partial[..], q].concat()).fails();
    assert!(
        run.stderr.contains("is not this store's bookings.000002: 1 of its files differ"),
        "{}",
        run.stderr
    );
    // An ingest the copy has not had: named, with what to do.
    let more = w.write(
        "more-flows.csv",
        "booked_on,travel_date,market,seats\n2025-06-30,2025-07-02,Côte d'Ivoire,1000\n",
    );
    w.run(&["ingest", "bookings", more.to_str().unwrap()]).ok();
    let stale = w.run(&[&remote[..], q].concat()).fails();
    assert!(stale.stderr.contains("sync it after each ingest"), "{}", stale.stderr);
    // Synced again, then a rollback and another ingest: a new version number, never the one
    // the copy holds with other flows.
    std::fs::remove_dir_all(&copy).unwrap();
    copy_dir(&w.store(), &copy);
    w.run(&["rollback", "bookings"]).ok();
    let other = w.write(
        "other-flows.csv",
        "booked_on,travel_date,market,seats\n2025-06-29,2025-07-03,Côte d'Ivoire,9\n",
    );
    let out = w.run(&["ingest", "bookings", other.to_str().unwrap()]).ok().stdout;
    assert!(out.contains("bookings version 4"), "{out}");
    let after = w.run(&[&remote[..], q].concat()).fails();
    assert!(after.stderr.contains("_versions/bookings.000004"), "{}", after.stderr);

    // The README's PySpark snippet, as written there, against the same store.
    readme_snippet_reads_the_store(&server, &w);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// The README's PySpark snippet (after its `pyspark-snippet` marker), run with this server's
/// address and this store, prints each market's seats: those of `tourstat otb` for the same
/// question, adding up to its Total.
fn readme_snippet_reads_the_store(server: &Server, w: &Workdir) {
    let readme = std::fs::read_to_string(project().join("README.md")).unwrap();
    let start = readme.find("<!-- pyspark-snippet -->").expect("the README's PySpark snippet marker");
    let block = &readme[start..];
    let code_start =
        block.find("```python\n").expect("a python block after the marker") + "```python\n".len();
    let code = &block[code_start..];
    let code = &code[..code.find("```").unwrap()];
    let store = std::path::absolute(w.store()).unwrap();
    assert!(code.contains("\"sc://127.0.0.1:15002\"") && code.contains("\"/srv/tourstat/store\""), "{code}");
    let code = code
        .replace("\"sc://127.0.0.1:15002\"", &format!("\"sc://127.0.0.1:{}\"", server.port))
        .replace("\"/srv/tourstat/store\"", &format!("\"{}\"", store.display()));
    let printed = python(&["-c", &code]);
    let from_spark: BTreeMap<String, i64> = printed
        .lines()
        .filter_map(|l| l.rsplit_once(' '))
        .map(|(m, s)| (m.trim().to_string(), s.trim().parse().unwrap()))
        .collect();
    let otb = w
        .run(&[
            "otb",
            "--as-of",
            "2025-07-01",
            "--travel",
            "2025-06-01..2025-12-31",
            "--from",
            "flows",
            "--format",
            "csv",
        ])
        .ok();
    // Markets of the tree with no flows have no seats (missing, not 0): the snippet has none.
    let tourstat: BTreeMap<String, i64> = otb
        .stdout
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            Some((cells[0].to_string(), cells[1].parse::<i64>().ok()?))
        })
        .collect();
    // The flows name countries; tourstat rolls them up to Total. It withholds Gappy's, Brief's
    // and Early's seats, which lack days of bookings, and says so; the snippet counts what is
    // there.
    assert!(from_spark.len() >= 10, "the snippet printed:\n{printed}");
    let withheld: Vec<&str> =
        from_spark.keys().filter(|m| !tourstat.contains_key(*m)).map(String::as_str).collect();
    assert_eq!(withheld, ["Brief", "Early", "Gappy"], "{}", otb.stdout);
    assert!(otb.stderr.contains("Gappy: no flow of it booked from 2025-04-01"), "{}", otb.stderr);
    for (market, seats) in from_spark.iter().filter(|(m, _)| tourstat.contains_key(*m)) {
        assert_eq!(
            tourstat.get(market),
            Some(seats),
            "{market}: the snippet printed {seats}\n{}",
            otb.stdout
        );
    }
    let under_total: i64 = from_spark.iter().filter(|(m, _)| tourstat.contains_key(*m)).map(|(_, s)| s).sum();
    assert_eq!(under_total, tourstat["Total"], "{}", otb.stdout);
}

#[test]
fn no_server_at_the_address_is_a_clear_error_at_once() {
    let w = Workdir::new();
    w.ingest_sample();
    let engine = format!("spark://127.0.0.1:{}", free_port());
    let args =
        ["--engine", engine.as_str(), "otb", "--as-of", "2025-07-01", "--travel", "2025-07-01..2025-09-30"];
    let (run, took) = timed(&w, &args);
    let run = run.fails();
    assert!(took < Duration::from_secs(15), "took {took:?}");
    assert!(
        run.stderr.contains(&format!("engine {engine}: no Spark Connect server answers there")),
        "{}",
        run.stderr
    );
    // An engine that fails is never read as "no bookings": shortfall (whose default projection
    // reads none, but whose bookings columns do) and the brief stop and say why.
    let brief = w.path("brief.html");
    let report = [
        "report",
        "--year",
        "2025",
        "--through",
        "2025-06",
        "--as-of",
        "2025-07-01",
        "--travel",
        "2025-06-01..2025-12-31",
        "-o",
        brief.to_str().unwrap(),
    ];
    for args in [&["shortfall", "--year", "2025", "--through", "2025-06"][..], &report[..]] {
        let run = w.run(&[&["--engine", engine.as_str()][..], args].concat()).fails();
        assert!(run.stderr.contains("no Spark Connect server answers there"), "{args:?}: {}", run.stderr);
    }
    assert!(!brief.exists());
}

#[test]
fn a_server_that_never_answers_is_named_within_the_connect_limit() {
    let w = Workdir::new();
    w.ingest_sample();
    // Accepts connections and says nothing.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            let mut s = stream;
            let mut buf = [0u8; 1024];
            let _ = s.set_read_timeout(Some(Duration::from_millis(10)));
            let _ = s.read(&mut buf);
            held.push(s);
        }
    });
    let engine = format!("spark://127.0.0.1:{port}");
    let (run, took) = timed(
        &w,
        &["--engine", engine.as_str(), "otb", "--as-of", "2025-07-01", "--travel", "2025-07-01..2025-09-30"],
    );
    let run = run.fails();
    assert!(took < Duration::from_secs(40), "took {took:?}");
    assert!(run.stderr.contains(&format!("engine {engine}")), "{}", run.stderr);
    assert!(run.stderr.contains("did not answer within 15 s"), "{}", run.stderr);
}

#[test]
fn a_time_limit_that_is_no_number_of_seconds_is_refused() {
    let w = Workdir::new();
    w.ingest_sample();
    let engine = format!("spark://127.0.0.1:{}", free_port());
    for bad in ["abc", "0", "-1", "inf", "99999999999999999999"] {
        let mut command = w.command(&[
            "--engine",
            engine.as_str(),
            "otb",
            "--as-of",
            "2025-07-01",
            "--travel",
            "2025-07-01..2025-09-30",
        ]);
        command.env("TOURSTAT_SPARK_TIMEOUT", bad);
        let run: Run = command.output().unwrap().into();
        let run = run.fails();
        assert!(
            run.stderr.contains("TOURSTAT_SPARK_TIMEOUT must be a number of seconds"),
            "{bad}: {}",
            run.stderr
        );
    }
}
