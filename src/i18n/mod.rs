//! Everything that differs by language apart from content: interface strings from the theme,
//! and the one formatter for numbers, percentages, money and dates used by pages, charts and
//! data files alike.

pub(crate) mod coverage;
mod format;
pub mod plurals;
mod strings;

pub use format::{machine_number, whole_number, Formatter, LocaleFallback};
pub use strings::UiStrings;

/// Wraps `text` in Unicode directional isolates (U+2068 … U+2069, "first strong"), for places
/// where markup cannot isolate a run, such as SVG text, attributes and plain-text files.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}
