//! The avatar pipeline against generated inputs: every orientation, alpha, tiny and panoramic
//! photos, noise against the byte budget, quality against a careful reference, and every kind of
//! bad input a user can hand it.

use std::io::Cursor;
use std::path::Path;

use bloocard::avatar::{
    AvatarError, PrepareOptions, Prepared, decode_base64, encode_base64, inspect, prepare,
    prepare_file, preview,
};
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

const RED: [u8; 3] = [230, 20, 20];
const GREEN: [u8; 3] = [20, 200, 20];
const BLUE: [u8; 3] = [20, 20, 230];
const YELLOW: [u8; 3] = [240, 230, 20];

fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(image)
        .unwrap();
    out
}

fn png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Puts an EXIF APP1 segment holding only `Orientation = value` right after SOI, as cameras do.
fn with_orientation(jpeg: &[u8], value: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend_from_slice(&value.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut body = b"Exif\0\0".to_vec();
    body.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&(body.len() as u16 + 2).to_be_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Inserts an ICC profile right after SOI as two APP2 "ICC_PROFILE" chunks, as large profiles
/// are stored.
fn with_icc(jpeg: &[u8], icc: &[u8]) -> Vec<u8> {
    let half = icc.len() / 2;
    let mut out = jpeg[..2].to_vec();
    for (i, chunk) in [&icc[..half], &icc[half..]].iter().enumerate() {
        let mut body = b"ICC_PROFILE\0".to_vec();
        body.extend_from_slice(&[i as u8 + 1, 2]);
        body.extend_from_slice(chunk);
        out.extend_from_slice(&[0xFF, 0xE2]);
        out.extend_from_slice(&(body.len() as u16 + 2).to_be_bytes());
        out.extend_from_slice(&body);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Four flat quadrants, so every corner of any centre crop keeps its quadrant's colour.
fn quadrants(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb(match (x < width / 2, y < height / 2) {
            (true, true) => RED,
            (false, true) => GREEN,
            (true, false) => BLUE,
            (false, false) => YELLOW,
        })
    })
}

/// Checks what the API needs of every avatar, and returns it decoded.
fn assert_valid_avatar(prepared: &Prepared) -> RgbImage {
    assert_eq!(
        image::guess_format(&prepared.jpeg).unwrap(),
        ImageFormat::Jpeg
    );
    assert!(
        prepared.jpeg.len() <= 1_000_000,
        "{} bytes",
        prepared.jpeg.len()
    );
    assert_eq!(prepared.report.out_bytes, prepared.jpeg.len());
    // No metadata copied: no APP1 (EXIF/XMP) segment anywhere in the header.
    assert!(!prepared.jpeg.windows(6).any(|w| w == b"Exif\0\0"));
    let decoded = image::load_from_memory(&prepared.jpeg).unwrap().into_rgb8();
    assert_eq!(decoded.width(), decoded.height(), "not square");
    assert!(
        (500..=1024).contains(&decoded.width()),
        "{} px",
        decoded.width()
    );
    assert_eq!(decoded.width(), prepared.report.out_side);
    decoded
}

fn near(actual: &Rgb<u8>, expected: [u8; 3], tolerance: i32) -> bool {
    actual
        .0
        .iter()
        .zip(expected)
        .all(|(&a, e)| (i32::from(a) - i32::from(e)).abs() <= tolerance)
}

/// Colours 10% in from each corner: top-left, top-right, bottom-left, bottom-right.
fn corners(image: &RgbImage) -> [Rgb<u8>; 4] {
    let (w, h) = image.dimensions();
    let (l, r, t, b) = (w / 10, w - 1 - w / 10, h / 10, h - 1 - h / 10);
    [
        *image.get_pixel(l, t),
        *image.get_pixel(r, t),
        *image.get_pixel(l, b),
        *image.get_pixel(r, b),
    ]
}

#[test]
fn every_exif_orientation_puts_each_corner_where_it_belongs() {
    let stored = jpeg(&quadrants(800, 600), 95);
    // Expected displayed corners (TL, TR, BL, BR) for stored TL=red TR=green BL=blue BR=yellow.
    let expected = [
        (1, [RED, GREEN, BLUE, YELLOW]),
        (2, [GREEN, RED, YELLOW, BLUE]),
        (3, [YELLOW, BLUE, GREEN, RED]),
        (4, [BLUE, YELLOW, RED, GREEN]),
        (5, [RED, BLUE, GREEN, YELLOW]),
        (6, [BLUE, RED, YELLOW, GREEN]),
        (7, [YELLOW, GREEN, BLUE, RED]),
        (8, [GREEN, YELLOW, RED, BLUE]),
    ];
    for (orientation, want) in expected {
        let input = with_orientation(&stored, orientation);
        let prepared = prepare(&input, &PrepareOptions::default()).unwrap();
        let out = assert_valid_avatar(&prepared);
        assert_eq!(out.width(), 600);
        assert_eq!(prepared.report.orientation, orientation as u8);
        let swapped = orientation >= 5;
        let dims = (prepared.report.width, prepared.report.height);
        assert_eq!(dims, if swapped { (600, 800) } else { (800, 600) });
        let got = corners(&out);
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert!(
                near(g, w, 40),
                "orientation {orientation} corner {i}: {g:?} != {w:?}"
            );
        }
    }
}

#[test]
fn transparency_is_flattened_onto_white() {
    let image = RgbaImage::from_fn(800, 800, |x, _| match x * 4 / 800 {
        0 => Rgba([0, 0, 0, 0]),
        1 => Rgba([0, 0, 0, 128]),
        _ => Rgba([200, 0, 0, 255]),
    });
    let prepared = prepare(
        &png(&DynamicImage::ImageRgba8(image)),
        &PrepareOptions::default(),
    )
    .unwrap();
    let out = assert_valid_avatar(&prepared);
    assert_eq!(prepared.report.format, "PNG");
    let y = out.height() / 2;
    assert!(
        near(out.get_pixel(50, y), [255, 255, 255], 6),
        "{:?}",
        out.get_pixel(50, y)
    );
    assert!(
        near(out.get_pixel(300, y), [127, 127, 127], 8),
        "{:?}",
        out.get_pixel(300, y)
    );
    assert!(
        near(out.get_pixel(700, y), [200, 0, 0], 12),
        "{:?}",
        out.get_pixel(700, y)
    );
}

#[test]
fn a_display_p3_photo_is_converted_to_srgb_and_says_so() {
    let orange = jpeg(&RgbImage::from_pixel(800, 800, Rgb([200, 100, 80])), 95);
    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let untouched = prepare(&orange, &PrepareOptions::default()).unwrap();
    let converted = prepare(&with_icc(&orange, &p3), &PrepareOptions::default()).unwrap();
    assert!(!untouched.report.converted_to_srgb);
    assert!(converted.report.converted_to_srgb);
    assert!(
        converted
            .report
            .to_string()
            .contains("colours converted to sRGB from the photo's ICC profile")
    );
    let (before, after) = (
        *assert_valid_avatar(&untouched).get_pixel(400, 400),
        *assert_valid_avatar(&converted).get_pixel(400, 400),
    );
    // The same numbers are a more saturated orange in P3: in sRGB red rises, green and blue fall.
    assert!(
        after[0] > before[0] + 5 && after[1] + 3 < before[1] && after[2] + 3 < before[2],
        "{before:?} → {after:?}"
    );
    // The profile is used, not copied.
    assert!(!converted.jpeg.windows(11).any(|w| w == b"ICC_PROFILE"));
}

#[test]
fn a_small_photo_is_upscaled_to_500_and_says_so() {
    let input = png(&DynamicImage::ImageRgb8(quadrants(200, 120)));
    let prepared = prepare(&input, &PrepareOptions::default()).unwrap();
    let out = assert_valid_avatar(&prepared);
    assert_eq!(out.dimensions(), (500, 500));
    assert!(prepared.report.upscaled);
    assert!(prepared.report.to_string().contains("upscaled"));
    assert_eq!(prepared.report.crop.side, 120);
}

#[test]
fn a_panorama_keeps_its_centre() {
    // Only the centre 1000×1000 is green; any off-centre crop would show red.
    let image = RgbImage::from_fn(8000, 1000, |x, _| {
        Rgb(if (3500..4500).contains(&x) {
            GREEN
        } else {
            RED
        })
    });
    let prepared = prepare(&jpeg(&image, 90), &PrepareOptions::default()).unwrap();
    let out = assert_valid_avatar(&prepared);
    assert_eq!(out.width(), 1000, "a 1000 px short side is kept as is");
    assert_eq!(prepared.report.crop.x, 3500);
    for corner in corners(&out) {
        assert!(near(&corner, GREEN, 30), "{corner:?}");
    }
    for y in [0, 999] {
        for x in [0, 999] {
            assert!(near(out.get_pixel(x, y), GREEN, 40), "edge {x},{y}");
        }
    }
}

#[test]
fn a_large_photo_is_scaled_down_to_1024_with_a_scaled_decode() {
    let prepared = prepare(
        &jpeg(&quadrants(4000, 3000), 90),
        &PrepareOptions::default(),
    )
    .unwrap();
    let out = assert_valid_avatar(&prepared);
    assert_eq!(out.width(), 1024);
    // 3000 → 1500 at 1/2 still covers 1024; 1/4 (750) would not.
    assert_eq!(
        (
            prepared.report.decoded_width,
            prepared.report.decoded_height
        ),
        (2000, 1500)
    );
    assert_eq!(
        prepared.report.crop,
        bloocard::avatar::CropRect {
            x: 500,
            y: 0,
            side: 3000
        }
    );
    let got = corners(&out);
    for (g, w) in got.iter().zip([RED, GREEN, BLUE, YELLOW]) {
        assert!(near(g, w, 30));
    }
}

#[test]
fn the_size_option_is_honoured_and_checked() {
    let input = jpeg(&quadrants(1600, 1200), 90);
    let opts = PrepareOptions {
        size: 640,
        ..PrepareOptions::default()
    };
    let out = assert_valid_avatar(&prepare(&input, &opts).unwrap());
    assert_eq!(out.width(), 640);
    for bad in [499, 1025] {
        let opts = PrepareOptions {
            size: bad,
            ..PrepareOptions::default()
        };
        assert!(matches!(
            prepare(&input, &opts),
            Err(AvatarError::InvalidOption(_))
        ));
    }
    let opts = PrepareOptions {
        quality: 0,
        ..PrepareOptions::default()
    };
    assert!(matches!(
        prepare(&input, &opts),
        Err(AvatarError::InvalidOption(_))
    ));
}

#[test]
fn noise_still_fits_in_a_megabyte_by_lowering_quality() {
    let mut rng = fastrand::Rng::with_seed(7);
    let image = RgbImage::from_fn(1024, 1024, |_, _| Rgb([rng.u8(..), rng.u8(..), rng.u8(..)]));
    let input = png(&DynamicImage::ImageRgb8(image));
    // At the default quality 85, noise lands just under 1 MB (about 870 kB) …
    let prepared = prepare(&input, &PrepareOptions::default()).unwrap();
    assert_valid_avatar(&prepared);
    assert_eq!(prepared.report.quality, 85);
    // … at 100 it is far over, so the quality must step down, but no further than needed:
    // 85 is known to fit, so the best fit the search finds is at least 85.
    let greedy = PrepareOptions {
        quality: 100,
        ..PrepareOptions::default()
    };
    let prepared = prepare(&input, &greedy).unwrap();
    assert_valid_avatar(&prepared);
    assert!(
        (85..100).contains(&prepared.report.quality),
        "{}",
        prepared.report
    );
}

#[test]
fn an_impossible_budget_is_a_clear_error() {
    let input = jpeg(&quadrants(600, 600), 90);
    let opts = PrepareOptions {
        max_bytes: 100,
        ..PrepareOptions::default()
    };
    let err = prepare(&input, &opts).unwrap_err();
    assert!(matches!(err, AvatarError::CannotFit { max_bytes: 100 }));
    // Sizes read in the one byte-size format (issue 19: no raw byte counts).
    assert!(err.to_string().contains("100 B"), "{err}");
}

#[test]
fn webp_input_is_accepted() {
    let image =
        DynamicImage::ImageRgba8(RgbaImage::from_pixel(700, 900, Rgba([10, 120, 200, 255])));
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::WebP).unwrap();
    let prepared = prepare(out.get_ref(), &PrepareOptions::default()).unwrap();
    let decoded = assert_valid_avatar(&prepared);
    assert_eq!(prepared.report.format, "WebP");
    assert_eq!(decoded.width(), 700);
    assert!(near(decoded.get_pixel(350, 350), [10, 120, 200], 8));
}

