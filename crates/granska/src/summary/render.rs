//! Rendering a summary (being written).
