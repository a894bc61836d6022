//! The terminal answered the graphics probe: keep what was decided (for `?` and the card pane's
//! hint) and draw the avatar again with it. The worker already encodes with the new graphics.

use crate::tui::app::App;
use crate::tui::capabilities::Graphics;
use crate::tui::msg::Cmd;

impl App {
    pub(crate) fn on_graphics(&mut self, graphics: Graphics) -> Vec<Cmd> {
        let changed = self.graphics.as_ref().is_none_or(|g| {
            (g.protocol, g.cell, g.passthrough)
                != (graphics.protocol, graphics.cell, graphics.passthrough)
        });
        self.graphics = Some(graphics);
        if changed && !self.config.images_off {
            self.redraw_avatar()
        } else {
            Vec::new()
        }
    }
}
