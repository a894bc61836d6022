//! A child process that is always ended: on drop, including while a failed test unwinds.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a process gets to end after SIGTERM before it is killed.
const GRACE: Duration = Duration::from_secs(5);

/// A running process, ended (SIGTERM, then SIGKILL after `GRACE`) and reaped when dropped.
pub struct Spawned {
    name: String,
    child: Child,
}

impl Spawned {
    /// Starts `cmd` with stdin closed and stdout and stderr both appended to `log`. A tool that
    /// is not installed fails the test, naming the package `.ci/run` installs it from.
    pub fn start(name: &str, cmd: &mut Command, log: &Path) -> Spawned {
        let out = std::fs::File::create(log).expect("a log file for the process");
        let err = out.try_clone().expect("the log file, twice");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not start {name} ({e}); .ci/run installs it (apt: xvfb xterm kitty)")
            });
        Spawned {
            name: name.to_owned(),
            child,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process has ended (and then it is reaped).
    pub fn has_ended(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if self.has_ended() {
            return;
        }
        // SIGTERM first: Xvfb removes its lock and socket, a terminal hangs its shell up.
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .stderr(Stdio::null())
            .status();
        let asked = Instant::now();
        while asked.elapsed() < GRACE {
            if self.has_ended() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("{} ignored SIGTERM for {GRACE:?}; killing it", self.name);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a short command to the end and returns its stdout; `None` when it fails.
pub fn output(cmd: &mut Command) -> Option<Vec<u8>> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}
