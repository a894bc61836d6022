//! The progressive decoder against jpeg-decoder on libjpeg-turbo's own progressive files
//! (`cjpeg -progressive`: successive approximation, per-scan Huffman tables), at every scale.

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!(
                "../../../tests/fixtures/progressive/",
                $name,
                ".jpg"
            ))
            .as_slice(),
        )
    };
}

/// 160×120 crops of a photo (157×99 for `podd`), made with libjpeg-turbo 2.1.5's cjpeg.
const FIXTURES: [(&str, &[u8]); 8] = [
    fixture!("p420"),
    fixture!("p422"),
    fixture!("p440"),
    fixture!("p444"),
    fixture!("pgray"),
    fixture!("podd"),
    fixture!("prestart"),
    fixture!("prgb"),
];

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

fn decode_at(bytes: &[u8], denominator: u32) -> Decoded {
    let parsed = headers::parse(bytes).ok().expect("a progressive fixture");
    let short = parsed.frame.width.min(parsed.frame.height);
    decode(bytes, Need::ShortSide(short.div_ceil(denominator)))
        .unwrap()
        .expect("taken by the progressive decoder")
}

#[test]
fn matches_a_full_decode_at_every_scale() {
    for (name, bytes) in FIXTURES {
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
    let (_, bytes) = FIXTURES[4];
    let ours = decode_at(bytes, 1);
    let (_, _, theirs) = full_size(bytes);
    let worst = ours
        .rgb
        .iter()
        .zip(&theirs)
        .map(|(&a, &b)| a.abs_diff(b))
        .max()
        .unwrap();
    assert!(worst <= 2, "largest difference {worst}");
}

#[test]
fn baseline_files_are_left_to_the_general_decoder() {
    let mut rgb = vec![0u8; 32 * 32 * 3];
    for (i, v) in rgb.iter_mut().enumerate() {
        *v = (i * 7) as u8;
    }
    let mut jpeg = Vec::new();
    jpeg_encoder::Encoder::new(&mut jpeg, 90)
        .encode(&rgb, 32, 32, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    assert!(decode(&jpeg, Need::ShortSide(32)).unwrap().is_none());
}

#[test]
fn a_truncated_file_is_reported_as_truncated() {
    let (_, bytes) = FIXTURES[0];
    for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 2] {
        match decode(&bytes[..cut], Need::ShortSide(120)) {
            Err(AvatarError::Truncated("JPEG")) => {}
            other => panic!("cut at {cut}: {:?}", other.map(|d| d.map(|d| d.width))),
        }
    }
}

#[test]
fn reads_the_exif_orientation() {
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
    let decoded = decode(&file, Need::ShortSide(120)).unwrap().unwrap();
    assert_eq!(decoded.orientation, Orientation::Rotate90);
}

#[test]
fn damaged_data_never_panics() {
    // Bytes throughout each file set to 0xFF, 0x00 or flipped: errors or odd pixels, no panic.
    for (_, bytes) in FIXTURES {
        for at in (2..bytes.len()).step_by(29) {
            for damage in [0xFF, 0x00, bytes[at] ^ 0x5A] {
                let mut copy = bytes.to_vec();
                copy[at] = damage;
                if let Ok(Some(decoded)) = decode(&copy, Need::ShortSide(1)) {
                    assert_eq!(
                        decoded.rgb.len(),
                        decoded.width as usize * decoded.height as usize * 3
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
    let decoded = decode(&file, Need::ShortSide(120)).unwrap().unwrap();
    assert_eq!(decoded.icc.as_deref(), Some(profile.as_slice()));
    assert!(decode_at(bytes, 1).icc.is_none());
}
