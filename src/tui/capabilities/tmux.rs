//! tmux passthrough for bloocard's own pane: turned on while bloocard runs when it is off, so
//! the terminal outside tmux can be asked and can draw the photo, and put back as it was at exit
//! (`docs/terminal.md` says why bloocard does this). Only this pane (`set -p -t $TMUX_PANE`);
//! every tmux command is bounded in time, and a tmux that refuses leaves passthrough off, which
//! the card pane then says how to change.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::choose::Passthrough;

/// The longest one tmux command may take before it is given up on (killed).
const TMUX_WAIT: Duration = Duration::from_millis(500);

/// What was changed, to put back at exit.
#[derive(Debug, Default)]
pub struct PaneSetting {
    pane: Option<String>,
    /// The pane's own value before (`None`: unset, the window's or global value applied).
    previous: Option<String>,
    changed: bool,
}

/// Opens passthrough for this pane if it is closed. Runs up to three short tmux commands.
pub fn open_passthrough() -> (Passthrough, PaneSetting) {
    let pane = std::env::var("TMUX_PANE").ok().filter(|p| !p.is_empty());
    let mut setting = PaneSetting {
        pane,
        ..PaneSetting::default()
    };
    let effective = match setting.show(true) {
        Ok(v) => v,
        Err(why) => return (Passthrough::Off(why), setting),
    };
    if matches!(effective.as_deref(), Some("on" | "all")) {
        return (Passthrough::On, setting);
    }
    setting.previous = setting.show(false).ok().flatten();
    match setting.tmux(&["set", "-p"], &["allow-passthrough", "on"]) {
        Ok(_) => {
            setting.changed = true;
            tracing::info!(previous = ?setting.previous, "tmux passthrough turned on for this pane");
            (Passthrough::On, setting)
        }
        Err(why) => (Passthrough::Off(why), setting),
    }
}

impl PaneSetting {
    /// Puts the pane's setting back as it was, if bloocard changed it.
    pub fn restore(&self) {
        if !self.changed {
            return;
        }
        let result = match &self.previous {
            Some(value) => self.tmux(&["set", "-p"], &["allow-passthrough", value]),
            None => self.tmux(&["set", "-pu"], &["allow-passthrough"]),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "tmux passthrough could not be put back");
        }
    }

    /// The pane's value (`effective`: as it applies, inherited included).
    fn show(&self, effective: bool) -> Result<Option<String>, String> {
        let flags = if effective { "-Apv" } else { "-pv" };
        let out = self.tmux(&["show", flags], &["allow-passthrough"])?;
        let value = out.trim();
        Ok((!value.is_empty()).then(|| value.to_owned()))
    }

    /// `tmux <command> [-t pane] <args>`, its output, or why it failed.
    fn tmux(&self, command: &[&str], args: &[&str]) -> Result<String, String> {
        let mut cmd = Command::new("tmux");
        cmd.args(command);
        if let Some(pane) = &self.pane {
            cmd.args(["-t", pane]);
        }
        cmd.args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("tmux could not run: {e}"))?;
        let started = Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if started.elapsed() < TMUX_WAIT => {
                    std::thread::sleep(Duration::from_millis(2))
                }
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err("tmux did not answer".to_owned());
                }
                Err(e) => return Err(format!("tmux could not run: {e}")),
            }
        }
        let out = child
            .wait_with_output()
            .map_err(|e| format!("tmux could not run: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            Err(crate::sanitize::clean(err.trim()).to_string())
        }
    }
}
