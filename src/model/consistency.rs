//! Checks that reported figures agree with each other. Disagreements are kept as [`Flag`]s on the
//! model, shown to readers beside the figures, and reported by `shafaf check` as warnings:
//! the reported figure is never corrected.

use super::{Figure, Funds, Kind};

/// A disagreement between figures of one report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Flag {
    /// The reported % of planned is not actual ÷ target.
    PercentDiffers {
        /// % as reported.
        reported: f64,
        /// actual ÷ target × 100.
        computed: f64,
        /// The actual.
        actual: f64,
        /// The target.
        target: f64,
    },
    /// The parts of a breakdown do not add up to the reported total.
    PartsDiffer {
        /// The total as reported.
        total: f64,
        /// The sum of the parts.
        sum: f64,
    },
    /// More was disbursed than committed.
    DisbursedOverCommitted {
        /// Committed.
        committed: f64,
        /// Disbursed.
        disbursed: f64,
    },
    /// A reported total is not the sum of the organisations' figures.
    TotalDiffers {
        /// `committed` or `disbursed`.
        field: String,
        /// The total as reported.
        total: f64,
        /// The sum over organisations.
        sum: f64,
    },
}

impl Flag {
    /// The names an editor uses in a value's `acknowledge` list, one per kind of flag.
    pub const KEYS: [&'static str; 4] = ["percent", "parts", "disbursed", "total"];

    /// This flag's name in an `acknowledge` list (one of [`Flag::KEYS`]).
    pub fn key(&self) -> &'static str {
        match self {
            Flag::PercentDiffers { .. } => "percent",
            Flag::PartsDiffer { .. } => "parts",
            Flag::DisbursedOverCommitted { .. } => "disbursed",
            Flag::TotalDiffers { .. } => "total",
        }
    }

    /// The inconsistency in plain English, quoting both figures (for `check`).
    pub fn describe(&self) -> String {
        match self {
            Flag::PercentDiffers {
                reported,
                computed,
                actual,
                target,
            } => format!(
                "the reported % of planned ({}%) differs from actual ÷ target ({} ÷ {} = {}%)",
                plain(*reported),
                plain(*actual),
                plain(*target),
                plain((computed * 10.0).round() / 10.0)
            ),
            Flag::PartsDiffer { total, sum } => format!(
                "the parts add up to {} but the total is reported as {}",
                plain(*sum),
                plain(*total)
            ),
            Flag::DisbursedOverCommitted {
                committed,
                disbursed,
            } => format!(
                "disbursed ({}) is more than committed ({})",
                plain(*disbursed),
                plain(*committed)
            ),
            Flag::TotalDiffers { field, total, sum } => format!(
                "the total {field} ({}) is not the sum of the organisations' figures ({})",
                plain(*total),
                plain(*sum)
            ),
        }
    }
}

/// A number without trailing zeros, for messages.
fn plain(n: f64) -> String {
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// How far a reported % may be from the computed one before it is flagged (rounding to whole %).
const PERCENT_TOLERANCE: f64 = 1.0;

/// Flags for an indicator value: % of planned against actual ÷ target, parts against total.
pub fn value_flags(
    kind: Kind,
    target: Option<&Figure>,
    actual: Option<&Figure>,
    percent: Option<&Figure>,
    parts: Option<&[(String, f64)]>,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    let (target, actual) = (
        target.and_then(Figure::number),
        actual.and_then(Figure::number),
    );
    if kind != Kind::Milestone {
        if let (Some(t), Some(a), Some(p)) = (target, actual, percent.and_then(Figure::number)) {
            if t > 0.0 {
                let computed = a / t * 100.0;
                if (computed - p).abs() >= PERCENT_TOLERANCE {
                    flags.push(Flag::PercentDiffers {
                        reported: p,
                        computed,
                        actual: a,
                        target: t,
                    });
                }
            }
        }
    }
    if let (Some(parts), Some(total)) = (parts, actual) {
        if !parts.is_empty() {
            let sum: f64 = parts.iter().map(|(_, v)| v).sum();
            if (sum - total).abs() > 1e-9 {
                flags.push(Flag::PartsDiffer { total, sum });
            }
        }
    }
    flags
}

/// Flags for one organisation's funds.
pub fn funds_flags(funds: &Funds) -> Vec<Flag> {
    match (funds.committed, funds.disbursed) {
        (Some(committed), Some(disbursed)) if disbursed > committed + 0.005 => {
            vec![Flag::DisbursedOverCommitted {
                committed,
                disbursed,
            }]
        }
        _ => Vec::new(),
    }
}

/// Flags for the total funds row against the organisations' rows.
pub fn total_flags(total: &Funds, rows: &[&Funds]) -> Vec<Flag> {
    let mut flags = funds_flags(total);
    type Field = fn(&Funds) -> Option<f64>;
    let fields: [(&str, Field); 2] = [
        ("committed", |f| f.committed),
        ("disbursed", |f| f.disbursed),
    ];
    for (field, get) in fields {
        let parts: Option<Vec<f64>> = rows.iter().map(|f| get(f)).collect();
        if let (Some(t), Some(parts)) = (get(total), parts) {
            let sum: f64 = parts.iter().sum();
            if !parts.is_empty() && (sum - t).abs() > 0.005 {
                flags.push(Flag::TotalDiffers {
                    field: field.to_owned(),
                    total: t,
                    sum,
                });
            }
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f64) -> Figure {
        Figure::Number(v)
    }

    #[test]
    fn a_capped_percentage_is_flagged() {
        let flags = value_flags(
            Kind::Count,
            Some(&n(340.0)),
            Some(&n(498.0)),
            Some(&n(100.0)),
            None,
        );
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].describe(),
            "the reported % of planned (100%) differs from actual ÷ target (498 ÷ 340 = 146.5%)"
        );
    }

    #[test]
    fn rounding_to_whole_percent_is_not_flagged() {
        assert!(value_flags(
            Kind::Count,
            Some(&n(8.0)),
            Some(&n(5.0)),
            Some(&n(63.0)),
            None
        )
        .is_empty());
        assert!(value_flags(
            Kind::Count,
            Some(&n(19.0)),
            Some(&n(13.0)),
            Some(&n(68.0)),
            None
        )
        .is_empty());
    }

    #[test]
    fn parts_that_do_not_add_up_are_flagged() {
        let parts = vec![("male".to_owned(), 185.0), ("female".to_owned(), 67.0)];
        let flags = value_flags(
            Kind::Count,
            Some(&n(400.0)),
            Some(&n(253.0)),
            Some(&n(63.0)),
            Some(&parts),
        );
        assert_eq!(
            flags,
            vec![Flag::PartsDiffer {
                total: 253.0,
                sum: 252.0
            }]
        );
    }

    #[test]
    fn words_are_never_compared() {
        let yes = Figure::Term("yes".into());
        assert!(value_flags(
            Kind::Milestone,
            Some(&yes),
            Some(&yes),
            Some(&n(100.0)),
            None
        )
        .is_empty());
    }
}
