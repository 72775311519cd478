//! The tables the Markdown and the HTML page share: rows of texts, built once, shown by each.

use super::*;

/// The footer's words, in a format: which pack (id, version, content hash) the figures come
/// from, after `lead` ("Sammanställt med granska," / "Summarised with granska,"). `text`
/// escapes the words for the format; `hash` writes the content hash in it.
fn provenance_words(pack: &SummaryPack, lead: &Text, lang: Lang, text: impl Fn(&str) -> String, hash: impl Fn(&str) -> String) -> String {
    let version = pack.version.as_deref().map(|v| format!(" {v}")).unwrap_or_default();
    let words = text(&format!("{} {} {}{version}", lead.get(lang), tr(lang, "regelpaket", "rule pack"), pack.id));
    match &pack.content_hash {
        Some(h) => format!("{words}, {} {}.", tr(lang, "kontrollsumma", "content hash"), hash(h)),
        None => format!("{words}."),
    }
}

/// The summary's footer in Markdown, with the full content hash as code.
pub(super) fn footer_md(s: &Summary, lang: Lang) -> String {
    provenance_words(&s.pack, &summary_lead(), lang, md, crate::escape::markdown_code)
}

fn summary_lead() -> Text {
    Text::new("Sammanställt med granska,", "Summarised with granska,")
}

/// An HTML `<footer>` naming the pack the figures come from: id and version, the content
/// hash shortened to 12 digits in the text with the full hash in its `title`, and all three
/// in `data-pack-id`, `data-pack-version` and `data-content-hash` attributes for tools. Each
/// of `others` (e.g. the audit checklist, the survey pack) follows with its role, id,
/// version and hash.
pub(crate) fn provenance_footer(pack: &SummaryPack, others: &[(Text, &SummaryPack)], lead: Text, lang: Lang) -> String {
    let html = |p: &SummaryPack, lead: &Text| provenance_words(p, lead, lang, esc, |h| format!("<code title=\"{}\">{}</code>", esc(h), esc(h.get(..12).unwrap_or(h))));
    let mut text = html(pack, &lead);
    for (role, other) in others {
        text.push(' ');
        text.push_str(&html(other, role));
    }
    let version = pack.version.as_deref().map(|v| format!(" data-pack-version=\"{}\"", esc(v))).unwrap_or_default();
    let hash_attr = pack.content_hash.as_deref().map(|h| format!(" data-content-hash=\"{}\"", esc(h))).unwrap_or_default();
    format!("<footer data-pack-id=\"{}\"{version}{hash_attr}>{text}</footer>", esc(&pack.id))
}

/// The summary page's footer ([`provenance_footer`]).
pub(super) fn footer_html(s: &Summary, lang: Lang) -> String {
    provenance_footer(&s.pack, &[], summary_lead(), lang)
}

