//! Regenerates the two demo avatars in `assets/` (the demo backend embeds them with `include_bytes!`).
//!
//! Run with `cargo run --example demo_avatars`. The pictures are drawn, not photographed, so they
//! carry no one's likeness: a soft studio backdrop with bokeh, and a head-and-shoulders portrait.
//! Each is rendered at twice the size and scaled down, which anti-aliases every edge.

use image::{ImageBuffer, Rgb, RgbImage, imageops};

const SIZE: u32 = 640;
const SCALE: u32 = 2;

struct Look {
    file: &'static str,
    backdrop_top: [f32; 3],
    backdrop_bottom: [f32; 3],
    bokeh: [f32; 3],
    skin: [f32; 3],
    hair: [f32; 3],
    shirt: [f32; 3],
    collar: [f32; 3],
    long_hair: bool,
    seed: u64,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let looks = [
        Look {
            file: "assets/demo-avatar-maya.jpg",
            backdrop_top: [247.0, 214.0, 190.0],
            backdrop_bottom: [214.0, 128.0, 112.0],
            bokeh: [255.0, 240.0, 220.0],
            skin: [233.0, 189.0, 160.0],
            hair: [92.0, 58.0, 40.0],
            shirt: [46.0, 84.0, 96.0],
            collar: [236.0, 232.0, 222.0],
            long_hair: true,
            seed: 7,
        },
        Look {
            file: "assets/demo-avatar-theo.jpg",
            backdrop_top: [170.0, 206.0, 222.0],
            backdrop_bottom: [52.0, 92.0, 128.0],
            bokeh: [220.0, 240.0, 250.0],
            skin: [141.0, 96.0, 70.0],
            hair: [30.0, 24.0, 22.0],
            shirt: [196.0, 120.0, 58.0],
            collar: [58.0, 46.0, 40.0],
            long_hair: false,
            seed: 11,
        },
    ];
    for look in &looks {
        let big = draw(look, SIZE * SCALE);
        let small = imageops::resize(&big, SIZE, SIZE, imageops::FilterType::Lanczos3);
        let mut out = std::fs::File::create(look.file)?;
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 84);
        encoder.encode_image(&small)?;
        println!("wrote {}", look.file);
        // JPEG viewers are not everywhere; a PNG copy lets the result be looked at before committing.
        if let Some(dir) = std::env::var_os("DEMO_AVATAR_PREVIEW_DIR") {
            let name = std::path::Path::new(look.file).with_extension("png");
            let name = name.file_name().unwrap_or_default();
            image::load_from_memory(&std::fs::read(look.file)?)?
                .save(std::path::Path::new(&dir).join(name))?;
        }
    }
    Ok(())
}

fn draw(look: &Look, n: u32) -> RgbImage {
    let s = n as f32;
    let mut rng = fastrand::Rng::with_seed(look.seed);
    // Out-of-focus highlights behind the subject, as a portrait lens renders them.
    let bokeh: Vec<(f32, f32, f32, f32)> = (0..14)
        .map(|_| {
            (
                rng.f32() * s,
                rng.f32() * s * 0.7,
                s * (0.04 + rng.f32() * 0.09),
                0.10 + rng.f32() * 0.22,
            )
        })
        .collect();
    let mut img: RgbImage = ImageBuffer::new(n, n);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let (fx, fy) = (x as f32 / s, y as f32 / s);
        let mut c = mix(look.backdrop_top, look.backdrop_bottom, fy);
        // Vignette: darker toward the corners.
        let d = ((fx - 0.5).powi(2) + (fy - 0.45).powi(2)).sqrt();
        c = scale(c, 1.0 - 0.35 * smooth(0.35, 0.85, d));
        for &(bx, by, br, ba) in &bokeh {
            let dist = ((x as f32 - bx).powi(2) + (y as f32 - by).powi(2)).sqrt();
            let a = ba * (1.0 - smooth(br * 0.7, br, dist));
            c = mix(c, look.bokeh, a);
        }
        c = subject(look, fx, fy, c);
        // Fine grain so the JPEG looks photographed rather than flat.
        let grain = (rng.f32() - 0.5) * 6.0;
        *px = Rgb([
            px_u8(c[0] + grain),
            px_u8(c[1] + grain),
            px_u8(c[2] + grain),
        ]);
    }
    img
}

