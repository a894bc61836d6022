//! A JPEG decoder made for thumbnails.
//!
//! Why not jpeg-decoder: for progressive files it keeps all 64 coefficients of every block until
//! the last scan (~110 MB for an 18 MP photo) and reads refinement bits one at a time through
//! `io::Read`, which made it slower than GraphicsMagick; for baseline files it transforms and
//! colour-converts the whole photo though a thumbnail of the centre keeps only its centred
//! square. This decoder keeps only the coefficients the reduced-scale IDCT needs, reads bits from
//! a 64-bit buffer, decodes independent progressive scans on two threads, and overlaps a
//! baseline file's Huffman decoding with the IDCT of the centred square it needs.
//!
//! Only 8-bit Huffman frames with one (grey) or three components are taken, and sequential ones
//! only with a single scan; for anything else [`Decoder::new`] returns `None` and the caller uses
//! a general decoder. The decoder sets no size limit of its own: check [`Decoder::width`] and
//! [`Decoder::height`] before calling [`Decoder::decode`].
//!
//! ```no_run
//! # fn run(bytes: &[u8]) -> Result<(), jpeg_thumb::Error> {
//! use jpeg_thumb::{Decoder, Need};
//! if let Some(decoder) = Decoder::new(bytes)? {
//!     assert!(u64::from(decoder.width()) * u64::from(decoder.height()) <= 100_000_000);
//!     let image = decoder.decode(Need::CentreSquare(512))?;
//!     println!("{}×{} at 1/{}", image.width, image.height, image.full_width / image.width);
//! }
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

mod bits;
mod color;
mod error;
mod frame;
mod headers;
mod huffman;
mod idct;
mod image;
mod need;
mod scan;
mod schedule;
mod segments;
mod sequential;
#[cfg(test)]
mod tests;
mod window;
mod zigzag;

pub use self::error::Error;
pub use self::image::{Image, Region};
pub use self::need::Need;

use self::color::{ColorModel, Source};
use self::error::HeaderError;
use self::headers::Parsed;
use self::idct::Plane;
use self::scan::AcBlocks;
use self::window::{mcu_window, region_of};

/// A JPEG whose headers have been read and which this decoder takes.
pub struct Decoder<'a> {
    bytes: &'a [u8],
    parsed: Parsed,
}

impl<'a> Decoder<'a> {
    /// Reads the headers of `bytes`; `Ok(None)` when the file is not one this decoder takes
    /// (arithmetic coding, lossless, hierarchical, 12-bit, CMYK, a sequential file with a scan
    /// per component, …), so the caller can hand it to a general decoder.
    pub fn new(bytes: &'a [u8]) -> Result<Option<Self>, Error> {
        let parsed = match headers::parse(bytes) {
            Ok(parsed) => parsed,
            Err(HeaderError::Unsupported) => return Ok(None),
            Err(HeaderError::Invalid(e)) => return Err(e),
        };
        // Sequential files whose components come in separate scans are rare enough to leave.
        if !parsed.frame.progressive
            && (parsed.scans.len() != 1
                || parsed.scans[0].components.len() != parsed.frame.components.len())
        {
            return Ok(None);
        }
        Ok(Some(Decoder { bytes, parsed }))
    }

    /// The width the frame header gives.
    pub fn width(&self) -> u32 {
        self.parsed.frame.width
    }

    /// The height the frame header gives.
    pub fn height(&self) -> u32 {
        self.parsed.frame.height
    }

    /// Decodes at the smallest DCT scale (1/1, 1/2, 1/4, 1/8) whose short side still has the
    /// pixels `need` asks for.
    pub fn decode(&self, need: Need) -> Result<Image, Error> {
        let denominator = need.scale_denominator(self.width(), self.height());
        let centre_only = matches!(need, Need::CentreSquare(_));
        decode_parsed(self.bytes, &self.parsed, denominator, centre_only)
    }
}

/// [`Decoder::new`] then [`Decoder::decode`], for callers that bound the input size elsewhere.
pub fn decode(bytes: &[u8], need: Need) -> Result<Option<Image>, Error> {
    match Decoder::new(bytes)? {
        Some(decoder) => decoder.decode(need).map(Some),
        None => Ok(None),
    }
}

/// Decodes at 1/`denominator`: the whole image, or with `centre_only` at least the centred
/// square and a margin around it (only sequential files are cut down that way).
fn decode_parsed(
    bytes: &[u8],
    parsed: &Parsed,
    denominator: u32,
    centre_only: bool,
) -> Result<Image, Error> {
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
        // `Decoder::new` takes only sequential files with one scan holding every component.
        let [scan] = parsed.scans.as_slice() else {
            return Err(error::corrupt("a sequential file has more than one scan"));
        };
        let window = mcu_window(frame, denominator, centre_only);
        let data = bytes.get(scan.data.clone()).ok_or(Error::Truncated)?;
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
    Ok(Image {
        full_width: frame.width,
        full_height: frame.height,
        width,
        height,
        region,
        rgb,
        exif: parsed
            .exif
            .clone()
            .and_then(|range| bytes.get(range))
            .map(<[u8]>::to_vec),
        icc: parsed.icc.clone(),
    })
}

fn decode_progressive(
    bytes: &[u8],
    parsed: &Parsed,
    scales: &[Scale],
) -> Result<Vec<Plane>, Error> {
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

/// How a component is decoded at the chosen scale.
struct Scale {
    /// The kept kx×ky corner of each block's coefficients.
    corner: (usize, usize),
    /// Output pixels each decoded sample covers, across and down.
    step: (usize, usize),
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