pub(crate) type Table = (Vec<&'static str>, Vec<Vec<String>>);

/// The parameters (contract terms) the verdicts used: id, label, value with unit, and where
/// the value comes from ("exempelvärde" for an example value).
pub(super) fn parameter_table(s: &Summary, lang: Lang) -> Table {
    let head = vec![tr(lang, "Parameter", "Parameter"), tr(lang, "Beskrivning", "Description"), tr(lang, "Värde", "Value"), tr(lang, "Källa", "Source")];
    let rows = s.parameters.iter().map(|p| vec![format!("param.{}", p.id), p.label.get(lang).to_string(), p.value_text(lang), p.source_text(lang)]).collect();
    (head, rows)
}

/// "Parametrar från nacka-2017.yaml (Nacka kommun, 2017)." when a parameters file was applied.
pub(super) fn params_line(s: &Summary, lang: Lang) -> Option<String> {
    let f = s.params_file.as_ref()?;
    let mut about: Vec<String> = vec![];
    if let Some(m) = &f.municipality {
        about.push(m.clone());
    }
    if let Some(y) = f.year {
        about.push(y.to_string());
    }
    if let Some(src) = &f.source {
        about.push(src.clone());
    }
    let about = if about.is_empty() { String::new() } else { format!(" ({})", about.join(", ")) };
    Some(format!("{} {}{about}.", tr(lang, "Parametrar från", "Parameters from"), f.file))
}

pub(super) fn indicator_tables(s: &Summary, lang: Lang, compare: bool) -> (Table, Table) {
    let mut share_head = vec![
        tr(lang, "Indikator", "Indicator"),
        tr(lang, "Antal", "Count"),
        tr(lang, "Av", "Of"),
        tr(lang, "Procent", "Percent"),
        tr(lang, "Obesvarade", "Unanswered"),
        tr(lang, "Nämnare", "Denominator"),
    ];
    let mut sum_head =
        vec![tr(lang, "Indikator", "Indicator"), tr(lang, "Totalt", "Total"), tr(lang, "Verksamheter som svarat", "Providers that answered"), tr(lang, "Obesvarade", "Unanswered")];
    if compare {
        share_head.push(tr(lang, "Förändring", "Change"));
        sum_head.push(tr(lang, "Förändring", "Change"));
    }
    let (mut shares, mut sums) = (vec![], vec![]);
    for i in &s.indicators {
        let f = &i.figures.now;
        if i.kind == "sum" {
            let mut row = vec![
                i.title.get(lang).to_string(),
                f.total.map(|t| t.display(lang)).unwrap_or_default(),
                f.answered.map(|n| int(n, lang)).unwrap_or_default(),
                f.unanswered.map(|n| int(n, lang)).unwrap_or_default(),
            ];
            if compare {
                row.push(indicator_change(&i.figures, lang));
            }
            sums.push(row);
        } else {
            let mut row = vec![
                i.title.get(lang).to_string(),
                f.count.map(|n| int(n, lang)).unwrap_or_default(),
                f.of.map(|n| int(n, lang)).unwrap_or_default(),
                pct(f.percent, lang),
                f.unanswered.map(|n| int(n, lang)).unwrap_or_default(),
                i.denominator.get(lang).to_string(),
            ];
            if compare {
                row.push(indicator_change(&i.figures, lang));
            }
            shares.push(row);
        }
    }
    ((share_head, shares), (sum_head, sums))
}

pub(crate) fn response_table(s: &Summary, lang: Lang, compare: bool) -> Table {
    let mut head = vec![tr(lang, "Tjänstetyp", "Service type"), tr(lang, "Inbjudna", "Invited"), tr(lang, "Svarat", "Responded"), tr(lang, "Svarsfrekvens", "Response rate")];
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let mut rows = vec![];
    let all = s.response.iter().map(|r| (tr(lang, "Alla", "All").to_string(), r));
    for (label, r) in s.services.iter().filter_map(|g| g.response.as_ref().map(|r| (g.label.get(lang).to_string(), r))).chain(all) {
        let mut row = vec![label, int(r.now.invited, lang), int(r.now.responded, lang), pct(r.now.percent, lang)];
        if compare {
            row.push(match (&r.change, &r.previous) {
                (Some(c), Some(p)) => format!("{} ({} {})", points(c.percent, lang), tr(lang, "fg. år", "last year"), pct(p.percent, lang)),
                _ => "–".into(),
            });
        }
        rows.push(row);
    }
    (head, rows)
}

pub(crate) fn area_table(areas: &[crate::AreaSummary], lang: Lang, compare: bool) -> Table {
    let mut head = vec![
        tr(lang, "Kvalitetsområde", "Quality area"),
        tr(lang, "Krav", "Requirements"),
        tr(lang, "Bedömningar", "Assessments"),
        tr(lang, "Uppfyllda", "Met"),
        tr(lang, "Ej uppfyllda", "Not met"),
        tr(lang, "Obesvarade", "Unanswered"),
        tr(lang, "Andel uppfyllda", "Share met"),
    ];
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let rows = areas
        .iter()
        .map(|a| {
            let t = &a.figures.now;
            let mut row = vec![
                a.title.get(lang).to_string(),
                a.requirements.to_string(),
                int(t.applied, lang),
                int(t.met, lang),
                int(t.not_met, lang),
                int(t.unanswered, lang),
                pct(t.percent_met, lang),
            ];
            if compare {
                row.push(tally_change(&a.figures, lang));
            }
            row
        })
        .collect();
    (head, rows)
}

pub(super) fn requirement_table<'a>(s: &Summary, items: impl Iterator<Item = (&'a str, &'a Compared<Tally>)>, lang: Lang, compare: bool, full: bool) -> Table {
    let mut head = vec![tr(lang, "Krav", "Requirement"), tr(lang, "Titel", "Title")];
    if full {
        head.push(tr(lang, "Källa", "Source"));
        head.push(tr(lang, "Kvalitetsområde", "Quality area"));
    }
    head.extend([
        tr(lang, "Gäller", "Applies to"),
        tr(lang, "Uppfyllt", "Met"),
        tr(lang, "Ej uppfyllt", "Not met"),
        tr(lang, "Obesvarat", "Unanswered"),
        tr(lang, "Andel uppfyllt", "Share met"),
    ]);
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let rows = items
        .map(|(id, f)| {
            let r = s.requirement(id);
            let mut row = vec![id.to_string(), r.map(|r| r.title.get(lang).to_string()).unwrap_or_default()];
            if full {
                row.push(r.map(|r| r.source.clone()).unwrap_or_default());
                row.push(r.map(|r| area_title(s, &r.area, lang)).unwrap_or_default());
            }
            let t = &f.now;
            row.extend([int(t.applied, lang), int(t.met, lang), int(t.not_met, lang), int(t.unanswered, lang), pct(t.percent_met, lang)]);
            if compare {
                row.push(tally_change(f, lang));
            }
            row
        })
        .collect();
    (head, rows)
}

pub(crate) fn group_indicator_table(s: &Summary, g: &GroupSummary, lang: Lang, compare: bool) -> Table {
    let mut head = vec![tr(lang, "Indikator", "Indicator"), tr(lang, "Resultat", "Result")];
    if compare {
        head.push(tr(lang, "Förändring", "Change"));
    }
    let rows = g
        .indicators
        .iter()
        .map(|i| {
            let mut row = vec![s.indicator(&i.id).map(|x| x.title.get(lang).to_string()).unwrap_or_else(|| i.id.clone()), i.text.get(lang).to_string()];
            if compare {
                row.push(indicator_change(&i.figures, lang));
            }
            row
        })
        .collect();
    (head, rows)
}

pub(super) fn problem_rows(problems: &[crate::export::InputProblem], lang: Lang) -> Vec<Vec<String>> {
    problems
        .iter()
        .map(|p| {
            vec![
                p.file.clone(),
                p.row.map(|r| r.to_string()).unwrap_or_default(),
                match &p.column {
                    Some(c) if c.name.is_empty() => format!("{} ({})", c.number, c.letter()),
                    Some(c) => format!("{} ({}, {})", c.number, c.letter(), c.name),
                    None => p.field.clone().unwrap_or_default(),
                },
                p.provider.clone().unwrap_or_default(),
                p.message.get(lang).to_string(),
            ]
        })
        .collect()
}

pub(super) fn problem_head(lang: Lang) -> Vec<&'static str> {
    vec![tr(lang, "Fil", "File"), tr(lang, "Rad", "Row"), tr(lang, "Kolumn", "Column"), tr(lang, "Verksamhet", "Provider"), tr(lang, "Orsak", "Reason")]
}
