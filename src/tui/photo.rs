//! The TUI's one doorway to avatar bytes: decode the card's base64, inspect, scale for preview and
//! run a file through the avatar pipeline. Kept in one place so it can follow `bloocard::avatar`
//! without touching the worker or the views.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use image::{DynamicImage, ImageFormat, imageops::FilterType};

/// What the preview shows under the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFacts {
    pub format: String,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
}

/// Accepts plain base64 or a `data:image/...;base64,` URL; ignores whitespace line breaks.
pub fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
    let payload = match s.split_once(";base64,") {
        Some((prefix, rest)) if prefix.starts_with("data:") => rest,
        _ => s,
    };
    let compact: String = payload.chars().filter(|c| !c.is_whitespace()).collect();
    STANDARD
        .decode(compact)
        .map_err(|e| format!("the avatar is not valid base64 ({e})"))
}

pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub fn inspect(bytes: &[u8]) -> Result<ImageFacts, String> {
    let format = image::guess_format(bytes)
        .map_err(|_| "the avatar is not a JPEG, PNG or WebP image".to_owned())?;
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("the avatar image cannot be read ({e})"))?;
    Ok(ImageFacts {
        format: format_name(format).to_owned(),
        width,
        height,
        bytes: bytes.len(),
    })
}

/// A decode scaled down to at most `max_side` pixels, which is all a terminal preview can show.
pub fn preview(bytes: &[u8], max_side: u32) -> Result<DynamicImage, String> {
    let img = image::load_from_memory(bytes)
        .map_err(|e| format!("the avatar image cannot be decoded ({e})"))?;
    Ok(if img.width() > max_side || img.height() > max_side {
        img.resize(max_side, max_side, FilterType::Triangle)
    } else {
        img
    })
}

/// Result of running a file through the avatar pipeline.
pub struct Prepared {
    pub jpeg: Vec<u8>,
    pub report: String,
}

/// Square-crops, scales into 512–1024 px, flattens alpha on white and encodes JPEG: the policy of
/// `shared/api/README.md`. Mirrors `bloocard::avatar::prepare_file` until that lands on main.
pub fn prepare_file(path: &Path) -> Result<Prepared, String> {
    let data = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let source = inspect(&data)?;
    let img = image::load_from_memory(&data)
        .map_err(|e| format!("{} is not an image bloocard can read ({e})", path.display()))?;
    let side = img.width().min(img.height());
    let x = (img.width() - side) / 2;
    let y = (img.height() - side) / 2;
    let square = img.crop_imm(x, y, side, side);
    let target = side.clamp(512, 1024);
    let scaled = square.resize_exact(target, target, FilterType::Lanczos3);
    let mut rgb = image::RgbImage::from_pixel(target, target, image::Rgb([255, 255, 255]));
    for (px, py, p) in scaled.to_rgba8().enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        rgb.put_pixel(px, py, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 88)
        .encode_image(&rgb)
        .map_err(|e| format!("cannot encode the photo as JPEG ({e})"))?;
    let report = format!(
        "{} {}×{} → JPEG {t}×{t}, {} KB",
        source.format,
        source.width,
        source.height,
        jpeg.len().div_ceil(1024),
        t = target
    );
    Ok(Prepared { jpeg, report })
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        _ => "image",
    }
}
