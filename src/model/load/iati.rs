//! The IATI fields of `site.toml` and `programme.toml`: codes checked against the IATI code lists,
//! and what the IATI file would still lack for the IATI Registry, reported as warnings once a
//! site starts to describe itself for IATI (an `iati_*`, recipient or sector field is set).

use toml::Spanned;

use super::{raw, Loader, Src};
use crate::model::iati::{
    default_iati_language, is_iati_language, is_identifier, is_organisation_type,
    reporting_organisation,
};
use crate::model::{Organisation, Role, Sector};

/// The IATI fields of `programme.toml`, checked.
pub(super) struct ProgrammeIati {
    pub identifier: Option<String>,
    pub countries: Vec<String>,
    pub regions: Vec<String>,
    pub sectors: Vec<Sector>,
}

impl Loader {
    /// The IATI language of the site language `code`: `iati_lang`, or the code itself when it
    /// is on the IATI Language codelist; `None` (with a warning kept for later) otherwise.
    pub(super) fn iati_lang(
        &mut self,
        src: Src,
        code: &Spanned<String>,
        explicit: Option<&Spanned<String>>,
    ) -> Option<String> {
        if let Some(l) = explicit {
            if is_iati_language(l.get_ref()) {
                return Some(l.get_ref().clone());
            }
            self.diags.push(
                src.error(
                    Some(l.span()),
                    format!("`{}` is not on the IATI Language codelist", l.get_ref()),
                )
                .with_hint("write an ISO 639-1 code of two letters, such as `ku` for Kurdish"),
            );
            return None;
        }
        let found = default_iati_language(code.get_ref());
        if found.is_none() {
            self.iati_pending.push(
                src.warning(
                    Some(code.span()),
                    format!(
                        "`{}` has no ISO 639-1 code: its texts are left out of the IATI file",
                        code.get_ref()
                    ),
                )
                .with_hint("set iati_lang to the ISO 639-1 code to write them with (ckb → \"ku\")"),
            );
        }
        found
    }

    /// An organisation's `iati_ref` and `iati_type`, checked; a warning kept for later when an
    /// organisation the IATI file names has no `iati_ref`.
    pub(super) fn organisation_iati(
        &mut self,
        src: Src,
        o: &raw::OrganisationEntry,
        role: Role,
    ) -> (Option<String>, Option<String>) {
        let iati_ref = match &o.iati_ref {
            Some(r) if is_identifier(r.get_ref()) => Some(r.get_ref().clone()),
            Some(r) => {
                self.diags.push(
                    src.error(
                        Some(r.span()),
                        format!("`{}` is not an IATI organisation identifier", r.get_ref()),
                    )
                    .with_hint("write the registered identifier, such as \"XM-DAC-41114\""),
                );
                None
            }
            None => {
                if role != Role::Other {
                    self.iati_pending.push(
                        src.warning(
                            Some(o.id.span()),
                            format!(
                                "the organisation `{}` has no iati_ref: the IATI file names it \
                                 without an identifier",
                                o.id.get_ref()
                            ),
                        )
                        .with_hint(
                            "add its registered IATI identifier, e.g. iati_ref = \"XM-DAC-41114\"",
                        ),
                    );
                }
                None
            }
        };
        let iati_type = o.iati_type.as_ref().and_then(|t| {
            if is_organisation_type(t.get_ref()) {
                return Some(t.get_ref().clone());
            }
            self.diags.push(
                src.error(
                    Some(t.span()),
                    format!(
                        "`{}` is not on the IATI Organisation Type codelist",
                        t.get_ref()
                    ),
                )
                .with_hint("write a code such as \"10\" (government) or \"40\" (multilateral)"),
            );
            None
        });
        (iati_ref, iati_type)
    }

