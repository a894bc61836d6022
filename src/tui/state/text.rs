//! Single-line and multi-line text fields on top of `ratatui-textarea`, with paste that respects
//! the field (newlines stripped from single-line fields).

use ratatui_textarea::TextArea;

#[derive(Debug, Clone)]
pub struct Field {
    pub area: TextArea<'static>,
    pub multiline: bool,
}

impl Default for Field {
    fn default() -> Self {
        Self::single("")
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Self) -> bool {
        self.area.lines() == other.area.lines() && self.multiline == other.multiline
    }
}

impl Field {
    pub fn single(text: &str) -> Self {
        Self::with(text, false)
    }

    pub fn multi(text: &str) -> Self {
        Self::with(text, true)
    }

    fn with(text: &str, multiline: bool) -> Self {
        let lines = if multiline {
            text.split('\n').map(str::to_owned).collect()
        } else {
            vec![one_line(text)]
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        area.set_cursor_line_style(ratatui::style::Style::default());
        if multiline {
            // A message is read whole: long lines wrap in the field instead of scrolling sideways.
            area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        }
        Self { area, multiline }
    }

    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.area.lines().iter().all(String::is_empty)
    }

    pub fn set(&mut self, text: &str) {
        *self = Self::with(text, self.multiline);
    }

    /// Feeds a key. Enter in a single-line field is not text, so it is refused (returns false).
    pub fn input(&mut self, key: crossterm::event::KeyEvent) -> bool {
        use crossterm::event::KeyCode;
        if !self.multiline && matches!(key.code, KeyCode::Enter) {
            return false;
        }
        // The textarea's own Ctrl-M/Ctrl-J would insert newlines in single-line fields.
        if !self.multiline
            && key
                .modifiers
                .contains(crossterm::event::KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('m' | 'j'))
        {
            return false;
        }
        // Readline's Ctrl-U (erase to line start) is what people type in a path or name field;
        // the textarea would treat it as undo.
        if key
            .modifiers
            .contains(crossterm::event::KeyModifiers::CONTROL)
            && key.code == KeyCode::Char('u')
        {
            return self.area.delete_line_by_head();
        }
        self.area.input(key)
    }

    pub fn paste(&mut self, text: &str) {
        let text = if self.multiline {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            one_line(text)
        };
        self.area.insert_str(text);
    }

    /// Puts the cursor after the last character, where editing starts.
    pub fn cursor_to_end(&mut self) {
        self.area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.area.move_cursor(ratatui_textarea::CursorMove::End);
    }

    pub fn cursor_row(&self) -> usize {
        self.area.cursor().0
    }

    pub fn line_count(&self) -> usize {
        self.area.lines().len()
    }

    /// The rows the text takes drawn `width` columns wide (wrapped as the textarea wraps), and
    /// the row the cursor is drawn on. The textarea wraps for the width it was last drawn at,
    /// so a copy is drawn once into a one-row scratch buffer at `width` to learn it.
    pub fn display_rows(&self, width: u16) -> (usize, usize) {
        use ratatui::widgets::Widget;
        let area = ratatui::layout::Rect::new(0, 0, width.max(1), 1);
        let mut probe = self.area.clone();
        (&probe).render(area, &mut ratatui::buffer::Buffer::empty(area));
        let cursor = probe.screen_cursor().row;
        probe.move_cursor(ratatui_textarea::CursorMove::Bottom);
        probe.move_cursor(ratatui_textarea::CursorMove::End);
        (probe.screen_cursor().row + 1, cursor)
    }
}

/// Pasted or loaded text for a one-line field: line breaks become spaces' absence, tabs spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect()
}
