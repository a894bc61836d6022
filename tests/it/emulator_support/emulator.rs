//! A graphical terminal emulator (xterm as a VT340, or kitty) on a private X server, running
//! `sh`, typed into through the X server and read back three ways: its screenshot, its own
//! screen text, and its own log.
//!
//! Keys go in as X key events (XTEST, as a keyboard makes them), to the window given the focus
//! at start: the terminal turns them into bytes exactly as it does for a person.
//!
//! The screen text comes from the terminal itself, not from a recording of what was written to
//! it: kitty answers remote control (`kitty @ get-text`), and xterm writes its screen to a file
//! on its `print-immediate()` action, bound to a key no program sees (Ctrl+Shift+F12, which the
//! translation consumes). Both are the terminal's own parse of the same byte stream that draws
//! the pictures, so a sequence the terminal mis-parsed shows up in the text as it does on screen.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use image::RgbImage;

use super::process::{self, Spawned};
use super::xvfb::Display;
use crate::common::{DEADLINE, wait_until};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `xterm -ti vt340`: draws sixel.
    Xterm,
    /// Debian's kitty (0.26.5 on Debian 12), software-rendered.
    Kitty,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Xterm => "xterm -ti vt340",
            Kind::Kitty => "kitty",
        }
    }
}

/// The key xterm's translation binds to `print-immediate()`.
const XTERM_PRINT_KEY: &str = "ctrl+shift+F12";
/// One font for both terminals (fonts-dejavu-core): 8×17-pixel cells at 10 points.
const FONT: &str = "DejaVu Sans Mono";

pub struct Emulator {
    pub kind: Kind,
    /// The X window id, as xdotool and import name it.
    window: String,
    display: String,
    scratch: PathBuf,
    /// The terminal's stdout and stderr: its own log.
    log: PathBuf,
    _process: Spawned,
}

impl Emulator {
    /// Starts the terminal with a `cols`×`rows` window running `sh` in `env` (the whole
    /// environment: nothing of the test's own is inherited), and waits for its window.
    pub fn start(
        kind: Kind,
        display: &Display,
        scratch: &Path,
        env: &[(&str, String)],
        (cols, rows): (u16, u16),
    ) -> Emulator {
        let mut cmd = match kind {
            Kind::Xterm => xterm_command(scratch, cols, rows),
            Kind::Kitty => kitty_command(scratch, cols, rows),
        };
        cmd.env_clear().env("DISPLAY", &display.name);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let log = scratch.join(format!("{kind:?}.log").to_lowercase());
        let mut process = Spawned::start(kind.name(), &mut cmd, &log);
        let window = wait_for_window(display, &mut process, &log);
        let emulator = Emulator {
            kind,
            window,
            display: display.name.clone(),
            scratch: scratch.to_owned(),
            log,
            _process: process,
        };
        // The focus stays on the one window of this X server: every key event goes there.
        emulator.xdotool(&["windowfocus", "--sync", &emulator.window]);
        emulator
    }

