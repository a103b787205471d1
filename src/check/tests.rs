//! The flow against LAW.md: every path, every combination of answers, every page.

use super::flow::{question, Then, FIRST_QUESTION, OUTCOMES, QUESTIONS};
use super::walk::{answer, parse_query, screen, walk, Screen};

/// One row per path through LAW.md, written from the law, not from the flow table.
const PATHS: &[(&str, &str)] = &[
    ("situation=detained&section=2", "eligible-detained"),
    ("situation=detained&section=3", "eligible-detained"),
    ("situation=detained&section=37", "eligible-detained"),
    (
        "situation=detained&section=court-or-prison",
        "eligible-detained",
    ),
    ("situation=detained&section=4", "not-yet-short-term"),
    ("situation=detained&section=5", "not-yet-short-term"),
    ("situation=detained&section=135-136", "not-yet-short-term"),
    ("situation=detained&section=not-sure", "check-your-section"),
    (
        "situation=conditional-discharge",
        "eligible-conditional-discharge",
    ),
    ("situation=cto", "eligible-cto"),
    ("situation=guardianship", "eligible-guardianship"),
    ("situation=not-sure", "not-sure"),
    ("situation=informal&s57=yes", "eligible-s57"),
    ("situation=none&s57=yes", "eligible-s57"),
    ("situation=informal&s57=not-sure", "not-sure"),
    ("situation=none&s57=not-sure", "not-sure"),
    (
        "situation=informal&s57=no&ect-under-18=yes",
        "eligible-ect-under-18",
    ),
    (
        "situation=none&s57=no&ect-under-18=yes",
        "eligible-ect-under-18",
    ),
    ("situation=informal&s57=no&ect-under-18=no", "not-eligible"),
    ("situation=none&s57=no&ect-under-18=no", "not-eligible"),
    (
        "situation=informal&s57=no&ect-under-18=not-sure",
        "not-sure",
    ),
    ("situation=none&s57=no&ect-under-18=not-sure", "not-sure"),
];

#[test]
fn every_path_in_law_md_reaches_its_outcome() {
    for (query, expected) in PATHS {
        assert_eq!(
            walk(&parse_query(query)).outcome(),
            Some(*expected),
            "{query}"
        );
        assert_eq!(
            screen("result", query),
            Screen::Result { outcome: expected },
            "{query}"
        );
    }
}

#[test]
fn the_table_covers_every_complete_path_of_the_flow() {
    fn complete_paths(key: &str, prefix: String, out: &mut Vec<String>) {
        for choice in question(key).unwrap().choices {
            let query = format!(
                "{prefix}{}{key}={}",
                if prefix.is_empty() { "" } else { "&" },
                choice.value
            );
            match choice.then {
                Then::Ask(next) => complete_paths(next, query, out),
                Then::Outcome(_) => out.push(query),
            }
        }
    }
    let mut all = Vec::new();
    complete_paths(FIRST_QUESTION, String::new(), &mut all);
    let mut table: Vec<String> = PATHS.iter().map(|(q, _)| q.to_string()).collect();
    all.sort();
    table.sort();
    assert_eq!(all, table, "the flow and the LAW.md table disagree");
}

#[test]
fn every_question_and_outcome_is_reachable_and_defined() {
    for q in QUESTIONS {
        let reached = q.key == FIRST_QUESTION
            || QUESTIONS
                .iter()
                .flat_map(|o| o.choices)
                .any(|c| c.then == Then::Ask(q.key));
        assert!(reached, "question {} is never asked", q.key);
        for c in q.choices {
            match c.then {
                Then::Ask(next) => assert!(
                    question(next).is_some(),
                    "{} leads to missing {next}",
                    q.key
                ),
                Then::Outcome(id) => {
                    assert!(OUTCOMES.contains(&id), "{} leads to unknown {id}", q.key)
                }
            }
        }
    }
    for id in OUTCOMES {
        let reached = PATHS.iter().any(|(_, o)| o == id);
        assert!(reached, "outcome {id} is never reached");
    }
}

