//! A user of the fixture's generated crate (`api`, with only the `text` group enabled): it
//! touches every part of the API the spec-evolution rules speak of, the way application
//! code does. Compiled against the crate of each edited spec, it must still compile after
//! every change `diff` calls non-breaking, and must not after every change it calls breaking.

use api::{
    CheckTextError, CheckTextRequest, CheckTextResponse, Client, CommonError, Label, Suggest,
    TranslateData, TranslateResult,
};

/// Calls the endpoint with every request field set, and reads every response field.
pub async fn check(client: &Client) -> Result<(String, Option<Suggest>), api::Error<CheckTextError>> {
    let request = CheckTextRequest::new("some text").scene(2);
    let response: CheckTextResponse = client.check_text(request).await?;
    let trace_id: String = response.trace_id;
    let suggest: Option<Suggest> = response.suggest;
    Ok((trace_id, suggest))
}

/// Calls the service with every data field set, and reads every result field.
pub async fn translate(client: &Client) -> Option<String> {
    let data = TranslateData::new("你好").to("en");
    let result = client.service_market().translate(data).await.ok()?;
    let result: TranslateResult = result.into_inner();
    let translated: String = result.translated;
    Some(translated)
}

/// Matches every error code the endpoint declares, and the common ones.
pub fn explain(error: &CheckTextError) -> &'static str {
    match error {
        CheckTextError::RiskyContent => "change the text",
        CheckTextError::Common(CommonError::SystemBusy) => "try again",
        CheckTextError::Common(CommonError::InvalidCredential) => "get a new token",
        _ => "unexpected",
    }
}

/// Matches every value of the enum.
pub fn publish(suggest: &Suggest) -> bool {
    match suggest {
        Suggest::Pass => true,
        Suggest::Risky => false,
        _ => false,
    }
}

/// Reads the named struct nobody else uses.
pub fn label_name(label: &Label) -> &str {
    &label.name
}
