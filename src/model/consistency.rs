//! Checks that reported figures agree with each other. Disagreements are kept as [`Flag`]s on the
//! model, shown to readers beside the figures, and reported by `shafaf check` as warnings:
//! the reported figure is never corrected.

use super::{Assessment, Figure, Funds, Kind, Trend};

/// A disagreement between figures of one report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Flag {
    /// The reported % of planned is not actual ÷ target.
    PercentDiffers {
        /// % as reported.
        reported: f64,
        /// actual ÷ target × 100, or (baseline − actual) ÷ (baseline − target) × 100 for an
        /// indicator that should decrease.
        computed: f64,
        /// The actual.
        actual: f64,
        /// The target.
        target: f64,
        /// The baseline, when the computation used it.
        baseline: Option<f64>,
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
    /// A reported `committed_percent` or `disbursed_percent` is not the amount ÷ approved.
    ShareDiffers {
        /// `committed` or `disbursed`.
        field: String,
        /// % as reported.
        reported: f64,
        /// amount ÷ approved × 100.
        computed: f64,
        /// The amount.
        amount: f64,
        /// The approved budget.
        approved: f64,
    },
}

impl Flag {
    /// The names an editor uses in a value's `acknowledge` list, one per kind of flag.
    pub const KEYS: [&'static str; 5] = ["percent", "parts", "disbursed", "total", "share"];

    /// This flag's name in an `acknowledge` list (one of [`Flag::KEYS`]).
    pub fn key(&self) -> &'static str {
        match self {
            Flag::PercentDiffers { .. } => "percent",
            Flag::PartsDiffer { .. } => "parts",
            Flag::DisbursedOverCommitted { .. } => "disbursed",
            Flag::TotalDiffers { .. } => "total",
            Flag::ShareDiffers { .. } => "share",
        }
    }

    /// The interface-string key of this flag's message (`flag.parts_differ`) and the figures
    /// it quotes, by their placeholder names in that message: the one place a flag is taken
    /// apart, for `check`'s English and for the pages' languages alike.
    pub fn quotes(&self) -> (&'static str, Vec<(&'static str, Quote<'_>)>) {
        use Quote::{Computed, Field, Number, Percent};
        match self {
            Flag::PercentDiffers {
                reported,
                computed,
                actual,
                target,
                baseline,
            } => {
                let mut q = vec![
                    ("reported", Percent(*reported)),
                    ("computed", Computed(*computed)),
                    ("actual", Number(*actual)),
                    ("target", Number(*target)),
                ];
                q.extend(baseline.map(|b| ("baseline", Number(b))));
                let key = if baseline.is_some() {
                    "flag.percent_differs_baseline"
                } else {
                    "flag.percent_differs"
                };
                (key, q)
            }
            Flag::ShareDiffers {
                field,
                reported,
                computed,
                amount,
                approved,
            } => (
                "flag.share_differs",
                vec![
                    ("field", Field(field)),
                    ("reported", Percent(*reported)),
                    ("computed", Computed(*computed)),
                    ("amount", Number(*amount)),
                    ("approved", Number(*approved)),
                ],
            ),
            Flag::PartsDiffer { total, sum } => (
                "flag.parts_differ",
                vec![("total", Number(*total)), ("sum", Number(*sum))],
            ),
            Flag::DisbursedOverCommitted {
                committed,
                disbursed,
            } => (
                "flag.disbursed_over_committed",
                vec![
                    ("committed", Number(*committed)),
                    ("disbursed", Number(*disbursed)),
                ],
            ),
            Flag::TotalDiffers { field, total, sum } => (
                "flag.total_differs",
                vec![
                    ("field", Field(field)),
                    ("total", Number(*total)),
                    ("sum", Number(*sum)),
                ],
            ),
        }
    }

    /// The inconsistency in plain English, quoting both figures (for `check`).
    pub fn describe(&self) -> String {
        let (key, quotes) = self.quotes();
        let mut s = english(key).to_owned();
        for (name, q) in quotes {
            let text = match q {
                Quote::Percent(n) | Quote::Number(n) => plain(n),
                Quote::Computed(n) => plain(round1(n)),
                Quote::Field(f) => f.to_owned(),
            };
            s = s.replace(&format!("{{{name}}}"), &text);
        }
        s
    }
}

/// One figure or word a flag quotes, by what it is: each reader formats it in its own way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quote<'a> {
    /// A reported percentage.
    Percent(f64),
    /// A computed percentage (shown to one decimal).
    Computed(f64),
    /// A plain number.
    Number(f64),
    /// A funds field (`committed` or `disbursed`).
    Field(&'a str),
}

