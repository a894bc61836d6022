//! Criterion benchmarks of the avatar pipeline on generated photo-sized inputs (no files needed):
//! a 12 MP baseline JPEG, the same EXIF-rotated and progressive, a 15 MP RGBA PNG, a 1 MP JPEG, and the TUI
//! preview decode. Real photos against GraphicsMagick and libvips: `benches/compare.sh`.

use std::hint::black_box;
use std::io::Cursor;

use bloocard::avatar::{PrepareOptions, prepare, preview};
use criterion::{Criterion, criterion_group, criterion_main};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// Gradients, fine waves and hard edges, so the encoder and the filter have real work to do.
fn test_card(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let wave = ((fx / 7.0).sin() * (fy / 11.0).cos() * 40.0) as i32;
        let edge = if (x / 300 + y / 300) % 2 == 0 {
            30
        } else {
            -30
        };
        let clamp = |v: i32| v.clamp(0, 255) as u8;
        Rgb([
            clamp((x * 200 / width) as i32 + wave + edge),
            clamp((y * 200 / height) as i32 - wave + edge),
            clamp(128 + wave / 2 - edge),
        ])
    })
}

fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = JpegEncoder::new_with_quality(&mut out, 92).encode_image(image) {
        panic!("cannot build the benchmark input: {e}");
    }
    out
}

/// Inserts an EXIF segment saying "rotate 90° clockwise", as a phone held upright writes.
fn rotated(jpeg: &[u8]) -> Vec<u8> {
    let body = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1, 0, body.len() as u8 + 2]);
    out.extend_from_slice(body);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The same picture as a progressive JPEG (spectral selection, as jpeg-encoder writes it).
fn progressive_jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 92);
    encoder.set_progressive(true);
    let (width, height) = (image.width() as u16, image.height() as u16);
    if let Err(e) = encoder.encode(image.as_raw(), width, height, jpeg_encoder::ColorType::Rgb) {
        panic!("cannot build the benchmark input: {e}");
    }
    out
}

fn rgba_png(width: u32, height: u32) -> Vec<u8> {
    let card = test_card(width, height);
    let image = RgbaImage::from_fn(width, height, |x, y| {
        let [r, g, b] = card.get_pixel(x, y).0;
        Rgba([r, g, b, ((x + y) % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    if let Err(e) = DynamicImage::ImageRgba8(image).write_to(&mut out, ImageFormat::Png) {
        panic!("cannot build the benchmark input: {e}");
    }
    out.into_inner()
}

fn bench(c: &mut Criterion) {
    let opts = PrepareOptions::default();
    let big = jpeg(&test_card(4000, 3000));
    let inputs = [
        ("prepare/jpeg-12mp", big.clone()),
        ("prepare/jpeg-12mp-exif-rotated", rotated(&big)),
        (
            "prepare/jpeg-12mp-progressive",
            progressive_jpeg(&test_card(4000, 3000)),
        ),
        ("prepare/png-15mp-rgba", rgba_png(5120, 2880)),
        ("prepare/jpeg-1mp", jpeg(&test_card(1200, 900))),
    ];
    let mut group = c.benchmark_group("avatar");
    group.sample_size(10);
    for (name, input) in &inputs {
        group.bench_function(*name, |b| b.iter(|| prepare(black_box(input), &opts)));
    }
    group.bench_function("preview/jpeg-12mp-to-256", |b| {
        b.iter(|| preview(black_box(&big), 256))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
