//! The real `bloocard` binary in a real terminal emulator: tmux, on a private server per test,
//! driven as a person drives it — a shell prompt, a command line typed and Enter pressed, keys,
//! and the screen read back with `capture-pane`.
//!
//! Nothing here sleeps a fixed time: every wait polls the screen (or tmux's own state, such as
//! whether the pane shows the alternate screen) until a condition holds, with the one poll rate
//! and generous deadline of `common::wait_until`. Without tmux the tests fail, they never skip.
//!
//! Assertions on what the TUI draws go through the few readers at the bottom (`numbers`,
//! `selected_number`), so a change of look is fixed in one place.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::{self, wait_until};

/// The prompt asked of the shell through `PS1`; dash shows `# ` to root whatever `PS1` says.
const PROMPT: &str = "$ ";

/// One tmux server with one `sh` window of a fixed size. Killed on drop.
pub struct Tmux {
    socket: String,
    pub cols: u16,
    pub rows: u16,
    home: PathBuf,
    /// `XDG_STATE_HOME` of everything run in the window: the log is `bloocard/bloocard.log` here.
    pub state: PathBuf,
    /// Set for everything run in the window, on top of the clean environment.
    env: Vec<(String, String)>,
}

impl Tmux {
    /// A private tmux server (`-L bloocard-test-<pid>-<n>`, no config file) running `sh` in a
    /// `cols`×`rows` window, started with a clean environment: no `BLOOIO_*` variables, its own
    /// `HOME` and XDG dirs, a UTF-8 locale. Returns once the shell's prompt is on screen.
    pub fn start(cols: u16, rows: u16) -> Tmux {
        Tmux::start_with_env(cols, rows, &[])
    }

    /// As [`Tmux::start`], with `env` set too (a demo backend's `BLOOIO_BASE_URL` and key: in the
    /// environment, not on the command line, the key never shows on the screen).
    pub fn start_with_env(cols: u16, rows: u16, env: &[(&str, &str)]) -> Tmux {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "bloocard-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let tmux = Tmux {
            socket,
            cols,
            rows,
            home: common::temp_home().keep(),
            state: common::state_dir(),
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let (cols, rows) = (cols.to_string(), rows.to_string());
        let out = tmux.run(&["new-session", "-d", "-x", &cols, "-y", &rows, "sh"]);
        assert!(
            out.status.success(),
            "tmux new-session failed (is tmux installed? .ci/run installs it): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux.wait_for("the shell prompt", |s| s.trim_end().ends_with(['$', '#']));
        tmux
    }

    /// `tmux -L <socket> -f /dev/null -u <args>`, in the clean environment the server was
    /// started with (the first command starts it, and its environment becomes the panes').
    pub fn run(&self, args: &[&str]) -> Output {
        self.tmux(args)
            .output()
            .expect("tmux runs (.ci/run installs it when it is missing)")
    }

    fn tmux(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket, "-f", "/dev/null", "-u"])
            .args(args);
        common::clean_env(&mut cmd, &self.home, &self.state)
            .env("PS1", PROMPT)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// Types `line` into the pane as a person would, then presses Enter.
    pub fn type_line(&self, line: &str) {
        self.send(&[line], true);
    }

