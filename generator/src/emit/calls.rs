//! The Rust call each docs page shows, as text: written once here, so the page and the test
//! that compiles it (`rust::page_calls`, in the generated crate's examples test) show the
//! same code. A required field of the request (or the service's data) is an argument of
//! `new`, named after the field; the compiled version takes each as a parameter.

use crate::model::{Endpoint, Field, Message, RustIdent, Service};

/// The fields `new` takes, in order: the required ones the client doesn't fill in itself.
pub fn new_arguments(message: &Message) -> impl Iterator<Item = &Field> {
    message
        .fields
        .iter()
        .filter(|f| f.required && f.constant.is_none())
}

/// `let response = client.<id>(<Request>::new(<args>)).await?;`
pub fn endpoint_call(e: &Endpoint) -> String {
    format!(
        "let response = client.{}({}::new({})).await?;",
        e.id,
        e.request.name,
        arguments(&e.request)
    )
}

/// For a file answer: the call, then the file saved under the endpoint's id.
pub fn endpoint_save_media(e: &Endpoint) -> String {
    format!(
        "let media = client.{}({}::new({})).await?;\n\
         std::fs::write(format!(\"{}.{{}}\", media.extension().unwrap_or(\"bin\")), &media.bytes)?;",
        e.id,
        e.request.name,
        arguments(&e.request),
        e.id
    )
}

/// The service-market call; an asynchronous service's result is waited for.
pub fn service_call(s: &Service) -> String {
    let call = format!(
        "client.service_market().{}({}::new({})).await?",
        s.id,
        s.data.name,
        arguments(&s.data)
    );
    if s.is_async {
        format!(
            "let pending = {call};\n\
             // ... later, or right away:\n\
             let result = pending.wait(std::time::Duration::from_secs(60)).await?;"
        )
    } else {
        format!(
            "let result = {call};\n\
             // `result` derefs to `{}`; `result.raw()` is the provider's text.",
            s.result.name
        )
    }
}

fn arguments(message: &Message) -> String {
    new_arguments(message)
        .map(|f| rust_text(&f.rust))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A Rust identifier as written in code: `r#type`.
pub fn rust_text(id: &RustIdent) -> String {
    if id.raw {
        format!("r#{}", id.name)
    } else {
        id.name.clone()
    }
}
