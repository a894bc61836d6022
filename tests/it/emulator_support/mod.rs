//! The real `bloocard` binary in real graphical terminal emulators under a private X server:
//! xterm as a VT340 (sixel) and kitty, each running `sh`, optionally with tmux started inside.
//! A [`Desk`] is one such set-up; it types as a person does (X key events to the terminal's
//! window), reads the screen back (the terminal's own text, or tmux's `capture-pane`), takes
//! screenshots of the window and checks that the avatar in them is drawn as the card's photo.
//!
//! Every wait polls with the one deadline and poll rate of `common` (`wait_until`), never a fixed
//! sleep: the CI machine has two loaded cores and renders kitty's OpenGL in software. Everything started is ended when the `Desk` is
//! dropped, also when a test fails: tmux first, then the terminal, then the X server. The scratch
//! folder (logs, screenshots) is removed after a pass and kept, and named, after a failure.
//!
//! The crate that uses this module also declares `mod common;` at its root (`tests/it/main.rs`,
//! and `benches/photo_drawn.rs` for the timing).
#![allow(dead_code)]

pub mod avatar_box;
pub mod demo_cards;
pub mod emulator;
pub mod inner_tmux;
pub mod photo;
pub mod process;
pub mod xvfb;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::common::{self, DEADLINE, wait_until};
use avatar_box::Cells;
use emulator::{Emulator, Kind};
use inner_tmux::InnerTmux;
use photo::{Expected, PixelRect, Verdict};
use xvfb::Display;

/// The prompt asked of the shell through `PS1`.
const PROMPT: &str = "$ ";

/// Where bloocard runs in the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inside {
    /// At the terminal's own shell prompt.
    Shell,
    /// In a tmux session started from that prompt (`allow-passthrough on`).
    Tmux,
}

/// One terminal on one X server, maybe with tmux in it. Fields drop in order: tmux, terminal,
/// X server, scratch folder.
pub struct Desk {
    tmux: Option<InnerTmux>,
    pub emulator: Emulator,
    _display: Display,
    scratch: Scratch,
    /// `XDG_STATE_HOME` of the shell: bloocard's log is `bloocard/bloocard.log` in it.
    pub state: PathBuf,
    /// The terminal's size in cells, as its shell's tty reports it.
    pub cols: u16,
    pub rows: u16,
    cell: (u32, u32),
}

impl Desk {
    /// Starts the terminal at `cols`×`rows` with a shell prompt showing, and tmux in it when
    /// asked. The shell's environment is a clean one: its own `HOME` and XDG folders, a UTF-8
    /// locale, no `BLOOIO_*` variable and nothing else of the test's.
    pub fn start(kind: Kind, inside: Inside, (cols, rows): (u16, u16)) -> Desk {
        let scratch = Scratch::new();
        let display = Display::start(&scratch.path);
        let state = common::state_dir();
        let home = scratch.path.join("home");
        std::fs::create_dir_all(&home).expect("a HOME");
        let env: Vec<(&str, String)> = vec![
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("HOME", home.display().to_string()),
            (
                "XDG_CONFIG_HOME",
                home.join(".config").display().to_string(),
            ),
            ("XDG_STATE_HOME", state.display().to_string()),
            ("LANG", "C.UTF-8".into()),
            ("LC_ALL", "C.UTF-8".into()),
            ("PS1", PROMPT.into()),
            ("SHELL", "/bin/sh".into()),
            ("BLOOCARD_LOG", "debug".into()),
            ("LIBGL_ALWAYS_SOFTWARE", "1".into()),
        ];
        let emulator = Emulator::start(kind, &display, &scratch.path, &env, (cols, rows));
        let mut desk = Desk {
            tmux: None,
            emulator,
            _display: display,
            scratch,
            state,
            cols,
            rows,
            cell: (0, 0),
        };
        desk.wait_for("the shell prompt", prompt_shown);
        let size = format!("{rows} {cols}");
        desk.type_line("stty size");
        desk.wait_for(&format!("a {cols}×{rows} terminal"), |s| {
            s.lines().any(|l| l.trim() == size)
        });
        let (w, h) = desk.emulator.window_size();
        desk.cell = (w / u32::from(cols), h / u32::from(rows));
        if inside == Inside::Tmux {
            let (line, tmux) = InnerTmux::prepare(&desk.scratch.path);
            desk.type_line(&line);
            desk.tmux = Some(tmux);
            desk.wait_for("tmux's shell prompt", prompt_shown);
        }
        desk
    }

