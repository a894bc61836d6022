//! A private X server (Xvfb) on a free display number, never `:0`, stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use super::process::{self, Spawned};
use crate::common::wait_until;

/// Display numbers are tried from here up: far from the `:0`…`:10` a desktop or SSH forwarding
/// uses, and spread by process id so that parallel test runs rarely try the same ones.
const FIRST: u32 = 100;
/// The screen: room for a 160×50 terminal with a 10-point font.
const SCREEN: &str = "1920x1200x24";

/// Stopped with its server (`Spawned` ends it on drop).
pub struct Display {
    /// `:N`, for `DISPLAY`.
    pub name: String,
    _server: Spawned,
}

impl Display {
    /// Starts Xvfb on the first free display number and waits until it accepts clients. A
    /// number another server holds (its lock file exists, or Xvfb exits at once) is skipped.
    pub fn start(scratch: &Path) -> Display {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let spread = (std::process::id() % 50) * 8;
        for _ in 0..64 {
            let number = FIRST + spread + NEXT.fetch_add(1, Ordering::Relaxed) % 400;
            if Path::new(&format!("/tmp/.X{number}-lock")).exists() || socket(number).exists() {
                continue;
            }
            if let Some(display) = try_start(number, scratch) {
                return display;
            }
        }
        panic!("no free X display number found from :{FIRST}");
    }

    /// The `DISPLAY` environment for a command run on this server.
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("DISPLAY", &self.name);
        cmd
    }
}

fn socket(number: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X11-unix/X{number}"))
}

fn try_start(number: u32, scratch: &Path) -> Option<Display> {
    let name = format!(":{number}");
    let mut cmd = Command::new("Xvfb");
    cmd.args([
        &name,
        "-screen",
        "0",
        SCREEN,
        "-nolisten",
        "tcp",
        "-noreset",
    ]);
    let mut server = Spawned::start("Xvfb", &mut cmd, &scratch.join("xvfb.log"));
    wait_until(&format!("Xvfb {name} accepting clients"), || {
        if server.has_ended() {
            // Most likely a server that took the number between our look and its start.
            return Ok(None);
        }
        let probe = process::output(
            Command::new("xdotool")
                .arg("getdisplaygeometry")
                .env("DISPLAY", &name),
        );
        match probe {
            Some(_) => Ok(Some(())),
            None => Err(format!(
                "(is xdotool installed? .ci/run installs xvfb and xdotool); its log: {}",
                std::fs::read_to_string(scratch.join("xvfb.log")).unwrap_or_default()
            )),
        }
    })?;
    Some(Display {
        name,
        _server: server,
    })
}
