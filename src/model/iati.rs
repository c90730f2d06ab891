//! The IATI code lists the content's IATI fields are checked against, so that an editor learns of a
//! wrong code from `check`, at its line, rather than from the IATI Validator after publication.

use super::{Organisation, Role};

/// The IATI Language codelist (ISO 639-1), 2.03.
const LANGUAGES: [&str; 181] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "id",
    "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km",
    "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu",
    "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng",
    "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt",
    "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn",
    "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn",
    "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh",
    "yi", "yo", "za", "zh", "zu",
];

/// The IATI Organisation Type codelist, 2.03.
const ORGANISATION_TYPES: [&str; 16] = [
    "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90",
];

/// Whether `code` is on the IATI Language codelist.
pub fn is_iati_language(code: &str) -> bool {
    LANGUAGES.contains(&code)
}

/// The IATI language of a site language without `iati_lang`: its code, or the code's primary
/// subtag (`en-GB` → `en`), when that is on the codelist.
pub fn default_iati_language(code: &str) -> Option<String> {
    let primary = code.split('-').next().unwrap_or(code);
    is_iati_language(primary).then(|| primary.to_owned())
}

/// Whether `code` is on the IATI Organisation Type codelist.
pub fn is_organisation_type(code: &str) -> bool {
    ORGANISATION_TYPES.contains(&code)
}

/// The organisation that reports the activity to IATI: the first participating agency (which
/// writes the progress report), else the first organisation listed.
pub fn reporting_organisation(organisations: &[Organisation]) -> Option<&Organisation> {
    organisations
        .iter()
        .find(|o| o.role == Role::Agency)
        .or_else(|| organisations.first())
}

/// Whether `s` can be an IATI identifier: not empty, and only letters, digits and `-_.:`
/// (no spaces, slashes or other characters the IATI Standard forbids in identifiers).
pub fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorani_and_syriac_have_no_iati_language_of_their_own() {
        assert_eq!(default_iati_language("ckb"), None);
        assert_eq!(default_iati_language("syr"), None);
        assert_eq!(default_iati_language("en-GB").as_deref(), Some("en"));
        assert_eq!(default_iati_language("ar").as_deref(), Some("ar"));
        assert!(is_iati_language("ku"));
    }

    #[test]
    fn identifiers_have_no_spaces_or_slashes() {
        assert!(is_identifier("XM-DAC-41114"));
        assert!(!is_identifier("XM DAC"));
        assert!(!is_identifier("a/b"));
        assert!(!is_identifier(""));
    }
}
