//! Stage 3: emitters. Each reads only the checked [`crate::model::Model`].

pub(crate) mod calls;
pub mod docs;
pub(crate) mod header;
pub mod miniprogram;
pub mod openapi;
pub mod rust;
mod templates;
