//! A progressive-JPEG decoder made for thumbnails.
//!
//! Why not jpeg-decoder, which handles baseline JPEGs well here: for progressive files it keeps
//! all 64 coefficients of every block until the last scan (~110 MB for an 18 MP photo) and reads
//! refinement bits one at a time through `io::Read`, which made it slower than GraphicsMagick.
//! This decoder keeps only the coefficients the reduced-scale IDCT needs, reads bits from a
//! 64-bit buffer, and decodes independent scans on two threads.
//!
//! Only 8-bit Huffman progressive frames with one (grey) or three components are taken; for
//! anything else `decode` returns `None` and the caller uses the general decoder.

mod bits;
mod color;
mod headers;
mod huffman;
mod idct;
mod scan;
mod schedule;
#[cfg(test)]
mod tests;

use image::metadata::Orientation;

use self::color::{ColorModel, Source};
use self::headers::{HeaderError, Parsed};
use self::scan::AcBlocks;
use super::decode::{Decoded, Need};
use super::error::AvatarError;
use super::input::{Format, check_pixels};

/// Decodes a progressive JPEG at the smallest DCT scale (1/1, 1/2, 1/4, 1/8) whose short side
/// still has the pixels `need` asks for; `None` when the file is not one this decoder takes.
pub(crate) fn decode(bytes: &[u8], need: Need) -> Result<Option<Decoded>, AvatarError> {
    let parsed = match headers::parse(bytes) {
        Ok(parsed) => parsed,
        Err(HeaderError::Unsupported) => return Ok(None),
        Err(HeaderError::Invalid(e)) => return Err(e),
    };
    let frame = &parsed.frame;
    check_pixels(Format::Jpeg, frame.width, frame.height)?;
    let short_side = need.short_side_for(frame.width, frame.height);
    let denominator = scale_denominator(frame.width.min(frame.height), short_side);

    let mut dc = Vec::with_capacity(frame.components.len());
    let mut ac = Vec::with_capacity(frame.components.len());
    let mut steps = Vec::with_capacity(frame.components.len());
    for (c, component) in frame.components.iter().enumerate() {
        let (stride, rows) = frame.stored_blocks(c);
        let (kx, step_x) = corner(frame.h_max / component.h, denominator);
        let (ky, step_y) = corner(frame.v_max / component.v, denominator);
        dc.push(vec![0i16; stride * rows]);
        ac.push(AcBlocks::new(stride, rows, kx, ky));
        steps.push((step_x, step_y));
    }

    schedule::decode_scans(&parsed.scans, frame, bytes, &mut dc, &mut ac)?;

    let quant: Vec<[u16; 64]> = frame
        .components
        .iter()
        .map(|component| component.quant.unwrap_or([0; 64]))
        .collect();
    let planes = schedule::render_planes(&ac, &dc, &quant);
    drop((ac, dc));

    let width = frame.width.div_ceil(denominator);
    let height = frame.height.div_ceil(denominator);
    let sources: Vec<Source> = planes
        .iter()
        .zip(&steps)
        .map(|(plane, &(step_x, step_y))| Source {
            plane,
            step_x,
            step_y,
        })
        .collect();
    let rgb = color::to_rgb(
        color_model(&parsed),
        &sources,
        width as usize,
        height as usize,
    );
    let orientation = parsed
        .exif
        .and_then(|range| bytes.get(range))
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    Ok(Some(Decoded {
        format: Format::Jpeg,
        full_width: frame.width,
        full_height: frame.height,
        width,
        height,
        rgb,
        orientation,
        icc: parsed.icc,
    }))
}

/// The largest of 8, 4, 2, 1 that keeps `short_side` pixels of `short`.
fn scale_denominator(short: u32, short_side: u32) -> u32 {
    [8, 4, 2]
        .into_iter()
        .find(|&d| short.div_ceil(d) >= short_side)
        .unwrap_or(1)
}

/// For a component subsampled by `ratio` (1, 2, 4) at output scale 1/`denominator`: the kept
/// corner size (at most 8) and how many output pixels each decoded sample then covers.
fn corner(ratio: usize, denominator: u32) -> (usize, usize) {
    let wanted = 8 * ratio / denominator as usize;
    let size = wanted.clamp(1, 8);
    (size, (wanted / size).max(1))
}

fn color_model(parsed: &Parsed) -> ColorModel {
    let ids: Vec<u8> = parsed.frame.components.iter().map(|c| c.id).collect();
    match (ids.len(), parsed.adobe_transform) {
        (1, _) => ColorModel::Gray,
        (_, Some(0)) => ColorModel::Rgb,
        (_, None) if ids == b"RGB" => ColorModel::Rgb,
        _ => ColorModel::YCbCr,
    }
}