/// Paints shoulders, neck, hair and head over `c` at (fx, fy) in unit coordinates.
fn subject(look: &Look, fx: f32, fy: f32, mut c: [f32; 3]) -> [f32; 3] {
    let head = (0.5, 0.42, 0.165, 0.205);
    let aa = 0.004;
    // Long hair falls behind the shoulders.
    if look.long_hair {
        let inside = ellipse(fx, fy, 0.5, 0.55, 0.235, 0.33);
        let a = 1.0 - smooth(1.0 - aa * 12.0, 1.0, inside);
        let shade = 0.85 + 0.15 * (1.0 - fy);
        c = mix(c, scale(look.hair, shade), a * (fy < 0.86) as u8 as f32);
    }
    // Shoulders: a wide ellipse cut off by the frame.
    let shoulders = ellipse(fx, fy, 0.5, 1.02, 0.42, 0.34);
    let a = 1.0 - smooth(1.0 - aa * 8.0, 1.0, shoulders);
    let light = 0.8 + 0.3 * (1.0 - (fx - 0.38).abs() * 2.0).clamp(0.0, 1.0);
    c = mix(c, scale(look.shirt, light), a);
    // Collar: a V of a lighter colour.
    let collar = (fy > 0.69) && ((fx - 0.5).abs() < (fy - 0.69) * 0.9 + 0.05);
    if collar && shoulders < 1.0 {
        let inner = (fx - 0.5).abs() < (fy - 0.69) * 0.3 && fy < 0.84;
        c = mix(c, if inner { look.skin } else { look.collar }, 0.95);
    }
    // Neck.
    if (fx - 0.5).abs() < 0.07 && fy > 0.55 && fy < 0.74 {
        let shade = 0.78 + 0.1 * ((fx - 0.43) / 0.14);
        c = mix(c, scale(look.skin, shade), 1.0);
    }
    // Ears, behind the head.
    for ex in [0.338, 0.662] {
        let ear = ellipse(fx, fy, ex, 0.44, 0.026, 0.045);
        let a = 1.0 - smooth(1.0 - aa * 20.0, 1.0, ear);
        c = mix(c, scale(look.skin, 0.88), a);
    }
    // Head, lit from the upper left.
    let inside = ellipse(fx, fy, head.0, head.1, head.2, head.3);
    let a = 1.0 - smooth(1.0 - aa * 10.0, 1.0, inside);
    let light = 1.08 - 0.35 * (((fx - 0.42).powi(2) + (fy - 0.34).powi(2)).sqrt() / 0.25);
    c = mix(c, scale(look.skin, light.clamp(0.7, 1.1)), a);
    // Hair cap over the top of the head.
    let cap = ellipse(fx, fy, 0.5, 0.37, 0.178, 0.17);
    let hair_line = if look.long_hair {
        0.33 + 0.05 * ((fx - 0.5) * 9.0).sin().abs()
    } else {
        0.31 + 0.015 * ((fx - 0.5) * 40.0).sin()
    };
    if fy < hair_line || (look.long_hair && (fx - 0.5).abs() > 0.13 && fy < 0.52) {
        let a = 1.0 - smooth(1.0 - aa * 10.0, 1.0, cap.min(inside));
        let sheen =
            1.0 + 0.25 * (1.0 - ((fx - 0.44).abs() * 6.0).min(1.0)) * (fy < 0.3) as u8 as f32;
        c = mix(c, scale(look.hair, sheen), a);
    }
    face(look, fx, fy, c)
}

/// Brows, eyes with a catch-light, a nose shadow and a closed smile.
fn face(look: &Look, fx: f32, fy: f32, mut c: [f32; 3]) -> [f32; 3] {
    let aa = 0.004;
    for ex in [0.445, 0.555] {
        let brow = ellipse(fx, fy, ex, 0.395, 0.03, 0.007);
        c = mix(
            c,
            scale(look.hair, 0.9),
            1.0 - smooth(1.0 - aa * 60.0, 1.0, brow),
        );
        let eye = ellipse(fx, fy, ex, 0.43, 0.016, 0.012);
        c = mix(
            c,
            [38.0, 30.0, 28.0],
            1.0 - smooth(1.0 - aa * 60.0, 1.0, eye),
        );
        let glint = ellipse(fx, fy, ex + 0.005, 0.426, 0.004, 0.004);
        c = mix(
            c,
            [250.0, 250.0, 250.0],
            0.8 * (1.0 - smooth(0.6, 1.0, glint)),
        );
    }
    let nose = ellipse(fx, fy, 0.505, 0.475, 0.014, 0.03);
    c = mix(
        c,
        scale(look.skin, 0.86),
        0.6 * (1.0 - smooth(0.5, 1.0, nose)),
    );
    // The smile: a band of a circle centred above the mouth, lower half only.
    let r = ((fx - 0.5).powi(2) + (fy - 0.47).powi(2)).sqrt();
    if fy > 0.5 && (fx - 0.5).abs() < 0.045 {
        let band = 1.0 - smooth(0.0025, 0.005, (r - 0.06).abs());
        c = mix(c, scale(look.skin, 0.6), band);
    }
    c
}

/// <1 inside the ellipse, 1 on its edge.
fn ellipse(x: f32, y: f32, cx: f32, cy: f32, rx: f32, ry: f32) -> f32 {
    (((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2)).sqrt()
}

fn smooth(edge0: f32, edge1: f32, x: f32) -> f32 {
    let t = ((x - edge0) / (edge1 - edge0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn scale(c: [f32; 3], k: f32) -> [f32; 3] {
    [c[0] * k, c[1] * k, c[2] * k]
}

fn px_u8(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}
