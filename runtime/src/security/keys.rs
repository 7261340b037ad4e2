//! The keys of API security mode, parsed once when the client is configured: the symmetric
//! key (AES-256-GCM), the application's private key (RSA-PSS signer) and the platform
//! certificates (RSA-PSS verifiers).
//!
//! None of these types shows key material in `Debug`: only the key or certificate number.
//! The RustCrypto types underneath zeroize their secrets when dropped.

use std::fmt;

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use base64::Engine as _;
use rand_core::OsRng;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::pss::{BlindedSigningKey, Signature, VerifyingKey};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;
use x509_cert::der::{DecodePem, Encode};
use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::error::KeyError;
use super::B64;

/// Length of the AES-GCM IV WeChat uses.
pub(crate) const IV_LEN: usize = 12;
/// Length of the AES-GCM authentication tag.
pub(crate) const TAG_LEN: usize = 16;
/// The PSS salt length WeChat uses (the SHA-256 output length).
const SALT_LEN: usize = 32;

/// A key or certificate number: non-empty printable ASCII, because it goes into the
/// additional data of the encryption and is compared with response headers.
pub(crate) fn number(value: String, what: &'static str) -> Result<String, KeyError> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(KeyError::Number(what));
    }
    Ok(value)
}

/// The symmetric key (对称密钥) with its number (`sn`).
#[derive(Clone)]
pub(crate) struct SymmetricKey {
    cipher: Aes256Gcm,
    number: String,
}

impl SymmetricKey {
    /// Reads the base64 of 32 bytes, as the admin console shows it.
    pub(crate) fn from_base64(encoded: &str, number: String) -> Result<Self, KeyError> {
        let bytes = Zeroizing::new(
            B64.decode(encoded.trim())
                .map_err(|_| KeyError::SymmetricKey("not base64"))?,
        );
        let cipher = Aes256Gcm::new_from_slice(&bytes)
            .map_err(|_| KeyError::SymmetricKey("not 32 bytes (AES-256)"))?;
        Ok(SymmetricKey {
            cipher,
            number: self::number(number, "symmetric key")?,
        })
    }

    /// The key number (`sn`), part of the additional data.
    pub(crate) fn number(&self) -> &str {
        &self.number
    }

    /// Encrypts `data` in place; returns the tag.
    pub(crate) fn encrypt(
        &self,
        iv: &[u8; IV_LEN],
        aad: &[u8],
        data: &mut [u8],
    ) -> Option<[u8; TAG_LEN]> {
        let tag = self
            .cipher
            .encrypt_in_place_detached(Nonce::from_slice(iv), aad, data)
            .ok()?;
        Some(tag.into())
    }

    /// Decrypts `data` in place; `None` when authentication fails.
    pub(crate) fn decrypt(
        &self,
        iv: &[u8; IV_LEN],
        aad: &[u8],
        data: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Option<()> {
        self.cipher
            .decrypt_in_place_detached(Nonce::from_slice(iv), aad, data, Tag::from_slice(tag))
            .ok()
    }
}

impl fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SymmetricKey")
            .field("algorithm", &"AES256_GCM")
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

/// The application's private key (应用私钥) with its number.
#[derive(Clone)]
pub(crate) struct AppKey {
    signer: BlindedSigningKey<Sha256>,
    number: String,
}

impl AppKey {
    /// Reads a PKCS#1 (`BEGIN RSA PRIVATE KEY`, as the admin console gives it) or PKCS#8
    /// (`BEGIN PRIVATE KEY`) PEM.
    pub(crate) fn from_pem(pem: &str, number: String) -> Result<Self, KeyError> {
        let pem = pem.trim();
        let key = RsaPrivateKey::from_pkcs1_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
            .map_err(|_| {
                KeyError::AppPrivateKey("not an RSA private key in PKCS#1 or PKCS#8 PEM")
            })?;
        key.validate()
            .map_err(|_| KeyError::AppPrivateKey("the RSA key is inconsistent"))?;
        Ok(AppKey {
            // Blinded: the private-key operation is randomized, against timing attacks.
            signer: BlindedSigningKey::new_with_salt_len(key, SALT_LEN),
            number: self::number(number, "application key")?,
        })
    }

    /// Signs `message` with RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32 bytes).
    pub(crate) fn sign(&self, message: &[u8]) -> Option<Vec<u8>> {
        let signature = self.signer.try_sign_with_rng(&mut OsRng, message).ok()?;
        Some(signature.to_vec())
    }
}

impl fmt::Debug for AppKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppKey")
            .field("algorithm", &"RSAwithSHA256")
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

/// A platform certificate (平台证书) with its number (which is not the X.509 serial).
#[derive(Clone)]
pub(crate) struct PlatformCertificate {
    verifier: VerifyingKey<Sha256>,
    number: String,
}

impl PlatformCertificate {
    /// Reads an X.509 certificate (`BEGIN CERTIFICATE`) holding an RSA public key.
    ///
    /// The certificate chain and validity period are not checked: trust comes from where
    /// the certificate was downloaded (the admin console), and WeChat says which one it
    /// signed with by its number.
    pub(crate) fn from_pem(pem: &str, number: String) -> Result<Self, KeyError> {
        let certificate = Certificate::from_pem(pem.trim())
            .map_err(|_| KeyError::PlatformCertificate("not an X.509 certificate in PEM"))?;
        let spki = certificate
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|_| KeyError::PlatformCertificate("unreadable public key"))?;
        let key = RsaPublicKey::from_public_key_der(&spki)
            .map_err(|_| KeyError::PlatformCertificate("the public key is not RSA"))?;
        Ok(PlatformCertificate {
            verifier: VerifyingKey::new_with_salt_len(key, SALT_LEN),
            number: self::number(number, "platform certificate")?,
        })
    }

    /// A verifier for a bare public key (tests stand in for the platform with it).
    #[cfg(test)]
    pub(crate) fn from_public_key(key: RsaPublicKey, number: String) -> Self {
        PlatformCertificate {
            verifier: VerifyingKey::new_with_salt_len(key, SALT_LEN),
            number,
        }
    }

    /// Whether `signature` is a valid RSASSA-PSS signature of `message`.
    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        Signature::try_from(signature)
            .and_then(|signature| self.verifier.verify(message, &signature))
            .is_ok()
    }

    /// The certificate number.
    pub(crate) fn number(&self) -> &str {
        &self.number
    }
}

impl fmt::Debug for PlatformCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformCertificate")
            .field("algorithm", &"RSAwithSHA256")
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}