/// Every value of every key, plus missing, empty and hostile ones.
fn values(key: &str) -> Vec<Option<String>> {
    let mut v: Vec<Option<String>> = question(key)
        .unwrap()
        .choices
        .iter()
        .map(|c| Some(c.value.to_string()))
        .collect();
    v.extend([
        None,
        Some(String::new()),
        Some("<script>alert(1)</script>".into()),
        Some("%00".into()),
    ]);
    v
}

#[test]
fn every_combination_of_answers_gives_exactly_one_next_step_and_never_panics() {
    let steps = [
        "situation",
        "section",
        "s57",
        "ect-under-18",
        "result",
        "nonsense",
        "",
    ];
    let mut combinations = 0;
    for situation in values("situation") {
        for section in values("section") {
            for s57 in values("s57") {
                for ect in values("ect-under-18") {
                    let query = [
                        ("situation", &situation),
                        ("section", &section),
                        ("s57", &s57),
                        ("ect-under-18", &ect),
                    ]
                    .iter()
                    .filter_map(|(k, v)| {
                        v.as_ref().map(|v| format!("{k}={}", v.replace('&', "%26")))
                    })
                    .collect::<Vec<_>>()
                    .join("&");
                    combinations += 1;
                    let w = walk(&parse_query(&query));
                    // Exactly one of: a question to ask, or an outcome.
                    match w.end {
                        Then::Ask(key) => assert!(question(key).is_some()),
                        Then::Outcome(id) => assert!(OUTCOMES.contains(&id)),
                    }
                    for step in steps {
                        let shown = screen(step, &query);
                        match &shown {
                            Screen::Result { outcome } => {
                                assert_eq!(step, "result");
                                assert_eq!(Some(*outcome), w.outcome(), "{query}");
                            }
                            Screen::Question { key, .. } => assert_eq!(*key, step),
                            Screen::Redirect(url) => {
                                // A redirect lands on a page that shows something, in one step.
                                let (path, q) = url.split_once('?').unwrap_or((url, ""));
                                let target = path.trim_start_matches("/check/");
                                assert!(
                                    !matches!(screen(target, q), Screen::Redirect(_)),
                                    "{step}?{query} -> {url}"
                                );
                            }
                        }
                        if w.outcome().is_none() {
                            assert!(
                                !matches!(shown, Screen::Result { .. }),
                                "outcome for incomplete {query}"
                            );
                        }
                    }
                }
            }
        }
    }
    assert_eq!(combinations, 11 * 12 * 7 * 7);
}

#[test]
fn missing_earlier_answers_lead_to_the_first_unanswered_question() {
    assert_eq!(
        screen("section", ""),
        Screen::Redirect("/check/situation".into())
    );
    assert_eq!(
        screen("result", "section=3"),
        Screen::Redirect("/check/situation".into())
    );
    assert_eq!(
        screen("result", "situation=detained"),
        Screen::Redirect("/check/section?situation=detained".into())
    );
    assert_eq!(
        screen("ect-under-18", "situation=informal"),
        Screen::Redirect("/check/s57?situation=informal".into())
    );
    assert_eq!(
        screen("result", "situation=<script>alert(1)</script>&section=3"),
        Screen::Redirect("/check/situation".into())
    );
    assert_eq!(
        screen("result", "situation=DETAINED"),
        Screen::Redirect("/check/situation".into())
    );
}

#[test]
fn answers_to_questions_not_asked_are_ignored() {
    let w = walk(&parse_query("situation=cto&section=4&s57=yes"));
    assert_eq!(w.outcome(), Some("eligible-cto"));
    assert_eq!(w.query(), "situation=cto");
    // A question not on the path sends the person to where the answers lead.
    assert_eq!(
        screen("section", "situation=cto"),
        Screen::Redirect("/check/result?situation=cto".into())
    );
}

