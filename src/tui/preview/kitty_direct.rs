//! kitty graphics by direct placement, for the kittys without Unicode placeholders (before 0.28,
//! Debian 12's 0.26.5 among them), as yazi's old-kitty driver draws them: the picture is sent
//! and placed at the cursor after the frame is drawn, and deleted (by its id) before it is placed
//! again somewhere else, replaced, or covered by an overlay. The frame's cells under it stay
//! blank. Inside tmux every piece goes through passthrough on its own, with the cursor moved to
//! the picture's cell on the outer screen in the same wrapper (tmux sends the outer cursor home
//! after each passthrough sequence).

use std::io::Cursor;

use base64::Engine;
use image::DynamicImage;
use ratatui::backend::Backend;
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Frame, Terminal};

use crate::tui::capabilities::probe::wrap;

/// Base64 bytes per kitty chunk (the protocol's limit).
const CHUNK: usize = 4096;

/// A picture ready to place: its size in cells and the escape sequences that send and place it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectImage {
    pub cells: Size,
    pub id: u32,
    /// Sent through tmux passthrough: the terminal outside tmux places it, at its own cursor.
    through_tmux: bool,
    /// The kitty sequences (not wrapped) that send the image and place it at the cursor, the
    /// cursor left where it was (`C=1`).
    pieces: Vec<String>,
    /// Deletes it, data and placements (`d=I`).
    delete: String,
}

/// Encodes `img` (already scaled to `cells`) as PNG chunks for kitty.
pub fn encode(
    img: &DynamicImage,
    cells: Size,
    id: u32,
    passthrough: bool,
) -> Result<DirectImage, String> {
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| format!("the avatar could not be encoded for kitty ({e})"))?;
    let data = base64::engine::general_purpose::STANDARD.encode(&png);
    let chunks: Vec<&str> = data
        .as_bytes()
        .chunks(CHUNK)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    let mut pieces = Vec::with_capacity(chunks.len());
    for (i, chunk) in chunks.iter().enumerate() {
        let more = u8::from(i + 1 < chunks.len());
        let seq = if i == 0 {
            format!(
                "\x1b_Ga=T,f=100,i={id},p=1,c={},r={},C=1,q=2,m={more};{chunk}\x1b\\",
                cells.width, cells.height
            )
        } else {
            format!("\x1b_Gm={more};{chunk}\x1b\\")
        };
        pieces.push(seq);
    }
    let delete = format!("\x1b_Ga=d,d=I,i={id},q=2\x1b\\");
    Ok(DirectImage {
        cells,
        id,
        through_tmux: passthrough,
        pieces,
        delete: if passthrough { wrap(&delete) } else { delete },
    })
}

impl DirectImage {
    /// Whether it goes through tmux (and so needs the pane's place on the outer screen).
    pub fn through_tmux(&self) -> bool {
        self.through_tmux
    }

    /// The sequences that send the picture and place it at the cursor, for a terminal reached
    /// directly (`card get --show-avatar`); `None` through tmux, where the outer cursor is not
    /// where tmux's is.
    pub fn here(&self) -> Option<String> {
        (!self.through_tmux).then(|| self.pieces.concat())
    }

    /// The sequences that send and place the picture. Through tmux, `at` is the picture's cell
    /// on the outer screen (0-based column, row), where each wrapped piece first moves the
    /// cursor: tmux does not move the outer cursor before passing a sequence on, and sends it
    /// home after.
    fn place(&self, at: (u16, u16)) -> String {
        if !self.through_tmux {
            return self.pieces.concat();
        }
        let cup = format!("\x1b[{};{}H", at.1 + 1, at.0 + 1);
        self.pieces
            .iter()
            .map(|piece| wrap(&format!("{cup}{piece}")))
            .collect()
    }
}

/// Where the frame wants a placed picture this time.
#[derive(Debug, Clone)]
pub struct Wanted<'a> {
    pub at: Rect,
    pub image: &'a DirectImage,
    /// `at`'s corner on the terminal outside tmux (0-based), for a picture through tmux.
    pub outer: (u16, u16),
}

/// What is on the screen now, so a frame changes it only when it must. One per run of the
/// loop: after Ctrl-Z and `fg` a new one places the picture again on the cleared screen.
#[derive(Debug, Default)]
pub struct Placer {
    placed: Option<(Rect, u32, Size, (u16, u16))>,
    delete: Option<String>,
}

impl Placer {
    /// What to write after a frame of size `screen`: where, and the sequences (the old picture
    /// deleted, the wanted one placed). Nothing when the screen already shows what is wanted; a
    /// resize clears the screen, so the picture is then placed anew.
    pub fn plan(&mut self, wanted: Option<Wanted<'_>>, screen: Size) -> Option<(Position, String)> {
        let want = wanted.as_ref().map(|w| (w.at, w.image.id, screen, w.outer));
        if want == self.placed {
            return None;
        }
        let old = self.placed.map(|(rect, ..)| rect.as_position());
        let mut seq = self.delete.take().unwrap_or_default();
        if let Some(w) = &wanted {
            seq.push_str(&w.image.place(w.outer));
            self.delete = Some(w.image.delete.clone());
        }
        self.placed = want;
        let at = wanted.map(|w| w.at.as_position()).or(old)?;
        (!seq.is_empty()).then_some((at, seq))
    }
}

