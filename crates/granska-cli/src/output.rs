//! Small helpers shared by the commands: the language of a message, colour on a terminal
//! (off with `NO_COLOR`), writing a result to standard output or a file.

use std::io::{IsTerminal, Write};
use std::path::Path;

use granska::Lang;

/// The text in `lang`.
pub fn t<'a>(lang: Lang, sv: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Sv { sv } else { en }
}

fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether to colour standard output.
pub fn stdout_color() -> bool {
    color_allowed() && std::io::stdout().is_terminal()
}

/// Whether to colour standard error.
pub fn stderr_color() -> bool {
    color_allowed() && std::io::stderr().is_terminal()
}

/// ANSI styles, empty when colour is off.
#[derive(Clone, Copy)]
pub struct Style {
    on: bool,
}

impl Style {
    pub fn new(on: bool) -> Style {
        Style { on }
    }
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    pub fn green(&self, text: &str) -> String {
        self.wrap("32", text)
    }
    pub fn red(&self, text: &str) -> String {
        self.wrap("1;31", text)
    }
    pub fn yellow(&self, text: &str) -> String {
        self.wrap("33", text)
    }
    pub fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }
    pub fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
}

/// Writes `text` to the file, or to standard output. Returns an error message on failure.
pub fn write_out(path: Option<&Path>, text: &str, lang: Lang) -> Result<(), String> {
    match path {
        Some(p) => std::fs::write(p, text).map_err(|e| format!("{} {}: {e}", t(lang, "kan inte skriva", "cannot write"), p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })
                .map_err(|e| e.to_string())
        }
    }
}

/// Pads `text` with spaces to `width` characters.
pub fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n >= width { text.to_string() } else { format!("{text}{}", " ".repeat(width - n)) }
}
