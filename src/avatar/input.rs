//! Reading an input photo safely: file checks that never block or over-read, format sniffing,
//! and the cheap header-only `inspect` that enforces the pixel bound before anything is decoded.

use std::fs::File;
use std::io::{Cursor, ErrorKind, Read};
use std::path::Path;

use image::{ImageDecoder, ImageFormat};

use super::error::AvatarError;

/// Largest input file read into memory. A 100 MP JPEG at high quality is ~40 MB; PNGs run bigger.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// Largest image, in pixels, that is decoded at all (header dimensions are checked first).
pub const MAX_PIXELS: u64 = 100_000_000;

/// What a header says about an image, learnt without decoding pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// "JPEG", "PNG" or "WebP".
    pub format: &'static str,
    pub width: u32,
    pub height: u32,
    /// Size of the encoded input.
    pub bytes: usize,
}

/// The formats the pipeline decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
        }
    }

    pub(crate) fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::WebP => ImageFormat::WebP,
        }
    }
}

/// Identifies the format from magic bytes; naming other image formats helps the user convert.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, AvatarError> {
    if bytes.is_empty() {
        return Err(AvatarError::Empty);
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(Format::Jpeg),
        Ok(ImageFormat::Png) => Ok(Format::Png),
        Ok(ImageFormat::WebP) => Ok(Format::WebP),
        Ok(other) => Err(AvatarError::UnsupportedFormat(
            format!("{other:?}").to_uppercase(),
        )),
        Err(_) if is_heif(bytes) => Err(AvatarError::UnsupportedFormat("HEIC/AVIF".into())),
        Err(_) => Err(AvatarError::NotAnImage),
    }
}

/// iPhones save HEIC by default; saying so beats "not an image".
fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && &bytes[4..8] == b"ftyp"
}

/// Reads the header only and refuses images over [`MAX_PIXELS`].
pub fn inspect(bytes: &[u8]) -> Result<ImageInfo, AvatarError> {
    let format = sniff(bytes)?;
    let (width, height) = match format {
        Format::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
            decoder
                .read_info()
                .map_err(|e| jpeg_error(e, bytes.len()))?;
            let info = decoder.info().ok_or(AvatarError::Truncated("JPEG"))?;
            (u32::from(info.width), u32::from(info.height))
        }
        Format::Png | Format::WebP => {
            image::ImageReader::with_format(Cursor::new(bytes), format.image_format())
                .into_decoder()
                .map_err(|e| image_error(format, e))?
                .dimensions()
        }
    };
    check_pixels(format, width, height)?;
    Ok(ImageInfo {
        format: format.name(),
        width,
        height,
        bytes: bytes.len(),
    })
}

pub(crate) fn check_pixels(format: Format, width: u32, height: u32) -> Result<(), AvatarError> {
    if width == 0 || height == 0 {
        return Err(AvatarError::ZeroSize);
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(AvatarError::TooManyPixels {
            format: format.name(),
            width,
            height,
            limit_mp: (MAX_PIXELS / 1_000_000) as u32,
        });
    }
    Ok(())
}

/// Maps jpeg-decoder's errors; running out of input is reported as truncation.
pub(crate) fn jpeg_error(e: jpeg_decoder::Error, _len: usize) -> AvatarError {
    match e {
        jpeg_decoder::Error::Io(io) if io.kind() == ErrorKind::UnexpectedEof => {
            AvatarError::Truncated("JPEG")
        }
        jpeg_decoder::Error::Format(detail) => AvatarError::Corrupt {
            format: "JPEG",
            detail,
        },
        jpeg_decoder::Error::Unsupported(feature) => AvatarError::Corrupt {
            format: "JPEG",
            detail: format!("unsupported JPEG feature {feature:?}"),
        },
        other => AvatarError::Corrupt {
            format: "JPEG",
            detail: other.to_string(),
        },
    }
}

/// Maps the `image` crate's errors for PNG and WebP.
pub(crate) fn image_error(format: Format, e: image::ImageError) -> AvatarError {
    match e {
        image::ImageError::IoError(io) if io.kind() == ErrorKind::UnexpectedEof => {
            AvatarError::Truncated(format.name())
        }
        // Dimensions were already checked, so only an odd layout (e.g. 16-bit) can get here.
        image::ImageError::Limits(_) => AvatarError::Corrupt {
            format: format.name(),
            detail: "decoding it would need more memory than bloocard allows".into(),
        },
        other => {
            let detail = other.to_string();
            // The png crate reports a short read as a format error naming EOF.
            if detail.to_ascii_lowercase().contains("eof")
                || detail.to_ascii_lowercase().contains("end of file")
            {
                AvatarError::Truncated(format.name())
            } else {
                AvatarError::Corrupt {
                    format: format.name(),
                    detail,
                }
            }
        }
    }
}

/// Reads a photo from disk with the checks a user's mistake needs: missing path, directory,
/// FIFO or device (never opened, so never blocks), permissions, empty and oversized files.
pub fn read_file(path: &Path) -> Result<Vec<u8>, AvatarError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    let file_type = meta.file_type();
    if !file_type.is_file() {
        return Err(AvatarError::NotAFile {
            path: path.to_path_buf(),
            kind: describe_file_type(&file_type),
        });
    }
    if meta.len() == 0 {
        return Err(AvatarError::Empty);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(AvatarError::FileTooLarge {
            bytes: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows between the size check and the read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    if bytes.is_empty() {
        return Err(AvatarError::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(AvatarError::FileTooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

fn io_error(path: &Path, e: std::io::Error) -> AvatarError {
    match e.kind() {
        ErrorKind::NotFound => AvatarError::NotFound(path.to_path_buf()),
        ErrorKind::PermissionDenied => AvatarError::PermissionDenied(path.to_path_buf()),
        ErrorKind::IsADirectory => AvatarError::NotAFile {
            path: path.to_path_buf(),
            kind: "a directory",
        },
        _ => AvatarError::Read {
            path: path.to_path_buf(),
            source: e,
        },
    }
}

fn describe_file_type(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    "not a regular file"
}
