//! Decoding any accepted input to 8-bit RGB on white, as small as the caller allows.
//!
//! JPEGs are decoded at a reduced DCT scale (1/2, 1/4 or 1/8) whenever the scaled short side
//! still covers what the caller needs, the trick libjpeg, GraphicsMagick and Pillow's `draft()`
//! use: a 20 MP photo never exists at full size in memory. PNG and WebP have no such trick and
//! are decoded whole, then flattened onto white in place so no second full-size buffer exists.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::error::AvatarError;
use super::input::{Format, MAX_PIXELS, check_pixels, image_error, jpeg_error, sniff};
// The thumbnail decoder's request and region types are the pipeline's: one meaning, one type.
pub(crate) use jpeg_thumb::{Need, Region};

/// A decoded image in stored (not yet oriented) pixel order.
pub(crate) struct Decoded {
    pub format: Format,
    /// Dimensions in the file, before any DCT scaling and before orientation.
    pub full_width: u32,
    pub full_height: u32,
    /// Dimensions after DCT scaling.
    pub width: u32,
    pub height: u32,
    /// The part of the scaled image that `rgb` holds: all of it, unless only the centred
    /// square was asked for.
    pub region: Region,
    /// Packed RGB of `region`, 3 bytes a pixel, alpha already flattened onto white.
    pub rgb: Vec<u8>,
    pub orientation: Orientation,
    /// The embedded ICC profile, if any (the pixels are in the space it describes).
    pub icc: Option<Vec<u8>>,
}

/// Decodes `bytes`; a JPEG is DCT-scaled as far as `need` allows.
pub(crate) fn decode(bytes: &[u8], need: Need) -> Result<Decoded, AvatarError> {
    match sniff(bytes)? {
        Format::Jpeg => decode_jpeg(bytes, need),
        format => decode_with_image(bytes, format),
    }
}

fn decode_jpeg(bytes: &[u8], need: Need) -> Result<Decoded, AvatarError> {
    if let Some(decoder) = jpeg_thumb::Decoder::new(bytes)? {
        check_pixels(Format::Jpeg, decoder.width(), decoder.height())?;
        let image = decoder.decode(need)?;
        let orientation = image
            .exif
            .as_deref()
            .and_then(Orientation::from_exif_chunk)
            .unwrap_or(Orientation::NoTransforms);
        return Ok(Decoded {
            format: Format::Jpeg,
            full_width: image.full_width,
            full_height: image.full_height,
            width: image.width,
            height: image.height,
            region: image.region,
            rgb: image.rgb,
            orientation,
            icc: image.icc,
        });
    }
    let err = |e| jpeg_error(e, bytes.len());
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().map_err(err)?;
    let info = decoder.info().ok_or(AvatarError::Truncated("JPEG"))?;
    let (full_width, full_height) = (u32::from(info.width), u32::from(info.height));
    check_pixels(Format::Jpeg, full_width, full_height)?;
    decoder.set_max_decoding_buffer_size((MAX_PIXELS * 4) as usize);

    // jpeg-decoder picks the smallest scale meeting EITHER requested axis; asking for an
    // impossible long side makes the short side the one that decides.
    let target = need.short_side_for(full_width, full_height);
    let target = u16::try_from(target).unwrap_or(u16::MAX);
    let request = if full_width <= full_height {
        (target, u16::MAX)
    } else {
        (u16::MAX, target)
    };
    decoder.scale(request.0, request.1).map_err(err)?;
    let pixels = decoder.decode().map_err(err)?;
    let info = decoder.info().ok_or(AvatarError::Truncated("JPEG"))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let orientation = decoder
        .exif_data()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile();
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels,
        jpeg_decoder::PixelFormat::L8 => gray_to_rgb(&pixels),
        jpeg_decoder::PixelFormat::CMYK32 => cmyk_to_rgb(&pixels),
        jpeg_decoder::PixelFormat::L16 => {
            return Err(AvatarError::UnsupportedFormat(
                "16-bit (lossless) JPEG".into(),
            ));
        }
    };
    if rgb.len() < width as usize * height as usize * 3 {
        return Err(AvatarError::Truncated("JPEG"));
    }
    Ok(Decoded {
        format: Format::Jpeg,
        full_width,
        full_height,
        width,
        height,
        region: Region::whole(width, height),
        rgb,
        orientation,
        icc,
    })
}

fn decode_with_image(bytes: &[u8], format: Format) -> Result<Decoded, AvatarError> {
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format.image_format())
        .into_decoder()
        .map_err(|e| image_error(format, e))?;
    let (width, height) = decoder.dimensions();
    check_pixels(format, width, height)?;
    let mut limits = Limits::default();
    // 16-bit RGBA is the largest layout: 8 bytes a pixel.
    limits.max_alloc = Some(MAX_PIXELS * 8);
    decoder
        .set_limits(limits)
        .map_err(|e| image_error(format, e))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder).map_err(|e| image_error(format, e))?;
    Ok(Decoded {
        format,
        full_width: width,
        full_height: height,
        width,
        height,
        region: Region::whole(width, height),
        rgb: into_rgb_on_white(image),
        orientation,
        icc,
    })
}

/// Converts any decoded image to packed RGB, compositing transparency onto white.
pub(crate) fn into_rgb_on_white(image: DynamicImage) -> Vec<u8> {
    match image {
        DynamicImage::ImageRgb8(buf) => buf.into_raw(),
        DynamicImage::ImageRgba8(buf) => flatten_rgba_in_place(buf.into_raw()),
        DynamicImage::ImageLuma8(buf) => gray_to_rgb(buf.as_raw()),
        other if other.color().has_alpha() => flatten_rgba_in_place(other.into_rgba8().into_raw()),
        other => other.into_rgb8().into_raw(),
    }
}

/// Composites straight-alpha RGBA onto white and packs it to RGB inside the same allocation:
/// pixel i is written at 3i, never past the 4i where its own bytes were read.
pub(crate) fn flatten_rgba_in_place(mut buf: Vec<u8>) -> Vec<u8> {
    let pixels = buf.len() / 4;
    for i in 0..pixels {
        let [r, g, b, a] = [buf[4 * i], buf[4 * i + 1], buf[4 * i + 2], buf[4 * i + 3]];
        let a = u32::from(a);
        let white = 255 * (255 - a);
        let blend = |c: u8| ((u32::from(c) * a + white + 127) / 255) as u8;
        buf[3 * i] = blend(r);
        buf[3 * i + 1] = blend(g);
        buf[3 * i + 2] = blend(b);
    }
    buf.truncate(pixels * 3);
    buf
}

fn gray_to_rgb(gray: &[u8]) -> Vec<u8> {
    gray.iter().flat_map(|&l| [l, l, l]).collect()
}

/// jpeg-decoder returns Adobe CMYK as stored, which Photoshop writes inverted (255 = no ink);
/// the product with K then gives RGB without a colour profile (good enough for an avatar).
fn cmyk_to_rgb(cmyk: &[u8]) -> Vec<u8> {
    cmyk.chunks_exact(4)
        .flat_map(|p| {
            let k = u32::from(p[3]);
            let ch = |c: u8| ((u32::from(c) * k + 127) / 255) as u8;
            [ch(p[0]), ch(p[1]), ch(p[2])]
        })
        .collect()
}
