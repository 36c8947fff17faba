//! Short hex names for content, for ETags, fingerprinted file names, the
//! photo cache and the form's tokens: one way to write bytes as hex.

use sha2::Digest;

/// `bytes` as lowercase hex, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// The first `bytes` bytes of the SHA-256 of `data`, in hex: a name that
/// changes whenever the content does.
pub fn short_sha256(data: &[u8], bytes: usize) -> String {
    let digest = sha2::Sha256::digest(data);
    hex(&digest[..bytes.min(digest.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_lowercase_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn short_names_are_prefixes_of_the_digest() {
        let full = short_sha256(b"hearth", 32);
        assert_eq!(full.len(), 64);
        assert!(full.starts_with(&short_sha256(b"hearth", 4)));
        assert_eq!(short_sha256(b"hearth", 99), full);
    }
}
