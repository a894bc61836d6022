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

/// A sixel's pixel rows come in bands of this many.
const SIXEL_BAND: u32 = 6;

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
    let (img, area) = if graphics.protocol == Protocol::Sixel {
        sixel_fit(&img, font, Size::new(cols, rows))
    } else {
        let area = fit(&img, font, Size::new(cols, rows));
        let padded = Resize::Scale(Some(FilterType::Triangle)).resize(&img, font, area, None);
        (padded, area)
    };
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

/// `img` scaled for sixel into a box of `max` cells, and the cells it covers. Not padded, and
/// its height a whole number of six-pixel bands that ends as near its last cell row's bottom as
/// it can: tmux 3.5 passes a sixel on without its transparency (P2, fixed in tmux 3.6), so the
/// outer terminal paints every pixel of the covered cells the picture leaves unset with one flat
/// colour (a strip under it); and tmux counts the height in whole bands, so a picture whose last
/// band runs into the next row covers that row, where the facts written under it wipe it out.
/// The shape is kept: the picture may come out a little smaller than the box (under a cell).
/// The others get the picture padded to whole cells, as kitty and iTerm2 stretch what they get
/// over the cells they are given.
fn sixel_fit(img: &DynamicImage, font: FontSize, max: Size) -> (DynamicImage, Size) {
    let (w, h) = (
        f64::from(img.width().max(1)),
        f64::from(img.height().max(1)),
    );
    let (cw, ch) = (u32::from(font.width), u32::from(font.height));
    let (bw, bh) = (
        u32::from(max.width.max(1)) * cw,
        u32::from(max.height.max(1)) * ch,
    );
    let bands = |pixels: u32| (pixels / SIXEL_BAND * SIXEL_BAND).max(pixels.min(SIXEL_BAND));
    let natural = (f64::from(bw) / w).min(f64::from(bh) / h) * h / f64::from(ch);
    // The most rows, of those about the natural height, whose whole bands keep the width in.
    let rows = [natural.ceil(), natural.floor()]
        .into_iter()
        .map(|r| (r as u32).clamp(1, bh / ch))
        .find(|&r| w * f64::from(bands(r * ch)) / h <= f64::from(bw));
    let height = match rows {
        Some(r) => bands(r * ch),
        None => bands((h * f64::from(bw) / w) as u32),
    };
    let width = ((w * f64::from(height) / h).round() as u32).clamp(1, bw);
    let picture = img.resize_exact(width, height, FilterType::Triangle);
    let cells = |pixels: u32, cell: u32| pixels.div_ceil(cell.max(1)) as u16;
    (picture, Size::new(cells(width, cw), cells(height, ch)))
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

#[cfg(test)]
mod tests {
    use super::*;

    const AVATAR: &[u8] = include_bytes!("../../../assets/demo-avatar-maya.jpg");

    fn drawn(protocol: Protocol) -> Drawn {
        let graphics = Graphics::pixels(protocol, Some((8, 17)), String::new());
        let preview = build_sized(Some(&graphics), AVATAR, (22, 11)).unwrap();
        preview.image.unwrap().drawn
    }

    #[test]
    fn a_sixel_ends_in_whole_bands_near_its_last_rows_bottom() {
        // A square avatar in a 22×11 box of 8×17 cells: not 176×176 in 11 rows (187 pixels, 11
        // left over) but 168×168 in 21×10 cells (170 pixels, 2 left over; 168 is 28 bands).
        let Drawn::Cells(Encoded::Sixel(sixel)) = drawn(Protocol::Sixel) else {
            panic!("not a sixel");
        };
        assert_eq!(sixel.size, Size::new(21, 10));
        assert!(sixel.data.contains("\"1;1;168;168#"), "raster attributes");
    }
}
