//! The real `bloocard --demo` TUI in a pseudo-terminal: whatever ends or pauses it — SIGTERM,
//! SIGHUP (an SSH disconnect), a panic, Ctrl-Z and `fg` — the terminal is handed back usable:
//! the alternate screen left, the cursor shown, raw mode off (read from the PTY's own termios).
//!
//! The PTY comes from `openpty` (libc is already a dependency). The child gets its own process
//! group in our session, as a shell job does, rather than a session of its own: a session leader's
//! group is orphaned, and the kernel discards SIGTSTP sent to an orphaned group, so Ctrl-Z could
//! not be tested. Every wait polls with `common::wait_until`'s deadline, and the child is killed
//! if a test fails. The child's environment is `common::clean_env`, as in the tmux tests.

use crate::common;

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};

const ENTER_ALT: &str = "\x1b[?1049h";
const LEAVE_ALT: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";
/// Drawn once the demo's numbers are in: the first real frame.
const FIRST_NUMBER: &str = "+14155550123";

/// `bloocard --demo --image halfblocks` (or other arguments) on a 100×30 PTY, not inside any
/// multiplexer, its output collected as it comes.
struct Session {
    child: Child,
    master: File,
    /// Our copy of the terminal side, to read its termios (and so the master never sees EOF early).
    slave: OwnedFd,
    output: Arc<Mutex<Vec<u8>>>,
    /// The child's `HOME`, removed with the session.
    _home: tempfile::TempDir,
}

impl Session {
    fn start(env: &[(&str, &str)]) -> Session {
        Session::start_with(&["--demo", "--image", "halfblocks"], env)
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Session {
        let (master, slave) = open_pty(100, 30);
        let stdio = || Stdio::from(slave.try_clone().unwrap());
        let home = common::temp_home();
        let mut cmd = Command::new(common::BIN);
        common::clean_env(&mut cmd, home.path(), &common::state_dir())
            .args(args)
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio())
            .process_group(0);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().unwrap();
        let output = collect_output(&master);
        let mut session = Session {
            child,
            master,
            slave,
            output,
            _home: home,
        };
        session.wait_for("the first frame", |s| {
            s.output()
                .find(ENTER_ALT)
                .is_some_and(|at| s.output()[at..].contains(FIRST_NUMBER))
        });
        assert!(session.raw(), "raw mode is on while the TUI runs");
        session
    }

    fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// The last 2000 bytes of output, for failure messages.
    fn tail(&self) -> String {
        let out = self.output.lock().unwrap();
        String::from_utf8_lossy(&out[out.len().saturating_sub(2000)..]).into_owned()
    }

    /// Whether the terminal is in raw mode: no line editing, no echo.
    fn raw(&self) -> bool {
        let t = termios(&self.slave);
        t.c_lflag & (libc::ICANON | libc::ECHO) == 0
    }