/// `check`'s English message for the flag message `key`.
fn english(key: &str) -> &'static str {
    match key {
        "flag.percent_differs" => "the reported % of planned ({reported}%) differs from actual ÷ target ({actual} ÷ {target} = {computed}%)",
        "flag.percent_differs_baseline" => "the reported % of planned ({reported}%) differs from (baseline − actual) ÷ (baseline − target) (({baseline} − {actual}) ÷ ({baseline} − {target}) = {computed}%)",
        "flag.share_differs" => "the reported {field} % of approved ({reported}%) differs from {field} ÷ approved ({amount} ÷ {approved} = {computed}%)",
        "flag.parts_differ" => "the parts add up to {sum} but the total is reported as {total}",
        "flag.disbursed_over_committed" => "disbursed ({disbursed}) is more than committed ({committed})",
        _ => "the total {field} ({total}) is not the sum of the organisations' figures ({sum})",
    }
}

/// `n` rounded to one decimal, as computed percentages are shown.
pub fn round1(n: f64) -> f64 {
    (n * 10.0).round() / 10.0
}

/// What a value is measured against: the indicator's kind and direction, its baseline and the
/// target that applies (the period's, else the indicator's).
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// What the indicator counts.
    pub kind: Kind,
    /// Which way it should move.
    pub direction: Trend,
    /// The baseline, when a number.
    pub baseline: Option<f64>,
    /// The target, when a number.
    pub target: Option<f64>,
}

/// % of planned computed from the figures: actual ÷ target for an indicator that should
/// increase or be maintained; (baseline − actual) ÷ (baseline − target) for one that should
/// decrease, and nothing without a baseline (the distance to go is then unknown).
pub fn percent_of_planned(plan: &Plan, actual: f64) -> Option<f64> {
    if plan.kind == Kind::Milestone {
        return None;
    }
    let t = plan.target?;
    match plan.direction {
        Trend::Increase | Trend::Maintain => (t > 0.0).then(|| actual / t * 100.0),
        Trend::Decrease => {
            let b = plan.baseline?;
            (b > t).then(|| (b - actual) / (b - t) * 100.0)
        }
    }
}

/// The computed progress assessment, in the spirit of the UN SDG progress assessment:
/// - `maintain`: on track while the actual is at or above the target, else off track;
/// - otherwise, with a baseline (measuring "better" in the indicator's direction): achieved
///   when the actual is at or past the target; moving away when it is worse than the
///   baseline; else on track when the share of the way from baseline to target covered is at
///   least `expected` (the share the period's target or the time elapsed asks for), off track
///   when it is less. `None` when a figure needed is missing.
pub fn assess(plan: &Plan, actual: f64, expected: Option<f64>) -> Option<Assessment> {
    if plan.kind == Kind::Milestone {
        return None;
    }
    let t = plan.target?;
    if plan.direction == Trend::Maintain {
        return Some(if actual >= t {
            Assessment::OnTrack
        } else {
            Assessment::OffTrack
        });
    }
    let sign = if plan.direction == Trend::Decrease {
        -1.0
    } else {
        1.0
    };
    let (a, b, t) = (actual * sign, plan.baseline? * sign, t * sign);
    if a >= t {
        return Some(Assessment::Achieved);
    }
    if a < b {
        return Some(Assessment::MovingAway);
    }
    if t <= b {
        return None;
    }
    let covered = (a - b) / (t - b);
    Some(if covered + 1e-9 >= expected? {
        Assessment::OnTrack
    } else {
        Assessment::OffTrack
    })
}