/// Draws a frame with `render`, then places or deletes the direct-placed picture as `wanted`
/// (given the frame's area) says. The sequences are written with the cell the frame has at that
/// spot (the backend moves the cursor there; the sequences leave the cursor where it was, so the
/// cell's own symbol then fills the cell as drawn).
pub fn draw<'a, B: Backend>(
    terminal: &mut Terminal<B>,
    placer: &mut Placer,
    render: impl FnOnce(&mut Frame),
    wanted: impl FnOnce(Rect) -> Option<Wanted<'a>>,
) -> Result<(), B::Error> {
    let frame = terminal.draw(render)?;
    let area = frame.area;
    let Some((at, seq)) = placer.plan(wanted(area), area.as_size()) else {
        return Ok(());
    };
    let mut cell = frame.buffer.cell(at).cloned().unwrap_or_default();
    let symbol = format!("{seq}{}", cell.symbol());
    cell.set_symbol(&symbol);
    let backend = terminal.backend_mut();
    backend.draw(std::iter::once((at.x, at.y, &cell)))?;
    backend.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    fn image(passthrough: bool) -> DirectImage {
        let img = DynamicImage::new_rgb8(40, 40);
        encode(&img, Size::new(4, 2), 77, passthrough).unwrap()
    }

    #[test]
    fn the_picture_is_sent_in_chunks_and_placed_at_the_cursor() {
        let d = image(false);
        assert!(
            d.place((5, 5))
                .starts_with("\x1b_Ga=T,f=100,i=77,p=1,c=4,r=2,C=1,q=2,m=0;")
        );
        assert_eq!(d.delete, "\x1b_Ga=d,d=I,i=77,q=2\x1b\\");
        let t = image(true);
        assert!(t.delete.starts_with("\x1bPtmux;\x1b\x1b_Ga=d"));
    }

    #[test]
    fn placed_once_then_deleted_when_moved_covered_or_the_screen_resized() {
        let d = image(false);
        let mut placer = Placer::default();
        let at = Rect::new(2, 3, 4, 2);
        let screen = Size::new(20, 10);
        let want = || {
            Some(Wanted {
                at,
                image: &d,
                outer: (2, 3),
            })
        };
        let (pos, seq) = placer.plan(want(), screen).unwrap();
        assert_eq!(pos, Position::new(2, 3));
        assert!(seq.starts_with("\x1b_Ga=T"));
        // The same again writes nothing.
        assert_eq!(placer.plan(want(), screen), None);
        // Covered: deleted, at the old corner.
        let (pos, seq) = placer.plan(None, screen).unwrap();
        assert_eq!(
            (pos, seq.as_str()),
            (Position::new(2, 3), d.delete.as_str())
        );
        assert_eq!(placer.plan(None, screen), None);
        // Placed again, then again after a resize (delete first).
        placer.plan(want(), screen).unwrap();
        let (_, seq) = placer.plan(want(), Size::new(30, 10)).unwrap();
        assert!(seq.starts_with(&d.delete) && seq.ends_with(&d.place((2, 3))));
    }

    #[test]
    fn through_tmux_each_piece_moves_the_outer_cursor_to_the_picture_cell() {
        let d = image(true);
        let mut placer = Placer::default();
        let at = Rect::new(2, 3, 4, 2);
        let (_, seq) = placer
            .plan(
                Some(Wanted {
                    at,
                    image: &d,
                    outer: (63, 4),
                }),
                Size::new(20, 10),
            )
            .unwrap();
        // Every wrapped piece moves the outer cursor to column 61 + 2, row 1 + 3 (1-based: 64, 5).
        let pieces = seq.matches("\x1bPtmux;").count();
        assert!(pieces >= 1);
        assert_eq!(
            seq.matches("\x1bPtmux;\x1b\x1b[5;64H\x1b\x1b_G").count(),
            pieces
        );
    }

    #[test]
    fn drawing_writes_the_cell_the_frame_has_there() {
        let d = image(false);
        let mut terminal = Terminal::new(TestBackend::new(20, 10)).unwrap();
        let mut placer = Placer::default();
        let at = Rect::new(2, 3, 4, 2);
        draw(
            &mut terminal,
            &mut placer,
            |f| f.render_widget(ratatui::widgets::Paragraph::new("x"), Rect::new(2, 3, 1, 1)),
            |_| {
                Some(Wanted {
                    at,
                    image: &d,
                    outer: (2, 3),
                })
            },
        )
        .unwrap();
        let cell = &terminal.backend().buffer()[(2, 3)];
        assert!(cell.symbol().starts_with("\x1b_Ga=T") && cell.symbol().ends_with('x'));
    }
}
