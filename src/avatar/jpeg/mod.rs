//! A JPEG decoder made for thumbnails.
//!
//! Why not jpeg-decoder: for progressive files it keeps all 64 coefficients of every block until
//! the last scan (~110 MB for an 18 MP photo) and reads refinement bits one at a time through
//! `io::Read`, which made it slower than GraphicsMagick; for baseline files it transforms and
//! colour-converts the whole photo though an avatar keeps only its centred square. This decoder
//! keeps only the coefficients the reduced-scale IDCT needs, reads bits from a 64-bit buffer,
//! decodes independent progressive scans on two threads, and overlaps a baseline file's Huffman
//! decoding with the IDCT of the centred square it needs.
//!
//! Only 8-bit Huffman frames with one (grey) or three components are taken, and sequential ones
//! only with a single scan; for anything else `decode` returns `None` and the caller uses the
//! general decoder.

mod bits;
mod color;
mod headers;
mod huffman;
mod idct;
mod scan;
mod schedule;
mod sequential;
#[cfg(test)]
mod tests;

use image::metadata::Orientation;

use self::color::{ColorModel, Source};
use self::headers::{Frame, HeaderError, Parsed};
use self::idct::Plane;
use self::scan::AcBlocks;
use self::sequential::McuWindow;
use super::decode::{Decoded, Need, Region};
use super::error::AvatarError;
use super::geometry::{Geometry, MAX_SIDE};
use super::input::{Format, check_pixels};

/// Decodes a JPEG at the smallest DCT scale (1/1, 1/2, 1/4, 1/8) whose short side still has the
/// pixels `need` asks for; `None` when the file is not one this decoder takes.
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
    let centre_only = matches!(need, Need::CentreSquare(_));
    decode_parsed(bytes, &parsed, denominator, centre_only)
}

/// Decodes at 1/`denominator`: the whole image, or with `centre_only` at least the centred
/// square and a margin around it (only sequential files are cut down that way).
fn decode_parsed(
    bytes: &[u8],
    parsed: &Parsed,
    denominator: u32,
    centre_only: bool,
) -> Result<Option<Decoded>, AvatarError> {
    let frame = &parsed.frame;
    let scales: Vec<Scale> = frame
        .components
        .iter()
        .map(|component| {
            let (kx, step_x) = corner(frame.h_max / component.h, denominator);
            let (ky, step_y) = corner(frame.v_max / component.v, denominator);
            Scale {
                corner: (kx, ky),
                step: (step_x, step_y),
            }
        })
        .collect();
    let width = frame.width.div_ceil(denominator);
    let height = frame.height.div_ceil(denominator);

    let (planes, region) = if frame.progressive {
        (
            decode_progressive(bytes, parsed, &scales)?,
            Region::whole(width, height),
        )
    } else {
        // Sequential files whose components come in separate scans are rare enough to leave.
        let [scan] = parsed.scans.as_slice() else {
            return Ok(None);
        };
        if scan.components.len() != frame.components.len() {
            return Ok(None);
        }
        let window = mcu_window(frame, denominator, centre_only);
        let data = bytes
            .get(scan.data.clone())
            .ok_or(AvatarError::Truncated("JPEG"))?;
        let kept: Vec<(usize, usize)> = scales.iter().map(|scale| scale.corner).collect();
        let planes = sequential::decode(scan, frame, data, &kept, &window)?;
        (
            planes,
            region_of(&window, frame, denominator, width, height),
        )
    };

    let sources: Vec<Source> = planes
        .iter()
        .zip(&scales)
        .map(|(plane, scale)| Source {
            plane,
            step_x: scale.step.0,
            step_y: scale.step.1,
        })
        .collect();
    let rgb = color::to_rgb(
        color_model(parsed),
        &sources,
        region.width as usize,
        region.height as usize,
    );
    let orientation = parsed
        .exif
        .clone()
        .and_then(|range| bytes.get(range))
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    Ok(Some(Decoded {
        format: Format::Jpeg,
        full_width: frame.width,
        full_height: frame.height,
        width,
        height,
        region,
        rgb,
        orientation,
        icc: parsed.icc.clone(),
    }))
}

fn decode_progressive(
    bytes: &[u8],
    parsed: &Parsed,
    scales: &[Scale],
) -> Result<Vec<Plane>, AvatarError> {
    let frame = &parsed.frame;
    let mut dc = Vec::with_capacity(frame.components.len());
    let mut ac = Vec::with_capacity(frame.components.len());
    for (
        c,
        &Scale {
            corner: (kx, ky), ..
        },
    ) in scales.iter().enumerate()
    {
        let (stride, rows) = frame.stored_blocks(c);
        dc.push(vec![0i16; stride * rows]);
        ac.push(AcBlocks::new(stride, rows, kx, ky));
    }
    schedule::decode_scans(&parsed.scans, frame, bytes, &mut dc, &mut ac)?;
    let quant: Vec<[u16; 64]> = frame
        .components
        .iter()
        .map(|component| component.quant.unwrap_or([0; 64]))
        .collect();
    Ok(schedule::render_planes(&ac, &dc, &quant))
}

/// Pixels (at the decoded scale) the resize may read around the centred square: more than a
/// Lanczos3 filter reaches when shrinking to at least half size, which DCT scaling ensures.
const MARGIN: usize = 16;

/// The MCUs to decode: all of them, or with `centre_only` those covering the centred square
/// and `MARGIN` pixels around it.
fn mcu_window(frame: &Frame, denominator: u32, centre_only: bool) -> McuWindow {
    let all = McuWindow {
        x0: 0,
        x1: frame.mcus_x,
        y0: 0,
        y1: frame.mcus_y,
    };
    if !centre_only {
        return all;
    }
    // The square `prepare` will crop (the output size plays no part in where it lies).
    let square = Geometry::centre_square(frame.width, frame.height, MAX_SIDE);
    let side = square.side as usize;
    let margin = MARGIN * denominator as usize;
    let span = |start: u32, mcu: usize, count: usize| {
        let start = start as usize;
        let first = start.saturating_sub(margin) / mcu;
        let end = (start + side + margin).div_ceil(mcu).min(count);
        (first, end)
    };
    let (x0, x1) = span(square.left, 8 * frame.h_max, frame.mcus_x);
    let (y0, y1) = span(square.top, 8 * frame.v_max, frame.mcus_y);
    McuWindow { x0, x1, y0, y1 }
}

/// Where the window's pixels lie in the `width`×`height` image decoded at 1/`denominator`.
fn region_of(
    window: &McuWindow,
    frame: &Frame,
    denominator: u32,
    width: u32,
    height: u32,
) -> Region {
    let mcu_w = (8 * frame.h_max as u32 / denominator).max(1);
    let mcu_h = (8 * frame.v_max as u32 / denominator).max(1);
    let (x, y) = (window.x0 as u32 * mcu_w, window.y0 as u32 * mcu_h);
    Region {
        x,
        y,
        width: (window.x1 as u32 * mcu_w).min(width) - x,
        height: (window.y1 as u32 * mcu_h).min(height) - y,
    }
}

/// How a component is decoded at the chosen scale.
struct Scale {
    /// The kept kx×ky corner of each block's coefficients.
    corner: (usize, usize),
    /// Output pixels each decoded sample covers, across and down.
    step: (usize, usize),
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
