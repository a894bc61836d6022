//! Embedded colour profiles: pixels described by an RGB ICC profile other than sRGB (Display P3
//! from recent phones, Adobe RGB from cameras) are converted to sRGB, which is what recipients'
//! devices assume for an avatar without a profile — ours carry none.

use moxcms::{ColorProfile, DataColorSpace, Layout, TransformOptions, Xyzd};

/// Converts packed RGB `pixels` from the space `icc` describes to sRGB, in place. Returns false,
/// leaving the pixels alone, when the profile is sRGB already, not RGB, or unreadable.
pub(crate) fn convert_to_srgb(pixels: &mut [u8], icc: &[u8]) -> bool {
    let Ok(source) = ColorProfile::new_from_slice(icc) else {
        return false;
    };
    let srgb = ColorProfile::new_srgb();
    if source.color_space != DataColorSpace::Rgb || same_primaries(&source, &srgb) {
        return false;
    }
    let Ok(transform) =
        source.create_transform_8bit(Layout::Rgb, &srgb, Layout::Rgb, TransformOptions::default())
    else {
        return false;
    };
    let mut converted = vec![0u8; pixels.len()];
    if transform.transform(pixels, &mut converted).is_err() {
        return false;
    }
    pixels.copy_from_slice(&converted);
    true
}

/// sRGB profiles differ in small ways (curve tables, versions); the primaries decide.
fn same_primaries(a: &ColorProfile, b: &ColorProfile) -> bool {
    let close = |p: &Xyzd, q: &Xyzd| {
        (p.x - q.x).abs() < 0.003 && (p.y - q.y).abs() < 0.003 && (p.z - q.z).abs() < 0.003
    };
    close(&a.red_colorant, &b.red_colorant)
        && close(&a.green_colorant, &b.green_colorant)
        && close(&a.blue_colorant, &b.blue_colorant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_p3_colours_become_more_saturated_srgb() {
        let p3 = ColorProfile::new_display_p3().encode().unwrap();
        let mut pixels = vec![200, 100, 80, 128, 128, 128];
        assert!(convert_to_srgb(&mut pixels, &p3));
        // The same numbers mean a more saturated colour in P3; in sRGB red grows, the rest fall.
        assert!(
            pixels[0] > 205 && pixels[1] < 98 && pixels[2] < 78,
            "{pixels:?}"
        );
        // Grey stays grey (same white point and curve).
        assert!(
            pixels[3..].iter().all(|&v| v.abs_diff(128) <= 1),
            "{pixels:?}"
        );
    }

    #[test]
    fn srgb_and_unreadable_profiles_leave_pixels_alone() {
        let srgb = ColorProfile::new_srgb().encode().unwrap();
        let mut pixels = vec![200, 100, 80];
        assert!(!convert_to_srgb(&mut pixels, &srgb));
        assert!(!convert_to_srgb(&mut pixels, b"not a profile"));
        assert_eq!(pixels, [200, 100, 80]);
    }
}
