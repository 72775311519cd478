//! A small pack of its own for the export and summary tests, so that they do not depend on
//! the built-in rules changing.

use granska::Pack;

pub const PACK: &str = r#"
pack: { id: test, version: "1", title: { sv: Testpaket, en: Test pack } }
services:
  - id: hvb
    label: { sv: HVB, en: Residential care }
    contracts: [lou]
  - id: jourhem
    label: { sv: Jourhem, en: Emergency foster care }
    contracts: [lou, lov]
questions:
  - id: rutin
    type: bool
    label: { sv: Finns rutin?, en: Is there a routine? }
  - id: antal
    type: integer
    min: 0
    label: { sv: Antal rapporter, en: Number of reports }
  - id: utredningar
    type: integer
    min: 0
    relevant: "antal > 0"
    label: { sv: Antal utredningar, en: Number of investigations }
  - id: andel
    type: number
    label: { sv: Andel med examen, en: Share with a degree }
  - id: metod
    type: choice
    choices:
      - { value: adad, label: { sv: ADAD, en: ADAD } }
      - { value: asi, label: { sv: ASI, en: ASI } }
    label: { sv: Metod, en: Method }
requirements:
  - id: andel_examen
    title: { sv: Utbildning, en: Education }
    source: "Avtal 4.2"
    severity: bor
    area: kunskapsbaserad
    require: "andel >= 0.5"
    message: { sv: För få med examen., en: Too few with a degree. }
  - id: rutin_finns
    title: { sv: Rutin finns, en: Routine exists }
    source: "SOSFS 2011:9 5 kap. 6 §"
    severity: krav
    area: trygghet
    require: "rutin"
    message: { sv: Rutin saknas., en: No routine. }
  - id: utredning_hvb
    title: { sv: Utredning, en: Investigation }
    source: "SoL 14 kap."
    severity: krav
    area: trygghet
    services: [hvb]
    applies: "antal > 0"
    require: "utredningar >= antal"
    message: { sv: Alla rapporter är inte utredda., en: Not every report was investigated. }
indicators:
  - id: andel_rutin
    title: { sv: har rutin, en: have a routine }
    kind: share
    count: "rutin"
    of: "answered(antal)"
    denominator: { sv: verksamheter som svarat om antal, en: providers that answered the count }
  - id: andel_utredningar
    title: { sv: har utrett, en: investigated }
    kind: share
    count: "coalesce(utredningar, 0) > 0"
    denominator: { sv: verksamheter som besvarat enkäten, en: providers that responded }
  - id: summa_antal
    title: { sv: rapporter, en: reports }
    kind: sum
    sum: "antal"
  - id: summa_andel_hvb
    title: { sv: andelar i HVB, en: shares in HVB }
    kind: sum
    sum: "andel"
    services: [hvb]
"#;

pub fn pack() -> Pack {
    match Pack::from_yaml(PACK, "test.yaml") {
        Ok(p) => p,
        Err(e) => panic!("the test pack does not load:\n{}", e.render(false)),
    }
}

pub const HEADER: &str = "provider,name,service,contract,date,rutin,antal,utredningar,andel,metod";