    /// The scratch folder: logs, screenshots, files the tests write.
    pub fn scratch(&self) -> &Path {
        &self.scratch.path
    }

    /// What bloocard's screen shows: tmux's pane, or the terminal's whole screen.
    pub fn screen(&self) -> String {
        match &self.tmux {
            Some(tmux) => tmux.screen(),
            None => self.emulator.screen(),
        }
    }

    /// The tmux in this terminal, if any.
    pub fn tmux(&self) -> Option<&InnerTmux> {
        self.tmux.as_ref()
    }

    /// Types `line` and presses Enter.
    pub fn type_line(&self, line: &str) {
        self.emulator.type_text(line);
        self.emulator.keys(&["Return"]);
    }

    /// Presses keys by X keysym name (`j`, `q`, `ctrl+d`).
    pub fn keys(&self, keys: &[&str]) {
        self.emulator.keys(keys);
    }

    /// Polls until `done(screen)` holds; returns that screen. Fails with the last screen after
    /// `DEADLINE`.
    pub fn wait_for(&self, what: &str, mut done: impl FnMut(&str) -> bool) -> String {
        let what = format!("{what} in {}", self.emulator.kind.name());
        wait_until(&what, || {
            let screen = self.screen();
            if done(&screen) {
                Ok(screen)
            } else {
                Err(format!("the screen:\n{screen}"))
            }
        })
    }

    /// Types the command line that runs `bloocard <args>` (the test build, by its full path);
    /// see `launch_program`.
    pub fn launch(&self, args: &str, keys_while_starting: &[&str]) {
        self.launch_program(&format!("{} {args}", common::BIN), keys_while_starting);
    }

    /// Types a command line that runs `program` (a shell command), prints its exit status as
    /// `exit=N`, then runs `cat -v` into a file until Ctrl-D — so that anything the terminal
    /// still sends after the program quits is caught — and prints `cat=N`. Enter and then
    /// `keys_while_starting` are pressed in one go: they reach the terminal while it starts.
    pub fn launch_program(&self, program: &str, keys_while_starting: &[&str]) {
        let line = format!(
            "{program}; echo \"exit=$?\"; cat -v > {}; echo \"cat=$?\"",
            self.after_exit_file().display()
        );
        self.emulator.type_text(&line);
        let mut keys = vec!["Return"];
        keys.extend_from_slice(keys_while_starting);
        self.emulator.keys(&keys);
    }

    fn after_exit_file(&self) -> PathBuf {
        self.scratch.path.join("after-exit.txt")
    }

    /// After `q`: waits for the exit status, types `typed` and Enter and Ctrl-D into the `cat`
    /// that `launch` started, and returns (exit status, everything `cat` read, made visible).
    pub fn status_and_what_cat_read(&self, typed: &str) -> (String, String) {
        let status_of = |s: &str| {
            s.lines().find_map(|l| {
                let (_, after) = l.split_once("exit=")?;
                let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
                (!digits.is_empty()).then_some(digits)
            })
        };
        let ended = self.wait_for("exit status of bloocard", |s| status_of(s).is_some());
        self.type_line(typed);
        self.keys(&["ctrl+d"]);
        self.wait_for("end of cat", |s| s.lines().any(|l| l.starts_with("cat=")));
        let read = std::fs::read_to_string(self.after_exit_file()).unwrap_or_default();
        (status_of(&ended).unwrap_or_default(), read)
    }

    /// Where bloocard's screen is in the terminal: tmux's pane, or the whole terminal.
    fn app_region(&self) -> Cells {
        let whole = Cells {
            left: 0,
            top: 0,
            width: self.cols,
            height: self.rows,
        };
        match self.tmux.as_ref().and_then(InnerTmux::pane) {
            Some((left, top, width, height)) => Cells {
                left,
                top,
                width,
                height,
            },
            None => whole,
        }
    }

    /// A cell's size in pixels (the window keeps its size: there is no window manager).
    pub fn cell_px(&self) -> (u32, u32) {
        self.cell
    }

    /// The avatar picture's box on `screen` in screenshot pixels (`avatar_box::bounds`); `None`
    /// while no picture is shown.
    pub fn avatar_bounds(&self, screen: &str) -> Option<PixelRect> {
        avatar_box::bounds(screen, self.app_region(), self.cell_px())
    }

