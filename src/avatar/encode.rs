//! Baseline JPEG encoding under a byte budget: the requested quality if it fits, else the highest
//! quality that does, found by binary search (at most 7 extra encodes of a 1 MP image).

use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder, SamplingFactor};

use super::error::AvatarError;

/// Encodes `rgb` (`side`² pixels); returns the JPEG and the quality it was written at.
/// Nothing but the pixels is written: no EXIF, no GPS, no ICC profile.
pub(crate) fn encode_within(
    rgb: &[u8],
    side: u32,
    quality: u8,
    max_bytes: usize,
) -> Result<(Vec<u8>, u8), AvatarError> {
    let first = encode(rgb, side, quality)?;
    if first.len() <= max_bytes {
        return Ok((first, quality));
    }
    let (mut lo, mut hi) = (1u8, quality.saturating_sub(1));
    let mut best = None;
    while lo <= hi {
        let mid = lo + (hi - lo) / 2;
        let jpeg = encode(rgb, side, mid)?;
        if jpeg.len() <= max_bytes {
            best = Some((jpeg, mid));
            lo = mid + 1;
        } else if mid == 1 {
            break;
        } else {
            hi = mid - 1;
        }
    }
    best.ok_or(AvatarError::CannotFit { max_bytes })
}

fn encode(rgb: &[u8], side: u32, quality: u8) -> Result<Vec<u8>, AvatarError> {
    let side = u16::try_from(side).map_err(|_| AvatarError::Encode("side over 65535".into()))?;
    let mut out = Vec::with_capacity(256 * 1024);
    let mut encoder = Encoder::new(&mut out, quality);
    // 4:2:0 at every quality, as libjpeg's cjpeg and GraphicsMagick do for photos.
    encoder.set_sampling_factor(SamplingFactor::F_2_2);
    // The default takes one pixel of four, which aliases colour edges; averaging is libjpeg's way.
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    encoder
        .encode(rgb, side, side, ColorType::Rgb)
        .map_err(|e| AvatarError::Encode(e.to_string()))?;
    Ok(out)
}