#[test]
fn questions_show_their_back_link_and_current_answer() {
    assert_eq!(
        screen("situation", ""),
        Screen::Question {
            key: "situation",
            selected: None,
            back: "/check".into()
        }
    );
    assert_eq!(
        screen("section", "situation=detained"),
        Screen::Question {
            key: "section",
            selected: None,
            back: "/check/situation?situation=detained".into()
        }
    );
    assert_eq!(
        screen("situation", "situation=detained&section=3"),
        Screen::Question {
            key: "situation",
            selected: Some("detained"),
            back: "/check".into()
        }
    );
}

#[test]
fn answering_moves_on_and_changing_asks_only_what_depends_on_it() {
    assert_eq!(
        answer("", "situation", "detained").as_deref(),
        Some("/check/section?situation=detained")
    );
    assert_eq!(
        answer("situation=detained", "section", "3").as_deref(),
        Some("/check/result?situation=detained&section=3")
    );
    // Change the last answer: straight back to the result.
    assert_eq!(
        answer("situation=detained&section=3", "section", "4").as_deref(),
        Some("/check/result?situation=detained&section=4")
    );
    // Change the first answer: its follow-up question is asked again.
    assert_eq!(
        answer("situation=detained&section=3", "situation", "informal").as_deref(),
        Some("/check/s57?situation=informal")
    );
    assert_eq!(
        answer("situation=detained&section=3", "situation", "cto").as_deref(),
        Some("/check/result?situation=cto")
    );
    // The same answer again keeps everything.
    assert_eq!(
        answer("situation=detained&section=3", "situation", "detained").as_deref(),
        Some("/check/result?situation=detained&section=3")
    );
    // Not an answer to that question.
    assert_eq!(answer("", "situation", "3"), None);
    assert_eq!(answer("", "nonsense", "3"), None);
}

#[test]
fn queries_decode_like_a_browser() {
    assert_eq!(
        parse_query("?a=1&b=x+y&c=%3Cs%3E&d&=e&f=%zz"),
        vec![
            ("a".into(), "1".into()),
            ("b".into(), "x y".into()),
            ("c".into(), "<s>".into()),
            ("d".into(), String::new()),
            (String::new(), "e".into()),
            ("f".into(), "%zz".into()),
        ]
    );
}

/// The answer pages that are not a yes. Each outcome is either `eligible-*` or listed here, so a
/// new outcome cannot appear without someone deciding what its page shows.
const NOT_YES: &[&str] = &[
    "not-eligible",
    "not-yet-short-term",
    "check-your-section",
    "not-sure",
];

#[test]
fn only_yes_answers_say_how_to_get_an_imha() {
    use super::pages::{result_html, shows_imha_help};
    use super::text::{outcome_text, IMHA_HELP_HTML};
    assert!(!IMHA_HELP_HTML.get().is_empty());
    for id in OUTCOMES {
        let yes = id.starts_with("eligible-");
        assert!(yes || NOT_YES.contains(id), "{id}: a yes or not?");
        assert_eq!(shows_imha_help(id), yes, "{id}");
        let (query, _) = PATHS.iter().find(|(_, outcome)| outcome == id).unwrap();
        let text = outcome_text(id).unwrap();
        let page = result_html(text, &walk(&parse_query(query))).into_string();
        assert_eq!(page.contains(IMHA_HELP_HTML.get()), yes, "{id}");
        assert!(page.contains(text.html.get()), "{id} shows its own words");
    }
    for id in NOT_YES {
        assert!(OUTCOMES.contains(id), "{id} is an outcome");
        assert!(!shows_imha_help(id), "{id}");
    }
}

#[test]
fn question_pages_with_an_error_are_valid_markup() {
    use super::pages::question_html;
    use super::text::question_text;
    use crate::components::markup_checks::assert_ids_hold_together;
    for q in QUESTIONS {
        let text = question_text(q.key).unwrap();
        for error in [false, true] {
            let page = question_html(text, None, "/check", error).into_string();
            assert_ids_hold_together(&page);
            assert_eq!(page.contains("error-summary"), error, "{}", q.key);
        }
    }
}