fn psnr(a: &RgbImage, b: &RgbImage) -> f64 {
    let mse = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum::<f64>()
        / a.as_raw().len() as f64;
    10.0 * (255.0f64 * 255.0 / mse).log10()
}

/// A photo-like test card: smooth gradients, fine sinusoids and hard edges.
fn test_card(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let wave = ((fx / 9.0).sin() * (fy / 13.0).cos() * 40.0) as i32;
        let edge = if (x / 250 + y / 250) % 2 == 0 {
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

#[test]
fn the_scaled_decode_costs_no_visible_quality() {
    let card = test_card(3000, 2000);
    let input = jpeg(&card, 95);
    let prepared = prepare(&input, &PrepareOptions::default()).unwrap();
    let ours = assert_valid_avatar(&prepared);
    // Reference: full-size decode, the same crop, the image crate's exact f32 Lanczos3.
    let full = image::load_from_memory(&input).unwrap().into_rgb8();
    let crop = image::imageops::crop_imm(&full, 500, 0, 2000, 2000).to_image();
    let reference =
        image::imageops::resize(&crop, 1024, 1024, image::imageops::FilterType::Lanczos3);
    let db = psnr(&ours, &reference);
    assert!(db >= 36.0, "PSNR {db:.1} dB");
}

#[test]
fn inspect_reads_the_header_only() {
    let info = inspect(&jpeg(&quadrants(640, 480), 80)).unwrap();
    assert_eq!((info.format, info.width, info.height), ("JPEG", 640, 480));
    let info = inspect(&png(&DynamicImage::ImageRgb8(quadrants(30, 20)))).unwrap();
    assert_eq!((info.format, info.width, info.height), ("PNG", 30, 20));
}

#[test]
fn preview_fits_and_orients() {
    let input = with_orientation(&jpeg(&quadrants(4000, 3000), 85), 6);
    let image = preview(&input, 200).unwrap().into_rgb8();
    // Rotated a quarter turn: portrait, long side 200.
    assert_eq!(image.dimensions(), (150, 200));
    let got = corners(&image);
    for (g, w) in got.iter().zip([BLUE, RED, YELLOW, GREEN]) {
        assert!(near(g, w, 40), "{g:?} != {w:?}");
    }
    // Never enlarged.
    let small = preview(&jpeg(&quadrants(64, 48), 85), 200).unwrap();
    assert_eq!((small.width(), small.height()), (64, 48));
}

#[test]
fn base64_round_trip_through_the_pipeline() {
    let prepared = prepare(&jpeg(&quadrants(600, 600), 85), &PrepareOptions::default()).unwrap();
    let text = encode_base64(&prepared.jpeg);
    assert_eq!(decode_base64(&text).unwrap(), prepared.jpeg);
    let url = format!("data:image/jpeg;base64,{text}");
    assert!(preview(&decode_base64(&url).unwrap(), 100).is_ok());
}

// ---- bad input -----------------------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A small valid PNG whose IHDR is rewritten (with a valid CRC) to claim `w`×`h`.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(&DynamicImage::ImageRgb8(quadrants(8, 8)));
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// A small valid JPEG whose SOF is rewritten to claim `w`×`h`.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut bytes = jpeg(&quadrants(16, 16), 80);
    let sof = bytes.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
    bytes[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    bytes
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    for bomb in [png_claiming(60_000, 60_000), jpeg_claiming(60_000, 60_000)] {
        let err = prepare(&bomb, &PrepareOptions::default()).unwrap_err();
        assert!(
            matches!(
                err,
                AvatarError::TooManyPixels {
                    width: 60_000,
                    height: 60_000,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("60000×60000"), "{err}");
        assert!(matches!(
            inspect(&bomb),
            Err(AvatarError::TooManyPixels { .. })
        ));
    }
}

#[test]
fn truncated_files_are_reported_as_truncated() {
    let whole = jpeg(&test_card(800, 600), 90);
    let err = prepare(&whole[..whole.len() / 2], &PrepareOptions::default()).unwrap_err();
    assert!(matches!(err, AvatarError::Truncated("JPEG")), "{err:?}");
    assert!(err.to_string().contains("truncated"));

    let whole = png(&DynamicImage::ImageRgb8(test_card(800, 600)));
    let err = prepare(&whole[..whole.len() / 2], &PrepareOptions::default()).unwrap_err();
    assert!(matches!(err, AvatarError::Truncated("PNG")), "{err:?}");
}

#[test]
fn corrupt_and_foreign_data_are_named() {
    let mut corrupt = jpeg(&quadrants(64, 64), 80);
    let sof = corrupt.windows(2).position(|m| m == [0xFF, 0xC0]).unwrap();
    corrupt[sof + 9] = 7; // seven colour components: no such JPEG
    let err = prepare(&corrupt, &PrepareOptions::default()).unwrap_err();
    assert!(
        matches!(err, AvatarError::Corrupt { format: "JPEG", .. }),
        "{err:?}"
    );

    let err = prepare(b"hello, this is a text file\n", &PrepareOptions::default()).unwrap_err();
    assert!(matches!(err, AvatarError::NotAnImage));
    assert!(err.to_string().contains("JPEG, PNG or WebP"));

    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    let err = prepare(gif, &PrepareOptions::default()).unwrap_err();
    assert!(matches!(err, AvatarError::UnsupportedFormat(_)), "{err:?}");
    assert!(err.to_string().starts_with("GIF"));

    assert!(matches!(
        prepare(b"", &PrepareOptions::default()),
        Err(AvatarError::Empty)
    ));
}

#[test]
fn local_file_mistakes_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let opts = PrepareOptions::default();

    let missing = dir.path().join("nope.jpg");
    let err = prepare_file(&missing, &opts).unwrap_err();
    assert!(matches!(err, AvatarError::NotFound(_)));
    assert!(
        err.to_string().ends_with("nope.jpg does not exist"),
        "{err}"
    );

    let err = prepare_file(dir.path(), &opts).unwrap_err();
    assert!(err.to_string().contains("is a directory"), "{err}");

    let empty = dir.path().join("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        prepare_file(&empty, &opts),
        Err(AvatarError::Empty)
    ));

    let good = dir.path().join("good.jpg");
    std::fs::write(&good, jpeg(&quadrants(640, 480), 85)).unwrap();
    assert_valid_avatar(&prepare_file(&good, &opts).unwrap());
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jpg");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    // Opening a FIFO with no writer would block forever; the check must come first.
    let err = prepare_file(&fifo, &PrepareOptions::default()).unwrap_err();
    assert!(err.to_string().contains("FIFO"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_permission_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.jpg");
    std::fs::write(&path, jpeg(&quadrants(640, 480), 85)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&path).is_ok() {
        // Running as root: permissions do not apply, so there is nothing to observe.
        eprintln!("skipped: root can read mode-000 files");
        return;
    }
    let err = prepare_file(&path, &PrepareOptions::default()).unwrap_err();
    assert!(matches!(err, AvatarError::PermissionDenied(_)), "{err:?}");
    assert!(err.to_string().contains("permission denied"));
}

#[test]
fn the_report_line_says_what_was_done() {
    let input = with_orientation(&jpeg(&quadrants(4000, 3000), 85), 6);
    let prepared = prepare(&input, &PrepareOptions::default()).unwrap();
    let line = prepared.report.to_string();
    for part in [
        "input JPEG 3000×4000",
        "orientation 6 (rotated 90° clockwise)",
        "decoded at 2000×1500",
        "crop 3000×3000 at (0,500)",
        "output 1024×1024 JPEG",
        "quality 85",
        " ms",
    ] {
        assert!(line.contains(part), "{part:?} missing from {line:?}");
    }
    assert!(!line.contains('\n'));
    let _ = Path::new("unused");
}
