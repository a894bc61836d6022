//! An avatar ready to draw: the encoded terminal-graphics protocol plus the facts shown under it.
//! Built by the worker (decoding and encoding never run on the UI thread), drawn by `ui::avatar`.

use std::fmt;

use ratatui::layout::Size;
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;
use ratatui_image::{FilterType, Resize};

use crate::avatar::{self, ImageInfo};

/// The smallest preview box, in cells; `tui::layout::avatar_cells` grows it with the pane.
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

/// Decodes, scales and encodes `bytes` for the picker's protocol at the default size.
pub fn build(picker: Option<&Picker>, bytes: &[u8]) -> Result<Preview, String> {
    build_sized(picker, bytes, (AVATAR_COLS, AVATAR_ROWS))
}

/// As `build`, for a box of `cells` (columns, rows): the card pane gives the avatar more room when
/// it has it. CPU-heavy: call off the UI thread.
pub fn build_sized(
    picker: Option<&Picker>,
    bytes: &[u8],
    cells: (u16, u16),
) -> Result<Preview, String> {
    let (cols, rows) = cells;
    let facts = avatar::inspect(bytes).map_err(|e| e.to_string())?;
    let image = match picker {
        None => None,
        Some(picker) => {
            let font = picker.font_size();
            let max_side =
                u32::from(cols * font.width.max(1)).max(u32::from(rows * font.height.max(1)));
            let img = avatar::preview(bytes, max_side).map_err(|e| e.to_string())?;
            let protocol = picker
                .new_protocol(
                    img,
                    Size::new(cols, rows),
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
