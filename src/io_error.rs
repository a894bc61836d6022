//! What a failed file or network operation means, in words: the one way an `io::Error` becomes
//! part of a sentence. The standard `Display` ends in "(os error 21)", which tells a user nothing;
//! here it is "it is a directory".

use std::fmt;
use std::io::{self, ErrorKind};

/// The error in words, lowercase, without the OS error number: "no such file or directory",
/// "permission denied", "it is a directory", "the connection was refused".
pub fn describe(e: &io::Error) -> String {
    // An error a library made with its own message says more than its kind.
    if e.raw_os_error().is_none() && e.get_ref().is_some() {
        return e.to_string();
    }
    match kind_words(e.kind()) {
        Some(words) => words.to_owned(),
        None => os_text(e),
    }
}

/// [`describe`] for a format string: `format!("could not read {path}: {}", Words(&e))`.
pub struct Words<'a>(pub &'a io::Error);

impl fmt::Display for Words<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&describe(self.0))
    }
}

/// Kinds stable in the crate's minimum Rust (1.88); the others read as the system's text.
fn kind_words(kind: ErrorKind) -> Option<&'static str> {
    use ErrorKind::*;
    Some(match kind {
        NotFound => "no such file or directory",
        PermissionDenied => "permission denied",
        IsADirectory => "it is a directory",
        NotADirectory => "a part of the path is not a directory",
        AlreadyExists => "it already exists",
        DirectoryNotEmpty => "the directory is not empty",
        ReadOnlyFilesystem => "the file system is read-only",
        StorageFull => "no space is left on the device",
        FileTooLarge => "the file is too large",
        TooManyLinks => "too many links",
        ResourceBusy => "the resource is busy",
        ExecutableFileBusy => "the file is a program that is running",
        ConnectionRefused => "the connection was refused (nothing is listening there)",
        ConnectionReset => "the connection was reset by the other side",
        ConnectionAborted => "the connection was aborted",
        NotConnected => "not connected",
        HostUnreachable => "the host cannot be reached",
        NetworkUnreachable => "the network cannot be reached",
        NetworkDown => "the network is down",
        AddrInUse => "the address is already in use",
        AddrNotAvailable => "the address is not available on this machine",
        BrokenPipe => "the other end closed the pipe",
        TimedOut => "it timed out",
        Interrupted => "it was interrupted",
        WouldBlock => "it would have to wait",
        UnexpectedEof => "it ended sooner than expected",
        OutOfMemory => "out of memory",
        Unsupported => "this system does not support it",
        _ => return None,
    })
}

/// The system's own text, without the " (os error N)" it ends in, lowercased at the start
/// ("Too many levels of symbolic links (os error 40)" → "too many levels of symbolic links").
fn os_text(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text.as_str(),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => format!("{kind:?}", kind = e.kind()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(code: i32) -> String {
        describe(&io::Error::from_raw_os_error(code))
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn os_errors_read_as_words_without_their_number() {
        assert_eq!(os(2), "no such file or directory");
        assert_eq!(os(13), "permission denied");
        assert_eq!(os(21), "it is a directory");
        assert_eq!(os(20), "a part of the path is not a directory");
        assert_eq!(
            os(111),
            "the connection was refused (nothing is listening there)"
        );
        assert_eq!(os(28), "no space is left on the device");
        // No word of ours: the system's text, without the number.
        assert_eq!(os(40), "too many levels of symbolic links");
    }

    #[test]
    fn no_sentence_keeps_an_os_error_number() {
        for code in 1..134 {
            let words = os(code);
            assert!(!words.contains("os error"), "{code}: {words}");
            assert!(!words.is_empty(), "{code}");
        }
    }

    #[test]
    fn a_library_message_is_kept() {
        let e = io::Error::new(ErrorKind::InvalidData, "stream did not contain valid UTF-8");
        assert_eq!(describe(&e), "stream did not contain valid UTF-8");
        assert_eq!(
            format!("x: {}", Words(&io::Error::from(ErrorKind::NotFound))),
            "x: no such file or directory"
        );
    }
}
