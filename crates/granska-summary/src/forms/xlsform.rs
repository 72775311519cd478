//! The questionnaire as an XLSForm workbook (<https://xlsform.org>): the `survey`, `choices`
//! and `settings` sheets, labels, hints and constraint messages in Swedish and English
//! (`label::Svenska (sv)`, `label::English (en)`), one group per question group, and the
//! rules translated into XPath by [`granska::forms`].

use granska::forms::{Dialect, LogicWarning, NO, NONE_CHOICE, Required, YES, YES_NO_LIST};
use granska::{Pack, Question, QuestionType, Text};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::FormError;
use super::plan::{Plan, constraint_message, number_text, range_message};

const SV: &str = "Svenska (sv)";
const EN: &str = "English (en)";

/// The columns of the `survey` sheet, in order.
const SURVEY_COLUMNS: [&str; 13] = [
    "type",
    "name",
    "label::Svenska (sv)",
    "label::English (en)",
    "hint::Svenska (sv)",
    "hint::English (en)",
    "required",
    "required_message::Svenska (sv)",
    "required_message::English (en)",
    "relevant",
    "constraint",
    "constraint_message::Svenska (sv)",
    "constraint_message::English (en)",
];

/// One row of the `survey` sheet, by column.
#[derive(Default)]
struct Row {
    kind: String,
    name: String,
    label: Option<Text>,
    hint: Option<Text>,
    required: String,
    relevant: String,
    constraint: String,
    message: Option<Text>,
}

/// The list of service types.
const SERVICE_LIST: &str = "service";

/// The XLSForm workbook of `pack`'s questionnaire for `service` (every service type when
/// `None`), as the bytes of an `.xlsx` file, with the rules it could not translate.
///
/// # Errors
///
/// [`FormError::Xlsx`] when the workbook cannot be written.
pub fn xlsform(pack: &Pack, service: Option<&str>) -> Result<(Vec<u8>, Vec<LogicWarning>), FormError> {
    let plan = Plan::new(pack, service, Dialect::XPath);
    let mut rows: Vec<Row> = meta_rows();
    let mut choices: Vec<[String; 4]> = vec![];
    choices.push([YES_NO_LIST.into(), YES.into(), "Ja".into(), "Yes".into()]);
    choices.push([YES_NO_LIST.into(), NO.into(), "Nej".into(), "No".into()]);
    for s in &plan.services {
        choices.push([SERVICE_LIST.into(), s.id.clone(), s.label.sv.clone(), s.label.en.clone()]);
    }
    for group in &plan.groups {
        if !group.name.is_empty() {
            rows.push(Row { kind: "begin group".into(), name: group.name.clone(), label: Some(group.label.clone()), ..Row::default() });
        }
        for item in &group.items {
            let q = item.question;
            let list = item.name.clone();
            let kind = match q.kind {
                QuestionType::Bool => format!("select_one {YES_NO_LIST}"),
                QuestionType::Integer => "integer".into(),
                QuestionType::Number | QuestionType::Percent => "decimal".into(),
                QuestionType::Date => "date".into(),
                QuestionType::Text | QuestionType::List => "text".into(),
                QuestionType::Choice if q.multiple => format!("select_multiple {list}"),
                QuestionType::Choice => format!("select_one {list}"),
            };
            for c in &q.choices {
                choices.push([list.clone(), c.value.clone(), c.label.sv.clone(), c.label.en.clone()]);
            }
            let (constraint, message) = constraint(q, item.logic.constraint.as_deref(), item.none);
            if item.none {
                choices.push([list.clone(), NONE_CHOICE.into(), "Inget av alternativen".into(), "None of these".into()]);
            }
            rows.push(Row {
                kind,
                name: item.name.clone(),
                label: Some(q.label.clone()),
                hint: q.help.clone(),
                required: match &item.logic.required {
                    Required::No => String::new(),
                    Required::Always => "yes".into(),
                    Required::When(c) => c.clone(),
                },
                relevant: item.logic.relevant.clone().unwrap_or_default(),
                constraint,
                message,
            });
        }
        if !group.name.is_empty() {
            rows.push(Row { kind: "end group".into(), name: group.name.clone(), ..Row::default() });
        }
    }
    let bytes = write(pack, &rows, &choices).map_err(|e| FormError::Xlsx(e.to_string()))?;
    Ok((bytes, plan.warnings))
}

