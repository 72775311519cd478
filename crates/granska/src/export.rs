//! Reading survey exports (CSV) into answers (being written).