/// A number without trailing zeros, for messages.
fn plain(n: f64) -> String {
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// How far a reported % may be from the computed one before it is flagged (rounding to whole %).
const PERCENT_TOLERANCE: f64 = 1.0;

/// Flags for an indicator value: the reported % of planned against the one computed from the
/// figures (never for a figure whose % cannot be computed), parts against the total.
pub fn value_flags(
    plan: &Plan,
    actual: Option<&Figure>,
    percent: Option<&Figure>,
    parts: Option<&[f64]>,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    let actual = actual.and_then(Figure::number);
    if let (Some(a), Some(p)) = (actual, percent.and_then(Figure::number)) {
        if let Some(computed) = percent_of_planned(plan, a) {
            if (computed - p).abs() >= PERCENT_TOLERANCE {
                flags.push(Flag::PercentDiffers {
                    reported: p,
                    computed,
                    actual: a,
                    target: plan.target.unwrap_or_default(),
                    baseline: (plan.direction == Trend::Decrease)
                        .then_some(plan.baseline)
                        .flatten(),
                });
            }
        }
    }
    if let (Some(parts), Some(total)) = (parts, actual) {
        if !parts.is_empty() {
            let sum: f64 = parts.iter().sum();
            if (sum - total).abs() > 1e-9 {
                flags.push(Flag::PartsDiffer { total, sum });
            }
        }
    }
    flags
}

/// Flags for one organisation's funds.
pub fn funds_flags(funds: &Funds) -> Vec<Flag> {
    let mut flags = match (funds.committed, funds.disbursed) {
        (Some(committed), Some(disbursed)) if disbursed > committed + 0.005 => {
            vec![Flag::DisbursedOverCommitted {
                committed,
                disbursed,
            }]
        }
        _ => Vec::new(),
    };
    let shares = [
        ("committed", funds.committed, funds.committed_percent),
        ("disbursed", funds.disbursed, funds.disbursed_percent),
    ];
    for (field, amount, reported) in shares {
        if let (Some(amount), Some(reported), Some(approved)) = (amount, reported, funds.approved) {
            let computed = amount / approved * 100.0;
            if approved > 0.0 && (computed - reported).abs() >= PERCENT_TOLERANCE {
                flags.push(Flag::ShareDiffers {
                    field: field.to_owned(),
                    reported,
                    computed,
                    amount,
                    approved,
                });
            }
        }
    }
    flags
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
        Figure::Number(super::super::Number::from_f64(v))
    }

    fn plan(direction: Trend, baseline: Option<f64>, target: f64) -> Plan {
        Plan {
            kind: Kind::Count,
            direction,
            baseline,
            target: Some(target),
        }
    }

    fn up(target: f64) -> Plan {
        plan(Trend::Increase, None, target)
    }

    #[test]
    fn a_capped_percentage_is_flagged() {
        let flags = value_flags(&up(340.0), Some(&n(498.0)), Some(&n(100.0)), None);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].describe(),
            "the reported % of planned (100%) differs from actual ÷ target (498 ÷ 340 = 146.5%)"
        );
    }

    #[test]
    fn rounding_to_whole_percent_is_not_flagged() {
        assert!(value_flags(&up(8.0), Some(&n(5.0)), Some(&n(63.0)), None).is_empty());
        assert!(value_flags(&up(19.0), Some(&n(13.0)), Some(&n(68.0)), None).is_empty());
    }

    #[test]
    fn parts_that_do_not_add_up_are_flagged() {
        let flags = value_flags(
            &up(400.0),
            Some(&n(253.0)),
            Some(&n(63.0)),
            Some(&[185.0, 67.0]),
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
        let milestone = Plan {
            kind: Kind::Milestone,
            ..up(1.0)
        };
        assert!(value_flags(&milestone, Some(&yes), Some(&n(100.0)), None).is_empty());
    }

    #[test]
    fn a_decrease_is_measured_from_the_baseline() {
        // Days to publish awards: 60 → 20, now 24: 90 % of the way, not 120 %.
        let p = plan(Trend::Decrease, Some(60.0), 20.0);
        assert_eq!(percent_of_planned(&p, 24.0), Some(90.0));
        assert!(value_flags(&p, Some(&n(24.0)), Some(&n(90.0)), None).is_empty());
        let flags = value_flags(&p, Some(&n(24.0)), Some(&n(120.0)), None);
        assert_eq!(
            flags[0].describe(),
            "the reported % of planned (120%) differs from (baseline − actual) ÷ (baseline − target) ((60 − 24) ÷ (60 − 20) = 90%)"
        );
        // Without a baseline the % cannot be computed, and is never called a disagreement.
        let p = plan(Trend::Decrease, None, 20.0);
        assert_eq!(percent_of_planned(&p, 24.0), None);
        assert!(value_flags(&p, Some(&n(24.0)), Some(&n(120.0)), None).is_empty());
    }

    #[test]
    fn assessments() {
        let down = plan(Trend::Decrease, Some(60.0), 20.0);
        assert_eq!(assess(&down, 20.0, Some(0.5)), Some(Assessment::Achieved));
        assert_eq!(assess(&down, 18.0, Some(0.5)), Some(Assessment::Achieved));
        assert_eq!(assess(&down, 24.0, Some(0.9)), Some(Assessment::OnTrack));
        assert_eq!(assess(&down, 50.0, Some(0.5)), Some(Assessment::OffTrack));
        assert_eq!(assess(&down, 61.0, Some(0.5)), Some(Assessment::MovingAway));
        assert_eq!(assess(&down, 30.0, None), None, "no expected share");
        let rise = plan(Trend::Increase, Some(100.0), 200.0);
        assert_eq!(assess(&rise, 160.0, Some(0.5)), Some(Assessment::OnTrack));
        assert_eq!(assess(&rise, 120.0, Some(0.5)), Some(Assessment::OffTrack));
        assert_eq!(assess(&up(200.0), 160.0, Some(0.5)), None, "no baseline");
        let keep = plan(Trend::Maintain, None, 95.0);
        assert_eq!(assess(&keep, 95.0, None), Some(Assessment::OnTrack));
        assert_eq!(assess(&keep, 94.9, None), Some(Assessment::OffTrack));
    }

    #[test]
    fn shares_of_the_approved_budget_are_checked() {
        let mut funds = Funds {
            organisation: Some("a".into()),
            approved: Some(1000.0),
            committed: Some(500.0),
            committed_percent: Some(50.0),
            disbursed: Some(250.0),
            disbursed_percent: Some(40.0),
            forecast_final_date: None,
            delay_months: None,
            notes: Vec::new(),
            flags: Vec::new(),
            acknowledged: Vec::new(),
        };
        let flags = funds_flags(&funds);
        assert_eq!(flags.len(), 1);
        assert_eq!(
            flags[0].describe(),
            "the reported disbursed % of approved (40%) differs from disbursed ÷ approved (250 ÷ 1000 = 25%)"
        );
        funds.approved = None;
        assert!(funds_flags(&funds).is_empty());
    }
}
