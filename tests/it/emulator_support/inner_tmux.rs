//! tmux started from the shell inside a graphical terminal, as a person starts it, with
//! `allow-passthrough on` and otherwise default options (the status line included). Its pane is
//! read with `capture-pane`; keys still go in through the terminal, so tmux sees them as it does
//! from a keyboard.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A tmux server on a socket in the scratch folder. Killed on drop: a tmux server outlives the
/// terminal it was started from.
pub struct InnerTmux {
    socket: PathBuf,
}

impl InnerTmux {
    /// The command line that starts it (typed at the terminal's prompt by the caller), and the
    /// handle that talks to it.
    pub fn prepare(scratch: &Path) -> (String, InnerTmux) {
        let conf = scratch.join("tmux.conf");
        std::fs::write(&conf, "set -g allow-passthrough on\n").expect("tmux.conf");
        let socket = scratch.join("tmux.sock");
        let line = format!(
            "tmux -S {} -f {} new-session",
            socket.display(),
            conf.display()
        );
        (line, InnerTmux { socket })
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs (.ci/run installs it)")
    }

    /// The pane's text (empty while the server is not up yet).
    pub fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The pane's place in the terminal, in cells: (left, top, width, height).
    pub fn pane(&self) -> Option<(u16, u16, u16, u16)> {
        let out = self.run(&[
            "display-message",
            "-p",
            "#{pane_left} #{pane_top} #{pane_width} #{pane_height}",
        ]);
        let text = String::from_utf8_lossy(&out.stdout);
        let v: Vec<u16> = text
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        (v.len() == 4).then(|| (v[0], v[1], v[2], v[3]))
    }

    /// `tmux -V`, for the test's output.
    pub fn version(&self) -> String {
        let out = self.run(&["-V"]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for InnerTmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        let _ = std::fs::remove_file(&self.socket);
    }
}
