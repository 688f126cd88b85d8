//! The `tourstat` binary: parses the command line, runs one command, turns an error into a
//! message on stderr and an exit code. A closed pipe (`tourstat summary | head`) is success.

use std::process::ExitCode;

use clap::Parser;

mod cli;

/// mimalloc keeps memory it has freed for the next allocations instead of handing it back to the
/// kernel and faulting it in again: queries over the store ran 5-15% faster with it (`otb`,
/// `shortfall`, `summary`; medians of 20 alternating runs), for 50-70 MB more at the peak of a
/// large ingest.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;

/// A signal that stops the run: the temporary files being written removed, then the signal
/// delivered again as it was set before (the run ends as it would have).
#[cfg(unix)]
extern "C" fn stopped(signal: libc::c_int) {
    tourstat::output::remove_temp_files();
    // SAFETY: `signal` and `raise` may be called from a signal handler.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

fn main() -> ExitCode {
    // Past a limit on file sizes (ulimit -f), a write fails with an error tourstat says, the
    // store and the files it writes left as they were, instead of a signal that kills it
    // without a word (review 65 M2).
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // Stopped by Ctrl-C or a kill, the file being written beside an output is removed, then the
    // signal does what it did before. (A signal ignored, as `nohup` does, stays ignored.)
    #[cfg(unix)]
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: reading and setting a signal's disposition before any thread is started;
        // the handler calls only what a signal handler may.
        unsafe {
            let mut before: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, std::ptr::null(), &mut before) == 0
                && before.sa_sigaction != libc::SIG_IGN
            {
                libc::signal(signal, stopped as extern "C" fn(libc::c_int) as libc::sighandler_t);
            }
        }
    }
    // A panic (a bug, or a store file damaged in a way the Parquet reader does not survive) is
    // said in one line with what to do, not as a backtrace; the exit code stays 101.
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Asked for (RUST_BACKTRACE), the backtrace too.
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            default(info);
        }
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "error: tourstat stopped on an internal error{at}: {}\nhint: where the store may be damaged, `tourstat check` names what is wrong and `tourstat rollback KIND` goes back to a version that is whole; otherwise this is a bug: please report it with the command that gave it",
            tourstat::output::visible(&what)
        );
    }));
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // A value from a file or the command line is shown, never sent to the terminal.
            let _ = writeln!(std::io::stderr(), "error: {}", tourstat::output::visible(&e.to_string()));
            for hint in cli::hints(&e) {
                let _ = writeln!(std::io::stderr(), "hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}
