//! The one error type of the avatar pipeline: every variant reads as one sentence naming the cause.

use std::path::PathBuf;

/// Why an image could not be read, checked or turned into an avatar.
#[derive(Debug, thiserror::Error)]
pub enum AvatarError {
    #[error("{} does not exist", .0.display())]
    NotFound(PathBuf),
    #[error("{} is {kind}, not an image file", .path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("{} cannot be read: permission denied", .0.display())]
    PermissionDenied(PathBuf),
    #[error("{} cannot be read: {}", .path.display(), crate::io_error::Words(.source))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the file is empty (0 bytes), not an image")]
    Empty,
    #[error(
        "the file is {}, more than the {} an input photo may be",
        crate::byte_size::human(usize::try_from(*.bytes).unwrap_or(usize::MAX)),
        crate::byte_size::human(usize::try_from(*.limit).unwrap_or(usize::MAX))
    )]
    FileTooLarge { bytes: u64, limit: u64 },
    #[error("the data is not an image bloocard can read (expected JPEG, PNG or WebP)")]
    NotAnImage,
    #[error("{0} images are not supported; convert the photo to JPEG, PNG or WebP first")]
    UnsupportedFormat(String),
    #[error(
        "the {format} header claims {width}×{height} pixels, over the {limit_mp}-megapixel limit \
         (a decompression bomb or a corrupt file); refused before decoding"
    )]
    TooManyPixels {
        format: &'static str,
        width: u32,
        height: u32,
        limit_mp: u32,
    },
    #[error("the {0} image is truncated: the file ends before the image data does")]
    Truncated(&'static str),
    #[error("the {format} image is corrupt: {detail}")]
    Corrupt {
        format: &'static str,
        detail: String,
    },
    #[error("the image has a zero width or height")]
    ZeroSize,
    #[error("invalid option: {0}")]
    InvalidOption(String),
    #[error(
        "the avatar does not fit in {} even at JPEG quality 1",
        crate::byte_size::human(*.max_bytes)
    )]
    CannotFit { max_bytes: usize },
    #[error("the base64 avatar text is invalid: {0}")]
    Base64(String),
    #[error("the image could not be resized: {0}")]
    Resize(String),
    #[error("the JPEG could not be encoded: {0}")]
    Encode(String),
}

/// The thumbnail decoder's failures, in the pipeline's words.
impl From<jpeg_thumb::Error> for AvatarError {
    fn from(e: jpeg_thumb::Error) -> Self {
        match e {
            jpeg_thumb::Error::Truncated => AvatarError::Truncated("JPEG"),
            jpeg_thumb::Error::ZeroSize => AvatarError::ZeroSize,
            jpeg_thumb::Error::Corrupt(detail) => AvatarError::Corrupt {
                format: "JPEG",
                detail,
            },
        }
    }
}
