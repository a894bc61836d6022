//! The avatar pipeline: any accepted photo becomes a square baseline JPEG the API takes, and a
//! one-line report of what was done to it.

use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use image::metadata::Orientation;

use super::color_profile::convert_to_srgb;
use super::decode::{Decoded, Need, decode};
use super::encode::encode_within;
use super::error::AvatarError;
use super::geometry::{Geometry, MAX_SIDE, MIN_SIDE, describe, swaps_axes};
use super::input::read_file;
use super::resize::square;

/// What the caller may choose about the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrepareOptions {
    /// Largest output side, 500–1024 (default 1024). Smaller photos keep their own size.
    pub size: u32,
    /// JPEG quality to try first, 1–100 (default 85).
    pub quality: u8,
    /// Byte budget; quality steps down until the JPEG fits (default 1,000,000).
    pub max_bytes: usize,
}

impl Default for PrepareOptions {
    fn default() -> Self {
        PrepareOptions {
            size: MAX_SIDE,
            quality: 85,
            max_bytes: 1_000_000,
        }
    }
}

impl PrepareOptions {
    fn validate(&self) -> Result<(), AvatarError> {
        if !(MIN_SIDE..=MAX_SIDE).contains(&self.size) {
            return Err(AvatarError::InvalidOption(format!(
                "size {} is outside {MIN_SIDE}–{MAX_SIDE} pixels",
                self.size
            )));
        }
        if !(1..=100).contains(&self.quality) {
            return Err(AvatarError::InvalidOption(format!(
                "quality {} is outside 1–100",
                self.quality
            )));
        }
        if self.max_bytes == 0 {
            return Err(AvatarError::InvalidOption("the byte budget is 0".into()));
        }
        Ok(())
    }
}

/// A finished avatar and the account of how it was made.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Baseline JPEG, square, 500–1024 px, within the byte budget, without metadata.
    pub jpeg: Vec<u8>,
    pub report: PrepareReport,
}

/// A square region, in the coordinates of the image as displayed (after orientation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CropRect {
    pub x: u32,
    pub y: u32,
    pub side: u32,
}

/// Everything `avatar prepare` says about one run.
#[derive(Debug, Clone, PartialEq)]
pub struct PrepareReport {
    pub input_bytes: usize,
    /// "JPEG", "PNG" or "WebP".
    pub format: &'static str,
    /// Input size as displayed, i.e. after orientation.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation value 1–8 that was applied (1 = none).
    pub orientation: u8,
    /// Size the JPEG was actually decoded at (DCT scaling), before orientation.
    pub decoded_width: u32,
    pub decoded_height: u32,
    pub crop: CropRect,
    /// Side of the square output.
    pub out_side: u32,
    pub out_bytes: usize,
    pub quality: u8,
    /// The photo was under 500 px and was enlarged.
    pub upscaled: bool,
    /// The photo carried a non-sRGB ICC profile (e.g. Display P3) and was converted to sRGB.
    pub converted_to_srgb: bool,
    pub elapsed: Duration,
}

impl fmt::Display for PrepareReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let orientation = Orientation::from_exif(self.orientation)
            .map(describe)
            .unwrap_or("none");
        write!(
            f,
            "input {} {}×{}, {}; orientation {} ({orientation}); ",
            self.format,
            self.width,
            self.height,
            crate::byte_size::human(self.input_bytes),
            self.orientation
        )?;
        let (stored_w, stored_h) = if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        };
        if (self.decoded_width, self.decoded_height) != (stored_w, stored_h) {
            write!(
                f,
                "decoded at {}×{}; ",
                self.decoded_width, self.decoded_height
            )?;
        }
        write!(
            f,
            "crop {}×{} at ({},{}); output {}×{} JPEG",
            self.crop.side, self.crop.side, self.crop.x, self.crop.y, self.out_side, self.out_side
        )?;
        if self.upscaled {
            write!(f, " (upscaled: the photo is under {MIN_SIDE} px)")?;
        }
        if self.converted_to_srgb {
            write!(
                f,
                ", colours converted to sRGB from the photo's ICC profile"
            )?;
        }
        write!(
            f,
            ", {}, quality {}; {} ms",
            crate::byte_size::human(self.out_bytes),
            self.quality,
            self.elapsed.as_millis()
        )
    }
}

/// Turns an encoded photo into an avatar.
pub fn prepare(input: &[u8], opts: &PrepareOptions) -> Result<Prepared, AvatarError> {
    prepare_since(input, opts, Instant::now())
}

/// Reads `path` with the local-file checks, then [`prepare`]s it; the time includes the read.
pub fn prepare_file(path: &Path, opts: &PrepareOptions) -> Result<Prepared, AvatarError> {
    let started = Instant::now();
    opts.validate()?;
    let bytes = read_file(path)?;
    prepare_since(&bytes, opts, started)
}

/// The pipeline up to, not including, the JPEG encode: the oriented square RGB pixels. It exists
/// so quality can be measured apart from JPEG loss (`examples/avatar_psnr.rs`).
pub fn prepare_pixels(input: &[u8], opts: &PrepareOptions) -> Result<image::RgbImage, AvatarError> {
    opts.validate()?;
    let square = square_pixels(input, opts)?;
    let side = square.geometry.out_side;
    image::RgbImage::from_raw(side, side, square.pixels)
        .ok_or_else(|| AvatarError::Resize("buffer size".into()))
}

/// The decoded photo and the finished output square, before encoding.
struct Square {
    decoded: Decoded,
    geometry: Geometry,
    pixels: Vec<u8>,
    converted_to_srgb: bool,
}

fn square_pixels(input: &[u8], opts: &PrepareOptions) -> Result<Square, AvatarError> {
    // The short side needed is the output side; the geometry is only known after the header,
    // so ask for `size` and let `decode` cap it at the photo's own short side.
    let decoded = decode(input, Need::CentreSquare(opts.size))?;
    let geometry = Geometry::centre_square(decoded.full_width, decoded.full_height, opts.size);
    let mut pixels = square(&decoded, &geometry)?;
    // After the resize: converting ~1 MP instead of the whole photo.
    let converted_to_srgb = decoded
        .icc
        .as_deref()
        .is_some_and(|icc| convert_to_srgb(&mut pixels, icc));
    Ok(Square {
        decoded,
        geometry,
        pixels,
        converted_to_srgb,
    })
}

fn prepare_since(
    input: &[u8],
    opts: &PrepareOptions,
    started: Instant,
) -> Result<Prepared, AvatarError> {
    opts.validate()?;
    let Square {
        decoded,
        geometry,
        pixels,
        converted_to_srgb,
    } = square_pixels(input, opts)?;
    let (jpeg, quality) = encode_within(&pixels, geometry.out_side, opts.quality, opts.max_bytes)?;

    let swapped = swaps_axes(decoded.orientation);
    let (width, height, x, y) = if swapped {
        (
            decoded.full_height,
            decoded.full_width,
            geometry.top,
            geometry.left,
        )
    } else {
        (
            decoded.full_width,
            decoded.full_height,
            geometry.left,
            geometry.top,
        )
    };
    let report = PrepareReport {
        input_bytes: input.len(),
        format: decoded.format.name(),
        width,
        height,
        orientation: decoded.orientation.to_exif(),
        decoded_width: decoded.width,
        decoded_height: decoded.height,
        crop: CropRect {
            x,
            y,
            side: geometry.side,
        },
        out_side: geometry.out_side,
        out_bytes: jpeg.len(),
        quality,
        upscaled: geometry.upscaled,
        converted_to_srgb,
        elapsed: started.elapsed(),
    };
    Ok(Prepared { jpeg, report })
}
