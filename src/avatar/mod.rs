//! The avatar pipeline: any photo (JPEG, PNG, WebP; EXIF-rotated; huge or tiny) becomes a square
//! 500–1024 px baseline JPEG under 1 MB with no metadata, quickly and within bounded memory.
//!
//! `prepare`/`prepare_file` make avatars; `inspect` reads headers; `preview` decodes for the TUI;
//! `decode_base64`/`encode_base64` move avatars in and out of the API's JSON.

mod color_profile;
mod decode;
mod encode;
mod error;
mod geometry;
mod input;
mod prepare;
mod preview;
mod resize;
mod transport;

pub use error::AvatarError;
pub use geometry::{MAX_SIDE, MIN_SIDE};
pub use input::{ImageInfo, MAX_FILE_BYTES, MAX_PIXELS, inspect, read_file};
pub use prepare::{
    CropRect, PrepareOptions, PrepareReport, Prepared, prepare, prepare_file, prepare_pixels,
};
pub use preview::preview;
pub use transport::{decode_base64, encode_base64};
