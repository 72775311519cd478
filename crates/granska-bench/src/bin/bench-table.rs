//! Prints the benchmark tables (Markdown) from criterion's estimates under a target
//! directory: the peer comparison with granska's ratio to the fastest peer per shape and
//! their geometric mean, then granska's own figures against the targets of issue 7.
//!
//! `bench-table [CRITERION_DIR]` (default `target/criterion`); `bench-table --shapes` lists
//! the expression shapes. Figures are criterion's median point estimates. Run by
//! `scripts/bench.sh` after the benchmarks.

use std::path::{Path, PathBuf};

use granska_bench::{SHAPES, example_reports};

/// The number of example reports (`evaluate/builtin/examples` evaluates each once).
fn example_count() -> usize {
    example_reports().iter().filter(|(n, _)| n.ends_with(".yaml")).count().max(1)
}

const PEERS: [&str; 3] = ["datalogic", "cel", "zen"];

/// The median of one benchmark in nanoseconds, if it was run.
fn median(dir: &Path, group: &str, function: &str) -> Option<f64> {
    // criterion writes `a/b` benchmark ids as `a_b` directories.
    let path = dir.join(group).join(function.replace('/', "_")).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("median")?.get("point_estimate")?.as_f64()
}

fn time(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.1} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1_000_000_000.0 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn main() {
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("--shapes") {
        for shape in SHAPES {
            println!("{}", shape.name);
        }
        return;
    }
    let dir = arg.map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target/criterion"));
    if !dir.is_dir() {
        eprintln!("bench-table: no criterion results under {}", dir.display());
        std::process::exit(2);
    }

    println!("### granska against its peers (median time per evaluation)\n");
    println!("| shape | granska | datalogic-rs | cel | zen-expression | fastest peer | granska / fastest |");
    println!("|---|---:|---:|---:|---:|---|---:|");
    let mut log_sum = 0.0;
    let mut shapes = 0usize;
    let mut worst: Option<(&str, f64)> = None;
    for shape in SHAPES {
        let Some(g) = median(&dir, shape.name, "granska") else {
            println!("| {} | not run | | | | | |", shape.name);
            continue;
        };
        let peers: Vec<Option<f64>> = PEERS.iter().map(|p| median(&dir, shape.name, p)).collect();
        let fastest = PEERS.iter().zip(&peers).filter_map(|(n, t)| t.map(|t| (*n, t))).min_by(|a, b| a.1.total_cmp(&b.1));
        let cell = |t: &Option<f64>| t.map(time).unwrap_or_else(|| "n/a".into());
        let (fastest_name, ratio) = match fastest {
            Some((n, t)) => (n.to_string(), Some(g / t)),
            None => ("—".into(), None),
        };
        if let Some(r) = ratio {
            log_sum += r.ln();
            shapes += 1;
            if worst.is_none_or(|(_, w)| r > w) {
                worst = Some((shape.name, r));
            }
        }
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            shape.name,
            time(g),
            cell(&peers[0]),
            cell(&peers[1]),
            cell(&peers[2]),
            fastest_name,
            ratio.map(|r| format!("{r:.2}")).unwrap_or_else(|| "—".into())
        );
    }
    if shapes > 0 {
        let geo = (log_sum / shapes as f64).exp();
        println!("| **geometric mean** | | | | | | **{geo:.2}** |");
        println!();
        if let Some((name, r)) = worst {
            println!(
                "Targets: every shape ≤ 1.00 ({}; worst {name} {r:.2}); geometric mean ≤ 0.50 ({}, {geo:.2}).",
                if r <= 1.0 { "met" } else { "NOT met" },
                if geo <= 0.5 { "met" } else { "NOT met" }
            );
        }
    }

    println!("\n### granska's own figures (median)\n");
    println!("| figure | time | target | |");
    println!("|---|---:|---:|---|");
    // (group, function, label, target in ns, divide by)
    let rows: [(&str, &str, &str, Option<f64>, f64); 10] = [
        ("load", "builtin", "load and check the built-in pack", Some(5e6), 1.0),
        ("load", "builtin_compiled", "load the built-in pack from its compiled form (`Pack::from_compiled`)", Some(1e6), 1.0),
        ("load", "heldygnsvard", "load and check the heldygnsvård contract pack", None, 1.0),
        ("evaluate", "builtin/heldygnsvard-ok", "evaluate one full report, whole built-in pack", Some(2e3), 1.0),
        ("evaluate", "builtin/examples", "evaluate one report, built-in pack (mean of the example reports)", Some(2e3), 0.0),
        ("evaluate", "heldygnsvard/heldygnsvard-ok", "evaluate one report, heldygnsvård contract pack", None, 1.0),
        ("check", "builtin/heldygnsvard-ok", "check one report with explanations (`Pack::check`)", None, 1.0),
        ("batch", "evaluate_many_100k", "evaluate 100,000 reports (`evaluate_many`, 2 cores)", Some(2e8), 1.0),
        ("summary", "export_100k_rows_to_json", "summarise a 100,000-row CSV export (read, evaluate, accumulate, JSON)", Some(2e9), 1.0),
        ("form", "one_change", "form state after one answer changes (read answers + `form_state`)", None, 1.0),
    ];
    for (group, function, label, target, per) in rows {
        // `per` 0: divide by the number of example reports the benchmark went through.
        let per = if per == 0.0 { example_count() as f64 } else { per };
        let t = median(&dir, group, function).map(|t| t / per);
        let verdict = match (t, target) {
            (Some(t), Some(goal)) if t <= goal => "met",
            (Some(_), Some(_)) => "**not met**",
            _ => "",
        };
        println!("| {label} | {} | {} | {verdict} |", t.map(time).unwrap_or_else(|| "not run".into()), target.map(|g| format!("< {}", time(g))).unwrap_or_default());
    }
}