    /// One look: the screen's text, a screenshot, and the verdict on the avatar's box (`None`
    /// while no picture is shown).
    fn look(&self, expected: &Expected) -> (Option<(PixelRect, Verdict)>, image::RgbImage) {
        let screen = self.screen();
        let shot = self.emulator.screenshot();
        let judged = self
            .avatar_bounds(&screen)
            .map(|bounds| (bounds, expected.judge(&shot, bounds)));
        (judged, shot)
    }

    /// Polls screenshots until the avatar box shows the expected photo; returns that verdict,
    /// or after `DEADLINE` why not (the last verdict, and the last screenshot, kept).
    pub fn wait_for_photo(&self, expected: &Expected) -> Result<Verdict, String> {
        let started = Instant::now();
        loop {
            let (judged, shot) = self.look(expected);
            let verdict = judged.map(|(_, v)| v);
            if let Some(v) = verdict.filter(Verdict::is_photo) {
                self.copy_for_review(&shot, "photo");
                return Ok(v);
            }
            if started.elapsed() > DEADLINE {
                let kept = self.keep_screenshot(&shot, "no-photo");
                let what = verdict.map_or("no picture in the avatar box".into(), |v| v.to_string());
                return Err(format!(
                    "the avatar was not drawn as the card's photo within {DEADLINE:?}: {what}. \
                     Screenshot: {kept}; the screen:\n{}",
                    self.screen()
                ));
            }
        }
    }

    /// Polls until the avatar box shows a picture that stays the same for three looks in a row
    /// and fills most of the box (so what is judged is the settled picture, not a frame drawn
    /// half-way); returns its verdict and keeps its screenshot as `name`.png.
    pub fn settled_verdict(&self, expected: &Expected, name: &str) -> Verdict {
        let mut same = 0;
        let mut last: Option<Verdict> = None;
        let what = format!("settled avatar box in {}", self.emulator.kind.name());
        let (verdict, shot) = wait_until(&what, || {
            let (judged, shot) = self.look(expected);
            let verdict = judged.map(|(_, v)| v);
            let full = judged.is_some_and(|(bounds, v)| {
                v.patch.is_some_and(|p| p.width * 4 >= bounds.width * 3)
            });
            same = if full && verdict == last { same + 1 } else { 0 };
            last = verdict;
            match verdict {
                Some(v) if same >= 2 => Ok((v, shot)),
                _ => Err(format!("the screen:\n{}", self.screen())),
            }
        });
        self.keep_screenshot(&shot, name);
        self.copy_for_review(&shot, name);
        verdict
    }

    /// Saves `shot` in the scratch folder; returns its path.
    pub fn keep_screenshot(&self, shot: &image::RgbImage, name: &str) -> String {
        let path = self.scratch.path.join(format!("{name}.png"));
        let _ = shot.save(&path);
        path.display().to_string()
    }

    /// With `BLOOCARD_EMU_SHOTS=DIR`, the screenshot that passed is also saved as
    /// `DIR/<test name>-<what>.png`, for a person to look at (a passing desk's scratch folder is
    /// removed).
    fn copy_for_review(&self, shot: &image::RgbImage, what: &str) {
        let Some(dir) = std::env::var_os("BLOOCARD_EMU_SHOTS") else {
            return;
        };
        let test = std::thread::current()
            .name()
            .unwrap_or("emulator")
            .replace("::", "-");
        let _ = std::fs::create_dir_all(&dir);
        let _ = shot.save(Path::new(&dir).join(format!("{test}-{what}.png")));
    }

    /// bloocard's log of this desk's runs.
    pub fn bloocard_log(&self) -> String {
        std::fs::read_to_string(self.state.join("bloocard/bloocard.log")).unwrap_or_default()
    }
}

/// A shell prompt is the last line shown.
fn prompt_shown(screen: &str) -> bool {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_end().ends_with(['$', '#']))
}

/// The folder a desk keeps its files in: removed after a pass, kept and named after a failure.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        // Under the system temp dir: kitty's socket path must stay short.
        let path = tempfile::Builder::new()
            .prefix("bloocard-emu-")
            .tempdir()
            .expect("a scratch folder")
            .keep();
        Scratch { path }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("kept for the failure: {}", self.path.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
