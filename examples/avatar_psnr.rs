//! Quality check for the avatar pipeline on real photos: PSNR of `prepare`'s output against a slow,
//! careful reference — full-size decode, orientation, the same centre crop, the `image` crate's
//! f32 Lanczos3 — printed per file, twice: for the pixels before the JPEG encode (what decode
//! scaling and resizing cost; must be ≥ 36 dB) and for the final JPEG (adds quality-85 loss).
//! Usage: `avatar_psnr PHOTO...` (benches/compare.sh runs it), or `avatar_psnr --against OUT.jpg
//! PHOTO` to score another tool's output for the same photo.

use std::process::ExitCode;

use bloocard::avatar::{PrepareOptions, prepare, prepare_pixels};
use image::imageops::{self, FilterType};
use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};

fn reference(bytes: &[u8], side: u32) -> Result<RgbImage, String> {
    let mut decoder = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    // Flatten onto white exactly as the pipeline promises.
    let rgba = image.into_rgba8();
    let mut white = RgbImage::from_pixel(rgba.width(), rgba.height(), image::Rgb([255; 3]));
    for (out, px) in white.pixels_mut().zip(rgba.pixels()) {
        let a = u32::from(px[3]);
        for c in 0..3 {
            out[c] = ((u32::from(px[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    let (w, h) = white.dimensions();
    let s = w.min(h);
    let crop = imageops::crop_imm(&white, (w - s) / 2, (h - s) / 2, s, s).to_image();
    Ok(imageops::resize(&crop, side, side, FilterType::Lanczos3))
}

fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
    let n = a.as_raw().len() as f64;
    let mse: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum::<f64>()
        / n;
    10.0 * (255.0f64 * 255.0 / mse).log10()
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--against OUT.jpg PHOTO` scores another tool's output for the same photo instead.
    let against = match args.first().map(String::as_str) {
        Some("--against") if args.len() >= 2 => {
            let out = args.remove(1);
            args.remove(0);
            Some(out)
        }
        _ => None,
    };
    let mut worst = f64::INFINITY;
    for path in args {
        let result = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                let jpeg = match &against {
                    Some(out) => std::fs::read(out).map_err(|e| e.to_string())?,
                    None => {
                        prepare(&bytes, &PrepareOptions::default())
                            .map_err(|e| e.to_string())?
                            .jpeg
                    }
                };
                let ours = image::load_from_memory(&jpeg)
                    .map_err(|e| e.to_string())?
                    .into_rgb8();
                let reference = reference(&bytes, ours.width())?;
                let before_encode = match &against {
                    Some(_) => None,
                    None => Some(
                        prepare_pixels(&bytes, &PrepareOptions::default())
                            .map_err(|e| e.to_string())?,
                    ),
                };
                Ok((
                    before_encode.map(|p| psnr(&p, &reference)),
                    psnr(&ours, &reference),
                ))
            });
        match result {
            Ok((Some(pixels), jpeg)) => {
                worst = worst.min(pixels);
                println!("{path}: PSNR {pixels:.2} dB before encoding, {jpeg:.2} dB as JPEG q85");
            }
            Ok((None, jpeg)) => println!("{path}: PSNR {jpeg:.2} dB"),
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if worst < 36.0 {
        println!("FAIL: worst PSNR before encoding {worst:.2} dB is under 36 dB");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
