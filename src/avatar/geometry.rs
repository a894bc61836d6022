//! The square crop and the output size: pure arithmetic, kept apart so tests can pin it down.

use image::metadata::Orientation;

/// Smallest avatar side the API guide recommends; smaller photos are upscaled to it.
pub const MIN_SIDE: u32 = 500;
/// Largest avatar side the API guide recommends.
pub const MAX_SIDE: u32 = 1024;

/// Where the centred square sits in the stored image, and what size it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Geometry {
    /// Side of the square, in stored (full-resolution, unoriented) pixels.
    pub side: u32,
    pub left: u32,
    pub top: u32,
    /// Side of the output square.
    pub out_side: u32,
    /// The photo was smaller than [`MIN_SIDE`] and had to be enlarged.
    pub upscaled: bool,
}

impl Geometry {
    /// Centre square of a `width`×`height` image: kept at its own size between [`MIN_SIDE`] and
    /// `size`, shrunk to `size` above, enlarged to [`MIN_SIDE`] below.
    pub(crate) fn centre_square(width: u32, height: u32, size: u32) -> Self {
        let side = width.min(height);
        let (out_side, upscaled) = if side < MIN_SIDE {
            (MIN_SIDE, true)
        } else {
            (side.min(size), false)
        };
        Geometry {
            side,
            left: (width - side) / 2,
            top: (height - side) / 2,
            out_side,
            upscaled,
        }
    }
}

/// True when the orientation turns the picture a quarter, swapping width and height.
pub(crate) fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// How the report names each EXIF orientation.
pub(crate) fn describe(orientation: Orientation) -> &'static str {
    match orientation {
        Orientation::NoTransforms => "none",
        Orientation::FlipHorizontal => "mirrored",
        Orientation::Rotate180 => "rotated 180°",
        Orientation::FlipVertical => "flipped vertically",
        Orientation::Rotate90FlipH => "rotated 90° clockwise and mirrored",
        Orientation::Rotate90 => "rotated 90° clockwise",
        Orientation::Rotate270FlipH => "rotated 90° counter-clockwise and mirrored",
        Orientation::Rotate270 => "rotated 90° counter-clockwise",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_policy() {
        assert_eq!(Geometry::centre_square(5184, 3456, 1024).out_side, 1024);
        let g = Geometry::centre_square(800, 600, 1024);
        assert_eq!(
            (g.side, g.left, g.top, g.out_side, g.upscaled),
            (600, 100, 0, 600, false)
        );
        let g = Geometry::centre_square(200, 120, 1024);
        assert_eq!((g.out_side, g.upscaled), (500, true));
        assert_eq!(Geometry::centre_square(3000, 4000, 700).out_side, 700);
    }
}
