use leptos::prelude::*;

use crate::check::text::OptionText;

/// A one-question page's radios, GOV.UK style: a `fieldset` whose `legend` holds the page's
/// `h1`, so a screen reader announces the question with every option; a hint explaining the terms;
/// an inline error with a hidden "Error:" prefix; no option chosen until the person chooses one.
///
/// Each radio's `name` is the answer key and its `value` the answer value, so the form matches
/// the public URL contract.
#[component]
pub fn Radios(
    name: &'static str,
    question: &'static str,
    hint_html: &'static str,
    options: &'static [OptionText],
    chosen: RwSignal<Option<String>>,
    #[prop(into)] error: Signal<Option<&'static str>>,
    error_prefix: &'static str,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    let group_class = move || {
        if error.get().is_some() {
            "form-group form-group--error"
        } else {
            "form-group"
        }
    };
    view! {
        <div class=group_class>
            <fieldset class="fieldset" aria-describedby=described_by>
                <legend class="fieldset__legend">
                    <h1 class="fieldset__heading">{question}</h1>
                </legend>
                <div id=hint_id class="hint" inner_html=hint_html></div>
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <p id=error_id.clone() class="error-message">
                                    <span class="visually-hidden">{error_prefix}": "</span>
                                    {message}
                                </p>
                            }
                        })
                }}
                <div class="radios">
                    {options
                        .iter()
                        .map(|option| {
                            let id = format!("{name}-{}", option.value);
                            let option_hint_id = format!("{id}-hint");
                            let value = option.value;
                            view! {
                                <div class="radios__item">
                                    <input
                                        class="radios__input"
                                        type="radio"
                                        id=id.clone()
                                        name=name
                                        value=value
                                        aria-describedby=option.hint.map(|_| option_hint_id.clone())
                                        prop:checked=move || chosen.get().as_deref() == Some(value)
                                        on:change=move |_| chosen.set(Some(value.to_string()))
                                    />
                                    <label class="radios__label" for=id>
                                        {option.label}
                                    </label>
                                    {option
                                        .hint
                                        .map(|hint| {
                                            view! {
                                                <div id=option_hint_id.clone() class="hint radios__hint">
                                                    {hint}
                                                </div>
                                            }
                                        })}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