    fn xdotool(&self, args: &[&str]) {
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .expect("xdotool runs (.ci/run installs it)");
        assert!(
            out.status.success(),
            "xdotool {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Types `text` as key presses.
    pub fn type_text(&self, text: &str) {
        self.xdotool(&["type", "--delay", "5", "--", text]);
    }

    /// Presses keys by X keysym name, in order, in one go: `Return`, `j`, `ctrl+d`.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["key", "--delay", "5", "--"];
        args.extend_from_slice(keys);
        self.xdotool(&args);
    }

    /// The terminal's screen as text, one line per row.
    pub fn screen(&self) -> String {
        match self.kind {
            Kind::Kitty => {
                let out = process::output(
                    Command::new("kitty")
                        .args(["@", "--to", &kitty_socket(&self.scratch), "get-text"])
                        .env_clear()
                        .env("PATH", std::env::var_os("PATH").unwrap_or_default()),
                );
                String::from_utf8_lossy(&out.unwrap_or_default()).into_owned()
            }
            Kind::Xterm => self.xterm_print(),
        }
    }

    /// Has xterm print its screen, and reads the file once it is whole (xterm names it by the
    /// time of day, so the folder is emptied first and the one file in it is the answer).
    fn xterm_print(&self) -> String {
        let dir = self.scratch.join("prints");
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
        self.keys(&[XTERM_PRINT_KEY]);
        let asked = Instant::now();
        let mut last: Option<Vec<u8>> = None;
        loop {
            let file = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .next();
            let now = file.and_then(|f| std::fs::read(f.path()).ok());
            if now.is_some() && now == last {
                return String::from_utf8_lossy(&now.unwrap_or_default()).into_owned();
            }
            last = now;
            if asked.elapsed() > DEADLINE {
                return String::new();
            }
            std::thread::sleep(Duration::from_millis(15));
        }
    }

    /// A screenshot of the terminal's window. As a PPM: ImageMagick writes it with no
    /// compression, several times faster than a PNG of the same screen.
    pub fn screenshot(&self) -> RgbImage {
        let ppm = process::output(
            Command::new("import")
                .args(["-window", &self.window, "-depth", "8", "ppm:-"])
                .env("DISPLAY", &self.display),
        )
        .expect("import (imagemagick; .ci/run installs it) takes a screenshot of the window");
        from_ppm(&ppm).expect("import writes a binary PPM (P6, 8 bits)")
    }

    /// The window's size in pixels.
    pub fn window_size(&self) -> (u32, u32) {
        let out = process::output(
            Command::new("xdotool")
                .args(["getwindowgeometry", "--shell", &self.window])
                .env("DISPLAY", &self.display),
        )
        .unwrap_or_default();
        let text = String::from_utf8_lossy(&out);
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.parse::<u32>().ok())
                .unwrap_or(0)
        };
        (field("WIDTH="), field("HEIGHT="))
    }

    /// What the terminal itself printed (kitty logs graphics protocol errors here).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn xterm_command(scratch: &Path, cols: u16, rows: u16) -> Command {
    let prints = scratch.join("prints");
    std::fs::create_dir_all(&prints).expect("a folder for xterm's screen prints");
    let mut cmd = Command::new("xterm");
    cmd.args(["-ti", "vt340", "-geometry", &format!("{cols}x{rows}+0+0")])
        .args([
            "-b", "0", "-bg", "black", "-fg", "white", "-fa", FONT, "-fs", "10",
        ])
        .arg("-xrm")
        .arg(format!(
            "XTerm*printFileImmediate: {}",
            prints.join("screen").display()
        ))
        // 1: the current screen only (the alternate one while a full-screen program runs).
        .args(["-xrm", "XTerm*printOptsImmediate: 1"])
        .arg("-xrm")
        .arg("XTerm*VT100.translations: #override Ctrl Shift <Key>F12: print-immediate()")
        .args(["-e", "sh"]);
    cmd
}

/// The remote-control socket: in the scratch folder, whose path is short (a Unix socket's path
/// has room for about 100 bytes).
fn kitty_socket(scratch: &Path) -> String {
    format!("unix:{}", scratch.join("kitty.sock").display())
}

fn kitty_command(scratch: &Path, cols: u16, rows: u16) -> Command {
    let mut cmd = Command::new("kitty");
    cmd.args(["--config", "NONE", "--listen-on", &kitty_socket(scratch)]);
    for option in [
        "allow_remote_control=yes".to_owned(),
        format!("font_family={FONT}"),
        "font_size=10".to_owned(),
        "remember_window_size=no".to_owned(),
        format!("initial_window_width={cols}c"),
        format!("initial_window_height={rows}c"),
        // The cell grid starts at the window's corner, so cells map to pixels by a product.
        "window_padding_width=0".to_owned(),
        "placement_strategy=top-left".to_owned(),
        "background=#000000".to_owned(),
        "foreground=#ffffff".to_owned(),
        "cursor_blink_interval=0".to_owned(),
        "enable_audio_bell=no".to_owned(),
        "update_check_interval=0".to_owned(),
        "shell_integration=disabled".to_owned(),
    ] {
        cmd.arg("-o").arg(option);
    }
    cmd.arg("sh");
    cmd
}

/// The terminal's top-level window, once it is mapped (the focus can only go to a mapped one).
fn wait_for_window(display: &Display, process: &mut Spawned, log: &Path) -> String {
    let pid = process.pid().to_string();
    wait_until("terminal window", || {
        let found = process::output(display.command("xdotool").args([
            "search",
            "--onlyvisible",
            "--pid",
            &pid,
        ]));
        let found = String::from_utf8_lossy(&found.unwrap_or_default()).into_owned();
        if let Some(window) = found.lines().last().filter(|w| !w.is_empty()) {
            return Ok(window.to_owned());
        }
        let log = std::fs::read_to_string(log).unwrap_or_default();
        assert!(
            !process.has_ended(),
            "the terminal exited at start; its log:\n{log}"
        );
        Err(format!("its log:\n{log}"))
    })
}

/// Decodes a binary PPM: `P6`, width, height, maximum value (255), each after whitespace, then
/// one whitespace byte and the RGB bytes.
fn from_ppm(bytes: &[u8]) -> Option<RgbImage> {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).ok()?);
    }
    let number = |i: usize| fields[i].parse::<u32>().ok();
    if fields[0] != "P6" || number(3)? != 255 {
        return None;
    }
    RgbImage::from_raw(number(1)?, number(2)?, bytes.get(at + 1..)?.to_vec())
}