    /// Types `line`, presses Enter, and at once sends `keys` (by tmux name: `q`, `Tab`…) in the
    /// same tmux command: they reach the terminal while the program is still starting.
    pub fn type_line_then(&self, line: &str, keys: &[&str]) {
        let mut args = vec![
            "send-keys",
            "-l",
            line,
            ";",
            "send-keys",
            "Enter",
            ";",
            "send-keys",
        ];
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "tmux send-keys");
    }

    /// Sends keys by tmux name (`j`, `Enter`, `Tab`, `Escape`, `C-c`…).
    pub fn keys(&self, keys: &[&str]) {
        self.send(keys, false);
    }

    fn send(&self, keys: &[&str], literal_then_enter: bool) {
        let mut args = vec!["send-keys"];
        if literal_then_enter {
            args.push("-l");
        }
        args.extend_from_slice(keys);
        assert!(self.run(&args).status.success(), "tmux send-keys {keys:?}");
        if literal_then_enter {
            assert!(self.run(&["send-keys", "Enter"]).status.success());
        }
    }

    /// The pane's visible text, one line per row, trailing spaces trimmed.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p"]).stdout).into_owned()
    }

    /// Whether the pane shows the alternate screen (a full-screen program is running).
    pub fn alternate_on(&self) -> bool {
        let out = self.run(&["display-message", "-p", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// The pane's text with up to 200 lines of scrollback, wrapped lines joined: all a command
    /// printed, for asserting on output longer than the window.
    pub fn history(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-J", "-S", "-200"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The name of the program in the pane's foreground (`sh`, or `bloocard` while it runs).
    pub fn foreground(&self) -> String {
        let out = self.run(&["display-message", "-p", "#{pane_current_command}"]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Polls until `done(screen)` holds; returns that screen. Fails with the last screen after
    /// the deadline.
    pub fn wait_for(&self, what: &str, mut done: impl FnMut(&str) -> bool) -> String {
        wait_until(what, || {
            let screen = self.screen();
            if done(&screen) {
                Ok(screen)
            } else {
                Err(format!(
                    "({}×{}) the screen:\n{screen}",
                    self.cols, self.rows
                ))
            }
        })
    }

    /// Waits until the screen shows `text`; returns that screen.
    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?} on screen"), |s| s.contains(text))
    }

    /// Waits until `text` is gone from the screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?} gone"), |s| !s.contains(text))
    }

    /// The command line that runs `bloocard <args>` (the test build's binary, by its full path)
    /// and then prints its exit status as `exit=N`, which `wait_for_shell` waits for: a program
    /// that quits before the test ever saw it start is still seen to have ended.
    pub fn command_line(args: &str) -> String {
        format!("{} {args}; echo \"exit=$?\"", common::BIN)
    }

    /// Types `command_line(args)` at the prompt and presses Enter.
    pub fn launch(&self, args: &str) {
        self.type_line(&Self::command_line(args));
    }

    /// Waits for the TUI's first real frame: the alternate screen on and the numbers listed.
    pub fn wait_for_numbers(&self) -> String {
        self.wait_for("numbers listed", |screen| {
            self.alternate_on() && numbers(screen).len() >= 2
        })
    }

    /// Waits until the program launched by `launch` has ended and left the alternate screen,
    /// and the shell reads commands again (a command typed now runs); returns the program's exit
    /// status.
    pub fn wait_for_shell(&self) -> String {
        // `exit=` and digits; a key echoed by the terminal before the program started may precede it.
        let status_of = |s: &str| {
            s.lines().find_map(|l| {
                let (_, after) = l.split_once("exit=")?;
                let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
                (!digits.is_empty()).then_some(digits)
            })
        };
        let ended = self.wait_for("the program to end", |s| status_of(s).is_some());
        assert!(!self.alternate_on(), "the alternate screen was left");
        self.type_line("echo \"ready-$((6 * 7))\"");
        self.wait_for("the shell to run a command", |s| {
            s.lines().any(|l| l.starts_with("ready-42"))
        });
        status_of(&ended).unwrap_or_default()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // Never a panic here: a test that failed is unwinding through this already.
        // tmux leaves its socket file behind; ask where it is before the server goes.
        let socket = self
            .tmux(&["display-message", "-p", "#{socket_path}"])
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .unwrap_or_default();
        let _ = self.tmux(&["kill-server"]).output();
        if socket.ends_with(&self.socket) {
            let _ = std::fs::remove_file(socket);
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// The numbers list, top to bottom: a number (`+` and 10–15 digits) with nothing but frame,
/// markers and spaces before it on its line (titles such as "Card +1…" have words before).
pub fn numbers(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| {
            l.split_once('+')
                .is_some_and(|(before, _)| !before.chars().any(char::is_alphanumeric))
        })
        .filter_map(number_in)
        .collect()
}

/// The title of the focused pane: the word after the `▶ ` that marks it.
pub fn focused_pane(screen: &str) -> Option<String> {
    screen.lines().find_map(|l| {
        let (_, after) = l.split_once("▶ ")?;
        let word: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
        (!word.is_empty()).then_some(word)
    })
}

/// The number on the list row marked as selected (`›`), if any.
pub fn selected_number(screen: &str) -> Option<String> {
    screen
        .lines()
        .filter_map(|l| l.split_once('›').map(|(_, after)| after))
        .find_map(number_in)
}

fn number_in(line: &str) -> Option<String> {
    let start = line.find('+')?;
    let digits: String = line[start + 1..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (10..=15)
        .contains(&digits.len())
        .then(|| format!("+{digits}"))
}
