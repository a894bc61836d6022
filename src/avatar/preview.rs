//! Decoding an avatar (typically the base64 one the server returns) for the TUI preview:
//! DCT-scaled when it is a large JPEG, fitted inside `max_side`, orientation applied.

use image::DynamicImage;

use super::color_profile::convert_to_srgb;
use super::decode::{Need, decode};
use super::error::AvatarError;
use super::resize::fit;

/// Decodes `bytes` so that its longer side is at most `max_side` (never enlarged), oriented
/// and flattened onto white.
pub fn preview(bytes: &[u8], max_side: u32) -> Result<DynamicImage, AvatarError> {
    if max_side == 0 {
        return Err(AvatarError::InvalidOption("preview size 0".into()));
    }
    let decoded = decode(bytes, Need::LongSide(max_side))?;
    let (w, h) = (decoded.full_width, decoded.full_height);
    let long = w.max(h);
    let (fit_w, fit_h) = if long <= max_side {
        (w, h)
    } else {
        let scale = |v: u32| ((u64::from(v) * u64::from(max_side)) / u64::from(long)).max(1) as u32;
        (scale(w), scale(h))
    };
    // A DCT-scaled decode may already be smaller than the full-size fit; never enlarge it.
    let (fit_w, fit_h) = if decoded.width < fit_w || decoded.height < fit_h {
        (decoded.width, decoded.height)
    } else {
        (fit_w, fit_h)
    };
    let mut image = fit(&decoded, fit_w, fit_h)?;
    if let Some(icc) = &decoded.icc {
        convert_to_srgb(&mut image, icc);
    }
    Ok(DynamicImage::ImageRgb8(image))
}
