//! Counts heap allocations with a counting global allocator: `Pack::evaluate(&answers, &mut
//! out)` with `out` pre-sized must not allocate, for every example report against the
//! built-in pack and for every benchmark expression shape.
//!
//! Only allocations made by the measuring thread while it measures are counted, so tests
//! running in parallel do not disturb each other. Each report is evaluated once before it
//! is measured: the regex engine may build a per-thread search cache on its first match,
//! once per thread, which is not a per-evaluation cost.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops at its first surprise, saying what it expected")]
// A global allocator is `unsafe` to implement; this one only counts, then hands every call
// to the system allocator unchanged.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use granska::Pack;
use granska_bench::{SHAPES, example_reports, one_requirement_pack, read_example, report_json};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn note() {
    // `try_with`: the thread-locals may be gone while a thread shuts down.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations(f: impl FnOnce()) -> u64 {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    COUNT.with(Cell::get)
}

#[test]
fn the_counter_counts() {
    let n = allocations(|| {
        let v: Vec<u64> = std::hint::black_box(Vec::with_capacity(4));
        drop(v);
    });
    assert_eq!(n, 1);
}

#[test]
fn evaluating_an_example_report_does_not_allocate() {
    let pack = match Pack::builtin() {
        Ok(p) => p,
        Err(e) => panic!("the built-in pack does not load:\n{}", e.render(false)),
    };
    let reports = example_reports();
    assert!(reports.len() >= 10, "expected the example reports, found {}", reports.len());
    let mut out = Vec::with_capacity(pack.requirements().len());
    let mut failures = vec![];
    for (name, text) in &reports {
        let answers = match read_example(&pack, name, text) {
            Ok(a) => a,
            Err(e) => panic!("{name}: {e}"),
        };
        pack.evaluate(&answers, &mut out);
        let n = allocations(|| pack.evaluate(std::hint::black_box(&answers), &mut out));
        assert_eq!(out.len(), pack.requirements().len());
        if n != 0 {
            failures.push(format!("{name}: {n} allocations"));
        }
    }
    assert!(failures.is_empty(), "Pack::evaluate allocated:\n{}", failures.join("\n"));
}

#[test]
fn evaluating_each_benchmark_shape_does_not_allocate() {
    let mut failures = vec![];
    for shape in SHAPES {
        let pack = match Pack::from_yaml(&one_requirement_pack(shape.name, shape.granska), shape.name) {
            Ok(p) => p,
            Err(e) => panic!("{}: {}", shape.name, e.render(false)),
        };
        let answers = match pack.read_report_json(&report_json()) {
            Ok(a) => a,
            Err(e) => panic!("{}: {e}", shape.name),
        };
        let mut out = Vec::with_capacity(1);
        pack.evaluate(&answers, &mut out);
        let n = allocations(|| pack.evaluate(std::hint::black_box(&answers), &mut out));
        if n != 0 {
            failures.push(format!("{}: {n} allocations", shape.name));
        }
    }
    assert!(failures.is_empty(), "Pack::evaluate allocated:\n{}", failures.join("\n"));
}
