//! `granska questions` (the questionnaire as Markdown, CSV or JSON, for providers, or as an
//! XLSForm workbook or a SurveyJS survey for a survey tool, `docs/survey-tools.md`) and `granska rules` (every requirement as a Markdown table,
//! which generates `docs/rules.md`).

use clap::ValueEnum;
use granska::{Lang, Pack, Question, QuestionType};

use crate::output::{t, write_out};
use crate::{EXIT_BAD_INPUT, EXIT_OK, PackArgs, load_pack};
use granska_summary::escape::{markdown as md, markdown_code};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Json,
    /// An XLSForm workbook (`.xlsx`, with `-o`): ODK, KoboToolbox.
    Xlsform,
    /// A SurveyJS survey (JSON).
    Surveyjs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RulesFormat {
    Md,
}

fn choices_text(q: &Question, lang: Lang) -> String {
    q.choices.iter().map(|c| format!("{} ({})", c.value, c.label.get(lang))).collect::<Vec<_>>().join("; ")
}

fn range_text(q: &Question) -> String {
    let n = |x: f64| if x.fract() == 0.0 { format!("{}", x as i64) } else { x.to_string() };
    match (q.min, q.max) {
        (Some(a), Some(b)) => format!("{}–{}", n(a), n(b)),
        (Some(a), None) => format!("≥ {}", n(a)),
        (None, Some(b)) => format!("≤ {}", n(b)),
        (None, None) => String::new(),
    }
}

fn type_text(q: &Question, lang: Lang) -> String {
    let base = match q.kind {
        QuestionType::Bool => t(lang, "ja/nej", "yes/no"),
        QuestionType::Integer => t(lang, "heltal", "whole number"),
        QuestionType::Number => t(lang, "tal", "number"),
        QuestionType::Percent => t(lang, "procent", "percent"),
        QuestionType::Date => t(lang, "datum", "date"),
        QuestionType::Text => t(lang, "text", "text"),
        QuestionType::Choice if q.multiple => t(lang, "flerval", "multiple choice"),
        QuestionType::Choice => t(lang, "val", "choice"),
        QuestionType::List => t(lang, "lista", "list"),
    };
    base.to_string()
}

pub fn run_questions(pack: &PackArgs, service: Option<&str>, format: Format, output: Option<&std::path::Path>, lang: Lang) -> u8 {
    let pack = match load_pack(pack, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(Err(unknown)) = service.map(|s| pack.find_service(s)) {
        crate::errln!("{}: {}", t(lang, "fel", "error"), unknown.message.get(lang));
        return EXIT_BAD_INPUT;
    }
    if matches!(format, Format::Xlsform | Format::Surveyjs) {
        return run_form(&pack, service, format, output, lang);
    }
    let questions: Vec<&Question> = pack.questions_for(service).collect();
    let text = match format {
        Format::Xlsform | Format::Surveyjs => String::new(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&questions).unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Csv => questions_csv(&questions),
        Format::Md => questions_md(&pack, &questions, service, lang),
    };
    match write_out(output, &text, lang) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            crate::errln!("granska: {e}");
            EXIT_BAD_INPUT
        }
    }
}

/// `--format xlsform|surveyjs`: the form, and a warning per rule it leaves out (exit 0).
fn run_form(pack: &Pack, service: Option<&str>, format: Format, output: Option<&std::path::Path>, lang: Lang) -> u8 {
    let (bytes, warnings) = match format {
        Format::Xlsform => {
            if output.is_none() {
                crate::errln!(
                    "{}: {}",
                    t(lang, "fel", "error"),
                    t(lang, "en XLSForm-arbetsbok skrivs till en fil: ange -o enkat.xlsx", "an XLSForm workbook is written to a file: give -o enkat.xlsx")
                );
                return EXIT_BAD_INPUT;
            }
            match granska_summary::forms::xlsform(pack, service) {
                Ok(x) => x,
                Err(e) => {
                    crate::errln!("granska: {e}");
                    return EXIT_BAD_INPUT;
                }
            }
        }
        _ => {
            let (survey, warnings) = granska_summary::forms::surveyjs(pack, service);
            let mut text = serde_json::to_string_pretty(&survey).unwrap_or_default();
            text.push('\n');
            (text.into_bytes(), warnings)
        }
    };
    for w in &warnings {
        crate::errln!("{}: {}: {}: {} [untranslatable]", t(lang, "varning", "warning"), w.question, w.rule.name(), w.message.get(lang));
    }
    let written = match output {
        Some(p) => std::fs::write(p, &bytes).map_err(|e| format!("{} {}: {e}", t(lang, "kan inte skriva", "cannot write"), p.display())),
        None => write_out(None, &String::from_utf8_lossy(&bytes), lang),
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => {
            crate::errln!("granska: {e}");
            EXIT_BAD_INPUT
        }
    }
}

