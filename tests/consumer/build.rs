fn main() -> Result<(), Box<dyn std::error::Error>> {
    wxapi_codegen::compile("spec")?;
    Ok(())
}
