//! Yearly summary over many reports (being written).