fn questions_csv(questions: &[&Question]) -> String {
    let mut w = csv::Writer::from_writer(vec![]);
    let _ =
        w.write_record(["id", "type", "label_sv", "label_en", "help_sv", "help_en", "choices", "multiple", "min", "max", "required", "relevant", "constraint", "services", "pack"]);
    for q in questions {
        let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        let _ = w.write_record([
            q.id.as_str(),
            q.kind.name(),
            &q.label.sv,
            &q.label.en,
            q.help.as_ref().map(|h| h.sv.as_str()).unwrap_or(""),
            q.help.as_ref().map(|h| h.en.as_str()).unwrap_or(""),
            &q.choices.iter().map(|c| c.value.as_str()).collect::<Vec<_>>().join("|"),
            if q.multiple { "true" } else { "false" },
            &num(q.min),
            &num(q.max),
            q.required.as_deref().unwrap_or(""),
            q.relevant.as_deref().unwrap_or(""),
            q.constraint.as_deref().unwrap_or(""),
            &q.services.join("|"),
            &q.pack,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn questions_md(pack: &Pack, questions: &[&Question], service: Option<&str>, lang: Lang) -> String {
    let mut out = String::new();
    let title = pack.info().title.get(lang);
    let scope = match service.and_then(|s| pack.find_service(s).ok().flatten()) {
        Some(s) => format!(" — {}", md(s.label.get(lang))),
        None => String::new(),
    };
    out.push_str(&format!("# {}: {}{scope}\n\n", t(lang, "Frågor", "Questions"), md(title)));
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- |\n",
        t(lang, "Fråga", "Question"),
        t(lang, "Id", "Id"),
        t(lang, "Svar", "Answer"),
        t(lang, "Ställs när", "Asked when"),
        t(lang, "Tjänstetyper", "Service types")
    ));
    for q in questions {
        let mut answer = type_text(q, lang);
        let range = range_text(q);
        if !range.is_empty() {
            answer.push_str(&format!(", {range}"));
        }
        if !q.choices.is_empty() {
            answer.push_str(&format!(": {}", choices_text(q, lang)));
        }
        if !q.fields.is_empty() {
            answer.push_str(&format!(": {}", q.fields.iter().map(|f| format!("{} ({})", f.id, f.kind.name())).collect::<Vec<_>>().join(", ")));
        }
        let mut label = q.label.get(lang).to_string();
        if let Some(h) = &q.help {
            label.push_str(&format!(" — {}", h.get(lang)));
        }
        let services = if q.services.is_empty() { t(lang, "alla", "all").to_string() } else { q.services.join(", ") };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            md(&label),
            markdown_code(&q.id),
            md(&answer),
            q.relevant.as_deref().map(markdown_code).unwrap_or_default(),
            md(&services)
        ));
    }
    out
}

pub fn run_rules(pack: &PackArgs, format: RulesFormat, lang: Lang) -> u8 {
    let pack_ref = pack;
    let pack = match load_pack(pack, lang) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let RulesFormat::Md = format;
    let text = rules_md(&pack, pack_ref.pack.is_none(), lang);
    match write_out(None, &text, lang) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            crate::errln!("granska: {e}");
            EXIT_BAD_INPUT
        }
    }
}