    /// Whether the terminal is back as a shell wants it: line editing and echo on.
    fn cooked(&self) -> bool {
        let t = termios(&self.slave);
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).unwrap();
    }

    fn signal(&self, name: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{name}");
    }

    /// Polls until `done` holds (the session's `Drop` kills the child if it never does).
    fn wait_for(&mut self, what: &str, mut done: impl FnMut(&Session) -> bool) {
        common::wait_until(what, || {
            done(self)
                .then_some(())
                .ok_or_else(|| format!("output ends {:?}", self.tail()))
        });
    }

    fn wait_exit(&mut self) -> ExitStatus {
        common::wait_until("exit", || match self.child.try_wait().unwrap() {
            Some(status) => Ok(status),
            None => Err(format!("still running; output ends {:?}", self.tail())),
        })
    }

    /// The process state letter from /proc (`T` is stopped).
    fn state(&self) -> char {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // The state follows the command name, which is in parentheses.
        stat.rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
            .unwrap_or('?')
    }

    /// Waits until the output after the last time the alternate screen was entered leaves it and
    /// then shows the cursor (the reader may still be catching up with an exited process), then
    /// asserts that raw mode is off; returns what followed leaving the screen.
    fn assert_restored(&mut self) -> String {
        fn restored(out: &str) -> Option<String> {
            let tail = &out[out.rfind(ENTER_ALT)?..];
            let left = &tail[tail.find(LEAVE_ALT)?..];
            left.contains(SHOW_CURSOR).then(|| left.to_owned())
        }
        self.wait_for("leaving the alternate screen, cursor shown", |s| {
            restored(&s.output()).is_some()
        });
        assert!(self.cooked(), "raw mode is still on");
        restored(&self.output()).unwrap_or_default()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Everything the PTY's child writes, collected as it comes by a reader thread. The thread ends
/// when the PTY closes (EIO) with the test process; a detached reader is harmless.
pub(crate) fn collect_output(master: &File) -> Arc<Mutex<Vec<u8>>> {
    let output = Arc::new(Mutex::new(Vec::new()));
    let (mut reader, sink) = (master.try_clone().unwrap(), output.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    output
}

pub(crate) fn open_pty(cols: u16, rows: u16) -> (File, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors into the out-parameters and only reads `size`;
    // a null name and termios ask for none and the defaults.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // openpty's descriptors are inherited by every child: in one test binary other tests spawn
    // tmux servers and binaries meanwhile, which would keep this PTY open. Only our own child
    // gets it (as its stdio, which `Command` sets up without the flag).
    for fd in [master, slave] {
        // SAFETY: F_SETFD on a descriptor we just opened changes only its close-on-exec flag.
        assert_eq!(
            unsafe { libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) },
            0
        );
    }
    // SAFETY: both descriptors were just opened for us and nothing else owns them.
    unsafe { (File::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

fn termios(fd: &OwnedFd) -> libc::termios {
    // SAFETY: termios is plain data; tcgetattr fills it from an open terminal descriptor.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(fd.as_raw_fd(), &mut t), 0);
        t
    }
}

fn ends_promptly_and_restores(signal: &str, code: i32) {
    let mut s = Session::start(&[]);
    s.signal(signal);
    let status = s.wait_exit();
    assert_eq!(
        status.signal(),
        None,
        "{signal} was caught and handled, not fatal: {status:?}"
    );
    // …and still reported as a shell would report the signal: 128 + its number.
    assert_eq!(status.code(), Some(code), "{status:?}");
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    ends_promptly_and_restores("TERM", 143);
}

#[test]
fn sighup_restores_the_terminal() {
    ends_promptly_and_restores("HUP", 129);
}

#[test]
fn a_panic_restores_the_terminal_before_its_message() {
    let mut s = Session::start(&[(bloocard::tui::TEST_PANIC_VAR, "1")]);
    s.send(b"x");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(101), "a panic's exit code");
    let after = s.assert_restored();
    assert!(
        after.contains("panicked") && after.contains("panicking on the first input"),
        "the panic message is printed after leaving the alternate screen: {after:?}"
    );
}

#[test]
fn ctrl_z_stops_with_the_terminal_restored_and_fg_redraws() {
    let mut s = Session::start(&[]);
    let before = s.output().len();
    // Raw mode reads Ctrl-Z as a key: the app restores the terminal, then stops itself.
    s.send(&[0x1a]);
    s.wait_for("stop", |s| s.state() == 'T');
    assert!(
        s.output().rfind(ENTER_ALT).is_some_and(|at| at < before),
        "not re-entered while stopped"
    );
    s.assert_restored();
    let stopped_at = s.output().len();

    s.signal("CONT");
    s.wait_for("redraw after SIGCONT", |s| {
        let out = s.output();
        out[stopped_at..]
            .find(ENTER_ALT)
            .is_some_and(|at| out[stopped_at + at..].contains(FIRST_NUMBER))
    });
    s.wait_for("raw mode again", Session::raw);

    // Still alive and listening: q quits (nothing unsaved), restoring once more.
    s.send(b"q");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
    s.assert_restored();
}

/// Default options in a plain terminal that answers no query (this PTY): the first frame comes up
/// and the first key after it is not swallowed by a terminal-graphics query.
#[test]
fn default_options_keep_the_first_key_after_start_up() {
    let mut s = Session::start_with(&["--demo"], &[]);
    s.send(b"q");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(0), "the first key, q, quit: {status:?}");
    s.assert_restored();
}

/// Default options in a fake terminal that answers the probe as written below: slowly, split
/// into pieces with pauses between, with `?` typed among them. The help must open, and once
/// closed and opened again name what the answers said; then `q` must quit: no answer byte
/// became a key, no key was lost, nothing hung.
fn answered(answers: &[&[u8]], help_says: &str) {
    let mut s = Session::start_with(&["--demo"], &[]);
    s.wait_for("the probe's DA1 query", |s| s.output().contains("\x1b[c"));
    let since_probe = s.output().len();
    for piece in answers {
        s.send(piece);
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
    s.wait_for("the help opened by the ? typed among the answers", |s| {
        squeezed(&s.output()[since_probe..]).contains("Escclosehelp")
    });
    s.send(b"\x1b");
    std::thread::sleep(std::time::Duration::from_millis(200));
    s.send(b"?");
    // Read on the screen: ratatui writes only the cells that change, so over the earlier
    // frames a word can be drawn in pieces.
    let words = squeezed(help_says);
    s.wait_for("the help naming the terminal's answers", |s| {
        squeezed(&crate::pty_screen::screen(&s.output(), 100, 30)).contains(&words)
    });
    for stray in ["OK", "62;4c", "1;2c", "junk"] {
        assert!(
            !squeezed(&s.output()[since_probe..]).contains(stray),
            "{stray:?} drawn"
        );
    }
    s.send(b"\x1b");
    std::thread::sleep(std::time::Duration::from_millis(100));
    s.send(b"q");
    let status = s.wait_exit();
    assert_eq!(status.code(), Some(0), "Esc then q quit: {status:?}");
    s.assert_restored();
}

/// `text` without escape sequences (ratatui moves the cursor over the blanks it need not draw),
/// strings (a sixel picture's data) or blanks, so the words drawn can be found.
fn squeezed(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            match chars.next() {
                Some('[') => _ = chars.by_ref().find(|c| ('@'..='~').contains(c)),
                // A string (the sixel picture among them) up to its ST.
                Some('P' | '_' | ']') => {
                    chars.by_ref().find(|&c| c == '\x1b');
                    chars.next();
                }
                _ => {}
            }
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_slow_terminal_that_answers_everything_in_pieces_gets_its_protocol_and_keeps_the_keys() {
    answered(
        &[
            b"\x1bP>|xterm(3",
            b"88)\x1b\\\x1b[6;17",
            b";8t",
            b"?",
            b"\x1b[?6",
            b"2;4c",
        ],
        "xterm(388) via XTVERSION; DA1 lists sixel",
    );
}

#[test]
fn a_terminal_that_answers_only_da1_after_garbage_gets_half_blocks_and_keeps_the_keys() {
    answered(
        &[
            b"\x1bP!|junk\x1b\\",
            b"?",
            b"\x1b_Gjunk\x1b\\",
            b"\x1b[?1;2c",
        ],
        "no kitty graphics, no sixel in DA1",
    );
}
