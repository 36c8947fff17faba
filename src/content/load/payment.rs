//! What sessions cost and how they can be paid: `fees`, `sliding_scale`,
//! `superbills` and `insurance`, written once in `site.yaml` for the whole
//! practice and, where a therapist's differ, in their own file. Read the
//! same way in both, so the two cannot accept different things.

use std::path::Path;

use serde_saphyr::Spanned;

use super::{Loader, Missing};
use crate::content::errors::located;
use crate::content::files::FeesFile;
use crate::content::model::{PLANS, Payment, SessionKind, plan};

/// The payment fields of one file, as written.
pub(super) struct PaymentFields {
    pub(super) fees: Option<FeesFile>,
    pub(super) sliding_scale: Option<bool>,
    pub(super) superbills: Option<bool>,
    pub(super) insurance: Option<Vec<Spanned<String>>>,
}

impl Loader<'_> {
    /// The payment a file says, each field it leaves out taken from
    /// `defaults` (the practice's); `line_offset` is where its YAML starts.
    pub(super) fn payment(
        &mut self,
        path: &Path,
        line_offset: usize,
        fields: PaymentFields,
        defaults: &Payment,
    ) -> Payment {
        let fees = match fields.fees {
            Some(fees) => self.fees(path, line_offset, fees),
            None => defaults.fees.clone(),
        };
        let insurance = match fields.insurance {
            Some(keys) => Some(self.plans(path, line_offset, keys)),
            None => defaults.insurance.clone(),
        };
        Payment {
            fees,
            sliding_scale: fields.sliding_scale.unwrap_or(defaults.sliding_scale),
            superbills: fields.superbills.unwrap_or(defaults.superbills),
            insurance,
        }
    }

    /// Each fee given, checked to be a whole number of dollars above zero.
    fn fees(&mut self, path: &Path, line_offset: usize, file: FeesFile) -> Vec<(SessionKind, u32)> {
        let given = [
            (SessionKind::Individual, file.individual),
            (SessionKind::Couples, file.couples),
            (SessionKind::Family, file.family),
            (SessionKind::Group, file.group),
        ];
        let mut fees = Vec::new();
        for (kind, fee) in given {
            let Some(fee) = fee else { continue };
            match u32::try_from(fee.value).ok().filter(|dollars| *dollars > 0) {
                Some(dollars) => fees.push((kind, dollars)),
                None => self.errors.push(
                    located(
                        path,
                        fee.referenced,
                        line_offset,
                        format!(
                            "the fee {} is not an amount of dollars above zero",
                            fee.value
                        ),
                    )
                    .hinted("write whole dollars without the $ sign, e.g. \"individual: 180\""),
                ),
            }
        }
        fees
    }

    /// The plans `keys` name, in [`PLANS`]' order; a key Hearth does not
    /// know is an error with the nearest known one suggested.
    fn plans(
        &mut self,
        path: &Path,
        line_offset: usize,
        keys: Vec<Spanned<String>>,
    ) -> Vec<&'static crate::content::model::Plan> {
        let known: Vec<&str> = PLANS.iter().map(|plan| plan.key).collect();
        let mut plans = Vec::new();
        for key in keys {
            match plan(key.value.trim()) {
                Some(plan) => plans.push(plan),
                None => {
                    let missing = Missing {
                        what: "insurance plan",
                        wrong: &key.value,
                        known: &known,
                        address: None,
                    };
                    self.unknown_reference(path, key.referenced, line_offset, missing);
                }
            }
        }
        plans.sort_by_key(|plan| PLANS.iter().position(|known| known == *plan));
        plans.dedup();
        plans
    }
}
