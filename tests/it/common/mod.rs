//! Shared by the integration tests that run the real `bloocard` binary: an embedded demo backend
//! on loopback whose API key is the canary, a way to run the binary against it (private state dir
//! for the log, a hang guard), and the checks every run gets: no panic, no canary anywhere.
//!
//! The state dirs are kept under `CARGO_TARGET_TMPDIR/test-state` so that `.ci/run` can grep
//! every log the tests wrote for the canary after the whole run.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub mod faults;

use bloocard::demo::{DemoControl, DemoOptions, DemoServer, Fault, RecordedRequest};

/// The API key every key-using test runs with. `.ci/run` reads this line to grep the whole test
/// run's output and logs for it, so keep it on one line in this form.
pub const CANARY_KEY: &str = "bl_live_CANARY_q7Zx3vK9wT2m";

pub const BIN: &str = env!("CARGO_BIN_EXE_bloocard");

/// How long a test waits for what it drives (a screen to show something, a program to end, the
/// TUI loop to settle) before it fails. Generous: on a loaded 2-core machine a debug build can take
/// seconds per frame, and a wait that holds only makes the test slower, never red. A run of the
/// binary longer than this is a hang (the slowest honest run waits out two retries).
pub const DEADLINE: Duration = Duration::from_secs(60);
/// How often a waiting test looks again.
pub const POLL: Duration = Duration::from_millis(20);

/// Polls `probe` every [`POLL`] until it answers `Ok`, and returns that. After [`DEADLINE`] the
/// test fails with "no {what}" and the last `Err` (the screen, the output so far).
pub fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Result<T, String>) -> T {
    let started = Instant::now();
    loop {
        let last = match probe() {
            Ok(done) => return done,
            Err(last) => last,
        };
        assert!(
            started.elapsed() < DEADLINE,
            "no {what} after {DEADLINE:?}:\n{last}"
        );
        std::thread::sleep(POLL);
    }
}

/// A program run in a terminal (tmux, a PTY) as a person's shell would run it, but with nothing
/// of the developer's: the environment cleared to `PATH`, a `HOME` and XDG dirs of the test's
/// own, a UTF-8 locale and `TERM`. No `BLOOIO_*`/`BLOOCARD_*`, `NO_COLOR`, `TMUX` or proxy.
pub fn clean_env<'a>(cmd: &'a mut Command, home: &Path, state: &Path) -> &'a mut Command {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_STATE_HOME", state)
        .env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm-256color")
}

/// A fresh, empty `HOME` for a program under test, under `CARGO_TARGET_TMPDIR`.
pub fn temp_home() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("home-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("a temporary HOME")
}

/// The demo backend on its own runtime, so tests stay synchronous while the binary runs.
pub struct Demo {
    server: Option<DemoServer>,
    rt: tokio::runtime::Runtime,
    pub base: String,
    pub ctl: DemoControl,
    pub state: PathBuf,
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.rt.block_on(server.shutdown());
        }
    }
}

/// A fresh state dir (for `XDG_STATE_HOME`), kept after the test for `.ci/run` to check.
pub fn state_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test-state");
    std::fs::create_dir_all(&root).unwrap();
    static PRUNE: std::sync::Once = std::sync::Once::new();
    PRUNE.call_once(|| prune_older_than(&root, Duration::from_secs(3600)));
    tempfile::Builder::new()
        .prefix("run-")
        .tempdir_in(root)
        .unwrap()
        .keep()
}

/// Local runs of `cargo test` would pile state dirs up; none is needed once its run is over
/// (`.ci/run` empties the folder before its own run, so nothing it checks is pruned).
fn prune_older_than(root: &std::path::Path, age: Duration) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|elapsed| elapsed > age);
        if old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Demo {
    pub fn start() -> Demo {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = rt
            .block_on(DemoServer::start(DemoOptions {
                faults: true,
                record_requests: true,
                api_key: Some(CANARY_KEY.into()),
                ..DemoOptions::default()
            }))
            .unwrap();
        Demo {
            base: server.base_url().to_owned(),
            ctl: server.control(),
            state: state_dir(),
            server: Some(server),
            rt,
        }
    }

    /// `bloocard ARGS` against this backend with the canary key.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_key(CANARY_KEY, args)
    }

    pub fn run_with_key(&self, key: &str, args: &[&str]) -> Run {
        self.run_env(args, &[("BLOOIO_API_KEY", key)])
    }

    /// With extra environment (the key included, when one is wanted).
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let run = run(cmd);
        for (_, v) in env.iter().filter(|(k, _)| *k == "BLOOIO_API_KEY") {
            run.assert_hides(v);
        }
        assert!(
            !self.log().contains(CANARY_KEY),
            "the key is in the log {}",
            self.state.display()
        );
        run
    }

    /// The binary pointed at this backend, with a private state dir and nothing inherited that
    /// would change what it does.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("BLOOIO_BASE_URL", &self.base)
            .env("XDG_STATE_HOME", &self.state)
            // No config file (the state dir holds none): the developer's own profiles stay out.
            .env("XDG_CONFIG_HOME", &self.state)
            .env("BLOOCARD_LOG", "debug")
            .env_remove("BLOOCARD_PROFILE")
            .env_remove("BLOOIO_API_KEY")
            .env_remove("BLOOIO_FROM_NUMBER")
            .env_remove("BLOOCARD_TIMEOUT_SECS");
        cmd
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.state.join("bloocard/bloocard.log")).unwrap_or_default()
    }

    /// Arms a fault given in the JSON form `POST /__demo/faults` takes.
    pub fn fault(&self, fault: serde_json::Value) {
        let fault: Fault = serde_json::from_value(fault).unwrap();
        self.ctl.push_fault(fault);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.ctl.requests()
    }

    /// Forgets faults and recorded requests (the data keeps any changes).
    pub fn reset(&self) {
        self.ctl.clear_faults();
        self.ctl.clear_requests();
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// Neither output holds `secret`.
    pub fn assert_hides(&self, secret: &str) {
        for text in [&self.stdout, &self.stderr] {
            assert!(!text.contains(secret), "the key leaked into output: {text}");
        }
    }
}

/// Runs `cmd` to the end, failing the test if it hangs, panics or shows the canary.
pub fn run(mut cmd: Command) -> Run {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = reader(Box::new(child.stdout.take().unwrap()));
    let stderr = reader(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            // Not `{cmd:?}`: that would print the environment, key included.
            let args: Vec<_> = cmd.get_args().collect();
            panic!("bloocard hung for {DEADLINE:?}: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout.join().unwrap()).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr.join().unwrap()).expect("stderr is UTF-8"),
        elapsed: started.elapsed(),
    };
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "bloocard panicked: {}",
        run.stderr
    );
    run.assert_hides(CANARY_KEY);
    run
}
