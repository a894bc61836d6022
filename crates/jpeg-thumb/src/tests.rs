//! The decoder against jpeg-decoder on libjpeg-turbo's own progressive and baseline files
//! (`cjpeg -progressive`: successive approximation, per-scan Huffman tables; `cjpeg`: baseline),
//! at every scale.

use super::*;

macro_rules! fixture {
    ($dir:literal, $name:literal) => {
        (
            $name,
            include_bytes!(concat!("../tests/fixtures/", $dir, "/", $name, ".jpg")).as_slice(),
        )
    };
}

/// 160×120 crops of a photo (157×99 for `podd`), made with libjpeg-turbo 2.1.5's cjpeg.
const FIXTURES: [(&str, &[u8]); 8] = [
    fixture!("progressive", "p420"),
    fixture!("progressive", "p422"),
    fixture!("progressive", "p440"),
    fixture!("progressive", "p444"),
    fixture!("progressive", "pgray"),
    fixture!("progressive", "podd"),
    fixture!("progressive", "prestart"),
    fixture!("progressive", "prgb"),
];

/// The same pictures as baseline files from cjpeg (`-optimize`: Huffman tables fitted to the
/// image; `-restart 2B`: a restart marker every 2 blocks).
const BASELINE: [(&str, &[u8]); 9] = [
    fixture!("baseline", "b420"),
    fixture!("baseline", "b422"),
    fixture!("baseline", "b440"),
    fixture!("baseline", "b444"),
    fixture!("baseline", "bgray"),
    fixture!("baseline", "bodd"),
    fixture!("baseline", "boptimized"),
    fixture!("baseline", "brestart"),
    fixture!("baseline", "brgb"),
];

fn all_fixtures() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    FIXTURES.into_iter().chain(BASELINE)
}

/// jpeg-decoder's full-size decode, as packed RGB, with its size.
fn full_size(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let pixels = decoder.decode().unwrap();
    let info = decoder.info().unwrap();
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&l| [l, l, l]).collect(),
        _ => pixels,
    };
    (usize::from(info.width), usize::from(info.height), rgb)
}

/// What a 1/`d` decode stands for: the mean of each d×d cell of the full-size image.
fn box_reduced(bytes: &[u8], d: usize) -> Vec<u8> {
    let (width, height, rgb) = full_size(bytes);
    let (w, h) = (width.div_ceil(d), height.div_ceil(d));
    let mut out = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            for c in 0..3 {
                let (mut sum, mut n) = (0u32, 0u32);
                for yy in y * d..((y + 1) * d).min(height) {
                    for xx in x * d..((x + 1) * d).min(width) {
                        sum += u32::from(rgb[(yy * width + xx) * 3 + c]);
                        n += 1;
                    }
                }
                out.push(((sum + n / 2) / n) as u8);
            }
        }
    }
    out
}

fn psnr(a: &[u8], b: &[u8]) -> f64 {
    assert_eq!(a.len(), b.len());
    let mse = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum::<f64>()
        / a.len() as f64;
    10.0 * (255.0f64.powi(2) / mse.max(1e-9)).log10()
}

/// The whole image at 1/`denominator`.
fn decode_at(bytes: &[u8], denominator: u32) -> Image {
    let parsed = headers::parse(bytes)
        .ok()
        .expect("a fixture this decoder takes");
    decode_parsed(bytes, &parsed, denominator, false).expect("decodes")
}

#[test]
fn matches_a_full_decode_at_every_scale() {
    for (name, bytes) in all_fixtures() {
        for denominator in [1, 2, 4, 8] {
            let ours = decode_at(bytes, denominator);
            assert_eq!(
                (ours.width, ours.height),
                (
                    ours.full_width.div_ceil(denominator),
                    ours.full_height.div_ceil(denominator)
                ),
                "{name} 1/{denominator}"
            );
            let score = psnr(&ours.rgb, &box_reduced(bytes, denominator as usize));
            // Full size: the same IDCT and chroma upsampling up to rounding. Reduced: the kept
            // low frequencies are a smooth low-pass, not a box mean, so ~37 dB; a misplaced
            // coefficient, band or block would fall far below either bound.
            let bound = if denominator == 1 { 55.0 } else { 33.0 };
            assert!(score >= bound, "{name} at 1/{denominator}: {score:.1} dB");
        }
    }
}

#[test]
fn full_scale_luma_is_nearly_exact() {
    // Grey has no chroma to interpolate: only IDCT rounding may differ.
    for (name, bytes) in [FIXTURES[4], BASELINE[4]] {
        let ours = decode_at(bytes, 1);
        let (_, _, theirs) = full_size(bytes);
        let worst = ours
            .rgb
            .iter()
            .zip(&theirs)
            .map(|(&a, &b)| a.abs_diff(b))
            .max()
            .unwrap();
        assert!(worst <= 2, "{name}: largest difference {worst}");
    }
}

#[test]
fn sequential_files_with_a_scan_per_component_are_left_to_the_general_decoder() {
    let bytes = include_bytes!("../tests/fixtures/baseline/bscans.jpg");
    assert!(decode(bytes, Need::CentreSquare(32)).unwrap().is_none());
}