fn rules_md(pack: &Pack, builtin: bool, lang: Lang) -> String {
    let mut out = String::new();
    let info = pack.info();
    let version = info.version.as_deref().map(|v| format!(" {}", md(v))).unwrap_or_default();
    out.push_str(&format!("# {}: {}\n\n", t(lang, "Krav", "Requirements"), md(info.title.get(lang))));
    let command = if builtin { "granska rules --format md".to_string() } else { "granska rules --pack PACK --format md".to_string() };
    let command = if lang == Lang::En { format!("{command} --lang en") } else { command };
    out.push_str(&match lang {
        Lang::Sv => format!("Genererad av `{command}` från regelpaketet {}{version}: {} krav. Ändra inte för hand.\n\n", markdown_code(&info.id), pack.requirements().len()),
        Lang::En => {
            format!("Generated by `{command}` from the rule pack {}{version}: {} requirements. Do not edit by hand.\n\n", markdown_code(&info.id), pack.requirements().len())
        }
    });
    // The pack's `about` is Markdown its author wrote (docs/pack-format.md), shown as written:
    // a pack is the municipality's own text, never a provider's.
    if let Some(about) = &info.about {
        out.push_str(about.get(lang).trim_end());
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- | --- |\n",
        t(lang, "Id", "Id"),
        t(lang, "Krav", "Title"),
        t(lang, "Källa", "Source"),
        t(lang, "Tjänstetyper", "Service types"),
        t(lang, "Nivå", "Severity"),
        t(lang, "Kvalitetsområde", "Quality area"),
    ));
    for r in pack.requirements() {
        let sources = r
            .sources
            .iter()
            .map(|s| match (&s.from, &s.until) {
                (Some(f), Some(u)) => format!("{} ({f} – {u})", s.text),
                (Some(f), None) => format!("{} ({} {f})", s.text, t(lang, "från", "from")),
                (None, Some(u)) => format!("{} ({} {u})", s.text, t(lang, "till", "until")),
                (None, None) => s.text.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let services = if r.services.is_empty() { t(lang, "alla", "all").to_string() } else { r.services.join(", ") };
        let severity = match r.severity {
            granska::Severity::Krav => t(lang, "krav (ska)", "must"),
            granska::Severity::Bor => t(lang, "bör", "should"),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            markdown_code(&r.id),
            md(r.title.get(lang)),
            md(&sources),
            md(&services),
            severity,
            md(r.area.title().get(lang))
        ));
    }
    if !pack.parameters().is_empty() {
        out.push_str(&parameters_md(pack, lang));
    }
    out
}

/// The pack's parameters: the contract terms a municipality sets, with the values in force
/// and where each comes from; an example value is labelled as one.
fn parameters_md(pack: &Pack, lang: Lang) -> String {
    let mut out = format!("\n## {}\n\n", t(lang, "Parametrar", "Parameters"));
    out.push_str(t(
        lang,
        "Avtalsvillkor som kommunen sätter. Ett exempelvärde är hämtat ur inget dokument: sätt kommunens värde med en parameterfil (`--params`).\n\n",
        "Contract terms the municipality sets. An example value (exempelvärde) is taken from no document: set the municipality's value with a parameters file (`--params`).\n\n",
    ));
    if let Some(f) = pack.params_file() {
        let about: Vec<String> = [f.municipality.clone(), f.year.map(|y| y.to_string()), f.source.clone()].into_iter().flatten().collect();
        let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
        out.push_str(&format!("{} {}{}.\n\n", t(lang, "Värden från", "Values from"), markdown_code(&f.file), md(&about)));
    }
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- | --- |\n",
        t(lang, "Id", "Id"),
        t(lang, "Beskrivning", "Description"),
        t(lang, "Typ", "Type"),
        t(lang, "Värde", "Value"),
        t(lang, "Källa", "Source"),
        t(lang, "Anmärkning", "Note"),
    ));
    for p in pack.parameters() {
        let mut value = p.value.display(lang);
        if let Some(u) = &p.unit {
            value = format!("{value} {}", u.get(lang));
        }
        let source = match (&p.set_by, &p.source) {
            (Some(file), _) => format!("{} {file}", t(lang, "parameterfilen", "the parameters file")),
            (None, _) if p.example => t(lang, "exempelvärde", "example value (exempelvärde)").to_string(),
            (None, Some(s)) => s.clone(),
            (None, None) => String::new(),
        };
        let note = p.note.as_ref().map(|n| n.get(lang).to_string()).unwrap_or_default();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            markdown_code(&format!("param.{}", p.id)),
            md(p.label.get(lang)),
            p.kind.name(),
            md(&value),
            md(&source),
            md(&note)
        ));
    }
    out
}
