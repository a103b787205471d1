//! The referral's reference: read out over the phone and typed by staff, so it avoids
//! characters people confuse (no 0/O, no 1/I). It is also the `Idempotency-Key`, so a retried
//! send can never make a second referral.

/// The 32 characters a reference is made of.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// How long a reference is.
pub const LENGTH: usize = 8;

/// A reference from 8 random bytes (from `crypto.getRandomValues` in the browser). 256 is a
/// multiple of 32, so every character is equally likely.
pub fn from_random_bytes(bytes: [u8; LENGTH]) -> String {
    bytes
        .iter()
        .map(|b| ALPHABET[(*b % 32) as usize] as char)
        .collect()
}

/// Whether text is a well-formed reference (the receiver checks this).
pub fn is_reference(text: &str) -> bool {
    text.len() == LENGTH && text.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_avoid_look_alikes() {
        for c in ['0', 'O', '1', 'I'] {
            assert!(!ALPHABET.contains(&(c as u8)), "{c}");
        }
        let r = from_random_bytes([0, 31, 32, 255, 100, 7, 8, 200]);
        assert_eq!(r.len(), 8);
        assert!(is_reference(&r), "{r}");
        assert_eq!(&r[..2], "2Z");
        assert!(!is_reference("ABCD0FGH"));
        assert!(!is_reference("ABCDEFG"));
    }
}
