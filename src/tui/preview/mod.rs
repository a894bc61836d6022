//! An avatar ready to draw: the encoded terminal-graphics protocol plus the facts shown under it.
//! Built by the worker (decoding and encoding never run on the UI thread), drawn by `ui::avatar`.

pub mod kitty_direct;

use std::fmt;
use std::sync::Arc;

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::protocol::{Protocol as Encoded, halfblocks::Halfblocks};
use ratatui_image::protocol::{iterm2::Iterm2, kitty::Kitty, sixel::Sixel};
use ratatui_image::{FilterType, FontSize, Resize};

use crate::avatar::{self, ImageInfo};
use crate::tui::capabilities::{Graphics, Protocol};
use kitty_direct::DirectImage;

/// The smallest preview box, in cells; `tui::layout::avatar_cells` grows it with the pane.
pub const AVATAR_COLS: u16 = 16;
pub const AVATAR_ROWS: u16 = 8;

/// An encoded image. Compared by identity of its source, since protocols carry no equality.
#[derive(Clone)]
pub struct ImageProto {
    pub drawn: Drawn,
    key: u64,
}

/// How an encoded image reaches the screen.
#[derive(Clone)]
pub enum Drawn {
    /// Through the frame's cells (half blocks, sixel, iTerm2, kitty placeholders): ratatui-image.
    Cells(Encoded),
    /// Placed by the loop after the frame (kitty direct placement, `kitty_direct`).
    Placed(Arc<DirectImage>),
}

impl ImageProto {
    /// The picture's size in cells.
    pub fn size(&self) -> Size {
        match &self.drawn {
            Drawn::Cells(p) => p.size(),
            Drawn::Placed(d) => d.cells,
        }
    }
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

/// Decodes, scales and encodes `bytes` for `graphics` at the default size.
pub fn build(graphics: Option<&Graphics>, bytes: &[u8]) -> Result<Preview, String> {
    build_sized(graphics, bytes, (AVATAR_COLS, AVATAR_ROWS))
}

/// As `build`, for a box of `cells` (columns, rows): the card pane gives the avatar more room when
/// it has it. CPU-heavy: call off the UI thread.
pub fn build_sized(
    graphics: Option<&Graphics>,
    bytes: &[u8],
    cells: (u16, u16),
) -> Result<Preview, String> {
    let facts = avatar::inspect(bytes).map_err(|e| e.to_string())?;
    let image = match graphics {
        None => None,
        Some(graphics) => Some(encode(graphics, bytes, cells)?),
    };
    Ok(Preview { facts, image })
}

fn encode(
    graphics: &Graphics,
    bytes: &[u8],
    (cols, rows): (u16, u16),
) -> Result<ImageProto, String> {
    let (cw, ch) = graphics.cell;
    let font = FontSize::new(cw.max(1), ch.max(1));
    let max_side = u32::from(cols * font.width).max(u32::from(rows * font.height));
    let img = avatar::preview(bytes, max_side).map_err(|e| e.to_string())?;
    let area = fit(&img, font, Size::new(cols, rows));
    let img = Resize::Scale(Some(FilterType::Triangle)).resize(&img, font, area, None);
    let key = fingerprint(bytes, graphics);
    let failed = |e: ratatui_image::errors::Errors| {
        format!("the avatar cannot be drawn in this terminal ({e})")
    };
    let through = graphics.passthrough;
    let drawn = match graphics.protocol {
        Protocol::Halfblocks => Drawn::Cells(Encoded::Halfblocks(
            Halfblocks::new(img, area).map_err(failed)?,
        )),
        Protocol::Sixel => Drawn::Cells(Encoded::Sixel(
            Sixel::new(img, area, through).map_err(failed)?,
        )),
        Protocol::Iterm2 => Drawn::Cells(Encoded::ITerm2(
            Iterm2::new(img, area, through).map_err(failed)?,
        )),
        Protocol::KittyPlaceholders => {
            let kitty = Kitty::new(img, area, image_id(key), through, false).map_err(failed)?;
            Drawn::Cells(Encoded::Kitty(kitty))
        }
        Protocol::KittyDirect => Drawn::Placed(Arc::new(kitty_direct::encode(
            &img,
            area,
            image_id(key),
            through,
        )?)),
    };
    Ok(ImageProto { drawn, key })
}

/// The cells the picture takes in a box of `max` cells: as large as fits, its shape kept.
fn fit(img: &DynamicImage, font: FontSize, max: Size) -> Size {
    let (w, h) = (
        f64::from(img.width().max(1)),
        f64::from(img.height().max(1)),
    );
    let (bw, bh) = (
        f64::from(max.width) * f64::from(font.width),
        f64::from(max.height) * f64::from(font.height),
    );
    let scale = (bw / w).min(bh / h);
    let cols = (w * scale / f64::from(font.width)).ceil() as u16;
    let rows = (h * scale / f64::from(font.height)).ceil() as u16;
    Size::new(
        cols.clamp(1, max.width.max(1)),
        rows.clamp(1, max.height.max(1)),
    )
}

/// A kitty image id from the picture's key: never 0 (kitty's "no id"), 24 bits for placeholders'
/// colour encoding plus one more byte.
fn image_id(key: u64) -> u32 {
    ((key as u32) & 0x7fff_ffff).max(1)
}

/// The source bytes and how they were encoded: the same photo drawn another way is another image.
fn fingerprint(bytes: &[u8], graphics: &Graphics) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    graphics.protocol.name().hash(&mut h);
    graphics.cell.hash(&mut h);
    graphics.passthrough.hash(&mut h);
    h.finish()
}