    /// The programme's IATI fields, checked; the warnings kept so far are reported if the site
    /// describes itself for IATI.
    pub(super) fn programme_iati(
        &mut self,
        src: Src,
        raw: &raw::ProgrammeFile,
        organisations: &[Organisation],
    ) -> ProgrammeIati {
        let identifier = self.identifier(src, raw.iati_identifier.as_ref());
        let countries = self.codes(src, &raw.recipient_countries, |c| {
            c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase())
        });
        let regions = self.codes(src, &raw.recipient_regions, |c| {
            !c.is_empty() && c.chars().all(|c| c.is_ascii_digit())
        });
        let sectors = self.sectors(src, &raw.sectors);
        let pending = std::mem::take(&mut self.iati_pending);
        let described = identifier.is_some()
            || !countries.is_empty()
            || !regions.is_empty()
            || !sectors.is_empty()
            || organisations.iter().any(|o| o.iati_ref.is_some());
        if described {
            self.diags.extend(pending);
            self.iati_gaps(src, raw, &countries, &regions, &sectors, organisations);
        }
        ProgrammeIati {
            identifier,
            countries,
            regions,
            sectors,
        }
    }

    fn identifier(&mut self, src: Src, raw: Option<&Spanned<String>>) -> Option<String> {
        let id = raw?;
        if is_identifier(id.get_ref()) {
            return Some(id.get_ref().clone());
        }
        self.diags.push(
            src.error(
                Some(id.span()),
                format!("`{}` is not an IATI activity identifier", id.get_ref()),
            )
            .with_hint("use letters, digits and `-` only, starting with the reporting organisation's iati_ref"),
        );
        None
    }

    /// Recipient codes, each checked by `ok`.
    fn codes(&mut self, src: Src, raw: &[Spanned<String>], ok: fn(&str) -> bool) -> Vec<String> {
        let mut out = Vec::new();
        for c in raw {
            if ok(c.get_ref()) {
                out.push(c.get_ref().clone());
            } else {
                self.diags.push(
                    src.error(
                        Some(c.span()),
                        format!("`{}` is not a recipient code", c.get_ref()),
                    )
                    .with_hint(
                        "write ISO 3166-1 country codes (\"IQ\") in recipient_countries and \
                             OECD DAC region codes (\"298\") in recipient_regions",
                    ),
                );
            }
        }
        out
    }

    fn sectors(&mut self, src: Src, raw: &[raw::SectorEntry]) -> Vec<Sector> {
        let mut out: Vec<Sector> = Vec::new();
        for s in raw {
            let vocabulary = s.vocabulary.as_ref().map_or("1", |v| v.get_ref().as_str());
            let code = s.code.get_ref();
            let digits = |n: usize| code.len() == n && code.chars().all(|c| c.is_ascii_digit());
            let ok = match vocabulary {
                "1" => digits(5),
                "2" => digits(3),
                "3" | "4" | "5" | "6" | "7" | "8" | "9" | "10" | "98" | "99" => !code.is_empty(),
                _ => false,
            };
            if !ok {
                self.diags.push(
                    src.error(
                        Some(s.code.span()),
                        format!("`{code}` is not a sector code of vocabulary {vocabulary}"),
                    )
                    .with_hint("with vocabulary \"1\" (the default) write a 5-digit OECD DAC code such as \"15151\""),
                );
                continue;
            }
            let percentage = s.percentage.as_ref().map(|p| *p.get_ref());
            if let Some(p) = s
                .percentage
                .as_ref()
                .filter(|p| !(0.0..=100.0).contains(p.get_ref()))
            {
                self.diags.push(src.error(
                    Some(p.span()),
                    format!(
                        "a sector's percentage must be between 0 and 100, not {}",
                        p.get_ref()
                    ),
                ));
            }
            out.push(Sector {
                code: code.clone(),
                vocabulary: vocabulary.to_owned(),
                percentage,
            });
        }
        self.sector_shares(src, raw, &out);
        out
    }

    /// Within each vocabulary, several sectors need percentages that add up to 100.
    fn sector_shares(&mut self, src: Src, raw: &[raw::SectorEntry], sectors: &[Sector]) {
        let mut vocabularies: Vec<&str> = sectors.iter().map(|s| s.vocabulary.as_str()).collect();
        vocabularies.dedup();
        for v in vocabularies {
            let of: Vec<&Sector> = sectors.iter().filter(|s| s.vocabulary == v).collect();
            let sum: f64 = of.iter().filter_map(|s| s.percentage).sum();
            let all = of.iter().all(|s| s.percentage.is_some());
            if (of.len() > 1 || of.iter().any(|s| s.percentage.is_some()))
                && (!all || (sum - 100.0).abs() > 1e-9)
            {
                let span = raw.first().map(|s| s.code.span());
                self.diags.push(
                    src.error(
                        span,
                        format!("the percentages of the sectors of vocabulary {v} add up to {sum}, not 100"),
                    )
                    .with_hint("give every sector of a vocabulary a percentage; together 100"),
                );
            }
        }
    }

    /// Warnings for what the IATI Registry needs and the content does not give.
    fn iati_gaps(
        &mut self,
        src: Src,
        raw: &raw::ProgrammeFile,
        countries: &[String],
        regions: &[String],
        sectors: &[Sector],
        organisations: &[Organisation],
    ) {
        let top = Some(0..0);
        if countries.is_empty() && regions.is_empty() {
            self.diags.push(
                src.warning(
                    top.clone(),
                    "the IATI file has no recipient country or region",
                )
                .with_hint("add recipient_countries = [\"IQ\"] (ISO 3166-1) or recipient_regions"),
            );
        }
        if sectors.is_empty() {
            self.diags
                .push(src.warning(top, "the IATI file has no sector").with_hint(
                    "add sectors = [{ code = \"15151\", vocabulary = \"1\", percentage = 100 }]",
                ));
        }
        let reporter_ref =
            reporting_organisation(organisations).and_then(|o| o.iati_ref.as_deref());
        if let (Some(id), Some(r)) = (&raw.iati_identifier, reporter_ref) {
            if !id.get_ref().starts_with(&format!("{r}-")) {
                self.diags.push(src.warning(
                    Some(id.span()),
                    format!(
                        "the IATI identifier `{}` does not begin with the reporting organisation's identifier `{r}-`",
                        id.get_ref()
                    ),
                ));
            }
        }
    }
}
