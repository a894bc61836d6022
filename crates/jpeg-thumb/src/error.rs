//! Why a decode failed, and the internal signal that a file is not one this decoder takes.

use std::fmt;

/// Why a JPEG this decoder takes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The data ends before the image does.
    Truncated,
    /// The frame header gives a width of zero.
    ZeroSize,
    /// The data breaks the JPEG format; the text says where, as one lower-case clause.
    Corrupt(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Truncated => f.write_str("the JPEG data ends before the image does"),
            Error::ZeroSize => f.write_str("the JPEG has a zero width"),
            Error::Corrupt(detail) => write!(f, "the JPEG is corrupt: {detail}"),
        }
    }
}

impl std::error::Error for Error {}

pub(crate) fn corrupt(detail: impl Into<String>) -> Error {
    Error::Corrupt(detail.into())
}

/// Why the header walk stopped: the file is not one this decoder takes, or it is broken.
pub(crate) enum HeaderError {
    Unsupported,
    Invalid(Error),
}

impl From<Error> for HeaderError {
    fn from(e: Error) -> Self {
        HeaderError::Invalid(e)
    }
}
