//! Crop, resize and orient: the centred square of a (possibly DCT-scaled) RGB image becomes the
//! output square with a SIMD Lanczos3 filter, then EXIF orientation is applied to the small result.
//!
//! Cropping a centred square commutes with every orientation, so orienting after the resize
//! touches ~1 MP instead of the whole decoded photo.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};

use super::decode::Decoded;
use super::error::AvatarError;
use super::geometry::Geometry;

/// Returns the oriented output square, `geometry.out_side`² packed RGB pixels.
pub(crate) fn square(decoded: &Decoded, geometry: &Geometry) -> Result<Vec<u8>, AvatarError> {
    let scale_x = f64::from(decoded.width) / f64::from(decoded.full_width);
    let scale_y = f64::from(decoded.height) / f64::from(decoded.full_height);
    // The crop in the coordinates of the decoded region.
    let crop = (
        f64::from(geometry.left) * scale_x - f64::from(decoded.region.x),
        f64::from(geometry.top) * scale_y - f64::from(decoded.region.y),
        f64::from(geometry.side) * scale_x,
        f64::from(geometry.side) * scale_y,
    );
    let out = geometry.out_side;
    let pixels = if scale_x == 1.0 && scale_y == 1.0 && geometry.side == out {
        copy_crop(decoded, geometry)
    } else {
        resample(decoded, crop, out, out)?
    };
    orient(pixels, out, out, decoded.orientation)
}

/// Fits the whole decoded image inside `width`×`height` pixels and orients it.
pub(crate) fn fit(decoded: &Decoded, width: u32, height: u32) -> Result<RgbImage, AvatarError> {
    let region = decoded.region;
    if (region.width, region.height) != (decoded.width, decoded.height) {
        return Err(AvatarError::Resize(
            "only part of the image was decoded".into(),
        ));
    }
    let whole = (0.0, 0.0, f64::from(region.width), f64::from(region.height));
    let pixels = if (region.width, region.height) == (width, height) {
        decoded.rgb[..width as usize * height as usize * 3].to_vec()
    } else {
        resample(decoded, whole, width, height)?
    };
    let oriented = orient(pixels, width, height, decoded.orientation)?;
    let (w, h) = if super::geometry::swaps_axes(decoded.orientation) {
        (height, width)
    } else {
        (width, height)
    };
    RgbImage::from_raw(w, h, oriented).ok_or_else(|| AvatarError::Resize("buffer size".into()))
}

/// The photo already has the output size: a plain copy of the square, no filtering.
fn copy_crop(decoded: &Decoded, g: &Geometry) -> Vec<u8> {
    let region = decoded.region;
    let stride = region.width as usize * 3;
    let row_len = g.side as usize * 3;
    let (left, top) = ((g.left - region.x) as usize, (g.top - region.y) as usize);
    let mut out = Vec::with_capacity(row_len * g.side as usize);
    for y in top..top + g.side as usize {
        let start = y * stride + left * 3;
        out.extend_from_slice(&decoded.rgb[start..start + row_len]);
    }
    out
}

fn resample(
    decoded: &Decoded,
    (left, top, width, height): (f64, f64, f64, f64),
    out_width: u32,
    out_height: u32,
) -> Result<Vec<u8>, AvatarError> {
    let region = decoded.region;
    let src = ImageRef::new(region.width, region.height, &decoded.rgb, PixelType::U8x3)
        .map_err(|e| AvatarError::Resize(e.to_string()))?;
    let mut dst = Image::new(out_width, out_height, PixelType::U8x3);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(left, top, width, height);
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| AvatarError::Resize(e.to_string()))?;
    Ok(dst.into_vec())
}

fn orient(
    pixels: Vec<u8>,
    width: u32,
    height: u32,
    orientation: Orientation,
) -> Result<Vec<u8>, AvatarError> {
    if orientation == Orientation::NoTransforms {
        return Ok(pixels);
    }
    let buffer = RgbImage::from_raw(width, height, pixels)
        .ok_or_else(|| AvatarError::Resize("buffer size".into()))?;
    let mut image = DynamicImage::ImageRgb8(buffer);
    image.apply_orientation(orientation);
    Ok(image.into_rgb8().into_raw())
}
