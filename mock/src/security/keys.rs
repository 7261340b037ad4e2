//! The keys of API security mode: the process-wide application key pair for clients under
//! test, and the two platform keys with their self-signed certificates.

use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

use rand_core::OsRng;
use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
use rsa::pkcs8::EncodePublicKey;
use rsa::pss::BlindedSigningKey;
use rsa::RsaPrivateKey;
use sha2::Sha256;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::EncodePem;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::Validity;

/// The application key pair of this process (2048-bit RSA, generated once): `(private key
/// PEM (PKCS#1), public key PEM (SPKI))`. Give the private key to the client under test and
/// the public key to [`MockApiSecurity::new`](super::MockApiSecurity::new).
pub fn app_key_pair() -> (&'static str, &'static str) {
    static PAIR: OnceLock<(String, String)> = OnceLock::new();
    let (private, public) = PAIR.get_or_init(|| {
        let key = generate_key();
        let private = key
            .to_pkcs1_pem(LineEnding::LF)
            .map(|pem| pem.to_string())
            .unwrap_or_default();
        let public = key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default();
        (private, public)
    });
    (private, public)
}

fn generate_key() -> RsaPrivateKey {
    match RsaPrivateKey::new(&mut OsRng, 2048) {
        Ok(key) => key,
        Err(error) => panic!("fake WeChat: cannot generate an RSA key: {error}"),
    }
}

/// A platform key pair with its X.509 certificate and number.
pub(super) struct PlatformKey {
    pub(super) number: String,
    pub(super) signer: BlindedSigningKey<Sha256>,
    pub(super) certificate_pem: String,
}

/// The two platform keys of this process, generated on first use.
pub(super) fn platform_key(index: usize) -> &'static PlatformKey {
    static KEYS: [OnceLock<PlatformKey>; 2] = [OnceLock::new(), OnceLock::new()];
    KEYS[index % 2].get_or_init(|| {
        let number = format!("fa4e0000000000000000000000000c{:02}", index % 2 + 1);
        let key = generate_key();
        let certificate_pem = self_signed(&key, &number);
        PlatformKey {
            number,
            signer: BlindedSigningKey::new_with_salt_len(key, 32),
            certificate_pem,
        }
    })
}

/// A self-signed certificate for `key`, like the platform's (which a Tenpay CA signs).
fn self_signed(key: &RsaPrivateKey, number: &str) -> String {
    let build = || -> Result<String, Box<dyn std::error::Error>> {
        let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone());
        let spki = SubjectPublicKeyInfoOwned::from_key(key.to_public_key())?;
        let subject = Name::from_str(&format!("CN=fake-wechat-platform-{number},O=wxapi tests"))?;
        let builder = CertificateBuilder::new(
            Profile::Root,
            SerialNumber::from(u32::from_str_radix(&number[number.len() - 4..], 16)?),
            Validity::from_now(Duration::from_secs(5 * 365 * 24 * 3600))?,
            subject,
            spki,
            &signer,
        )?;
        let certificate = builder.build::<rsa::pkcs1v15::Signature>()?;
        Ok(certificate.to_pem(LineEnding::LF)?)
    };
    match build() {
        Ok(pem) => pem,
        Err(error) => panic!("fake WeChat: cannot build a certificate: {error}"),
    }
}