/// The report fields, asked first.
fn meta_rows() -> Vec<Row> {
    let row = |kind: &str, name: &str, sv: &str, en: &str, required: bool, hint: Option<Text>| Row {
        kind: kind.into(),
        name: name.into(),
        label: Some(Text::new(sv, en)),
        hint,
        required: if required { "yes".into() } else { String::new() },
        ..Row::default()
    };
    vec![
        row("text", "provider", "Utförarens id", "Provider id", true, None),
        row("text", "name", "Verksamhetens namn", "Name of the service", false, None),
        row(&format!("select_one {SERVICE_LIST}"), "service", "Tjänstetyp", "Service type", true, None),
        row(
            "date",
            "date",
            "Rapportdatum",
            "Report date",
            true,
            Some(Text::new("Den dag rapporten avser, oftast årets sista dag (31 december).", "The day the report is as of, usually the last day of the year (31 December).")),
        ),
    ]
}

/// The `constraint` cell and its message: the question's range and its translated
/// constraint, and for a multiple choice that "none of these" stands alone.
fn constraint(q: &Question, translated: Option<&str>, none: bool) -> (String, Option<Text>) {
    let mut parts = vec![];
    let mut sv = vec![];
    let mut en = vec![];
    if matches!(q.kind, QuestionType::Integer | QuestionType::Number | QuestionType::Percent) {
        if let Some(a) = q.min {
            parts.push(format!(". >= {}", number_text(a)));
        }
        if let Some(b) = q.max {
            parts.push(format!(". <= {}", number_text(b)));
        }
        if let Some(m) = range_message(q) {
            sv.push(m.sv);
            en.push(m.en);
        }
    }
    if let Some(c) = translated {
        parts.push(if c.contains(" or ") && (!parts.is_empty() || none) { format!("({c})") } else { c.to_string() });
        let m = constraint_message(q);
        sv.push(m.sv);
        en.push(m.en);
    }
    if none {
        parts.push(format!("(not(selected(., '{NONE_CHOICE}')) or count-selected(.) = 1)"));
        sv.push("\"Inget av alternativen\" kan inte väljas tillsammans med andra val.".into());
        en.push("\"None of these\" cannot be chosen with other choices.".into());
    }
    if parts.is_empty() {
        return (String::new(), None);
    }
    (parts.join(" and "), Some(Text::new(sv.join(" "), en.join(" "))))
}

fn write(pack: &Pack, rows: &[Row], choices: &[[String; 4]]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let survey = workbook.add_worksheet().set_name("survey")?;
    header(survey, &SURVEY_COLUMNS, &bold)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let text = |t: &Option<Text>, sv: bool| t.as_ref().map(|t| if sv { t.sv.clone() } else { t.en.clone() }).unwrap_or_default();
        let cells = [
            row.kind.clone(),
            row.name.clone(),
            text(&row.label, true),
            text(&row.label, false),
            text(&row.hint, true),
            text(&row.hint, false),
            row.required.clone(),
            if row.required.is_empty() { String::new() } else { "Frågan måste besvaras.".into() },
            if row.required.is_empty() { String::new() } else { "This question must be answered.".into() },
            row.relevant.clone(),
            row.constraint.clone(),
            text(&row.message, true),
            text(&row.message, false),
        ];
        for (c, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                survey.write_string(r, c as u16, cell)?;
            }
        }
    }
    survey.set_column_width(0, 28)?;
    survey.set_column_width(1, 24)?;
    survey.set_column_width(2, 60)?;
    survey.set_column_width(3, 60)?;

    let sheet = workbook.add_worksheet().set_name("choices")?;
    header(sheet, &["list_name", "name", &format!("label::{SV}"), &format!("label::{EN}")], &bold)?;
    for (r, row) in choices.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, cell)?;
        }
    }

    let settings = workbook.add_worksheet().set_name("settings")?;
    header(settings, &["form_title", "form_id", "version", "default_language"], &bold)?;
    let info = pack.info();
    settings.write_string(1, 0, &info.title.sv)?;
    settings.write_string(1, 1, &info.id)?;
    if let Some(v) = &info.version {
        settings.write_string(1, 2, v)?;
    }
    settings.write_string(1, 3, SV)?;
    workbook.save_to_buffer()
}

fn header(sheet: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *t, bold)?;
    }
    Ok(())
}
