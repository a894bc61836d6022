//! `api_key_command`: the key from a password manager (`pass show blooio/acme`, `op read …`).
//!
//! The command runs with `sh -c`, stdin closed and in its own process group, so it has no
//! terminal to prompt on (a read from the terminal stops it instead of stealing the user's
//! keys) and a timeout ends it. Its first line of output is the key, which is never logged; its
//! stderr is shown only when it fails, cleaned, on one line, with the key taken out.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::config::ApiKey;

#[derive(Debug, thiserror::Error)]
pub enum KeyCommandError {
    #[error("api_key_command could not be started ({})", crate::io_error::Words(.0))]
    Spawn(std::io::Error),
    #[error(
        "api_key_command did not finish within {} s; it runs without a terminal, so it cannot \
         ask for a passphrase (unlock the password manager first)",
        .0.as_secs()
    )]
    TimedOut(Duration),
    #[error("api_key_command failed ({status}){}", stderr_words(.stderr))]
    Failed { status: String, stderr: String },
    #[error("api_key_command printed no key")]
    Empty,
    #[error(
        "the first line api_key_command printed is not a key (it holds spaces or control characters, or is not UTF-8)"
    )]
    Malformed,
}

fn stderr_words(stderr: &str) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {stderr}")
    }
}

/// Longest stderr excerpt shown: an error line, not a dump.
const MAX_STDERR_CHARS: usize = 300;

/// Runs `command` and returns the first line it printed, as the key.
pub fn run(command: &str, timeout: Duration) -> Result<ApiKey, KeyCommandError> {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().map_err(KeyCommandError::Spawn)?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                // The readers are left behind: a grandchild may hold the pipes open.
                let _ = child.kill();
                let _ = child.wait();
                return Err(KeyCommandError::TimedOut(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(KeyCommandError::Spawn(e)),
        }
    };
    let out = String::from_utf8(stdout.join().unwrap_or_default());
    let first_line = out
        .as_ref()
        .ok()
        .map(|s| s.lines().next().unwrap_or_default().trim().to_owned());
    if !status.success() {
        let err = stderr.join().unwrap_or_default();
        return Err(KeyCommandError::Failed {
            status: status_words(status),
            stderr: one_line(&String::from_utf8_lossy(&err), first_line.as_deref()),
        });
    }
    match first_line {
        None => Err(KeyCommandError::Malformed),
        Some(line) if line.is_empty() => Err(KeyCommandError::Empty),
        Some(line) => ApiKey::new(line).map_err(|_| KeyCommandError::Malformed),
    }
}

/// Reads a pipe to its end on a thread, so neither pipe can fill up and block the command.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(pipe) = pipe {
            let _ = pipe.take(64 * 1024).read_to_end(&mut buf);
        }
        buf
    })
}

fn status_words(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit {code}");
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("killed by signal {signal}");
    }
    status.to_string()
}

/// The command's stderr as one clean line, at most [`MAX_STDERR_CHARS`], without the key (a
/// failing command may still have printed one).
fn one_line(stderr: &str, key: Option<&str>) -> String {
    let mut text = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ");
    if let Some(key) = key.filter(|k| k.len() >= 4) {
        text = text.replace(key, "<redacted>");
    }
    let text = crate::sanitize::clean(&text).into_owned();
    match text.char_indices().nth(MAX_STDERR_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(10);

    #[test]
    fn the_first_line_is_the_key() {
        let key = run("printf 'bl_live_abc\\nsecond\\n'", T).unwrap();
        assert_eq!(key.expose(), "bl_live_abc");
    }

    #[test]
    fn a_failure_shows_its_stderr_on_one_line_without_the_key() {
        let e = run(
            "echo bl_live_leak; echo 'gpg: no secret\nkey here' >&2; exit 2",
            T,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "api_key_command failed (exit 2): gpg: no secret / key here"
        );
        let e = run("echo 'oops bl_live_leak' >&2; echo bl_live_leak; exit 1", T)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("bl_live_leak"), "{e}");
    }

    #[test]
    fn empty_and_malformed_output_are_refused() {
        assert!(matches!(run("true", T), Err(KeyCommandError::Empty)));
        assert!(matches!(run("echo", T), Err(KeyCommandError::Empty)));
        assert!(matches!(
            run("echo 'two words'", T),
            Err(KeyCommandError::Malformed)
        ));
    }

    #[test]
    fn it_has_no_terminal_and_a_timeout() {
        // stdin is closed: `read` gets end-of-file at once instead of waiting for the user.
        assert!(matches!(run("read x; echo k$x", T), Ok(k) if k.expose() == "k"));
        let started = Instant::now();
        let e = run("sleep 5", Duration::from_millis(300)).unwrap_err();
        assert!(matches!(e, KeyCommandError::TimedOut(_)), "{e}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}
