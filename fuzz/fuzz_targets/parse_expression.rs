//! Fuzz target: the expression parser. Any text gives a tree or a syntax error, never a
//! panic or a stack overflow; a tree printed and parsed again is the same tree, and
//! printing is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(printed) = granska::format_expression(text) {
        assert_eq!(granska::same_expression(text, &printed), Ok(true), "{text:?} printed as {printed:?}");
        assert_eq!(granska::format_expression(&printed).as_deref(), Ok(printed.as_str()), "printing {text:?} is not a fixed point");
    }
});
