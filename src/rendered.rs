//! A file made by rendering, on its way to the output: what [`crate::render`] makes and
//! [`crate::output`] writes, below both so that neither reaches into the other for it.

/// A file produced by rendering: a path relative to the output root (`/`-separated) and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Path under the output folder, such as `en/indicators/1.1.9/index.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl RenderedFile {
    /// A file from text.
    pub fn text(path: impl Into<String>, text: impl Into<String>) -> RenderedFile {
        RenderedFile {
            path: path.into(),
            bytes: text.into().into_bytes(),
        }
    }
}