/// A wide baseline JPEG with detail everywhere, from jpeg-encoder (4:2:0 when `subsample`).
fn wide_baseline(width: u16, height: u16, subsample: bool) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
    for y in 0..usize::from(height) {
        for x in 0..usize::from(width) {
            rgb.extend_from_slice(&[(x * 3 + y) as u8, (x ^ y) as u8, (x * y / 7) as u8]);
        }
    }
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 90);
    if !subsample {
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_4_4);
    }
    encoder
        .encode(&rgb, width, height, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    jpeg
}

#[test]
fn a_centre_square_decode_skips_the_sides_and_keeps_the_square_exact() {
    for (width, height, subsample) in [(1000, 240, true), (240, 900, false), (999, 301, true)] {
        let bytes = wide_baseline(width, height, subsample);
        let parsed = headers::parse(&bytes).ok().unwrap();
        for denominator in [1, 2, 4, 8] {
            let whole = decode_at(&bytes, denominator);
            let part = decode_parsed(&bytes, &parsed, denominator, true).unwrap();
            let label = format!("{width}×{height} at 1/{denominator}");
            assert_eq!((part.width, part.height), (whole.width, whole.height));
            let region = part.region;
            assert_eq!(part.rgb.len(), (region.width * region.height * 3) as usize);
            // The short side is whole; the long side is cut down to the square and a margin.
            let (long, short) = if width > height {
                (region.width, region.height)
            } else {
                (region.height, region.width)
            };
            assert_eq!(short, whole.width.min(whole.height), "{label}");
            assert!(
                long < whole.width.max(whole.height) * 3 / 4,
                "{label}: {region:?}"
            );
            // The centred square (and a few pixels around it) is exactly the whole decode's.
            let side = whole.width.min(whole.height);
            let (left, top) = ((whole.width - side) / 2, (whole.height - side) / 2);
            let reach = 6;
            let x0 = left.saturating_sub(reach);
            let y0 = top.saturating_sub(reach);
            let x1 = (left + side + reach).min(whole.width);
            let y1 = (top + side + reach).min(whole.height);
            assert!(region.x <= x0 && region.y <= y0, "{label}: {region:?}");
            assert!(
                region.x + region.width >= x1 && region.y + region.height >= y1,
                "{label}: {region:?}"
            );
            for y in y0..y1 {
                let row = |d: &Image, ox: u32, oy: u32, w: u32| {
                    let start = (((y - oy) * w + (x0 - ox)) * 3) as usize;
                    d.rgb[start..start + ((x1 - x0) * 3) as usize].to_vec()
                };
                assert!(
                    row(&part, region.x, region.y, region.width) == row(&whole, 0, 0, whole.width),
                    "{label}: row {y} differs"
                );
            }
        }
    }
}

#[test]
fn a_truncated_file_is_reported_as_truncated() {
    for (_, bytes) in [FIXTURES[0], BASELINE[0]] {
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 2] {
            match decode(&bytes[..cut], Need::CentreSquare(120)) {
                Err(Error::Truncated) => {}
                other => panic!("cut at {cut}: {:?}", other.map(|d| d.map(|d| d.width))),
            }
        }
    }
}

#[test]
fn hands_back_the_exif_payload() {
    let (_, bytes) = FIXTURES[0];
    // APP1 "Exif\0\0" + big-endian TIFF with one IFD entry: Orientation (0x0112) = 6.
    let tiff: &[u8] = &[
        b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
    ];
    let mut app1 = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    app1.extend_from_slice(&len.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(tiff);
    let mut file = bytes[..2].to_vec();
    file.extend_from_slice(&app1);
    file.extend_from_slice(&bytes[2..]);
    let decoded = decode(&file, Need::CentreSquare(120)).unwrap().unwrap();
    assert_eq!(decoded.exif.as_deref(), Some(tiff));
}

#[test]
fn damaged_data_never_panics() {
    // Bytes throughout each file set to 0xFF, 0x00 or flipped: errors or odd pixels, no panic.
    for (_, bytes) in all_fixtures() {
        for at in (2..bytes.len()).step_by(29) {
            for damage in [0xFF, 0x00, bytes[at] ^ 0x5A] {
                let mut copy = bytes.to_vec();
                copy[at] = damage;
                if let Ok(Some(decoded)) = decode(&copy, Need::CentreSquare(1)) {
                    let region = decoded.region;
                    assert_eq!(
                        decoded.rgb.len(),
                        region.width as usize * region.height as usize * 3
                    );
                }
            }
        }
    }
}

#[test]
fn reassembles_a_chunked_icc_profile() {
    let (_, bytes) = FIXTURES[0];
    let profile: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let mut file = bytes[..2].to_vec();
    // Chunks stored out of order: their numbers, not their places, give the order.
    for (number, chunk) in [(2u8, &profile[600..]), (1, &profile[..600])] {
        let mut body = b"ICC_PROFILE\0".to_vec();
        body.extend_from_slice(&[number, 2]);
        body.extend_from_slice(chunk);
        file.extend_from_slice(&[0xFF, 0xE2]);
        file.extend_from_slice(&(body.len() as u16 + 2).to_be_bytes());
        file.extend_from_slice(&body);
    }
    file.extend_from_slice(&bytes[2..]);
    let decoded = decode(&file, Need::CentreSquare(120)).unwrap().unwrap();
    assert_eq!(decoded.icc.as_deref(), Some(profile.as_slice()));
    assert!(decode_at(bytes, 1).icc.is_none());
}
