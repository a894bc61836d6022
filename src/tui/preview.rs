//! An avatar ready to draw: the encoded terminal-graphics protocol plus the facts shown under it.
//! Built by the worker (decoding and encoding never run on the UI thread), drawn by `ui::avatar`.

use std::fmt;

use ratatui::layout::Size;
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;
use ratatui_image::{FilterType, Resize};

use crate::avatar::{self, ImageInfo};

/// The preview box, in cells. Fixed so the worker can encode before the view asks.
pub const AVATAR_COLS: u16 = 16;
pub const AVATAR_ROWS: u16 = 8;

/// An encoded image. Compared by identity of its source, since protocols carry no equality.
#[derive(Clone)]
pub struct ImageProto {
    pub protocol: Protocol,
    key: u64,
}

impl fmt::Debug for ImageProto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageProto")
            .field("key", &self.key)
            .finish()
    }
}

impl PartialEq for ImageProto {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub facts: ImageInfo,
    /// None when images are off (`--image off`): the facts are still shown.
    pub image: Option<ImageProto>,
}

/// Decodes, scales and encodes `bytes` for the picker's protocol. CPU-heavy: call off the UI thread.
pub fn build(picker: Option<&Picker>, bytes: &[u8]) -> Result<Preview, String> {
    let facts = avatar::inspect(bytes).map_err(|e| e.to_string())?;
    let image = match picker {
        None => None,
        Some(picker) => {
            let font = picker.font_size();
            let max_side = u32::from(AVATAR_COLS * font.width.max(1))
                .max(u32::from(AVATAR_ROWS * font.height.max(1)));
            let img = avatar::preview(bytes, max_side).map_err(|e| e.to_string())?;
            let protocol = picker
                .new_protocol(
                    img,
                    Size::new(AVATAR_COLS, AVATAR_ROWS),
                    Resize::Scale(Some(FilterType::Triangle)),
                )
                .map_err(|e| format!("the avatar cannot be drawn in this terminal ({e})"))?;
            Some(ImageProto {
                protocol,
                key: fingerprint(bytes),
            })
        }
    };
    Ok(Preview { facts, image })
}

fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}
