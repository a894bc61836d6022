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
    if effective.as_deref() == Some("all") {
        return (Passthrough::On, setting);
    }
    setting.previous = setting.show(false).ok().flatten();
    // `all` (tmux ≥ 3.4) also lets a hidden pane through, so a picture can be deleted while
    // the pane is in another window; 3.3 knows only `on`.
    let set = |value| setting.tmux(&["set", "-p"], &["allow-passthrough", value]);
    let result = match set("all") {
        Ok(_) => Ok(()),
        // Already on, and `all` is unknown to this tmux: nothing to change.
        Err(_) if effective.as_deref() == Some("on") => return (Passthrough::On, setting),
        Err(_) => set("on").map(|_| ()),
    };
    match result {
        Ok(()) => {
            setting.changed = true;
            tracing::info!(previous = ?setting.previous, "tmux passthrough turned on for this pane");
            (Passthrough::On, setting)
        }
        Err(why) => (Passthrough::Off(why), setting),
    }
}

/// What the terminal outside tmux shows of bloocard's pane: whether the pane is on screen (its
/// window is the current one, and no other pane of it is zoomed), and where its top-left cell is
/// there (0-based column, row: the pane's place in its window, below the status line when that
/// is at the top). A picture placed through passthrough is the outer terminal's, which knows
/// nothing of panes: bloocard deletes it while the pane is hidden and places it by this origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneView {
    pub shown: bool,
    pub origin: (u16, u16),
}

/// This pane's view now, asked of tmux (one short command); `None` when tmux does not say.
pub fn pane_view() -> Option<PaneView> {
    let pane = std::env::var("TMUX_PANE").ok().filter(|p| !p.is_empty());
    let query = PaneSetting {
        pane,
        ..PaneSetting::default()
    };
    let format = "#{window_active} #{window_zoomed_flag} #{pane_active} #{session_attached} \
                  #{pane_left} #{pane_top} #{status} #{status-position}";
    let out = query.tmux(&["display", "-p"], &[format]).ok()?;
    view_from(&out)
}

/// The answer to `pane_view`'s format, read.
fn view_from(text: &str) -> Option<PaneView> {
    let mut fields = text.split_whitespace();
    let mut flag = || fields.next().map(|f| f != "0");
    let (window_active, zoomed, pane_active, attached) = (flag()?, flag()?, flag()?, flag()?);
    let rest: Vec<&str> = fields.collect();
    Some(PaneView {
        shown: window_active && attached && (!zoomed || pane_active),
        origin: origin_from(&rest.join(" "))?,
    })
}

/// `pane_left pane_top status status-position` → the origin (see `pane_origin`).
fn origin_from(text: &str) -> Option<(u16, u16)> {
    let mut fields = text.split_whitespace();
    let left = fields.next()?.parse().ok()?;
    let top: u16 = fields.next()?.parse().ok()?;
    let status = match fields.next()? {
        "off" => 0,
        "on" => 1,
        n => n.parse().unwrap_or(1),
    };
    let above = if fields.next() == Some("top") {
        status
    } else {
        0
    };
    Some((left, top + above))
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

#[cfg(test)]
mod tests {
    use super::{PaneView, origin_from, view_from};

    #[test]
    fn the_origin_counts_a_status_line_only_at_the_top() {
        assert_eq!(origin_from("0 0 on bottom\n"), Some((0, 0)));
        assert_eq!(origin_from("61 12 on top\n"), Some((61, 13)));
        assert_eq!(origin_from("0 5 2 top\n"), Some((0, 7)));
        assert_eq!(origin_from("0 5 off top\n"), Some((0, 5)));
        assert_eq!(origin_from("garbage"), None);
    }

    #[test]
    fn a_pane_is_shown_in_the_current_window_unless_another_pane_is_zoomed() {
        let view = |t| view_from(t).map(|v: PaneView| v.shown);
        assert_eq!(view("1 0 0 1 0 0 on bottom"), Some(true));
        assert_eq!(view("0 0 1 1 0 0 on bottom"), Some(false));
        assert_eq!(view("1 1 0 1 0 0 on bottom"), Some(false));
        assert_eq!(view("1 1 1 1 0 0 on bottom"), Some(true));
        assert_eq!(view("1 0 1 0 0 0 on bottom"), Some(false));
        assert_eq!(
            view_from("1 0 1 1 61 0 on top").map(|v| v.origin),
            Some((61, 1))
        );
        assert_eq!(view("1 0"), None);
    }
}
