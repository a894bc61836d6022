//! What a decode hands back: packed RGB of the part of the scaled image that was decoded.

/// A rectangle of a decoded image, in its (scaled, unoriented) pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Region {
    /// All of a `width`×`height` image.
    pub fn whole(width: u32, height: u32) -> Self {
        Region {
            x: 0,
            y: 0,
            width,
            height,
        }
    }
}

/// A decoded image in stored order: EXIF orientation is reported, not applied.
#[derive(Debug, Clone)]
pub struct Image {
    /// Dimensions in the file, before DCT scaling.
    pub full_width: u32,
    pub full_height: u32,
    /// Dimensions after DCT scaling (1/1, 1/2, 1/4 or 1/8, rounded up).
    pub width: u32,
    pub height: u32,
    /// The part of the scaled image that `rgb` holds: all of it, unless only the centred
    /// square was asked for.
    pub region: Region,
    /// Packed RGB of `region`, 3 bytes a pixel, row after row.
    pub rgb: Vec<u8>,
    /// The TIFF payload of the APP1 Exif segment (after `Exif\0\0`), for the orientation.
    pub exif: Option<Vec<u8>>,
    /// The embedded ICC profile, reassembled from its APP2 chunks (the pixels are in the space
    /// it describes; no colour management is done here).
    pub icc: Option<Vec<u8>>,
}
